import "server-only";
// Reading the audit log within the actor's subtree, shaped for reading (Chinese names, no raw UUIDs).
import { auditReferences, describeAuditEntry, type AuditDisplay } from "@/lib/domain/audit-display";
import type { Actor } from "./auth/sessions";
import { db, type Tx } from "./db";

export type AuditRow = {
  id: string; occurredAt: Date; event: string; outcome: string; actorUsername: string | null; actorRole: string | null;
  /** The acting user's display name, when that user is within the viewer's sight. */
  actorName: string | null;
  unitName: string | null; objectType: string | null; objectId: string | null; detail: unknown; before: unknown; after: unknown;
  display: AuditDisplay;
};

type RawRow = Omit<AuditRow, "id" | "display" | "actorName"> & { id: bigint; actorUserId: string | null };

/**
 * Names for the given ids, limited to what the viewer may see: units and elections (→ village name)
 * and candidates in the viewer's subtree, users of the subtree (and the viewer), departments, campaigns
 * and vetting rounds of the viewer's county (or of counties below). One query for the whole page.
 */
export async function auditNames(tx: Tx, actor: Pick<Actor, "unitPath" | "userId">, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const prefix = `${actor.unitPath}%`;
  const list = [...ids];
  const rows = await tx.$queryRaw<{ id: string; name: string }[]>`
    SELECT u.id::text AS id, u.name FROM "Unit" u
      WHERE u.id = ANY(${list}::uuid[]) AND u.path LIKE ${prefix}
    UNION ALL
    SELECT e.id::text, vu.name FROM "Election" e JOIN "Unit" vu ON vu.id = e."unitId"
      WHERE e.id = ANY(${list}::uuid[]) AND vu.path LIKE ${prefix}
    UNION ALL
    SELECT s.id::text, s."displayName" FROM "User" s JOIN "Unit" su ON su.id = s."unitId"
      WHERE s.id = ANY(${list}::uuid[]) AND (su.path LIKE ${prefix} OR s.id = ${actor.userId}::uuid)
    UNION ALL
    SELECT d.id::text, d.name FROM "Department" d JOIN "Unit" dc ON dc.id = d."countyId"
      WHERE d.id = ANY(${list}::uuid[]) AND (dc.path LIKE ${prefix} OR ${actor.unitPath} LIKE dc.path || '%')
    UNION ALL
    SELECT c.id::text, c.name FROM "Campaign" c JOIN "Unit" cc ON cc.id = c."countyId"
      WHERE c.id = ANY(${list}::uuid[]) AND (cc.path LIKE ${prefix} OR ${actor.unitPath} LIKE cc.path || '%')
    UNION ALL
    SELECT r.id::text, r.name FROM "VettingRound" r JOIN "Unit" rc ON rc.id = r."countyId"
      WHERE r.id = ANY(${list}::uuid[]) AND (rc.path LIKE ${prefix} OR ${actor.unitPath} LIKE rc.path || '%')
    UNION ALL
    SELECT k.id::text, p.name || '（' || ku.name || '）' FROM "Candidate" k
      JOIN "Person" p ON p.id = k."personId" JOIN "Election" ke ON ke.id = k."electionId" JOIN "Unit" ku ON ku.id = ke."unitId"
      WHERE k.id = ANY(${list}::uuid[]) AND ku.path LIKE ${prefix}
    UNION ALL
    SELECT v.id::text, p.name || '（' || vu2.name || '）' FROM "VettingEntry" v JOIN "Candidate" vk ON vk.id = v."candidateId"
      JOIN "Person" p ON p.id = vk."personId" JOIN "Election" ve ON ve.id = vk."electionId" JOIN "Unit" vu2 ON vu2.id = ve."unitId"
      WHERE v.id = ANY(${list}::uuid[]) AND vu2.path LIKE ${prefix}
    UNION ALL
    SELECT DISTINCT p.id::text, p.name FROM "Person" p JOIN "Candidate" pk ON pk."personId" = p.id
      JOIN "Election" pe ON pe.id = pk."electionId" JOIN "Unit" pu ON pu.id = pe."unitId"
      WHERE p.id = ANY(${list}::uuid[]) AND pu.path LIKE ${prefix}`;
  return new Map(rows.map((r) => [r.id, r.name]));
}

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
  const names = await auditNames(prisma, actor, [...new Set([...auditReferences(rows), ...actorIds])]);
  return rows.map(({ actorUserId, ...r }) => ({
    ...r,
    id: r.id.toString(),
    actorName: actorUserId ? (names.get(actorUserId) ?? null) : null,
    display: describeAuditEntry(r, names),
  }));
}
