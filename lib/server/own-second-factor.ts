import "server-only";
// The signed-in user's own second factor on 我的账号 (docs/decisions/013-second-factor.md): start
// binding an authenticator (new secret, QR code), confirm it with a code (recovery codes shown once),
// regenerate the recovery codes, and turn it off where no policy requires it.
import { z } from "zod";
import { normalizeCode } from "@/lib/domain/second-factor";
import { defineAction } from "./action";
import { verifyPassword } from "./auth/password";
import { replaceRecoveryCodes, secondFactorRefusal, secondFactorStatus } from "./auth/second-factor";
import type { Actor } from "./auth/sessions";
import { checkTotp, decryptSecret, encryptSecret, newTotpSecret, totpQrSvg } from "./auth/totp";
import { db, type Tx } from "./db";
import { ExpectedError } from "./errors";

const ownUnit = (tx: Tx, _input: unknown, actor: Actor) =>
  tx.unit.findFirst({ where: { id: actor.unitId }, select: { id: true, path: true, level: true, countyId: true } });

/** A new secret, kept encrypted and not yet in force; the page shows its QR code until it is confirmed. */
export const beginTotpEnrolment = defineAction({
  name: "account.totp.begin",
  permission: "account.self",
  input: z.object({}),
  target: ownUnit,
  async run({ tx, actor, audit }) {
    const user = await tx.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { totpEnabledAt: true } });
    if (user.totpEnabledAt) throw new ExpectedError("conflict", "您已绑定验证器。要换一部手机，请先解除再重新绑定");
    await tx.user.update({ where: { id: actor.userId }, data: { totpSecret: encryptSecret(newTotpSecret()), totpLastStep: null } });
    await audit({ event: "auth.totp.enrollment.started", objectType: "User", objectId: actor.userId });
    return {};
  },
});

/** The first right code puts the second factor in force; ten recovery codes are made and returned once. */
export const confirmTotpEnrolment = defineAction({
  name: "account.totp.confirm",
  permission: "account.self",
  input: z.object({ code: z.string().trim().min(1, "请输入验证器显示的 6 位动态口令").max(20, "动态口令是 6 位数字") }),
  target: ownUnit,
  async run({ tx, actor, input, audit }) {
    const user = await tx.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { totpEnabledAt: true, totpSecret: true } });
    if (user.totpEnabledAt) throw new ExpectedError("conflict", "您已绑定验证器");
    const secret = user.totpSecret ? decryptSecret(user.totpSecret) : null;
    if (!secret) throw new ExpectedError("invalid", "请先点击“开始绑定”，用验证器扫描二维码");
    const step = checkTotp(secret, normalizeCode(input.code), null);
    if (typeof step !== "number") throw secondFactorRefusal("wrong", "code");
    await tx.user.update({ where: { id: actor.userId }, data: { totpEnabledAt: new Date(), totpLastStep: step, failedLogins: 0 } });
    const codes = await replaceRecoveryCodes(tx, actor.userId);
    await audit({ event: "auth.totp.enrolled", objectType: "User", objectId: actor.userId, detail: { recoveryCodes: codes.length } });
    return { codes };
  },
});

/** New recovery codes (the old ones stop working); the wrapper asks for a code first. */
export const regenerateRecoveryCodes = defineAction({
  name: "account.recoveryCodes.regenerate",
  permission: "account.self",
  secondFactor: true,
  input: z.object({}),
  target: ownUnit,
  async run({ tx, actor, audit }) {
    const status = await secondFactorStatus(tx, actor);
    if (!status.enrolled) throw new ExpectedError("invalid", "您还没有绑定验证器");
    const codes = await replaceRecoveryCodes(tx, actor.userId);
    await audit({ event: "auth.recovery_codes.regenerated", objectType: "User", objectId: actor.userId });
    return { codes };
  },
});

/** Turns the second factor off: password and a code asked; refused while a policy requires it. */
export const disableTotp = defineAction({
  name: "account.totp.disable",
  permission: "account.self",
  secondFactor: true,
  input: z.object({ password: z.string().min(1, "请输入您的登录密码").max(1024) }),
  target: ownUnit,
  async run({ tx, actor, input, audit }) {
    const status = await secondFactorStatus(tx, actor);
    if (!status.enrolled) throw new ExpectedError("invalid", "您还没有绑定验证器");
    if (status.required) {
      throw new ExpectedError("forbidden", "您的角色须使用第二因素，不能解除。换手机时请联系管理员清除后重新绑定");
    }
    const user = await tx.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { passwordHash: true } });
    if (!(await verifyPassword(user.passwordHash, input.password))) throw secondFactorRefusal("wrong_password");
    await tx.user.update({ where: { id: actor.userId }, data: { totpSecret: null, totpEnabledAt: null, totpLastStep: null } });
    await tx.recoveryCode.deleteMany({ where: { userId: actor.userId } });
    await audit({ event: "auth.totp.disabled", objectType: "User", objectId: actor.userId });
    return {};
  },
});

/** What 我的账号 shows: in force (since when, codes left), being bound (QR code and secret), or off. */
export async function getOwnSecondFactor(actor: Actor) {
  const prisma = await db();
  const [user, status, unused] = await Promise.all([
    prisma.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { totpSecret: true, totpEnabledAt: true } }),
    secondFactorStatus(prisma, actor),
    prisma.recoveryCode.count({ where: { userId: actor.userId, usedAt: null } }),
  ]);
  const pendingSecret = !user.totpEnabledAt && user.totpSecret ? decryptSecret(user.totpSecret) : null;
  return {
    ...status,
    enabledAt: user.totpEnabledAt,
    recoveryCodesLeft: user.totpEnabledAt ? unused : 0,
    pending: pendingSecret ? { secret: pendingSecret, qrSvg: await totpQrSvg(actor.username, pendingSecret) } : null,
  };
}
