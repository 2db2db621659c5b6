// `npm run bench`: times the joint-vetting screens for a county of Baiyu's size (900 candidates, 16
// departments, one open round) on a throwaway database, and prints median and p95 per measurement:
//   (a) a department opening its queue of 900 (getReviewerQueue)
//   (b) a department bulk-approving 100 candidates (vetting.bulkNoObjection)
//   (c) the county board, 900 × 16, once every department has answered (getRoundBoard)
// Embedded PGlite in a temp folder by default; with BENCH_DATABASE_URL=postgresql://… a database
// bench_<pid> is created on that server and dropped afterwards. BENCH_RUNS sets the runs per
// measurement (default 10, after one warm-up). Not part of `npm test`.
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { addDays, dateOfDay, todayInChina } from "@/lib/domain/days";
import { idCheckChar } from "@/lib/domain/id-number";
import type { Role } from "@/lib/domain/permissions";
import { DEFAULT_RULES } from "@/lib/domain/rule-pack";
import { childPath, levelOfKind, type UnitKind } from "@/lib/domain/units";
import { VETTING_DEPARTMENTS } from "@/lib/domain/vetting";
import { executeAction, type ActionResult } from "@/lib/server/action";
import type { Actor } from "@/lib/server/auth/sessions";
import { installDatabase } from "@/lib/server/db";
import { openPglite, openPostgres, type Database } from "@/lib/server/db/connect";
import { applyMigrations } from "@/lib/server/db/schema-engine";
import { loadDefaultNegativeList } from "@/lib/server/vetting/negative-list";
import { bulkNoObjection, getReviewerQueue, recordOpinion } from "@/lib/server/vetting/opinions";
import { getRoundBoard, openRound } from "@/lib/server/vetting/rounds";

const TOWNSHIPS = 15;
const VILLAGES_PER_TOWNSHIP = 12;
const POSTS = ["DIRECTOR", "DIRECTOR", "MEMBER", "MEMBER", "MEMBER"] as const; // 180 villages × 5 = 900
const BULK_SIZE = 100;
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 10));

// ---------------------------------------------------------------------------------------------
// A throwaway database.

type Throwaway = { database: Database; label: string; dispose: () => Promise<void> };

async function throwawayDatabase(): Promise<Throwaway> {
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) {
    const dir = mkdtempSync(path.join(os.tmpdir(), "huanjie-bench-"));
    const database = await openPglite(path.join(dir, "pglite"));
    return {
      database,
      label: `PGlite (${dir})`,
      dispose: async () => {
        await database.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `bench_${process.pid}`;
  const adminUrl = new URL(url);
  adminUrl.pathname = "/postgres";
  const admin = openPostgres(adminUrl.toString(), 1);
  await admin.prisma.$executeRawUnsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.prisma.$executeRawUnsafe(`CREATE DATABASE "${name}"`);
  const benchUrl = new URL(url);
  benchUrl.pathname = `/${name}`;
  const database = openPostgres(benchUrl.toString(), 10);
  const safe = new URL(benchUrl);
  safe.password = "";
  return {
    database,
    label: `PostgreSQL (${safe.host}/${name})`,
    dispose: async () => {
      await database.close();
      // Pool.end() resolves before every client has said goodbye; let them go before dropping.
      for (let i = 0; i < 50; i++) {
        const [row] = await admin.prisma.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1`, name);
        if (!row?.n) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await admin.prisma.$executeRawUnsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.close();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The county: units, departments, users, a campaign with 180 submitted lists, one open round.

function ok<T>(res: ActionResult<T>, what: string): T {
  if (!res.ok) throw new Error(`${what} failed: ${JSON.stringify(res)}`);
  return res.data;
}

type UnitRow = { id: string; code: string; name: string; path: string; countyId: string | null; level: string };

function actorOf(user: { id: string; username: string; role: Role; departmentId: string | null }, unit: UnitRow, departmentName: string | null = null): Actor {
  return {
    sessionId: "bench", userId: user.id, username: user.username, displayName: user.username, role: user.role,
    unitId: unit.id, unitPath: unit.path, unitName: unit.name, unitCode: unit.code, unitLevel: unit.level as Actor["unitLevel"],
    countyId: unit.countyId, departmentId: user.departmentId, departmentName,
  };
}

function idNumber(n: number, female: boolean): string {
  const birth = new Date(Date.UTC(1960, 0, 1) + n * 11 * 86_400_000).toISOString().slice(0, 10).replaceAll("-", "");
  const first17 = `110101${birth}${String(n % 100).padStart(2, "0")}${female ? 2 : 1}`;
  return `${first17}${idCheckChar(first17)}`;
}

async function buildCounty(database: Database) {
  const { prisma } = database;
  const unit = (parent: UnitRow | null, code: string, name: string, kind: UnitKind) => {
    const id = randomUUID();
    const level = levelOfKind(kind);
    const countyId = level === "COUNTY" ? id : (parent?.countyId ?? null);
    return { id, code, name, level, kind, parentId: parent?.id ?? null, path: parent ? childPath(parent.path, id) : `/${id}/`, countyId };
  };
  const province = unit(null, "990000000000", "基准省", "PROVINCE");
  const city = unit(province, "990100000000", "基准市", "CITY");
  const county = unit(city, "990121000000", "白玉县", "COUNTY");
  const townships = Array.from({ length: TOWNSHIPS }, (_, t) => unit(county, `990121${101 + t}000`, `第${t + 1}镇`, "TOWN"));
  const villages = townships.flatMap((town, t) =>
    Array.from({ length: VILLAGES_PER_TOWNSHIP }, (_, v) => unit(town, `${town.code.slice(0, 9)}${201 + v}`, `第${t + 1}镇${v + 1}村`, "VILLAGE")),
  );
  // Parents first: the tree's foreign keys.
  for (const batch of [[province], [city], [county], townships, villages]) await prisma.unit.createMany({ data: batch });

  const departments = VETTING_DEPARTMENTS.map((name, i) => ({ id: randomUUID(), countyId: county.id, name, sortOrder: i + 1 }));
  await prisma.department.createMany({ data: departments });
  const adminUser = { id: randomUUID(), username: "bench_county", role: "COUNTY_ADMIN" as Role, departmentId: null };
  const reviewerUsers = departments.map((d, i) => ({ id: randomUUID(), username: `bench_reviewer_${i + 1}`, role: "VETTING_REVIEWER" as Role, departmentId: d.id }));
  await prisma.user.createMany({
    data: [adminUser, ...reviewerUsers].map((u) => ({ ...u, displayName: u.username, unitId: county.id, passwordHash: "x" })),
  });
  const admin = actorOf(adminUser, county);
  const reviewers = reviewerUsers.map((u, i) => actorOf(u, county, departments[i]!.name));
  ok(await executeAction(loadDefaultNegativeList, admin, { countyId: county.id }), "negativeList.loadDefaults");

  const today = todayInChina();
  const campaign = await prisma.campaign.create({
    data: { countyId: county.id, name: "第十二届村(居)民委员会换届选举", startDate: dateOfDay(today), endDate: dateOfDay(addDays(today, 120)), rules: DEFAULT_RULES },
  });
  const elections = villages.map((v) => ({
    id: randomUUID(), campaignId: campaign.id, unitId: v.id, electionDay: dateOfDay(addDays(today, 40)), method: "CONTESTED" as const,
    seatsDirector: 1, seatsDeputy: 0, seatsMember: 2, seatsWomenMember: 0, dualRole: "PLANNED" as const, registeredVoters: 800,
    listStatus: "SUBMITTED" as const, submittedAt: new Date(),
  }));
  await prisma.election.createMany({ data: elections });
  let n = 0;
  const people = elections.flatMap((e) =>
    POSTS.map((post, k) => {
      const female = k === 2;
      n++;
      return {
        electionId: e.id, post,
        person: {
          id: randomUUID(), countyId: county.id, name: `候选人${n}`, gender: female ? ("FEMALE" as const) : ("MALE" as const), ethnicity: "01",
          birthDate: dateOfDay(addDays("1960-01-01", n * 11)), idNumber: idNumber(n, female), education: "60", political: "MASSES" as const, currentPosts: [], tags: [],
        },
      };
    }),
  );
  await prisma.person.createMany({ data: people.map((p) => p.person) });
  await prisma.candidate.createMany({
    data: people.map((p) => ({
      electionId: p.electionId, personId: p.person.id, post: p.post, nominationForm: "SELF" as const,
      pledgeCampaign: true, pledgeWork: true, pledgeResign: true, pledgeDiscipline: true,
    })),
  });
  const round = ok(
    await executeAction(openRound, admin, { campaignId: campaign.id, name: "白玉县第一轮联审", deadline: addDays(today, 10), electionIds: elections.map((e) => e.id) }),
    "vetting.openRound",
  );
  const entryIds = (await prisma.vettingEntry.findMany({ where: { roundId: round.id }, select: { id: true }, orderBy: { id: "asc" } })).map((e) => e.id);
  return { admin, reviewers, roundId: round.id, entryIds, candidates: round.candidates };
}

// ---------------------------------------------------------------------------------------------
// Timing.

type Stats = { label: string; runs: number; median: number; p95: number; min: number; max: number };

function stats(label: string, samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
  const mid = s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  return { label, runs: s.length, median: mid, p95: at(0.95), min: s[0]!, max: s[s.length - 1]! };
}

/** One untimed warm-up, then `runs` timed calls of `fn(i)`. */
async function time(label: string, runs: number, fn: (i: number) => Promise<unknown>): Promise<Stats> {
  await fn(-1);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn(i);
    samples.push(performance.now() - t0);
  }
  return stats(label, samples);
}

async function must<T>(p: Promise<T | null>, what: string): Promise<T> {
  const v = await p;
  if (v === null) throw new Error(`${what} returned nothing`);
  return v;
}

async function main() {
  const { database, label, dispose } = await throwawayDatabase();
  try {
    const t0 = performance.now();
    await applyMigrations(database.adapter);
    installDatabase(database);
    const { admin, reviewers, roundId, entryIds } = await buildCounty(database);
    const setupMs = performance.now() - t0;
    const reviewer = reviewers[0]!;

    const results: Stats[] = [];
    results.push(await time(`(a0) department queue of ${entryIds.length}, no answers yet`, RUNS, () => must(getReviewerQueue(reviewer, roundId), "getReviewerQueue")));

    // (b): each run is another department answering the same 100 candidates for the first time
    // (the warm-up takes the first department, so at most 15 timed runs).
    const bulkRuns = Math.min(RUNS, reviewers.length - 1);
    const firstHundred = entryIds.slice(0, BULK_SIZE);
    results.push(
      await time(`(b) bulk no-objection for ${BULK_SIZE} (executeAction)`, bulkRuns, async (i) => {
        const res = ok(await executeAction(bulkNoObjection, reviewers[i + 1]!, { roundId, entryIds: firstHundred }), "bulkNoObjection");
        if (res.recorded !== BULK_SIZE) throw new Error(`expected ${BULK_SIZE} recorded, got ${res.recorded}`);
      }),
    );

    // Every department answers the rest; a few findings make the roll-up do real work.
    const findings: [number, string, string[]][] = [
      [5, "BAR", ["SB02A"]], [6, "CONCERN", ["SB07D"]], [4, "BAR", ["SB04B"]], [0, "BAR", ["SB03A"]], [12, "CONCERN", ["SB09B"]],
    ];
    for (const [k, [d, kind, codes]] of findings.entries()) {
      ok(await executeAction(recordOpinion, reviewers[d]!, { entryId: entryIds[BULK_SIZE + k * 97]!, kind, conditionCodes: codes, finding: "基准测试：查实的情况" }), "recordOpinion");
    }
    for (const r of reviewers) ok(await executeAction(bulkNoObjection, r, { roundId, entryIds }), "bulkNoObjection (all)");
    const opinions = await database.prisma.vettingOpinion.count({ where: { entry: { roundId } } });

    const queue = await time(`(a) department queue of ${entryIds.length}, all answered`, RUNS, () => must(getReviewerQueue(reviewer, roundId), "getReviewerQueue"));
    let boardSize = "";
    const board = await time(`(c) county board ${entryIds.length} x ${reviewers.length}, all answered`, RUNS, async () => {
      const b = await must(getRoundBoard(admin, roundId), "getRoundBoard");
      boardSize = `${b.rows.length} × ${b.departments.length}`;
    });
    results.push(queue, board);

    const w = Math.max(...results.map((r) => r.label.length)) + 2;
    const num = (v: number) => v.toFixed(1).padStart(10);
    const rule = "-".repeat(w + 6 + 40);
    console.log(`\nJoint vetting benchmark on ${label}`);
    console.log(`Setup (migrations, county, round opened): ${(setupMs / 1000).toFixed(1)} s. Round: ${entryIds.length} candidates, ${reviewers.length} departments, ${opinions} opinions; board ${boardSize}.\n`);
    console.log(`${"measurement".padEnd(w)}${"runs".padStart(6)}${"median ms".padStart(10)}${"p95 ms".padStart(10)}${"min ms".padStart(10)}${"max ms".padStart(10)}`);
    console.log(rule);
    for (const r of results) console.log(`${r.label.padEnd(w)}${String(r.runs).padStart(6)}${num(r.median)}${num(r.p95)}${num(r.min)}${num(r.max)}`);
    console.log(rule);
    console.log(`(c) / (a): ${(board.median / queue.median).toFixed(2)} by median, ${(board.p95 / queue.p95).toFixed(2)} by p95`);
    console.log(`p95 is the nearest rank (run ${Math.ceil(0.95 * RUNS)} of ${RUNS}, sorted); every measurement has one untimed warm-up first. BENCH_RUNS=<n> changes the runs.`);
  } finally {
    await dispose();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
