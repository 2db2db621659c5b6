// What a candidate list's pages may claim: a preliminary announcement of a list that still has
// errors is a draft (printed with 草稿), and "not on the formal list" is only said once one exists.

type ListStatus = "DRAFT" | "SUBMITTED" | "RETURNED" | "IN_VETTING" | "FORMAL";

/** A preliminary list with an error may be printed for checking, never as a clean notice. */
export function isDraftAnnouncement(listStatus: ListStatus, problems: readonly { severity: string }[]): boolean {
  return listStatus !== "FORMAL" && problems.some((p) => p.severity === "error");
}

/** A candidate's standing after vetting, as the list page shows it. */
export function vettingStandingLabel(
  c: { formalRank: number | null; replacement: boolean; vettingDecision: "APPROVED" | "REJECTED" | null },
  listStatus: ListStatus,
): string {
  if (c.formalRank !== null) return c.replacement ? "正式候选人（递补）" : "正式候选人";
  if (c.vettingDecision === "REJECTED") return "未通过资格审查";
  if (c.vettingDecision === "APPROVED") return listStatus === "FORMAL" ? "通过（未列入正式名单）" : "通过资格审查";
  return "—";
}
