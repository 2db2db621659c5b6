// The province dashboard against a real database: two counties of a small province, each with a campaign of
// the same term name, checked against a plain SQL count and against the hand-written SQL of the benchmark.
import { describe, expect, it } from "vitest";
import { todayInChina } from "@/lib/domain/days";
import { getProvinceDashboard, provinceDashboardSql } from "@/lib/server/oversight/province-dashboard";
import { makeActor, makeTree, makeUnit } from "../support/fixtures";
import { makeCampaign, makeElection } from "../support/nomination-fixtures";
import { setupTestDatabase } from "../support/test-db";

const { prisma } = await setupTestDatabase();
const tree = await makeTree(prisma);
const community = await makeUnit(prisma, tree.townA1, "980101100001", "新华社区", "COMMUNITY");
const campaignA = await makeCampaign(prisma, tree.countyA.id);
const campaignB = await makeCampaign(prisma, tree.countyB.id);
await prisma.campaign.update({ where: { id: campaignB.id }, data: { name: campaignA.name } });
await makeElection(prisma, campaignA.id, tree.villageA1a.id);
await makeElection(prisma, campaignA.id, community.id, { listStatus: "SUBMITTED" });
await makeElection(prisma, campaignB.id, tree.villageB1a.id);
await prisma.villageRisk.create({
  data: {
    campaignId: campaignA.id,
    unitId: tree.villageA2a.id,
    level: "RED",
    note: "研判",
    updatedById: (await makeActor(prisma, "TOWNSHIP_OFFICER", tree.townA2)).userId,
  },
});

const provinceSupervisor = await makeActor(prisma, "SUPERVISOR", tree.province);
const countySupervisor = await makeActor(prisma, "SUPERVISOR", tree.countyB);

describe("getProvinceDashboard", () => {
  it("shows every county with the same unit count as a plain SQL count, communities apart", async () => {
    const d = await getProvinceDashboard(provinceSupervisor, { term: campaignA.name });
    expect(d).not.toBeNull();
    expect(d!.rows.map((r) => r.name)).toEqual(["甲县", "乙县"]);
    const [row] = await prisma.$queryRaw<
      { n: number }[]
    >`SELECT count(*)::int AS n FROM "Unit" WHERE path LIKE ${`${tree.province.path}%`} AND level = 'VILLAGE' AND active`;
    expect(d!.totals.units).toBe(row!.n);
    const a = d!.rows.find((r) => r.name === "甲县")!;
    expect(a).toMatchObject({ units: 4, villages: 3, communities: 1, red: 1, campaignId: campaignA.id });
    expect(a.stageCounts).toMatchObject({ notStarted: 2, nominating: 1, inVetting: 1 });
    expect(d!.totals.villages + d!.totals.communities).toBe(d!.totals.units);
  });

  it("agrees with the hand-written SQL of the benchmark", async () => {
    const d = (await getProvinceDashboard(provinceSupervisor, { term: campaignA.name }))!;
    const sql = await prisma.$queryRaw<
      { countyId: string; units: number; communities: number; notStarted: number; overdue: number; red: number; noActiveUser: number }[]
    >(provinceDashboardSql(tree.province.path, [campaignA.id, campaignB.id], todayInChina()));
    for (const r of d.rows) {
      const s = sql.find((x) => x.countyId === r.id)!;
      expect({ units: s.units, communities: s.communities, notStarted: s.notStarted, overdue: s.overdue, red: s.red, noActiveUser: s.noActiveUser }).toEqual({
        units: r.units,
        communities: r.communities,
        notStarted: r.stageCounts.notStarted,
        overdue: r.overdue,
        red: r.red,
        noActiveUser: r.noActiveUser,
      });
    }
  });

  it("a county supervisor gets no province overview, and cannot name the province as its root", async () => {
    expect(await getProvinceDashboard(countySupervisor)).toBeNull();
    expect(await getProvinceDashboard(countySupervisor, { unitId: tree.province.id })).toBeNull();
    expect(await getProvinceDashboard(countySupervisor, { unitId: tree.city.id })).toBeNull();
  });

  it("a city supervisor sees its counties only", async () => {
    const city = await makeActor(prisma, "SUPERVISOR", tree.city);
    const d = await getProvinceDashboard(city, { term: campaignA.name });
    expect(d!.rows.map((r) => r.name)).toEqual(["甲县", "乙县"]);
  });
});
