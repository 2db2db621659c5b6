import "server-only";
// Term election campaigns (换届) of a county.
import { z } from "zod";
import { dayOf } from "@/lib/domain/days";
import { dayField, idField, versionField } from "@/lib/domain/form-fields";
import { defineAction } from "../action";
import type { Actor } from "../auth/sessions";
import { db } from "../db";
import { ExpectedError, staleError, translateDbError } from "../errors";
import { unitScope } from "../scope";
import { effectiveRules } from "./rules";

const fields = {
  name: z.string().trim().min(2, "请填写换届名称，例如“第十二届村(居)民委员会换届选举”").max(100),
  startDate: dayField("开始日期"),
  endDate: dayField("结束日期"),
};

function checkPeriod(input: { startDate: string; endDate: string }) {
  if (input.endDate < input.startDate) throw new ExpectedError("invalid", "结束日期不能早于开始日期", { endDate: "早于开始日期" });
}

export const createCampaign = defineAction({
  name: "campaign.create",
  permission: "campaign.manage",
  input: z.object({ countyId: idField, ...fields }),
  target: (tx, input, actor) =>
    tx.unit.findFirst({ where: { id: input.countyId, level: "COUNTY", ...unitScope(actor) }, select: { id: true, path: true, level: true, countyId: true } }),
  async run({ tx, input, unit, audit }) {
    checkPeriod(input);
    const rules = await effectiveRules(tx, unit.id);
    const created = await tx.campaign
      .create({
        data: { countyId: unit.id, name: input.name, startDate: new Date(input.startDate), endDate: new Date(input.endDate), rules },
        select: { id: true, name: true },
      })
      .catch((e) => translateDbError(e, `本县已有名为「${input.name}」的换届`));
    await audit({ event: "campaign.created", objectType: "Campaign", objectId: created.id, after: { ...input, rules } });
    return created;
  },
});

export const updateCampaign = defineAction({
  name: "campaign.update",
  permission: "campaign.manage",
  input: z.object({ id: idField, version: versionField, ...fields, refreshRules: z.preprocess((v) => v === "on" || v === true, z.boolean()) }),
  target: async (tx, input, actor) =>
    (
      await tx.campaign.findFirst({
        where: { id: input.id, county: unitScope(actor) },
        select: { county: { select: { id: true, path: true, level: true, countyId: true } } },
      })
    )?.county ?? null,
  async run({ tx, input, unit, audit }) {
    checkPeriod(input);
    const before = await tx.campaign.findUniqueOrThrow({ where: { id: input.id }, select: { name: true, startDate: true, endDate: true, rules: true } });
    const rules = input.refreshRules ? await effectiveRules(tx, unit.id) : undefined;
    const res = await tx.campaign
      .updateMany({
        where: { id: input.id, version: input.version },
        data: {
          name: input.name,
          startDate: new Date(input.startDate),
          endDate: new Date(input.endDate),
          ...(rules ? { rules } : {}),
          version: { increment: 1 },
        },
      })
      .catch((e) => translateDbError(e, `本县已有名为「${input.name}」的换届`));
    if (res.count === 0) throw staleError();
    await audit({
      event: "campaign.updated",
      objectType: "Campaign",
      objectId: input.id,
      before: { name: before.name, startDate: dayOf(before.startDate), endDate: dayOf(before.endDate), ...(rules ? { rules: before.rules } : {}) },
      after: { name: input.name, startDate: input.startDate, endDate: input.endDate, ...(rules ? { rules } : {}) },
    });
    return { id: input.id };
  },
});

/** Campaigns of the counties in (or above) the actor's scope: a township sees its county's campaigns. */
export async function listCampaigns(actor: Actor) {
  const prisma = await db();
  const where = actor.countyId ? { countyId: actor.countyId } : { county: unitScope(actor) };
  const rows = await prisma.campaign.findMany({
    where,
    select: {
      id: true,
      name: true,
      startDate: true,
      endDate: true,
      status: true,
      version: true,
      county: { select: { name: true } },
      _count: { select: { elections: true } },
    },
    orderBy: { startDate: "desc" },
  });
  return rows.map((r) => ({ ...r, startDate: dayOf(r.startDate), endDate: dayOf(r.endDate) }));
}

export async function getCampaign(actor: Actor, id: string) {
  const prisma = await db();
  const where = actor.countyId ? { id, countyId: actor.countyId } : { id, county: unitScope(actor) };
  const c = await prisma.campaign.findFirst({
    where,
    select: {
      id: true,
      name: true,
      startDate: true,
      endDate: true,
      status: true,
      version: true,
      rules: true,
      countyId: true,
      county: { select: { name: true } },
    },
  });
  return c && { ...c, startDate: dayOf(c.startDate), endDate: dayOf(c.endDate) };
}
