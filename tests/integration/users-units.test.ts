// What administrators notice when managing units, departments and users: clear refusals with the
// offending field named, conflicts that say what clashes, stale edits refused, and lists that only
// ever show their own subtree.
import { describe, expect, it } from "vitest";
import { executeAction } from "@/lib/server/action";
import { createDepartment, listDepartments, setDepartmentActive, updateDepartment } from "@/lib/server/departments";
import { createUnit, getUnitDetail, listSubtreeUnits, setUnitActive, updateUnit } from "@/lib/server/units";
import { createUser, listUsers, setUserDisabled, updateUser } from "@/lib/server/users";
import { fingerprint } from "../support/db-state";
import { makeActor, makeTree, makeUnit } from "../support/fixtures";
import { makeCampaign, makeElection } from "../support/nomination-fixtures";
import { setupTestDatabase } from "../support/test-db";

const { prisma } = await setupTestDatabase();
const tree = await makeTree(prisma);
const countyAdmin = await makeActor(prisma, "COUNTY_ADMIN", tree.countyA, { username: "admin_a" });
const countyBAdmin = await makeActor(prisma, "COUNTY_ADMIN", tree.countyB, { username: "admin_b" });
const deptA = await prisma.department.create({ data: { countyId: tree.countyA.id, name: "甲县民政局" } });
const deptB = await prisma.department.create({ data: { countyId: tree.countyB.id, name: "乙县民政局" } });

const PASSWORD = "Xinyonghu-Mima-7";
const version = async (id: string) => (await prisma.unit.findUniqueOrThrow({ where: { id } })).version;

describe("units", () => {
  it("a duplicate code is a conflict that names the unit already using it", async () => {
    const before = await fingerprint(prisma);
    const res = await executeAction(createUnit, countyAdmin, { parentId: tree.townA1.id, name: "重复村", code: tree.villageA1a.code, kind: "VILLAGE" });
    expect(res).toEqual({
      ok: false,
      code: "conflict",
      error: `统计用区划代码 ${tree.villageA1a.code} 已被「甲一村」使用`,
      fieldErrors: { code: "代码重复" },
    });
    expect(await fingerprint(prisma)).toEqual(before);

    const edit = await executeAction(updateUnit, countyAdmin, {
      id: tree.villageA1b.id,
      version: await version(tree.villageA1b.id),
      name: "甲二村",
      code: tree.villageA1a.code,
      kind: "VILLAGE",
    });
    expect(edit).toMatchObject({ ok: false, code: "conflict", error: expect.stringContaining("「甲一村」") });
  });

  it("a code that does not fit the parent's prefix or the level is invalid, on the code field", async () => {
    const wrongPrefix = await executeAction(createUnit, countyAdmin, { parentId: tree.townA1.id, name: "错码村", code: "980101200209", kind: "VILLAGE" });
    expect(wrongPrefix).toMatchObject({ ok: false, code: "invalid", error: "代码前 9 位应与上级单位代码 980101100 一致" });
    expect(wrongPrefix.ok ? {} : wrongPrefix.fieldErrors).toHaveProperty("code");

    const notTownshipShaped = await executeAction(createUnit, countyAdmin, { parentId: tree.countyA.id, name: "错码镇", code: "980101300001", kind: "TOWN" });
    expect(notTownshipShaped).toMatchObject({ ok: false, code: "invalid", error: "乡镇(街道)级单位的代码应以 3 个 0 结尾" });

    const wrongKind = await executeAction(createUnit, countyAdmin, { parentId: tree.townA1.id, name: "错类", code: "980101100209", kind: "TOWN" });
    expect(wrongKind).toMatchObject({ ok: false, code: "invalid", fieldErrors: { kind: "类型不符" } });
    expect(await prisma.unit.count({ where: { code: { in: ["980101200209", "980101300001", "980101100209"] } } })).toBe(0);
  });

  it("an edit made on a stale version is refused and changes nothing", async () => {
    const v = await version(tree.villageA2a.id);
    const first = await executeAction(updateUnit, countyAdmin, {
      id: tree.villageA2a.id,
      version: v,
      name: "甲三村（一）",
      code: tree.villageA2a.code,
      kind: "VILLAGE",
    });
    expect(first).toMatchObject({ ok: true });
    const before = await fingerprint(prisma);
    const second = await executeAction(updateUnit, countyAdmin, {
      id: tree.villageA2a.id,
      version: v,
      name: "甲三村（二）",
      code: tree.villageA2a.code,
      kind: "VILLAGE",
    });
    expect(second).toEqual({ ok: false, code: "stale", error: "该记录已被他人修改，请刷新页面后重试", fieldErrors: undefined });
    expect(await fingerprint(prisma)).toEqual(before);
    expect((await prisma.unit.findUniqueOrThrow({ where: { id: tree.villageA2a.id } })).name).toBe("甲三村（一）");
  });

  it("the code of a unit with children cannot change", async () => {
    const res = await executeAction(updateUnit, countyAdmin, {
      id: tree.townA2.id,
      version: await version(tree.townA2.id),
      name: "甲二乡",
      code: "980101900000",
      kind: "TOWNSHIP",
    });
    expect(res).toMatchObject({ ok: false, code: "invalid", error: "该单位已有下级单位，不能修改代码" });
  });

  it("deactivating a unit with active users is refused with the count; once they are disabled it works, and no user can be added there", async () => {
    const village = await makeUnit(prisma, tree.townA2, "980101200250", "停用村", "VILLAGE");
    const u1 = await makeActor(prisma, "VILLAGE_CLERK", village);
    const u2 = await makeActor(prisma, "VILLAGE_CLERK", village);
    const refused = await executeAction(setUnitActive, countyAdmin, { id: village.id, version: 1, active: false });
    expect(refused).toMatchObject({ ok: false, code: "invalid", error: "「停用村」及其下级还有 2 个启用的用户，请先停用或调整这些用户" });
    expect((await prisma.unit.findUniqueOrThrow({ where: { id: village.id } })).active).toBe(true);

    for (const u of [u1, u2])
      expect(await executeAction(setUserDisabled, countyAdmin, { id: u.userId, version: 1, disabled: true })).toMatchObject({ ok: true });
    expect(await executeAction(setUnitActive, countyAdmin, { id: village.id, version: 1, active: false })).toMatchObject({ ok: true });

    const addUser = await executeAction(createUser, countyAdmin, {
      username: "late_clerk",
      displayName: "迟到",
      password: PASSWORD,
      role: "VILLAGE_CLERK",
      unitId: village.id,
    });
    expect(addUser).toMatchObject({ ok: false, code: "invalid", error: "所选单位已停用" });
  });

  it("a unit with election data cannot be deactivated by the toggle either (the same rule as unit.deactivate)", async () => {
    const village = await makeUnit(prisma, tree.townA2, "980101200288", "有选举村", "VILLAGE");
    const campaign = await makeCampaign(prisma, tree.countyA.id);
    await makeElection(prisma, campaign.id, village.id);
    const refused = await executeAction(setUnitActive, countyAdmin, { id: village.id, version: 1, active: false });
    expect(refused).toMatchObject({ ok: false, code: "invalid", error: expect.stringContaining("「有选举村」及其下级单位已有选举数据（1 个村(社区)选举") });
    expect((await prisma.unit.findUniqueOrThrow({ where: { id: village.id } })).active).toBe(true);
  });

  it("wrong-shaped input comes back as messages keyed by field", async () => {
    const res = await executeAction(createUnit, countyAdmin, { parentId: "not-a-uuid", name: "   ", code: "12345", kind: "HAMLET" });
    expect(res).toMatchObject({ ok: false, code: "invalid" });
    const fieldErrors = res.ok ? {} : res.fieldErrors!;
    expect(Object.keys(fieldErrors).sort()).toEqual(["code", "kind", "name", "parentId"]);
    expect(fieldErrors).toMatchObject({ parentId: "无效的编号", name: "请填写单位名称", code: "统计用区划代码必须是 12 位数字" });
  });
});

describe("users", () => {
  it("a county admin cannot create a system administrator", async () => {
    const res = await executeAction(createUser, countyAdmin, {
      username: "sneaky_root",
      displayName: "越权",
      password: PASSWORD,
      role: "SYSTEM_ADMIN",
      unitId: tree.countyA.id,
    });
    expect(res).toMatchObject({ ok: false, code: "invalid", error: "您无权分配「系统管理员」角色", fieldErrors: { role: expect.any(String) } });
    expect(await prisma.user.findUnique({ where: { username: "sneaky_root" } })).toBeNull();
  });

  it("a reviewer must get a department of the same county", async () => {
    const base = { displayName: "审核员", password: PASSWORD, role: "VETTING_REVIEWER", unitId: tree.countyA.id };
    const foreign = await executeAction(createUser, countyAdmin, { ...base, username: "rev_foreign", departmentId: deptB.id });
    expect(foreign).toMatchObject({ ok: false, code: "invalid", error: "所选部门不属于该县或已停用", fieldErrors: { departmentId: "部门无效" } });
    const none = await executeAction(createUser, countyAdmin, { ...base, username: "rev_none", departmentId: null });
    expect(none).toMatchObject({ ok: false, code: "invalid", error: "联审部门审核员必须指定所属部门" });
    const clerkWithDept = await executeAction(createUser, countyAdmin, {
      ...base,
      role: "VILLAGE_CLERK",
      unitId: tree.villageA1a.id,
      username: "clerk_dept",
      departmentId: deptA.id,
    });
    expect(clerkWithDept).toMatchObject({ ok: false, code: "invalid", error: "只有联审部门审核员需要指定部门" });
    const ok = await executeAction(createUser, countyAdmin, { ...base, username: "rev_ok", departmentId: deptA.id });
    expect(ok).toMatchObject({ ok: true, data: { username: "rev_ok", role: "VETTING_REVIEWER", departmentId: deptA.id } });
    expect(await prisma.user.count({ where: { username: { in: ["rev_foreign", "rev_none", "clerk_dept"] } } })).toBe(0);
  });

  it("a role must fit the level of its unit", async () => {
    const res = await executeAction(createUser, countyAdmin, {
      username: "clerk_at_town",
      displayName: "错级",
      password: PASSWORD,
      role: "VILLAGE_CLERK",
      unitId: tree.townA1.id,
    });
    expect(res).toMatchObject({ ok: false, code: "invalid", error: expect.stringContaining("不能分配在该级单位") });
  });

  it("a user cannot be placed in another county", async () => {
    const res = await executeAction(createUser, countyAdmin, {
      username: "moved_out",
      displayName: "外县",
      password: PASSWORD,
      role: "VILLAGE_CLERK",
      unitId: tree.villageB1a.id,
    });
    expect(res).toMatchObject({ ok: false, code: "not_found" });
    const user = await makeActor(prisma, "VILLAGE_CLERK", tree.villageA1a);
    const move = await executeAction(updateUser, countyAdmin, {
      id: user.userId,
      version: 1,
      displayName: "外调",
      role: "VILLAGE_CLERK",
      unitId: tree.villageB1a.id,
      departmentId: null,
    });
    expect(move).toMatchObject({ ok: false, code: "not_found", error: "所选单位不存在或不在您的管辖范围内" });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.userId } })).unitId).toBe(tree.villageA1a.id);
  });

  it("a duplicate username is a conflict naming the username", async () => {
    const first = await executeAction(createUser, countyAdmin, {
      username: "zhang.san",
      displayName: "张三",
      password: PASSWORD,
      role: "VILLAGE_CLERK",
      unitId: tree.villageA1a.id,
    });
    expect(first).toMatchObject({ ok: true });
    // Usernames are unique across counties too.
    const second = await executeAction(createUser, countyBAdmin, {
      username: "zhang.san",
      displayName: "另一个张三",
      password: PASSWORD,
      role: "VILLAGE_CLERK",
      unitId: tree.villageB1a.id,
    });
    expect(second).toMatchObject({ ok: false, code: "conflict", error: "用户名「zhang.san」已被使用" });
    expect(await prisma.user.count({ where: { username: "zhang.san" } })).toBe(1);
  });

  it("an administrator cannot change their own role or unit", async () => {
    const self = await prisma.user.findUniqueOrThrow({ where: { id: countyAdmin.userId } });
    const res = await executeAction(updateUser, countyAdmin, {
      id: self.id,
      version: self.version,
      displayName: self.displayName,
      role: "SUPERVISOR",
      unitId: tree.countyA.id,
      departmentId: null,
    });
    expect(res).toMatchObject({ ok: false, code: "forbidden", error: "不能修改自己的角色或单位" });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: self.id } })).role).toBe("COUNTY_ADMIN");
  });

  it("wrong-shaped input comes back as messages keyed by field", async () => {
    const res = await executeAction(createUser, countyAdmin, {
      username: "Bad Name!",
      displayName: "",
      password: "short",
      role: "KING",
      unitId: tree.villageA1a.id,
    });
    expect(res).toMatchObject({ ok: false, code: "invalid" });
    const fieldErrors = res.ok ? {} : res.fieldErrors!;
    expect(Object.keys(fieldErrors).sort()).toEqual(["displayName", "password", "role", "username"]);
    expect(fieldErrors).toMatchObject({
      username: "用户名只能包含小写字母、数字、下划线、点和连字符",
      displayName: "请填写姓名",
      password: "密码至少 10 个字符",
    });
  });
});

describe("departments", () => {
  it("a duplicate name within a county is a conflict; the same name in another county is fine", async () => {
    const dup = await executeAction(createDepartment, countyAdmin, { countyId: tree.countyA.id, name: "甲县民政局" });
    expect(dup).toMatchObject({ ok: false, code: "conflict", error: "本县已有名为「甲县民政局」的联审部门" });
    const elsewhere = await executeAction(createDepartment, countyBAdmin, { countyId: tree.countyB.id, name: "甲县民政局" });
    expect(elsewhere).toMatchObject({ ok: true });
    const other = await prisma.department.create({ data: { countyId: tree.countyA.id, name: "甲县财政局" } });
    const rename = await executeAction(updateDepartment, countyAdmin, { id: other.id, version: 1, name: "甲县民政局" });
    expect(rename).toMatchObject({ ok: false, code: "conflict" });
    expect((await prisma.department.findUniqueOrThrow({ where: { id: other.id } })).name).toBe("甲县财政局");
  });

  it("a department with active reviewers cannot be deactivated", async () => {
    const dept = await prisma.department.create({ data: { countyId: tree.countyA.id, name: "甲县公安局" } });
    await makeActor(prisma, "VETTING_REVIEWER", tree.countyA, { departmentId: dept.id });
    const res = await executeAction(setDepartmentActive, countyAdmin, { id: dept.id, version: 1, active: false });
    expect(res).toMatchObject({ ok: false, code: "invalid", error: "该部门还有 1 个启用的审核员账号，请先停用" });
    expect((await prisma.department.findUniqueOrThrow({ where: { id: dept.id } })).active).toBe(true);
  });
});

describe("lists show only the actor's subtree", () => {
  it("units", async () => {
    const rows = await listSubtreeUnits(countyAdmin);
    const ids = rows.map((r) => r.id);
    expect(ids).toContain(tree.countyA.id);
    expect(ids).toContain(tree.villageA1a.id);
    for (const foreign of [tree.province, tree.city, tree.countyB, tree.townB1, tree.villageB1a]) expect(ids).not.toContain(foreign.id);
    expect(rows.find((r) => r.id === tree.countyA.id)!.depth).toBe(0);
    expect(rows.find((r) => r.id === tree.villageA1a.id)!.depth).toBe(2);

    expect(await getUnitDetail(countyAdmin, tree.countyB.id)).toBeNull();
    const own = await getUnitDetail(countyAdmin, tree.countyA.id);
    expect(own).toMatchObject({ isOwnUnit: true, parent: null }); // the city above is not linkable
    expect(await getUnitDetail(countyAdmin, tree.townA1.id)).toMatchObject({ isOwnUnit: false, parent: { id: tree.countyA.id } });
  });

  it("users and departments", async () => {
    const users = await listUsers(countyAdmin);
    expect(users.map((u) => u.username)).toContain("admin_a");
    expect(users.map((u) => u.username)).not.toContain("admin_b");
    expect(users.every((u) => u.unit.code.startsWith("980101"))).toBe(true);
    const depts = await listDepartments(countyAdmin);
    expect(depts.map((d) => d.id)).toContain(deptA.id);
    expect(depts.map((d) => d.id)).not.toContain(deptB.id);
  });
});
