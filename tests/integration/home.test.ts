// Home pages say what is waiting for each role and link straight to it; saving an election's setup
// offers the next step.
import { describe, expect, it, vi } from "vitest";
import { addDays, dateOfDay, todayInChina } from "@/lib/domain/days";
import type { Actor } from "@/lib/server/auth/sessions";
import { getHomeWork } from "@/lib/server/home";
import { makeActor, makeTree, makeUnit } from "../support/fixtures";
import { addCandidate, addValidList, electionDayAhead, makeCampaign, makeElection } from "../support/nomination-fixtures";
import { setupTestDatabase } from "../support/test-db";

const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("@/lib/server/auth/actor", async (orig) => ({ ...(await orig<object>()), getActor: async () => session.actor }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const { prisma } = await setupTestDatabase();
const tree = await makeTree(prisma);
const countyAdmin = await makeActor(prisma, "COUNTY_ADMIN", tree.countyA);
const officer = await makeActor(prisma, "TOWNSHIP_OFFICER", tree.townA1);
const clerk = await makeActor(prisma, "VILLAGE_CLERK", tree.villageA1a);
const dept = await prisma.department.create({ data: { countyId: tree.countyA.id, name: "县纪委监委" } });
const otherDept = await prisma.department.create({ data: { countyId: tree.countyA.id, name: "县公安局" } });
const reviewer = await makeActor(prisma, "VETTING_REVIEWER", tree.countyA, { departmentId: dept.id });
const campaign = await makeCampaign(prisma, tree.countyA.id);

// Township A1: 甲一村 formal (election day passed, not confirmed), 甲二村 returned, a third village with no setup.
const formal = await makeElection(prisma, campaign.id, tree.villageA1a.id, { electionDay: addDays(todayInChina(), -1) });
await prisma.election.update({ where: { id: formal.id }, data: { listStatus: "FORMAL", formalPublishedAt: new Date() } });
const returned = await makeElection(prisma, campaign.id, tree.villageA1b.id, { listStatus: "RETURNED" });
await makeUnit(prisma, tree.townA1, "980101100203", "甲四村", "VILLAGE");
// 甲六村: a draft with one candidate for a list that needs more (an error); 甲七村: a complete draft.
const flawedVillage = await makeUnit(prisma, tree.townA1, "980101100206", "甲六村", "VILLAGE");
const flawed = await makeElection(prisma, campaign.id, flawedVillage.id);
await addCandidate(prisma, flawed.id, tree.countyA.id, "DIRECTOR");
const readyVillage = await makeUnit(prisma, tree.townA1, "980101100207", "甲七村", "VILLAGE");
const ready = await makeElection(prisma, campaign.id, readyVillage.id);
await addValidList(prisma, ready.id, tree.countyA.id);
// Township A2: 甲三村 in vetting with three candidates; the reviewer's department answered one.
const vetted = await makeElection(prisma, campaign.id, tree.villageA2a.id, { listStatus: "SUBMITTED" });
const people = [
  await addCandidate(prisma, vetted.id, tree.countyA.id, "DIRECTOR"),
  await addCandidate(prisma, vetted.id, tree.countyA.id, "DIRECTOR"),
  await addCandidate(prisma, vetted.id, tree.countyA.id, "MEMBER"),
];
await prisma.election.update({ where: { id: vetted.id }, data: { listStatus: "IN_VETTING" } });
const round = await prisma.vettingRound.create({
  data: { countyId: tree.countyA.id, campaignId: campaign.id, name: "第一轮联审", deadline: dateOfDay("2026-12-07"), departmentIds: [dept.id, otherDept.id] },
});
const entries = await Promise.all(people.map((p) => prisma.vettingEntry.create({ data: { roundId: round.id, candidateId: p.candidate.id } })));
await prisma.vettingOpinion.create({
  data: { entryId: entries[0]!.id, departmentId: dept.id, reviewerId: reviewer.userId, kind: "NO_OBJECTION", conditionCodes: [] },
});
await prisma.vettingOpinion.create({
  data: { entryId: entries[1]!.id, departmentId: otherDept.id, reviewerId: reviewer.userId, kind: "NO_OBJECTION", conditionCodes: [] },
});
// County B's round is none of county A's business.
const campaignB = await makeCampaign(prisma, tree.countyB.id);
await prisma.vettingRound.create({
  data: { countyId: tree.countyB.id, campaignId: campaignB.id, name: "乙县联审", deadline: dateOfDay("2026-12-09"), departmentIds: [dept.id] },
});

describe("home page work list", () => {
  it("vetting reviewer: how many wait in each open round, the deadline, and a link to the queue", async () => {
    const work = await getHomeWork(reviewer);
    expect(work).toEqual([{ key: `round-${round.id}`, text: "第一轮联审：2 待审，截止 12-07", href: `/vetting/rounds/${round.id}/queue` }]);
  });

  it("township officer: returned lists, villages without setup and results to confirm, each linked", async () => {
    const work = await getHomeWork(officer);
    const byText = Object.fromEntries(work.map((i) => [i.text, i]));
    expect(byText["1 个名单被退回，待修改后重新提交"]?.href).toBe(`/elections/${returned.id}`);
    expect(byText["1 个村(社区)尚未设置选举"]?.href).toBe(`/campaigns/${campaign.id}`);
    expect(byText["1 个名单有错误，待修改"]).toMatchObject({ href: `/elections/${flawed.id}`, links: [{ text: "甲六村", href: `/elections/${flawed.id}` }] });
    expect(byText["1 个名单已无错误，可提交联审"]).toMatchObject({ href: `/elections/${ready.id}` });
    expect(byText["1 个村(社区)选举日已到，待确认选举结果"]?.links).toEqual([{ text: "甲一村", href: `/elections/${formal.id}/result` }]);
    // 甲三村 belongs to the other township.
    expect(JSON.stringify(work)).not.toContain("甲三村");
  });

  it("county admin: candidates waiting for vetting decisions, linked to the round", async () => {
    const work = await getHomeWork(countyAdmin);
    expect(work).toContainEqual({
      key: `decide-${round.id}`,
      text: "第一轮联审：1 个名单 3 名候选人待作出联审决定，截止 12-07",
      href: `/vetting/rounds/${round.id}`,
    });
    expect(work.some((i) => i.key.startsWith("complete-"))).toBe(false);
    // Once every candidate is decided, the list waits for completion.
    await prisma.vettingEntry.updateMany({ where: { roundId: round.id }, data: { decision: "APPROVED", decidedAt: new Date() } });
    const decided = await getHomeWork(countyAdmin);
    expect(decided).toContainEqual({
      key: `complete-${round.id}`,
      text: "第一轮联审：1 个名单已全部作出决定，待完成联审、公布正式候选人",
      href: `/vetting/rounds/${round.id}`,
    });
    expect(decided.some((i) => i.key === `decide-${round.id}`)).toBe(false);
    await prisma.vettingEntry.updateMany({ where: { roundId: round.id }, data: { decision: null, decidedAt: null } });
    await prisma.election.update({ where: { id: formal.id }, data: { resultConfirmedAt: new Date() } });
    const after = await getHomeWork(countyAdmin);
    expect(after).toContainEqual({
      key: "certify",
      text: "1 个村(社区)选举结果已确认，待认定",
      href: "/records",
      links: [{ text: "甲一村", href: `/records/${formal.id}` }],
    });
    await prisma.election.update({ where: { id: formal.id }, data: { resultConfirmedAt: null } });
  });

  it("village clerk: election-day work for the village", async () => {
    expect(await getHomeWork(clerk)).toEqual([
      { key: `polling-${formal.id}`, text: expect.stringContaining("尚未设置票箱"), href: `/elections/${formal.id}/polling` },
    ]);
    const station = await prisma.pollingStation.create({ data: { electionId: formal.id, name: "中心会场", kind: "CENTRAL", place: "村委会" } });
    await prisma.ballotBox.create({ data: { electionId: formal.id, stationId: station.id, name: "一号票箱", kind: "FIXED", voters: 400 } });
    expect(await getHomeWork(clerk)).toEqual([{ key: `count-${formal.id}`, text: "选举日已到：开始投票计票", href: `/elections/${formal.id}/count` }]);
  });
});

describe("saving an election's setup", () => {
  it("offers 录入候选人 as the next step, linking to the new list", async () => {
    const { saveElectionAction } = await import("@/app/(app)/campaigns/actions");
    const village = await makeUnit(prisma, tree.townA1, "980101100204", "甲五村", "VILLAGE");
    session.actor = officer;
    const fd = new FormData();
    const fields = {
      campaignId: campaign.id,
      unitId: village.id,
      version: "0",
      electionDay: electionDayAhead(),
      method: "CONTESTED",
      registeredVoters: "600",
      seatsDirector: "1",
      seatsDeputy: "1",
      seatsMember: "3",
      seatsWomenMember: "0",
      dualRole: "PLANNED",
    };
    for (const [k, v] of Object.entries(fields)) fd.set(k, v);
    const result = await saveElectionAction(null, fd);
    const election = await prisma.election.findFirstOrThrow({ where: { campaignId: campaign.id, unitId: village.id }, select: { id: true } });
    expect(result).toMatchObject({ ok: true, next: { href: `/elections/${election.id}`, label: "下一步：录入候选人" } });
  });
});
