// Password changes (docs/decisions/002-auth-and-sessions.md): changing one's own password, the change an administrator's password
// forces at first login (pages, route handlers and actions refused until done), and the optional expiry.
import { afterAll, describe, expect, it, vi } from "vitest";
import { encode } from "next-auth/jwt";

// This file runs with a 90-day expiry and a fixed cookie secret; both are read when env() first runs.
const jar = vi.hoisted(() => {
  vi.stubEnv("PASSWORD_MAX_AGE_DAYS", "90");
  vi.stubEnv("AUTH_SECRET", "password-change-test-secret-0123456789abcdef");
  return { value: undefined as string | undefined };
});
vi.mock("next/headers", () => ({
  cookies: async () => ({ get: (name: string) => (jar.value ? { name, value: jar.value } : undefined), delete: () => undefined }),
}));
vi.mock("next/navigation", () => ({
  redirect: (url: string) => {
    throw new Error(`NEXT_REDIRECT ${url}`);
  },
  notFound: () => {
    throw new Error("NEXT_NOT_FOUND");
  },
}));

import type { z } from "zod";
import * as allActions from "@/lib/server/all-actions";
import AppLayout from "@/app/(app)/layout";
import HomePage from "@/app/(app)/home/page";
import PasswordPage from "@/app/password/page";
import { logoutAction } from "@/app/logout-action";
import { passwordExpiryNotice } from "@/lib/domain/password-policy";
import { changeOwnPassword } from "@/lib/server/account";
import { executeAction, PASSWORD_CHANGE_REQUIRED, type ActionDef } from "@/lib/server/action";
import { getActor, getSessionActor, requireActor, requirePermission } from "@/lib/server/auth/actor";
import { attemptLogin } from "@/lib/server/auth/login";
import { hashPassword } from "@/lib/server/auth/password";
import { authSecret } from "@/lib/server/auth/secret";
import { actorForSession, createSession, type Actor } from "@/lib/server/auth/sessions";
import { bootstrapAdmin } from "@/lib/server/bootstrap";
import { withTx } from "@/lib/server/db";
import { createDepartment } from "@/lib/server/departments";
import { seedDemo } from "@/lib/server/seed/demo";
import { DEMO_PASSWORD, DEMO_USERS } from "@/lib/server/seed/demo-data";
import { createUser, resetUserPassword } from "@/lib/server/users";
import { auditMark, auditSince, fingerprint } from "../support/db-state";
import { makeActor, makeTree } from "../support/fixtures";
import { setupTestDatabase } from "../support/test-db";

const { prisma } = await setupTestDatabase();
// The demo data first (it loads into an empty database only), then the test tree beside it.
await seedDemo(prisma);
const tree = await makeTree(prisma);
const sysAdmin = await makeActor(prisma, "SYSTEM_ADMIN", tree.province);

afterAll(() => vi.unstubAllEnvs());

const PASSWORD = "Qingshui-He-2026";
const realHash = await hashPassword(PASSWORD);
const DAY = 86_400_000;

let n = 0;
async function makeUser(opts: { passwordChangedAt?: Date } = {}) {
  const username = `qingshui.li${++n}`;
  return prisma.user.create({
    data: {
      username,
      displayName: `李清水${n}`,
      role: "TOWNSHIP_OFFICER",
      unitId: tree.townA1.id,
      passwordHash: realHash,
      passwordChangedAt: opts.passwordChangedAt,
    },
  });
}

async function login(username: string, password: string): Promise<{ sessionId: string; actor: Actor }> {
  const res = await attemptLogin(username, password);
  if (!res.ok) throw new Error(res.message);
  return { sessionId: res.sessionId, actor: (await actorForSession(res.sessionId))! };
}

/** The browser's session cookie for a session id, as next-auth writes it. */
async function useCookie(sessionId: string | undefined) {
  jar.value = sessionId ? await encode({ token: { sid: sessionId }, secret: authSecret() }) : undefined;
}

const change = (actor: Actor, currentPassword: string, newPassword: string, confirmPassword = newPassword) =>
  executeAction(changeOwnPassword, actor, { currentPassword, newPassword, confirmPassword });

/** Every registered action (the permission matrix's way of finding them). */
function everyAction(): ActionDef<z.ZodType, unknown>[] {
  const defs = new Map<string, ActionDef<z.ZodType, unknown>>();
  for (const mod of Object.values(allActions)) {
    for (const v of Object.values(mod as Record<string, unknown>)) {
      if (v && typeof v === "object" && "name" in v && "run" in v && typeof v.name === "string") defs.set(v.name, v as ActionDef<z.ZodType, unknown>);
    }
  }
  return [...defs.values()];
}

/** Finds the element with a data-testid in a server component's returned tree. */
function findTestId(node: unknown, id: string): { props: { children?: unknown } } | null {
  if (!node || typeof node !== "object") return null;
  if (Array.isArray(node)) {
    for (const child of node) {
      const found = findTestId(child, id);
      if (found) return found;
    }
    return null;
  }
  const props = (node as { props?: Record<string, unknown> }).props;
  if (!props) return null;
  if (props["data-testid"] === id) return node as { props: { children?: unknown } };
  return findTestId(props.children, id);
}

describe("changing one's own password", () => {
  it("refuses a wrong current password, changes nothing, and audits the refusal", async () => {
    const user = await makeUser();
    const { actor } = await login(user.username, PASSWORD);
    const mark = await auditMark(prisma);
    const res = await change(actor, "Wrong-Guess-2026", "Xin-Mima-Qingshui-7");
    expect(res).toEqual({ ok: false, code: "invalid", error: "当前密码不正确", fieldErrors: { currentPassword: "当前密码不正确" } });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toBe(realHash);
    const events = await auditSince(prisma, mark);
    expect(events.map((e) => [e.event, e.outcome, e.actorUserId, e.detail])).toEqual([
      ["auth.password.change.failed", "FAILURE", user.id, { reason: "wrong_current_password" }],
    ]);
  });

  it("says in Chinese which rule a new password breaks, field by field", async () => {
    const user = await makeUser();
    const { actor } = await login(user.username, PASSWORD);
    const cases: [string, string, Record<string, string>][] = [
      ["Kurz-7a", "Kurz-7a", { newPassword: "密码至少 10 个字符" }],
      ["qingshuihe2026", "qingshuihe2026", { newPassword: "密码须包含大写字母、小写字母、数字、符号中的至少 3 类（现在只有 2 类）" }],
      ["Huanjie2026", "Huanjie2026", { newPassword: "不能使用公开的演示密码 Huanjie2026" }],
      ["Password2026!", "Password2026!", { newPassword: "这是最常见的密码之一，很容易被猜中，请换一个" }],
      ["1qaz2wsx3EDC", "1qaz2wsx3EDC", { newPassword: "这是最常见的密码之一，很容易被猜中，请换一个" }],
      [`${user.username.toUpperCase()}-x`, `${user.username.toUpperCase()}-x`, { newPassword: "密码不能包含用户名" }],
      [PASSWORD, PASSWORD, { newPassword: "新密码不能与当前密码相同" }],
      ["Xin-Mima-Qingshui-7", "Xin-Mima-Qingshui-8", { confirmPassword: "两次输入的新密码不一致" }],
    ];
    const before = await fingerprint(prisma);
    for (const [newPassword, confirmPassword, fieldErrors] of cases) {
      const res = await change(actor, PASSWORD, newPassword, confirmPassword);
      expect(res, newPassword).toMatchObject({ ok: false, code: "invalid", error: Object.values(fieldErrors)[0], fieldErrors });
    }
    expect(await fingerprint(prisma)).toEqual(before);
  });

  it("changes the password, ends the user's other sessions but not this one, and audits it", async () => {
    const user = await makeUser();
    const here = await login(user.username, PASSWORD);
    const elsewhere = await login(user.username, PASSWORD);
    const third = await withTx((tx) => createSession(tx, user.id));
    const mark = await auditMark(prisma);
    const res = await change(here.actor, PASSWORD, "Xin-Mima-Qingshui-7");
    expect(res).toEqual({ ok: true, data: { sessionsEnded: 2 } });

    expect(await actorForSession(here.sessionId)).toMatchObject({ userId: user.id });
    expect(await actorForSession(elsewhere.sessionId)).toBeNull();
    expect(await actorForSession(third)).toBeNull();
    expect(await prisma.session.findUniqueOrThrow({ where: { id: third } })).toMatchObject({ revokedReason: "password_changed" });

    const events = await auditSince(prisma, mark);
    expect(events.map((e) => [e.event, e.outcome, e.actorUserId, e.objectId, e.detail])).toEqual([
      ["auth.password.changed", "SUCCESS", user.id, user.id, { sessionsEnded: 2 }],
    ]);
    expect(JSON.stringify(events, (_k, v) => (typeof v === "bigint" ? String(v) : v))).not.toContain("Xin-Mima");

    expect(await attemptLogin(user.username, PASSWORD)).toMatchObject({ ok: false });
    expect(await attemptLogin(user.username, "Xin-Mima-Qingshui-7")).toMatchObject({ ok: true });
    const after = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.passwordChangedAt.getTime()).toBeGreaterThan(user.passwordChangedAt.getTime());
  });
});

describe("a password an administrator set must be changed first", () => {
  it("user.create and user.resetPassword mark it; the seeded demo accounts are not marked", async () => {
    const demo = await prisma.user.findMany({ where: { username: { in: DEMO_USERS.map((u) => u.username) } }, select: { mustChangePassword: true } });
    expect(demo).toHaveLength(DEMO_USERS.length);
    expect(demo.every((u) => !u.mustChangePassword)).toBe(true);
    const { actor } = await login(DEMO_USERS[0]!.username, DEMO_PASSWORD);
    expect(actor.passwordChange).toBeUndefined();

    const user = await makeUser();
    const sid = await withTx((tx) => createSession(tx, user.id));
    expect(await executeAction(resetUserPassword, sysAdmin, { id: user.id, password: "Chongzhi-Mima-2026" })).toMatchObject({ ok: true });
    expect(await actorForSession(sid)).toBeNull();
    expect((await login(user.username, "Chongzhi-Mima-2026")).actor.passwordChange).toBe("admin_set");
  });

  it("admin:create's administrator must change it too", async () => {
    const { userId } = await bootstrapAdmin({
      username: "root",
      password: "Sichuan-Sheng-2026",
      unitCode: "510000000000",
      unitName: "四川省",
      unitKind: "PROVINCE",
    });
    expect(await prisma.user.findUniqueOrThrow({ where: { id: userId } })).toMatchObject({ mustChangePassword: true });
    expect((await login("root", "Sichuan-Sheng-2026")).actor.passwordChange).toBe("admin_set");
  });

  it("refuses an administrator's password that contains the username", async () => {
    const res = await executeAction(createUser, sysAdmin, {
      username: "zhao.liu",
      displayName: "赵六",
      password: "Zhao.Liu-2026",
      role: "COUNTY_ADMIN",
      unitId: tree.countyA.id,
      departmentId: null,
    });
    expect(res).toMatchObject({ ok: false, code: "invalid", error: "密码不能包含用户名", fieldErrors: { password: "密码不能包含用户名" } });
  });

  it("pages, route handlers and every action are refused until the change; the change page and logout stay open", async () => {
    const created = await executeAction(createUser, sysAdmin, {
      username: "xin.county",
      displayName: "新县管理员",
      password: "Chushi-Mima-2026",
      role: "COUNTY_ADMIN",
      unitId: tree.countyA.id,
      departmentId: null,
    });
    expect(created).toMatchObject({ ok: true });
    const { sessionId, actor } = await login("xin.county", "Chushi-Mima-2026");
    expect(actor.passwordChange).toBe("admin_set");

    // Pages and route handlers: every way of loading the actor sends the user to /password.
    await useCookie(sessionId);
    await expect(getActor()).rejects.toThrow("NEXT_REDIRECT /password");
    await expect(requireActor()).rejects.toThrow("NEXT_REDIRECT /password");
    await expect(requirePermission("department.manage")).rejects.toThrow("NEXT_REDIRECT /password");
    await expect(AppLayout({ children: null })).rejects.toThrow("NEXT_REDIRECT /password");
    await expect(HomePage()).rejects.toThrow("NEXT_REDIRECT /password");
    // The change page itself renders for this session.
    expect(await getSessionActor()).toMatchObject({ userId: actor.userId, passwordChange: "admin_set" });
    const page = await PasswordPage();
    expect(findTestId(page, "password-notice")?.props.children).toBe(
      "您的密码是管理员设置的。为保证只有您本人知道密码，请先设置自己的新密码，然后才能使用系统。",
    );

    // Actions: every one but the change itself, whatever the input, writes nothing but the denial.
    const defs = everyAction().filter((d) => d.name !== "account.changePassword");
    expect(defs.length).toBeGreaterThan(40);
    const before = await fingerprint(prisma);
    const mark = await auditMark(prisma);
    for (const def of defs) {
      const res = await executeAction(def, actor, { countyId: tree.countyA.id, name: "不该出现的部门" });
      expect(res, def.name).toEqual({ ok: false, code: "forbidden", error: PASSWORD_CHANGE_REQUIRED });
    }
    expect(await fingerprint(prisma)).toEqual(before);
    const denials = await auditSince(prisma, mark);
    expect(denials).toHaveLength(defs.length);
    expect(denials[0]).toMatchObject({ event: "action.denied", outcome: "FAILURE", actorUserId: actor.userId });
    expect(denials[0]!.detail).toEqual({ action: defs[0]!.name, code: "forbidden", reason: "password_change_required" });

    // The change: audited as the required one, and then the same action works.
    const changeMark = await auditMark(prisma);
    expect(await change(actor, "Chushi-Mima-2026", "Ziji-De-Mima-2026")).toEqual({ ok: true, data: { sessionsEnded: 0 } });
    expect((await auditSince(prisma, changeMark)).map((e) => [e.event, e.detail])).toEqual([
      ["auth.password.changed.forced", { sessionsEnded: 0, reason: "admin_set" }],
    ]);
    const now = (await actorForSession(sessionId))!;
    expect(now.passwordChange).toBeUndefined();
    expect(await getActor()).toMatchObject({ userId: actor.userId });
    expect(await executeAction(createDepartment, now, { countyId: tree.countyA.id, name: "县民政局" })).toMatchObject({ ok: true });
  });

  it("logout works while the change is due", async () => {
    const res = await executeAction(resetUserPassword, sysAdmin, {
      id: (await prisma.user.findUniqueOrThrow({ where: { username: "xin.county" } })).id,
      password: "Chongzhi-Mima-2027",
    });
    expect(res).toMatchObject({ ok: true });
    const { sessionId } = await login("xin.county", "Chongzhi-Mima-2027");
    await useCookie(sessionId);
    await expect(logoutAction()).rejects.toThrow("NEXT_REDIRECT /login");
    expect(await prisma.session.findUniqueOrThrow({ where: { id: sessionId } })).toMatchObject({ revokedReason: "logout" });
    await useCookie(undefined);
  });
});

describe("password expiry (PASSWORD_MAX_AGE_DAYS=90 in this file)", () => {
  it("warns on the home page in the last 7 days, not before", async () => {
    const early = await makeUser({ passwordChangedAt: new Date(Date.now() - 80 * DAY) });
    const { actor: fresh } = await login(early.username, PASSWORD);
    expect(fresh.passwordChange).toBeUndefined();
    expect(Math.abs(fresh.passwordExpiresAt!.getTime() - (early.passwordChangedAt.getTime() + 90 * DAY))).toBeLessThan(1000);
    expect(passwordExpiryNotice(fresh.passwordExpiresAt)).toBeNull();

    const late = await makeUser({ passwordChangedAt: new Date(Date.now() - 84 * DAY) });
    const { sessionId, actor } = await login(late.username, PASSWORD);
    expect(actor.passwordChange).toBeUndefined();
    await useCookie(sessionId);
    const home = await HomePage();
    const notice = findTestId(home, "password-expiry");
    expect(notice).not.toBeNull();
    expect((notice!.props.children as unknown[])[0]).toMatch(/^您的密码将在 6 天后（\d{4}年\d{1,2}月\d{1,2}日）过期/);
    await useCookie(undefined);
  });

  it("an expired password must be changed before anything else; the change starts a new period", async () => {
    const user = await makeUser({ passwordChangedAt: new Date(Date.now() - 91 * DAY) });
    const { sessionId, actor } = await login(user.username, PASSWORD);
    expect(actor.passwordChange).toBe("expired");
    await useCookie(sessionId);
    await expect(requireActor()).rejects.toThrow("NEXT_REDIRECT /password");
    expect(findTestId(await PasswordPage(), "password-notice")?.props.children).toBe("您的密码已过期。请先设置新密码，然后才能继续使用系统。");
    expect(await executeAction(createDepartment, actor, { countyId: tree.countyA.id, name: "过期部门" })).toMatchObject({
      ok: false,
      error: PASSWORD_CHANGE_REQUIRED,
    });

    const mark = await auditMark(prisma);
    expect(await change(actor, PASSWORD, "Xin-Qixian-Mima-9")).toMatchObject({ ok: true });
    expect((await auditSince(prisma, mark)).map((e) => [e.event, e.detail])).toEqual([
      ["auth.password.changed.forced", { sessionsEnded: 0, reason: "expired" }],
    ]);
    const renewed = (await actorForSession(sessionId))!;
    expect(renewed.passwordChange).toBeUndefined();
    expect(renewed.passwordExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 89 * DAY);
    await useCookie(undefined);
  });
});
