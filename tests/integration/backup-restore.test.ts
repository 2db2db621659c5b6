// The restore drill (docs/operations.md): an embedded database holding a sealed election is backed up
// with db:backup's function, restored into a fresh folder, and the restored copy passes audit:verify
// with the same chain head and the archive verifier against the digest fixed at sealing. Also what
// the commands refuse (a folder in use, a non-empty target without --force), and the audit export.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { checkArchive } from "@/lib/domain/archive-check";
import { firstRoundBallot } from "@/lib/domain/ballot";
import { decideElection } from "@/lib/domain/election-engine";
import { DEFAULT_RULES } from "@/lib/domain/rule-pack";
import { engineInputFor, sumTallies } from "@/lib/domain/tally";
import { executeAction } from "@/lib/server/action";
import { appendAudit, auditVerifyReport, verifyAuditChain } from "@/lib/server/audit";
import { AUDIT_EXPORT_COLUMNS, exportAuditLog } from "@/lib/server/audit-export";
import { hashPassword } from "@/lib/server/auth/password";
import { installDatabase } from "@/lib/server/db";
import { backupEmbedded, restoreEmbedded } from "@/lib/server/db/backup";
import { openPglite, openPostgres, type Database } from "@/lib/server/db/connect";
import { buildElectionArchive } from "@/lib/server/records/archive";
import { verifyUploadedArchive } from "@/lib/server/records/archive-verify";
import { certifyResults, sealElection } from "@/lib/server/records/certification";
import { makeFormalElection } from "../support/election-day-fixtures";
import { makeActor, makeTree } from "../support/fixtures";
import { makeCampaign } from "../support/nomination-fixtures";
import { adminUrl } from "../support/test-db-config";

// Backup and restore are for the embedded database; on a PostgreSQL server they are pg_dump's job.
const embedded = inject("dbKind") === "pglite";
const work = path.resolve(`tmp/test-db/backup-${randomBytes(4).toString("hex")}`);
const open: Database[] = [];
afterAll(async () => {
  for (const d of open) await d.close().catch(() => {});
  rmSync(work, { recursive: true, force: true });
});

async function openInstalled(dir: string) {
  const database = await openPglite(dir);
  open.push(database);
  installDatabase(database);
  return database;
}
async function close(database: Database) {
  await database.close();
  open.splice(open.indexOf(database), 1);
}

/** A process that is alive while the test runs, to hold a folder's lock as the running app would. */
function liveProcess() {
  const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
  return { pid: child.pid!, stop: () => child.kill("SIGKILL") };
}

const PASSWORD = "Beifen-Huifu-2026";
const TSX = path.resolve("node_modules/.bin/tsx");

/** Runs a script as npm would, on the embedded folder given (or with the environment given). */
function run(script: string, args: string[], env: Record<string, string>) {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  if (!env.DATABASE_URL) delete childEnv.DATABASE_URL;
  const r = spawnSync(TSX, ["--conditions=react-server", script, ...args], { env: childEnv, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A village election confirmed, certified and sealed through the actions (as in records.test.ts). */
async function buildSealedElection(database: Database) {
  const prisma = database.prisma;
  const tree = await makeTree(prisma);
  const county = await makeActor(prisma, "COUNTY_ADMIN", tree.countyA, { username: "backup_county", passwordHash: await hashPassword(PASSWORD) });
  const officer = await makeActor(prisma, "TOWNSHIP_OFFICER", tree.townA1, { username: "backup_officer" });
  const campaign = await makeCampaign(prisma, tree.countyA.id);
  const w = await makeFormalElection(prisma, campaign.id, tree.villageA1a.id, tree.countyA.id);
  const ballot = firstRoundBallot({ DIRECTOR: 1, DEPUTY: 0, MEMBER: 0, WOMEN_MEMBER: 0 }, []);
  const engineInput = engineInputFor({
    kind: "FIRST",
    rules: DEFAULT_RULES,
    registeredVoters: 800,
    ballot,
    totals: sumTallies([{ ballotsIssued: 700, ballotsReturned: 700, invalidBallots: 0, writeIns: [], exceedConfirmed: false, votes: [] }]),
  });
  const round = await prisma.votingRound.create({
    data: { electionId: w.election.id, number: 1, kind: "FIRST", status: "DECIDED", ballot, engineInput, decision: decideElection(engineInput) },
  });
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
  await prisma.election.update({
    where: { id: w.election.id },
    data: { resultConfirmedAt: new Date(), resultConfirmedById: officer.userId, version: { increment: 1 } },
  });
  const certified = await executeAction(certifyResults, county, {
    campaignId: campaign.id,
    unitId: tree.villageA1a.id,
    electionIds: [w.election.id],
    password: PASSWORD,
  });
  expect(certified).toMatchObject({ ok: true, data: { certified: ["甲一村"] } });
  const { version } = await prisma.election.findUniqueOrThrow({ where: { id: w.election.id } });
  expect(await executeAction(sealElection, county, { electionId: w.election.id, version })).toMatchObject({ ok: true });
  const row = await prisma.election.findUniqueOrThrow({ where: { id: w.election.id } });
  return { electionId: row.id, sealedDigest: row.archiveDigest!, county, idNumbers: w.candidates.map((c) => c.person.idNumber) };
}

describe.runIf(embedded)("backup and restore of the embedded database", async () => {
  // A skipped suite is still collected: build nothing on a server run.
  if (!embedded) return;
  const source = path.join(work, "source");
  mkdirSync(work, { recursive: true });
  cpSync(inject("templateDir"), source, { recursive: true });
  const original = await openInstalled(source);
  const sealed = await buildSealedElection(original);
  const chain = await verifyAuditChain();
  const originalPackage = (await buildElectionArchive(sealed.electionId)).bytes;
  const backupFile = path.join(work, "backup.tar.gz");

  it("refuses while the folder is open: in this process, or held by another live process (the running app)", async () => {
    await expect(backupEmbedded(source, backupFile)).rejects.toThrow(/已在本进程中打开/);
    await close(original);
    const app = liveProcess();
    try {
      writeFileSync(`${source}.lock`, String(app.pid));
      await expect(backupEmbedded(source, backupFile)).rejects.toThrow(new RegExp(`正被另一个进程 \\(pid ${app.pid}\\) 使用`));
    } finally {
      app.stop();
      rmSync(`${source}.lock`, { force: true });
    }
    expect(existsSync(backupFile)).toBe(false);
  });

  it("restores into a fresh folder a copy whose audit chain verifies with the same head and whose sealed archive matches its seal", async () => {
    const backup = await backupEmbedded(source, backupFile);
    expect(backup).toMatchObject({ auditEvents: chain.checked, auditHead: chain.head });
    expect(existsSync(`${source}.lock`)).toBe(false);
    await expect(backupEmbedded(source, backupFile)).rejects.toThrow(/已存在，不会覆盖/);

    const fresh = path.join(work, "fresh");
    const restored = await restoreEmbedded(backupFile, fresh);
    expect(restored).toMatchObject({ auditEvents: chain.checked, auditHead: chain.head, previous: null });
    // Only the restored folder is left: no staging folder, no lock.
    expect(readdirSync(work).sort()).toEqual(["backup.tar.gz", "fresh", "source"]);

    const copy = await openInstalled(fresh);
    const report = await auditVerifyReport();
    expect(report).toEqual({ ok: true, lines: [`审计日志完整：已校验 ${chain.checked} 条记录。`, `链头哈希：${chain.head}`] });
    const election = await copy.prisma.election.findUniqueOrThrow({ where: { id: sealed.electionId } });
    expect(election.archiveDigest).toBe(sealed.sealedDigest);
    // The package rebuilt from the restored copy is the sealed one, byte for byte, and verifies both ways:
    // against the digest printed at sealing, and against the seal the restored copy holds.
    const pkg = (await buildElectionArchive(sealed.electionId)).bytes;
    expect(Buffer.from(pkg).equals(Buffer.from(originalPackage))).toBe(true);
    expect(checkArchive(pkg, { expect: [sealed.sealedDigest] })).toMatchObject({ status: "intact" });
    expect(await verifyUploadedArchive(sealed.county, pkg)).toMatchObject({ status: "intact" });
    // The database's own guards came back with it: the seal still refuses a change.
    await expect(copy.prisma.$executeRawUnsafe(`UPDATE "Election" SET "sealedAt" = NULL WHERE id = '${sealed.electionId}'`)).rejects.toThrow(
      /election_sealed|sealed/,
    );
    await expect(copy.prisma.$executeRawUnsafe(`DELETE FROM "AuditEvent"`)).rejects.toThrow(/append-only/);
    await close(copy);
  });

  it("refuses a non-empty target without --force and leaves it as it was; with --force keeps the replaced folder", async () => {
    const target = path.join(work, "target");
    mkdirSync(target);
    writeFileSync(path.join(target, "keep.txt"), "现有数据");
    await expect(restoreEmbedded(backupFile, target)).rejects.toThrow(/不是空的，未恢复.*--force/);
    expect(readdirSync(target)).toEqual(["keep.txt"]);

    const app = liveProcess();
    try {
      writeFileSync(`${target}.lock`, String(app.pid));
      await expect(restoreEmbedded(backupFile, target, { force: true })).rejects.toThrow(/正被另一个进程/);
      expect(readdirSync(target)).toEqual(["keep.txt"]);
    } finally {
      app.stop();
      rmSync(`${target}.lock`, { force: true });
    }

    const notBackup = path.join(work, "not-a-backup.tar.gz");
    writeFileSync(notBackup, "hello");
    await expect(restoreEmbedded(notBackup, target, { force: true })).rejects.toThrow(/不是 db:backup 生成的备份文件/);

    const done = await restoreEmbedded(backupFile, target, { force: true, now: new Date("2027-01-02T03:04:05Z") });
    expect(done).toMatchObject({ auditHead: chain.head, previous: `${target}.before-restore-20270102030405` });
    expect(readdirSync(done.previous!)).toEqual(["keep.txt"]);
    expect(existsSync(path.join(target, "PG_VERSION"))).toBe(true);
  });

  it("exports the audit log by China calendar day as JSON lines of the listed columns, with no ID number in them", async () => {
    const copy = await openInstalled(path.join(work, "fresh"));
    // An ID number slipped into free text (the writer drops only ID-number fields) is masked on the way out.
    const leaked = sealed.idNumbers[0]!;
    await copy.prisma.$transaction((tx) => appendAudit(tx, { event: "demo.seeded", actor: null, detail: { note: `误录入 ${leaked} 的说明` } }));
    const lines: string[] = [];
    const all = await exportAuditLog("2000-01-01", "2099-12-31", (l) => void lines.push(l));
    expect(all).toEqual({ events: chain.checked + 1, masked: 1 });
    const rows = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const r of rows) expect(Object.keys(r)).toEqual([...AUDIT_EXPORT_COLUMNS]);
    expect(rows.map((r) => r.id)).toEqual(rows.map((_, i) => String(i + 1)));
    expect(rows[chain.checked - 1]!.hash).toBe(chain.head);
    const text = lines.join("\n");
    for (const id of sealed.idNumbers) expect(text).not.toContain(id);
    expect(text).toContain(`误录入 ${leaked.slice(0, 4)}**********${leaked.slice(14)} 的说明`);

    // Days are China's: an event at 23:30 on 1 January UTC is on 2 January in China.
    const first = BigInt(rows[0]!.id as string);
    await copy.prisma.$executeRawUnsafe(`ALTER TABLE "AuditEvent" DISABLE TRIGGER USER`);
    await copy.prisma.$executeRawUnsafe(`UPDATE "AuditEvent" SET "occurredAt" = '2026-01-01T16:30:00Z' WHERE id = ${first}`);
    await copy.prisma.$executeRawUnsafe(`ALTER TABLE "AuditEvent" ENABLE TRIGGER USER`);
    const day = (from: string, to: string) => exportAuditLog(from, to, () => {}).then((r) => r.events);
    expect(await day("2026-01-01", "2026-01-01")).toBe(0);
    expect(await day("2026-01-02", "2026-01-02")).toBe(1);
    expect(await day("2025-12-01", "2026-01-02")).toBe(1);
    await close(copy);
  });

  it("the commands: db:backup and db:restore print the head, a second restore over the copy is refused, and so is a server URL", () => {
    const file = path.join(work, "cli.tar.gz");
    const backup = run("scripts/db-backup.ts", ["backup", file], { PGLITE_DATA_DIR: source });
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toContain(`审计日志 ${chain.checked} 条`);
    expect(backup.stdout).toContain(`审计链头哈希：${chain.head}`);

    const target = path.join(work, "cli-target");
    const restored = run("scripts/db-backup.ts", ["restore", file], { PGLITE_DATA_DIR: target });
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toContain(`审计日志完整：已校验 ${chain.checked} 条记录。`);
    expect(restored.stdout).toContain(`链头哈希：${chain.head}`);
    const again = run("scripts/db-backup.ts", ["restore", file], { PGLITE_DATA_DIR: target });
    expect([again.code, again.stderr]).toEqual([2, expect.stringContaining("不是空的，未恢复")]);

    const server = run("scripts/db-backup.ts", ["backup", path.join(work, "server.dump")], {
      DATABASE_URL: "postgresql://nobody@127.0.0.1:1/none",
      AUTH_SECRET: "x".repeat(32),
    });
    expect([server.code, server.stderr]).toEqual([2, expect.stringContaining("pg_dump --format=custom")]);
    expect(existsSync(path.join(work, "server.dump"))).toBe(false);
    expect(run("scripts/db-backup.ts", ["backup"], { PGLITE_DATA_DIR: source }).code).toBe(2);
  });

  it("the app's database handle does not keep a refused open: the first request after a backup opens the folder", () => {
    // In a child, as the app: database() while another process holds the folder, then again once it has let go.
    const script = path.join(work, "open-twice.ts");
    writeFileSync(
      script,
      [
        `import { rmSync } from "node:fs";`,
        `import { database } from "@/lib/server/db";`,
        `const report = (p: Promise<{ prisma: { auditEvent: { count(): Promise<number> } }; close(): Promise<void> }>) =>`,
        `  p.then(async (d) => { const n = await d.prisma.auditEvent.count(); await d.close(); return \`opened, \${n} events\`; }, (e: Error) => \`refused: \${e.message}\`);`,
        `void (async () => {`,
        `  const first = await report(database());`,
        `  rmSync(process.argv[2]!);`,
        `  const second = await report(database());`,
        `  console.log(JSON.stringify({ first, second }));`,
        `})();`,
      ].join("\n"),
    );
    const backupTool = liveProcess();
    try {
      writeFileSync(`${source}.lock`, String(backupTool.pid));
      const r = run(script, [`${source}.lock`], { PGLITE_DATA_DIR: source });
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual({
        first: expect.stringContaining(`正被另一个进程 (pid ${backupTool.pid}) 使用`),
        second: `opened, ${chain.checked} events`,
      });
    } finally {
      backupTool.stop();
      rmSync(`${source}.lock`, { force: true });
    }
  });

  it("the restore command exits 1 naming the first broken entry when the backup's chain was tampered with", async () => {
    const tampered = path.join(work, "tampered");
    cpSync(source, tampered, { recursive: true });
    const database = await openPglite(tampered);
    await database.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`ALTER TABLE "AuditEvent" DISABLE TRIGGER USER`);
      await tx.$executeRawUnsafe(`UPDATE "AuditEvent" SET "actorUsername" = 'mallory' WHERE id = 2`);
      await tx.$executeRawUnsafe(`ALTER TABLE "AuditEvent" ENABLE TRIGGER USER`);
    });
    await database.close();
    const file = path.join(work, "tampered.tar.gz");
    await backupEmbedded(tampered, file);
    const r = run("scripts/db-backup.ts", ["restore", file], { PGLITE_DATA_DIR: path.join(work, "tampered-restored") });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain("第一条异常记录的编号为 2");
  });

  it("the export command writes JSON lines to --out, never over an existing file, and refuses a bad date", () => {
    const out = path.join(work, "audit.jsonl");
    const ok = run("scripts/audit-export.ts", ["--from", "2000-01-01", "--to", "2099-12-31", "--out", out], { PGLITE_DATA_DIR: source });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).toContain(`审计记录 ${chain.checked} 条`);
    const lines = readFileSync(out, "utf8").trimEnd().split("\n");
    expect(lines).toHaveLength(chain.checked);
    expect((JSON.parse(lines.at(-1)!) as { hash: string }).hash).toBe(chain.head);
    const twice = run("scripts/audit-export.ts", ["--from", "2000-01-01", "--to", "2099-12-31", "--out", out], { PGLITE_DATA_DIR: source });
    expect([twice.code, twice.stderr]).toEqual([2, expect.stringContaining("已存在，不会覆盖")]);
    const bad = run("scripts/audit-export.ts", ["--from", "2026-02-30", "--to", "2026-12-31"], { PGLITE_DATA_DIR: source });
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining("不是 YYYY-MM-DD 格式的日期")]);
  });
});

// The same drill on a PostgreSQL server with the commands docs/operations.md gives (TEST_DATABASE_URL runs).
const serverUrl = process.env.TEST_DATABASE_URL;
const pgTools = !embedded && spawnSync("pg_dump", ["--version"]).status === 0;
describe.runIf(pgTools)("pg_dump / pg_restore of a PostgreSQL database", async () => {
  if (!pgTools || !serverUrl) return;
  const suffix = randomBytes(4).toString("hex");
  const urlOf = (name: string) => Object.assign(new URL(serverUrl), { pathname: `/${name}` }).toString();
  const [src, dst] = [`bk_src_${suffix}`, `bk_dst_${suffix}`];
  const admin = openPostgres(adminUrl(serverUrl), 1);
  await admin.prisma.$executeRawUnsafe(`CREATE DATABASE "${src}" TEMPLATE "${inject("templateDb")}"`);
  await admin.prisma.$executeRawUnsafe(`CREATE DATABASE "${dst}"`);
  afterAll(async () => {
    for (const d of open) await d.close().catch(() => {});
    // As in tests/support/test-db.ts: let the pools' clients finish leaving before the forced drop.
    for (let i = 0; i < 50; i++) {
      const [row] = await admin.prisma.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname IN ($1, $2)`, src, dst);
      if (!row?.n) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    for (const name of [src, dst]) await admin.prisma.$executeRawUnsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.close();
  });
  const original = openPostgres(urlOf(src), 2);
  open.push(original);
  installDatabase(original);
  const sealed = await buildSealedElection(original);
  const chain = await verifyAuditChain();
  const originalPackage = (await buildElectionArchive(sealed.electionId)).bytes;

  it("restores into a new database whose chain verifies with the same head and whose sealed archive matches its seal", async () => {
    mkdirSync(work, { recursive: true });
    const file = path.join(work, "server.dump");
    const dump = spawnSync("pg_dump", ["--format=custom", "--no-owner", "--file", file, urlOf(src)], { encoding: "utf8" });
    expect(dump.status, dump.stderr).toBe(0);
    const restore = spawnSync("pg_restore", ["--no-owner", "--exit-on-error", "--dbname", urlOf(dst), file], { encoding: "utf8" });
    expect(restore.status, restore.stderr).toBe(0);

    const copy = openPostgres(urlOf(dst), 2);
    open.push(copy);
    installDatabase(copy);
    expect(await auditVerifyReport()).toEqual({ ok: true, lines: [`审计日志完整：已校验 ${chain.checked} 条记录。`, `链头哈希：${chain.head}`] });
    const pkg = (await buildElectionArchive(sealed.electionId)).bytes;
    expect(Buffer.from(pkg).equals(Buffer.from(originalPackage))).toBe(true);
    expect(checkArchive(pkg, { expect: [sealed.sealedDigest] })).toMatchObject({ status: "intact" });
    expect(await verifyUploadedArchive(sealed.county, pkg)).toMatchObject({ status: "intact" });
    await expect(copy.prisma.$executeRawUnsafe(`DELETE FROM "AuditEvent"`)).rejects.toThrow(/append-only/);
  });
});
