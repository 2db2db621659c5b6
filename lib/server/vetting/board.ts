import "server-only";
// Reads a round as the county board and the departments' queues see it: current opinions per
// department (the newest of each), the roll-up per candidate, decisions. One query per table.
import { dayOf, todayInChina } from "@/lib/domain/days";
import { maskIdNumber } from "@/lib/domain/id-number";
import type { Post } from "@/lib/domain/people";
import { rollUp, type CurrentOpinion } from "@/lib/domain/vetting";
import type { Tx } from "../db";

type Reader = Pick<Tx, "vettingRound" | "vettingEntry" | "vettingOpinion" | "department" | "negativeCondition">;

export async function loadRound(tx: Reader, roundId: string, opts: { entryIds?: string[] } = {}) {
  const round = await tx.vettingRound.findUniqueOrThrow({
    where: { id: roundId },
    select: { id: true, name: true, deadline: true, status: true, countyId: true, campaignId: true, createdAt: true, version: true, departmentIds: true },
  });
  const [departments, conditions, entries, opinions] = await Promise.all([
    tx.department.findMany({ where: { id: { in: round.departmentIds } }, select: { id: true, name: true }, orderBy: [{ sortOrder: "asc" }, { name: "asc" }] }),
    tx.negativeCondition.findMany({ where: { countyId: round.countyId }, select: { code: true, text: true, severity: true, departmentId: true, retired: true } }),
    tx.vettingEntry.findMany({
      where: { roundId, ...(opts.entryIds ? { id: { in: opts.entryIds } } : {}) },
      select: {
        id: true, decision: true, rationale: true, decidedAt: true, version: true,
        candidate: {
          select: {
            id: true, post: true, nominationVotes: true, electionId: true,
            election: { select: { electionDay: true, listStatus: true, unit: { select: { id: true, name: true, path: true, parent: { select: { name: true } } } } } },
            person: { select: { name: true, gender: true, birthDate: true, idNumber: true } },
          },
        },
      },
    }),
    tx.vettingOpinion.findMany({
      where: { entry: { roundId }, ...(opts.entryIds ? { entryId: { in: opts.entryIds } } : {}) },
      select: { id: true, entryId: true, departmentId: true, kind: true, conditionCodes: true, finding: true, dueDate: true, createdAt: true, evidenceRef: true, reviewerId: true },
      orderBy: { seq: "asc" },
    }),
  ]);
  // The newest opinion of each department supersedes its older ones (all are kept).
  const current = new Map<string, Map<string, CurrentOpinion & { evidenceRef: string | null }>>();
  const counts = new Map<string, number>();
  for (const o of opinions) {
    counts.set(o.entryId, (counts.get(o.entryId) ?? 0) + 1);
    const byDept = current.get(o.entryId) ?? new Map();
    byDept.set(o.departmentId, {
      id: o.id, departmentId: o.departmentId, kind: o.kind, conditionCodes: o.conditionCodes, finding: o.finding,
      dueDate: o.dueDate ? dayOf(o.dueDate) : null, createdAt: o.createdAt.toISOString(), evidenceRef: o.evidenceRef,
    });
    current.set(o.entryId, byDept);
  }
  const today = todayInChina();
  const conditionInput = conditions.map((c) => ({ code: c.code, text: c.text, severity: c.severity, ownerDepartmentId: c.departmentId }));
  const rows = entries.map((e) => {
    const byDept = current.get(e.id) ?? new Map();
    const result = rollUp({ departments, opinions: [...byDept.values()], conditions: conditionInput, today });
    return {
      entryId: e.id,
      version: e.version,
      opinionCount: counts.get(e.id) ?? 0,
      decision: e.decision,
      rationale: e.rationale,
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
      opinions: Object.fromEntries(byDept) as Record<string, CurrentOpinion & { evidenceRef: string | null }>,
      rollUp: result,
    };
  });
  return { round: { ...round, deadline: dayOf(round.deadline) }, departments, conditions, rows, today };
}

export type RoundRow = Awaited<ReturnType<typeof loadRound>>["rows"][number];
