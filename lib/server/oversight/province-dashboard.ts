import "server-only";
// The province or city dashboard (全省/全市进度总览): one row per county for the campaigns of one term
// name, drilling down to each county's own dashboard (./dashboard.ts). A province has ~2,849 villages and
// communities, so the facts come from one SQL statement that returns one compact row per village-level
// unit as a single JSON value (stage inputs, risk level, whether an account can sign in); the stage and
// overdue rules then run in lib/domain/province-dashboard.ts, the same rules as the county page.
// Scope: the root is the actor's own unit (or a city inside it), every query is bounded by its path.
import { z } from "zod";
import { todayInChina } from "@/lib/domain/days";
import { can } from "@/lib/domain/permissions";
import {
  aggregateCounties,
  committeeKindOf,
  sortCountyRows,
  COUNTY_SORT_KEYS,
  type CountyRef,
  type CountySortKey,
  type VillageFact,
} from "@/lib/domain/province-dashboard";
import type { ListStatus, RiskLevel } from "@/lib/domain/oversight";
import { readCampaignRules } from "@/lib/domain/stored-json";
import type { UnitLevel } from "@/lib/domain/units";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import type { Actor } from "../auth/sessions";
import { db } from "../db";
import { unitScope } from "../scope";

/** Levels that get this page; a county or township has its own dashboard. */
export const OVERVIEW_LEVELS: readonly UnitLevel[] = ["PROVINCE", "CITY"];

export function hasProvinceOverview(actor: Pick<Actor, "unitLevel">): boolean {
  return OVERVIEW_LEVELS.includes(actor.unitLevel);
}

type FactRow = {
  /** How many village-level units share these facts (units of one county mostly vote on the same day). */
  n: number;
  countyId: string;
  kind: string;
  name: string | null;
  listStatus: ListStatus | null;
  electionDay: string | null;
  formalPublishedDay: string | null;
  boxes: number;
  rounds: number;
  confirmed: boolean;
  certified: boolean;
  sealed: boolean;
  risk: RiskLevel | null;
  activeUser: boolean;
};

/**
 * The facts of the village-level units below `path` (active, or with an election in the campaigns) with
 * their election in `campaignIds` if any, as one row per distinct set of facts and how many units share
 * it (`n`): the stage and overdue rules need nothing that tells two such units apart, and a province's
 * 2,849 units come down to a few hundred rows (building and parsing the JSON of every unit was most
 * of the time). The name is kept only where the kind does not say village or community (committeeKindOf
 * falls back to it). Boxes and rounds are counted per election through their (electionId, …) indexes:
 * joining grouped counts instead let PostgreSQL, with the path prefix estimated at one row before ANALYZE,
 * re-run both aggregates for each unit (about 1 s at a province's size, docs/benchmarks.md).
 * Exported for the benchmark.
 */
export async function villageFacts(prisma: PrismaClient, path: string, campaignIds: string[]): Promise<FactRow[]> {
  const [row] = await prisma.$queryRaw<{ data: string }[]>`
    SELECT coalesce(json_agg(g), '[]')::text AS data FROM (
      SELECT count(*)::int AS n, f.* FROM (
        SELECT u."countyId" AS "countyId", u.kind::text AS kind, CASE WHEN u.kind IN ('VILLAGE', 'COMMUNITY') THEN NULL ELSE u.name END AS name,
               e."listStatus"::text AS "listStatus", to_char(e."electionDay", 'YYYY-MM-DD') AS "electionDay",
               to_char((e."formalPublishedAt" AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM-DD') AS "formalPublishedDay",
               (SELECT count(*) FROM "BallotBox" b WHERE b."electionId" = e.id)::int AS boxes,
               (SELECT count(*) FROM "VotingRound" r WHERE r."electionId" = e.id)::int AS rounds,
               (e."resultConfirmedAt" IS NOT NULL) AS confirmed, (e."certifiedAt" IS NOT NULL) AS certified, (e."sealedAt" IS NOT NULL) AS sealed,
               vr.level::text AS risk,
               EXISTS (SELECT 1 FROM "User" us WHERE us."unitId" = u.id AND NOT us.disabled) AS "activeUser"
          FROM "Unit" u
          LEFT JOIN "Election" e ON e."unitId" = u.id AND e."campaignId" = ANY(${campaignIds}::uuid[])
          LEFT JOIN "VillageRisk" vr ON vr."unitId" = u.id AND vr."campaignId" = ANY(${campaignIds}::uuid[])
         WHERE u.path LIKE ${`${path}%`} AND u.level = 'VILLAGE' AND (u.active OR e.id IS NOT NULL)
      ) f
      GROUP BY f."countyId", f.kind, f.name, f."listStatus", f."electionDay", f."formalPublishedDay", f.boxes, f.rounds,
               f.confirmed, f.certified, f.sealed, f.risk, f."activeUser"
    ) g`;
  return JSON.parse(row?.data ?? "[]") as FactRow[];
}

function factOf(r: FactRow): VillageFact {
  return {
    countyId: r.countyId,
    kind: committeeKindOf(r.kind, r.name ?? ""),
    progress:
      r.listStatus && r.electionDay
        ? {
            listStatus: r.listStatus,
            electionDay: r.electionDay,
            formalPublishedDay: r.formalPublishedDay,
            boxCount: r.boxes,
            roundCount: r.rounds,
            resultConfirmed: r.confirmed,
            certified: r.certified,
            sealed: r.sealed,
          }
        : null,
    risk: r.risk,
    activeUser: r.activeUser,
  };
}

export type ProvinceDashboard = NonNullable<Awaited<ReturnType<typeof getProvinceDashboard>>>;

/**
 * The overview of a province or city (default: the actor's own unit) for the campaigns named `term`
 * (default: the newest term name among its counties). Null when the actor lacks oversight.view, the unit
 * is not a province or city in the actor's scope, or no county below it has a campaign.
 */
export async function getProvinceDashboard(
  actor: Actor,
  q: { term?: string | null; unitId?: string | null; sort?: string | null; dir?: string | null } = {},
  opts: { today?: string } = {},
) {
  if (!can(actor, "oversight.view", { path: actor.unitPath })) return null;
  const prisma = await db();
  const unitId = q.unitId && z.uuid().safeParse(q.unitId).success ? q.unitId : actor.unitId;
  const root = await prisma.unit.findFirst({
    where: { id: unitId, level: { in: [...OVERVIEW_LEVELS] }, ...unitScope(actor) },
    select: { id: true, code: true, name: true, level: true, path: true, parentId: true },
  });
  if (!root) return null;
  const subtree = { path: { startsWith: root.path } };
  const [counties, campaigns, cities] = await Promise.all([
    prisma.unit.findMany({
      where: { ...subtree, level: "COUNTY" },
      select: { id: true, code: true, name: true, parent: { select: { id: true, name: true, level: true } } },
      orderBy: { code: "asc" },
    }),
    prisma.campaign.findMany({
      where: { county: subtree },
      select: { id: true, name: true, countyId: true, startDate: true, endDate: true, status: true, rules: true },
      orderBy: [{ startDate: "desc" }, { name: "asc" }],
    }),
    root.level === "PROVINCE"
      ? prisma.unit.findMany({ where: { ...subtree, level: "CITY" }, select: { id: true, name: true, code: true }, orderBy: { code: "asc" } })
      : Promise.resolve([]),
  ]);
  if (!campaigns.length) return null;
  const terms = [...new Set(campaigns.map((c) => c.name))];
  const term = q.term && terms.includes(q.term) ? q.term : terms[0]!;
  const ofTerm = campaigns.filter((c) => c.name === term);
  const campaignOf = new Map(ofTerm.map((c) => [c.countyId, c]));
  const refs: CountyRef[] = counties.map((c) => {
    const k = campaignOf.get(c.id);
    return {
      id: c.id,
      name: c.name,
      code: c.code,
      campaign: k
        ? { id: k.id, endDay: k.endDate.toISOString().slice(0, 10), rules: { candidateListPostingDays: readCampaignRules(k.rules).candidateListPostingDays } }
        : null,
    };
  });
  const today = opts.today ?? todayInChina();
  const facts = (
    await villageFacts(
      prisma,
      root.path,
      ofTerm.map((c) => c.id),
    )
  ).flatMap((r) => Array<VillageFact>(r.n).fill(factOf(r)));
  const { rows, totals } = aggregateCounties(refs, facts, today);
  const sort: CountySortKey = (COUNTY_SORT_KEYS as readonly string[]).includes(q.sort ?? "") ? (q.sort as CountySortKey) : "code";
  const dir = q.dir === "asc" || q.dir === "desc" ? q.dir : undefined;
  const cityOf = new Map(counties.map((c) => [c.id, c.parent?.level === "CITY" ? c.parent.name : null]));
  return {
    unit: { id: root.id, code: root.code, name: root.name, level: root.level as UnitLevel },
    /** The actor's own unit when they look at a city inside their province. */
    up: root.id !== actor.unitId ? { id: actor.unitId, name: actor.unitName } : null,
    cities,
    terms,
    term,
    today,
    sort,
    dir: dir ?? (sort === "code" ? "asc" : "desc"),
    totals,
    rows: sortCountyRows(rows, sort, dir).map((r) => ({ ...r, city: cityOf.get(r.id) ?? null })),
  };
}

/** The hand-written SQL of the same per-county counts, for the benchmark's comparison (no JS rules). */
export function provinceDashboardSql(path: string, campaignIds: string[], today: string) {
  return Prisma.sql`
    WITH f AS (
      SELECT u."countyId", u.kind, e.id AS eid, e."listStatus", e."electionDay", c."endDate",
             coalesce((c.rules->>'candidateListPostingDays')::int, 5) AS posting,
             (to_char((e."formalPublishedAt" AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM-DD'))::date AS published,
             (SELECT count(*) FROM "BallotBox" b WHERE b."electionId" = e.id) AS boxes,
             (SELECT count(*) FROM "VotingRound" r WHERE r."electionId" = e.id) AS rounds,
             e."resultConfirmedAt" IS NOT NULL AS confirmed, e."certifiedAt" IS NOT NULL AS certified, e."sealedAt" IS NOT NULL AS sealed,
             vr.level AS risk, EXISTS (SELECT 1 FROM "User" us WHERE us."unitId" = u.id AND NOT us.disabled) AS active
        FROM "Unit" u
        JOIN "Campaign" c ON c."countyId" = u."countyId" AND c.id = ANY(${campaignIds}::uuid[])
        LEFT JOIN "Election" e ON e."unitId" = u.id AND e."campaignId" = c.id
        LEFT JOIN "VillageRisk" vr ON vr."unitId" = u.id AND vr."campaignId" = c.id
       WHERE u.path LIKE ${`${path}%`} AND u.level = 'VILLAGE' AND (u.active OR e.id IS NOT NULL)
    ), s AS (
      SELECT f.*,
             CASE WHEN eid IS NULL THEN 'notStarted' WHEN sealed THEN 'sealed' WHEN certified THEN 'certified' WHEN confirmed THEN 'confirmed'
                  WHEN rounds > 0 THEN 'counting' WHEN "listStatus" = 'FORMAL' AND boxes > 0 THEN 'pollingReady' WHEN "listStatus" = 'FORMAL' THEN 'formalPublished'
                  WHEN "listStatus" IN ('SUBMITTED', 'IN_VETTING') THEN 'inVetting' ELSE 'nominating' END AS stage,
             CASE WHEN eid IS NULL THEN ${today}::date > "endDate"
                  ELSE ("listStatus" <> 'FORMAL' AND ${today}::date > "electionDay" - posting)
                    OR (NOT (confirmed OR certified OR sealed) AND (
                         ("listStatus" = 'FORMAL' AND published > "electionDay" - posting)
                      OR ("listStatus" = 'FORMAL' AND boxes = 0 AND ${today}::date >= "electionDay")
                      OR ${today}::date > "electionDay" OR ${today}::date > "endDate")) END AS late
        FROM f
    )
    SELECT "countyId", count(*)::int AS units, count(*) FILTER (WHERE kind = 'COMMUNITY')::int AS communities,
           count(*) FILTER (WHERE stage = 'notStarted')::int AS "notStarted", count(*) FILTER (WHERE stage = 'nominating')::int AS nominating,
           count(*) FILTER (WHERE stage = 'inVetting')::int AS "inVetting", count(*) FILTER (WHERE stage = 'formalPublished')::int AS "formalPublished",
           count(*) FILTER (WHERE stage = 'pollingReady')::int AS "pollingReady", count(*) FILTER (WHERE stage = 'counting')::int AS counting,
           count(*) FILTER (WHERE stage = 'confirmed')::int AS confirmed, count(*) FILTER (WHERE stage = 'certified')::int AS certified,
           count(*) FILTER (WHERE stage = 'sealed')::int AS sealed, count(*) FILTER (WHERE late)::int AS overdue,
           count(*) FILTER (WHERE risk = 'RED')::int AS red, count(*) FILTER (WHERE risk = 'YELLOW')::int AS yellow,
           count(*) FILTER (WHERE risk = 'GREEN')::int AS green, count(*) FILTER (WHERE NOT active)::int AS "noActiveUser"
      FROM s GROUP BY "countyId"`;
}
