// The one status a campaign's village table shows: while the list is being made, its nomination status
// (录入中 / 已退回修改 / 联审中 ...); from the formal list on, where the election stands (投票计票中,
// 结果已确认, 已认定, 已封存归档), which a nomination status would leave at "正式候选人已公布".
import { LIST_STATUS_LABEL } from "@/lib/i18n/zh";
import { STAGE_LABEL, type ListStatus, type Stage } from "./oversight";

export const NO_ELECTION_LABEL = "未设置";

/** The stages a village's table row shows by its list status rather than by its stage. */
const NOMINATION_STAGES: readonly Stage[] = ["nominating", "inVetting"];

export function villageStatusLabel(e: { stage: Stage; listStatus: ListStatus } | null): string {
  if (!e || e.stage === "notStarted") return NO_ELECTION_LABEL;
  return NOMINATION_STAGES.includes(e.stage) ? LIST_STATUS_LABEL[e.listStatus] : STAGE_LABEL[e.stage];
}

/** The key a village is counted under in the table's summary line, with its label, in workflow order. */
export function villageStatusKey(e: { stage: Stage; listStatus: ListStatus } | null): string {
  if (!e || e.stage === "notStarted") return "none";
  return NOMINATION_STAGES.includes(e.stage) ? e.listStatus : e.stage;
}

export const VILLAGE_STATUS_ORDER: readonly { key: string; label: string }[] = [
  { key: "none", label: NO_ELECTION_LABEL },
  { key: "DRAFT", label: LIST_STATUS_LABEL.DRAFT },
  { key: "RETURNED", label: LIST_STATUS_LABEL.RETURNED },
  { key: "SUBMITTED", label: LIST_STATUS_LABEL.SUBMITTED },
  { key: "IN_VETTING", label: LIST_STATUS_LABEL.IN_VETTING },
  ...(["formalPublished", "pollingReady", "counting", "confirmed", "certified", "sealed"] as const).map((s) => ({ key: s, label: STAGE_LABEL[s] })),
];
