import "server-only";
// Voting rounds: the first vote on the formal list, a re-vote after a void round, and the runoff
// (另行选举) or tie re-vote the rules engine calls for. Each round has its own ballot, tallies and
// decision; the decision is stored with the engine input it came from, so it can be replayed.
import { z } from "zod";
import { firstRoundBallot, nextRound, type Ballot } from "@/lib/domain/ballot";
import { checkElectionInput, decideElection, type ElectionDecision, type ElectionInput } from "@/lib/domain/election-engine";
import { idField } from "@/lib/domain/form-fields";
import { can } from "@/lib/domain/permissions";
import { Prisma } from "@/lib/generated/prisma/client";
import { engineInputFor, sumTallies } from "@/lib/domain/tally";
import { defineAction } from "../action";
import type { Actor } from "../auth/sessions";
import { db, type Tx } from "../db";
import { ExpectedError } from "../errors";
import { unitScope } from "../scope";
import { pollingSetupProblems } from "./polling";
import { electionTarget } from "../nomination/elections";
import { assertNotConfirmed, roundLabel, roundUnit } from "./shared";
import { TALLY_STATUS_LABEL, type TallyStatus } from "./tallies";
import {
  readBallot,
  readCampaignRules,
  readDecision,
  readDecisionOrNull,
  readEngineInput,
  readEngineInputOrNull,
  readTallyValues,
} from "@/lib/domain/stored-json";
import { canTakeResultStep, resultStage } from "@/lib/domain/workflow";
import { registeredVotersOf } from "../voters/registered";

type StoredRound = {
  id: string;
  number: number;
  kind: "FIRST" | "RUNOFF";
  status: "COUNTING" | "DECIDED";
  ballot: unknown;
  engineInput: unknown;
  decision: unknown;
};

/** The round that comes next, or why none can start. */
async function plannedRound(tx: Tx, electionId: string): Promise<{ number: number; kind: "FIRST" | "RUNOFF"; ballot: Ballot } | { problem: string }> {
  const e = await tx.election.findUniqueOrThrow({
    where: { id: electionId },
    select: {
      listStatus: true,
      seatsDirector: true,
      seatsDeputy: true,
      seatsMember: true,
      seatsWomenMember: true,
      candidates: { where: { formalRank: { not: null } }, select: { id: true, post: true, person: { select: { name: true, gender: true } } } },
      rounds: {
        orderBy: { number: "desc" },
        take: 1,
        select: { id: true, number: true, kind: true, status: true, ballot: true, engineInput: true, decision: true },
      },
    },
  });
  if (e.listStatus !== "FORMAL") return { problem: "正式候选人名单尚未公布，不能开始投票计票" };
  const last = e.rounds[0] as StoredRound | undefined;
  if (!last) {
    const ballot = firstRoundBallot(
      { DIRECTOR: e.seatsDirector, DEPUTY: e.seatsDeputy, MEMBER: e.seatsMember, WOMEN_MEMBER: e.seatsWomenMember },
      e.candidates.map((c) => ({ id: c.id, post: c.post, name: c.person.name, gender: c.person.gender })),
    );
    return { number: 1, kind: "FIRST", ballot };
  }
  if (last.status !== "DECIDED") return { problem: `${roundLabel(last)}尚未判定结果` };
  const next = nextRound({ kind: last.kind, ballot: readBallot(last.ballot), input: readEngineInput(last.engineInput), decision: readDecision(last.decision) });
  if (!next) return { problem: "上一轮已没有需要另行选举或重新投票的名额" };
  return { number: last.number + 1, ...next };
}

/** Starts the next round: its ballot is fixed now and printed from it. */
export const openVotingRound = defineAction({
  name: "round.open",
  permission: "tally.enter",
  // number: the round the page offered, so a double click cannot start two.
  input: z.object({ electionId: idField, number: z.coerce.number().int().min(1) }),
  target: (tx, input, actor) => electionTarget(tx, actor, input.electionId),
  async run({ tx, input, audit }) {
    const e = await tx.election.findUniqueOrThrow({ where: { id: input.electionId }, select: { id: true, resultConfirmedAt: true } });
    assertNotConfirmed(e);
    const planned = await plannedRound(tx, e.id);
    if ("problem" in planned) throw new ExpectedError("invalid", planned.problem);
    if (planned.number !== input.number) throw new ExpectedError("stale", `第${input.number}轮已经开始（或情况已变化），请刷新页面`);
    if (planned.number === 1) {
      const problems = (await pollingSetupProblems(tx, e.id)).filter((p) => p.severity === "error");
      if (problems.length) throw new ExpectedError("invalid", `投票设置还有问题：${problems.map((p) => p.message).join("；")}`);
    }
    const round = await tx.votingRound.create({
      data: { electionId: e.id, number: planned.number, kind: planned.kind, ballot: planned.ballot },
      select: { id: true },
    });
    await audit({
      event: "round.opened",
      objectType: "VotingRound",
      objectId: round.id,
      after: {
        number: planned.number,
        kind: planned.kind,
        sections: planned.ballot.sections.map((s) => ({ post: s.appPost, seats: s.seats, candidates: s.candidates.map((c) => c.name) })),
      },
    });
    return { id: round.id, number: planned.number };
  },
});

/** The engine's input for a round from its accepted box tallies, or why it cannot be built yet. */
async function roundInput(tx: Tx, roundId: string): Promise<{ input: ElectionInput; exceeding: string[] } | { problem: string }> {
  const round = await tx.votingRound.findUniqueOrThrow({
    where: { id: roundId },
    select: {
      kind: true,
      ballot: true,
      election: {
        select: { campaignId: true, unitId: true, registeredVoters: true, campaign: { select: { rules: true } }, boxes: { select: { id: true, name: true } } },
      },
      tallies: { select: { boxId: true, status: true, acceptedEntryId: true } },
    },
  });
  const byBox = new Map(round.tallies.map((t) => [t.boxId, t]));
  const missing = round.election.boxes.filter((b) => byBox.get(b.id)?.status !== "ACCEPTED");
  if (round.election.boxes.length === 0) return { problem: "没有设置票箱" };
  if (missing.length) {
    return {
      problem: `还有票箱未计入：${missing.map((b) => `${b.name}（${TALLY_STATUS_LABEL[(byBox.get(b.id)?.status ?? "EMPTY") as TallyStatus]}）`).join("、")}`,
    };
  }
  const entries = await tx.tallyEntry.findMany({
    where: { id: { in: round.tallies.map((t) => t.acceptedEntryId!).filter(Boolean) } },
    select: { values: true, boxTally: { select: { box: { select: { name: true } } } } },
  });
  const totals = sumTallies(entries.map((e) => readTallyValues(e.values)));
  // A box that returned more ballots than it issued voids the round even when other boxes hide it in
  // the village totals (docs/rules/election-day.md, edge case 24, applied per box; docs/decisions/007).
  const exceeding = entries
    .map((e) => ({ box: e.boxTally.box.name, v: readTallyValues(e.values) }))
    .filter((x) => x.v.ballotsReturned > x.v.ballotsIssued)
    .map((x) => `${x.box}收回选票 ${x.v.ballotsReturned} 张，多于发出选票 ${x.v.ballotsIssued} 张`);
  // The posted voter roll's count when there is one, else the number typed on the setup (issue 13).
  const registered = await registeredVotersOf(tx, round.election);
  const input = engineInputFor({
    kind: round.kind,
    rules: readCampaignRules(round.election.campaign.rules),
    registeredVoters: registered.count,
    ballot: readBallot(round.ballot),
    totals,
  });
  const checked = checkElectionInput(input);
  if (!checked.ok) return { problem: `各票箱合计后无法判定：${checked.error.message}（${checked.error.field}）` };
  return { input: checked.input, exceeding };
}

/** The engine's decision, voided when a single box returned more ballots than it issued. */
function decideWithBoxes(input: ElectionInput, exceeding: string[]): ElectionDecision {
  const decision = decideElection(input);
  if (!exceeding.length || !decision.valid) return decision;
  return {
    valid: false,
    invalidReason: "ballotsExceedIssued",
    elected: [],
    unfilled: [],
    ties: [],
    runoffCandidates: [],
    explanations: [{ post: null, who: null, text: `${exceeding.join("；")}，本轮选举无效，须重新投票` }, ...decision.explanations.slice(0, 1)],
  };
}

/** Adds up every box (mobile boxes with the rest) and lets the rules engine decide the round. */
export const decideRound = defineAction({
  name: "round.decide",
  permission: "tally.enter",
  input: z.object({ roundId: idField, version: z.coerce.number().int().positive() }),
  target: (tx, input, actor) => roundUnit(tx, actor, input.roundId),
  async run({ tx, actor, input, audit }) {
    const round = await tx.votingRound.findUniqueOrThrow({
      where: { id: input.roundId },
      select: { id: true, number: true, kind: true, status: true, version: true, election: { select: { resultConfirmedAt: true } } },
    });
    assertNotConfirmed(round.election);
    if (round.status === "DECIDED") throw new ExpectedError("stale", `${roundLabel(round)}已经判定，请刷新页面`);
    const built = await roundInput(tx, round.id);
    if ("problem" in built) throw new ExpectedError("invalid", built.problem);
    const decision = decideWithBoxes(built.input, built.exceeding);
    const res = await tx.votingRound.updateMany({
      where: { id: round.id, version: input.version, status: "COUNTING" },
      data: { status: "DECIDED", engineInput: built.input, decision, decidedAt: new Date(), decidedById: actor.userId, version: { increment: 1 } },
    });
    if (res.count === 0) throw new ExpectedError("stale", "本轮已被他人更新，请刷新页面");
    await audit({
      event: "round.decided",
      objectType: "VotingRound",
      objectId: round.id,
      after: {
        number: round.number,
        valid: decision.valid,
        invalidReason: decision.invalidReason,
        elected: decision.elected,
        unfilled: decision.unfilled,
        ties: decision.ties,
      },
    });
    return { valid: decision.valid, elected: decision.elected.length };
  },
});

/** Takes back the latest round's decision so its tallies can be corrected (before confirmation). */
export const undecideRound = defineAction({
  name: "round.undecide",
  permission: "tally.enter",
  input: z.object({ roundId: idField, version: z.coerce.number().int().positive(), reason: z.string().trim().min(2, "请说明撤销的理由").max(500) }),
  target: (tx, input, actor) => roundUnit(tx, actor, input.roundId),
  async run({ tx, input, audit }) {
    const round = await tx.votingRound.findUniqueOrThrow({
      where: { id: input.roundId },
      select: { id: true, number: true, kind: true, status: true, electionId: true, election: { select: { resultConfirmedAt: true } } },
    });
    assertNotConfirmed(round.election);
    if (round.status !== "DECIDED") throw new ExpectedError("stale", "本轮尚未判定，请刷新页面");
    const later = await tx.votingRound.count({ where: { electionId: round.electionId, number: { gt: round.number } } });
    if (later) throw new ExpectedError("invalid", "已经开始了下一轮投票，不能撤销本轮判定");
    const res = await tx.votingRound.updateMany({
      where: { id: round.id, version: input.version },
      data: { status: "COUNTING", engineInput: Prisma.DbNull, decision: Prisma.DbNull, decidedAt: null, decidedById: null, version: { increment: 1 } },
    });
    if (res.count === 0) throw new ExpectedError("stale", "本轮已被他人更新，请刷新页面");
    await audit({ event: "round.undecided", objectType: "VotingRound", objectId: round.id, detail: { number: round.number, reason: input.reason } });
    return { id: round.id };
  },
});

// ---------------------------------------------------------------------------------------------
// Reads.

/** The count page: every round with each box's state, and what can be done next. */
export async function getCountBoard(actor: Actor, electionId: string) {
  const prisma = await db();
  const e = await prisma.election.findFirst({
    where: { id: electionId, unit: unitScope(actor) },
    select: {
      id: true,
      version: true,
      listStatus: true,
      doubleEntry: true,
      registeredVoters: true,
      resultConfirmedAt: true,
      certifiedAt: true,
      sealedAt: true,
      electionDay: true,
      campaignId: true,
      unitId: true,
      unit: { select: { id: true, name: true, path: true, kind: true, parent: { select: { name: true } } } },
      campaign: { select: { id: true, name: true, rules: true } },
      boxes: {
        orderBy: [{ station: { kind: "asc" } }, { name: "asc" }],
        select: { id: true, name: true, kind: true, voters: true, station: { select: { name: true } } },
      },
      rounds: {
        orderBy: { number: "asc" },
        select: {
          id: true,
          number: true,
          kind: true,
          status: true,
          version: true,
          ballot: true,
          decision: true,
          engineInput: true,
          decidedAt: true,
          tallies: { select: { boxId: true, status: true, version: true, photoAttachmentId: true, updatedAt: true } },
        },
      },
    },
  });
  if (!e) return null;
  const own = { path: e.unit.path };
  const stage = resultStage(e);
  const canEnter = can(actor, "tally.enter", own) && canTakeResultStep("enterTally", stage);
  const planned = await plannedRound(prisma, e.id);
  const setupProblems = e.rounds.length === 0 ? await pollingSetupProblems(prisma, e.id) : [];
  const registered = await registeredVotersOf(prisma, e);
  return {
    id: e.id,
    version: e.version,
    listStatus: e.listStatus,
    doubleEntry: e.doubleEntry,
    registeredVoters: registered.count,
    /** "roll": from the posted voter roll; "typed": the number on the election setup. */
    registeredSource: registered.source,
    confirmedAt: e.resultConfirmedAt,
    unit: { name: e.unit.name, kind: e.unit.kind, township: e.unit.parent?.name ?? "" },
    campaign: { id: e.campaign.id, name: e.campaign.name },
    boxes: e.boxes.map((b) => ({ id: b.id, name: b.name, kind: b.kind, voters: b.voters, station: b.station.name })),
    rounds: e.rounds.map((r) => {
      const byBox = new Map(r.tallies.map((t) => [t.boxId, t]));
      return {
        id: r.id,
        number: r.number,
        kind: r.kind,
        status: r.status,
        version: r.version,
        label: roundLabel(r),
        ballot: readBallot(r.ballot),
        decision: readDecisionOrNull(r.decision),
        engineInput: readEngineInputOrNull(r.engineInput),
        boxes: e.boxes.map((b) => ({
          boxId: b.id,
          status: (byBox.get(b.id)?.status ?? "EMPTY") as TallyStatus,
          photo: byBox.get(b.id)?.photoAttachmentId ?? null,
        })),
        allAccepted: e.boxes.length > 0 && e.boxes.every((b) => byBox.get(b.id)?.status === "ACCEPTED"),
      };
    }),
    next: "problem" in planned ? { number: null, problem: planned.problem } : { number: planned.number, kind: planned.kind, problem: null },
    setupProblems,
    canEnter,
    canConfirm: can(actor, "result.confirm", own) && canTakeResultStep("confirm", stage),
    // Not once the county has certified or sealed it (the result page says why).
    canReopen: can(actor, "result.reopen", own) && canTakeResultStep("reopen", stage),
  };
}

export { roundInput };
