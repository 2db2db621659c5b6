// The province (or city) dashboard: one row per county with its villages and communities, stage counts and
// funnel, overdue items and red/yellow/green status, for the campaigns of one name (each county runs its own
// campaign of the term, e.g. 第十二届…). Pure: lib/server/oversight/province-dashboard.ts loads one compact
// fact per village and passes them in; the stage and overdue rules are the county dashboard's own
// (lib/domain/oversight.ts), so the two pages cannot disagree.
import { emptyStageCounts, overdue, reachedCounts, villageStage, type ElectionProgress, type RiskLevel, type Stage } from "./oversight";
import type { RuleValues } from "./rule-pack";

/** Village-level units are either villages (村委会) or communities (社区/居委会); statistics report both apart. */
export type CommitteeKind = "village" | "community";
export const COMMITTEE_KINDS = ["village", "community"] as const satisfies readonly CommitteeKind[];
export const COMMITTEE_KIND_LABEL: Record<CommitteeKind, string> = { village: "村", community: "社区" };

/**
 * Village or community from the unit's kind (Unit.kind VILLAGE / COMMUNITY), else from its name (…社区,
 * …居委会, …居民委员会 are communities). The kind wins when it is given: a unit import sets it from the
 * 城乡分类代码.
 */
export function committeeKindOf(kind: string | null | undefined, name = ""): CommitteeKind {
  if (kind === "COMMUNITY") return "community";
  if (kind === "VILLAGE") return "village";
  return /(社区|居委会|居民委员会)$/.test(name.trim()) ? "community" : "village";
}

export type CountyCampaign = {
  id: string;
  endDay: string;
  rules: Pick<RuleValues, "candidateListPostingDays">;
};

export type CountyRef = { id: string; name: string; code: string; campaign: CountyCampaign | null };

/** One village-level unit of the subtree, as the aggregation needs it. */
export type VillageFact = {
  countyId: string;
  kind: CommitteeKind;
  /** Null when the county's campaign has no election for the unit (not started). */
  progress: ElectionProgress | null;
  risk: RiskLevel | null;
  activeUser: boolean;
};

export type Tally = {
  units: number;
  villages: number;
  communities: number;
  stageCounts: Record<Stage, number>;
  /** Units with at least one overdue reason. */
  overdue: number;
  red: number;
  yellow: number;
  green: number;
  unassessed: number;
  noActiveUser: number;
};

export type CountyRow = Tally & {
  id: string;
  name: string;
  code: string;
  /** The county's campaign of the term, null when it has none (its units are not counted as not started). */
  campaignId: string | null;
  reached: Record<Stage, number>;
  /** Share of units certified or sealed, 0..1 rounded to 4 decimals; null without units. */
  done: number | null;
};

export type ProvinceAggregate = {
  rows: CountyRow[];
  totals: Tally & { reached: Record<Stage, number>; done: number | null; counties: number; withCampaign: number };
};

function emptyTally(): Tally {
  return { units: 0, villages: 0, communities: 0, stageCounts: emptyStageCounts(), overdue: 0, red: 0, yellow: 0, green: 0, unassessed: 0, noActiveUser: 0 };
}

function add(t: Tally, v: VillageFact, stage: Stage, late: boolean) {
  t.units++;
  if (v.kind === "community") t.communities++;
  else t.villages++;
  t.stageCounts[stage]++;
  if (late) t.overdue++;
  if (!v.activeUser) t.noActiveUser++;
  if (v.risk === "RED") t.red++;
  else if (v.risk === "YELLOW") t.yellow++;
  else if (v.risk === "GREEN") t.green++;
  else t.unassessed++;
}

const doneShare = (t: Tally) => (t.units ? Math.round(((t.stageCounts.certified + t.stageCounts.sealed) / t.units) * 10_000) / 10_000 : null);

/**
 * Counts per county and for the whole subtree. Units of a county without a campaign of the term are left
 * out (there is nothing to be late for); the county still gets its row, with zeros.
 */
export function aggregateCounties(counties: CountyRef[], facts: VillageFact[], today: string): ProvinceAggregate {
  const tallies = new Map(counties.map((c) => [c.id, emptyTally()]));
  const campaignOf = new Map(counties.map((c) => [c.id, c.campaign]));
  const total = emptyTally();
  for (const v of facts) {
    const campaign = campaignOf.get(v.countyId);
    const t = tallies.get(v.countyId);
    if (!campaign || !t) continue;
    const stage = villageStage(v.progress);
    const late = overdue(v.progress, campaign.rules, today, campaign.endDay).length > 0;
    add(t, v, stage, late);
    add(total, v, stage, late);
  }
  const rows = counties.map((c) => {
    const t = tallies.get(c.id)!;
    return { id: c.id, name: c.name, code: c.code, campaignId: c.campaign?.id ?? null, ...t, reached: reachedCounts(t.stageCounts), done: doneShare(t) };
  });
  return {
    rows,
    totals: {
      ...total,
      reached: reachedCounts(total.stageCounts),
      done: doneShare(total),
      counties: counties.length,
      withCampaign: counties.filter((c) => c.campaign).length,
    },
  };
}

export const COUNTY_SORT_KEYS = ["code", "units", "overdue", "red", "done", "notStarted", "noActiveUser"] as const;
export type CountySortKey = (typeof COUNTY_SORT_KEYS)[number];
export const COUNTY_SORT_LABEL: Record<CountySortKey, string> = {
  code: "统计代码",
  units: "村(社区)数",
  overdue: "有逾期",
  red: "红色风险",
  done: "已认定比例",
  notStarted: "未开始",
  noActiveUser: "无可用账号",
};

/**
 * Rows sorted by `key` (default: by code). Numbers sort largest first unless `asc`; code sorts ascending
 * unless `desc`. Ties keep code order, so the table is stable.
 */
export function sortCountyRows(rows: CountyRow[], key: CountySortKey = "code", dir?: "asc" | "desc"): CountyRow[] {
  const value = (r: CountyRow): number => (key === "notStarted" ? r.stageCounts.notStarted : key === "done" ? (r.done ?? -1) : key === "code" ? 0 : r[key]);
  const byCode = (a: CountyRow, b: CountyRow) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
  const sign = key === "code" ? (dir === "desc" ? -1 : 1) : dir === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => (key === "code" ? sign * byCode(a, b) : sign * (value(a) - value(b)) || byCode(a, b)));
}
