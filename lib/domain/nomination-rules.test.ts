import { describe, expect, it } from "vitest";
import {
  ageOn,
  checkCandidateList,
  checkElectionSchedule,
  checkElectionSetup,
  daysBetween,
  hasReachedAge,
  PROBLEM_CODES,
  setupProblemField,
  type CandidateForCheck,
  type CandidateListInput,
  type ElectionSetup,
  type KinPair,
  type Post,
  type Problem,
} from "./nomination-rules";
import { DEFAULT_RULES, mergeRules } from "./rule-pack";

// --- fixtures -------------------------------------------------------------------------------

function withCheckDigit(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17.charAt(i)) * (weights[i] ?? 0);
  return first17 + "10X98765432".charAt(sum % 11);
}

/** A valid ID number for a birth date and gender; `seq` keeps people apart. */
function idFor(birthDate: string, gender: "MALE" | "FEMALE", seq: number): string {
  const digits = `${String(seq % 100).padStart(2, "0")}${gender === "MALE" ? 1 : 2}`;
  return withCheckDigit(`510101${birthDate.replace(/-/g, "")}${digits}`);
}

let seq = 0;
type CandidateSeed = Partial<CandidateForCheck> & { name: string };

/** A candidate who passes every check unless told otherwise; ids are derived from the name. */
function cand(seed: CandidateSeed): CandidateForCheck {
  seq++;
  const gender = seed.gender ?? "MALE";
  const birthDate = seed.birthDate ?? "1980-05-01";
  return {
    id: `c-${seed.name}`,
    personId: `p-${seed.name}`,
    post: "MEMBER",
    dissatisfactionRate: null,
    pledges: { campaign: true, work: true, resign: true, discipline: true },
    idNumber: idFor(birthDate, gender, seq),
    ...seed,
    gender,
    birthDate,
  };
}

const ELECTION_DAY = "2026-04-18";
const TODAY = "2026-03-01"; // 48 days before: every deadline can still be met

const SETUP: ElectionSetup = {
  unitKind: "VILLAGE",
  electionDay: ELECTION_DAY,
  method: "CONTESTED",
  seats: { DIRECTOR: 1, DEPUTY: 1, MEMBER: 3, WOMEN_MEMBER: 0 },
  registeredVoters: 1200,
};

/** 主任 2, 副主任 2, 委员 4 (one woman): exactly seats + the minimum margin everywhere. */
function cleanList(): CandidateForCheck[] {
  return [
    cand({ name: "王建国", post: "DIRECTOR" }),
    cand({ name: "李明", post: "DIRECTOR" }),
    cand({ name: "张伟", post: "DEPUTY" }),
    cand({ name: "刘强", post: "DEPUTY" }),
    cand({ name: "陈芳", post: "MEMBER", gender: "FEMALE" }),
    cand({ name: "杨军", post: "MEMBER" }),
    cand({ name: "赵磊", post: "MEMBER" }),
    cand({ name: "黄涛", post: "MEMBER" }),
  ];
}

function check(over: Partial<CandidateListInput> & { candidates?: CandidateForCheck[] } = {}): Problem[] {
  return checkCandidateList({
    setup: SETUP,
    rules: DEFAULT_RULES,
    candidates: cleanList(),
    kinship: [],
    elsewhere: [],
    today: TODAY,
    ...over,
  });
}

const withCode = (problems: Problem[], code: string) => problems.filter((p) => p.code === code);
const codes = (problems: Problem[]) => problems.map((p) => p.code);

/** The clean list with some members of one post replaced. */
function listWith(post: Post, names: string[], extra: CandidateSeed = { name: "" }): CandidateForCheck[] {
  return [...cleanList().filter((c) => c.post !== post), ...names.map((name) => cand({ ...extra, name, post }))];
}

// --- helpers ----------------------------------------------------------------------------------

describe("hasReachedAge", () => {
  it("counts the birthday itself as reached", () => {
    expect(hasReachedAge("2008-04-18", "2026-04-18", 18)).toBe(true);
    expect(hasReachedAge("2008-04-18", "2026-04-17", 18)).toBe(false);
    expect(hasReachedAge("2008-04-17", "2026-04-18", 18)).toBe(true);
  });

  it("makes a 29 February birthday due on 1 March in a non-leap year", () => {
    expect(hasReachedAge("2008-02-29", "2026-02-28", 18)).toBe(false);
    expect(hasReachedAge("2008-02-29", "2026-03-01", 18)).toBe(true);
  });

  it("keeps 29 February when the target year is a leap year", () => {
    expect(hasReachedAge("2004-02-29", "2024-02-28", 20)).toBe(false);
    expect(hasReachedAge("2004-02-29", "2024-02-29", 20)).toBe(true);
  });

  it("crosses year ends correctly", () => {
    expect(hasReachedAge("2007-12-31", "2025-12-31", 18)).toBe(true);
    expect(hasReachedAge("2008-01-01", "2025-12-31", 18)).toBe(false);
  });
});

describe("daysBetween", () => {
  it("counts calendar days, across months and leap days", () => {
    expect(daysBetween("2026-03-01", "2026-04-18")).toBe(48);
    expect(daysBetween("2024-02-28", "2024-03-01")).toBe(2);
    expect(daysBetween("2026-04-18", "2026-04-17")).toBe(-1);
    expect(daysBetween("2026-04-18", "2026-04-18")).toBe(0);
  });
});

// --- setup ------------------------------------------------------------------------------------

describe("checkElectionSchedule", () => {
  const campaign = { startDate: "2026-03-01", endDate: "2026-06-30" };
  const at = (day: string, today: string, rules = DEFAULT_RULES) => checkElectionSchedule(day, rules, { today, campaign });

  it("accepts a day inside the campaign with 20 days to post the voter list", () => {
    expect(at("2026-04-18", "2026-03-29")).toEqual([]);
    expect(at("2026-06-30", "2026-03-29")).toEqual([]);
  });

  it("refuses a day after the campaign's end date, naming both dates", () => {
    expect(at("2026-07-01", "2026-03-29")).toEqual([
      expect.objectContaining({
        severity: "error",
        code: "SETUP_AFTER_CAMPAIGN",
        message: "选举日 2026-07-01 晚于本次换届的结束日期 2026-06-30，应在 2026-06-30 或之前",
      }),
    ]);
  });

  it("refuses a day before the campaign's start date", () => {
    expect(at("2026-02-27", "2026-01-10")).toEqual([
      expect.objectContaining({ severity: "error", code: "SETUP_BEFORE_CAMPAIGN", message: "选举日 2026-02-27 早于本次换届的开始日期 2026-03-01" }),
    ]);
  });

  it("refuses a day too soon to post the voter list, with the deadline and the earliest possible day", () => {
    expect(at("2026-04-18", "2026-03-30")).toEqual([
      expect.objectContaining({
        severity: "error",
        code: "SETUP_VOTER_LIST_TOO_LATE",
        message: "选举日 2026-04-18 距今天（2026-03-30）只有 19 天：选民名单须在选举日前 20 日（2026-03-29 或之前）公布，已来不及；选举日最早可定为 2026-04-19",
        rule: "选民名单应当在选举日的二十日以前由村民选举委员会公布",
      }),
    ]);
  });

  it("reports every deadline that cannot be met, from the rule pack's days", () => {
    const rules = mergeRules(DEFAULT_RULES, { voterListPostingDays: 25, candidateListPostingDays: 7 });
    expect(at("2026-04-18", "2026-03-24", rules)).toEqual([]);
    expect(at("2026-04-18", "2026-03-25", rules).map((p) => p.code)).toEqual(["SETUP_VOTER_LIST_TOO_LATE"]);
    expect(at("2026-04-18", "2026-04-12", rules)).toEqual([
      expect.objectContaining({ code: "SETUP_VOTER_LIST_TOO_LATE", message: expect.stringContaining("选民名单须在选举日前 25 日（2026-03-24 或之前）") }),
      expect.objectContaining({
        code: "SETUP_CANDIDATE_LIST_TOO_LATE",
        message:
          "选举日 2026-04-18 距今天（2026-04-12）只有 6 天：正式候选人名单须在选举日前 7 日（2026-04-11 或之前）公布，已来不及；选举日最早可定为 2026-04-19",
      }),
    ]);
  });

  it("says a past day is past, together with the campaign problem", () => {
    expect(at("2026-02-20", "2026-03-30")).toEqual([
      expect.objectContaining({ code: "SETUP_BEFORE_CAMPAIGN" }),
      expect.objectContaining({ code: "SETUP_ELECTION_DAY_PAST", message: "选举日 2026-02-20 早于今天（2026-03-30）" }),
    ]);
  });

  it("belongs to the election day field; seat problems to their seat field", () => {
    expect(setupProblemField({ code: "SETUP_AFTER_CAMPAIGN" })).toBe("electionDay");
    expect(setupProblemField({ code: "SETUP_DEPUTY_SEATS", post: "DEPUTY" })).toBe("seatsDeputy");
    expect(setupProblemField({ code: "SETUP_COMMITTEE_SIZE" })).toBe("seatsMember");
    expect(setupProblemField({ code: "SETUP_REGISTERED_VOTERS" })).toBe("registeredVoters");
  });
});

describe("checkElectionSetup", () => {
  const setup = (seats: Partial<ElectionSetup["seats"]>, over: Partial<ElectionSetup> = {}) => ({
    ...SETUP,
    ...over,
    seats: { ...SETUP.seats, ...seats },
  });

  it("accepts a usual village setup", () => {
    expect(checkElectionSetup(SETUP, DEFAULT_RULES)).toEqual([]);
  });

  it("requires exactly one 主任", () => {
    for (const n of [0, 2]) {
      const problems = checkElectionSetup(setup({ DIRECTOR: n }), DEFAULT_RULES);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({
        severity: "error",
        code: "SETUP_DIRECTOR_SEATS",
        message: `主任应设 1 名，当前设置为 ${n} 名`,
        post: "DIRECTOR",
        candidateIds: [],
      });
    }
  });

  it("allows 0 up to deputyMax 副主任", () => {
    expect(checkElectionSetup(setup({ DEPUTY: 0 }), DEFAULT_RULES)).toEqual([]);
    expect(checkElectionSetup(setup({ DEPUTY: 2, MEMBER: 2 }), DEFAULT_RULES)).toEqual([]);
    expect(checkElectionSetup(setup({ DEPUTY: 3, MEMBER: 1 }), DEFAULT_RULES)).toEqual([
      expect.objectContaining({ code: "SETUP_DEPUTY_SEATS", message: "副主任最多设 2 名，当前设置为 3 名", post: "DEPUTY" }),
    ]);
    const oneDeputy = mergeRules(DEFAULT_RULES, { deputyMax: 1 });
    expect(codes(checkElectionSetup(setup({ DEPUTY: 2, MEMBER: 2 }), oneDeputy))).toEqual(["SETUP_DEPUTY_SEATS"]);
  });

  it("keeps the village committee within 3-7 members", () => {
    expect(checkElectionSetup(setup({ DEPUTY: 0, MEMBER: 2 }), DEFAULT_RULES)).toEqual([]);
    expect(checkElectionSetup(setup({ DEPUTY: 2, MEMBER: 4 }), DEFAULT_RULES)).toEqual([]);
    expect(checkElectionSetup(setup({ DEPUTY: 0, MEMBER: 1 }), DEFAULT_RULES)).toEqual([
      expect.objectContaining({
        severity: "error",
        code: "SETUP_COMMITTEE_SIZE",
        message: "村民委员会成员应为 3 至 7 名，当前共设置 2 名（主任 1、委员 1）",
        rule: "村民委员会由主任、副主任和委员共三至七人组成",
      }),
    ]);
    expect(checkElectionSetup(setup({ DEPUTY: 2, MEMBER: 5 }), DEFAULT_RULES)[0]?.message).toBe(
      "村民委员会成员应为 3 至 7 名，当前共设置 8 名（主任 1、副主任 2、委员 5）",
    );
  });

  it("keeps a community committee within 5-9 members", () => {
    const community = { unitKind: "COMMUNITY" as const };
    expect(checkElectionSetup(setup({ DEPUTY: 1, MEMBER: 3 }, community), DEFAULT_RULES)).toEqual([]);
    expect(checkElectionSetup(setup({ DEPUTY: 1, MEMBER: 2 }, community), DEFAULT_RULES)).toEqual([
      expect.objectContaining({ code: "SETUP_COMMITTEE_SIZE", message: "居民委员会成员应为 5 至 9 名，当前共设置 4 名（主任 1、副主任 1、委员 2）" }),
    ]);
  });

  it("counts the women seat in the committee size", () => {
    const reserved = mergeRules(DEFAULT_RULES, { womenSeat: "reserved" });
    expect(checkElectionSetup(setup({ DEPUTY: 2, MEMBER: 4, WOMEN_MEMBER: 1 }), reserved)[0]?.message).toBe(
      "村民委员会成员应为 3 至 7 名，当前共设置 8 名（主任 1、副主任 2、委员 4、妇女委员(专职专选) 1）",
    );
  });

  it("allows a women seat only where the rules reserve one", () => {
    const reserved = mergeRules(DEFAULT_RULES, { womenSeat: "reserved" });
    expect(checkElectionSetup(setup({ WOMEN_MEMBER: 1, MEMBER: 2 }), reserved)).toEqual([]);
    expect(checkElectionSetup(setup({ WOMEN_MEMBER: 1, MEMBER: 2 }), DEFAULT_RULES)).toEqual([
      expect.objectContaining({
        severity: "error",
        code: "SETUP_WOMEN_SEAT",
        message:
          "适用的规则未实行妇女委员专职专选（妇女成员名额：成员中至少有一名妇女（在委员中产生）），不能单设妇女委员职位；请把该名额并入委员，妇女成员从委员中产生",
        post: "WOMEN_MEMBER",
      }),
    ]);
    expect(codes(checkElectionSetup(setup({ WOMEN_MEMBER: 1, MEMBER: 2 }), mergeRules(DEFAULT_RULES, { womenSeat: "none" })))).toEqual(["SETUP_WOMEN_SEAT"]);
    expect(checkElectionSetup(setup({ WOMEN_MEMBER: 2, MEMBER: 1 }), reserved)).toEqual([
      expect.objectContaining({ code: "SETUP_WOMEN_SEAT", message: "妇女委员(专职专选)最多设 1 名，当前设置为 2 名" }),
    ]);
  });

  it("warns when the rules reserve a women seat but none is set", () => {
    const reserved = mergeRules(DEFAULT_RULES, { womenSeat: "reserved" });
    expect(checkElectionSetup(SETUP, reserved)).toEqual([expect.objectContaining({ severity: "warning", code: "SETUP_WOMEN_SEAT_MISSING" })]);
  });

  it("requires a positive whole number of registered voters", () => {
    expect(checkElectionSetup({ ...SETUP, registeredVoters: 1 }, DEFAULT_RULES)).toEqual([]);
    for (const n of [0, -5, 10.5, Number.NaN]) {
      expect(codes(checkElectionSetup({ ...SETUP, registeredVoters: n }, DEFAULT_RULES))).toEqual(["SETUP_REGISTERED_VOTERS"]);
    }
    expect(checkElectionSetup({ ...SETUP, registeredVoters: 0 }, DEFAULT_RULES)[0]?.message).toBe("登记选民数「0」无效，应为正整数");
  });

  it("rejects negative or fractional seats without a misleading size error", () => {
    expect(checkElectionSetup(setup({ MEMBER: -1 }), DEFAULT_RULES)).toEqual([
      expect.objectContaining({ code: "SETUP_SEATS_INVALID", message: "委员职数「-1」无效，应为 0 或正整数", post: "MEMBER" }),
    ]);
    expect(codes(checkElectionSetup(setup({ DIRECTOR: 1.5 }), DEFAULT_RULES))).toEqual(["SETUP_SEATS_INVALID"]);
  });

  it("rejects an impossible election day", () => {
    expect(checkElectionSetup({ ...SETUP, electionDay: "2026-02-30" }, DEFAULT_RULES)).toEqual([
      expect.objectContaining({ code: "SETUP_ELECTION_DAY_INVALID", message: "选举日「2026-02-30」不是有效日期" }),
    ]);
  });
});

// --- candidate list ---------------------------------------------------------------------------

describe("checkCandidateList", () => {
  it("finds nothing wrong with a clean list", () => {
    expect(check()).toEqual([]);
  });

  describe("after joint vetting: only people still standing count", () => {
    const rejected = (list: CandidateForCheck[], name: string) => list.map((c) => (c.name === name ? { ...c, vettingDecision: "REJECTED" as const } : c));

    it("a post that lost a candidate to 不通过 lacks candidates, saying who is not counted", () => {
      const problems = check({ candidates: rejected(cleanList(), "李明") });
      expect(problems).toEqual([
        expect.objectContaining({
          severity: "error",
          code: "MARGIN_TOO_FEW",
          message: "主任应选 1 名，候选人至少应有 2 名（差额至少 1 名），目前只有 1 名（未通过资格联审的 李明 不计入）",
          candidateIds: ["c-王建国"],
        }),
      ]);
    });

    it("warnings name nobody the county decided 不通过: no 预选 warning, no missing pledges, no kinship", () => {
      const list = [...cleanList(), cand({ name: "张国庆", post: "DIRECTOR", pledges: { campaign: false, work: true, resign: true, discipline: true } })];
      expect(codes(check({ candidates: list }))).toEqual(["MARGIN_TOO_MANY", "PLEDGES_MISSING"]);
      const kin: KinPair[] = [{ personA: "p-张国庆", personB: "p-李明", relation: "SIBLING" }];
      expect(codes(check({ candidates: list, kinship: kin }))).toContain("KINSHIP");
      expect(check({ candidates: rejected(list, "张国庆"), kinship: kin })).toEqual([]);
    });

    it("an approved or not yet vetted candidate counts as before", () => {
      const list = cleanList().map((c) => ({ ...c, vettingDecision: c.name === "李明" ? ("APPROVED" as const) : null }));
      expect(check({ candidates: list })).toEqual([]);
    });
  });

  describe("(a) 差额", () => {
    it("accepts exactly seats + the minimum and exactly seats + the maximum margin", () => {
      expect(check({ candidates: listWith("MEMBER", ["陈芳", "杨军", "赵磊", "黄涛"], { name: "", gender: "FEMALE" }) })).toEqual([]);
      expect(check({ candidates: listWith("MEMBER", ["陈芳", "杨军", "赵磊", "黄涛", "周杰", "吴刚"], { name: "", gender: "FEMALE" }) })).toEqual([]);
    });

    it("errors below seats + the minimum margin, with the numbers", () => {
      const problems = check({ candidates: cleanList().filter((c) => c.name !== "李明") });
      expect(problems).toEqual([
        {
          severity: "error",
          code: "MARGIN_TOO_FEW",
          message: "主任应选 1 名，候选人至少应有 2 名（差额至少 1 名），目前只有 1 名",
          rule: "候选人名额应当多于应选名额；主任候选人一般比应选人数多 1 人",
          source: expect.stringContaining("村民委员会组织法"),
          candidateIds: ["c-王建国"],
          post: "DIRECTOR",
        },
      ]);
    });

    it("errors for a post with seats and no candidates at all", () => {
      const problems = check({ candidates: cleanList().filter((c) => c.post !== "DEPUTY") });
      expect(problems).toEqual([
        expect.objectContaining({ code: "MARGIN_TOO_FEW", message: "副主任应选 1 名，候选人至少应有 2 名（差额至少 1 名），目前只有 0 名", post: "DEPUTY" }),
      ]);
    });

    it("errors for an uncontested 委员 list (candidates = seats)", () => {
      const problems = check({ candidates: listWith("MEMBER", ["陈芳", "杨军", "赵磊"], { name: "", gender: "FEMALE" }) });
      expect(codes(problems)).toEqual(["MARGIN_TOO_FEW"]);
      expect(problems[0]?.message).toBe("委员应选 3 名，候选人至少应有 4 名（差额至少 1 名），目前只有 3 名");
    });

    it("warns one above seats + the maximum margin that 预选 is needed", () => {
      const problems = check({ candidates: listWith("MEMBER", ["陈芳", "杨军", "赵磊", "黄涛", "周杰", "吴刚", "徐静"], { name: "", gender: "FEMALE" }) });
      expect(problems).toEqual([
        expect.objectContaining({
          severity: "warning",
          code: "MARGIN_TOO_MANY",
          message: "委员应选 3 名，正式候选人最多 6 名（差额至多 3 名），目前有 7 名，需要通过预选确定正式候选人",
          post: "MEMBER",
        }),
      ]);
      expect(problems[0]?.candidateIds).toHaveLength(7);
      const directors = check({ candidates: [...cleanList(), cand({ name: "孙亮", post: "DIRECTOR" })] });
      expect(directors).toEqual([
        expect.objectContaining({
          code: "MARGIN_TOO_MANY",
          message: "主任应选 1 名，正式候选人最多 2 名（差额至多 1 名），目前有 3 名，需要通过预选确定正式候选人",
        }),
      ]);
    });

    it("follows the margins in the rule pack", () => {
      const wider = mergeRules(DEFAULT_RULES, { margins: { DIRECTOR: { min: 1, max: 2 } } });
      expect(check({ rules: wider, candidates: [...cleanList(), cand({ name: "孙亮", post: "DIRECTOR" })] })).toEqual([]);
      const strict = mergeRules(DEFAULT_RULES, { margins: { MEMBER: { min: 2 } } });
      expect(codes(check({ rules: strict }))).toEqual(["MARGIN_TOO_FEW"]);
    });

    it("errors for candidates on a post without seats", () => {
      const setup = { ...SETUP, seats: { ...SETUP.seats, DEPUTY: 0 } };
      const problems = check({ setup });
      expect(problems).toEqual([
        expect.objectContaining({
          severity: "error",
          code: "POST_WITHOUT_SEATS",
          message: "副主任未设职位（应选 0 名），但名单中有 2 名副主任候选人：刘强、张伟",
          candidateIds: ["c-刘强", "c-张伟"],
          post: "DEPUTY",
        }),
      ]);
    });

    it("counts a person entered twice in one post once", () => {
      const list = cleanList();
      const wang = list[0];
      if (!wang) throw new Error("fixture");
      const candidates = [...list.filter((c) => c.name !== "李明"), { ...wang, id: "c-王建国-2" }];
      // The post-wide problem sorts before the named one within the same post.
      expect(codes(check({ candidates }))).toEqual(["MARGIN_TOO_FEW", "DUPLICATE_SAME_POST"]);
    });

    it("skips 差额 in 自荐直选 but still rejects posts without seats", () => {
      const setup = { ...SETUP, method: "SELF_NOMINATION" as const };
      const one = [cand({ name: "王建国", post: "DIRECTOR" }), cand({ name: "陈芳", post: "MEMBER", gender: "FEMALE" })];
      expect(check({ setup, candidates: one })).toEqual([]);
      const many = listWith("MEMBER", ["陈芳", "杨军", "赵磊", "黄涛", "周杰", "吴刚", "徐静", "何平"], { name: "", gender: "FEMALE" });
      expect(check({ setup, candidates: many })).toEqual([]);
      const noSeats = { ...setup, seats: { ...SETUP.seats, DEPUTY: 0 } };
      expect(codes(check({ setup: noSeats }))).toEqual(["POST_WITHOUT_SEATS"]);
    });
  });

  describe("(b) women", () => {
    const men = () => cleanList().map((c) => ({ ...cand({ name: c.name, post: c.post, gender: "MALE" }), id: c.id }));

    it("errors when no candidate is a woman", () => {
      expect(check({ candidates: men() })).toEqual([
        expect.objectContaining({
          severity: "error",
          code: "NO_WOMAN_CANDIDATE",
          message: "候选人名单中没有女性（共 8 名候选人），应当有适当的妇女名额",
          rule: "村民委员会成员中，应当有妇女成员；候选人中应当有适当的妇女名额",
          source: expect.stringContaining("村民委员会组织法"),
          candidateIds: [],
        }),
      ]);
    });

    it("only warns in 自荐直选, where nobody can be made to stand", () => {
      const setup = { ...SETUP, method: "SELF_NOMINATION" as const };
      expect(check({ setup, candidates: men() })).toEqual([
        expect.objectContaining({ severity: "warning", code: "NO_WOMAN_CANDIDATE", message: "8 名自荐人中没有女性，请动员符合条件的妇女自荐参选" }),
      ]);
    });

    it("says nothing about women for an empty list (差额 errors cover it)", () => {
      expect(withCode(check({ candidates: [] }), "NO_WOMAN_CANDIDATE")).toEqual([]);
    });

    describe("the 专职专选 women seat", () => {
      const rules = mergeRules(DEFAULT_RULES, { womenSeat: "reserved" });
      const setup = { ...SETUP, seats: { DIRECTOR: 1, DEPUTY: 1, MEMBER: 2, WOMEN_MEMBER: 1 } };
      const base = () => cleanList().filter((c) => c.post !== "MEMBER" || c.name !== "黄涛");

      it("accepts two women on the women seat", () => {
        const candidates = [
          ...base(),
          cand({ name: "林娟", post: "WOMEN_MEMBER", gender: "FEMALE" }),
          cand({ name: "郭敏", post: "WOMEN_MEMBER", gender: "FEMALE" }),
        ];
        expect(check({ rules, setup, candidates })).toEqual([]);
      });

      it("errors for each man on it, even when a woman stands for another post", () => {
        const candidates = [...base(), cand({ name: "林强", post: "WOMEN_MEMBER" }), cand({ name: "郭勇", post: "WOMEN_MEMBER" })];
        const problems = check({ rules, setup, candidates });
        // 陈芳 (委员) is a woman, so the list as a whole has one; the women seat still has none.
        expect(withCode(problems, "NO_WOMAN_CANDIDATE")).toEqual([]);
        expect(withCode(problems, "WOMEN_SEAT_NOT_FEMALE")).toEqual([
          expect.objectContaining({
            severity: "error",
            message: "妇女委员(专职专选)候选人 林强 为男性，妇女委员(专职专选)职位只能由女性竞选",
            candidateIds: ["c-林强"],
            post: "WOMEN_MEMBER",
          }),
          expect.objectContaining({ message: "妇女委员(专职专选)候选人 郭勇 为男性，妇女委员(专职专选)职位只能由女性竞选", candidateIds: ["c-郭勇"] }),
        ]);
        expect(problems).toHaveLength(2);
      });

      it("errors when the only woman is in another post and nobody stands for the women seat", () => {
        expect(check({ rules, setup, candidates: base() })).toEqual([
          expect.objectContaining({ code: "MARGIN_TOO_FEW", message: "妇女委员(专职专选)应选 1 名，候选人至少应有 2 名（差额至少 1 名），目前只有 0 名" }),
        ]);
      });
    });
  });

  describe("(c) age on election day", () => {
    const withBirth = (birthDate: string, setup: ElectionSetup = SETUP) => check({ setup, candidates: [...cleanList(), cand({ name: "周杰", birthDate })] });

    it("accepts someone who turns 18 on election day itself", () => {
      expect(withBirth("2008-04-18")).toEqual([]);
    });

    it("rejects someone who turns 18 the day after", () => {
      expect(withBirth("2008-04-19")).toEqual([
        expect.objectContaining({
          severity: "error",
          code: "UNDER_AGE",
          message: "委员候选人 周杰 出生于 2008-04-19，到选举日 2026-04-18 未满 18 周岁",
          rule: expect.stringContaining("年满十八周岁"),
          candidateIds: ["c-周杰"],
          post: "MEMBER",
        }),
      ]);
    });

    it("treats a 29 February birthday as due on 1 March in a non-leap year", () => {
      const onMarch1 = { ...SETUP, electionDay: "2026-03-01" };
      const onFeb28 = { ...SETUP, electionDay: "2026-02-28" };
      const today = "2026-01-10";
      const list = [...cleanList(), cand({ name: "周杰", birthDate: "2008-02-29" })];
      expect(checkCandidateList({ setup: onMarch1, rules: DEFAULT_RULES, candidates: list, kinship: [], elsewhere: [], today })).toEqual([]);
      expect(codes(checkCandidateList({ setup: onFeb28, rules: DEFAULT_RULES, candidates: list, kinship: [], elsewhere: [], today }))).toEqual(["UNDER_AGE"]);
    });

    it("uses the minimum age from the rule pack", () => {
      const rules = mergeRules(DEFAULT_RULES, { minAge: 20 });
      expect(check({ rules, candidates: [...cleanList(), cand({ name: "周杰", birthDate: "2006-04-18" })] })).toEqual([]);
      expect(check({ rules, candidates: [...cleanList(), cand({ name: "周杰", birthDate: "2006-04-19" })] })[0]?.message).toBe(
        "委员候选人 周杰 出生于 2006-04-19，到选举日 2026-04-18 未满 20 周岁",
      );
    });

    it("reports an impossible birth date instead of guessing an age", () => {
      const bad = { ...cand({ name: "周杰" }), birthDate: "1980-02-30" };
      const problems = check({ candidates: [...cleanList(), bad] });
      expect(codes(problems)).toEqual(["BIRTH_DATE_INVALID", "ID_MISMATCH"]);
      expect(problems[0]?.message).toBe("委员候选人 周杰 的出生日期「1980-02-30」不是有效日期");
    });
  });

  describe("(d) ID number", () => {
    it("errors when the number does not parse, naming the part", () => {
      const bad = cand({ name: "周杰", idNumber: "110101199003074512" });
      expect(check({ candidates: [...cleanList(), bad] })).toEqual([
        expect.objectContaining({
          severity: "error",
          code: "ID_INVALID",
          message: "委员候选人 周杰：身份证号码校验位有误：最后一位应为 4，填写的是 2，请核对号码是否抄错",
          source: "GB 11643-1999《公民身份号码》",
          candidateIds: ["c-周杰"],
        }),
      ]);
    });

    it("errors when birth date or gender disagree with the number", () => {
      const id = idFor("1985-06-15", "FEMALE", 77);
      const both = cand({ name: "周杰", idNumber: id, birthDate: "1985-06-16", gender: "MALE" });
      expect(withCode(check({ candidates: [...cleanList(), both] }), "ID_MISMATCH").map((p) => p.message)).toEqual([
        "委员候选人 周杰：身份证号码中的出生日期为 1985-06-15，与填写的出生日期 1985-06-16 不一致",
        "委员候选人 周杰：身份证号码显示性别为女，与填写的性别「男」不一致",
      ]);
    });

    it("accepts a number ending in a lowercase x", () => {
      const first17 = "11010519491231002";
      const woman = cand({ name: "周敏", gender: "FEMALE", birthDate: "1949-12-31", idNumber: `${first17}x` });
      expect(withCheckDigit(first17)).toBe(`${first17}X`);
      expect(check({ candidates: [...cleanList(), woman] })).toEqual([]);
    });
  });

  describe("(e) already a candidate elsewhere in the county", () => {
    it("errors naming the other village, with a masked number", () => {
      const zhou = cand({ name: "周杰" });
      const problems = check({
        candidates: [...cleanList(), zhou],
        elsewhere: [{ idNumber: ` ${zhou.idNumber.toLowerCase()} `, unitName: "红星村" }],
      });
      expect(problems).toEqual([
        expect.objectContaining({
          severity: "error",
          code: "CANDIDATE_ELSEWHERE",
          message: `委员候选人 周杰（身份证 ${zhou.idNumber.slice(0, 4)}**********${zhou.idNumber.slice(14)}）已是「红星村」的候选人，同一人不能在两个村(社区)同时参选`,
          candidateIds: ["c-周杰"],
        }),
      ]);
      expect(problems[0]?.message).not.toContain(zhou.idNumber);
    });

    it("ignores other people elsewhere", () => {
      expect(check({ elsewhere: [{ idNumber: idFor("1970-01-01", "MALE", 99), unitName: "红星村" }] })).toEqual([]);
    });
  });

  describe("(f) the same person twice", () => {
    it("errors for the same post", () => {
      const zhou = cand({ name: "周杰" });
      const problems = check({ candidates: [...cleanList(), zhou, { ...zhou, id: "c-周杰-2", personId: "p-周杰-2" }] });
      expect(problems).toEqual([
        expect.objectContaining({
          severity: "error",
          code: "DUPLICATE_SAME_POST",
          message: expect.stringMatching(/^周杰（身份证 5101\*{10}\d{3}[\dX]）在委员候选人中出现了 2 次$/),
          candidateIds: ["c-周杰", "c-周杰-2"],
          post: "MEMBER",
        }),
      ]);
    });

    it("warns for different posts (one person nominated for several posts)", () => {
      const list = cleanList();
      const wang = list[0];
      if (!wang) throw new Error("fixture");
      const problems = check({ candidates: [...list, { ...wang, id: "c-王建国-委员", post: "MEMBER" }] });
      expect(problems).toEqual([
        expect.objectContaining({
          severity: "warning",
          code: "DUPLICATE_OTHER_POSTS",
          message: expect.stringContaining("同时被提名为主任、委员候选人，请按本省规定确定其参选职位（适用规则：不同职位得票不累加）"),
          candidateIds: ["c-王建国", "c-王建国-委员"],
        }),
      ]);
      expect(problems[0]).not.toHaveProperty("post");
      const summing = mergeRules(DEFAULT_RULES, { sumVotesAcrossPosts: true });
      expect(check({ rules: summing, candidates: [...list, { ...wang, id: "c-王建国-委员", post: "MEMBER" }] })[0]?.message).toContain(
        "适用规则：不同职位得票按规定累加",
      );
    });

    it("matches ID numbers regardless of case and spaces", () => {
      const woman = cand({ name: "周敏", gender: "FEMALE", birthDate: "1949-12-31", idNumber: "11010519491231002X" });
      const problems = check({ candidates: [...cleanList(), woman, { ...woman, id: "c-周敏-2", idNumber: " 11010519491231002x" }] });
      expect(codes(problems)).toEqual(["DUPLICATE_SAME_POST"]);
    });

    it("does not confuse namesakes with different ID numbers", () => {
      const a = cand({ name: "周杰" });
      const b = { ...cand({ name: "周杰", birthDate: "1979-01-01" }), id: "c-周杰-另一人", personId: "p-周杰-另一人" };
      expect(check({ candidates: [...cleanList(), a, b] })).toEqual([]);
    });
  });

  describe("(g) 近亲属", () => {
    const kin = (personA: string, personB: string, relation: KinPair["relation"] = "SPOUSE"): KinPair => ({ personA, personB, relation });

    it("warns when both relatives are on the list, naming both, their posts and the relation", () => {
      const problems = check({ kinship: [kin("p-李明", "p-陈芳")] });
      expect(problems).toEqual([
        {
          severity: "warning",
          code: "KINSHIP",
          message: "李明（主任）与陈芳（委员）为配偶关系，均在候选人名单中；如均当选，须按近亲属回避处理",
          rule: "村民委员会成员实行近亲属回避",
          source: expect.stringContaining("2025 年修正"),
          candidateIds: ["c-李明", "c-陈芳"],
        },
      ]);
    });

    it("says the same whichever way round the pair was recorded, and only once", () => {
      const one = check({ kinship: [kin("p-李明", "p-陈芳", "SIBLING")] });
      const other = check({ kinship: [kin("p-陈芳", "p-李明", "SIBLING"), kin("p-李明", "p-陈芳", "SIBLING")] });
      expect(other).toEqual(one);
      expect(one[0]?.message).toContain("为兄弟姐妹关系");
    });

    it("is silent when only one of the pair is on the list", () => {
      expect(check({ kinship: [kin("p-李明", "p-not-nominated"), kin("p-elsewhere", "p-陈芳", "PARENT_CHILD")] })).toEqual([]);
    });

    it("ignores a pair of a person with themself", () => {
      expect(check({ kinship: [kin("p-李明", "p-李明")] })).toEqual([]);
    });
  });

  describe("(h) 民主测评", () => {
    const rated = (rate: number | null) => check({ candidates: [...cleanList(), cand({ name: "周杰", dissatisfactionRate: rate })] });

    it("passes exactly at 30%", () => {
      expect(rated(0.3)).toEqual([]);
      expect(rated(9 / 30)).toEqual([]);
      expect(rated(0.1 + 0.2)).toEqual([]);
      expect(rated(null)).toEqual([]);
      expect(rated(0)).toEqual([]);
    });

    it("errors above 30%, with both percentages", () => {
      expect(rated(0.301)).toEqual([
        expect.objectContaining({
          severity: "error",
          code: "DISSATISFACTION_OVER_BAR",
          message: "委员候选人 周杰 民主测评不满意率为 30.1%，超过 30%，不能列为候选人",
          source: "郑州市惠济区“两委”换届民主测评做法（不满意率超过 30% 不得列为人选）",
          candidateIds: ["c-周杰"],
        }),
      ]);
      expect(codes(rated(10 / 33))).toEqual(["DISSATISFACTION_OVER_BAR"]);
    });

    it("uses the bar from the rule pack", () => {
      const rules = mergeRules(DEFAULT_RULES, { dissatisfactionBar: 0.2 });
      expect(check({ rules, candidates: [...cleanList(), cand({ name: "周杰", dissatisfactionRate: 0.25 })] })[0]?.message).toBe(
        "委员候选人 周杰 民主测评不满意率为 25%，超过 20%，不能列为候选人",
      );
    });

    it("rejects a rate that is not a fraction", () => {
      expect(rated(30)).toEqual([
        expect.objectContaining({ code: "DISSATISFACTION_INVALID", message: "委员候选人 周杰 的民主测评不满意率「30」无效，应在 0 至 1 之间" }),
      ]);
      expect(codes(rated(-0.1))).toEqual(["DISSATISFACTION_INVALID"]);
    });
  });

  describe("(i) pledges", () => {
    it("warns listing the missing pledges in their usual order", () => {
      const zhou = cand({ name: "周杰", pledges: { campaign: true, work: false, resign: true, discipline: false } });
      expect(check({ candidates: [...cleanList(), zhou] })).toEqual([
        expect.objectContaining({
          severity: "warning",
          code: "PLEDGES_MISSING",
          message: "委员候选人 周杰 尚未签订：干事承诺、纪律承诺",
          candidateIds: ["c-周杰"],
        }),
      ]);
    });
  });

  describe("(j) timing", () => {
    const on = (today: string) => check({ today });

    it("is quiet 20 or more days out", () => {
      expect(on("2026-03-29")).toEqual([]);
    });

    it("warns about the voter list from 19 days out", () => {
      expect(on("2026-03-30")).toEqual([
        expect.objectContaining({
          severity: "warning",
          code: "VOTER_LIST_TOO_LATE",
          message: "距选举日 2026-04-18 只有 19 天，选民名单应在选举日前 20 日公布，请确认已按时公布",
          rule: "选民名单应当在选举日的二十日以前由村民选举委员会公布",
        }),
      ]);
    });

    it("still allows posting the candidate list exactly 5 days out", () => {
      expect(codes(on("2026-04-13"))).toEqual(["VOTER_LIST_TOO_LATE"]);
    });

    it("errors 4 days out: the formal list can no longer be posted in time", () => {
      expect(on("2026-04-14")).toEqual([
        expect.objectContaining({
          severity: "error",
          code: "CANDIDATE_LIST_TOO_LATE",
          message: "距选举日 2026-04-18 只有 4 天，正式候选人名单应在选举日前 5 日公布，已来不及；请调整选举日",
        }),
      ]);
      expect(on("2026-04-18")[0]?.message).toContain("只有 0 天");
    });

    it("uses the posting days from the rule pack", () => {
      const rules = mergeRules(DEFAULT_RULES, { candidateListPostingDays: 7 });
      expect(codes(check({ rules, today: "2026-04-11" }))).toEqual(["VOTER_LIST_TOO_LATE"]);
      expect(codes(check({ rules, today: "2026-04-12" }))).toEqual(["CANDIDATE_LIST_TOO_LATE"]);
    });

    it("errors once the election day has passed", () => {
      expect(on("2026-04-19")).toEqual([
        expect.objectContaining({ severity: "error", code: "ELECTION_DAY_PAST", message: "选举日 2026-04-18 已过（今天是 2026-04-19）" }),
      ]);
    });

    it("errors for an impossible election day", () => {
      expect(codes(check({ setup: { ...SETUP, electionDay: "2026-04-31" } }))).toEqual(["ELECTION_DAY_INVALID"]);
    });

    it("refuses a malformed today, which is a programming error", () => {
      expect(() => check({ today: "today" })).toThrow("today must be YYYY-MM-DD");
    });
  });

  describe("ordering and shape", () => {
    // One list with problems of every kind and severity across posts.
    function messy(): CandidateListInput {
      const zhao = cand({ name: "赵磊", post: "DIRECTOR", dissatisfactionRate: 0.5 });
      return {
        setup: SETUP,
        rules: DEFAULT_RULES,
        candidates: [
          cand({ name: "王建国", post: "DIRECTOR", pledges: { campaign: false, work: true, resign: true, discipline: true } }),
          zhao,
          cand({ name: "丁一", post: "DEPUTY", birthDate: "2010-01-01" }),
          cand({ name: "马丽", post: "DEPUTY", gender: "FEMALE", idNumber: "110101199003074512" }),
          cand({ name: "欧阳娜娜", post: "MEMBER", gender: "FEMALE", dissatisfactionRate: 0.31 }),
          cand({ name: "白玉", post: "MEMBER", gender: "FEMALE", birthDate: "2009-01-01" }),
        ],
        kinship: [{ personA: "p-王建国", personB: "p-白玉", relation: "PARENT_CHILD" }],
        elsewhere: [{ idNumber: zhao.idNumber, unitName: "红星村" }],
        today: "2026-04-01",
      };
    }

    it("puts errors first, then by post order, then by name in stroke order", () => {
      const problems = checkCandidateList(messy());
      expect(problems.map((p) => `${p.severity} ${p.post ?? "-"} ${p.code} ${p.candidateIds.join(",")}`)).toEqual([
        "error DIRECTOR CANDIDATE_ELSEWHERE c-赵磊",
        "error DIRECTOR DISSATISFACTION_OVER_BAR c-赵磊",
        "error DEPUTY UNDER_AGE c-丁一",
        "error DEPUTY ID_INVALID c-马丽",
        "error MEMBER MARGIN_TOO_FEW c-白玉,c-欧阳娜娜",
        "error MEMBER UNDER_AGE c-白玉",
        "error MEMBER DISSATISFACTION_OVER_BAR c-欧阳娜娜",
        "warning - VOTER_LIST_TOO_LATE ",
        "warning - KINSHIP c-王建国,c-白玉",
        "warning DIRECTOR PLEDGES_MISSING c-王建国",
      ]);
    });

    it("does not depend on the order of the input", () => {
      const input = messy();
      const reversed = { ...input, candidates: [...input.candidates].reverse() };
      expect(checkCandidateList(reversed)).toEqual(checkCandidateList(input));
    });

    it("gives every problem a known code, a rule and a source", () => {
      for (const p of [
        ...checkCandidateList(messy()),
        ...checkElectionSetup({ ...SETUP, seats: { DIRECTOR: 2, DEPUTY: 3, MEMBER: 9, WOMEN_MEMBER: 2 }, registeredVoters: 0 }, DEFAULT_RULES),
      ]) {
        expect(PROBLEM_CODES).toContain(p.code);
        expect(p.rule.length, p.code).toBeGreaterThan(4);
        expect(p.source.length, p.code).toBeGreaterThan(4);
      }
    });
  });
});

// The tests above rely on cand() producing people who pass every check.
describe("fixtures", () => {
  it("builds distinct valid ID numbers that agree with the form", () => {
    const list = cleanList();
    for (const c of list) expect(c.idNumber).toMatch(/^510101\d{11}[\dX]$/);
    expect(new Set(list.map((c) => c.idNumber)).size).toBe(list.length);
  });
});

describe("ageOn", () => {
  it("counts full years on the day, the birthday itself included", () => {
    expect(ageOn("1980-05-10", "2026-05-09")).toBe(45);
    expect(ageOn("1980-05-10", "2026-05-10")).toBe(46);
    expect(ageOn("2008-02-29", "2026-02-28")).toBe(17);
    expect(ageOn("2008-02-29", "2026-03-01")).toBe(18);
  });
});
