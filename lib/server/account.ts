import "server-only";
// The signed-in user's own account: changing their own password (docs/decisions/002).
import { z } from "zod";
import { passwordSchema, passwordUsernameProblem } from "@/lib/domain/password-policy";
import { defineAction } from "./action";
import { hashPassword, verifyPassword } from "./auth/password";
import { revokeUserSessions } from "./auth/sessions";
import { ExpectedError } from "./errors";

const WRONG_CURRENT = "当前密码不正确";

/**
 * Changes the actor's own password after checking the current one, ends their other sessions and
 * clears a required change (an administrator's password, or an expired one). The only action that
 * runs while such a change is due.
 */
export const changeOwnPassword = defineAction({
  name: "account.changePassword",
  permission: "account.self",
  duringPasswordChange: true,
  input: z
    .object({
      currentPassword: z.string().min(1, "请输入当前密码").max(1024, WRONG_CURRENT),
      newPassword: passwordSchema,
      confirmPassword: z.string(),
    })
    .refine((i) => i.newPassword === i.confirmPassword, { path: ["confirmPassword"], message: "两次输入的新密码不一致" }),
  // No input names a user or unit: it always acts on the actor, at the actor's own unit.
  target: (tx, _input, actor) => tx.unit.findFirst({ where: { id: actor.unitId }, select: { id: true, path: true, level: true, countyId: true } }),
  async run({ tx, actor, input, audit }) {
    const user = await tx.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { username: true, passwordHash: true } });
    if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
      throw new ExpectedError("invalid", WRONG_CURRENT, { currentPassword: WRONG_CURRENT }, undefined, {
        event: "auth.password.change.failed",
        objectType: "User",
        objectId: actor.userId,
        detail: { reason: "wrong_current_password" },
      });
    }
    const nameProblem = passwordUsernameProblem(input.newPassword, user.username);
    if (nameProblem) throw new ExpectedError("invalid", nameProblem, { newPassword: nameProblem });
    if (input.newPassword === input.currentPassword) {
      throw new ExpectedError("invalid", "新密码不能与当前密码相同", { newPassword: "新密码不能与当前密码相同" });
    }
    const passwordHash = await hashPassword(input.newPassword);
    await tx.user.update({
      where: { id: actor.userId },
      data: { passwordHash, mustChangePassword: false, passwordChangedAt: new Date(), version: { increment: 1 } },
    });
    // A session someone else may hold (a shared or stolen password) ends; this one goes on.
    const sessionsEnded = await revokeUserSessions(tx, actor.userId, "password_changed", actor.sessionId);
    const required = actor.passwordChange;
    await audit({
      event: required ? "auth.password.changed.forced" : "auth.password.changed",
      objectType: "User",
      objectId: actor.userId,
      detail: { sessionsEnded, ...(required ? { reason: required } : {}) },
    });
    return { sessionsEnded };
  },
});
