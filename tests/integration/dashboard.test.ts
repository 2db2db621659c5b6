// The oversight dashboard against a real database: a small generated county whose villages are put in
// every stage on purpose, so the dashboard's counts are checked against the plan, not against itself.
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { addDays, dateOfDay } from "@/lib/domain/days";
import { STAGE_LABEL, STAGES, type Stage } from "@/lib/domain/oversight";
import { executeAction } from "@/lib/server/action";
import { getDashboard, getVillageDrilldown, setRisk } from "@/lib/server/oversight/dashboard";
import { buildDashboardWorkbook, SHEET } from "@/lib/server/oversight/dashboard-excel";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { auditMark, auditSince } from "../support/db-state";
import { makeActor, makeTree, makeUnit, type UnitFixture } from "../support/fixtures";
import { makeCampaign, makeElection } from "../support/nomination-fixtures";
import { setupTestDatabase } from "../support/test-db";

const { prisma } = await setupTestDatabase();

const TODAY = "2026-03-10";
const tree = await makeTree(prisma);

// County C: three townships; each village is planned into a stage (the plan is the expected answer).
const countyC = await makeUnit(prisma, tree.city, "980103000000", "丙县", "COUNTY");
const PLAN: Record<string, Stage[]> = {
  丙一镇: ["notStarted", "nominating", "nominating", "inVetting", "formalPublished", "pollingReady", "counting"],
  丙二乡: ["confirmed", "certified", "sealed", "inVetting", "notStarted"],
  丙三街道: ["pollingReady", "counting", "counting", "sealed"],
};
const campaign = await makeCampaign(prisma, countyC.id);
await prisma.campaign.update({ where: { id: campaign.id }, data: { endDate: dateOfDay("2026-04-30") } });
const townships: Record<string, UnitFixture> = {};
const villages: { unit: UnitFixture; stage: Stage; township: string }[] = [];
let t = 0;
for (const [name, stages] of Object.entries(PLAN)) {
  t++;
  const township = await makeUnit(prisma, countyC, `980103${100 + t}000`, name, name.endsWith("街道") ? "STREET" : name.endsWith("镇") ? "TOWN" : "TOWNSHIP");
  townships[name] = township;
  for (const [i, stage] of stages.entries()) {
    const unit = await makeUnit(prisma, township, `980103${100 + t}${200 + i}`, `${name.slice(0, 2)}${i + 1}村`, "VILLAGE");
    villages.push({ unit, stage, township: name });
    await putInStage(prisma, unit, stage);
  }
}

/** Writes an election in the given stage (election day 2026-03-20, so the formal list is due 2026-03-15). */
async function putInStage(p: PrismaClient, village: UnitFixture, stage: Stage) {
  if (stage === "notStarted") return;
  const listStatus = stage === "nominating" ? "DRAFT" : stage === "inVetting" ? "SUBMITTED" : undefined;
  const e = await makeElection(p, campaign.id, village.id, { listStatus: listStatus ?? "DRAFT", electionDay: "2026-03-20" });
  if (listStatus) return;
  await p.election.update({ where: { id: e.id }, data: { listStatus: "FORMAL", formalPublishedAt: new Date("2026-03-05T02:00:00Z") } });
  if (stage === "formalPublished") return;
  const station = await p.pollingStation.create({ data: { electionId: e.id, name: "中心会场", kind: "CENTRAL" } });
  const box = await p.ballotBox.create({ data: { electionId: e.id, stationId: station.id, name: "1号票箱", kind: "FIXED", voters: 800 } });
  if (stage === "pollingReady") return;
  const round = await p.votingRound.create({ data: { electionId: e.id, number: 1, kind: "FIRST", ballot: { sections: [] } } });
  await p.boxTally.create({ data: { electionId: e.id, roundId: round.id, boxId: box.id, status: "AWAITING_SECOND" } });
  if (stage === "counting") return;
  const now = new Date("2026-03-20T10:00:00Z");
  await p.election.update({
    where: { id: e.id },
    data: { resultConfirmedAt: now, certifiedAt: stage === "confirmed" ? null : now, sealedAt: stage === "sealed" ? now : null },
  });
}

const tally = (stages: Stage[]) => Object.fromEntries(STAGES.map((s) => [s, stages.filter((x) => x === s).length]));

const county = await makeActor(prisma, "COUNTY_ADMIN", countyC);
const officer = await makeActor(prisma, "TOWNSHIP_OFFICER", townships["丙一镇"]!);
const supervisor = await makeActor(prisma, "SUPERVISOR", countyC);
const clerk = await makeActor(prisma, "VILLAGE_CLERK", villages[0]!.unit);
// A disabled clerk does not count as an active user.
const disabledClerk = await makeActor(prisma, "VILLAGE_CLERK", villages[1]!.unit);
await prisma.user.update({ where: { id: disabledClerk.userId }, data: { disabled: true } });
const otherCountyAdmin = await makeActor(prisma, "COUNTY_ADMIN", tree.countyA);

describe("getDashboard", () => {
  it("counts every stage of the county as planned, and per township", async () => {
    const d = (await getDashboard(county, campaign.id, null, { today: TODAY }))!;
    expect(d.unit.name).toBe("丙县");
    expect(d.childLevel).toBe("TOWNSHIP");
    expect(d.stageCounts).toEqual(tally(villages.map((v) => v.stage)));
    expect(d.totals.villages).toBe(16);
    expect(d.reached.notStarted).toBe(16);
    expect(d.reached.confirmed).toBe(4);
    expect(d.children.map((c) => c.name)).toEqual(["丙一镇", "丙二乡", "丙三街道"]);
    for (const c of d.children) {
      expect(c.stageCounts, c.name).toEqual(tally(PLAN[c.name]!));
      expect(c.villages).toBe(PLAN[c.name]!.length);
    }
    expect(d.notStarted.map((v) => v.name)).toEqual(["丙一1村", "丙二5村"]);
    expect(d.villages.find((v) => v.name === "丙三1村")).toMatchObject({ stage: "pollingReady", electionDay: "2026-03-20", township: { name: "丙三街道" } });
  });

  it("the same counts from plain SQL over the raw tables", async () => {
    const rows = await prisma.$queryRawUnsafe<{ stage: string; n: number }[]>(
      `SELECT CASE
         WHEN e.id IS NULL THEN 'notStarted'
         WHEN e."sealedAt" IS NOT NULL THEN 'sealed'
         WHEN e."certifiedAt" IS NOT NULL THEN 'certified'
         WHEN e."resultConfirmedAt" IS NOT NULL THEN 'confirmed'
         WHEN EXISTS (SELECT 1 FROM "VotingRound" r WHERE r."electionId" = e.id) THEN 'counting'
         WHEN e."listStatus" = 'FORMAL' AND EXISTS (SELECT 1 FROM "BallotBox" b WHERE b."electionId" = e.id) THEN 'pollingReady'
         WHEN e."listStatus" = 'FORMAL' THEN 'formalPublished'
         WHEN e."listStatus" IN ('SUBMITTED', 'IN_VETTING') THEN 'inVetting'
         ELSE 'nominating' END AS stage, count(*)::int AS n
       FROM "Unit" u LEFT JOIN "Election" e ON e."unitId" = u.id AND e."campaignId" = $1::uuid
       WHERE u.path LIKE $2 AND u.level = 'VILLAGE' GROUP BY 1`,
      campaign.id,
      `${countyC.path}%`,
    );
    const d = (await getDashboard(supervisor, campaign.id, null, { today: TODAY }))!;
    const fromSql = Object.fromEntries(STAGES.map((s) => [s, rows.find((r) => r.stage === s)?.n ?? 0]));
    expect(d.stageCounts).toEqual(fromSql);
  });

  it("lists what is overdue against the posting deadline and election day", async () => {
    const before = (await getDashboard(county, campaign.id, null, { today: TODAY }))!;
    expect(before.totals.overdue).toBe(0);
    const late = (await getDashboard(county, campaign.id, null, { today: "2026-03-16" }))!;
    // Not yet formal by 2026-03-15 (5 days before): two nominating, two in vetting.
    expect(late.totals.overdue).toBe(4);
    expect(late.villages.find((v) => v.name === "丙一2村")!.overdue).toEqual(["正式候选人名单应于2026年3月15日前公布（选举日前 5 日），至今未公布"]);
    const after = (await getDashboard(county, campaign.id, null, { today: "2026-03-21" }))!;
    expect(after.villages.find((v) => v.name === "丙三2村")!.overdue).toEqual(["选举日（2026年3月20日）已过 1 天，选举结果尚未经乡镇确认"]);
    expect(after.villages.find((v) => v.name === "丙一5村")!.overdue).toContain("选举日（2026年3月20日）已到，尚未设置票箱");
    expect(after.villages.find((v) => v.name === "丙二2村")!.overdue).toEqual([]);
    // All but the village never set up: election day passed and none of them is confirmed.
    expect(after.children.find((c) => c.name === "丙一镇")!.overdue).toBe(6);
    const ended = (await getDashboard(county, campaign.id, null, { today: "2026-05-01" }))!;
    expect(ended.villages.find((v) => v.name === "丙一1村")!.overdue).toEqual(["换届工作期限（2026年4月30日）已过，尚未设置选举"]);
  });

  it("flags villages without a user who can sign in", async () => {
    const d = (await getDashboard(county, campaign.id, null, { today: TODAY }))!;
    expect(d.villages.find((v) => v.id === villages[0]!.unit.id)!.activeUser).toBe(true);
    expect(d.villages.find((v) => v.id === villages[1]!.unit.id)!.activeUser).toBe(false);
    expect(d.totals.noActiveUser).toBe(15);
  });

  it("a township officer sees only their own villages and cannot open another township or the county", async () => {
    const d = (await getDashboard(officer, campaign.id, null, { today: TODAY }))!;
    expect(d.unit.name).toBe("丙一镇");
    expect(d.childLevel).toBe("VILLAGE");
    expect(d.villages.map((v) => v.name).sort()).toEqual(["丙一1村", "丙一2村", "丙一3村", "丙一4村", "丙一5村", "丙一6村", "丙一7村"]);
    expect(d.stageCounts).toEqual(tally(PLAN["丙一镇"]!));
    expect(d.children).toHaveLength(7);
    expect(d.breadcrumb.map((b) => [b.name, b.inScope])).toEqual([
      ["丙县", false],
      ["丙一镇", true],
    ]);
    expect(await getDashboard(officer, campaign.id, townships["丙二乡"]!.id)).toBeNull();
    expect(await getDashboard(officer, campaign.id, countyC.id)).toBeNull();
    const other = villages.find((v) => v.township === "丙二乡")!;
    expect(await getVillageDrilldown(officer, campaign.id, other.unit.id)).toBeNull();
  });

  it("the county drills down to a township; foreign counties and roles without oversight get nothing", async () => {
    const d = (await getDashboard(county, campaign.id, townships["丙三街道"]!.id, { today: TODAY }))!;
    expect(d.stageCounts).toEqual(tally(PLAN["丙三街道"]!));
    expect(d.breadcrumb.map((b) => b.name)).toEqual(["丙县", "丙三街道"]);
    expect(await getDashboard(otherCountyAdmin, campaign.id)).toBeNull();
    expect(await getDashboard(clerk, campaign.id)).toBeNull();
    // A village is not a dashboard unit: it has its own drill-down page.
    expect(await getDashboard(county, campaign.id, villages[0]!.unit.id)).toBeNull();
  });
});

describe("getVillageDrilldown", () => {
  it("shows a counting village's boxes and each round's box status", async () => {
    const v = villages.find((x) => x.township === "丙三街道" && x.stage === "counting")!;
    const d = (await getVillageDrilldown(county, campaign.id, v.unit.id, { today: TODAY }))!;
    expect(d.stage).toBe("counting");
    expect(d.election!.boxes.map((b) => b.name)).toEqual(["1号票箱"]);
    expect(d.election!.rounds).toEqual([
      expect.objectContaining({
        number: 1,
        label: "第一次投票",
        status: "COUNTING",
        boxes: [expect.objectContaining({ name: "1号票箱", status: "AWAITING_SECOND" })],
      }),
    ]);
    const none = (await getVillageDrilldown(county, campaign.id, villages[0]!.unit.id, { today: TODAY }))!;
    expect(none).toMatchObject({ stage: "notStarted", election: null, activeUser: true });
  });
});

describe("risk.set", () => {
  const village = () => villages.find((v) => v.township === "丙一镇" && v.stage === "nominating")!.unit;

  it("sets a level from a score, audited, then a level with a new note; a stale version is refused", async () => {
    const mark = await auditMark(prisma);
    const first = await executeAction(setRisk, officer, {
      campaignId: campaign.id,
      unitId: village().id,
      score: "61",
      level: "",
      note: "班子不团结，需重点关注",
      version: "0",
    });
    expect(first).toMatchObject({ ok: true, data: { level: "YELLOW", version: 1 } });
    const second = await executeAction(setRisk, officer, {
      campaignId: campaign.id,
      unitId: village().id,
      level: "RED",
      note: "信访集中，县乡领导包干，工作组进驻",
      version: 1,
    });
    expect(second).toMatchObject({ ok: true, data: { level: "RED", version: 2 } });
    const events = await auditSince(prisma, mark);
    expect(events.map((e) => ({ event: e.event, outcome: e.outcome, unitId: e.unitId, before: e.before, after: e.after }))).toEqual([
      {
        event: "risk.set",
        outcome: "SUCCESS",
        unitId: village().id,
        before: null,
        after: { campaignId: campaign.id, level: "YELLOW", score: 61, note: "班子不团结，需重点关注" },
      },
      {
        event: "risk.set",
        outcome: "SUCCESS",
        unitId: village().id,
        before: { level: "YELLOW", score: 61, note: "班子不团结，需重点关注" },
        after: { campaignId: campaign.id, level: "RED", score: null, note: "信访集中，县乡领导包干，工作组进驻" },
      },
    ]);

    const stale = await executeAction(setRisk, officer, { campaignId: campaign.id, unitId: village().id, level: "GREEN", note: "已化解", version: 1 });
    expect(stale).toMatchObject({ ok: false, code: "stale" });
    const row = await prisma.villageRisk.findFirstOrThrow({ where: { campaignId: campaign.id, unitId: village().id } });
    expect(row).toMatchObject({ level: "RED", score: null, version: 2, updatedById: officer.userId });

    // Red villages come first on the dashboard, with their note and who set it.
    const d = (await getDashboard(county, campaign.id, null, { today: TODAY }))!;
    expect(d.villages[0]).toMatchObject({
      id: village().id,
      risk: { level: "RED", note: "信访集中，县乡领导包干，工作组进驻", updatedBy: officer.displayName },
    });
    expect(d.totals.red).toBe(1);
    expect(d.children.find((c) => c.name === "丙一镇")!.red).toBe(1);
  });

  it("score boundaries 60/61/79/80 give red/yellow/yellow/green", async () => {
    const target = villages.find((v) => v.township === "丙三街道")!.unit;
    let version = 0;
    for (const [score, level] of [
      [60, "RED"],
      [61, "YELLOW"],
      [79, "YELLOW"],
      [80, "GREEN"],
    ] as const) {
      const res = await executeAction(setRisk, county, { campaignId: campaign.id, unitId: target.id, score, note: `评分 ${score}`, version });
      expect(res, String(score)).toMatchObject({ ok: true, data: { level } });
      version++;
    }
  });

  it("refuses both or neither of level and score, a score outside 0-100, a missing note, a note over 1000 characters", async () => {
    const base = { campaignId: campaign.id, unitId: village().id, note: "说明", version: 2 };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, level: "RED", score: 50 }, "level"],
      [{ ...base }, "level"],
      [{ ...base, score: 101 }, "score"],
      [{ ...base, score: -1 }, "score"],
      [{ ...base, level: "BLUE" }, "level"],
      [{ ...base, level: "RED", note: "  " }, "note"],
      [{ ...base, level: "RED", note: "字".repeat(1001) }, "note"],
    ];
    for (const [input, field] of cases) {
      const res = await executeAction(setRisk, officer, input);
      expect(res, JSON.stringify(input).slice(0, 80)).toMatchObject({ ok: false, code: "invalid" });
      expect(res.ok ? {} : res.fieldErrors).toHaveProperty(field);
    }
  });

  it("a township officer cannot set another township's village; a supervisor cannot set any", async () => {
    const other = villages.find((v) => v.township === "丙二乡")!.unit;
    expect(await executeAction(setRisk, officer, { campaignId: campaign.id, unitId: other.id, level: "RED", note: "x", version: 0 })).toMatchObject({
      ok: false,
      code: "not_found",
    });
    expect(await executeAction(setRisk, supervisor, { campaignId: campaign.id, unitId: other.id, level: "RED", note: "x", version: 0 })).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    // The campaign must be the village's county's.
    const foreign = await makeCampaign(prisma, tree.countyA.id);
    expect(await executeAction(setRisk, county, { campaignId: foreign.id, unitId: other.id, level: "RED", note: "x", version: 0 })).toMatchObject({
      ok: false,
      code: "not_found",
    });
    expect(await prisma.villageRisk.count({ where: { unitId: other.id } })).toBe(0);
  });

  it("a closed campaign takes no more risk settings", async () => {
    const closed = await makeCampaign(prisma, countyC.id);
    await prisma.campaign.update({ where: { id: closed.id }, data: { status: "CLOSED", endDate: dateOfDay(addDays(TODAY, 1)) } });
    const res = await executeAction(setRisk, officer, { campaignId: closed.id, unitId: village().id, level: "GREEN", note: "x", version: 0 });
    expect(res).toMatchObject({ ok: false, code: "invalid", error: "该换届已结束，不能再设定风险等级" });
  });
});

describe("the Excel export", () => {
  it("has one sheet per table, frozen Chinese headers, and the dashboard's numbers", async () => {
    const d = (await getDashboard(county, campaign.id, null, { today: TODAY }))!;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await buildDashboardWorkbook(d)) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([SHEET.stages, SHEET.children, SHEET.villages, SHEET.notStarted]);
    for (const ws of wb.worksheets) expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    const values = (name: string) =>
      wb
        .getWorksheet(name)!
        .getSheetValues()
        .slice(1)
        .map((r) => (r as unknown[]).slice(1));
    const stages = values(SHEET.stages);
    expect(stages[0]!.slice(0, 3)).toEqual(["阶段", "村(社区)数", "已达到该阶段(累计)"]);
    expect(Object.fromEntries(stages.slice(1, 1 + STAGES.length).map((r) => [r[0], r[1]]))).toEqual(
      Object.fromEntries(STAGES.map((s) => [STAGE_LABEL[s], tally(villages.map((v) => v.stage))[s]])),
    );
    expect(stages.at(-1)!.slice(0, 2)).toEqual(["合计", 16]);
    const children = values(SHEET.children);
    expect(children.slice(1).map((r) => [r[0], r[1], r[2]])).toEqual([
      ["丙一镇", "980103101000", 7],
      ["丙二乡", "980103102000", 5],
      ["丙三街道", "980103103000", 4],
    ]);
    const villageRows = values(SHEET.villages).slice(1);
    expect(villageRows).toHaveLength(16);
    // Red first, with its note (set by the risk.set tests above).
    expect(villageRows[0]!.slice(5, 8)).toEqual(["红（复杂）", null, "信访集中，县乡领导包干，工作组进驻"].map((x) => x ?? undefined));
    expect(
      values(SHEET.notStarted)
        .slice(1)
        .map((r) => r[1]),
    ).toEqual(["丙一1村", "丙二5村"]);
  });
});
