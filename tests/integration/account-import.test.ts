// Accounts in bulk: a county administrator imports accounts from the template (all or nothing, every
// problem by row and column), hands out one-time initial passwords that work at login and must be
// changed, and disables several accounts in one step.
import ExcelJS from "exceljs";
import { generateSync } from "otplib";
import { describe, expect, it, vi } from "vitest";
import { groupByTownship } from "@/lib/domain/account-handout";
import { ACCOUNT_SHEET } from "@/lib/domain/account-import";
import { passwordProblems } from "@/lib/domain/password-policy";
import { executeAction } from "@/lib/server/action";
import { accountTemplate, importUsers } from "@/lib/server/account-import";
import { attemptLogin } from "@/lib/server/auth/login";
import { verifyPassword } from "@/lib/server/auth/password";
import { createSession, type Actor } from "@/lib/server/auth/sessions";
import { decryptSecret } from "@/lib/server/auth/totp";
import { beginTotpEnrolment, confirmTotpEnrolment } from "@/lib/server/own-second-factor";
import { disableUsers } from "@/lib/server/users";
import { auditMark, auditSince, fingerprint } from "../support/db-state";
import { makeActor, makeTree } from "../support/fixtures";
import { setupTestDatabase } from "../support/test-db";
import { GET as downloadTemplate } from "@/app/(app)/admin/account-template/route";

const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("@/lib/server/auth/actor", () => ({ getActor: async () => session.actor }));

const { prisma } = await setupTestDatabase();
const tree = await makeTree(prisma);
const admin = await makeActor(prisma, "COUNTY_ADMIN", tree.countyA, { username: "admin_a" });
const officer = await makeActor(prisma, "TOWNSHIP_OFFICER", tree.townA1, { username: "officer_a1" });
await prisma.department.create({ data: { countyId: tree.countyA.id, name: "县公安局" } });

const HEADERS = ["用户名", "姓名", "角色", "单位代码", "部门", "手机号"] as const;
type Row = Partial<Record<(typeof HEADERS)[number], string | number | null>>;

async function workbook(rows: Row[]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(ACCOUNT_SHEET);
  ws.addRow([...HEADERS]);
  for (const r of rows) ws.addRow(HEADERS.map((h) => r[h] ?? null));
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

const importAs = async (actor: Actor, rows: Row[], unitId = actor.unitId) =>
  executeAction(importUsers, actor, { unitId, file: await workbook(rows), fileName: "账号.xlsx" });

// Five accounts across two townships (甲一镇, 甲二乡) and the county itself.
const FIVE: Row[] = [
  { 用户名: "jia1.zhang", 姓名: "张秀英", 角色: "村(社区)选委会工作人员", 单位代码: tree.villageA1a.code, 手机号: "13800138001" },
  { 用户名: "jia1.li", 姓名: "李  强", 角色: "VILLAGE_CLERK", 单位代码: Number(tree.villageA1b.code) },
  { 用户名: "jia1.wang", 姓名: "王建华", 角色: "乡镇（街道）换届办工作人员", 单位代码: tree.townA1.code, 手机号: 13900139002 },
  { 用户名: "jia2.zhao", 姓名: "赵海燕", 角色: "村(社区)选委会工作人员", 单位代码: tree.villageA2a.code },
  { 用户名: "jia.gongan", 姓名: "陈静", 角色: "联审部门审核员", 单位代码: tree.countyA.code, 部门: "县公安局" },
];

describe("user.import", () => {
  it("creates five accounts with working one-time passwords, must-change set, phones kept, grouped by township for printing", async () => {
    const mark = await auditMark(prisma);
    const res = await importAs(admin, FIVE);
    expect(res, JSON.stringify(res)).toMatchObject({ ok: true, data: { created: 5, byRole: { VETTING_REVIEWER: 1, TOWNSHIP_OFFICER: 1, VILLAGE_CLERK: 3 } } });
    if (!res.ok) return;
    const accounts = res.data.accounts;
    expect(accounts.map((a) => [a.username, a.displayName, a.unitName, a.township])).toEqual([
      ["jia1.zhang", "张秀英", "甲一村", "甲一镇"],
      ["jia1.li", "李强", "甲二村", "甲一镇"],
      ["jia1.wang", "王建华", "甲一镇", "甲一镇"],
      ["jia2.zhao", "赵海燕", "甲三村", "甲二乡"],
      ["jia.gongan", "陈静", "甲县", ""],
    ]);
    expect(groupByTownship(accounts).map((g) => [g.township, g.accounts.length])).toEqual([
      ["县级单位", 1],
      ["甲一镇", 3],
      ["甲二乡", 1],
    ]);
    expect(new Set(accounts.map((a) => a.password)).size).toBe(5);

    for (const a of accounts) {
      expect(a.password).toMatch(/^[A-Za-z2-9]{12}$/);
      expect(passwordProblems(a.password, a.username), a.password).toEqual([]);
      const user = await prisma.user.findUniqueOrThrow({ where: { username: a.username }, include: { department: true } });
      expect(user).toMatchObject({ mustChangePassword: true, disabled: false });
      expect(user.passwordHash).toMatch(/^\$argon2id\$/);
      expect(await verifyPassword(user.passwordHash, a.password)).toBe(true);
    }
    const byName = async (username: string) => prisma.user.findUniqueOrThrow({ where: { username }, include: { department: true } });
    expect((await byName("jia1.zhang")).phone).toBe("13800138001");
    expect((await byName("jia1.wang")).phone).toBe("13900139002");
    expect((await byName("jia1.li")).phone).toBeNull();
    expect((await byName("jia.gongan")).department?.name).toBe("县公安局");

    // The new clerk signs in with the password from the sheet.
    const login = await attemptLogin("jia1.zhang", accounts[0]!.password);
    expect(login).toMatchObject({ ok: true });

    // Audited: one user.created per account, then user.imported with counts; never a password.
    const events = await auditSince(prisma, mark);
    const actionEvents = events.filter((e) => e.actorUserId === admin.userId);
    expect(actionEvents.map((e) => e.event)).toEqual([...Array(5).fill("user.created"), "user.imported"]);
    expect(actionEvents.at(-1)!.detail).toEqual({
      fileName: "账号.xlsx",
      accounts: 5,
      byRole: { VETTING_REVIEWER: 1, TOWNSHIP_OFFICER: 1, VILLAGE_CLERK: 3 },
      withPhone: 2,
    });
    const text = JSON.stringify(events, (_k, v) => (typeof v === "bigint" ? String(v) : v));
    for (const a of accounts) expect(text).not.toContain(a.password);
    expect(text).not.toContain("13800138001");
    expect(text).not.toMatch(/"password/i);
  });

  it("a file with three different problems lists them all with rows, and creates nothing", async () => {
    const before = await fingerprint(prisma);
    const mark = await auditMark(prisma);
    const res = await importAs(admin, [
      { 用户名: "ok.user", 姓名: "孙敏", 角色: "村(社区)选委会工作人员", 单位代码: tree.villageA1a.code },
      { 用户名: "Bad User", 姓名: "周磊", 角色: "村(社区)选委会工作人员", 单位代码: tree.villageA1a.code },
      { 用户名: "tiao.cuo", 姓名: "吴丽", 角色: "乡镇(街道)换届办工作人员", 单位代码: tree.villageA1b.code },
      { 用户名: "ok.user", 姓名: "徐伟", 角色: "村(社区)选委会工作人员", 单位代码: tree.villageA2a.code, 手机号: "12345" },
    ]);
    expect(res).toMatchObject({ ok: false, code: "invalid", error: "文件中有 4 处问题，没有导入任何账号。请改正后重新上传整个文件。" });
    expect(res.ok ? [] : res.details).toEqual([
      { sheet: ACCOUNT_SHEET, row: 3, column: "用户名", message: "用户名只能包含小写字母、数字、下划线、点和连字符" },
      { sheet: ACCOUNT_SHEET, row: 4, column: "单位代码", message: `「乡镇(街道)换届办工作人员」不能分配在村(社区)级单位（${tree.villageA1b.code} 甲二村）` },
      { sheet: ACCOUNT_SHEET, row: 5, column: "用户名", message: "与第 2 行的用户名「ok.user」重复：每个用户名只能有一行" },
      { sheet: ACCOUNT_SHEET, row: 5, column: "手机号", message: "「12345」不是 11 位手机号码（以 1 开头）" },
    ]);
    expect(await fingerprint(prisma)).toEqual(before);
    expect(await prisma.user.count({ where: { username: "ok.user" } })).toBe(0);
    expect(await auditSince(prisma, mark)).toEqual([]);
  });

  it("a username already taken is an error naming the row, also on a row with other problems", async () => {
    const before = await fingerprint(prisma);
    const res = await importAs(admin, [
      { 用户名: "new.one", 姓名: "胡军", 角色: "村(社区)选委会工作人员", 单位代码: tree.villageA1a.code },
      { 用户名: "jia1.zhang", 姓名: "马丽", 角色: "村(社区)选委会工作人员", 单位代码: tree.villageA1a.code },
      { 用户名: "jia1.li", 姓名: "马强", 角色: "村(社区)选委会工作人员", 单位代码: tree.villageA1a.code, 手机号: "139" },
    ]);
    expect(res.ok ? [] : res.details).toEqual([
      { sheet: ACCOUNT_SHEET, row: 3, column: "用户名", message: "用户名「jia1.zhang」已被使用（系统中已有该账号），请换一个" },
      { sheet: ACCOUNT_SHEET, row: 4, column: "用户名", message: "用户名「jia1.li」已被使用（系统中已有该账号），请换一个" },
      { sheet: ACCOUNT_SHEET, row: 4, column: "手机号", message: "「139」不是 11 位手机号码（以 1 开头）" },
    ]);
    expect(await fingerprint(prisma)).toEqual(before);
  });

  it("a unit outside the county administrator's scope is an error on its row, whether another county's or unknown", async () => {
    const before = await fingerprint(prisma);
    const res = await importAs(admin, [
      { 用户名: "yi.clerk", 姓名: "朱敏", 角色: "村(社区)选委会工作人员", 单位代码: tree.villageB1a.code },
      { 用户名: "no.where", 姓名: "杨静", 角色: "村(社区)选委会工作人员", 单位代码: "980101100299" },
    ]);
    expect(res.ok ? [] : res.details).toEqual([
      { sheet: ACCOUNT_SHEET, row: 2, column: "单位代码", message: `${tree.villageB1a.code} 不是「甲县」范围内的单位代码（代码不存在，或不在您的管辖范围内）` },
      { sheet: ACCOUNT_SHEET, row: 3, column: "单位代码", message: "980101100299 不是「甲县」范围内的单位代码（代码不存在，或不在您的管辖范围内）" },
    ]);
    expect(await fingerprint(prisma)).toEqual(before);
    // Importing into another county at all is not found, like any foreign object.
    const foreign = await importAs(admin, [FIVE[0]!], tree.countyB.id);
    expect(foreign).toMatchObject({ ok: false, code: "not_found" });
  });

  it("a township officer may not import accounts", async () => {
    const res = await importAs(officer, [{ 用户名: "x.y.z", 姓名: "刘伟", 角色: "VILLAGE_CLERK", 单位代码: tree.villageA1a.code }]);
    expect(res).toMatchObject({ ok: false, code: "forbidden" });
  });

  it("a file that is not the template says so in one line", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Sheet1").addRow(["编号", "备注"]);
    wb.getWorksheet("Sheet1")!.addRow([1, "x"]);
    const res = await executeAction(importUsers, admin, { unitId: admin.unitId, file: new Uint8Array(await wb.xlsx.writeBuffer()), fileName: "x.xlsx" });
    expect(res).toMatchObject({ ok: false, code: "invalid", error: expect.stringMatching(/^文件中没有「账号」工作表.*没有导入任何账号。$/) });
  });
});

describe("size", () => {
  it("imports the maximum of 500 accounts in one transaction, and refuses 501 with the limit", async () => {
    const villages = [tree.villageA1a, tree.villageA1b, tree.villageA2a];
    const rows = (n: number, prefix: string): Row[] =>
      Array.from({ length: n }, (_, i) => ({ 用户名: `${prefix}${i}`, 姓名: "王秀兰", 角色: "村(社区)选委会工作人员", 单位代码: villages[i % 3]!.code }));
    const tooMany = await importAs(admin, rows(501, "many."));
    expect(tooMany).toMatchObject({
      ok: false,
      code: "invalid",
      error: "文件有 501 个账号，一次最多导入 500 个，请按乡镇分成几个文件导入。没有导入任何账号。",
    });
    const started = Date.now();
    const res = await importAs(admin, rows(500, "bulk."));
    expect(res).toMatchObject({ ok: true, data: { created: 500 } });
    expect(Date.now() - started).toBeLessThan(25_000);
    expect(await prisma.user.count({ where: { username: { startsWith: "bulk." }, mustChangePassword: true } })).toBe(500);
    // Out of the way of the other tests' user lists.
    await prisma.user.updateMany({ where: { username: { startsWith: "bulk." } }, data: { disabled: true } });
  });
});

describe("the template", () => {
  it("downloads with the header row, a 角色 dropdown and the county's unit codes", async () => {
    session.actor = admin;
    const res = await downloadTemplate(new Request("http://localhost/admin/account-template"));
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Disposition")).toContain("account-template.xlsx");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await res.arrayBuffer()) as never);
    const ws = wb.getWorksheet(ACCOUNT_SHEET)!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual([...HEADERS]);
    const validations = (ws as unknown as { dataValidations: { model: Record<string, { type: string }> } }).dataValidations.model;
    expect(Object.keys(validations).some((range) => range.startsWith("C2"))).toBe(true);
    const units = wb.getWorksheet("单位代码表")!;
    const codes: string[] = [];
    units.eachRow((r, n) => void (n > 1 && codes.push(String(r.getCell(1).value))));
    expect(codes).toContain(tree.villageA1a.code);
    expect(codes).not.toContain(tree.villageB1a.code);
    // The template itself imports as "no data".
    const empty = await executeAction(importUsers, admin, { unitId: admin.unitId, file: new Uint8Array(await accountTemplate(admin)), fileName: "t.xlsx" });
    expect(empty).toMatchObject({ ok: false, code: "invalid", error: expect.stringContaining("没有") });
  });
});

describe("user.disableMany", () => {
  const user = (username: string) => prisma.user.findUniqueOrThrow({ where: { username } });
  const pick = (u: { id: string; version: number }) => `${u.id}:${u.version}`;

  it("disables the ticked users in one step, ends their sessions and audits each", async () => {
    const [a, b] = [await user("jia1.li"), await user("jia2.zhao")];
    await createSession(prisma, a.id);
    await createSession(prisma, a.id);
    const mark = await auditMark(prisma);
    const res = await executeAction(disableUsers, admin, { users: [pick(a), pick(b)] });
    expect(res).toEqual({ ok: true, data: { disabled: 2, alreadyDisabled: 0, sessionsEnded: 2 } });
    expect((await user("jia1.li")).disabled).toBe(true);
    expect((await user("jia2.zhao")).disabled).toBe(true);
    expect(await prisma.session.count({ where: { userId: a.id, revokedAt: null } })).toBe(0);
    const events = (await auditSince(prisma, mark)).filter((e) => e.event === "user.disabled");
    expect(events.map((e) => [e.objectId, e.detail])).toEqual([
      [a.id, { sessionsEnded: 2, via: "user.disableMany" }],
      [b.id, { sessionsEnded: 0, via: "user.disableMany" }],
    ]);
  });

  it("a user changed since the list was read fails the whole step, naming them", async () => {
    const [a, b] = [await user("jia1.wang"), await user("jia.gongan")];
    await prisma.user.update({ where: { id: b.id }, data: { displayName: "陈静", version: { increment: 1 } } });
    const before = await fingerprint(prisma);
    const res = await executeAction(disableUsers, admin, { users: [pick(a), pick(b)] });
    expect(res).toMatchObject({ ok: false, code: "stale", error: "「陈静（jia.gongan）」已被他人修改，请刷新页面后重新勾选；没有停用任何账号" });
    expect(await fingerprint(prisma)).toEqual(before);
    expect((await user("jia1.wang")).disabled).toBe(false);
  });

  it("refuses oneself, and a user outside the scope makes the step not found", async () => {
    const self = await prisma.user.findUniqueOrThrow({ where: { id: admin.userId } });
    const a = await user("jia1.wang");
    expect(await executeAction(disableUsers, admin, { users: [pick(a), pick(self)] })).toMatchObject({
      ok: false,
      code: "forbidden",
      error: expect.stringContaining("不能停用自己的账号"),
    });
    const other = await makeActor(prisma, "VILLAGE_CLERK", tree.villageB1a);
    const foreign = await prisma.user.findUniqueOrThrow({ where: { id: other.userId } });
    expect(await executeAction(disableUsers, admin, { users: [pick(a), pick(foreign)] })).toMatchObject({ ok: false, code: "not_found" });
    expect(await executeAction(disableUsers, admin, { users: [] })).toMatchObject({ ok: false, code: "invalid", error: "请先勾选要停用的用户" });
    expect((await user("jia1.wang")).disabled).toBe(false);
  });
});

describe("second factor", () => {
  it("an administrator with an authenticator must send its code with user.import and user.disableMany", async () => {
    const secured = await makeActor(prisma, "COUNTY_ADMIN", tree.countyA, { username: "admin_sf" });
    expect(await executeAction(beginTotpEnrolment, secured, {})).toMatchObject({ ok: true });
    const stored = await prisma.user.findUniqueOrThrow({ where: { id: secured.userId }, select: { totpSecret: true } });
    const secret = decryptSecret(stored.totpSecret!)!;
    expect(await executeAction(confirmTotpEnrolment, secured, { code: generateSync({ secret }) })).toMatchObject({ ok: true });

    const row = { 用户名: "sf.clerk", 姓名: "郑丽", 角色: "村(社区)选委会工作人员", 单位代码: tree.villageA1a.code };
    const without = await importAs(secured, [row]);
    expect(without).toMatchObject({ ok: false, fieldErrors: { otp: expect.any(String) } });
    expect(await prisma.user.count({ where: { username: "sf.clerk" } })).toBe(0);
    const target = await prisma.user.findUniqueOrThrow({ where: { username: "jia1.wang" } });
    const noCode = await executeAction(disableUsers, secured, { users: [`${target.id}:${target.version}`] });
    expect(noCode).toMatchObject({ ok: false, fieldErrors: { otp: expect.any(String) } });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: target.id } })).disabled).toBe(false);
  });
});
