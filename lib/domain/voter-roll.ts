// The voter roll (选民名册): who may be registered, the posting and objection deadlines, and the key
// that keeps one person on one roll per term election (docs/rules/voter-registration.md, docs/decisions/018).
import { addDays, chineseDay } from "./days";
import { idNumberProblems, parseIdNumber } from "./id-number";
import { hasReachedAge } from "./nomination-rules";
import type { Gender } from "./people";
import type { RuleValues } from "./rule-pack";
import { compareByStroke } from "./stroke-order";

/**
 * The voting age. Fixed by statute: the rule pack's `minAge` is the age to *stand* for election, which a
 * province may raise; the right to vote is not raised with it.
 */
export const VOTING_AGE = 18;

export const VOTER_CATEGORIES = ["RESIDENT", "HUKOU_ABSENT", "NON_HUKOU_RESIDENT", "VILLAGE_WORK"] as const;
export type VoterCategory = (typeof VOTER_CATEGORIES)[number];

/** The statute's wording, for forms and the printed roll's legend. */
export const VOTER_CATEGORY_LABEL: Record<VoterCategory, string> = {
  RESIDENT: "户籍在本村并居住",
  HUKOU_ABSENT: "户籍在本村不居住、本人表示参加选举",
  NON_HUKOU_RESIDENT: "户籍不在本村、在本村居住一年以上、本人申请参加选举并经村民会议或村民代表会议同意",
  VILLAGE_WORK: "户籍不在本村、在本村从事村务工作一年以上、经村民会议或村民代表会议同意",
};

/** The short names a spreadsheet's 登记类别 column uses (the template). */
export const VOTER_CATEGORY_SHORT: Record<VoterCategory, string> = {
  RESIDENT: "户籍在本村并居住",
  HUKOU_ABSENT: "户籍在本村不居住",
  NON_HUKOU_RESIDENT: "非户籍居住一年以上",
  VILLAGE_WORK: "村务工作一年以上",
};

export function voterCategoryByLabel(text: string): VoterCategory | null {
  const t = text.trim();
  for (const c of VOTER_CATEGORIES) if (VOTER_CATEGORY_SHORT[c] === t || VOTER_CATEGORY_LABEL[c] === t || c === t) return c;
  return null;
}

/** Categories that need the consent of the 村民会议 or 村民代表会议, and so the meeting's date. */
export function needsConsent(category: VoterCategory): boolean {
  return category === "NON_HUKOU_RESIDENT" || category === "VILLAGE_WORK";
}

export const VOTER_SOURCES = {
  age: "《村民委员会组织法》（2010 年修订）第十三条（条号待核实）：年满十八周岁，年龄计算以选举日为准",
  categories: "《村民委员会组织法》（2010 年修订）第十三条（条号待核实）；村务工作人员一项依 2025 年修正草案",
  deprived: "《村民委员会组织法》（2010 年修订）第十三条（条号待核实）：依法被剥夺政治权利的人除外",
  idNumber: "GB 11643-1999《公民身份号码》",
  once: "《村民委员会组织法》（2010 年修订）第十三条（条号待核实）：不得重复登记",
  posting: "《村民委员会组织法》（2010 年修订）第十四条（条号待核实）：选民名单应当在选举日的二十日以前公布",
} as const;

export type VoterFacts = {
  name: string;
  gender: Gender;
  idNumber: string;
  birthDate: string;
  category: VoterCategory;
  /** The day of the 村民会议 / 村民代表会议 that consented; required for the consent categories. */
  consentMeetingOn: string | null;
  /** Ticked when the person is deprived of political rights: they are not listed. */
  deprivedOfRights?: boolean;
};

export type VoterProblem = { field: keyof VoterFacts | "_"; message: string; source: string };

/**
 * Everything that keeps a person off the roll, each with its source. `electionDay` is the village's
 * election day (age is counted to it); `today` pins the clock for the ID number's birth date.
 */
export function voterProblems(v: VoterFacts, ctx: { electionDay: string; today: string }): VoterProblem[] {
  const out: VoterProblem[] = [];
  if (v.deprivedOfRights) {
    out.push({ field: "deprivedOfRights", message: `${v.name || "此人"}依法被剥夺政治权利，不列入选民名单`, source: VOTER_SOURCES.deprived });
  }
  const parsed = parseIdNumber(v.idNumber, ctx.today);
  if (!parsed.ok) {
    out.push({ field: "idNumber", message: parsed.problem, source: VOTER_SOURCES.idNumber });
  } else {
    for (const message of idNumberProblems(v.idNumber, { birthDate: v.birthDate, gender: v.gender, today: ctx.today })) {
      out.push({ field: message.includes("性别") ? "gender" : "birthDate", message, source: VOTER_SOURCES.idNumber });
    }
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(v.birthDate) && !hasReachedAge(v.birthDate, ctx.electionDay, VOTING_AGE)) {
    out.push({
      field: "birthDate",
      message: `${v.name || "此人"}出生于 ${v.birthDate}，到选举日 ${ctx.electionDay} 未满 ${VOTING_AGE} 周岁，不能登记为选民`,
      source: VOTER_SOURCES.age,
    });
  }
  if (needsConsent(v.category)) {
    if (!v.consentMeetingOn) {
      out.push({
        field: "consentMeetingOn",
        message: `登记类别「${VOTER_CATEGORY_SHORT[v.category]}」须经村民会议或村民代表会议同意，请填写会议日期`,
        source: VOTER_SOURCES.categories,
      });
    } else if (v.consentMeetingOn > ctx.today) {
      out.push({ field: "consentMeetingOn", message: `村民会议或村民代表会议同意日期 ${v.consentMeetingOn} 晚于今天`, source: VOTER_SOURCES.categories });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Deadlines. D = the village's election day; all days YYYY-MM-DD in China time.

type DeadlineRules = Pick<RuleValues, "voterListPostingDays" | "voterObjectionDays" | "voterObjectionDecisionDays">;

/** The last day the roll may be posted: D − voterListPostingDays. */
export function latestPostingDay(electionDay: string, rules: DeadlineRules): string {
  return addDays(electionDay, -rules.voterListPostingDays);
}

/** The last day an objection is received: the posting day + voterObjectionDays. */
export function objectionDeadline(postedOn: string, rules: DeadlineRules): string {
  return addDays(postedOn, rules.voterObjectionDays);
}

/** The last day the committee decides an objection: the day received + voterObjectionDecisionDays. */
export function decisionDeadline(receivedOn: string, rules: DeadlineRules): string {
  return addDays(receivedOn, rules.voterObjectionDecisionDays);
}

/** Why a roll cannot be posted on `postedOn`, or null. */
export function postingProblem(postedOn: string, ctx: { electionDay: string; today: string; rules: DeadlineRules }): string | null {
  if (postedOn > ctx.today) return `公布日期 ${postedOn} 晚于今天，请在张榜公布当天或之后登记`;
  const latest = latestPostingDay(ctx.electionDay, ctx.rules);
  if (postedOn > latest) {
    return `选民名单应在选举日（${chineseDay(ctx.electionDay)}）前 ${ctx.rules.voterListPostingDays} 日公布，最迟 ${chineseDay(latest)}；${chineseDay(postedOn)} 公布太晚，请调整选举日或按规定重新公布`;
  }
  return null;
}

/** Why an objection received on `receivedOn` cannot be recorded, or null. */
export function objectionProblem(receivedOn: string, ctx: { postedOn: string; today: string; rules: DeadlineRules }): string | null {
  if (receivedOn < ctx.postedOn) return `收到申诉日期 ${receivedOn} 早于选民名单公布日期 ${ctx.postedOn}`;
  if (receivedOn > ctx.today) return `收到申诉日期 ${receivedOn} 晚于今天`;
  const deadline = objectionDeadline(ctx.postedOn, ctx.rules);
  if (receivedOn > deadline) {
    return `申诉期限已过：选民名单于 ${chineseDay(ctx.postedOn)} 公布，应在公布之日起 ${ctx.rules.voterObjectionDays} 日内（${chineseDay(deadline)} 前）提出申诉`;
  }
  return null;
}

/** Why a decision on `decidedOn` is refused, or null. */
export function decisionProblem(decidedOn: string, ctx: { receivedOn: string; today: string; rules: DeadlineRules }): string | null {
  if (decidedOn < ctx.receivedOn) return `处理日期 ${decidedOn} 早于收到申诉日期 ${ctx.receivedOn}`;
  if (decidedOn > ctx.today) return `处理日期 ${decidedOn} 晚于今天`;
  const deadline = decisionDeadline(ctx.receivedOn, ctx.rules);
  if (decidedOn > deadline) {
    return `处理期限已过：村民选举委员会应在收到申诉之日起 ${ctx.rules.voterObjectionDecisionDays} 日内（${chineseDay(deadline)} 前）作出处理决定`;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// One person, one place.

/**
 * The key under which a person may stand on one roll only: the term (第N届) of the campaign's name, so
 * that the same term's campaigns of different counties share it. A name without 第N届 is its own key.
 */
export function voterClaimKey(campaignName: string): string {
  const term = /第[0-9〇零一二三四五六七八九十百]+届/.exec(campaignName);
  return term ? term[0] : campaignName.trim();
}

/**
 * The refusal when the ID number already stands on another roll of the term. Another county's roll is
 * named by its county only; nothing of that person is told.
 */
export function registeredElsewhereMessage(where: { sameCounty: boolean; countyName: string; unitName: string; sameRoll: boolean }): string {
  if (where.sameRoll) return "该公民身份号码已在本村(社区)选民名单中，不能重复登记";
  if (!where.sameCounty) return `已在其他县(区)登记：${where.countyName}，同一人不能在两地登记参加选举`;
  return `已在本县${where.unitName}登记，同一人不能在两地登记参加选举`;
}

/** ID numbers that occur more than once in a file, with the (1-based) rows where they occur. */
export function duplicateIdNumbers(rows: readonly { row: number; idNumber: string }[]): Map<string, number[]> {
  const seen = new Map<string, number[]>();
  for (const r of rows) {
    const id = r.idNumber.trim().toUpperCase();
    if (!id) continue;
    const list = seen.get(id);
    if (list) list.push(r.row);
    else seen.set(id, [r.row]);
  }
  return new Map([...seen].filter(([, list]) => list.length > 1));
}

// ---------------------------------------------------------------------------------------------
// The printed roll: one page group per 村民小组, names in 姓氏笔画 order.

const DIGIT: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** The number in a group's name ("第十二村民小组" → 12, "3组" → 3), or null. */
export function groupNumber(name: string): number | null {
  const digits = /\d+/.exec(name);
  if (digits) return Number(digits[0]);
  const m = /[〇零一二两三四五六七八九十百]+/.exec(name);
  if (!m) return null;
  let total = 0;
  let current = 0;
  for (const ch of m[0]) {
    if (ch === "百") {
      total += (current || 1) * 100;
      current = 0;
    } else if (ch === "十") {
      total += (current || 1) * 10;
      current = 0;
    } else current = DIGIT[ch] ?? 0;
  }
  return total + current;
}

/** Groups by their number (第二 before 第十), then by name; unnumbered groups last. */
export function compareGroups(a: string, b: string): number {
  const [na, nb] = [groupNumber(a), groupNumber(b)];
  if (na !== null && nb !== null && na !== nb) return na - nb;
  if ((na === null) !== (nb === null)) return na === null ? 1 : -1;
  return compareByStroke(a, b);
}

export function groupsForPrint<T extends { group: string; name: string }>(voters: readonly T[]): { group: string; voters: T[] }[] {
  const byGroup = new Map<string, T[]>();
  for (const v of voters) {
    const list = byGroup.get(v.group);
    if (list) list.push(v);
    else byGroup.set(v.group, [v]);
  }
  return [...byGroup.keys()].sort(compareGroups).map((group) => ({ group, voters: [...byGroup.get(group)!].sort((a, b) => compareByStroke(a.name, b.name)) }));
}

export const VOTER_CHANGE_KIND_LABEL = { ADD: "新增", REMOVE: "删除", CHANGE: "变更" } as const;
export type VoterChangeKind = keyof typeof VOTER_CHANGE_KIND_LABEL;

/** Reasons offered on the forms (free text is allowed too). */
export const SUGGESTED_REASONS: Record<VoterChangeKind, readonly string[]> = {
  ADD: ["年满十八周岁", "迁入", "回村居住", "经村民代表会议同意登记", "恢复政治权利"],
  REMOVE: ["死亡", "迁出", "已在其他村(社区)登记", "依法被剥夺政治权利", "重复登记"],
  CHANGE: ["更正姓名", "调整村民小组", "更正登记类别", "更正出生日期"],
};

/** Refused once counting has started: the roll is then the election's registered voters (docs/rules/voter-registration.md). */
export const ROLL_FROZEN_MESSAGE = "本村(社区)已开始投票计票，选民名单已确定，不能再修改";

/**
 * Whether the village's roll may still be opened or changed: not once its election has a voting round
 * (counting started) or a confirmed result — turnout and 双过半 of that election are counted against it.
 */
export function rollFrozenProblem(election: { roundCount: number; resultConfirmed: boolean } | null): string | null {
  if (!election) return null;
  return election.roundCount > 0 || election.resultConfirmed ? ROLL_FROZEN_MESSAGE : null;
}
