// The rule pack: every number in the nomination and election rules that varies by province (docs/rules/README.md).
// National defaults live here; a province pack and then a county pack override them (mergeRules).
// Each rule carries its wording and citation so the app can show why a check fired.
import { z } from "zod";
import type { Post } from "./people";

type Range = { min: number; max: number };

export type RuleValues = {
  /** How many more candidates than seats each post needs (差额). */
  margins: Record<Post, Range>;
  /** The 正式候选人 list is posted at least this many days before election day. */
  candidateListPostingDays: number;
  /** The voter list is posted at least this many days before election day. */
  voterListPostingDays: number;
  /** An objection to the voter list is lodged within this many days of its posting. */
  voterObjectionDays: number;
  /** The election committee decides an objection within this many days of receiving it. */
  voterObjectionDecisionDays: number;
  /** How many absent voters one voter may vote for. */
  proxiesPerVoter: number;
  /** One-ballot elections: whether votes for a higher post also count for the lower posts. */
  sumVotesAcrossPosts: boolean;
  /** "reserved" = a separately nominated women seat (专职专选); "atLeastOneMember" = a woman among the members. */
  womenSeat: "none" | "reserved" | "atLeastOneMember";
  /** 民主测评 不满意率 above this fraction bars the person. */
  dissatisfactionBar: number;
  /** 另行选举: how many more candidates than unfilled seats. */
  runoffMargin: number;
  committeeSize: { VILLAGE: Range; COMMUNITY: Range };
  deputyMax: number;
  /** Age reached on election day to stand. */
  minAge: number;
};

export const DEFAULT_RULES: RuleValues = {
  margins: {
    DIRECTOR: { min: 1, max: 1 },
    DEPUTY: { min: 1, max: 1 },
    MEMBER: { min: 1, max: 3 },
    WOMEN_MEMBER: { min: 1, max: 1 },
  },
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
};

/** Leaf keys of RuleValues. A { min, max } range is one leaf: it is one rule and is shown as "1-3". */
export const RULE_KEYS = [
  "margins.DIRECTOR",
  "margins.DEPUTY",
  "margins.MEMBER",
  "margins.WOMEN_MEMBER",
  "candidateListPostingDays",
  "voterListPostingDays",
  "voterObjectionDays",
  "voterObjectionDecisionDays",
  "proxiesPerVoter",
  "sumVotesAcrossPosts",
  "womenSeat",
  "dissatisfactionBar",
  "runoffMargin",
  "committeeSize.VILLAGE",
  "committeeSize.COMMUNITY",
  "deputyMax",
  "minAge",
] as const;
export type RuleKey = (typeof RULE_KEYS)[number];

export type RuleSource = {
  label: string;
  text: string;
  source: string;
  status: "LAW" | "PROV" | "MCA" | "POLICY" | "LOCAL";
};

// Article numbers changed with the 2025 amendments (docs/rules/README.md), so every citation names the law and
// marks its article number as to be verified; the number is a hint, never the reference.
const SOURCES = {
  "margins.DIRECTOR": {
    label: "主任候选人差额",
    text: "候选人名额应当多于应选名额；主任候选人一般比应选人数多 1 人",
    source: "《村民委员会组织法》（2010 年修订）第十五条定差额原则（条号待核实）；差额人数见各省村民委员会选举办法",
    status: "PROV",
  },
  "margins.DEPUTY": {
    label: "副主任候选人差额",
    text: "候选人名额应当多于应选名额；副主任候选人一般比应选人数多 1 人",
    source: "《村民委员会组织法》（2010 年修订）第十五条定差额原则（条号待核实）；差额人数见各省村民委员会选举办法",
    status: "PROV",
  },
  "margins.MEMBER": {
    label: "委员候选人差额",
    text: "候选人名额应当多于应选名额；委员候选人一般比应选人数多 1 至 3 人",
    source: "《村民委员会组织法》（2010 年修订）第十五条定差额原则（条号待核实）；各省选举办法（多为多 1-3 人，也有多 1-2 人）",
    status: "PROV",
  },
  "margins.WOMEN_MEMBER": {
    label: "妇女委员(专职专选)候选人差额",
    text: "实行妇女委员专职专选的，妇女委员单独提名，候选人一般比应选人数多 1 人",
    source: "余姚市陆埠镇 陆党发〔2020〕57号；桐庐县 2017 年换届方案（专职专选）",
    status: "LOCAL",
  },
  candidateListPostingDays: {
    label: "正式候选人名单公布时间",
    text: "正式候选人名单应当在选举日前规定日数张榜公布（姓氏笔画或得票多少为序）",
    source: "各省村民委员会选举办法（多数为 5 日，也有 3、7、10 日）",
    status: "PROV",
  },
  voterListPostingDays: {
    label: "选民名单公布时间",
    text: "选民名单应当在选举日的二十日以前由村民选举委员会公布",
    source: "《村民委员会组织法》（2010 年修订）第十四条（条号待核实）",
    status: "LAW",
  },
  voterObjectionDays: {
    label: "选民名单申诉期限",
    text: "对公布的选民名单有不同意见的，可以在选民名单公布之日起五日内向村民选举委员会申诉",
    source: "《村民委员会组织法》（2010 年修订）第十四条（条号待核实）；各省选举办法（也有选举日前 10 日截止的）",
    status: "LAW",
  },
  voterObjectionDecisionDays: {
    label: "选民名单申诉处理期限",
    text: "村民选举委员会应当自收到申诉之日起三日内作出处理决定，并公布处理结果",
    source: "《村民委员会组织法》（2010 年修订）第十四条（条号待核实）；各省选举办法（也有 10 日的）",
    status: "LAW",
  },
  proxiesPerVoter: {
    label: "每人接受委托投票上限",
    text: "每一登记参加选举的村民接受委托投票不得超过三人；候选人不得接受委托",
    source: "《村民委员会组织法》2025 年修正（2026-01-01 施行，依修正草案，最终文字及条号待核实）；部分省份为 1 人或 2 人",
    status: "LAW",
  },
  sumVotesAcrossPosts: {
    label: "不同职位得票是否累加",
    text: "一次投票分别选举主任、副主任、委员的，候选人在较高职位的得票是否累加计入较低职位",
    source: "各省村民委员会选举办法（有的省累加计算，有的省明确不得累加）",
    status: "PROV",
  },
  womenSeat: {
    label: "妇女成员名额产生方式",
    text: "村民委员会成员中，应当有妇女成员；妇女名额通过专职专选或在委员中产生，由各省规定",
    source: "《村民委员会组织法》（2010 年修订）第六条第二款（条号待核实）；山西、浙江等省选举办法",
    status: "PROV",
  },
  dissatisfactionBar: {
    label: "民主测评不满意率上限",
    text: "民主测评不满意率超过 30% 的，不得列为下一届候选人人选",
    source: "郑州市惠济区“两委”换届民主测评做法（不满意率超过 30% 不得列为人选）",
    status: "LOCAL",
  },
  runoffMargin: {
    label: "另行选举差额",
    text: "当选人数少于应选名额时，不足的名额另行选举；另行选举候选人按第一次投票得票多少的顺序差额确定，一般比缺额多 1 人，得票不得少于已投选票数的三分之一",
    source: "《村民委员会组织法》（2010 年修订）第十五条（三分之一规则，条号待核实）；差额人数见各省选举办法",
    status: "PROV",
  },
  "committeeSize.VILLAGE": {
    label: "村民委员会成员职数",
    text: "村民委员会由主任、副主任和委员共三至七人组成",
    source: "《村民委员会组织法》（2010 年修订）第六条（条号待核实）",
    status: "LAW",
  },
  "committeeSize.COMMUNITY": {
    label: "居民委员会成员职数",
    text: "居民委员会由主任、副主任和委员共五至九人组成",
    source: "《城市居民委员会组织法》（2025 年修订，条号待核实）；重庆市、甘肃省居民委员会选举办法（2025）第五条",
    status: "LAW",
  },
  deputyMax: {
    label: "副主任职数上限",
    text: "副主任职数根据村(社区)规模和工作需要确定，一般不超过 2 名",
    source: "换届工作意见常见做法（默认值；本省、本县具体规定待核实）",
    status: "POLICY",
  },
  minAge: {
    label: "被选举年龄",
    text: "年满十八周岁的村民，除依法被剥夺政治权利的人以外，都有选举权和被选举权；年龄计算以选举日为准",
    source: "《村民委员会组织法》（2010 年修订）第十三条（条号待核实）",
    status: "LAW",
  },
} satisfies Record<RuleKey, RuleSource>;

export const RULE_SOURCES: Record<string, RuleSource> = SOURCES;

/** The source of a known rule; typed so callers inside the domain need no undefined check. */
export function ruleSource(key: RuleKey): RuleSource {
  return SOURCES[key];
}

// ---------------------------------------------------------------------------------------------
// Validation. Overrides come from province and county packs typed in by administrators, so unknown keys
// are rejected (a misspelt key would otherwise silently change nothing).

const int = (lo: number, hi: number, label: string) =>
  z
    .number({ error: `${label}必须是数字` })
    .int(`${label}必须是整数`)
    .min(lo, `${label}不能小于 ${lo}`)
    .max(hi, `${label}不能大于 ${hi}`);

const strict = <S extends z.core.$ZodLooseShape>(shape: S) =>
  z.strictObject(shape, {
    error: (iss) => (iss.code === "unrecognized_keys" ? `未知的规则项：${iss.keys.join("、")}` : "规则必须是一个对象"),
  });

const minNotAboveMax = (r: { min?: number; max?: number }) => r.min === undefined || r.max === undefined || r.min <= r.max;

const range = (lo: number, hi: number, label: string) =>
  strict({ min: int(lo, hi, `${label}下限`), max: int(lo, hi, `${label}上限`) }).refine(minNotAboveMax, {
    error: `${label}的下限不能大于上限`,
  });

const partialRange = (lo: number, hi: number, label: string) =>
  strict({ min: int(lo, hi, `${label}下限`).optional(), max: int(lo, hi, `${label}上限`).optional() }).refine(minNotAboveMax, {
    error: `${label}的下限不能大于上限`,
  });

const BOUNDS = {
  margin: [0, 10],
  days: [0, 60],
  // A day at least: a window of 0 days would leave no time to object or decide.
  objection: [1, 30],
  proxies: [0, 5],
  size: [1, 15],
  deputy: [0, 10],
  // The statute fixes 18; a pack may only raise it.
  age: [18, 60],
} as const;

const bar = z
  .number({ error: "民主测评不满意率上限必须是数字" })
  .min(0, "民主测评不满意率上限不能小于 0")
  .max(1, "民主测评不满意率上限不能大于 1（按小数填写，如 0.3）");
const womenSeat = z.enum(["none", "reserved", "atLeastOneMember"], { error: "妇女成员名额产生方式只能是 none、reserved 或 atLeastOneMember" });
const bool = z.boolean({ error: "不同职位得票是否累加必须是 true 或 false" });

export const ruleValuesSchema = strict({
  margins: strict({
    DIRECTOR: range(...BOUNDS.margin, "主任差额"),
    DEPUTY: range(...BOUNDS.margin, "副主任差额"),
    MEMBER: range(...BOUNDS.margin, "委员差额"),
    WOMEN_MEMBER: range(...BOUNDS.margin, "妇女委员差额"),
  }),
  candidateListPostingDays: int(...BOUNDS.days, "正式候选人名单公布天数"),
  voterListPostingDays: int(...BOUNDS.days, "选民名单公布天数"),
  voterObjectionDays: int(...BOUNDS.objection, "选民名单申诉天数"),
  voterObjectionDecisionDays: int(...BOUNDS.objection, "选民名单申诉处理天数"),
  proxiesPerVoter: int(...BOUNDS.proxies, "委托投票上限"),
  sumVotesAcrossPosts: bool,
  womenSeat,
  dissatisfactionBar: bar,
  runoffMargin: int(...BOUNDS.margin, "另行选举差额"),
  committeeSize: strict({
    VILLAGE: range(...BOUNDS.size, "村民委员会职数"),
    COMMUNITY: range(...BOUNDS.size, "居民委员会职数"),
  }),
  deputyMax: int(...BOUNDS.deputy, "副主任职数上限"),
  minAge: int(...BOUNDS.age, "被选举年龄"),
}) satisfies z.ZodType<RuleValues>;

/** A province or county override: any subset of RuleValues, down to one end of a range. */
export const ruleOverridesSchema = strict({
  margins: strict({
    DIRECTOR: partialRange(...BOUNDS.margin, "主任差额").optional(),
    DEPUTY: partialRange(...BOUNDS.margin, "副主任差额").optional(),
    MEMBER: partialRange(...BOUNDS.margin, "委员差额").optional(),
    WOMEN_MEMBER: partialRange(...BOUNDS.margin, "妇女委员差额").optional(),
  }).optional(),
  candidateListPostingDays: int(...BOUNDS.days, "正式候选人名单公布天数").optional(),
  voterListPostingDays: int(...BOUNDS.days, "选民名单公布天数").optional(),
  voterObjectionDays: int(...BOUNDS.objection, "选民名单申诉天数").optional(),
  voterObjectionDecisionDays: int(...BOUNDS.objection, "选民名单申诉处理天数").optional(),
  proxiesPerVoter: int(...BOUNDS.proxies, "委托投票上限").optional(),
  sumVotesAcrossPosts: bool.optional(),
  womenSeat: womenSeat.optional(),
  dissatisfactionBar: bar.optional(),
  runoffMargin: int(...BOUNDS.margin, "另行选举差额").optional(),
  committeeSize: strict({
    VILLAGE: partialRange(...BOUNDS.size, "村民委员会职数").optional(),
    COMMUNITY: partialRange(...BOUNDS.size, "居民委员会职数").optional(),
  }).optional(),
  deputyMax: int(...BOUNDS.deputy, "副主任职数上限").optional(),
  minAge: int(...BOUNDS.age, "被选举年龄").optional(),
});
export type RuleOverrides = z.infer<typeof ruleOverridesSchema>;

// The messages already name the rule in Chinese (e.g. "委员差额的下限不能大于上限"); dotted keys would
// mean nothing to a county clerk.
function issuesText(error: z.ZodError): string {
  return [...new Set(error.issues.map((i) => i.message))].join("；");
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) continue;
    const b = out[k];
    out[k] = isPlainObject(b) && isPlainObject(v) ? deepMerge(b, v) : v;
  }
  return out;
}

/**
 * Applies overrides in order (province, then county). null/undefined layers are skipped, since most
 * counties have no pack. Each layer is checked on its own, and so is the result after it: a county
 * that lowers only `max` below the province's `min` is caught here. Throws an Error with a Chinese message.
 */
export function mergeRules(base: RuleValues, ...overrides: unknown[]): RuleValues {
  let current: RuleValues = base;
  overrides.forEach((layer) => {
    if (layer === null || layer === undefined) return;
    const parsed = ruleOverridesSchema.safeParse(layer);
    if (!parsed.success) throw new Error(`规则包取值无效：${issuesText(parsed.error)}`);
    const merged = ruleValuesSchema.safeParse(deepMerge(current, parsed.data));
    if (!merged.success) throw new Error(`规则包与上级规则合并后不一致：${issuesText(merged.error)}`);
    current = merged.data;
  });
  return current;
}

function isRange(v: unknown): v is Range {
  return isPlainObject(v) && Object.keys(v).length === 2 && typeof v.min === "number" && typeof v.max === "number";
}

/** Flattens values to dotted keys for a rule table, in declaration order; ranges stay whole. */
export function ruleLeaves(values: RuleValues): { key: string; value: unknown }[] {
  const out: { key: string; value: unknown }[] = [];
  const walk = (obj: Record<string, unknown>, prefix: string) => {
    for (const [k, v] of Object.entries(obj)) {
      const key = prefix ? `${prefix}.${k}` : k;
      if (isPlainObject(v) && !isRange(v)) walk(v, key);
      else out.push({ key, value: v });
    }
  };
  walk(values, "");
  return out;
}
