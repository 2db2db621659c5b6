import "server-only";
// The registered voters of an election: the count of its village's posted roll (voters not removed),
// and the number typed on the election setup only while no roll has been posted (issue 13).
import { dayOf } from "@/lib/domain/days";
import type { Tx } from "../db";

export type RegisteredVoters = {
  count: number;
  /** "roll": counted from the posted voter roll; "typed": the number entered on the election setup. */
  source: "roll" | "typed";
  /** The roll's posting day when source is "roll". */
  postedOn: string | null;
};

/** Posted rolls' voter counts (not removed) per village of a campaign; villages without one are absent. */
export async function postedRollCounts(
  tx: Pick<Tx, "voterRoll" | "voter">,
  campaignId: string,
  unitIds: string[],
): Promise<Map<string, { count: number; postedOn: string }>> {
  if (unitIds.length === 0) return new Map();
  const rolls = await tx.voterRoll.findMany({
    where: { campaignId, unitId: { in: unitIds }, status: "POSTED" },
    select: { id: true, unitId: true, postedOn: true },
  });
  if (rolls.length === 0) return new Map();
  const counts = await tx.voter.groupBy({ by: ["rollId"], where: { rollId: { in: rolls.map((r) => r.id) }, removedAt: null }, _count: { _all: true } });
  const byRoll = new Map(counts.map((c) => [c.rollId, c._count._all]));
  return new Map(rolls.map((r) => [r.unitId, { count: byRoll.get(r.id) ?? 0, postedOn: r.postedOn ? dayOf(r.postedOn) : "" }]));
}

/** The registered voters of one election: its posted roll's count, else the typed number. */
export async function registeredVotersOf(
  tx: Pick<Tx, "voterRoll" | "voter">,
  e: { campaignId: string; unitId: string; registeredVoters: number },
): Promise<RegisteredVoters> {
  const posted = (await postedRollCounts(tx, e.campaignId, [e.unitId])).get(e.unitId);
  return posted ? { count: posted.count, source: "roll", postedOn: posted.postedOn } : { count: e.registeredVoters, source: "typed", postedOn: null };
}
