// Statistics of a province with two counties, each running its own campaign of the same term name (as
// 宁夏's 22 counties do): the province figures, and their split into villages and communities (byKind),
// checked against a plain SQL count over both campaigns; the API route with a province code; scope.
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { addDays, dateOfDay } from "@/lib/domain/days";
import type { Gender, Post } from "@/lib/domain/people";
import { COMMITTEE_KINDS } from "@/lib/domain/province-dashboard";
import type { Actor } from "@/lib/server/auth/sessions";
import { getStatistics, getStatisticsOptions } from "@/lib/server/oversight/statistics";
import { makeActor, makeTree, makeUnit, type UnitFixture } from "../support/fixtures";
import { idNumberOf, makeCampaign } from "../support/nomination-fixtures";
import { setupTestDatabase } from "../support/test-db";

const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("@/lib/server/auth/actor", () => ({ getActor: async () => session.actor, requirePermission: async () => session.actor }));
const { GET } = await import("@/app/api/v1/units/[code]/statistics/route");
const { default: StatisticsPage } = await import("@/app/(app)/statistics/page");

const { prisma } = await setupTestDatabase();
const tree = await makeTree(prisma);
// Communities in both counties, and one named 居委会 in county B.
const communityA = await makeUnit(prisma, tree.townA1, "980101100001", "新华社区", "COMMUNITY");
const communityA2 = await makeUnit(prisma, tree.townA2, "980101200001", "东风社区", "COMMUNITY");
const villageB1b = await makeUnit(prisma, tree.townB1, "980102100202", "乙二村", "VILLAGE");
const communityB = await makeUnit(prisma, tree.townB1, "980102100001", "解放路居委会", "COMMUNITY");

const provinceSupervisor = await makeActor(prisma, "SUPERVISOR", tree.province, { username: "pstats_province" });
const countyBAdmin = await makeActor(prisma, "COUNTY_ADMIN", tree.countyB, { username: "pstats_county_b" });
const admins = { A: await makeActor(prisma, "COUNTY_ADMIN", tree.countyA, { username: "pstats_county_a" }), B: countyBAdmin };

let seed = 7;
const rnd = (n: number) => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return Math.floor(seed / 65_536) % n;
};
let serial = 0;

const campaignA = await makeCampaign(prisma, tree.countyA.id);
const campaignB = await makeCampaign(prisma, tree.countyB.id);
await prisma.campaign.update({ where: { id: campaignB.id }, data: { name: campaignA.name } });
const TERM = campaignA.name;
// County B also has an older campaign of another name: only the term asked for counts.
const olderB = await makeCampaign(prisma, tree.countyB.id);

type Village = { unit: UnitFixture; campaignId: string; countyId: string; secretary: boolean; certified: boolean; registered: number; voted: number };
const VILLAGES: Village[] = [
  { unit: tree.villageA1a, campaignId: campaignA.id, countyId: tree.countyA.id, secretary: true, certified: true, registered: 1200, voted: 1000 },
  { unit: tree.villageA1b, campaignId: campaignA.id, countyId: tree.countyA.id, secretary: false, certified: true, registered: 900, voted: 810 },
  { unit: tree.villageA2a, campaignId: campaignA.id, countyId: tree.countyA.id, secretary: false, certified: true, registered: 700, voted: 600 },
  { unit: communityA, campaignId: campaignA.id, countyId: tree.countyA.id, secretary: true, certified: true, registered: 4000, voted: 2800 },
  { unit: communityA2, campaignId: campaignA.id, countyId: tree.countyA.id, secretary: true, certified: false, registered: 999, voted: 998 },
  { unit: tree.villageB1a, campaignId: campaignB.id, countyId: tree.countyB.id, secretary: true, certified: true, registered: 1500, voted: 1300 },
  { unit: villageB1b, campaignId: campaignB.id, countyId: tree.countyB.id, secretary: false, certified: true, registered: 600, voted: 560 },
  { unit: communityB, campaignId: campaignB.id, countyId: tree.countyB.id, secretary: true, certified: true, registered: 5000, voted: 3600 },
  // The older term of county B: not counted in TERM.
  { unit: tree.villageB1a, campaignId: olderB.id, countyId: tree.countyB.id, secretary: true, certified: true, registered: 100, voted: 99 },
];

beforeAll(async () => {
  for (const [vi, v] of VILLAGES.entries()) {
    const election = await prisma.election.create({
      data: {
        campaignId: v.campaignId,
        unitId: v.unit.id,
        electionDay: dateOfDay("2026-03-15"),
        method: "CONTESTED",
        seatsDirector: 1,
        seatsDeputy: 1,
        seatsMember: 2,
        seatsWomenMember: 0,
        dualRole: "PLANNED",
        registeredVoters: v.registered,
        listStatus: "FORMAL",
      },
    });
    const round = await prisma.votingRound.create({
      data: {
        electionId: election.id,
        number: 1,
        kind: "FIRST",
        ballot: { sections: [] },
        status: "DECIDED",
        engineInput: { round: "first", registeredVoters: v.registered, ballotsReturned: v.voted },
        decision: { valid: true, invalidReason: null },
      },
    });
    const posts: Post[] = ["DIRECTOR", "DEPUTY", "MEMBER", "MEMBER"];
    for (const [i, post] of posts.entries()) {
      const gender: Gender = rnd(3) === 0 ? "FEMALE" : "MALE";
      const birthDate = addDays("1965-01-01", rnd(13_000));
      const p = await prisma.person.create({
        data: {
          countyId: v.countyId,
          name: `省${vi}成员${i}`,
          gender,
          birthDate: dateOfDay(birthDate),
          idNumber: idNumberOf(birthDate, gender, ++serial),
          ethnicity: rnd(3) === 0 ? "04" : "01",
          education: ["20", "30", "60", "70"][rnd(4)]!,
          political: rnd(2) ? "CPC_MEMBER" : "MASSES",
          currentPosts: post === "DIRECTOR" && v.secretary ? ["PARTY_SECRETARY"] : [],
          tags: [],
        },
      });
      await prisma.electedMember.create({ data: { electionId: election.id, roundId: round.id, post, personId: p.id, name: p.name, gender, votes: 300 } });
    }
    await prisma.election.update({
      where: { id: election.id },
      data: {
        resultConfirmedAt: new Date(),
        ...(v.certified ? { certifiedAt: new Date(), certifiedById: (v.countyId === tree.countyA.id ? admins.A : admins.B).userId } : {}),
      },
    });
  }
});

type Counts = {
  committees: number;
  members: number;
  women: number;
  party: number;
  dualRole: number;
  under35: number;
  minority: number;
  registered: number;
  voted: number;
  averageAge: number;
};

/** The independent count over both counties' campaigns of TERM, per Unit.kind and in all. */
async function sqlCounts(): Promise<Record<"VILLAGE" | "COMMUNITY" | "ALL", Counts>> {
  const rows = await prisma.$queryRaw<(Counts & { kind: string | null })[]>`
    WITH c AS (
      SELECT e.id, e."electionDay", u.kind::text AS kind FROM "Election" e
        JOIN "Campaign" k ON k.id = e."campaignId" JOIN "Unit" u ON u.id = e."unitId"
       WHERE k.name = ${TERM} AND e."certifiedAt" IS NOT NULL AND u.path LIKE ${`${tree.province.path}%`}
    ), m AS (
      SELECT c.kind, c.id AS eid, m.post, m.gender, p.political, p.ethnicity, p."currentPosts",
             date_part('year', age(c."electionDay", p."birthDate")) AS age
        FROM "ElectedMember" m JOIN c ON c.id = m."electionId" JOIN "Person" p ON p.id = m."personId"
    ), t AS (
      SELECT c.kind, (r."engineInput"->>'registeredVoters')::int AS registered, (r."engineInput"->>'ballotsReturned')::int AS voted
        FROM "VotingRound" r JOIN c ON c.id = r."electionId" WHERE r.kind = 'FIRST'
    )
    SELECT m.kind,
           count(DISTINCT m.eid)::int AS committees, count(*)::int AS members,
           count(*) FILTER (WHERE gender = 'FEMALE')::int AS women,
           count(*) FILTER (WHERE political IN ('CPC_MEMBER', 'CPC_PROBATIONARY'))::int AS party,
           count(*) FILTER (WHERE post = 'DIRECTOR' AND 'PARTY_SECRETARY' = ANY("currentPosts"))::int AS "dualRole",
           count(*) FILTER (WHERE age < 35)::int AS under35,
           count(*) FILTER (WHERE ethnicity <> '01')::int AS minority,
           round(avg(age)::numeric, 1)::float8 AS "averageAge",
           (SELECT sum(registered) FROM t WHERE m.kind IS NULL OR t.kind = m.kind)::int AS registered,
           (SELECT sum(voted) FROM t WHERE m.kind IS NULL OR t.kind = m.kind)::int AS voted
      FROM m GROUP BY GROUPING SETS ((m.kind), ())`;
  const of = (k: string | null) => {
    const { kind: _, ...r } = rows.find((x) => x.kind === k)!;
    return r;
  };
  return { VILLAGE: of("VILLAGE"), COMMUNITY: of("COMMUNITY"), ALL: of(null) };
}

const figures = (f: NonNullable<Awaited<ReturnType<typeof getStatistics>>>["byKind"]["village"]): Counts => ({
  committees: f.committees,
  members: f.members.total,
  women: f.women.count,
  party: f.partyMembers.count,
  dualRole: f.dualRole.count,
  under35: f.under35.count,
  minority: f.minority.count,
  registered: f.turnout?.registered ?? 0,
  voted: f.turnout?.voted ?? 0,
  averageAge: f.averageAge ?? 0,
});

describe("statistics of a province with two counties", () => {
  it("count both counties' campaigns of the term, equal to a plain SQL count, villages and communities apart", async () => {
    const s = (await getStatistics(provinceSupervisor, { unitCode: tree.province.code, termName: TERM }))!;
    expect(s).not.toBeNull();
    const q = await sqlCounts();
    expect(s.unit).toEqual({ code: tree.province.code, name: "测试省" });
    expect(figures(s)).toEqual(q.ALL);
    expect(s.committees).toBe(7); // 8 elections of the term, one not certified; the older term of 乙县 not at all
    expect(s.uncertified).toBe(1);
    expect(s.members.total).toBe(28);
    expect(figures(s.byKind.village)).toEqual(q.VILLAGE);
    expect(figures(s.byKind.community)).toEqual(q.COMMUNITY);
    expect([s.byKind.village.committees, s.byKind.community.committees]).toEqual([5, 2]);
    expect(s.byKind.community.uncertified).toBe(1);
    // 一肩挑 per kind: villages 2 of 5, communities 2 of 2.
    expect(s.byKind.village.dualRole).toMatchObject({ count: 2, rate: 0.4 });
    expect(s.byKind.community.dualRole).toMatchObject({ count: 2, rate: 1 });
    expect(s.byTownship.map((t) => [t.township.name, t.committees])).toEqual([
      ["甲一镇", 3],
      ["甲二乡", 1],
      ["乙一镇", 3],
    ]);
    // The generated data is varied enough for the comparison to mean something.
    expect([q.ALL.women, q.ALL.party, q.ALL.minority].every((n) => n > 0 && n < q.ALL.members)).toBe(true);
  });

  it("byKind adds up to the total, and the province is the sum of its counties", async () => {
    const s = (await getStatistics(provinceSupervisor, { unitCode: tree.province.code, termName: TERM }))!;
    const sum = (f: (x: Counts) => number) => COMMITTEE_KINDS.reduce((n, k) => n + f(figures(s.byKind[k])), 0);
    for (const key of ["committees", "members", "women", "party", "dualRole", "under35", "minority", "registered", "voted"] as const) {
      expect(
        sum((x) => x[key]),
        key,
      ).toBe(figures(s)[key]);
    }
    for (const code of Object.keys(s.education)) expect(s.byKind.village.education[code]! + s.byKind.community.education[code]!, code).toBe(s.education[code]);
    const a = (await getStatistics(admins.A, { unitCode: tree.countyA.code, termName: TERM }))!;
    const b = (await getStatistics(admins.B, { unitCode: tree.countyB.code, termName: TERM }))!;
    expect(a.committees + b.committees).toBe(s.committees);
    expect(a.members.total + b.members.total).toBe(s.members.total);
    expect(a.byKind.community.dualRole.count + b.byKind.community.dualRole.count).toBe(s.byKind.community.dualRole.count);
    // The city between the province and its counties gives the same figures.
    const city = (await getStatistics(provinceSupervisor, { unitCode: tree.city.code, termName: TERM }))!;
    expect({ ...city, unit: null }).toEqual({ ...s, unit: null });
  });

  it("the page's options at the province: the city, both counties and their townships in tree order, the term once", async () => {
    const o = (await getStatisticsOptions(provinceSupervisor))!;
    expect(o.units.map((u) => u.code)).toEqual([
      tree.province.code,
      tree.city.code,
      tree.countyA.code,
      tree.townA1.code,
      tree.townA2.code,
      tree.countyB.code,
      tree.townB1.code,
    ]);
    expect(o.terms.filter((t) => t.name === TERM)).toHaveLength(1);
    expect(o.terms.map((t) => t.name)).toContain(olderB.name);
  });

  it("a county administrator cannot read the province; the API answers 404 to them and 200 with byKind to the province supervisor", async () => {
    expect(await getStatistics(countyBAdmin, { unitCode: tree.province.code, termName: TERM })).toBeNull();
    const get = (code: string) =>
      GET(new Request(`http://localhost/api/v1/units/${code}/statistics?term=${encodeURIComponent(TERM)}`), { params: Promise.resolve({ code }) });
    session.actor = countyBAdmin;
    expect((await get(tree.province.code)).status).toBe(404);
    session.actor = provinceSupervisor;
    const res = await get(tree.province.code);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.committees).toBe(7);
    expect(body.byKind.village.dualRole).toMatchObject({ count: 2, rate: 0.4 });
    expect(body.byKind.community).toMatchObject({ committees: 2, members: { total: 8 }, turnout: { registered: 9000, voted: 6400 } });
    expect(body).toEqual(JSON.parse(JSON.stringify(await getStatistics(provinceSupervisor, { unitCode: tree.province.code, termName: TERM }))));
  });
});

describe("the statistics page at the province", () => {
  it("shows 村 / 社区 / 合计 side by side, with the province's figures", async () => {
    session.actor = provinceSupervisor;
    const html = renderToStaticMarkup(await StatisticsPage({ searchParams: Promise.resolve({ unit: tree.province.code, term: TERM }) }));
    const table = html.slice(html.indexOf('data-testid="statistics-by-kind"'), html.indexOf("</table>", html.indexOf('data-testid="statistics-by-kind"')));
    expect(table).toContain("<th>村</th><th>社区</th><th>合计</th>");
    const row = (label: string) => {
      const at = table.indexOf(`data-row="${label}"`);
      return [...table.slice(at, table.indexOf("</tr>", at)).matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ""));
    };
    expect(row("选出村(居)委会").slice(1)).toEqual(["5 个", "2 个", "7 个"]);
    expect(row("“一肩挑”").slice(1)).toEqual(["2 个（40%）", "2 个（100%）", "4 个（57.14%）"]);
    expect(row("当选成员").slice(1)).toEqual(["20 人", "8 人", "28 人"]);
    // The unit chooser offers the city too, indented under the province.
    expect(html).toMatch(new RegExp(`<option value="${tree.city.code}"[^>]*>　测试市</option>`));
  });
});
