// Results to records: certification (re-authentication, separation of duties, a township at a time),
// certificate numbering, decertify and recertify, sealing with the audit head, and the seal enforced
// in PostgreSQL for the application's own role.
import { describe, expect, it } from "vitest";
import { firstRoundBallot } from "@/lib/domain/ballot";
import { numberingProblems } from "@/lib/domain/certificate";
import { decideElection } from "@/lib/domain/election-engine";
import { DEFAULT_RULES } from "@/lib/domain/rule-pack";
import { engineInputFor, sumTallies } from "@/lib/domain/tally";
import { executeAction } from "@/lib/server/action";
import { hashPassword } from "@/lib/server/auth/password";
import type { Actor } from "@/lib/server/auth/sessions";
import { reopenResult } from "@/lib/server/election-day/results";
import { certifyResults, decertifyResult, getArchiveSummary, getRecordsBoard, sealElection } from "@/lib/server/records/certification";
import { auditMark, auditSince } from "../support/db-state";
import { makeFormalElection } from "../support/election-day-fixtures";
import { makeActor, makeTree } from "../support/fixtures";
import { makeCampaign } from "../support/nomination-fixtures";
import { setupTestDatabase } from "../support/test-db";

/** A decided first round for fixtures that write the elected members by hand (the archive package reads it). */
const DECIDED_BALLOT = firstRoundBallot({ DIRECTOR: 1, DEPUTY: 0, MEMBER: 0, WOMEN_MEMBER: 0 }, []);
const DECIDED_INPUT = engineInputFor({
  kind: "FIRST",
  rules: DEFAULT_RULES,
  registeredVoters: 800,
  ballot: DECIDED_BALLOT,
  totals: sumTallies([{ ballotsIssued: 700, ballotsReturned: 700, invalidBallots: 0, writeIns: [], exceedConfirmed: false, votes: [] }]),
});
const DECIDED = { ballot: DECIDED_BALLOT, engineInput: DECIDED_INPUT, decision: decideElection(DECIDED_INPUT) };
const { prisma } = await setupTestDatabase();
const tree = await makeTree(prisma);
const PASSWORD = "Zhengque-Mima-2026";

async function withPassword(actor: Actor) {
  await prisma.user.update({ where: { id: actor.userId }, data: { passwordHash: await hashPassword(PASSWORD) } });
  return actor;
}
const county = await withPassword(await makeActor(prisma, "COUNTY_ADMIN", tree.countyA, { username: "records_county" }));
const county2 = await withPassword(await makeActor(prisma, "COUNTY_ADMIN", tree.countyA, { username: "records_county2" }));
const officer = await makeActor(prisma, "TOWNSHIP_OFFICER", tree.townA1, { username: "records_officer" });
const other = await withPassword(await makeActor(prisma, "COUNTY_ADMIN", tree.countyB, { username: "records_other" }));

/** A confirmed election with three members (director, two members) in a village of a fresh campaign. */
async function confirmedElection(campaignId: string, villageId: string, confirmedBy: Actor = officer) {
  const w = await makeFormalElection(prisma, campaignId, villageId, tree.countyA.id);
  // Sealing builds the archive package, which reads the decided round's input and decision.
  const round = await prisma.votingRound.create({ data: { electionId: w.election.id, number: 1, kind: "FIRST", status: "DECIDED", ...DECIDED } });
  const [d, , m1, m2] = w.candidates;
  for (const [c, post, votes] of [
    [d!, "DIRECTOR", 500],
    [m1!, "MEMBER", 450],
    [m2!, "MEMBER", 420],
  ] as const) {
    await prisma.electedMember.create({
      data: {
        electionId: w.election.id,
        roundId: round.id,
        post,
        candidateId: c.candidate.id,
        personId: c.person.id,
        name: c.person.name,
        gender: c.person.gender,
        votes,
      },
    });
  }
  return prisma.election.update({
    where: { id: w.election.id },
    data: { resultConfirmedAt: new Date(), resultConfirmedById: confirmedBy.userId, version: { increment: 1 } },
  });
}

const certify = (actor: Actor, campaignId: string, unitId: string, electionIds: string[], password = PASSWORD) =>
  executeAction(certifyResults, actor, { campaignId, unitId, electionIds, password });

describe("certification", () => {
  it("asks for the password again: a wrong one is refused, counted and audited, and certifies nothing", async () => {
    const c = await makeCampaign(prisma, tree.countyA.id);
    const e = await confirmedElection(c.id, tree.villageA1a.id);
    const mark = await auditMark(prisma);
    const res = await certify(county, c.id, tree.villageA1a.id, [e.id], "wrong-password");
    expect(res).toMatchObject({ ok: true, data: { refused: expect.stringMatching(/密码不正确/), certified: [] } });
    expect((await auditSince(prisma, mark)).map((x) => [x.event, x.outcome])).toEqual([["result.certify.refused", "FAILURE"]]);
    expect((await prisma.election.findUniqueOrThrow({ where: { id: e.id } })).certifiedAt).toBeNull();
    expect(await prisma.certificate.count({ where: { electionId: e.id } })).toBe(0);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: county.userId } })).failedLogins).toBe(1);
    // The right password resets the count.
    expect(await certify(county, c.id, tree.villageA1a.id, [e.id])).toMatchObject({ ok: true, data: { certified: ["甲一村"] } });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: county.userId } })).failedLogins).toBe(0);
  });

  it("only a county administrator, and never the one who confirmed the result", async () => {
    const c = await makeCampaign(prisma, tree.countyA.id);
    const e = await confirmedElection(c.id, tree.villageA1a.id, county);
    expect(await certify(officer, c.id, tree.villageA1a.id, [e.id])).toMatchObject({ ok: false, code: "forbidden" });
    expect(await certify(other, c.id, tree.villageA1a.id, [e.id])).toMatchObject({ ok: false, code: "not_found" });
    const own = await certify(county, c.id, tree.villageA1a.id, [e.id]);
    expect(!own.ok && own.error).toMatch(/由您本人确认，须由另一位县换届办管理员认定/);
    expect(await certify(county2, c.id, tree.villageA1a.id, [e.id])).toMatchObject({ ok: true });
  });

  it("certifies a township at a time; numbers run without gaps; decertify and recertify keep both events and never reuse a number", async () => {
    const c = await makeCampaign(prisma, tree.countyA.id);
    const a = await confirmedElection(c.id, tree.villageA1a.id);
    const b = await confirmedElection(c.id, tree.villageA1b.id);
    const res = await certify(county, c.id, tree.townA1.id, [a.id, b.id]);
    expect(res).toMatchObject({ ok: true, data: { certified: ["甲一村", "甲二村"] } });
    let certs = await prisma.certificate.findMany({ where: { campaignId: c.id }, orderBy: { seq: "asc" } });
    expect(certs.map((x) => x.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(certs[0]!.number).toMatch(/^980101-\d{4}-0001$/);

    const version = (await prisma.election.findUniqueOrThrow({ where: { id: a.id } })).version;
    const mark = await auditMark(prisma);
    expect(await executeAction(decertifyResult, county, { electionId: a.id, version, reason: "短" })).toMatchObject({ ok: false, code: "invalid" });
    expect(await executeAction(decertifyResult, county, { electionId: a.id, version, reason: "主任当选人户籍信息有误，需核实" })).toMatchObject({
      ok: true,
      data: { revoked: 3 },
    });
    expect(await certify(county, c.id, tree.villageA1a.id, [a.id])).toMatchObject({ ok: true });
    expect((await auditSince(prisma, mark)).map((x) => x.event)).toEqual(["result.decertified", "result.certified"]);

    certs = await prisma.certificate.findMany({ where: { campaignId: c.id }, orderBy: { seq: "asc" } });
    expect(certs.map((x) => x.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(numberingProblems(certs.map((x) => x.seq))).toEqual({ gaps: [], duplicates: [] });
    expect(certs.filter((x) => x.revokedAt).map((x) => x.seq)).toEqual([1, 2, 3]);
    // A certified result cannot be reopened before it is decertified.
    const reopened = await executeAction(reopenResult, county, {
      electionId: b.id,
      version: (await prisma.election.findUniqueOrThrow({ where: { id: b.id } })).version,
      reason: "需要更正计票",
    });
    expect(!reopened.ok && reopened.error).toMatch(/须先撤销认定/);
    const board = await getRecordsBoard(county, c.id);
    expect(board!.rows.map((r) => r.stage)).toEqual(["certified", "certified"]);
  });
});

describe("sealing", () => {
  it("records the audit head and then refuses every change, in the app and in PostgreSQL", async () => {
    const c = await makeCampaign(prisma, tree.countyA.id);
    const e = await confirmedElection(c.id, tree.villageA1a.id);
    expect(await executeAction(sealElection, county, { electionId: e.id, version: e.version })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/须先经县换届办认定/),
    });
    await certify(county, c.id, tree.villageA1a.id, [e.id]);
    const version = (await prisma.election.findUniqueOrThrow({ where: { id: e.id } })).version;
    const sealed = await executeAction(sealElection, county, { electionId: e.id, version });
    expect(sealed.ok).toBe(true);
    // The seal is the chain's head at sealing; the archive's manifest digest is audited right after it.
    const [head, fixed] = await prisma.auditEvent.findMany({ orderBy: { id: "desc" }, take: 2 }).then((x) => x.reverse());
    expect([head!.event, fixed!.event]).toEqual(["archive.sealed", "archive.digest.fixed"]);
    const row = await prisma.election.findUniqueOrThrow({ where: { id: e.id } });
    expect([row.sealAuditId, row.sealAuditHash]).toEqual([head!.id, head!.hash]);
    expect(row.archiveDigest).toMatch(/^(sha256|sm3):[0-9a-f]{64}$/);
    expect(fixed!.detail).toMatchObject({ sealAuditId: String(head!.id), archiveDigest: row.archiveDigest });
    expect(sealed.ok && sealed.data).toMatchObject({ archiveDigest: row.archiveDigest });
    expect((await getArchiveSummary(county, e.id))!.sealed).toMatchObject({
      auditId: String(head!.id),
      auditHash: head!.hash,
      archiveDigest: row.archiveDigest,
    });

    // Through the app.
    expect(await executeAction(decertifyResult, county, { electionId: e.id, version: row.version, reason: "封存后试图撤销认定" })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/已封存归档/),
    });
    expect(await executeAction(reopenResult, county, { electionId: e.id, version: row.version, reason: "封存后试图重新开放" })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/已封存归档/),
    });
    // Through raw SQL as the application's role.
    const refused = [
      `UPDATE "Election" SET "sealedAt" = NULL WHERE id = '${e.id}'`,
      `UPDATE "Election" SET "registeredVoters" = 1 WHERE id = '${e.id}'`,
      `DELETE FROM "Election" WHERE id = '${e.id}'`,
      `UPDATE "Candidate" SET "formalRank" = NULL WHERE "electionId" = '${e.id}'`,
      `DELETE FROM "Candidate" WHERE "electionId" = '${e.id}'`,
      `UPDATE "Certificate" SET "nameSecond" = 'x' WHERE "electionId" = '${e.id}'`,
      `DELETE FROM "Certificate" WHERE "electionId" = '${e.id}'`,
      `UPDATE "ElectedMember" SET votes = 1 WHERE "electionId" = '${e.id}'`,
      `DELETE FROM "BallotBox" WHERE "electionId" = '${e.id}'`,
    ];
    for (const sql of refused) await expect(prisma.$executeRawUnsafe(sql), sql).rejects.toThrow(/election_sealed|result_confirmed|append-only|record/);
    expect((await prisma.election.findUniqueOrThrow({ where: { id: e.id } })).sealedAt).not.toBeNull();
    expect(await prisma.certificate.count({ where: { electionId: e.id, revokedAt: null } })).toBe(3);
  });
});
