import { describe, expect, it } from "vitest";
import { firstRoundBallot } from "./ballot";
import { DEFAULT_RULES } from "./rule-pack";
import { readBallot, readCampaignRules, readDecisionOrNull, readRuleOverrides, readTallyValues, StoredJsonError } from "./stored-json";

const ballot = firstRoundBallot({ DIRECTOR: 1, DEPUTY: 0, MEMBER: 2, WOMEN_MEMBER: 0 }, [
  { id: "c1", name: "张三", gender: "MALE", post: "DIRECTOR" },
  { id: "c2", name: "李四", gender: "MALE", post: "DIRECTOR" },
  { id: "c3", name: "王芳", gender: "FEMALE", post: "MEMBER" },
  { id: "c4", name: "赵六", gender: "MALE", post: "MEMBER" },
  { id: "c5", name: "钱七", gender: "MALE", post: "MEMBER" },
]);

describe("stored JSON readers", () => {
  it("campaign rules written before a key existed read with the default for it", () => {
    const { proxiesPerVoter: _dropped, ...old } = DEFAULT_RULES;
    const rules = readCampaignRules({ ...old, runoffMargin: 2 });
    expect(rules.proxiesPerVoter).toBe(DEFAULT_RULES.proxiesPerVoter);
    expect(rules.runoffMargin).toBe(2);
    // nested keys merge too: a stored margin range is kept, the other posts come from the defaults
    const { margins: _m, ...noMargins } = DEFAULT_RULES;
    expect(readCampaignRules({ ...noMargins, margins: { DIRECTOR: { min: 1, max: 2 } } }).margins).toEqual({
      ...DEFAULT_RULES.margins,
      DIRECTOR: { min: 1, max: 2 },
    });
  });

  it("a misspelt or out-of-range stored rule is refused, not read as a default", () => {
    expect(() => readCampaignRules({ ...DEFAULT_RULES, proxiesPerVotr: 3 })).toThrow(StoredJsonError);
    expect(() => readCampaignRules({ ...DEFAULT_RULES, proxiesPerVoter: 9 })).toThrow(/Campaign\.rules/);
    expect(() => readCampaignRules(null)).toThrow(/不是一个对象/);
  });

  it("a version this program knows is read; a newer one is refused with a message", () => {
    expect(readCampaignRules({ ...DEFAULT_RULES, version: 1 })).toEqual(DEFAULT_RULES);
    expect(() => readBallot({ ...ballot, version: 2 })).toThrow(/版本 2 比本程序能读的版本 1 新/);
  });

  it("a ballot and tally values round-trip; a broken one names the field", () => {
    expect(readBallot(JSON.parse(JSON.stringify(ballot)))).toEqual(ballot);
    const values = {
      ballotsIssued: 10,
      ballotsReturned: 9,
      invalidBallots: 1,
      votes: [{ post: "director", key: "c1", votes: 5 }],
      writeIns: [],
      exceedConfirmed: false,
    };
    expect(readTallyValues(values)).toEqual(values);
    expect(() => readTallyValues({ ...values, ballotsIssued: "10" })).toThrow(/TallyEntry\.values.*ballotsIssued/);
    expect(() => readBallot({ sections: [{ ...ballot.sections[0], post: "chair" }] })).toThrow(/sections\.0\.post/);
  });

  it("an undecided round has no decision; overrides default to none", () => {
    expect(readDecisionOrNull(null)).toBeNull();
    expect(readRuleOverrides(null)).toEqual({});
    expect(() => readRuleOverrides({ minAge: 16 })).toThrow(StoredJsonError);
  });
});
