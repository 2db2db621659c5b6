import "server-only";
// Lookups shared by the election-day DAL: scoped targets and the lock on a confirmed result.
import { resultRefusal } from "@/lib/domain/workflow";
import type { Actor } from "../auth/sessions";
import type { Tx } from "../db";
import { ExpectedError } from "../errors";
import { unitScope } from "../scope";

export const unitSelect = { id: true, path: true, level: true, countyId: true } as const;

/** The village of a round's election in the actor's scope, or null. */
export async function roundUnit(tx: Tx, actor: Pick<Actor, "unitPath">, roundId: string) {
  const r = await tx.votingRound.findFirst({
    where: { id: roundId, election: { unit: unitScope(actor) } },
    select: { election: { select: { unit: { select: unitSelect } } } },
  });
  return r?.election.unit ?? null;
}

/** Tallies and rounds change only while the result is not confirmed (a certified or sealed one is confirmed too). */
export function assertNotConfirmed(e: { resultConfirmedAt: Date | null }) {
  const refused = resultRefusal("enterTally", e.resultConfirmedAt ? "confirmed" : "counting");
  if (refused) throw new ExpectedError(refused.kind, refused.message);
}

import { roundLabel as label } from "@/lib/domain/ballot-paper";

/** "第一次投票", "重新投票（第2轮）", "另行选举（第3轮）" for a stored round. */
export const roundLabel = (r: { number: number; kind: "FIRST" | "RUNOFF" }) => label(r.number, r.kind);
