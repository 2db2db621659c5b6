import "server-only";
// The village's result: every round's decision put together, confirmed by the township (which locks
// the count in PostgreSQL) and reopened only by the county administrator with a written reason.
import { z } from "zod";
import { nextRound } from "@/lib/domain/ballot";
import { majorityNeeded, oneThirdNeeded, turnoutNeeded } from "@/lib/domain/election-engine";
import { checkboxField, idField } from "@/lib/domain/form-fields";
import { POSTS, type Post } from "@/lib/domain/people";
import { can } from "@/lib/domain/permissions";
import { defineAction } from "../action";
import type { Actor } from "../auth/sessions";
import { db, type Tx } from "../db";
import { ExpectedError } from "../errors";
import { unitScope } from "../scope";
import { electionTarget } from "../nomination/elections";
import { roundLabel } from "./shared";
import { readBallot, readDecision, readDecisionOrNull, readEngineInput, readEngineInputOrNull } from "@/lib/domain/stored-json";
import { assertResultStep } from "../workflow";
import { canTakeResultStep, resultRefusal, resultStage } from "@/lib/domain/workflow";
import type { ComposedMember, ElectionResultView, RoundResult } from "@/lib/domain/result-view";
import { registeredVotersOf } from "../voters/registered";

type RoundRow = {
  id: string;
  number: number;
  kind: "FIRST" | "RUNOFF";
  status: "COUNTING" | "DECIDED";
  ballot: unknown;
  engineInput: unknown;
  decision: unknown;
  decidedAt: Date | null;
};

/** Who the rounds elected, to which committee post, in post order then by round. */
function compose(rounds: RoundRow[], people: Map<string, { personId: string; name: string; gender: "MALE" | "FEMALE" }>): ComposedMember[] {
  const out: ComposedMember[] = [];
  for (const r of rounds) {
    if (r.status !== "DECIDED" || !r.decision) continue;
    const ballot = readBallot(r.ballot);
    const input = readEngineInput(r.engineInput);
    const decision = readDecision(r.decision);
    for (const el of decision.elected) {
      const section = ballot.sections.find((s) => s.post === el.post);
      const post: Post = section?.appPost ?? "MEMBER";
      const printed = ballot.sections.flatMap((s) => s.candidates).find((c) => c.key === el.candidate);
      const formal = el.candidate ? people.get(el.candidate) : undefined;
      if (formal && el.candidate) {
        out.push({
          roundId: r.id,
          roundNumber: r.number,
          roundLabel: roundLabel(r),
          post,
          candidateId: el.candidate,
          personId: formal.personId,
          name: formal.name,
          gender: formal.gender,
          votes: el.votes,
          writeIn: false,
        });
      } else {
        const name = printed?.name ?? el.writeIn ?? "";
        const gender = printed?.gender ?? input.votes.find((v) => v.writeIn === name)?.gender ?? "male";
        out.push({
          roundId: r.id,
          roundNumber: r.number,
          roundLabel: roundLabel(r),
          post,
          candidateId: null,
          personId: null,
          name,
          gender: gender === "female" ? "FEMALE" : "MALE",
          votes: el.votes,
          writeIn: true,
        });
      }
    }
  }
  return out.sort((a, b) => POSTS.indexOf(a.post) - POSTS.indexOf(b.post) || a.roundNumber - b.roundNumber || b.votes - a.votes);
}

async function loadElection(tx: Tx, electionId: string) {
  const e = await tx.election.findUniqueOrThrow({
    where: { id: electionId },
    select: {
      id: true,
      version: true,
      resultConfirmedAt: true,
      certifiedAt: true,
      sealedAt: true,
      seatsDirector: true,
      seatsDeputy: true,
      seatsMember: true,
      seatsWomenMember: true,
      rounds: {
        orderBy: { number: "asc" },
        select: { id: true, number: true, kind: true, status: true, ballot: true, engineInput: true, decision: true, decidedAt: true },
      },
      candidates: { where: { formalRank: { not: null } }, select: { id: true, personId: true, person: { select: { name: true, gender: true } } } },
    },
  });
  const people = new Map(e.candidates.map((c) => [c.id, { personId: c.personId, name: c.person.name, gender: c.person.gender }]));
  const rounds = e.rounds as RoundRow[];
  const members = compose(rounds, people);
  const seats: Record<Post, number> = { DIRECTOR: e.seatsDirector, DEPUTY: e.seatsDeputy, MEMBER: e.seatsMember, WOMEN_MEMBER: e.seatsWomenMember };
  const vacancies = POSTS.map((p) => ({ post: p, seats: seats[p] - members.filter((m) => m.post === p).length })).filter((v) => v.seats > 0);
  const last = rounds.at(-1);
  const further =
    last?.status === "DECIDED" && last.decision
      ? nextRound({ kind: last.kind, ballot: readBallot(last.ballot), input: readEngineInput(last.engineInput), decision: readDecision(last.decision) })
      : null;
  return { e, rounds, members, seats, vacancies, last, further };
}

/** Confirms the final result: writes the new committee's members and locks the village's count. */
export const confirmResult = defineAction({
  name: "result.confirm",
  permission: "result.confirm",
  input: z.object({ electionId: idField, version: z.coerce.number().int().positive(), acceptVacancies: checkboxField }),
  target: (tx, input, actor) => electionTarget(tx, actor, input.electionId),
  async run({ tx, actor, input, audit }) {
    const { e, last, members, vacancies, further } = await loadElection(tx, input.electionId);
    assertResultStep("confirm", e);
    if (!last) throw new ExpectedError("invalid", "还没有投票计票，不能确认结果");
    if (last.status !== "DECIDED") throw new ExpectedError("invalid", `${roundLabel(last)}尚未判定结果`);
    if (!readDecision(last.decision).valid) throw new ExpectedError("invalid", `${roundLabel(last)}无效，须重新投票后才能确认结果`);
    const vacant = vacancies.reduce((s, v) => s + v.seats, 0);
    if (vacant > 0 && !input.acceptVacancies) {
      throw new ExpectedError(
        "invalid",
        further
          ? `还有 ${vacant} 个名额未选出，可以${further.kind === "RUNOFF" ? "另行选举" : "重新投票"}；如决定不再投票、名额空缺，请勾选确认`
          : `还有 ${vacant} 个名额未选出；确认后这些名额空缺，依法另行安排选举。请勾选确认`,
        { acceptVacancies: "请勾选确认名额空缺" },
      );
    }
    if (members.length) {
      await tx.electedMember.createMany({
        data: members.map((m) => ({
          electionId: e.id,
          roundId: m.roundId,
          post: m.post,
          candidateId: m.candidateId,
          personId: m.personId,
          name: m.name,
          gender: m.gender,
          votes: m.votes,
        })),
      });
    }
    const res = await tx.election.updateMany({
      where: { id: e.id, version: input.version, resultConfirmedAt: null },
      data: { resultConfirmedAt: new Date(), resultConfirmedById: actor.userId, version: { increment: 1 } },
    });
    if (res.count === 0) throw new ExpectedError("stale", "该选举已被他人修改，请刷新页面后重试");
    await audit({
      event: "result.confirmed",
      objectType: "Election",
      objectId: e.id,
      after: { members: members.map((m) => ({ post: m.post, name: m.name, votes: m.votes, round: m.roundNumber, writeIn: m.writeIn })), vacancies },
    });
    return { members: members.length, vacancies: vacant };
  },
});

/** Reopens a confirmed result (county administrator, written reason): the count can be corrected again. */
export const reopenResult = defineAction({
  name: "result.reopen",
  permission: "result.reopen",
  input: z.object({
    electionId: idField,
    version: z.coerce.number().int().positive(),
    reason: z.string().trim().min(5, "请写明重新开放的理由（至少 5 个字）").max(1000),
  }),
  target: (tx, input, actor) => electionTarget(tx, actor, input.electionId),
  async run({ tx, input, audit }) {
    const e = await tx.election.findUniqueOrThrow({
      where: { id: input.electionId },
      select: { id: true, resultConfirmedAt: true, certifiedAt: true, sealedAt: true },
    });
    assertResultStep("reopen", e);
    const res = await tx.election.updateMany({
      where: { id: e.id, version: input.version },
      data: { resultConfirmedAt: null, resultConfirmedById: null, version: { increment: 1 } },
    });
    if (res.count === 0) throw new ExpectedError("stale", "该选举已被他人修改，请刷新页面后重试");
    const removed = await tx.electedMember.findMany({ where: { electionId: e.id }, select: { post: true, name: true } });
    await tx.electedMember.deleteMany({ where: { electionId: e.id } });
    await audit({
      event: "result.reopened",
      objectType: "Election",
      objectId: e.id,
      before: { confirmedAt: e.resultConfirmedAt, members: removed },
      detail: { reason: input.reason },
    });
    return { id: e.id };
  },
});

// ---------------------------------------------------------------------------------------------
// Reads.

/**
 * The result page and the printed report: each round's figures and reasons, and the committee.
 * `client`: the archive builds the package inside the sealing transaction (docs/decisions/009).
 */
export async function getElectionResult(actor: Actor, electionId: string, client?: Tx): Promise<ElectionResultView | null> {
  const prisma = client ?? (await db());
  const scoped = await prisma.election.findFirst({
    where: { id: electionId, unit: unitScope(actor) },
    select: {
      id: true,
      electionDay: true,
      registeredVoters: true,
      resultConfirmedAt: true,
      resultConfirmedById: true,
      campaignId: true,
      unitId: true,
      certifiedAt: true,
      sealedAt: true,
      sealAuditId: true,
      sealAuditHash: true,
      archiveDigest: true,
      unit: { select: { name: true, path: true, kind: true, parent: { select: { name: true } } } },
      campaign: { select: { name: true } },
    },
  });
  if (!scoped) return null;
  const { e, rounds, members, vacancies, further, last } = await loadElection(prisma, electionId);
  const confirmedBy = scoped.resultConfirmedById
    ? ((await prisma.user.findUnique({ where: { id: scoped.resultConfirmedById }, select: { displayName: true } }))?.displayName ?? "")
    : "";
  const mayReopen = can(actor, "result.reopen", { path: scoped.unit.path });
  const stage = resultStage(scoped);
  const reopen = resultRefusal("reopen", stage);
  // Certified or sealed: the page says why instead of offering the form (the action refuses in these words).
  const reopenRefused = reopen?.kind === "invalid" ? reopen.message : null;
  const roundResults: RoundResult[] = rounds.map((r) => {
    const input = readEngineInputOrNull(r.engineInput);
    const decision = readDecisionOrNull(r.decision);
    const ballot = readBallot(r.ballot);
    const names: Record<string, string> = {};
    for (const s of ballot.sections) for (const c of s.candidates) names[c.key] = c.name;
    const figures = input
      ? {
          registered: input.registeredVoters,
          issued: input.ballotsIssued,
          returned: input.ballotsReturned,
          invalid: input.invalidBallots,
          valid: input.ballotsReturned - input.invalidBallots,
          turnoutNeeded: turnoutNeeded(input.registeredVoters),
          bar: input.round === "first" ? majorityNeeded(input.ballotsReturned) : oneThirdNeeded(input.ballotsReturned),
          barLabel: input.round === "first" ? "过半数" : "不少于三分之一",
        }
      : null;
    return { id: r.id, number: r.number, label: roundLabel(r), kind: r.kind, decided: r.status === "DECIDED", ballot, decision, input, figures, names };
  });
  return {
    id: e.id,
    version: e.version,
    unit: { name: scoped.unit.name, kind: scoped.unit.kind, township: scoped.unit.parent?.name ?? "" },
    campaign: scoped.campaign.name,
    electionDay: scoped.electionDay,
    registeredVoters: (await registeredVotersOf(prisma, scoped)).count,
    confirmedAt: scoped.resultConfirmedAt,
    confirmedBy,
    certifiedAt: scoped.certifiedAt,
    seal: scoped.sealedAt
      ? {
          at: scoped.sealedAt,
          auditId: String(scoped.sealAuditId ?? ""),
          auditHash: scoped.sealAuditHash ?? "",
          archiveDigest: scoped.archiveDigest as string | null,
        }
      : null,
    rounds: roundResults,
    members,
    vacancies,
    lastDecided: last?.status === "DECIDED",
    lastValid: last?.status === "DECIDED" && readDecision(last.decision).valid,
    further: further ? { kind: further.kind } : null,
    canConfirm: can(actor, "result.confirm", { path: scoped.unit.path }) && canTakeResultStep("confirm", stage),
    canReopen: mayReopen && canTakeResultStep("reopen", stage),
    reopenRefused: mayReopen ? reopenRefused : null,
  };
}

/**
 * A decided round's engine input, for auditors to replay with `npm run election:decide` (the output
 * must equal the stored decision, docs/election-decide.md). Null when out of scope or not decided.
 */
export async function getRoundReplay(actor: Actor, electionId: string, roundId: string) {
  const prisma = await db();
  const r = await prisma.votingRound.findFirst({
    where: { id: roundId, electionId, status: "DECIDED", election: { unit: unitScope(actor) } },
    select: { number: true, engineInput: true, election: { select: { unit: { select: { code: true, path: true } } } } },
  });
  if (!r || !can(actor, "tally.view", { path: r.election.unit.path })) return null;
  return { fileName: `${r.election.unit.code}-round${r.number}.json`, input: readEngineInput(r.engineInput) };
}

export type { ComposedMember, ElectionResultView, RoundResult };
