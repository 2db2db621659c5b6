// Statistics of a generated county (docs/rules/statistics.md) checked against an independent count in plain SQL:
// members by post, women, party members, under 35, average age (PostgreSQL's age()), turnout, 一肩挑 and
// the change from an imported previous term; plus vetting figures, scope, the API route and the CLI.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { addDays, dateOfDay } from "@/lib/domain/days";
import type { Gender, Post } from "@/lib/domain/people";
import type { Actor } from "@/lib/server/auth/sessions";
import { getStatistics, getStatisticsOptions } from "@/lib/server/oversight/statistics";
import { parseStatsArgs, runStats } from "@/lib/server/oversight/stats-cli";
import { makeActor, makeTree, makeUnit } from "../support/fixtures";
import { idNumberOf, makeCampaign } from "../support/nomination-fixtures";
import { setupTestDatabase } from "../support/test-db";

// The route reads the session cookie through getActor; here the test says who is calling.
const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("@/lib/server/auth/actor", () => ({ getActor: async () => session.actor }));
const { GET } = await import("@/app/api/v1/units/[code]/statistics/route");

const { prisma } = await setupTestDatabase();
const tree = await makeTree(prisma);
const A1c = await makeUnit(prisma, tree.townA1, "980101100203", "甲四村", "VILLAGE");
const A1d = await makeUnit(prisma, tree.townA1, "980101100204", "甲五社区", "COMMUNITY");
const A2b = await makeUnit(prisma, tree.townA2, "980101200202", "甲六村", "VILLAGE");
const A2c = await makeUnit(prisma, tree.townA2, "980101200203", "甲七村", "VILLAGE");
const A2d = await makeUnit(prisma, tree.townA2, "980101200204", "甲八村", "VILLAGE");

const countyAdmin = await makeActor(prisma, "COUNTY_ADMIN", tree.countyA, { username: "stats_county" });
const officerA2 = await makeActor(prisma, "TOWNSHIP_OFFICER", tree.townA2, { username: "stats_officer_a2" });
const officerB1 = await makeActor(prisma, "TOWNSHIP_OFFICER", tree.townB1, { username: "stats_officer_b1" });
const countyBAdmin = await makeActor(prisma, "COUNTY_ADMIN", tree.countyB, { username: "stats_county_b" });
const clerk = await makeActor(prisma, "VILLAGE_CLERK", tree.villageA1a, { username: "stats_clerk" });
const citySupervisor = await makeActor(prisma, "SUPERVISOR", tree.city, { username: "stats_city" });

// Deterministic variety (a small linear congruential generator).
let seed = 20260315;
const rnd = (n: number) => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return Math.floor(seed / 65_536) % n; // the low bits of this generator repeat with a short period
};
const EDUCATION = ["20", "30", "40", "60", "70", "80"];
const POLITICAL = ["CPC_MEMBER", "CPC_PROBATIONARY", "CYL_MEMBER", "MASSES", "MASSES"] as const;
let serial = 0;

async function person(o: { name: string; gender: Gender; birthDate: string; secretary?: boolean; political?: (typeof POLITICAL)[number] }) {
  return prisma.person.create({
    data: {
      countyId: tree.countyA.id,
      name: o.name,
      gender: o.gender,
      birthDate: dateOfDay(o.birthDate),
      idNumber: idNumberOf(o.birthDate, o.gender, ++serial),
      ethnicity: rnd(4) === 0 ? "04" : "01",
      education: EDUCATION[rnd(EDUCATION.length)]!,
      political: o.political ?? POLITICAL[rnd(POLITICAL.length)]!,
      currentPosts: o.secretary ? ["PARTY_SECRETARY"] : rnd(3) === 0 ? ["GROUP_LEADER"] : [],
      tags: [],
    },
  });
}

const engineInput = (registered: number, returned: number) => ({
  round: "first",
  rules: { sumVotesAcrossPosts: false, womenSeat: "none", runoffMargin: 0 },
  registeredVoters: registered,
  ballotsIssued: returned + 3,
  ballotsReturned: returned,
  invalidBallots: 2,
  seats: { director: 1, deputy: 1, member: 2, womenMember: 0 },
  candidates: [],
  votes: [],
});

type Village = {
  unit: { id: string; code: string };
  electionDay: string;
  dualRole?: "PLANNED" | "DEFERRED" | "NOT_PLANNED";
  secretary: boolean;
  /** first: one valid first round; void-first: a void first round re-run; runoff: the last member in a runoff. */
  rounds: "first" | "void-first" | "runoff";
  certified: boolean;
  writeIn?: boolean;
  registered: number;
  voted: number;
  /** Fixed members by seat (0 director, 1 deputy, 2-3 members, 4 women member) for edge cases and re-election. */
  fixed?: Record<number, { name: string; gender: Gender; birthDate: string }>;
};

const DAY = "2026-03-15";
const VILLAGES: Village[] = [
  {
    unit: tree.villageA1a,
    electionDay: DAY,
    secretary: true,
    rounds: "first",
    certified: true,
    registered: 1200,
    voted: 1100,
    fixed: {
      0: { name: "连任甲", gender: "MALE", birthDate: "1975-05-05" },
      2: { name: "满三十五", gender: "FEMALE", birthDate: "1991-03-15" }, // 35 on election day
      3: { name: "差一天", gender: "MALE", birthDate: "1991-03-16" }, // 34: the birthday is the day after
    },
  },
  { unit: tree.villageA1b, electionDay: DAY, secretary: true, rounds: "first", certified: true, writeIn: true, registered: 800, voted: 650 },
  { unit: A1c, electionDay: "2026-03-22", secretary: false, dualRole: "DEFERRED", rounds: "first", certified: true, registered: 950, voted: 900 },
  { unit: A1d, electionDay: "2026-03-22", secretary: true, rounds: "void-first", certified: true, registered: 3000, voted: 2600 },
  { unit: tree.villageA2a, electionDay: DAY, secretary: false, rounds: "runoff", certified: true, registered: 700, voted: 610 },
  { unit: A2b, electionDay: DAY, secretary: true, rounds: "first", certified: true, registered: 1500, voted: 1320 },
  // Confirmed by the township but not certified by the county: not counted anywhere.
  { unit: A2c, electionDay: DAY, secretary: true, rounds: "first", certified: false, registered: 999, voted: 998 },
];

let campaign: { id: string; name: string };

async function build() {
  campaign = await makeCampaign(prisma, tree.countyA.id);
  const dept1 = await prisma.department.create({ data: { countyId: tree.countyA.id, name: "县公安局", sortOrder: 1 } });
  const dept2 = await prisma.department.create({ data: { countyId: tree.countyA.id, name: "县民政局", sortOrder: 2 } });
  const reviewer = await makeActor(prisma, "VETTING_REVIEWER", tree.countyA, { departmentId: dept1.id, username: "stats_reviewer" });
  const openedAt = new Date("2026-02-01T02:00:00Z");
  const vround = await prisma.vettingRound.create({
    data: {
      countyId: tree.countyA.id,
      campaignId: campaign.id,
      name: "第一批联审",
      deadline: dateOfDay("2026-02-10"),
      departmentIds: [dept1.id, dept2.id],
      createdAt: openedAt,
    },
  });

  for (const [vi, v] of VILLAGES.entries()) {
    const election = await prisma.election.create({
      data: {
        campaignId: campaign.id,
        unitId: v.unit.id,
        electionDay: dateOfDay(v.electionDay),
        method: "CONTESTED",
        seatsDirector: 1,
        seatsDeputy: 1,
        seatsMember: 2,
        seatsWomenMember: 1,
        dualRole: v.dualRole ?? "PLANNED",
        registeredVoters: v.registered,
        listStatus: "FORMAL",
      },
    });
    const posts: Post[] = ["DIRECTOR", "DEPUTY", "MEMBER", "MEMBER", "WOMEN_MEMBER"];
    const members = [];
    for (const [i, post] of posts.entries()) {
      const fixed = v.fixed?.[i];
      const gender: Gender = fixed?.gender ?? (post === "WOMEN_MEMBER" || rnd(3) === 0 ? "FEMALE" : "MALE");
      const birthDate = fixed?.birthDate ?? addDays("1965-01-01", rnd(13_000));
      if (v.writeIn && i === 3) {
        members.push({ post, personId: null, name: "另选他人", gender: "MALE" as Gender });
        continue;
      }
      const p = await person({ name: fixed?.name ?? `村${vi}成员${i}`, gender, birthDate, secretary: post === "DIRECTOR" && v.secretary });
      members.push({ post, personId: p.id, name: p.name, gender });
    }
    const rounds = [];
    if (v.rounds === "void-first") {
      rounds.push(
        await prisma.votingRound.create({
          data: {
            electionId: election.id,
            number: 1,
            kind: "FIRST",
            ballot: { sections: [] },
            status: "DECIDED",
            engineInput: engineInput(v.registered, 1200),
            decision: { valid: false, invalidReason: "turnout" },
          },
        }),
      );
    }
    const first = await prisma.votingRound.create({
      data: {
        electionId: election.id,
        number: rounds.length + 1,
        kind: "FIRST",
        ballot: { sections: [] },
        status: "DECIDED",
        engineInput: engineInput(v.registered, v.voted),
        decision: { valid: true, invalidReason: null },
      },
    });
    const runoff =
      v.rounds === "runoff"
        ? await prisma.votingRound.create({
            data: {
              electionId: election.id,
              number: 2,
              kind: "RUNOFF",
              ballot: { sections: [] },
              status: "DECIDED",
              engineInput: { ...engineInput(v.registered, 500), round: "runoff" },
              decision: { valid: true, invalidReason: null },
            },
          })
        : null;
    for (const [i, m] of members.entries()) {
      await prisma.electedMember.create({
        data: {
          electionId: election.id,
          roundId: runoff && i === members.length - 1 ? runoff.id : first.id,
          post: m.post,
          personId: m.personId,
          name: m.name,
          gender: m.gender,
          votes: 400,
        },
      });
    }
    await prisma.election.update({
      where: { id: election.id },
      data: {
        resultConfirmedAt: new Date(),
        resultConfirmedById: officerA2.userId,
        ...(v.certified ? { certifiedAt: new Date(), certifiedById: countyAdmin.userId } : {}),
      },
    });
  }
  // A village that has not voted yet: an election without rounds or members.
  await prisma.election.create({
    data: {
      campaignId: campaign.id,
      unitId: A2d.id,
      electionDay: dateOfDay(DAY),
      method: "CONTESTED",
      seatsDirector: 1,
      seatsDeputy: 0,
      seatsMember: 2,
      dualRole: "PLANNED",
      registeredVoters: 500,
    },
  });

  // Vetting in 甲一村: approved, rejected for two conditions, rejected with a near relative on the list,
  // undecided; and in 甲六村 one approved candidate nominated for two posts (one person).
  const e1 = await prisma.election.findFirstOrThrow({ where: { campaignId: campaign.id, unitId: tree.villageA1a.id } });
  const e2 = await prisma.election.findFirstOrThrow({ where: { campaignId: campaign.id, unitId: A2b.id } });
  const candidate = async (electionId: string, name: string, post: Post = "MEMBER", personId?: string) => {
    const pid = personId ?? (await person({ name, gender: "MALE", birthDate: addDays("1970-01-01", rnd(9000)) })).id;
    return prisma.candidate.create({
      data: { electionId, personId: pid, post, nominationForm: "SELF", pledgeCampaign: true, pledgeWork: true, pledgeResign: true, pledgeDiscipline: true },
    });
  };
  const ok = await candidate(e1.id, "通过人");
  const barred = await candidate(e1.id, "不能人");
  const relative = await candidate(e1.id, "回避人");
  const undecided = await candidate(e1.id, "待定人");
  await prisma.kinship.create({ data: { personAId: ok.personId, personBId: relative.personId, relation: "SIBLING" } });
  const twice1 = await candidate(e2.id, "两职人", "DIRECTOR");
  const twice2 = await candidate(e2.id, "两职人", "MEMBER", twice1.personId);
  const at = (hours: number) => new Date(openedAt.getTime() + hours * 3600_000);
  const entry = (candidateId: string, decision: "APPROVED" | "REJECTED" | null) =>
    prisma.vettingEntry.create({ data: { roundId: vround.id, candidateId, decision, decidedAt: decision ? at(200) : null } });
  const opinion = (entryId: string, departmentId: string, kind: "NO_OBJECTION" | "BAR" | "CONCERN", hours: number, conditionCodes: string[] = []) =>
    prisma.vettingOpinion.create({
      data: {
        entryId,
        departmentId,
        reviewerId: reviewer.userId,
        kind,
        conditionCodes,
        finding: kind === "NO_OBJECTION" ? "" : "经查属实",
        createdAt: at(hours),
      },
    });
  const eOk = await entry(ok.id, "APPROVED");
  const eBarred = await entry(barred.id, "REJECTED");
  const eRelative = await entry(relative.id, "REJECTED");
  const eUndecided = await entry(undecided.id, null);
  const eTwice1 = await entry(twice1.id, "APPROVED");
  const eTwice2 = await entry(twice2.id, "APPROVED");
  // 县公安局 answers each entry after 24 h (its later second opinion on eBarred does not change the turnaround).
  for (const e of [eOk, eRelative, eUndecided, eTwice1, eTwice2]) await opinion(e.id, dept1.id, "NO_OBJECTION", 24);
  await opinion(eBarred.id, dept1.id, "NO_OBJECTION", 24);
  await opinion(eBarred.id, dept1.id, "BAR", 96, ["SB04A"]);
  // 县民政局 after 72 h on two entries.
  await opinion(eOk.id, dept2.id, "NO_OBJECTION", 72);
  await opinion(eBarred.id, dept2.id, "CONCERN", 72, ["SB07B"]);

  // The previous term, imported: 甲一村 to 甲三村 and 甲六村, not 甲五社区 (so it is left out of the change).
  const past = await prisma.pastTerm.create({ data: { countyId: tree.countyA.id, name: "第十一届" } });
  const pastUnits = [tree.villageA1a, tree.villageA1b, A1c, tree.villageA2a, A2b];
  for (const [ui, u] of pastUnits.entries()) {
    for (let i = 0; i < 4; i++) {
      const reelected = ui === 0 && i === 0;
      await prisma.pastTermMember.create({
        data: {
          termId: past.id,
          unitId: u.id,
          name: reelected ? "连任甲" : `往届${ui}-${i}`,
          gender: i === 3 ? "FEMALE" : "MALE",
          ethnicity: "01",
          birthDate: dateOfDay(reelected ? "1975-05-05" : addDays("1960-01-01", rnd(12_000))),
          education: "70",
          political: i < 2 ? "CPC_MEMBER" : "MASSES",
          post: i === 0 ? "DIRECTOR" : i === 1 ? "DEPUTY" : "MEMBER",
          dualRole: i === 0 && ui % 2 === 0,
          electionDate: dateOfDay("2021-03-20"),
        },
      });
    }
  }
}

beforeAll(build);

/** The independent count, in SQL over the same rows. */
async function sqlCounts(campaignId: string, pathPrefix: string) {
  const like = `${pathPrefix}%`;
  const [row] = await prisma.$queryRaw<
    {
      committees: number;
      total: number;
      director: number;
      deputy: number;
      member: number;
      women: number;
      party: number;
      withPerson: number;
      under35: number;
      averageAge: number;
      dualRole: number;
      deferred: number;
      minority: number;
    }[]
  >`
    WITH c AS (
      SELECT e.* FROM "Election" e JOIN "Unit" u ON u.id = e."unitId"
       WHERE e."campaignId" = ${campaignId}::uuid AND e."certifiedAt" IS NOT NULL AND u.path LIKE ${like}
    ), m AS (
      SELECT m.post, m.gender, p.political, p.ethnicity, p."currentPosts", c.id AS "electionId",
             date_part('year', age(c."electionDay", p."birthDate")) AS age
        FROM "ElectedMember" m JOIN c ON c.id = m."electionId" LEFT JOIN "Person" p ON p.id = m."personId"
    ), dual AS (
      SELECT DISTINCT "electionId" FROM m WHERE post = 'DIRECTOR' AND 'PARTY_SECRETARY' = ANY("currentPosts")
    )
    SELECT (SELECT count(*) FROM c)::int AS committees,
           count(*)::int AS total,
           count(*) FILTER (WHERE post = 'DIRECTOR')::int AS director,
           count(*) FILTER (WHERE post = 'DEPUTY')::int AS deputy,
           count(*) FILTER (WHERE post IN ('MEMBER', 'WOMEN_MEMBER'))::int AS member,
           count(*) FILTER (WHERE gender = 'FEMALE')::int AS women,
           count(*) FILTER (WHERE political IN ('CPC_MEMBER', 'CPC_PROBATIONARY'))::int AS party,
           count(political)::int AS "withPerson",
           count(*) FILTER (WHERE age < 35)::int AS under35,
           count(*) FILTER (WHERE ethnicity <> '01')::int AS minority,
           round(avg(age)::numeric, 1)::float8 AS "averageAge",
           (SELECT count(*) FROM dual)::int AS "dualRole",
           (SELECT count(*) FROM c WHERE c."dualRole" = 'DEFERRED' AND c.id NOT IN (SELECT "electionId" FROM dual))::int AS deferred
      FROM m`;
  const [turnout] = await prisma.$queryRaw<{ registered: number; voted: number }[]>`
    SELECT sum((r."engineInput"->>'registeredVoters')::int)::int AS registered, sum((r."engineInput"->>'ballotsReturned')::int)::int AS voted
      FROM "VotingRound" r JOIN "Election" e ON e.id = r."electionId" JOIN "Unit" u ON u.id = e."unitId"
     WHERE e."campaignId" = ${campaignId}::uuid AND e."certifiedAt" IS NOT NULL AND u.path LIKE ${like}
       AND r.number = (SELECT min(r2.number) FROM "VotingRound" r2
                        WHERE r2."electionId" = r."electionId" AND r2.kind = 'FIRST' AND r2.decision->>'valid' = 'true')`;
  // Average age change over the units present in both terms, each on its own election day.
  const [change] = await prisma.$queryRaw<{ now: number; before: number }[]>`
    WITH both_units AS (
      SELECT e."unitId" FROM "Election" e JOIN "Unit" u ON u.id = e."unitId"
       WHERE e."campaignId" = ${campaignId}::uuid AND e."certifiedAt" IS NOT NULL AND u.path LIKE ${like}
         AND e."unitId" IN (SELECT "unitId" FROM "PastTermMember")
    )
    SELECT (SELECT avg(date_part('year', age(e."electionDay", p."birthDate")))
              FROM "ElectedMember" m JOIN "Election" e ON e.id = m."electionId" JOIN "Person" p ON p.id = m."personId"
             WHERE e."campaignId" = ${campaignId}::uuid AND e."certifiedAt" IS NOT NULL AND e."unitId" IN (SELECT "unitId" FROM both_units))::float8 AS now,
           (SELECT avg(date_part('year', age(t."electionDate", t."birthDate"))) FROM "PastTermMember" t
             WHERE t."unitId" IN (SELECT "unitId" FROM both_units))::float8 AS before`;
  const education = await prisma.$queryRaw<{ education: string; n: number }[]>`
    SELECT p.education, count(*)::int AS n
      FROM "ElectedMember" m JOIN "Election" e ON e.id = m."electionId" JOIN "Unit" u ON u.id = e."unitId" JOIN "Person" p ON p.id = m."personId"
     WHERE e."campaignId" = ${campaignId}::uuid AND e."certifiedAt" IS NOT NULL AND u.path LIKE ${like}
     GROUP BY p.education`;
  return {
    ...row!,
    turnout: turnout!,
    change: Math.round((change!.now - change!.before) * 100) / 100,
    education: Object.fromEntries(education.map((r) => [r.education, r.n])),
  };
}

describe("statistics of a generated county", () => {
  it("match an independent count in SQL", async () => {
    const s = (await getStatistics(countyAdmin, { unitCode: tree.countyA.code, termName: campaign.name }))!;
    const q = await sqlCounts(campaign.id, tree.countyA.path);
    expect(s.unit).toEqual({ code: tree.countyA.code, name: "甲县" });
    expect(s.campaign).toBe(campaign.name);
    expect(s.source).toBe("campaign");
    expect(s.committees).toBe(q.committees);
    expect(s.committees).toBe(6);
    expect(s.uncertified).toBe(2); // the confirmed-only village and the one that has not voted
    expect(s.members).toEqual({ total: q.total, director: q.director, deputy: q.deputy, member: q.member });
    expect(s.members.total).toBe(30);
    expect(s.women.count).toBe(q.women);
    expect(s.women.share).toBeCloseTo(q.women / q.total, 4);
    expect(s.partyMembers).toEqual({ count: q.party, share: Math.round((q.party / q.withPerson) * 10_000) / 10_000 });
    expect(s.under35.count).toBe(q.under35);
    expect(s.averageAge).toBe(q.averageAge);
    expect(s.turnout).toEqual({
      registered: q.turnout.registered,
      voted: q.turnout.voted,
      rate: Math.round((q.turnout.voted / q.turnout.registered) * 10_000) / 10_000,
    });
    // The void first round of 甲五社区 is not the turnout: its re-run is.
    expect(s.turnoutByUnit.find((r) => r.code === A1d.code)).toMatchObject({ registered: 3000, voted: 2600 });
    expect(s.dualRole).toEqual({ count: q.dualRole, deferred: q.deferred, rate: Math.round((q.dualRole / q.committees) * 10_000) / 10_000 });
    expect(s.dualRole).toMatchObject({ count: 4, deferred: 1 });
    expect(s.averageAgeChange).toBe(q.change);
    expect(s.minority.count).toBe(q.minority);
    expect(Object.fromEntries(Object.entries(s.education).filter(([, n]) => n > 0))).toEqual(q.education);
    // The generated data is varied enough for the comparisons above to mean something.
    expect(q.minority).toBeGreaterThan(0);
    expect(q.minority).toBeLessThan(q.withPerson);
    expect(Object.keys(q.education).length).toBeGreaterThan(3);
    expect([q.party, q.under35, q.women].every((n) => n > 0 && n < q.total)).toBe(true);
  });

  it("counts the runoff member as a member but not the village as elected in the first round", async () => {
    const s = (await getStatistics(countyAdmin, { unitCode: tree.countyA.code, termName: campaign.name }))!;
    expect(s.firstRoundElected).toEqual({ count: 5, share: Math.round((5 / 6) * 10_000) / 10_000 });
    const a2 = s.byTownship.find((t) => t.township.code === tree.townA2.code)!;
    expect(a2).toMatchObject({ committees: 2, uncertified: 2, members: { total: 10 }, firstRoundElected: { count: 1 } });
    expect(s.byTownship.map((t) => t.committees)).toEqual([4, 2]);
  });

  it("age is counted on the election day; the write-in winner has no birth date and is left out of age shares", async () => {
    const s = (await getStatistics(countyAdmin, { unitCode: tree.villageA1a.code, termName: campaign.name }))!;
    // 满三十五 is 35 on the day, 差一天 turns 35 the day after.
    const [row] = await prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM "ElectedMember" m JOIN "Election" e ON e.id = m."electionId" JOIN "Person" p ON p.id = m."personId"
       WHERE e."unitId" = ${tree.villageA1a.id}::uuid AND date_part('year', age(e."electionDay", p."birthDate")) < 35`;
    expect(s.under35.count).toBe(row!.n);
    const b = (await getStatistics(countyAdmin, { unitCode: tree.villageA1b.code, termName: campaign.name }))!;
    expect(b.members.total).toBe(5);
    expect(b.under40.share).toBe(Math.round((b.under40.count / 4) * 10_000) / 10_000);
  });

  it("compares with the imported previous term: re-elected by name and birth date, previous structure of the same units", async () => {
    const s = (await getStatistics(countyAdmin, { unitCode: tree.countyA.code, termName: campaign.name }))!;
    expect(s.incumbents).toEqual({ reelected: 1, new: 24, share: 0.04 }); // 25 members in the 5 units of both terms
    expect(s.previousTerm).toMatchObject({
      names: ["第十一届"],
      committees: 5,
      members: 20,
      partyMembers: { count: 10, share: 0.5 },
      women: { count: 5, share: 0.25 },
    });
  });

  it("gives an imported term the same statistics (no turnout, rounds or vetting recorded)", async () => {
    const s = (await getStatistics(countyAdmin, { unitCode: tree.countyA.code, termName: "第十一届" }))!;
    expect(s).toMatchObject({
      source: "pastTerm",
      committees: 5,
      uncertified: null,
      members: { total: 20, director: 5, deputy: 5, member: 10 },
      dualRole: { count: 3, deferred: null, rate: 0.6 },
      partyMembers: { count: 10, share: 0.5 },
      education: { "70": 20 },
      turnout: null,
      firstRoundElected: null,
      vetting: null,
      averageAgeChange: null,
      incumbents: null,
      previousTerm: null,
    });
  });

  it("vetting: persons vetted, decisions, disqualified by condition, recusal, department turnaround", async () => {
    const s = (await getStatistics(countyAdmin, { unitCode: tree.countyA.code, termName: campaign.name }))!;
    expect(s.vetting).toEqual({
      candidates: 5,
      approved: 2,
      rejected: 2,
      undecided: 1,
      disqualifiedByCondition: { SB04A: 1, SB07B: 1 },
      blockedByRecusal: 1,
      departments: [
        { name: "县公安局", answered: 6, averageDays: 1 },
        { name: "县民政局", answered: 2, averageDays: 3 },
      ],
    });
    expect(s.byTownship.map((t) => t.vetting?.candidates)).toEqual([4, 1]);
  });
});

describe("scope", () => {
  it("a township officer sees their township only; other counties, villages' clerks and unknown terms get nothing", async () => {
    expect(await getStatistics(officerA2, { unitCode: tree.countyA.code, termName: campaign.name })).toBeNull();
    expect(await getStatistics(officerA2, { unitCode: tree.townA1.code, termName: campaign.name })).toBeNull();
    const own = (await getStatistics(officerA2, { unitCode: tree.townA2.code, termName: campaign.name }))!;
    expect(own).toMatchObject({ unit: { code: tree.townA2.code }, committees: 2, members: { total: 10 } });
    expect(own.byTownship.map((t) => t.township.code)).toEqual([tree.townA2.code]);
    expect(await getStatistics(officerB1, { unitCode: tree.townA2.code, termName: campaign.name })).toBeNull();
    expect(await getStatistics(countyBAdmin, { unitCode: tree.countyA.code, termName: campaign.name })).toBeNull();
    expect(await getStatistics(clerk, { unitCode: tree.villageA1a.code, termName: campaign.name })).toBeNull();
    expect(await getStatistics(countyAdmin, { unitCode: tree.countyA.code, termName: "没有这一届" })).toBeNull();
    expect(await getStatistics(countyAdmin, { unitCode: "989999999999", termName: campaign.name })).toBeNull();
  });

  it("a city supervisor sees the county's figures through the city (the term resolved per county)", async () => {
    const county = await getStatistics(countyAdmin, { unitCode: tree.countyA.code, termName: campaign.name });
    const city = (await getStatistics(citySupervisor, { unitCode: tree.city.code, termName: campaign.name }))!;
    expect(city.unit.code).toBe(tree.city.code);
    expect({ ...city, unit: null }).toEqual({ ...county, unit: null });
  });

  it("offers the county's terms, newest first, and the actor's unit with its townships", async () => {
    const options = (await getStatisticsOptions(countyAdmin))!;
    expect(options.terms.map((t) => [t.name, t.kind])).toEqual([
      [campaign.name, "campaign"],
      ["第十一届", "pastTerm"],
    ]);
    expect(options.units.map((u) => u.code)).toEqual([tree.countyA.code, tree.townA1.code, tree.townA2.code]);
    expect(await getStatisticsOptions(clerk)).toBeNull();
  });
});

describe("GET /api/v1/units/{code}/statistics", () => {
  const get = (code: string, query: string) =>
    GET(new Request(`http://localhost/api/v1/units/${code}/statistics${query}`), { params: Promise.resolve({ code }) });

  it("401 without a session, 400 without campaign, 404 out of scope, 200 with the statistics JSON and no caching", async () => {
    session.actor = null;
    let res = await get(tree.countyA.code, `?campaign=${encodeURIComponent(campaign.name)}`);
    expect(res.status).toBe(401);
    expect(await res.json()).toHaveProperty("error");

    session.actor = officerA2;
    res = await get(tree.townA2.code, "");
    expect(res.status).toBe(400);
    res = await get(tree.countyA.code, `?campaign=${encodeURIComponent(campaign.name)}`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: expect.any(String) });

    res = await get(tree.townA2.code, `?campaign=${encodeURIComponent(campaign.name)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    expect(await res.json()).toEqual(JSON.parse(JSON.stringify(await getStatistics(officerA2, { unitCode: tree.townA2.code, termName: campaign.name }))));
  });
});

describe("npm run stats", () => {
  const run = async (argv: string[]) => {
    let out = "",
      err = "";
    const code = await runStats(argv, { out: (t) => (out += t), err: (t) => (err += t) });
    return { code, out, err };
  };

  it("prints the same JSON as the API, seeing every unit", async () => {
    const r = await run(["--unit", tree.townA2.code, "--term", campaign.name]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual(JSON.parse(JSON.stringify(await getStatistics(officerA2, { unitCode: tree.townA2.code, termName: campaign.name }))));
    const b = await run(["--unit", tree.countyB.code, "--term", campaign.name]);
    expect(b.code).toBe(2);
    expect(JSON.parse(b.err)).toEqual({ error: { field: "term", message: expect.stringContaining(campaign.name) } });
  });

  it("exits 2 with a JSON error on bad arguments or an unknown unit", async () => {
    expect(await run([])).toMatchObject({ code: 2, out: "" });
    expect(JSON.parse((await run(["--unit", "12345"])).err).error.field).toBe("unit");
    expect(JSON.parse((await run(["--unit", "989999999999", "--campaign", "x"])).err).error).toEqual({
      field: "unit",
      message: expect.stringContaining("989999999999"),
    });
    expect(parseStatsArgs(["--unit=980101000000", "--term=第十二届"])).toEqual({ ok: true, args: { unit: "980101000000", term: "第十二届" } });
    // The parameter's first name is still accepted.
    expect(parseStatsArgs(["--unit=980101000000", "--campaign=第十二届"])).toEqual({ ok: true, args: { unit: "980101000000", term: "第十二届" } });
    expect(parseStatsArgs(["--unit", "980101000000"])).toMatchObject({ ok: false, error: { field: "term" } });
    expect(parseStatsArgs(["--unit", "980101000000", "--campaign", "x", "--verbose"])).toMatchObject({ ok: false, error: { field: "argv" } });
    expect(parseStatsArgs(["extra"])).toMatchObject({ ok: false, error: { field: "argv" } });
  });
});
