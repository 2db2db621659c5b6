import "server-only";
// Reads a round as the county board and the departments' queues see it: current opinions per
// department (the newest of each), the roll-up per candidate, decisions. One query per table.
import { dayOf, todayInChina } from "@/lib/domain/days";
import { maskIdNumber } from "@/lib/domain/id-number";
import type { Post } from "@/lib/domain/people";
import { rollUp, standingOpinions, type Carry, type CurrentOpinion, type RollUpInput } from "@/lib/domain/vetting";
import { substantiatedComplaints } from "../complaints";
import type { Tx } from "../db";

type Reader = Pick<Tx, "vettingRound" | "vettingEntry" | "vettingOpinion" | "department" | "negativeCondition" | "complaint">;

type StoredOpinion = CurrentOpinion & { evidenceRef: string | null; entryId: string };

/**
 * For entries of one round: the opinions that count (this round's, plus what stands from the candidate's
 * earlier rounds, docs/decisions/006), how many opinions there are in all, and the county's earlier decision.
 * `departmentId` narrows the opinions to one department (a reviewer's queue, bulk 无异议).
 */
export async function standingRecords(
  tx: Pick<Tx, "vettingEntry" | "vettingOpinion">,
  round: { id: string; createdAt: Date },
  entries: { id: string; candidateId: string; carriedFromId: string | null }[],
  departmentId?: string,
) {
  const candidateIds = [...new Set(entries.map((e) => e.candidateId))];
  const earlierEntries = candidateIds.length
    ? await tx.vettingEntry.findMany({
        where: { candidateId: { in: candidateIds }, round: { createdAt: { lt: round.createdAt } } },
        select: { id: true, candidateId: true, decision: true, rationale: true, round: { select: { name: true, createdAt: true } } },
        orderBy: { round: { createdAt: "asc" } },
      })
    : [];
  const entryIds = entries.map((e) => e.id);
  const opinions = entryIds.length
    ? await tx.vettingOpinion.findMany({
        where: { entryId: { in: [...entryIds, ...earlierEntries.map((e) => e.id)] }, ...(departmentId ? { departmentId } : {}) },
        select: {
          id: true,
          entryId: true,
          departmentId: true,
          kind: true,
          conditionCodes: true,
          finding: true,
          dueDate: true,
          createdAt: true,
          evidenceRef: true,
        },
        orderBy: { seq: "asc" },
      })
    : [];
  const roundOfEntry = new Map(earlierEntries.map((e) => [e.id, e.round.name]));
  const byEntry = new Map<string, StoredOpinion[]>();
  for (const o of opinions) {
    const list = byEntry.get(o.entryId) ?? [];
    list.push({
      id: o.id,
      entryId: o.entryId,
      departmentId: o.departmentId,
      kind: o.kind,
      conditionCodes: o.conditionCodes,
      finding: o.finding,
      dueDate: o.dueDate ? dayOf(o.dueDate) : null,
      createdAt: o.createdAt.toISOString(),
      evidenceRef: o.evidenceRef,
      fromRound: roundOfEntry.get(o.entryId) ?? null,
    });
    byEntry.set(o.entryId, list);
  }
  const earlierOf = new Map<string, typeof earlierEntries>();
  for (const e of earlierEntries) earlierOf.set(e.candidateId, [...(earlierOf.get(e.candidateId) ?? []), e]);

  const out = new Map<string, { carry: Carry; standing: StoredOpinion[]; opinionCount: number; previousDecision: RollUpInput["previousDecision"] }>();
  for (const e of entries) {
    const earlier = earlierOf.get(e.candidateId) ?? [];
    const carry: Carry = earlier.length === 0 ? "NONE" : e.carriedFromId ? "ALL" : "FINDINGS";
    // Opinions come in insertion order (seq) across rounds, so "newest per department" holds across them.
    const earlierOpinions = earlier.flatMap((x) => byEntry.get(x.id) ?? []).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    const own = byEntry.get(e.id) ?? [];
    const last = earlier[earlier.length - 1];
    out.set(e.id, {
      carry,
      standing: standingOpinions(earlierOpinions, own, carry),
      opinionCount: own.length + earlierOpinions.length,
      previousDecision: last?.decision ? { decision: last.decision, rationale: last.rationale, roundName: last.round.name, stands: carry === "ALL" } : null,
    });
  }
  return out;
}

export async function loadRound(tx: Reader, roundId: string, opts: { entryIds?: string[] } = {}) {
  const round = await tx.vettingRound.findUniqueOrThrow({
    where: { id: roundId },
    select: {
      id: true,
      name: true,
      deadline: true,
      status: true,
      countyId: true,
      campaignId: true,
      createdAt: true,
      closedAt: true,
      version: true,
      departmentIds: true,
    },
  });
  const [departments, conditions, entries] = await Promise.all([
    tx.department.findMany({ where: { id: { in: round.departmentIds } }, select: { id: true, name: true }, orderBy: [{ sortOrder: "asc" }, { name: "asc" }] }),
    tx.negativeCondition.findMany({
      where: { countyId: round.countyId },
      select: { code: true, text: true, severity: true, departmentId: true, retired: true },
    }),
    tx.vettingEntry.findMany({
      where: { roundId, ...(opts.entryIds ? { id: { in: opts.entryIds } } : {}) },
      select: {
        id: true,
        decision: true,
        rationale: true,
        decidedAt: true,
        version: true,
        candidateId: true,
        carriedFromId: true,
        candidate: {
          select: {
            id: true,
            post: true,
            nominationVotes: true,
            electionId: true,
            election: {
              select: { electionDay: true, listStatus: true, unit: { select: { id: true, name: true, path: true, parent: { select: { name: true } } } } },
            },
            person: { select: { name: true, gender: true, birthDate: true, idNumber: true } },
          },
        },
      },
    }),
  ]);
  const [records, later, complaints] = await Promise.all([
    standingRecords(tx, round, entries),
    tx.vettingEntry.findMany({
      where: { candidateId: { in: entries.map((e) => e.candidateId) }, round: { createdAt: { gt: round.createdAt } } },
      select: { candidateId: true },
      distinct: ["candidateId"],
    }),
    substantiatedComplaints(
      tx,
      entries.map((e) => e.candidateId),
    ),
  ]);
  const superseded = new Set(later.map((e) => e.candidateId));
  // A standing finding of a department that is not on this round's panel still counts (and is named).
  const panelIds = new Set(departments.map((d) => d.id));
  const extraIds = [...new Set([...records.values()].flatMap((r) => r.standing.map((o) => o.departmentId)).filter((id) => !panelIds.has(id)))];
  const extra = extraIds.length
    ? await tx.department.findMany({ where: { id: { in: extraIds } }, select: { id: true, name: true }, orderBy: [{ sortOrder: "asc" }, { name: "asc" }] })
    : [];
  const today = todayInChina();
  const conditionInput = conditions.map((c) => ({ code: c.code, text: c.text, severity: c.severity, ownerDepartmentId: c.departmentId }));
  const rows = entries.map((e) => {
    const rec = records.get(e.id)!;
    const answered = (d: { id: string }) => rec.standing.some((o) => o.departmentId === d.id);
    // A carried record was complete when it was decided: a department new to this round's panel is not
    // "missing" for it (its answer counts if it gives one). Everyone else answers to this round's panel.
    const panel = [...(rec.carry === "ALL" ? departments.filter(answered) : departments), ...extra.filter(answered)];
    const result = rollUp({ departments: panel, opinions: rec.standing, conditions: conditionInput, today, previousDecision: rec.previousDecision });
    return {
      entryId: e.id,
      version: e.version,
      opinionCount: rec.opinionCount,
      decision: e.decision,
      rationale: e.rationale,
      decidedAt: e.decidedAt,
      /** How the candidate's earlier record counts here (NONE: first vetting). */
      carry: rec.carry,
      previousDecision: rec.previousDecision ?? null,
      /** Still being vetted here: the list is in vetting and no later round has taken the candidate up. */
      active: e.candidate.election.listStatus === "IN_VETTING" && !superseded.has(e.candidateId) && round.status === "OPEN",
      candidateId: e.candidate.id,
      electionId: e.candidate.electionId,
      post: e.candidate.post as Post,
      nominationVotes: e.candidate.nominationVotes,
      name: e.candidate.person.name,
      gender: e.candidate.person.gender,
      birthDate: dayOf(e.candidate.person.birthDate),
      idNumberMasked: maskIdNumber(e.candidate.person.idNumber),
      village: e.candidate.election.unit.name,
      electionDay: dayOf(e.candidate.election.electionDay),
      listStatus: e.candidate.election.listStatus,
      villagePath: e.candidate.election.unit.path,
      township: e.candidate.election.unit.parent?.name ?? "",
      opinions: Object.fromEntries(rec.standing.map((o) => [o.departmentId, o])) as Record<string, StoredOpinion>,
      rollUp: result,
      /** Closed complaints found 属实/部分属实 against the candidate (信访举报台账), for the county to weigh. */
      complaints: complaints.get(e.candidateId) ?? [],
    };
  });
  return { round: { ...round, deadline: dayOf(round.deadline) }, departments, conditions, rows, today };
}

export type RoundRow = Awaited<ReturnType<typeof loadRound>>["rows"][number];
