import "server-only";
// The county's decisions: per candidate (with a rationale where a concern is overridden), a clean batch
// at once, and completing a village: the formal list with 递补, re-checked, published or returned.
import { z } from "zod";
import { addDays, dayOf, todayInChina } from "@/lib/domain/days";
import { idField, multiField } from "@/lib/domain/form-fields";
import { checkCandidateList } from "@/lib/domain/nomination-rules";
import { decisionProblem, formalSlate, ROLLUP_LABEL } from "@/lib/domain/vetting";
import { defineAction, type ActionContext } from "../action";
import type { Actor } from "../auth/sessions";
import type { Tx } from "../db";
import { ExpectedError, staleError } from "../errors";
import { checkCandidateSelect, kinshipAmong, toCheckCandidate } from "../nomination/candidates";
import { setupOf } from "../nomination/elections";
import { unitScope } from "../scope";
import { loadRound } from "./board";
import { lockEntries } from "./opinions";
import { readCampaignRules } from "@/lib/domain/stored-json";
import { assertListStep } from "../workflow";

/** Separation of duties: whoever gave an opinion in a round may not decide in it (docs/decisions/006). */
async function assertNotReviewerInRound(tx: Tx, actor: Actor, roundId: string) {
  const own = await tx.vettingOpinion.count({ where: { reviewerId: actor.userId, entry: { roundId } } });
  if (own > 0) throw new ExpectedError("forbidden", "您在本轮联审中出具过部门意见，不能再作出县级决定（审决分离）");
}

async function entryVillage(tx: Tx, entryId: string, actor: Actor) {
  const e = await tx.vettingEntry.findFirst({
    where: { id: entryId, round: { county: unitScope(actor) } },
    select: { candidate: { select: { election: { select: { unit: { select: { id: true, path: true, level: true, countyId: true } } } } } } },
  });
  return e?.candidate.election.unit ?? null;
}

export const decide = defineAction({
  name: "vetting.decide",
  permission: "vetting.run",
  input: z.object({
    entryId: idField,
    decision: z.enum(["APPROVE", "REJECT"], "请选择通过或不通过"),
    rationale: z.string().trim().max(1000).default(""),
    /** How many opinions the deciding person saw; a newer one makes the decision stale. */
    opinionsSeen: z.coerce.number().int().min(0),
  }),
  target: (tx, input, actor) => entryVillage(tx, input.entryId, actor),
  async run({ tx, actor, input, audit }) {
    const entry = await tx.vettingEntry.findUniqueOrThrow({
      where: { id: input.entryId },
      select: { roundId: true, version: true, round: { select: { status: true, createdAt: true } } },
    });
    if (entry.round.status !== "OPEN") throw new ExpectedError("invalid", "本轮联审已结束");
    await assertNotReviewerInRound(tx, actor, entry.roundId);
    await lockEntries(tx, [input.entryId]);
    const { rows } = await loadRound(tx, entry.roundId, { entryIds: [input.entryId] });
    const row = rows[0]!;
    if (!row.active) throw new ExpectedError("invalid", "该村(社区)名单已完成本轮联审（已公布正式候选人或已退回乡镇），不能再作决定");
    const label = (d: "APPROVED" | "REJECTED") => (d === "APPROVED" ? "通过" : "不通过");
    // A decision carried over from an earlier round stands, and so does one taken before the newest opinion
    // arrived; the county may turn either round, with a reason. Any other decision is final.
    const carried = row.carry === "ALL" && !!row.decision && !!row.decidedAt && row.decidedAt < entry.round.createdAt;
    const lastOpinionAt = Object.values(row.opinions).reduce((m, o) => (o.createdAt > m ? o.createdAt : m), "");
    const overtaken = !!row.decision && !!row.decidedAt && lastOpinionAt > row.decidedAt.toISOString();
    const wanted = input.decision === "APPROVE" ? "APPROVED" : "REJECTED";
    if (row.decision && !carried && !overtaken) throw new ExpectedError("conflict", `该候选人已有决定（${label(row.decision)}），不能重复决定`);
    if (row.decision === wanted) {
      throw new ExpectedError(
        "conflict",
        carried ? `该候选人沿用前轮联审的决定（${label(wanted)}），不需要重复决定` : `该候选人已有决定（${label(wanted)}），不需要重复决定`,
      );
    }
    if (row.opinionCount !== input.opinionsSeen) {
      throw new ExpectedError("stale", `您查看后又有 ${row.opinionCount - input.opinionsSeen} 条部门意见到达，请刷新页面、看过新意见后再决定`);
    }
    const standing = row.decision ?? row.previousDecision?.decision ?? null;
    const previous = standing ? (standing === "APPROVED" ? "APPROVE" : "REJECT") : null;
    const problem = decisionProblem(row.rollUp.status, input.decision, input.rationale, previous);
    if (problem) throw new ExpectedError("invalid", problem);
    const res = await tx.vettingEntry.updateMany({
      where: { id: input.entryId, version: entry.version },
      data: {
        decision: input.decision === "APPROVE" ? "APPROVED" : "REJECTED",
        rationale: input.rationale || null,
        decidedById: actor.userId,
        decidedAt: new Date(),
        version: { increment: 1 },
      },
    });
    if (res.count === 0) throw staleError();
    await audit({
      event: "vetting.decided",
      objectType: "VettingEntry",
      objectId: input.entryId,
      ...(row.decision && !carried
        ? { before: { decision: row.decision, overtaken: true } }
        : row.previousDecision
          ? { before: { decision: row.previousDecision.decision, round: row.previousDecision.roundName, carried } }
          : {}),
      after: { decision: input.decision, status: row.rollUp.status, rationale: input.rationale || null, opinionsSeen: input.opinionsSeen },
    });
    return { id: input.entryId };
  },
});

export const decideBatch = defineAction({
  name: "vetting.approveEligible",
  permission: "vetting.run",
  input: z.object({ roundId: idField, entryIds: multiField(idField).refine((ids) => ids.length > 0, "请选择候选人") }),
  target: (tx, input, actor) =>
    tx.unit.findFirst({
      where: { vettingRounds: { some: { id: input.roundId } }, ...unitScope(actor) },
      select: { id: true, path: true, level: true, countyId: true },
    }),
  async run({ tx, actor, input, audit }) {
    const round = await tx.vettingRound.findUniqueOrThrow({ where: { id: input.roundId }, select: { status: true } });
    if (round.status !== "OPEN") throw new ExpectedError("invalid", "本轮联审已结束");
    await assertNotReviewerInRound(tx, actor, input.roundId);
    await lockEntries(tx, input.entryIds);
    // Decided on the data as it is inside this transaction: only candidates every department cleared.
    const { rows } = await loadRound(tx, input.roundId, { entryIds: input.entryIds });
    // Never turns round an earlier 不通过 in bulk: that needs a reason, one candidate at a time.
    const eligible = rows.filter((r) => r.rollUp.status === "ELIGIBLE" && r.decision === null && r.active && r.previousDecision?.decision !== "REJECTED");
    await tx.vettingEntry.updateMany({
      where: { id: { in: eligible.map((r) => r.entryId) }, decision: null },
      data: { decision: "APPROVED", decidedById: actor.userId, decidedAt: new Date(), version: { increment: 1 } },
    });
    await audit({
      event: "vetting.decided",
      objectType: "VettingRound",
      objectId: input.roundId,
      detail: { batch: true, approved: eligible.length, skipped: input.entryIds.length - eligible.length },
    });
    return { approved: eligible.length, skipped: input.entryIds.length - eligible.length };
  },
});

/**
 * Closes the rounds that have nothing left to vet once a village is done: no candidate in them is still on a
 * list in vetting without a later round having taken them up. A closed round takes no more opinions or
 * decisions and drops out of the departments' queues.
 */
async function closeFinishedRounds(tx: Tx, electionId: string, audit: ActionContext<unknown>["audit"]) {
  const rounds = await tx.vettingRound.findMany({
    where: { status: "OPEN", entries: { some: { candidate: { electionId } } } },
    select: { id: true, countyId: true, createdAt: true },
  });
  for (const r of rounds) {
    const open = await tx.vettingEntry.count({
      where: { roundId: r.id, candidate: { election: { listStatus: "IN_VETTING" }, vettingEntries: { none: { round: { createdAt: { gt: r.createdAt } } } } } },
    });
    if (open > 0) continue;
    const res = await tx.vettingRound.updateMany({
      where: { id: r.id, status: "OPEN" },
      data: { status: "CLOSED", closedAt: new Date(), version: { increment: 1 } },
    });
    if (res.count === 1)
      await audit({ event: "vetting.round.closed", objectType: "VettingRound", objectId: r.id, unitId: r.countyId, detail: { lastElectionId: electionId } });
  }
}

/**
 * Completes one village: every candidate decided → the formal slate (递补 where someone above was
 * rejected), re-checked against the rules. Clean → published (FORMAL); otherwise back to the
 * township with exactly why (RETURNED).
 */
export const completeElection = defineAction({
  name: "vetting.complete",
  permission: "vetting.run",
  input: z.object({
    electionId: idField,
    /** How to reduce a post with more approved candidates than places; asked for only then. */
    reduction: z.preprocess((v) => (v === "" ? undefined : v), z.enum(["NOMINATION_VOTES", "PRESELECTION"], "请选择减少方式").optional()),
    /** 预选 results: candidate ids and their votes, in the same order. */
    preselectionIds: multiField(idField),
    preselectionVotes: multiField(z.string().trim()),
    /** At a tie on the cut-off: the candidates the county puts on the list after deciding it locally. */
    tieWinners: multiField(idField),
  }),
  target: async (tx, input, actor) =>
    (
      await tx.election.findFirst({
        where: { id: input.electionId, unit: unitScope(actor) },
        select: { unit: { select: { id: true, path: true, level: true, countyId: true } } },
      })
    )?.unit ?? null,
  async run({ tx, input, audit }) {
    const e = await tx.election.findUniqueOrThrow({
      where: { id: input.electionId },
      select: {
        id: true,
        listStatus: true,
        electionDay: true,
        method: true,
        seatsDirector: true,
        seatsDeputy: true,
        seatsMember: true,
        seatsWomenMember: true,
        registeredVoters: true,
        unit: { select: { kind: true, name: true } },
        campaign: { select: { rules: true } },
        candidates: {
          select: {
            ...checkCandidateSelect,
            nominationVotes: true,
            nominatorCount: true,
            vettingEntries: { select: { decision: true }, orderBy: { round: { createdAt: "desc" } }, take: 1 },
          },
        },
      },
    });
    assertListStep("publish", e.listStatus);
    const undecided = e.candidates.filter((c) => !c.vettingEntries[0]?.decision);
    if (undecided.length) throw new ExpectedError("invalid", `还有 ${undecided.length} 名候选人未作决定：${undecided.map((c) => c.person.name).join("、")}`);
    // An approval that a later opinion contradicts (a new 不能, a conflict, a 需核实) must be decided again first.
    const current = await tx.vettingEntry.findFirst({
      where: { candidate: { electionId: e.id } },
      orderBy: { round: { createdAt: "desc" } },
      select: { roundId: true },
    });
    if (current) {
      const ids = (await tx.vettingEntry.findMany({ where: { roundId: current.roundId, candidate: { electionId: e.id } }, select: { id: true } })).map(
        (x) => x.id,
      );
      const { rows } = await loadRound(tx, current.roundId, { entryIds: ids });
      const contradicted = rows.filter(
        (r) => r.decision === "APPROVED" && (["DISQUALIFIED", "CONFLICT", "NEEDS_VERIFICATION"] as const).some((s) => s === r.rollUp.status),
      );
      if (contradicted.length) {
        throw new ExpectedError(
          "invalid",
          `以下候选人作出“通过”决定后又有部门出具新意见，须先重新决定：${contradicted.map((r) => `${r.name}（${ROLLUP_LABEL[r.rollUp.status]}）`).join("、")}`,
        );
      }
    }
    const rules = readCampaignRules(e.campaign.rules);
    const setup = setupOf({ ...e, unitKind: e.unit.kind });
    const preselectionVotes: Record<string, number> = {};
    if (input.reduction === "PRESELECTION") {
      const known = new Map(e.candidates.map((c) => [c.id, c.person.name]));
      input.preselectionIds.forEach((id, i) => {
        const raw = input.preselectionVotes[i] ?? "";
        if (raw === "") return;
        if (!known.has(id)) throw new ExpectedError("invalid", "预选结果中有不属于本村(社区)名单的候选人");
        if (!/^\d{1,7}$/.test(raw)) throw new ExpectedError("invalid", `${known.get(id)}的预选得票「${raw}」应为 0 或正整数`);
        preselectionVotes[id] = Number(raw);
      });
    }
    const reduction = input.reduction ? { by: input.reduction, preselectionVotes, tieWinners: input.tieWinners } : null;
    const slate = formalSlate({
      seats: setup.seats,
      margins: rules.margins,
      method: e.method,
      reduction,
      candidates: e.candidates.map((c) => ({
        id: c.id,
        name: c.person.name,
        post: c.post,
        nominationVotes: c.nominationVotes,
        nominatorCount: c.nominatorCount,
        decision: c.vettingEntries[0]!.decision,
      })),
    });
    // Too many approved for the places: held until the county says how to reduce (never cut silently).
    if (slate.held.length) throw new ExpectedError("invalid", `正式候选人超过名额，须先确定如何减少。${slate.held.join("；")}`);
    const formalIds = new Set(slate.formal.map((f) => f.id));
    const forCheck = e.candidates.filter((c) => formalIds.has(c.id)).map(toCheckCandidate);
    const kinship = await kinshipAmong(
      tx,
      forCheck.map((c) => c.personId),
    );
    // Timing is judged at publication: today against the posting deadline.
    const errors = checkCandidateList({ setup, rules, candidates: forCheck, kinship, elsewhere: [], today: todayInChina() }).filter(
      (p) => p.severity === "error",
    );
    // Clear any earlier publication, then write this one.
    await tx.candidate.updateMany({ where: { electionId: e.id }, data: { formalRank: null, replacement: false } });
    if (errors.length) {
      const reason = `联审后正式候选人名单不符合规则：${errors.map((p) => p.message).join("；")}`.slice(0, 500);
      await tx.election.update({ where: { id: e.id }, data: { listStatus: "RETURNED", returnedReason: reason, version: { increment: 1 } } });
      await audit({
        event: "vetting.list.completed",
        objectType: "Election",
        objectId: e.id,
        detail: {
          outcome: "returned",
          formal: slate.formal.length,
          problems: errors.length,
          ...(slate.reductions.length ? { reductions: slate.reductions } : {}),
        },
      });
      await closeFinishedRounds(tx, e.id, audit);
      return { published: false, reason, explanation: slate.explanation };
    }
    for (const f of slate.formal) await tx.candidate.update({ where: { id: f.id }, data: { formalRank: f.rank, replacement: f.replacement } });
    await tx.election.update({ where: { id: e.id }, data: { listStatus: "FORMAL", formalPublishedAt: new Date(), version: { increment: 1 } } });
    const deadline = addDays(dayOf(e.electionDay), -rules.candidateListPostingDays);
    await audit({
      event: "vetting.list.completed",
      objectType: "Election",
      objectId: e.id,
      detail: {
        outcome: "published",
        formal: slate.formal.length,
        replacements: slate.formal.filter((f) => f.replacement).length,
        postingDeadline: deadline,
        ...(slate.reductions.length ? { reductions: slate.reductions } : {}),
      },
    });
    await closeFinishedRounds(tx, e.id, audit);
    return { published: true, reason: null, explanation: slate.explanation };
  },
});
