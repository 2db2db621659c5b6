import "server-only";
// The record page: the candidate's full vetting history plus the current roll-up for decisions.
import type { Actor } from "../auth/sessions";
import { db } from "../db";
import { loadRound } from "./board";
import { listConditions } from "./negative-list";
import { getVettingRecord } from "./opinions";

export async function getEntryView(actor: Actor, entryId: string) {
  const record = await getVettingRecord(actor, entryId);
  if (!record) return null;
  const prisma = await db();
  const [{ rows, departments, round }, conditions] = await Promise.all([loadRound(prisma, record.roundId, { entryIds: [entryId] }), listConditions(actor)]);
  const row = rows[0]!;
  return { record, row, departments, round, conditions: conditions.filter((c) => !c.retired) };
}
