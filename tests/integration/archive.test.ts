// The sealed election archive package: built from a real sealed election (confirmed, certified,
// decertified and recertified, sealed through the actions), deterministic, complete against its
// manifest, free of full ID numbers, tamper-evident, scoped and audited; and the command line.
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkArchive } from "@/lib/domain/archive-check";
import { digestOf, manifestBytes, verifyPackage, type Manifest } from "@/lib/domain/archive-manifest";
import { entryHash, type HashAlgo } from "@/lib/domain/audit-chain";
import { firstRoundBallot } from "@/lib/domain/ballot";
import { addDays, dateOfDay, todayInChina } from "@/lib/domain/days";
import { decideElection } from "@/lib/domain/election-engine";
import { maskIdNumber } from "@/lib/domain/id-number";
import { DEFAULT_RULES } from "@/lib/domain/rule-pack";
import { engineInputFor, sumTallies, type TallyValues } from "@/lib/domain/tally";
import { unzip, zip, type ZipEntry } from "@/lib/domain/zip";
import { env } from "@/lib/env";
import type { UnitFixture } from "../support/fixtures";
import { executeAction } from "@/lib/server/action";
import { hashPassword } from "@/lib/server/auth/password";
import type { Actor } from "@/lib/server/auth/sessions";
import { confirmResult } from "@/lib/server/election-day/results";
import { ExpectedError } from "@/lib/server/errors";
import { buildElectionArchive, buildTownshipArchive, getElectionArchive, getTownshipArchive } from "@/lib/server/records/archive";
import { verifyUploadedArchive } from "@/lib/server/records/archive-verify";
import { certifyResults, decertifyResult, sealElection } from "@/lib/server/records/certification";
import { auditMark, auditSince } from "../support/db-state";
import { makeFormalElection } from "../support/election-day-fixtures";
import { makeActor, makeTree } from "../support/fixtures";
import { freshPerson, makeCampaign } from "../support/nomination-fixtures";
import { setupTestDatabase } from "../support/test-db";

const { prisma } = await setupTestDatabase();
const tree = await makeTree(prisma);
const PASSWORD = "Guidang-Mima-2026";

async function withPassword(actor: Actor) {
  await prisma.user.update({ where: { id: actor.userId }, data: { passwordHash: await hashPassword(PASSWORD) } });
  return actor;
}
const county = await withPassword(await makeActor(prisma, "COUNTY_ADMIN", tree.countyA, { username: "archive_county" }));
const officer = await makeActor(prisma, "TOWNSHIP_OFFICER", tree.townA1, { username: "archive_officer" });
const otherCounty = await makeActor(prisma, "COUNTY_ADMIN", tree.countyB, { username: "archive_other" });
const supervisor = await makeActor(prisma, "SUPERVISOR", tree.countyA, { username: "archive_supervisor" });
const dept = await prisma.department.create({ data: { countyId: tree.countyA.id, name: "甲县公安局" } });
const reviewer = await makeActor(prisma, "VETTING_REVIEWER", tree.countyA, { departmentId: dept.id, username: "archive_reviewer" });
const PHOTO = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x02, 0x03, 0xff, 0xd9]);

const ok = <T>(r: { ok: boolean; data?: T; error?: string }) => {
  if (!r.ok) throw new Error(`action refused: ${r.error}`);
  return r.data as T;
};
const version = async (id: string) => (await prisma.election.findUniqueOrThrow({ where: { id } })).version;

/**
 * A village election taken all the way: formal list, vetting (one opinion later changed), a proxy,
 * a first round with a double-entered box and a photo, decided, confirmed by the township, certified,
 * decertified and recertified (so one set of certificates is revoked), and — unless told not to — sealed.
 */
async function electionThroughSeal(campaignId: string, village: UnitFixture, opts: { seal?: boolean } = {}) {
  const w = await makeFormalElection(prisma, campaignId, village.id, tree.countyA.id);
  const electionId = w.election.id;
  const proxy = { principal: freshPerson().idNumber, proxy: freshPerson().idNumber };
  await prisma.proxyVote.create({
    data: { electionId, principalName: "外出务工者", principalIdNumber: proxy.principal, proxyName: "受托人", proxyIdNumber: proxy.proxy, relation: "SPOUSE" },
  });

  const vround = await prisma.vettingRound.create({
    data: {
      countyId: tree.countyA.id,
      campaignId,
      name: `第${village.code.slice(-2)}批联审`,
      deadline: dateOfDay(addDays(todayInChina(), 5)),
      departmentIds: [dept.id],
    },
  });
  for (const [i, c] of w.candidates.entries()) {
    const entry = await prisma.vettingEntry.create({
      data: {
        roundId: vround.id,
        candidateId: c.candidate.id,
        decision: "APPROVED",
        rationale: "各部门无异议，资格审查通过",
        decidedById: county.userId,
        decidedAt: new Date(),
      },
    });
    if (i === 0) {
      await prisma.vettingOpinion.create({
        data: { entryId: entry.id, departmentId: dept.id, reviewerId: reviewer.userId, kind: "VERIFY", conditionCodes: [], finding: "户籍信息待核实" },
      });
    }
    await prisma.vettingOpinion.create({
      data: { entryId: entry.id, departmentId: dept.id, reviewerId: reviewer.userId, kind: "NO_OBJECTION", conditionCodes: [] },
    });
  }

  const formal = await prisma.candidate.findMany({ where: { electionId }, select: { id: true, post: true, person: { select: { name: true, gender: true } } } });
  const ballot = firstRoundBallot(
    { DIRECTOR: 1, DEPUTY: 0, MEMBER: 2, WOMEN_MEMBER: 0 },
    formal.map((c) => ({ id: c.id, post: c.post, name: c.person.name, gender: c.person.gender })),
  );
  const round = await prisma.votingRound.create({ data: { electionId, number: 1, kind: "FIRST", ballot } });
  const sheets: TallyValues[] = [];
  for (const [box, issued] of [
    [w.boxes.fixed, 690],
    [w.boxes.mobile, 10],
  ] as const) {
    const values: TallyValues = {
      ballotsIssued: issued,
      ballotsReturned: issued,
      invalidBallots: 0,
      writeIns: [],
      exceedConfirmed: false,
      votes: ballot.sections.flatMap((s) => s.candidates.map((c, i) => ({ post: s.post, key: c.key, votes: i < s.seats ? issued - 5 : 0 }))),
    };
    sheets.push(values);
    const photo =
      box === w.boxes.fixed
        ? await prisma.attachment.create({
            data: {
              countyId: tree.countyA.id,
              fileName: "计票单.jpg",
              mediaType: "image/jpeg",
              size: PHOTO.length,
              sha256: digestOf("sha256", PHOTO),
              bytes: PHOTO,
              uploadedById: officer.userId,
            },
          })
        : null;
    const bt = await prisma.boxTally.create({
      data: { electionId, roundId: round.id, boxId: box.id, status: "ACCEPTED", photoAttachmentId: photo?.id ?? null },
    });
    const first = await prisma.tallyEntry.create({
      data: { electionId, boxTallyId: bt.id, slot: "FIRST", requestId: randomUUID(), values, enteredById: officer.userId },
    });
    const second =
      box === w.boxes.fixed
        ? await prisma.tallyEntry.create({
            data: { electionId, boxTallyId: bt.id, slot: "SECOND", requestId: randomUUID(), values, enteredById: county.userId },
          })
        : null;
    await prisma.boxTally.update({
      where: { id: bt.id },
      data: { firstEntryId: first.id, secondEntryId: second?.id ?? null, acceptedEntryId: (second ?? first).id },
    });
  }
  const input = engineInputFor({ kind: "FIRST", rules: DEFAULT_RULES, registeredVoters: 800, ballot, totals: sumTallies(sheets) });
  await prisma.votingRound.update({
    where: { id: round.id },
    data: { status: "DECIDED", engineInput: input, decision: decideElection(input), decidedAt: new Date(), decidedById: officer.userId, version: 2 },
  });

  ok(await executeAction(confirmResult, officer, { electionId, version: await version(electionId), acceptVacancies: false }));
  ok(await executeAction(certifyResults, county, { campaignId, unitId: village.id, electionIds: [electionId], password: PASSWORD }));
  ok(await executeAction(decertifyResult, county, { electionId, version: await version(electionId), reason: "当选人姓名录入有误，撤销后重新认定" }));
  ok(await executeAction(certifyResults, county, { campaignId, unitId: village.id, electionIds: [electionId], password: PASSWORD }));
  if (opts.seal !== false) ok(await executeAction(sealElection, county, { electionId, version: await version(electionId) }));

  const staff = await prisma.pollingStaff.findMany({ where: { electionId }, select: { idNumber: true } });
  const idNumbers = [...w.candidates.map((c) => c.person.idNumber), ...staff.map((s) => s.idNumber), proxy.principal, proxy.proxy];
  return { electionId, candidates: w.candidates, idNumbers };
}

const campaign = await makeCampaign(prisma, tree.countyA.id);
const sealed = await electionThroughSeal(campaign.id, tree.villageA1a);
const unsealed = await electionThroughSeal(campaign.id, tree.villageA1b, { seal: false });
const BUILT = new Date("2027-01-20T08:00:00Z");
/** The manifest digest written on the election when it was sealed ("<algo>:<hex>"). */
const SEALED_DIGEST = (await prisma.election.findUniqueOrThrow({ where: { id: sealed.electionId } })).archiveDigest!;
/** The package follows AUDIT_HASH (sha256 by default, sm3 where configured). */
const ALGO = env().AUDIT_HASH;

const text = (e: ZipEntry | undefined) => new TextDecoder().decode(e!.bytes);
const entry = (entries: ZipEntry[], p: string) => entries.find((e) => e.path === p);

/**
 * The forgery the sealed digest exists for: a vote count in <folder>data/results.csv changed and the
 * file's new digest and size written into its manifest.json (and the top-level one of a township
 * package), so every manifest agrees with every file.
 */
function tamperConsistently(bytes: Uint8Array, folder = ""): Uint8Array {
  const entries = unzip(bytes).entries;
  const csvPath = `${folder}data/results.csv`;
  const before = text(entry(entries, csvPath));
  const after = before.replace(/,(\d+),第/, (_m, n: string) => `,${Number(n) + 100},第`);
  expect(after).not.toBe(before);
  const csv = new TextEncoder().encode(after);
  const rewrite = (mPath: string, files: { path: string; bytes: Uint8Array }[]) => {
    const m = JSON.parse(text(entry(entries, mPath))) as Manifest;
    const dir = mPath.slice(0, -"manifest.json".length);
    m.files = m.files.map((f) => {
      const e = files.find((x) => x.path === `${dir}${f.path}`)!;
      return { ...f, size: e.bytes.length, digest: digestOf(m.algo, e.bytes) };
    });
    return files.map((e) => (e.path === mPath ? { path: e.path, bytes: manifestBytes(m) } : e));
  };
  let out = entries.map((e) => ({ path: e.path, bytes: e.path === csvPath ? csv : e.bytes }));
  out = rewrite(`${folder}manifest.json`, out);
  if (folder) out = rewrite("manifest.json", out);
  expect(verifyPackage(unzip(zip(out, { mtime: new Date() })).entries)).toMatchObject({ ok: true, problems: [] });
  return zip(out, { mtime: new Date() });
}

const dir = mkdtempSync(path.join(tmpdir(), "archive-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("buildElectionArchive", async () => {
  const pkg = await buildElectionArchive(sealed.electionId);
  const { entries } = unzip(pkg.bytes);
  const manifest = JSON.parse(text(entry(entries, "manifest.json"))) as Manifest;

  it("holds the data, the documents and the photo, README first, manifest second", () => {
    expect(pkg.fileName).toBe("980101100201-甲一村-选举档案.zip");
    expect(pkg.asciiName).toBe("election-archive-980101100201.zip");
    expect(entries.map((e) => e.path)).toEqual([
      "README.txt",
      "manifest.json",
      "data/election.json",
      "data/candidates.json",
      "data/candidates.csv",
      "data/vetting.json",
      "data/vetting.csv",
      "data/polling.json",
      "data/tallies.json",
      "data/tallies.csv",
      "data/rounds.json",
      "data/results.json",
      "data/results.csv",
      "data/certificates.json",
      "data/certificates.csv",
      "audit/events.json",
      "documents/result-report.html",
      "documents/result-announcement.html",
      "documents/certificates.html",
      "documents/roster.html",
      "photos/第1轮-1号票箱.jpg",
    ]);
    expect([...entry(entries, "photos/第1轮-1号票箱.jpg")!.bytes]).toEqual([...PHOTO]);
    expect(text(entry(entries, "README.txt"))).toContain("npm run --silent archive:verify -- 档案包文件名.zip");
    expect(text(entry(entries, "README.txt"))).toContain("身份证号码已脱敏");
  });

  it("is byte-identical whenever it is built: the manifest carries no build time", async () => {
    const again = await buildElectionArchive(sealed.electionId);
    expect(Buffer.from(again.bytes).equals(Buffer.from(pkg.bytes))).toBe(true);
    expect(manifest).not.toHaveProperty("builtAt");
  });

  it("lists every other file in the manifest with its size and digest, and the seal", async () => {
    const row = await prisma.election.findUniqueOrThrow({ where: { id: sealed.electionId } });
    expect(manifest).toMatchObject({
      format: "huanjie-election-archive",
      version: 2,
      package: "election",
      algo: ALGO,
      election: {
        id: sealed.electionId,
        unitName: "甲一村",
        township: "甲一镇",
        county: "甲县",
        sealAuditId: String(row.sealAuditId),
        sealAuditHash: row.sealAuditHash,
      },
    });
    const others = entries.filter((e) => e.path !== "manifest.json");
    expect(manifest.files.map((f) => f.path)).toEqual(others.map((e) => e.path).sort());
    for (const f of manifest.files) {
      const e = entry(entries, f.path)!;
      expect(f).toEqual({ path: f.path, size: e.bytes.length, digest: digestOf(manifest.algo, e.bytes) });
    }
    expect(verifyPackage(entries)).toMatchObject({ ok: true, problems: [], checked: others.length });
  });

  it("never carries a full ID number: not in JSON, CSV, HTML, audit log or anywhere in the ZIP", () => {
    const raw = Buffer.from(pkg.bytes);
    expect(sealed.idNumbers.length).toBe(5 + 3 + 2);
    for (const id of sealed.idNumbers) {
      expect(raw.indexOf(Buffer.from(id))).toBe(-1);
      expect(raw.indexOf(Buffer.from(id.slice(4, 14)))).toBe(-1);
    }
    // The masked form is there, so the test is looking at the right files.
    expect(text(entry(entries, "data/candidates.csv"))).toContain(maskIdNumber(sealed.candidates[0]!.person.idNumber));
    expect(text(entry(entries, "data/polling.json"))).toContain(maskIdNumber(sealed.idNumbers.at(-1)!));
  });

  it("keeps every typing of the tally sheets, the changed vetting opinion, revoked certificates and the results", () => {
    const tallies = JSON.parse(text(entry(entries, "data/tallies.json")));
    const fixed = tallies.rounds[0].boxes[0];
    expect(fixed.entries.map((x: { slot: string; accepted: boolean }) => [x.slot, x.accepted])).toEqual([
      ["FIRST", false],
      ["SECOND", true],
    ]);
    expect(fixed.photo).toMatchObject({ path: "photos/第1轮-1号票箱.jpg", sha256: digestOf("sha256", PHOTO) });
    const vetting = JSON.parse(text(entry(entries, "data/vetting.json")));
    const ops = vetting.rounds[0].entries.flatMap((x: { opinions: { kind: string; superseded: boolean }[] }) => x.opinions);
    expect(ops.filter((o: { superseded: boolean }) => o.superseded).map((o: { kind: string }) => o.kind)).toEqual(["VERIFY"]);
    const certs = JSON.parse(text(entry(entries, "data/certificates.json"))).certificates as { revokedAt: string | null; revokedReason: string | null }[];
    expect(certs).toHaveLength(6);
    expect(certs.filter((c) => c.revokedAt).map((c) => c.revokedReason)).toEqual(Array(3).fill("当选人姓名录入有误，撤销后重新认定"));
    const results = JSON.parse(text(entry(entries, "data/results.json")));
    expect(results.members).toHaveLength(3);
    const csv = entry(entries, "data/results.csv")!.bytes;
    expect([...csv.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text(entry(entries, "data/results.csv"))).toMatch(/^职务,姓名,性别,得票,产生轮次,产生方式\r\n主任,/);
  });

  it("prints the documents as standalone HTML", () => {
    const report = text(entry(entries, "documents/result-report.html"));
    expect(report).toMatch(/^<!DOCTYPE html>\n<html lang="zh-CN">/);
    expect(report).toContain("甲一村村民委员会选举结果报告单");
    expect(report).toContain(manifest.election!.sealAuditHash);
    expect(report).toContain("@page { size: A4 portrait");
    expect(text(entry(entries, "documents/result-announcement.html"))).toContain("特此公告");
    const certs = text(entry(entries, "documents/certificates.html"));
    expect(certs.match(/data-testid="certificate"/g)).toHaveLength(6);
    expect(certs.match(/已作废/g)).toHaveLength(3);
    const roster = text(entry(entries, "documents/roster.html"));
    for (const m of JSON.parse(text(entry(entries, "data/results.json"))).members) expect(roster).toContain(m.name);
  });

  it("carries this election's audit trail up to the seal, each entry's hash recomputable", async () => {
    const audit = JSON.parse(text(entry(entries, "audit/events.json")));
    const events = audit.events as { id: string; event: string; hash: string; prevHash: string; hashAlgo: HashAlgo; occurredAt: string }[];
    expect(events.at(-1)).toMatchObject({ event: "archive.sealed", id: manifest.election!.sealAuditId, hash: manifest.election!.sealAuditHash });
    for (const name of ["result.confirmed", "result.certified", "result.decertified", "archive.sealed"]) expect(events.map((x) => x.event)).toContain(name);
    for (const ev of events) {
      const e = ev as unknown as Parameters<typeof entryHash>[2] & { occurredAt: string };
      expect(entryHash(ev.hashAlgo, ev.prevHash, { ...e, occurredAt: new Date(ev.occurredAt) })).toBe(ev.hash);
    }
    // The unsealed village's events stay out.
    expect(events.some((x) => (x as unknown as { objectId: string }).objectId === unsealed.electionId)).toBe(false);
  });

  it("verifyPackage names data/results.json after one byte inside it is flipped", () => {
    const bytes = pkg.bytes.slice();
    const content = entry(entries, "data/results.json")!.bytes;
    const at = Buffer.from(bytes).indexOf(Buffer.from(content));
    expect(at).toBeGreaterThan(0);
    bytes[at + Math.floor(content.length / 2)]! ^= 0x01;
    const read = unzip(bytes).entries;
    expect(read.filter((e) => !e.crcOk).map((e) => e.path)).toEqual(["data/results.json"]);
    const report = verifyPackage(read);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([expect.objectContaining({ path: "data/results.json", kind: "altered" })]);
  });

  it("is readable by the system unzip", () => {
    const probe = spawnSync("unzip", ["-v"]);
    if (probe.status !== 0) return;
    const file = path.join(dir, "system.zip");
    writeFileSync(file, pkg.bytes);
    const t = spawnSync("unzip", ["-t", file], { encoding: "utf8" });
    expect(t.stdout).toMatch(/No errors detected/);
  });
});

describe("the manifest digest fixed at sealing", async () => {
  const pkg = (await buildElectionArchive(sealed.electionId)).bytes;
  const manifestFile = entry(unzip(pkg).entries, "manifest.json")!.bytes;
  const tampered = tamperConsistently(pkg);

  it("is written on the election and in the audit entry that follows the seal, and equals manifest.json's digest", async () => {
    const row = await prisma.election.findUniqueOrThrow({ where: { id: sealed.electionId } });
    expect(row.archiveDigest).toBe(`${ALGO}:${digestOf(ALGO, manifestFile)}`);
    const after = await prisma.auditEvent.findMany({ where: { id: { gt: row.sealAuditId! }, objectId: sealed.electionId }, orderBy: { id: "asc" } });
    expect(after[0]).toMatchObject({ id: row.sealAuditId! + 1n, event: "archive.digest.fixed", objectType: "Election" });
    expect(after[0]!.detail).toMatchObject({ archiveDigest: row.archiveDigest, files: 20 });
  });

  it("accepts the genuine package against it and refuses a CSV changed together with its manifest entry", () => {
    expect(checkArchive(pkg, { expect: [SEALED_DIGEST] })).toMatchObject({ status: "intact" });
    const check = checkArchive(tampered, { expect: [SEALED_DIGEST] });
    expect(check.status).toBe("problems");
    if (check.status === "unreadable") throw new Error("unreachable");
    expect(check.lines.join("\n")).toMatch(/与封存记录不符/);
    expect(check.lines.join("\n")).not.toMatch(/档案包完好/);
  });

  it("without a sealed digest, never says intact: only internal consistency was checked", () => {
    for (const bytes of [pkg, tampered]) {
      const check = checkArchive(bytes);
      expect(check.status).toBe("unconfirmed");
      if (check.status === "unreadable") throw new Error("unreachable");
      expect(check.lines.join("\n")).not.toMatch(/档案包完好/);
      expect(check.lines[0]).toMatch(/只核对了档案包内部/);
    }
  });

  it("the verify page compares with the sealed record it can see, and says so when it cannot", async () => {
    expect(await verifyUploadedArchive(county, pkg)).toMatchObject({
      status: "intact",
      lines: expect.arrayContaining([expect.stringMatching(/与封存记录一致/)]),
    });
    const forged = await verifyUploadedArchive(county, tampered);
    expect(forged).toMatchObject({ status: "problems" });
    expect(forged.status !== "unreadable" && forged.lines.join("\n")).toMatch(/与封存记录不符/);
    // Another county's administrator cannot see this election: the seal is not compared.
    const foreign = await verifyUploadedArchive(otherCounty, tampered);
    expect(foreign).toMatchObject({ status: "unconfirmed" });
    expect(foreign.status !== "unreadable" && foreign.lines.join("\n")).toMatch(/未能与封存记录核对/);
  });

  it("a township package: each village folder's manifest is checked against that village's sealed digest", async () => {
    const township = (await buildTownshipArchive(tree.townA1.id, campaign.id)).bytes;
    const folder = "980101100201-甲一村/";
    expect(Buffer.from(entry(unzip(township).entries, `${folder}manifest.json`)!.bytes).equals(Buffer.from(manifestFile))).toBe(true);
    expect(checkArchive(township, { expect: [SEALED_DIGEST] })).toMatchObject({ status: "intact" });
    const forged = tamperConsistently(township, folder);
    const check = checkArchive(forged, { expect: [SEALED_DIGEST] });
    expect(check.status).toBe("problems");
    expect(check.status !== "unreadable" && check.lines.join("\n")).toMatch(/甲一村.*与封存记录不符/);
    expect(await verifyUploadedArchive(county, forged)).toMatchObject({ status: "problems" });
    // A digest given that no village in the package has is reported too.
    const missing = checkArchive(township, { expect: [SEALED_DIGEST, `${ALGO}:${"0".repeat(64)}`] });
    expect(missing.status).toBe("problems");
  });
});

describe("the package kept at sealing", async () => {
  const before = (await buildElectionArchive(sealed.electionId)).bytes;

  it("is what every later download is, though a person's particulars were edited after sealing", async () => {
    const person = sealed.candidates[0]!.person;
    const row = await prisma.person.findUniqueOrThrow({ where: { id: person.id }, select: { name: true, phone: true } });
    await prisma.person.update({ where: { id: person.id }, data: { name: "改名后", phone: "13900000000" } });
    try {
      const after = await buildElectionArchive(sealed.electionId);
      expect(Buffer.from(after.bytes).equals(Buffer.from(before))).toBe(true);
      expect(after.manifests).toEqual([{ electionId: sealed.electionId, digest: SEALED_DIGEST, sealed: SEALED_DIGEST }]);
      expect(checkArchive(after.bytes, { expect: [SEALED_DIGEST] })).toMatchObject({ status: "intact" });
    } finally {
      await prisma.person.update({ where: { id: person.id }, data: row });
    }
  });

  it("cannot be changed or removed, not even by the application's role in SQL", async () => {
    await expect(prisma.$executeRawUnsafe(`UPDATE "SealedArchive" SET "photos" = '[]' WHERE "electionId" = '${sealed.electionId}'`)).rejects.toThrow(
      /append-only/,
    );
    await expect(prisma.$executeRawUnsafe(`DELETE FROM "SealedArchive" WHERE "electionId" = '${sealed.electionId}'`)).rejects.toThrow(/append-only/);
    const kept = await prisma.sealedArchive.findUniqueOrThrow({ where: { electionId: sealed.electionId } });
    // Photos are kept by reference to their (append-only) attachment, not copied.
    expect(kept.photos).toEqual([{ path: "photos/第1轮-1号票箱.jpg", attachmentId: expect.any(String), sha256: digestOf("sha256", PHOTO) }]);
    expect(unzip(new Uint8Array(kept.files)).entries.map((e) => e.path)).not.toContain("photos/第1轮-1号票箱.jpg");
  });

  it("an election sealed before packages were kept is rebuilt, and can only be confirmed internally", async () => {
    const other = await makeCampaign(prisma, tree.countyA.id);
    const legacy = await electionThroughSeal(other.id, tree.villageA1b, { seal: false });
    const head = await prisma.auditEvent.findFirstOrThrow({ orderBy: { id: "desc" }, select: { id: true, hash: true } });
    await prisma.election.update({
      where: { id: legacy.electionId },
      data: { sealedAt: new Date(), sealedById: county.userId, sealAuditId: head.id, sealAuditHash: head.hash },
    });
    const pkg = await buildElectionArchive(legacy.electionId);
    expect(pkg.manifests).toEqual([{ electionId: legacy.electionId, digest: expect.stringMatching(/^(sha256|sm3):/), sealed: null }]);
    const check = await verifyUploadedArchive(county, pkg.bytes);
    expect(check.status).toBe("unconfirmed");
  });
});

describe("refusals and scope", () => {
  it("refuses an election that is not sealed", async () => {
    await expect(buildElectionArchive(unsealed.electionId)).rejects.toThrow(ExpectedError);
    await expect(buildElectionArchive(unsealed.electionId)).rejects.toThrow(/尚未封存归档/);
    await expect(getElectionArchive(county, unsealed.electionId)).rejects.toThrow(/尚未封存归档/);
  });

  it("out of scope or without archive.download: null, nothing audited; the county office's download is audited with the package digest", async () => {
    const mark = await auditMark(prisma);
    expect(await getElectionArchive(otherCounty, sealed.electionId)).toBeNull();
    expect(await getElectionArchive(officer, sealed.electionId)).toBeNull();
    expect(await getElectionArchive(supervisor, sealed.electionId)).toBeNull();
    expect(await getElectionArchive(county, randomUUID())).toBeNull();
    expect(await getTownshipArchive(otherCounty, tree.townA1.id, campaign.id)).toBeNull();
    expect(await getTownshipArchive(county, tree.townB1.id, campaign.id)).toBeNull();
    expect(await auditSince(prisma, mark)).toEqual([]);

    const pkg = await getElectionArchive(county, sealed.electionId, BUILT);
    expect(pkg).not.toBeNull();
    const events = await auditSince(prisma, mark);
    expect(events.map((x) => [x.event, x.objectId, x.actorUsername, x.unitId])).toEqual([
      ["archive.downloaded", sealed.electionId, "archive_county", tree.villageA1a.id],
    ]);
    expect(events[0]!.detail).toMatchObject({
      fileName: pkg!.fileName,
      size: pkg!.bytes.length,
      sha256: digestOf("sha256", pkg!.bytes),
      manifests: [{ electionId: sealed.electionId, digest: SEALED_DIGEST, matchesSeal: true }],
    });
    // The download event is newer than the seal, so the next package is still the same.
    const again = await getElectionArchive(county, sealed.electionId, BUILT);
    expect(Buffer.from(again!.bytes).equals(Buffer.from(pkg!.bytes))).toBe(true);
  });
});

describe("buildTownshipArchive", async () => {
  const pkg = await buildTownshipArchive(tree.townA1.id, campaign.id);
  const { entries } = unzip(pkg.bytes);

  it("holds each sealed village's own package in a folder and lists the others as not included", async () => {
    const village = unzip((await buildElectionArchive(sealed.electionId)).bytes).entries;
    const folder = "980101100201-甲一村";
    expect(entries.map((e) => e.path)).toEqual(["README.txt", "manifest.json", ...village.map((e) => `${folder}/${e.path}`)]);
    for (const e of village) expect(Buffer.from(entry(entries, `${folder}/${e.path}`)!.bytes).equals(Buffer.from(e.bytes))).toBe(true);
    const readme = text(entry(entries, "README.txt"));
    expect(readme).toContain("980101100202 甲二村：已认定，尚未封存");
    const top = JSON.parse(text(entry(entries, "manifest.json"))) as Manifest;
    expect(top.package).toBe("township");
    expect(top.township!.villages.map((v) => [v.name, v.folder])).toEqual([
      ["甲一村", folder],
      ["甲二村", null],
    ]);
    expect(verifyPackage(entries)).toMatchObject({ ok: true, manifests: ["manifest.json", `${folder}/manifest.json`] });
    expect(await getTownshipArchive(county, tree.townA1.id, campaign.id, BUILT).then((p) => Buffer.from(p!.bytes).equals(Buffer.from(pkg.bytes)))).toBe(true);
  });

  it("refuses a township with nothing sealed", async () => {
    await expect(buildTownshipArchive(tree.townA2.id, campaign.id)).rejects.toThrow(/还没有已封存归档/);
  });
});

describe("npm run archive:verify (scripts/archive-verify.ts)", async () => {
  const root = path.resolve(import.meta.dirname, "../..");
  const run = (...args: string[]) => {
    const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/archive-verify.ts", ...args], { cwd: root, encoding: "utf8", timeout: 60_000 });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const village = (await buildElectionArchive(sealed.electionId)).bytes;

  it("exits 0 for an intact package whose manifest matches the sealed digest", () => {
    const file = path.join(dir, "ok.zip");
    writeFileSync(file, village);
    const r = run(file, "--expect", SEALED_DIGEST);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe(`档案包完好：20 个文件与清单一致（算法 ${ALGO}），清单与封存摘要一致`);
    // The bare hex, as copied from paper in upper case, is accepted too.
    expect(run(file, "--expect", SEALED_DIGEST.split(":")[1]!.toUpperCase()).code).toBe(0);
  }, 60_000);

  it("exits 1 for a CSV changed together with its manifest entry when given the sealed digest", () => {
    const file = path.join(dir, "forged.zip");
    writeFileSync(file, tamperConsistently(village));
    const r = run(file, "--expect", SEALED_DIGEST);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/与封存记录不符/);
    expect(r.stdout).not.toMatch(/档案包完好/);
  }, 60_000);

  it("refuses to run without --expect or --no-expect; with --no-expect warns that only internal consistency was checked", () => {
    const file = path.join(dir, "forged-noexpect.zip");
    writeFileSync(file, tamperConsistently(village));
    const bare = run(file);
    expect(bare.code).toBe(2);
    expect(bare.stdout).toBe("");
    expect(bare.stderr).toMatch(/--expect/);
    const internal = run(file, "--no-expect");
    expect(internal.code).toBe(0);
    expect(internal.stdout).toMatch(/只核对了档案包内部/);
    expect(internal.stdout).not.toMatch(/档案包完好/);
  }, 60_000);

  it("exits 1 naming the altered file after one flipped byte", () => {
    const bytes = village.slice();
    const content = unzip(village).entries.find((e) => e.path === "data/results.json")!.bytes;
    const at = Buffer.from(bytes).indexOf(Buffer.from(content));
    bytes[at + 10]! ^= 0x04;
    const file = path.join(dir, "flipped.zip");
    writeFileSync(file, bytes);
    const r = run(file, "--expect", SEALED_DIGEST);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`^已被改动: data/results\\.json \\(清单 ${ALGO} [0-9a-f]{64}, 实际 [0-9a-f]{64}\\)$`, "m"));
    expect(r.stdout).toMatch(/^档案包校验未通过/m);
  }, 60_000);

  it("exits 2 with a clear message for a file that is not a ZIP", () => {
    const file = path.join(dir, "not.zip");
    writeFileSync(file, "这不是 ZIP 文件，只是一段文字。");
    const r = run(file, "--no-expect");
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^无法校验档案包：「.*not\.zip」不是 ZIP 文件/);
    expect(run(path.join(dir, "missing.zip"), "--no-expect")).toMatchObject({ code: 2, stderr: expect.stringMatching(/无法读取文件.*ENOENT/) });
  }, 60_000);

  it("checks a township package's top-level and village manifests, and each village's against its sealed digest", async () => {
    const pkg = await buildTownshipArchive(tree.townA1.id, campaign.id);
    const file = path.join(dir, "township.zip");
    writeFileSync(file, pkg.bytes);
    const r = run(file, "--expect", SEALED_DIGEST);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      new RegExp(`^档案包完好：22 个文件与清单一致（算法 ${ALGO}），清单与封存摘要一致\n.*收入 1 个村\\(社区\\)，另校验了其中 1 份村\\(社区\\)清单`),
    );
  }, 60_000);
});
