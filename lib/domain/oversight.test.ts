import { describe, expect, it } from "vitest";
import { DEFAULT_RULES } from "./rule-pack";
import {
  chinaDateTime,
  emptyStageCounts,
  overdue,
  reachedCounts,
  riskFromScore,
  riskRank,
  STAGE_LABEL,
  STAGES,
  villageStage,
  type ElectionProgress,
} from "./oversight";

/** Election day 2026-03-20, list in draft, nothing else yet. */
function e(over: Partial<ElectionProgress> = {}): ElectionProgress {
  return {
    listStatus: "DRAFT",
    electionDay: "2026-03-20",
    formalPublishedDay: null,
    boxCount: 0,
    roundCount: 0,
    resultConfirmed: false,
    certified: false,
    sealed: false,
    ...over,
  };
}
const formal = (over: Partial<ElectionProgress> = {}) => e({ listStatus: "FORMAL", formalPublishedDay: "2026-03-10", ...over });
const rules = DEFAULT_RULES; // candidateListPostingDays 5 → the list is due by 2026-03-15

describe("villageStage", () => {
  it("no election is not started", () => {
    expect(villageStage(null)).toBe("notStarted");
  });

  it("a list being entered or sent back is nominating; submitted or in a round is in vetting", () => {
    expect(villageStage(e({ listStatus: "DRAFT" }))).toBe("nominating");
    expect(villageStage(e({ listStatus: "RETURNED" }))).toBe("nominating");
    expect(villageStage(e({ listStatus: "SUBMITTED" }))).toBe("inVetting");
    expect(villageStage(e({ listStatus: "IN_VETTING" }))).toBe("inVetting");
  });

  it("formal without boxes is published; with a box the polling is ready; a round means counting", () => {
    expect(villageStage(formal())).toBe("formalPublished");
    expect(villageStage(formal({ boxCount: 2 }))).toBe("pollingReady");
    expect(villageStage(formal({ boxCount: 2, roundCount: 1 }))).toBe("counting");
  });

  it("confirmation, certification and sealing each win over the earlier stages", () => {
    const counted = formal({ boxCount: 2, roundCount: 2 });
    expect(villageStage({ ...counted, resultConfirmed: true })).toBe("confirmed");
    expect(villageStage({ ...counted, resultConfirmed: true, certified: true })).toBe("certified");
    expect(villageStage({ ...counted, resultConfirmed: true, certified: true, sealed: true })).toBe("sealed");
  });

  it("a reopened result (confirmation taken back) is counting again", () => {
    expect(villageStage(formal({ boxCount: 1, roundCount: 1, resultConfirmed: false }))).toBe("counting");
  });

  it("every stage has a Chinese label", () => {
    expect(STAGES.map((s) => STAGE_LABEL[s]).every((l) => /\p{Script=Han}/u.test(l))).toBe(true);
  });
});

describe("reachedCounts", () => {
  it("adds up from the last stage backwards (the funnel)", () => {
    const counts = { ...emptyStageCounts(), notStarted: 3, nominating: 2, counting: 1, sealed: 4 };
    const reached = reachedCounts(counts);
    expect(reached.notStarted).toBe(10);
    expect(reached.nominating).toBe(7);
    expect(reached.inVetting).toBe(5);
    expect(reached.counting).toBe(5);
    expect(reached.confirmed).toBe(4);
    expect(reached.sealed).toBe(4);
  });
});

describe("overdue", () => {
  it("nothing is overdue before the posting deadline", () => {
    expect(overdue(e(), rules, "2026-03-15")).toEqual([]);
  });

  it("the formal list not published the day after D − candidateListPostingDays", () => {
    expect(overdue(e({ listStatus: "IN_VETTING" }), rules, "2026-03-16")).toEqual(["正式候选人名单应于2026年3月15日前公布（选举日前 5 日），至今未公布"]);
  });

  it("follows the rule pack's posting days", () => {
    expect(overdue(e(), { candidateListPostingDays: 7 }, "2026-03-13")).toHaveLength(0);
    expect(overdue(e(), { candidateListPostingDays: 7 }, "2026-03-14")[0]).toContain("2026年3月13日前公布（选举日前 7 日）");
  });

  it("a list published after the deadline is flagged until the result is confirmed", () => {
    const late = formal({ formalPublishedDay: "2026-03-17", boxCount: 1 });
    expect(overdue(late, rules, "2026-03-18")).toEqual(["正式候选人名单于2026年3月17日公布，晚于规定的2026年3月15日（选举日前 5 日）"]);
    expect(overdue(formal({ formalPublishedDay: "2026-03-15", boxCount: 1 }), rules, "2026-03-18")).toEqual([]);
    expect(overdue({ ...late, roundCount: 1, resultConfirmed: true }, rules, "2026-03-21")).toEqual([]);
  });

  it("no ballot box on election day", () => {
    expect(overdue(formal(), rules, "2026-03-19")).toEqual([]);
    expect(overdue(formal(), rules, "2026-03-20")).toEqual(["选举日（2026年3月20日）已到，尚未设置票箱"]);
  });

  it("election day passed without a confirmed result", () => {
    expect(overdue(formal({ boxCount: 1, roundCount: 1 }), rules, "2026-03-20")).toEqual([]);
    expect(overdue(formal({ boxCount: 1, roundCount: 1 }), rules, "2026-03-22")).toEqual(["选举日（2026年3月20日）已过 2 天，选举结果尚未经乡镇确认"]);
    expect(overdue(formal({ boxCount: 1 }), rules, "2026-03-21")).toEqual(["选举日（2026年3月20日）已过 1 天，尚未开始计票"]);
    expect(overdue(formal({ boxCount: 1, roundCount: 1, resultConfirmed: true }), rules, "2026-04-30")).toEqual([]);
  });

  it("a draft list long after election day collects every reason that applies", () => {
    expect(overdue(e(), rules, "2026-03-25", "2026-03-24")).toEqual([
      "正式候选人名单应于2026年3月15日前公布（选举日前 5 日），至今未公布",
      "选举日（2026年3月20日）已过 5 天，尚未开始计票",
      "换届工作期限（2026年3月24日）已过，选举尚未完成",
    ]);
  });

  it("a village never set up is overdue only once the campaign's end date has passed", () => {
    expect(overdue(null, rules, "2026-03-24", "2026-03-24")).toEqual([]);
    expect(overdue(null, rules, "2026-03-25", "2026-03-24")).toEqual(["换届工作期限（2026年3月24日）已过，尚未设置选举"]);
    expect(overdue(null, rules, "2026-03-25")).toEqual([]);
  });

  it("certified or sealed elections are never overdue", () => {
    const done = formal({ boxCount: 1, roundCount: 1, resultConfirmed: true, certified: true, sealed: true });
    expect(overdue(done, rules, "2027-01-01", "2026-06-30")).toEqual([]);
  });
});

describe("riskFromScore", () => {
  it("follows the 金华 thresholds at their boundaries", () => {
    expect(riskFromScore(100)).toBe("GREEN");
    expect(riskFromScore(80)).toBe("GREEN");
    expect(riskFromScore(79)).toBe("YELLOW");
    expect(riskFromScore(61)).toBe("YELLOW");
    expect(riskFromScore(60)).toBe("RED");
    expect(riskFromScore(0)).toBe("RED");
  });

  it("refuses anything outside 0..100 or not a whole number", () => {
    for (const bad of [-1, 101, 60.5, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => riskFromScore(bad)).toThrow(RangeError);
  });

  it("ranks red before yellow before the rest", () => {
    expect([null, "GREEN", "RED", "YELLOW"].map((l) => riskRank(l as never))).toEqual([2, 2, 0, 1]);
  });
});

describe("chinaDateTime", () => {
  it("shows the time in China", () => {
    expect(chinaDateTime("2026-03-10T16:05:00.000Z")).toBe("2026-03-11 00:05");
  });
});
