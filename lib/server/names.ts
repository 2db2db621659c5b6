import "server-only";
// Names for ids, limited to what the viewer may see: the audit log and page titles show these
// instead of raw UUIDs.
import type { Actor } from "./auth/sessions";
import type { Tx } from "./db";

/**
 * Names for the given ids, limited to what the viewer may see: units and elections (→ village name)
 * and candidates in the viewer's subtree, users of the subtree (and the viewer), departments, campaigns
 * and vetting rounds of the viewer's county (or of counties below), voter rolls, voters and objections of
 * the subtree. One query for the whole page.
 */
export async function visibleNames(tx: Tx, actor: Pick<Actor, "unitPath" | "userId">, ids: readonly string[]): Promise<Map<string, string>> {
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
    SELECT vr.id::text, vru.name || '选民名单' FROM "VoterRoll" vr JOIN "Unit" vru ON vru.id = vr."unitId"
      WHERE vr.id = ANY(${list}::uuid[]) AND vru.path LIKE ${prefix}
    UNION ALL
    SELECT vv.id::text, vv.name || '（' || vvu.name || '）' FROM "Voter" vv JOIN "VoterRoll" vvr ON vvr.id = vv."rollId" JOIN "Unit" vvu ON vvu.id = vvr."unitId"
      WHERE vv.id = ANY(${list}::uuid[]) AND vvu.path LIKE ${prefix}
    UNION ALL
    SELECT vo.id::text, vo.objector || '的申诉（' || vou.name || '）' FROM "VoterObjection" vo JOIN "VoterRoll" vor ON vor.id = vo."rollId" JOIN "Unit" vou ON vou.id = vor."unitId"
      WHERE vo.id = ANY(${list}::uuid[]) AND vou.path LIKE ${prefix}
    UNION ALL
    SELECT DISTINCT p.id::text, p.name FROM "Person" p JOIN "Candidate" pk ON pk."personId" = p.id
      JOIN "Election" pe ON pe.id = pk."electionId" JOIN "Unit" pu ON pu.id = pe."unitId"
      WHERE p.id = ANY(${list}::uuid[]) AND pu.path LIKE ${prefix}`;
  return new Map(rows.map((r) => [r.id, r.name]));
}
