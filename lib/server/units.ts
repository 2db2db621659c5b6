import "server-only";
// Administrative units: reads and the unit.* actions.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { boolField, idField as id, versionField as version } from "@/lib/domain/form-fields";
import {
  childLevel,
  childPath,
  KIND_LABEL,
  KINDS_BY_LEVEL,
  LEVEL_LABEL,
  UNIT_KINDS,
  unitCodeProblem,
  unitCodeSchema,
  type UnitLevel,
} from "@/lib/domain/units";
import { defineAction } from "./action";
import type { Actor } from "./auth/sessions";
import { db, type Tx } from "./db";
import { ExpectedError, staleError } from "./errors";
import { findUnitInScope, unitScope } from "./scope";

const name = z.string().trim().min(1, "请填写单位名称").max(100, "名称最多 100 个字");

async function assertCodeFree(tx: Tx, code: string, exceptId?: string) {
  const clash = await tx.unit.findFirst({ where: { code, ...(exceptId ? { NOT: { id: exceptId } } : {}) }, select: { name: true } });
  if (clash) throw new ExpectedError("conflict", `统计用区划代码 ${code} 已被「${clash.name}」使用`, { code: "代码重复" });
}

function refuseOwnUnit(actor: Actor, unitId: string) {
  if (unitId === actor.unitId) throw new ExpectedError("forbidden", "不能修改您自己所在的单位，请联系上级管理员");
}

export const createUnit = defineAction({
  name: "unit.create",
  permission: "unit.manage",
  input: z.object({ parentId: id, name, code: unitCodeSchema, kind: z.enum(UNIT_KINDS) }),
  target: (tx, input, actor) => findUnitInScope(tx, actor, input.parentId),
  async run({ tx, input, unit: parent, audit }) {
    const level = childLevel(parent.level as UnitLevel);
    if (!level) throw new ExpectedError("invalid", "村(社区)下不能再建下级单位");
    if (!KINDS_BY_LEVEL[level].includes(input.kind)) {
      throw new ExpectedError("invalid", `${LEVEL_LABEL[level]}单位不能是「${KIND_LABEL[input.kind]}」`, { kind: "类型不符" });
    }
    const parentRow = await tx.unit.findUniqueOrThrow({ where: { id: parent.id }, select: { code: true, level: true } });
    const problem = unitCodeProblem(input.code, level, parentRow);
    if (problem) throw new ExpectedError("invalid", problem, { code: problem });
    await assertCodeFree(tx, input.code);
    const newId = randomUUID();
    const created = await tx.unit.create({
      data: {
        id: newId,
        code: input.code,
        name: input.name,
        level,
        kind: input.kind,
        parentId: parent.id,
        path: childPath(parent.path, newId),
        countyId: level === "COUNTY" ? newId : parent.countyId,
      },
      select: { id: true, code: true, name: true, level: true, kind: true },
    });
    await audit({ event: "unit.created", unitId: created.id, objectType: "Unit", objectId: created.id, after: created });
    return created;
  },
});

export const updateUnit = defineAction({
  name: "unit.update",
  permission: "unit.manage",
  input: z.object({ id, version, name, code: unitCodeSchema, kind: z.enum(UNIT_KINDS) }),
  target: (tx, input, actor) => findUnitInScope(tx, actor, input.id),
  async run({ tx, actor, input, unit, audit }) {
    refuseOwnUnit(actor, unit.id);
    const before = await tx.unit.findUniqueOrThrow({
      where: { id: unit.id },
      select: { name: true, code: true, kind: true, level: true, parent: { select: { code: true, level: true } } },
    });
    if (!KINDS_BY_LEVEL[before.level].includes(input.kind)) {
      throw new ExpectedError("invalid", `${LEVEL_LABEL[before.level]}单位不能是「${KIND_LABEL[input.kind]}」`, { kind: "类型不符" });
    }
    const problem = unitCodeProblem(input.code, before.level, before.parent);
    if (problem) throw new ExpectedError("invalid", problem, { code: problem });
    if (input.code !== before.code) {
      await assertCodeFree(tx, input.code, unit.id);
      const childCount = await tx.unit.count({ where: { parentId: unit.id } });
      if (childCount > 0) throw new ExpectedError("invalid", "该单位已有下级单位，不能修改代码", { code: "有下级单位" });
    }
    const res = await tx.unit.updateMany({
      where: { id: unit.id, version: input.version },
      data: { name: input.name, code: input.code, kind: input.kind, version: { increment: 1 } },
    });
    if (res.count === 0) throw staleError();
    const after = { name: input.name, code: input.code, kind: input.kind };
    await audit({
      event: "unit.updated",
      unitId: unit.id,
      objectType: "Unit",
      objectId: unit.id,
      before: { name: before.name, code: before.code, kind: before.kind },
      after,
    });
    return { id: unit.id };
  },
});

/**
 * Refuses to deactivate a unit while it or a unit below it has election data (elections with their
 * candidates, voter rolls, past-term members) or enabled users: the one rule of unit.setActive and unit.deactivate.
 */
export async function refuseDeactivation(tx: Tx, path: string, name: string) {
  const subtree = { path: { startsWith: path } };
  const [elections, rolls, pastMembers, users] = await Promise.all([
    tx.election.count({ where: { unit: subtree } }),
    tx.voterRoll.count({ where: { unit: subtree } }),
    tx.pastTermMember.count({ where: { unit: subtree } }),
    tx.user.count({ where: { disabled: false, unit: subtree } }),
  ]);
  const data = [elections && `${elections} 个村(社区)选举（含候选人）`, rolls && `${rolls} 份选民名单`, pastMembers && `${pastMembers} 名往届成员`].filter(
    Boolean,
  );
  if (data.length) throw new ExpectedError("invalid", `「${name}」及其下级单位已有选举数据（${data.join("、")}），不能停用；单位保持不变`);
  if (users) throw new ExpectedError("invalid", `「${name}」及其下级还有 ${users} 个启用的用户，请先停用或调整这些用户`);
}

export const setUnitActive = defineAction({
  name: "unit.setActive",
  permission: "unit.manage",
  input: z.object({ id, version, active: boolField }),
  target: (tx, input, actor) => findUnitInScope(tx, actor, input.id),
  async run({ tx, actor, input, unit, audit }) {
    refuseOwnUnit(actor, unit.id);
    if (!input.active) {
      const row = await tx.unit.findUniqueOrThrow({ where: { id: unit.id }, select: { name: true } });
      await refuseDeactivation(tx, unit.path, row.name);
    }
    const res = await tx.unit.updateMany({
      where: { id: unit.id, version: input.version },
      data: { active: input.active, version: { increment: 1 } },
    });
    if (res.count === 0) throw staleError();
    await audit({ event: input.active ? "unit.activated" : "unit.deactivated", unitId: unit.id, objectType: "Unit", objectId: unit.id });
    return { id: unit.id };
  },
});

export type UnitRow = {
  id: string;
  code: string;
  name: string;
  level: UnitLevel;
  kind: (typeof UNIT_KINDS)[number];
  parentId: string | null;
  active: boolean;
  version: number;
  depth: number;
};

/** Every unit in the actor's subtree, in tree order (parent before children, by code). */
export async function listSubtreeUnits(actor: Actor): Promise<UnitRow[]> {
  const prisma = await db();
  const rows = await prisma.unit.findMany({
    where: unitScope(actor),
    select: { id: true, code: true, name: true, level: true, kind: true, parentId: true, active: true, version: true, path: true },
    orderBy: { code: "asc" },
  });
  const base = actor.unitPath.split("/").length;
  return rows.map(({ path, ...r }) => ({ ...r, depth: path.split("/").length - base }));
}

export async function getUnitDetail(actor: Actor, unitId: string) {
  const prisma = await db();
  const unit = await prisma.unit.findFirst({
    where: { id: unitId, ...unitScope(actor) },
    select: {
      id: true,
      code: true,
      name: true,
      level: true,
      kind: true,
      active: true,
      version: true,
      path: true,
      parent: { select: { id: true, name: true, path: true } },
      children: { select: { id: true, code: true, name: true, kind: true, level: true, active: true }, orderBy: { code: "asc" } },
      _count: { select: { users: true } },
    },
  });
  if (!unit) return null;
  // The parent is only linkable when it lies inside the actor's scope.
  const parent = unit.parent && unit.parent.path.startsWith(actor.unitPath) ? { id: unit.parent.id, name: unit.parent.name } : null;
  const { path: _path, parent: _p, ...rest } = unit;
  return { ...rest, parent, isOwnUnit: unit.id === actor.unitId };
}

/** Units in scope where a role of the given levels may be assigned (for user forms). */
export async function listAssignableUnits(actor: Actor) {
  const prisma = await db();
  return prisma.unit.findMany({
    where: { ...unitScope(actor), active: true },
    select: { id: true, name: true, code: true, level: true, countyId: true },
    orderBy: { code: "asc" },
  });
}

/** Counties in the actor's scope (for county pickers). */
export async function listCountiesInScope(actor: Actor) {
  const prisma = await db();
  return prisma.unit.findMany({
    where: { ...unitScope(actor), level: "COUNTY", active: true },
    select: { id: true, name: true, code: true },
    orderBy: { code: "asc" },
  });
}
