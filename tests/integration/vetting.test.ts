// Joint vetting (资格联审) as the people doing it notice it: the 十不选 list loaded with its evidence owners,
// a round that locks the township's lists, departments answering side by side without overwriting each
// other, the county board's roll-up, decisions that refuse to go stale, 递补 or a returned list, a county
// of Baiyu's size (900 candidates × 16 departments), and reviewers who see only their own county's open rounds.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { addDays, dateOfDay, dayOf, todayInChina } from "@/lib/domain/days";
import { childPath } from "@/lib/domain/units";
import { DEFAULT_NEGATIVE_LIST, type OpinionKind, type RollUpStatus } from "@/lib/domain/vetting";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { executeAction, type ActionResult } from "@/lib/server/action";
import type { Actor } from "@/lib/server/auth/sessions";
import { deleteCandidate, getElectionWorkspace, saveCandidate, submitList } from "@/lib/server/nomination/candidates";
import { saveElection } from "@/lib/server/nomination/elections";
import { DEMO_DEPARTMENTS } from "@/lib/server/seed/demo-data";
import { completeElection, decide, decideBatch } from "@/lib/server/vetting/decisions";
import { listConditions, loadDefaultNegativeList, setConditionRetired } from "@/lib/server/vetting/negative-list";
import { bulkNoObjection, getReviewerQueue, getVettingRecord, recordOpinion } from "@/lib/server/vetting/opinions";
import { getRoundBoard, listRounds, openVettingRound } from "@/lib/server/vetting/rounds";
import { auditMark, auditSince, fingerprint } from "../support/db-state";
import { makeActor, makeTree, makeUnit, type UnitFixture } from "../support/fixtures";
import { addCandidate, addValidList, candidateInput, electionDayAhead, freshPerson, makeCampaign, makeElection } from "../support/nomination-fixtures";
import { setupTestDatabase } from "../support/test-db";

const database = await setupTestDatabase();
const { prisma } = database;
const tree = await makeTree(prisma);

/** The 16 departments of the demo county, created in `county` in the demo order; name → id. */
async function demoDepartments(county: UnitFixture): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const [i, d] of DEMO_DEPARTMENTS.entries()) {
    const row = await prisma.department.create({ data: { countyId: county.id, name: d.name, duty: d.duty, sortOrder: i + 1 } });
    out.set(d.name, row.id);
  }
  return out;
}

/** One reviewer per department; department name → actor. */
async function reviewersOf(county: UnitFixture, departments: Map<string, string>): Promise<Map<string, Actor>> {
  const out = new Map<string, Actor>();
  for (const [name, id] of departments) out.set(name, { ...(await makeActor(prisma, "VETTING_REVIEWER", county, { departmentId: id })), departmentName: name });
  return out;
}

const deptA = await demoDepartments(tree.countyA);
const reviewerA = await reviewersOf(tree.countyA, deptA);
const countyAdmin = await makeActor(prisma, "COUNTY_ADMIN", tree.countyA, { username: "admin_a" });
const countyAdmin2 = await makeActor(prisma, "COUNTY_ADMIN", tree.countyA, { username: "admin_a2" });
const countyBAdmin = await makeActor(prisma, "COUNTY_ADMIN", tree.countyB, { username: "admin_b" });
const officerA1 = await makeActor(prisma, "TOWNSHIP_OFFICER", tree.townA1, { username: "officer_a1" });
const deptB = await prisma.department.create({ data: { countyId: tree.countyB.id, name: "县公安局" } });
const reviewerB = await makeActor(prisma, "VETTING_REVIEWER", tree.countyB, { departmentId: deptB.id, username: "reviewer_b" });

const dept = (name: string) => {
  const id = deptA.get(name);
  if (!id) throw new Error(`no department ${name}`);
  return id;
};
const reviewer = (name: string) => reviewerA.get(name)!;

/** The data of a successful result; fails the test with the whole result otherwise. */
function ok<T>(res: ActionResult<T>): T {
  if (!res.ok) throw new Error(`expected ok, got ${JSON.stringify(res)}`);
  return res.data;
}

/** fingerprint() plus the vetting tables (db-state.ts does not list them); the audit log is checked with auditSince. */
async function state(p: PrismaClient = prisma): Promise<Record<string, string>> {
  const tables = ["NegativeCondition", "VettingRound", "VettingEntry", "VettingOpinion"];
  const sql = tables
    .map((t) => `SELECT '${t}' AS tbl, count(*)::int AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t."id"), '')) AS h FROM "${t}" t`)
    .join(" UNION ALL ");
  const rows = await p.$queryRawUnsafe<{ tbl: string; n: number; h: string }[]>(sql);
  const out = await fingerprint(p);
  for (const r of rows) out[r.tbl] = `${r.n} rows, md5 ${r.h}`;
  return out;
}

async function ensureNegativeList(county: UnitFixture, admin: Actor) {
  if ((await prisma.negativeCondition.count({ where: { countyId: county.id } })) === 0)
    ok(await executeAction(loadDefaultNegativeList, admin, { countyId: county.id }));
}

const deadline = () => addDays(todayInChina(), 10);

/** A fresh campaign of county A with a submitted valid list (2 directors, 3 members) for the village. */
async function submittedList(village: UnitFixture) {
  const campaign = await makeCampaign(prisma, tree.countyA.id);
  const election = await makeElection(prisma, campaign.id, village.id, { listStatus: "SUBMITTED" });
  const list = await addValidList(prisma, election.id, tree.countyA.id);
  return { campaign, election, candidates: list.map((x) => x.candidate) };
}

/** Opens a round over the elections through the action; the entries in the candidates' order. */
async function openRoundOf(campaignId: string, electionIds: string[], candidateIds: string[], admin = countyAdmin) {
  const { id: roundId } = ok(await executeAction(openVettingRound, admin, { campaignId, name: "城关镇第一批", deadline: deadline(), electionIds }));
  const rows = await prisma.vettingEntry.findMany({ where: { roundId }, select: { id: true, candidateId: true } });
  const byCandidate = new Map(rows.map((r) => [r.candidateId, r.id]));
  return { roundId, entries: candidateIds.map((id) => byCandidate.get(id)!) };
}

/** A submitted list in the village sent into a new round of its own. */
async function freshRound(village: UnitFixture) {
  const list = await submittedList(village);
  const round = await openRoundOf(
    list.campaign.id,
    [list.election.id],
    list.candidates.map((c) => c.id),
  );
  return { ...list, ...round };
}

function say(deptName: string, entryId: string, kind: OpinionKind, conditionCodes: string[] = [], finding = "") {
  return executeAction(recordOpinion, reviewer(deptName), { entryId, kind, conditionCodes, finding });
}

/** Every department (except `skip`) answers 无异议 for the entries it has not answered yet. */
async function clearRest(roundId: string, entryIds: string[], skip: string[] = []) {
  for (const name of deptA.keys()) if (!skip.includes(name)) ok(await executeAction(bulkNoObjection, reviewer(name), { roundId, entryIds }));
}

async function boardRow(roundId: string, entryId: string, admin = countyAdmin) {
  const board = await getRoundBoard(admin, roundId);
  return board!.rows.find((r) => r.entryId === entryId)!;
}

const LOCKED = "名单已提交县级联审，在县换届办退回前不能修改";

// ---------------------------------------------------------------------------------------------

describe("the negative list", () => {
  it("loads the 十不选 with each condition's owner mapped to the county department of that name; loading again adds nothing", async () => {
    const mark = await auditMark(prisma);
    expect(ok(await executeAction(loadDefaultNegativeList, countyAdmin, { countyId: tree.countyA.id }))).toEqual({ added: DEFAULT_NEGATIVE_LIST.length });
    const rows = await prisma.negativeCondition.findMany({
      where: { countyId: tree.countyA.id },
      include: { department: true },
      orderBy: { sortOrder: "asc" },
    });
    expect(
      rows.map((r) => ({
        code: r.code,
        text: r.text,
        severity: r.severity,
        lookbackYears: r.lookbackYears,
        basis: r.basis,
        owner: r.department?.name ?? null,
        retired: r.retired,
      })),
    ).toEqual(
      DEFAULT_NEGATIVE_LIST.map((c) => ({
        code: c.code,
        text: c.text,
        severity: c.severity,
        lookbackYears: c.lookbackYears,
        basis: c.basis,
        owner: c.ownerDepartment,
        retired: false,
      })),
    );
    // Mapped to this county's own rows, by name.
    expect(rows.map((r) => r.departmentId)).toEqual(DEFAULT_NEGATIVE_LIST.map((c) => (c.ownerDepartment ? dept(c.ownerDepartment) : null)));
    const owner = (code: string) => rows.find((r) => r.code === code)!.department!.name;
    expect([owner("SB02A"), owner("SB03A"), owner("SB04B"), owner("SB07D"), owner("SB09A")]).toEqual([
      "县人民法院",
      "县纪委监委",
      "县公安局",
      "县民政局",
      "县自然资源局",
    ]);

    const before = await state();
    expect(ok(await executeAction(loadDefaultNegativeList, countyAdmin, { countyId: tree.countyA.id }))).toEqual({ added: 0 });
    expect(await state()).toEqual(before);
    expect((await auditSince(prisma, mark)).map((e) => ({ event: e.event, detail: e.detail }))).toEqual([
      { event: "negativelist.defaults.loaded", detail: { added: DEFAULT_NEGATIVE_LIST.length, skipped: 0 } },
      { event: "negativelist.defaults.loaded", detail: { added: 0, skipped: DEFAULT_NEGATIVE_LIST.length } },
    ]);
    expect((await listConditions(countyAdmin)).map((c) => c.code)).toEqual(DEFAULT_NEGATIVE_LIST.map((c) => c.code));
  });

  it("a retired condition cannot be cited in a new opinion; the opinion that cited it before keeps it", async () => {
    await ensureNegativeList(tree.countyA, countyAdmin);
    const { roundId, entries } = await freshRound(tree.villageA2a);
    const entryId = entries[2]!;
    const finding = "长期在外地务工，近两年在村居住不足一个月";
    const old = ok(await say("县民政局", entryId, "CONCERN", ["SB07D"], finding));

    const condition = await prisma.negativeCondition.findUniqueOrThrow({ where: { countyId_code: { countyId: tree.countyA.id, code: "SB07D" } } });
    ok(await executeAction(setConditionRetired, countyAdmin, { id: condition.id, version: condition.version, retired: true }));
    try {
      const before = await state();
      const res = await say("县委组织部", entryId, "CONCERN", ["SB07D"], "同上，外出务工");
      expect(res).toMatchObject({ ok: false, code: "invalid" });
      expect(res.ok ? "" : res.error).toContain("条目 SB07D 已停用，不能再引用");
      expect(await state()).toEqual(before);

      // The old opinion still stands, still cites it, and still counts on the board.
      const record = await getVettingRecord(countyAdmin, entryId);
      expect(record!.opinions.map((o) => ({ id: o.id, kind: o.kind, codes: o.conditionCodes, finding: o.finding, department: o.department.name }))).toEqual([
        { id: old.id, kind: "CONCERN", codes: ["SB07D"], finding, department: "县民政局" },
      ]);
      await clearRest(roundId, [entryId]);
      const row = await boardRow(roundId, entryId);
      expect(row.rollUp.status).toBe("NEEDS_DECISION");
      expect(row.rollUp.explanation.join("\n")).toContain("SB07D 长期外出，无法正常履职");
      // A department's queue offers only conditions still in force.
      const queue = await getReviewerQueue(reviewer("县委组织部"), roundId);
      expect(queue!.conditions.map((c) => c.code)).not.toContain("SB07D");
      expect(queue!.conditions).toHaveLength(DEFAULT_NEGATIVE_LIST.length - 1);
    } finally {
      const now = await prisma.negativeCondition.findUniqueOrThrow({ where: { id: condition.id } });
      ok(await executeAction(setConditionRetired, countyAdmin, { id: condition.id, version: now.version, retired: false }));
    }
  });
});

describe("opening a round", () => {
  beforeAll(() => ensureNegativeList(tree.countyA, countyAdmin));

  it("takes only submitted lists: the elections turn IN_VETTING with one entry per candidate, and the township can no longer edit them", async () => {
    const campaign = await makeCampaign(prisma, tree.countyA.id);
    const submitted = await makeElection(prisma, campaign.id, tree.villageA1a.id, { listStatus: "SUBMITTED" });
    const candidates = (await addValidList(prisma, submitted.id, tree.countyA.id)).map((x) => x.candidate);
    const draft = await makeElection(prisma, campaign.id, tree.villageA1b.id);
    await addCandidate(prisma, draft.id, tree.countyA.id, "DIRECTOR");
    const input = { campaignId: campaign.id, name: "第一批联审", deadline: deadline(), electionIds: [submitted.id, draft.id] };

    let before = await state();
    const refused = await executeAction(openVettingRound, countyAdmin, input);
    expect(refused).toMatchObject({ ok: false, code: "invalid" });
    expect(refused.ok ? "" : refused.error).toBe("以下村(社区)的名单不是“已提交联审”状态：甲二村");
    expect(await state()).toEqual(before);

    const past = await executeAction(openVettingRound, countyAdmin, { ...input, electionIds: [submitted.id], deadline: addDays(todayInChina(), -1) });
    expect(past).toMatchObject({ ok: false, code: "invalid", error: "截止日期不能早于今天" });
    // Another county's office cannot reach this campaign at all.
    expect(await executeAction(openVettingRound, countyBAdmin, { ...input, electionIds: [submitted.id] })).toMatchObject({ ok: false, code: "not_found" });
    expect(await state()).toEqual(before);

    const mark = await auditMark(prisma);
    const opened = ok(await executeAction(openVettingRound, countyAdmin, { ...input, electionIds: [submitted.id] }));
    expect(opened).toEqual({ id: expect.any(String), candidates: 5 });
    expect(await prisma.vettingRound.findUniqueOrThrow({ where: { id: opened.id } })).toMatchObject({
      countyId: tree.countyA.id,
      campaignId: campaign.id,
      status: "OPEN",
      name: "第一批联审",
    });
    expect(await prisma.election.findUniqueOrThrow({ where: { id: submitted.id } })).toMatchObject({
      listStatus: "IN_VETTING",
      version: submitted.version + 1,
    });
    expect(await prisma.election.findUniqueOrThrow({ where: { id: draft.id } })).toMatchObject({ listStatus: "DRAFT", version: draft.version });
    const entries = await prisma.vettingEntry.findMany({ where: { roundId: opened.id } });
    expect(entries.map((e) => e.candidateId).sort()).toEqual(candidates.map((c) => c.id).sort());
    expect(entries.every((e) => e.decision === null)).toBe(true);
    expect((await auditSince(prisma, mark)).map((e) => ({ event: e.event, after: e.after }))).toEqual([
      {
        event: "vetting.round.opened",
        after: { name: "第一批联审", deadline: input.deadline, elections: 1, candidates: 5, departments: 16, carried: 0, revetted: 0, revetAll: false },
      },
    ]);

    // The township's list is locked while the county vets it.
    before = await state();
    const edits = [
      await executeAction(saveCandidate, officerA1, { electionId: submitted.id, ...candidateInput({ post: "MEMBER" }) }),
      await executeAction(deleteCandidate, officerA1, { electionId: submitted.id, candidateId: candidates[0]!.id, version: candidates[0]!.version }),
      await executeAction(saveElection, officerA1, {
        campaignId: campaign.id,
        unitId: tree.villageA1a.id,
        version: submitted.version + 1,
        electionDay: electionDayAhead(45),
        method: "CONTESTED",
        seatsDirector: 1,
        seatsDeputy: 0,
        seatsMember: 2,
        seatsWomenMember: 0,
        dualRole: "PLANNED",
        registeredVoters: 800,
      }),
    ];
    for (const res of edits) expect(res).toMatchObject({ ok: false, code: "invalid", error: LOCKED });
    expect(await executeAction(submitList, officerA1, { electionId: submitted.id, version: submitted.version + 1 })).toMatchObject({
      ok: false,
      code: "invalid",
    });
    // And it cannot be sent to a second round.
    expect(await executeAction(openVettingRound, countyAdmin, { ...input, name: "重复", electionIds: [submitted.id] })).toMatchObject({
      ok: false,
      code: "invalid",
    });
    expect(await state()).toEqual(before);
  });
});

describe("departments reviewing side by side", () => {
  beforeAll(() => ensureNegativeList(tree.countyA, countyAdmin));

  it("two departments answering the same candidate at the same moment both land; so do all sixteen", async () => {
    const { roundId, entries } = await freshRound(tree.villageA1b);
    const [first, second] = entries as [string, string];
    const [a, b] = await Promise.all([
      say("县纪委监委", first, "NO_OBJECTION"),
      say("县公安局", first, "BAR", ["SB04B"], "2019年3月因组织赌博被行政拘留十日（某公（治）行罚决字〔2019〕118号）"),
    ]);
    expect([a.ok, b.ok]).toEqual([true, true]);
    const opinions = await prisma.vettingOpinion.findMany({ where: { entryId: first }, select: { departmentId: true, kind: true, conditionCodes: true } });
    expect(opinions.sort((x, y) => x.kind.localeCompare(y.kind))).toEqual([
      { departmentId: dept("县公安局"), kind: "BAR", conditionCodes: ["SB04B"] },
      { departmentId: dept("县纪委监委"), kind: "NO_OBJECTION", conditionCodes: [] },
    ]);

    const all = await Promise.all([...deptA.keys()].map((name) => say(name, second, "NO_OBJECTION")));
    expect(all.filter((r) => !r.ok)).toEqual([]);
    expect(new Set((await prisma.vettingOpinion.findMany({ where: { entryId: second } })).map((o) => o.departmentId))).toEqual(new Set(deptA.values()));
    expect((await boardRow(roundId, second)).rollUp.status).toBe("ELIGIBLE");
  });

  it("a department that changes its mind writes a new opinion; the old one stays and the newest counts", async () => {
    const { roundId, entries } = await freshRound(tree.villageA2a);
    const entryId = entries[1]!;
    const first = ok(await say("县公安局", entryId, "BAR", ["SB04B"], "2020年因参与赌博被行政拘留"));
    const firstRow = await prisma.vettingOpinion.findUniqueOrThrow({ where: { id: first.id } });
    const second = ok(await say("县公安局", entryId, "NO_OBJECTION", [], "经复核，系同名同姓人员，撤回前述意见"));

    const mine = await prisma.vettingOpinion.findMany({ where: { entryId, departmentId: dept("县公安局") }, orderBy: { createdAt: "asc" } });
    expect(mine.map((o) => o.id)).toEqual([first.id, second.id]);
    expect(mine[0]).toEqual(firstRow); // untouched
    const row = await boardRow(roundId, entryId);
    expect(row.opinionCount).toBe(2);
    expect(row.opinions[dept("县公安局")]).toMatchObject({ id: second.id, kind: "NO_OBJECTION" });
    const queue = await getReviewerQueue(reviewer("县公安局"), roundId);
    expect(queue!.rows.find((r) => r.entryId === entryId)!.mine).toMatchObject({ id: second.id, kind: "NO_OBJECTION" });
    const record = await getVettingRecord(countyAdmin, entryId);
    expect(record!.opinions.map((o) => o.kind)).toEqual(["BAR", "NO_OBJECTION"]);
  });

  it("bulk 无异议 skips candidates the department already answered (a 不能 stays 不能) and says how many it recorded and skipped", async () => {
    const { roundId, entries } = await freshRound(tree.villageA1a);
    const barred = entries[0]!;
    ok(await say("县人民法院", barred, "BAR", ["SB02A"], "2016年因盗窃罪被判处有期徒刑一年（（2016）某0102刑初45号）"));

    const mark = await auditMark(prisma);
    const court = reviewer("县人民法院");
    expect(ok(await executeAction(bulkNoObjection, court, { roundId, entryIds: entries }))).toEqual({ recorded: 4, skipped: 1 });
    const onBarred = await prisma.vettingOpinion.findMany({ where: { entryId: barred, departmentId: dept("县人民法院") } });
    expect(onBarred.map((o) => o.kind)).toEqual(["BAR"]);
    expect(await prisma.vettingOpinion.count({ where: { entryId: { in: entries }, departmentId: dept("县人民法院"), kind: "NO_OBJECTION" } })).toBe(4);
    expect((await boardRow(roundId, barred)).opinions[dept("县人民法院")]!.kind).toBe("BAR");
    expect((await auditSince(prisma, mark)).map((e) => ({ event: e.event, actorUserId: e.actorUserId, detail: e.detail }))).toEqual([
      { event: "vetting.opinion.bulk", actorUserId: court.userId, detail: { departmentId: dept("县人民法院"), recorded: 4, skipped: 1 } },
    ]);

    expect(ok(await executeAction(bulkNoObjection, court, { roundId, entryIds: entries }))).toEqual({ recorded: 0, skipped: 5 });
    // An entry of another round is not part of this one.
    const other = await freshRound(tree.villageA1b);
    const before = await state();
    expect(await executeAction(bulkNoObjection, court, { roundId, entryIds: [entries[1]!, other.entries[0]!] })).toMatchObject({
      ok: false,
      code: "not_found",
    });
    expect(await state()).toEqual(before);
  });
});

describe("the county board's roll-up", () => {
  beforeAll(() => ensureNegativeList(tree.countyA, countyAdmin));

  it("pending, 不能, withdrawn, 不宜 and a denied fact each come out as the county expects", async () => {
    const { roundId, entries, candidates } = await freshRound(tree.villageA2a);
    const [pending, barred, withdrawn, concern, conflict] = entries as [string, string, string, string, string];
    ok(await say("县人民法院", barred, "BAR", ["SB02A"], "2015年因故意伤害罪被判处有期徒刑二年"));
    ok(await say("县公安局", withdrawn, "BAR", ["SB04B"], "2021年因参与赌博被行政拘留"));
    ok(await say("县民政局", concern, "CONCERN", ["SB07D"], "常年在外务工"));
    // The police cite a court judgment the court itself says does not exist.
    ok(await say("县公安局", conflict, "BAR", ["SB02A"], "数据库显示有刑事前科"));
    await clearRest(roundId, [barred, withdrawn, concern, conflict]);
    await clearRest(roundId, [pending], ["县审计局", "县人社局"]);

    const statuses = async () => {
      const board = await getRoundBoard(countyAdmin, roundId);
      expect(board!.rows).toHaveLength(5);
      expect(board!.departments.map((d) => d.name)).toEqual(DEMO_DEPARTMENTS.map((d) => d.name));
      return Object.fromEntries(board!.rows.map((r) => [r.entryId, r.rollUp.status]));
    };
    expect(await statuses()).toEqual({
      [pending]: "PENDING",
      [barred]: "DISQUALIFIED",
      [withdrawn]: "DISQUALIFIED",
      [concern]: "NEEDS_DECISION",
      [conflict]: "CONFLICT",
    });

    const p = await boardRow(roundId, pending);
    expect(p.rollUp.missing).toEqual([dept("县审计局"), dept("县人社局")]);
    expect(p.rollUp.explanation[0]).toContain("尚有 2 个部门未答复");
    expect(p.name).toBe((await prisma.person.findFirstOrThrow({ where: { candidacies: { some: { id: candidates[0]!.id } } } })).name);
    const c = await boardRow(roundId, conflict);
    expect(c.rollUp.conflicts).toEqual([{ code: "SB02A", findingBy: [dept("县公安局")], deniedBy: [dept("县人民法院")] }]);

    // The police withdraw with a newer 无异议: every other department has cleared, so the candidate is eligible.
    ok(await say("县公安局", withdrawn, "NO_OBJECTION", [], "经复核系同名人员"));
    // The last two departments answer for the pending candidate.
    await clearRest(roundId, [pending]);
    expect(await statuses()).toEqual({
      [pending]: "ELIGIBLE",
      [barred]: "DISQUALIFIED",
      [withdrawn]: "ELIGIBLE",
      [concern]: "NEEDS_DECISION",
      [conflict]: "CONFLICT",
    });
  });
});

describe("county decisions", () => {
  beforeAll(() => ensureNegativeList(tree.countyA, countyAdmin));

  it("a decision taken on a stale view is refused and nothing changes; approving a 不宜 needs a rationale", async () => {
    const { roundId, entries } = await freshRound(tree.villageA1a);
    const [concern, barred, clean] = entries as [string, string, string];
    ok(await say("县民政局", concern, "CONCERN", ["SB07D"], "常年在外务工"));
    ok(await say("县人民法院", barred, "BAR", ["SB09C"], "被列入失信被执行人名单，尚未移出"));
    await clearRest(roundId, entries);
    const seen = (await boardRow(roundId, concern)).opinionCount;
    expect(seen).toBe(16);

    // While the county is reading, the 纪委 adds a finding.
    ok(await say("县纪委监委", concern, "CONCERN", ["SB07A"], "2022年防汛期间擅离岗位"));
    const rationale = "经县换届办集体研判：已返乡居住，防汛问题已作检讨，可以提名";
    let before = await state();
    let mark = await auditMark(prisma);
    const stale = await executeAction(decide, countyAdmin, { entryId: concern, decision: "APPROVE", rationale, opinionsSeen: seen });
    expect(stale).toMatchObject({ ok: false, code: "stale" });
    expect(stale.ok ? "" : stale.error).toContain("又有 1 条部门意见到达");
    expect(await state()).toEqual(before);
    expect(await auditSince(prisma, mark)).toEqual([]);

    const unreasoned = await executeAction(decide, countyAdmin, { entryId: concern, decision: "APPROVE", rationale: "  ", opinionsSeen: seen + 1 });
    expect(unreasoned).toMatchObject({ ok: false, code: "invalid", error: "存在不宜情形，通过须写明研判理由（至少 5 个字）" });
    expect(await executeAction(decide, countyAdmin, { entryId: barred, decision: "APPROVE", rationale, opinionsSeen: 16 })).toMatchObject({
      ok: false,
      code: "invalid",
      error: "不能情形须由出具意见的部门撤回后才能通过",
    });
    expect(await executeAction(decide, countyAdmin, { entryId: clean, decision: "REJECT", rationale, opinionsSeen: 16 })).toMatchObject({
      ok: false,
      code: "invalid",
    });
    expect(await state()).toEqual(before);

    mark = await auditMark(prisma);
    ok(await executeAction(decide, countyAdmin, { entryId: concern, decision: "APPROVE", rationale, opinionsSeen: seen + 1 }));
    ok(await executeAction(decide, countyAdmin, { entryId: barred, decision: "REJECT", rationale: "", opinionsSeen: 16 }));
    const after = await prisma.vettingEntry.findUniqueOrThrow({ where: { id: concern } });
    expect(after).toMatchObject({ decision: "APPROVED", rationale, decidedById: countyAdmin.userId, version: 2 });
    expect(after.decidedAt).toBeInstanceOf(Date);
    expect(await prisma.vettingEntry.findUniqueOrThrow({ where: { id: barred } })).toMatchObject({ decision: "REJECTED", rationale: null });
    expect((await auditSince(prisma, mark)).map((e) => ({ event: e.event, objectId: e.objectId, after: e.after }))).toEqual([
      { event: "vetting.decided", objectId: concern, after: { decision: "APPROVE", status: "NEEDS_DECISION", rationale, opinionsSeen: seen + 1 } },
      { event: "vetting.decided", objectId: barred, after: { decision: "REJECT", status: "DISQUALIFIED", rationale: null, opinionsSeen: 16 } },
    ]);

    // A reviewer may not decide at all.
    before = await state();
    const byReviewer = await executeAction(decide, reviewer("县委组织部"), { entryId: clean, decision: "APPROVE", rationale: "", opinionsSeen: 16 });
    expect(byReviewer).toMatchObject({ ok: false, code: "forbidden" });
    expect(await executeAction(decideBatch, reviewer("县委组织部"), { roundId, entryIds: [clean] })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await state()).toEqual(before);
  });

  it("whoever gave an opinion in a round may not decide in it (审决分离), but may decide in another round", async () => {
    const r1 = await freshRound(tree.villageA1b);
    await clearRest(r1.roundId, r1.entries);
    // One role per user, so the county admin's opinion is written straight into the table.
    await prisma.vettingOpinion.create({
      data: { entryId: r1.entries[4]!, departmentId: dept("县委组织部"), reviewerId: countyAdmin2.userId, kind: "NO_OBJECTION", conditionCodes: [] },
    });
    const before = await state();
    const mark = await auditMark(prisma);
    const single = await executeAction(decide, countyAdmin2, { entryId: r1.entries[0]!, decision: "APPROVE", rationale: "", opinionsSeen: 16 });
    expect(single).toMatchObject({ ok: false, code: "forbidden" });
    expect(single.ok ? "" : single.error).toMatch(/审决分离/);
    const batch = await executeAction(decideBatch, countyAdmin2, { roundId: r1.roundId, entryIds: r1.entries });
    expect(batch).toMatchObject({ ok: false, code: "forbidden" });
    expect(batch.ok ? "" : batch.error).toMatch(/审决分离/);
    expect((await auditSince(prisma, mark)).map((e) => ({ event: e.event, actorUserId: e.actorUserId, detail: e.detail }))).toEqual([
      { event: "action.denied", actorUserId: countyAdmin2.userId, detail: { action: "vetting.decide", code: "forbidden" } },
      { event: "action.denied", actorUserId: countyAdmin2.userId, detail: { action: "vetting.approveEligible", code: "forbidden" } },
    ]);
    expect(await state()).toEqual(before);

    // Another member of the county office decides this round; the first decides a round they did not review.
    expect(ok(await executeAction(decideBatch, countyAdmin, { roundId: r1.roundId, entryIds: r1.entries }))).toEqual({ approved: 5, skipped: 0 });
    const r2 = await freshRound(tree.villageA2a);
    await clearRest(r2.roundId, r2.entries);
    expect(ok(await executeAction(decideBatch, countyAdmin2, { roundId: r2.roundId, entryIds: r2.entries }))).toEqual({ approved: 5, skipped: 0 });
  });
});

describe("completing a village", () => {
  beforeAll(() => ensureNegativeList(tree.countyA, countyAdmin));

  async function candidate(electionId: string, post: "DIRECTOR" | "MEMBER", name: string, votes: number, gender: "MALE" | "FEMALE" = "MALE") {
    const { candidate: c } = await addCandidate(prisma, electionId, tree.countyA.id, post, gender, name);
    return prisma.candidate.update({ where: { id: c.id }, data: { nominationVotes: votes } });
  }

  it("a rejected candidate in the top ranks is replaced by the next approved one (递补) and the formal list is published", async () => {
    const campaign = await makeCampaign(prisma, tree.countyA.id);
    const election = await makeElection(prisma, campaign.id, tree.villageA1a.id, { listStatus: "SUBMITTED" });
    // Director: 1 seat, at most 2 formal candidates (差额 1). Members: 2 seats, all three fit.
    const d1 = await candidate(election.id, "DIRECTOR", "王大伟", 300);
    const d2 = await candidate(election.id, "DIRECTOR", "李强", 200);
    const d3 = await candidate(election.id, "DIRECTOR", "张华", 100);
    const m1 = await candidate(election.id, "MEMBER", "赵丽", 250, "FEMALE");
    const m2 = await candidate(election.id, "MEMBER", "钱明", 240);
    const m3 = await candidate(election.id, "MEMBER", "孙刚", 230);
    const all = [d1, d2, d3, m1, m2, m3];
    const { roundId, entries } = await openRoundOf(
      campaign.id,
      [election.id],
      all.map((c) => c.id),
    );
    ok(await say("县人民法院", entries[0]!, "BAR", ["SB02A"], "2018年因寻衅滋事罪被判处有期徒刑十个月"));
    await clearRest(roundId, entries);

    expect(await executeAction(completeElection, countyAdmin, { electionId: election.id })).toMatchObject({
      ok: false,
      code: "invalid",
      error: expect.stringContaining("还有 6 名候选人未作决定"),
    });
    expect(ok(await executeAction(decideBatch, countyAdmin, { roundId, entryIds: entries }))).toEqual({ approved: 5, skipped: 1 });
    expect(await executeAction(completeElection, countyAdmin, { electionId: election.id })).toMatchObject({
      ok: false,
      code: "invalid",
      error: "还有 1 名候选人未作决定：王大伟",
    });
    ok(await executeAction(decide, countyAdmin, { entryId: entries[0]!, decision: "REJECT", rationale: "", opinionsSeen: 16 }));

    const mark = await auditMark(prisma);
    const done = ok(await executeAction(completeElection, countyAdmin, { electionId: election.id }));
    expect(done).toMatchObject({ published: true, reason: null });
    expect(done.explanation).toContain("主任：王大伟 未通过资格联审，由得票次高的张华递补");
    const rows = await prisma.candidate.findMany({ where: { electionId: election.id }, include: { person: true } });
    const slate = Object.fromEntries(rows.map((r) => [r.person.name, { rank: r.formalRank, replacement: r.replacement }]));
    expect(slate).toEqual({
      王大伟: { rank: null, replacement: false },
      李强: { rank: 2, replacement: false },
      张华: { rank: 3, replacement: true },
      赵丽: { rank: 1, replacement: false },
      钱明: { rank: 2, replacement: false },
      孙刚: { rank: 3, replacement: false },
    });
    const after = await prisma.election.findUniqueOrThrow({ where: { id: election.id } });
    expect(after).toMatchObject({ listStatus: "FORMAL", returnedReason: null });
    expect(after.formalPublishedAt).toBeInstanceOf(Date);
    expect((await auditSince(prisma, mark)).map((e) => ({ event: e.event, detail: e.detail }))).toEqual([
      { event: "vetting.list.completed", detail: { outcome: "published", formal: 5, replacements: 1, postingDeadline: addDays(electionDayAhead(), -5) } },
      // Its only village is done: the round ends with the publication.
      { event: "vetting.round.closed", detail: { lastElectionId: election.id } },
    ]);
    expect(await prisma.vettingRound.findUniqueOrThrow({ where: { id: roundId } })).toMatchObject({ status: "CLOSED", closedAt: expect.any(Date) });
    // Published: the township cannot change it any more.
    expect(await executeAction(saveCandidate, officerA1, { electionId: election.id, ...candidateInput({ post: "MEMBER" }) })).toMatchObject({
      ok: false,
      code: "invalid",
      error: "正式候选人名单已公布，不能再修改",
    });
  });

  it("more approved candidates than places: completion is held with the counts shown, and the county's explicit reduction (预选, ties chosen by the county) decides, audited", async () => {
    const campaign = await makeCampaign(prisma, tree.countyA.id);
    const election = await makeElection(prisma, campaign.id, tree.villageA2a.id, { listStatus: "SUBMITTED" });
    // 主任: 1 seat, at most 2 formal candidates; three are approved. 周杰 was nominated by 25 voters jointly, with no 提名得票.
    const wang = await candidate(election.id, "DIRECTOR", "王强", 12);
    const zhao = await candidate(election.id, "DIRECTOR", "赵刚", 12);
    const zhou = await prisma.candidate.update({
      where: { id: (await candidate(election.id, "DIRECTOR", "周杰", 0)).id },
      data: { nominationVotes: null, nominatorCount: 25 },
    });
    const members = [
      await candidate(election.id, "MEMBER", "赵丽", 250, "FEMALE"),
      await candidate(election.id, "MEMBER", "钱明", 240),
      await candidate(election.id, "MEMBER", "孙刚", 230),
    ];
    const { roundId, entries } = await openRoundOf(
      campaign.id,
      [election.id],
      [wang, zhao, zhou, ...members].map((c) => c.id),
    );
    await clearRest(roundId, entries);
    ok(await executeAction(decideBatch, countyAdmin, { roundId, entryIds: entries }));

    const before = await state();
    const mark = await auditMark(prisma);
    const silent = await executeAction(completeElection, countyAdmin, { electionId: election.id });
    expect(silent).toMatchObject({
      ok: false,
      code: "invalid",
      error:
        "正式候选人超过名额，须先确定如何减少。主任：通过资格联审 3 名，超过正式候选人最多 2 名，须由县换届办确定减少方式（按提名得票排序，或录入预选结果）：王强（提名得票 12 票）、赵刚（提名得票 12 票）、周杰（未录入提名得票，联名 25 人）",
    });
    const byVotes = await executeAction(completeElection, countyAdmin, { electionId: election.id, reduction: "NOMINATION_VOTES" });
    expect(byVotes.ok ? "" : byVotes.error).toContain("主任：周杰 未录入提名得票，不能按提名得票排序");
    // The 预选 puts 周杰 first; 王强 and 赵刚 tie for the last place, which the app does not decide.
    const preselection = { reduction: "PRESELECTION", preselectionIds: [wang.id, zhao.id, zhou.id], preselectionVotes: ["300", "300", "310"] };
    const tied = await executeAction(completeElection, countyAdmin, { electionId: election.id, ...preselection });
    expect(tied.ok ? "" : tied.error).toContain(
      "主任：王强、赵刚 预选得票相同（均为 300 票），争 1 个名额，不能自动确定；请按本地规定（如村民会议表决）决定后，选定列入正式候选人的 1 名",
    );
    expect(await state()).toEqual(before);
    expect(await auditSince(prisma, mark)).toEqual([]);
    expect((await prisma.election.findUniqueOrThrow({ where: { id: election.id } })).listStatus).toBe("IN_VETTING");

    const done = ok(await executeAction(completeElection, countyAdmin, { electionId: election.id, ...preselection, tieWinners: [zhao.id] }));
    expect(done).toMatchObject({ published: true });
    expect(done.explanation).toContain(
      "主任：应选 1 名，正式候选人最多 2 名，通过资格联审 3 名，按预选得票确定 2 名：周杰（310 票）、赵刚（300 票）；王强（300 票） 不列入正式候选人",
    );
    expect(done.explanation).toContain("主任：王强、赵刚 预选得票相同（均为 300 票），由县换届办按本地规定选定 赵刚 列入");
    const ranks = await prisma.candidate.findMany({ where: { id: { in: [wang.id, zhao.id, zhou.id] } }, select: { id: true, formalRank: true } });
    expect(Object.fromEntries(ranks.map((r) => [r.id, r.formalRank]))).toEqual({ [zhou.id]: 1, [zhao.id]: 2, [wang.id]: null });
    const [completed] = await auditSince(prisma, mark);
    expect(completed).toMatchObject({
      event: "vetting.list.completed",
      detail: {
        outcome: "published",
        reductions: [
          {
            post: "DIRECTOR",
            by: "PRESELECTION",
            chosen: [
              { id: zhou.id, votes: 310 },
              { id: zhao.id, votes: 300 },
            ],
            left: [{ id: wang.id, votes: 300 }],
            tie: { votes: 300, ids: [wang.id, zhao.id], winners: [zhao.id] },
          },
        ],
      },
    });
  });

  it("when the formal list no longer keeps the 差额 the list goes back to the township with the rule named, and the township can edit again", async () => {
    const { roundId, entries, election, candidates } = await freshRound(tree.villageA1b);
    // addValidList: two directors for one seat; the first one is barred.
    expect(candidates[0]!.post).toBe("DIRECTOR");
    ok(await say("县公安局", entries[0]!, "BAR", ["SB04B"], "2020年因组织赌博被行政拘留十五日"));
    await clearRest(roundId, entries);
    ok(await executeAction(decideBatch, countyAdmin, { roundId, entryIds: entries }));
    ok(await executeAction(decide, countyAdmin, { entryId: entries[0]!, decision: "REJECT", rationale: "", opinionsSeen: 16 }));

    const done = ok(await executeAction(completeElection, countyAdmin, { electionId: election.id }));
    const reason = "联审后正式候选人名单不符合规则：主任应选 1 名，候选人至少应有 2 名（差额至少 1 名），目前只有 1 名";
    expect(done).toMatchObject({ published: false, reason });
    const after = await prisma.election.findUniqueOrThrow({ where: { id: election.id } });
    expect(after).toMatchObject({ listStatus: "RETURNED", returnedReason: reason, formalPublishedAt: null });
    expect(await prisma.candidate.count({ where: { electionId: election.id, formalRank: { not: null } } })).toBe(0);

    // The township adds a director and sends the list again.
    ok(await executeAction(saveCandidate, officerA1, { electionId: election.id, ...candidateInput({ post: "DIRECTOR" }) }));
    expect(await prisma.candidate.count({ where: { electionId: election.id } })).toBe(6);
    // The barred nominee's vetting record must stay (联审倒查): deleting them is refused, not a crash.
    const barred = await prisma.candidate.findUniqueOrThrow({ where: { id: candidates[0]!.id }, include: { person: true } });
    const del = await executeAction(deleteCandidate, officerA1, { electionId: election.id, candidateId: barred.id, version: barred.version });
    expect(del).toMatchObject({ ok: false, code: "invalid", error: `「${barred.person.name}」已有资格联审记录，须保留备查，不能删除` });
    expect(await prisma.candidate.count({ where: { electionId: election.id } })).toBe(6);

    // The round ended with the return: no decision can be taken in it any more.
    const again = await executeAction(decide, countyAdmin, { entryId: entries[0]!, decision: "APPROVE", rationale: "重新研判", opinionsSeen: 16 });
    expect(again).toMatchObject({ ok: false, code: "invalid", error: "本轮联审已结束" });
    expect(await prisma.vettingRound.findUniqueOrThrow({ where: { id: roundId } })).toMatchObject({ status: "CLOSED" });
    expect((await prisma.vettingEntry.findUniqueOrThrow({ where: { id: entries[0]! } })).decision).toBe("REJECTED");

    // The round is over: the police no longer see the record; the county office keeps it.
    expect(await getVettingRecord(reviewer("县公安局"), entries[0]!)).toBeNull();
    expect((await getVettingRecord(countyAdmin, entries[0]!))!.opinions.length).toBeGreaterThan(1);
  });
});

describe("a second round after a return", () => {
  beforeAll(() => ensureNegativeList(tree.countyA, countyAdmin));

  async function candidate(electionId: string, post: "DIRECTOR" | "MEMBER", name: string, votes: number, gender: "MALE" | "FEMALE" = "MALE") {
    const { candidate: c } = await addCandidate(prisma, electionId, tree.countyA.id, post, gender, name);
    return prisma.candidate.update({ where: { id: c.id }, data: { nominationVotes: votes } });
  }

  /**
   * Round 1 in 甲二村: the police find 不能 (SB06A) on 张国庆, the county decides 不通过, only one director is
   * left, so the list goes back to the township. The township adds 周杰 (递补), corrects 钱明's phone number
   * and sends the list again.
   */
  async function returnedAndResubmitted(whileReturned?: (electionId: string, version: number) => Promise<void>) {
    const campaign = await makeCampaign(prisma, tree.countyA.id);
    const election = await makeElection(prisma, campaign.id, tree.villageA1b.id, { listStatus: "SUBMITTED" });
    const zhang = await candidate(election.id, "DIRECTOR", "张国庆", 300);
    const li = await candidate(election.id, "DIRECTOR", "李明", 200);
    const zhao = await candidate(election.id, "MEMBER", "赵丽", 250, "FEMALE");
    const qian = await candidate(election.id, "MEMBER", "钱明", 240);
    const sun = await candidate(election.id, "MEMBER", "孙刚", 230);
    const r1 = await openRoundOf(
      campaign.id,
      [election.id],
      [zhang, li, zhao, qian, sun].map((c) => c.id),
    );
    const finding = "2021年5月因聚众扰乱公共秩序被行政拘留十日（某公（治）行罚决字〔2021〕56号）";
    ok(await say("县公安局", r1.entries[0]!, "BAR", ["SB06A"], finding));
    await clearRest(r1.roundId, r1.entries);
    expect(ok(await executeAction(decideBatch, countyAdmin, { roundId: r1.roundId, entryIds: r1.entries }))).toEqual({ approved: 4, skipped: 1 });
    ok(await executeAction(decide, countyAdmin, { entryId: r1.entries[0]!, decision: "REJECT", rationale: "", opinionsSeen: 16 }));
    expect(ok(await executeAction(completeElection, countyAdmin, { electionId: election.id }))).toMatchObject({ published: false });
    expect(await prisma.vettingRound.findUniqueOrThrow({ where: { id: r1.roundId } })).toMatchObject({ status: "CLOSED" });
    if (whileReturned) await whileReturned(election.id, (await prisma.election.findUniqueOrThrow({ where: { id: election.id } })).version);

    ok(
      await executeAction(saveCandidate, officerA1, {
        electionId: election.id,
        ...candidateInput({ name: "周杰", post: "DIRECTOR", nominationForm: "VOTER_JOINT", nominatorCount: "25", nominationVotes: "100" }),
      }),
    );
    const zhou = await prisma.candidate.findFirstOrThrow({ where: { electionId: election.id, person: { name: "周杰" } } });
    const qianPerson = await prisma.person.findFirstOrThrow({ where: { candidacies: { some: { id: qian.id } } } });
    ok(
      await executeAction(saveCandidate, officerA1, {
        electionId: election.id,
        candidateId: qian.id,
        version: qian.version,
        ...candidateInput({
          name: "钱明",
          gender: "MALE",
          birthDate: dayOf(qianPerson.birthDate),
          idNumber: qianPerson.idNumber,
          post: "MEMBER",
          phone: "13900001111",
          nominationVotes: "240",
        }),
      }),
    );
    const returned = await prisma.election.findUniqueOrThrow({ where: { id: election.id } });
    ok(await executeAction(submitList, officerA1, { electionId: election.id, version: returned.version }));
    return { campaign, election, r1, finding, zhang, li, zhao, qian, sun, zhou, all: [zhang, li, zhao, qian, sun, zhou] };
  }

  it("the standing 不能 and 不通过 carry over, only the new and changed people are asked again, and the disqualified candidate never reaches the formal list", async () => {
    const { campaign, election, finding, zhang, li, zhao, qian, sun, zhou, all } = await returnedAndResubmitted();
    const mark = await auditMark(prisma);
    const r2 = await openRoundOf(
      campaign.id,
      [election.id],
      all.map((c) => c.id),
    );
    expect((await auditSince(prisma, mark)).map((e) => ({ event: e.event, after: e.after }))).toEqual([
      {
        event: "vetting.round.opened",
        after: { name: "城关镇第一批", deadline: deadline(), elections: 1, candidates: 6, departments: 16, carried: 4, revetted: 1, revetAll: false },
      },
    ]);
    const [eZhang, eLi, eZhao, eQian, eSun, eZhou] = r2.entries as [string, string, string, string, string, string];

    // 张国庆 comes into round 2 with the police finding and the county's 不通过, both shown.
    const z = await boardRow(r2.roundId, eZhang);
    expect(z).toMatchObject({ decision: "REJECTED", carry: "ALL", rollUp: { status: "DISQUALIFIED" } });
    expect(z.opinions[dept("县公安局")]).toMatchObject({ kind: "BAR", conditionCodes: ["SB06A"], fromRound: "城关镇第一批" });
    const text = z.rollUp.explanation.join("\n");
    expect(text).toContain(
      `县公安局：存在不能情形（SB06A 组织、煽动、参与群体性事件，或者因扰乱公共秩序、妨害公务等被处理）：${finding}（「城关镇第一批」出具，继续有效）`,
    );
    expect(text).toContain("前轮「城关镇第一批」县换届办决定：不通过；该决定继续有效，改变须写明理由");
    // The record page shows round 1's opinions too.
    const record = await getVettingRecord(countyAdmin, eZhang);
    expect(
      record!.opinions.filter((o) => o.kind === "BAR").map((o) => ({ department: o.department.name, finding: o.finding, fromRound: o.fromRound })),
    ).toEqual([{ department: "县公安局", finding, fromRound: "城关镇第一批" }]);
    expect(record!.decision).toBe("REJECTED");
    // Unchanged and approved in round 1: still approved, nobody asked again.
    for (const e of [eLi, eZhao, eSun])
      expect(await boardRow(r2.roundId, e)).toMatchObject({ decision: "APPROVED", carry: "ALL", rollUp: { status: "ELIGIBLE" } });
    // New (周杰) and changed (钱明): every department must answer.
    for (const e of [eZhou, eQian])
      expect(await boardRow(r2.roundId, e)).toMatchObject({ decision: null, rollUp: { status: "PENDING", missing: [...deptA.values()] } });
    // The police queue shows their standing 不能 on 张国庆.
    const queue = await getReviewerQueue(reviewer("县公安局"), r2.roundId);
    expect(queue!.rows.find((r) => r.entryId === eZhang)!.mine).toMatchObject({ kind: "BAR", fromRound: "城关镇第一批" });
    expect(queue!.rows.find((r) => r.entryId === eZhou)!.mine).toBeNull();
    // Need to know: on the record the police see their own opinions (round 1's too), not the other departments'.
    const policeView = await getVettingRecord(reviewer("县公安局"), eZhang);
    expect(policeView!.opinions.map((o) => ({ department: o.department.name, kind: o.kind }))).toEqual([{ department: "县公安局", kind: "BAR" }]);

    // Every department answers 无异议 in bulk: that reaches only 周杰 and 钱明, never 张国庆's 不能.
    for (const name of deptA.keys())
      expect(ok(await executeAction(bulkNoObjection, reviewer(name), { roundId: r2.roundId, entryIds: r2.entries }))).toEqual({ recorded: 2, skipped: 4 });
    expect(await prisma.vettingOpinion.count({ where: { entryId: eZhang } })).toBe(0);
    expect((await boardRow(r2.roundId, eZhang)).rollUp.status).toBe("DISQUALIFIED");

    // The 不通过 holds: it cannot be taken again, nor turned into 通过 while the 不能 stands.
    const before = await state();
    expect(await executeAction(decide, countyAdmin, { entryId: eZhang, decision: "REJECT", rationale: "", opinionsSeen: 16 })).toMatchObject({
      ok: false,
      code: "conflict",
      error: "该候选人沿用前轮联审的决定（不通过），不需要重复决定",
    });
    expect(
      await executeAction(decide, countyAdmin, { entryId: eZhang, decision: "APPROVE", rationale: "经研判可以提名为候选人", opinionsSeen: 16 }),
    ).toMatchObject({
      ok: false,
      code: "invalid",
      error: "不能情形须由出具意见的部门撤回后才能通过",
    });
    expect(await state()).toEqual(before);
    expect(ok(await executeAction(decideBatch, countyAdmin, { roundId: r2.roundId, entryIds: r2.entries }))).toEqual({ approved: 2, skipped: 4 });

    const done = ok(await executeAction(completeElection, countyAdmin, { electionId: election.id }));
    expect(done).toMatchObject({ published: true, reason: null });
    expect(done.explanation).toContain("主任：张国庆 未通过资格联审，由得票次高的周杰递补");
    const rows = await prisma.candidate.findMany({ where: { id: { in: all.map((c) => c.id) } }, select: { id: true, formalRank: true, replacement: true } });
    const slate = Object.fromEntries(rows.map((r) => [r.id, { rank: r.formalRank, replacement: r.replacement }]));
    expect(slate).toEqual({
      [zhang.id]: { rank: null, replacement: false },
      [li.id]: { rank: 2, replacement: false },
      [zhou.id]: { rank: 3, replacement: true },
      [zhao.id]: { rank: 1, replacement: false },
      [qian.id]: { rank: 2, replacement: false },
      [sun.id]: { rank: 3, replacement: false },
    });
    // Publishing closed round 2; a late answer is refused with a reason.
    expect(await prisma.vettingRound.findUniqueOrThrow({ where: { id: r2.roundId } })).toMatchObject({ status: "CLOSED", closedAt: expect.any(Date) });
    expect(await say("县公安局", eZhou, "BAR", ["SB06A"], "补充发现")).toMatchObject({
      ok: false,
      code: "invalid",
      error: "本轮联审已结束（名单已公布正式候选人或已退回乡镇），不再接受部门意见",
    });
    expect((await listRounds(reviewer("县公安局"))).map((r) => r.id)).not.toContain(r2.roundId);
  });

  it("the list check counts only people still standing: a returned list shows the missing 主任 and cannot go back unchanged; the published list warns about nobody who is off it", async () => {
    const missing = "主任应选 1 名，候选人至少应有 2 名（差额至少 1 名），目前只有 1 名（未通过资格联审的 张国庆 不计入）";
    const { campaign, election, all } = await returnedAndResubmitted(async (electionId, version) => {
      const workspace = await getElectionWorkspace(officerA1, electionId);
      expect(workspace!.returnedReason).toContain("主任应选 1 名，候选人至少应有 2 名");
      expect(workspace!.problems.filter((p) => p.severity === "error").map((p) => p.message)).toEqual([missing]);
      const before = await state();
      const res = await executeAction(submitList, officerA1, { electionId, version });
      expect(res).toMatchObject({ ok: false, code: "invalid", error: `名单还有 1 个问题须先改正：${missing}` });
      expect(await state()).toEqual(before);
    });
    // With 周杰 added the list is whole again: 李明 and 周杰 for one 主任 seat, 张国庆 not counted.
    expect((await getElectionWorkspace(officerA1, election.id))!.problems).toEqual([]);
    const r2 = await openRoundOf(
      campaign.id,
      [election.id],
      all.map((c) => c.id),
    );
    await clearRest(r2.roundId, r2.entries);
    ok(await executeAction(decideBatch, countyAdmin, { roundId: r2.roundId, entryIds: r2.entries }));
    expect(ok(await executeAction(completeElection, countyAdmin, { electionId: election.id }))).toMatchObject({ published: true });
    // Three directors were nominated for two places, but only two stand: no 预选 warning on the published list.
    expect((await getElectionWorkspace(officerA1, election.id))!.problems).toEqual([]);
  });

  it("a later round with another panel: a 不能 from a department no longer on it still stands, a department new to it is not awaited for carried records, new people answer to the new panel", async () => {
    const { campaign, election, zhang, li, zhou } = await returnedAndResubmitted();
    const veterans = await prisma.department.create({ data: { countyId: tree.countyA.id, name: "县退役军人事务局", sortOrder: 99 } });
    const panel = [dept("县纪委监委"), dept("县民政局"), veterans.id];
    let roundId: string;
    try {
      roundId = ok(
        await executeAction(openVettingRound, countyAdmin, {
          campaignId: campaign.id,
          name: "甲一镇第二批",
          deadline: deadline(),
          electionIds: [election.id],
          departmentIds: panel,
        }),
      ).id;
    } finally {
      // Other tests open rounds with every active department of the county.
      await prisma.department.update({ where: { id: veterans.id }, data: { active: false } });
    }
    const entryOf = new Map(
      (await prisma.vettingEntry.findMany({ where: { roundId }, select: { id: true, candidateId: true } })).map((e) => [e.candidateId, e.id]),
    );
    const z = await boardRow(roundId, entryOf.get(zhang.id)!);
    expect(z.rollUp.status).toBe("DISQUALIFIED");
    expect(z.rollUp.explanation[0]).toContain("县公安局报告的不能情形（SB06A）");
    expect(await boardRow(roundId, entryOf.get(li.id)!)).toMatchObject({ decision: "APPROVED", rollUp: { status: "ELIGIBLE", missing: [] } });
    expect((await boardRow(roundId, entryOf.get(zhou.id)!)).rollUp).toMatchObject({ status: "PENDING", missing: panel });
  });

  it("a 不能 that arrives after 通过 holds completion until the county decides again, with a reason", async () => {
    const { roundId, entries, election, candidates } = await freshRound(tree.villageA2a);
    await clearRest(roundId, entries);
    expect(ok(await executeAction(decideBatch, countyAdmin, { roundId, entryIds: entries }))).toEqual({ approved: 5, skipped: 0 });
    const late = entries[3]!;
    const name = (await prisma.person.findFirstOrThrow({ where: { candidacies: { some: { id: candidates[3]!.id } } } })).name;
    ok(await say("县公安局", late, "BAR", ["SB06A"], "补充核查：2023年因妨害公务被行政拘留"));
    const held = await executeAction(completeElection, countyAdmin, { electionId: election.id });
    expect(held).toMatchObject({ ok: false, code: "invalid", error: `以下候选人作出“通过”决定后又有部门出具新意见，须先重新决定：${name}（不符合条件）` });
    // Decisions nothing has overtaken stay final.
    expect(await executeAction(decide, countyAdmin, { entryId: entries[0]!, decision: "REJECT", rationale: "重新研判不通过", opinionsSeen: 16 })).toMatchObject(
      { ok: false, code: "conflict" },
    );
    expect(await executeAction(decide, countyAdmin, { entryId: late, decision: "REJECT", rationale: "", opinionsSeen: 17 })).toMatchObject({
      ok: false,
      code: "invalid",
      error: "县换届办此前的决定是“通过”，改变该决定须写明理由（至少 5 个字）",
    });
    const mark = await auditMark(prisma);
    const reason = "公安局补充报告不能情形，改为不通过";
    ok(await executeAction(decide, countyAdmin, { entryId: late, decision: "REJECT", rationale: reason, opinionsSeen: 17 }));
    expect((await auditSince(prisma, mark)).map((e) => ({ event: e.event, before: e.before }))).toEqual([
      { event: "vetting.decided", before: { decision: "APPROVED", overtaken: true } },
    ]);
    expect(ok(await executeAction(completeElection, countyAdmin, { electionId: election.id }))).toMatchObject({ published: false });
    expect(await prisma.candidate.count({ where: { id: candidates[3]!.id, formalRank: { not: null } } })).toBe(0);
  });

  it("when the county asks, everyone is vetted again: the standing 不能 still vetoes, clean answers are asked again, and turning an earlier 不通过 round needs a reason", async () => {
    const { campaign, election, zhang, sun, all } = await returnedAndResubmitted();
    const { id: roundId } = ok(
      await executeAction(openVettingRound, countyAdmin, {
        campaignId: campaign.id,
        name: "甲一镇复审",
        deadline: deadline(),
        electionIds: [election.id],
        revetAll: "on",
      }),
    );
    const entryOf = new Map(
      (await prisma.vettingEntry.findMany({ where: { roundId }, select: { id: true, candidateId: true } })).map((e) => [e.candidateId, e.id]),
    );
    const entries = all.map((c) => entryOf.get(c.id)!);
    const [eZhang, , , , eSun] = entries as [string, string, string, string, string, string];
    expect(await prisma.vettingEntry.count({ where: { roundId, decision: { not: null } } })).toBe(0);

    // Before anyone answers: the 不能 stands and vetoes; everyone else waits for all sixteen departments.
    const z = await boardRow(roundId, eZhang);
    expect(z).toMatchObject({ decision: null, carry: "FINDINGS", rollUp: { status: "DISQUALIFIED" } });
    expect(z.rollUp.explanation.join("\n")).toContain("前轮「城关镇第一批」县换届办决定：不通过；本轮重新审查，改变前轮决定须写明理由");
    expect((await boardRow(roundId, eSun)).rollUp).toMatchObject({ status: "PENDING", missing: [...deptA.values()] });

    // Bulk 无异议 from the police skips only their standing 不能.
    expect(ok(await executeAction(bulkNoObjection, reviewer("县公安局"), { roundId, entryIds: entries }))).toEqual({ recorded: 5, skipped: 1 });
    await clearRest(roundId, entries, ["县公安局"]);
    expect(ok(await executeAction(decideBatch, countyAdmin, { roundId, entryIds: entries }))).toEqual({ approved: 5, skipped: 1 });
    expect(await executeAction(decide, countyAdmin, { entryId: eZhang, decision: "APPROVE", rationale: "经研判可以提名", opinionsSeen: 31 })).toMatchObject({
      ok: false,
      code: "invalid",
      error: "不能情形须由出具意见的部门撤回后才能通过",
    });

    // The police withdraw after verification; the county may now turn its 不通过 round, but only with a reason.
    ok(await say("县公安局", eZhang, "NO_OBJECTION", [], "经复核，行政拘留决定已被依法撤销（某公复决字〔2022〕3号），撤回前述意见"));
    const seen = (await boardRow(roundId, eZhang)).opinionCount;
    expect((await boardRow(roundId, eZhang)).rollUp.status).toBe("ELIGIBLE");
    expect(ok(await executeAction(decideBatch, countyAdmin, { roundId, entryIds: [eZhang] }))).toEqual({ approved: 0, skipped: 1 });
    expect(await executeAction(decide, countyAdmin, { entryId: eZhang, decision: "APPROVE", rationale: "", opinionsSeen: seen })).toMatchObject({
      ok: false,
      code: "invalid",
      error: "县换届办此前的决定是“不通过”，改变该决定须写明理由（至少 5 个字）",
    });
    const mark = await auditMark(prisma);
    const reason = "公安局已撤回不能情形，原处罚已被撤销";
    ok(await executeAction(decide, countyAdmin, { entryId: eZhang, decision: "APPROVE", rationale: reason, opinionsSeen: seen }));
    expect((await auditSince(prisma, mark)).map((e) => ({ event: e.event, before: e.before, after: e.after }))).toEqual([
      {
        event: "vetting.decided",
        before: { decision: "REJECTED", round: "城关镇第一批", carried: false },
        after: { decision: "APPROVE", status: "ELIGIBLE", rationale: reason, opinionsSeen: seen },
      },
    ]);
    expect(sun.id).toBeDefined();
    expect(zhang.id).toBeDefined();
  });
});

describe("a round of Baiyu's size: 900 candidates × 16 departments", () => {
  it("reviews, decides and counts exactly what was constructed", { timeout: 180_000 }, async () => {
    const started = Date.now();
    const county = await makeUnit(prisma, tree.city, "980103000000", "白玉县", "COUNTY");
    const depts = await demoDepartments(county);
    const reviewers = await reviewersOf(county, depts);
    const admin = await makeActor(prisma, "COUNTY_ADMIN", county, { username: "admin_baiyu" });
    ok(await executeAction(loadDefaultNegativeList, admin, { countyId: county.id }));

    // 15 townships × 12 villages × 5 candidates, written with createMany.
    const townships = Array.from({ length: 15 }, (_, t) => {
      const id = randomUUID();
      return {
        id,
        code: `980103${String(101 + t)}000`,
        name: `白玉${t + 1}镇`,
        level: "TOWNSHIP" as const,
        kind: "TOWN" as const,
        parentId: county.id,
        path: childPath(county.path, id),
        countyId: county.id,
      };
    });
    const villages = townships.flatMap((town, t) =>
      Array.from({ length: 12 }, (_, v) => {
        const id = randomUUID();
        return {
          id,
          code: `${town.code.slice(0, 9)}${String(201 + v)}`,
          name: `白玉${t + 1}镇${v + 1}村`,
          level: "VILLAGE" as const,
          kind: "VILLAGE" as const,
          parentId: town.id,
          path: childPath(town.path, id),
          countyId: county.id,
        };
      }),
    );
    await prisma.unit.createMany({ data: [...townships, ...villages] });
    const campaign = await makeCampaign(prisma, county.id);
    const elections = villages.map((v) => ({
      id: randomUUID(),
      campaignId: campaign.id,
      unitId: v.id,
      electionDay: dateOfDay(electionDayAhead()),
      method: "CONTESTED" as const,
      seatsDirector: 1,
      seatsDeputy: 0,
      seatsMember: 2,
      seatsWomenMember: 0,
      dualRole: "PLANNED" as const,
      registeredVoters: 800,
      listStatus: "SUBMITTED" as const,
      submittedAt: new Date(),
    }));
    await prisma.election.createMany({ data: elections });
    const posts = ["DIRECTOR", "DIRECTOR", "MEMBER", "MEMBER", "MEMBER"] as const;
    const people = elections.flatMap((e) =>
      posts.map((post, k) => {
        const p = freshPerson(k === 2 ? "FEMALE" : "MALE");
        return {
          electionId: e.id,
          post,
          person: {
            id: randomUUID(),
            countyId: county.id,
            name: `白玉候选人${p.idNumber.slice(-6)}`,
            gender: p.gender,
            ethnicity: "01",
            birthDate: dateOfDay(p.birthDate),
            idNumber: p.idNumber,
            education: "60",
            political: "MASSES" as const,
            currentPosts: [],
            tags: [],
          },
        };
      }),
    );
    await prisma.person.createMany({ data: people.map((x) => x.person) });
    const candidateIds = people.map(() => randomUUID());
    await prisma.candidate.createMany({
      data: people.map((x, i) => ({
        id: candidateIds[i]!,
        electionId: x.electionId,
        personId: x.person.id,
        post: x.post,
        nominationForm: "SELF" as const,
        pledgeCampaign: true,
        pledgeWork: true,
        pledgeResign: true,
        pledgeDiscipline: true,
      })),
    });
    expect(candidateIds).toHaveLength(900);

    const { id: roundId, candidates } = ok(
      await executeAction(openVettingRound, admin, {
        campaignId: campaign.id,
        name: "白玉县第一轮联审",
        deadline: deadline(),
        electionIds: elections.map((e) => e.id),
      }),
    );
    expect(candidates).toBe(900);
    const entryOf = new Map(
      (await prisma.vettingEntry.findMany({ where: { roundId }, select: { id: true, candidateId: true } })).map((e) => [e.candidateId, e.id]),
    );
    const entries = candidateIds.map((id) => entryOf.get(id)!);
    // The k-th finding goes to a candidate spread over the county (37 is coprime with 900: all distinct).
    const pick = (k: number) => entries[(k * 37) % 900]!;
    const by = (name: string, entryId: string, kind: OpinionKind, codes: string[], finding: string) =>
      executeAction(recordOpinion, reviewers.get(name)!, { entryId, kind, conditionCodes: codes, finding });

    type Plan = { dept: string; kind: OpinionKind; code: string; ks: number[] };
    const findings: Plan[] = [
      { dept: "县人民法院", kind: "BAR", code: "SB02A", ks: [0, 1, 2, 3] },
      { dept: "县纪委监委", kind: "BAR", code: "SB03A", ks: [4, 5, 6] },
      { dept: "县人民法院", kind: "BAR", code: "SB09C", ks: [7, 8] },
      { dept: "县信访局", kind: "BAR", code: "SB06B", ks: [9] },
      { dept: "县民政局", kind: "CONCERN", code: "SB07D", ks: [10, 11, 12, 13, 14] },
      { dept: "县自然资源局", kind: "CONCERN", code: "SB09B", ks: [15, 16, 17] },
      // Withdrawn below with a newer 无异议.
      { dept: "县公安局", kind: "BAR", code: "SB04B", ks: [18, 19, 20, 21] },
      // The court owns SB02A and will answer 无异议 in bulk: a conflict.
      { dept: "县公安局", kind: "BAR", code: "SB02A", ks: [22, 23] },
    ];
    let singles = 0;
    for (const f of findings)
      for (const k of f.ks) {
        ok(await by(f.dept, pick(k), f.kind, [f.code], `第${k}号核查发现（${f.code}）`));
        singles++;
      }
    for (const k of [18, 19, 20, 21]) {
      ok(await by("县公安局", pick(k), "NO_OBJECTION", [], "经复核系同名人员，撤回"));
      singles++;
    }
    expect(singles).toBe(28);

    const bulk: Record<string, { recorded: number; skipped: number }> = {};
    for (const [name, actor] of reviewers) bulk[name] = ok(await executeAction(bulkNoObjection, actor, { roundId, entryIds: entries }));
    const skipped = { 县人民法院: 6, 县纪委监委: 3, 县信访局: 1, 县民政局: 5, 县自然资源局: 3, 县公安局: 6 } as Record<string, number>;
    expect(bulk).toEqual(Object.fromEntries(DEMO_DEPARTMENTS.map((d) => [d.name, { recorded: 900 - (skipped[d.name] ?? 0), skipped: skipped[d.name] ?? 0 }])));
    expect(await prisma.vettingOpinion.count({ where: { entry: { roundId } } })).toBe(900 * 16 + 4);

    const board = (await getRoundBoard(admin, roundId))!;
    expect(board.rows).toHaveLength(900);
    expect(board.departments).toHaveLength(16);
    const byStatus: Partial<Record<RollUpStatus, number>> = {};
    const byCode: Record<string, number> = {};
    for (const r of board.rows) {
      byStatus[r.rollUp.status] = (byStatus[r.rollUp.status] ?? 0) + 1;
      for (const o of Object.values(r.opinions))
        if (o.kind === "BAR" || o.kind === "CONCERN") for (const c of o.conditionCodes) byCode[c] = (byCode[c] ?? 0) + 1;
    }
    expect(byStatus).toEqual({ ELIGIBLE: 880, DISQUALIFIED: 10, NEEDS_DECISION: 8, CONFLICT: 2 });
    expect(byCode).toEqual({ SB02A: 6, SB03A: 3, SB09C: 2, SB06B: 1, SB07D: 5, SB09B: 3 });
    const rowOf = new Map(board.rows.map((r) => [r.entryId, r]));
    for (const k of [18, 19, 20, 21]) expect(rowOf.get(pick(k))).toMatchObject({ opinionCount: 17, rollUp: { status: "ELIGIBLE" } });
    for (const k of [22, 23])
      expect(rowOf.get(pick(k))!.rollUp.conflicts).toEqual([{ code: "SB02A", findingBy: [depts.get("县公安局")], deniedBy: [depts.get("县人民法院")] }]);
    expect(board.rows.reduce((n, r) => n + r.opinionCount, 0)).toBe(900 * 16 + 4);

    // Decisions: the clean batch at once, each finding on its own.
    expect(ok(await executeAction(decideBatch, admin, { roundId, entryIds: entries }))).toEqual({ approved: 880, skipped: 20 });
    for (const k of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
      ok(await executeAction(decide, admin, { entryId: pick(k), decision: "REJECT", rationale: "", opinionsSeen: 16 }));
    const reasoned = "经县换届办集体研判，情节轻微，已整改到位";
    for (const k of [10, 11, 12, 15]) ok(await executeAction(decide, admin, { entryId: pick(k), decision: "APPROVE", rationale: reasoned, opinionsSeen: 16 }));
    for (const k of [13, 14, 16, 17])
      ok(await executeAction(decide, admin, { entryId: pick(k), decision: "REJECT", rationale: "经集体研判，不宜提名为候选人", opinionsSeen: 16 }));
    expect(await executeAction(decide, admin, { entryId: pick(22), decision: "REJECT", rationale: reasoned, opinionsSeen: 16 })).toMatchObject({
      ok: false,
      code: "invalid",
    });

    const decisions = await prisma.vettingEntry.groupBy({ by: ["decision"], where: { roundId }, _count: { _all: true } });
    expect(Object.fromEntries(decisions.map((d) => [d.decision ?? "UNDECIDED", d._count._all]))).toEqual({ APPROVED: 884, REJECTED: 14, UNDECIDED: 2 });
    const undecided = await prisma.vettingEntry.findMany({ where: { roundId, decision: null }, select: { id: true } });
    expect(undecided.map((e) => e.id).sort()).toEqual([pick(22), pick(23)].sort());
    const rejected = await prisma.vettingEntry.findMany({ where: { roundId, decision: "REJECTED" }, select: { id: true } });
    expect(rejected.map((e) => e.id).sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 14, 16, 17].map(pick).sort());
    console.info(`900 × 16 round on ${database.kind}: ${Date.now() - started} ms`);
  });
});

describe("scope, closed rounds and the audit trail", () => {
  beforeAll(() => ensureNegativeList(tree.countyA, countyAdmin));

  it("a reviewer of another county finds nothing", async () => {
    const { roundId, entries } = await freshRound(tree.villageA2a);
    const before = await state();
    const mark = await auditMark(prisma);
    expect(await executeAction(recordOpinion, reviewerB, { entryId: entries[0]!, kind: "NO_OBJECTION", conditionCodes: [], finding: "" })).toMatchObject({
      ok: false,
      code: "not_found",
    });
    expect(await executeAction(bulkNoObjection, reviewerB, { roundId, entryIds: entries })).toMatchObject({ ok: false, code: "not_found" });
    expect(await executeAction(decide, countyBAdmin, { entryId: entries[0]!, decision: "APPROVE", rationale: "", opinionsSeen: 0 })).toMatchObject({
      ok: false,
      code: "not_found",
    });
    expect(await getReviewerQueue(reviewerB, roundId)).toBeNull();
    expect(await getVettingRecord(reviewerB, entries[0]!)).toBeNull();
    expect(await getRoundBoard(countyBAdmin, roundId)).toBeNull();
    expect((await listRounds(reviewerB)).map((r) => r.id)).not.toContain(roundId);
    expect((await auditSince(prisma, mark)).map((e) => e.event)).toEqual(["action.denied", "action.denied", "action.denied"]);
    expect(await state()).toEqual(before);
  });

  it("a round asks only the departments the county chose; a department outside the panel neither sees nor answers it", async () => {
    const list = await submittedList(tree.villageA1b);
    const panel = ["县纪委监委", "县公安局", "县人民法院"].map(dept);
    const { id: roundId } = ok(
      await executeAction(openVettingRound, countyAdmin, {
        campaignId: list.campaign.id,
        name: "小范围联审",
        deadline: deadline(),
        electionIds: [list.election.id],
        departmentIds: panel,
      }),
    );
    const entries = (await prisma.vettingEntry.findMany({ where: { roundId }, select: { id: true } })).map((e) => e.id);
    const outsider = reviewer("县民政局");
    expect(await getReviewerQueue(outsider, roundId)).toBeNull();
    expect(await getVettingRecord(outsider, entries[0]!)).toBeNull();
    expect((await listRounds(outsider)).map((r) => r.id)).not.toContain(roundId);
    const before = await state();
    expect(await executeAction(recordOpinion, outsider, { entryId: entries[0]!, kind: "NO_OBJECTION", conditionCodes: [], finding: "" })).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect(await executeAction(bulkNoObjection, outsider, { roundId, entryIds: entries })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await state()).toEqual(before);

    for (const name of ["县纪委监委", "县公安局", "县人民法院"]) ok(await executeAction(bulkNoObjection, reviewer(name), { roundId, entryIds: entries }));
    const board = (await getRoundBoard(countyAdmin, roundId))!;
    expect(board.departments.map((d) => d.id)).toEqual(panel);
    expect(board.rows.map((r) => r.rollUp.status)).toEqual(Array(5).fill("ELIGIBLE"));
    // A department of another county cannot be put on the panel.
    const other = await submittedList(tree.villageA2a);
    expect(
      await executeAction(openVettingRound, countyAdmin, {
        campaignId: other.campaign.id,
        name: "混入外县部门",
        deadline: deadline(),
        electionIds: [other.election.id],
        departmentIds: [deptB.id],
      }),
    ).toMatchObject({
      ok: false,
      code: "invalid",
    });
  });

  it("every look at a queue or a record is audited, without ID numbers; once the round is closed a reviewer sees nothing", async () => {
    const { roundId, entries, candidates } = await freshRound(tree.villageA1a);
    const police = reviewer("县公安局");
    ok(await executeAction(recordOpinion, police, { entryId: entries[0]!, kind: "NO_OBJECTION", conditionCodes: [], finding: "" }));
    const idNumbers = (
      await prisma.person.findMany({ where: { candidacies: { some: { id: { in: candidates.map((c) => c.id) } } } }, select: { idNumber: true } })
    ).map((p) => p.idNumber);

    const mark = await auditMark(prisma);
    const queue = await getReviewerQueue(police, roundId);
    await getReviewerQueue(police, roundId);
    const record = await getVettingRecord(police, entries[0]!);
    await getVettingRecord(countyAdmin, entries[1]!);
    expect(queue!.rows).toHaveLength(5);
    expect(queue!.rows.map((r) => r.mine?.kind ?? null).filter(Boolean)).toEqual(["NO_OBJECTION"]);
    expect(JSON.stringify(queue)).not.toMatch(new RegExp(idNumbers.join("|")));
    expect(record!.opinions).toHaveLength(1);
    const events = await auditSince(prisma, mark);
    expect(events.map((e) => ({ event: e.event, actorUserId: e.actorUserId, objectId: e.objectId, detail: e.detail }))).toEqual([
      { event: "vetting.queue.viewed", actorUserId: police.userId, objectId: roundId, detail: { departmentId: dept("县公安局"), candidates: 5 } },
      { event: "vetting.queue.viewed", actorUserId: police.userId, objectId: roundId, detail: { departmentId: dept("县公安局"), candidates: 5 } },
      { event: "vetting.record.viewed", actorUserId: police.userId, objectId: entries[0], detail: null },
      { event: "vetting.record.viewed", actorUserId: countyAdmin.userId, objectId: entries[1], detail: null },
    ]);
    expect(events.every((e) => e.unitId)).toBe(true);
    expect(JSON.stringify(events, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v))).not.toMatch(new RegExp(idNumbers.join("|")));

    await prisma.vettingRound.update({ where: { id: roundId }, data: { status: "CLOSED", closedAt: new Date() } });
    const closedMark = await auditMark(prisma);
    expect(await getReviewerQueue(police, roundId)).toBeNull();
    expect(await getVettingRecord(police, entries[0]!)).toBeNull();
    expect((await listRounds(police)).map((r) => r.id)).not.toContain(roundId);
    // An answer sent to a closed round is refused with a reason the reviewer understands.
    const late = "本轮联审已结束（名单已公布正式候选人或已退回乡镇），不再接受部门意见";
    const before = await state();
    expect(await executeAction(recordOpinion, police, { entryId: entries[1]!, kind: "NO_OBJECTION", conditionCodes: [], finding: "" })).toMatchObject({
      ok: false,
      code: "invalid",
      error: late,
    });
    expect(await executeAction(bulkNoObjection, police, { roundId, entryIds: entries })).toMatchObject({ ok: false, code: "invalid", error: late });
    expect(await state()).toEqual(before);
    expect(await auditSince(prisma, closedMark)).toEqual([]);
    // The county office keeps the record of a closed round.
    expect((await getVettingRecord(countyAdmin, entries[0]!))!.opinions).toHaveLength(1);
  });
});
