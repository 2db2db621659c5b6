import { describe, expect, it } from "vitest";
import { formatRuleValue, overridesFromForm, ruleInputKind, ruleValueAt } from "./rule-form";
import { DEFAULT_RULES, mergeRules, ruleOverridesSchema } from "./rule-pack";

describe("overridesFromForm", () => {
  it("blank inputs inherit: an empty form overrides nothing", () => {
    expect(overridesFromForm({ unitId: "x", version: "0" })).toEqual({});
  });

  it("turns filled inputs into typed overrides that the schema accepts", () => {
    const o = overridesFromForm({
      "margins.MEMBER.min": "2",
      "margins.MEMBER.max": "3",
      candidateListPostingDays: "7",
      dissatisfactionBar: "25",
      sumVotesAcrossPosts: "true",
      womenSeat: "reserved",
    });
    expect(o).toEqual({
      margins: { MEMBER: { min: 2, max: 3 } },
      candidateListPostingDays: 7,
      dissatisfactionBar: 0.25,
      sumVotesAcrossPosts: true,
      womenSeat: "reserved",
    });
    expect(ruleOverridesSchema.safeParse(o).success).toBe(true);
    expect(mergeRules(DEFAULT_RULES, o).margins.MEMBER).toEqual({ min: 2, max: 3 });
  });

  it("keeps the inherited side of a range when only one side is typed", () => {
    const o = overridesFromForm({ "margins.MEMBER.max": "2" });
    expect(o).toEqual({ margins: { MEMBER: { max: 2 } } });
    expect(mergeRules(DEFAULT_RULES, o).margins.MEMBER).toEqual({ min: 1, max: 2 });
  });

  it("passes text that is not a number on, so the schema names the field", () => {
    const o = overridesFromForm({ voterListPostingDays: "二十" });
    expect(o).toEqual({ voterListPostingDays: "二十" });
    const parsed = ruleOverridesSchema.safeParse(o);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(["voterListPostingDays"]);
  });
});

describe("display helpers", () => {
  it("formats each kind of value the way the rules page shows it", () => {
    expect(formatRuleValue("margins.MEMBER", DEFAULT_RULES.margins.MEMBER)).toBe("1–3");
    expect(formatRuleValue("margins.DIRECTOR", DEFAULT_RULES.margins.DIRECTOR)).toBe("1");
    expect(formatRuleValue("dissatisfactionBar", 0.3)).toBe("30%");
    expect(formatRuleValue("sumVotesAcrossPosts", false)).toBe("不累加");
    expect(formatRuleValue("candidateListPostingDays", 5)).toBe("5");
  });

  it("reads values at dotted keys and knows each input kind", () => {
    expect(ruleValueAt(DEFAULT_RULES, "committeeSize.COMMUNITY")).toEqual({ min: 5, max: 9 });
    expect(ruleInputKind("committeeSize.VILLAGE")).toBe("range");
    expect(ruleInputKind("womenSeat")).toBe("womenSeat");
    expect(ruleInputKind("minAge")).toBe("int");
  });
});
