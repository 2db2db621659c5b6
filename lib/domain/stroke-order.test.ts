import { describe, expect, it } from "vitest";
import { compareByStroke, sortByStroke } from "./stroke-order";

describe("compareByStroke", () => {
  it("orders by the surname's stroke count: 丁(2) 马(3) 王(4) 白(5) 张/李(7) 欧(8)", () => {
    const names = ["欧阳娜娜", "李四", "张三", "白玉", "王小明", "马丽", "丁一"];
    expect([...names].sort(compareByStroke)).toEqual(["丁一", "马丽", "王小明", "白玉", "张三", "李四", "欧阳娜娜"]);
  });

  it("compares the following characters when surnames are equal", () => {
    expect(compareByStroke("王一", "王二")).toBeLessThan(0);
    expect(compareByStroke("王小明", "王大明")).toBeGreaterThan(0);
    expect(compareByStroke("王", "王小明")).toBeLessThan(0);
  });

  it("is 0 only for identical strings and breaks collator ties by code units", () => {
    expect(compareByStroke("张三", "张三")).toBe(0);
    // Precomposed é and e + combining accent are equal to the collator but are different strings.
    const composed = "\u00e9";
    const decomposed = "e\u0301";
    expect(compareByStroke(composed, decomposed)).toBeGreaterThan(0);
    expect(compareByStroke(decomposed, composed)).toBeLessThan(0);
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
