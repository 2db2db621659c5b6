import { describe, expect, it } from "vitest";
import {
  ageBandsOf,
  computeStatistics,
  ratio,
  STATISTIC_DEFINITIONS,
  turnoutHistogram,
  type CommitteeFacts,
  type MemberFacts,
  type StatisticsInput,
  type VettingFacts,
} from "./statistics";

const DAY = "2026-03-15";
const T1 = { code: "980101100000", name: "甲一镇" };
const T2 = { code: "980101200000", name: "甲二乡" };

let seq = 0;
function member(over: Partial<MemberFacts> = {}): MemberFacts {
  return {
    name: `成员${++seq}`,
    post: "MEMBER",
    gender: "MALE",
    birthDate: "1980-06-01",
    ethnicity: "01",
    education: "60",
    political: "MASSES",
    partySecretary: false,
    runoff: false,
    ...over,
  };
}

function committee(code: string, members: MemberFacts[], over: Partial<CommitteeFacts> = {}): CommitteeFacts {
  return {
    unitCode: code,
    unitName: `村${code}`,
    kind: "village",
    township: T1,
    certified: true,
    electionDay: DAY,
    dualRolePlan: "PLANNED",
    seats: members.length,
    turnout: { registered: 1000, voted: 900 },
    members,
    ...over,
  };
}

function stats(committees: CommitteeFacts[], over: Partial<StatisticsInput> = {}) {
  return computeStatistics({
    unit: { code: "980101000000", name: "甲县" },
    campaign: "第十二届",
    source: "campaign",
    committees,
    previous: null,
    vetting: null,
    townships: [T1, T2],
    ...over,
  });
}

describe("committees and members", () => {
  it("counts only certified results: a village without a result adds nothing but `uncertified`", () => {
    const s = stats([
      committee("A", [member({ post: "DIRECTOR" }), member()]),
      committee("B", [member({ post: "DIRECTOR", gender: "FEMALE" })]),
      committee("C", [member({ post: "DIRECTOR", gender: "FEMALE" }), member({ gender: "FEMALE" })], {
        certified: false,
        turnout: { registered: 5000, voted: 100 },
      }),
    ]);
    expect(s.committees).toBe(2);
    expect(s.uncertified).toBe(1);
    expect(s.members.total).toBe(3);
    expect(s.women.count).toBe(1);
    expect(s.turnout).toEqual({ registered: 2000, voted: 1800, rate: 0.9 });
    expect(s.turnoutByUnit.map((r) => r.code)).toEqual(["A", "B"]);
  });

  it("counts members by post; a women member elected separately (专职专选) counts as 委员", () => {
    const s = stats([
      committee("A", [
        member({ post: "DIRECTOR" }),
        member({ post: "DEPUTY" }),
        member({ post: "MEMBER" }),
        member({ post: "WOMEN_MEMBER", gender: "FEMALE" }),
      ]),
      committee("B", [member({ post: "DIRECTOR" }), member({ post: "MEMBER" })]),
    ]);
    expect(s.members).toEqual({ total: 6, director: 2, deputy: 1, member: 3 });
  });

  it("gives null shares, not NaN, when nothing is counted", () => {
    const s = stats([committee("A", [member()], { certified: false })]);
    expect(s.committees).toBe(0);
    expect(s.dualRole).toEqual({ count: 0, deferred: 0, rate: null });
    expect(s.women).toEqual({ count: 0, share: null, unitsWithWoman: 0, directors: 0, directorShare: null });
    expect(s.partyMembers).toEqual({ count: 0, share: null });
    expect(s.averageAge).toBeNull();
    expect(s.turnout).toBeNull();
    expect(s.firstRoundElected).toBeNull();
    expect(ratio(1, 0)).toBeNull();
    expect(ratio(111, 133)).toBe(0.8346);
  });
});

describe("一肩挑", () => {
  it("counts committees whose director is the party secretary; deferred villages apart; rate over all committees", () => {
    const s = stats([
      committee("A", [member({ post: "DIRECTOR", partySecretary: true }), member()]),
      // A party secretary elected deputy is not 一肩挑.
      committee("B", [member({ post: "DIRECTOR" }), member({ post: "DEPUTY", partySecretary: true })]),
      committee("C", [member({ post: "DIRECTOR" })], { dualRolePlan: "DEFERRED" }),
      // Deferred on paper but achieved: counts as 一肩挑, not as deferred.
      committee("D", [member({ post: "DIRECTOR", partySecretary: true })], { dualRolePlan: "DEFERRED" }),
    ]);
    expect(s.dualRole).toEqual({ count: 2, deferred: 1, rate: 0.5 });
  });

  it("has no deferred count for an imported term (the plan was not recorded); the director row carries 一肩挑", () => {
    const s = stats(
      [
        committee("A", [member({ post: "DIRECTOR", partySecretary: true, runoff: null })], { dualRolePlan: null, seats: null, turnout: null }),
        committee("B", [member({ post: "DIRECTOR", runoff: null })], { dualRolePlan: null, seats: null, turnout: null }),
      ],
      { source: "pastTerm" },
    );
    expect(s.dualRole).toEqual({ count: 1, deferred: null, rate: 0.5 });
    expect(s.uncertified).toBeNull();
    expect(s.turnout).toBeNull();
    expect(s.firstRoundElected).toBeNull();
    expect(s.vetting).toBeNull();
  });
});

describe("structure", () => {
  it("party members are CPC members and probationary members; unknown political status is left out of the share", () => {
    const s = stats([
      committee("A", [
        member({ political: "CPC_MEMBER" }),
        member({ political: "CPC_PROBATIONARY" }),
        member({ political: "CYL_MEMBER" }),
        member({ political: "MASSES" }),
        member({ political: null, birthDate: null, ethnicity: null, education: null }),
      ]),
    ]);
    expect(s.partyMembers).toEqual({ count: 2, share: 0.5 });
  });

  it("women: count, share, villages with at least one woman, women directors and their share of directors", () => {
    const s = stats([
      committee("A", [member({ post: "DIRECTOR", gender: "FEMALE" }), member({ gender: "FEMALE" }), member()]),
      committee("B", [member({ post: "DIRECTOR" }), member({ post: "WOMEN_MEMBER", gender: "FEMALE" })]),
      committee("C", [member({ post: "DIRECTOR" }), member()]),
    ]);
    expect(s.women).toEqual({ count: 3, share: ratio(3, 7), unitsWithWoman: 2, directors: 1, directorShare: ratio(1, 3) });
  });

  it("counts age in full years on the election day: a birthday the day after the election day keeps the member younger", () => {
    const s = stats([
      committee("A", [
        member({ birthDate: "1991-03-15" }), // 35 on the day: not under 35
        member({ birthDate: "1991-03-16" }), // 34: under 35
        member({ birthDate: "1986-03-16" }), // 39: under 40
        member({ birthDate: "1986-03-15" }), // 40
        member({ birthDate: null, ethnicity: null, education: null, political: null }), // write-in: age unknown
      ]),
    ]);
    expect(s.under35).toEqual({ count: 1, share: 0.25 });
    expect(s.under40).toEqual({ count: 3, share: 0.75 });
    expect(s.averageAge).toBe(37); // (35 + 34 + 39 + 40) / 4
  });

  it("uses each member's own election day when an imported row gives one, and rounds the mean to 1 decimal", () => {
    const s = stats([
      committee("A", [
        member({ birthDate: "1990-01-01" }),
        member({ birthDate: "1990-01-01", electionDay: "2021-01-01" }),
        member({ birthDate: "1989-12-31" }),
      ]),
    ]);
    // 36, 31, 36 → 34.333…
    expect(s.averageAge).toBe(34.3);
  });

  it("education counts per GB/T 4658 level, every level present", () => {
    const s = stats([
      committee("A", [
        member({ education: "20" }),
        member({ education: "20" }),
        member({ education: "70" }),
        member({ education: null, birthDate: null, ethnicity: null, political: null }),
      ]),
    ]);
    expect(s.education).toEqual({ "10": 0, "20": 2, "30": 0, "40": 0, "50": 0, "60": 0, "70": 1, "80": 0, "90": 0 });
  });

  it("minority members: every ethnicity but 汉族 (01), including 97; unknown left out", () => {
    const s = stats([
      committee("A", [
        member({ ethnicity: "01" }),
        member({ ethnicity: "04" }),
        member({ ethnicity: "97" }),
        member({ ethnicity: "01" }),
        member({ ethnicity: null, birthDate: null, education: null, political: null }),
      ]),
    ]);
    expect(s.minority).toEqual({ count: 2, share: 0.5 });
  });

  it("age pyramid: men and women per 5-year band, 70+ open", () => {
    const bands = ageBandsOf([
      committee("A", [
        member({ birthDate: "2000-01-01" }),
        member({ birthDate: "2000-01-01", gender: "FEMALE" }),
        member({ birthDate: "1950-01-01" }),
        member({ birthDate: null }),
      ]),
    ]);
    expect(bands[0]).toEqual({ from: 15, to: 19, men: 0, women: 0 });
    expect(bands.find((b) => b.from === 25)).toEqual({ from: 25, to: 29, men: 1, women: 1 });
    expect(bands.at(-1)).toEqual({ from: 70, to: null, men: 1, women: 0 });
    expect(bands.reduce((s, b) => s + b.men + b.women, 0)).toBe(3);
  });
});

describe("turnout", () => {
  it("sums votes cast and registered voters over villages with tallies; a village's rate is its own", () => {
    const s = stats([
      committee("A", [member()], { turnout: { registered: 800, voted: 720 } }),
      committee("B", [member()], { turnout: { registered: 200, voted: 110 } }),
      committee("C", [member()], { turnout: null }),
    ]);
    expect(s.turnout).toEqual({ registered: 1000, voted: 830, rate: 0.83 });
    expect(s.turnoutByUnit).toEqual([
      { code: "A", name: "村A", township: "甲一镇", registered: 800, voted: 720, rate: 0.9 },
      { code: "B", name: "村B", township: "甲一镇", registered: 200, voted: 110, rate: 0.55 },
    ]);
  });

  it("histogram: 5% bands from 50%, 100% in the last band", () => {
    const bins = turnoutHistogram([{ rate: 0.55 }, { rate: 0.9 }, { rate: 1 }, { rate: 0.4 }, { rate: null }]);
    expect(bins).toHaveLength(10);
    expect(bins[0]).toEqual({ from: 0.5, to: 0.55, committees: 1 }); // 0.4 is clamped into the first band
    expect(bins[1]).toEqual({ from: 0.55, to: 0.6, committees: 1 });
    expect(bins[8]).toEqual({ from: 0.9, to: 0.95, committees: 1 });
    expect(bins[9]).toEqual({ from: 0.95, to: 1, committees: 1 });
  });
});

describe("first-round election", () => {
  it("a member elected in a runoff counts as a member but the village is not elected in the first round; a vacancy neither", () => {
    const s = stats([
      committee("A", [member({ post: "DIRECTOR" }), member(), member()]),
      committee("B", [member({ post: "DIRECTOR" }), member(), member({ runoff: true })]),
      committee("C", [member({ post: "DIRECTOR" }), member()], { seats: 3 }),
    ]);
    expect(s.members.total).toBe(8);
    expect(s.members.member).toBe(5);
    expect(s.firstRoundElected).toEqual({ count: 1, share: ratio(1, 3) });
  });
});

describe("comparison with the previous term", () => {
  const previous = (committees: CommitteeFacts[]) => ({ names: ["第十一届"], committees });

  it("is null when the system holds no previous term", () => {
    const s = stats([committee("A", [member()])]);
    expect(s.averageAgeChange).toBeNull();
    expect(s.incumbents).toBeNull();
    expect(s.previousTerm).toBeNull();
  });

  it("compares the same units only; age on each term's own election day", () => {
    const s = stats(
      [
        committee("A", [member({ name: "张三", birthDate: "1980-01-01" }), member({ name: "李四", birthDate: "1990-01-01" })]), // 46, 36
        committee("B", [member({ birthDate: "2000-01-01" })]), // no previous committee: left out of the comparison
      ],
      {
        previous: previous([
          committee("A", [member({ name: "张三", birthDate: "1980-01-01" }), member({ name: "王五", birthDate: "1960-01-01" })], { electionDay: "2021-03-15" }), // 41, 61
          committee("Z", [member({ birthDate: "1950-01-01" })], { electionDay: "2021-03-15" }), // not a current unit
        ]),
      },
    );
    // now (46 + 36) / 2 = 41; then (41 + 61) / 2 = 51
    expect(s.averageAgeChange).toBe(-10);
    expect(s.incumbents).toEqual({ reelected: 1, new: 1, share: 0.5 });
    expect(s.previousTerm).toMatchObject({ names: ["第十一届"], committees: 1, members: 2, averageAge: 51, under35: { count: 0, share: 0 } });
  });

  it("re-elected needs the same name and birth date in the same unit", () => {
    const s = stats(
      [
        committee("A", [
          member({ name: "张三", birthDate: "1980-01-01" }),
          member({ name: "李四", birthDate: "1981-01-01" }),
          member({ name: "赵六", birthDate: null }),
        ]),
      ],
      {
        previous: previous([
          committee("A", [member({ name: "李四", birthDate: "1981-01-02" }), member({ name: "赵六", birthDate: null })], { electionDay: "2021-03-15" }),
          committee("B", [member({ name: "张三", birthDate: "1980-01-01" })], { electionDay: "2021-03-15" }),
        ]),
      },
    );
    expect(s.incumbents).toEqual({ reelected: 0, new: 3, share: 0 });
  });

  it("gives the change to 2 decimals from unrounded means", () => {
    const s = stats(
      [committee("A", [member({ birthDate: "1990-01-01" }), member({ birthDate: "1990-01-01" }), member({ birthDate: "1989-01-01" })])], // 36, 36, 37
      {
        previous: previous([
          committee("A", [member({ birthDate: "1985-01-01" }), member({ birthDate: "1985-01-01" }), member({ birthDate: "1986-01-01" })], {
            electionDay: "2021-03-15",
          }),
        ]),
      }, // 36, 36, 35
    );
    expect(s.averageAgeChange).toBe(0.67);
  });
});

describe("vetting", () => {
  const vetting: VettingFacts = {
    candidacies: [
      { township: T1.code, kind: "village", person: "p1", decision: "APPROVED", conditionCodes: [], nearRelativeOnList: false },
      // Nominated for two posts, rejected for one: one person, rejected.
      { township: T1.code, kind: "village", person: "p2", decision: "APPROVED", conditionCodes: [], nearRelativeOnList: false },
      { township: T1.code, kind: "village", person: "p2", decision: "REJECTED", conditionCodes: ["SB04A", "SB07B"], nearRelativeOnList: false },
      // Rejected with no condition cited and a near relative on the list: recusal.
      { township: T1.code, kind: "village", person: "p3", decision: "REJECTED", conditionCodes: [], nearRelativeOnList: true },
      // Rejected for a condition while a relative is on the list: counted under the condition only.
      { township: T2.code, kind: "village", person: "p4", decision: "REJECTED", conditionCodes: ["SB04A"], nearRelativeOnList: true },
      // Approved although a relative is on the list: not blocked.
      { township: T2.code, kind: "community", person: "p5", decision: "APPROVED", conditionCodes: [], nearRelativeOnList: true },
      { township: T2.code, kind: "community", person: "p6", decision: null, conditionCodes: [], nearRelativeOnList: false },
    ],
    departments: [
      { township: T1.code, kind: "village", department: "县公安局", answered: 3, totalDays: 4.5 },
      { township: T2.code, kind: "community", department: "县公安局", answered: 3, totalDays: 7.5 },
      { township: T1.code, kind: "village", department: "县民政局", answered: 0, totalDays: 0 },
    ],
  };

  it("counts persons vetted, decisions, disqualifications by condition, recusal blocks and department turnaround", () => {
    const s = stats([committee("A", [member()])], { vetting });
    expect(s.vetting).toEqual({
      candidates: 6,
      approved: 2,
      rejected: 3,
      undecided: 1,
      disqualifiedByCondition: { SB04A: 2, SB07B: 1 },
      blockedByRecusal: 1,
      departments: [
        { name: "县公安局", answered: 6, averageDays: 2 },
        { name: "县民政局", answered: 0, averageDays: null },
      ],
    });
  });

  it("splits per township like every other figure", () => {
    const s = stats([committee("A", [member()]), committee("B", [member({ gender: "FEMALE" })], { township: T2 })], { vetting });
    expect(s.byTownship.map((t) => [t.township.name, t.committees, t.women.count, t.vetting?.candidates, t.vetting?.departments[0]?.averageDays])).toEqual([
      ["甲一镇", 1, 0, 3, 1.5],
      ["甲二乡", 1, 1, 3, 2.5],
    ]);
  });
});

describe("per township", () => {
  it("computes each township's figures from its own villages; a township without results has zero committees and null shares", () => {
    const s = stats([
      committee("A", [member({ post: "DIRECTOR", partySecretary: true })]),
      committee("B", [member({ post: "DIRECTOR" })], { certified: false }),
    ]);
    expect(s.byTownship[0]).toMatchObject({ township: T1, committees: 1, uncertified: 1, dualRole: { count: 1, rate: 1 } });
    expect(s.byTownship[1]).toMatchObject({ township: T2, committees: 0, uncertified: 0, dualRole: { count: 0, rate: null }, averageAge: null });
  });
});

describe("villages and communities apart (byKind)", () => {
  // 3 villages (1 of them 一肩挑) and 2 communities (both 一肩挑): rates 33.33% / 100% / 60% overall.
  const secretary = () => member({ post: "DIRECTOR", partySecretary: true });
  const committees = [
    committee("V1", [secretary(), member({ gender: "FEMALE", birthDate: "1995-01-01" })], { turnout: { registered: 1000, voted: 800 } }),
    committee("V2", [member({ post: "DIRECTOR" }), member()], { turnout: { registered: 1000, voted: 900 } }),
    committee("V3", [member({ post: "DIRECTOR", gender: "FEMALE" })], { turnout: { registered: 500, voted: 400 }, dualRolePlan: "DEFERRED" }),
    committee("C1", [secretary(), member({ gender: "FEMALE", political: "CPC_MEMBER" }), member({ gender: "FEMALE" })], {
      kind: "community",
      turnout: { registered: 3000, voted: 1500 },
    }),
    committee("C2", [secretary()], { kind: "community", township: T2, turnout: { registered: 2000, voted: 1000 } }),
    committee("C3", [secretary()], { kind: "community", certified: false }),
  ];

  it("computes every figure over each kind's own committees", () => {
    const s = stats(committees);
    const { village, community } = s.byKind;
    expect([village.committees, community.committees, s.committees]).toEqual([3, 2, 5]);
    expect([village.uncertified, community.uncertified, s.uncertified]).toEqual([0, 1, 1]);
    expect([village.dualRole, community.dualRole, s.dualRole]).toEqual([
      { count: 1, deferred: 1, rate: 0.3333 },
      { count: 2, deferred: 0, rate: 1 },
      { count: 3, deferred: 1, rate: 0.6 },
    ]);
    expect([village.women.count, community.women.count]).toEqual([2, 2]);
    expect(village.women.share).toBe(0.4);
    expect(community.women.share).toBe(0.5);
    expect(village.women.directors).toBe(1);
    expect(community.partyMembers).toEqual({ count: 1, share: 0.25 });
    expect(village.turnout).toEqual({ registered: 2500, voted: 2100, rate: 0.84 });
    expect(community.turnout).toEqual({ registered: 5000, voted: 2500, rate: 0.5 });
    expect(village.under35.count).toBe(1);
    expect(village.ageBands.reduce((n, b) => n + b.men + b.women, 0)).toBe(5);
    expect(community.ageBands.reduce((n, b) => n + b.men + b.women, 0)).toBe(4);
  });

  it("adds up to the total: counts of committees, members, women, 一肩挑, education and voters", () => {
    const s = stats(committees);
    const sum = (f: (x: typeof s.byKind.village) => number) => f(s.byKind.village) + f(s.byKind.community);
    expect(sum((x) => x.committees)).toBe(s.committees);
    expect(sum((x) => x.members.total)).toBe(s.members.total);
    expect(sum((x) => x.members.director)).toBe(s.members.director);
    expect(sum((x) => x.women.count)).toBe(s.women.count);
    expect(sum((x) => x.women.unitsWithWoman)).toBe(s.women.unitsWithWoman);
    expect(sum((x) => x.dualRole.count)).toBe(s.dualRole.count);
    expect(sum((x) => x.under35.count)).toBe(s.under35.count);
    expect(sum((x) => x.turnout?.registered ?? 0)).toBe(s.turnout!.registered);
    for (const code of Object.keys(s.education))
      expect(
        sum((x) => x.education[code] ?? 0),
        code,
      ).toBe(s.education[code]);
  });

  it("gives a kind without committees zero counts and null rates, not the other kind's figures", () => {
    const s = stats([committee("V1", [secretary()])]);
    expect(s.byKind.village.dualRole.rate).toBe(1);
    expect(s.byKind.community).toMatchObject({
      committees: 0,
      members: { total: 0 },
      dualRole: { count: 0, rate: null },
      averageAge: null,
      turnout: null,
      previousTerm: null,
    });
  });

  it("compares each kind with the previous term of its own units", () => {
    const s = stats([committee("V1", [member({ birthDate: "1980-01-01" })]), committee("C1", [member({ birthDate: "1990-01-01" })], { kind: "community" })], {
      previous: {
        names: ["第十一届"],
        committees: [
          committee("V1", [member({ birthDate: "1970-01-01" })], { electionDay: "2021-03-15" }),
          committee("C1", [member({ birthDate: "1990-01-01" })], { kind: "community", electionDay: "2021-03-15" }),
        ],
      },
    });
    expect(s.byKind.village.averageAgeChange).toBe(-5);
    expect(s.byKind.community.averageAgeChange).toBe(5);
    expect(s.byKind.village.previousTerm?.committees).toBe(1);
    expect(s.byKind.community.previousTerm?.averageAge).toBe(31);
  });

  it("splits vetting by the kind of the candidate's unit", () => {
    const v: VettingFacts = {
      candidacies: [
        { township: T1.code, kind: "village", person: "p1", decision: "APPROVED", conditionCodes: [], nearRelativeOnList: false },
        { township: T1.code, kind: "village", person: "p2", decision: "REJECTED", conditionCodes: ["SB04A"], nearRelativeOnList: false },
        { township: T2.code, kind: "community", person: "p3", decision: "APPROVED", conditionCodes: [], nearRelativeOnList: false },
      ],
      departments: [
        { township: T1.code, kind: "village", department: "县公安局", answered: 2, totalDays: 2 },
        { township: T2.code, kind: "community", department: "县公安局", answered: 1, totalDays: 3 },
      ],
    };
    const s = stats([committee("V1", [member()])], { vetting: v });
    expect(s.byKind.village.vetting).toMatchObject({
      candidates: 2,
      rejected: 1,
      disqualifiedByCondition: { SB04A: 1 },
      departments: [{ name: "县公安局", answered: 2, averageDays: 1 }],
    });
    expect(s.byKind.community.vetting).toMatchObject({ candidates: 1, rejected: 0, departments: [{ name: "县公安局", answered: 1, averageDays: 3 }] });
  });
});

describe("STATISTIC_DEFINITIONS", () => {
  it("defines every figure of the output in Chinese", () => {
    const s = stats([committee("A", [member()])]);
    const keys = Object.keys(s).filter((k) => !["unit", "campaign", "source", "byTownship", "turnoutByUnit", "vetting"].includes(k));
    for (const k of keys) expect(STATISTIC_DEFINITIONS, k).toHaveProperty(k);
    for (const d of Object.values(STATISTIC_DEFINITIONS)) expect(d.definition).toMatch(/[\u4e00-\u9fff]/);
  });
});
