import "server-only";
// Username/password check with lockout: 5 wrong passwords in a row lock the account for 15 minutes;
// failures from one address slow it down, whatever the usernames (docs/decisions/012-login-throttling.md).
import { throttledMessage } from "@/lib/domain/login-throttle";
import { LOCKOUT_MINUTES, LOCKOUT_THRESHOLD } from "@/lib/domain/password-policy";
import { appendAudit } from "../audit";
import { db, withTx } from "../db";
import { UNKNOWN_ADDRESS } from "./client-address";
import { dummyHash, verifyPassword } from "./password";
import { createSession, enforceSessionCap, revokeSession } from "./sessions";
import { addressRetryAfter, auditSpray, clearUsernameFailures, recordLoginFailure, reserveAttempt, unknownUsernameLockedUntil } from "./throttle";

export type LoginResult = { ok: true; sessionId: string; userId: string } | { ok: false; message: string };

const INVALID = "用户名或密码错误";

function hhmm(d: Date): string {
  return d.toLocaleTimeString("zh-CN", { hour: "2-digit", minute: "2-digit", hour12: false, timeZone: "Asia/Shanghai" });
}

const lockedMessage = (until: Date) => `密码连续错误次数过多，账号已锁定至 ${hhmm(until)}，请稍后再试`;
const justLockedMessage = (until: Date) => `密码连续错误 ${LOCKOUT_THRESHOLD} 次，账号已锁定 ${LOCKOUT_MINUTES} 分钟（至 ${hhmm(until)}）`;

/**
 * `address` is the client's (clientAddress); failures from it are counted whatever the username.
 * `userAgent` is only kept on the new session, for the user's own session list.
 */
export async function attemptLogin(
  usernameRaw: string,
  password: string,
  now = new Date(),
  address = UNKNOWN_ADDRESS,
  userAgent?: string,
): Promise<LoginResult> {
  const username = usernameRaw.trim();
  const prisma = await db();
  const throttled = async (retryAfterSeconds: number): Promise<LoginResult> => {
    await withTx((tx) =>
      appendAudit(tx, {
        event: "auth.login.refused",
        outcome: "FAILURE",
        actor: null,
        detail: { username: username.slice(0, 64), reason: "throttled", address, retryAfterSeconds },
      }),
    );
    return { ok: false, message: throttledMessage(retryAfterSeconds) };
  };
  // Before anything else, and without looking at the account or the password.
  const retryAfter = await addressRetryAfter(prisma, address, now);
  if (retryAfter !== null) return throttled(retryAfter);
  const user = await prisma.user.findUnique({
    where: { username },
    select: { id: true, username: true, role: true, unitId: true, passwordHash: true, disabled: true, lockedUntil: true },
  });
  if (!user) {
    // An unknown username is locked and answered exactly like an account, so no answer tells them apart.
    const phantomUntil = await unknownUsernameLockedUntil(prisma, username, now);
    if (phantomUntil) {
      await withTx((tx) =>
        appendAudit(tx, {
          event: "auth.login.refused",
          outcome: "FAILURE",
          actor: null,
          detail: { username: username.slice(0, 64), reason: "locked_unknown_user", address },
        }),
      );
      return { ok: false, message: lockedMessage(phantomUntil) };
    }
    const reserved = await reserveAttempt(address, username, now);
    if (!reserved.ok) return throttled(reserved.retryAfterSeconds);
    await verifyPassword(await dummyHash(), password);
    return withTx(async (tx) => {
      const failure = await recordLoginFailure(tx, address, username, now);
      await appendAudit(tx, {
        event: "auth.login.failed",
        outcome: "FAILURE",
        actor: null,
        detail: { username: username.slice(0, 64), reason: "unknown_user", address },
      });
      await auditSpray(tx, address, failure);
      if (failure.usernameFailures % LOCKOUT_THRESHOLD === 0)
        return { ok: false as const, message: justLockedMessage(new Date(now.getTime() + LOCKOUT_MINUTES * 60_000)) };
      return { ok: false as const, message: INVALID };
    });
  }
  const actor = { userId: user.id, username: user.username, role: user.role };
  if (user.disabled) {
    await withTx((tx) => appendAudit(tx, { event: "auth.login.refused", outcome: "FAILURE", actor, unitId: user.unitId, detail: { reason: "disabled" } }));
    return { ok: false, message: "该账号已停用，请联系县换届办管理员" };
  }
  if (user.lockedUntil && user.lockedUntil > now) {
    await withTx((tx) =>
      appendAudit(tx, { event: "auth.login.refused", outcome: "FAILURE", actor, unitId: user.unitId, detail: { reason: "locked", address } }),
    );
    return { ok: false, message: lockedMessage(user.lockedUntil) };
  }
  const reserved = await reserveAttempt(address, username, now);
  if (!reserved.ok) return throttled(reserved.retryAfterSeconds);
  const good = await verifyPassword(user.passwordHash, password);
  if (!good) {
    return withTx(async (tx) => {
      const failure = await recordLoginFailure(tx, address, username, now);
      const updated = await tx.user.update({
        where: { id: user.id },
        data: { failedLogins: { increment: 1 } },
        select: { failedLogins: true },
      });
      await appendAudit(tx, {
        event: "auth.login.failed",
        outcome: "FAILURE",
        actor,
        unitId: user.unitId,
        detail: { reason: "bad_password", attempt: updated.failedLogins, address },
      });
      let message = INVALID; // The same words as for an unknown username: the answer reveals no account.
      if (updated.failedLogins >= LOCKOUT_THRESHOLD) {
        const until = new Date(now.getTime() + LOCKOUT_MINUTES * 60_000);
        await tx.user.update({ where: { id: user.id }, data: { lockedUntil: until, failedLogins: 0 } });
        await appendAudit(tx, {
          event: "auth.account.locked",
          outcome: "FAILURE",
          actor,
          unitId: user.unitId,
          objectType: "User",
          objectId: user.id,
          after: { lockedUntil: until },
        });
        message = justLockedMessage(until);
      }
      await auditSpray(tx, address, failure);
      return { ok: false as const, message };
    });
  }
  return withTx(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { failedLogins: 0, lockedUntil: null, lastLoginAt: now } });
    await clearUsernameFailures(tx, username);
    // After the user update above, which (on PostgreSQL) locks the row against a parallel login.
    const cap = await enforceSessionCap(tx, user.id, now);
    const sessionId = await createSession(tx, user.id, { address, userAgent }, now);
    await appendAudit(tx, { event: "auth.login.succeeded", actor, unitId: user.unitId, objectType: "User", objectId: user.id });
    if (cap.ended.length) {
      await appendAudit(tx, {
        event: "auth.session.capped",
        actor,
        unitId: user.unitId,
        objectType: "User",
        objectId: user.id,
        detail: { max: cap.max, sessionsEnded: cap.ended.length, endedStartedAt: cap.ended.map((s) => s.createdAt.toISOString()), address },
      });
    }
    return { ok: true as const, sessionId, userId: user.id };
  });
}

export async function logout(sessionId: string): Promise<void> {
  await withTx(async (tx) => {
    const s = await tx.session.findUnique({ where: { id: sessionId }, select: { user: { select: { id: true, username: true, role: true, unitId: true } } } });
    if (!s) return;
    if (await revokeSession(tx, sessionId, "logout")) {
      await appendAudit(tx, {
        event: "auth.logout",
        actor: { userId: s.user.id, username: s.user.username, role: s.user.role },
        unitId: s.user.unitId,
        objectType: "Session",
      });
    }
  });
}
