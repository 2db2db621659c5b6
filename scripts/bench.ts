// `npm run bench`: two sections on one throwaway database, each printing median and p95.
//
// vetting: the joint-vetting screens for a county of Baiyu's size (900 candidates, 16 departments,
// one open round):
//   (a) a department opening its queue of 900 (getReviewerQueue)
//   (b) a department bulk-approving 100 candidates (vetting.bulkNoObjection)
//   (c) the county board, 900 × 16, once every department has answered (getRoundBoard)
// tally: tally saves (tally.save) by 50 concurrent clients, each a village clerk pair double-entering
// its own village's 4 boxes, beside a bare insert transaction (and a bare insert plus one audit
// append) by the same 50 clients through the same pool; then two correctness checks under
// contention: 50 first entries racing on one box, and the same request sent twice at once.
// oversight: the seeds' two sizes, made with lib/server/seed/scale.ts (the code of npm run seed:scale):
// a county of 130 villages + 3 communities (白玉), every step an action, and a province of 2,207
// villages + 642 communities in 22 counties (宁夏), with polling setup and tally entry written directly
// (seed:scale --batch); then getDashboard (lib/server/oversight/dashboard.ts) for the county, for one
// county of the province and for all 22 of them, and getStatistics (lib/server/oversight/statistics.ts)
// for the county, one county of the province and the province, with the ratios between the sizes.
// province: the province alone (宁夏's size, seeded as above), then getProvinceDashboard beside
// provinceDashboardSql and getStatistics of the province beside statisticsSql (hand-written SQL of the same
// figures), BENCH_RUNS runs each (default 20 here), with the ratios and the goals of issue 14.
// Seeding the province takes 5-9 minutes on PostgreSQL; BENCH_PROVINCE_VILLAGES / BENCH_PROVINCE_COMMUNITIES
// seed a smaller one (more than 400 villages: several counties).
//
// Embedded PGlite in a temp folder by default; with BENCH_DATABASE_URL=postgresql://… a database
// bench_<pid> is created on that server and dropped afterwards. BENCH_ONLY=vetting|tally|oversight|province
// runs the sections named (comma-separated; default vetting,tally,oversight); BENCH_RUNS sets the runs per vetting measurement (default 10, after one
// warm-up); BENCH_POOL the PostgreSQL pool size (default 20); BENCH_CLIENTS the concurrent tally
// clients (default 50); BENCH_AUDIT_LOCK=off a what-if without the audit chain's lock (see below).
// Exits 1 after a FAIL line. Not part of `npm test`.
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type { Ballot } from "@/lib/domain/ballot";
import { addDays, dateOfDay, todayInChina } from "@/lib/domain/days";
import { idCheckChar } from "@/lib/domain/id-number";
import type { Role } from "@/lib/domain/permissions";
import { DEFAULT_RULES } from "@/lib/domain/rule-pack";
import { childPath, levelOfKind, type UnitKind } from "@/lib/domain/units";
import { FIELD } from "@/lib/domain/tally";
import { VETTING_DEPARTMENTS } from "@/lib/domain/vetting";
import { executeAction, type ActionResult } from "@/lib/server/action";
import { appendAudit, verifyAuditChain } from "@/lib/server/audit";
import type { Actor } from "@/lib/server/auth/sessions";
import { installDatabase, withTx } from "@/lib/server/db";
import { openPglite, openPostgres, type Database } from "@/lib/server/db/connect";
import { applyMigrations } from "@/lib/server/db/schema-engine";
import { openVotingRound } from "@/lib/server/election-day/rounds";
import { saveTally } from "@/lib/server/election-day/tallies";
import { getDashboard } from "@/lib/server/oversight/dashboard";
import { getProvinceDashboard, provinceDashboardSql } from "@/lib/server/oversight/province-dashboard";
import { getStatistics, statisticsSql } from "@/lib/server/oversight/statistics";
import { BATCHED_STEPS, SCALE_CAMPAIGN, SCALE_PAST_TERM, seedScale, SINGLE_COUNTY_MAX, type SeedScaleSummary } from "@/lib/server/seed/scale";
import { loadDefaultNegativeList } from "@/lib/server/vetting/negative-list";
import { bulkNoObjection, getReviewerQueue, recordOpinion } from "@/lib/server/vetting/opinions";
import { getRoundBoard, openVettingRound } from "@/lib/server/vetting/rounds";
import { readBallot } from "@/lib/domain/stored-json";

const TOWNSHIPS = 15;
const VILLAGES_PER_TOWNSHIP = 12;
const POSTS = ["DIRECTOR", "DIRECTOR", "MEMBER", "MEMBER", "MEMBER"] as const; // 180 villages × 5 = 900
const BULK_SIZE = 100;
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 10));
const POOL = Math.max(1, Number(process.env.BENCH_POOL ?? 20));
const SECTIONS = ["vetting", "tally", "oversight", "province"] as const;
type Section = (typeof SECTIONS)[number];
/**
 * BENCH_AUDIT_LOCK=off (PostgreSQL only), a what-if: the throwaway database gets a no-op
 * public.pg_advisory_xact_lock(bigint) ahead of pg_catalog's on its search_path, so audit appends no
 * longer queue on each other (and the hash chain may fork: its check is then reported, not failed).
 */
const AUDIT_LOCK_OFF = process.env.BENCH_AUDIT_LOCK === "off" && !!process.env.BENCH_DATABASE_URL;
/** `province` seeds 宁夏's size again (5-9 minutes): only when asked for. */
const ONLY = (process.env.BENCH_ONLY ?? "vetting,tally,oversight")
  .split(",")
  .map((x) => x.trim())
  .filter(Boolean);

// ---------------------------------------------------------------------------------------------
// A throwaway database.

/** `monitor`: a second connection to the same PostgreSQL database, for sampling pg_stat_activity. */
type Throwaway = { database: Database; monitor: Database | null; label: string; dispose: () => Promise<void> };

async function throwawayDatabase(): Promise<Throwaway> {
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) {
    const dir = mkdtempSync(path.join(os.tmpdir(), "huanjie-bench-"));
    const database = await openPglite(path.join(dir, "pglite"));
    return {
      database,
      monitor: null,
      label: `PGlite (${dir}, one connection)`,
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
  if (AUDIT_LOCK_OFF) benchUrl.searchParams.set("options", "-c search_path=public,pg_catalog");
  const database = openPostgres(benchUrl.toString(), POOL);
  const monitor = openPostgres(benchUrl.toString(), 1);
  const safe = new URL(benchUrl);
  safe.password = "";
  return {
    database,
    monitor,
    label: `PostgreSQL (${safe.host}/${name}, pool of ${POOL} connections${AUDIT_LOCK_OFF ? ", AUDIT LOCK OFF" : ""})`,
    dispose: async () => {
      await database.close();
      await monitor.close();
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
    sessionId: "bench",
    userId: user.id,
    username: user.username,
    displayName: user.username,
    role: user.role,
    unitId: unit.id,
    unitPath: unit.path,
    unitName: unit.name,
    unitCode: unit.code,
    unitLevel: unit.level as Actor["unitLevel"],
    countyId: unit.countyId,
    departmentId: user.departmentId,
    departmentName,
  };
}

function idNumber(n: number, female: boolean, region = "110101"): string {
  const birth = new Date(Date.UTC(1960, 0, 1) + n * 11 * 86_400_000).toISOString().slice(0, 10).replaceAll("-", "");
  const first17 = `${region}${birth}${String(n % 100).padStart(2, "0")}${female ? 2 : 1}`;
  return `${first17}${idCheckChar(first17)}`;
}

type Tree = { county: UnitRow; villages: UnitRow[] };

/** Province, city, the county, 15 townships and 180 villages (both sections share them). */
async function buildTree(database: Database): Promise<Tree> {
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
  return { county, villages };
}

async function buildCounty(database: Database, { county, villages }: Tree) {
  const { prisma } = database;
  const departments = VETTING_DEPARTMENTS.map((name, i) => ({ id: randomUUID(), countyId: county.id, name, sortOrder: i + 1 }));
  await prisma.department.createMany({ data: departments });
  const adminUser = { id: randomUUID(), username: "bench_county", role: "COUNTY_ADMIN" as Role, departmentId: null };
  const reviewerUsers = departments.map((d, i) => ({
    id: randomUUID(),
    username: `bench_reviewer_${i + 1}`,
    role: "VETTING_REVIEWER" as Role,
    departmentId: d.id,
  }));
  await prisma.user.createMany({
    data: [adminUser, ...reviewerUsers].map((u) => ({ ...u, displayName: u.username, unitId: county.id, passwordHash: "x" })),
  });
  const admin = actorOf(adminUser, county);
  const reviewers = reviewerUsers.map((u, i) => actorOf(u, county, departments[i]!.name));
  ok(await executeAction(loadDefaultNegativeList, admin, { countyId: county.id }), "negativeList.loadDefaults");

  const today = todayInChina();
  const campaign = await prisma.campaign.create({
    data: {
      countyId: county.id,
      name: "第十二届村(居)民委员会换届选举",
      startDate: dateOfDay(today),
      endDate: dateOfDay(addDays(today, 120)),
      rules: DEFAULT_RULES,
    },
  });
  const elections = villages.map((v) => ({
    id: randomUUID(),
    campaignId: campaign.id,
    unitId: v.id,
    electionDay: dateOfDay(addDays(today, 40)),
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
  let n = 0;
  const people = elections.flatMap((e) =>
    POSTS.map((post, k) => {
      const female = k === 2;
      n++;
      return {
        electionId: e.id,
        post,
        person: {
          id: randomUUID(),
          countyId: county.id,
          name: `候选人${n}`,
          gender: female ? ("FEMALE" as const) : ("MALE" as const),
          ethnicity: "01",
          birthDate: dateOfDay(addDays("1960-01-01", n * 11)),
          idNumber: idNumber(n, female),
          education: "60",
          political: "MASSES" as const,
          currentPosts: [],
          tags: [],
        },
      };
    }),
  );
  await prisma.person.createMany({ data: people.map((p) => p.person) });
  await prisma.candidate.createMany({
    data: people.map((p) => ({
      electionId: p.electionId,
      personId: p.person.id,
      post: p.post,
      nominationForm: "SELF" as const,
      pledgeCampaign: true,
      pledgeWork: true,
      pledgeResign: true,
      pledgeDiscipline: true,
    })),
  });
  const round = ok(
    await executeAction(openVettingRound, admin, {
      campaignId: campaign.id,
      name: "白玉县第一轮联审",
      deadline: addDays(today, 10),
      electionIds: elections.map((e) => e.id),
    }),
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

// ---------------------------------------------------------------------------------------------
// Section "vetting".

async function runVetting(database: Database, label: string, tree: Tree) {
  const t0 = performance.now();
  const { admin, reviewers, roundId, entryIds } = await buildCounty(database, tree);
  const setupMs = performance.now() - t0;
  const reviewer = reviewers[0]!;

  const results: Stats[] = [];
  results.push(
    await time(`(a0) department queue of ${entryIds.length}, no answers yet`, RUNS, () => must(getReviewerQueue(reviewer, roundId), "getReviewerQueue")),
  );

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
    [5, "BAR", ["SB02A"]],
    [6, "CONCERN", ["SB07D"]],
    [4, "BAR", ["SB04B"]],
    [0, "BAR", ["SB03A"]],
    [12, "CONCERN", ["SB09B"]],
  ];
  for (const [k, [d, kind, codes]] of findings.entries()) {
    ok(
      await executeAction(recordOpinion, reviewers[d]!, {
        entryId: entryIds[BULK_SIZE + k * 97]!,
        kind,
        conditionCodes: codes,
        finding: "基准测试：查实的情况",
      }),
      "recordOpinion",
    );
  }
  for (const r of reviewers) ok(await executeAction(bulkNoObjection, r, { roundId, entryIds }), "bulkNoObjection (all)");
  const opinions = await database.prisma.vettingOpinion.count({ where: { entry: { roundId } } });

  const queue = await time(`(a) department queue of ${entryIds.length}, all answered`, RUNS, () =>
    must(getReviewerQueue(reviewer, roundId), "getReviewerQueue"),
  );
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
  console.log(
    `Setup (county, round opened): ${(setupMs / 1000).toFixed(1)} s. Round: ${entryIds.length} candidates, ${reviewers.length} departments, ${opinions} opinions; board ${boardSize}.\n`,
  );
  console.log(
    `${"measurement".padEnd(w)}${"runs".padStart(6)}${"median ms".padStart(10)}${"p95 ms".padStart(10)}${"min ms".padStart(10)}${"max ms".padStart(10)}`,
  );
  console.log(rule);
  for (const r of results) console.log(`${r.label.padEnd(w)}${String(r.runs).padStart(6)}${num(r.median)}${num(r.p95)}${num(r.min)}${num(r.max)}`);
  console.log(rule);
  console.log(`(c) / (a): ${(board.median / queue.median).toFixed(2)} by median, ${(board.p95 / queue.p95).toFixed(2)} by p95`);
  console.log(
    `p95 is the nearest rank (run ${Math.ceil(0.95 * RUNS)} of ${RUNS}, sorted); every measurement has one untimed warm-up first. BENCH_RUNS=<n> changes the runs.`,
  );
}

// ---------------------------------------------------------------------------------------------
// Section "tally": tally saves by concurrent clients, beside a bare insert through the same pool.

const CLIENTS = Math.max(2, Math.min(170, Number(process.env.BENCH_CLIENTS ?? 50)));
const BOXES = 4;
const BOX_VOTERS = 250;
const SAVES_PER_CLIENT = BOXES * 2; // each box: clerk 1's first entry, clerk 2's identical second entry
const RETRY_PAIRS = Math.floor(CLIENTS / 2); // the same request sent twice at once: CLIENTS calls in all
const SMALL_BOX_VOTERS = 30;
const SOLO_BOXES = 16; // one client alone: the unloaded cost of a save

type TallyBox = { id: string; voters: number };
type TallyVillage = { unit: UnitRow; electionId: string; roundId: string; ballot: Ballot; boxes: TallyBox[]; clerks: Actor[] };
/** What a save answered, or the exception it threw (anything but an ExpectedError). */
type Answer = { ok: boolean; code: string; status?: string; duplicate?: boolean; error?: string };

/** One box's tally form, fixed by (voters, seed), that passes every arithmetic check of lib/domain/tally. */
function tallyForm(ballot: Ballot, voters: number, seed: number): Record<string, string> {
  const issued = voters - 5 - (seed % 5);
  const returned = issued - 1 - (seed % 3);
  const invalid = 1 + (seed % 4);
  const valid = returned - invalid;
  const form: Record<string, string> = { [FIELD.issued]: String(issued), [FIELD.returned]: String(returned), [FIELD.invalid]: String(invalid) };
  for (const s of ballot.sections) {
    const share = Math.floor((valid * s.seats) / (s.candidates.length + 1));
    s.candidates.forEach((c, j) => {
      form[FIELD.vote(s.post, c.key)] = String(Math.max(0, Math.min(valid, share - j - (seed % 7))));
    });
  }
  return form;
}

/**
 * A campaign with CLIENTS village elections on their published formal lists (director 1 seat / 2
 * candidates, members 2 seats / 3 candidates; double entry on), each with one central station, 4
 * boxes of 250 voters and 2 clerks, round 1 opened with round.open. One more village hosts the
 * contention checks: a box of 250 for the race, RETRY_PAIRS boxes of 30 for the retries, one of 30
 * for the warm-up, and CLIENTS clerks; another has 16 boxes for one client measured alone.
 */
async function buildTally(database: Database, { county, villages }: Tree) {
  const { prisma } = database;
  const today = todayInChina();
  const campaign = await prisma.campaign.create({
    data: { countyId: county.id, name: "基准：选举日计票", startDate: dateOfDay(today), endDate: dateOfDay(addDays(today, 120)), rules: DEFAULT_RULES },
  });
  const used = villages.slice(0, CLIENTS + 2);
  const contention = CLIENTS; // index of the contention village
  const solo = CLIENTS + 1; // index of the village measured alone
  const boxPlan = (i: number) =>
    i === solo
      ? Array.from({ length: SOLO_BOXES }, (_, k) => ({ name: `${k + 1}号票箱`, voters: BOX_VOTERS }))
      : i === contention
        ? [
            { name: "1号票箱", voters: BOX_VOTERS },
            ...Array.from({ length: RETRY_PAIRS }, (_, k) => ({ name: `重试${k + 1}号票箱`, voters: SMALL_BOX_VOTERS })),
            { name: "预热票箱", voters: SMALL_BOX_VOTERS },
          ]
        : Array.from({ length: BOXES }, (_, k) => ({ name: `${k + 1}号票箱`, voters: BOX_VOTERS }));
  const elections = used.map((v, i) => ({
    id: randomUUID(),
    campaignId: campaign.id,
    unitId: v.id,
    electionDay: dateOfDay(today),
    method: "CONTESTED" as const,
    seatsDirector: 1,
    seatsDeputy: 0,
    seatsMember: 2,
    seatsWomenMember: 0,
    dualRole: "PLANNED" as const,
    registeredVoters: boxPlan(i).reduce((sum, b) => sum + b.voters, 0),
    listStatus: "FORMAL" as const,
    submittedAt: new Date(),
    formalPublishedAt: new Date(),
    doubleEntry: true,
  }));
  await prisma.election.createMany({ data: elections });

  let n = 0;
  const people = elections.flatMap((e) =>
    POSTS.map((post, k) => {
      const female = k === 2;
      n++;
      return {
        electionId: e.id,
        post,
        rank: k + 1,
        person: {
          id: randomUUID(),
          countyId: county.id,
          name: `计票候选人${n}`,
          gender: female ? ("FEMALE" as const) : ("MALE" as const),
          ethnicity: "01",
          birthDate: dateOfDay(addDays("1960-01-01", n * 11)),
          idNumber: idNumber(n, female, "110102"),
          education: "60",
          political: "MASSES" as const,
          currentPosts: [],
          tags: [],
        },
      };
    }),
  );
  await prisma.person.createMany({ data: people.map((p) => p.person) });
  await prisma.candidate.createMany({
    data: people.map((p) => ({
      electionId: p.electionId,
      personId: p.person.id,
      post: p.post,
      nominationForm: "SELF" as const,
      formalRank: p.rank,
      pledgeCampaign: true,
      pledgeWork: true,
      pledgeResign: true,
      pledgeDiscipline: true,
    })),
  });

  const stations = elections.map((e) => ({ id: randomUUID(), electionId: e.id, name: "中心会场", kind: "CENTRAL" as const, place: "村委会大院" }));
  await prisma.pollingStation.createMany({ data: stations });
  const boxes = elections.map((e, i) =>
    boxPlan(i).map((b) => ({ id: randomUUID(), electionId: e.id, stationId: stations[i]!.id, kind: "FIXED" as const, ...b })),
  );
  await prisma.ballotBox.createMany({ data: boxes.flat() });

  const users = used.map((v, i) =>
    Array.from({ length: i === contention ? CLIENTS : 2 }, (_, k) => ({
      id: randomUUID(),
      username: `bench_clerk_${i + 1}_${k + 1}`,
      role: "VILLAGE_CLERK" as Role,
      departmentId: null,
    })),
  );
  await prisma.user.createMany({
    data: users.flatMap((list, i) => list.map((u) => ({ ...u, displayName: u.username, unitId: used[i]!.id, passwordHash: "x" }))),
  });

  const all: TallyVillage[] = [];
  for (const [i, v] of used.entries()) {
    const clerks = users[i]!.map((u) => actorOf(u, v));
    const round = ok(await executeAction(openVotingRound, clerks[0]!, { electionId: elections[i]!.id, number: 1 }), "round.open");
    const { ballot } = await prisma.votingRound.findUniqueOrThrow({ where: { id: round.id }, select: { ballot: true } });
    all.push({
      unit: v,
      electionId: elections[i]!.id,
      roundId: round.id,
      ballot: readBallot(ballot),
      boxes: boxes[i]!.map((b) => ({ id: b.id, voters: b.voters })),
      clerks,
    });
  }
  return { clients: all.slice(0, CLIENTS), contention: all[contention]!, solo: all[solo]! };
}

async function save(actor: Actor, v: TallyVillage, box: TallyBox, version: number, requestId: string, seed: number): Promise<Answer> {
  try {
    const res = await executeAction(saveTally, actor, {
      roundId: v.roundId,
      boxId: box.id,
      version,
      requestId,
      mode: "enter",
      ...tallyForm(v.ballot, box.voters, seed),
    });
    return res.ok ? { ok: true, code: "ok", status: res.data.status, duplicate: res.data.duplicate } : { ok: false, code: res.code, error: res.error };
  } catch (err) {
    return { ok: false, code: "exception", error: err instanceof Error ? err.message : String(err) };
  }
}

/** Averages of pg_stat_activity samples of the bench database while a load runs (PostgreSQL only). */
type Activity = { samples: number; lockWait: number; active: number; idleInTx: number };

function watchActivity(monitor: Database | null): () => Promise<Activity | null> {
  if (!monitor) return async () => null;
  let running = true;
  const sum = { samples: 0, lockWait: 0, active: 0, idleInTx: 0 };
  const loop = (async () => {
    while (running) {
      const [r] = await monitor.prisma.$queryRawUnsafe<{ lock: number; active: number; idle: number }[]>(
        `SELECT count(*) FILTER (WHERE wait_event_type = 'Lock' AND wait_event = 'advisory')::int AS lock,
                count(*) FILTER (WHERE state = 'active')::int AS active,
                count(*) FILTER (WHERE state = 'idle in transaction')::int AS idle
           FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
      );
      sum.samples++;
      sum.lockWait += r?.lock ?? 0;
      sum.active += r?.active ?? 0;
      sum.idleInTx += r?.idle ?? 0;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  return async () => {
    running = false;
    await loop;
    const n = Math.max(1, sum.samples);
    return { samples: sum.samples, lockWait: sum.lockWait / n, active: sum.active / n, idleInTx: sum.idleInTx / n };
  };
}

type Load = { label: string; ops: number; wallMs: number; cpuMs: number; stats: Stats; activity: Activity | null };

/** `clients` concurrent loops of `perClient` sequential operations; every operation timed. */
async function load(
  label: string,
  clients: number,
  perClient: number,
  op: (client: number, i: number) => Promise<void>,
  monitor: Database | null,
): Promise<Load> {
  const samples: number[] = [];
  const stop = watchActivity(monitor);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let i = 0; i < perClient; i++) {
        const s = performance.now();
        await op(c, i);
        samples.push(performance.now() - s);
      }
    }),
  );
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const activity = await stop();
  return { label, ops: samples.length, wallMs, cpuMs: (cpu.user + cpu.system) / 1000, stats: stats(label, samples), activity };
}

/** Runs the section; false when a check failed (a FAIL line is printed for each). */
async function runTally(database: Database, monitor: Database | null, label: string, tree: Tree): Promise<boolean> {
  const { prisma } = database;
  const failures: string[] = [];
  const fail = (what: string) => failures.push(what);

  const t0 = performance.now();
  const { clients, contention, solo } = await buildTally(database, tree);
  if (AUDIT_LOCK_OFF) {
    await prisma.$executeRawUnsafe(`CREATE FUNCTION public.pg_advisory_xact_lock(bigint) RETURNS void LANGUAGE plpgsql AS $$ BEGIN END $$`);
  }
  await prisma.$executeRawUnsafe(`CREATE TABLE bench_bare (id uuid PRIMARY KEY, payload jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
  const setupMs = performance.now() - t0;

  const bare = (payload: string) => (tx: Parameters<Parameters<typeof withTx>[0]>[0]) =>
    tx.$executeRaw`INSERT INTO bench_bare (id, payload) VALUES (${randomUUID()}::uuid, ${payload}::jsonb)`;
  const payloadOf = (c: number, i: number) => JSON.stringify(tallyForm(clients[c]!.ballot, BOX_VOTERS, c * BOXES + (i >> 1)));
  const bareInsert = (c: number, i: number) => withTx(bare(payloadOf(c, i)));
  const auditedInsert = (c: number, i: number) =>
    withTx(async (tx) => {
      await bare(payloadOf(c, i))(tx);
      const a = clients[c]!.clerks[i & 1]!;
      await appendAudit(tx, {
        event: "tally.entered",
        actor: { userId: a.userId, username: a.username, role: a.role },
        unitId: a.unitId,
        objectType: "BenchBare",
        objectId: randomUUID(),
        after: { values: JSON.parse(payloadOf(c, i)) as Record<string, unknown> },
      });
    });

  // Warm-up (untimed): every pooled connection opened, every query shape seen once.
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      await bareInsert(c, 0);
      await auditedInsert(c, 0);
    }),
  );
  const warm = contention.boxes[contention.boxes.length - 1]!;
  for (const [k, clerk] of contention.clerks.slice(0, 2).entries()) {
    const a = await save(clerk, contention, warm, k, randomUUID(), 1);
    if (!a.ok) fail(`warm-up save ${k + 1}: ${a.code} ${a.error ?? ""}`);
  }
  const bareBefore = await prisma.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM bench_bare`);

  // One client alone first (the unloaded cost), then (B) and (BA), then (T): the same clients and
  // operation counts through the same pool.
  const soloSaves = SOLO_BOXES * 2;
  const sBare = await load("(B1) bare insert, 1 client alone", 1, soloSaves, async (_, i) => void (await bareInsert(0, i)), monitor);
  let unexpected = 0;
  const expect = (a: Answer, want: string, what: string) => {
    if (!a.ok || a.status !== want || a.duplicate) {
      if (++unexpected <= 5) fail(`${what}: expected ${want}, got ${a.ok ? `${a.status}${a.duplicate ? " (duplicate)" : ""}` : `${a.code}: ${a.error}`}`);
    }
  };
  const sSave = await load(
    "(T1) tally.save, 1 client alone",
    1,
    soloSaves,
    async (_, i) => {
      const entry = i & 1;
      const a = await save(solo.clerks[entry]!, solo, solo.boxes[i >> 1]!, entry, randomUUID(), 3 + (i >> 1));
      expect(a, entry ? "ACCEPTED" : "AWAITING_SECOND", `alone, save ${i + 1}`);
    },
    monitor,
  );
  const tBare = await load("(B)  bare insert: BEGIN; INSERT; COMMIT", CLIENTS, SAVES_PER_CLIENT, async (c, i) => void (await bareInsert(c, i)), monitor);
  const tAudited = await load("(BA) bare insert + 1 audit append", CLIENTS, SAVES_PER_CLIENT, (c, i) => auditedInsert(c, i), monitor);
  const sent: string[] = [];
  const tSave = await load(
    "(T)  tally.save (executeAction)",
    CLIENTS,
    SAVES_PER_CLIENT,
    async (c, i) => {
      const v = clients[c]!;
      const entry = i & 1;
      const box = v.boxes[i >> 1]!;
      const requestId = randomUUID();
      sent.push(requestId);
      const a = await save(v.clerks[entry]!, v, box, entry, requestId, c * BOXES + (i >> 1));
      expect(a, entry ? "ACCEPTED" : "AWAITING_SECOND", `client ${c + 1}, save ${i + 1}`);
    },
    monitor,
  );
  if (unexpected > 5) fail(`… ${unexpected} unexpected answers in all`);

  // Checks on what the saves stored.
  const electionIds = clients.map((v) => v.electionId);
  const tallies = await prisma.boxTally.findMany({
    where: { electionId: { in: electionIds } },
    select: { status: true, version: true, firstEntryId: true, secondEntryId: true, acceptedEntryId: true, _count: { select: { entries: true } } },
  });
  const accepted = tallies.filter(
    (t) => t.status === "ACCEPTED" && t.version === 2 && t.firstEntryId && t.secondEntryId && t.acceptedEntryId === t.secondEntryId && t._count.entries === 2,
  ).length;
  const boxesWanted = CLIENTS * BOXES;
  if (tallies.length !== boxesWanted || accepted !== boxesWanted)
    fail(`${accepted} of ${boxesWanted} boxes ACCEPTED with exactly two entries (${tallies.length} box tallies found)`);
  const entries = await prisma.tallyEntry.count({ where: { electionId: { in: electionIds } } });
  const byRequest = await prisma.tallyEntry.count({ where: { requestId: { in: sent } } });
  if (entries !== sent.length || byRequest !== sent.length || new Set(sent).size !== sent.length) {
    fail(`${entries} TallyEntry rows and ${byRequest} matching the ${sent.length} request ids sent (each should be stored exactly once)`);
  }
  const [bareAfter] = await prisma.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM bench_bare`);
  const bareRows = (bareAfter?.n ?? 0) - (bareBefore[0]?.n ?? 0);
  if (bareRows !== sBare.ops + tBare.ops + tAudited.ops) fail(`${bareRows} bench_bare rows, expected ${sBare.ops + tBare.ops + tAudited.ops}`);

  // Contention 1: every clerk of one village types the same box's first entry at once, version 0.
  const raceBox = contention.boxes[0]!;
  const race = await Promise.all(contention.clerks.map((clerk) => save(clerk, contention, raceBox, 0, randomUUID(), 7)));
  const raceSaved = race.filter((a) => a.ok && !a.duplicate).length;
  const raceStale = race.filter((a) => !a.ok && a.code === "stale").length;
  const raceOther = race.length - raceSaved - raceStale;
  const raceTally = await prisma.boxTally.findUnique({
    where: { roundId_boxId: { roundId: contention.roundId, boxId: raceBox.id } },
    select: { status: true, version: true, _count: { select: { entries: true } } },
  });
  const raceEntries = raceTally?._count.entries ?? 0;
  if (raceSaved !== 1 || raceStale !== race.length - 1 || raceEntries !== 1 || raceTally?.status !== "AWAITING_SECOND" || raceTally.version !== 1) {
    fail(
      `race: ${raceSaved} saved, ${raceStale} stale, ${raceOther} other (${[...new Set(race.filter((a) => !a.ok && a.code !== "stale").map((a) => `${a.code}: ${a.error}`))].slice(0, 3).join(" | ")}); ${raceEntries} entries, box ${raceTally?.status} v${raceTally?.version}`,
    );
  }

  // Contention 2: a retried submission — the same request sent twice at once — on RETRY_PAIRS boxes together.
  const pairs = Array.from({ length: RETRY_PAIRS }, (_, k) => ({ clerk: contention.clerks[k]!, box: contention.boxes[1 + k]!, requestId: randomUUID() }));
  const retried = await Promise.all(pairs.map(async (p, k) => Promise.all([0, 1].map(() => save(p.clerk, contention, p.box, 0, p.requestId, 11 + k)))));
  const kinds = new Map<string, number>();
  for (const answers of retried) {
    const kind = answers
      .map((a) => (a.ok ? (a.duplicate ? "duplicate" : "saved") : a.code))
      .sort((x, y) => (x === "saved" ? -1 : y === "saved" ? 1 : x < y ? -1 : 1))
      .join(" + ");
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  const retryEntries = await prisma.tallyEntry.count({ where: { requestId: { in: pairs.map((p) => p.requestId) } } });
  const retryBoxes = await prisma.boxTally.count({
    where: { roundId: contention.roundId, boxId: { in: pairs.map((p) => p.box.id) }, status: "AWAITING_SECOND", version: 1 },
  });
  const savedOnce = retried.filter((answers) => answers.filter((a) => a.ok && !a.duplicate).length === 1).length;
  if (retryEntries !== RETRY_PAIRS || retryBoxes !== RETRY_PAIRS || savedOnce !== RETRY_PAIRS) {
    fail(
      `retry: ${retryEntries} entries for ${RETRY_PAIRS} requests, ${retryBoxes} boxes awaiting the second entry, ${savedOnce} pairs with exactly one first save`,
    );
  }

  const chain = await verifyAuditChain();
  if (chain.broken && !AUDIT_LOCK_OFF) fail(`audit chain broken at ${chain.broken.id}: ${chain.broken.reason}`);

  // Report.
  const rows = [tSave, tBare, tAudited, sSave, sBare];
  const w = Math.max(...rows.map((r) => r.label.length)) + 2;
  const f = (v: number, d = 1, width = 10) => v.toFixed(d).padStart(width);
  const perSec = (r: Load) => r.ops / (r.wallMs / 1000);
  const pg = database.kind === "postgres";
  const rule = "-".repeat(w + 6 + 9 + 9 + 30 + 9 + (pg ? 24 : 0));
  console.log(`\nTally saves, ${CLIENTS} concurrent clients, on ${label}`);
  console.log(
    `Setup (${CLIENTS + 2} village elections, round 1 opened with round.open): ${(setupMs / 1000).toFixed(1)} s. Each client village: FORMAL list of 5 ` +
      `(director 1 seat / 2 candidates, members 2 seats / 3 candidates), 1 station, ${BOXES} boxes of ${BOX_VOTERS} voters, double entry, 2 clerks.`,
  );
  console.log(
    pg
      ? `Pool: ${POOL} connections for ${CLIENTS} clients (BENCH_POOL); a client waits in the pool's queue for a connection, and that wait is part of its latency.`
      : "PGlite has one connection: every transaction (saves and bare inserts alike) waits for the one before it, so the clients are served one at a time and the latencies are mostly queueing.",
  );
  console.log(
    `Each client: its own village, box after box, clerk 1's first entry then clerk 2's identical second entry (ACCEPTED): ${SAVES_PER_CLIENT} saves. ` +
      `A first entry appends 1 audit event, a second 2; the audit append takes a transaction-level advisory lock (lib/server/audit.ts), held to COMMIT` +
      `${AUDIT_LOCK_OFF ? " (a no-op in this run: BENCH_AUDIT_LOCK=off)" : ""}.\n`,
  );
  const activityHead = pg ? `${"lockwait".padStart(9)}${"run".padStart(6)}${"idle-tx".padStart(9)}` : "";
  console.log(
    `${"measurement".padEnd(w)}${"ops".padStart(6)}${"wall s".padStart(9)}${"ops/s".padStart(9)}${"median ms".padStart(10)}${"p95 ms".padStart(10)}${"max ms".padStart(10)}${"cpu ms/op".padStart(10)}${activityHead}`,
  );
  console.log(rule);
  for (const [k, r] of rows.entries()) {
    if (k === 3) console.log(rule);
    const a = r.activity;
    const act = pg && a ? `${f(a.lockWait, 1, 9)}${f(a.active - a.lockWait, 1, 6)}${f(a.idleInTx, 1, 9)}` : "";
    console.log(
      `${r.label.padEnd(w)}${String(r.ops).padStart(6)}${f(r.wallMs / 1000, 2, 9)}${f(perSec(r), 0, 9)}${f(r.stats.median)}${f(r.stats.p95)}${f(r.stats.max)}${f(r.cpuMs / r.ops)}${act}`,
    );
  }
  console.log(rule);
  const x = (a: number, b: number) => `${(a / b).toFixed(1)}×`;
  console.log(
    `save / bare:        p95 ${x(tSave.stats.p95, tBare.stats.p95)}, median ${x(tSave.stats.median, tBare.stats.median)}; throughput bare / save ${x(perSec(tBare), perSec(tSave))}`,
  );
  console.log(
    `audited / bare:     p95 ${x(tAudited.stats.p95, tBare.stats.p95)}, median ${x(tAudited.stats.median, tBare.stats.median)}; throughput bare / audited ${x(perSec(tBare), perSec(tAudited))}  (the audit append alone)`,
  );
  console.log(
    `save / audited:     p95 ${x(tSave.stats.p95, tAudited.stats.p95)}, median ${x(tSave.stats.median, tAudited.stats.median)}; throughput audited / save ${x(perSec(tAudited), perSec(tSave))}  (the save's own work)`,
  );
  console.log(`alone, save / bare: median ${x(sSave.stats.median, sBare.stats.median)}, p95 ${x(sSave.stats.p95, sBare.stats.p95)}`);
  console.log(
    `p95 is the nearest rank of each row's operations; one untimed warm-up round first. cpu ms/op: this Node process's CPU (user+system) per operation` +
      (pg
        ? `. lockwait / run / idle-tx: mean number of the pool's backends waiting on the audit advisory lock / running / idle in a transaction (waiting for Node), sampled from pg_stat_activity.\n`
        : ` (PGlite runs inside it, so this includes the database).\n`),
  );
  console.log(
    `check: ${accepted} of ${boxesWanted} boxes ACCEPTED with 2 entries each; ${entries} TallyEntry rows for ${sent.length} request ids (${byRequest} matched, each once); ${bareRows} bench_bare rows.`,
  );
  console.log(
    `check: race, ${race.length} first entries of one box at once (version 0, distinct request ids): ${raceSaved} saved, ${raceStale} stale, ${raceOther} other; ${raceEntries} entry stored.`,
  );
  console.log(
    `check: retry, ${RETRY_PAIRS} requests each sent twice at once (${RETRY_PAIRS * 2} calls): ${[...kinds].map(([k, v]) => `${v}× ${k}`).join(", ")}; ` +
      `${retryEntries} entries stored for ${RETRY_PAIRS} request ids.`,
  );
  console.log(
    chain.broken
      ? `check: audit chain broken at entry ${chain.broken.id} (${chain.broken.reason})${AUDIT_LOCK_OFF ? ": expected with BENCH_AUDIT_LOCK=off, not a failure" : ""}.`
      : `check: audit chain intact over ${chain.checked} entries.`,
  );
  for (const line of failures) console.log(`FAIL: ${line}`);
  return failures.length === 0;
}

// ---------------------------------------------------------------------------------------------
// Section "oversight": the dashboard and the statistics at the seeds' two sizes.

const OVERSIGHT_COUNTY = { villages: 130, communities: 3, countyCode: "970121000000" };
const OVERSIGHT_PROVINCE = {
  villages: Math.max(SINGLE_COUNTY_MAX + 1, Number(process.env.BENCH_PROVINCE_VILLAGES ?? 2207)),
  communities: Math.max(0, Number(process.env.BENCH_PROVINCE_COMMUNITIES ?? 642)),
  countyCode: "960121000000",
};

async function actorOfUser(database: Database, username: string): Promise<Actor> {
  const u = await database.prisma.user.findUniqueOrThrow({
    where: { username },
    select: {
      id: true,
      username: true,
      role: true,
      departmentId: true,
      unit: { select: { id: true, code: true, name: true, path: true, countyId: true, level: true } },
    },
  });
  return actorOf({ id: u.id, username: u.username, role: u.role, departmentId: u.departmentId }, u.unit);
}

/** Like `npm run stats`: a supervisor at the province's root, for the figures above county level. */
function supervisorAt(unit: { id: string; code: string; name: string; path: string }): Actor {
  return {
    sessionId: "bench",
    userId: "00000000-0000-0000-0000-000000000000",
    username: "bench_supervisor",
    displayName: "bench",
    role: "SUPERVISOR",
    unitId: unit.id,
    unitPath: unit.path,
    unitName: unit.name,
    unitCode: unit.code,
    unitLevel: "PROVINCE",
    countyId: null,
    departmentId: null,
    departmentName: null,
  };
}

async function runOversight(database: Database, label: string): Promise<boolean> {
  const { prisma } = database;
  const failures: string[] = [];
  const fail = (what: string) => failures.push(what);
  const seedLog = (line: string) => console.log(`  seed ${line.trim()}`);

  console.log(`\nOversight: seeding the county (${OVERSIGHT_COUNTY.villages} villages + ${OVERSIGHT_COUNTY.communities} communities, every step an action) …`);
  const county = await seedScale({ ...OVERSIGHT_COUNTY, log: seedLog });
  console.log(
    `Oversight: seeding the province (${OVERSIGHT_PROVINCE.villages} + ${OVERSIGHT_PROVINCE.communities}, polling setup and tally entry written directly) …`,
  );
  const province = await seedScale({ ...OVERSIGHT_PROVINCE, batch: true, progressEvery: 500, log: seedLog });

  const countyAdmin = await actorOfUser(database, county.counties[0]!.adminUsername);
  const sample = province.counties[0]!;
  const sampleAdmin = await actorOfUser(database, sample.adminUsername);
  const root = await prisma.unit.findUniqueOrThrow({ where: { id: province.province.id }, select: { id: true, code: true, name: true, path: true } });
  const supervisor = supervisorAt(root);
  const units = (s: SeedScaleSummary) => s.villages + s.communities;
  const sampleUnits = sample.villages + sample.communities;

  // The figures must be the seed's before their timings mean anything.
  const checkStats = (what: string, st: Awaited<ReturnType<typeof getStatistics>>, want: { committees: number; members?: number; registered?: number }) => {
    if (!st) return fail(`${what}: getStatistics returned nothing`);
    if (st.committees !== want.committees) fail(`${what}: ${st.committees} committees, seeded ${want.committees}`);
    if (want.members !== undefined && st.members.total !== want.members) fail(`${what}: ${st.members.total} members, seeded ${want.members}`);
    if (want.registered !== undefined && st.turnout?.registered !== want.registered)
      fail(`${what}: ${st.turnout?.registered} registered voters, seeded ${want.registered}`);
  };
  const checkDashboard = (what: string, d: Awaited<ReturnType<typeof getDashboard>>, want: number) => {
    if (!d) return fail(`${what}: getDashboard returned nothing`);
    if (d.totals.villages !== want || d.stageCounts.certified !== want)
      fail(`${what}: ${d.totals.villages} villages, ${d.stageCounts.certified} certified; seeded ${want}, all certified`);
  };
  const statsCounty = await getStatistics(countyAdmin, { unitCode: county.counties[0]!.code, termName: SCALE_CAMPAIGN });
  checkStats("county", statsCounty, { committees: units(county), members: county.members, registered: county.registeredVoters });
  const statsProvince = await getStatistics(supervisor, { unitCode: root.code, termName: SCALE_CAMPAIGN });
  checkStats("province", statsProvince, { committees: units(province), members: province.members, registered: province.registeredVoters });
  checkStats("one county of the province", await getStatistics(sampleAdmin, { unitCode: sample.code, termName: SCALE_CAMPAIGN }), { committees: sampleUnits });
  checkDashboard("county", await getDashboard(countyAdmin, county.counties[0]!.campaignId), units(county));
  checkDashboard("one county of the province", await getDashboard(sampleAdmin, sample.campaignId), sampleUnits);
  for (const c of province.counties) checkDashboard(`province, ${c.name}`, await getDashboard(supervisor, c.campaignId), c.villages + c.communities);

  const rows: Stats[] = [
    await time(`(d1) getDashboard, county of ${units(county)}`, RUNS, () => must(getDashboard(countyAdmin, county.counties[0]!.campaignId), "getDashboard")),
    await time(`(d2) getDashboard, a county of ${sampleUnits} in the province`, RUNS, () => must(getDashboard(sampleAdmin, sample.campaignId), "getDashboard")),
    await time(`(d3) getDashboard x ${province.counties.length}, every county of the province`, RUNS, async () => {
      for (const c of province.counties) await must(getDashboard(supervisor, c.campaignId), "getDashboard");
    }),
    await time(`(s1) getStatistics, county of ${units(county)}`, RUNS, () =>
      must(getStatistics(countyAdmin, { unitCode: county.counties[0]!.code, termName: SCALE_CAMPAIGN }), "getStatistics"),
    ),
    await time(`(s2) getStatistics, a county of ${sampleUnits} in the province`, RUNS, () =>
      must(getStatistics(sampleAdmin, { unitCode: sample.code, termName: SCALE_CAMPAIGN }), "getStatistics"),
    ),
    await time(`(s3) getStatistics, province of ${units(province)}`, RUNS, () =>
      must(getStatistics(supervisor, { unitCode: root.code, termName: SCALE_CAMPAIGN }), "getStatistics"),
    ),
  ];
  const [d1, d2, d3, s1, s2, s3] = rows as [Stats, Stats, Stats, Stats, Stats, Stats];

  const seeded = (s: SeedScaleSummary) =>
    `${s.counties.length} ${s.counties.length === 1 ? "county" : "counties"}, ${s.townships} townships, ${s.villages} villages + ${s.communities} communities, ` +
    `${s.candidates} candidates, ${s.members} members, ${s.registeredVoters.toLocaleString("en")} registered voters, ${s.runoffs} runoffs; ` +
    `${(s.elapsedMs / 1000).toFixed(0)} s, ${s.actions} actions`;
  const w = Math.max(...rows.map((r) => r.label.length)) + 2;
  const num = (v: number) => v.toFixed(1).padStart(10);
  const rule = "-".repeat(w + 6 + 40);
  const x = (a: number, b: number) => `${(a / b).toFixed(1)}x`;
  console.log(`\nOversight at the seeds' sizes on ${label}`);
  console.log(`County:   ${seeded(county)} (every step an action).`);
  console.log(`Province: ${seeded(province)} (written directly: ${BATCHED_STEPS.join("; ")}).`);
  console.log(`The database holds both (${units(county) + units(province)} villages and communities); each figure below is for its own unit only.\n`);
  console.log(
    `${"measurement".padEnd(w)}${"runs".padStart(6)}${"median ms".padStart(10)}${"p95 ms".padStart(10)}${"min ms".padStart(10)}${"max ms".padStart(10)}`,
  );
  console.log(rule);
  for (const [k, r] of rows.entries()) {
    if (k === 3) console.log(rule);
    console.log(`${r.label.padEnd(w)}${String(r.runs).padStart(6)}${num(r.median)}${num(r.p95)}${num(r.min)}${num(r.max)}`);
  }
  console.log(rule);
  console.log(`units, province / county: ${x(units(province), units(county))}`);
  console.log(
    `statistics, province / county (s3/s1): median ${x(s3.median, s1.median)}, p95 ${x(s3.p95, s1.p95)}; a county of the province / the county (s2/s1): median ${x(s2.median, s1.median)}`,
  );
  console.log(
    `dashboard, every county of the province / the county (d3/d1): median ${x(d3.median, d1.median)}, p95 ${x(d3.p95, d1.p95)}; a county of the province / the county (d2/d1): median ${x(d2.median, d1.median)}`,
  );
  console.log(`p95 is the nearest rank (run ${Math.ceil(0.95 * RUNS)} of ${RUNS}, sorted); one untimed warm-up first. BENCH_RUNS=<n> changes the runs.`);
  if (statsCounty && statsProvince) {
    const f = (st: NonNullable<typeof statsCounty>) =>
      `${st.committees} committees, ${st.members.total} members (${st.members.director}/${st.members.deputy}/${st.members.member}), ` +
      `women ${st.women.count}, 一肩挑 ${st.dualRole.count}, turnout ${st.turnout ? `${st.turnout.voted}/${st.turnout.registered}` : "-"}, average age ${st.averageAge?.toFixed(1) ?? "-"} (${st.averageAgeChange === null ? "no previous term" : `${st.averageAgeChange > 0 ? "+" : ""}${st.averageAgeChange.toFixed(2)} against the previous term`})`;
    console.log(`check: county statistics: ${f(statsCounty)}.`);
    console.log(`check: province statistics: ${f(statsProvince)}.`);
  }
  for (const line of failures) console.log(`FAIL: ${line}`);
  return failures.length === 0;
}

// ---------------------------------------------------------------------------------------------
// Section "province": the province dashboard and the province statistics, each beside hand-written SQL.

/** Goals of issue 14 ("Speed at a province's size"), p95 warm. */
const PROVINCE_GOALS = { dashboardMs: 300, statisticsMs: 200, ratio: 1.5 };

async function runProvince(database: Database, label: string): Promise<boolean> {
  const { prisma } = database;
  const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 20));
  const failures: string[] = [];
  const fail = (what: string) => failures.push(what);
  console.log(
    `\nProvince: seeding ${OVERSIGHT_PROVINCE.villages} villages + ${OVERSIGHT_PROVINCE.communities} communities (polling setup and tally entry written directly) …`,
  );
  // With the oversight section in the same run its province exists already: this one gets other codes.
  const countyCode = ONLY.includes("oversight") ? "950121000000" : OVERSIGHT_PROVINCE.countyCode;
  const province = await seedScale({ ...OVERSIGHT_PROVINCE, countyCode, batch: true, progressEvery: 500, log: (line) => console.log(`  seed ${line.trim()}`) });
  const root = await prisma.unit.findUniqueOrThrow({ where: { id: province.province.id }, select: { id: true, code: true, name: true, path: true } });
  const supervisor = supervisorAt(root);
  const units = province.villages + province.communities;
  const campaignIds = (
    await prisma.campaign.findMany({ where: { name: SCALE_CAMPAIGN, county: { path: { startsWith: root.path } } }, select: { id: true } })
  ).map((c) => c.id);
  const pastTermIds = (
    await prisma.pastTerm.findMany({ where: { name: SCALE_PAST_TERM, county: { path: { startsWith: root.path } } }, select: { id: true } })
  ).map((t) => t.id);
  const today = todayInChina();

  // The figures must agree before their timings mean anything.
  const dash = await must(getProvinceDashboard(supervisor, { term: SCALE_CAMPAIGN }), "getProvinceDashboard");
  type DashRow = { countyId: string; units: number; communities: number; certified: number; overdue: number };
  const dashSql = await prisma.$queryRaw<DashRow[]>(provinceDashboardSql(root.path, campaignIds, today));
  if (dash.totals.units !== units) fail(`dashboard: ${dash.totals.units} units, seeded ${units}`);
  if (dash.totals.communities !== province.communities) fail(`dashboard: ${dash.totals.communities} communities, seeded ${province.communities}`);
  for (const r of dash.rows) {
    const q = dashSql.find((x) => x.countyId === r.id);
    if (!q || q.units !== r.units || q.communities !== r.communities || q.certified !== r.stageCounts.certified || q.overdue !== r.overdue) {
      fail(
        `dashboard, ${r.name}: ${JSON.stringify({ units: r.units, communities: r.communities, certified: r.stageCounts.certified, overdue: r.overdue })}, SQL ${JSON.stringify(q)}`,
      );
    }
  }
  const st = await must(getStatistics(supervisor, { unitCode: root.code, termName: SCALE_CAMPAIGN }), "getStatistics");
  const statementsSql = statisticsSql(root.path, campaignIds, pastTermIds);
  const runStatsSql = () => Promise.all(statementsSql.map((q) => prisma.$queryRaw<Record<string, unknown>[]>(q)));
  const [headline] = await runStatsSql();
  const total = headline!.find((r) => r.kind === null && r.parentId === null)!;
  const ofKind = (k: string) => headline!.find((r) => r.kind === k)!;
  const same = (what: string, a: unknown, b: unknown) => {
    if (JSON.stringify(a) !== JSON.stringify(b)) fail(`statistics ${what}: loader ${JSON.stringify(a)}, SQL ${JSON.stringify(b)}`);
  };
  for (const [what, f, row] of [
    ["total", st, total],
    ["villages", st.byKind.village, ofKind("VILLAGE")],
    ["communities", st.byKind.community, ofKind("COMMUNITY")],
  ] as const) {
    same(`${what} committees`, f.committees, row.committees);
    same(`${what} members`, f.members.total, row.members);
    same(`${what} women`, f.women.count, row.women);
    same(`${what} 一肩挑`, f.dualRole.count, row.dualRole);
    same(`${what} party members`, f.partyMembers.count, row.party);
    same(`${what} under 35`, f.under35.count, row.under35);
    same(`${what} average age`, f.averageAge, row.averageAge);
    same(`${what} registered`, f.turnout?.registered ?? null, row.registered);
    same(`${what} first-round elected`, f.firstRoundElected?.count ?? null, row.firstRoundElected);
  }
  if (st.committees !== units) fail(`statistics: ${st.committees} committees, seeded ${units}`);
  if (st.members.total !== province.members) fail(`statistics: ${st.members.total} members, seeded ${province.members}`);

  const rows: Stats[] = [
    await time(`(p1) getProvinceDashboard, province of ${units}`, runs, () =>
      must(getProvinceDashboard(supervisor, { term: SCALE_CAMPAIGN }), "getProvinceDashboard"),
    ),
    await time(`(p2) provinceDashboardSql, the same counts`, runs, () => prisma.$queryRaw(provinceDashboardSql(root.path, campaignIds, today))),
    await time(`(p3) getStatistics, province of ${units}`, runs, () =>
      must(getStatistics(supervisor, { unitCode: root.code, termName: SCALE_CAMPAIGN }), "getStatistics"),
    ),
    await time(`(p4) statisticsSql, ${statementsSql.length} statements side by side`, runs, runStatsSql),
  ];
  const [p1, p2, p3, p4] = rows as [Stats, Stats, Stats, Stats];
  const w = Math.max(...rows.map((r) => r.label.length)) + 2;
  const num = (v: number) => v.toFixed(1).padStart(10);
  const rule = "-".repeat(w + 6 + 40);
  const x = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
  console.log(`\nProvince on ${label}`);
  console.log(
    `Seeded: ${province.counties.length} counties, ${province.townships} townships, ${province.villages} villages + ${province.communities} communities, ` +
      `${province.candidates} candidates, ${province.members} members, ${province.registeredVoters.toLocaleString("en")} registered voters; ${(province.elapsedMs / 1000).toFixed(0)} s.\n`,
  );
  console.log(
    `${"measurement".padEnd(w)}${"runs".padStart(6)}${"median ms".padStart(10)}${"p95 ms".padStart(10)}${"min ms".padStart(10)}${"max ms".padStart(10)}`,
  );
  console.log(rule);
  for (const [k, r] of rows.entries()) {
    if (k === 2) console.log(rule);
    console.log(`${r.label.padEnd(w)}${String(r.runs).padStart(6)}${num(r.median)}${num(r.p95)}${num(r.min)}${num(r.max)}`);
  }
  console.log(rule);
  const goal = (what: string, s: Stats, sql: Stats, ms: number) => {
    const r = s.p95 / sql.p95;
    const met = s.p95 <= ms && r <= PROVINCE_GOALS.ratio;
    console.log(
      `${what}: p95 ${s.p95.toFixed(1)} ms (goal ≤ ${ms} ms${s.p95 > ms ? `, missed by ${(s.p95 - ms).toFixed(0)} ms` : ""}); ` +
        `against the SQL: p95 ${x(s.p95, sql.p95)}, median ${x(s.median, sql.median)} (goal ≤ ${PROVINCE_GOALS.ratio}x) ${met ? "goal met" : "GOAL MISSED"}`,
    );
  };
  goal("dashboard", p1, p2, PROVINCE_GOALS.dashboardMs);
  goal("statistics", p3, p4, PROVINCE_GOALS.statisticsMs);
  console.log(
    `p95 is the nearest rank (run ${Math.ceil(0.95 * runs)} of ${runs}, sorted); one untimed warm-up first. A missed goal is reported, not a failure; FAIL is for figures that disagree.`,
  );
  console.log(
    `check: dashboard ${dash.totals.units} units (${dash.totals.communities} communities) in ${dash.rows.length} counties, as the SQL; ` +
      `statistics ${st.committees} committees, ${st.members.total} members, 一肩挑 ${st.byKind.village.dualRole.count} + ${st.byKind.community.dualRole.count} (villages + communities), as the SQL.`,
  );
  for (const line of failures) console.log(`FAIL: ${line}`);
  return failures.length === 0;
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const unknown = ONLY.filter((x) => !SECTIONS.includes(x as Section));
  if (unknown.length || ONLY.length === 0) {
    console.error(`BENCH_ONLY: unknown section ${unknown.join(", ") || "(none)"}; sections: ${SECTIONS.join(", ")}`);
    process.exit(2);
  }
  const { database, monitor, label, dispose } = await throwawayDatabase();
  let passed = true;
  try {
    const t0 = performance.now();
    await applyMigrations(database.adapter);
    installDatabase(database);
    const needsTree = ONLY.includes("vetting") || ONLY.includes("tally");
    const tree = needsTree ? await buildTree(database) : null;
    console.log(
      `Benchmark on ${label}: migrations${needsTree ? " and the county's 180 villages" : ""} in ${((performance.now() - t0) / 1000).toFixed(1)} s; sections ${ONLY.join(", ")}.`,
    );
    if (tree && ONLY.includes("vetting")) await runVetting(database, label, tree);
    if (tree && ONLY.includes("tally")) passed = await runTally(database, monitor, label, tree);
    if (ONLY.includes("oversight")) passed = (await runOversight(database, label)) && passed;
    if (ONLY.includes("province")) passed = (await runProvince(database, label)) && passed;
  } finally {
    await dispose();
  }
  if (!passed) process.exit(1);
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
