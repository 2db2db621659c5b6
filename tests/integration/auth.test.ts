// Login with lockout, server-side sessions (logout, idle expiry) and immediate revocation when an
// administrator disables a user, resets a password or changes a role. Uses real argon2 hashes.
import { describe, expect, it } from "vitest";
import { executeAction } from "@/lib/server/action";
import { attemptLogin, logout } from "@/lib/server/auth/login";
import { hashPassword } from "@/lib/server/auth/password";
import { actorForSession, createSession } from "@/lib/server/auth/sessions";
import { withTx } from "@/lib/server/db";
import { resetUserPassword, setUserDisabled, updateUser } from "@/lib/server/users";
import { auditMark, auditSince } from "../support/db-state";
import { makeActor, makeTree } from "../support/fixtures";
import { setupTestDatabase } from "../support/test-db";

const { prisma } = await setupTestDatabase();
const tree = await makeTree(prisma);
const admin = await makeActor(prisma, "COUNTY_ADMIN", tree.countyA);

const PASSWORD = "Correct-Horse-42";
const realHash = await hashPassword(PASSWORD);
const MINUTE = 60_000;

let n = 0;
/** A township officer with a real password hash. */
async function makeUser(opts: { disabled?: boolean } = {}) {
  const username = `officer${++n}`;
  const user = await prisma.user.create({
    data: { username, displayName: `乡镇干部${n}`, role: "TOWNSHIP_OFFICER", unitId: tree.townA1.id, passwordHash: realHash, disabled: opts.disabled ?? false },
  });
  return user;
}

const sessionFor = (userId: string) => withTx((tx) => createSession(tx, userId));

describe("password hashing", () => {
  it("uses argon2id with OWASP's minimum parameters", async () => {
    expect(realHash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$")).toBe(true);
    expect(await hashPassword(PASSWORD)).not.toBe(realHash); // salted
  });
});

describe("attemptLogin", () => {
  it("succeeds with the right password: creates a session and audits auth.login.succeeded", async () => {
    const user = await makeUser();
    const mark = await auditMark(prisma);
    const res = await attemptLogin(`  ${user.username} `, PASSWORD);
    expect(res).toMatchObject({ ok: true, userId: user.id });
    if (!res.ok) return;
    const session = await prisma.session.findUniqueOrThrow({ where: { id: res.sessionId } });
    expect(session).toMatchObject({ userId: user.id, revokedAt: null });
    expect(session.expiresAt.getTime()).toBeGreaterThan(Date.now() + 11 * 60 * MINUTE);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).lastLoginAt).not.toBeNull();
    const events = await auditSince(prisma, mark);
    expect(events.map((e) => e.event)).toEqual(["auth.login.succeeded"]);
    expect(events[0]).toMatchObject({ actorUserId: user.id, outcome: "SUCCESS" });
  });

  it("answers 4 wrong passwords exactly like an unknown user, locks for 15 minutes on the 5th, refuses even the right password while locked, then lets in", async () => {
    const user = await makeUser();
    const now = new Date();
    const messages: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await attemptLogin(user.username, "wrong-password-1", now);
      expect(res.ok).toBe(false);
      if (!res.ok) messages.push(res.message);
    }
    expect(messages).toEqual(Array(4).fill("用户名或密码错误"));
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).failedLogins).toBe(4);
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);

    const mark = await auditMark(prisma);
    const fifth = await attemptLogin(user.username, "wrong-password-1", now);
    expect(fifth).toMatchObject({ ok: false });
    expect(fifth.ok ? "" : fifth.message).toMatch(/密码连续错误 5 次，账号已锁定 15 分钟（至 \d\d:\d\d）/);
    const locked = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(Math.abs(locked.lockedUntil!.getTime() - (now.getTime() + 15 * MINUTE))).toBeLessThan(1000);
    expect((await auditSince(prisma, mark)).map((e) => e.event)).toEqual(["auth.login.failed", "auth.account.locked"]);

    // Locked: even the right password is refused, and no session is created.
    const refused = await attemptLogin(user.username, PASSWORD, new Date(now.getTime() + 5 * MINUTE));
    expect(refused).toMatchObject({ ok: false });
    expect(refused.ok ? "" : refused.message).toMatch(/账号已锁定至 \d\d:\d\d/);
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);

    // After the lock has passed the right password works again.
    const later = await attemptLogin(user.username, PASSWORD, new Date(now.getTime() + 16 * MINUTE));
    expect(later).toMatchObject({ ok: true });
    expect(await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ failedLogins: 0, lockedUntil: null });
  });

  it("a successful login resets the countdown", async () => {
    const user = await makeUser();
    await attemptLogin(user.username, "wrong-password-1");
    await attemptLogin(user.username, "wrong-password-1");
    expect(await attemptLogin(user.username, PASSWORD)).toMatchObject({ ok: true });
    await attemptLogin(user.username, "wrong-password-1");
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).failedLogins).toBe(1);
  });

  it("refuses a disabled user even with the right password", async () => {
    const user = await makeUser({ disabled: true });
    const mark = await auditMark(prisma);
    const res = await attemptLogin(user.username, PASSWORD);
    expect(res).toEqual({ ok: false, message: "该账号已停用，请联系县换届办管理员" });
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
    expect((await auditSince(prisma, mark)).map((e) => [e.event, e.detail])).toEqual([["auth.login.refused", { reason: "disabled" }]]);
  });

  it("an unknown user gets the same wording as a wrong password, and the attempt is audited", async () => {
    const user = await makeUser();
    const wrong = await attemptLogin(user.username, "wrong-password-1");
    const mark = await auditMark(prisma);
    const unknown = await attemptLogin("no.such.user", "wrong-password-1");
    expect(unknown).toEqual({ ok: false, message: "用户名或密码错误" });
    expect(wrong.ok ? "" : wrong.message.startsWith("用户名或密码错误")).toBe(true);
    expect(unknown.ok ? "" : unknown.message).not.toMatch(/不存在|未注册/);
    expect((await auditSince(prisma, mark)).map((e) => [e.event, e.actorUserId])).toEqual([["auth.login.failed", null]]);
  });
});

describe("sessions", () => {
  it("actorForSession returns the actor; after logout it returns null and auth.logout is audited", async () => {
    const user = await makeUser();
    const login = await attemptLogin(user.username, PASSWORD);
    if (!login.ok) throw new Error(login.message);
    const actor = await actorForSession(login.sessionId);
    expect(actor).toMatchObject({
      sessionId: login.sessionId,
      userId: user.id,
      username: user.username,
      role: "TOWNSHIP_OFFICER",
      unitId: tree.townA1.id,
      unitPath: tree.townA1.path,
      unitName: tree.townA1.name,
      countyId: tree.countyA.id,
    });

    const mark = await auditMark(prisma);
    await logout(login.sessionId);
    expect(await actorForSession(login.sessionId)).toBeNull();
    expect((await auditSince(prisma, mark)).map((e) => [e.event, e.actorUserId])).toEqual([["auth.logout", user.id]]);
    expect(await prisma.session.findUniqueOrThrow({ where: { id: login.sessionId } })).toMatchObject({ revokedReason: "logout" });

    // Logging out twice is harmless and not audited again.
    await logout(login.sessionId);
    expect(await auditSince(prisma, mark)).toHaveLength(1);
  });

  it("ends after 30 minutes idle: null at 31 minutes, audited as auth.session.expired, and stays ended", async () => {
    const user = await makeUser();
    const sid = await sessionFor(user.id);
    expect(await actorForSession(sid, new Date(Date.now() + 29 * MINUTE))).not.toBeNull();
    // The 29-minute visit counted as activity; 31 minutes after it the session is over.
    const seen = (await prisma.session.findUniqueOrThrow({ where: { id: sid } })).lastSeenAt.getTime();
    const mark = await auditMark(prisma);
    expect(await actorForSession(sid, new Date(seen + 31 * MINUTE))).toBeNull();
    expect((await auditSince(prisma, mark)).map((e) => [e.event, e.actorUserId])).toEqual([["auth.session.expired", user.id]]);
    expect(await actorForSession(sid)).toBeNull();
  });

  it("an unknown session id gives no actor", async () => {
    expect(await actorForSession("0".repeat(64))).toBeNull();
  });
});

describe("administrators end sessions at once", () => {
  it("disabling a user (user.setDisabled) ends their sessions immediately", async () => {
    const user = await makeUser();
    const s1 = await sessionFor(user.id);
    const s2 = await sessionFor(user.id);
    expect(await actorForSession(s1)).not.toBeNull();
    const res = await executeAction(setUserDisabled, admin, { id: user.id, version: user.version, disabled: true });
    expect(res).toEqual({ ok: true, data: { id: user.id, sessionsEnded: 2 } });
    expect(await actorForSession(s1)).toBeNull();
    expect(await actorForSession(s2)).toBeNull();
    expect(await attemptLogin(user.username, PASSWORD)).toMatchObject({ ok: false, message: "该账号已停用，请联系县换届办管理员" });
  });

  it("resetting a password ends their sessions; only the new password works", async () => {
    const user = await makeUser();
    const sid = await sessionFor(user.id);
    const res = await executeAction(resetUserPassword, admin, { id: user.id, password: "Brand-New-Pass-7" });
    expect(res).toMatchObject({ ok: true });
    expect(await actorForSession(sid)).toBeNull();
    expect(await attemptLogin(user.username, PASSWORD)).toMatchObject({ ok: false });
    expect(await attemptLogin(user.username, "Brand-New-Pass-7")).toMatchObject({ ok: true });
  });

  it("changing a user's role (user.update) ends their sessions; changing only the name does not", async () => {
    const user = await makeUser();
    const sid = await sessionFor(user.id);
    const rename = await executeAction(updateUser, admin, {
      id: user.id,
      version: 1,
      displayName: "新名字",
      role: "TOWNSHIP_OFFICER",
      unitId: tree.townA1.id,
      departmentId: null,
    });
    expect(rename).toMatchObject({ ok: true });
    expect(await actorForSession(sid)).toMatchObject({ displayName: "新名字" });

    const promote = await executeAction(updateUser, admin, {
      id: user.id,
      version: 2,
      displayName: "新名字",
      role: "SUPERVISOR",
      unitId: tree.townA1.id,
      departmentId: null,
    });
    expect(promote).toMatchObject({ ok: true });
    expect(await actorForSession(sid)).toBeNull();
    expect(await prisma.session.findUniqueOrThrow({ where: { id: sid } })).toMatchObject({ revokedReason: "role_changed" });

    // A new login carries the new role.
    const login = await attemptLogin(user.username, PASSWORD);
    if (!login.ok) throw new Error(login.message);
    expect(await actorForSession(login.sessionId)).toMatchObject({ role: "SUPERVISOR" });
  });

  it("an administrator cannot disable their own account", async () => {
    const self = await prisma.user.findUniqueOrThrow({ where: { id: admin.userId } });
    const res = await executeAction(setUserDisabled, admin, { id: admin.userId, version: self.version, disabled: true });
    expect(res).toMatchObject({ ok: false, code: "forbidden", error: "不能停用自己的账号" });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: admin.userId } })).disabled).toBe(false);
  });
});
