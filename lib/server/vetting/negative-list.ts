import "server-only";
// A county's negative list (负面清单): conditions with severity, look-back, evidence owner and basis.
import { z } from "zod";
import { boolField, idField, optionalIdField, versionField } from "@/lib/domain/form-fields";
import { DEFAULT_NEGATIVE_LIST } from "@/lib/domain/vetting";
import { defineAction } from "../action";
import type { Actor } from "../auth/sessions";
import { db, type Tx } from "../db";
import { ExpectedError, staleError, translateDbError } from "../errors";
import { unitScope } from "../scope";

const countyTarget = (tx: Tx, countyId: string, actor: Actor) =>
  tx.unit.findFirst({ where: { id: countyId, level: "COUNTY", ...unitScope(actor) }, select: { id: true, path: true, level: true, countyId: true } });

const conditionTarget = async (tx: Tx, id: string, actor: Actor) =>
  (
    await tx.negativeCondition.findFirst({
      where: { id, county: unitScope(actor) },
      select: { county: { select: { id: true, path: true, level: true, countyId: true } } },
    })
  )?.county ?? null;

const fields = {
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{1,20}$/, "代码为 1-20 位字母、数字或连字符"),
  text: z.string().trim().min(4, "请写明条件内容").max(500),
  severity: z.enum(["BAR", "CONCERN"], "请选择“不能”或“不宜”"),
  lookbackYears: z.preprocess((v) => (v === "" || v == null ? null : v), z.coerce.number().int().min(1).max(30).nullable()),
  departmentId: optionalIdField,
  basis: z.string().trim().min(2, "请写明政策依据").max(300),
};

async function assertDepartmentOfCounty(tx: Tx, departmentId: string | null, countyId: string) {
  if (!departmentId) return;
  const d = await tx.department.findFirst({ where: { id: departmentId, countyId }, select: { id: true } });
  if (!d) throw new ExpectedError("invalid", "所选部门不属于本县", { departmentId: "部门无效" });
}

export const loadDefaultNegativeList = defineAction({
  name: "negativeList.loadDefaults",
  permission: "negativeList.manage",
  input: z.object({ countyId: idField }),
  target: (tx, input, actor) => countyTarget(tx, input.countyId, actor),
  async run({ tx, unit, audit }) {
    const existing = new Set((await tx.negativeCondition.findMany({ where: { countyId: unit.id }, select: { code: true } })).map((c) => c.code));
    const departments = new Map((await tx.department.findMany({ where: { countyId: unit.id }, select: { id: true, name: true } })).map((d) => [d.name, d.id]));
    const fresh = DEFAULT_NEGATIVE_LIST.filter((c) => !existing.has(c.code));
    await tx.negativeCondition.createMany({
      data: fresh.map((c, i) => ({
        countyId: unit.id,
        code: c.code,
        text: c.text,
        severity: c.severity,
        lookbackYears: c.lookbackYears,
        departmentId: c.ownerDepartment ? (departments.get(c.ownerDepartment) ?? null) : null,
        basis: c.basis,
        sortOrder: existing.size + i + 1,
      })),
    });
    await audit({
      event: "negativelist.defaults.loaded",
      objectType: "NegativeCondition",
      detail: { added: fresh.length, skipped: DEFAULT_NEGATIVE_LIST.length - fresh.length },
    });
    return { added: fresh.length };
  },
});

export const createCondition = defineAction({
  name: "negativeList.create",
  permission: "negativeList.manage",
  input: z.object({ countyId: idField, ...fields }),
  target: (tx, input, actor) => countyTarget(tx, input.countyId, actor),
  async run({ tx, input, unit, audit }) {
    await assertDepartmentOfCounty(tx, input.departmentId, unit.id);
    const count = await tx.negativeCondition.count({ where: { countyId: unit.id } });
    const { countyId: _c, ...data } = input;
    const created = await tx.negativeCondition
      .create({ data: { ...data, countyId: unit.id, sortOrder: count + 1 }, select: { id: true } })
      .catch((e) => translateDbError(e, `本县负面清单已有代码「${input.code}」`));
    await audit({ event: "negativelist.created", objectType: "NegativeCondition", objectId: created.id, after: data });
    return created;
  },
});

export const updateCondition = defineAction({
  name: "negativeList.update",
  permission: "negativeList.manage",
  input: z.object({ id: idField, version: versionField, ...fields }),
  target: (tx, input, actor) => conditionTarget(tx, input.id, actor),
  async run({ tx, input, unit, audit }) {
    await assertDepartmentOfCounty(tx, input.departmentId, unit.id);
    const before = await tx.negativeCondition.findUniqueOrThrow({
      where: { id: input.id },
      select: { code: true, text: true, severity: true, lookbackYears: true, departmentId: true, basis: true },
    });
    const { id, version, ...data } = input;
    const res = await tx.negativeCondition
      .updateMany({ where: { id, version }, data: { ...data, version: { increment: 1 } } })
      .catch((e) => translateDbError(e, `本县负面清单已有代码「${input.code}」`));
    if (res.count === 0) throw staleError();
    await audit({ event: "negativelist.updated", objectType: "NegativeCondition", objectId: id, before, after: data });
    return { id };
  },
});

export const setConditionRetired = defineAction({
  name: "negativeList.setRetired",
  permission: "negativeList.manage",
  input: z.object({ id: idField, version: versionField, retired: boolField }),
  target: (tx, input, actor) => conditionTarget(tx, input.id, actor),
  async run({ tx, input, audit }) {
    const res = await tx.negativeCondition.updateMany({
      where: { id: input.id, version: input.version },
      data: { retired: input.retired, version: { increment: 1 } },
    });
    if (res.count === 0) throw staleError();
    await audit({ event: input.retired ? "negativelist.retired" : "negativelist.restored", objectType: "NegativeCondition", objectId: input.id });
    return { id: input.id };
  },
});

/** The negative list of the actor's own county (policy text, no personal data); retired ones last. */
export async function listConditions(actor: Pick<Actor, "countyId">) {
  if (!actor.countyId) return [];
  const prisma = await db();
  return prisma.negativeCondition.findMany({
    where: { countyId: actor.countyId },
    select: {
      id: true,
      code: true,
      text: true,
      severity: true,
      lookbackYears: true,
      basis: true,
      retired: true,
      version: true,
      department: { select: { id: true, name: true } },
    },
    orderBy: [{ retired: "asc" }, { sortOrder: "asc" }],
  });
}
