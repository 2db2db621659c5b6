import { describe, expect, it } from "vitest";
import {
  ballotInstructions, ballotTitle, ballotWriteInLines, blankSheetCount, committeeName, electionCommitteeName, MAX_BLANK_SHEETS, roundLabel,
  roundParam, sheetHeaders, tallySheetTitle, termOf,
} from "./ballot-paper";

describe("ballot paper wording", () => {
  it("names rounds as printed", () => {
    expect(roundLabel(1, "FIRST")).toBe("第一次投票");
    expect(roundLabel(2, "RUNOFF")).toBe("另行选举（第2轮）");
    expect(roundLabel(2, "FIRST")).toBe("重新投票（第2轮）");
  });

  it("says 居民委员会 for a community and 村民委员会 otherwise", () => {
    expect(committeeName("COMMUNITY")).toBe("居民委员会");
    expect(committeeName("VILLAGE")).toBe("村民委员会");
    expect(electionCommitteeName("COMMUNITY")).toBe("居民选举委员会");
    expect(electionCommitteeName("VILLAGE")).toBe("村民选举委员会");
  });

  it("puts the campaign's term into the title when it names one", () => {
    expect(termOf("第十二届村(居)民委员会换届选举")).toBe("第十二届");
    expect(termOf("2026年换届选举")).toBe("");
    expect(ballotTitle("甲一村", "VILLAGE", "第十二届村(居)民委员会换届选举")).toBe("甲一村第十二届村民委员会成员选举选票");
    expect(ballotTitle("东门社区", "COMMUNITY", "2026年换届")).toBe("东门社区居民委员会成员选举选票");
    expect(tallySheetTitle("甲一村", "另行选举（第2轮）")).toBe("甲一村另行选举（第2轮）计票单");
  });

  it("adds the women-seat instruction only when a section is for women", () => {
    const plain = ballotInstructions([{ womenOnly: false }]);
    const women = ballotInstructions([{ womenOnly: false }, { womenOnly: true }]);
    expect(plain.some((l) => l.includes("限选女性"))).toBe(false);
    expect(women.filter((l) => l.includes("限选女性"))).toHaveLength(1);
    expect(plain[0]).toContain("“○”表示赞成");
    expect(plain.some((l) => l.includes("多于应选名额的，该栏作废"))).toBe(true);
  });

  it("offers one write-in line per seat on the ballot", () => {
    expect(ballotWriteInLines({ seats: 3 })).toBe(3);
    expect(ballotWriteInLines({ seats: 0 })).toBe(1);
  });
});

describe("print options", () => {
  it("reads ?sheets= with a fallback and a ceiling", () => {
    expect(blankSheetCount(undefined, 2)).toBe(2);
    expect(blankSheetCount("0", 2)).toBe(0);
    expect(blankSheetCount("5", 0)).toBe(5);
    expect(blankSheetCount("abc", 0)).toBe(0);
    expect(blankSheetCount("-1", 1)).toBe(1);
    expect(blankSheetCount("999", 0)).toBe(MAX_BLANK_SHEETS);
    expect(blankSheetCount(["3", "4"], 0)).toBe(3);
  });

  it("reads ?round= as a positive integer or the latest round", () => {
    expect(roundParam("2")).toBe(2);
    expect(roundParam(undefined)).toBeUndefined();
    expect(roundParam("0")).toBeUndefined();
    expect(roundParam("x")).toBeUndefined();
  });

  it("prints one named sheet per box, or unnamed sheets without boxes", () => {
    const boxes = [
      { name: "1号票箱", stationName: "中心会场" },
      { name: "流动票箱", stationName: "中心会场" },
    ];
    expect(sheetHeaders(boxes, 1)).toEqual([
      { boxName: "1号票箱", stationName: "中心会场" },
      { boxName: "流动票箱", stationName: "中心会场" },
    ]);
    expect(sheetHeaders(boxes, 0)).toEqual([]);
    expect(sheetHeaders([], 3)).toEqual([{}, {}, {}]);
  });
});
