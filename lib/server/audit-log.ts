import "server-only";
// Reading the audit log within the actor's subtree, shaped for reading (Chinese names, no raw UUIDs).
import { auditReferences, describeAuditEntry, type AuditDisplay } from "@/lib/domain/audit-display";
import type { Actor } from "./auth/sessions";
import { db } from "./db";
import { visibleNames } from "./names";

export type AuditRow = {
  id: string;
  occurredAt: Date;
  event: string;
  outcome: string;
  actorUsername: string | null;
  actorRole: string | null;
  /** The acting user's display name, when that user is within the viewer's sight. */
  actorName: string | null;
  unitName: string | null;
  objectType: string | null;
  objectId: string | null;
  detail: unknown;
  before: unknown;
  after: unknown;
  display: AuditDisplay;
};

type RawRow = Omit<AuditRow, "id" | "display" | "actorName"> & { id: bigint; actorUserId: string | null };

/** Newest events about units in the actor's subtree (plus the actor's own events), newest first. */
export async function listAuditEvents(actor: Actor, limit = 200): Promise<AuditRow[]> {
  const prisma = await db();
  const prefix = `${actor.unitPath}%`;
  const rows = await prisma.$queryRaw<RawRow[]>`
    SELECT a.id, a."occurredAt", a.event, a.outcome::text AS outcome, a."actorUserId"::text AS "actorUserId", a."actorUsername", a."actorRole"::text AS "actorRole",
           u.name AS "unitName", a."objectType", a."objectId", a.detail, a.before, a.after
    FROM "AuditEvent" a
    LEFT JOIN "Unit" u ON u.id = a."unitId"
    WHERE u.path LIKE ${prefix} OR a."actorUserId" = ${actor.userId}::uuid
    ORDER BY a.id DESC
    LIMIT ${limit}`;
  const actorIds = rows.map((r) => r.actorUserId).filter((x): x is string => !!x);
  const names = await visibleNames(prisma, actor, [...new Set([...auditReferences(rows), ...actorIds])]);
  return rows.map(({ actorUserId, ...r }) => ({
    ...r,
    id: r.id.toString(),
    actorName: actorUserId ? (names.get(actorUserId) ?? null) : null,
    display: describeAuditEntry(r, names),
  }));
}
