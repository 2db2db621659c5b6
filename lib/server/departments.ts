import "server-only";
// County vetting departments (联审部门): reads and the department.* actions.
import { z } from "zod";
import { boolField, idField as id, intField, versionField as version } from "@/lib/domain/form-fields";
import { defineAction } from "./action";
import type { Actor } from "./auth/sessions";
import { db, type Tx } from "./db";
import { ExpectedError, staleError, translateDbError } from "./errors";
import { unitScope } from "./scope";

const fields = {
  name: z.string().trim().min(1, "请填写部门名称").max(100, "名称最多 100 个字"),
  duty: z.string().trim().max(500, "职责说明最多 500 个字").default(""),
  sortOrder: intField(0, 999, "排序").default(0),
};

function departmentInScope(tx: Tx, actor: Actor, departmentId: string) {
  return tx.department.findFirst({
    where: { id: departmentId, county: unitScope(actor) },
    select: { id: true, name: true, duty: true, sortOrder: true, active: true, county: { select: { id: true, path: true, level: true, countyId: true } } },
  });
}

const duplicate = (name: string) => `本县已有名为「${name}」的联审部门`;

export const createDepartment = defineAction({
  name: "department.create",
  permission: "department.manage",
  input: z.object({ countyId: id, ...fields }),
  target: (tx, input, actor) =>
    tx.unit.findFirst({ where: { id: input.countyId, level: "COUNTY", ...unitScope(actor) }, select: { id: true, path: true, level: true, countyId: true } }),
  async run({ tx, input, unit, audit }) {
    const created = await tx.department
      .create({
        data: { countyId: unit.id, name: input.name, duty: input.duty, sortOrder: input.sortOrder },
        select: { id: true, name: true, duty: true, sortOrder: true },
      })
      .catch((e) => translateDbError(e, duplicate(input.name)));
    await audit({ event: "department.created", objectType: "Department", objectId: created.id, after: created });
    return created;
  },
});

export const updateDepartment = defineAction({
  name: "department.update",
  permission: "department.manage",
  input: z.object({ id, version, ...fields }),
  target: async (tx, input, actor) => (await departmentInScope(tx, actor, input.id))?.county ?? null,
  async run({ tx, input, actor, audit }) {
    const before = (await departmentInScope(tx, actor, input.id))!;
    const res = await tx.department
      .updateMany({
        where: { id: input.id, version: input.version },
        data: { name: input.name, duty: input.duty, sortOrder: input.sortOrder, version: { increment: 1 } },
      })
      .catch((e) => translateDbError(e, duplicate(input.name)));
    if (res.count === 0) throw staleError();
    await audit({
      event: "department.updated",
      objectType: "Department",
      objectId: input.id,
      before: { name: before.name, duty: before.duty, sortOrder: before.sortOrder },
      after: { name: input.name, duty: input.duty, sortOrder: input.sortOrder },
    });
    return { id: input.id };
  },
});

export const setDepartmentActive = defineAction({
  name: "department.setActive",
  permission: "department.manage",
  input: z.object({ id, version, active: boolField }),
  target: async (tx, input, actor) => (await departmentInScope(tx, actor, input.id))?.county ?? null,
  async run({ tx, input, audit }) {
    if (!input.active) {
      const reviewers = await tx.user.count({ where: { departmentId: input.id, disabled: false } });
      if (reviewers > 0) throw new ExpectedError("invalid", `该部门还有 ${reviewers} 个启用的审核员账号，请先停用`);
    }
    const res = await tx.department.updateMany({ where: { id: input.id, version: input.version }, data: { active: input.active, version: { increment: 1 } } });
    if (res.count === 0) throw staleError();
    await audit({ event: input.active ? "department.activated" : "department.deactivated", objectType: "Department", objectId: input.id });
    return { id: input.id };
  },
});

/** Departments of the counties in the actor's scope. */
export async function listDepartments(actor: Actor) {
  const prisma = await db();
  return prisma.department.findMany({
    where: { county: unitScope(actor) },
    select: {
      id: true,
      name: true,
      duty: true,
      sortOrder: true,
      active: true,
      version: true,
      county: { select: { id: true, name: true } },
      _count: { select: { users: { where: { disabled: false } } } },
    },
    orderBy: [{ county: { code: "asc" } }, { sortOrder: "asc" }, { name: "asc" }],
  });
}
