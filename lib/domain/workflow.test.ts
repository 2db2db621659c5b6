import { describe, expect, it } from "vitest";
import {
  canTakeListStep,
  listEditable,
  listEditRefusal,
  listNext,
  listStepRefusal,
  resultRefusal,
  resultStage,
  RESULT_TRANSITIONS,
  type ResultStage,
  type ResultStep,
} from "./workflow";

describe("candidate list workflow", () => {
  it("only a draft or returned list can be edited; the others say why", () => {
    expect(listEditable("DRAFT") && listEditable("RETURNED")).toBe(true);
    expect(listEditRefusal("IN_VETTING")).toBe("名单已提交县级联审，在县换届办退回前不能修改");
    expect(listEditRefusal("FORMAL")).toBe("正式候选人名单已公布，不能再修改");
    expect(listEditRefusal("DRAFT")).toBeNull();
  });

  it("moves draft → submitted → in vetting → formal, with returns to the township", () => {
    expect(listNext("DRAFT")).toEqual(["SUBMITTED"]);
    expect(listNext("SUBMITTED").sort()).toEqual(["IN_VETTING", "RETURNED"]);
    expect(listNext("IN_VETTING").sort()).toEqual(["FORMAL", "RETURNED"]);
    expect(listNext("FORMAL")).toEqual([]);
    expect(canTakeListStep("submit", "RETURNED")).toBe(true);
    // the county's return before vetting is for submitted lists only; a list in vetting returns through its decisions
    expect(listStepRefusal("return", "IN_VETTING")).toBe("只有已提交的名单可以退回");
    expect(listStepRefusal("publish", "SUBMITTED")).toBe("该村(社区)名单不在联审中");
    expect(listStepRefusal("submit", "FORMAL")).toBe("名单已提交，正在县级联审或已公布");
  });
});

describe("result workflow", () => {
  const at = new Date("2026-06-01T00:00:00Z");
  it("the stage follows the latest date set", () => {
    expect(resultStage({ resultConfirmedAt: null, certifiedAt: null, sealedAt: null })).toBe("counting");
    expect(resultStage({ resultConfirmedAt: at, certifiedAt: at, sealedAt: null })).toBe("certified");
    expect(resultStage({ resultConfirmedAt: at, certifiedAt: at, sealedAt: at })).toBe("sealed");
  });

  it("every step is allowed from exactly one stage", () => {
    const stages: ResultStage[] = ["counting", "confirmed", "certified", "sealed"];
    for (const step of Object.keys(RESULT_TRANSITIONS) as ResultStep[]) {
      expect(stages.filter((s) => resultRefusal(step, s) === null)).toEqual([RESULT_TRANSITIONS[step].from]);
    }
  });

  it("a certified result cannot be reopened before decertification; a sealed one never", () => {
    expect(resultRefusal("reopen", "certified")).toEqual({ kind: "invalid", message: expect.stringContaining("须先撤销认定") });
    expect(resultRefusal("reopen", "sealed")?.message).toMatch(/^该选举已封存归档，不能重新开放/);
    // someone else reopened it meanwhile: refresh
    expect(resultRefusal("reopen", "counting")?.kind).toBe("stale");
    expect(resultRefusal("seal", "confirmed")).toEqual({ kind: "invalid", message: "选举结果须先经县换届办认定，才能封存归档" });
    expect(resultRefusal("decertify", "sealed")?.message).toBe("该选举已封存归档，不能撤销认定");
    expect(resultRefusal("enterTally", "certified")?.message).toMatch(/计票数据已锁定/);
  });
});
