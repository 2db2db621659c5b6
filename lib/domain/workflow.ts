// The two lifecycles of a village's election as small state machines: its candidate list (nomination
// to the formal list) and its result (counting to the sealed archive). The data access layer asks
// these before it changes a row, and the pages ask the same functions whether to offer a form, so a
// page never offers what the action would refuse, in other words than it would refuse with.
// Pure: no I/O. docs/architecture.md draws both.

// ---------------------------------------------------------------------------------------------
// The candidate list.

export type ListStatus = "DRAFT" | "SUBMITTED" | "RETURNED" | "IN_VETTING" | "FORMAL";

export type ListStep = "submit" | "return" | "openVetting" | "returnAfterVetting" | "publish";

/**
 * Each step that moves a list: the statuses it starts from, where it leads, and what the user is told
 * when the list is elsewhere. The township submits; the county returns a submitted list or takes it into
 * a vetting round; the round's decisions return it (a 不能 to replace) or publish the formal list.
 */
export const LIST_STEPS: Readonly<Record<ListStep, { from: readonly ListStatus[]; to: ListStatus; refusal: string }>> = {
  submit: { from: ["DRAFT", "RETURNED"], to: "SUBMITTED", refusal: "名单已提交，正在县级联审或已公布" },
  return: { from: ["SUBMITTED"], to: "RETURNED", refusal: "只有已提交的名单可以退回" },
  openVetting: { from: ["SUBMITTED"], to: "IN_VETTING", refusal: "只有已提交的名单可以纳入联审" },
  returnAfterVetting: { from: ["IN_VETTING"], to: "RETURNED", refusal: "该村(社区)名单不在联审中" },
  publish: { from: ["IN_VETTING"], to: "FORMAL", refusal: "该村(社区)名单不在联审中" },
};

/** The statuses a list can reach from `status` in one step. */
export const listNext = (status: ListStatus): ListStatus[] => [
  ...new Set(
    Object.values(LIST_STEPS)
      .filter((t) => t.from.includes(status))
      .map((t) => t.to),
  ),
];

export const LIST_EDITABLE: readonly ListStatus[] = ["DRAFT", "RETURNED"];

/** The township may change the election's setup and candidates (and import them) only in these statuses. */
export const listEditable = (status: ListStatus): boolean => LIST_EDITABLE.includes(status);

/** Why a list cannot be edited in this status, or null when it can. */
export function listEditRefusal(status: ListStatus): string | null {
  if (status === "SUBMITTED" || status === "IN_VETTING") return "名单已提交县级联审，在县换届办退回前不能修改";
  if (status === "FORMAL") return "正式候选人名单已公布，不能再修改";
  return null;
}

export const canTakeListStep = (step: ListStep, status: ListStatus): boolean => LIST_STEPS[step].from.includes(status);

/** Why the step is refused for a list in this status, or null when it may be taken. */
export const listStepRefusal = (step: ListStep, status: ListStatus): string | null => (canTakeListStep(step, status) ? null : LIST_STEPS[step].refusal);

// ---------------------------------------------------------------------------------------------
// The result.

export type ResultStage = "counting" | "confirmed" | "certified" | "sealed";

export type ResultDates = { resultConfirmedAt: Date | null; certifiedAt: Date | null; sealedAt: Date | null };

/** Where a result stands; each stage implies the ones before it. */
export function resultStage(e: ResultDates): ResultStage {
  return e.sealedAt ? "sealed" : e.certifiedAt ? "certified" : e.resultConfirmedAt ? "confirmed" : "counting";
}

export type ResultStep = "enterTally" | "confirm" | "reopen" | "certify" | "decertify" | "seal";

/** Which stage each step starts from and where it leads (entering tallies keeps the stage). */
export const RESULT_TRANSITIONS: Readonly<Record<ResultStep, { from: ResultStage; to: ResultStage }>> = {
  enterTally: { from: "counting", to: "counting" },
  confirm: { from: "counting", to: "confirmed" },
  reopen: { from: "confirmed", to: "counting" },
  certify: { from: "confirmed", to: "certified" },
  decertify: { from: "certified", to: "confirmed" },
  seal: { from: "certified", to: "sealed" },
};

/**
 * Why a step is refused in a stage: `stale` when the stage already moved past what the user saw (someone
 * else did it: refresh), `invalid` when the step needs an earlier one first or can never happen now.
 */
export type ResultRefusal = { kind: "stale" | "invalid"; message: string };

export const CONFIRMED_MESSAGE = "选举结果已由乡镇确认，计票数据已锁定；如需更正，须由县换届办管理员说明理由后重新开放";

export function resultRefusal(step: ResultStep, stage: ResultStage): ResultRefusal | null {
  if (RESULT_TRANSITIONS[step].from === stage) return null;
  const invalid = (message: string): ResultRefusal => ({ kind: "invalid", message });
  const stale = (message: string): ResultRefusal => ({ kind: "stale", message });
  switch (step) {
    case "enterTally":
      return invalid(CONFIRMED_MESSAGE);
    case "confirm":
      return stale("选举结果已经确认");
    case "reopen":
      if (stage === "sealed") return invalid("该选举已封存归档，不能重新开放：封存后选举数据（计票单、结果、当选人员）不能再修改");
      if (stage === "certified") return invalid("该选举结果已经县级认定，不能直接重新开放：须先撤销认定（在「认定与归档」中说明理由），再重新开放");
      return stale("该选举结果尚未确认或已被重新开放，请刷新页面");
    case "certify":
      return invalid(stage === "counting" ? "乡镇尚未确认选举结果" : "已经认定");
    case "decertify":
      if (stage === "sealed") return invalid("该选举已封存归档，不能撤销认定");
      return stale("该选举结果尚未认定或已被撤销认定，请刷新页面");
    case "seal":
      if (stage === "sealed") return stale("该选举已经封存归档");
      return invalid("选举结果须先经县换届办认定，才能封存归档");
  }
}

export const canTakeResultStep = (step: ResultStep, stage: ResultStage): boolean => resultRefusal(step, stage) === null;
