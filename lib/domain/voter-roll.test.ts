import { describe, expect, it } from "vitest";
import { DEFAULT_RULES, mergeRules } from "./rule-pack";
import {
  decisionDeadline,
  decisionProblem,
  duplicateIdNumbers,
  groupsForPrint,
  latestPostingDay,
  objectionDeadline,
  objectionProblem,
  postingProblem,
  registeredElsewhereMessage,
  ROLL_FROZEN_MESSAGE,
  rollFrozenProblem,
  voterCategoryByLabel,
  voterClaimKey,
  voterProblems,
  type VoterFacts,
} from "./voter-roll";

// Written out independently of id-number.ts (ISO 7064 MOD 11-2).
function idFor(birthDate: string, gender: "MALE" | "FEMALE", seq = 1): string {
  const s = String(seq * 2 + (gender === "MALE" ? 1 : 0))
    .padStart(3, "0")
    .slice(-3);
  const first17 = `990101${birthDate.replace(/-/g, "")}${s}`.replace(/^99/, "51");
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17.charAt(i)) * (w[i] ?? 0);
  return first17 + "10X98765432".charAt(sum % 11);
}

const TODAY = "2026-12-01";
const DAY = "2027-01-16";
const ctx = { electionDay: DAY, today: TODAY };

function voter(over: Partial<VoterFacts> = {}): VoterFacts {
  const birthDate = over.birthDate ?? "1980-05-01";
  return { name: "王建国", gender: "MALE", idNumber: idFor(birthDate, "MALE"), birthDate, category: "RESIDENT", consentMeetingOn: null, ...over };
}

const fields = (v: VoterFacts) => voterProblems(v, ctx).map((p) => p.field);

describe("voterProblems: eligibility", () => {
  it("accepts an adult resident whose ID number matches", () => {
    expect(voterProblems(voter(), ctx)).toEqual([]);
  });

  it("counts age to election day: 18 on election day is in, one day short is out", () => {
    const onDay = "2009-01-16";
    expect(voterProblems(voter({ birthDate: onDay, idNumber: idFor(onDay, "MALE") }), ctx)).toEqual([]);
    const dayAfter = "2009-01-17";
    const problems = voterProblems(voter({ birthDate: dayAfter, idNumber: idFor(dayAfter, "MALE") }), ctx);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ field: "birthDate", message: expect.stringContaining("未满 18 周岁") });
    expect(problems[0]!.source).toContain("村民委员会组织法");
  });

  it("a 29 February birthday counts from 1 March in a non-leap year", () => {
    const leapling = "2008-02-29";
    const v = voter({ birthDate: leapling, idNumber: idFor(leapling, "MALE") });
    expect(fields(v).length).toBe(0); // D = 2027-01-16 is long after 2026-03-01
    expect(voterProblems(v, { electionDay: "2026-02-28", today: "2026-02-01" }).map((p) => p.field)).toEqual(["birthDate"]);
    expect(voterProblems(v, { electionDay: "2026-03-01", today: "2026-02-01" })).toEqual([]);
  });

  it("the consent categories need the meeting's date, and not a day after today", () => {
    expect(fields(voter({ category: "NON_HUKOU_RESIDENT" }))).toEqual(["consentMeetingOn"]);
    expect(fields(voter({ category: "VILLAGE_WORK" }))).toEqual(["consentMeetingOn"]);
    expect(fields(voter({ category: "VILLAGE_WORK", consentMeetingOn: "2026-12-02" }))).toEqual(["consentMeetingOn"]);
    expect(voterProblems(voter({ category: "NON_HUKOU_RESIDENT", consentMeetingOn: "2026-11-20" }), ctx)).toEqual([]);
    expect(voterProblems(voter({ category: "HUKOU_ABSENT" }), ctx)).toEqual([]);
  });

  it("a person deprived of political rights is not listed, with the source", () => {
    const [p] = voterProblems(voter({ deprivedOfRights: true }), ctx);
    expect(p).toMatchObject({ field: "deprivedOfRights", message: "王建国依法被剥夺政治权利，不列入选民名单" });
    expect(p!.source).toContain("剥夺政治权利");
  });

  it("checks the ID number's checksum and that its birth date and gender agree with the fields", () => {
    const good = voter().idNumber;
    const wrongCheck = good.slice(0, 17) + (good[17] === "1" ? "2" : "1");
    expect(voterProblems(voter({ idNumber: wrongCheck }), ctx)[0]!.message).toContain("校验位有误");
    const otherBirth = voterProblems(voter({ birthDate: "1980-05-02", idNumber: good }), ctx);
    expect(otherBirth.map((p) => p.message)).toEqual(["身份证号码中的出生日期为 1980-05-01，与填写的出生日期 1980-05-02 不一致"]);
    expect(fields(voter({ gender: "FEMALE" }))).toEqual(["gender"]);
  });
});

describe("categories from a spreadsheet", () => {
  it("reads the template's short names and the statute's wording", () => {
    expect(voterCategoryByLabel(" 非户籍居住一年以上 ")).toBe("NON_HUKOU_RESIDENT");
    expect(voterCategoryByLabel("村务工作一年以上")).toBe("VILLAGE_WORK");
    expect(voterCategoryByLabel("户籍在本村不居住")).toBe("HUKOU_ABSENT");
    expect(voterCategoryByLabel("外来人口")).toBeNull();
  });
});

describe("deadlines", () => {
  it("the roll is posted at least voterListPostingDays before election day", () => {
    expect(latestPostingDay(DAY, DEFAULT_RULES)).toBe("2026-12-27");
    expect(postingProblem("2026-11-30", { electionDay: DAY, today: TODAY, rules: DEFAULT_RULES })).toBeNull();
    const lateRules = mergeRules(DEFAULT_RULES, { voterListPostingDays: 50 });
    expect(latestPostingDay(DAY, lateRules)).toBe("2026-11-27");
    expect(postingProblem("2026-11-28", { electionDay: DAY, today: TODAY, rules: lateRules })).toContain("最迟 2026年11月27日");
    expect(postingProblem("2026-11-27", { electionDay: DAY, today: TODAY, rules: lateRules })).toBeNull();
    expect(postingProblem("2026-12-02", { electionDay: DAY, today: TODAY, rules: DEFAULT_RULES })).toContain("晚于今天");
  });

  it("objections within voterObjectionDays of posting", () => {
    expect(objectionDeadline("2026-11-20", DEFAULT_RULES)).toBe("2026-11-25");
    const c = { postedOn: "2026-11-20", today: TODAY, rules: DEFAULT_RULES };
    expect(objectionProblem("2026-11-25", c)).toBeNull();
    expect(objectionProblem("2026-11-26", c)).toContain("申诉期限已过");
    expect(objectionProblem("2026-11-19", c)).toContain("早于选民名单公布日期");
    expect(objectionProblem("2026-11-26", { ...c, rules: mergeRules(DEFAULT_RULES, { voterObjectionDays: 6 }) })).toBeNull();
  });

  it("decisions within voterObjectionDecisionDays of receipt", () => {
    expect(decisionDeadline("2026-11-24", DEFAULT_RULES)).toBe("2026-11-27");
    const c = { receivedOn: "2026-11-24", today: TODAY, rules: DEFAULT_RULES };
    expect(decisionProblem("2026-11-27", c)).toBeNull();
    expect(decisionProblem("2026-11-28", c)).toContain("3 日内（2026年11月27日 前）");
    expect(decisionProblem("2026-11-23", c)).toContain("早于收到申诉日期");
  });
});

describe("one person, one place", () => {
  it("the claim key is the term, shared by the same term's campaigns of every county", () => {
    expect(voterClaimKey("第十二届村(居)民委员会换届选举")).toBe("第十二届");
    expect(voterClaimKey("示例县第十二届村民委员会换届")).toBe("第十二届");
    expect(voterClaimKey("第12届换届")).toBe("第12届");
    expect(voterClaimKey(" 2027年换届 ")).toBe("2027年换届");
  });

  it("names another county only, and a village of the own county", () => {
    expect(registeredElsewhereMessage({ sameRoll: false, sameCounty: false, countyName: "邻县", unitName: "邻村" })).toBe(
      "已在其他县(区)登记：邻县，同一人不能在两地登记参加选举",
    );
    expect(registeredElsewhereMessage({ sameRoll: false, sameCounty: true, countyName: "示例县", unitName: "城西村" })).toBe(
      "已在本县城西村登记，同一人不能在两地登记参加选举",
    );
  });

  it("finds the rows of a file that repeat an ID number", () => {
    const a = idFor("1980-05-01", "MALE");
    const b = idFor("1981-05-01", "FEMALE");
    expect(
      duplicateIdNumbers([
        { row: 2, idNumber: a },
        { row: 3, idNumber: b },
        { row: 4, idNumber: ` ${a.toLowerCase()}` },
      ]),
    ).toEqual(new Map([[a, [2, 4]]]));
    expect(
      duplicateIdNumbers([
        { row: 2, idNumber: a },
        { row: 3, idNumber: b },
      ]).size,
    ).toBe(0);
  });
});

describe("groupsForPrint", () => {
  it("one group per 村民小组 in order, names in 姓氏笔画 order", () => {
    const groups = groupsForPrint([
      { group: "第二村民小组", name: "王芳" },
      { group: "第十村民小组", name: "李明" },
      { group: "第一村民小组", name: "张伟" },
      { group: "第一村民小组", name: "丁一" },
      { group: "第一村民小组", name: "王五" },
    ]);
    expect(groups.map((g) => [g.group, g.voters.map((v) => v.name)])).toEqual([
      ["第一村民小组", ["丁一", "王五", "张伟"]],
      ["第二村民小组", ["王芳"]],
      ["第十村民小组", ["李明"]],
    ]);
  });

  it("keeps the roll open until counting starts, then refuses every change", () => {
    expect(rollFrozenProblem(null)).toBeNull();
    expect(rollFrozenProblem({ roundCount: 0, resultConfirmed: false })).toBeNull();
    expect(rollFrozenProblem({ roundCount: 1, resultConfirmed: false })).toBe(ROLL_FROZEN_MESSAGE);
    expect(rollFrozenProblem({ roundCount: 0, resultConfirmed: true })).toBe(ROLL_FROZEN_MESSAGE);
    expect(ROLL_FROZEN_MESSAGE).toContain("不能再修改");
  });
});
