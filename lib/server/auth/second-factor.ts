import "server-only";
// The second factor in use (docs/decisions/013-second-factor.md): who is asked, checking a code or a
// recovery code inside the action's transaction, and counting wrong answers with wrong re-entered
// passwords (five lock the account) in a transaction of its own, since the action's has rolled back.
import type { Role } from "@/lib/domain/permissions";
import { LOCKOUT_MINUTES, LOCKOUT_THRESHOLD } from "@/lib/domain/password-policy";
import {
  isRecoveryCodeShape,
  isTotpCodeShape,
  normalizeCode,
  secondFactorDemand,
  secondFactorRequired,
  type SecondFactorDemand,
} from "@/lib/domain/second-factor";
import { env } from "@/lib/env";
import { appendAudit } from "../audit";
import { db, withTx, type Tx } from "../db";
import { ExpectedError } from "../errors";
import { hashPassword, verifyPassword } from "./password";
import { revokeUserSessions, type Actor } from "./sessions";
import { checkTotp, decryptSecret, newRecoveryCodes } from "./totp";

type Reader = Pick<Tx, "user" | "secondFactorPolicy">;

export type SecondFactorStatus = { required: boolean; enrolled: boolean; demand: SecondFactorDemand };

/** The roles the actor's county requires a second factor of (null: the county chose none). */
export async function countySecondFactorRoles(tx: Reader, countyId: string | null): Promise<Role[] | null> {
  if (!countyId) return null;
  const policy = await tx.secondFactorPolicy.findUnique({ where: { countyId }, select: { roles: true } });
  return policy?.roles ?? null;
}

export async function secondFactorStatus(tx: Reader, actor: Pick<Actor, "userId" | "role" | "countyId">): Promise<SecondFactorStatus> {
  const [user, countyRoles] = await Promise.all([
    tx.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { totpEnabledAt: true } }),
    countySecondFactorRoles(tx, actor.countyId),
  ]);
  const required = secondFactorRequired(actor.role, env().SECOND_FACTOR_ROLES ?? [], countyRoles);
  const enrolled = user.totpEnabledAt !== null;
  return { required, enrolled, demand: secondFactorDemand(required, enrolled) };
}

/** For pages: whether the critical forms show the code field, and whether enrolment is still due. */
export async function ownSecondFactorStatus(actor: Actor): Promise<SecondFactorStatus> {
  return secondFactorStatus(await db(), actor);
}

export type SecondFactorReason = "missing" | "wrong" | "replay" | "not_enrolled" | "wrong_password";

/**
 * A refused code. The action wrapper counts it (except not_enrolled, which is no answer at all) in a
 * transaction of its own and answers with `message`, or the lock-out message at the fifth wrong answer.
 */
export class SecondFactorRefusal extends ExpectedError {
  constructor(
    readonly reason: SecondFactorReason,
    message: string,
    /** The form field the answer belongs beside. */
    readonly field: string | null,
  ) {
    super("forbidden", message, field ? { [field]: message } : undefined);
  }
}

const MESSAGES: Record<SecondFactorReason, string> = {
  missing: "此操作须输入动态口令（或一个恢复码）",
  wrong: "动态口令不正确或已过期，未执行此操作。请输入验证器当前显示的 6 位数字，或一个未用过的恢复码",
  replay: "该动态口令刚才已经用过，请等验证器显示下一个口令后再输入",
  not_enrolled: "您的角色进行此操作须使用第二因素（动态口令），请先在“我的账号”中绑定验证器",
  wrong_password: "密码不正确",
};

const FIELDS: Record<SecondFactorReason, string | null> = { missing: "otp", wrong: "otp", replay: "otp", not_enrolled: null, wrong_password: "password" };

/** A refusal; `field` overrides where the answer shows (e.g. "code" on the enrolment form). */
export function secondFactorRefusal(reason: SecondFactorReason, field?: string): SecondFactorRefusal {
  return new SecondFactorRefusal(reason, MESSAGES[reason], field ?? FIELDS[reason]);
}

/**
 * Checks the code a critical operation's form sent as `otp`, inside the action's transaction, and
 * spends it there: the TOTP step becomes the last one used (a concurrent second use of the same code
 * finds the guard moved and is refused), a recovery code is marked used. If the action then fails,
 * the spending rolls back with it; nothing was done with the code.
 */
export async function requireSecondFactor(
  tx: Tx,
  actor: Actor,
  rawCode: unknown,
  audit: (e: { event: "auth.recovery_code.used"; detail: Record<string, unknown> }) => Promise<void>,
): Promise<void> {
  const status = await secondFactorStatus(tx, actor);
  if (status.demand === "none") return;
  if (!status.enrolled) throw secondFactorRefusal("not_enrolled");
  const code = typeof rawCode === "string" ? normalizeCode(rawCode) : "";
  if (!code) throw secondFactorRefusal("missing");
  await spendCode(tx, actor.userId, code, audit);
}

/** Checks and spends a TOTP code or recovery code of an enrolled user (also used to disable and regenerate). */
export async function spendCode(
  tx: Tx,
  userId: string,
  code: string,
  audit: (e: { event: "auth.recovery_code.used"; detail: Record<string, unknown> }) => Promise<void>,
): Promise<void> {
  const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { totpSecret: true, totpLastStep: true, totpEnabledAt: true } });
  if (!user.totpEnabledAt || !user.totpSecret) throw secondFactorRefusal("not_enrolled");
  if (isTotpCodeShape(code)) {
    const secret = decryptSecret(user.totpSecret);
    const step = secret ? checkTotp(secret, code, user.totpLastStep) : null;
    if (step === "replay") throw secondFactorRefusal("replay");
    if (step === null) throw secondFactorRefusal("wrong");
    const moved = await tx.user.updateMany({
      where: { id: userId, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
      data: { totpLastStep: step, failedLogins: 0 },
    });
    if (moved.count === 0) throw secondFactorRefusal("replay");
    return;
  }
  if (isRecoveryCodeShape(code)) {
    const unused = await tx.recoveryCode.findMany({ where: { userId, usedAt: null }, select: { id: true, hash: true } });
    for (const c of unused) {
      if (await verifyPassword(c.hash, code)) {
        const spent = await tx.recoveryCode.updateMany({ where: { id: c.id, usedAt: null }, data: { usedAt: new Date() } });
        if (spent.count === 0) throw secondFactorRefusal("replay");
        await tx.user.update({ where: { id: userId }, data: { failedLogins: 0 } });
        await audit({ event: "auth.recovery_code.used", detail: { left: unused.length - 1 } });
        return;
      }
    }
  }
  throw secondFactorRefusal("wrong");
}

/**
 * Counts one wrong answer to a re-authentication (a password or a code), in the caller's transaction.
 * The fifth locks the account for LOCKOUT_MINUTES and ends its sessions; the answer then says so.
 */
export async function countWrongAnswer(tx: Tx, userId: string): Promise<{ attempt: number; lockedMessage: string | null }> {
  const updated = await tx.user.update({ where: { id: userId }, data: { failedLogins: { increment: 1 } }, select: { failedLogins: true } });
  if (updated.failedLogins < LOCKOUT_THRESHOLD) return { attempt: updated.failedLogins, lockedMessage: null };
  const until = new Date(Date.now() + LOCKOUT_MINUTES * 60_000);
  await tx.user.update({ where: { id: userId }, data: { lockedUntil: until, failedLogins: 0 } });
  await revokeUserSessions(tx, userId, "reauth_failed");
  return { attempt: updated.failedLogins, lockedMessage: `连续 ${LOCKOUT_THRESHOLD} 次验证错误，账号已锁定 ${LOCKOUT_MINUTES} 分钟，请重新登录` };
}

/** Records a refused code after the action's transaction rolled back; returns the answer to show. */
export async function recordSecondFactorRefusal(actor: Actor, refusal: SecondFactorRefusal, action: string): Promise<string> {
  return withTx(async (tx) => {
    const counted = refusal.reason === "not_enrolled" ? null : await countWrongAnswer(tx, actor.userId);
    await appendAudit(tx, {
      event: "auth.totp.failed",
      outcome: "FAILURE",
      actor: { userId: actor.userId, username: actor.username, role: actor.role },
      unitId: actor.unitId,
      objectType: "User",
      objectId: actor.userId,
      detail: { action, reason: refusal.reason, ...(counted ? { attempt: counted.attempt, locked: counted.lockedMessage !== null } : {}) },
    });
    return counted?.lockedMessage ?? refusal.message;
  });
}

/** Ten new recovery codes for a user (the old ones deleted), hashed; the plain codes are returned once. */
export async function replaceRecoveryCodes(tx: Tx, userId: string): Promise<string[]> {
  const codes = newRecoveryCodes();
  const hashes = await Promise.all(codes.map((c) => hashPassword(c)));
  await tx.recoveryCode.deleteMany({ where: { userId } });
  await tx.recoveryCode.createMany({ data: hashes.map((hash) => ({ userId, hash })) });
  return codes;
}
