// Oversight (督导): where each village's election stands, what is overdue against the rule pack and
// election day, and the township's red/yellow/green risk status (红黄绿三色管理, docs/rules/schedule-and-oversight.md).
// Pure: the dashboard DAL (lib/server/oversight/dashboard.ts) feeds it plain values.
import { addDays, daysBetween, todayInChina } from "./days";
import type { RuleValues } from "./rule-pack";

/**
 * The stages a village passes through in one campaign, in order. Decisions (docs/decisions/010-oversight-dashboard.md):
 * - "nominating": the list is DRAFT or RETURNED, i.e. the village/township is still working on it.
 * - "inVetting": SUBMITTED or IN_VETTING. A submitted list is frozen and waits on the county (to be put
 *   into a joint-vetting round or returned), so for oversight it has left the village's hands.
 * - "pollingReady": the formal list is published and at least one ballot box is set up.
 * - "counting": a voting round exists and the township has not confirmed the result (a reopened result
 *   counts again).
 */
export const STAGES = ["notStarted", "nominating", "inVetting", "formalPublished", "pollingReady", "counting", "confirmed", "certified", "sealed"] as const;
export type Stage = (typeof STAGES)[number];

export const STAGE_LABEL: Record<Stage, string> = {
  notStarted: "未开始",
  nominating: "提名中",
  inVetting: "资格联审中",
  formalPublished: "正式候选人已公布",
  pollingReady: "投票准备就绪",
  counting: "投票计票中",
  confirmed: "结果已确认",
  certified: "结果已认定",
  sealed: "已封存归档",
};

/** What each stage means, for the page's legend and the Excel sheet. */
export const STAGE_HINT: Record<Stage, string> = {
  notStarted: "本次换届尚未为该村(社区)设置选举",
  nominating: "已设置选举，初步候选人名单录入中或被县换届办退回修改",
  inVetting: "名单已提交县级资格联审（含等待编入联审批次）",
  formalPublished: "联审完成，正式候选人名单已公布，尚未设置票箱",
  pollingReady: "正式候选人已公布，投票站和票箱已设置，尚未开始计票",
  counting: "已开始投票计票，结果尚未经乡镇确认",
  confirmed: "乡镇已确认选举结果，待县换届办认定",
  certified: "县换届办已认定结果并颁发当选证书",
  sealed: "选举资料已封存归档",
};

export type ListStatus = "DRAFT" | "SUBMITTED" | "RETURNED" | "IN_VETTING" | "FORMAL";

/** One village's election as the stage and overdue rules need it. Days are "YYYY-MM-DD" in China. */
export type ElectionProgress = {
  listStatus: ListStatus;
  electionDay: string;
  /** The day (China time) the formal list was published, or null. */
  formalPublishedDay: string | null;
  boxCount: number;
  roundCount: number;
  resultConfirmed: boolean;
  certified: boolean;
  sealed: boolean;
};

/** The stage of a village; `null` = no election in the campaign. */
export function villageStage(e: ElectionProgress | null): Stage {
  if (!e) return "notStarted";
  if (e.sealed) return "sealed";
  if (e.certified) return "certified";
  if (e.resultConfirmed) return "confirmed";
  if (e.roundCount > 0) return "counting";
  if (e.listStatus === "FORMAL") return e.boxCount > 0 ? "pollingReady" : "formalPublished";
  if (e.listStatus === "SUBMITTED" || e.listStatus === "IN_VETTING") return "inVetting";
  return "nominating";
}

/** A count for every stage, zeros included, in STAGES order. */
export function emptyStageCounts(): Record<Stage, number> {
  return Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;
}

/** How many villages have reached at least each stage (the funnel), from the per-stage counts. */
export function reachedCounts(counts: Record<Stage, number>): Record<Stage, number> {
  const out = emptyStageCounts();
  let acc = 0;
  for (let i = STAGES.length - 1; i >= 0; i--) {
    acc += counts[STAGES[i]!];
    out[STAGES[i]!] = acc;
  }
  return out;
}

const zh = (day: string) => {
  const [y, m, d] = day.split("-").map(Number);
  return `${y}年${m}月${d}日`;
};

/**
 * What is overdue for a village today, in Chinese, empty when nothing is. The rules
 * (docs/rules/schedule-and-oversight.md; edge case 43):
 * - The formal candidate list must be posted at least `candidateListPostingDays` before election day:
 *   not published once that day has passed is overdue; published after it (e.g. election day was moved
 *   earlier) is flagged until the result is confirmed, since the posting period is then too short.
 * - On election day the polling must be set up: no ballot box once election day has come.
 * - After election day the township must confirm the result (results are filed with the township; CXQ: D+5).
 * - The campaign's end date (the county timetable): an election not confirmed, or never set up, by then.
 * The voter-list posting rule (`voterListPostingDays`) is not checked: the system holds no voter-list
 * posting date yet.
 */
export function overdue(
  e: ElectionProgress | null,
  rules: Pick<RuleValues, "candidateListPostingDays">,
  today: string = todayInChina(),
  campaignEndDay?: string,
): string[] {
  const out: string[] = [];
  const campaignOver = campaignEndDay !== undefined && today > campaignEndDay;
  if (!e) {
    if (campaignOver) out.push(`换届工作期限（${zh(campaignEndDay)}）已过，尚未设置选举`);
    return out;
  }
  const n = rules.candidateListPostingDays;
  const deadline = addDays(e.electionDay, -n);
  const done = e.resultConfirmed || e.certified || e.sealed;
  if (e.listStatus !== "FORMAL") {
    if (today > deadline) out.push(`正式候选人名单应于${zh(deadline)}前公布（选举日前 ${n} 日），至今未公布`);
  } else if (!done && e.formalPublishedDay && e.formalPublishedDay > deadline) {
    out.push(`正式候选人名单于${zh(e.formalPublishedDay)}公布，晚于规定的${zh(deadline)}（选举日前 ${n} 日）`);
  }
  if (!done && e.listStatus === "FORMAL" && e.boxCount === 0 && today >= e.electionDay) {
    out.push(`选举日（${zh(e.electionDay)}）已到，尚未设置票箱`);
  }
  if (!done && today > e.electionDay) {
    const late = daysBetween(e.electionDay, today);
    out.push(
      e.roundCount === 0
        ? `选举日（${zh(e.electionDay)}）已过 ${late} 天，尚未开始计票`
        : `选举日（${zh(e.electionDay)}）已过 ${late} 天，选举结果尚未经乡镇确认`,
    );
  }
  if (!done && campaignOver) out.push(`换届工作期限（${zh(campaignEndDay)}）已过，选举尚未完成`);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Risk status (红黄绿三色管理): 金华 scores villages 0-100; >= 80 green, 61-79 yellow, <= 60 red (docs/rules/schedule-and-oversight.md).

export const RISK_LEVELS = ["RED", "YELLOW", "GREEN"] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const RISK_LABEL: Record<RiskLevel, string> = { GREEN: "绿", YELLOW: "黄", RED: "红" };
/** The longer wording of the 金华 scheme. */
export const RISK_MEANING: Record<RiskLevel, string> = { GREEN: "平稳", YELLOW: "一般", RED: "复杂" };

/** The level for a 0-100 score; throws on anything else (a form must have refused it first). */
export function riskFromScore(score: number): RiskLevel {
  if (!Number.isInteger(score) || score < 0 || score > 100) throw new RangeError(`风险评分须为 0-100 的整数，收到 ${score}`);
  if (score >= 80) return "GREEN";
  if (score >= 61) return "YELLOW";
  return "RED";
}

/** Sort key: red first, then yellow, then green and unassessed. */
export function riskRank(level: RiskLevel | null): number {
  return level === "RED" ? 0 : level === "YELLOW" ? 1 : 2;
}

/** "2026-03-10 14:05" in China time, for when a risk status was last set. */
export function chinaDateTime(iso: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: "Asia/Shanghai",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")} ${get("hour")}:${get("minute")}`;
}
