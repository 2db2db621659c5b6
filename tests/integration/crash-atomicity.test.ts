// Crash atomicity (issue 12, docs/operations.md): a process killed with SIGKILL in the middle of a write
// leaves nothing partial. A child process (tests/support/crash-child.ts) runs a real action on an embedded
// database folder — the 20,000-row past-term import, and the second typing of a tally sheet — and is held
// at a known statement inside the action's transaction (after all its rows are written, just before COMMIT;
// and for the import also between two batches). The test kills it there, reopens the same folder (PGlite
// recovers from its write-ahead log), and checks that the data and the audit chain are exactly as before,
// and that the same request then succeeds.
import { spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, describe, expect, inject, it } from "vitest";
import type { Ballot } from "@/lib/domain/ballot";
import { FIELD } from "@/lib/domain/tally";
import { executeAction } from "@/lib/server/action";
import { auditVerifyReport, verifyAuditChain } from "@/lib/server/audit";
import type { Actor } from "@/lib/server/auth/sessions";
import { installDatabase } from "@/lib/server/db";
import { openPglite, type Database } from "@/lib/server/db/connect";
import { openVotingRound } from "@/lib/server/election-day/rounds";
import { saveTally } from "@/lib/server/election-day/tallies";
import { importPastTerm, systemActor } from "@/lib/server/oversight/past-terms";
import { makeFormalElection } from "../support/election-day-fixtures";
import { makeActor, makeTree, type UnitFixture } from "../support/fixtures";
import { hanDigits, makeCampaign } from "../support/nomination-fixtures";

// Killing a process is about the embedded database's own recovery; a PostgreSQL server recovers on its own.
const embedded = inject("dbKind") === "pglite";
const work = path.resolve(`tmp/test-db/crash-${randomBytes(4).toString("hex")}`);
const dir = path.join(work, "db");
const CHILD = path.resolve("tests/support/crash-child.ts");
const ROWS = 20_000;

let open: Database | null = null;
afterAll(async () => {
  await open?.close().catch(() => {});
  rmSync(work, { recursive: true, force: true });
});

async function reopen(): Promise<Database> {
  // A failed test may have left it open; the next one starts from the folder on disk all the same.
  await open?.close();
  open = await openPglite(dir);
  installDatabase(open);
  return open;
}
async function closeDb() {
  await open!.close();
  open = null;
}

type CrashPoint = { before: string; inTransaction: boolean; seen: Record<string, number> };

/**
 * Runs the child on the folder and kills it with SIGKILL at its crash point. One node process (tsx as a
 * loader, not the tsx command, which forks a second node that a SIGKILL of the first would leave running).
 */
async function runAndKill(spec: Record<string, unknown>): Promise<{ point: CrashPoint; signal: NodeJS.Signals | null }> {
  const specFile = path.join(work, `spec-${randomBytes(3).toString("hex")}.json`);
  writeFileSync(specFile, JSON.stringify({ dataDir: dir, ...spec }));
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", CHILD, specFile], {
    env: { ...process.env, PGLITE_DATA_DIR: dir, DATABASE_URL: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
  const point = await new Promise<CrashPoint>((resolve, reject) => {
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      const line = /^CRASH-POINT (.*)\n/m.exec(stdout);
      if (line) resolve(JSON.parse(line[1]!) as CrashPoint);
    });
    void exited.then(() => reject(new Error(`the child ended before its crash point:\n${stdout}\n${stderr}`)));
  });
  child.kill("SIGKILL");
  return { point, signal: await exited };
}

// ---------------------------------------------------------------------------------------------
// A 20,000-row past term, written as a county office would fill the template.

const HEADERS = ["村(社区)统计用区划代码", "姓名", "性别", "民族", "出生日期", "文化程度", "政治面貌", "职务", "是否一肩挑", "选举日期"];
const SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周"];

async function bigTerm(villages: UnitFixture[], file: string) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("往届成员");
  ws.addRow(HEADERS);
  const perVillage = Math.ceil(ROWS / villages.length);
  for (let n = 0; n < ROWS; n++) {
    const v = villages[Math.floor(n / perVillage)]!;
    const director = n % perVillage === 0;
    const female = n % 3 === 0;
    ws.addRow([
      v.code,
      `${SURNAMES[n % SURNAMES.length]}${female ? "秀英" : "建国"}${hanDigits(n)}`,
      female ? "女" : "男",
      "汉族",
      `${1960 + (n % 30)}-${String(1 + (n % 12)).padStart(2, "0")}-${String(1 + (n % 28)).padStart(2, "0")}`,
      "高中",
      "群众",
      director ? "主任" : "委员",
      director ? "是" : "否",
      "2021-01-16",
    ]);
  }
  writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
}

const counts = async (d: Database) => ({
  pastTerms: await d.prisma.pastTerm.count(),
  members: await d.prisma.pastTermMember.count(),
  tallyEntries: await d.prisma.tallyEntry.count(),
  boxTallies: await d.prisma.boxTally.count(),
  auditEvents: await d.prisma.auditEvent.count(),
});

describe.runIf(embedded)("a process killed with SIGKILL mid-write leaves nothing partial", async () => {
  if (!embedded) return;
  mkdirSync(work, { recursive: true });
  cpSync(inject("templateDir"), dir, { recursive: true });
  const first = await reopen();
  const tree = await makeTree(first.prisma);
  const countyA = await first.prisma.unit.findUniqueOrThrow({ where: { id: tree.countyA.id }, select: { id: true, path: true, name: true, code: true } });
  const termFile = path.join(work, "term.xlsx");
  await bigTerm([tree.villageA1a, tree.villageA1b, tree.villageA2a], termFile);
  await closeDb();

  it("the 20,000-row import, killed between two batches and again just before COMMIT: no term, no member, the chain verifies", async () => {
    await reopen();
    const before = await counts(open!);
    const chain = await verifyAuditChain();
    await closeDb();
    const input = { countyId: countyA.id, name: "第十一届", fileName: "往届成员.xlsx" };
    const points = [
      { arm: '^\\s*INSERT INTO "PastTermMember"', pause: '^\\s*INSERT INTO "PastTermMember"', rows: 5000 },
      { arm: '^\\s*INSERT INTO "PastTermMember"', pause: "^COMMIT", rows: ROWS },
    ];
    for (const p of points) {
      const { point, signal } = await runAndKill({
        action: "import",
        input,
        file: termFile,
        arm: p.arm,
        pause: p.pause,
        count: ["PastTerm", "PastTermMember", "AuditEvent"],
      });
      expect(signal).toBe("SIGKILL");
      // Inside the open transaction the rows were there: the term, the members so far, and (at COMMIT) its audit event.
      expect(point).toMatchObject({
        inTransaction: true,
        seen: { PastTerm: 1, PastTermMember: p.rows, AuditEvent: before.auditEvents + (p.rows === ROWS ? 1 : 0) },
      });
      // A killed process leaves its lock behind; the next opener takes it over (the pid is dead).
      expect(existsSync(`${dir}.lock`)).toBe(true);
      const after = await reopen();
      expect(await counts(after)).toEqual(before);
      expect(await auditVerifyReport()).toEqual({ ok: true, lines: [`审计日志完整：已校验 ${chain.checked} 条记录。`, `链头哈希：${chain.head}`] });
      await closeDb();
    }

    // The recovered database takes the same file whole: the kill left no half-imported term in the way.
    const d = await reopen();
    const file = readFileSync(termFile);
    const res = await executeAction(importPastTerm, systemActor(countyA), { ...input, file: new Uint8Array(file.buffer, file.byteOffset, file.byteLength) });
    expect(res).toMatchObject({ ok: true, data: { members: ROWS, villages: 3 } });
    expect(await counts(d)).toEqual({ ...before, pastTerms: 1, members: ROWS, auditEvents: before.auditEvents + 1 });
    expect((await verifyAuditChain()).broken).toBeNull();
    await closeDb();
  });

  it("the second typing of a tally sheet, killed just before COMMIT: the box still awaits its second typing, the chain verifies", async () => {
    const d = await reopen();
    const clerk1 = await makeActor(d.prisma, "VILLAGE_CLERK", tree.villageA1a, { username: "crash_clerk_one" });
    const clerk2 = await makeActor(d.prisma, "VILLAGE_CLERK", tree.villageA1a, { username: "crash_clerk_two" });
    const campaign = await makeCampaign(d.prisma, tree.countyA.id);
    const w = await makeFormalElection(d.prisma, campaign.id, tree.villageA1a.id, tree.countyA.id);
    expect(await executeAction(openVotingRound, clerk1, { electionId: w.election.id, number: 1 })).toMatchObject({ ok: true });
    const round = await d.prisma.votingRound.findFirstOrThrow({ where: { electionId: w.election.id, number: 1 } });
    const ballot = round.ballot as Ballot;
    const form: Record<string, string> = { [FIELD.issued]: "700", [FIELD.returned]: "690", [FIELD.invalid]: "10" };
    for (const s of ballot.sections) for (const [i, c] of s.candidates.entries()) form[FIELD.vote(s.post, c.key)] = String(i === 0 ? 300 : 100);
    const box = w.boxes.fixed.id;
    const typing = (actor: Actor, version: number, requestId = randomUUID()) => ({ roundId: round.id, boxId: box, version, mode: "enter", requestId, ...form });
    expect(await executeAction(saveTally, clerk1, typing(clerk1, 0))).toMatchObject({ ok: true, data: { status: "AWAITING_SECOND" } });
    const boxBefore = await d.prisma.boxTally.findUniqueOrThrow({ where: { roundId_boxId: { roundId: round.id, boxId: box } } });
    const before = await counts(d);
    const chain = await verifyAuditChain();
    await closeDb();

    const second = typing(clerk2, boxBefore.version);
    const { point, signal } = await runAndKill({
      action: "tally",
      actor: clerk2,
      input: second,
      arm: '^INSERT INTO ("public"\\.)?"TallyEntry"',
      pause: "^COMMIT",
      count: ["TallyEntry", "AuditEvent"],
    });
    expect(signal).toBe("SIGKILL");
    // The typing, the accepted box and its two audit events (entered, accepted) were written, not committed.
    expect(point).toMatchObject({ inTransaction: true, seen: { TallyEntry: before.tallyEntries + 1, AuditEvent: before.auditEvents + 2 } });

    const after = await reopen();
    expect(await counts(after)).toEqual(before);
    const boxAfter = await after.prisma.boxTally.findUniqueOrThrow({ where: { id: boxBefore.id } });
    expect(boxAfter).toMatchObject({ status: "AWAITING_SECOND", version: boxBefore.version, secondEntryId: null, acceptedEntryId: null });
    expect(await auditVerifyReport()).toEqual({ ok: true, lines: [`审计日志完整：已校验 ${chain.checked} 条记录。`, `链头哈希：${chain.head}`] });
    // The clerk sends the same form again (same request id): it is saved now, not taken for a duplicate.
    expect(await executeAction(saveTally, clerk2, second)).toMatchObject({ ok: true, data: { status: "ACCEPTED", duplicate: false } });
    expect((await verifyAuditChain()).broken).toBeNull();
  });
});
