import "server-only";
// User administration: reads and the user.* actions. Roles are assigned at a unit (docs/decisions/003).
import { z } from "zod";
import { boolField, idField as id, multiField, optionalIdField, versionField as version } from "@/lib/domain/form-fields";
import { usernameSchema } from "@/lib/domain/account-import";
import { passwordSchema, passwordUsernameProblem } from "@/lib/domain/password-policy";
import { ROLES, roleAssignmentProblem } from "@/lib/domain/permissions";
import type { UnitLevel } from "@/lib/domain/units";
import { defineAction } from "./action";
import { hashPassword } from "./auth/password";
import { revokeUserSessions, type Actor } from "./auth/sessions";
import { db, type Tx } from "./db";
import { ExpectedError, staleError, translateDbError } from "./errors";
import { findUnitInScope, unitScope } from "./scope";
import { env } from "@/lib/env";

// One rule with the bulk import (lib/domain/account-import.ts).
const username = usernameSchema;
const displayName = z.string().trim().min(1, "请填写姓名").max(100, "姓名最多 100 个字");
const departmentId = optionalIdField;

function userInScope(tx: Tx, actor: Actor, userId: string) {
  return tx.user.findFirst({
    where: { id: userId, unit: unitScope(actor) },
    select: {
      id: true,
      username: true,
      displayName: true,
      role: true,
      unitId: true,
      departmentId: true,
      disabled: true,
      unit: { select: { id: true, path: true, level: true, countyId: true } },
    },
  });
}

/** Validates role, unit and department together; returns the unit to assign at. */
async function checkAssignment(tx: Tx, actor: Actor, input: { role: (typeof ROLES)[number]; unitId: string; departmentId: string | null }) {
  const unit = await findUnitInScope(tx, actor, input.unitId);
  if (!unit) throw new ExpectedError("not_found", "所选单位不存在或不在您的管辖范围内", { unitId: "单位无效" });
  if (!unit.active) throw new ExpectedError("invalid", "所选单位已停用", { unitId: "单位已停用" });
  const problem = roleAssignmentProblem(actor.role, input.role, unit.level as UnitLevel, input.departmentId !== null);
  if (problem) throw new ExpectedError("invalid", problem, { role: problem });
  if (input.departmentId) {
    const dept = await tx.department.findFirst({ where: { id: input.departmentId, countyId: unit.id, active: true }, select: { id: true } });
    if (!dept) throw new ExpectedError("invalid", "所选部门不属于该县或已停用", { departmentId: "部门无效" });
  }
  return unit;
}

function refuseUsernameInPassword(password: string, username: string) {
  const problem = passwordUsernameProblem(password, username);
  if (problem) throw new ExpectedError("invalid", problem, { password: problem });
}

export const createUser = defineAction({
  name: "user.create",
  permission: "user.manage",
  secondFactor: true,
  input: z.object({ username, displayName, password: passwordSchema, role: z.enum(ROLES), unitId: id, departmentId }),
  target: (tx, input, actor) => findUnitInScope(tx, actor, input.unitId),
  async run({ tx, actor, input, audit }) {
    const unit = await checkAssignment(tx, actor, input);
    refuseUsernameInPassword(input.password, input.username);
    const passwordHash = await hashPassword(input.password);
    const created = await tx.user
      .create({
        // The administrator chose this password: the user replaces it at first login.
        data: {
          username: input.username,
          displayName: input.displayName,
          passwordHash,
          mustChangePassword: true,
          role: input.role,
          unitId: unit.id,
          departmentId: input.departmentId,
        },
        select: { id: true, username: true, displayName: true, role: true, unitId: true, departmentId: true },
      })
      .catch((e) => translateDbError(e, `用户名「${input.username}」已被使用`));
    await audit({ event: "user.created", unitId: unit.id, objectType: "User", objectId: created.id, after: created });
    return created;
  },
});

export const updateUser = defineAction({
  name: "user.update",
  permission: "user.manage",
  secondFactor: true,
  input: z.object({ id, version, displayName, role: z.enum(ROLES), unitId: id, departmentId }),
  target: async (tx, input, actor) => (await userInScope(tx, actor, input.id))?.unit ?? null,
  async run({ tx, actor, input, audit }) {
    const before = (await userInScope(tx, actor, input.id))!;
    const assignmentChanged = before.role !== input.role || before.unitId !== input.unitId || before.departmentId !== input.departmentId;
    if (assignmentChanged && before.id === actor.userId) throw new ExpectedError("forbidden", "不能修改自己的角色或单位");
    const unit = await checkAssignment(tx, actor, input);
    const res = await tx.user.updateMany({
      where: { id: input.id, version: input.version },
      data: { displayName: input.displayName, role: input.role, unitId: unit.id, departmentId: input.departmentId, version: { increment: 1 } },
    });
    if (res.count === 0) throw staleError();
    // Rights changed: existing sessions must not keep the old ones.
    if (assignmentChanged) await revokeUserSessions(tx, input.id, "role_changed");
    await audit({
      event: "user.updated",
      unitId: unit.id,
      objectType: "User",
      objectId: input.id,
      before: { displayName: before.displayName, role: before.role, unitId: before.unitId, departmentId: before.departmentId },
      after: { displayName: input.displayName, role: input.role, unitId: unit.id, departmentId: input.departmentId },
    });
    return { id: input.id };
  },
});

export const setUserDisabled = defineAction({
  name: "user.setDisabled",
  permission: "user.manage",
  secondFactor: true,
  input: z.object({ id, version, disabled: boolField }),
  target: async (tx, input, actor) => (await userInScope(tx, actor, input.id))?.unit ?? null,
  async run({ tx, actor, input, audit }) {
    if (input.id === actor.userId) throw new ExpectedError("forbidden", "不能停用自己的账号");
    const res = await tx.user.updateMany({
      where: { id: input.id, version: input.version },
      data: { disabled: input.disabled, version: { increment: 1 }, ...(input.disabled ? {} : { failedLogins: 0, lockedUntil: null }) },
    });
    if (res.count === 0) throw staleError();
    const ended = input.disabled ? await revokeUserSessions(tx, input.id, "disabled") : 0;
    await audit({ event: input.disabled ? "user.disabled" : "user.enabled", objectType: "User", objectId: input.id, detail: { sessionsEnded: ended } });
    return { id: input.id, sessionsEnded: ended };
  },
});

/** A checkbox of the users list: "<id>:<version>", the version the list was read at. */
const userAtVersion = z
  .string()
  .trim()
  .regex(/^[0-9a-f-]{36}:\d+$/i, "所选用户无效")
  .transform((v) => {
    const [userId, ver] = v.split(":");
    return { id: userId!.toLowerCase(), version: Number(ver) };
  });

/** The most users one step disables (a county's accounts fit in one page of the list). */
export const MAX_DISABLE_MANY = 1000;

/**
 * Disables the users ticked on the users list in one step, all or nothing: each as user.setDisabled does
 * (sessions ended, audited user.disabled). Never oneself; a user changed since the list was read (version)
 * refuses the whole step, naming them. Users already disabled are left as they are.
 */
export const disableUsers = defineAction({
  name: "user.disableMany",
  permission: "user.manage",
  secondFactor: true,
  input: z.object({
    users: multiField(userAtVersion)
      .refine((list) => list.length > 0, "请先勾选要停用的用户")
      .refine((list) => list.length <= MAX_DISABLE_MANY, `一次最多停用 ${MAX_DISABLE_MANY} 个用户`),
  }),
  // Every selected user must be in scope; one that is not makes the whole step not found.
  target: async (tx, input, actor) => {
    const ids = [...new Set(input.users.map((u) => u.id))];
    const found = await tx.user.findMany({
      where: { id: { in: ids }, unit: unitScope(actor) },
      select: { unit: { select: { id: true, path: true, level: true, countyId: true } } },
    });
    return found.length === ids.length ? found[0]!.unit : null;
  },
  async run({ tx, actor, input, audit }) {
    const wanted = new Map(input.users.map((u) => [u.id, u.version]));
    if (wanted.has(actor.userId)) throw new ExpectedError("forbidden", "不能停用自己的账号，请取消勾选自己后重试");
    const users = await tx.user.findMany({
      where: { id: { in: [...wanted.keys()] } },
      select: { id: true, username: true, displayName: true, disabled: true, unitId: true },
      orderBy: { username: "asc" },
    });
    let disabled = 0;
    let sessionsEnded = 0;
    for (const u of users) {
      if (u.disabled) continue; // already disabled (by someone else meanwhile): nothing to change or record
      const res = await tx.user.updateMany({ where: { id: u.id, version: wanted.get(u.id)! }, data: { disabled: true, version: { increment: 1 } } });
      if (res.count === 0) {
        throw new ExpectedError("stale", `「${u.displayName}（${u.username}）」已被他人修改，请刷新页面后重新勾选；没有停用任何账号`);
      }
      const ended = await revokeUserSessions(tx, u.id, "disabled");
      sessionsEnded += ended;
      disabled++;
      await audit({ event: "user.disabled", unitId: u.unitId, objectType: "User", objectId: u.id, detail: { sessionsEnded: ended, via: "user.disableMany" } });
    }
    return { disabled, alreadyDisabled: users.length - disabled, sessionsEnded };
  },
});

export const resetUserPassword = defineAction({
  name: "user.resetPassword",
  permission: "user.manage",
  secondFactor: true,
  input: z.object({ id, password: passwordSchema }),
  target: async (tx, input, actor) => (await userInScope(tx, actor, input.id))?.unit ?? null,
  async run({ tx, actor, input, audit }) {
    const user = (await userInScope(tx, actor, input.id))!;
    refuseUsernameInPassword(input.password, user.username);
    const passwordHash = await hashPassword(input.password);
    // Known to the administrator now, so the user must replace it at next login.
    await tx.user.update({
      where: { id: input.id },
      data: { passwordHash, mustChangePassword: true, passwordChangedAt: new Date(), failedLogins: 0, lockedUntil: null, version: { increment: 1 } },
    });
    const ended = await revokeUserSessions(tx, input.id, "password_reset");
    await audit({ event: "user.password.reset", objectType: "User", objectId: input.id, detail: { sessionsEnded: ended } });
    return { id: input.id };
  },
});

/** Users whose unit lies in the actor's subtree. */
export async function listUsers(actor: Actor) {
  const prisma = await db();
  return prisma.user.findMany({
    where: { unit: unitScope(actor) },
    select: {
      id: true,
      username: true,
      displayName: true,
      role: true,
      disabled: true,
      lockedUntil: true,
      lastLoginAt: true,
      version: true,
      unit: { select: { id: true, name: true, code: true } },
      department: { select: { id: true, name: true } },
    },
    orderBy: [{ unit: { code: "asc" } }, { username: "asc" }],
  });
}

export async function getUserDetail(actor: Actor, userId: string) {
  const prisma = await db();
  return prisma.user.findFirst({
    where: { id: userId, unit: unitScope(actor) },
    select: {
      id: true,
      username: true,
      displayName: true,
      role: true,
      unitId: true,
      departmentId: true,
      disabled: true,
      lockedUntil: true,
      lastLoginAt: true,
      version: true,
      createdAt: true,
      totpEnabledAt: true,
      unit: { select: { name: true } },
      _count: { select: { sessions: { where: { revokedAt: null, expiresAt: { gt: new Date() } } } } },
    },
  });
}

/**
 * Clears a user's second factor (a lost phone and lost recovery codes): they enrol again at their
 * next critical operation. An administrator's own is cleared on 我的账号, not here.
 */
export const resetUserSecondFactor = defineAction({
  name: "user.resetSecondFactor",
  permission: "user.manage",
  secondFactor: true,
  input: z.object({ id, version }),
  target: async (tx, input, actor) => (await userInScope(tx, actor, input.id))?.unit ?? null,
  async run({ tx, actor, input, audit }) {
    if (input.id === actor.userId) throw new ExpectedError("forbidden", "不能在这里清除自己的第二因素，请在“我的账号”中操作");
    const user = await tx.user.findUniqueOrThrow({ where: { id: input.id }, select: { totpEnabledAt: true, totpSecret: true } });
    if (!user.totpEnabledAt && !user.totpSecret) throw new ExpectedError("invalid", "该用户没有绑定第二因素");
    const res = await tx.user.updateMany({
      where: { id: input.id, version: input.version },
      data: { totpSecret: null, totpEnabledAt: null, totpLastStep: null, version: { increment: 1 } },
    });
    if (res.count === 0) throw staleError();
    await tx.recoveryCode.deleteMany({ where: { userId: input.id } });
    await audit({ event: "user.second_factor.reset", objectType: "User", objectId: input.id, before: { enabledAt: user.totpEnabledAt } });
    return { id: input.id };
  },
});

/** The county's choice of roles that must use a second factor (beside SECOND_FACTOR_ROLES). */
export const saveSecondFactorPolicy = defineAction({
  name: "user.secondFactorPolicy",
  permission: "user.manage",
  secondFactor: true,
  input: z.object({
    countyId: id,
    roles: multiField(z.enum(ROLES, "角色无效")),
    version: z.coerce.number().int().min(0),
  }),
  target: (tx, input, actor) =>
    tx.unit.findFirst({ where: { id: input.countyId, level: "COUNTY", ...unitScope(actor) }, select: { id: true, path: true, level: true, countyId: true } }),
  async run({ tx, input, unit, audit }) {
    const existing = await tx.secondFactorPolicy.findUnique({ where: { countyId: unit.id }, select: { roles: true, version: true } });
    if ((existing?.version ?? 0) !== input.version) throw staleError();
    const roles = [...new Set(input.roles)].sort();
    if (existing) {
      await tx.secondFactorPolicy.update({ where: { countyId: unit.id }, data: { roles, version: { increment: 1 } } });
    } else {
      await tx.secondFactorPolicy.create({ data: { countyId: unit.id, roles } });
    }
    await audit({
      event: "auth.second_factor_policy.changed",
      objectType: "SecondFactorPolicy",
      objectId: unit.id,
      before: { roles: existing?.roles ?? [] },
      after: { roles },
    });
    return { roles };
  },
});

/** The county's second-factor policy for the form: roles chosen, version, and the deployment's roles. */
export async function getSecondFactorPolicy(actor: Actor, countyId: string) {
  const prisma = await db();
  const county = await prisma.unit.findFirst({ where: { id: countyId, level: "COUNTY", ...unitScope(actor) }, select: { id: true, name: true } });
  if (!county) return null;
  const policy = await prisma.secondFactorPolicy.findUnique({ where: { countyId }, select: { roles: true, version: true } });
  return { county, roles: policy?.roles ?? [], version: policy?.version ?? 0, deploymentRoles: env().SECOND_FACTOR_ROLES ?? [] };
}
