// The permission table: written once, checked by one function that knows the unit tree
// (docs/decisions/003-permissions-and-tenancy.md; the generated table: docs/permissions.md).
import { isWithin, type UnitLevel } from "./units";

export const ROLES = ["SYSTEM_ADMIN", "COUNTY_ADMIN", "VETTING_REVIEWER", "TOWNSHIP_OFFICER", "VILLAGE_CLERK", "SUPERVISOR"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABEL: Record<Role, string> = {
  SYSTEM_ADMIN: "系统管理员",
  COUNTY_ADMIN: "县换届办管理员",
  VETTING_REVIEWER: "联审部门审核员",
  TOWNSHIP_OFFICER: "乡镇(街道)换届办工作人员",
  VILLAGE_CLERK: "村(社区)选委会工作人员",
  SUPERVISOR: "督导(只读)",
};

export const PERMISSIONS = [
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
  "candidate.edit",
  "list.submit",
  "list.return",
  "negativeList.manage",
  "vetting.view",
  "vetting.run",
  "vetting.review",
  "tally.view",
  "polling.setup",
  "tally.enter",
  "tally.configure",
  "result.confirm",
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
  /** The complaints ledger (信访举报台账); a reviewer sees only what is assigned to their department. */
  "complaint.view",
  /** The complainant's name and contact; each view is audited. */
  "complaint.viewComplainant",
  "complaint.manage",
  "complaint.answer",
  /** One's own account (password change); every role holds it, and it only ever acts on the actor. */
  "account.self",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ADMIN: readonly Permission[] = ["unit.view", "unit.manage", "department.view", "department.manage", "user.view", "user.manage", "audit.view"];

/**
 * Nomination: the township officer enters and submits lists; the county office opens campaigns,
 * sets rules and can return a submitted list; supervisors and village clerks read (ID numbers masked).
 */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  SYSTEM_ADMIN: [...ADMIN, "rules.manage", "campaign.view", "account.self"],
  COUNTY_ADMIN: [
    ...ADMIN,
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
  // A reviewer sees candidates only through open vetting rounds (lib/server/vetting).
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
  // Election day: the village's election committee sets up polling and types the tally sheets; the
  // township confirms the result; only the county reopens a confirmed one.
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

/** The levels a role may be assigned at. */
export const ROLE_LEVELS: Record<Role, readonly UnitLevel[]> = {
  SYSTEM_ADMIN: ["PROVINCE"],
  COUNTY_ADMIN: ["COUNTY"],
  VETTING_REVIEWER: ["COUNTY"],
  TOWNSHIP_OFFICER: ["TOWNSHIP"],
  VILLAGE_CLERK: ["VILLAGE"],
  SUPERVISOR: ["PROVINCE", "CITY", "COUNTY", "TOWNSHIP"],
};

/** Which roles an administrator may hand out (never more than their own). */
export const ASSIGNABLE_ROLES: Record<Role, readonly Role[]> = {
  SYSTEM_ADMIN: ROLES,
  COUNTY_ADMIN: ["COUNTY_ADMIN", "VETTING_REVIEWER", "TOWNSHIP_OFFICER", "VILLAGE_CLERK", "SUPERVISOR"],
  VETTING_REVIEWER: [],
  TOWNSHIP_OFFICER: [],
  VILLAGE_CLERK: [],
  SUPERVISOR: [],
};

export type ActorScope = { role: Role; unitPath: string };
export type UnitRef = { path: string };

/** True when the actor's role grants `permission` and `unit` lies in the actor's subtree. */
export function can(actor: ActorScope, permission: Permission, unit: UnitRef): boolean {
  return ROLE_PERMISSIONS[actor.role].includes(permission) && isWithin(unit.path, actor.unitPath);
}

export function hasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** Why a role cannot be assigned at a unit, or null. */
export function roleAssignmentProblem(assigner: Role, role: Role, level: UnitLevel, hasDepartment: boolean): string | null {
  if (!ASSIGNABLE_ROLES[assigner].includes(role)) return `您无权分配「${ROLE_LABEL[role]}」角色`;
  if (!ROLE_LEVELS[role].includes(level)) return `「${ROLE_LABEL[role]}」不能分配在该级单位`;
  if (role === "VETTING_REVIEWER" && !hasDepartment) return "联审部门审核员必须指定所属部门";
  if (role !== "VETTING_REVIEWER" && hasDepartment) return "只有联审部门审核员需要指定部门";
  return null;
}
