// The voter roll (选民名册) as the village's election committee and the township notice it: a roll
// started from last term, additions, removals and changes each with their history, the 29 February
// birthday, one person one place across villages and counties (the other county's data never shown,
// the holder never changed), the posting deadline, objections, scope, and audit entries without full
// ID numbers (issue 13, docs/decisions/018).
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { firstRoundBallot } from "@/lib/domain/ballot";
import type { TallyValues } from "@/lib/domain/tally";
import { getPollingSetup, pollingSetupProblems } from "@/lib/server/election-day/polling";
import { decideRound, openVotingRound } from "@/lib/server/election-day/rounds";
import { visibleNames } from "@/lib/server/names";
import { makeFormalElection } from "../support/election-day-fixtures";
import { addDays, dateOfDay, todayInChina } from "@/lib/domain/days";
import { maskIdNumber } from "@/lib/domain/id-number";
import { DEFAULT_RULES } from "@/lib/domain/rule-pack";
import { executeAction, type ActionResult } from "@/lib/server/action";
import { decideObjection, recordObjection } from "@/lib/server/voters/objections";
import {
  findElectionRoll,
  findVillageRoll,
  getVoterChanges,
  getVoterForEdit,
  getVoterObjections,
  getVoterRoll,
  listVillageRolls,
} from "@/lib/server/voters/read";
import { registeredVotersOf } from "@/lib/server/voters/registered";
import { CARRIED_OVER_REASON, openRoll, postRoll } from "@/lib/server/voters/rolls";
import { addVoter, changeVoter, removeVoter } from "@/lib/server/voters/voters";
import { ROLL_FROZEN_MESSAGE } from "@/lib/domain/voter-roll";
import { auditMark, auditSince, fingerprint } from "../support/db-state";
import { makeActor, makeTree } from "../support/fixtures";
import { freshPerson, idNumberOf, makeElection } from "../support/nomination-fixtures";
import { setupTestDatabase } from "../support/test-db";

const { prisma } = await setupTestDatabase();
const tree = await makeTree(prisma);
const TODAY = todayInChina();

const countyAdmin = await makeActor(prisma, "COUNTY_ADMIN", tree.countyA, { username: "admin_a" });
const officerA1 = await makeActor(prisma, "TOWNSHIP_OFFICER", tree.townA1, { username: "officer_a1" });
const clerkA1a = await makeActor(prisma, "VILLAGE_CLERK", tree.villageA1a, { username: "clerk_a1a" });
const clerkA1b = await makeActor(prisma, "VILLAGE_CLERK", tree.villageA1b, { username: "clerk_a1b" });
const clerkB1a = await makeActor(prisma, "VILLAGE_CLERK", tree.villageB1a, { username: "clerk_b1a" });
const supervisorA = await makeActor(prisma, "SUPERVISOR", tree.countyA, { username: "supervisor_a" });

/** Two counties' campaigns of the same term (第十二届), and county A's previous term. */
const campaign = (countyId: string, name: string, start = TODAY) =>
  prisma.campaign.create({ data: { countyId, name, startDate: dateOfDay(start), endDate: dateOfDay(addDays(start, 120)), rules: DEFAULT_RULES } });
const previousA = await campaign(tree.countyA.id, "第十一届村(居)民委员会换届选举", addDays(TODAY, -5 * 365));
const termA = await campaign(tree.countyA.id, "第十二届村(居)民委员会换届选举");
const termB = await campaign(tree.countyB.id, "乙县第十二届村民委员会换届选举");

const electionA1a = await makeElection(prisma, termA.id, tree.villageA1a.id, { electionDay: addDays(TODAY, 40) });
await makeElection(prisma, termA.id, tree.villageA1b.id, { electionDay: addDays(TODAY, 30) });
await makeElection(prisma, termB.id, tree.villageB1a.id, { electionDay: addDays(TODAY, 40) });

function ok<T>(res: ActionResult<T>): T {
  if (!res.ok) throw new Error(`expected ok, got ${JSON.stringify(res)}`);
  return res.data;
}

/** A voter form for an adult with a fresh, valid ID number. */
function voterInput(name: string, over: Record<string, unknown> = {}) {
  const p = freshPerson((over.gender as "MALE" | "FEMALE" | undefined) ?? "MALE");
  return {
    name,
    gender: p.gender,
    idNumber: p.idNumber,
    birthDate: p.birthDate,
    ethnicity: "01",
    category: "RESIDENT",
    consentMeetingOn: "",
    group: "第一村民小组",
    address: "",
    phone: "",
    reason: "迁入",
    ...over,
  };
}

/** Every full ID number that was typed in this file: none may reach an audit row. */
const typedIds = new Set<string>();
async function add(actor: typeof clerkA1a, rollId: string, input: ReturnType<typeof voterInput>) {
  typedIds.add(String(input.idNumber));
  return executeAction(addVoter, actor, { rollId, ...input });
}

/** Audit rows as text (their ids are bigints). */
const asText = (x: unknown) => JSON.stringify(x, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v));

const voterRows = (rollId: string) => prisma.voter.findMany({ where: { rollId }, orderBy: { id: "asc" } });

// Last term's roll of village A1a, written directly: three voters, one of them removed back then.
const oldRoll = await prisma.voterRoll.create({
  data: { campaignId: previousA.id, unitId: tree.villageA1a.id, status: "POSTED", postedOn: dateOfDay(addDays(TODAY, -5 * 365 + 30)) },
});
const oldPeople = [freshPerson(), freshPerson("FEMALE"), freshPerson(), freshPerson("FEMALE")];
const oldNames = ["张建国", "李秀英", "王德明", "赵桂兰"];
for (const [i, p] of oldPeople.entries()) {
  typedIds.add(p.idNumber);
  await prisma.voter.create({
    data: {
      rollId: oldRoll.id,
      group: i < 2 ? "第一村民小组" : "第二村民小组",
      name: oldNames[i]!,
      gender: p.gender,
      idNumber: p.idNumber,
      birthDate: dateOfDay(p.birthDate),
      ethnicity: "01",
      category: "RESIDENT",
      claim: i === 2 ? null : "第十一届",
      removedAt: i === 2 ? new Date() : null,
      removedReason: i === 2 ? "死亡" : null,
    },
  });
}

/** Village A1a's roll of this term, opened from last term by the first test. */
let rollA1a = "";

// 赵桂兰 married into village A1b and is already on its roll of this term.
const rollA1b = ok(await executeAction(openRoll, clerkA1b, { campaignId: termA.id, unitId: tree.villageA1b.id }));
ok(
  await add(clerkA1b, rollA1b.id, {
    ...voterInput("赵桂兰"),
    idNumber: oldPeople[3]!.idNumber,
    birthDate: oldPeople[3]!.birthDate,
    gender: "FEMALE",
    reason: "婚入",
  }),
);

describe("opening the roll from last term", () => {
  it("carries over last term's voters who were not removed, each with the reason 上届名册转入, and leaves out anyone registered elsewhere", async () => {
    const mark = await auditMark(prisma);
    const opened = ok(await executeAction(openRoll, clerkA1a, { campaignId: termA.id, unitId: tree.villageA1a.id, fromPrevious: true }));
    expect(opened).toMatchObject({ created: true, carried: 2 });
    rollA1a = opened.id;
    expect(opened.skipped).toEqual([{ name: "赵桂兰", group: "第二村民小组", message: "已在本县甲一镇甲二村登记，同一人不能在两地登记参加选举" }]);

    const roll = await getVoterRoll(clerkA1a, opened.id);
    expect(roll!.voters.map((v) => v.name).sort()).toEqual(["张建国", "李秀英"]);
    expect(roll!.voters.map((v) => v.idNumber)).toEqual(roll!.voters.map((v) => maskIdNumber(oldPeople[v.name === "张建国" ? 0 : 1]!.idNumber)));
    const changes = await getVoterChanges(clerkA1a, opened.id);
    expect(changes!.map((c) => [c.kindLabel, c.reason, c.after?.name, c.afterPosting])).toEqual(
      expect.arrayContaining([
        ["新增", CARRIED_OVER_REASON, "张建国", false],
        ["新增", CARRIED_OVER_REASON, "李秀英", false],
      ]),
    );
    expect(changes).toHaveLength(2);
    // The holder in A1b is untouched; last term's roll keeps its own rows.
    expect(await prisma.voter.count({ where: { rollId: rollA1b.id, removedAt: null } })).toBe(1);
    expect(await prisma.voter.count({ where: { rollId: oldRoll.id } })).toBe(4);
    const events = await auditSince(prisma, mark);
    expect(events.map((e) => e.event)).toEqual(["voter.roll.opened"]);
    expect(events[0]!.detail).toMatchObject({ fromRollId: oldRoll.id, carriedOver: 2, skipped: 1 });

    // Opening again returns the same roll and writes nothing.
    const again = ok(await executeAction(openRoll, officerA1, { campaignId: termA.id, unitId: tree.villageA1a.id, fromPrevious: true }));
    expect(again).toMatchObject({ id: opened.id, created: false });
    expect(await prisma.voter.count({ where: { rollId: opened.id } })).toBe(2);
  });

  it("refuses to start from last term where the village has none", async () => {
    const res = await executeAction(openRoll, countyAdmin, { campaignId: termA.id, unitId: tree.villageA2a.id, fromPrevious: true });
    expect(res).toMatchObject({ ok: false, code: "invalid", error: expect.stringContaining("没有上届选民名单") });
    expect(await prisma.voterRoll.count({ where: { campaignId: termA.id, unitId: tree.villageA2a.id } })).toBe(0);
  });

  it("tells the village where to start: no roll yet, last term's roll with its voters", async () => {
    const found = await findVillageRoll(clerkA1a, termA.id, tree.villageA1a.id);
    expect(found).toMatchObject({ roll: { status: "DRAFT" }, previous: { campaign: "第十一届村(居)民委员会换届选举", voters: 3 }, canEdit: true });
    expect(await findVillageRoll(clerkA1b, termA.id, tree.villageA1a.id)).toBeNull();
  });
});

describe("adding, removing and changing voters", () => {
  it("adds an adult with the reason; the history and the audit entry keep the ID number masked", async () => {
    const input = voterInput("孙志强", { reason: "年满十八周岁" });
    const mark = await auditMark(prisma);
    const { id } = ok(await add(clerkA1a, rollA1a, input));
    const row = await prisma.voter.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ name: "孙志强", group: "第一村民小组", idNumber: input.idNumber, claim: "第十二届", removedAt: null });
    const [change] = (await getVoterChanges(clerkA1a, rollA1a, { voterId: id })) ?? [];
    expect(change).toMatchObject({
      kindLabel: "新增",
      reason: "年满十八周岁",
      after: { name: "孙志强", idMasked: maskIdNumber(input.idNumber) },
      afterPosting: false,
    });
    const events = await auditSince(prisma, mark);
    expect(events.map((e) => e.event)).toEqual(["voter.added"]);
    expect(asText(events[0])).not.toContain(input.idNumber);
  });

  it("refuses someone under 18 on election day, a person deprived of political rights, a bad ID number and a missing consent date, each with its reason", async () => {
    const before = await voterRows(rollA1a);
    const young = addDays(electionA1a.electionDay.toISOString().slice(0, 10), -(18 * 365));
    const youngId = idNumberOf(young, "MALE", 77);
    const underage = await add(clerkA1a, rollA1a, voterInput("钱小明", { birthDate: young, idNumber: youngId }));
    expect(underage).toMatchObject({ ok: false, code: "invalid", error: expect.stringContaining("未满 18 周岁") });
    const deprived = await add(clerkA1a, rollA1a, voterInput("周某", { deprivedOfRights: true }));
    expect(deprived).toMatchObject({
      ok: false,
      code: "invalid",
      error: expect.stringMatching(/依法被剥夺政治权利，不列入选民名单.*依据：《村民委员会组织法》/),
    });
    const p = freshPerson();
    const wrongBirth = await add(clerkA1a, rollA1a, voterInput("吴建华", { idNumber: p.idNumber, birthDate: addDays(p.birthDate, 1) }));
    expect(wrongBirth).toMatchObject({ ok: false, fieldErrors: { birthDate: expect.stringContaining("身份证号码中的出生日期") } });
    const checksum = await add(clerkA1a, rollA1a, voterInput("郑国庆", { idNumber: `${p.idNumber.slice(0, 17)}${p.idNumber.endsWith("0") ? "1" : "0"}` }));
    expect(checksum).toMatchObject({ ok: false, fieldErrors: { idNumber: expect.any(String) } });
    const noConsent = await add(clerkA1a, rollA1a, voterInput("冯德胜", { category: "NON_HUKOU_RESIDENT" }));
    expect(noConsent).toMatchObject({ ok: false, fieldErrors: { consentMeetingOn: expect.stringContaining("村民会议或村民代表会议同意") } });
    const withConsent = await add(clerkA1a, rollA1a, voterInput("冯德胜", { category: "NON_HUKOU_RESIDENT", consentMeetingOn: addDays(TODAY, -10) }));
    expect(withConsent.ok).toBe(true);
    expect((await voterRows(rollA1a)).length).toBe(before.length + 1);
  });

  it("counts a 29 February birthday from 1 March in a year without 29 February", async () => {
    // The first year ahead with 29 February 18 years before it and none in it.
    let year = Number(TODAY.slice(0, 4)) + 1;
    while (year % 4 !== 2) year++;
    const born = `${year - 18}-02-29`;
    const campaignLeap = await campaign(tree.countyA.id, `第${year}届闰日测试换届`);
    const e = await makeElection(prisma, campaignLeap.id, tree.villageA2a.id, { electionDay: `${year}-02-28` });
    const roll = ok(await executeAction(openRoll, countyAdmin, { campaignId: campaignLeap.id, unitId: tree.villageA2a.id }));
    const input = voterInput("陈闰生", { birthDate: born, idNumber: idNumberOf(born, "MALE", 29) });
    const on28 = await add(countyAdmin, roll.id, input);
    expect(on28).toMatchObject({ ok: false, error: expect.stringContaining(`到选举日 ${year}-02-28 未满 18 周岁`) });
    await prisma.election.update({ where: { id: e.id }, data: { electionDay: dateOfDay(`${year}-03-01`) } });
    expect((await add(countyAdmin, roll.id, input)).ok).toBe(true);
  });

  it("removes a voter with the reason: the row stays, marked removed, and the person may be registered elsewhere", async () => {
    const input = voterInput("何文斌");
    const { id } = ok(await add(clerkA1a, rollA1a, input));
    const v = await prisma.voter.findUniqueOrThrow({ where: { id } });
    const noReason = await executeAction(removeVoter, clerkA1a, { rollId: rollA1a, voterId: id, version: v.version, reason: "" });
    expect(noReason).toMatchObject({ ok: false, fieldErrors: { reason: expect.stringContaining("请写明原因") } });
    ok(await executeAction(removeVoter, clerkA1a, { rollId: rollA1a, voterId: id, version: v.version, reason: "迁出" }));
    expect(await prisma.voter.findUniqueOrThrow({ where: { id } })).toMatchObject({ removedReason: "迁出", claim: null, removedAt: expect.any(Date) });
    const roll = await getVoterRoll(clerkA1a, rollA1a, { q: "何文斌" });
    expect(roll!.voters).toEqual([]);
    const history = await getVoterChanges(clerkA1a, rollA1a, { voterId: id });
    expect(history!.map((c) => [c.kindLabel, c.reason])).toEqual([
      ["删除", "迁出"],
      ["新增", "迁入"],
    ]);
    // Moved to village A1b: registered there now.
    expect((await add(clerkA1b, rollA1b.id, { ...input, reason: "迁入" })).ok).toBe(true);
    // A second removal of the same row is refused.
    const again = await executeAction(removeVoter, clerkA1a, { rollId: rollA1a, voterId: id, version: v.version + 1, reason: "迁出" });
    expect(again).toMatchObject({ ok: false, code: "not_found" });
  });

  it("changes name, group and category with before and after (ID number masked)", async () => {
    const input = voterInput("林小芳", { gender: "FEMALE" });
    const { id } = ok(await add(clerkA1a, rollA1a, input));
    const nothing = await executeAction(changeVoter, officerA1, {
      rollId: rollA1a,
      voterId: id,
      version: 1,
      name: "林小芳",
      group: "第一村民小组",
      category: "RESIDENT",
      consentMeetingOn: "",
      reason: "更正姓名",
    });
    expect(nothing).toMatchObject({ ok: false, code: "invalid", error: expect.stringContaining("没有修改") });
    ok(
      await executeAction(changeVoter, officerA1, {
        rollId: rollA1a,
        voterId: id,
        version: 1,
        name: "林晓芳",
        group: "第三村民小组",
        category: "HUKOU_ABSENT",
        consentMeetingOn: "",
        reason: "更正姓名",
      }),
    );
    expect(await prisma.voter.findUniqueOrThrow({ where: { id } })).toMatchObject({
      name: "林晓芳",
      group: "第三村民小组",
      category: "HUKOU_ABSENT",
      version: 2,
    });
    const [change] = (await getVoterChanges(clerkA1a, rollA1a, { voterId: id })) ?? [];
    expect(change).toMatchObject({
      kindLabel: "变更",
      reason: "更正姓名",
      by: "officer_a1",
      before: { name: "林小芳", group: "第一村民小组", category: "RESIDENT", idMasked: maskIdNumber(input.idNumber) },
      after: { name: "林晓芳", group: "第三村民小组", category: "HUKOU_ABSENT", idMasked: maskIdNumber(input.idNumber) },
    });
    const stale = await executeAction(changeVoter, officerA1, {
      rollId: rollA1a,
      voterId: id,
      version: 1,
      name: "林芳",
      group: "第三村民小组",
      category: "HUKOU_ABSENT",
      consentMeetingOn: "",
      reason: "更正姓名",
    });
    expect(stale).toMatchObject({ ok: false, code: "stale" });
  });

  it("finds a voter by the last 4 characters of the ID number, and lists groups in order", async () => {
    const input = voterInput("高志远", { group: "第十村民小组" });
    ok(await add(clerkA1a, rollA1a, input));
    const found = await getVoterRoll(supervisorA, rollA1a, { q: input.idNumber.slice(-4) });
    expect(found!.voters.map((v) => v.name)).toContain("高志远");
    expect(found!.voters.every((v) => /^\d{4}\*{10}[\dX]{4}$/.test(v.idNumber))).toBe(true);
    const groups = found!.groups.map((g) => g.group);
    expect(groups.indexOf("第三村民小组")).toBeLessThan(groups.indexOf("第十村民小组"));
  });
});

describe("one person, one place", () => {
  it("refuses an ID number already on another village's roll of the county, naming that village; the holder is not changed", async () => {
    const input = voterInput("罗家豪");
    ok(await add(clerkA1a, rollA1a, input));
    const holderBefore = await prisma.voter.findFirstOrThrow({ where: { idNumber: input.idNumber, rollId: rollA1a } });
    const before = await voterRows(rollA1b.id);
    const mark = await auditMark(prisma);
    const res = await add(clerkA1b, rollA1b.id, { ...input, name: "罗嘉豪", group: "第五村民小组" });
    expect(res).toMatchObject({ ok: false, code: "conflict", error: "已在本县甲一镇甲一村登记，同一人不能在两地登记参加选举" });
    expect(await voterRows(rollA1b.id)).toEqual(before);
    expect(await prisma.voter.findUniqueOrThrow({ where: { id: holderBefore.id } })).toEqual(holderBefore);
    const events = await auditSince(prisma, mark);
    expect(events.map((e) => [e.event, e.outcome])).toEqual([["voter.idnumber.matched", "FAILURE"]]);
    expect(asText(events)).not.toContain(input.idNumber);
    // The same roll twice.
    const twice = await add(clerkA1a, rollA1a, input);
    expect(twice).toMatchObject({ ok: false, code: "conflict", error: "该公民身份号码已在本村(社区)选民名单中，不能重复登记" });
  });

  it("refuses an ID number on another county's roll of the same term with that county's name only", async () => {
    const input = voterInput("马永福");
    ok(await add(clerkA1a, rollA1a, input));
    const holder = await prisma.voter.findFirstOrThrow({ where: { idNumber: input.idNumber, rollId: rollA1a } });
    const rollB = ok(await executeAction(openRoll, clerkB1a, { campaignId: termB.id, unitId: tree.villageB1a.id }));
    const res = await add(clerkB1a, rollB.id, { ...input, name: "马永富" });
    expect(res).toMatchObject({ ok: false, code: "conflict", error: "已在其他县(区)登记：甲县，同一人不能在两地登记参加选举" });
    const text = JSON.stringify(res);
    for (const secret of ["马永福", "甲一村", "甲一镇", "第一村民小组", holder.id]) expect(text).not.toContain(secret);
    expect(await prisma.voter.findUniqueOrThrow({ where: { id: holder.id } })).toEqual(holder);
    expect(await prisma.voter.count({ where: { rollId: rollB.id } })).toBe(0);
  });
});

describe("posting and objections", () => {
  it("refuses a posting day later than election day − 20 days and posts on time; later changes are marked after posting", async () => {
    // Village A1b votes in 30 days: the last posting day is in 10 days; a roll with election in 10 days could not be posted today.
    const lateCampaign = await campaign(tree.countyA.id, "第十二届补充选举测试");
    await makeElection(prisma, lateCampaign.id, tree.villageA2a.id, { electionDay: addDays(TODAY, 10) });
    const late = ok(await executeAction(openRoll, countyAdmin, { campaignId: lateCampaign.id, unitId: tree.villageA2a.id }));
    ok(await add(countyAdmin, late.id, voterInput("邓秀兰", { gender: "FEMALE" })));
    const refused = await executeAction(postRoll, countyAdmin, { rollId: late.id, version: 1, postedOn: TODAY });
    expect(refused).toMatchObject({ ok: false, code: "invalid", error: expect.stringMatching(/选民名单应在选举日（.*）前 20 日公布，最迟 .*公布太晚/) });
    expect(await prisma.voterRoll.findUniqueOrThrow({ where: { id: late.id } })).toMatchObject({ status: "DRAFT", postedOn: null });
    const future = await executeAction(postRoll, clerkA1a, { rollId: rollA1a, version: 1, postedOn: addDays(TODAY, 1) });
    expect(future).toMatchObject({ ok: false, error: expect.stringContaining("晚于今天") });

    const mark = await auditMark(prisma);
    const posted = ok(await executeAction(postRoll, clerkA1a, { rollId: rollA1a, version: 1, postedOn: TODAY }));
    expect(posted.objectionDeadline).toBe(addDays(TODAY, DEFAULT_RULES.voterObjectionDays));
    expect((await auditSince(prisma, mark)).map((e) => e.event)).toEqual(["voter.roll.posted"]);
    const { id } = ok(await add(clerkA1a, rollA1a, voterInput("曹建军", { reason: "回村居住，补充登记" })));
    const [change] = (await getVoterChanges(clerkA1a, rollA1a, { afterPostingOnly: true })) ?? [];
    expect(change).toMatchObject({ voterId: id, afterPosting: true, reason: "回村居住，补充登记" });
    const twice = await executeAction(postRoll, clerkA1a, { rollId: rollA1a, version: 2, postedOn: TODAY });
    expect(twice).toMatchObject({ ok: false, error: expect.stringContaining("已于") });
  });

  it("records an objection within 5 days of posting, refuses a late one, and an upheld objection adds the voter linked to it", async () => {
    // Village A1b: posted 6 days ago (its election is in 30 days), so today is past the 5-day window.
    ok(await executeAction(postRoll, clerkA1b, { rollId: rollA1b.id, version: 1, postedOn: addDays(TODAY, -6) }));
    const late = await executeAction(recordObjection, clerkA1b, { rollId: rollA1b.id, objector: "黄大伟", subject: "本人漏登", receivedOn: TODAY });
    expect(late).toMatchObject({ ok: false, code: "invalid", error: expect.stringContaining("申诉期限已过") });
    expect(await prisma.voterObjection.count({ where: { rollId: rollA1b.id } })).toBe(0);

    const received = addDays(TODAY, -2);
    const { id: objectionId, decisionDeadline } = ok(
      await executeAction(recordObjection, clerkA1b, {
        rollId: rollA1b.id,
        objector: "黄大伟",
        subject: "本人户籍在本村并居住，名单漏登",
        receivedOn: received,
      }),
    );
    expect(decisionDeadline).toBe(addDays(received, 3));
    const missing = voterInput("黄大伟", { reason: "" });
    const { reason: _r, ...voter } = missing;
    typedIds.add(missing.idNumber);
    const noApply = await executeAction(decideObjection, clerkA1b, {
      objectionId,
      version: 1,
      decidedOn: TODAY,
      outcome: "UPHELD",
      decision: "经核实属实，补登",
    });
    expect(noApply).toMatchObject({ ok: false, code: "invalid", fieldErrors: { apply: expect.any(String) } });
    const mark = await auditMark(prisma);
    const decided = ok(
      await executeAction(decideObjection, clerkA1b, {
        objectionId,
        version: 1,
        decidedOn: TODAY,
        outcome: "UPHELD",
        decision: "经核实属实，补登",
        apply: { kind: "ADD", voter },
      }),
    );
    expect((await auditSince(prisma, mark)).map((e) => e.event)).toEqual(["voter.objection.decided", "voter.added"]);
    const change = await prisma.voterChange.findFirstOrThrow({ where: { voterId: decided.voterId! } });
    expect(change).toMatchObject({ kind: "ADD", objectionId, afterPosting: true, reason: "依申诉处理决定：经核实属实，补登" });
    const objections = await getVoterObjections(supervisorA, rollA1b.id);
    expect(objections).toEqual([
      expect.objectContaining({
        id: objectionId,
        outcome: "UPHELD",
        decidedOn: TODAY,
        overdue: false,
        changes: [expect.objectContaining({ kindLabel: "新增", voterId: decided.voterId })],
      }),
    ]);
    const again = await executeAction(decideObjection, clerkA1b, { objectionId, version: 2, decidedOn: TODAY, outcome: "REJECTED", decision: "重复处理" });
    expect(again).toMatchObject({ ok: false, error: "该申诉已作出处理决定" });
  });

  it("refuses a decision later than 3 days after receipt, and a rejected objection changes nothing", async () => {
    const received = addDays(TODAY, -4);
    const { id } = ok(
      await executeAction(recordObjection, clerkA1b, { rollId: rollA1b.id, objector: "谢春花", subject: "张三已迁出，应删除", receivedOn: received }),
    );
    const before = await voterRows(rollA1b.id);
    const late = await executeAction(decideObjection, clerkA1b, {
      objectionId: id,
      version: 1,
      decidedOn: TODAY,
      outcome: "REJECTED",
      decision: "经核实未迁出",
    });
    expect(late).toMatchObject({ ok: false, error: expect.stringContaining("处理期限已过") });
    const objections = await getVoterObjections(clerkA1b, rollA1b.id);
    expect(objections!.find((o) => o.id === id)).toMatchObject({ outcome: null, overdue: true });
    ok(
      await executeAction(decideObjection, clerkA1b, {
        objectionId: id,
        version: 1,
        decidedOn: addDays(received, 3),
        outcome: "REJECTED",
        decision: "经核实未迁出",
      }),
    );
    expect(await voterRows(rollA1b.id)).toEqual(before);
  });
});

describe("an upheld objection that removes a voter", () => {
  it("removes the named voter with the decision as the reason, linked to the objection", async () => {
    const input = voterInput("宋国平");
    typedIds.add(input.idNumber);
    const { id: voterId } = ok(await add(clerkA1b, rollA1b.id, input));
    const { id: objectionId } = ok(
      await executeAction(recordObjection, officerA1, {
        rollId: rollA1b.id,
        objector: "谢春花",
        subject: "宋国平已在外村登记",
        receivedOn: addDays(TODAY, -1),
      }),
    );
    const mark = await auditMark(prisma);
    ok(
      await executeAction(decideObjection, officerA1, {
        objectionId,
        version: 1,
        decidedOn: TODAY,
        outcome: "UPHELD",
        decision: "经核实已在外村登记，删除",
        apply: { kind: "REMOVE", voterId },
      }),
    );
    expect((await auditSince(prisma, mark)).map((e) => e.event)).toEqual(["voter.objection.decided", "voter.removed"]);
    expect(await prisma.voter.findUniqueOrThrow({ where: { id: voterId } })).toMatchObject({
      removedReason: "依申诉处理决定：经核实已在外村登记，删除",
      claim: null,
    });
    expect(await prisma.voterChange.findFirstOrThrow({ where: { voterId, kind: "REMOVE" } })).toMatchObject({ objectionId, afterPosting: true });
  });
});

describe("scope", () => {
  it("a village clerk cannot see or change another village's roll; a supervisor reads but cannot change", async () => {
    const before = await voterRows(rollA1a);
    const other = await add(clerkA1b, rollA1a, voterInput("韩立新"));
    expect(other).toMatchObject({ ok: false, code: "not_found" });
    const foreign = await add(clerkB1a, rollA1a, voterInput("韩立新"));
    expect(foreign).toMatchObject({ ok: false, code: "not_found" });
    const sup = await add(supervisorA, rollA1a, voterInput("韩立新"));
    expect(sup).toMatchObject({ ok: false, code: "forbidden" });
    const open = await executeAction(openRoll, clerkA1b, { campaignId: termA.id, unitId: tree.villageA2a.id });
    expect(open).toMatchObject({ ok: false, code: "not_found" });
    expect(await voterRows(rollA1a)).toEqual(before);
    expect(await getVoterRoll(clerkA1b, rollA1a)).toBeNull();
    expect(await getVoterRoll(clerkB1a, rollA1a)).toBeNull();
    expect(await getVoterRoll(supervisorA, rollA1a)).toMatchObject({ editable: false });
    // The full ID number: the village's own committee only, and the view is audited.
    const someone = await prisma.voter.findFirstOrThrow({ where: { rollId: rollA1a, removedAt: null } });
    const mark = await auditMark(prisma);
    expect(await getVoterForEdit(clerkA1a, rollA1a, someone.id)).toMatchObject({ idNumber: someone.idNumber });
    expect((await auditSince(prisma, mark)).map((e) => [e.event, e.objectId])).toEqual([["voter.idnumber.viewed", someone.id]]);
    for (const other of [officerA1, supervisorA, clerkA1b, countyAdmin]) expect(await getVoterForEdit(other, rollA1a, someone.id)).toBeNull();
    const list = await listVillageRolls(officerA1, termA.id);
    expect(list.map((u) => u.name)).toEqual(["甲一村", "甲二村"]);
    expect(list[0]).toMatchObject({ roll: { status: "POSTED" }, postingLate: false, electionId: electionA1a.id });
  });

  it("the roll page finds the roll from its election, in scope only, with the counts per category", async () => {
    const entry = await findElectionRoll(clerkA1a, electionA1a.id);
    expect(entry).toMatchObject({
      roll: { id: rollA1a, status: "POSTED" },
      unit: { id: tree.villageA1a.id },
      campaign: { id: termA.id, open: true },
      electionDay: addDays(TODAY, 40),
      latestPostingDay: addDays(TODAY, 20),
      canEdit: true,
    });
    expect(await findElectionRoll(clerkA1b, electionA1a.id)).toBeNull();
    expect(await findElectionRoll(clerkB1a, electionA1a.id)).toBeNull();
    const roll = await getVoterRoll(clerkA1a, rollA1a);
    expect(roll!.categories.reduce((n, c) => n + c.count, 0)).toBe(roll!.total);
    expect(roll!.categories.map((c) => c.label)).toContain("户籍在本村并居住");
  });
});

describe("registered voters from the posted roll", () => {
  it("is the posted roll's count (not removed); without a posted roll it stays the typed number", async () => {
    const onRoll = await prisma.voter.count({ where: { rollId: rollA1a, removedAt: null } });
    expect(onRoll).toBeGreaterThan(3);
    expect(await registeredVotersOf(prisma, electionA1a)).toEqual({ count: onRoll, source: "roll", postedOn: TODAY });
    const draftElection = await prisma.election.findFirstOrThrow({ where: { campaignId: termB.id } });
    expect(await registeredVotersOf(prisma, draftElection)).toEqual({ count: draftElection.registeredVoters, source: "typed", postedOn: null });
  });
});

describe("the election counts its posted roll", () => {
  it("checks the boxes against the roll and judges turnout on the roll's count, not the typed 800", async () => {
    const termC = await campaign(tree.countyA.id, "第十四届测试换届");
    const world = await makeFormalElection(prisma, termC.id, tree.villageA1a.id, tree.countyA.id);
    expect(world.election.registeredVoters).toBe(800);
    const roll = await prisma.voterRoll.create({ data: { campaignId: termC.id, unitId: tree.villageA1a.id, status: "POSTED", postedOn: dateOfDay(TODAY) } });
    for (let i = 0; i < 11; i++) {
      const p = freshPerson();
      await prisma.voter.create({
        data: {
          rollId: roll.id,
          group: "第一村民小组",
          name: `选民${"一二三四五六七八九十甲"[i]}`,
          gender: p.gender,
          idNumber: p.idNumber,
          birthDate: dateOfDay(p.birthDate),
          ethnicity: "01",
          category: "RESIDENT",
          claim: i === 10 ? null : "第十四届",
          removedAt: i === 10 ? new Date() : null,
          removedReason: i === 10 ? "死亡" : null,
        },
      });
    }
    const setup = await getPollingSetup(clerkA1a, world.election.id);
    expect(setup).toMatchObject({ registeredVoters: 10, registeredSource: "roll", registeredPostedOn: TODAY });
    expect((await pollingSetupProblems(prisma, world.election.id)).map((p) => p.message)).toContainEqual(
      expect.stringContaining("与本村登记选民数 10 人不一致"),
    );

    // Round 1 with both boxes' sheets accepted: 6 ballots of the roll's 10 voters.
    const formal = await prisma.candidate.findMany({
      where: { electionId: world.election.id },
      select: { id: true, post: true, person: { select: { name: true, gender: true } } },
    });
    const ballot = firstRoundBallot(
      { DIRECTOR: 1, DEPUTY: 0, MEMBER: 2, WOMEN_MEMBER: 0 },
      formal.map((c) => ({ id: c.id, post: c.post, name: c.person.name, gender: c.person.gender })),
    );
    const round = await prisma.votingRound.create({ data: { electionId: world.election.id, number: 1, kind: "FIRST", ballot } });
    for (const [box, issued] of [
      [world.boxes.fixed, 6],
      [world.boxes.mobile, 0],
    ] as const) {
      const values: TallyValues = {
        ballotsIssued: issued,
        ballotsReturned: issued,
        invalidBallots: 0,
        writeIns: [],
        exceedConfirmed: false,
        votes: ballot.sections.flatMap((sec) => sec.candidates.map((c, i) => ({ post: sec.post, key: c.key, votes: i < sec.seats ? issued : 0 }))),
      };
      const bt = await prisma.boxTally.create({ data: { electionId: world.election.id, roundId: round.id, boxId: box.id, status: "ACCEPTED" } });
      const entry = await prisma.tallyEntry.create({
        data: { electionId: world.election.id, boxTallyId: bt.id, slot: "FIRST", requestId: randomUUID(), values, enteredById: clerkA1a.userId },
      });
      await prisma.boxTally.update({ where: { id: bt.id }, data: { firstEntryId: entry.id, acceptedEntryId: entry.id } });
    }
    expect(await executeAction(decideRound, clerkA1a, { roundId: round.id, version: 1 })).toMatchObject({ ok: true, data: { valid: true } });
    const decided = await prisma.votingRound.findUniqueOrThrow({ where: { id: round.id } });
    expect(decided.engineInput).toMatchObject({ registeredVoters: 10, ballotsReturned: 6 });
  });
});

describe("the roll once counting has started", () => {
  it("refuses adding, removing, changing, posting and deciding an objection after round 1 is opened; nothing changes", async () => {
    const termD = await campaign(tree.countyA.id, "第十五届测试换届");
    const world = await makeFormalElection(prisma, termD.id, tree.villageA1a.id, tree.countyA.id);
    const roll = ok(await executeAction(openRoll, clerkA1a, { campaignId: termD.id, unitId: tree.villageA1a.id }));
    const { id: voterId } = ok(await add(clerkA1a, roll.id, voterInput("钱志强")));
    const objection = await prisma.voterObjection.create({ data: { rollId: roll.id, objector: "孙丽华", subject: "本人漏登", receivedOn: dateOfDay(TODAY) } });
    expect(await executeAction(openVotingRound, clerkA1a, { electionId: world.election.id, number: 1 })).toMatchObject({ ok: true });

    const snapshot = async () => ({
      tables: await fingerprint(prisma),
      roll: await prisma.voterRoll.findUniqueOrThrow({ where: { id: roll.id } }),
      voters: await voterRows(roll.id),
      changes: await prisma.voterChange.count({ where: { rollId: roll.id } }),
      objections: await prisma.voterObjection.findMany({ where: { rollId: roll.id } }),
    });
    const before = await snapshot();
    const mark = await auditMark(prisma);
    const refused = { ok: false, code: "invalid", error: ROLL_FROZEN_MESSAGE };
    expect(await add(clerkA1a, roll.id, voterInput("周建华"))).toMatchObject(refused);
    expect(await executeAction(removeVoter, clerkA1a, { rollId: roll.id, voterId, version: 1, reason: "迁出本村" })).toMatchObject(refused);
    expect(
      await executeAction(changeVoter, clerkA1a, {
        rollId: roll.id,
        voterId,
        version: 1,
        reason: "更正姓名",
        name: "钱志刚",
        group: "第一村民小组",
        category: "RESIDENT",
        consentMeetingOn: "",
      }),
    ).toMatchObject(refused);
    expect(await executeAction(postRoll, clerkA1a, { rollId: roll.id, version: 1, postedOn: TODAY })).toMatchObject(refused);
    expect(await executeAction(postRoll, officerA1, { rollId: roll.id, version: 1, postedOn: TODAY })).toMatchObject(refused);
    const { reason: _r, ...voter } = voterInput("孙丽华", { gender: "FEMALE" });
    expect(
      await executeAction(decideObjection, clerkA1a, {
        objectionId: objection.id,
        version: 1,
        decidedOn: TODAY,
        outcome: "UPHELD",
        decision: "经核实属实，补登",
        apply: { kind: "ADD", voter },
      }),
    ).toMatchObject(refused);
    expect(
      await executeAction(decideObjection, clerkA1a, {
        objectionId: objection.id,
        version: 1,
        decidedOn: TODAY,
        outcome: "REJECTED",
        decision: "经核实不属实",
      }),
    ).toMatchObject(refused);
    expect(await executeAction(recordObjection, clerkA1a, { rollId: roll.id, objector: "吴国强", subject: "本人漏登", receivedOn: TODAY })).toMatchObject(
      refused,
    );
    expect(await snapshot()).toEqual(before);
    expect(await auditSince(prisma, mark)).toEqual([]);
  });

  it("refuses opening a roll for a village whose election has started counting or has a confirmed result", async () => {
    const termE = await campaign(tree.countyA.id, "第十六届测试换届");
    const counting = await makeFormalElection(prisma, termE.id, tree.villageA1a.id, tree.countyA.id);
    expect(await executeAction(openVotingRound, clerkA1a, { electionId: counting.election.id, number: 1 })).toMatchObject({ ok: true });
    await makeElection(prisma, termE.id, tree.villageA1b.id, { electionDay: TODAY });
    await prisma.election.update({
      where: { campaignId_unitId: { campaignId: termE.id, unitId: tree.villageA1b.id } },
      data: { resultConfirmedAt: new Date() },
    });
    const mark = await auditMark(prisma);
    for (const [actor, unitId] of [
      [clerkA1a, tree.villageA1a.id],
      [clerkA1b, tree.villageA1b.id],
      [officerA1, tree.villageA1b.id],
    ] as const) {
      expect(await executeAction(openRoll, actor, { campaignId: termE.id, unitId })).toMatchObject({ ok: false, code: "invalid", error: ROLL_FROZEN_MESSAGE });
    }
    expect(await prisma.voterRoll.count({ where: { campaignId: termE.id } })).toBe(0);
    expect(await auditSince(prisma, mark)).toEqual([]);
  });
});

describe("audit", () => {
  it("no audit entry holds a full ID number", async () => {
    const all = await prisma.auditEvent.findMany({ select: { before: true, after: true, detail: true } });
    const text = JSON.stringify(all);
    expect(typedIds.size).toBeGreaterThan(10);
    for (const id of typedIds) expect(text).not.toContain(id);
    expect(text).not.toMatch(/\d{17}[\dX]/);
    expect(text).toContain("**********");
  });

  it("the audit log names a roll inside the viewer's scope only (another county's roll stays unnamed)", async () => {
    expect((await visibleNames(prisma, clerkA1a, [rollA1a])).get(rollA1a)).toBe("甲一村选民名单");
    expect((await visibleNames(prisma, clerkB1a, [rollA1a])).size).toBe(0);
  });
});
