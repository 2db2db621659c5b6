// The candidate-list checker: everything that can be said about a village's seats and candidate list
// from the list itself, before vetting (docs/rules/nomination-and-candidates.md, docs/rules/recusal.md).
// Pure: the caller loads the list, the kinship pairs and the county-wide duplicates and passes them in.
import { idNumberProblems, isCalendarDate, maskIdNumber, parseIdNumber } from "./id-number";
import { POST_LABEL, POSTS, RELATION_LABEL, type Gender, type Post, type Relation } from "./people";
import { ruleSource, type RuleKey, type RuleValues } from "./rule-pack";
import { compareByStroke } from "./stroke-order";
import { addDays, daysBetween } from "./days";

export type { Post, Relation };

export type ElectionSetup = {
  unitKind: "VILLAGE" | "COMMUNITY";
  electionDay: string;
  /** CONTESTED = 有候选人的差额选举; SELF_NOMINATION = 自荐直选/海选, no preliminary candidates. */
  method: "CONTESTED" | "SELF_NOMINATION";
  seats: Record<Post, number>;
  registeredVoters: number;
};

export type CandidateForCheck = {
  id: string;
  personId: string;
  name: string;
  gender: Gender;
  birthDate: string;
  idNumber: string;
  post: Post;
  /** 民主测评 不满意率 as a fraction; null when the person was not assessed (not an outgoing member). */
  dissatisfactionRate: number | null;
  pledges: { campaign: boolean; work: boolean; resign: boolean; discipline: boolean };
  /**
   * The county's standing joint-vetting decision (the candidate's latest vetting entry); absent or null
   * before vetting. A candidate decided 不通过 no longer stands: the checker leaves them out.
   */
  vettingDecision?: "APPROVED" | "REJECTED" | null;
};

export type KinPair = { personA: string; personB: string; relation: Relation };

export type Problem = {
  severity: "error" | "warning";
  code: string;
  message: string;
  rule: string;
  source: string;
  candidateIds: string[];
  post?: Post;
};

/** Every code the checker can emit, for the UI and for tests. */
export const PROBLEM_CODES = [
  "SETUP_ELECTION_DAY_INVALID",
  "SETUP_SEATS_INVALID",
  "SETUP_DIRECTOR_SEATS",
  "SETUP_DEPUTY_SEATS",
  "SETUP_COMMITTEE_SIZE",
  "SETUP_WOMEN_SEAT",
  "SETUP_WOMEN_SEAT_MISSING",
  "SETUP_REGISTERED_VOTERS",
  "SETUP_ELECTION_DAY_PAST",
  "SETUP_BEFORE_CAMPAIGN",
  "SETUP_AFTER_CAMPAIGN",
  "SETUP_VOTER_LIST_TOO_LATE",
  "SETUP_CANDIDATE_LIST_TOO_LATE",
  "POST_WITHOUT_SEATS",
  "MARGIN_TOO_FEW",
  "MARGIN_TOO_MANY",
  "NO_WOMAN_CANDIDATE",
  "WOMEN_SEAT_NOT_FEMALE",
  "BIRTH_DATE_INVALID",
  "UNDER_AGE",
  "ID_INVALID",
  "ID_MISMATCH",
  "CANDIDATE_ELSEWHERE",
  "DUPLICATE_SAME_POST",
  "DUPLICATE_OTHER_POSTS",
  "KINSHIP",
  "DISSATISFACTION_INVALID",
  "DISSATISFACTION_OVER_BAR",
  "PLEDGES_MISSING",
  "ELECTION_DAY_INVALID",
  "ELECTION_DAY_PAST",
  "CANDIDATE_LIST_TOO_LATE",
  "VOTER_LIST_TOO_LATE",
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

export const WOMEN_SEAT_LABEL: Record<RuleValues["womenSeat"], string> = {
  none: "无专门规定",
  reserved: "妇女委员专职专选",
  atLeastOneMember: "成员中至少有一名妇女（在委员中产生）",
};

export const PLEDGE_LABEL: Record<keyof CandidateForCheck["pledges"], string> = {
  campaign: "竞职承诺",
  work: "干事承诺",
  resign: "辞职承诺",
  discipline: "纪律承诺",
};

const UNIT_COMMITTEE: Record<ElectionSetup["unitKind"], string> = { VILLAGE: "村民委员会", COMMUNITY: "居民委员会" };

// Rules that are not numbers in the rule pack. Article numbers are hints to verify (docs/rules/README.md).
const FIXED = {
  women: {
    text: "村民委员会成员中，应当有妇女成员；候选人中应当有适当的妇女名额",
    source: "《村民委员会组织法》（2010 年修订）第六条第二款（条号待核实）；各省选举办法（候选人中应当有适当的妇女名额）",
  },
  womenSeatPost: {
    text: "实行妇女委员专职专选的，妇女委员职位单独提名、单独选举，只能由女性竞选",
    source: "余姚市陆埠镇 陆党发〔2020〕57号；桐庐县 2017 年换届方案（专职专选）",
  },
  director: {
    text: "村(居)民委员会由主任、副主任和委员组成，主任一名",
    source: "《村民委员会组织法》（2010 年修订）第六条（条号待核实）",
  },
  seatsSet: {
    text: "候选人只能竞选选举办法和职数公告中设置的职位",
    source: "本村(社区)选举办法及职数公告",
  },
  registeredVoters: {
    text: "有登记参加选举的村民过半数投票，选举有效；登记选民数是计算参选率和选举是否有效的依据",
    source: "《村民委员会组织法》（2010 年修订）第十五条（条号待核实）",
  },
  electionDay: {
    text: "选举日由乡镇(街道)或县级换届工作指导机构确定并公告",
    source: "各省村民委员会选举办法（选举日由县、乡确定并公告）",
  },
  idNumber: {
    text: "公民身份号码为 18 位：6 位地址码、8 位出生日期码、3 位顺序码（末位奇数为男、偶数为女）和 1 位校验码",
    source: "GB 11643-1999《公民身份号码》",
  },
  idMatches: {
    text: "候选人的出生日期、性别以居民身份证为准，登记信息应与身份证一致",
    source: "各省选举办法（年龄以身份证为准）；GB 11643-1999",
  },
  elsewhere: {
    text: "村民不得在两个村同时登记参加选举，也不能同时在两个村(社区)参选",
    source: "《村民委员会组织法》（2010 年修订）第十三条（不得重复登记，条号待核实）",
  },
  duplicateSamePost: {
    text: "同一职位的候选人名单中，同一人只能出现一次",
    source: "同一人在名单中只能出现一次",
  },
  duplicateOtherPosts: {
    text: "同一人被提名为多个职位的，按本省规定确定其参选职位：以最高职位计，或依规定累加票数",
    source: "各省村民委员会选举办法（同一人被提名多个职位的处理不同）",
  },
  kinship: {
    text: "村民委员会成员实行近亲属回避",
    source: "《村民委员会组织法》2025 年修正（2026-01-01 施行，条文待核实）；浙江省村民委员会选举办法（2025 年修正）",
  },
  pledges: {
    text: "候选人签订竞职、干事、辞职、纪律四项承诺",
    source: "余姚市陆埠镇 陆党发〔2020〕57号（四项承诺）；白玉县、宁夏换届纪律承诺书",
  },
} as const;

type Cite = { text: string; source: string };
const fromPack = (key: RuleKey): Cite => ruleSource(key);

// Internally each problem carries the name it is sorted by; it is dropped before returning.
type Draft = Problem & { sortName: string };

function problem(severity: Problem["severity"], code: ProblemCode, message: string, cite: Cite, candidateIds: string[], sortName: string, post?: Post): Draft {
  const p: Draft = { severity, code, message, rule: cite.text, source: cite.source, candidateIds, sortName };
  if (post) p.post = post;
  return p;
}

function finish(drafts: Draft[]): Problem[] {
  const postIndex = (p?: Post) => (p ? POSTS.indexOf(p) : -1);
  const sorted = [...drafts].sort(
    (a, b) =>
      (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1) ||
      postIndex(a.post) - postIndex(b.post) ||
      compareByStroke(a.sortName, b.sortName) ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) ||
      (a.message < b.message ? -1 : a.message > b.message ? 1 : 0) ||
      (a.candidateIds.join() < b.candidateIds.join() ? -1 : a.candidateIds.join() > b.candidateIds.join() ? 1 : 0),
  );
  return sorted.map(({ sortName: _sortName, ...p }) => p);
}

// ---------------------------------------------------------------------------------------------
// Dates. All dates are YYYY-MM-DD strings in China time; the caller supplies "today".

export { daysBetween };

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/**
 * True when a person born on `birthDate` is at least `years` old on `day`. The birthday itself counts
 * ("年满十八周岁" is reached on the birthday; the law counts age to election day, docs/rules/voter-registration.md).
 * Someone born on 29 February reaches the age on 1 March in a non-leap year: on 28 February the full
 * number of years has not yet passed.
 */
export function hasReachedAge(birthDate: string, day: string, years: number): boolean {
  const y = Number(birthDate.slice(0, 4)) + years;
  const monthDay = birthDate.slice(5) === "02-29" && !isLeapYear(y) ? "03-01" : birthDate.slice(5);
  return day >= `${String(y).padStart(4, "0")}-${monthDay}`;
}

/** Full years of age on `day` (the age printed on lists and announcements). */
export function ageOn(birthDate: string, day: string): number {
  const years = Number(day.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return hasReachedAge(birthDate, day, years) ? years : years - 1;
}

function percent(fraction: number): string {
  return `${Math.round(fraction * 10000) / 100}%`;
}

// ---------------------------------------------------------------------------------------------
// The election setup: seats per post.

export function checkElectionSetup(setup: ElectionSetup, rules: RuleValues): Problem[] {
  const out: Draft[] = [];
  const committee = UNIT_COMMITTEE[setup.unitKind];

  if (!isCalendarDate(setup.electionDay)) {
    out.push(problem("error", "SETUP_ELECTION_DAY_INVALID", `选举日「${setup.electionDay}」不是有效日期`, FIXED.electionDay, [], ""));
  }

  const badPosts = POSTS.filter((p) => !Number.isInteger(setup.seats[p]) || setup.seats[p] < 0);
  for (const p of badPosts) {
    out.push(problem("error", "SETUP_SEATS_INVALID", `${POST_LABEL[p]}职数「${setup.seats[p]}」无效，应为 0 或正整数`, FIXED.seatsSet, [], "", p));
  }

  if (!badPosts.includes("DIRECTOR") && setup.seats.DIRECTOR !== 1) {
    out.push(problem("error", "SETUP_DIRECTOR_SEATS", `主任应设 1 名，当前设置为 ${setup.seats.DIRECTOR} 名`, FIXED.director, [], "", "DIRECTOR"));
  }

  if (!badPosts.includes("DEPUTY") && setup.seats.DEPUTY > rules.deputyMax) {
    out.push(
      problem(
        "error",
        "SETUP_DEPUTY_SEATS",
        `副主任最多设 ${rules.deputyMax} 名，当前设置为 ${setup.seats.DEPUTY} 名`,
        fromPack("deputyMax"),
        [],
        "",
        "DEPUTY",
      ),
    );
  }

  if (badPosts.length === 0) {
    const size = rules.committeeSize[setup.unitKind];
    const total = POSTS.reduce((sum, p) => sum + setup.seats[p], 0);
    if (total < size.min || total > size.max) {
      const parts = POSTS.filter((p) => setup.seats[p] > 0)
        .map((p) => `${POST_LABEL[p]} ${setup.seats[p]}`)
        .join("、");
      out.push(
        problem(
          "error",
          "SETUP_COMMITTEE_SIZE",
          `${committee}成员应为 ${size.min} 至 ${size.max} 名，当前共设置 ${total} 名${parts ? `（${parts}）` : ""}`,
          fromPack(setup.unitKind === "VILLAGE" ? "committeeSize.VILLAGE" : "committeeSize.COMMUNITY"),
          [],
          "",
        ),
      );
    }
  }

  if (!badPosts.includes("WOMEN_MEMBER")) {
    const women = setup.seats.WOMEN_MEMBER;
    if (women > 1) {
      out.push(problem("error", "SETUP_WOMEN_SEAT", `妇女委员(专职专选)最多设 1 名，当前设置为 ${women} 名`, fromPack("womenSeat"), [], "", "WOMEN_MEMBER"));
    } else if (women === 1 && rules.womenSeat !== "reserved") {
      out.push(
        problem(
          "error",
          "SETUP_WOMEN_SEAT",
          `适用的规则未实行妇女委员专职专选（妇女成员名额：${WOMEN_SEAT_LABEL[rules.womenSeat]}），不能单设妇女委员职位；请把该名额并入委员，妇女成员从委员中产生`,
          fromPack("womenSeat"),
          [],
          "",
          "WOMEN_MEMBER",
        ),
      );
    } else if (women === 0 && rules.womenSeat === "reserved") {
      out.push(
        problem(
          "warning",
          "SETUP_WOMEN_SEAT_MISSING",
          "适用的规则实行妇女委员专职专选，但未设妇女委员(专职专选)职位",
          fromPack("womenSeat"),
          [],
          "",
          "WOMEN_MEMBER",
        ),
      );
    }
  }

  if (!Number.isInteger(setup.registeredVoters) || setup.registeredVoters <= 0) {
    out.push(problem("error", "SETUP_REGISTERED_VOTERS", `登记选民数「${setup.registeredVoters}」无效，应为正整数`, FIXED.registeredVoters, [], ""));
  }

  return finish(out);
}

export type ScheduleContext = {
  today: string;
  campaign: { startDate: string; endDate: string };
};

/**
 * Can the election be held on this day? It must fall within the campaign and leave time to post the
 * voter list and the 正式候选人 list the rule pack's number of days before it (docs/rules/schedule-and-oversight.md: "≥N days
 * before D" = done by D−N). Every problem names the dates, so one save shows them all.
 */
export function checkElectionSchedule(electionDay: string, rules: RuleValues, ctx: ScheduleContext): Problem[] {
  const { today, campaign } = ctx;
  if (!isCalendarDate(today)) throw new Error(`today must be YYYY-MM-DD, got ${today}`);
  const out: Draft[] = [];
  if (!isCalendarDate(electionDay)) return [];
  if (electionDay < campaign.startDate) {
    out.push(problem("error", "SETUP_BEFORE_CAMPAIGN", `选举日 ${electionDay} 早于本次换届的开始日期 ${campaign.startDate}`, FIXED.electionDay, [], ""));
  }
  if (electionDay > campaign.endDate) {
    out.push(
      problem(
        "error",
        "SETUP_AFTER_CAMPAIGN",
        `选举日 ${electionDay} 晚于本次换届的结束日期 ${campaign.endDate}，应在 ${campaign.endDate} 或之前`,
        FIXED.electionDay,
        [],
        "",
      ),
    );
  }
  const days = daysBetween(today, electionDay);
  if (days < 0) {
    out.push(problem("error", "SETUP_ELECTION_DAY_PAST", `选举日 ${electionDay} 早于今天（${today}）`, FIXED.electionDay, [], ""));
    return out.map(({ sortName: _sortName, ...p }) => p);
  }
  const deadlines = [
    { code: "SETUP_VOTER_LIST_TOO_LATE", what: "选民名单", n: rules.voterListPostingDays, key: "voterListPostingDays" },
    { code: "SETUP_CANDIDATE_LIST_TOO_LATE", what: "正式候选人名单", n: rules.candidateListPostingDays, key: "candidateListPostingDays" },
  ] as const;
  for (const d of deadlines) {
    if (days >= d.n) continue;
    out.push(
      problem(
        "error",
        d.code,
        `选举日 ${electionDay} 距今天（${today}）只有 ${days} 天：${d.what}须在选举日前 ${d.n} 日（${addDays(electionDay, -d.n)} 或之前）公布，已来不及；选举日最早可定为 ${addDays(today, d.n)}`,
        fromPack(d.key),
        [],
        "",
      ),
    );
  }
  return out.map(({ sortName: _sortName, ...p }) => p);
}

/** The setup form's field a setup or schedule problem belongs to, so it shows beside that input. */
export function setupProblemField(p: Pick<Problem, "code" | "post">): string {
  if (p.code.startsWith("SETUP_") && p.post) {
    return { DIRECTOR: "seatsDirector", DEPUTY: "seatsDeputy", MEMBER: "seatsMember", WOMEN_MEMBER: "seatsWomenMember" }[p.post];
  }
  if (p.code === "SETUP_COMMITTEE_SIZE") return "seatsMember";
  if (p.code === "SETUP_REGISTERED_VOTERS") return "registeredVoters";
  return "electionDay";
}

// ---------------------------------------------------------------------------------------------
// The candidate list.

export type CandidateListInput = {
  setup: ElectionSetup;
  rules: RuleValues;
  candidates: CandidateForCheck[];
  kinship: KinPair[];
  /** The same ID number already a candidate in another village of the county in this campaign. */
  elsewhere: { idNumber: string; unitName: string }[];
  today: string;
};

const normId = (id: string) => id.trim().toUpperCase();

/** One person may be entered twice (two posts, or by mistake); the ID number says who is who. */
const personKey = (c: CandidateForCheck) => (normId(c.idNumber) ? `id:${normId(c.idNumber)}` : `person:${c.personId}`);

const who = (c: CandidateForCheck) => `${POST_LABEL[c.post]}候选人 ${c.name}`;

/** Candidates in stroke order (then by id), so names and ids in a problem do not depend on input order. */
const ordered = (cs: CandidateForCheck[]) => [...cs].sort((a, b) => compareByStroke(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/**
 * Every list rule at once. Only people still standing count: a candidate the county decided 不通过 in joint
 * vetting is off the list for every rule (差额, women, duplicates, kinship, per-person checks), so a
 * returned list shows what it lacks and the published list warns about nobody who is not on it.
 */
export function checkCandidateList(input: CandidateListInput): Problem[] {
  const { setup, rules, today } = input;
  if (!isCalendarDate(today)) throw new Error(`today must be YYYY-MM-DD, got ${today}`);
  const out: Draft[] = [];
  const candidates = input.candidates.filter((c) => c.vettingDecision !== "REJECTED");
  const rejected = input.candidates.filter((c) => c.vettingDecision === "REJECTED");

  checkMargins(setup, rules, candidates, out, rejected);
  checkWomen(setup, candidates, out);
  for (const c of candidates) checkPerson(c, input, out);
  checkDuplicates(rules, candidates, out);
  checkKinship(candidates, input.kinship, out);
  checkTiming(setup, rules, today, out);

  return finish(out);
}

/** (a) 差额: candidates per post against seats + margin. */
function checkMargins(setup: ElectionSetup, rules: RuleValues, candidates: CandidateForCheck[], out: Draft[], rejected: CandidateForCheck[] = []) {
  for (const post of POSTS) {
    const entries = ordered(candidates.filter((c) => c.post === post));
    const off = ordered(rejected.filter((c) => c.post === post));
    const notCounted = off.length ? `（未通过资格联审的 ${off.map((c) => c.name).join("、")} 不计入）` : "";
    const count = new Set(entries.map(personKey)).size;
    const seats = setup.seats[post];
    const label = POST_LABEL[post];

    if (seats === 0 && count > 0) {
      const names = entries.map((c) => c.name).join("、");
      out.push(
        problem(
          "error",
          "POST_WITHOUT_SEATS",
          `${label}未设职位（应选 0 名），但名单中有 ${count} 名${label}候选人：${names}`,
          FIXED.seatsSet,
          entries.map((c) => c.id),
          "",
          post,
        ),
      );
      continue;
    }
    // 自荐直选 has no preliminary candidates, so there is no 差额 to keep (docs/rules/nomination-and-candidates.md).
    if (setup.method === "SELF_NOMINATION" || !(seats > 0)) continue;

    const margin = rules.margins[post];
    const cite = fromPack(`margins.${post}`);
    const least = seats + margin.min;
    const most = seats + margin.max;
    if (count < least) {
      out.push(
        problem(
          "error",
          "MARGIN_TOO_FEW",
          `${label}应选 ${seats} 名，候选人至少应有 ${least} 名（差额至少 ${margin.min} 名），目前只有 ${count} 名${notCounted}`,
          cite,
          entries.map((c) => c.id),
          "",
          post,
        ),
      );
    } else if (count > most) {
      out.push(
        problem(
          "warning",
          "MARGIN_TOO_MANY",
          `${label}应选 ${seats} 名，正式候选人最多 ${most} 名（差额至多 ${margin.max} 名），目前有 ${count} 名，需要通过预选确定正式候选人`,
          cite,
          entries.map((c) => c.id),
          "",
          post,
        ),
      );
    }
  }
}

/** (b) Women among the candidates, and only women on the 专职专选 women seat. */
function checkWomen(setup: ElectionSetup, candidates: CandidateForCheck[], out: Draft[]) {
  if (candidates.length > 0 && !candidates.some((c) => c.gender === "FEMALE")) {
    // Nobody can be made to stand in 自荐直选, so there it is a call to encourage women, not a defect of the list.
    const selfNominated = setup.method === "SELF_NOMINATION";
    out.push(
      problem(
        selfNominated ? "warning" : "error",
        "NO_WOMAN_CANDIDATE",
        selfNominated
          ? `${candidates.length} 名自荐人中没有女性，请动员符合条件的妇女自荐参选`
          : `候选人名单中没有女性（共 ${candidates.length} 名候选人），应当有适当的妇女名额`,
        FIXED.women,
        [],
        "",
      ),
    );
  }
  if (setup.seats.WOMEN_MEMBER > 0) {
    for (const c of candidates) {
      if (c.post === "WOMEN_MEMBER" && c.gender !== "FEMALE") {
        out.push(
          problem("error", "WOMEN_SEAT_NOT_FEMALE", `${who(c)} 为男性，妇女委员(专职专选)职位只能由女性竞选`, FIXED.womenSeatPost, [c.id], c.name, c.post),
        );
      }
    }
  }
}

/** (c) age, (d) ID number, (e) elsewhere in the county, (h) 民主测评, (i) pledges — one candidate at a time. */
function checkPerson(c: CandidateForCheck, input: CandidateListInput, out: Draft[]) {
  const { setup, rules, today } = input;
  const add = (severity: Problem["severity"], code: ProblemCode, message: string, cite: Cite) =>
    out.push(problem(severity, code, message, cite, [c.id], c.name, c.post));

  if (!isCalendarDate(c.birthDate)) {
    add("error", "BIRTH_DATE_INVALID", `${who(c)} 的出生日期「${c.birthDate}」不是有效日期`, fromPack("minAge"));
  } else if (isCalendarDate(setup.electionDay) && !hasReachedAge(c.birthDate, setup.electionDay, rules.minAge)) {
    add("error", "UNDER_AGE", `${who(c)} 出生于 ${c.birthDate}，到选举日 ${setup.electionDay} 未满 ${rules.minAge} 周岁`, fromPack("minAge"));
  }

  const parsed = parseIdNumber(c.idNumber, today);
  if (!parsed.ok) {
    add("error", "ID_INVALID", `${who(c)}：${parsed.problem}`, FIXED.idNumber);
  } else {
    for (const p of idNumberProblems(c.idNumber, { birthDate: c.birthDate, gender: c.gender, today })) {
      add("error", "ID_MISMATCH", `${who(c)}：${p}`, FIXED.idMatches);
    }
  }

  const id = normId(c.idNumber);
  if (id) {
    for (const e of input.elsewhere) {
      if (normId(e.idNumber) === id) {
        add(
          "error",
          "CANDIDATE_ELSEWHERE",
          `${who(c)}（身份证 ${maskIdNumber(id)}）已是「${e.unitName}」的候选人，同一人不能在两个村(社区)同时参选`,
          FIXED.elsewhere,
        );
      }
    }
  }

  const rate = c.dissatisfactionRate;
  if (rate !== null) {
    if (!Number.isFinite(rate) || rate < 0 || rate > 1) {
      add("error", "DISSATISFACTION_INVALID", `${who(c)} 的民主测评不满意率「${rate}」无效，应在 0 至 1 之间`, fromPack("dissatisfactionBar"));
    } else if (rate > rules.dissatisfactionBar + 1e-9) {
      // The tolerance only absorbs floating-point noise (0.1 + 0.2); exactly at the bar passes ("超过" is strict).
      add(
        "error",
        "DISSATISFACTION_OVER_BAR",
        `${who(c)} 民主测评不满意率为 ${percent(rate)}，超过 ${percent(rules.dissatisfactionBar)}，不能列为候选人`,
        fromPack("dissatisfactionBar"),
      );
    }
  }

  const missing = (Object.keys(PLEDGE_LABEL) as (keyof typeof PLEDGE_LABEL)[]).filter((k) => !c.pledges[k]);
  if (missing.length > 0) {
    add("warning", "PLEDGES_MISSING", `${who(c)} 尚未签订：${missing.map((k) => PLEDGE_LABEL[k]).join("、")}`, FIXED.pledges);
  }
}

/** (f) The same person (same ID number) entered twice. */
function checkDuplicates(rules: RuleValues, candidates: CandidateForCheck[], out: Draft[]) {
  const byPerson = new Map<string, CandidateForCheck[]>();
  for (const c of candidates) byPerson.set(personKey(c), [...(byPerson.get(personKey(c)) ?? []), c]);

  for (const group of byPerson.values()) {
    if (group.length < 2) continue;
    const entries = ordered(group);
    const first = entries[0];
    if (!first) continue;
    const masked = normId(first.idNumber) ? `（身份证 ${maskIdNumber(first.idNumber)}）` : "";

    const posts = POSTS.filter((p) => entries.some((c) => c.post === p));
    for (const post of posts) {
      const same = entries.filter((c) => c.post === post);
      if (same.length > 1) {
        out.push(
          problem(
            "error",
            "DUPLICATE_SAME_POST",
            `${first.name}${masked}在${POST_LABEL[post]}候选人中出现了 ${same.length} 次`,
            FIXED.duplicateSamePost,
            same.map((c) => c.id),
            first.name,
            post,
          ),
        );
      }
    }
    if (posts.length > 1) {
      const summing = rules.sumVotesAcrossPosts ? "不同职位得票按规定累加" : "不同职位得票不累加";
      out.push(
        problem(
          "warning",
          "DUPLICATE_OTHER_POSTS",
          `${first.name}${masked}同时被提名为${posts.map((p) => POST_LABEL[p]).join("、")}候选人，请按本省规定确定其参选职位（适用规则：${summing}）`,
          FIXED.duplicateOtherPosts,
          entries.map((c) => c.id),
          first.name,
        ),
      );
    }
  }
}

/** (g) 近亲属回避: a warning for every known pair with both people on this list. */
function checkKinship(candidates: CandidateForCheck[], kinship: KinPair[], out: Draft[]) {
  const byPersonId = new Map<string, CandidateForCheck[]>();
  for (const c of candidates) byPersonId.set(c.personId, [...(byPersonId.get(c.personId) ?? []), c]);

  const seen = new Set<string>();
  for (const pair of kinship) {
    if (pair.personA === pair.personB) continue;
    const a = byPersonId.get(pair.personA);
    const b = byPersonId.get(pair.personB);
    if (!a?.[0] || !b?.[0]) continue;
    const key = [pair.personA, pair.personB].sort().join("|") + `|${pair.relation}`;
    if (seen.has(key)) continue;
    seen.add(key);

    // Name the pair in stroke order so the message does not depend on which way round it was recorded.
    const [first, second] = compareByStroke(a[0].name, b[0].name) <= 0 ? [ordered(a), ordered(b)] : [ordered(b), ordered(a)];
    const describe = (entries: CandidateForCheck[]) => `${entries[0]?.name ?? ""}（${entries.map((c) => POST_LABEL[c.post]).join("、")}）`;
    out.push(
      problem(
        "warning",
        "KINSHIP",
        `${describe(first)}与${describe(second)}为${RELATION_LABEL[pair.relation]}关系，均在候选人名单中；如均当选，须按近亲属回避处理`,
        FIXED.kinship,
        [...first, ...second].map((c) => c.id),
        first[0]?.name ?? "",
      ),
    );
  }
}

/** (j) Can the lists still be posted in time before election day? */
function checkTiming(setup: ElectionSetup, rules: RuleValues, today: string, out: Draft[]) {
  if (!isCalendarDate(setup.electionDay)) {
    out.push(problem("error", "ELECTION_DAY_INVALID", `选举日「${setup.electionDay}」不是有效日期`, FIXED.electionDay, [], ""));
    return;
  }
  const days = daysBetween(today, setup.electionDay);
  if (days < 0) {
    out.push(problem("error", "ELECTION_DAY_PAST", `选举日 ${setup.electionDay} 已过（今天是 ${today}）`, FIXED.electionDay, [], ""));
  } else if (days < rules.candidateListPostingDays) {
    out.push(
      problem(
        "error",
        "CANDIDATE_LIST_TOO_LATE",
        `距选举日 ${setup.electionDay} 只有 ${days} 天，正式候选人名单应在选举日前 ${rules.candidateListPostingDays} 日公布，已来不及；请调整选举日`,
        fromPack("candidateListPostingDays"),
        [],
        "",
      ),
    );
  } else if (days < rules.voterListPostingDays) {
    out.push(
      problem(
        "warning",
        "VOTER_LIST_TOO_LATE",
        `距选举日 ${setup.electionDay} 只有 ${days} 天，选民名单应在选举日前 ${rules.voterListPostingDays} 日公布，请确认已按时公布`,
        fromPack("voterListPostingDays"),
        [],
        "",
      ),
    );
  }
}
