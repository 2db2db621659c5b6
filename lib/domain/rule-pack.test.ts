import { describe, expect, it } from "vitest";
import { DEFAULT_RULES, mergeRules, RULE_KEYS, RULE_SOURCES, ruleLeaves, ruleOverridesSchema, ruleSource, ruleValuesSchema } from "./rule-pack";

describe("DEFAULT_RULES", () => {
  it("holds the national defaults", () => {
    expect(DEFAULT_RULES).toEqual({
      margins: { DIRECTOR: { min: 1, max: 1 }, DEPUTY: { min: 1, max: 1 }, MEMBER: { min: 1, max: 3 }, WOMEN_MEMBER: { min: 1, max: 1 } },
      candidateListPostingDays: 5,
      voterListPostingDays: 20,
      voterObjectionDays: 5,
      voterObjectionDecisionDays: 3,
      proxiesPerVoter: 3,
      sumVotesAcrossPosts: false,
      womenSeat: "atLeastOneMember",
      dissatisfactionBar: 0.3,
      runoffMargin: 1,
      committeeSize: { VILLAGE: { min: 3, max: 7 }, COMMUNITY: { min: 5, max: 9 } },
      deputyMax: 2,
      minAge: 18,
    });
  });

  it("passes its own schema", () => {
    expect(ruleValuesSchema.safeParse(DEFAULT_RULES).success).toBe(true);
  });
});

describe("RULE_SOURCES", () => {
  it("has exactly one entry for every leaf of RuleValues", () => {
    const leaves = ruleLeaves(DEFAULT_RULES).map((l) => l.key);
    expect(new Set(leaves).size).toBe(leaves.length);
    expect([...leaves].sort()).toEqual(Object.keys(RULE_SOURCES).sort());
    expect([...RULE_KEYS].sort()).toEqual(Object.keys(RULE_SOURCES).sort());
  });

  it("gives every rule a Chinese label, wording, citation and status", () => {
    for (const [key, s] of Object.entries(RULE_SOURCES)) {
      expect(s.label, key).toMatch(/\p{Script=Han}/u);
      expect(s.text, key).toMatch(/\p{Script=Han}/u);
      expect(s.source.length, key).toBeGreaterThan(4);
      expect(["LAW", "PROV", "MCA", "POLICY", "LOCAL"], key).toContain(s.status);
    }
  });

  it("never cites an article number without marking it as to be verified", () => {
    for (const [key, s] of Object.entries(RULE_SOURCES)) {
      if (/第[一二三四五六七八九十百]+条/.test(s.source)) expect(s.source, key).toMatch(/待核实/);
    }
  });

  it("cites the law for the statutory rules", () => {
    expect(ruleSource("voterListPostingDays")).toMatchObject({ status: "LAW", source: expect.stringContaining("村民委员会组织法") });
    expect(ruleSource("committeeSize.COMMUNITY").source).toContain("城市居民委员会组织法");
    expect(ruleSource("dissatisfactionBar")).toMatchObject({ status: "LOCAL", source: "郑州市惠济区“两委”换届民主测评做法（不满意率超过 30% 不得列为人选）" });
  });
});

describe("ruleLeaves", () => {
  it("flattens to dotted keys in declaration order and keeps ranges whole", () => {
    const leaves = ruleLeaves(DEFAULT_RULES);
    expect(leaves[0]).toEqual({ key: "margins.DIRECTOR", value: { min: 1, max: 1 } });
    expect(leaves.find((l) => l.key === "margins.MEMBER")?.value).toEqual({ min: 1, max: 3 });
    expect(leaves.find((l) => l.key === "sumVotesAcrossPosts")?.value).toBe(false);
    expect(leaves.find((l) => l.key === "committeeSize.COMMUNITY")?.value).toEqual({ min: 5, max: 9 });
    expect(leaves.map((l) => l.key)).toEqual([...RULE_KEYS]);
  });
});

describe("ruleOverridesSchema", () => {
  const ok = (v: unknown) => ruleOverridesSchema.safeParse(v).success;
  const messages = (v: unknown) => {
    const r = ruleOverridesSchema.safeParse(v);
    return r.success ? [] : r.error.issues.map((i) => i.message);
  };

  it("accepts any subset, down to one end of a range", () => {
    expect(ok({})).toBe(true);
    expect(ok({ candidateListPostingDays: 7 })).toBe(true);
    expect(ok({ margins: { MEMBER: { max: 2 } } })).toBe(true);
    expect(ok({ committeeSize: { VILLAGE: { min: 5 } } })).toBe(true);
  });

  it("enforces the bounds at both edges", () => {
    expect(ok({ margins: { MEMBER: { min: 0, max: 10 } } })).toBe(true);
    expect(messages({ margins: { MEMBER: { max: 11 } } })).toEqual(["委员差额上限不能大于 10"]);
    expect(messages({ margins: { DIRECTOR: { min: -1 } } })).toEqual(["主任差额下限不能小于 0"]);
    expect(ok({ candidateListPostingDays: 0, voterListPostingDays: 60 })).toBe(true);
    expect(messages({ voterListPostingDays: 61 })).toEqual(["选民名单公布天数不能大于 60"]);
    expect(ok({ voterObjectionDays: 10, voterObjectionDecisionDays: 1 })).toBe(true);
    expect(messages({ voterObjectionDays: 0 })).toEqual(["选民名单申诉天数不能小于 1"]);
    expect(messages({ voterObjectionDecisionDays: 31 })).toEqual(["选民名单申诉处理天数不能大于 30"]);
    expect(messages({ candidateListPostingDays: 2.5 })).toEqual(["正式候选人名单公布天数必须是整数"]);
    expect(ok({ proxiesPerVoter: 5 })).toBe(true);
    expect(messages({ proxiesPerVoter: 6 })).toEqual(["委托投票上限不能大于 5"]);
    expect(ok({ dissatisfactionBar: 0 })).toBe(true);
    expect(ok({ dissatisfactionBar: 1 })).toBe(true);
    expect(messages({ dissatisfactionBar: 30 })).toEqual(["民主测评不满意率上限不能大于 1（按小数填写，如 0.3）"]);
    expect(ok({ committeeSize: { COMMUNITY: { min: 1, max: 15 } } })).toBe(true);
    expect(messages({ committeeSize: { COMMUNITY: { max: 16 } } })).toEqual(["居民委员会职数上限不能大于 15"]);
    expect(messages({ committeeSize: { VILLAGE: { min: 0 } } })).toEqual(["村民委员会职数下限不能小于 1"]);
    expect(messages({ minAge: 17 })).toEqual(["被选举年龄不能小于 18"]);
  });

  it("rejects min above max within one override", () => {
    expect(ok({ margins: { MEMBER: { min: 2, max: 2 } } })).toBe(true);
    expect(messages({ margins: { MEMBER: { min: 3, max: 2 } } })).toEqual(["委员差额的下限不能大于上限"]);
    expect(messages({ committeeSize: { VILLAGE: { min: 9, max: 7 } } })).toEqual(["村民委员会职数的下限不能大于上限"]);
  });

  it("rejects wrong types and unknown keys", () => {
    expect(messages({ sumVotesAcrossPosts: "yes" })).toEqual(["不同职位得票是否累加必须是 true 或 false"]);
    expect(messages({ womenSeat: "some" })).toEqual(["妇女成员名额产生方式只能是 none、reserved 或 atLeastOneMember"]);
    expect(messages({ candidateListPostingDay: 5 })).toEqual(["未知的规则项：candidateListPostingDay"]);
    expect(messages({ margins: { CHAIR: { min: 1 } } })).toEqual(["未知的规则项：CHAIR"]);
    expect(messages({ margins: { MEMBER: { min: 1, mx: 2 } } })).toEqual(["未知的规则项：mx"]);
    expect(messages("5")).toEqual(["规则必须是一个对象"]);
  });
});

describe("mergeRules", () => {
  it("returns the base unchanged without overrides, and skips null layers", () => {
    expect(mergeRules(DEFAULT_RULES)).toEqual(DEFAULT_RULES);
    expect(mergeRules(DEFAULT_RULES, null, undefined)).toEqual(DEFAULT_RULES);
  });

  it("applies a province pack, then a county pack, later layers winning", () => {
    const province = { candidateListPostingDays: 7, proxiesPerVoter: 2, margins: { MEMBER: { max: 2 } }, womenSeat: "reserved" };
    const county = { proxiesPerVoter: 1, margins: { MEMBER: { min: 2 } } };
    const merged = mergeRules(DEFAULT_RULES, province, county);
    expect(merged.candidateListPostingDays).toBe(7);
    expect(merged.proxiesPerVoter).toBe(1);
    expect(merged.margins.MEMBER).toEqual({ min: 2, max: 2 });
    expect(merged.margins.DIRECTOR).toEqual({ min: 1, max: 1 });
    expect(merged.womenSeat).toBe("reserved");
    expect(merged.committeeSize).toEqual(DEFAULT_RULES.committeeSize);
  });

  it("does not mutate the base", () => {
    const copy = structuredClone(DEFAULT_RULES);
    mergeRules(DEFAULT_RULES, { margins: { MEMBER: { max: 2 } }, committeeSize: { VILLAGE: { max: 9 } } });
    expect(DEFAULT_RULES).toEqual(copy);
  });

  it("rejects an invalid layer with the rule's own Chinese message", () => {
    expect(() => mergeRules(DEFAULT_RULES, {}, { proxiesPerVoter: 9 })).toThrow("规则包取值无效：委托投票上限不能大于 5");
  });

  it("rejects a layer that is valid alone but breaks min <= max with the layer below", () => {
    expect(() => mergeRules(DEFAULT_RULES, { margins: { MEMBER: { min: 3 } } }, { margins: { MEMBER: { max: 2 } } })).toThrow(
      "规则包与上级规则合并后不一致：委员差额的下限不能大于上限",
    );
    expect(() => mergeRules(DEFAULT_RULES, { committeeSize: { COMMUNITY: { max: 4 } } })).toThrow("居民委员会职数的下限不能大于上限");
  });
});
