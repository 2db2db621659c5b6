import "server-only";
// Vetting rounds: the county sends submitted lists to every department at once (云上联审).
import { z } from "zod";
import { can } from "@/lib/domain/permissions";
import { dateOfDay, dayOf, todayInChina } from "@/lib/domain/days";
import { checkboxField, dayField, idField, multiField } from "@/lib/domain/form-fields";
import { defineAction } from "../action";
import type { Actor } from "../auth/sessions";
import { db } from "../db";
import { ExpectedError } from "../errors";
import { unitScope } from "../scope";
import { loadRound } from "./board";
import { canTakeListStep } from "@/lib/domain/workflow";

export const openVettingRound = defineAction({
  name: "vetting.openRound",
  permission: "vetting.run",
  input: z.object({
    campaignId: idField,
    name: z.string().trim().min(2, "请填写轮次名称，例如“城关镇第一批”").max(100),
    deadline: dayField("截止日期"),
    electionIds: multiField(idField).refine((ids) => ids.length > 0, "请至少选择一个已提交的村(社区)名单"),
    /** Participating departments; none given means every active department of the county. */
    departmentIds: multiField(idField),
    /** Re-examine every candidate, not only the new and changed ones (standing findings still count). */
    revetAll: checkboxField.default(false),
  }),
  target: async (tx, input, actor) =>
    (
      await tx.campaign.findFirst({
        where: { id: input.campaignId, county: unitScope(actor) },
        select: { county: { select: { id: true, path: true, level: true, countyId: true } } },
      })
    )?.county ?? null,
  async run({ tx, input, unit, audit }) {
    if (input.deadline < todayInChina()) throw new ExpectedError("invalid", "截止日期不能早于今天", { deadline: "早于今天" });
    const elections = await tx.election.findMany({
      where: { id: { in: input.electionIds }, campaignId: input.campaignId, unit: { countyId: unit.id } },
      select: { id: true, listStatus: true, unit: { select: { name: true } }, candidates: { select: { id: true, person: { select: { updatedAt: true } } } } },
    });
    if (elections.length !== new Set(input.electionIds).size) throw new ExpectedError("not_found", "所选名单不存在或不属于本次换届");
    const notSubmitted = elections.filter((e) => !canTakeListStep("openVetting", e.listStatus));
    if (notSubmitted.length) throw new ExpectedError("invalid", `以下村(社区)的名单不是“已提交联审”状态：${notSubmitted.map((e) => e.unit.name).join("、")}`);
    const active = await tx.department.findMany({ where: { countyId: unit.id, active: true }, select: { id: true } });
    const activeIds = new Set(active.map((d) => d.id));
    const departmentIds = input.departmentIds.length ? [...new Set(input.departmentIds)] : [...activeIds];
    if (departmentIds.length === 0) throw new ExpectedError("invalid", "本县没有启用的联审部门");
    if (departmentIds.some((d) => !activeIds.has(d))) throw new ExpectedError("invalid", "所选部门不属于本县或已停用", { departmentIds: "部门无效" });
    const round = await tx.vettingRound.create({
      data: { countyId: unit.id, campaignId: input.campaignId, name: input.name, deadline: dateOfDay(input.deadline), departmentIds },
      select: { id: true },
    });
    const candidates = elections.flatMap((e) => e.candidates);
    const candidateIds = candidates.map((c) => c.id);
    // A list back from an earlier round (docs/decisions/006): a candidate vetted there whose data has not
    // changed since keeps that record (every answer and the county's decision stand); a new or changed one is
    // vetted again, and so is everyone when the county asks; earlier 不能/不宜/需核实 findings count either way.
    const earlier = await tx.vettingEntry.findMany({
      where: { candidateId: { in: candidateIds } },
      select: { id: true, candidateId: true, decision: true, rationale: true, decidedById: true, decidedAt: true, round: { select: { createdAt: true } } },
      orderBy: { round: { createdAt: "asc" } },
    });
    const lastOf = new Map(earlier.map((e) => [e.candidateId, e]));
    let carried = 0;
    let revetted = 0;
    await tx.vettingEntry.createMany({
      data: candidates.map((c) => {
        const last = lastOf.get(c.id);
        if (!last) return { roundId: round.id, candidateId: c.id };
        const changed = c.person.updatedAt > last.round.createdAt;
        if (input.revetAll || changed || !last.decision) {
          revetted++;
          return { roundId: round.id, candidateId: c.id };
        }
        carried++;
        return {
          roundId: round.id,
          candidateId: c.id,
          carriedFromId: last.id,
          decision: last.decision,
          rationale: last.rationale,
          decidedById: last.decidedById,
          decidedAt: last.decidedAt,
        };
      }),
    });
    await tx.election.updateMany({ where: { id: { in: elections.map((e) => e.id) } }, data: { listStatus: "IN_VETTING", version: { increment: 1 } } });
    await audit({
      event: "vetting.round.opened",
      objectType: "VettingRound",
      objectId: round.id,
      after: {
        name: input.name,
        deadline: input.deadline,
        elections: elections.length,
        candidates: candidateIds.length,
        departments: departmentIds.length,
        carried,
        revetted,
        revetAll: input.revetAll,
      },
    });
    return { id: round.id, candidates: candidateIds.length };
  },
});

/** Rounds of the actor's county; reviewers see only open ones (they see candidates only while a round is open). */
export async function listRounds(actor: Actor) {
  if (!actor.countyId) return [];
  const prisma = await db();
  const rows = await prisma.vettingRound.findMany({
    where: {
      countyId: actor.countyId,
      ...(actor.role === "VETTING_REVIEWER"
        ? { status: "OPEN" as const, departmentIds: { has: actor.departmentId ?? "00000000-0000-0000-0000-000000000000" } }
        : {}),
    },
    select: {
      id: true,
      name: true,
      deadline: true,
      status: true,
      createdAt: true,
      campaign: { select: { name: true } },
      _count: { select: { entries: true } },
    },
    orderBy: { createdAt: "desc" },
  });
  return rows.map((r) => ({ ...r, deadline: dayOf(r.deadline) }));
}

/** Submitted lists of a campaign in the actor's county that can go into a new round. */
export async function listSubmittedElections(actor: Actor, campaignId: string) {
  const prisma = await db();
  return prisma.election.findMany({
    where: { campaignId, listStatus: "SUBMITTED", unit: unitScope(actor) },
    select: {
      id: true,
      submittedAt: true,
      unit: { select: { name: true, code: true, parent: { select: { name: true } } } },
      _count: { select: { candidates: true } },
    },
    orderBy: { unit: { code: "asc" } },
  });
}

/** The county board: every candidate × department. Null when the round is outside the actor's county. */
export async function getRoundBoard(actor: Actor, roundId: string) {
  if (!can(actor, "vetting.view", { path: actor.unitPath })) return null;
  const prisma = await db();
  const round = await prisma.vettingRound.findFirst({ where: { id: roundId, county: unitScope(actor) }, select: { id: true } });
  if (!round) return null;
  return loadRound(prisma, roundId);
}
