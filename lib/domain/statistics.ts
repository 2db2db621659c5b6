// The figures county reports publish after a term election (docs/rules/statistics.md), computed from certified
// results and from the people themselves, never typed in. Pure: lib/server/oversight/statistics.ts
// loads the facts and passes them in; docs/statistics-api.md documents every key and definition.
//
// Choices the sources leave open (each also in STATISTIC_DEFINITIONS, shown on hover):
// - A share's denominator is the members whose fact is known (a write-in winner has no Person record,
//   so no birth date, ethnicity, education or political status); gender is always known.
// - Shares and rates are fractions rounded to 4 decimals (0.8346 = 83.46%); a division by zero is null.
// - Age is full years on the member's election day; the average is rounded to 1 decimal, its change
//   from the previous term (computed from the unrounded means) to 2 decimals, as 白玉 reports "1.68".
// - Comparisons with the previous term (age change, re-elected members, the previous structure) use
//   only units that have a committee in both terms, so a village missing from either side does not
//   move the figure.
import { ageOn } from "./nomination-rules";
import { EDUCATION_LEVELS, isMinority, type Gender, type Post } from "./people";
import { COMMITTEE_KINDS, type CommitteeKind } from "./province-dashboard";

// ---------------------------------------------------------------------------------------------
// Input

export type DualRolePlan = "PLANNED" | "DEFERRED" | "NOT_PLANNED";

export type MemberFacts = {
  name: string;
  post: Post;
  gender: Gender;
  /** YYYY-MM-DD; null when unknown (a write-in winner without a Person record). */
  birthDate: string | null;
  /** GB/T 3304 code; null when unknown. */
  ethnicity: string | null;
  /** GB/T 4658 top-level code; null when unknown. */
  education: string | null;
  /** PoliticalStatus code; null when unknown. */
  political: string | null;
  /** The member is also the party organisation's secretary (一肩挑 when the member is the director). */
  partySecretary: boolean;
  /** Elected in a runoff (另行选举 or tie re-vote) round; null when not recorded (imported terms). */
  runoff: boolean | null;
  /** The member's own election day when it differs from the committee's (imported rows carry one each). */
  electionDay?: string;
};

export type CommitteeFacts = {
  unitCode: string;
  unitName: string;
  /** Village (村委会) or community (居委会), by committeeKindOf (lib/domain/province-dashboard.ts). */
  kind: CommitteeKind;
  township: { code: string; name: string } | null;
  /** Only a certified result (or an imported committee) counts; others are reported as `uncertified`. */
  certified: boolean;
  /** YYYY-MM-DD */
  electionDay: string;
  /** Election.dualRole; null when not recorded (imported terms). */
  dualRolePlan: DualRolePlan | null;
  /** All seats of the election; null when not recorded (imported terms). */
  seats: number | null;
  /** From the first valid first-ballot round; null when there are no tallies (imported terms). */
  turnout: { registered: number; voted: number } | null;
  members: MemberFacts[];
};

export type VettingFacts = {
  /** One row per vetted candidacy, with the decision of its latest vetting entry. */
  candidacies: {
    township: string | null;
    /** The kind of the candidacy's village-level unit. */
    kind: CommitteeKind;
    /** Identifies the person: someone nominated for two posts is one person vetted. */
    person: string;
    decision: "APPROVED" | "REJECTED" | null;
    /** Negative-list codes cited by each department's newest BAR or CONCERN opinion on the entry. */
    conditionCodes: string[];
    /** A near relative (Kinship) of the candidate is on the same village's list. */
    nearRelativeOnList: boolean;
  }[];
  /** Per township and department: entries answered and the summed days from round opening to first opinion. */
  departments: { township: string | null; kind: CommitteeKind; department: string; answered: number; totalDays: number }[];
};

export type StatisticsInput = {
  unit: { code: string; name: string };
  /** The term's name (a Campaign's or an imported PastTerm's). */
  campaign: string;
  source: "campaign" | "pastTerm" | "mixed";
  committees: CommitteeFacts[];
  /** The previous term's committees of the same units (its names: one per county), or null when none is in the system. */
  previous: { names: string[]; committees: CommitteeFacts[] } | null;
  /** Null for imported terms (no vetting records). */
  vetting: VettingFacts | null;
  /** Townships for the breakdown, in display order. */
  townships: { code: string; name: string }[];
};

// ---------------------------------------------------------------------------------------------
// Output

export type Share = { count: number; share: number | null };

export type AgeBand = { from: number; to: number | null; men: number; women: number };

export type TurnoutByUnit = { code: string; name: string; township: string | null; registered: number; voted: number; rate: number | null };

export type VettingFigures = {
  /** Distinct persons with a vetting entry. */
  candidates: number;
  approved: number;
  rejected: number;
  undecided: number;
  /** Rejected persons per cited negative-list code (a person citing two codes counts under both). */
  disqualifiedByCondition: Record<string, number>;
  /** Rejected persons with a near relative on the same list and no negative-list code cited. */
  blockedByRecusal: number;
  /** Average days from the round's opening to the department's first opinion on an entry. */
  departments: { name: string; answered: number; averageDays: number | null }[];
};

export type PreviousStructure = {
  names: string[];
  committees: number;
  members: number;
  women: Share;
  partyMembers: Share;
  under35: Share;
  averageAge: number | null;
};

export type Figures = {
  committees: number;
  /** Elections of the term in the unit without a certified result (not counted); null for imported terms. */
  uncertified: number | null;
  members: { total: number; director: number; deputy: number; member: number };
  dualRole: { count: number; deferred: number | null; rate: number | null };
  partyMembers: Share;
  women: { count: number; share: number | null; unitsWithWoman: number; directors: number; directorShare: number | null };
  under35: Share;
  under40: Share;
  averageAge: number | null;
  averageAgeChange: number | null;
  education: Record<string, number>;
  minority: Share;
  turnout: { registered: number; voted: number; rate: number | null } | null;
  firstRoundElected: Share | null;
  incumbents: { reelected: number; new: number; share: number | null } | null;
  vetting: VettingFigures | null;
};

export type TownshipStatistics = { township: { code: string; name: string } } & Figures;

/** The figures of the villages or of the communities alone (Ningxia reports 一肩挑 75.5% vs 97.4%). */
export type KindStatistics = Figures & { ageBands: AgeBand[]; previousTerm: PreviousStructure | null };

export type Statistics = {
  unit: { code: string; name: string };
  campaign: string;
  source: StatisticsInput["source"];
} & Figures & {
    turnoutByUnit: TurnoutByUnit[];
    ageBands: AgeBand[];
    previousTerm: PreviousStructure | null;
    byTownship: TownshipStatistics[];
    /** Every figure above except turnoutByUnit and byTownship, for villages and communities apart; they add up to the total. */
    byKind: Record<CommitteeKind, KindStatistics>;
  };

// ---------------------------------------------------------------------------------------------
// Definitions, shown on hover and in docs/statistics-api.md.

export type StatisticKey =
  | "committees"
  | "uncertified"
  | "members"
  | "dualRole"
  | "partyMembers"
  | "women"
  | "under35"
  | "under40"
  | "averageAge"
  | "averageAgeChange"
  | "education"
  | "minority"
  | "turnout"
  | "firstRoundElected"
  | "incumbents"
  | "ageBands"
  | "previousTerm"
  | "byKind"
  | "vettingCandidates"
  | "disqualifiedByCondition"
  | "blockedByRecusal"
  | "departmentTurnaround";

export const STATISTIC_DEFINITIONS: Record<StatisticKey, { label: string; definition: string }> = {
  committees: {
    label: "选出村(居)委会数",
    definition: "本届选举结果已经县级审核认定的村(社区)数；导入的往届为名册中有成员的村(社区)数。结果未认定的村(社区)不计入任何指标。",
  },
  uncertified: {
    label: "结果未认定数",
    definition: "本届已建立选举、但结果尚未经县级认定的村(社区)数，不计入各项指标；导入的往届不适用。",
  },
  members: {
    label: "当选成员(主任/副主任/委员)",
    definition: "按当选职务统计的村(居)委会成员人数；专职专选的妇女委员计入委员。",
  },
  dualRole: {
    label: "“一肩挑”",
    definition:
      "村(社区)党组织书记当选村(居)委会主任的村(社区)数（当选主任本人的现任职务含党组织书记；导入往届以主任行的“一肩挑”标记为准）。比例 = 一肩挑数 ÷ 选出村(居)委会数。暂缓数单独列出：计划“暂缓一肩挑”且未实现一肩挑的村(社区)数。",
  },
  partyMembers: {
    label: "党员成员",
    definition: "政治面貌为中共党员或中共预备党员的成员人数；占比 = 党员人数 ÷ 政治面貌已知的成员人数。",
  },
  women: {
    label: "妇女成员",
    definition: "女性成员人数及其占成员总数的比例；另列至少有一名女性成员的村(社区)数，以及女性主任人数和女性主任占主任的比例。",
  },
  under35: {
    label: "35岁以下成员",
    definition: "选举日未满35周岁（周岁按选举日计算，生日当天满岁）的成员人数；占比 = 人数 ÷ 出生日期已知的成员人数。",
  },
  under40: {
    label: "40岁以下成员",
    definition: "选举日未满40周岁的成员人数；占比 = 人数 ÷ 出生日期已知的成员人数。",
  },
  averageAge: {
    label: "平均年龄",
    definition: "成员在本村(社区)选举日的周岁年龄的算术平均数，保留一位小数。",
  },
  averageAgeChange: {
    label: "平均年龄较上届变化",
    definition:
      "两届均有村(居)委会的村(社区)中，本届成员平均年龄减去上届成员平均年龄（均按各自选举日计算，未经四舍五入的平均数相减），保留两位小数；负数表示下降。系统中没有上届（换届选举或导入的往届）时为空。",
  },
  education: {
    label: "文化程度",
    definition:
      "按 GB/T 4658 学历代码大类统计的成员人数：10 研究生、20 大学本科、30 大学专科、40 中等专业学校、50 技工学校、60 高中、70 初中、80 小学、90 文盲或半文盲。",
  },
  minority: {
    label: "少数民族成员",
    definition: "民族不是汉族（代码01）的成员人数，含“其他未识别民族”“外国血统中国籍人士”；占比 = 人数 ÷ 民族已知的成员人数。",
  },
  turnout: {
    label: "参选率",
    definition:
      "实际参加投票人数 ÷ 登记选民数。各村(社区)取第一次有效的正式投票（第一次投票或其无效后的重新投票）：登记选民数与收回选票数（含委托投票和流动票箱，无论选票是否有效）；另行选举不再计入。全县(乡镇)为各村人数合计之比。没有计票记录（如导入的往届）时为空。",
  },
  firstRoundElected: {
    label: "一次性选举成功",
    definition:
      "应选职数全部在正式投票中选出、没有另行选举或重新投票决出的当选人、也没有空缺名额的村(社区)数；占比 = 该数 ÷ 有投票记录的选出村(居)委会数。因投票无效而重新投票、一次选满的，仍计为一次性选举成功。导入的往届没有投票记录，为空。",
  },
  incumbents: {
    label: "连选连任 / 新当选",
    definition:
      "两届均有村(居)委会的村(社区)中，上届同一村(社区)有姓名和出生日期均相同的成员的，计为连选连任，其余为新当选；占比 = 连选连任 ÷ 两者之和。系统中没有上届时为空。",
  },
  ageBands: {
    label: "年龄结构",
    definition: "按选举日周岁每五岁一组的男、女成员人数（70岁及以上合为一组）。",
  },
  previousTerm: {
    label: "上届对比",
    definition: "上届（同一县在本届之前最近的一次换届选举或导入的往届）中本届也有村(居)委会的村(社区)的成员结构，口径与本届相同。",
  },
  byKind: {
    label: "村、社区分别统计",
    definition:
      "每项指标按村民委员会（村）和居民委员会（社区）分别计算，口径与合计相同；村与社区的人数、个数相加等于合计。村或社区以单位类别为准，类别缺失时按名称（以“社区”“居委会”“居民委员会”结尾为社区）。",
  },
  vettingCandidates: {
    label: "联审人数",
    definition: "本届送县级资格联审的初步候选人人数（同一人被提名多个职位计一人），以及以各人最近一次联审的县级决定计的通过、不通过和未决定人数。",
  },
  disqualifiedByCondition: {
    label: "按负面清单情形不通过",
    definition: "联审不通过的人员中，各部门最新意见（存在不能 / 不宜情形）所引用的负面清单条目及人数；一人引用多个条目的，在每个条目下各计一次。",
  },
  blockedByRecusal: {
    label: "近亲属回避",
    definition:
      "联审不通过、未引用任何负面清单条目、且其近亲属（系统登记的亲属关系）同在本村(社区)候选人名单中的人数。系统没有单独的“回避”决定记录，按此推定。",
  },
  departmentTurnaround: {
    label: "部门平均办理用时",
    definition: "各联审部门对每名候选人的首次意见时间与该联审批次发起时间之差（天，保留一位小数）的平均数。",
  },
};

// ---------------------------------------------------------------------------------------------
// Computation

const PARTY = new Set(["CPC_MEMBER", "CPC_PROBATIONARY"]);
const AGE_BAND_START = 15;
const AGE_BAND_OPEN = 70;

/** A fraction rounded to 4 decimals, or null when the denominator is 0. */
export function ratio(count: number, of: number): number | null {
  return of > 0 ? Math.round((count / of) * 10_000) / 10_000 : null;
}

/** Rows by key (rows whose key is null are left out). */
export function group<T>(rows: readonly T[], key: (r: T) => string | null): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    if (k === null) continue;
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

type Placed = { member: MemberFacts; committee: CommitteeFacts; age: number | null };

/** Ages are asked for several times per member (unit, township, comparison): computed once each. */
const ages = new WeakMap<MemberFacts, number | null>();

function placed(committees: CommitteeFacts[]): Placed[] {
  const out: Placed[] = [];
  for (const committee of committees) {
    for (const member of committee.members) {
      let age = ages.get(member);
      if (age === undefined) {
        age = member.birthDate ? ageOn(member.birthDate, member.electionDay ?? committee.electionDay) : null;
        ages.set(member, age);
      }
      out.push({ member, committee, age });
    }
  }
  return out;
}

function share(rows: Placed[], known: (p: Placed) => boolean, hit: (p: Placed) => boolean): Share {
  const k = rows.filter(known);
  const count = k.filter(hit).length;
  return { count, share: ratio(count, k.length) };
}

const hasAge = (p: Placed) => p.age !== null;
const isParty = (p: Placed) => p.member.political !== null && PARTY.has(p.member.political);
const isDualRole = (c: CommitteeFacts) => c.members.some((m) => m.post === "DIRECTOR" && m.partySecretary);

function averageAgeOf(rows: Placed[]): number | null {
  let sum = 0,
    n = 0;
  for (const p of rows) {
    if (p.age === null) continue;
    sum += p.age;
    n++;
  }
  return n ? sum / n : null;
}

function vettingFigures(v: VettingFacts): VettingFigures {
  type Person = { decisions: Set<string>; codes: Set<string>; kin: boolean };
  const people = new Map<string, Person>();
  for (const c of v.candidacies) {
    const p = people.get(c.person) ?? { decisions: new Set<string>(), codes: new Set<string>(), kin: false };
    p.decisions.add(c.decision ?? "NONE");
    // Only a rejected candidacy's reasons describe why the person was kept off the list.
    if (c.decision === "REJECTED") {
      for (const code of c.conditionCodes) p.codes.add(code);
      p.kin ||= c.nearRelativeOnList;
    }
    people.set(c.person, p);
  }
  let approved = 0,
    rejected = 0,
    undecided = 0,
    blockedByRecusal = 0;
  const disqualifiedByCondition: Record<string, number> = {};
  for (const p of people.values()) {
    // Barred for one post is barred as a person: the negative list is about the person.
    if (p.decisions.has("REJECTED")) {
      rejected++;
      for (const code of [...p.codes].sort()) disqualifiedByCondition[code] = (disqualifiedByCondition[code] ?? 0) + 1;
      if (p.codes.size === 0 && p.kin) blockedByRecusal++;
    } else if (p.decisions.has("APPROVED")) approved++;
    else undecided++;
  }
  const departments = new Map<string, { answered: number; totalDays: number }>();
  for (const d of v.departments) {
    const agg = departments.get(d.department) ?? { answered: 0, totalDays: 0 };
    agg.answered += d.answered;
    agg.totalDays += d.totalDays;
    departments.set(d.department, agg);
  }
  return {
    candidates: people.size,
    approved,
    rejected,
    undecided,
    disqualifiedByCondition,
    blockedByRecusal,
    departments: [...departments].map(([name, d]) => ({ name, answered: d.answered, averageDays: d.answered ? round(d.totalDays / d.answered, 1) : null })),
  };
}

function previousStructure(names: string[], committees: CommitteeFacts[]): PreviousStructure {
  const rows = placed(committees);
  const avg = averageAgeOf(rows);
  return {
    names,
    committees: committees.length,
    members: rows.length,
    women: share(
      rows,
      () => true,
      (p) => p.member.gender === "FEMALE",
    ),
    partyMembers: share(rows, (p) => p.member.political !== null, isParty),
    under35: share(rows, hasAge, (p) => p.age! < 35),
    averageAge: avg === null ? null : round(avg, 1),
  };
}

/** The figures for one set of elections (the whole unit, or one township of it). */
function figuresOf(all: CommitteeFacts[], previous: CommitteeFacts[] | null, vetting: VettingFacts | null, imported: boolean): Figures {
  const committees = all.filter((c) => c.certified);
  const rows = placed(committees);
  const byPost: Record<Post, number> = { DIRECTOR: 0, DEPUTY: 0, MEMBER: 0, WOMEN_MEMBER: 0 };
  for (const p of rows) byPost[p.member.post]++;

  const dualRole = committees.filter(isDualRole).length;
  const planKnown = committees.filter((c) => c.dualRolePlan !== null);
  const deferred = imported ? null : planKnown.filter((c) => c.dualRolePlan === "DEFERRED" && !isDualRole(c)).length;

  const women = rows.filter((p) => p.member.gender === "FEMALE");
  const directors = rows.filter((p) => p.member.post === "DIRECTOR");
  const womenDirectors = directors.filter((p) => p.member.gender === "FEMALE").length;

  const education: Record<string, number> = Object.fromEntries(EDUCATION_LEVELS.map((e) => [e.code, 0]));
  for (const p of rows) if (p.member.education !== null) education[p.member.education] = (education[p.member.education] ?? 0) + 1;

  const tallied = committees.flatMap((c) => (c.turnout ? [c.turnout] : []));
  const registered = tallied.reduce((s, t) => s + t.registered, 0);
  const voted = tallied.reduce((s, t) => s + t.voted, 0);

  const recorded = committees.filter((c) => c.seats !== null && c.members.every((m) => m.runoff !== null));
  const firstRound = recorded.filter((c) => c.members.length >= c.seats! && c.members.every((m) => m.runoff === false)).length;

  // Comparisons with the previous term: only units with a committee in both terms.
  let averageAgeChange: number | null = null;
  let incumbents: Figures["incumbents"] = null;
  if (previous) {
    const before = group(previous, (c) => c.unitCode);
    const both = committees.filter((c) => before.has(c.unitCode));
    if (both.length) {
      const now = averageAgeOf(placed(both));
      const then = averageAgeOf(placed(both.flatMap((c) => before.get(c.unitCode)!)));
      averageAgeChange = now !== null && then !== null ? round(now - then, 2) : null;
      let reelected = 0,
        fresh = 0;
      for (const c of both) {
        const keys = new Set(before.get(c.unitCode)!.flatMap((b) => b.members.flatMap((m) => (m.birthDate ? [`${m.name}|${m.birthDate}`] : []))));
        for (const m of c.members) {
          if (m.birthDate && keys.has(`${m.name}|${m.birthDate}`)) reelected++;
          else fresh++;
        }
      }
      incumbents = { reelected, new: fresh, share: ratio(reelected, reelected + fresh) };
    }
  }

  const avg = averageAgeOf(rows);
  return {
    committees: committees.length,
    uncertified: imported ? null : all.length - committees.length,
    members: { total: rows.length, director: byPost.DIRECTOR, deputy: byPost.DEPUTY, member: byPost.MEMBER + byPost.WOMEN_MEMBER },
    dualRole: { count: dualRole, deferred, rate: ratio(dualRole, committees.length) },
    partyMembers: share(rows, (p) => p.member.political !== null, isParty),
    women: {
      count: women.length,
      share: ratio(women.length, rows.length),
      unitsWithWoman: committees.filter((c) => c.members.some((m) => m.gender === "FEMALE")).length,
      directors: womenDirectors,
      directorShare: ratio(womenDirectors, directors.length),
    },
    under35: share(rows, hasAge, (p) => p.age! < 35),
    under40: share(rows, hasAge, (p) => p.age! < 40),
    averageAge: avg === null ? null : round(avg, 1),
    averageAgeChange,
    education,
    minority: share(
      rows,
      (p) => p.member.ethnicity !== null,
      (p) => isMinority(p.member.ethnicity!),
    ),
    turnout: tallied.length ? { registered, voted, rate: ratio(voted, registered) } : null,
    firstRoundElected: recorded.length ? { count: firstRound, share: ratio(firstRound, recorded.length) } : null,
    incumbents,
    vetting: vetting ? vettingFigures(vetting) : null,
  };
}

/** Men and women per 5-year band of age on election day, 15-19 up to an open 70+ band. */
export function ageBandsOf(committees: CommitteeFacts[]): AgeBand[] {
  const bands: AgeBand[] = [];
  for (let from = AGE_BAND_START; from < AGE_BAND_OPEN; from += 5) bands.push({ from, to: from + 4, men: 0, women: 0 });
  bands.push({ from: AGE_BAND_OPEN, to: null, men: 0, women: 0 });
  for (const p of placed(committees.filter((c) => c.certified))) {
    if (p.age === null) continue;
    const i = Math.min(Math.max(0, Math.floor((p.age - AGE_BAND_START) / 5)), bands.length - 1);
    if (p.member.gender === "FEMALE") bands[i]!.women++;
    else bands[i]!.men++;
  }
  return bands;
}

/** Villages per turnout band for a histogram: `width` wide bands from `from` up to 100%. */
export function turnoutHistogram(rows: Pick<TurnoutByUnit, "rate">[], from = 0.5, width = 0.05): { from: number; to: number; committees: number }[] {
  const bins: { from: number; to: number; committees: number }[] = [];
  for (let lo = from; lo < 1 - 1e-9; lo += width) bins.push({ from: round(lo, 4), to: round(Math.min(1, lo + width), 4), committees: 0 });
  for (const r of rows) {
    if (r.rate === null || !bins.length) continue;
    const i = Math.min(Math.max(0, Math.floor((r.rate - from) / width + 1e-9)), bins.length - 1);
    bins[i]!.committees++;
  }
  return bins;
}

/** Every figure for the unit, and per township. */
export function computeStatistics(input: StatisticsInput): Statistics {
  const imported = input.source === "pastTerm";
  const counted = input.committees.filter((c) => c.certified);
  const currentUnits = new Set(counted.map((c) => c.unitCode));
  const previous = input.previous ? input.previous.committees.filter((c) => c.certified && currentUnits.has(c.unitCode)) : null;
  // Grouped once: a province has ~240 townships and ~2,849 villages.
  const committeesOf = group(input.committees, (c) => c.township?.code ?? null);
  const previousOf = previous ? group(previous, (c) => c.township?.code ?? null) : null;
  const candidaciesOf = group(input.vetting?.candidacies ?? [], (c) => c.township);
  const departmentsOf = group(input.vetting?.departments ?? [], (d) => d.township);

  const byTownship = input.townships.map((t) => ({
    township: t,
    ...figuresOf(
      committeesOf.get(t.code) ?? [],
      previousOf ? (previousOf.get(t.code) ?? []) : null,
      input.vetting ? { candidacies: candidaciesOf.get(t.code) ?? [], departments: departmentsOf.get(t.code) ?? [] } : null,
      imported,
    ),
  }));

  const byKind = Object.fromEntries(
    COMMITTEE_KINDS.map((kind): [CommitteeKind, KindStatistics] => {
      const mine = previous?.filter((c) => c.kind === kind) ?? null;
      return [
        kind,
        {
          ...figuresOf(
            input.committees.filter((c) => c.kind === kind),
            mine,
            input.vetting
              ? { candidacies: input.vetting.candidacies.filter((c) => c.kind === kind), departments: input.vetting.departments.filter((d) => d.kind === kind) }
              : null,
            imported,
          ),
          ageBands: ageBandsOf(counted.filter((c) => c.kind === kind)),
          previousTerm: input.previous && mine?.length ? previousStructure(input.previous.names, mine) : null,
        },
      ];
    }),
  ) as Record<CommitteeKind, KindStatistics>;

  return {
    unit: input.unit,
    campaign: input.campaign,
    source: input.source,
    ...figuresOf(input.committees, previous, input.vetting, imported),
    turnoutByUnit: counted
      .flatMap((c) =>
        c.turnout
          ? [{ code: c.unitCode, name: c.unitName, township: c.township?.name ?? null, ...c.turnout, rate: ratio(c.turnout.voted, c.turnout.registered) }]
          : [],
      )
      .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)),
    ageBands: ageBandsOf(counted),
    previousTerm: input.previous && previous?.length ? previousStructure(input.previous.names, previous) : null,
    byTownship,
    byKind,
  };
}
