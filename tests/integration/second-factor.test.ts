// The second factor's server core: the encrypted secret, codes over the window with the replay rule,
// the QR code; then the second factor in use through the action wrapper.
import { generateSync } from "otplib";
import { describe, expect, it } from "vitest";
import { checkTotp, decryptSecret, encryptSecret, newRecoveryCodes, newTotpSecret, totpQrSvg } from "@/lib/server/auth/totp";
import { isRecoveryCodeShape, TOTP_PERIOD_SECONDS } from "@/lib/domain/second-factor";
import { firstRoundBallot } from "@/lib/domain/ballot";
import { decideElection } from "@/lib/domain/election-engine";
import { DEFAULT_RULES } from "@/lib/domain/rule-pack";
import { engineInputFor, sumTallies } from "@/lib/domain/tally";
import { executeAction } from "@/lib/server/action";
import { hashPassword } from "@/lib/server/auth/password";
import { secondFactorStatus } from "@/lib/server/auth/second-factor";
import { createSession, type Actor } from "@/lib/server/auth/sessions";
import { withTx } from "@/lib/server/db";
import { saveRulePack } from "@/lib/server/nomination/rules";
import { beginTotpEnrolment, confirmTotpEnrolment, disableTotp } from "@/lib/server/own-second-factor";
import { certifyResults } from "@/lib/server/records/certification";
import { resetUserSecondFactor, saveSecondFactorPolicy } from "@/lib/server/users";
import { auditMark, auditSince } from "../support/db-state";
import { makeFormalElection } from "../support/election-day-fixtures";
import { makeActor, makeTree } from "../support/fixtures";
import { makeCampaign } from "../support/nomination-fixtures";
import { setupTestDatabase } from "../support/test-db";

describe("TOTP core", () => {
  it("keeps the secret encrypted and reads it back; a tampered value is unreadable", () => {
    const secret = newTotpSecret();
    const stored = encryptSecret(secret);
    expect(stored).not.toContain(secret);
    expect(decryptSecret(stored)).toBe(secret);
    const parts = stored.split(".");
    parts[3] = parts[3]!.slice(0, -2) + (parts[3]!.endsWith("AA") ? "BB" : "AA");
    expect(decryptSecret(parts.join("."))).toBeNull();
  });

  it("accepts a code of an authenticator app (otplib's own generator) once, and refuses it replayed", () => {
    const secret = newTotpSecret();
    const now = 1_800_000_000_000;
    const code = generateSync({ secret, epoch: now / 1000 });
    const step = checkTotp(secret, code, null, now);
    expect(step).toBe(Math.floor(now / 1000 / TOTP_PERIOD_SECONDS));
    expect(checkTotp(secret, code, step as number, now)).toBe("replay");
    expect(checkTotp(secret, code === "000000" ? "111111" : "000000", null, now)).toBeNull();
    // Two periods later the code is too old.
    expect(checkTotp(secret, code, null, now + 2 * TOTP_PERIOD_SECONDS * 1000 + 1000)).toBeNull();
  });

  it("draws a QR code as SVG and ten recovery codes", async () => {
    expect(await totpQrSvg("zhang", newTotpSecret())).toMatch(/^<svg/);
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(codes.every(isRecoveryCodeShape)).toBe(true);
    expect(new Set(codes).size).toBe(10);
  });
});

// ---------------------------------------------------------------------------------------------
// The second factor in use: enrolment, the county's policy, certification with a code, replay,
// recovery codes, the shared wrong-answer count, turning it off, an administrator's reset.

const { prisma } = await setupTestDatabase();
const tree = await makeTree(prisma);
const PASSWORD = "Zhengque-Mima-2026";
async function withPassword(actor: Actor) {
  await prisma.user.update({ where: { id: actor.userId }, data: { passwordHash: await hashPassword(PASSWORD) } });
  return actor;
}
const admin = await withPassword(await makeActor(prisma, "COUNTY_ADMIN", tree.countyA, { username: "sf_admin" }));
const certifier = await withPassword(await makeActor(prisma, "COUNTY_ADMIN", tree.countyA, { username: "sf_certifier" }));
const officer = await withPassword(await makeActor(prisma, "TOWNSHIP_OFFICER", tree.townA1, { username: "sf_officer" }));
const otherCounty = await withPassword(await makeActor(prisma, "COUNTY_ADMIN", tree.countyB, { username: "sf_other" }));

const DECIDED_BALLOT = firstRoundBallot({ DIRECTOR: 1, DEPUTY: 0, MEMBER: 0, WOMEN_MEMBER: 0 }, []);
const DECIDED_INPUT = engineInputFor({
  kind: "FIRST",
  rules: DEFAULT_RULES,
  registeredVoters: 800,
  ballot: DECIDED_BALLOT,
  totals: sumTallies([{ ballotsIssued: 700, ballotsReturned: 700, invalidBallots: 0, writeIns: [], exceedConfirmed: false, votes: [] }]),
});

async function confirmedElection(campaignId: string, villageId: string) {
  const w = await makeFormalElection(prisma, campaignId, villageId, tree.countyA.id);
  const round = await prisma.votingRound.create({
    data: {
      electionId: w.election.id,
      number: 1,
      kind: "FIRST",
      status: "DECIDED",
      ballot: DECIDED_BALLOT,
      engineInput: DECIDED_INPUT,
      decision: decideElection(DECIDED_INPUT),
    },
  });
  const d = w.candidates[0]!;
  await prisma.electedMember.create({
    data: {
      electionId: w.election.id,
      roundId: round.id,
      post: "DIRECTOR",
      candidateId: d.candidate.id,
      personId: d.person.id,
      name: d.person.name,
      gender: d.person.gender,
      votes: 500,
    },
  });
  return prisma.election.update({
    where: { id: w.election.id },
    data: { resultConfirmedAt: new Date(), resultConfirmedById: officer.userId, version: { increment: 1 } },
  });
}

/** Enrols an actor through the actions, as 我的账号 does; returns the plain secret and recovery codes. */
async function enrol(actor: Actor) {
  expect(await executeAction(beginTotpEnrolment, actor, {})).toMatchObject({ ok: true });
  const stored = await prisma.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { totpSecret: true, totpEnabledAt: true } });
  expect(stored.totpEnabledAt).toBeNull();
  const secret = decryptSecret(stored.totpSecret!)!;
  const res = await executeAction(confirmTotpEnrolment, actor, { code: generateSync({ secret }) });
  if (!res.ok) throw new Error(res.error);
  return { secret, codes: res.data.codes };
}

/** A code of another time step than any used so far (the replay guard refuses the same step twice). */
function codeAt(secret: string, offsetSteps: number) {
  return generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSteps * TOTP_PERIOD_SECONDS });
}

const failedLogins = async (a: Actor) => (await prisma.user.findUniqueOrThrow({ where: { id: a.userId } })).failedLogins;

describe("second factor in use", () => {
  it("enrols with a code from the authenticator: a wrong code is refused and counted, the right one gives ten recovery codes", async () => {
    const actor = await withPassword(await makeActor(prisma, "COUNTY_ADMIN", tree.countyA, { username: "sf_enrol" }));
    expect(await executeAction(beginTotpEnrolment, actor, {})).toMatchObject({ ok: true });
    const secret = decryptSecret((await prisma.user.findUniqueOrThrow({ where: { id: actor.userId } })).totpSecret!)!;
    const right = generateSync({ secret });
    const mark = await auditMark(prisma);
    const wrong = await executeAction(confirmTotpEnrolment, actor, { code: right === "123456" ? "654321" : "123456" });
    expect(wrong).toMatchObject({ ok: false, fieldErrors: { code: expect.stringMatching(/动态口令不正确/) } });
    expect(await failedLogins(actor)).toBe(1);
    expect((await auditSince(prisma, mark)).map((e) => [e.event, e.outcome])).toEqual([["auth.totp.failed", "FAILURE"]]);
    const ok = await executeAction(confirmTotpEnrolment, actor, { code: right });
    expect(ok.ok && ok.data.codes).toHaveLength(10);
    expect(await prisma.recoveryCode.count({ where: { userId: actor.userId, usedAt: null } })).toBe(10);
    expect(await failedLogins(actor)).toBe(0);
    // Stored hashed only.
    const stored = await prisma.recoveryCode.findMany({ where: { userId: actor.userId } });
    expect(stored.some((c) => ok.ok && ok.data.codes.includes(c.hash))).toBe(false);
    expect((await auditSince(prisma, mark)).map((e) => e.event)).toContain("auth.totp.enrolled");
  });

  it("a county requires it for its administrators: certification then needs a code, once per code", async () => {
    // Nobody requires it yet and the certifier has not enrolled: certification asks the password only.
    const c1 = await makeCampaign(prisma, tree.countyA.id);
    const e0 = await confirmedElection(c1.id, tree.villageA1a.id);
    expect(
      await executeAction(certifyResults, certifier, { campaignId: c1.id, unitId: tree.villageA1a.id, electionIds: [e0.id], password: PASSWORD }),
    ).toMatchObject({ ok: true, data: { certified: ["甲一村"] } });

    const saved = await executeAction(saveSecondFactorPolicy, admin, { countyId: tree.countyA.id, roles: ["COUNTY_ADMIN"], version: 0 });
    expect(saved).toMatchObject({ ok: true, data: { roles: ["COUNTY_ADMIN"] } });
    // Another county's administrator cannot set this county's policy, and is not affected by it.
    expect(await executeAction(saveSecondFactorPolicy, otherCounty, { countyId: tree.countyA.id, roles: [], version: 1 })).toMatchObject({
      ok: false,
      code: "not_found",
    });
    expect((await secondFactorStatus(prisma, otherCounty)).demand).toBe("none");

    const c2 = await makeCampaign(prisma, tree.countyA.id);
    const e = await confirmedElection(c2.id, tree.villageA1a.id);
    const input = { campaignId: c2.id, unitId: tree.villageA1a.id, electionIds: [e.id], password: PASSWORD };
    const notEnrolled = await executeAction(certifyResults, certifier, input);
    expect(!notEnrolled.ok && notEnrolled.error).toMatch(/请先在“我的账号”中绑定验证器/);

    const { secret } = await enrol(certifier);
    const missing = await executeAction(certifyResults, certifier, input);
    expect(missing).toMatchObject({ ok: false, fieldErrors: { otp: expect.stringMatching(/须输入动态口令/) } });
    const wrong = await executeAction(certifyResults, certifier, { ...input, otp: "000000" === codeAt(secret, 1) ? "111111" : "000000" });
    expect(wrong).toMatchObject({ ok: false, error: expect.stringMatching(/动态口令不正确/) });
    expect((await prisma.election.findUniqueOrThrow({ where: { id: e.id } })).certifiedAt).toBeNull();
    expect(await failedLogins(certifier)).toBe(2);

    const code = codeAt(secret, 1);
    expect(await executeAction(certifyResults, certifier, { ...input, otp: code })).toMatchObject({ ok: true, data: { certified: ["甲一村"] } });
    expect(await failedLogins(certifier)).toBe(0);
    // The same code again, for another village: refused as used.
    const e2 = await confirmedElection(c2.id, tree.villageA1b.id);
    const replay = await executeAction(certifyResults, certifier, { ...input, unitId: tree.villageA1b.id, electionIds: [e2.id], otp: code });
    expect(!replay.ok && replay.error).toMatch(/已经用过/);
    expect((await prisma.election.findUniqueOrThrow({ where: { id: e2.id } })).certifiedAt).toBeNull();
    // The code field is required of every critical operation, e.g. the rule pack.
    expect(await executeAction(saveRulePack, certifier, { unitId: tree.countyA.id, version: 0, overrides: {} })).toMatchObject({
      ok: false,
      fieldErrors: { otp: expect.any(String) },
    });
  });

  it("a recovery code works once instead of a code; five wrong answers lock the account and end its sessions", async () => {
    const actor = await withPassword(await makeActor(prisma, "COUNTY_ADMIN", tree.countyA, { username: "sf_recovery" }));
    const { codes } = await enrol(actor);
    await withTx((tx) => createSession(tx, actor.userId));
    expect(await prisma.session.count({ where: { userId: actor.userId, revokedAt: null } })).toBe(1);
    const c = await makeCampaign(prisma, tree.countyA.id);
    const e = await confirmedElection(c.id, tree.villageA2a.id);
    const input = { campaignId: c.id, unitId: tree.villageA2a.id, electionIds: [e.id], password: PASSWORD };
    const mark = await auditMark(prisma);
    expect(await executeAction(certifyResults, actor, { ...input, otp: codes[0]!.toLowerCase().replace(/^(.{5})/, "$1-") })).toMatchObject({ ok: true });
    expect((await auditSince(prisma, mark)).map((x) => x.event)).toContain("auth.recovery_code.used");
    expect(await prisma.recoveryCode.count({ where: { userId: actor.userId, usedAt: null } })).toBe(9);
    const e2 = await confirmedElection(c.id, tree.villageA1a.id);
    const again = { ...input, unitId: tree.villageA1a.id, electionIds: [e2.id], otp: codes[0]! };
    expect(await executeAction(certifyResults, actor, again)).toMatchObject({ ok: false });

    const answers: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await executeAction(certifyResults, actor, { ...again, otp: "ZZZZZZZZZZ" });
      answers.push(r.ok ? "" : r.error);
    }
    expect(answers.at(-1)).toMatch(/已锁定 15 分钟/);
    const user = await prisma.user.findUniqueOrThrow({ where: { id: actor.userId } });
    expect(user.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
    expect(await prisma.session.count({ where: { userId: actor.userId, revokedAt: null } })).toBe(0);
  });

  it("turning it off needs the password and a code, and is refused while the policy requires it; an administrator can clear it", async () => {
    const officer2 = await withPassword(await makeActor(prisma, "TOWNSHIP_OFFICER", tree.townA1, { username: "sf_officer2" }));
    const { secret } = await enrol(officer2);
    // Enrolled though nobody requires it: asked too.
    expect((await secondFactorStatus(prisma, officer2)).demand).toBe("enrolled");
    const wrongPassword = await executeAction(disableTotp, officer2, { password: "nicht-richtig", otp: codeAt(secret, 1) });
    expect(wrongPassword).toMatchObject({ ok: false, fieldErrors: { password: "密码不正确" } });
    expect(await failedLogins(officer2)).toBe(1);
    expect(await executeAction(disableTotp, officer2, { password: PASSWORD, otp: codeAt(secret, 1) })).toMatchObject({ ok: true });
    expect(await prisma.user.findUniqueOrThrow({ where: { id: officer2.userId } })).toMatchObject({ totpSecret: null, totpEnabledAt: null });
    expect(await prisma.recoveryCode.count({ where: { userId: officer2.userId } })).toBe(0);

    // The county requires it of administrators (previous test): an administrator cannot turn theirs off.
    const required = await withPassword(await makeActor(prisma, "COUNTY_ADMIN", tree.countyA, { username: "sf_required" }));
    const own = await enrol(required);
    const refused = await executeAction(disableTotp, required, { password: PASSWORD, otp: codeAt(own.secret, 1) });
    expect(!refused.ok && refused.error).toMatch(/不能解除/);
    // Another administrator clears it (with their own code, since they are required too).
    const adminFactor = await enrol(admin);
    const target = await prisma.user.findUniqueOrThrow({ where: { id: required.userId } });
    const cleared = await executeAction(resetUserSecondFactor, admin, { id: required.userId, version: target.version, otp: codeAt(adminFactor.secret, 1) });
    expect(cleared).toMatchObject({ ok: true });
    expect((await secondFactorStatus(prisma, required)).enrolled).toBe(false);
    expect(await executeAction(resetUserSecondFactor, otherCounty, { id: required.userId, version: target.version + 1 })).toMatchObject({
      ok: false,
      code: "not_found",
    });
  });
});
