import { describe, expect, it } from "vitest";
import {
  ballotInstructions,
  ballotTitle,
  ballotWriteInLines,
  blankSheetCount,
  committeeName,
  electionCommitteeName,
  MAX_BLANK_SHEETS,
  roundLabel,
  roundParam,
  sheetHeaders,
  tallySheetTitle,
  termOf,
  A4_PRINTABLE_MM,
  TALLY_ROW_MM,
  TALLY_SHEET_MM,
  tallySectionRows,
  tallySheetLayout,
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

describe("tallySheetLayout", () => {
  /** The height the sheet takes on paper with this layout: every column must fit the printable page. */
  const height = (sections: { candidates: number }[], lines = 3) => {
    const l = tallySheetLayout(sections, lines);
    const rows = [4, ...sections.map((s) => tallySectionRows(s.candidates, lines))];
    const columns = l.blocks.map((b) => b.length * TALLY_SHEET_MM.blockHead + b.reduce((sum, i) => sum + rows[i]! * l.rowMm, 0));
    return { l, mm: TALLY_SHEET_MM.header + TALLY_SHEET_MM.footer + Math.max(...columns) };
  };

  it("keeps a small village's sheet in one column at a comfortable row height, on one page", () => {
    const { l, mm } = height([{ candidates: 2 }, { candidates: 3 }]);
    expect(l).toMatchObject({ columns: 1, blocks: [[0, 1, 2]], fits: true });
    expect(l.rowMm).toBeGreaterThanOrEqual(7.5);
    expect(l.rowMm).toBeLessThanOrEqual(TALLY_ROW_MM.max);
    expect(mm).toBeLessThanOrEqual(A4_PRINTABLE_MM - TALLY_SHEET_MM.slack);
  });

  it("gives one section generous rows, never above 9 mm", () => {
    expect(tallySheetLayout([{ candidates: 1 }], 3)).toMatchObject({ columns: 1, rowMm: TALLY_ROW_MM.max });
  });

  it("goes to two columns for a long ballot, in reading order, and still fits one page", () => {
    const sections = [{ candidates: 3 }, { candidates: 3 }, { candidates: 9 }, { candidates: 2 }];
    const { l, mm } = height(sections);
    expect(l.columns).toBe(2);
    expect(l.blocks.flat()).toEqual([0, 1, 2, 3, 4]);
    expect(l.fits).toBe(true);
    expect(l.rowMm).toBeGreaterThanOrEqual(TALLY_ROW_MM.min);
    expect(mm).toBeLessThanOrEqual(A4_PRINTABLE_MM - TALLY_SHEET_MM.slack);
  });

  it("says when a ballot is too long for one page even in two columns", () => {
    expect(tallySheetLayout([{ candidates: 40 }, { candidates: 40 }], 3)).toMatchObject({ fits: false, rowMm: TALLY_ROW_MM.min });
  });
});
