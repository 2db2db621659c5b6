// The permission matrix: every registered action, run by every role at each level it can be assigned,
// against units in four relations to the actor (own, child, sibling, other county). Adding an action
// without a CASES entry fails the first test.
import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import * as allActions from "@/lib/server/all-actions";
import { addDays, dateOfDay, todayInChina } from "@/lib/domain/days";
import { ROLES, type Role } from "@/lib/domain/permissions";
import type { UnitKind } from "@/lib/domain/units";
import { DEFAULT_NEGATIVE_LIST } from "@/lib/domain/vetting";
import { voterClaimKey } from "@/lib/domain/voter-roll";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { executeAction, registeredActions, type ActionDef } from "@/lib/server/action";
import { createSession, sessionHandle, type Actor } from "@/lib/server/auth/sessions";
import { createDepartment, setDepartmentActive, updateDepartment } from "@/lib/server/departments";
import type { ErrorCode } from "@/lib/server/errors";
import { createUnit, setUnitActive, updateUnit } from "@/lib/server/units";
import { deactivateUnit, importUnits } from "@/lib/server/units-import";
import { toCsv } from "@/lib/domain/csv";
import { createUser, disableUsers, resetUserPassword, resetUserSecondFactor, saveSecondFactorPolicy, setUserDisabled, updateUser } from "@/lib/server/users";
import { importUsers } from "@/lib/server/account-import";
import { ACCOUNT_COLUMNS, ACCOUNT_SHEET } from "@/lib/domain/account-import";
import { createCampaign, updateCampaign } from "@/lib/server/nomination/campaigns";
import { createKinship, deleteCandidate, deleteKinship, returnList, saveCandidate, submitList } from "@/lib/server/nomination/candidates";
import { saveElection } from "@/lib/server/nomination/elections";
// Imported directly as well as through all-actions, so its case runs even before all-actions lists it;
// the coverage test below checks that all-actions does.
import { CANDIDATE_SHEET, importCandidates, TEMPLATE_COLUMNS } from "@/lib/server/nomination/excel";
import { saveRulePack } from "@/lib/server/nomination/rules";
import { completeElection, decide, decideBatch } from "@/lib/server/vetting/decisions";
import { createCondition, loadDefaultNegativeList, setConditionRetired, updateCondition } from "@/lib/server/vetting/negative-list";
import { bulkNoObjection, recordOpinion } from "@/lib/server/vetting/opinions";
import { openVettingRound } from "@/lib/server/vetting/rounds";
import {
  addProxy,
  addStaff,
  deleteBox,
  deleteProxy,
  deleteStaff,
  deleteStation,
  saveBox,
  saveStation,
  setDoubleEntry,
} from "@/lib/server/election-day/polling";
import { makeFormalElection } from "../support/election-day-fixtures";
import { firstRoundBallot, type Ballot } from "@/lib/domain/ballot";
import { decideElection } from "@/lib/domain/election-engine";
import { DEFAULT_RULES } from "@/lib/domain/rule-pack";
import { engineInputFor, FIELD, sumTallies, type TallyValues } from "@/lib/domain/tally";
import { confirmResult, reopenResult } from "@/lib/server/election-day/results";
import { hashPassword, verifyPassword } from "@/lib/server/auth/password";
import { changeOwnPassword } from "@/lib/server/account";
import { withTx } from "@/lib/server/db";
import { endOtherSessions, endOwnSession } from "@/lib/server/own-sessions";
import { beginTotpEnrolment, confirmTotpEnrolment, disableTotp, regenerateRecoveryCodes } from "@/lib/server/own-second-factor";
import { decryptSecret, encryptSecret, newTotpSecret } from "@/lib/server/auth/totp";
import { generateSync } from "otplib";
import { certifyResults, decertifyResult, sealElection } from "@/lib/server/records/certification";
import { saveCertificateLayout, saveCertificateName } from "@/lib/server/records/certificates";
import { importPastTerm, PAST_TERM_COLUMNS, PAST_TERM_SHEET } from "@/lib/server/oversight/past-terms";
import { setRisk } from "@/lib/server/oversight/dashboard";
import { answerComplaint, assignComplaint, closeComplaint, receiveComplaint } from "@/lib/server/complaints";
import { certificateNumber, DEFAULT_LAYOUT } from "@/lib/domain/certificate";
import { decideRound, openVotingRound, undecideRound } from "@/lib/server/election-day/rounds";
import { attachTallyPhoto, saveTally } from "@/lib/server/election-day/tallies";
import { decideObjection, recordObjection } from "@/lib/server/voters/objections";
import { openRoll, postRoll } from "@/lib/server/voters/rolls";
import { addVoter, changeVoter, removeVoter } from "@/lib/server/voters/voters";
import { importVoters } from "@/lib/server/voters/import";
import { VOTER_IMPORT_COLUMNS } from "@/lib/domain/voter-import";
import { auditMark, auditSince, fingerprint } from "../support/db-state";
import { makeActor, makeTree, makeUnit, type UnitFixture } from "../support/fixtures";
import { addCandidate, addValidList, candidateInput, electionDayAhead, freshPerson, makeCampaign, makeElection } from "../support/nomination-fixtures";
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

// ---------------------------------------------------------------------------------------------
// The world: province 98 (makeTree) plus a second province 97 with one county (and one township and
// village, for the nomination actions), so a province-level SYSTEM_ADMIN also has a sibling and a foreign county.
const base = await makeTree(prisma);
const province97 = await makeUnit(prisma, null, "970000000000", "邻省", "PROVINCE");
const city97 = await makeUnit(prisma, province97, "970100000000", "邻市", "CITY");
const county97 = await makeUnit(prisma, city97, "970101000000", "邻县", "COUNTY");
const town97 = await makeUnit(prisma, county97, "970101100000", "邻镇", "TOWN");
const village97 = await makeUnit(prisma, town97, "970101100201", "邻村", "VILLAGE");
const tree = { ...base, province97, city97, county97, town97, village97 };
type Tree = typeof tree;
const ALL_UNITS: UnitFixture[] = Object.values(tree);
const reviewerDept = await prisma.department.create({ data: { countyId: tree.countyA.id, name: "甲县公安局" } });
// Writes the opinions the vetting builders need. Never runs an action here, so the county admin is never
// caught by the separation-of-duties rule (a reviewer who gave an opinion may not decide).
const opinionAuthor = await makeActor(prisma, "VETTING_REVIEWER", tree.countyA, { departmentId: reviewerDept.id, username: "opinion_author" });

/** fingerprint() plus the vetting tables, which tests/support/db-state.ts does not list. */
const VETTING_TABLES = ["NegativeCondition", "VettingRound", "VettingEntry", "VettingOpinion"];
/** The polling setup tables (lib/server/election-day/polling), so a refused polling action is seen to write nothing. */
const POLLING_TABLES = [
  "PollingStation",
  "BallotBox",
  "ProxyVote",
  "PollingStaff",
  "VotingRound",
  "BoxTally",
  "TallyEntry",
  "ElectedMember",
  "Attachment",
  "Certificate",
  "CertificateLayout",
  "VillageRisk",
  "PastTerm",
  "PastTermMember",
];
/** The second factor's own tables (User's columns are in fingerprint()). */
const SECOND_FACTOR_TABLES = ["RecoveryCode", "SecondFactorPolicy"];
/** The voter roll tables (lib/server/voters). */
const VOTER_TABLES = ["VoterRoll", "Voter", "VoterChange", "VoterObjection"];
/** The complaints ledger (lib/server/complaints). */
const COMPLAINT_TABLES = ["Complaint"];
async function state(p: PrismaClient): Promise<Record<string, string>> {
  const sql = [...VETTING_TABLES, ...POLLING_TABLES, ...SECOND_FACTOR_TABLES, ...VOTER_TABLES, ...COMPLAINT_TABLES]
    .map((t) => `SELECT '${t}' AS tbl, count(*)::int AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS h FROM "${t}" t`)
    .join(" UNION ALL ");
  const rows = await p.$queryRawUnsafe<{ tbl: string; n: number; h: string }[]>(sql);
  const out = await fingerprint(p);
  for (const r of rows) out[r.tbl] = `${r.n} rows, md5 ${r.h}`;
  return out;
}

type Relation = "own" | "child" | "sibling" | "otherCounty";
const RELATIONS: Relation[] = ["own", "child", "sibling", "otherCounty"];

type ActorSpec = {
  role: Role;
  where: string;
  unit: UnitFixture;
  departmentId?: string;
  /** The unit in each relation to the actor's unit; null when the relation does not exist (a village has no child). */
  targets: Record<Relation, UnitFixture | null>;
};

const countyATargets = { own: tree.countyA, child: tree.townA1, sibling: tree.countyB, otherCounty: tree.townB1 };
const townA1Targets = { own: tree.townA1, child: tree.villageA1a, sibling: tree.townA2, otherCounty: tree.townB1 };

const ACTOR_SPECS: ActorSpec[] = [
  {
    role: "SYSTEM_ADMIN",
    where: "province 98",
    unit: tree.province,
    targets: { own: tree.province, child: tree.city, sibling: province97, otherCounty: county97 },
  },
  { role: "COUNTY_ADMIN", where: "county A", unit: tree.countyA, targets: countyATargets },
  { role: "VETTING_REVIEWER", where: "county A", unit: tree.countyA, departmentId: reviewerDept.id, targets: countyATargets },
  { role: "SUPERVISOR", where: "county A", unit: tree.countyA, targets: countyATargets },
  { role: "TOWNSHIP_OFFICER", where: "township A1", unit: tree.townA1, targets: townA1Targets },
  { role: "SUPERVISOR", where: "township A1", unit: tree.townA1, targets: townA1Targets },
  {
    role: "VILLAGE_CLERK",
    where: "village A1a",
    unit: tree.villageA1a,
    targets: { own: tree.villageA1a, child: null, sibling: tree.villageA1b, otherCounty: tree.villageB1a },
  },
];

const actors = new Map<ActorSpec, Actor>();
// Critical operations ask for the password again (result.certify), so the actors have a real one.
const MATRIX_PASSWORD = "Matrix-Mima-2026";
const matrixHash = await hashPassword(MATRIX_PASSWORD);
for (const spec of ACTOR_SPECS) actors.set(spec, await makeActor(prisma, spec.role, spec.unit, { departmentId: spec.departmentId, passwordHash: matrixHash }));

// ---------------------------------------------------------------------------------------------
// Builders of valid inputs. Every case gets fresh rows (unique codes, usernames, department names).
let seq = 0;
const next = () => ++seq;

/**
 * A code and kind for a new child of `parent` that fits the parent's prefix (see unitCodeProblem). Its
 * own counter: the shared `seq` passes 699 over the whole matrix, and a 4-digit suffix is no code.
 */
let childSeq = 0;
function childCode(parent: UnitFixture): { code: string; kind: UnitKind } {
  const n = ++childSeq;
  switch (parent.level) {
    case "PROVINCE":
      return { code: `${parent.code.slice(0, 2)}${String(10 + n).padStart(2, "0")}00000000`, kind: "CITY" };
    case "CITY":
      return { code: `${parent.code.slice(0, 4)}${String(10 + n).padStart(2, "0")}000000`, kind: "COUNTY" };
    case "COUNTY":
      return { code: `${parent.code.slice(0, 6)}${String(300 + n).padStart(3, "0")}000`, kind: "TOWN" };
    case "TOWNSHIP":
      return { code: `${parent.code.slice(0, 9)}${String(300 + n).padStart(3, "0")}`, kind: "VILLAGE" };
    default:
      // A village cannot have children; any well-formed code will do, the refusal comes first.
      return { code: `${parent.code.slice(0, 9)}${String(300 + n).padStart(3, "0")}`, kind: "VILLAGE" };
  }
}

/** A role that may be assigned at the unit's level (by a SYSTEM_ADMIN or COUNTY_ADMIN in scope). */
const ROLE_AT_LEVEL: Record<string, Role> = {
  PROVINCE: "SYSTEM_ADMIN",
  CITY: "SUPERVISOR",
  COUNTY: "SUPERVISOR",
  TOWNSHIP: "TOWNSHIP_OFFICER",
  VILLAGE: "VILLAGE_CLERK",
};

/**
 * Department actions act on a county. For a county the department is its own; below a county it
 * belongs to the unit's county; above (province, city) to the first county of the subtree. So a
 * township officer's "own" relation means a department of county A — above them, out of subtree.
 */
function countyFor(unit: UnitFixture): UnitFixture {
  if (unit.level === "COUNTY") return unit;
  const county = unit.countyId ? ALL_UNITS.find((u) => u.id === unit.countyId) : ALL_UNITS.find((u) => u.level === "COUNTY" && u.path.startsWith(unit.path));
  if (!county) throw new Error(`no county for ${unit.name}`);
  return county;
}

/** The first unit at one of `levels` in the unit's subtree (the unit itself when it is at one). */
function firstIn(unit: UnitFixture, levels: string[]): UnitFixture {
  if (levels.includes(unit.level)) return unit;
  const found = ALL_UNITS.find((u) => levels.includes(u.level) && u.path.startsWith(unit.path));
  if (!found) throw new Error(`no ${levels.join("/")} under ${unit.name}`);
  return found;
}

/**
 * Election, candidate, kinship and list actions act on a village: the relation's unit itself, or the
 * first village below it (a county admin's "sibling" county B means county B's village).
 */
const villageFor = (unit: UnitFixture) => firstIn(unit, ["VILLAGE"]);

/** A fresh campaign of the village's county with an election for the village. */
async function electionIn(p: PrismaClient, village: UnitFixture, listStatus: "DRAFT" | "SUBMITTED" = "DRAFT") {
  const campaign = await makeCampaign(p, village.countyId!);
  return makeElection(p, campaign.id, village.id, { listStatus });
}

/** A one-row import workbook in the template's layout. */
async function importWorkbook(unitCode: string, c: ReturnType<typeof candidateInput>): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(CANDIDATE_SHEET);
  const values: Record<string, string> = {
    unitCode,
    name: c.name,
    gender: c.gender === "MALE" ? "男" : "女",
    ethnicity: "汉族",
    birthDate: c.birthDate,
    idNumber: c.idNumber,
    education: "高中",
    political: "群众",
    post: "委员",
    nominationForm: "自荐",
    pledgeCampaign: "是",
    pledgeWork: "是",
    pledgeResign: "是",
    pledgeDiscipline: "是",
  };
  ws.addRow(TEMPLATE_COLUMNS.map((col) => col.header));
  ws.addRow(TEMPLATE_COLUMNS.map((col) => values[col.key] ?? null));
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** A past term's workbook (term.import) with one director of the village. */
async function pastTermWorkbook(unitCode: string): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(PAST_TERM_SHEET);
  const values: Record<string, string> = {
    unitCode,
    name: "张建国",
    gender: "男",
    ethnicity: "汉族",
    birthDate: "1970-05-01",
    education: "高中",
    political: "中共党员",
    post: "主任",
    dualRole: "是",
    electionDate: "2021-01-16",
  };
  ws.addRow(PAST_TERM_COLUMNS.map((col) => col.header));
  ws.addRow(PAST_TERM_COLUMNS.map((col) => values[col.key] ?? null));
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** An account import workbook (user.import) with one account. */
async function accountWorkbook(username: string, role: Role, unitCode: string): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(ACCOUNT_SHEET);
  const values: Record<string, string> = { username, displayName: "王建华", role, unitCode };
  ws.addRow(ACCOUNT_COLUMNS.map((col) => col.header));
  ws.addRow(ACCOUNT_COLUMNS.map((col) => values[col.key] ?? null));
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

async function freshDepartment(prisma: PrismaClient, county: UnitFixture) {
  return prisma.department.create({ data: { countyId: county.id, name: `部门${next()}` } });
}

/** Turns a user's second factor on without the actions; returns the plain secret. */
async function enrolDirectly(prisma: PrismaClient, userId: string) {
  const secret = newTotpSecret();
  await prisma.user.update({ where: { id: userId }, data: { totpSecret: encryptSecret(secret), totpEnabledAt: new Date(), totpLastStep: null } });
  return secret;
}
async function unenrol(prisma: PrismaClient, userId: string) {
  await prisma.user.update({ where: { id: userId }, data: { totpSecret: null, totpEnabledAt: null, totpLastStep: null } });
  await prisma.recoveryCode.deleteMany({ where: { userId } });
}

async function freshUser(prisma: PrismaClient, unit: UnitFixture) {
  const n = next();
  return prisma.user.create({
    data: { username: `target${n}`, displayName: `对象${n}`, role: ROLE_AT_LEVEL[unit.level]!, unitId: unit.id, passwordHash: "x" },
  });
}

/**
 * An open round of the village's county holding one election (now IN_VETTING) and its candidates:
 * the valid five-person list of addValidList, or `members` member candidates.
 */
async function openRoundIn(p: PrismaClient, village: UnitFixture, opts: { validList?: boolean; members?: number } = {}) {
  const countyId = village.countyId!;
  const election = await electionIn(p, village, "SUBMITTED");
  const candidates = opts.validList ? (await addValidList(p, election.id, countyId)).map((x) => x.candidate) : [];
  for (let i = 0; !opts.validList && i < (opts.members ?? 1); i++) candidates.push((await addCandidate(p, election.id, countyId, "MEMBER")).candidate);
  await p.election.update({ where: { id: election.id }, data: { listStatus: "IN_VETTING", version: { increment: 1 } } });
  // The panel: every department of the county active now (in county A that includes the reviewer's).
  const departmentIds = (await p.department.findMany({ where: { countyId, active: true }, select: { id: true } })).map((d) => d.id);
  const round = await p.vettingRound.create({
    data: { countyId, campaignId: election.campaignId, name: `联审批次${next()}`, deadline: dateOfDay(addDays(todayInChina(), 10)), departmentIds },
  });
  await p.vettingEntry.createMany({ data: candidates.map((c) => ({ roundId: round.id, candidateId: c.id })) });
  const entries = await p.vettingEntry.findMany({ where: { roundId: round.id }, orderBy: { id: "asc" } });
  return { election, round, entries };
}

/** Every department of the round's panel answers 无异议 for the entries, so they roll up to ELIGIBLE. Returns opinions written per entry. */
async function clearAll(p: PrismaClient, round: { departmentIds: string[] }, entryIds: string[]): Promise<number> {
  await p.vettingOpinion.createMany({
    data: entryIds.flatMap((entryId) =>
      round.departmentIds.map((departmentId) => ({
        entryId,
        departmentId,
        reviewerId: opinionAuthor.userId,
        kind: "NO_OBJECTION" as const,
        conditionCodes: [],
      })),
    ),
  });
  return round.departmentIds.length;
}

async function freshCondition(p: PrismaClient, county: UnitFixture) {
  return p.negativeCondition.create({ data: { countyId: county.id, code: `T${next()}`, text: "测试用负面条件", severity: "BAR", basis: "测试依据" } });
}

type AnyAction = ActionDef<z.ZodType, unknown>;
const asAny = (def: unknown) => def as AnyAction;

type Built = {
  input: unknown;
  /** The unit whose subtree membership decides scope, when it is not the target (departments). */
  actsOn?: UnitFixture;
  /** Checks the change is really there after a successful run. */
  verify?: (data: unknown) => Promise<void>;
};

type Refusal = { code: ErrorCode; message: RegExp };

type Case = {
  action: AnyAction;
  /** Written out here on purpose, not derived from ROLE_PERMISSIONS: this is the spec. */
  allowedRoles: Role[];
  /** The audit event a successful run writes. */
  event: string;
  /** Events a successful run writes after `event`, in order, where it writes more than one. */
  thenEvents?: string[];
  build: (prisma: PrismaClient, tree: Tree, target: UnitFixture, actor: Actor) => Promise<Built>;
  /** A documented domain refusal for an allowed role acting inside its subtree. */
  refusal?: (relation: Relation, target: UnitFixture) => Refusal | null;
};

const ADMINS: Role[] = ["SYSTEM_ADMIN", "COUNTY_ADMIN"];
const REVIEWER: Role[] = ["VETTING_REVIEWER"];
const TOWNSHIP: Role[] = ["TOWNSHIP_OFFICER"];
const COUNTY: Role[] = ["COUNTY_ADMIN"];
/** voter.edit: the county office, the township and the village's election committee. */
const VOTER_EDITORS: Role[] = ["COUNTY_ADMIN", "TOWNSHIP_OFFICER", "VILLAGE_CLERK"];
const OWN_UNIT_REFUSED = (relation: Relation): Refusal | null => (relation === "own" ? { code: "forbidden", message: /不能修改您自己所在的单位/ } : null);

const CASES: Record<string, Case> = {
  // ---- Oversight: the red/yellow/green risk status of a village (红黄绿) ---------------------------
  "risk.set": {
    action: asAny(setRisk),
    allowedRoles: ["COUNTY_ADMIN", "TOWNSHIP_OFFICER"],
    event: "risk.set",
    // Acts on the relation's village, in a fresh campaign of its county; a score of 55 means red.
    build: async (p, _t, target) => {
      const village = villageFor(target);
      const campaign = await makeCampaign(p, village.countyId!);
      return {
        input: { campaignId: campaign.id, unitId: village.id, score: 55, note: "信访矛盾突出，县乡领导包干", version: 0 },
        actsOn: village,
        verify: async () => {
          const risk = await p.villageRisk.findUniqueOrThrow({ where: { campaignId_unitId: { campaignId: campaign.id, unitId: village.id } } });
          expect(risk).toMatchObject({ level: "RED", score: 55, note: "信访矛盾突出，县乡领导包干", version: 1 });
        },
      };
    },
  },
  "unit.create": {
    action: asAny(createUnit),
    allowedRoles: ADMINS,
    event: "unit.created",
    // The target is the PARENT of the new unit.
    build: async (_p, _t, parent) => {
      const { code, kind } = childCode(parent);
      const name = `新单位${seq}`;
      return {
        input: { parentId: parent.id, name, code, kind },
        verify: async () => {
          const created = await prisma.unit.findUniqueOrThrow({ where: { code } });
          expect(created).toMatchObject({ name, parentId: parent.id, kind });
          expect(created.path.startsWith(parent.path)).toBe(true);
        },
      };
    },
    refusal: (_r, parent) => (parent.level === "VILLAGE" ? { code: "invalid", message: /村\(社区\)下不能再建下级单位/ } : null),
  },
  "unit.update": {
    action: asAny(updateUnit),
    allowedRoles: ADMINS,
    event: "unit.updated",
    build: async (p, _t, target) => {
      const row = await p.unit.findUniqueOrThrow({ where: { id: target.id } });
      const name = `${target.name}${next()}`;
      return {
        input: { id: row.id, version: row.version, name, code: row.code, kind: row.kind },
        verify: async () => {
          const after = await p.unit.findUniqueOrThrow({ where: { id: target.id } });
          expect(after).toMatchObject({ name, version: row.version + 1 });
        },
      };
    },
    refusal: OWN_UNIT_REFUSED,
  },
  "unit.setActive": {
    action: asAny(setUnitActive),
    allowedRoles: ADMINS,
    event: "unit.activated",
    // Re-activating keeps the shared tree usable (deactivation with users is refused; see users-units).
    build: async (p, _t, target) => {
      const row = await p.unit.findUniqueOrThrow({ where: { id: target.id } });
      return {
        input: { id: row.id, version: row.version, active: true },
        verify: async () => {
          expect(await p.unit.findUniqueOrThrow({ where: { id: target.id } })).toMatchObject({ active: true, version: row.version + 1 });
        },
      };
    },
    refusal: OWN_UNIT_REFUSED,
  },
  "unit.import": {
    action: asAny(importUnits),
    allowedRoles: ADMINS,
    event: "unit.imported",
    // A one-row code table under the target: a new child of it, its kind by the name's suffix.
    build: async (p, _t, target) => {
      const { code, kind } = childCode(target);
      const name = `导入${next()}${{ CITY: "市", COUNTY: "县", TOWN: "镇", VILLAGE: "村" }[kind as "CITY" | "COUNTY" | "TOWN" | "VILLAGE"]}`;
      return {
        input: { unitId: target.id, file: toCsv(["统计用区划代码", "名称"], [[code, name]]), fileName: "区划.csv", apply: true },
        verify: async (data) => {
          expect(data).toMatchObject({ applied: true, created: [{ code, name, kind }] });
          expect(await p.unit.findUniqueOrThrow({ where: { code } })).toMatchObject({ name, kind, parentId: target.id, active: true });
        },
      };
    },
  },
  "unit.deactivate": {
    action: asAny(deactivateUnit),
    allowedRoles: ADMINS,
    event: "unit.deactivated",
    // A fresh unit below the target (no users, no election data): what an import lists as missing.
    build: async (p, _t, target) => {
      const { code, kind } = childCode(target);
      const fresh = await makeUnit(p, target, code, `待停用${next()}`, kind);
      return {
        input: { id: fresh.id, version: 1 },
        actsOn: fresh,
        verify: async () => {
          expect(await p.unit.findUniqueOrThrow({ where: { id: fresh.id } })).toMatchObject({ active: false, version: 2 });
        },
      };
    },
  },
  "department.create": {
    action: asAny(createDepartment),
    allowedRoles: ADMINS,
    event: "department.created",
    build: async (p, _t, target) => {
      const county = countyFor(target);
      const name = `新部门${next()}`;
      return {
        input: { countyId: county.id, name, duty: "审查", sortOrder: 1 },
        actsOn: county,
        verify: async () => {
          expect(await p.department.findFirst({ where: { countyId: county.id, name } })).not.toBeNull();
        },
      };
    },
  },
  "department.update": {
    action: asAny(updateDepartment),
    allowedRoles: ADMINS,
    event: "department.updated",
    build: async (p, _t, target) => {
      const county = countyFor(target);
      const dept = await freshDepartment(p, county);
      const name = `改名部门${next()}`;
      return {
        input: { id: dept.id, version: dept.version, name, duty: "新职责", sortOrder: 2 },
        actsOn: county,
        verify: async () => {
          expect(await p.department.findUniqueOrThrow({ where: { id: dept.id } })).toMatchObject({ name, duty: "新职责", version: dept.version + 1 });
        },
      };
    },
  },
  "department.setActive": {
    action: asAny(setDepartmentActive),
    allowedRoles: ADMINS,
    event: "department.deactivated",
    build: async (p, _t, target) => {
      const county = countyFor(target);
      const dept = await freshDepartment(p, county);
      return {
        input: { id: dept.id, version: dept.version, active: false },
        actsOn: county,
        verify: async () => {
          expect(await p.department.findUniqueOrThrow({ where: { id: dept.id } })).toMatchObject({ active: false });
        },
      };
    },
  },
  "user.create": {
    action: asAny(createUser),
    allowedRoles: ADMINS,
    event: "user.created",
    // The target is the unit the new user is assigned at.
    build: async (p, _t, unit) => {
      const username = `new${next()}`;
      const role = ROLE_AT_LEVEL[unit.level]!;
      return {
        input: { username, displayName: "新用户", password: "Xinyonghu-Mima-7", role, unitId: unit.id, departmentId: null },
        verify: async () => {
          // The administrator chose the password: the new user must replace it at first login.
          expect(await p.user.findUniqueOrThrow({ where: { username } })).toMatchObject({ role, unitId: unit.id, disabled: false, mustChangePassword: true });
        },
      };
    },
  },
  "user.update": {
    action: asAny(updateUser),
    allowedRoles: ADMINS,
    event: "user.updated",
    // The target is the unit of the user being edited.
    build: async (p, _t, unit) => {
      const user = await freshUser(p, unit);
      return {
        input: { id: user.id, version: user.version, displayName: "改过的姓名", role: user.role, unitId: unit.id, departmentId: null },
        verify: async () => {
          expect(await p.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ displayName: "改过的姓名", version: user.version + 1 });
        },
      };
    },
  },
  "user.setDisabled": {
    action: asAny(setUserDisabled),
    allowedRoles: ADMINS,
    event: "user.disabled",
    build: async (p, _t, unit) => {
      const user = await freshUser(p, unit);
      return {
        input: { id: user.id, version: user.version, disabled: true },
        verify: async () => {
          expect(await p.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ disabled: true });
        },
      };
    },
  },
  "user.disableMany": {
    action: asAny(disableUsers),
    allowedRoles: ADMINS,
    event: "user.disabled",
    // The target is the unit of the (one) ticked user.
    build: async (p, _t, unit) => {
      const user = await freshUser(p, unit);
      return {
        input: { users: [`${user.id}:${user.version}`] },
        verify: async (data) => {
          expect(data).toEqual({ disabled: 1, alreadyDisabled: 0, sessionsEnded: 0 });
          expect(await p.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ disabled: true });
        },
      };
    },
  },
  "user.import": {
    action: asAny(importUsers),
    allowedRoles: ADMINS,
    event: "user.created",
    thenEvents: ["user.imported"],
    // The target is the unit whose subtree the file's accounts go into; one account at the unit itself.
    build: async (p, _t, unit) => {
      const username = `imported${next()}`;
      const role = ROLE_AT_LEVEL[unit.level]!;
      return {
        input: { unitId: unit.id, file: await accountWorkbook(username, role, unit.code), fileName: "账号.xlsx" },
        verify: async (data) => {
          expect(data).toMatchObject({ created: 1, accounts: [{ username, role }] });
          const password = (data as { accounts: { password: string }[] }).accounts[0]!.password;
          const user = await p.user.findUniqueOrThrow({ where: { username } });
          expect(user).toMatchObject({ role, unitId: unit.id, mustChangePassword: true });
          expect(await verifyPassword(user.passwordHash, password)).toBe(true);
        },
      };
    },
  },
  "user.resetPassword": {
    action: asAny(resetUserPassword),
    allowedRoles: ADMINS,
    event: "user.password.reset",
    build: async (p, _t, unit) => {
      const user = await freshUser(p, unit);
      return {
        input: { id: user.id, password: "Reset-Passw0rd" },
        verify: async () => {
          const after = await p.user.findUniqueOrThrow({ where: { id: user.id } });
          expect(after.passwordHash).toMatch(/^\$argon2id\$/);
          expect(after.mustChangePassword).toBe(true);
        },
      };
    },
  },
  "account.changePassword": {
    action: asAny(changeOwnPassword),
    allowedRoles: [...ROLES],
    event: "auth.password.changed",
    // No input names a user or a unit: in every relation it changes the actor's own password, at the
    // actor's own unit, so it is never out of scope.
    build: async (p, _t, _target, actor) => {
      const newPassword = "Matrix-Xin-2027!";
      return {
        input: { currentPassword: MATRIX_PASSWORD, newPassword, confirmPassword: newPassword },
        actsOn: ALL_UNITS.find((u) => u.id === actor.unitId)!,
        verify: async () => {
          const after = await p.user.findUniqueOrThrow({ where: { id: actor.userId } });
          expect(await verifyPassword(after.passwordHash, newPassword)).toBe(true);
          // Back to the shared password for the cases that ask for it again (result.certify).
          await p.user.update({ where: { id: actor.userId }, data: { passwordHash: matrixHash } });
        },
      };
    },
  },

  "account.endOtherSessions": {
    action: asAny(endOtherSessions),
    allowedRoles: [...ROLES],
    event: "auth.session.ended_others",
    // Like account.changePassword: only ever the actor's own sessions, at the actor's own unit.
    build: async (p, _t, _target, actor) => {
      const other = await withTx((tx) => createSession(tx, actor.userId));
      return {
        input: {},
        actsOn: ALL_UNITS.find((u) => u.id === actor.unitId)!,
        verify: async () => {
          expect(await p.session.findUniqueOrThrow({ where: { id: other } })).toMatchObject({ revokedReason: "ended_by_user" });
        },
      };
    },
  },
  "account.endSession": {
    action: asAny(endOwnSession),
    allowedRoles: [...ROLES],
    event: "auth.session.ended",
    build: async (p, _t, _target, actor) => {
      const other = await withTx((tx) => createSession(tx, actor.userId));
      return {
        input: { handle: sessionHandle(other) },
        actsOn: ALL_UNITS.find((u) => u.id === actor.unitId)!,
        verify: async () => {
          expect(await p.session.findUniqueOrThrow({ where: { id: other } })).toMatchObject({ revokedReason: "ended_by_user" });
        },
      };
    },
  },

  // The actor's own second factor: like the session actions, always the actor's own account and unit.
  // Cases that enrol the actor undo it in verify, so the actor's later cases are not asked for a code.
  "account.totp.begin": {
    action: asAny(beginTotpEnrolment),
    allowedRoles: [...ROLES],
    event: "auth.totp.enrollment.started",
    build: async (p, _t, _target, actor) => ({
      input: {},
      actsOn: ALL_UNITS.find((u) => u.id === actor.unitId)!,
      verify: async () => {
        const after = await p.user.findUniqueOrThrow({ where: { id: actor.userId } });
        expect(after.totpSecret && decryptSecret(after.totpSecret)).toMatch(/^[A-Z2-7]+$/);
        expect(after.totpEnabledAt).toBeNull();
        await p.user.update({ where: { id: actor.userId }, data: { totpSecret: null } });
      },
    }),
  },
  "account.totp.confirm": {
    action: asAny(confirmTotpEnrolment),
    allowedRoles: [...ROLES],
    event: "auth.totp.enrolled",
    build: async (p, _t, _target, actor) => {
      const secret = newTotpSecret();
      await p.user.update({ where: { id: actor.userId }, data: { totpSecret: encryptSecret(secret), totpEnabledAt: null, totpLastStep: null } });
      return {
        input: { code: generateSync({ secret }) },
        actsOn: ALL_UNITS.find((u) => u.id === actor.unitId)!,
        verify: async () => {
          expect((await p.user.findUniqueOrThrow({ where: { id: actor.userId } })).totpEnabledAt).not.toBeNull();
          expect(await p.recoveryCode.count({ where: { userId: actor.userId, usedAt: null } })).toBe(10);
          await unenrol(p, actor.userId);
        },
      };
    },
  },
  "account.recoveryCodes.regenerate": {
    action: asAny(regenerateRecoveryCodes),
    allowedRoles: [...ROLES],
    event: "auth.recovery_codes.regenerated",
    build: async (p, _t, _target, actor) => {
      const secret = await enrolDirectly(p, actor.userId);
      return {
        input: { otp: generateSync({ secret }) },
        actsOn: ALL_UNITS.find((u) => u.id === actor.unitId)!,
        verify: async () => {
          expect(await p.recoveryCode.count({ where: { userId: actor.userId, usedAt: null } })).toBe(10);
          await unenrol(p, actor.userId);
        },
      };
    },
  },
  "account.totp.disable": {
    action: asAny(disableTotp),
    allowedRoles: [...ROLES],
    event: "auth.totp.disabled",
    build: async (p, _t, _target, actor) => {
      const secret = await enrolDirectly(p, actor.userId);
      return {
        input: { password: MATRIX_PASSWORD, otp: generateSync({ secret }) },
        actsOn: ALL_UNITS.find((u) => u.id === actor.unitId)!,
        verify: async () => {
          expect(await p.user.findUniqueOrThrow({ where: { id: actor.userId } })).toMatchObject({ totpSecret: null, totpEnabledAt: null });
        },
      };
    },
  },
  "user.resetSecondFactor": {
    action: asAny(resetUserSecondFactor),
    allowedRoles: ADMINS,
    event: "user.second_factor.reset",
    build: async (p, _t, unit) => {
      const user = await freshUser(p, unit);
      await enrolDirectly(p, user.id);
      const enrolled = await p.user.findUniqueOrThrow({ where: { id: user.id } });
      return {
        input: { id: user.id, version: enrolled.version },
        verify: async () => {
          expect(await p.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ totpSecret: null, totpEnabledAt: null });
        },
      };
    },
  },
  "user.secondFactorPolicy": {
    action: asAny(saveSecondFactorPolicy),
    allowedRoles: ADMINS,
    event: "auth.second_factor_policy.changed",
    // Saves an empty choice, so that no later case is asked for a code.
    build: async (p, _t, target) => {
      const county = countyFor(target);
      const existing = await p.secondFactorPolicy.findUnique({ where: { countyId: county.id } });
      return {
        input: { countyId: county.id, roles: [], version: existing?.version ?? 0 },
        actsOn: county,
        verify: async () => {
          expect((await p.secondFactorPolicy.findUniqueOrThrow({ where: { countyId: county.id } })).version).toBe((existing?.version ?? 0) + 1);
        },
      };
    },
  },

  // ---- Nomination ----------------------------------------------------------------------------
  "rules.save": {
    action: asAny(saveRulePack),
    allowedRoles: ["SYSTEM_ADMIN", "COUNTY_ADMIN"],
    event: "rules.saved",
    // The target is the unit whose pack is saved; only provinces and counties have one.
    build: async (p, _t, target) => {
      const existing = await p.rulePack.findUnique({ where: { unitId: target.id } });
      const overrides = { proxiesPerVoter: 1 + (next() % 3) };
      return {
        input: { unitId: target.id, version: existing?.version ?? 0, overrides },
        verify: async () => {
          expect(await p.rulePack.findUniqueOrThrow({ where: { unitId: target.id } })).toMatchObject({ overrides, version: (existing?.version ?? 0) + 1 });
        },
      };
    },
    refusal: (_r, target) =>
      target.level === "PROVINCE" || target.level === "COUNTY" ? null : { code: "invalid", message: /^只有省级和县级单位可以设定规则包$/ },
  },
  "campaign.create": {
    action: asAny(createCampaign),
    allowedRoles: COUNTY,
    event: "campaign.created",
    // Acts on a county, chosen like the department actions' county.
    build: async (p, _t, target) => {
      const county = countyFor(target);
      const name = `第${next()}届村(居)民委员会换届选举`;
      return {
        input: { countyId: county.id, name, startDate: "2026-12-01", endDate: "2027-03-31" },
        actsOn: county,
        verify: async () => {
          const created = await p.campaign.findFirstOrThrow({ where: { countyId: county.id, name } });
          expect(created).toMatchObject({ status: "OPEN", version: 1 });
          expect(created.rules).toMatchObject({ committeeSize: { VILLAGE: { min: 3, max: 7 } } });
        },
      };
    },
  },
  "campaign.update": {
    action: asAny(updateCampaign),
    allowedRoles: COUNTY,
    event: "campaign.updated",
    build: async (p, _t, target) => {
      const county = countyFor(target);
      const campaign = await makeCampaign(p, county.id);
      const name = `改名换届${next()}`;
      return {
        input: { id: campaign.id, version: campaign.version, name, startDate: "2026-12-01", endDate: "2027-04-30", refreshRules: false },
        actsOn: county,
        verify: async () => {
          expect(await p.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).toMatchObject({ name, version: campaign.version + 1 });
        },
      };
    },
  },
  "election.save": {
    action: asAny(saveElection),
    allowedRoles: ["COUNTY_ADMIN", "TOWNSHIP_OFFICER"],
    event: "election.saved",
    build: async (p, _t, target) => {
      const village = villageFor(target);
      const campaign = await makeCampaign(p, village.countyId!);
      const electionDay = electionDayAhead(30);
      return {
        input: {
          campaignId: campaign.id,
          unitId: village.id,
          version: 0,
          electionDay,
          method: "CONTESTED",
          seatsDirector: 1,
          seatsDeputy: 1,
          seatsMember: 3,
          seatsWomenMember: 0,
          dualRole: "PLANNED",
          registeredVoters: 1200,
        },
        actsOn: village,
        verify: async () => {
          const e = await p.election.findUniqueOrThrow({ where: { campaignId_unitId: { campaignId: campaign.id, unitId: village.id } } });
          expect(e).toMatchObject({ seatsDirector: 1, seatsDeputy: 1, seatsMember: 3, registeredVoters: 1200, listStatus: "DRAFT", version: 1 });
          expect(e.electionDay.toISOString().slice(0, 10)).toBe(electionDay);
        },
      };
    },
  },
  "candidate.save": {
    action: asAny(saveCandidate),
    allowedRoles: TOWNSHIP,
    event: "candidate.created",
    build: async (p, _t, target) => {
      const village = villageFor(target);
      const election = await electionIn(p, village);
      const c = candidateInput({ post: "DIRECTOR" });
      return {
        input: { electionId: election.id, ...c },
        actsOn: village,
        verify: async () => {
          const rows = await p.candidate.findMany({ where: { electionId: election.id }, include: { person: true } });
          expect(rows.map((r) => ({ post: r.post, name: r.person.name, idNumber: r.person.idNumber, countyId: r.person.countyId }))).toEqual([
            { post: "DIRECTOR", name: c.name, idNumber: c.idNumber, countyId: village.countyId },
          ]);
        },
      };
    },
  },
  "candidate.delete": {
    action: asAny(deleteCandidate),
    allowedRoles: TOWNSHIP,
    event: "candidate.deleted",
    build: async (p, _t, target) => {
      const village = villageFor(target);
      const election = await electionIn(p, village);
      const { candidate } = await addCandidate(p, election.id, village.countyId!, "MEMBER");
      return {
        input: { electionId: election.id, candidateId: candidate.id, version: candidate.version },
        actsOn: village,
        verify: async () => {
          expect(await p.candidate.findUnique({ where: { id: candidate.id } })).toBeNull();
        },
      };
    },
  },
  "kinship.create": {
    action: asAny(createKinship),
    allowedRoles: TOWNSHIP,
    event: "kinship.created",
    build: async (p, _t, target) => {
      const village = villageFor(target);
      const election = await electionIn(p, village);
      const a = await addCandidate(p, election.id, village.countyId!, "DIRECTOR");
      const b = await addCandidate(p, election.id, village.countyId!, "MEMBER", "FEMALE");
      return {
        input: { electionId: election.id, personAId: a.person.id, personBId: b.person.id, relation: "SPOUSE" },
        actsOn: village,
        verify: async () => {
          const [personAId, personBId] = [a.person.id, b.person.id].sort();
          expect(
            await p.kinship.findMany({
              where: { OR: [{ personAId: a.person.id }, { personBId: a.person.id }] },
              select: { personAId: true, personBId: true, relation: true },
            }),
          ).toEqual([{ personAId, personBId, relation: "SPOUSE" }]);
        },
      };
    },
  },
  "kinship.delete": {
    action: asAny(deleteKinship),
    allowedRoles: TOWNSHIP,
    event: "kinship.deleted",
    build: async (p, _t, target) => {
      const village = villageFor(target);
      const election = await electionIn(p, village);
      const a = await addCandidate(p, election.id, village.countyId!, "DIRECTOR");
      const b = await addCandidate(p, election.id, village.countyId!, "MEMBER");
      const [personAId, personBId] = [a.person.id, b.person.id].sort() as [string, string];
      const kinship = await p.kinship.create({ data: { personAId, personBId, relation: "SIBLING" } });
      return {
        input: { electionId: election.id, kinshipId: kinship.id },
        actsOn: village,
        verify: async () => {
          expect(await p.kinship.findUnique({ where: { id: kinship.id } })).toBeNull();
        },
      };
    },
  },
  "list.submit": {
    action: asAny(submitList),
    allowedRoles: TOWNSHIP,
    event: "list.submitted",
    build: async (p, _t, target) => {
      const village = villageFor(target);
      const election = await electionIn(p, village);
      await addValidList(p, election.id, village.countyId!);
      return {
        input: { electionId: election.id, version: election.version },
        actsOn: village,
        verify: async () => {
          const after = await p.election.findUniqueOrThrow({ where: { id: election.id } });
          expect(after).toMatchObject({ listStatus: "SUBMITTED", version: election.version + 1 });
          expect(after.submittedAt).not.toBeNull();
        },
      };
    },
  },
  "list.return": {
    action: asAny(returnList),
    allowedRoles: COUNTY,
    event: "list.returned",
    build: async (p, _t, target) => {
      const village = villageFor(target);
      const election = await electionIn(p, village, "SUBMITTED");
      await addValidList(p, election.id, village.countyId!);
      const reason = `联审发现问题${next()}，请核实`;
      return {
        input: { electionId: election.id, version: election.version, reason },
        actsOn: village,
        verify: async () => {
          expect(await p.election.findUniqueOrThrow({ where: { id: election.id } })).toMatchObject({
            listStatus: "RETURNED",
            returnedReason: reason,
            version: election.version + 1,
          });
        },
      };
    },
  },
  "candidates.import": {
    action: asAny(importCandidates),
    allowedRoles: TOWNSHIP,
    event: "candidates.imported",
    // Acts on a township (or village): the relation's unit, or the first township below it.
    build: async (p, _t, target) => {
      const unit = firstIn(target, ["TOWNSHIP", "VILLAGE"]);
      const village = villageFor(unit);
      const election = await electionIn(p, village);
      const c = candidateInput({ post: "MEMBER" });
      return {
        input: { campaignId: election.campaignId, unitId: unit.id, file: await importWorkbook(village.code, c) },
        actsOn: unit,
        verify: async (data) => {
          expect(data).toEqual({ imported: 1, villages: 1 });
          const rows = await p.candidate.findMany({ where: { electionId: election.id }, include: { person: true } });
          expect(rows.map((r) => ({ post: r.post, name: r.person.name, idNumber: r.person.idNumber }))).toEqual([
            { post: "MEMBER", name: c.name, idNumber: c.idNumber },
          ]);
        },
      };
    },
  },

  // ---- Joint vetting -------------------------------------------------------------------------
  // Negative-list actions act on a county, chosen like the department actions' county.
  "negativeList.loadDefaults": {
    action: asAny(loadDefaultNegativeList),
    allowedRoles: ["COUNTY_ADMIN"],
    event: "negativelist.defaults.loaded",
    build: async (p, _t, target) => {
      const county = countyFor(target);
      return {
        input: { countyId: county.id },
        actsOn: county,
        verify: async () => {
          const codes = (await p.negativeCondition.findMany({ where: { countyId: county.id }, select: { code: true } })).map((c) => c.code);
          expect(codes).toEqual(expect.arrayContaining(DEFAULT_NEGATIVE_LIST.map((c) => c.code)));
        },
      };
    },
  },
  "negativeList.create": {
    action: asAny(createCondition),
    allowedRoles: ["COUNTY_ADMIN"],
    event: "negativelist.created",
    build: async (p, _t, target) => {
      const county = countyFor(target);
      const code = `N${next()}`;
      return {
        input: { countyId: county.id, code, text: "新增的负面条件", severity: "CONCERN", lookbackYears: "3", departmentId: "", basis: "县换届办通知" },
        actsOn: county,
        verify: async () => {
          expect(await p.negativeCondition.findUniqueOrThrow({ where: { countyId_code: { countyId: county.id, code } } })).toMatchObject({
            severity: "CONCERN",
            lookbackYears: 3,
            departmentId: null,
            retired: false,
          });
        },
      };
    },
  },
  "negativeList.update": {
    action: asAny(updateCondition),
    allowedRoles: ["COUNTY_ADMIN"],
    event: "negativelist.updated",
    build: async (p, _t, target) => {
      const county = countyFor(target);
      const c = await freshCondition(p, county);
      return {
        input: {
          id: c.id,
          version: c.version,
          code: c.code,
          text: "改过的负面条件",
          severity: "CONCERN",
          lookbackYears: "",
          departmentId: null,
          basis: "改过的依据",
        },
        actsOn: county,
        verify: async () => {
          expect(await p.negativeCondition.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({
            text: "改过的负面条件",
            severity: "CONCERN",
            version: c.version + 1,
          });
        },
      };
    },
  },
  "negativeList.setRetired": {
    action: asAny(setConditionRetired),
    allowedRoles: ["COUNTY_ADMIN"],
    event: "negativelist.retired",
    build: async (p, _t, target) => {
      const county = countyFor(target);
      const c = await freshCondition(p, county);
      return {
        input: { id: c.id, version: c.version, retired: true },
        actsOn: county,
        verify: async () => {
          expect(await p.negativeCondition.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({ retired: true, version: c.version + 1 });
        },
      };
    },
  },
  "vetting.openRound": {
    action: asAny(openVettingRound),
    allowedRoles: ["COUNTY_ADMIN"],
    event: "vetting.round.opened",
    // Acts on the campaign's county; the list comes from the relation's village.
    build: async (p, _t, target) => {
      const village = villageFor(target);
      const election = await electionIn(p, village, "SUBMITTED");
      await addCandidate(p, election.id, village.countyId!, "DIRECTOR");
      await addCandidate(p, election.id, village.countyId!, "MEMBER", "FEMALE");
      return {
        input: { campaignId: election.campaignId, name: `第${next()}批联审`, deadline: addDays(todayInChina(), 7), electionIds: [election.id] },
        actsOn: countyFor(village),
        verify: async (data) => {
          expect(data).toMatchObject({ candidates: 2 });
          expect(await p.election.findUniqueOrThrow({ where: { id: election.id } })).toMatchObject({ listStatus: "IN_VETTING", version: election.version + 1 });
          expect(await p.vettingEntry.count({ where: { roundId: (data as { id: string }).id, candidate: { electionId: election.id } } })).toBe(2);
        },
      };
    },
  },
  "vetting.recordOpinion": {
    action: asAny(recordOpinion),
    allowedRoles: REVIEWER,
    event: "vetting.opinion.recorded",
    // Acts on the entry's village.
    build: async (p, _t, target) => {
      const village = villageFor(target);
      const { entries } = await openRoundIn(p, village);
      const entryId = entries[0]!.id;
      return {
        input: { entryId, kind: "NO_OBJECTION", conditionCodes: [], finding: "" },
        actsOn: village,
        verify: async () => {
          expect(await p.vettingOpinion.findMany({ where: { entryId }, select: { departmentId: true, kind: true } })).toEqual([
            { departmentId: reviewerDept.id, kind: "NO_OBJECTION" },
          ]);
        },
      };
    },
  },
  "vetting.bulkNoObjection": {
    action: asAny(bulkNoObjection),
    allowedRoles: REVIEWER,
    event: "vetting.opinion.bulk",
    // Acts on the round's county.
    build: async (p, _t, target) => {
      const village = villageFor(target);
      const { round, entries } = await openRoundIn(p, village, { members: 2 });
      const entryIds = entries.map((e) => e.id);
      return {
        input: { roundId: round.id, entryIds },
        actsOn: countyFor(village),
        verify: async (data) => {
          expect(data).toEqual({ recorded: 2, skipped: 0 });
          expect(await p.vettingOpinion.count({ where: { entryId: { in: entryIds }, departmentId: reviewerDept.id, kind: "NO_OBJECTION" } })).toBe(2);
        },
      };
    },
  },
  "vetting.decide": {
    action: asAny(decide),
    allowedRoles: ["COUNTY_ADMIN"],
    event: "vetting.decided",
    // Acts on the entry's village; every department has cleared the candidate.
    build: async (p, _t, target) => {
      const village = villageFor(target);
      const { round, entries } = await openRoundIn(p, village);
      const entry = entries[0]!;
      const seen = await clearAll(p, round, [entry.id]);
      return {
        input: { entryId: entry.id, decision: "APPROVE", rationale: "", opinionsSeen: seen },
        actsOn: village,
        verify: async () => {
          expect(await p.vettingEntry.findUniqueOrThrow({ where: { id: entry.id } })).toMatchObject({ decision: "APPROVED", version: entry.version + 1 });
        },
      };
    },
  },
  "vetting.approveEligible": {
    action: asAny(decideBatch),
    allowedRoles: ["COUNTY_ADMIN"],
    event: "vetting.decided",
    // Acts on the round's county: one cleared candidate is approved, one still pending is skipped.
    build: async (p, _t, target) => {
      const village = villageFor(target);
      const { round, entries } = await openRoundIn(p, village, { members: 2 });
      const [cleared, pending] = entries as [(typeof entries)[number], (typeof entries)[number]];
      await clearAll(p, round, [cleared.id]);
      return {
        input: { roundId: round.id, entryIds: [cleared.id, pending.id] },
        actsOn: countyFor(village),
        verify: async (data) => {
          expect(data).toEqual({ approved: 1, skipped: 1 });
          expect(await p.vettingEntry.findUniqueOrThrow({ where: { id: cleared.id } })).toMatchObject({ decision: "APPROVED" });
          expect(await p.vettingEntry.findUniqueOrThrow({ where: { id: pending.id } })).toMatchObject({ decision: null });
        },
      };
    },
  },
  "vetting.complete": {
    action: asAny(completeElection),
    allowedRoles: ["COUNTY_ADMIN"],
    event: "vetting.list.completed",
    // The round held only this village, so publishing its list ends the round.
    thenEvents: ["vetting.round.closed"],
    // Acts on the election's village; every candidate of its valid list is approved.
    build: async (p, _t, target) => {
      const village = villageFor(target);
      const { election, round } = await openRoundIn(p, village, { validList: true });
      await p.vettingEntry.updateMany({ where: { roundId: round.id }, data: { decision: "APPROVED" } });
      return {
        input: { electionId: election.id },
        actsOn: village,
        verify: async (data) => {
          expect(data).toMatchObject({ published: true });
          expect(await p.election.findUniqueOrThrow({ where: { id: election.id } })).toMatchObject({ listStatus: "FORMAL" });
          expect(await p.candidate.count({ where: { electionId: election.id, formalRank: { not: null } } })).toBe(5);
          expect(await p.vettingRound.findUniqueOrThrow({ where: { id: round.id } })).toMatchObject({ status: "CLOSED" });
        },
      };
    },
  },

  // ---- Polling setup (投票准备) ---------------------------------------------------------------
  // Each acts on the election's village: a fresh formal election there (makeFormalElection).
  "polling.station.save": {
    action: asAny(saveStation),
    allowedRoles: ["TOWNSHIP_OFFICER", "VILLAGE_CLERK"],
    event: "polling.station.saved",
    build: async (p, _t, target) => {
      const { village, election } = await formalIn(p, target);
      const name = `分会场${next()}`;
      return {
        input: { electionId: election.id, name, kind: "SUB", place: "村小学" },
        actsOn: village,
        verify: async () => {
          expect(await p.pollingStation.findFirst({ where: { electionId: election.id, name }, select: { kind: true, place: true } })).toEqual({
            kind: "SUB",
            place: "村小学",
          });
        },
      };
    },
  },
  "polling.station.delete": {
    action: asAny(deleteStation),
    allowedRoles: ["TOWNSHIP_OFFICER", "VILLAGE_CLERK"],
    event: "polling.station.deleted",
    build: async (p, _t, target) => {
      const { village, election } = await formalIn(p, target);
      const station = await p.pollingStation.create({ data: { electionId: election.id, name: `空会场${next()}`, kind: "SUB" } });
      return {
        input: { electionId: election.id, id: station.id, version: station.version },
        actsOn: village,
        verify: async () => {
          expect(await p.pollingStation.findUnique({ where: { id: station.id } })).toBeNull();
        },
      };
    },
  },
  "polling.box.save": {
    action: asAny(saveBox),
    allowedRoles: ["TOWNSHIP_OFFICER", "VILLAGE_CLERK"],
    event: "polling.box.saved",
    build: async (p, _t, target) => {
      const { village, election, station } = await formalIn(p, target);
      const name = `票箱${next()}`;
      return {
        input: { electionId: election.id, stationId: station.id, name, kind: "FIXED", voters: "25" },
        actsOn: village,
        verify: async () => {
          expect(await p.ballotBox.findFirst({ where: { electionId: election.id, name }, select: { stationId: true, kind: true, voters: true } })).toEqual({
            stationId: station.id,
            kind: "FIXED",
            voters: 25,
          });
        },
      };
    },
  },
  "polling.box.delete": {
    action: asAny(deleteBox),
    allowedRoles: ["TOWNSHIP_OFFICER", "VILLAGE_CLERK"],
    event: "polling.box.deleted",
    build: async (p, _t, target) => {
      const { village, election, boxes } = await formalIn(p, target);
      return {
        input: { electionId: election.id, id: boxes.fixed.id, version: boxes.fixed.version },
        actsOn: village,
        verify: async () => {
          expect(await p.ballotBox.findUnique({ where: { id: boxes.fixed.id } })).toBeNull();
        },
      };
    },
  },
  "polling.proxy.add": {
    action: asAny(addProxy),
    allowedRoles: ["TOWNSHIP_OFFICER", "VILLAGE_CLERK"],
    event: "polling.proxy.added",
    build: async (p, _t, target) => {
      const { village, election } = await formalIn(p, target);
      const [principal, proxy] = [candidateInput(), candidateInput()];
      return {
        input: {
          electionId: election.id,
          principalName: principal.name,
          principalIdNumber: principal.idNumber,
          proxyName: proxy.name,
          proxyIdNumber: proxy.idNumber,
          relation: "SPOUSE",
        },
        actsOn: village,
        verify: async () => {
          expect(
            await p.proxyVote.findMany({ where: { electionId: election.id }, select: { principalIdNumber: true, proxyIdNumber: true, relation: true } }),
          ).toEqual([{ principalIdNumber: principal.idNumber, proxyIdNumber: proxy.idNumber, relation: "SPOUSE" }]);
        },
      };
    },
  },
  "polling.proxy.delete": {
    action: asAny(deleteProxy),
    allowedRoles: ["TOWNSHIP_OFFICER", "VILLAGE_CLERK"],
    event: "polling.proxy.deleted",
    build: async (p, _t, target) => {
      const { village, election } = await formalIn(p, target);
      const [principal, proxy] = [candidateInput(), candidateInput()];
      const row = await p.proxyVote.create({
        data: {
          electionId: election.id,
          principalName: principal.name,
          principalIdNumber: principal.idNumber,
          proxyName: proxy.name,
          proxyIdNumber: proxy.idNumber,
        },
      });
      return {
        input: { electionId: election.id, id: row.id },
        actsOn: village,
        verify: async () => {
          expect(await p.proxyVote.findUnique({ where: { id: row.id } })).toBeNull();
        },
      };
    },
  },
  "polling.staff.add": {
    action: asAny(addStaff),
    allowedRoles: ["TOWNSHIP_OFFICER", "VILLAGE_CLERK"],
    event: "polling.staff.added",
    build: async (p, _t, target) => {
      const { village, election, boxes } = await formalIn(p, target);
      const person = candidateInput();
      return {
        input: { electionId: election.id, name: person.name, idNumber: person.idNumber, duty: "MONITOR", boxId: boxes.mobile.id },
        actsOn: village,
        verify: async () => {
          expect(await p.pollingStaff.findMany({ where: { electionId: election.id, idNumber: person.idNumber }, select: { duty: true, boxId: true } })).toEqual(
            [{ duty: "MONITOR", boxId: boxes.mobile.id }],
          );
        },
      };
    },
  },
  "polling.staff.delete": {
    action: asAny(deleteStaff),
    allowedRoles: ["TOWNSHIP_OFFICER", "VILLAGE_CLERK"],
    event: "polling.staff.deleted",
    build: async (p, _t, target) => {
      const { village, election } = await formalIn(p, target);
      const person = candidateInput();
      const row = await p.pollingStaff.create({ data: { electionId: election.id, name: person.name, idNumber: person.idNumber, duty: "COUNTER" } });
      return {
        input: { electionId: election.id, id: row.id },
        actsOn: village,
        verify: async () => {
          expect(await p.pollingStaff.findUnique({ where: { id: row.id } })).toBeNull();
        },
      };
    },
  },
  "tally.doubleEntry.set": {
    action: asAny(setDoubleEntry),
    allowedRoles: ["COUNTY_ADMIN"],
    event: "tally.doubleentry.set",
    build: async (p, _t, target) => {
      const { village, election } = await formalIn(p, target);
      return {
        input: { electionId: election.id, doubleEntry: "false" },
        actsOn: village,
        verify: async () => {
          expect(await p.election.findUniqueOrThrow({ where: { id: election.id }, select: { doubleEntry: true } })).toEqual({ doubleEntry: false });
        },
      };
    },
  },
  "round.open": {
    action: asAny(openVotingRound),
    allowedRoles: ["TOWNSHIP_OFFICER", "VILLAGE_CLERK"],
    event: "round.opened",
    build: async (p, _t, target) => {
      const { village, election } = await formalIn(p, target);
      return {
        input: { electionId: election.id, number: 1 },
        actsOn: village,
        verify: async () => {
          expect(await p.votingRound.findMany({ where: { electionId: election.id }, select: { number: true, kind: true } })).toEqual([
            { number: 1, kind: "FIRST" },
          ]);
        },
      };
    },
  },
  "tally.save": {
    action: asAny(saveTally),
    allowedRoles: ["TOWNSHIP_OFFICER", "VILLAGE_CLERK"],
    event: "tally.entered",
    build: async (p, _t, target) => {
      const { village, round, boxes } = await roundIn(p, target);
      const form: Record<string, string> = { [FIELD.issued]: "10", [FIELD.returned]: "10", [FIELD.invalid]: "0" };
      for (const s of round.ballot.sections) for (const c of s.candidates) form[FIELD.vote(s.post, c.key)] = "3";
      return {
        input: { roundId: round.id, boxId: boxes.fixed.id, version: 0, mode: "enter", requestId: randomUUID(), ...form },
        actsOn: village,
        verify: async () => {
          expect(await p.boxTally.findFirstOrThrow({ where: { roundId: round.id }, select: { status: true } })).toEqual({ status: "AWAITING_SECOND" });
        },
      };
    },
  },
  "tally.photo.attach": {
    action: asAny(attachTallyPhoto),
    allowedRoles: ["TOWNSHIP_OFFICER", "VILLAGE_CLERK"],
    event: "tally.photo.attached",
    build: async (p, _t, target) => {
      const { village, round, boxes } = await roundIn(p, target);
      return {
        input: { roundId: round.id, boxId: boxes.fixed.id, file: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2]), fileName: "计票单.jpg" },
        actsOn: village,
        verify: async () => {
          const bt = await p.boxTally.findFirstOrThrow({ where: { roundId: round.id }, select: { photo: { select: { mediaType: true } } } });
          expect(bt.photo).toEqual({ mediaType: "image/jpeg" });
        },
      };
    },
  },
  "round.decide": {
    action: asAny(decideRound),
    allowedRoles: ["TOWNSHIP_OFFICER", "VILLAGE_CLERK"],
    event: "round.decided",
    build: async (p, _t, target) => {
      const { village, round } = await countedRoundIn(p, target);
      return {
        input: { roundId: round.id, version: 1 },
        actsOn: village,
        verify: async () => {
          expect(await p.votingRound.findUniqueOrThrow({ where: { id: round.id }, select: { status: true } })).toEqual({ status: "DECIDED" });
        },
      };
    },
  },
  "round.undecide": {
    action: asAny(undecideRound),
    allowedRoles: ["TOWNSHIP_OFFICER", "VILLAGE_CLERK"],
    event: "round.undecided",
    build: async (p, _t, target) => {
      const { village, round } = await decidedRoundIn(p, target);
      return {
        input: { roundId: round.id, version: 2, reason: "计票单誊写有误" },
        actsOn: village,
        verify: async () => {
          expect(await p.votingRound.findUniqueOrThrow({ where: { id: round.id }, select: { status: true, decision: true } })).toEqual({
            status: "COUNTING",
            decision: null,
          });
        },
      };
    },
  },
  "result.confirm": {
    action: asAny(confirmResult),
    allowedRoles: ["TOWNSHIP_OFFICER"],
    event: "result.confirmed",
    build: async (p, _t, target) => {
      const { village, election } = await decidedRoundIn(p, target);
      return {
        input: { electionId: election.id, version: election.version, acceptVacancies: "on" },
        actsOn: village,
        verify: async () => {
          expect((await p.election.findUniqueOrThrow({ where: { id: election.id } })).resultConfirmedAt).not.toBeNull();
          expect(await p.electedMember.count({ where: { electionId: election.id } })).toBeGreaterThan(0);
        },
      };
    },
  },
  "result.reopen": {
    action: asAny(reopenResult),
    allowedRoles: ["COUNTY_ADMIN"],
    event: "result.reopened",
    build: async (p, _t, target) => {
      const { village, election } = await formalIn(p, target);
      const confirmed = await p.election.update({ where: { id: election.id }, data: { resultConfirmedAt: new Date(), version: { increment: 1 } } });
      return {
        input: { electionId: election.id, version: confirmed.version, reason: "发现计票错误，需要更正" },
        actsOn: village,
        verify: async () => {
          expect((await p.election.findUniqueOrThrow({ where: { id: election.id } })).resultConfirmedAt).toBeNull();
        },
      };
    },
  },
  "result.certify": {
    action: asAny(certifyResults),
    allowedRoles: ["COUNTY_ADMIN"],
    event: "result.certified",
    build: async (p, _t, target) => {
      const { village, election } = await confirmedIn(p, target);
      return {
        input: { campaignId: election.campaignId, unitId: village.id, electionIds: [election.id], password: MATRIX_PASSWORD },
        actsOn: village,
        verify: async () => {
          expect((await p.election.findUniqueOrThrow({ where: { id: election.id } })).certifiedAt).not.toBeNull();
          expect(await p.certificate.count({ where: { electionId: election.id, revokedAt: null } })).toBe(1);
        },
      };
    },
  },
  "result.decertify": {
    action: asAny(decertifyResult),
    allowedRoles: ["COUNTY_ADMIN"],
    event: "result.decertified",
    build: async (p, _t, target) => {
      const { village, election } = await confirmedIn(p, target, { certified: true });
      return {
        input: { electionId: election.id, version: election.version, reason: "当选人资格需重新核实" },
        actsOn: village,
        verify: async () => {
          expect((await p.election.findUniqueOrThrow({ where: { id: election.id } })).certifiedAt).toBeNull();
          expect(await p.certificate.count({ where: { electionId: election.id, revokedAt: null } })).toBe(0);
        },
      };
    },
  },
  "archive.seal": {
    action: asAny(sealElection),
    allowedRoles: ["COUNTY_ADMIN"],
    event: "archive.sealed",
    // The archive package includes the seal event, so its manifest digest is audited just after it (ADR 009).
    thenEvents: ["archive.digest.fixed"],
    build: async (p, _t, target) => {
      const { village, election } = await confirmedIn(p, target, { certified: true });
      return {
        input: { electionId: election.id, version: election.version },
        actsOn: village,
        verify: async () => {
          expect((await p.election.findUniqueOrThrow({ where: { id: election.id } })).sealedAt).not.toBeNull();
        },
      };
    },
  },
  // ---- Certificates (当选证书) ------------------------------------------------------------------
  "certificate.layout.save": {
    action: asAny(saveCertificateLayout),
    allowedRoles: ["COUNTY_ADMIN"],
    event: "certificate.layout.saved",
    // Acts on a county, chosen like the department actions' county.
    build: async (p, _t, target) => {
      const county = countyFor(target);
      const existing = await p.certificateLayout.findUnique({ where: { countyId: county.id } });
      const title = `当选证书${next()}`;
      return {
        input: { countyId: county.id, version: existing?.version ?? 0, ...TIBETAN_LAYOUT, title },
        actsOn: county,
        verify: async () => {
          expect(await p.certificateLayout.findUniqueOrThrow({ where: { countyId: county.id } })).toMatchObject({
            title,
            secondLanguage: "bo",
            version: (existing?.version ?? 0) + 1,
          });
        },
      };
    },
  },
  "certificate.name.save": {
    action: asAny(saveCertificateName),
    allowedRoles: ["COUNTY_ADMIN"],
    event: "certificate.name.saved",
    // Acts on the certificate's village; the county prints Tibetan beside the Chinese.
    build: async (p, _t, target) => {
      const village = villageFor(target);
      const county = countyFor(village);
      await p.certificateLayout.upsert({ where: { countyId: county.id }, create: { countyId: county.id, ...TIBETAN_LAYOUT }, update: {} });
      const election = await electionIn(p, village);
      const seq = next();
      const cert = await p.certificate.create({
        data: {
          countyId: county.id,
          campaignId: election.campaignId,
          electionId: election.id,
          seq,
          number: certificateNumber(county.code, 2026, seq),
          name: "扎西",
          post: "DIRECTOR",
          gender: "MALE",
          issuedById: opinionAuthor.userId,
        },
      });
      return {
        input: { certificateId: cert.id, version: cert.version, nameSecond: "བཀྲ་ཤིས།" },
        actsOn: village,
        verify: async () => {
          expect(await p.certificate.findUniqueOrThrow({ where: { id: cert.id } })).toMatchObject({ nameSecond: "བཀྲ་ཤིས།", version: cert.version + 1 });
        },
      };
    },
  },
  // ---- Voter roll (选民名册) ---------------------------------------------------------------------
  "voter.roll.open": {
    action: asAny(openRoll),
    allowedRoles: VOTER_EDITORS,
    event: "voter.roll.opened",
    // A fresh campaign of the relation's village with its election; the roll opens empty.
    build: async (p, _t, target) => {
      const village = villageFor(target);
      const campaign = await makeCampaign(p, village.countyId!);
      await makeElection(p, campaign.id, village.id);
      return {
        input: { campaignId: campaign.id, unitId: village.id },
        actsOn: village,
        verify: async () => {
          expect(await p.voterRoll.findUniqueOrThrow({ where: { campaignId_unitId: { campaignId: campaign.id, unitId: village.id } } })).toMatchObject({
            status: "DRAFT",
            version: 1,
          });
        },
      };
    },
  },
  "voter.add": {
    action: asAny(addVoter),
    allowedRoles: VOTER_EDITORS,
    event: "voter.added",
    build: async (p, _t, target) => {
      const { village, roll } = await rollIn(p, target);
      const person = freshPerson();
      return {
        input: {
          rollId: roll.id,
          name: "孙志强",
          ...person,
          ethnicity: "01",
          category: "RESIDENT",
          consentMeetingOn: "",
          group: "第一村民小组",
          reason: "年满十八周岁",
        },
        actsOn: village,
        verify: async () => {
          expect(await p.voter.findFirstOrThrow({ where: { rollId: roll.id, idNumber: person.idNumber } })).toMatchObject({ name: "孙志强", removedAt: null });
          expect(await p.voterChange.count({ where: { rollId: roll.id, kind: "ADD" } })).toBe(1);
        },
      };
    },
  },
  "voter.import": {
    action: asAny(importVoters),
    allowedRoles: VOTER_EDITORS,
    event: "voter.imported",
    // A one-row file into the relation's county, township or village (the first such unit of its subtree);
    // the village's roll is created by the import.
    build: async (p, _t, target) => {
      const into = firstIn(target, ["COUNTY", "TOWNSHIP", "VILLAGE"]);
      const village = villageFor(into);
      const campaign = await makeCampaign(p, village.countyId!);
      await makeElection(p, campaign.id, village.id);
      const person = freshPerson();
      const cells: Record<string, string> = {
        unitCode: village.code,
        group: "第一村民小组",
        name: "孙志强",
        gender: "男",
        idNumber: person.idNumber,
        ethnicity: "汉族",
        category: "户籍在本村并居住",
      };
      return {
        input: {
          campaignId: campaign.id,
          unitId: into.id,
          file: toCsv(
            VOTER_IMPORT_COLUMNS.map((c) => c.header),
            [VOTER_IMPORT_COLUMNS.map((c) => cells[c.key] ?? "")],
          ),
          fileName: "选民.csv",
        },
        actsOn: into,
        verify: async () => {
          const roll = await p.voterRoll.findUniqueOrThrow({ where: { campaignId_unitId: { campaignId: campaign.id, unitId: village.id } } });
          expect(await p.voter.findFirstOrThrow({ where: { rollId: roll.id, idNumber: person.idNumber } })).toMatchObject({ name: "孙志强", removedAt: null });
        },
      };
    },
  },
  "voter.remove": {
    action: asAny(removeVoter),
    allowedRoles: VOTER_EDITORS,
    event: "voter.removed",
    build: async (p, _t, target) => {
      const { village, roll, voter } = await rollIn(p, target);
      return {
        input: { rollId: roll.id, voterId: voter.id, version: voter.version, reason: "死亡" },
        actsOn: village,
        verify: async () => {
          expect(await p.voter.findUniqueOrThrow({ where: { id: voter.id } })).toMatchObject({
            removedReason: "死亡",
            claim: null,
            removedAt: expect.any(Date),
          });
        },
      };
    },
  },
  "voter.change": {
    action: asAny(changeVoter),
    allowedRoles: VOTER_EDITORS,
    event: "voter.changed",
    build: async (p, _t, target) => {
      const { village, roll, voter } = await rollIn(p, target);
      return {
        input: {
          rollId: roll.id,
          voterId: voter.id,
          version: voter.version,
          name: "王德民",
          group: "第二村民小组",
          category: "RESIDENT",
          consentMeetingOn: "",
          reason: "更正姓名",
        },
        actsOn: village,
        verify: async () => {
          expect(await p.voter.findUniqueOrThrow({ where: { id: voter.id } })).toMatchObject({
            name: "王德民",
            group: "第二村民小组",
            version: voter.version + 1,
          });
        },
      };
    },
  },
  "voter.post": {
    action: asAny(postRoll),
    allowedRoles: VOTER_EDITORS,
    event: "voter.roll.posted",
    build: async (p, _t, target) => {
      const { village, roll } = await rollIn(p, target);
      return {
        input: { rollId: roll.id, version: roll.version, postedOn: todayInChina() },
        actsOn: village,
        verify: async () => {
          expect(await p.voterRoll.findUniqueOrThrow({ where: { id: roll.id } })).toMatchObject({
            status: "POSTED",
            postedOn: dateOfDay(todayInChina()),
            version: roll.version + 1,
          });
        },
      };
    },
  },
  "voter.objection.record": {
    action: asAny(recordObjection),
    allowedRoles: VOTER_EDITORS,
    event: "voter.objection.recorded",
    build: async (p, _t, target) => {
      const { village, roll } = await rollIn(p, target, { posted: true });
      return {
        input: { rollId: roll.id, objector: "黄大伟", subject: "本人户籍在本村并居住，名单漏登", receivedOn: todayInChina() },
        actsOn: village,
        verify: async () => {
          expect(await p.voterObjection.findFirstOrThrow({ where: { rollId: roll.id } })).toMatchObject({ objector: "黄大伟", outcome: null });
        },
      };
    },
  },
  "voter.objection.decide": {
    action: asAny(decideObjection),
    allowedRoles: VOTER_EDITORS,
    event: "voter.objection.decided",
    // Upheld: the voter the objection names is removed, and the removal is linked to the objection.
    thenEvents: ["voter.removed"],
    build: async (p, _t, target) => {
      const { village, roll, voter } = await rollIn(p, target, { posted: true });
      const objection = await p.voterObjection.create({
        data: { rollId: roll.id, objector: "谢春花", subject: "王德明已迁出，应删除", receivedOn: dateOfDay(todayInChina()) },
      });
      return {
        input: {
          objectionId: objection.id,
          version: objection.version,
          decidedOn: todayInChina(),
          outcome: "UPHELD",
          decision: "经核实已迁出，删除",
          apply: { kind: "REMOVE", voterId: voter.id },
        },
        actsOn: village,
        verify: async () => {
          expect(await p.voterObjection.findUniqueOrThrow({ where: { id: objection.id } })).toMatchObject({
            outcome: "UPHELD",
            version: objection.version + 1,
          });
          expect(await p.voterChange.findFirstOrThrow({ where: { voterId: voter.id, kind: "REMOVE" } })).toMatchObject({
            objectionId: objection.id,
            afterPosting: true,
          });
        },
      };
    },
  },
  "term.import": {
    action: asAny(importPastTerm),
    allowedRoles: COUNTY,
    event: "term.imported",
    // Acts on a county, chosen like the department actions' county; one director of one of its villages.
    build: async (p, _t, target) => {
      const county = countyFor(target);
      const village = villageFor(county);
      const name = `第${next()}届`;
      return {
        input: { countyId: county.id, name, file: await pastTermWorkbook(village.code), fileName: "往届.xlsx" },
        actsOn: county,
        verify: async (data) => {
          expect(data).toMatchObject({ name, villages: 1, members: 1, posts: { DIRECTOR: 1 }, dualRole: 1 });
          const term = await p.pastTerm.findUniqueOrThrow({ where: { countyId_name: { countyId: county.id, name } }, include: { members: true } });
          expect(term.members.map((m) => ({ unitId: m.unitId, post: m.post, dualRole: m.dualRole }))).toEqual([
            { unitId: village.id, post: "DIRECTOR", dualRole: true },
          ]);
        },
      };
    },
  },
  // ---- Complaints ledger (信访举报台账): all act on the complaint's village ---------------------------
  "complaint.receive": {
    action: asAny(receiveComplaint),
    allowedRoles: COUNTY,
    event: "complaint.received",
    build: async (p, _t, target) => {
      const village = villageFor(target);
      const summary = `反映有人送礼拉票${next()}`;
      return {
        input: {
          villageId: village.id,
          channel: "LETTER",
          receivedOn: todayInChina(),
          complainantName: "赵桂兰",
          complainantContact: "13900001111",
          category: "VOTE_BUYING",
          summary,
        },
        actsOn: village,
        verify: async (data) => {
          const c = await p.complaint.findUniqueOrThrow({ where: { id: (data as { id: string }).id } });
          expect(c).toMatchObject({
            villageId: village.id,
            countyId: village.countyId,
            status: "RECEIVED",
            summary,
            complainantName: "赵桂兰",
            number: (data as { number: string }).number,
          });
        },
      };
    },
  },
  "complaint.assign": {
    action: asAny(assignComplaint),
    allowedRoles: COUNTY,
    event: "complaint.assigned",
    build: async (p, _t, target) => {
      const village = villageFor(target);
      const department = await complaintDepartment(p, village);
      const c = await complaintIn(p, village, "RECEIVED", null);
      return {
        input: { id: c.id, version: 1, departmentId: department.id, deadline: addDays(todayInChina(), 10) },
        actsOn: village,
        verify: async () => {
          expect(await p.complaint.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({
            status: "ASSIGNED",
            departmentId: department.id,
            deadline: dateOfDay(addDays(todayInChina(), 10)),
            version: 2,
          });
        },
      };
    },
  },
  "complaint.answer": {
    action: asAny(answerComplaint),
    allowedRoles: REVIEWER,
    event: "complaint.answered",
    // Assigned to the matrix reviewer's department where the village is in county A.
    build: async (p, _t, target) => {
      const village = villageFor(target);
      const department = await complaintDepartment(p, village);
      const c = await complaintIn(p, village, "ASSIGNED", department.id);
      return {
        input: { id: c.id, version: 1, answer: "经核查，反映问题基本属实" },
        actsOn: village,
        verify: async () => {
          expect(await p.complaint.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({
            status: "ANSWERED",
            answer: "经核查，反映问题基本属实",
            version: 2,
          });
        },
      };
    },
  },
  "complaint.close": {
    action: asAny(closeComplaint),
    allowedRoles: COUNTY,
    event: "complaint.closed",
    build: async (p, _t, target) => {
      const village = villageFor(target);
      const department = await complaintDepartment(p, village);
      const c = await complaintIn(p, village, "ANSWERED", department.id);
      return {
        input: { id: c.id, version: 1, finding: "UNSUBSTANTIATED", actionTaken: "向举报人反馈核查结果" },
        actsOn: village,
        verify: async () => {
          expect(await p.complaint.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({ status: "CLOSED", finding: "UNSUBSTANTIATED", version: 2 });
        },
      };
    },
  },
};

/**
 * A fresh campaign of the relation's village with its election (in 40 days) and a roll holding one
 * voter, written directly; `posted` = posted today.
 */
async function rollIn(p: PrismaClient, target: UnitFixture, opts: { posted?: boolean } = {}) {
  const village = villageFor(target);
  const campaign = await makeCampaign(p, village.countyId!);
  await makeElection(p, campaign.id, village.id);
  const roll = await p.voterRoll.create({
    data: {
      campaignId: campaign.id,
      unitId: village.id,
      ...(opts.posted ? { status: "POSTED" as const, postedOn: dateOfDay(todayInChina()), postedAt: new Date() } : {}),
    },
  });
  const person = freshPerson();
  const voter = await p.voter.create({
    data: {
      rollId: roll.id,
      group: "第一村民小组",
      name: "王德明",
      gender: person.gender,
      idNumber: person.idNumber,
      birthDate: dateOfDay(person.birthDate),
      ethnicity: "01",
      category: "RESIDENT",
      claim: voterClaimKey(campaign.name),
    },
  });
  return { village, campaign, roll, voter };
}

/** A Tibetan-Chinese certificate layout (白玉), valid input for certificate.layout.save. */
const TIBETAN_LAYOUT = {
  ...DEFAULT_LAYOUT,
  sealPosition: "RIGHT" as const,
  secondLanguage: "bo",
  secondTitle: "བདམས་ཐོན་ལག་ཁྱེར།",
  secondBody: "{name}ལགས། བདམས་ཐོན་བྱུང་།",
  secondAuthority: null,
};

/** The department complaints of the village's county go to: the matrix reviewer's in county A, one made once elsewhere. */
const complaintDepartments = new Map<string, { id: string }>();
async function complaintDepartment(p: PrismaClient, village: UnitFixture) {
  if (village.countyId === tree.countyA.id) return reviewerDept;
  let d = complaintDepartments.get(village.countyId!);
  if (!d) {
    d = await p.department.create({ data: { countyId: village.countyId!, name: "信访承办部门" }, select: { id: true } });
    complaintDepartments.set(village.countyId!, d);
  }
  return d;
}

/** A complaint about the village in the given status (year 2099, so receipts this year number from their own 001). */
async function complaintIn(p: PrismaClient, village: UnitFixture, status: "RECEIVED" | "ASSIGNED" | "ANSWERED", departmentId: string | null) {
  const seq = next();
  return p.complaint.create({
    data: {
      countyId: village.countyId!,
      year: 2099,
      seq,
      number: `2099-${seq}`,
      channel: "PHONE",
      receivedOn: dateOfDay(addDays(todayInChina(), -5)),
      complainantName: "钱玉梅",
      category: "PROCEDURE",
      summary: "反映选民登记有遗漏",
      villageId: village.id,
      status,
      receivedById: opinionAuthor.userId,
      departmentId,
      deadline: departmentId ? dateOfDay(addDays(todayInChina(), 5)) : null,
      answer: status === "ANSWERED" ? "已核查" : null,
    },
  });
}

/** formalIn with a confirmed result (one elected director) confirmed by someone other than any matrix actor. */
async function confirmedIn(p: PrismaClient, target: UnitFixture, opts: { certified?: boolean } = {}) {
  const world = await formalIn(p, target);
  // Sealing builds the archive package, which reads the decided round's input and decision.
  const round = await p.votingRound.create({ data: { electionId: world.election.id, number: 1, kind: "FIRST", status: "DECIDED", ...DECIDED } });
  const d = world.candidates[0]!;
  await p.electedMember.create({
    data: {
      electionId: world.election.id,
      roundId: round.id,
      post: "DIRECTOR",
      candidateId: d.candidate.id,
      personId: d.person.id,
      name: d.person.name,
      gender: d.person.gender,
      votes: 500,
    },
  });
  if (opts.certified) {
    await p.certificate.create({
      data: {
        countyId: world.village.countyId!,
        campaignId: world.election.campaignId,
        electionId: world.election.id,
        seq: 1,
        number: "000000-2026-0001",
        name: d.person.name,
        post: "DIRECTOR",
        gender: d.person.gender,
        issuedById: opinionAuthor.userId,
      },
    });
  }
  const election = await p.election.update({
    where: { id: world.election.id },
    data: {
      resultConfirmedAt: new Date(),
      resultConfirmedById: opinionAuthor.userId,
      certifiedAt: opts.certified ? new Date() : null,
      version: { increment: 1 },
    },
  });
  return { ...world, election };
}

/** formalIn with round 1 open (its ballot printed from the formal list). */
async function roundIn(p: PrismaClient, target: UnitFixture) {
  const world = await formalIn(p, target);
  const formal = await p.candidate.findMany({
    where: { electionId: world.election.id },
    select: { id: true, post: true, person: { select: { name: true, gender: true } } },
  });
  const ballot = firstRoundBallot(
    { DIRECTOR: 1, DEPUTY: 0, MEMBER: 2, WOMEN_MEMBER: 0 },
    formal.map((c) => ({ id: c.id, post: c.post, name: c.person.name, gender: c.person.gender })),
  );
  const row = await p.votingRound.create({ data: { electionId: world.election.id, number: 1, kind: "FIRST", ballot } });
  return { ...world, round: { ...row, ballot: ballot as Ballot } };
}

/** roundIn with both boxes' sheets accepted: 700 of 800 voted; the first printed candidates of each post win every seat. */
async function countedRoundIn(p: PrismaClient, target: UnitFixture) {
  const world = await roundIn(p, target);
  const sheets: TallyValues[] = [];
  for (const [box, issued] of [
    [world.boxes.fixed, 690],
    [world.boxes.mobile, 10],
  ] as const) {
    const values: TallyValues = {
      ballotsIssued: issued,
      ballotsReturned: issued,
      invalidBallots: 0,
      writeIns: [],
      exceedConfirmed: false,
      votes: world.round.ballot.sections.flatMap((s) => s.candidates.map((c, i) => ({ post: s.post, key: c.key, votes: i < s.seats ? issued - 5 : 0 }))),
    };
    sheets.push(values);
    const bt = await p.boxTally.create({ data: { electionId: world.election.id, roundId: world.round.id, boxId: box.id, status: "ACCEPTED" } });
    const entry = await p.tallyEntry.create({
      data: { electionId: world.election.id, boxTallyId: bt.id, slot: "FIRST", requestId: randomUUID(), values, enteredById: opinionAuthor.userId },
    });
    await p.boxTally.update({ where: { id: bt.id }, data: { firstEntryId: entry.id, acceptedEntryId: entry.id } });
  }
  return { ...world, sheets };
}

/** countedRoundIn, decided by the engine (version 2). */
async function decidedRoundIn(p: PrismaClient, target: UnitFixture) {
  const world = await countedRoundIn(p, target);
  const input = engineInputFor({ kind: "FIRST", rules: DEFAULT_RULES, registeredVoters: 800, ballot: world.round.ballot, totals: sumTallies(world.sheets) });
  const decision = decideElection(input);
  await p.votingRound.update({ where: { id: world.round.id }, data: { status: "DECIDED", engineInput: input, decision, decidedAt: new Date(), version: 2 } });
  return world;
}

/** A fresh campaign of the relation's village with a formal election and makeFormalElection's polling setup. */
async function formalIn(p: PrismaClient, target: UnitFixture) {
  const village = villageFor(target);
  const campaign = await makeCampaign(p, village.countyId!);
  return { village, ...(await makeFormalElection(p, campaign.id, village.id, village.countyId!)) };
}

// ---------------------------------------------------------------------------------------------

describe("coverage", () => {
  it("every registered action has a CASES entry, and every entry is a registered action", () => {
    expect(new Set(Object.keys(CASES))).toEqual(new Set(registeredActions()));
    for (const [name, c] of Object.entries(CASES)) expect(c.action.name).toBe(name);
  });

  it("every lib/server module that defines actions is exported through lib/server/all-actions", () => {
    // The matrix only sees actions whose module is imported; all-actions is that list. A module missing
    // from it would be silently uncovered, so look for every defineAction( in the source tree.
    const root = path.resolve(import.meta.dirname, "../../lib/server");
    const defining = readdirSync(root, { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && f !== "action.ts")
      .filter((f) => readFileSync(path.join(root, f), "utf8").includes("defineAction("))
      .map((f) => `./${f.replace(/\\/g, "/").replace(/\.ts$/, "")}`);
    expect(defining.length).toBeGreaterThanOrEqual(7);
    const exported = new Set<string>();
    for (const mod of Object.values(allActions)) {
      for (const v of Object.values(mod as Record<string, unknown>)) {
        if (v && typeof v === "object" && "name" in v && "run" in v && typeof v.name === "string") exported.add(v.name);
      }
    }
    const listed = readFileSync(path.join(root, "all-actions.ts"), "utf8");
    expect(defining.filter((m) => !listed.includes(`from "${m}"`)).sort()).toEqual([]);
    expect(registeredActions().filter((name) => !exported.has(name))).toEqual([]);
  });

  it("relation targets are what they claim: own/child inside the actor's subtree, sibling/other-county outside", () => {
    for (const spec of ACTOR_SPECS) {
      const { own, child, sibling, otherCounty } = spec.targets;
      expect(own!.id).toBe(spec.unit.id);
      if (child) expect(child.path.startsWith(spec.unit.path) && child.id !== spec.unit.id).toBe(true);
      expect(sibling!.path.startsWith(spec.unit.path)).toBe(false);
      expect(otherCounty!.path.startsWith(spec.unit.path)).toBe(false);
      expect(otherCounty!.countyId).not.toBeNull();
      expect(otherCounty!.countyId).not.toBe(spec.unit.countyId);
    }
  });
});

describe.each(ACTOR_SPECS)("$role at $where", (spec) => {
  const rows = registeredActions().flatMap((name) => RELATIONS.filter((r) => spec.targets[r]).map((r) => [name, r] as const));

  it.each(rows)("%s on %s unit", async (name, relation) => {
    const c = CASES[name];
    expect(c, `CASES has no entry for ${name}`).toBeDefined();
    const actor = actors.get(spec)!;
    const target = spec.targets[relation]!;
    const built = await c!.build(prisma, tree, target, actor);
    const actsOn = built.actsOn ?? target;
    const inSubtree = actsOn.path.startsWith(spec.unit.path);
    const allowed = c!.allowedRoles.includes(spec.role);
    const refusal = inSubtree && allowed ? (c!.refusal?.(relation, actsOn) ?? null) : null;

    const before = await state(prisma);
    const mark = await auditMark(prisma);
    const res = await executeAction(c!.action, actor, built.input);
    const events = await auditSince(prisma, mark);
    const summary = events.map((e) => ({ event: e.event, outcome: e.outcome, actorUserId: e.actorUserId, detail: e.detail }));

    if (!inSubtree) {
      // Out of scope: indistinguishable from a missing object, nothing written but the denial.
      expect(res).toMatchObject({ ok: false, code: "not_found" });
      expect(await state(prisma)).toEqual(before);
      expect(summary).toEqual([{ event: "action.denied", outcome: "FAILURE", actorUserId: actor.userId, detail: { action: name, code: "not_found" } }]);
    } else if (!allowed) {
      expect(res.ok).toBe(false);
      const code = res.ok ? null : res.code;
      expect(["forbidden", "not_found"]).toContain(code);
      expect(await state(prisma)).toEqual(before);
      expect(summary).toEqual([{ event: "action.denied", outcome: "FAILURE", actorUserId: actor.userId, detail: { action: name, code } }]);
    } else if (refusal) {
      expect(res).toMatchObject({ ok: false, code: refusal.code });
      expect(res.ok ? "" : res.error).toMatch(refusal.message);
      expect(await state(prisma)).toEqual(before);
      const denied = refusal.code === "forbidden" || refusal.code === "not_found";
      expect(summary).toEqual(
        denied ? [{ event: "action.denied", outcome: "FAILURE", actorUserId: actor.userId, detail: { action: name, code: refusal.code } }] : [],
      );
    } else {
      expect(res, JSON.stringify(res)).toMatchObject({ ok: true });
      expect(summary.map((e) => e.event)).toEqual([c!.event, ...(c!.thenEvents ?? [])]);
      for (const e of summary) expect(e).toMatchObject({ outcome: "SUCCESS", actorUserId: actor.userId });
      await built.verify?.(res.ok ? res.data : null);
    }
  });
});

describe("documented edge cases", () => {
  it("department.create with a township as the county is not found, even for the county admin", async () => {
    const spec = ACTOR_SPECS.find((s) => s.role === "COUNTY_ADMIN")!;
    const before = await state(prisma);
    const res = await executeAction(createDepartment, actors.get(spec)!, { countyId: tree.townA1.id, name: `乡镇部门${next()}` });
    expect(res).toMatchObject({ ok: false, code: "not_found" });
    expect(await state(prisma)).toEqual(before);
  });

  it("campaign.create and election.save on a township are not found, even for the county admin", async () => {
    const spec = ACTOR_SPECS.find((s) => s.role === "COUNTY_ADMIN")!;
    const campaign = await makeCampaign(prisma, tree.countyA.id);
    const before = await state(prisma);
    const campaignRes = await executeAction(createCampaign, actors.get(spec)!, {
      countyId: tree.townA1.id,
      name: `乡镇换届${next()}`,
      startDate: "2026-12-01",
      endDate: "2027-03-31",
    });
    expect(campaignRes).toMatchObject({ ok: false, code: "not_found" });
    const electionRes = await executeAction(saveElection, actors.get(spec)!, {
      campaignId: campaign.id,
      unitId: tree.townA1.id,
      version: 0,
      electionDay: electionDayAhead(),
      method: "CONTESTED",
      seatsDirector: 1,
      seatsDeputy: 0,
      seatsMember: 2,
      dualRole: "PLANNED",
      registeredVoters: 500,
    });
    expect(electionRes).toMatchObject({ ok: false, code: "not_found" });
    expect(await state(prisma)).toEqual(before);
  });

  it("no actor (signed out) is refused before anything is read or written", async () => {
    const before = await state(prisma);
    const mark = await auditMark(prisma);
    const res = await executeAction(updateUnit, null, { id: tree.townA1.id, version: 1, name: "x", code: tree.townA1.code, kind: "TOWN" });
    expect(res).toMatchObject({ ok: false, code: "unauthenticated" });
    expect(await state(prisma)).toEqual(before);
    expect(await auditSince(prisma, mark)).toEqual([]);
  });
});
