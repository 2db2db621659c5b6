// Nomination as the people doing it notice it: rules frozen into a campaign, election setups refused
// with the numbers that are wrong, candidates checked against their ID number, ID numbers kept out of
// lists and the audit log, a submitted list locked until the county returns it, kinship warnings, and
// a township that cannot reach another township's villages.
import { describe, expect, it } from "vitest";
import { addDays, dateOfDay, todayInChina } from "@/lib/domain/days";
import { idCheckChar, maskIdNumber } from "@/lib/domain/id-number";
import type { Gender, Post } from "@/lib/domain/people";
import { executeAction, type ActionResult } from "@/lib/server/action";
import type { Actor } from "@/lib/server/auth/sessions";
import { createCampaign, updateCampaign } from "@/lib/server/nomination/campaigns";
import {
  checkElection,
  createKinship,
  deleteCandidate,
  deleteKinship,
  getCandidateForEdit,
  getElectionWorkspace,
  returnList,
  saveCandidate,
  submitList,
} from "@/lib/server/nomination/candidates";
import { listVillageElections, saveElection } from "@/lib/server/nomination/elections";
import { getRulesView, saveRulePack } from "@/lib/server/nomination/rules";
import { auditMark, auditSince, fingerprint } from "../support/db-state";
import { makeActor, makeTree, makeUnit, type UnitFixture } from "../support/fixtures";
import { candidateInput, electionDayAhead, freshPerson, idNumberOf, makeCampaign, makeElection } from "../support/nomination-fixtures";
import { setupTestDatabase } from "../support/test-db";

const { prisma } = await setupTestDatabase();
const tree = await makeTree(prisma);
const communityA1 = await makeUnit(prisma, tree.townA1, "980101100203", "甲一社区", "COMMUNITY");
const villageA1d = await makeUnit(prisma, tree.townA1, "980101100204", "甲四村", "VILLAGE");
const villageA1e = await makeUnit(prisma, tree.townA1, "980101100205", "甲五村", "VILLAGE");
const villageA1f = await makeUnit(prisma, tree.townA1, "980101100206", "甲六村", "VILLAGE");
// A province of its own for the rule-pack tests, so its pack reaches no other test.
const province96 = await makeUnit(prisma, null, "960000000000", "丙省", "PROVINCE");
const city96 = await makeUnit(prisma, province96, "960100000000", "丙市", "CITY");
const countyC = await makeUnit(prisma, city96, "960101000000", "丙县", "COUNTY");

const countyAdmin = await makeActor(prisma, "COUNTY_ADMIN", tree.countyA, { username: "admin_a" });
const countyBAdmin = await makeActor(prisma, "COUNTY_ADMIN", tree.countyB, { username: "admin_b" });
const officerA1 = await makeActor(prisma, "TOWNSHIP_OFFICER", tree.townA1, { username: "officer_a1" });
const officerA2 = await makeActor(prisma, "TOWNSHIP_OFFICER", tree.townA2, { username: "officer_a2" });
const officerB1 = await makeActor(prisma, "TOWNSHIP_OFFICER", tree.townB1, { username: "officer_b1" });
const supervisorA1 = await makeActor(prisma, "SUPERVISOR", tree.townA1, { username: "supervisor_a1" });
const sysAdmin96 = await makeActor(prisma, "SYSTEM_ADMIN", province96, { username: "sysadmin_96" });
const countyCAdmin = await makeActor(prisma, "COUNTY_ADMIN", countyC, { username: "admin_c" });

/** The data of a successful result; fails the test with the whole result otherwise. */
function ok<T>(res: ActionResult<T>): T {
  if (!res.ok) throw new Error(`expected ok, got ${JSON.stringify(res)}`);
  return res.data;
}

const SUBMITTED_LOCK = "名单已提交县级联审，在县换届办退回前不能修改";

async function openCampaign(actor: Actor, county: UnitFixture, name: string) {
  return ok(await executeAction(createCampaign, actor, { countyId: county.id, name, startDate: todayInChina(), endDate: addDays(todayInChina(), 120) }));
}

function setup(campaignId: string, unit: UnitFixture, over: Record<string, unknown> = {}) {
  return {
    campaignId,
    unitId: unit.id,
    version: 0,
    electionDay: electionDayAhead(40),
    method: "CONTESTED",
    seatsDirector: 1,
    seatsDeputy: 0,
    seatsMember: 2,
    seatsWomenMember: 0,
    dualRole: "PLANNED",
    registeredVoters: 860,
    ...over,
  };
}

const campaignA = await openCampaign(countyAdmin, tree.countyA, "第十二届村(居)民委员会换届选举");
const campaignB = await openCampaign(countyBAdmin, tree.countyB, "第十二届村(居)民委员会换届选举");

async function electionFor(actor: Actor, campaignId: string, unit: UnitFixture) {
  return ok(await executeAction(saveElection, actor, setup(campaignId, unit))).id;
}

const candidateRow = (id: string) => prisma.candidate.findUniqueOrThrow({ where: { id }, include: { person: true } });

// ---------------------------------------------------------------------------------------------

describe("rule packs and campaigns", () => {
  const campaignRules = async (id: string) => (await prisma.campaign.findUniqueOrThrow({ where: { id } })).rules as Record<string, unknown>;

  it("a campaign freezes the county's rules: a later override reaches it only through 'refresh rules'", async () => {
    ok(await executeAction(saveRulePack, countyCAdmin, { unitId: countyC.id, version: 0, overrides: { margins: { MEMBER: { min: 2, max: 3 } } } }));
    const campaign = await openCampaign(countyCAdmin, countyC, "丙县第十二届换届");
    expect(await campaignRules(campaign.id)).toMatchObject({ margins: { MEMBER: { min: 2, max: 3 }, DIRECTOR: { min: 1, max: 1 } }, minAge: 18 });

    ok(await executeAction(saveRulePack, countyCAdmin, { unitId: countyC.id, version: 1, overrides: { margins: { MEMBER: { min: 1, max: 2 } } } }));
    expect(await campaignRules(campaign.id)).toMatchObject({ margins: { MEMBER: { min: 2, max: 3 } } });

    const base = { id: campaign.id, startDate: todayInChina(), endDate: addDays(todayInChina(), 150) };
    ok(await executeAction(updateCampaign, countyCAdmin, { ...base, version: 1, name: "丙县第十二届换届（延期）" }));
    expect(await prisma.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).toMatchObject({
      name: "丙县第十二届换届（延期）",
      version: 2,
      rules: expect.objectContaining({ margins: expect.objectContaining({ MEMBER: { min: 2, max: 3 } }) }),
    });

    const mark = await auditMark(prisma);
    ok(await executeAction(updateCampaign, countyCAdmin, { ...base, version: 2, name: "丙县第十二届换届（延期）", refreshRules: "on" }));
    expect(await campaignRules(campaign.id)).toMatchObject({ margins: { MEMBER: { min: 1, max: 2 } } });
    const [event] = await auditSince(prisma, mark);
    expect(event).toMatchObject({
      event: "campaign.updated",
      before: expect.objectContaining({ rules: expect.objectContaining({ margins: expect.objectContaining({ MEMBER: { min: 2, max: 3 } }) }) }),
      after: expect.objectContaining({ rules: expect.objectContaining({ margins: expect.objectContaining({ MEMBER: { min: 1, max: 2 } }) }) }),
    });
  });

  it("a province pack saved by the system admin is inherited by the county, under the county's own overrides", async () => {
    ok(
      await executeAction(saveRulePack, sysAdmin96, { unitId: province96.id, version: 0, overrides: { minAge: 20, margins: { MEMBER: { min: 2, max: 4 } } } }),
    );
    const view = await getRulesView(countyCAdmin);
    expect(view).toMatchObject({ inheritedFrom: "丙省", version: 2, overrides: { margins: { MEMBER: { min: 1, max: 2 } } } });
    expect(view.inherited).toMatchObject({ minAge: 20, margins: { MEMBER: { min: 2, max: 4 } } });
    expect(view.effective).toMatchObject({ minAge: 20, margins: { MEMBER: { min: 1, max: 2 } } });

    const campaign = await openCampaign(countyCAdmin, countyC, "丙县补选");
    expect(await campaignRules(campaign.id)).toMatchObject({ minAge: 20, margins: { MEMBER: { min: 1, max: 2 }, DIRECTOR: { min: 1, max: 1 } } });
  });

  it("a county override that contradicts the province (max below its min) is refused in Chinese, nothing saved", async () => {
    const before = await fingerprint(prisma);
    const res = await executeAction(saveRulePack, countyCAdmin, { unitId: countyC.id, version: 2, overrides: { margins: { MEMBER: { max: 1 } } } });
    expect(res).toMatchObject({ ok: false, code: "invalid" });
    expect(res.ok ? "" : res.error).toBe("规则包与上级规则合并后不一致：委员差额的下限不能大于上限");
    expect(await fingerprint(prisma)).toEqual(before);
    expect(await prisma.rulePack.findUniqueOrThrow({ where: { unitId: countyC.id } })).toMatchObject({
      version: 2,
      overrides: { margins: { MEMBER: { min: 1, max: 2 } } },
    });
  });

  it("an override saved on an old version is stale", async () => {
    const res = await executeAction(saveRulePack, countyCAdmin, { unitId: countyC.id, version: 1, overrides: { minAge: 19 } });
    expect(res).toMatchObject({ ok: false, code: "stale" });
    expect(await prisma.rulePack.findUniqueOrThrow({ where: { unitId: countyC.id } })).toMatchObject({ version: 2 });
  });
});

// ---------------------------------------------------------------------------------------------

describe("election setup", () => {
  it("seats outside 3-7 for a village or 5-9 for a community are refused with the numbers", async () => {
    const before = await fingerprint(prisma);
    const small = await executeAction(saveElection, officerA1, setup(campaignA.id, tree.villageA2a, { seatsMember: 1 }));
    // The township officer of A1 cannot reach A2: not found, whatever the seats.
    expect(small).toMatchObject({ ok: false, code: "not_found" });

    const two = await executeAction(saveElection, countyAdmin, setup(campaignA.id, tree.villageA2a, { seatsMember: 1 }));
    expect(two).toMatchObject({ ok: false, code: "invalid", error: "村民委员会成员应为 3 至 7 名，当前共设置 2 名（主任 1、委员 1）" });
    const eight = await executeAction(saveElection, countyAdmin, setup(campaignA.id, tree.villageA2a, { seatsDeputy: 2, seatsMember: 5 }));
    expect(eight).toMatchObject({ ok: false, code: "invalid", error: "村民委员会成员应为 3 至 7 名，当前共设置 8 名（主任 1、副主任 2、委员 5）" });
    const community = await executeAction(saveElection, officerA1, setup(campaignA.id, communityA1, { seatsMember: 3 }));
    expect(community).toMatchObject({ ok: false, code: "invalid", error: "居民委员会成员应为 5 至 9 名，当前共设置 4 名（主任 1、委员 3）" });
    expect(await fingerprint(prisma)).toEqual(before);

    // The same four seats are fine for a village; five for the community.
    ok(await executeAction(saveElection, officerA1, setup(campaignA.id, communityA1, { seatsDeputy: 1, seatsMember: 3 })));
    expect(await prisma.election.findFirstOrThrow({ where: { unitId: communityA1.id } })).toMatchObject({ seatsDirector: 1, seatsDeputy: 1, seatsMember: 3 });
  });

  it("an election day in the past is refused", async () => {
    const yesterday = addDays(todayInChina(), -1);
    const res = await executeAction(saveElection, countyAdmin, setup(campaignA.id, tree.villageA2a, { electionDay: yesterday }));
    expect(res).toMatchObject({
      ok: false,
      code: "invalid",
      error: `选举日 ${yesterday} 早于本次换届的开始日期 ${todayInChina()}；选举日 ${yesterday} 早于今天（${todayInChina()}）`,
    });
    expect(await prisma.election.count({ where: { unitId: tree.villageA2a.id } })).toBe(0);
  });

  it("a day after the campaign's end, too soon for the posting deadlines, and bad seats are all refused in one save, each at its field", async () => {
    const today = todayInChina();
    const end = addDays(today, 120);
    const before = await fingerprint(prisma);
    const late = await executeAction(saveElection, countyAdmin, setup(campaignA.id, villageA1f, { electionDay: addDays(today, 121), seatsMember: 1 }));
    expect(late).toMatchObject({
      ok: false,
      code: "invalid",
      error: `选举日 ${addDays(today, 121)} 晚于本次换届的结束日期 ${end}，应在 ${end} 或之前；村民委员会成员应为 3 至 7 名，当前共设置 2 名（主任 1、委员 1）`,
      fieldErrors: {
        electionDay: `选举日 ${addDays(today, 121)} 晚于本次换届的结束日期 ${end}，应在 ${end} 或之前`,
        seatsMember: "村民委员会成员应为 3 至 7 名，当前共设置 2 名（主任 1、委员 1）",
      },
    });

    // A seat count beyond the rule pack is said with the day's problem, not on a later save.
    const both = await executeAction(
      saveElection,
      countyAdmin,
      setup(campaignA.id, villageA1f, { electionDay: addDays(today, 121), seatsDirector: 2, seatsDeputy: 3 }),
    );
    expect(both).toMatchObject({
      ok: false,
      code: "invalid",
      fieldErrors: {
        electionDay: expect.stringContaining(`晚于本次换届的结束日期 ${end}`),
        seatsDirector: "主任应设 1 名，当前设置为 2 名",
        seatsDeputy: "副主任最多设 2 名，当前设置为 3 名",
      },
    });
    expect(!both.ok && both.error.split("；")).toHaveLength(3);

    const soon = addDays(today, 10);
    const tooSoon = await executeAction(saveElection, countyAdmin, setup(campaignA.id, villageA1f, { electionDay: soon }));
    expect(tooSoon).toMatchObject({
      ok: false,
      code: "invalid",
      error: `选举日 ${soon} 距今天（${today}）只有 10 天：选民名单须在选举日前 20 日（${addDays(soon, -20)} 或之前）公布，已来不及；选举日最早可定为 ${addDays(today, 20)}`,
      fieldErrors: { electionDay: expect.stringContaining("选民名单须在选举日前 20 日") },
    });
    expect(await fingerprint(prisma)).toEqual(before);

    // Exactly 20 days out, the voter list can still be posted today.
    ok(await executeAction(saveElection, countyAdmin, setup(campaignA.id, villageA1f, { electionDay: addDays(today, 20) })));
    // Once set, other changes are not refused because the day has come closer; moving it is checked again.
    const election = await prisma.election.findFirstOrThrow({ where: { unitId: villageA1f.id } });
    await prisma.election.update({ where: { id: election.id }, data: { electionDay: dateOfDay(addDays(today, 8)) } });
    ok(await executeAction(saveElection, countyAdmin, setup(campaignA.id, villageA1f, { version: 1, electionDay: addDays(today, 8), registeredVoters: 870 })));
    const moved = await executeAction(saveElection, countyAdmin, setup(campaignA.id, villageA1f, { version: 2, electionDay: addDays(today, 9) }));
    expect(moved).toMatchObject({ ok: false, code: "invalid", error: expect.stringContaining(`选举日 ${addDays(today, 9)} 距今天（${today}）只有 9 天`) });
  });

  it("saving again on a stale version is refused and keeps the newer setup", async () => {
    const id = ok(await executeAction(saveElection, officerA1, setup(campaignA.id, villageA1e))).id;
    ok(await executeAction(saveElection, officerA1, setup(campaignA.id, villageA1e, { version: 1, registeredVoters: 900 })));
    const stale = await executeAction(saveElection, countyAdmin, setup(campaignA.id, villageA1e, { version: 1, registeredVoters: 1000 }));
    expect(stale).toMatchObject({ ok: false, code: "stale" });
    const asNew = await executeAction(saveElection, countyAdmin, setup(campaignA.id, villageA1e, { version: 0, registeredVoters: 1000 }));
    expect(asNew).toMatchObject({ ok: false, code: "stale" });
    expect(await prisma.election.findUniqueOrThrow({ where: { id } })).toMatchObject({ registeredVoters: 900, version: 2 });
  });

  it("a campaign of another county is not found", async () => {
    const res = await executeAction(saveElection, countyAdmin, setup(campaignB.id, tree.villageA2a));
    expect(res).toMatchObject({ ok: false, code: "not_found" });
    expect(await prisma.election.count({ where: { unitId: tree.villageA2a.id } })).toBe(0);
  });
});

describe("the campaign's village table", () => {
  it("shows where each election stands after nomination: counting, confirmed, certified, sealed", async () => {
    const campaign = await makeCampaign(prisma, tree.countyA.id);
    const at = new Date();
    const formal = async (unitId: string, data: Record<string, Date> = {}) => {
      const e = await makeElection(prisma, campaign.id, unitId);
      await prisma.election.update({ where: { id: e.id }, data: { listStatus: "FORMAL", formalPublishedAt: at, ...data } });
      return e;
    };
    const draft = await makeElection(prisma, campaign.id, tree.villageA1a.id);
    const counting = await formal(tree.villageA1b.id);
    await prisma.votingRound.create({ data: { electionId: counting.id, number: 1, kind: "FIRST", ballot: {} } });
    const confirmed = await formal(communityA1.id, { resultConfirmedAt: at });
    const certified = await formal(villageA1d.id, { resultConfirmedAt: at, certifiedAt: at });
    const sealed = await formal(villageA1e.id, { resultConfirmedAt: at, certifiedAt: at, sealedAt: at });

    const rows = await listVillageElections(countyAdmin, campaign.id);
    const stageOf = (unitId: string) => rows.find((r) => r.unitId === unitId)?.election?.stage ?? null;
    expect({
      draft: stageOf(draft.unitId),
      counting: stageOf(counting.unitId),
      confirmed: stageOf(confirmed.unitId),
      certified: stageOf(certified.unitId),
      sealed: stageOf(sealed.unitId),
      none: stageOf(villageA1f.id),
    }).toEqual({ draft: "nominating", counting: "counting", confirmed: "confirmed", certified: "certified", sealed: "sealed", none: null });
  });
});

// ---------------------------------------------------------------------------------------------

const electionA1a = await electionFor(officerA1, campaignA.id, tree.villageA1a);
const electionA1b = await electionFor(officerA1, campaignA.id, tree.villageA1b);
const electionB1a = await electionFor(officerB1, campaignB.id, tree.villageB1a);
/** Every ID number typed in this file, for the audit scan. */
const typedIds: string[] = [];

function typed<T extends { idNumber: string }>(c: T): T {
  typedIds.push(c.idNumber);
  return c;
}

describe("candidates", () => {
  it("a wrong check digit is refused on the ID number field, and nothing is saved", async () => {
    const c = typed(candidateInput());
    const wrong = c.idNumber[17] === "1" ? "2" : "1";
    const before = await fingerprint(prisma);
    const res = await executeAction(saveCandidate, officerA1, { electionId: electionA1a, ...c, idNumber: c.idNumber.slice(0, 17) + wrong });
    expect(res).toMatchObject({
      ok: false,
      code: "invalid",
      fieldErrors: { idNumber: `身份证号码校验位有误：最后一位应为 ${c.idNumber[17]}，填写的是 ${wrong}，请核对号码是否抄错` },
    });
    expect(await fingerprint(prisma)).toEqual(before);
  });

  it("a birth date or gender that disagrees with the ID number is refused on that field", async () => {
    const c = typed(candidateInput({ gender: "MALE" }));
    const otherDay = addDays(c.birthDate, 1);
    const birth = await executeAction(saveCandidate, officerA1, { electionId: electionA1a, ...c, birthDate: otherDay });
    expect(birth).toMatchObject({ ok: false, code: "invalid", fieldErrors: { birthDate: `出生日期与身份证号码（${c.birthDate}）不一致` } });
    const gender = await executeAction(saveCandidate, officerA1, { electionId: electionA1a, ...c, gender: "FEMALE" });
    expect(gender).toMatchObject({ ok: false, code: "invalid", fieldErrors: { gender: "性别与身份证号码（男）不一致" } });
    expect(await prisma.person.count({ where: { idNumber: c.idNumber } })).toBe(0);
  });

  it("a valid candidate creates one Person per county and ID number; the same ID in another village is refused and only a stored clash is listed", async () => {
    const c = typed(candidateInput({ name: "王建国", post: "DIRECTOR" }));
    const first = ok(await executeAction(saveCandidate, officerA1, { electionId: electionA1a, ...c }));
    const row = await candidateRow(first.id);
    expect(row).toMatchObject({
      electionId: electionA1a,
      post: "DIRECTOR",
      version: 1,
      person: { name: "王建国", idNumber: c.idNumber, countyId: tree.countyA.id, gender: "MALE" },
    });

    // The same person typed into 甲二村's list is refused at once (the township sees both villages, so it is told which).
    const second = await executeAction(saveCandidate, officerA1, { electionId: electionA1b, ...c, post: "MEMBER" });
    expect(second).toMatchObject({ ok: false, code: "conflict", fieldErrors: { idNumber: expect.stringContaining("已在甲一镇甲一村登记为主任候选人") } });
    expect(await prisma.candidate.count({ where: { electionId: electionA1b, person: { idNumber: c.idNumber } } })).toBe(0);

    // A clash stored before this rule (or by a race) is still an error of the list check, naming the village.
    await prisma.candidate.create({ data: { electionId: electionA1b, personId: row.personId, post: "MEMBER", nominationForm: row.nominationForm } });
    const inA1a = (await checkElection(prisma, electionA1a)).filter((p) => p.code === "CANDIDATE_ELSEWHERE");
    expect(inA1a).toEqual([
      expect.objectContaining({
        severity: "error",
        candidateIds: [first.id],
        message: `主任候选人 王建国（身份证 ${maskIdNumber(c.idNumber)}）已是「甲二村」的候选人，同一人不能在两个村(社区)同时参选`,
      }),
    ]);
    const inA1b = (await checkElection(prisma, electionA1b)).filter((p) => p.code === "CANDIDATE_ELSEWHERE");
    expect(inA1b.map((p) => p.message)).toEqual([expect.stringContaining("已是「甲一村」的候选人")]);
    await prisma.candidate.deleteMany({ where: { electionId: electionA1b, personId: row.personId } });

    // Another county keeps its own Person record, and a different campaign is not "elsewhere".
    ok(await executeAction(saveCandidate, officerB1, { electionId: electionB1a, ...c }));
    const people = await prisma.person.findMany({ where: { idNumber: c.idNumber }, select: { countyId: true } });
    expect(people.map((p) => p.countyId).sort()).toEqual([tree.countyA.id, tree.countyB.id].sort());
    expect((await checkElection(prisma, electionB1a)).filter((p) => p.code === "CANDIDATE_ELSEWHERE")).toEqual([]);
  });

  it("typing a registered ID number with another name never renames the person on the list: the row already there is named", async () => {
    const director = typed(candidateInput({ name: "王建华", post: "DIRECTOR" }));
    const { id: directorId } = ok(await executeAction(saveCandidate, officerA1, { electionId: electionA1a, ...director }));

    const asMember = await executeAction(saveCandidate, officerA1, { electionId: electionA1a, ...director, name: "黄建华", post: "MEMBER" });
    expect(asMember).toMatchObject({
      ok: false,
      code: "conflict",
      fieldErrors: {
        idNumber: "该身份证号码已在本名单登记：王建华（主任候选人），所填「姓名」与之不同。请核对身份证号码；同一人参选另一职位的，个人信息须与已登记的一致",
      },
    });
    const samePost = await executeAction(saveCandidate, officerA1, { electionId: electionA1a, ...director, name: "黄建华" });
    expect(samePost).toMatchObject({ ok: false, code: "conflict", error: expect.stringContaining("该身份证号码已在本名单登记：王建华（主任候选人）") });
    // Editing another row of the list onto that number is refused the same way.
    const other = typed(candidateInput({ name: "赵二", post: "MEMBER" }));
    const { id: otherId } = ok(await executeAction(saveCandidate, officerA1, { electionId: electionA1a, ...other }));
    const afterOther = await fingerprint(prisma);
    const edit = await executeAction(saveCandidate, officerA1, {
      electionId: electionA1a,
      candidateId: otherId,
      version: 1,
      ...other,
      idNumber: director.idNumber,
      birthDate: director.birthDate,
      gender: director.gender,
    });
    expect(edit).toMatchObject({ ok: false, code: "conflict", error: expect.stringContaining("王建华（主任候选人）") });
    expect(await fingerprint(prisma)).toEqual(afterOther);
    expect((await candidateRow(directorId)).person.name).toBe("王建华");

    // The same person, same details, for a second post is one person nominated twice (a warning of the list check).
    const twice = ok(await executeAction(saveCandidate, officerA1, { electionId: electionA1a, ...director, post: "MEMBER" }));
    expect((await candidateRow(twice.id)).personId).toBe((await candidateRow(directorId)).personId);
    expect((await checkElection(prisma, electionA1a)).map((p) => p.code)).toContain("DUPLICATE_OTHER_POSTS");
    // And the director's own row may still correct the person's details.
    ok(await executeAction(saveCandidate, officerA1, { electionId: electionA1a, candidateId: directorId, version: 1, ...director, education: "20" }));
    ok(await executeAction(deleteCandidate, officerA1, { electionId: electionA1a, candidateId: twice.id, version: 1 }));
    ok(await executeAction(deleteCandidate, officerA1, { electionId: electionA1a, candidateId: otherId, version: 1 }));
    ok(await executeAction(deleteCandidate, officerA1, { electionId: electionA1a, candidateId: directorId, version: 2 }));
  });

  it("an ID number standing in another township's village shows nothing of that person, keeps them unchanged, and is audited", async () => {
    const electionA2a = await electionFor(officerA2, campaignA.id, tree.villageA2a);
    const theirs = typed(candidateInput({ name: "陈志强", post: "DIRECTOR", education: "20", political: "CPC_MEMBER" }));
    const { id: theirId } = ok(await executeAction(saveCandidate, officerA1, { electionId: electionA1a, ...theirs }));
    const stored = await candidateRow(theirId);
    const mark = await auditMark(prisma);

    const mine = { ...theirs, name: "钱多多", education: "90", political: "MASSES" };
    const res = await executeAction(saveCandidate, officerA2, { electionId: electionA2a, ...mine });
    expect(res).toMatchObject({ ok: false, code: "conflict", error: "该身份证号码已在本县其他村(社区)登记参选，同一人只能在一个村(社区)参选" });
    // Not a word of the other person: no name, no village.
    expect(JSON.stringify(res)).not.toContain("陈志强");
    expect(JSON.stringify(res)).not.toContain("甲一");
    expect(await prisma.candidate.count({ where: { electionId: electionA2a } })).toBe(0);
    expect((await candidateRow(theirId)).person).toEqual(stored.person);
    const ws = await getElectionWorkspace(officerA2, electionA2a);
    expect(JSON.stringify(ws)).not.toContain("陈志强");

    const events = await auditSince(prisma, mark);
    expect(events).toEqual([expect.objectContaining({ event: "candidate.idnumber.matched", outcome: "FAILURE", actorUserId: officerA2.userId })]);
    expect(JSON.stringify(events, (_k, v) => (typeof v === "bigint" ? String(v) : v))).not.toContain(theirs.idNumber);
    expect(events[0]!.detail).toMatchObject({ otherElectionId: electionA1a });

    // The entry is the township's (its officer tried); the county, which may read it, is told which list holds the number.
    expect(events[0]!.unitId).toBe(tree.townA2.id);
    ok(await executeAction(deleteCandidate, officerA1, { electionId: electionA1a, candidateId: theirId, version: 1 }));
  });

  it("a post the village's election does not have is refused on that field", async () => {
    const res = await executeAction(saveCandidate, officerA1, {
      electionId: electionA1a,
      ...typed(candidateInput({ post: "WOMEN_MEMBER", gender: "FEMALE" })),
    });
    expect(res).toMatchObject({ ok: false, code: "invalid", fieldErrors: { post: "本次选举不设妇女委员(专职专选)职位" } });
  });

  it("editing a candidate on a stale version is refused and keeps the newer edit", async () => {
    const c = typed(candidateInput({ name: "李明", post: "MEMBER" }));
    const { id } = ok(await executeAction(saveCandidate, officerA1, { electionId: electionA1a, ...c }));
    ok(await executeAction(saveCandidate, officerA1, { electionId: electionA1a, candidateId: id, version: 1, ...c, name: "李明华" }));
    const stale = await executeAction(saveCandidate, officerA1, { electionId: electionA1a, candidateId: id, version: 1, ...c, name: "李小明" });
    expect(stale).toMatchObject({ ok: false, code: "stale" });
    expect(await candidateRow(id)).toMatchObject({ version: 2, person: { name: "李明华" } });
  });

  it("the audit log never holds an 18-digit ID number", async () => {
    const women = [typed(candidateInput({ gender: "FEMALE", name: "张秀英" })), typed(candidateInput({ gender: "FEMALE", name: "赵红" }))];
    const ids: string[] = [];
    for (const w of women) ids.push(ok(await executeAction(saveCandidate, officerA1, { electionId: electionA1a, ...w })).id);
    ok(await executeAction(saveCandidate, officerA1, { electionId: electionA1a, candidateId: ids[0], version: 1, ...women[0]!, phone: "13800000000" }));
    ok(await executeAction(deleteCandidate, officerA1, { electionId: electionA1a, candidateId: ids[1], version: 1 }));
    await getCandidateForEdit(officerA1, electionA1a, ids[0]!);

    const rows = await prisma.auditEvent.findMany({ select: { event: true, before: true, after: true, detail: true } });
    expect(rows.filter((r) => r.event.startsWith("candidate.")).length).toBeGreaterThanOrEqual(8);
    expect(typedIds.length).toBeGreaterThanOrEqual(6);
    for (const r of rows) {
      const text = JSON.stringify([r.before, r.after, r.detail]);
      expect(text, r.event).not.toMatch(/\d{17}[\dXx]/);
      for (const id of typedIds) expect(text).not.toContain(id);
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe("who sees full ID numbers", () => {
  it("the list workspace masks every ID number, for every reader", async () => {
    const count = await prisma.candidate.count({ where: { electionId: electionA1a } });
    expect(count).toBe(3); // 王建国, 李明华, 张秀英 (赵红 was deleted)
    for (const actor of [officerA1, countyAdmin, supervisorA1]) {
      const w = await getElectionWorkspace(actor, electionA1a);
      expect(w!.candidates).toHaveLength(count);
      for (const c of w!.candidates) expect(c.person.idNumber).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
    }
    expect(await getElectionWorkspace(officerA2, electionA1a)).toBeNull();
  });

  it("the full number goes only to the township officer and county admin in scope, and each view is audited", async () => {
    const target = await prisma.candidate.findFirstOrThrow({ where: { electionId: electionA1a }, include: { person: true } });
    for (const actor of [officerA1, countyAdmin]) {
      const mark = await auditMark(prisma);
      const c = await getCandidateForEdit(actor, electionA1a, target.id);
      expect(c?.person.idNumber).toBe(target.person.idNumber);
      expect((await auditSince(prisma, mark)).map((e) => ({ event: e.event, actorUserId: e.actorUserId, unitId: e.unitId, objectId: e.objectId }))).toEqual([
        { event: "candidate.idnumber.viewed", actorUserId: actor.userId, unitId: tree.villageA1a.id, objectId: target.id },
      ]);
    }
    for (const actor of [supervisorA1, officerA2, countyBAdmin]) {
      const mark = await auditMark(prisma);
      expect(await getCandidateForEdit(actor, electionA1a, target.id)).toBeNull();
      expect(await auditSince(prisma, mark)).toEqual([]);
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe("submitting and returning a list", () => {
  it("a list with an error cannot be submitted; once fixed it is locked until the county returns it", async () => {
    const electionId = await electionFor(officerA1, campaignA.id, villageA1d);
    const add = async (post: Post, gender: Gender, name: string) =>
      ok(await executeAction(saveCandidate, officerA1, { electionId, ...typed(candidateInput({ post, gender, name })) }));
    const director = await add("DIRECTOR", "MALE", "周志强");
    const member1 = await add("MEMBER", "FEMALE", "吴丽");
    const member2 = await add("MEMBER", "MALE", "郑伟");
    await add("MEMBER", "MALE", "孙涛");
    const version = async () => (await prisma.election.findUniqueOrThrow({ where: { id: electionId } })).version;

    const refused = await executeAction(submitList, officerA1, { electionId, version: await version() });
    expect(refused).toMatchObject({
      ok: false,
      code: "invalid",
      error: "名单还有 1 个问题须先改正：主任应选 1 名，候选人至少应有 2 名（差额至少 1 名），目前只有 1 名",
    });
    expect(await prisma.election.findUniqueOrThrow({ where: { id: electionId } })).toMatchObject({ listStatus: "DRAFT", submittedAt: null });

    await add("DIRECTOR", "MALE", "钱刚");
    const member1Row = await candidateRow(member1.id);
    const member2Row = await candidateRow(member2.id);
    const kin = ok(
      await executeAction(createKinship, officerA1, { electionId, personAId: member1Row.personId, personBId: member2Row.personId, relation: "SPOUSE" }),
    );
    ok(await executeAction(submitList, officerA1, { electionId, version: await version() }));
    expect(await prisma.election.findUniqueOrThrow({ where: { id: electionId } })).toMatchObject({ listStatus: "SUBMITTED", submittedAt: expect.any(Date) });

    // Locked: every change to the list or the setup is refused and nothing changes.
    const before = await fingerprint(prisma);
    const directorRow = await candidateRow(director.id);
    const attempts = {
      newCandidate: await executeAction(saveCandidate, officerA1, { electionId, ...typed(candidateInput({ post: "MEMBER" })) }),
      editCandidate: await executeAction(saveCandidate, officerA1, {
        electionId,
        candidateId: director.id,
        version: directorRow.version,
        ...candidateInput(),
        name: "周志刚",
        gender: directorRow.person.gender,
        birthDate: directorRow.person.birthDate.toISOString().slice(0, 10),
        idNumber: directorRow.person.idNumber,
        post: "DIRECTOR",
      }),
      deleteCandidate: await executeAction(deleteCandidate, officerA1, { electionId, candidateId: director.id, version: directorRow.version }),
      createKinship: await executeAction(createKinship, officerA1, {
        electionId,
        personAId: directorRow.personId,
        personBId: member1Row.personId,
        relation: "SIBLING",
      }),
      deleteKinship: await executeAction(deleteKinship, officerA1, { electionId, kinshipId: kin.id }),
      election: await executeAction(saveElection, officerA1, setup(campaignA.id, villageA1d, { version: await version(), registeredVoters: 999 })),
    };
    for (const [what, res] of Object.entries(attempts)) expect(res, what).toMatchObject({ ok: false, code: "invalid", error: SUBMITTED_LOCK });
    expect(await executeAction(submitList, officerA1, { electionId, version: await version() })).toMatchObject({
      ok: false,
      code: "invalid",
      error: "名单已提交，正在县级联审或已公布",
    });
    expect(await fingerprint(prisma)).toEqual(before);
    expect((await getElectionWorkspace(officerA1, electionId))!.editable).toBe(false);

    // The township cannot return its own list.
    const byTownship = await executeAction(returnList, officerA1, { electionId, version: await version(), reason: "想再改一下" });
    expect(byTownship.ok ? null : byTownship.code).toMatch(/^(forbidden|not_found)$/);
    expect(await fingerprint(prisma)).toEqual(before);

    // The county returns it with a reason; editing works again.
    ok(await executeAction(returnList, countyAdmin, { electionId, version: await version(), reason: "周志强的资格需复核" }));
    const returned = await getElectionWorkspace(officerA1, electionId);
    expect(returned).toMatchObject({ listStatus: "RETURNED", returnedReason: "周志强的资格需复核", editable: true });
    ok(await executeAction(deleteCandidate, officerA1, { electionId, candidateId: director.id, version: directorRow.version }));
    await add("DIRECTOR", "MALE", "冯军");
    ok(await executeAction(submitList, officerA1, { electionId, version: await version() }));
    expect(await prisma.election.findUniqueOrThrow({ where: { id: electionId } })).toMatchObject({ listStatus: "SUBMITTED", returnedReason: null });
  });

  it("only a submitted list can be returned, and a reason is required", async () => {
    const draft = await executeAction(returnList, countyAdmin, { electionId: electionA1b, version: 1, reason: "请核实" });
    expect(draft).toMatchObject({ ok: false, code: "invalid", error: "只有已提交的名单可以退回" });
    const noReason = await executeAction(returnList, countyAdmin, { electionId: electionA1b, version: 1, reason: " " });
    expect(noReason).toMatchObject({ ok: false, code: "invalid", fieldErrors: { reason: "请写明退回原因" } });
  });
});

// ---------------------------------------------------------------------------------------------

describe("kinship", () => {
  it("two people on the list related to each other make the check warn, naming both", async () => {
    const a = typed(candidateInput({ name: "陈大海", post: "DIRECTOR" }));
    const b = typed(candidateInput({ name: "陈小海", post: "MEMBER" }));
    const ca = await candidateRow(ok(await executeAction(saveCandidate, officerA1, { electionId: electionA1a, ...a })).id);
    const cb = await candidateRow(ok(await executeAction(saveCandidate, officerA1, { electionId: electionA1a, ...b })).id);
    expect((await checkElection(prisma, electionA1a)).filter((p) => p.code === "KINSHIP")).toEqual([]);

    ok(await executeAction(createKinship, officerA1, { electionId: electionA1a, personAId: cb.personId, personBId: ca.personId, relation: "PARENT_CHILD" }));
    const kin = (await checkElection(prisma, electionA1a)).filter((p) => p.code === "KINSHIP");
    expect(kin).toEqual([
      expect.objectContaining({
        severity: "warning",
        message: "陈大海（主任）与陈小海（委员）为父母子女关系，均在候选人名单中；如均当选，须按近亲属回避处理",
      }),
    ]);
    expect([...kin[0]!.candidateIds].sort()).toEqual([ca.id, cb.id].sort());

    const again = await executeAction(createKinship, officerA1, {
      electionId: electionA1a,
      personAId: ca.personId,
      personBId: cb.personId,
      relation: "SPOUSE",
    });
    expect(again).toMatchObject({ ok: false, code: "conflict" });
  });

  it("a person who is not on this list is not found", async () => {
    const onList = await prisma.candidate.findFirstOrThrow({ where: { electionId: electionA1a } });
    const elsewhere = typed(candidateInput({ name: "何平" }));
    const other = await candidateRow(ok(await executeAction(saveCandidate, officerA1, { electionId: electionA1b, ...elsewhere })).id);
    const before = await fingerprint(prisma);
    const res = await executeAction(createKinship, officerA1, {
      electionId: electionA1a,
      personAId: onList.personId,
      personBId: other.personId,
      relation: "SIBLING",
    });
    expect(res).toMatchObject({ ok: false, code: "not_found", error: "所选人员不在本村(社区)名单中" });
    expect(await fingerprint(prisma)).toEqual(before);
  });
});

// ---------------------------------------------------------------------------------------------

describe("township boundaries", () => {
  it("a township officer cannot touch another township's village: not found, nothing changed, each attempt logged", async () => {
    const candidate = await prisma.candidate.findFirstOrThrow({ where: { electionId: electionA1a }, include: { person: true } });
    const other = await prisma.candidate.findFirstOrThrow({ where: { electionId: electionA1a, NOT: { personId: candidate.personId } } });
    const people = (await prisma.candidate.findMany({ where: { electionId: electionA1a }, select: { personId: true } })).map((c) => c.personId);
    const kinship = await prisma.kinship.findFirstOrThrow({ where: { personAId: { in: people }, personBId: { in: people } } });
    const e = await prisma.election.findUniqueOrThrow({ where: { id: electionA1a } });
    const before = await fingerprint(prisma);
    const mark = await auditMark(prisma);
    const attempts = [
      await executeAction(saveElection, officerA2, setup(campaignA.id, tree.villageA1a, { version: e.version, registeredVoters: 1 })),
      await executeAction(saveCandidate, officerA2, { electionId: electionA1a, ...candidateInput() }),
      await executeAction(deleteCandidate, officerA2, { electionId: electionA1a, candidateId: candidate.id, version: candidate.version }),
      await executeAction(createKinship, officerA2, { electionId: electionA1a, personAId: candidate.personId, personBId: other.personId, relation: "SIBLING" }),
      await executeAction(submitList, officerA2, { electionId: electionA1a, version: e.version }),
      await executeAction(deleteKinship, officerA2, { electionId: electionA1a, kinshipId: kinship.id }),
    ];
    for (const res of attempts) expect(res).toMatchObject({ ok: false, code: "not_found" });
    expect(await fingerprint(prisma)).toEqual(before);
    const events = await auditSince(prisma, mark);
    expect(events.map((ev) => [ev.event, ev.actorUserId])).toEqual(attempts.map(() => ["action.denied", officerA2.userId]));
  });
});

// Keeps the fixture helpers honest: the check character really is the GB 11643 one.
describe("fixtures", () => {
  it("idNumberOf produces numbers with a correct check character and the right gender digit", () => {
    expect(idCheckChar("11010519491231002")).toBe("X");
    const id = idNumberOf("1980-05-01", "FEMALE", 7);
    expect(id).toMatch(/^110101198005010\d[02468][\dX]$/);
    expect(id[17]).toBe(idCheckChar(id.slice(0, 17)));
    expect(freshPerson("MALE").idNumber[16]).toMatch(/[13579]/);
  });
});

describe("records other villages rely on", () => {
  it("entering a person who already stands elsewhere is refused and does not rewrite their record", async () => {
    const campaign = await openCampaign(countyAdmin, tree.countyA, "共享人员测试换届");
    const e1 = await electionFor(officerA1, campaign.id, villageA1d);
    const e2 = await electionFor(officerA1, campaign.id, villageA1e);
    const c = typed(candidateInput({ name: "赵刚", post: "MEMBER" }));
    const first = ok(await executeAction(saveCandidate, officerA1, { electionId: e1, ...c }));
    const second = await executeAction(saveCandidate, officerA1, { electionId: e2, ...c, name: "赵钢", phone: "13800000000" });
    expect(second).toMatchObject({ ok: false, code: "conflict" });
    expect((await candidateRow(first.id)).person).toMatchObject({ name: "赵刚", phone: null, version: 1 });
    expect(await prisma.candidate.count({ where: { electionId: e2 } })).toBe(0);
  });

  it("a closed campaign's lists cannot change any more", async () => {
    const campaign = await openCampaign(countyAdmin, tree.countyA, "已结束换届测试");
    const e = await electionFor(officerA1, campaign.id, villageA1d);
    const { id } = ok(await executeAction(saveCandidate, officerA1, { electionId: e, ...typed(candidateInput({ post: "MEMBER" })) }));
    await prisma.campaign.update({ where: { id: campaign.id }, data: { status: "CLOSED" } });
    const before = await fingerprint(prisma);
    const save = await executeAction(saveCandidate, officerA1, { electionId: e, ...typed(candidateInput({ post: "MEMBER" })) });
    expect(save).toMatchObject({ ok: false, code: "invalid", error: "该换届已结束，名单不能再修改" });
    const del = await executeAction(deleteCandidate, officerA1, { electionId: e, candidateId: id, version: 1 });
    expect(del).toMatchObject({ ok: false, code: "invalid", error: "该换届已结束，名单不能再修改" });
    expect(await fingerprint(prisma)).toEqual(before);
  });
});
