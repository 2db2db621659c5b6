import "server-only";
// The oversight dashboard (进度看板): every village's stage in a campaign, what is overdue, which villages
// have not started or have no active user, and the township's red/yellow/green risk status with its
// note. A county has up to a few thousand villages (宁夏: 2849), so the whole dashboard is a fixed
// handful of queries whatever the size: units, elections with their box and round counts, risks, and
// users grouped by unit; the rest is done in memory.
import { z } from "zod";
import { roundLabel } from "@/lib/domain/ballot-paper";
import { todayInChina } from "@/lib/domain/days";
import { idField, intField } from "@/lib/domain/form-fields";
import {
  emptyStageCounts,
  overdue,
  reachedCounts,
  riskFromScore,
  riskRank,
  RISK_LEVELS,
  villageStage,
  type ElectionProgress,
  type RiskLevel,
  type Stage,
} from "@/lib/domain/oversight";
import { can } from "@/lib/domain/permissions";
import type { UnitKind, UnitLevel } from "@/lib/domain/units";
import { defineAction } from "../action";
import type { Actor } from "../auth/sessions";
import { db, type Tx } from "../db";
import { ExpectedError, staleError } from "../errors";
import { unitScope } from "../scope";
import type { TallyStatus } from "../election-day/tallies";
import { readCampaignRules } from "@/lib/domain/stored-json";
import { registeredVotersOf } from "../voters/registered";

type Db = Tx;

// ---------------------------------------------------------------------------------------------
// Campaigns and units in scope

/** Campaigns the actor may oversee: their county's, or every county's below them (a city supervisor). */
function campaignScope(actor: Actor) {
  return actor.countyId ? { countyId: actor.countyId } : { county: unitScope(actor) };
}

/** The campaign selector: newest first. */
export async function listDashboardCampaigns(actor: Actor) {
  if (!can(actor, "oversight.view", { path: actor.unitPath })) return [];
  const prisma = await db();
  return prisma.campaign.findMany({
    where: campaignScope(actor),
    orderBy: [{ startDate: "desc" }, { name: "asc" }],
    select: { id: true, name: true, county: { select: { name: true } } },
  });
}

async function scopedCampaign(p: Db, actor: Actor, campaignId: string) {
  if (!z.uuid().safeParse(campaignId).success) return null;
  const c = await p.campaign.findFirst({
    where: { id: campaignId, ...campaignScope(actor) },
    select: { id: true, name: true, countyId: true, endDate: true, status: true, rules: true, county: { select: { name: true, path: true } } },
  });
  if (!c) return null;
  const rules = readCampaignRules(c.rules);
  return { id: c.id, name: c.name, countyId: c.countyId, countyName: c.county.name, endDay: c.endDate.toISOString().slice(0, 10), status: c.status, rules };
}

const unitRowSelect = { id: true, name: true, code: true, kind: true, level: true, parentId: true, path: true } as const;
type UnitRow = { id: string; name: string; code: string; kind: UnitKind; level: UnitLevel; parentId: string | null; path: string };

/** The county and township above (and including) a unit, each marked whether the actor may open it. */
async function breadcrumbOf(p: Db, actor: Actor, unit: UnitRow) {
  const ids = unit.path.split("/").filter(Boolean);
  const rows = await p.unit.findMany({ where: { id: { in: ids }, level: { in: ["COUNTY", "TOWNSHIP", "VILLAGE"] } }, select: unitRowSelect });
  return rows
    .sort((a, b) => a.path.length - b.path.length)
    .map((u) => ({ id: u.id, name: u.name, level: u.level as UnitLevel, inScope: u.path.startsWith(actor.unitPath) }));
}

// ---------------------------------------------------------------------------------------------
// Facts per village

const electionFacts = {
  id: true,
  unitId: true,
  listStatus: true,
  electionDay: true,
  formalPublishedAt: true,
  resultConfirmedAt: true,
  certifiedAt: true,
  sealedAt: true,
  _count: { select: { boxes: true, rounds: true } },
} as const;

type ElectionFacts = {
  id: string;
  unitId: string;
  listStatus: ElectionProgress["listStatus"];
  electionDay: Date;
  formalPublishedAt: Date | null;
  resultConfirmedAt: Date | null;
  certifiedAt: Date | null;
  sealedAt: Date | null;
  _count: { boxes: number; rounds: number };
};

function progressOf(e: ElectionFacts): ElectionProgress {
  return {
    listStatus: e.listStatus,
    electionDay: e.electionDay.toISOString().slice(0, 10),
    formalPublishedDay: e.formalPublishedAt ? todayInChina(e.formalPublishedAt) : null,
    boxCount: e._count.boxes,
    roundCount: e._count.rounds,
    resultConfirmed: e.resultConfirmedAt !== null,
    certified: e.certifiedAt !== null,
    sealed: e.sealedAt !== null,
  };
}

export type VillageRiskView = { level: RiskLevel; score: number | null; note: string; version: number; updatedAt: string; updatedBy: string | null };

async function risksOf(p: Db, campaignId: string, unitWhere: object): Promise<Map<string, VillageRiskView>> {
  const rows = await p.villageRisk.findMany({
    where: { campaignId, unit: unitWhere },
    select: { unitId: true, level: true, score: true, note: true, version: true, updatedAt: true, updatedById: true },
  });
  const userIds = [...new Set(rows.map((r) => r.updatedById))];
  const users = userIds.length ? await p.user.findMany({ where: { id: { in: userIds } }, select: { id: true, displayName: true } }) : [];
  const names = new Map(users.map((u) => [u.id, u.displayName]));
  return new Map(
    rows.map((r) => [
      r.unitId,
      { level: r.level, score: r.score, note: r.note, version: r.version, updatedAt: r.updatedAt.toISOString(), updatedBy: names.get(r.updatedById) ?? null },
    ]),
  );
}

/** Villages with at least one user who can sign in (not disabled). */
async function unitsWithActiveUser(p: Db, unitWhere: object): Promise<Set<string>> {
  const rows = await p.user.groupBy({ by: ["unitId"], where: { disabled: false, unit: unitWhere } });
  return new Set(rows.map((r) => r.unitId));
}

// ---------------------------------------------------------------------------------------------
// The dashboard

export type DashboardVillage = {
  id: string;
  name: string;
  code: string;
  kind: UnitKind;
  township: { id: string; name: string } | null;
  electionId: string | null;
  stage: Stage;
  electionDay: string | null;
  overdue: string[];
  risk: VillageRiskView | null;
  activeUser: boolean;
};

export type DashboardChild = {
  id: string;
  name: string;
  code: string;
  level: UnitLevel;
  villages: number;
  stageCounts: Record<Stage, number>;
  /** Villages with at least one overdue reason. */
  overdue: number;
  red: number;
  noActiveUser: number;
};

export type Dashboard = NonNullable<Awaited<ReturnType<typeof getDashboard>>>;

/**
 * The dashboard of a county or township (default: the actor's own, or the campaign's county for an actor
 * above county level) for one campaign. Null when the campaign or unit is not in the actor's scope.
 * `today` is for tests; the page uses today in China.
 */
export async function getDashboard(actor: Actor, campaignId: string, unitId?: string | null, opts: { today?: string } = {}) {
  if (!can(actor, "oversight.view", { path: actor.unitPath })) return null;
  const p = await db();
  const campaign = await scopedCampaign(p, actor, campaignId);
  if (!campaign) return null;
  const wanted =
    unitId && z.uuid().safeParse(unitId).success ? unitId : actor.unitLevel === "COUNTY" || actor.unitLevel === "TOWNSHIP" ? actor.unitId : campaign.countyId;
  const unit = await p.unit.findFirst({
    where: { id: wanted, level: { in: ["COUNTY", "TOWNSHIP"] }, countyId: campaign.countyId, ...unitScope(actor) },
    select: unitRowSelect,
  });
  if (!unit) return null;
  const today = opts.today ?? todayInChina();
  const subtree = { path: { startsWith: unit.path } };

  const [units, elections, risks, withUser, breadcrumb] = await Promise.all([
    p.unit.findMany({
      where: { ...subtree, level: { in: ["TOWNSHIP", "VILLAGE"] }, OR: [{ active: true }, { elections: { some: { campaignId: campaign.id } } }] },
      select: unitRowSelect,
      orderBy: { code: "asc" },
    }),
    p.election.findMany({ where: { campaignId: campaign.id, unit: subtree }, select: electionFacts }),
    risksOf(p, campaign.id, subtree),
    unitsWithActiveUser(p, { ...subtree, level: "VILLAGE" }),
    breadcrumbOf(p, actor, unit as UnitRow),
  ]);

  const byId = new Map((units as UnitRow[]).map((u) => [u.id, u]));
  const electionByUnit = new Map((elections as ElectionFacts[]).map((e) => [e.unitId, e]));
  const townshipOf = (u: UnitRow): UnitRow | null => {
    let cur: UnitRow | undefined = u;
    while (cur && cur.level !== "TOWNSHIP") cur = cur.parentId ? byId.get(cur.parentId) : undefined;
    return cur ?? (unit.level === "TOWNSHIP" ? (unit as UnitRow) : null);
  };

  const villages: DashboardVillage[] = (units as UnitRow[])
    .filter((u) => u.level === "VILLAGE")
    .map((u) => {
      const e = electionByUnit.get(u.id);
      const progress = e ? progressOf(e) : null;
      const t = townshipOf(u);
      return {
        id: u.id,
        name: u.name,
        code: u.code,
        kind: u.kind,
        township: t ? { id: t.id, name: t.name } : null,
        electionId: e?.id ?? null,
        stage: villageStage(progress),
        electionDay: progress?.electionDay ?? null,
        overdue: overdue(progress, campaign.rules, today, campaign.endDay),
        risk: risks.get(u.id) ?? null,
        activeUser: withUser.has(u.id),
      };
    });

  // Children: the townships of a county, the villages of a township.
  const childLevel: UnitLevel = unit.level === "COUNTY" ? "TOWNSHIP" : "VILLAGE";
  const childRows = (units as UnitRow[]).filter((u) => u.level === childLevel && u.parentId === unit.id);
  const childIndex = new Map<string, DashboardChild>(
    childRows.map((c) => [
      c.id,
      { id: c.id, name: c.name, code: c.code, level: c.level, villages: 0, stageCounts: emptyStageCounts(), overdue: 0, red: 0, noActiveUser: 0 },
    ]),
  );
  const stageCounts = emptyStageCounts();
  const totals = { villages: villages.length, overdue: 0, red: 0, yellow: 0, green: 0, unassessed: 0, noActiveUser: 0 };
  for (const v of villages) {
    stageCounts[v.stage]++;
    if (v.overdue.length) totals.overdue++;
    if (!v.activeUser) totals.noActiveUser++;
    if (v.risk?.level === "RED") totals.red++;
    else if (v.risk?.level === "YELLOW") totals.yellow++;
    else if (v.risk?.level === "GREEN") totals.green++;
    else totals.unassessed++;
    const child = childIndex.get(childLevel === "VILLAGE" ? v.id : (v.township?.id ?? ""));
    if (!child) continue;
    child.villages++;
    child.stageCounts[v.stage]++;
    if (v.overdue.length) child.overdue++;
    if (v.risk?.level === "RED") child.red++;
    if (!v.activeUser) child.noActiveUser++;
  }

  // Red first, then yellow, then the rest; within each, by township and village code (the child table's order).
  const townshipCode = new Map((units as UnitRow[]).filter((u) => u.level === "TOWNSHIP").map((u) => [u.id, u.code]));
  villages.sort(
    (a, b) =>
      riskRank(a.risk?.level ?? null) - riskRank(b.risk?.level ?? null) ||
      (townshipCode.get(a.township?.id ?? "") ?? "").localeCompare(townshipCode.get(b.township?.id ?? "") ?? "") ||
      a.code.localeCompare(b.code),
  );

  return {
    campaign: {
      id: campaign.id,
      name: campaign.name,
      countyName: campaign.countyName,
      endDay: campaign.endDay,
      status: campaign.status,
      candidateListPostingDays: campaign.rules.candidateListPostingDays,
    },
    unit: { id: unit.id, name: unit.name, code: unit.code, level: unit.level as UnitLevel, kind: unit.kind as UnitKind },
    breadcrumb,
    today,
    stageCounts,
    reached: reachedCounts(stageCounts),
    totals,
    childLevel,
    children: [...childIndex.values()],
    villages,
    notStarted: villages.filter((v) => v.stage === "notStarted").sort((a, b) => a.code.localeCompare(b.code)),
    canSetRisk: can(actor, "risk.set", { path: unit.path }) && campaign.status === "OPEN",
  };
}

// ---------------------------------------------------------------------------------------------
// One village: its stage and every ballot box per round, down to the box pages.

export async function getVillageDrilldown(actor: Actor, campaignId: string, villageId: string, opts: { today?: string } = {}) {
  if (!can(actor, "oversight.view", { path: actor.unitPath })) return null;
  if (!z.uuid().safeParse(villageId).success) return null;
  const p = await db();
  const campaign = await scopedCampaign(p, actor, campaignId);
  if (!campaign) return null;
  const village = await p.unit.findFirst({
    where: { id: villageId, level: "VILLAGE", countyId: campaign.countyId, ...unitScope(actor) },
    select: { ...unitRowSelect, active: true },
  });
  if (!village) return null;
  const today = opts.today ?? todayInChina();
  const [e, risks, withUser, breadcrumb] = await Promise.all([
    p.election.findUnique({
      where: { campaignId_unitId: { campaignId: campaign.id, unitId: village.id } },
      select: {
        ...electionFacts,
        registeredVoters: true,
        campaignId: true,
        unitId: true,
        boxes: {
          orderBy: [{ station: { kind: "asc" } }, { name: "asc" }],
          select: { id: true, name: true, kind: true, voters: true, station: { select: { name: true } } },
        },
        rounds: {
          orderBy: { number: "asc" },
          select: { id: true, number: true, kind: true, status: true, tallies: { select: { boxId: true, status: true } } },
        },
      },
    }),
    risksOf(p, campaign.id, { id: village.id }),
    unitsWithActiveUser(p, { id: village.id }),
    breadcrumbOf(p, actor, village as UnitRow),
  ]);
  const progress = e ? progressOf(e as ElectionFacts) : null;
  return {
    campaign: { id: campaign.id, name: campaign.name, status: campaign.status, candidateListPostingDays: campaign.rules.candidateListPostingDays },
    village: { id: village.id, name: village.name, code: village.code, kind: village.kind as UnitKind, active: village.active },
    breadcrumb,
    stage: villageStage(progress),
    overdue: overdue(progress, campaign.rules, today, campaign.endDay),
    risk: risks.get(village.id) ?? null,
    activeUser: withUser.has(village.id),
    canSetRisk: can(actor, "risk.set", { path: village.path }) && campaign.status === "OPEN",
    canViewCount: can(actor, "tally.view", { path: village.path }),
    election: e && {
      id: e.id,
      electionDay: progress!.electionDay,
      listStatus: e.listStatus,
      registeredVoters: (await registeredVotersOf(p, e)).count,
      boxes: e.boxes.map((b) => ({ id: b.id, name: b.name, kind: b.kind, voters: b.voters, station: b.station.name })),
      rounds: e.rounds.map((r) => {
        const status = new Map(r.tallies.map((t) => [t.boxId, t.status as TallyStatus]));
        return {
          id: r.id,
          number: r.number,
          label: roundLabel(r.number, r.kind),
          status: r.status,
          boxes: e.boxes.map((b) => ({ boxId: b.id, name: b.name, status: status.get(b.id) ?? ("EMPTY" as TallyStatus) })),
        };
      }),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// 红黄绿: the township (or county) sets a village's risk status with a note, by level or by score.

const emptyToUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);

export const riskInput = z
  .object({
    campaignId: idField,
    unitId: idField,
    level: z.preprocess(emptyToUndefined, z.enum(RISK_LEVELS, { error: "风险等级只能是红、黄、绿" }).optional()),
    score: z.preprocess(emptyToUndefined, intField(0, 100, "风险评分").optional()),
    note: z.string({ error: "请填写处置说明" }).trim().min(1, "请填写处置说明（研判情况、包村领导、工作措施等）").max(1000, "处置说明最多 1000 字"),
    /** 0 when the village has no status yet. */
    version: z.coerce.number().int().min(0, "版本号无效"),
  })
  .refine((v) => (v.level === undefined) !== (v.score === undefined), { error: "请选择风险等级，或填写 0-100 的评分（二者只填一项）", path: ["level"] });

export const setRisk = defineAction({
  name: "risk.set",
  permission: "risk.set",
  input: riskInput,
  target: (tx, input, actor) =>
    tx.unit.findFirst({ where: { id: input.unitId, level: "VILLAGE", ...unitScope(actor) }, select: { id: true, path: true, level: true, countyId: true } }),
  async run({ tx, actor, input, unit, audit }) {
    const campaign = await tx.campaign.findFirst({ where: { id: input.campaignId, countyId: unit.countyId ?? "" }, select: { id: true, status: true } });
    if (!campaign) throw new ExpectedError("not_found", "未找到该换届，或它不属于本县");
    if (campaign.status !== "OPEN") throw new ExpectedError("invalid", "该换届已结束，不能再设定风险等级");
    const level = input.level ?? riskFromScore(input.score!);
    const score = input.level ? null : input.score!;
    const key = { campaignId_unitId: { campaignId: campaign.id, unitId: unit.id } };
    const before = await tx.villageRisk.findUnique({ where: key, select: { id: true, level: true, score: true, note: true, version: true } });
    if ((before?.version ?? 0) !== input.version) throw staleError();
    let id: string;
    if (!before) {
      // Two first settings at once: the unique key refuses the second, which is told to refresh.
      const created = await tx.villageRisk
        .create({ data: { campaignId: campaign.id, unitId: unit.id, level, score, note: input.note, updatedById: actor.userId }, select: { id: true } })
        .catch((err: unknown) => {
          if (typeof err === "object" && err && "code" in err && err.code === "P2002") throw staleError();
          throw err;
        });
      id = created.id;
    } else {
      const res = await tx.villageRisk.updateMany({
        where: { id: before.id, version: input.version },
        data: { level, score, note: input.note, updatedById: actor.userId, version: { increment: 1 } },
      });
      if (res.count === 0) throw staleError();
      id = before.id;
    }
    await audit({
      event: "risk.set",
      objectType: "VillageRisk",
      objectId: id,
      before: before ? { level: before.level, score: before.score, note: before.note } : null,
      after: { campaignId: campaign.id, level, score, note: input.note },
    });
    return { id, level, version: input.version + 1 };
  },
});
