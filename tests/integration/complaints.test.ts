// The complaints ledger (信访举报台账): a complaint's life from receipt to closure with its deadline,
// confidentiality of the complainant, optimistic locking, the audit trail, and the vetting board's flag.
import { describe, expect, it } from "vitest";
import { addDays, todayInChina } from "@/lib/domain/days";
import { executeAction, type ActionResult } from "@/lib/server/action";
import { answerComplaint, assignComplaint, closeComplaint, complaintOverview, getComplaint, listComplaints, receiveComplaint } from "@/lib/server/complaints";
import { getHomeWork } from "@/lib/server/home";
import { getRoundBoard, openVettingRound } from "@/lib/server/vetting/rounds";
import { auditMark, auditSince } from "../support/db-state";
import { makeActor, makeTree } from "../support/fixtures";
import { addValidList, makeCampaign, makeElection } from "../support/nomination-fixtures";
import { setupTestDatabase } from "../support/test-db";

const { prisma } = await setupTestDatabase();
const tree = await makeTree(prisma);
const jiwei = await prisma.department.create({ data: { countyId: tree.countyA.id, name: "县纪委监委" } });
const police = await prisma.department.create({ data: { countyId: tree.countyA.id, name: "县公安局" } });
const deptB = await prisma.department.create({ data: { countyId: tree.countyB.id, name: "乙县纪委监委" } });
const county = await makeActor(prisma, "COUNTY_ADMIN", tree.countyA);
const jiweiReviewer = await makeActor(prisma, "VETTING_REVIEWER", tree.countyA, { departmentId: jiwei.id });
const policeReviewer = await makeActor(prisma, "VETTING_REVIEWER", tree.countyA, { departmentId: police.id });
const supervisor = await makeActor(prisma, "SUPERVISOR", tree.countyA);
const townA1 = await makeActor(prisma, "TOWNSHIP_OFFICER", tree.townA1);
const townA2 = await makeActor(prisma, "TOWNSHIP_OFFICER", tree.townA2);
const countyB = await makeActor(prisma, "COUNTY_ADMIN", tree.countyB);

function ok<T>(res: ActionResult<T>): T {
  if (!res.ok) throw new Error(`expected ok, got ${JSON.stringify(res)}`);
  return res.data;
}

const today = todayInChina();
const campaign = await makeCampaign(prisma, tree.countyA.id);
const election = await makeElection(prisma, campaign.id, tree.villageA1a.id, { listStatus: "SUBMITTED" });
await addValidList(prisma, election.id, tree.countyA.id);
const [accused] = await prisma.candidate.findMany({
  where: { electionId: election.id, post: "DIRECTOR" },
  select: { id: true, person: { select: { name: true } } },
});

const receipt = (over: Record<string, unknown> = {}) => ({
  villageId: tree.villageA1a.id,
  campaignId: campaign.id,
  candidateId: accused!.id,
  channel: "PHONE",
  receivedOn: addDays(today, -20),
  complainantName: "王秀英",
  complainantContact: "13812345678",
  category: "VOTE_BUYING",
  summary: "有人以候选人名义挨家挨户送米面油，请求投票",
  ...over,
});

describe("a complaint from receipt to closure", () => {
  it("is numbered, assigned with a deadline, overdue once it passes, answered by the department and closed with a finding", async () => {
    const mark = await auditMark(prisma);
    const { id, number } = ok(await executeAction(receiveComplaint, county, receipt()));
    expect(number).toBe(`${addDays(today, -20).slice(0, 4)}-001`);
    let detail = (await getComplaint(county, id))!;
    expect(detail).toMatchObject({
      status: "RECEIVED",
      channel: "PHONE",
      complainant: { name: "王秀英", contact: "13812345678" },
      candidate: { name: accused!.person.name },
    });

    // The deadline has passed and the department has not answered: overdue.
    ok(await executeAction(assignComplaint, county, { id, version: 1, departmentId: jiwei.id, deadline: addDays(today, -5) }));
    detail = (await getComplaint(county, id))!;
    expect(detail).toMatchObject({ status: "ASSIGNED", department: { name: "县纪委监委" }, deadline: addDays(today, -5), overdue: true });
    expect((await listComplaints(county, { overdue: "1" })).map((r) => r.number)).toEqual([number]);

    // Only after answering: it may not be closed before.
    expect(await executeAction(closeComplaint, county, { id, version: 2, finding: "SUBSTANTIATED", actionTaken: "取消候选人资格" })).toMatchObject({
      ok: false,
      code: "invalid",
      error: "承办部门答复后才能办结",
    });

    ok(await executeAction(answerComplaint, jiweiReviewer, { id, version: 2, answer: "经核查，该候选人亲属确有送米面油拉票行为" }));
    detail = (await getComplaint(county, id))!;
    expect(detail).toMatchObject({ status: "ANSWERED", overdue: false, answer: "经核查，该候选人亲属确有送米面油拉票行为" });
    expect(await listComplaints(county, { overdue: "1" })).toEqual([]);

    ok(await executeAction(closeComplaint, county, { id, version: 3, finding: "PARTLY_SUBSTANTIATED", actionTaken: "对候选人批评教育，责令退还财物" }));
    detail = (await getComplaint(county, id))!;
    expect(detail).toMatchObject({
      status: "CLOSED",
      finding: "PARTLY_SUBSTANTIATED",
      actionTaken: "对候选人批评教育，责令退还财物",
      canAssign: false,
      canClose: false,
    });
    expect(detail.steps.received.by).toBe(county.displayName);
    expect(detail.steps.answered?.by).toBe(jiweiReviewer.displayName);
    expect(detail.steps.closed?.by).toBe(county.displayName);

    // The trail: every step, and every view of the complainant, none carrying the complainant.
    const events = await auditSince(prisma, mark);
    expect(events.filter((e) => e.event !== "complaint.complainant.viewed" && e.outcome === "SUCCESS").map((e) => e.event)).toEqual([
      "complaint.received",
      "complaint.assigned",
      "complaint.answered",
      "complaint.closed",
    ]);
    expect(events.filter((e) => e.event === "complaint.complainant.viewed")).toHaveLength(4);
    expect(events.every((e) => e.objectId === id || e.event === "action.denied")).toBe(true);
    expect(JSON.stringify(events.map((e) => [e.before, e.after, e.detail]))).not.toMatch(/王秀英|13812345678/);
    expect(events.find((e) => e.event === "complaint.closed")?.after).toMatchObject({ finding: "PARTLY_SUBSTANTIATED" });
  });

  it("numbers gaplessly per county and year; another county starts at 001", async () => {
    const a = ok(
      await executeAction(
        receiveComplaint,
        county,
        receipt({ candidateId: "", anonymous: "on", complainantName: "", complainantContact: "", channel: "BOX", category: "CLAN" }),
      ),
    );
    const b = ok(
      await executeAction(receiveComplaint, countyB, receipt({ villageId: tree.villageB1a.id, campaignId: "", candidateId: "", complainantName: "李国强" })),
    );
    const year = addDays(today, -20).slice(0, 4);
    expect(a.number).toBe(`${year}-002`);
    expect(b.number).toBe(`${year}-001`);
    expect((await getComplaint(county, a.id))!).toMatchObject({ anonymous: true, complainant: null });
  });

  // On PGlite transactions queue on one connection; on a PostgreSQL server this exercises the county row lock.
  it("receipts at the same time still get consecutive numbers", async () => {
    const year = addDays(today, -20).slice(0, 4);
    const results = await Promise.all(
      [1, 2, 3].map((i) => executeAction(receiveComplaint, county, receipt({ candidateId: "", summary: `同时受理的第${i}件` }))),
    );
    expect(results.map((r) => (r.ok ? r.data.number : r.error)).sort()).toEqual([`${year}-003`, `${year}-004`, `${year}-005`]);
  });

  it("refuses bad input with the field and why, and writes nothing", async () => {
    const before = await prisma.complaint.count();
    expect(await executeAction(receiveComplaint, county, receipt({ anonymous: "on" }))).toMatchObject({
      ok: false,
      code: "invalid",
      fieldErrors: { complainantName: "匿名举报不登记举报人姓名和联系方式" },
    });
    expect(await executeAction(receiveComplaint, county, receipt({ receivedOn: addDays(today, 1) }))).toMatchObject({
      ok: false,
      fieldErrors: { receivedOn: "受理日期不能晚于今天" },
    });
    expect(await executeAction(receiveComplaint, county, receipt({ villageId: tree.villageA1b.id }))).toMatchObject({
      ok: false,
      fieldErrors: { candidateId: "所选候选人不是该村(社区)本届的候选人" },
    });
    expect(await executeAction(receiveComplaint, county, receipt({ summary: " " }))).toMatchObject({
      ok: false,
      fieldErrors: { summary: "请填写反映的主要问题" },
    });
    const { id } = ok(await executeAction(receiveComplaint, county, receipt({ candidateId: "" })));
    expect(await executeAction(assignComplaint, county, { id, version: 1, departmentId: deptB.id, deadline: today })).toMatchObject({
      ok: false,
      fieldErrors: { departmentId: "请选择本县启用的承办部门" },
    });
    expect(await executeAction(assignComplaint, county, { id, version: 1, departmentId: jiwei.id, deadline: addDays(today, -21) })).toMatchObject({
      ok: false,
      fieldErrors: { deadline: `办理期限不能早于受理日期（${addDays(today, -20)}）` },
    });
    expect(await prisma.complaint.count()).toBe(before + 1);
    expect(await prisma.complaint.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "RECEIVED", version: 1, departmentId: null });
  });
});

describe("confidentiality", () => {
  const world = async () => {
    const { id } = ok(
      await executeAction(receiveComplaint, county, receipt({ candidateId: "", category: "PROCEDURE", summary: "选委会未按规定公布选民名单" })),
    );
    ok(await executeAction(assignComplaint, county, { id, version: 1, departmentId: jiwei.id, deadline: addDays(today, 10) }));
    return id;
  };

  it("another department's reviewer cannot see or answer it: not found", async () => {
    const id = await world();
    expect(await getComplaint(policeReviewer, id)).toBeNull();
    expect((await listComplaints(policeReviewer)).map((r) => r.id)).not.toContain(id);
    const mark = await auditMark(prisma);
    expect(await executeAction(answerComplaint, policeReviewer, { id, version: 2, answer: "与本部门无关" })).toMatchObject({ ok: false, code: "not_found" });
    expect((await auditSince(prisma, mark)).map((e) => [e.event, e.detail])).toEqual([["action.denied", { action: "complaint.answer", code: "not_found" }]]);
    expect(await prisma.complaint.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "ASSIGNED", answer: null });
  });

  it("the assigned department sees the complainant, audited; the list masks the contact", async () => {
    const id = await world();
    const mark = await auditMark(prisma);
    expect((await getComplaint(jiweiReviewer, id))!.complainant).toEqual({ name: "王秀英", contact: "13812345678" });
    const row = (await listComplaints(jiweiReviewer)).find((r) => r.id === id)!;
    expect(row.complainant).toBe("王** 138******78");
    expect((await auditSince(prisma, mark)).map((e) => [e.event, e.actorUserId, e.objectId])).toEqual([
      ["complaint.complainant.viewed", jiweiReviewer.userId, id],
    ]);
  });

  it("a supervisor and the village's township see it without the complainant, unaudited; another township and county do not see it", async () => {
    const id = await world();
    const mark = await auditMark(prisma);
    for (const actor of [supervisor, townA1]) {
      const detail = (await getComplaint(actor, id))!;
      expect(detail).toMatchObject({ summary: "选委会未按规定公布选民名单", complainant: null, canAssign: false, canAnswer: false, canClose: false });
      expect(JSON.stringify(detail)).not.toMatch(/王秀英|13812345678/);
      const row = (await listComplaints(actor)).find((r) => r.id === id)!;
      expect(row.complainant).toBeNull();
    }
    expect(await auditSince(prisma, mark)).toEqual([]);
    expect(await getComplaint(townA2, id)).toBeNull();
    expect(await getComplaint(countyB, id)).toBeNull();
    expect(await executeAction(closeComplaint, countyB, { id, version: 2, finding: "UNSUBSTANTIATED", actionTaken: "x" })).toMatchObject({
      ok: false,
      code: "not_found",
    });
  });
});

describe("optimistic locking", () => {
  it("refuses a stale version and changes nothing", async () => {
    const { id } = ok(await executeAction(receiveComplaint, county, receipt({ candidateId: "" })));
    ok(await executeAction(assignComplaint, county, { id, version: 1, departmentId: jiwei.id, deadline: addDays(today, 10) }));
    // A second office worker, with the page loaded before the first assignment, re-assigns it.
    expect(await executeAction(assignComplaint, county, { id, version: 1, departmentId: police.id, deadline: addDays(today, 3) })).toMatchObject({
      ok: false,
      code: "stale",
    });
    expect(await executeAction(answerComplaint, jiweiReviewer, { id, version: 1, answer: "已核查" })).toMatchObject({ ok: false, code: "stale" });
    expect(await prisma.complaint.findUniqueOrThrow({ where: { id } })).toMatchObject({ departmentId: jiwei.id, status: "ASSIGNED", version: 2 });
  });
});

describe("the vetting board", () => {
  it("flags a candidate with a complaint closed as 属实 or 部分属实, not one found 不属实", async () => {
    const { id: roundId } = ok(
      await executeAction(openVettingRound, county, { campaignId: campaign.id, name: "第一批", deadline: addDays(today, 7), electionIds: [election.id] }),
    );
    const others = await prisma.candidate.findMany({ where: { electionId: election.id, id: { not: accused!.id } }, select: { id: true } });
    // A complaint against another candidate, found untrue.
    const { id } = ok(await executeAction(receiveComplaint, county, receipt({ candidateId: others[0]!.id, category: "ELIGIBILITY" })));
    ok(await executeAction(assignComplaint, county, { id, version: 1, departmentId: police.id, deadline: addDays(today, 3) }));
    ok(await executeAction(answerComplaint, policeReviewer, { id, version: 2, answer: "经核查无此事" }));
    ok(await executeAction(closeComplaint, county, { id, version: 3, finding: "UNSUBSTANTIATED", actionTaken: "向举报人说明" }));

    const board = (await getRoundBoard(county, roundId))!;
    const flagged = board.rows.filter((r) => r.complaints.length > 0);
    expect(flagged.map((r) => r.candidateId)).toEqual([accused!.id]);
    expect(flagged[0]!.complaints).toEqual([
      {
        number: `${addDays(today, -20).slice(0, 4)}-001`,
        category: "VOTE_BUYING",
        finding: "PARTLY_SUBSTANTIATED",
        label: `${addDays(today, -20).slice(0, 4)}-001 拉票贿选（部分属实）`,
      },
    ]);
  });
});

describe("the home page", () => {
  it("tells the department what waits for its answer and the county what waits to be assigned or is overdue", async () => {
    const toAnswer = await prisma.complaint.count({ where: { departmentId: jiwei.id, status: "ASSIGNED" } });
    expect(toAnswer).toBeGreaterThan(0);
    expect(await getHomeWork(jiweiReviewer)).toContainEqual({
      key: "complaints-answer",
      text: `${toAnswer} 件信访举报交办本部门，待答复`,
      href: "/complaints?status=ASSIGNED",
    });
    expect((await getHomeWork(policeReviewer)).some((i) => i.key.startsWith("complaints-"))).toBe(false);

    const { id } = ok(await executeAction(receiveComplaint, county, receipt({ candidateId: "", receivedOn: addDays(today, -3) })));
    ok(await executeAction(assignComplaint, county, { id, version: 1, departmentId: police.id, deadline: addDays(today, -1) }));
    const toAssign = await prisma.complaint.count({ where: { countyId: tree.countyA.id, status: "RECEIVED" } });
    const work = await getHomeWork(county);
    expect(work).toContainEqual({ key: "complaints-assign", text: `${toAssign} 件信访举报已受理，待交办`, href: "/complaints?status=RECEIVED" });
    expect(work).toContainEqual({ key: "complaints-overdue", text: "1 件信访举报已超过办理期限", href: "/complaints?overdue=1" });
    expect(await getHomeWork(policeReviewer)).toContainEqual({ key: "complaints-overdue", text: "1 件信访举报已超过办理期限", href: "/complaints?overdue=1" });
  });
});

describe("the progress dashboard", () => {
  it("counts the open and overdue complaints below the unit shown, within the viewer's scope", async () => {
    const open = await prisma.complaint.count({ where: { countyId: tree.countyA.id, status: { not: "CLOSED" } } });
    expect(await complaintOverview(county, tree.countyA.id)).toEqual({ open, overdue: 1 });
    expect(await complaintOverview(supervisor, tree.townA1.id)).toEqual({ open, overdue: 1 });
    expect(await complaintOverview(county, tree.townA2.id)).toEqual({ open: 0, overdue: 0 });
    expect(await complaintOverview(townA2, tree.townA1.id)).toBeNull();
    // A reviewer counts only their department's.
    expect(await complaintOverview(jiweiReviewer, tree.countyA.id)).toMatchObject({ overdue: 0 });
  });
});
