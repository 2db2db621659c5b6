import { describe, expect, it } from "vitest";
import { STROKE_DATA } from "./stroke-data";
import { compareByStroke, sortByStroke, strokeSequence, unknownStrokeChars } from "./stroke-order";

const sorted = (names: string[]) => [...names].sort(compareByStroke);

describe("compareByStroke", () => {
  it("orders by the surname's stroke count: 丁(2) 马(3) 王(4) 白(5) 李/张(7) 欧(8)", () => {
    const names = ["欧阳娜娜", "张三", "李四", "白玉", "王小明", "马丽", "丁一"];
    expect(sorted(names)).toEqual(["丁一", "马丽", "王小明", "白玉", "李四", "张三", "欧阳娜娜"]);
  });

  // Each pair [first, second] is in 姓氏笔画 order; ICU's zh-u-co-stroke collation puts every one of them the other way round.
  it.each([
    ["陈伟", "金晓梅"], // 陈 7 (阝 is 2 strokes, 横撇弯钩 + 竖) before 金 8
    ["苏", "周"], // 苏 7 (艹 is 3 strokes 横竖竖) before 周 8
    ["郑", "测"], // 郑 8 before 测 9
    ["王", "毛"], // both 4: 王 1121, 毛 3115; 横 before 撇
    ["李", "张"], // both 7: 李 1234521, 张 5153154; 横 before 折
  ])("counts 阝 and 艹 as the standard does and breaks equal counts by 横竖撇点折: %s before %s", (first, second) => {
    expect(compareByStroke(first, second)).toBeLessThan(0);
    expect(compareByStroke(second, first)).toBeGreaterThan(0);
  });

  it("sorts a mixed list of surnames", () => {
    const names = ["张", "金", "郑", "毛", "测", "周", "方", "王", "马", "李", "苏", "陈", "丁"];
    // 7 strokes: 苏 1225… 李 1234… 张 5153… 陈 5215…; 8 strokes: 金 341… 周 351… 郑 431…
    expect(sorted(names)).toEqual(["丁", "马", "王", "毛", "方", "苏", "李", "张", "陈", "金", "周", "郑", "测"]);
  });

  it("compares the following characters when surnames are equal", () => {
    expect(compareByStroke("王一", "王二")).toBeLessThan(0);
    expect(compareByStroke("王小明", "王大明")).toBeGreaterThan(0); // 大 134 before 小 234
    expect(compareByStroke("王", "王小明")).toBeLessThan(0); // a prefix sorts first
    // Same surname, given names of equal count (伟 and 华 both 6, 3 2 alike): 伟 321152 before 华 323512.
    expect(compareByStroke("李伟", "李华")).toBeLessThan(0);
    expect(sorted(["张华", "张伟", "张", "张三丰", "张三"])).toEqual(["张", "张三", "张三丰", "张伟", "张华"]);
  });

  it("compares a two-character surname character by character", () => {
    // 欧 8 (13453534) sorts with the 8-stroke surnames, before 金 (34112431) and 周 (35121251); then 阳 (6) decides.
    expect(sorted(["周杰", "欧阳娜娜", "金", "欧明", "欧阳", "张三"])).toEqual(["张三", "欧阳", "欧阳娜娜", "欧明", "金", "周杰"]);
  });

  it("spells the strokes of a character as 1–5 digits (横竖撇点折) per the standard", () => {
    expect(strokeSequence("陈")).toBe("5215234");
    expect(strokeSequence("金")).toBe("34112431");
    expect(strokeSequence("苏")).toBe("1225344");
    expect(strokeSequence("王")).toBe("1121");
    expect(strokeSequence("毛")).toBe("3115");
    expect(strokeSequence("李")).toBe("1234521");
    expect(strokeSequence("张")).toBe("5153154");
    expect(strokeSequence("丁")).toBe("12");
    expect(strokeSequence("马")).toBe("551");
    expect(strokeSequence("郑")).toBe("43113452");
    expect(strokeSequence("测")).toBe("441253422");
    expect(strokeSequence("a")).toBeUndefined();
    // Corrected from the source package, and surname characters it lacks (scripts/generate-stroke-data.ts).
    expect(strokeSequence("皙")).toBe("1234331232511");
    expect(strokeSequence("冮")).toBe("41121");
    expect(strokeSequence("邝")).toBe("41352");
    // Composed from their parts (scripts/stroke-data-composed.tsv): 王 1121 + 比 1535, 门 425 + 者 12132511.
    expect(strokeSequence("玭")).toBe("11211535");
    expect(strokeSequence("阇")).toBe("42512132511");
  });

  it("has well-formed data: one character and its 1–5 digits per entry, no character twice", () => {
    const seen = new Set<string>();
    for (const chunk of STROKE_DATA) {
      expect(chunk).toMatch(/^(?:[^1-5][1-5]+)+$/u);
      for (const m of chunk.matchAll(/([^1-5])[1-5]+/gu)) {
        expect(seen.has(m[1]!)).toBe(false);
        seen.add(m[1]!);
      }
    }
    expect(seen.size).toBeGreaterThan(8000);
  });

  it("puts characters without stroke data after known ones, by code point, and reports them", () => {
    expect(sorted(["b", "王", "a", "丁"])).toEqual(["丁", "王", "a", "b"]);
    expect(compareByStroke("王a", "王丁")).toBeGreaterThan(0);
    expect(unknownStrokeChars(["王a", "李b", "张a", "丁"])).toEqual(["a", "b"]);
    expect(unknownStrokeChars(["王", "李"])).toEqual([]);
  });

  it("is 0 only for identical strings and breaks ties by code points", () => {
    expect(compareByStroke("张三", "张三")).toBe(0);
    // Precomposed é and e + combining accent: neither has stroke data; they are different strings.
    const composed = "\u00e9";
    const decomposed = "e\u0301";
    expect(compareByStroke(composed, decomposed)).toBeGreaterThan(0);
    expect(compareByStroke(decomposed, composed)).toBeLessThan(0);
    // 己 已 巳 have the same strokes (515): the order between them is fixed by code point.
    expect(sorted(["巳", "已", "己"])).toEqual(["己", "巳", "已"].sort());
  });
});

describe("sortByStroke", () => {
  it("sorts by key without touching the input", () => {
    const people = [
      { id: "c", name: "李四" },
      { id: "a", name: "丁一" },
      { id: "b", name: "白玉" },
    ];
    const before = people.map((p) => p.id);
    expect(sortByStroke(people, (p) => p.name).map((p) => p.id)).toEqual(["a", "b", "c"]);
    expect(people.map((p) => p.id)).toEqual(before);
  });

  it("handles an empty list", () => {
    expect(sortByStroke([], (s: string) => s)).toEqual([]);
  });
});
