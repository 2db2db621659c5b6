// Election day end to end in the DAL: rounds, double entry, concurrent saves, retried submissions,
// the engine's decision, a runoff, confirmation and the lock (in the app and in PostgreSQL), reopening.
import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import type { Ballot } from "@/lib/domain/ballot";
import { FIELD } from "@/lib/domain/tally";
import { executeAction } from "@/lib/server/action";
import type { Actor } from "@/lib/server/auth/sessions";
import { decideElection } from "@/lib/domain/election-engine";
import { confirmResult, getElectionResult, getRoundReplay, reopenResult } from "@/lib/server/election-day/results";
import { decideRound, getCountBoard, openVotingRound, undecideRound } from "@/lib/server/election-day/rounds";
import { attachTallyPhoto, getTallyEntry, saveTally } from "@/lib/server/election-day/tallies";
import { auditSince, auditMark } from "../support/db-state";
import { makeFormalElection } from "../support/election-day-fixtures";
import { makeActor, makeTree } from "../support/fixtures";
import { makeCampaign } from "../support/nomination-fixtures";
import { setupTestDatabase } from "../support/test-db";

const { prisma } = await setupTestDatabase();
const tree = await makeTree(prisma);
const clerk1 = await makeActor(prisma, "VILLAGE_CLERK", tree.villageA1a, { username: "clerk_one" });
const clerk2 = await makeActor(prisma, "VILLAGE_CLERK", tree.villageA1a, { username: "clerk_two" });
const officer = await makeActor(prisma, "TOWNSHIP_OFFICER", tree.townA1, { username: "town_officer" });
const county = await makeActor(prisma, "COUNTY_ADMIN", tree.countyA, { username: "county_admin_ed" });
const outsider = await makeActor(prisma, "VILLAGE_CLERK", tree.villageA1b, { username: "clerk_elsewhere" });

type World = Awaited<ReturnType<typeof makeFormalElection>>;
let w: World;
// A fresh election in village A1a for every test (one campaign each, as an election is per campaign and village).
beforeEach(async () => {
  const c = await makeCampaign(prisma, tree.countyA.id);
  w = await makeFormalElection(prisma, c.id, tree.villageA1a.id, tree.countyA.id);
});

async function open(actor: Actor = clerk1, number = 1) {
  const res = await executeAction(openVotingRound, actor, { electionId: w.election.id, number });
  expect(res).toMatchObject({ ok: true });
  const round = await prisma.votingRound.findFirstOrThrow({ where: { electionId: w.election.id, number } });
  return { ...round, ballot: round.ballot as Ballot };
}

/** A sheet: ballots, then votes per candidate key per section (default 0), plus write-in lines. */
function sheet(
  ballot: Ballot,
  n: { issued: number; returned: number; invalid: number },
  votes: Record<string, number> = {},
  writeIns: { post: string; name: string; gender: string; votes: number }[] = [],
) {
  const form: Record<string, string> = { [FIELD.issued]: String(n.issued), [FIELD.returned]: String(n.returned), [FIELD.invalid]: String(n.invalid) };
  for (const s of ballot.sections) for (const c of s.candidates) form[FIELD.vote(s.post, c.key)] = String(votes[`${s.post}:${c.key}`] ?? 0);
  writeIns.forEach((x, i) => {
    form[`w.${x.post}.${i}.name`] = x.name;
    form[`w.${x.post}.${i}.gender`] = x.gender;
    form[`w.${x.post}.${i}.votes`] = String(x.votes);
  });
  return form;
}

async function save(
  actor: Actor,
  roundId: string,
  boxId: string,
  form: Record<string, string>,
  opts: { version?: number; mode?: string; requestId?: string } = {},
) {
  const bt = await prisma.boxTally.findUnique({ where: { roundId_boxId: { roundId, boxId } } });
  const mode = opts.mode ?? (bt?.status === "MISMATCH" ? "resolve" : bt?.status === "ACCEPTED" ? "reenter" : "enter");
  return executeAction(saveTally, actor, {
    roundId,
    boxId,
    version: opts.version ?? bt?.version ?? 0,
    mode,
    requestId: opts.requestId ?? randomUUID(),
    ...form,
  });
}

async function status(roundId: string, boxId: string) {
  return (await prisma.boxTally.findUnique({ where: { roundId_boxId: { roundId, boxId } } }))?.status ?? "EMPTY";
}

const keyOf = (ballot: Ballot, post: string, i: number) => ballot.sections.find((s) => s.post === post)!.candidates[i]!.key;

describe("rounds", () => {
  it("round 1 prints the formal list per post in stroke order and can start only once", async () => {
    const r = await open();
    expect(r.ballot.sections.map((s) => [s.post, s.seats, s.candidates.length])).toEqual([
      ["director", 1, 2],
      ["member", 2, 3],
    ]);
    const again = await executeAction(openVotingRound, clerk1, { electionId: w.election.id, number: 1 });
    expect(again).toMatchObject({ ok: false });
  });

  it("refuses to start while the polling setup has errors, naming them", async () => {
    await prisma.ballotBox.update({ where: { id: w.boxes.fixed.id }, data: { voters: 700 } });
    const res = await executeAction(openVotingRound, clerk1, { electionId: w.election.id, number: 1 });
    expect(res).toMatchObject({ ok: false, code: "invalid" });
    expect(!res.ok && res.error).toMatch(/投票设置还有问题/);
    expect(await prisma.votingRound.count({ where: { electionId: w.election.id } })).toBe(0);
  });

  it("a clerk of another village cannot see or touch the count", async () => {
    const r = await open();
    expect(await getCountBoard(outsider, w.election.id)).toBeNull();
    expect(await getTallyEntry(outsider, r.id, w.boxes.fixed.id)).toBeNull();
    const res = await save(outsider, r.id, w.boxes.fixed.id, sheet(r.ballot, { issued: 10, returned: 10, invalid: 0 }));
    expect(res).toMatchObject({ ok: false, code: "not_found" });
  });
});

describe("double entry", () => {
  it("two matching typings accept the box; the second typist never sees the first", async () => {
    const r = await open();
    const d0 = keyOf(r.ballot, "director", 0);
    const form = sheet(r.ballot, { issued: 700, returned: 690, invalid: 10 }, { [`director:${d0}`]: 500 });
    expect(await save(clerk1, r.id, w.boxes.fixed.id, form)).toMatchObject({ ok: true, data: { status: "AWAITING_SECOND" } });
    // The first typist sees their numbers to revise; the second gets an empty form.
    expect((await getTallyEntry(clerk1, r.id, w.boxes.fixed.id))!.prefill[FIELD.issued]).toBe("700");
    const second = await getTallyEntry(clerk2, r.id, w.boxes.fixed.id);
    expect(second!.prefill).toEqual({});
    expect(second!.mine).toBe(false);
    expect(await save(clerk2, r.id, w.boxes.fixed.id, form)).toMatchObject({ ok: true, data: { status: "ACCEPTED" } });
    expect(await status(r.id, w.boxes.fixed.id)).toBe("ACCEPTED");
  });

  it("a mismatch holds the box back until it is resolved against the paper; both typings are kept", async () => {
    const r = await open();
    const d0 = keyOf(r.ballot, "director", 0);
    const a = sheet(r.ballot, { issued: 700, returned: 690, invalid: 10 }, { [`director:${d0}`]: 500 });
    const b = sheet(r.ballot, { issued: 700, returned: 690, invalid: 10 }, { [`director:${d0}`]: 506 });
    await save(clerk1, r.id, w.boxes.fixed.id, a);
    const res = await save(clerk2, r.id, w.boxes.fixed.id, b);
    expect(res).toMatchObject({ ok: true, data: { status: "MISMATCH" } });
    expect(res.ok && res.data.differences.map((d) => [d.first, d.second])).toEqual([["500", "506"]]);
    const view = await getTallyEntry(officer, r.id, w.boxes.fixed.id);
    expect(view!.differences).toHaveLength(1);
    // The agreed numbers are prefilled; the disputed one is not.
    expect(view!.prefill[FIELD.issued]).toBe("700");
    expect(view!.prefill[FIELD.vote("director", d0)]).toBeUndefined();
    // The round cannot be decided while a box is held back.
    await save(clerk1, r.id, w.boxes.mobile.id, sheet(r.ballot, { issued: 20, returned: 20, invalid: 0 }));
    await save(clerk2, r.id, w.boxes.mobile.id, sheet(r.ballot, { issued: 20, returned: 20, invalid: 0 }));
    const early = await executeAction(decideRound, clerk1, { roundId: r.id, version: 1 });
    expect(!early.ok && early.error).toMatch(/1号票箱（两遍不一致，待核定）/);
    expect(await save(officer, r.id, w.boxes.fixed.id, a)).toMatchObject({ ok: true, data: { status: "ACCEPTED" } });
    expect(await prisma.tallyEntry.count({ where: { boxTally: { roundId: r.id, boxId: w.boxes.fixed.id } } })).toBe(3);
  });

  /** Both typings agree on three write-ins (5 + 10 + 50 votes) and differ on one printed count only. */
  async function mismatchWithWriteIns() {
    const r = await open();
    const d0 = keyOf(r.ballot, "director", 0);
    const m0 = keyOf(r.ballot, "member", 0);
    const writeIns = [
      { post: "director", name: "吴十", gender: "male", votes: 5 },
      { post: "member", name: "郑芳", gender: "female", votes: 10 },
      { post: "member", name: "冯强", gender: "male", votes: 50 },
    ];
    const n = { issued: 700, returned: 690, invalid: 10 };
    const a = sheet(r.ballot, n, { [`director:${d0}`]: 500, [`member:${m0}`]: 400 }, writeIns);
    const b = sheet(r.ballot, n, { [`director:${d0}`]: 506, [`member:${m0}`]: 400 }, writeIns);
    await save(clerk1, r.id, w.boxes.fixed.id, a);
    expect(await save(clerk2, r.id, w.boxes.fixed.id, b)).toMatchObject({ ok: true, data: { status: "MISMATCH" } });
    return { r, d0, m0, a };
  }

  it("resolving from a fresh page load keeps the agreed write-ins: only the disputed field is typed again", async () => {
    const { r, d0 } = await mismatchWithWriteIns();
    // What the resolution page is built from, as a fresh load gives it to the officer.
    const view = (await getTallyEntry(officer, r.id, w.boxes.fixed.id))!;
    expect(view.mode).toBe("resolve");
    // The clerk types the highlighted field only, as told, and saves the form as the page holds it.
    const res = await save(
      officer,
      r.id,
      w.boxes.fixed.id,
      { ...view.prefill, [FIELD.vote("director", d0)]: "500" },
      { version: view.version, mode: view.mode },
    );
    expect(res).toMatchObject({ ok: true, data: { status: "ACCEPTED" } });
    const accepted = (await getTallyEntry(officer, r.id, w.boxes.fixed.id))!.accepted!;
    expect(accepted.writeIns.map((x) => [x.post, x.name, x.gender, x.votes])).toEqual([
      ["director", "吴十", "male", 5],
      ["member", "郑芳", "female", 10],
      ["member", "冯强", "male", 50],
    ]);
    expect(accepted.votes.find((v) => v.post === "director" && v.key === d0)?.votes).toBe(500);
    expect(view.prefill[FIELD.writeIn("director", 0, "name")]).toBe("吴十");
    expect(view.prefill[FIELD.writeIn("member", 1, "votes")]).toBe("50");
    expect(view.disputed).toEqual([FIELD.vote("director", d0)]);
  });

  it("a disputed write-in gets a blank highlighted line after the agreed ones", async () => {
    const r = await open();
    const n = { issued: 700, returned: 690, invalid: 10 };
    const agreed = { post: "member", name: "郑芳", gender: "female", votes: 10 };
    await save(clerk1, r.id, w.boxes.fixed.id, sheet(r.ballot, n, {}, [agreed, { post: "member", name: "冯强", gender: "male", votes: 50 }]));
    await save(clerk2, r.id, w.boxes.fixed.id, sheet(r.ballot, n, {}, [agreed, { post: "member", name: "冯强", gender: "male", votes: 51 }]));
    const view = (await getTallyEntry(officer, r.id, w.boxes.fixed.id))!;
    expect(view.prefill[FIELD.writeIn("member", 0, "name")]).toBe("郑芳");
    expect(view.prefill[FIELD.writeIn("member", 1, "name")]).toBeUndefined();
    expect(view.disputed).toEqual([FIELD.writeIn("member", 1, "name"), FIELD.writeIn("member", 1, "gender"), FIELD.writeIn("member", 1, "votes")]);
  });

  it("refuses a resolution that drops or changes what both typings agreed on, and keeps the box held back", async () => {
    const { r, d0, m0, a } = await mismatchWithWriteIns();
    const withoutWriteIns = sheet(r.ballot, { issued: 700, returned: 690, invalid: 10 }, { [`director:${d0}`]: 500, [`member:${m0}`]: 400 });
    const dropped = await save(officer, r.id, w.boxes.fixed.id, withoutWriteIns);
    expect(dropped).toMatchObject({ ok: false, code: "invalid" });
    expect(!dropped.ok && dropped.error).toMatch(/两遍录入一致的栏目不能改动或遗漏.*冯强.*50 票（男）.*（未填）/);
    expect(!dropped.ok && dropped.fieldErrors?.[FIELD.section("member")]).toMatch(/两遍录入一致/);
    const changed = await save(officer, r.id, w.boxes.fixed.id, { ...a, [FIELD.vote("member", m0)]: "401" });
    expect(!changed.ok && changed.fieldErrors?.[FIELD.vote("member", m0)]).toMatch(/两遍录入一致为 400/);
    const added = await save(officer, r.id, w.boxes.fixed.id, { ...a, [`w.member.3.name`]: "褚明", [`w.member.3.gender`]: "male", [`w.member.3.votes`]: "1" });
    expect(!added.ok && added.error).toMatch(/褚明/);
    expect(await status(r.id, w.boxes.fixed.id)).toBe("MISMATCH");
    expect(await prisma.tallyEntry.count({ where: { boxTally: { roundId: r.id, boxId: w.boxes.fixed.id } } })).toBe(2);
  });

  it("re-entering an accepted box needs a written reason, is audited with the numbers it sets aside, and shows in the entry list", async () => {
    const r = await open();
    const form = sheet(r.ballot, { issued: 10, returned: 10, invalid: 0 });
    await save(clerk1, r.id, w.boxes.fixed.id, form);
    expect(await save(clerk2, r.id, w.boxes.fixed.id, form)).toMatchObject({ ok: true, data: { status: "ACCEPTED" } });
    const again = { ...form, [FIELD.issued]: "12", [FIELD.returned]: "12" };
    for (const reason of [undefined, "", "  错了 "]) {
      const refused = await save(clerk1, r.id, w.boxes.fixed.id, reason === undefined ? again : { ...again, reason });
      expect(refused).toMatchObject({ ok: false, code: "invalid" });
      expect(!refused.ok && refused.fieldErrors?.reason).toMatch(/请写明原因（至少 5 个字/);
    }
    expect(await status(r.id, w.boxes.fixed.id)).toBe("ACCEPTED");
    expect(await prisma.tallyEntry.count({ where: { electionId: w.election.id } })).toBe(2);
    const acceptedId = (await prisma.boxTally.findFirstOrThrow({ where: { roundId: r.id, boxId: w.boxes.fixed.id } })).acceptedEntryId;

    const mark = await auditMark(prisma);
    const reason = "发出选票栏与原件不符，原件为 12 张";
    expect(await save(clerk1, r.id, w.boxes.fixed.id, { ...again, reason })).toMatchObject({ ok: true, data: { status: "AWAITING_SECOND" } });
    const events = await auditSince(prisma, mark);
    expect(events.map((e) => e.event)).toEqual(["tally.reentered", "tally.entered"]);
    expect(events[0]!.detail).toMatchObject({ reason, box: "1号票箱", round: 1 });
    expect(events[0]!.before).toMatchObject({ acceptedEntryId: acceptedId, values: { ballotsIssued: 10 } });

    const view = (await getTallyEntry(officer, r.id, w.boxes.fixed.id))!;
    expect(view.history.map((h) => [h.slot, h.reason])).toEqual([
      ["第一遍", null],
      ["第二遍", null],
      ["重新录入（第一遍）", reason],
    ]);
  });

  it("tells the clerk when a write-in is a candidate printed in another column, instead of merging it silently", async () => {
    const r = await open();
    const d0 = r.ballot.sections.find((s) => s.post === "director")!.candidates[0]!;
    const form = {
      ...sheet(r.ballot, { issued: 10, returned: 10, invalid: 0 }),
      [FIELD.writeIn("member", 0, "name")]: d0.name,
      [FIELD.writeIn("member", 0, "votes")]: "3",
    };
    const res = await save(clerk1, r.id, w.boxes.fixed.id, form);
    expect(res).toMatchObject({ ok: true, data: { notes: [`委员栏另选他人「${d0.name}」是主任的正式候选人，按同一人计票，已计为其在本栏的得票 3 票`] } });
  });

  it("with double entry switched off one typing counts", async () => {
    await prisma.election.update({ where: { id: w.election.id }, data: { doubleEntry: false } });
    const r = await open();
    expect(await save(clerk1, r.id, w.boxes.fixed.id, sheet(r.ballot, { issued: 1, returned: 1, invalid: 0 }))).toMatchObject({
      ok: true,
      data: { status: "ACCEPTED" },
    });
  });
});

describe("checks and reliability", () => {
  it("refuses bad arithmetic with the field and changes nothing", async () => {
    const r = await open();
    const d0 = keyOf(r.ballot, "director", 0);
    const cases: [Record<string, string>, string, RegExp][] = [
      [sheet(r.ballot, { issued: 780, returned: 700, invalid: 0 }), FIELD.issued, /多于本票箱服务的登记选民 770 人/],
      [sheet(r.ballot, { issued: 100, returned: 101, invalid: 0 }), FIELD.returned, /多于发出选票/],
      [sheet(r.ballot, { issued: 100, returned: 100, invalid: 101 }), FIELD.invalid, /多于收回选票/],
      [sheet(r.ballot, { issued: 100, returned: 100, invalid: 10 }, { [`director:${d0}`]: 91 }), FIELD.vote("director", d0), /超过有效票 90 张/],
      [{ ...sheet(r.ballot, { issued: 100, returned: 100, invalid: 0 }), [FIELD.vote("director", d0)]: "" }, FIELD.vote("director", d0), /没有得票也要填 0/],
    ];
    for (const [form, field, message] of cases) {
      const res = await save(clerk1, r.id, w.boxes.fixed.id, form);
      expect(res).toMatchObject({ ok: false, code: "invalid" });
      expect(!res.ok && res.fieldErrors?.[field]).toMatch(message);
    }
    expect(await prisma.tallyEntry.count({ where: { electionId: w.election.id } })).toBe(0);
  });

  it("fifty concurrent first saves of one box: exactly one is stored, the rest are told it changed", async () => {
    const r = await open();
    const form = sheet(r.ballot, { issued: 10, returned: 10, invalid: 0 });
    const clerks = [clerk1, clerk2];
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => save(clerks[i % 2]!, r.id, w.boxes.fixed.id, form, { version: 0, mode: "enter" })));
    expect(results.filter((x) => x.ok)).toHaveLength(1);
    expect(results.filter((x) => !x.ok).every((x) => !x.ok && x.code === "stale")).toBe(true);
    expect(results.find((x) => !x.ok && x.error)).toMatchObject({ error: expect.stringMatching(/您打开此页后，该票箱已由.+更新/) });
    expect(await prisma.tallyEntry.count({ where: { electionId: w.election.id } })).toBe(1);
  });

  it("a retried submission is stored once, also when both copies arrive together", async () => {
    const r = await open();
    const form = sheet(r.ballot, { issued: 10, returned: 10, invalid: 0 });
    const requestId = randomUUID();
    const [a, b] = await Promise.all([
      save(clerk1, r.id, w.boxes.fixed.id, form, { version: 0, mode: "enter", requestId }),
      save(clerk1, r.id, w.boxes.fixed.id, form, { version: 0, mode: "enter", requestId }),
    ]);
    expect(a.ok && b.ok).toBe(true);
    const c = await save(clerk1, r.id, w.boxes.fixed.id, form, { version: 0, mode: "enter", requestId });
    expect(c).toMatchObject({ ok: true, data: { duplicate: true } });
    expect(await prisma.tallyEntry.count({ where: { electionId: w.election.id } })).toBe(1);
    expect((await prisma.boxTally.findFirstOrThrow({ where: { roundId: r.id } })).version).toBe(1);
  });

  it("a stale save by the first typist names the fields that changed", async () => {
    const r = await open();
    const form = sheet(r.ballot, { issued: 10, returned: 10, invalid: 0 });
    await save(clerk1, r.id, w.boxes.fixed.id, form);
    await save(clerk1, r.id, w.boxes.fixed.id, { ...form, [FIELD.issued]: "12", [FIELD.returned]: "12" }); // revision on another device
    const res = await save(clerk1, r.id, w.boxes.fixed.id, form, { version: 1, mode: "enter" });
    expect(res).toMatchObject({ ok: false, code: "stale" });
    expect(!res.ok && res.error).toMatch(/发出选票（现为 12，您填 10）/);
  });

  it("keeps the tally-sheet photo judged by content, and refuses a renamed text file", async () => {
    const r = await open();
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    expect(await executeAction(attachTallyPhoto, clerk1, { roundId: r.id, boxId: w.boxes.fixed.id, file: png, fileName: "sheet.png" })).toMatchObject({
      ok: true,
    });
    const fake = await executeAction(attachTallyPhoto, clerk1, {
      roundId: r.id,
      boxId: w.boxes.fixed.id,
      file: new TextEncoder().encode("hello"),
      fileName: "sheet.jpg",
    });
    expect(fake).toMatchObject({ ok: false, code: "invalid" });
    const view = await getTallyEntry(officer, r.id, w.boxes.fixed.id);
    expect(view!.photo).toMatchObject({ mediaType: "image/png" });
    // The photo does not make a typist's open form stale.
    expect(await save(clerk1, r.id, w.boxes.fixed.id, sheet(r.ballot, { issued: 10, returned: 10, invalid: 0 }), { version: 0 })).toMatchObject({ ok: true });
  });
});

async function acceptBoth(r: { id: string; ballot: Ballot }, fixed: Record<string, string>, mobile: Record<string, string>) {
  for (const [box, form] of [
    [w.boxes.fixed.id, fixed],
    [w.boxes.mobile.id, mobile],
  ] as const) {
    await save(clerk1, r.id, box, form);
    expect(await save(clerk2, r.id, box, form)).toMatchObject({ ok: true, data: { status: "ACCEPTED" } });
  }
}

describe("decision, runoff, confirmation and lock", () => {
  it("adds the mobile box to the central count, runs a runoff for an unfilled seat, confirms and locks", async () => {
    const r1 = await open();
    const [d0, d1] = [keyOf(r1.ballot, "director", 0), keyOf(r1.ballot, "director", 1)];
    const [m0, m1, m2] = [0, 1, 2].map((i) => keyOf(r1.ballot, "member", i)) as [string, string, string];
    // 600 + 20 returned = 620 votes cast; majority 311. d0: 300 + 15 = 315 elected (needs the mobile box).
    // Members: m0 400 elected; m1 250 and m2 200 below the bar → 1 seat to the runoff.
    await acceptBoth(
      r1,
      sheet(
        r1.ballot,
        { issued: 610, returned: 600, invalid: 5 },
        { [`director:${d0}`]: 300, [`director:${d1}`]: 280, [`member:${m0}`]: 390, [`member:${m1}`]: 245, [`member:${m2}`]: 195 },
      ),
      sheet(
        r1.ballot,
        { issued: 20, returned: 20, invalid: 0 },
        { [`director:${d0}`]: 15, [`director:${d1}`]: 5, [`member:${m0}`]: 10, [`member:${m1}`]: 5, [`member:${m2}`]: 5 },
      ),
    );
    expect(await executeAction(decideRound, clerk1, { roundId: r1.id, version: 1 })).toMatchObject({ ok: true, data: { valid: true, elected: 2 } });
    const round1 = await prisma.votingRound.findUniqueOrThrow({ where: { id: r1.id } });
    expect(round1.engineInput).toMatchObject({ ballotsReturned: 620, ballotsIssued: 630, invalidBallots: 5, registeredVoters: 800 });

    let result = await getElectionResult(officer, w.election.id);
    expect(result!.members.map((m) => [m.post, m.votes])).toEqual([
      ["DIRECTOR", 315],
      ["MEMBER", 400],
    ]);
    expect(result!.vacancies).toEqual([{ post: "MEMBER", seats: 1 }]);
    expect(result!.rounds[0]!.decision!.explanations.map((x) => x.text).join("\n")).toMatch(/311/);

    // Confirming now needs an explicit acceptance of the vacancy.
    const early = await executeAction(confirmResult, officer, { electionId: w.election.id, version: 1 });
    expect(!early.ok && early.error).toMatch(/还有 1 个名额未选出/);

    const r2 = await open(clerk1, 2);
    expect(r2.kind).toBe("RUNOFF");
    expect(r2.ballot.sections).toHaveLength(1);
    expect(r2.ballot.sections[0]!.seats).toBe(1);
    expect(new Set(r2.ballot.sections[0]!.candidates.map((c) => c.key))).toEqual(new Set([m1, m2]));
    // Runoff: 500 cast; one third = 167. m1 260 elected.
    await acceptBoth(
      r2,
      sheet(r2.ballot, { issued: 490, returned: 490, invalid: 0 }, { [`member:${m1}`]: 255, [`member:${m2}`]: 230 }),
      sheet(r2.ballot, { issued: 10, returned: 10, invalid: 0 }, { [`member:${m1}`]: 5, [`member:${m2}`]: 5 }),
    );
    expect(await executeAction(decideRound, clerk1, { roundId: r2.id, version: 1 })).toMatchObject({ ok: true, data: { elected: 1 } });

    // Only the township confirms; a clerk cannot.
    expect(await executeAction(confirmResult, clerk1, { electionId: w.election.id, version: 1 })).toMatchObject({ ok: false, code: "forbidden" });
    const mark = await auditMark(prisma);
    expect(await executeAction(confirmResult, officer, { electionId: w.election.id, version: 1 })).toMatchObject({
      ok: true,
      data: { members: 3, vacancies: 0 },
    });
    expect((await auditSince(prisma, mark)).map((e) => e.event)).toEqual(["result.confirmed"]);
    result = await getElectionResult(officer, w.election.id);
    expect(result!.members.map((m) => [m.post, m.votes, m.roundNumber])).toEqual([
      ["DIRECTOR", 315, 1],
      ["MEMBER", 400, 1],
      ["MEMBER", 260, 2],
    ]);
    // A runoff is named as one on the result page and the printed report, not as a bare round number.
    expect(result!.members.map((m) => m.roundLabel)).toEqual(["第一次投票", "第一次投票", "另行选举（第2轮）"]);
    expect(await prisma.electedMember.count({ where: { electionId: w.election.id } })).toBe(3);

    // Locked in the app ...
    const form = sheet(r2.ballot, { issued: 1, returned: 1, invalid: 0 });
    expect(await save(clerk1, r2.id, w.boxes.fixed.id, form)).toMatchObject({ ok: false, error: expect.stringMatching(/已锁定/) });
    expect(await executeAction(undecideRound, clerk1, { roundId: r2.id, version: 2, reason: "更正" })).toMatchObject({ ok: false });
    // ... and in PostgreSQL, for the application's own role.
    await expect(prisma.$executeRawUnsafe(`UPDATE "BoxTally" SET status = 'EMPTY' WHERE "roundId" = '${r2.id}'`)).rejects.toThrow(/result_confirmed/);
    await expect(prisma.$executeRawUnsafe(`UPDATE "ElectedMember" SET votes = votes + 1 WHERE "electionId" = '${w.election.id}'`)).rejects.toThrow(
      /result_confirmed/,
    );
    await expect(prisma.$executeRawUnsafe(`DELETE FROM "TallyEntry" WHERE "electionId" = '${w.election.id}'`)).rejects.toThrow();
    await expect(prisma.$executeRawUnsafe(`UPDATE "VotingRound" SET decision = NULL WHERE id = '${r2.id}'`)).rejects.toThrow(/result_confirmed/);
    await expect(prisma.$executeRawUnsafe(`UPDATE "Election" SET "registeredVoters" = 900 WHERE id = '${w.election.id}'`)).rejects.toThrow(/result_confirmed/);

    // Reopening: the county administrator only, with a reason, audited.
    const version = (await prisma.election.findUniqueOrThrow({ where: { id: w.election.id } })).version;
    expect(await executeAction(reopenResult, officer, { electionId: w.election.id, version, reason: "计票单誊写错误需更正" })).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect(await executeAction(reopenResult, county, { electionId: w.election.id, version, reason: "短" })).toMatchObject({ ok: false, code: "invalid" });
    const mark2 = await auditMark(prisma);
    expect(await executeAction(reopenResult, county, { electionId: w.election.id, version, reason: "计票单誊写错误需更正" })).toMatchObject({ ok: true });
    const events = await auditSince(prisma, mark2);
    expect(events.map((e) => e.event)).toEqual(["result.reopened"]);
    expect(events[0]!.detail).toMatchObject({ reason: "计票单誊写错误需更正" });
    expect(await prisma.electedMember.count({ where: { electionId: w.election.id } })).toBe(0);
    expect(await executeAction(undecideRound, clerk1, { roundId: r2.id, version: 2, reason: "更正计票单" })).toMatchObject({ ok: true });
  });

  it("a box that returned more ballots than it issued voids the round, even when the village totals hide it", async () => {
    const r1 = await open();
    const over = { ...sheet(r1.ballot, { issued: 600, returned: 605, invalid: 0 }), exceedConfirmed: "on" };
    await acceptBoth(r1, over, sheet(r1.ballot, { issued: 25, returned: 10, invalid: 0 }));
    expect(await executeAction(decideRound, clerk1, { roundId: r1.id, version: 1 })).toMatchObject({ ok: true, data: { valid: false } });
    const result = await getElectionResult(officer, w.election.id);
    expect(result!.rounds[0]!.decision).toMatchObject({ valid: false, invalidReason: "ballotsExceedIssued", elected: [] });
    expect(result!.rounds[0]!.decision!.explanations[0]!.text).toMatch(/1号票箱收回选票 605 张，多于发出选票 600 张/);
  });

  it("an election with turnout at exactly half is invalid and is voted again on the same ballot", async () => {
    const r1 = await open();
    // 400 of 800 registered: exactly half is not enough.
    await acceptBoth(r1, sheet(r1.ballot, { issued: 390, returned: 390, invalid: 0 }), sheet(r1.ballot, { issued: 10, returned: 10, invalid: 0 }));
    expect(await executeAction(decideRound, clerk1, { roundId: r1.id, version: 1 })).toMatchObject({ ok: true, data: { valid: false } });
    // The stored engine input replays to the stored decision (what auditors do with election:decide).
    const replay = await getRoundReplay(officer, w.election.id, r1.id);
    const stored = await prisma.votingRound.findUniqueOrThrow({ where: { id: r1.id } });
    expect(decideElection(replay!.input)).toEqual(stored.decision);
    expect(await getRoundReplay(outsider, w.election.id, r1.id)).toBeNull();
    const refused = await executeAction(confirmResult, officer, { electionId: w.election.id, version: 1, acceptVacancies: "on" });
    expect(!refused.ok && refused.error).toMatch(/无效，须重新投票/);
    const r2 = await open(clerk1, 2);
    expect(r2.kind).toBe("FIRST");
    expect(r2.ballot).toEqual(r1.ballot);
  });
});
