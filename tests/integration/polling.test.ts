// Polling setup (投票准备) as the village's election committee notices it: stations and boxes checked
// against the registered voters, proxy votes refused over the limit or to a candidate, a candidate's
// relative kept off the staff, everything locked once the result is confirmed (in the app and in
// PostgreSQL), and the county's double-entry switch.
import { describe, expect, it } from "vitest";
import { dateOfDay } from "@/lib/domain/days";
import { maskIdNumber } from "@/lib/domain/id-number";
import { DEFAULT_RULES } from "@/lib/domain/rule-pack";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { executeAction, type ActionResult } from "@/lib/server/action";
import {
  addProxy,
  addStaff,
  deleteBox,
  deleteProxy,
  deleteStaff,
  deleteStation,
  getPollingSetup,
  pollingSetupProblems,
  saveBox,
  saveStation,
  setDoubleEntry,
} from "@/lib/server/election-day/polling";
import { auditMark, auditSince } from "../support/db-state";
import { makeFormalElection } from "../support/election-day-fixtures";
import { makeActor, makeTree } from "../support/fixtures";
import { addValidList, freshPerson, makeCampaign, makeElection } from "../support/nomination-fixtures";
import { setupTestDatabase } from "../support/test-db";

const { prisma } = await setupTestDatabase();
const tree = await makeTree(prisma);

const countyAdmin = await makeActor(prisma, "COUNTY_ADMIN", tree.countyA, { username: "admin_a" });
const officerA1 = await makeActor(prisma, "TOWNSHIP_OFFICER", tree.townA1, { username: "officer_a1" });
const officerA2 = await makeActor(prisma, "TOWNSHIP_OFFICER", tree.townA2, { username: "officer_a2" });
const clerkA1a = await makeActor(prisma, "VILLAGE_CLERK", tree.villageA1a, { username: "clerk_a1a" });
const supervisorA = await makeActor(prisma, "SUPERVISOR", tree.countyA, { username: "supervisor_a" });

const campaign = await makeCampaign(prisma, tree.countyA.id);

function ok<T>(res: ActionResult<T>): T {
  if (!res.ok) throw new Error(`expected ok, got ${JSON.stringify(res)}`);
  return res.data;
}

/** Rows of the polling tables and the election's switches: equal = nothing written. */
async function pollingState(p: PrismaClient, electionId: string) {
  const where = { where: { electionId } };
  return {
    stations: await p.pollingStation.findMany({ ...where, orderBy: { id: "asc" } }),
    boxes: await p.ballotBox.findMany({ ...where, orderBy: { id: "asc" } }),
    proxies: await p.proxyVote.findMany({ ...where, orderBy: { id: "asc" } }),
    staff: await p.pollingStaff.findMany({ ...where, orderBy: { id: "asc" } }),
    election: await p.election.findUniqueOrThrow({ where: { id: electionId }, select: { doubleEntry: true, version: true } }),
  };
}

/** What audit rows keep about their objects, as text (to look for ID numbers). */
const auditPayload = (events: { before: unknown; after: unknown; detail: unknown }[]) => JSON.stringify(events.map((e) => [e.before, e.after, e.detail]));

/** A formal election in village A1a (fresh campaign each time so elections never collide). */
async function formalElection() {
  const c = await makeCampaign(prisma, tree.countyA.id);
  return makeFormalElection(prisma, c.id, tree.villageA1a.id, tree.countyA.id);
}

/** Someone who is not on any list: a valid ID number and a name. */
function outsider(name: string) {
  return { name, idNumber: freshPerson().idNumber };
}

// ---------------------------------------------------------------------------------------------

describe("stations and boxes", () => {
  it("a clerk sets up a central station with boxes and staff until nothing is wrong; the problems say what is missing", async () => {
    const election = await makeElection(prisma, campaign.id, tree.villageA1a.id);
    await addValidList(prisma, election.id, tree.countyA.id);
    const electionId = election.id;

    expect((await getPollingSetup(clerkA1a, electionId))!.problems.map((p) => p.code)).toEqual(["polling.noStation", "polling.noBox", "polling.noStaff"]);

    const mark = await auditMark(prisma);
    const central = ok(await executeAction(saveStation, clerkA1a, { electionId, name: "中心会场", kind: "CENTRAL", place: "村委会大院" }));
    const sub = ok(await executeAction(saveStation, clerkA1a, { electionId, name: "三组分会场", kind: "SUB", place: "三组晒场" }));
    // One central station per election.
    expect(await executeAction(saveStation, clerkA1a, { electionId, name: "东会场", kind: "CENTRAL" })).toMatchObject({
      ok: false,
      code: "invalid",
      error: "已有中心会场「中心会场」，每次选举只设一个中心会场",
    });
    expect(await executeAction(saveStation, clerkA1a, { electionId, name: "中心会场", kind: "SUB" })).toMatchObject({
      ok: false,
      code: "conflict",
      error: "已有名为「中心会场」的投票站",
    });

    const box1 = ok(await executeAction(saveBox, clerkA1a, { electionId, stationId: central.id, name: "1号票箱", kind: "FIXED", voters: "600" }));
    ok(await executeAction(saveBox, clerkA1a, { electionId, stationId: sub.id, name: "2号票箱", kind: "FIXED", voters: "170" }));
    // A mobile box goes with the central meeting's count.
    expect(await executeAction(saveBox, clerkA1a, { electionId, stationId: sub.id, name: "流动票箱", kind: "MOBILE", voters: "30" })).toMatchObject({
      ok: false,
      code: "invalid",
      fieldErrors: { stationId: "流动票箱应归属中心会场" },
    });
    const mobile = ok(await executeAction(saveBox, clerkA1a, { electionId, stationId: central.id, name: "流动票箱", kind: "MOBILE", voters: "30" }));

    let view = (await getPollingSetup(clerkA1a, electionId))!;
    expect(view.boxVoters).toBe(800);
    expect(view.problems.map((p) => p.message)).toEqual(["流动票箱「流动票箱」须有至少 3 名监票人随箱，现有 0 名", "尚未登记监票人、唱票人、计票人"]);
    expect(await pollingSetupProblems(prisma, electionId)).toEqual([
      { severity: "error", code: "polling.mobileMonitors", message: "流动票箱「流动票箱」须有至少 3 名监票人随箱，现有 0 名" },
    ]);

    const people = [outsider("监一"), outsider("监二"), outsider("监三"), outsider("唱票甲"), outsider("计票乙")];
    for (const p of people.slice(0, 3)) ok(await executeAction(addStaff, clerkA1a, { electionId, ...p, duty: "MONITOR", boxId: mobile.id }));
    ok(await executeAction(addStaff, officerA1, { electionId, ...people[3]!, duty: "CALLER", boxId: "" }));
    ok(await executeAction(addStaff, officerA1, { electionId, ...people[4]!, duty: "COUNTER", boxId: box1.id }));
    expect(await pollingSetupProblems(prisma, electionId)).toEqual([]);
    view = (await getPollingSetup(clerkA1a, electionId))!;
    expect(view.problems).toEqual([]);
    expect(view.stations.map((s) => [s.name, s.kind, s.boxes.map((b) => [b.name, b.kind, b.voters, b.monitors])])).toEqual([
      [
        "中心会场",
        "CENTRAL",
        [
          ["1号票箱", "FIXED", 600, 0],
          ["流动票箱", "MOBILE", 30, 3],
        ],
      ],
      ["三组分会场", "SUB", [["2号票箱", "FIXED", 170, 0]]],
    ]);
    // The page sees masked ID numbers only.
    expect(view.staff.map((s) => s.idNumber)).toEqual(expect.arrayContaining(people.map((p) => maskIdNumber(p.idNumber))));
    expect(JSON.stringify(view)).not.toContain(people[0]!.idNumber);
    expect(view.canEdit).toBe(true);
    expect(view.canConfigure).toBe(false);

    // Changing a box's voters so the total no longer adds up: both numbers in the message.
    const row = await prisma.ballotBox.findUniqueOrThrow({ where: { id: box1.id } });
    ok(
      await executeAction(saveBox, clerkA1a, {
        electionId,
        id: box1.id,
        version: row.version,
        stationId: central.id,
        name: "1号票箱",
        kind: "FIXED",
        voters: "500",
      }),
    );
    expect((await pollingSetupProblems(prisma, electionId)).map((p) => p.message)).toEqual([
      "各票箱服务的选民数合计 700 人，与本村登记选民数 800 人不一致（少 100 人）",
    ]);
    // The old version is stale now.
    expect(
      await executeAction(saveBox, clerkA1a, {
        electionId,
        id: box1.id,
        version: row.version,
        stationId: central.id,
        name: "1号票箱",
        kind: "FIXED",
        voters: "600",
      }),
    ).toMatchObject({
      ok: false,
      code: "stale",
    });

    // A station with boxes cannot go; a box with staff cannot go either.
    const centralRow = await prisma.pollingStation.findUniqueOrThrow({ where: { id: central.id } });
    expect(await executeAction(deleteStation, clerkA1a, { electionId, id: central.id, version: centralRow.version })).toMatchObject({
      ok: false,
      error: "「中心会场」还有 2 个票箱，请先删除票箱",
    });
    const mobileRow = await prisma.ballotBox.findUniqueOrThrow({ where: { id: mobile.id } });
    expect(await executeAction(deleteBox, clerkA1a, { electionId, id: mobile.id, version: mobileRow.version })).toMatchObject({
      ok: false,
      error: "「流动票箱」还有 3 名工作人员，请先删除或改派",
    });
    // The central station with a mobile box cannot become a sub-station.
    expect(
      await executeAction(saveStation, clerkA1a, { electionId, id: central.id, version: centralRow.version, name: "中心会场", kind: "SUB" }),
    ).toMatchObject({
      ok: false,
      error: "「中心会场」有流动票箱，流动票箱须归属中心会场，不能改为分会场",
    });

    const events = (await auditSince(prisma, mark)).map((e) => e.event);
    expect(events.filter((e) => e === "polling.station.saved")).toHaveLength(2);
    expect(events.filter((e) => e === "polling.box.saved")).toHaveLength(4);
    expect(events.filter((e) => e === "polling.staff.added")).toHaveLength(5);
    const auditText = auditPayload(await auditSince(prisma, mark));
    for (const p of people) expect(auditText).not.toContain(p.idNumber);
    expect(auditText).toContain(maskIdNumber(people[0]!.idNumber));
  });

  it("empty boxes and stations are deleted with their audit events", async () => {
    const { election, station, boxes } = await formalElection();
    const electionId = election.id;
    const extra = ok(await executeAction(saveStation, officerA1, { electionId, name: "五组分会场", kind: "SUB" }));
    const mark = await auditMark(prisma);
    ok(await executeAction(deleteStation, officerA1, { electionId, id: extra.id, version: 1 }));
    ok(await executeAction(deleteBox, officerA1, { electionId, id: boxes.fixed.id, version: boxes.fixed.version }));
    expect(await prisma.ballotBox.findMany({ where: { electionId }, select: { id: true } })).toEqual([{ id: boxes.mobile.id }]);
    expect((await auditSince(prisma, mark)).map((e) => [e.event, e.objectId])).toEqual([
      ["polling.station.deleted", extra.id],
      ["polling.box.deleted", boxes.fixed.id],
    ]);
    expect(station.kind).toBe("CENTRAL");
  });

  it("another township's officer and a foreign election's box are not found", async () => {
    const { election, station } = await formalElection();
    const before = await pollingState(prisma, election.id);
    expect(await executeAction(saveStation, officerA2, { electionId: election.id, name: "越权会场", kind: "SUB" })).toMatchObject({
      ok: false,
      code: "not_found",
    });
    expect(await getPollingSetup(officerA2, election.id)).toBeNull();
    // A station of another election, named with this election's id, is not found either.
    const other = await formalElection();
    expect(
      await executeAction(saveBox, clerkA1a, { electionId: other.election.id, stationId: station.id, name: "借用", kind: "FIXED", voters: 1 }),
    ).toMatchObject({
      ok: false,
      code: "not_found",
    });
    expect(await pollingState(prisma, election.id)).toEqual(before);
    // A supervisor sees the setup read-only.
    const view = await getPollingSetup(supervisorA, election.id);
    expect(view).toMatchObject({ canEdit: false, canConfigure: false, doubleEntry: true });
    expect(await executeAction(saveStation, supervisorA, { electionId: election.id, name: "督导会场", kind: "SUB" })).toMatchObject({
      ok: false,
      code: "forbidden",
    });
  });
});

describe("proxy votes", () => {
  it("a proxy takes at most proxiesPerVoter principals; the next one is refused and nothing is written", async () => {
    const { election } = await formalElection();
    const electionId = election.id;
    const proxy = outsider("李受托");
    const view = (await getPollingSetup(clerkA1a, electionId))!;
    expect(view.rules.proxiesPerVoter).toBe(DEFAULT_RULES.proxiesPerVoter);
    for (let i = 0; i < 3; i++) {
      const principal = outsider(`委托人${"甲乙丙丁"[i]}`);
      ok(
        await executeAction(addProxy, clerkA1a, {
          electionId,
          principalName: principal.name,
          principalIdNumber: principal.idNumber,
          proxyName: proxy.name,
          proxyIdNumber: proxy.idNumber.toLowerCase(),
          relation: "SIBLING",
        }),
      );
    }
    const before = await pollingState(prisma, electionId);
    const mark = await auditMark(prisma);
    const fourth = outsider("委托人丁");
    const res = await executeAction(addProxy, clerkA1a, {
      electionId,
      principalName: fourth.name,
      principalIdNumber: fourth.idNumber,
      proxyName: proxy.name,
      proxyIdNumber: proxy.idNumber,
      relation: "",
    });
    expect(res).toMatchObject({
      ok: false,
      code: "invalid",
      error: "「李受托」已接受 3 人委托，每人接受委托不超过 3 人",
      fieldErrors: { proxyIdNumber: "「李受托」已接受 3 人委托，每人接受委托不超过 3 人" },
    });
    expect(await pollingState(prisma, electionId)).toEqual(before);
    expect(await auditSince(prisma, mark)).toEqual([]);

    // The list shows masked numbers; deleting one frees a place.
    const list = (await getPollingSetup(clerkA1a, electionId))!.proxies;
    expect(list).toHaveLength(3);
    expect(list[0]).toMatchObject({ principalName: "委托人甲", proxyName: "李受托", proxyIdNumber: maskIdNumber(proxy.idNumber), relation: "SIBLING" });
    ok(await executeAction(deleteProxy, clerkA1a, { electionId, id: list[0]!.id }));
    ok(
      await executeAction(addProxy, clerkA1a, {
        electionId,
        principalName: fourth.name,
        principalIdNumber: fourth.idNumber,
        proxyName: proxy.name,
        proxyIdNumber: proxy.idNumber,
      }),
    );
    const events = await auditSince(prisma, mark);
    expect(events.map((e) => e.event)).toEqual(["polling.proxy.deleted", "polling.proxy.added"]);
    expect(auditPayload(events)).not.toContain(proxy.idNumber);
    expect(events[1]!.after).toMatchObject({ principalName: "委托人丁", proxyIdMasked: maskIdNumber(proxy.idNumber) });
  });

  it("the campaign's own limit applies (a county with one proxy per voter)", async () => {
    const strict = await makeCampaign(prisma, tree.countyA.id, { ...DEFAULT_RULES, proxiesPerVoter: 1 });
    const { election } = await makeFormalElection(prisma, strict.id, tree.villageA1a.id, tree.countyA.id);
    const proxy = outsider("王受托");
    const [a, b] = [outsider("甲委托"), outsider("乙委托")];
    ok(
      await executeAction(addProxy, clerkA1a, {
        electionId: election.id,
        principalName: a.name,
        principalIdNumber: a.idNumber,
        proxyName: proxy.name,
        proxyIdNumber: proxy.idNumber,
      }),
    );
    expect(
      await executeAction(addProxy, clerkA1a, {
        electionId: election.id,
        principalName: b.name,
        principalIdNumber: b.idNumber,
        proxyName: proxy.name,
        proxyIdNumber: proxy.idNumber,
      }),
    ).toMatchObject({
      ok: false,
      error: "「王受托」已接受 1 人委托，每人接受委托不超过 1 人",
    });
    expect((await getPollingSetup(clerkA1a, election.id))!.rules.proxiesPerVoter).toBe(1);
  });

  it("a formal candidate may not accept a proxy; one dropped from the formal list may", async () => {
    const { election, candidates } = await formalElection();
    const electionId = election.id;
    const [first, dropped] = [candidates[0]!, candidates[4]!];
    await prisma.candidate.update({ where: { id: dropped.candidate.id }, data: { formalRank: null } });
    const before = await pollingState(prisma, electionId);
    const principal = outsider("赵委托");
    const res = await executeAction(addProxy, clerkA1a, {
      electionId,
      principalName: principal.name,
      principalIdNumber: principal.idNumber,
      proxyName: first.person.name,
      proxyIdNumber: first.person.idNumber,
    });
    expect(res).toMatchObject({ ok: false, code: "invalid", error: `「${first.person.name}」是本次选举的候选人，候选人不得接受委托` });
    expect(await pollingState(prisma, electionId)).toEqual(before);
    ok(
      await executeAction(addProxy, clerkA1a, {
        electionId,
        principalName: principal.name,
        principalIdNumber: principal.idNumber,
        proxyName: dropped.person.name,
        proxyIdNumber: dropped.person.idNumber,
      }),
    );
  });

  it("no duplicate principal, no re-delegation, and bad ID numbers are refused field by field", async () => {
    const { election } = await formalElection();
    const electionId = election.id;
    const [a, b, c] = [outsider("甲"), outsider("乙"), outsider("丙")];
    ok(
      await executeAction(addProxy, clerkA1a, {
        electionId,
        principalName: a.name,
        principalIdNumber: a.idNumber,
        proxyName: b.name,
        proxyIdNumber: b.idNumber,
      }),
    );
    const add = (p: { name: string; idNumber: string }, q: { name: string; idNumber: string }) =>
      executeAction(addProxy, clerkA1a, { electionId, principalName: p.name, principalIdNumber: p.idNumber, proxyName: q.name, proxyIdNumber: q.idNumber });
    expect(await add(a, c)).toMatchObject({ ok: false, error: "「甲」已登记委托投票，每人只能委托一次" });
    expect(await add(b, c)).toMatchObject({ ok: false, error: "「乙」已接受他人委托，不能再委托别人投票（不得转委托）" });
    expect(await add(c, a)).toMatchObject({ ok: false, error: "「甲」本人已委托他人投票，不能再接受委托（不得转委托）" });
    expect(await add(c, c)).toMatchObject({ ok: false, error: "委托人和受托人不能是同一人" });
    expect(await add({ name: "丁", idNumber: "11010119800101001" }, b)).toMatchObject({
      ok: false,
      code: "invalid",
      fieldErrors: { principalIdNumber: "身份证号码长度应为 18 位，当前为 17 位" },
    });
    expect(await prisma.proxyVote.count({ where: { electionId } })).toBe(1);
  });
});

describe("staff", () => {
  it("a candidate and a candidate's near relative may not serve; the message names the candidate and the relation", async () => {
    const { election, candidates, boxes } = await formalElection();
    const electionId = election.id;
    const cand = candidates[2]!;
    // The relative is a person of the county (e.g. from an earlier list), linked to the candidate.
    const rel = freshPerson("FEMALE");
    const relative = await prisma.person.create({
      data: {
        countyId: tree.countyA.id,
        name: "周亲属",
        gender: "FEMALE",
        ethnicity: "01",
        birthDate: dateOfDay(rel.birthDate),
        idNumber: rel.idNumber,
        education: "60",
        political: "MASSES",
        currentPosts: [],
        tags: [],
      },
    });
    const [personAId, personBId] = [relative.id, cand.person.id].sort() as [string, string];
    await prisma.kinship.create({ data: { personAId, personBId, relation: "SIBLING" } });

    const before = await pollingState(prisma, electionId);
    const mark = await auditMark(prisma);
    expect(
      await executeAction(addStaff, clerkA1a, { electionId, name: "周亲属", idNumber: rel.idNumber, duty: "MONITOR", boxId: boxes.mobile.id }),
    ).toMatchObject({
      ok: false,
      code: "invalid",
      error: `「周亲属」是候选人「${cand.person.name}」的近亲属（兄弟姐妹），不得担任监票人`,
    });
    expect(
      await executeAction(addStaff, clerkA1a, { electionId, name: cand.person.name, idNumber: cand.person.idNumber, duty: "COUNTER", boxId: "" }),
    ).toMatchObject({
      ok: false,
      error: `「${cand.person.name}」是本次选举的候选人，不得担任计票人`,
    });
    expect(await pollingState(prisma, electionId)).toEqual(before);
    expect(await auditSince(prisma, mark)).toEqual([]);

    // Someone unrelated serves once; the same person cannot be listed twice; deleting is audited.
    const helper = outsider("吴监票");
    const added = ok(await executeAction(addStaff, clerkA1a, { electionId, ...helper, duty: "MONITOR", boxId: boxes.mobile.id }));
    expect(await executeAction(addStaff, clerkA1a, { electionId, ...helper, duty: "CALLER" })).toMatchObject({
      ok: false,
      error: "「吴监票」已登记为本次选举的工作人员，每人只能登记一次",
    });
    ok(await executeAction(deleteStaff, clerkA1a, { electionId, id: added.id }));
    expect((await auditSince(prisma, mark)).map((e) => e.event)).toEqual(["polling.staff.added", "polling.staff.deleted"]);
  });
});

describe("a confirmed result locks the polling setup", () => {
  it("refuses every change through the actions and through raw SQL", async () => {
    const { election, station, boxes } = await formalElection();
    const electionId = election.id;
    const principal = outsider("钱委托");
    const proxy = outsider("孙受托");
    const proxyRow = ok(
      await executeAction(addProxy, clerkA1a, {
        electionId,
        principalName: principal.name,
        principalIdNumber: principal.idNumber,
        proxyName: proxy.name,
        proxyIdNumber: proxy.idNumber,
      }),
    );
    await prisma.election.update({ where: { id: electionId }, data: { resultConfirmedAt: new Date() } });

    const before = await pollingState(prisma, electionId);
    const mark = await auditMark(prisma);
    const LOCKED = { ok: false, code: "invalid", error: "选举结果已确认，投票设置已锁定" };
    expect(
      await executeAction(saveBox, clerkA1a, {
        electionId,
        id: boxes.fixed.id,
        version: boxes.fixed.version,
        stationId: station.id,
        name: "1号票箱",
        kind: "FIXED",
        voters: 1,
      }),
    ).toMatchObject(LOCKED);
    expect(await executeAction(saveStation, officerA1, { electionId, name: "新会场", kind: "SUB" })).toMatchObject(LOCKED);
    expect(await executeAction(deleteBox, clerkA1a, { electionId, id: boxes.mobile.id, version: boxes.mobile.version })).toMatchObject(LOCKED);
    expect(await executeAction(deleteProxy, clerkA1a, { electionId, id: proxyRow.id })).toMatchObject(LOCKED);
    expect(await executeAction(addStaff, clerkA1a, { electionId, ...outsider("郑监票"), duty: "MONITOR" })).toMatchObject(LOCKED);
    expect(await executeAction(setDoubleEntry, countyAdmin, { electionId, doubleEntry: "false" })).toMatchObject(LOCKED);
    expect(await pollingState(prisma, electionId)).toEqual(before);
    expect(await auditSince(prisma, mark)).toEqual([]);
    expect(await getPollingSetup(clerkA1a, electionId)).toMatchObject({ resultConfirmed: true, canEdit: false, canConfigure: false });

    // Below the app: the trigger refuses the same changes to the application's own database role.
    await expect(prisma.$executeRawUnsafe(`UPDATE "BallotBox" SET voters = 1 WHERE id = '${boxes.fixed.id}'`)).rejects.toThrow(/result_confirmed/);
    await expect(prisma.$executeRawUnsafe(`DELETE FROM "ProxyVote" WHERE id = '${proxyRow.id}'`)).rejects.toThrow(/result_confirmed/);
    await expect(prisma.pollingStation.create({ data: { electionId, name: "绕过会场", kind: "SUB" } })).rejects.toThrow(/result_confirmed/);
    expect(await pollingState(prisma, electionId)).toEqual(before);
  });
});

describe("double entry (县换届办 switch)", () => {
  it("only the county admin switches it, and not once a tally sheet exists", async () => {
    const { election, boxes } = await formalElection();
    const electionId = election.id;
    expect(election.doubleEntry).toBe(true);
    for (const actor of [officerA1, clerkA1a, supervisorA]) {
      expect(await executeAction(setDoubleEntry, actor, { electionId, doubleEntry: "false" })).toMatchObject({ ok: false, code: "forbidden" });
    }
    expect(await getPollingSetup(countyAdmin, electionId)).toMatchObject({ canConfigure: true, canEdit: false });

    const mark = await auditMark(prisma);
    expect(ok(await executeAction(setDoubleEntry, countyAdmin, { electionId, doubleEntry: "false" }))).toEqual({ doubleEntry: false, changed: true });
    expect((await prisma.election.findUniqueOrThrow({ where: { id: electionId } })).doubleEntry).toBe(false);
    const events = await auditSince(prisma, mark);
    expect(events.map((e) => [e.event, e.before, e.after])).toEqual([["tally.doubleentry.set", { doubleEntry: true }, { doubleEntry: false }]]);

    // Counting has begun: a tally sheet row for the fixed box.
    const round = await prisma.votingRound.create({ data: { electionId, number: 1, kind: "FIRST", ballot: {} } });
    await prisma.boxTally.create({ data: { electionId, roundId: round.id, boxId: boxes.fixed.id } });
    const before = await pollingState(prisma, electionId);
    expect(await executeAction(setDoubleEntry, countyAdmin, { electionId, doubleEntry: "true" })).toMatchObject({
      ok: false,
      code: "invalid",
      error: "本村已开始录入计票单，录入方式不能再改（否则同一次选举的票箱将按不同规则核对）",
    });
    // The box with a tally sheet cannot be deleted either.
    expect(await executeAction(deleteBox, clerkA1a, { electionId, id: boxes.fixed.id, version: boxes.fixed.version })).toMatchObject({
      ok: false,
      error: "「1号票箱」已有计票单记录，须保留备查，不能删除",
    });
    expect(await pollingState(prisma, electionId)).toEqual(before);
    expect(await getPollingSetup(countyAdmin, electionId)).toMatchObject({ hasTallies: true, canConfigure: false, doubleEntry: false });
  });
});
