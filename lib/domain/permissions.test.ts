import { describe, expect, it } from "vitest";
import { can, hasPermission, PERMISSIONS, ROLE_PERMISSIONS, ROLES, roleAssignmentProblem, type Permission, type Role } from "./permissions";
import { UNIT_LEVELS, type UnitLevel } from "./units";

// Written out by hand on purpose: a change to the tables in permissions.ts must be made here too.
const EXPECTED_PERMISSIONS: Record<Role, Permission[]> = {
  SYSTEM_ADMIN: [
    "unit.view",
    "unit.manage",
    "department.view",
    "department.manage",
    "user.view",
    "user.manage",
    "audit.view",
    "rules.manage",
    "campaign.view",
    "account.self",
  ],
  COUNTY_ADMIN: [
    "unit.view",
    "unit.manage",
    "department.view",
    "department.manage",
    "user.view",
    "user.manage",
    "audit.view",
    "rules.manage",
    "campaign.view",
    "campaign.manage",
    "election.setup",
    "candidate.view",
    "candidate.viewIdNumber",
    "list.return",
    "negativeList.manage",
    "vetting.view",
    "vetting.run",
    "tally.view",
    "tally.configure",
    "result.reopen",
    "result.certify",
    "certificate.view",
    "certificate.manage",
    "archive.seal",
    "archive.download",
    "oversight.view",
    "risk.set",
    "term.import",
    "voter.view",
    "voter.edit",
    "complaint.view",
    "complaint.viewComplainant",
    "complaint.manage",
    "account.self",
  ],
  VETTING_REVIEWER: ["department.view", "vetting.review", "complaint.view", "complaint.viewComplainant", "complaint.answer", "account.self"],
  TOWNSHIP_OFFICER: [
    "unit.view",
    "campaign.view",
    "election.setup",
    "candidate.view",
    "candidate.viewIdNumber",
    "candidate.edit",
    "list.submit",
    "tally.view",
    "polling.setup",
    "tally.enter",
    "result.confirm",
    "certificate.view",
    "oversight.view",
    "risk.set",
    "voter.view",
    "voter.edit",
    "complaint.view",
    "account.self",
  ],
  VILLAGE_CLERK: ["unit.view", "campaign.view", "candidate.view", "tally.view", "polling.setup", "tally.enter", "voter.view", "voter.edit", "account.self"],
  SUPERVISOR: [
    "unit.view",
    "department.view",
    "audit.view",
    "campaign.view",
    "candidate.view",
    "vetting.view",
    "tally.view",
    "certificate.view",
    "oversight.view",
    "voter.view",
    "complaint.view",
    "account.self",
  ],
};

const EXPECTED_LEVELS: Record<Role, UnitLevel[]> = {
  SYSTEM_ADMIN: ["PROVINCE"],
  COUNTY_ADMIN: ["COUNTY"],
  VETTING_REVIEWER: ["COUNTY"],
  TOWNSHIP_OFFICER: ["TOWNSHIP"],
  VILLAGE_CLERK: ["VILLAGE"],
  SUPERVISOR: ["PROVINCE", "CITY", "COUNTY", "TOWNSHIP"],
};

const EXPECTED_ASSIGNABLE: Record<Role, Role[]> = {
  SYSTEM_ADMIN: ["SYSTEM_ADMIN", "COUNTY_ADMIN", "VETTING_REVIEWER", "TOWNSHIP_OFFICER", "VILLAGE_CLERK", "SUPERVISOR"],
  COUNTY_ADMIN: ["COUNTY_ADMIN", "VETTING_REVIEWER", "TOWNSHIP_OFFICER", "VILLAGE_CLERK", "SUPERVISOR"],
  VETTING_REVIEWER: [],
  TOWNSHIP_OFFICER: [],
  VILLAGE_CLERK: [],
  SUPERVISOR: [],
};

// province /p/ > city /p/c/ > county /p/c/k/ > township /p/c/k/t/ > village /p/c/k/t/v/
// "/p/c/kk/" is a sibling county whose id starts with the county's id.
const PATHS = {
  province: "/p/",
  city: "/p/c/",
  county: "/p/c/k/",
  siblingCounty: "/p/c/kk/",
  township: "/p/c/k/t/",
  village: "/p/c/k/t/v/",
};

describe("the permission table", () => {
  it("lists exactly the six roles", () => {
    expect([...ROLES]).toEqual(["SYSTEM_ADMIN", "COUNTY_ADMIN", "VETTING_REVIEWER", "TOWNSHIP_OFFICER", "VILLAGE_CLERK", "SUPERVISOR"]);
  });

  it.each(ROLES)("%s has exactly the expected permissions", (role) => {
    for (const permission of PERMISSIONS) {
      expect(hasPermission(role, permission), `${role} ${permission}`).toBe(EXPECTED_PERMISSIONS[role].includes(permission));
    }
  });

  it("only grants permissions that exist", () => {
    for (const role of ROLES) {
      for (const permission of ROLE_PERMISSIONS[role]) expect(PERMISSIONS).toContain(permission);
    }
  });

  it("gives the read-only SUPERVISOR no permission that changes anything", () => {
    const manage = PERMISSIONS.filter((p) => p.endsWith(".manage"));
    expect(manage).toEqual([
      "unit.manage",
      "department.manage",
      "user.manage",
      "rules.manage",
      "campaign.manage",
      "negativeList.manage",
      "certificate.manage",
      "complaint.manage",
    ]);
    const writes = [
      ...manage,
      "election.setup",
      "candidate.edit",
      "list.submit",
      "list.return",
      "candidate.viewIdNumber",
      "vetting.run",
      "vetting.review",
      "polling.setup",
      "tally.enter",
      "tally.configure",
      "result.confirm",
      "result.reopen",
      "result.certify",
      "archive.seal",
      "archive.download",
      "risk.set",
      "term.import",
      "voter.edit",
      "complaint.answer",
      "complaint.viewComplainant",
    ] as const;
    for (const p of writes) expect(hasPermission("SUPERVISOR", p), p).toBe(false);
  });

  it("reserves every *.manage permission to the two administrator roles", () => {
    const managers = ROLES.filter((r) => PERMISSIONS.some((p) => p.endsWith(".manage") && hasPermission(r, p)));
    expect(managers).toEqual(["SYSTEM_ADMIN", "COUNTY_ADMIN"]);
  });
});

describe("can", () => {
  const countyAdmin = { role: "COUNTY_ADMIN" as const, unitPath: PATHS.county };

  it("allows the actor's own unit", () => {
    expect(can(countyAdmin, "unit.manage", { path: PATHS.county })).toBe(true);
  });

  it("allows descendants", () => {
    expect(can(countyAdmin, "unit.manage", { path: PATHS.township })).toBe(true);
    expect(can(countyAdmin, "user.manage", { path: PATHS.village })).toBe(true);
  });

  it("refuses a sibling, including one whose id shares a prefix", () => {
    expect(can(countyAdmin, "unit.view", { path: PATHS.siblingCounty })).toBe(false);
    expect(can(countyAdmin, "unit.view", { path: `${PATHS.siblingCounty}t/` })).toBe(false);
  });

  it("refuses the parent and higher units", () => {
    expect(can(countyAdmin, "unit.view", { path: PATHS.city })).toBe(false);
    expect(can(countyAdmin, "unit.view", { path: PATHS.province })).toBe(false);
  });

  it("refuses a permission the role lacks, even in the actor's own unit", () => {
    const clerk = { role: "VILLAGE_CLERK" as const, unitPath: PATHS.village };
    expect(can(clerk, "unit.view", { path: PATHS.village })).toBe(true);
    expect(can(clerk, "unit.manage", { path: PATHS.village })).toBe(false);
    expect(can(clerk, "audit.view", { path: PATHS.village })).toBe(false);

    const supervisor = { role: "SUPERVISOR" as const, unitPath: PATHS.county };
    expect(can(supervisor, "audit.view", { path: PATHS.township })).toBe(true);
    expect(can(supervisor, "user.manage", { path: PATHS.township })).toBe(false);
  });

  it("lets a system administrator at the province reach everything below", () => {
    const admin = { role: "SYSTEM_ADMIN" as const, unitPath: PATHS.province };
    for (const path of Object.values(PATHS)) expect(can(admin, "unit.manage", { path })).toBe(true);
  });

  it("agrees with the expected table at the actor's own unit for every role and permission", () => {
    for (const role of ROLES) {
      for (const permission of PERMISSIONS) {
        expect(can({ role, unitPath: PATHS.county }, permission, { path: PATHS.county }), `${role} ${permission}`).toBe(
          EXPECTED_PERMISSIONS[role].includes(permission),
        );
      }
    }
  });
});

describe("roleAssignmentProblem", () => {
  it("refuses roles outside what the assigner may hand out", () => {
    expect(roleAssignmentProblem("COUNTY_ADMIN", "SYSTEM_ADMIN", "PROVINCE", false)).toBe("您无权分配「系统管理员」角色");
    expect(roleAssignmentProblem("SUPERVISOR", "VILLAGE_CLERK", "VILLAGE", false)).toBe("您无权分配「村(社区)选委会工作人员」角色");
  });

  it.each(ROLES)("%s may hand out exactly the expected roles", (assigner) => {
    for (const role of ROLES) {
      // Use a level and department that suit the role, so only the assigner rule can fail.
      const level = EXPECTED_LEVELS[role][0]!;
      const problem = roleAssignmentProblem(assigner, role, level, role === "VETTING_REVIEWER");
      if (EXPECTED_ASSIGNABLE[assigner].includes(role)) expect(problem, `${assigner} -> ${role}`).toBeNull();
      else expect(problem, `${assigner} -> ${role}`).toMatch(/^您无权分配「.+」角色$/);
    }
  });

  it("refuses a role at the wrong level", () => {
    expect(roleAssignmentProblem("COUNTY_ADMIN", "TOWNSHIP_OFFICER", "VILLAGE", false)).toBe("「乡镇(街道)换届办工作人员」不能分配在该级单位");
    expect(roleAssignmentProblem("SYSTEM_ADMIN", "COUNTY_ADMIN", "TOWNSHIP", false)).toBe("「县换届办管理员」不能分配在该级单位");
    expect(roleAssignmentProblem("SYSTEM_ADMIN", "SUPERVISOR", "VILLAGE", false)).toBe("「督导(只读)」不能分配在该级单位");
  });

  it.each(ROLES)("%s is assignable at exactly the expected levels", (role) => {
    for (const level of UNIT_LEVELS) {
      const problem = roleAssignmentProblem("SYSTEM_ADMIN", role, level, role === "VETTING_REVIEWER");
      if (EXPECTED_LEVELS[role].includes(level)) expect(problem, `${role} @ ${level}`).toBeNull();
      else expect(problem, `${role} @ ${level}`).toMatch(/^「.+」不能分配在该级单位$/);
    }
  });

  it("requires a department for a vetting reviewer", () => {
    expect(roleAssignmentProblem("COUNTY_ADMIN", "VETTING_REVIEWER", "COUNTY", false)).toBe("联审部门审核员必须指定所属部门");
    expect(roleAssignmentProblem("COUNTY_ADMIN", "VETTING_REVIEWER", "COUNTY", true)).toBeNull();
  });

  it("refuses a department for every other role", () => {
    for (const role of ROLES.filter((r) => r !== "VETTING_REVIEWER")) {
      expect(roleAssignmentProblem("SYSTEM_ADMIN", role, EXPECTED_LEVELS[role][0]!, true), role).toBe("只有联审部门审核员需要指定部门");
    }
  });

  it("reports the assigner rule before the level rule", () => {
    expect(roleAssignmentProblem("COUNTY_ADMIN", "SYSTEM_ADMIN", "VILLAGE", true)).toBe("您无权分配「系统管理员」角色");
  });
});
