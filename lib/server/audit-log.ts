import "server-only";
// Reading the audit log within the actor's subtree.
import type { Actor } from "./auth/sessions";
import { db } from "./db";

export type AuditRow = {
  id: string; occurredAt: Date; event: string; outcome: string; actorUsername: string | null; actorRole: string | null;
  unitName: string | null; objectType: string | null; objectId: string | null; detail: unknown; before: unknown; after: unknown;
};

/** Newest events about units in the actor's subtree (plus the actor's own events), newest first. */
export async function listAuditEvents(actor: Actor, limit = 200): Promise<AuditRow[]> {
  const prisma = await db();
  const prefix = `${actor.unitPath}%`;
  const rows = await prisma.$queryRaw<(Omit<AuditRow, "id"> & { id: bigint })[]>`
    SELECT a.id, a."occurredAt", a.event, a.outcome::text AS outcome, a."actorUsername", a."actorRole"::text AS "actorRole",
           u.name AS "unitName", a."objectType", a."objectId", a.detail, a.before, a.after
    FROM "AuditEvent" a
    LEFT JOIN "Unit" u ON u.id = a."unitId"
    WHERE u.path LIKE ${prefix} OR a."actorUserId" = ${actor.userId}::uuid
    ORDER BY a.id DESC
    LIMIT ${limit}`;
  return rows.map((r) => ({ ...r, id: r.id.toString() }));
}
