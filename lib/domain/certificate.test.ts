import { describe, expect, it } from "vitest";
import {
  certificateNumber,
  certificateValues,
  DEFAULT_LAYOUT,
  fillTemplate,
  nextSeqs,
  normalizePaper,
  numberingProblems,
  paperProblem,
  paperSize,
  secondLanguage,
  SECOND_LANGUAGES,
  termOf,
  unknownPlaceholders,
  type CertificateData,
} from "./certificate";

describe("certificate numbers", () => {
  it("is the county's 6-digit code, the term's year and a 4-digit sequence", () => {
    expect(certificateNumber("513331000000", 2027, 7)).toBe("513331-2027-0007");
    expect(certificateNumber("513331", 2027, 1234)).toBe("513331-2027-1234");
    expect(certificateNumber("513331000000", 2027, 12345)).toBe("513331-2027-12345");
  });

  it("continues after the highest issued number, revoked ones included (a revoked number is never reused)", () => {
    expect(nextSeqs([], 3)).toEqual([1, 2, 3]);
    // 1..5 issued, 3 and 4 revoked when the village was decertified: recertifying takes 6 and 7.
    expect(nextSeqs([1, 2, 3, 4, 5], 2)).toEqual([6, 7]);
    expect(nextSeqs([2, 5, 1], 1)).toEqual([6]);
    expect(nextSeqs([1, 2], 0)).toEqual([]);
  });

  it("a term issued by nextSeqs runs 1..n without gaps or duplicates, across several villages", () => {
    const issued: number[] = [];
    for (const members of [5, 3, 7, 1]) issued.push(...nextSeqs(issued, members));
    expect(issued).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    expect(numberingProblems(issued)).toEqual({ gaps: [], duplicates: [] });
    // Numbers are unique strings per county and term.
    expect(new Set(issued.map((s) => certificateNumber("513331", 2027, s))).size).toBe(16);
  });

  it("finds gaps and duplicates", () => {
    expect(numberingProblems([])).toEqual({ gaps: [], duplicates: [] });
    expect(numberingProblems([1, 2, 4, 4, 6])).toEqual({ gaps: [3, 5], duplicates: [4] });
    expect(numberingProblems([3, 1, 3, 1])).toEqual({ gaps: [2], duplicates: [1, 3] });
  });
});

const cert: CertificateData = {
  number: "513331-2027-0001",
  name: "扎西",
  nameSecond: "བཀྲ་ཤིས།",
  post: "DIRECTOR",
  unitName: "甲一村",
  unitKind: "VILLAGE",
  townshipName: "甲一镇",
  campaignName: "第十一届村民委员会换届选举",
  countyName: "白玉县",
  issuedOn: "2027-01-05",
  revoked: false,
};

describe("fillTemplate", () => {
  it("fills the default layout's texts", () => {
    const v = certificateValues(cert);
    expect(fillTemplate(DEFAULT_LAYOUT.title, v)).toBe("当选证书");
    expect(fillTemplate(DEFAULT_LAYOUT.body, v)).toBe("扎西同志：\n　　在第十一届村民委员会换届选举中，当选为甲一镇甲一村村民委员会主任。\n　　特发此证。");
    expect(fillTemplate(DEFAULT_LAYOUT.authority, v)).toBe("白玉县村(居)民委员会换届选举工作领导小组");
  });

  it("leaves an unknown placeholder visible so the typo shows, and replaces every occurrence of a known one", () => {
    expect(fillTemplate("{nmae}同志，{name}，{name}", { name: "扎西" })).toBe("{nmae}同志，扎西，扎西");
    expect(fillTemplate("无占位符", {})).toBe("无占位符");
    // Inherited object keys are not placeholders.
    expect(fillTemplate("{toString}", {})).toBe("{toString}");
  });

  it("lists unknown placeholders once each", () => {
    expect(unknownPlaceholders(DEFAULT_LAYOUT.body)).toEqual([]);
    expect(unknownPlaceholders("{nmae}{post}{nmae}{village}")).toEqual(["nmae", "village"]);
  });

  it("names the committee, the post, the term and the date", () => {
    expect(certificateValues({ ...cert, unitKind: "COMMUNITY", post: "WOMEN_MEMBER" })).toMatchObject({ committee: "居民委员会", post: "委员" });
    expect(certificateValues({ ...cert, post: "DEPUTY" })).toMatchObject({ committee: "村民委员会", post: "副主任", term: "第十一届", date: "2027年1月5日" });
    expect(termOf("2027年村委会换届")).toBe("本届");
  });

  it("fills {name} with the second-script name for the second language, the Chinese name when none was entered", () => {
    expect(certificateValues(cert, { second: true }).name).toBe("བཀྲ་ཤིས།");
    expect(certificateValues({ ...cert, nameSecond: null }, { second: true }).name).toBe("扎西");
  });
});

describe("paper", () => {
  it("knows the named sizes, portrait and landscape", () => {
    expect(paperSize("A4")).toEqual({ widthMm: 210, heightMm: 297 });
    expect(paperSize("A4L")).toEqual({ widthMm: 297, heightMm: 210 });
    expect(paperSize("A5")).toEqual({ widthMm: 148, heightMm: 210 });
    expect(paperSize("A5L")).toEqual({ widthMm: 210, heightMm: 148 });
    expect(paperSize("B5")).toEqual({ widthMm: 176, heightMm: 250 });
    expect(paperSize("b5l")).toEqual({ widthMm: 250, heightMm: 176 });
  });

  it("takes a custom width x height in millimetres between 90 and 500", () => {
    expect(paperSize("260x190")).toEqual({ widthMm: 260, heightMm: 190 });
    expect(normalizePaper(" 260 × 190 ")).toBe("260x190");
    expect(normalizePaper("a4l")).toBe("A4L");
    expect(paperProblem("90x500")).toBeNull();
    expect(paperProblem("89x200")).toMatch(/90 至 500 毫米/);
    expect(paperProblem("200x501")).toMatch(/90 至 500 毫米/);
  });

  it("refuses anything else with a Chinese message", () => {
    for (const bad of ["", "A3", "Letter", "260x", "260x190x10", "-200x300"]) {
      expect(paperProblem(bad), bad).toMatch(/纸张应为/);
      expect(() => paperSize(bad)).toThrow(/纸张应为/);
    }
  });
});

describe("second languages", () => {
  it("has the six scripts with the properties printing needs", () => {
    expect(SECOND_LANGUAGES.map((l) => l.code)).toEqual(["bo", "ug", "mn", "ii", "za", "ko"]);
    expect(secondLanguage("bo")).toMatchObject({ label: "藏文", direction: "ltr", vertical: false });
    expect(secondLanguage("bo")!.fontFamily).toMatch(/^"Tibetan Machine Uni", "Noto Serif Tibetan", "Noto Sans Tibetan"/);
    expect(secondLanguage("ug")).toMatchObject({ direction: "rtl", vertical: false });
    expect(secondLanguage("mn")).toMatchObject({ vertical: true });
    expect(secondLanguage("ko")!.fontFamily).toMatch(/"Noto Sans CJK KR"/);
    expect(secondLanguage("xx")).toBeNull();
    expect(secondLanguage(null)).toBeNull();
  });

  it("recognises a name written in the script", () => {
    expect(secondLanguage("bo")!.script.test("བཀྲ་ཤིས།")).toBe(true);
    expect(secondLanguage("bo")!.script.test("扎西")).toBe(false);
    expect(secondLanguage("ug")!.script.test("ئابدۇكېرىم")).toBe(true);
    expect(secondLanguage("ko")!.script.test("김철수")).toBe(true);
    expect(secondLanguage("mn")!.script.test("ᠪᠠᠲᠤ")).toBe(true);
  });
});
