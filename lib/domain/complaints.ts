// The complaints ledger (信访举报台账, seed 003 "四位一体"): labels, the numbering, the status workflow
// 已受理 → 已交办 → 已答复 → 已办结, and when an item is overdue. Pure; lib/server/complaints.ts applies it.
import { todayInChina } from "./days";

export const COMPLAINT_CHANNELS = ["LETTER", "VISIT", "PHONE", "ONLINE", "BOX"] as const;
export type ComplaintChannel = (typeof COMPLAINT_CHANNELS)[number];
export const CHANNEL_LABEL: Record<ComplaintChannel, string> = { LETTER: "来信", VISIT: "来访", PHONE: "来电", ONLINE: "网络", BOX: "举报箱" };

export const COMPLAINT_CATEGORIES = ["VOTE_BUYING", "CLAN", "ELIGIBILITY", "PROCEDURE", "OTHER"] as const;
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];
export const CATEGORY_LABEL: Record<ComplaintCategory, string> = {
  VOTE_BUYING: "拉票贿选",
  CLAN: "宗族干扰",
  ELIGIBILITY: "资格问题",
  PROCEDURE: "程序问题",
  OTHER: "其他",
};

export const COMPLAINT_STATUSES = ["RECEIVED", "ASSIGNED", "ANSWERED", "CLOSED"] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];
export const STATUS_LABEL: Record<ComplaintStatus, string> = { RECEIVED: "已受理", ASSIGNED: "已交办", ANSWERED: "已答复", CLOSED: "已办结" };

export const COMPLAINT_FINDINGS = ["SUBSTANTIATED", "PARTLY_SUBSTANTIATED", "UNSUBSTANTIATED"] as const;
export type ComplaintFinding = (typeof COMPLAINT_FINDINGS)[number];
export const FINDING_LABEL: Record<ComplaintFinding, string> = { SUBSTANTIATED: "属实", PARTLY_SUBSTANTIATED: "部分属实", UNSUBSTANTIATED: "不属实" };

/** A finding that reaches the vetting board when the complaint names a candidate. */
export function isSubstantiated(finding: ComplaintFinding | null | undefined): boolean {
  return finding === "SUBSTANTIATED" || finding === "PARTLY_SUBSTANTIATED";
}

export type ComplaintStep = "assign" | "answer" | "close";

/** The statuses each step may start from. Re-assigning an item not yet answered is allowed (wrong department). */
const FROM: Record<ComplaintStep, readonly ComplaintStatus[]> = {
  assign: ["RECEIVED", "ASSIGNED"],
  answer: ["ASSIGNED"],
  close: ["ANSWERED"],
};
const TO: Record<ComplaintStep, ComplaintStatus> = { assign: "ASSIGNED", answer: "ANSWERED", close: "CLOSED" };

/** Why `step` cannot be taken from `status` (Chinese, for the user), or null. */
export function stepRefusal(step: ComplaintStep, status: ComplaintStatus): string | null {
  if (FROM[step].includes(status)) return null;
  if (status === "CLOSED") return "该信访件已办结，不能再办理";
  switch (step) {
    case "assign":
      return `该信访件${STATUS_LABEL[status]}，不能再交办`;
    case "answer":
      return status === "RECEIVED" ? "该信访件尚未交办，不能答复" : "该信访件已答复，等待县换届办办结";
    case "close":
      return "承办部门答复后才能办结";
  }
}

export function nextStatus(step: ComplaintStep, status: ComplaintStatus): ComplaintStatus {
  const refusal = stepRefusal(step, status);
  if (refusal) throw new Error(refusal);
  return TO[step];
}

/** Overdue: the deadline has passed (the deadline day itself still counts as in time) and the department has not answered. */
export function isOverdue(c: { status: ComplaintStatus; deadline: string | null }, today = todayInChina()): boolean {
  return c.deadline !== null && c.deadline < today && (c.status === "RECEIVED" || c.status === "ASSIGNED");
}

/** Ledger number: "2026-001", gapless per county and year of receipt. */
export function complaintNumber(year: number, seq: number): string {
  return `${year}-${String(seq).padStart(3, "0")}`;
}

/** The year a complaint is numbered in: that of the day it was received. */
export function complaintYear(receivedOn: string): number {
  return Number(receivedOn.slice(0, 4));
}

/**
 * A phone number or other contact as lists show it: the first 3 and last 2 characters of a phone
 * number, otherwise the first character and asterisks.
 */
export function maskContact(contact: string | null): string {
  if (!contact) return "";
  const digits = contact.replace(/\D/g, "");
  if (digits.length >= 7 && digits.length === contact.replace(/[\s-]/g, "").length) {
    return `${digits.slice(0, 3)}${"*".repeat(digits.length - 5)}${digits.slice(-2)}`;
  }
  return `${[...contact][0]}${"*".repeat(Math.min(6, Math.max(2, [...contact].length - 1)))}`;
}

/** A name shown in a list: the surname and asterisks. */
export function maskName(name: string | null): string {
  if (!name) return "";
  const chars = [...name];
  return `${chars[0]}${"*".repeat(Math.max(1, chars.length - 1))}`;
}

/** A deadline must not lie before the day the complaint was received. */
export function deadlineProblem(receivedOn: string, deadline: string): string | null {
  return deadline < receivedOn ? `办理期限不能早于受理日期（${receivedOn}）` : null;
}

/**
 * A vetting department's reviewer sees only the complaints assigned to their department (confidentiality,
 * issue 17); every other role with complaint.view sees those about the villages of its subtree.
 */
export function departmentBound(role: string): boolean {
  return role === "VETTING_REVIEWER";
}
