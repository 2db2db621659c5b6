import "server-only";
// A data set of real size (docs/benchmarks.md, "Dashboards and statistics at the seeds' sizes"): one county like 白玉 (130 villages + 3
// communities), or for more than 400 villages a province-like set of counties like 宁夏 (2,207 villages
// + 642 communities in 22 counties, 2.72 million registered voters), driven through the app's own
// actions (executeAction) from election setup to certification. Used by `npm run seed:scale`
// (scripts/seed-scale.ts), by the `oversight` section of `npm run bench` and by
// tests/integration/seed-scale.test.ts.
//
// Through executeAction, per county: department.create ×16, negativeList.loadDefaults, campaign.create;
// per village election.save, list.submit, vetting.complete, polling.station.save, polling.box.save ×2-4,
// polling.staff.add ×5, round.open, tally.save ×2 per box (two clerks, double entry), round.decide,
// the same again for a runoff (另行选举) where one is needed, result.confirm; per township
// candidates.import (a real .xlsx workbook written with exceljs, as a township fills in the template)
// and result.certify (the county administrator re-enters the password); per county vetting.openRound,
// vetting.recordOpinion for the few 不能 findings, vetting.bulkNoObjection per department,
// vetting.approveEligible and vetting.decide (不通过) for the barred, and term.import of the previous
// term (第十一届) from a workbook on the 往届数据 template, so that statistics can compare.
//
// Written directly, always (set-up outside the election):
// - the unit tree (province, cities, counties, townships, villages): administrative divisions are
//   loaded once from the statistical code table, not typed in;
// - user accounts: one argon2 hash of the known password shared by all of them (user.create would
//   hash once per user: 2 clerks per village are 5,700 hashes at province size, minutes of CPU).
// Written directly with `batch: true`, the two bulk data-entry steps (about 40,000 of the 58,753
// actions at 宁夏's size; the rest, 18,810, still run as actions):
// - polling setup: stations, boxes and staff (polling.station.save, polling.box.save ×2-4,
//   polling.staff.add ×5: about 9 actions per village);
// - tally entry: both typings of every box (tally.save ×2 per box per round: about 5-6 per village),
//   stored exactly as tally.save stores an agreed double entry (the TallyEntry values come from the
//   same readTallyForm), without its audit events.
// round.open, round.decide and result.confirm still run as actions in batch mode, so every decision
// and every elected member comes from the rules engine as in the app.
//
// Every village is generated from its own seeded PRNG (seed + unit code): the same arguments give the
// same people, seats, votes and results whatever the concurrency.
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import ExcelJS from "exceljs";
import type { Ballot } from "@/lib/domain/ballot";
import { addDays, todayInChina } from "@/lib/domain/days";
import { idCheckChar } from "@/lib/domain/id-number";
import {
  BACKGROUND_TAG_LABEL,
  CURRENT_POST_LABEL,
  educationName,
  ethnicityName,
  GENDER_LABEL,
  NOMINATION_FORM_LABEL,
  POLITICAL_LABEL,
  POST_LABEL,
  type BackgroundTag,
  type CurrentPost,
  type Gender,
  type NominationForm,
  type PoliticalStatus,
  type Post,
} from "@/lib/domain/people";
import type { Role } from "@/lib/domain/permissions";
import { FIELD, readTallyForm } from "@/lib/domain/tally";
import { childPath, levelOfKind, type UnitKind, type UnitLevel } from "@/lib/domain/units";
import { VETTING_DEPARTMENTS } from "@/lib/domain/vetting";
import { executeAction, type ActionDef } from "../action";
import { appendAudit } from "../audit";
import { hashPassword } from "../auth/password";
import type { Actor } from "../auth/sessions";
import { database, withTx } from "../db";
import { createDepartment } from "../departments";
import { addStaff, saveBox, saveStation } from "../election-day/polling";
import { confirmResult } from "../election-day/results";
import { decideRound, openVotingRound } from "../election-day/rounds";
import { saveTally } from "../election-day/tallies";
import { createCampaign } from "../nomination/campaigns";
import { submitList } from "../nomination/candidates";
import { saveElection } from "../nomination/elections";
import { importCandidates, TEMPLATE_COLUMNS } from "../nomination/excel";
import { importPastTerm, PAST_TERM_COLUMNS, PAST_TERM_SHEET } from "../oversight/past-terms";
import { certifyResults } from "../records/certification";
import { completeElection, decide as decideEntry, decideBatch } from "../vetting/decisions";
import { loadDefaultNegativeList } from "../vetting/negative-list";
import { bulkNoObjection, recordOpinion } from "../vetting/opinions";
import { openVettingRound } from "../vetting/rounds";
import { DEMO_DEPARTMENTS } from "./demo-data";
import type { z } from "zod";
import { readBallot } from "@/lib/domain/stored-json";

export const SCALE_PASSWORD = "Huanjie2026";
export const SCALE_CAMPAIGN = "第十二届村(居)民委员会换届选举";
export const SCALE_PAST_TERM = "第十一届村(居)民委员会换届选举";
export const DEFAULT_SCALE_COUNTY_CODE = "970121000000";
/** Above this many villages the set becomes several counties of about UNITS_PER_COUNTY units each. */
export const SINGLE_COUNTY_MAX = 400;
const UNITS_PER_COUNTY = 130;
const COUNTIES_PER_CITY = 5;

/** What batch mode writes directly instead of through actions (printed by the script and the bench). */
export const BATCHED_STEPS = [
  "投票设置（polling.station.save / polling.box.save / polling.staff.add：中心会场、票箱、监票唱票计票人）",
  "计票单双人录入（tally.save ×2 每票箱每轮，按 tally.save 对两遍一致时的存储方式写入，不写其审计事件）",
] as const;
export const DIRECT_STEPS = ["行政区划（省、市、县、乡镇、村(社区)）", "用户账号（共用一个已知口令的 argon2 哈希）"] as const;

export type SeedScaleOptions = {
  villages: number;
  communities?: number;
  /** The (first) county's 12-digit code; its province and city are created when missing. */
  countyCode?: string;
  seed?: number;
  /** Polling setup and tally entry written directly (see BATCHED_STEPS). */
  batch?: boolean;
  /** Villages worked on at once; 1 on PGlite (one connection), more helps on PostgreSQL. */
  concurrency?: number;
  password?: string;
  /** A progress line after every this many villages (0: none). */
  progressEvery?: number;
  log?: (line: string) => void;
};

export type CountySummary = {
  id: string;
  code: string;
  name: string;
  campaignId: string;
  adminUsername: string;
  townships: number;
  villages: number;
  communities: number;
};

export type SeedScaleSummary = {
  province: { id: string; code: string; name: string };
  counties: CountySummary[];
  townships: number;
  villages: number;
  communities: number;
  candidates: number;
  /** Candidates the county rejected on a department's 不能 finding. */
  rejected: number;
  members: number;
  registeredVoters: number;
  /** Ballots returned in the first round, all boxes. */
  votesCast: number;
  /** Villages that needed a runoff (另行选举). */
  runoffs: number;
  pastTermMembers: number;
  actions: number;
  batched: boolean;
  elapsedMs: number;
  password: string;
};

// ---------------------------------------------------------------------------------------------
// Deterministic randomness.

function hashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** mulberry32 */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const weighted = <T>(xs: readonly (readonly [T, number])[]): T => {
    let r = next() * xs.reduce((s, [, w]) => s + w, 0);
    for (const [x, w] of xs) if ((r -= w) < 0) return x;
    return xs[xs.length - 1]![0];
  };
  return { next, int, pick, weighted, chance: (p: number) => next() < p };
}
type Rng = ReturnType<typeof prng>;

// ---------------------------------------------------------------------------------------------
// Names.

const SURNAMES =
  "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤".split(
    "",
  );
const MALE_GIVEN = [
  "伟",
  "强",
  "磊",
  "军",
  "勇",
  "杰",
  "涛",
  "明",
  "超",
  "平",
  "刚",
  "辉",
  "鹏",
  "斌",
  "波",
  "宁",
  "健",
  "亮",
  "飞",
  "龙",
  "建华",
  "志强",
  "国庆",
  "建国",
  "海军",
  "文斌",
  "志刚",
  "永红",
  "学军",
  "晓东",
  "振华",
  "德明",
  "树林",
  "玉林",
  "建平",
  "春生",
  "金山",
  "占林",
  "富贵",
  "海龙",
];
const FEMALE_GIVEN = [
  "芳",
  "敏",
  "静",
  "丽",
  "艳",
  "娟",
  "霞",
  "燕",
  "玲",
  "萍",
  "红",
  "洁",
  "琳",
  "秀英",
  "秀兰",
  "桂英",
  "海燕",
  "春梅",
  "红梅",
  "玉兰",
  "丽娟",
  "小红",
  "晓燕",
  "雪梅",
  "慧敏",
  "金花",
  "凤英",
  "淑珍",
  "亚楠",
  "婷婷",
];
const PLACE = [
  "清河",
  "长乐",
  "安平",
  "永和",
  "丰宁",
  "宁远",
  "新安",
  "泰和",
  "广德",
  "延寿",
  "崇仁",
  "建平",
  "和顺",
  "临川",
  "宝丰",
  "兴隆",
  "太平",
  "福安",
  "仁和",
  "东阳",
  "南乐",
  "西平",
  "红星",
  "光明",
  "向阳",
  "团结",
  "胜利",
  "前进",
  "柳湾",
  "杨庄",
  "石桥",
  "桃园",
  "李家",
  "马家",
  "张湾",
  "河西",
  "北关",
  "南寨",
  "沙坡",
  "红崖",
  "黄河",
  "双井",
  "金川",
  "青山",
  "白土",
  "大滩",
  "小湾",
  "芦草",
  "三营",
  "新华",
];
const CHINESE_DIGITS = "〇一二三四五六七八九";
const num = (n: number): string =>
  n < 10
    ? CHINESE_DIGITS[n]!
    : n < 20
      ? `十${n % 10 ? CHINESE_DIGITS[n % 10] : ""}`
      : `${CHINESE_DIGITS[Math.floor(n / 10)]}十${n % 10 ? CHINESE_DIGITS[n % 10] : ""}`;
const placeName = (i: number) => (i < PLACE.length ? PLACE[i]! : `${PLACE[i % PLACE.length]}${num(Math.floor(i / PLACE.length) + 1)}`);

// ---------------------------------------------------------------------------------------------
// The plan: everything about a county decided up front, from the PRNGs, before anything is written.

type PersonPlan = {
  name: string;
  gender: Gender;
  ethnicity: string;
  birthDate: string;
  idNumber: string;
  education: string;
  political: PoliticalStatus;
  currentPosts: CurrentPost[];
  tags: BackgroundTag[];
  dissatisfactionPercent: number | null;
};
type CandidatePlan = PersonPlan & {
  post: Post;
  nominationForm: NominationForm;
  nominatorCount: number | null;
  nominationVotes: number | null;
  winner: boolean;
  share: number;
  runoffShare: number;
  barred: { department: string; code: string } | null;
};
type BoxPlan = { name: string; kind: "FIXED" | "MOBILE"; voters: number; turnout: number; spoiled: number };
type StaffPlan = { name: string; idNumber: string; duty: "MONITOR" | "CALLER" | "COUNTER"; mobile: boolean };
type PastMemberPlan = Omit<PersonPlan, "idNumber" | "currentPosts" | "tags" | "dissatisfactionPercent"> & { post: Post; dualRole: boolean };
type VillagePlan = {
  code: string;
  name: string;
  kind: "VILLAGE" | "COMMUNITY";
  township: number;
  seed: number;
  electionDay: string;
  pastElectionDay: string;
  seats: Record<Post, number>;
  dualRole: "PLANNED" | "DEFERRED";
  registeredVoters: number;
  boxes: BoxPlan[];
  staff: StaffPlan[];
  candidates: CandidatePlan[];
  runoff: boolean;
  past: PastMemberPlan[];
};
type TownshipPlan = { code: string; name: string; kind: UnitKind };
type CountyPlan = { code: string; name: string; cityIndex: number; townships: TownshipPlan[]; villages: VillagePlan[]; minorityShare: number };

const EDUCATION_MIX = [
  ["80", 2],
  ["70", 22],
  ["60", 28],
  ["40", 10],
  ["30", 22],
  ["20", 15],
  ["10", 1],
] as const;

/** ID numbers: the county's code as address code when it is a real province prefix, else 64 (宁夏) + its digits. */
function idRegion(countyCode: string): string {
  const real = /^(1[1-5]|2[1-3]|3[1-7]|4[1-6]|5[0-4]|6[1-5])/.test(countyCode);
  return real ? countyCode.slice(0, 6) : `64${countyCode.slice(2, 6)}`;
}

class IdNumbers {
  private used = new Set<string>();
  constructor(private region: string) {}
  next(rng: Rng, birthDate: string, gender: Gender): string {
    let s = rng.int(0, 499);
    for (;;) {
      const first17 = `${this.region}${birthDate.replaceAll("-", "")}${String(s * 2 + (gender === "MALE" ? 1 : 0)).padStart(3, "0")}`;
      const id = `${first17}${idCheckChar(first17)}`;
      if (!this.used.has(id)) {
        this.used.add(id);
        return id;
      }
      s = (s + 1) % 500;
    }
  }
}

/** A birth date giving `age` full years on `day`. */
function birthDateFor(rng: Rng, day: string, age: number): string {
  const y = Number(day.slice(0, 4)) - age - 1;
  // Somewhere in the year after `day`'s date in year y: the birthday of year y+age+1 is still to come.
  return addDays(`${y}${day.slice(4)}`.replace(/-02-29$/, "-02-28"), rng.int(1, 364));
}

function person(rng: Rng, ids: IdNumbers, day: string, o: { gender: Gender; age: number; minorityShare: number; party: number }): PersonPlan {
  const birthDate = birthDateFor(rng, day, o.age);
  const political: PoliticalStatus = rng.chance(o.party)
    ? rng.chance(0.04)
      ? "CPC_PROBATIONARY"
      : "CPC_MEMBER"
    : o.age < 32 && rng.chance(0.4)
      ? "CYL_MEMBER"
      : rng.chance(0.02)
        ? "DEMOCRATIC_PARTY"
        : "MASSES";
  const ethnicity = rng.chance(o.minorityShare)
    ? rng.weighted([
        ["03", 85],
        ["02", 4],
        ["11", 4],
        ["04", 4],
        ["26", 3],
      ] as const)
    : "01";
  // Younger people went to school longer.
  const education =
    o.age < 36
      ? rng.weighted([
          ["60", 25],
          ["40", 12],
          ["30", 33],
          ["20", 28],
          ["10", 2],
        ] as const)
      : rng.weighted(EDUCATION_MIX);
  return {
    name: `${rng.pick(SURNAMES)}${rng.pick(o.gender === "MALE" ? MALE_GIVEN : FEMALE_GIVEN)}`,
    gender: o.gender,
    ethnicity,
    birthDate,
    idNumber: ids.next(rng, birthDate, o.gender),
    education,
    political,
    currentPosts: [],
    tags: [],
    dissatisfactionPercent: null,
  };
}

const pastOf = (p: PersonPlan, post: Post, dualRole: boolean): PastMemberPlan => ({
  name: p.name,
  gender: p.gender,
  ethnicity: p.ethnicity,
  birthDate: p.birthDate,
  education: p.education,
  political: p.political,
  post,
  dualRole,
});

/** Age on election day of a newcomer: 25-65, most of them in their thirties and forties. */
const newAge = (rng: Rng) => Math.min(65, 25 + Math.floor(40 * Math.pow(rng.next(), 1.8)));

function planVillage(
  code: string,
  name: string,
  kind: "VILLAGE" | "COMMUNITY",
  township: number,
  electionDay: string,
  seed: number,
  ids: IdNumbers,
  minorityShare: number,
): VillagePlan {
  const rng = prng(hashString(`${seed}:${code}`));
  const community = kind === "COMMUNITY";
  // Seats: villages 3-7 (主任 1, 副主任 0-1, 委员 1-3), communities 5-9 (副主任 1-2, 委员 3-5).
  const deputy = community
    ? rng.weighted([
        [1, 70],
        [2, 30],
      ] as const)
    : rng.chance(0.88)
      ? 1
      : 0;
  const member = community
    ? rng.weighted([
        [3, 40],
        [4, 40],
        [5, 20],
      ] as const)
    : deputy === 0
      ? rng.weighted([
          [2, 15],
          [3, 85],
        ] as const)
      : rng.weighted([
          [1, 2],
          [2, 10],
          [3, 88],
        ] as const);
  const seats: Record<Post, number> = { DIRECTOR: 1, DEPUTY: deputy, MEMBER: member, WOMEN_MEMBER: 0 };
  const dualRole = rng.chance(community ? 0.95 : 0.8) ? "PLANNED" : "DEFERRED";
  // Registered voters: villages 300-3000 (mean about 830), communities 600-3000 (mean about 1,400).
  const registeredVoters = community ? 600 + Math.round(2400 * rng.next() ** 2) : 300 + Math.round(2700 * rng.next() ** 4);
  const pastElectionDay = addDays(electionDay, -1826 - rng.int(0, 20));

  // Candidates per post: the winners first, then the others (差额 +1; 委员 sometimes +2).
  const candidates: CandidatePlan[] = [];
  const past: PastMemberPlan[] = [];
  const candidate = (post: Post, winner: boolean, gender: Gender, age: number, party: number): CandidatePlan => ({
    ...person(rng, ids, electionDay, { gender, age, minorityShare, party }),
    post,
    winner,
    share: 0,
    runoffShare: 0,
    barred: null,
    nominationForm: rng.weighted([
      ["VOTER_JOINT", 70],
      ["SELF", 15],
      ["PARTY_ORG", 15],
    ] as const),
    nominatorCount: null,
    nominationVotes: null,
  });
  const incumbent = (c: CandidatePlan, pastPost: Post, pastDual: boolean) => {
    c.currentPosts.push(pastPost === "DIRECTOR" ? "COMMITTEE_DIRECTOR" : pastPost === "DEPUTY" ? "COMMITTEE_DEPUTY" : "COMMITTEE_MEMBER");
    c.dissatisfactionPercent = Math.round(rng.next() * 150) / 10;
    past.push(pastOf(c, pastPost, pastDual));
  };
  const pastDual = rng.chance(0.6);
  const womanDirector = rng.chance(0.1);
  const director = candidate(
    "DIRECTOR",
    true,
    womanDirector ? "FEMALE" : "MALE",
    Math.min(62, 32 + Math.floor(rng.next() * 24)),
    dualRole === "PLANNED" ? 1 : 0.7,
  );
  if (dualRole === "PLANNED") director.currentPosts.push("PARTY_SECRETARY");
  if (rng.chance(0.6)) incumbent(director, "DIRECTOR", pastDual && dualRole === "PLANNED");
  candidates.push(director, candidate("DIRECTOR", false, rng.chance(0.15) ? "FEMALE" : "MALE", newAge(rng), 0.5));
  for (let i = 0; i < deputy; i++) {
    const d = candidate("DEPUTY", true, rng.chance(0.25) ? "FEMALE" : "MALE", newAge(rng), 0.75);
    if (rng.chance(0.5)) incumbent(d, rng.chance(0.8) ? "DEPUTY" : "MEMBER", false);
    candidates.push(d);
  }
  if (deputy) candidates.push(candidate("DEPUTY", false, rng.chance(0.25) ? "FEMALE" : "MALE", newAge(rng), 0.5));
  for (let i = 0; i < member; i++) {
    // The first 委员 elected is a woman: every committee has one (the law asks for it).
    const age = newAge(rng);
    const m = candidate("MEMBER", true, i === 0 || rng.chance(community ? 0.35 : 0.15) ? "FEMALE" : "MALE", age, 0.6);
    if (rng.chance(0.45)) incumbent(m, "MEMBER", false);
    if (age < 35 && rng.chance(0.3)) m.tags.push(rng.pick(["COLLEGE_GRADUATE", "RETURNED_GRADUATE", "RESERVE_CADRE"] as const));
    candidates.push(m);
  }
  const memberLosers = rng.chance(0.25) ? 2 : 1;
  for (let i = 0; i < memberLosers; i++) candidates.push(candidate("MEMBER", false, rng.chance(0.3) ? "FEMALE" : "MALE", newAge(rng), 0.45));
  // A few villages: one more nominee whom a department finds barred (不能) and the county rejects.
  if (rng.chance(0.04)) {
    const c = candidate("MEMBER", false, "MALE", newAge(rng), 0.3);
    c.barred = rng.pick([
      { department: "县人民法院", code: "SB02A" },
      { department: "县公安局", code: "SB04B" },
      { department: "县纪委监委", code: "SB03A" },
      { department: "县信访局", code: "SB06B" },
    ]);
    candidates.push(c);
  }
  for (const c of candidates) {
    if (rng.chance(0.12)) c.tags.push(rng.pick(["VETERAN", "ENTREPRENEUR", "RETURNED_MIGRANT"] as const));
    c.tags = [...new Set(c.tags)];
    if (c.nominationForm === "VOTER_JOINT") c.nominatorCount = rng.int(10, 60);
    c.nominationVotes = rng.int(20, 120);
  }

  // The previous committee: the incumbents standing again, and the rest (retired or not re-elected), older.
  const pastSeats: Post[] = ["DIRECTOR", ...Array<Post>(Math.max(deputy, rng.chance(0.7) ? 1 : 0)).fill("DEPUTY"), ...Array<Post>(member).fill("MEMBER")];
  for (const p of pastSeats) {
    const taken = past.filter((x) => x.post === p).length;
    const wanted = pastSeats.filter((x) => x === p).length;
    for (let k = taken; k < wanted; k++) {
      const gender: Gender =
        p === "DIRECTOR" ? (rng.chance(0.08) ? "FEMALE" : "MALE") : k === 0 && p === "MEMBER" ? "FEMALE" : rng.chance(0.2) ? "FEMALE" : "MALE";
      const age = 36 + Math.floor(rng.next() * 22);
      past.push(pastOf(person(rng, ids, pastElectionDay, { gender, age, minorityShare, party: 0.7 }), p, p === "DIRECTOR" && pastDual));
    }
  }

  // Votes as shares of the valid ballots: winners 0.58-0.9, the others the rest of each column, below half.
  const runoff = member >= 2 && rng.chance(0.03);
  for (const post of ["DIRECTOR", "DEPUTY", "MEMBER"] as const) {
    const list = candidates.filter((c) => c.post === post && !c.barred);
    const winners = list.filter((c) => c.winner);
    const others = list.filter((c) => !c.winner);
    for (const w of winners) w.share = 0.58 + 0.32 * rng.next();
    const budget = seats[post] * (0.93 + 0.05 * rng.next()) - winners.reduce((s, w) => s + w.share, 0);
    for (const o of others) o.share = Math.max(0.02, Math.min(0.45, budget / others.length) - 0.05 * rng.next());
  }
  if (runoff) {
    // The last 委员 misses the majority in the first round (just below half, still ahead of everyone not
    // elected: the others are at most 0.45) and wins the runoff (另行选举) against the best of the rest.
    const last = candidates.filter((c) => c.post === "MEMBER" && c.winner).at(-1)!;
    last.share = 0.46 + 0.03 * rng.next();
    last.runoffShare = 0.6 + 0.1 * rng.next();
  }

  // Polling: one central meeting place, 1-3 fixed boxes and a mobile box (2-6% of the voters).
  const mobile = Math.max(10, Math.round(registeredVoters * (0.02 + 0.04 * rng.next())));
  const fixedCount = Math.min(3, Math.max(1, Math.round(registeredVoters / 900) + rng.int(0, 1)));
  const fixedVoters = registeredVoters - mobile;
  const boxes: BoxPlan[] = Array.from({ length: fixedCount }, (_, k) => ({
    name: `${k + 1}号票箱`,
    kind: "FIXED" as const,
    voters: Math.floor(fixedVoters / fixedCount) + (k === 0 ? fixedVoters % fixedCount : 0),
    turnout: (community ? 0.85 : 0.84) + 0.11 * rng.next(),
    spoiled: 0.003 + 0.017 * rng.next(),
  }));
  boxes.push({ name: "流动票箱", kind: "MOBILE", voters: mobile, turnout: 0.93 + 0.07 * rng.next(), spoiled: 0.01 * rng.next() });
  const staff: StaffPlan[] = (["MONITOR", "MONITOR", "MONITOR", "CALLER", "COUNTER"] as const).map((duty, k) => {
    const p = person(rng, ids, electionDay, { gender: rng.chance(0.4) ? "FEMALE" : "MALE", age: 30 + rng.int(0, 30), minorityShare, party: 0.5 });
    return { name: p.name, idNumber: p.idNumber, duty, mobile: k < 3 };
  });
  return { code, name, kind, township, seed, electionDay, pastElectionDay, seats, dualRole, registeredVoters, boxes, staff, candidates, runoff, past };
}

/** How many villages and communities each county gets, and the county and city codes. */
export function planCounties(opts: Required<Pick<SeedScaleOptions, "villages" | "communities" | "countyCode" | "seed">>): CountyPlan[] {
  const { villages, communities, countyCode, seed } = opts;
  const count = villages <= SINGLE_COUNTY_MAX ? 1 : Math.max(2, Math.round((villages + communities) / UNITS_PER_COUNTY));
  const share = (total: number, i: number) => Math.floor(total / count) + (i < total % count ? 1 : 0);
  const cityBase = Number(countyCode.slice(2, 4));
  const countyBase = Number(countyCode.slice(4, 6));
  const plans: CountyPlan[] = [];
  for (let i = 0; i < count; i++) {
    const city = count === 1 ? cityBase : cityBase + Math.floor(i / COUNTIES_PER_CITY);
    const countyNo = count === 1 ? countyBase : countyBase + (i % COUNTIES_PER_CITY);
    if (city > 99 || countyNo > 99) throw new Error(`县代码 ${countyCode} 之后放不下 ${count} 个县，请换一个较小的代码`);
    const code = `${countyCode.slice(0, 2)}${String(city).padStart(2, "0")}${String(countyNo).padStart(2, "0")}000000`;
    const rng = prng(hashString(`${seed}:${code}`));
    const nv = share(villages, i);
    const nc = share(communities, i);
    const electionStart = addDays(todayInChina(), 21 + rng.int(0, 5));
    const minorityShare = rng.weighted([
      [0.05, 3],
      [0.2, 3],
      [0.4, 3],
      [0.7, 1],
    ] as const);
    const ids = new IdNumbers(idRegion(code));
    // Townships of 10-15 villages; communities in streets of up to 10 (a handful go into the first town).
    const townships: TownshipPlan[] = [];
    const vplans: VillagePlan[] = [];
    let placeNo = hashString(code) % PLACE.length;
    const unitName = (suffix: string) => `${placeName(placeNo++ % (PLACE.length * 20))}${suffix}`;
    const addTownship = (kind: UnitKind) => {
      const t = townships.length;
      townships.push({
        code: `${code.slice(0, 6)}${String(101 + t).padStart(3, "0")}000`,
        name: unitName(kind === "STREET" ? "街道" : kind === "TOWN" ? "镇" : "乡"),
        kind,
      });
      return t;
    };
    let left = nv;
    while (left > 0) {
      const size = Math.min(left, rng.int(10, 15));
      const t = addTownship(townships.length === 0 || rng.chance(0.5) ? "TOWN" : "TOWNSHIP");
      const day = addDays(electionStart, t % 10);
      for (let v = 0; v < size; v++) {
        vplans.push(
          planVillage(`${townships[t]!.code.slice(0, 9)}${String(201 + v).padStart(3, "0")}`, unitName("村"), "VILLAGE", t, day, seed, ids, minorityShare),
        );
      }
      left -= size;
    }
    const place = (t: number, n: number, day: string) => {
      const base = vplans.filter((v) => v.township === t && v.kind === "COMMUNITY").length;
      for (let k = 0; k < n; k++)
        vplans.push(
          planVillage(
            `${townships[t]!.code.slice(0, 9)}${String(1 + base + k).padStart(3, "0")}`,
            unitName("社区"),
            "COMMUNITY",
            t,
            day,
            seed,
            ids,
            minorityShare,
          ),
        );
    };
    if (nc > 0 && nc <= 5 && townships.length > 0) place(0, nc, addDays(electionStart, 0));
    else {
      for (let c = nc; c > 0; c -= 10) {
        const t = addTownship("STREET");
        place(t, Math.min(10, c), addDays(electionStart, t % 10));
      }
    }
    plans.push({
      code,
      name: `${placeName(((hashString(`${seed}:${countyCode}`) % PLACE.length) + i) % PLACE.length)}县`,
      cityIndex: city,
      townships,
      villages: vplans,
      minorityShare,
    });
  }
  return plans;
}

// ---------------------------------------------------------------------------------------------
// Writing.

type UnitRow = { id: string; code: string; name: string; level: UnitLevel; kind: UnitKind; parentId: string | null; path: string; countyId: string | null };
type UserRow = { id: string; username: string; role: Role; departmentId: string | null; departmentName: string | null };

function unitRow(parent: UnitRow | null, code: string, name: string, kind: UnitKind): UnitRow {
  const id = randomUUID();
  const level = levelOfKind(kind);
  const countyId = level === "COUNTY" ? id : (parent?.countyId ?? null);
  return { id, code, name, level, kind, parentId: parent?.id ?? null, path: parent ? childPath(parent.path, id) : `/${id}/`, countyId };
}

function actorOf(user: UserRow, unit: UnitRow): Actor {
  return {
    sessionId: "seed-scale",
    userId: user.id,
    username: user.username,
    displayName: user.username,
    role: user.role,
    unitId: unit.id,
    unitPath: unit.path,
    unitName: unit.name,
    unitCode: unit.code,
    unitLevel: unit.level,
    countyId: unit.countyId,
    departmentId: user.departmentId,
    departmentName: user.departmentName,
  };
}

async function pool<T>(items: readonly T[], size: number, fn: (item: T, i: number) => Promise<void>) {
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(size, items.length)) }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i]!, i);
    }
  });
  await Promise.all(workers);
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const fmt = (ms: number) => {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
};

/** The template's columns in order, one row per candidate, as a township fills in the Excel template. */
async function candidateWorkbook(villages: VillagePlan[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("初步候选人");
  ws.addRow(TEMPLATE_COLUMNS.map((c) => c.header));
  const yes = (b: boolean) => (b ? "是" : "否");
  for (const v of villages) {
    for (const c of v.candidates) {
      const cell: Record<string, string | number | null> = {
        unitCode: v.code,
        name: c.name,
        gender: GENDER_LABEL[c.gender],
        ethnicity: ethnicityName(c.ethnicity),
        birthDate: c.birthDate,
        idNumber: c.idNumber,
        education: educationName(c.education),
        political: POLITICAL_LABEL[c.political],
        phone: null,
        currentPosts: c.currentPosts.map((p) => CURRENT_POST_LABEL[p]).join("、") || null,
        tags: c.tags.map((t) => BACKGROUND_TAG_LABEL[t]).join("、") || null,
        dissatisfactionPercent: c.dissatisfactionPercent,
        post: POST_LABEL[c.post],
        nominationForm: NOMINATION_FORM_LABEL[c.nominationForm],
        nominatorCount: c.nominatorCount,
        nominationVotes: c.nominationVotes,
        pledgeCampaign: yes(true),
        pledgeWork: yes(true),
        pledgeResign: yes(true),
        pledgeDiscipline: yes(true),
      };
      ws.addRow(TEMPLATE_COLUMNS.map((col) => cell[col.key] ?? null));
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The previous committees on the 往届数据 template (lib/server/oversight/past-terms.ts), one row per member. */
async function pastTermWorkbook(villages: VillagePlan[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(PAST_TERM_SHEET);
  ws.addRow(PAST_TERM_COLUMNS.map((c) => c.header));
  const post: Record<Post, string> = { DIRECTOR: "主任", DEPUTY: "副主任", MEMBER: "委员", WOMEN_MEMBER: "妇女委员" };
  for (const v of villages) {
    for (const m of v.past) {
      const cell: Record<string, string> = {
        unitCode: v.code,
        name: m.name,
        gender: GENDER_LABEL[m.gender],
        ethnicity: ethnicityName(m.ethnicity) ?? m.ethnicity,
        birthDate: m.birthDate,
        education: educationName(m.education) ?? m.education,
        political: POLITICAL_LABEL[m.political],
        post: post[m.post],
        dualRole: m.dualRole ? "是" : "否",
        electionDate: v.pastElectionDay,
      };
      ws.addRow(PAST_TERM_COLUMNS.map((col) => cell[col.key] ?? null));
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** One box's tally sheet as the clerks type it, from the village's vote shares. */
function tallyForm(ballot: Ballot, box: BoxPlan, shareOf: (candidateId: string) => number, round: number): Record<string, string> {
  const turnout = round === 1 ? box.turnout : box.turnout - 0.04;
  const issued = Math.min(box.voters, Math.round(box.voters * turnout));
  const returned = Math.max(0, issued - (box.kind === "MOBILE" ? 0 : Math.min(2, Math.floor(issued / 300))));
  const invalid = Math.round(returned * box.spoiled);
  const valid = returned - invalid;
  const form: Record<string, string> = { [FIELD.issued]: String(issued), [FIELD.returned]: String(returned), [FIELD.invalid]: String(invalid) };
  for (const s of ballot.sections) {
    for (const c of s.candidates) form[FIELD.vote(s.post, c.key)] = String(Math.floor(valid * shareOf(c.key)));
  }
  return form;
}

type Counters = { actions: number };

async function act<S extends z.ZodType, T>(
  counters: Counters,
  def: ActionDef<S, T>,
  actor: Actor,
  input: z.input<S> | Record<string, unknown>,
  what: string,
): Promise<T> {
  const res = await executeAction(def, actor, input);
  counters.actions++;
  if (!res.ok) {
    const more = res.details?.length ? ` ${JSON.stringify(res.details.slice(0, 5))}` : res.fieldErrors ? ` ${JSON.stringify(res.fieldErrors)}` : "";
    throw new Error(`${what}: ${def.name} 失败（${res.code}）：${res.error}${more}`);
  }
  return res.data;
}

/**
 * Seeds the data set into the installed database (installDatabase, or the configured one). Refuses when
 * any of the county codes exists already. Returns what was created, counted as it was created.
 */
export async function seedScale(options: SeedScaleOptions): Promise<SeedScaleSummary> {
  const t0 = performance.now();
  const { prisma, kind } = await database();
  const villages = Math.floor(options.villages);
  const communities = Math.floor(options.communities ?? 0);
  const countyCode = options.countyCode ?? DEFAULT_SCALE_COUNTY_CODE;
  const seed = options.seed ?? 1;
  const batch = options.batch ?? false;
  const concurrency = Math.max(1, options.concurrency ?? (kind === "postgres" ? 8 : 1));
  const password = options.password ?? SCALE_PASSWORD;
  const log = options.log ?? (() => {});
  const every = options.progressEvery ?? 0;
  if (!(villages >= 1) || communities < 0) throw new Error("村数至少为 1，社区数不能为负");
  if (!/^\d{6}000000$/.test(countyCode) || /^0*$/.test(countyCode.slice(4, 6)) || /^0*$/.test(countyCode.slice(2, 4))) {
    throw new Error(`县代码 ${countyCode} 无效：应为 12 位，前 6 位为县级代码（第 3-4、5-6 位不全为 0），后 6 位为 0`);
  }

  const plans = planCounties({ villages, communities, countyCode, seed });
  const existing = await prisma.unit.findMany({ where: { code: { in: plans.map((p) => p.code) } }, select: { code: true, name: true } });
  if (existing.length) throw new Error(`县代码已存在：${existing.map((u) => `${u.code}（${u.name}）`).join("、")}。请换一个 --county-code，或使用新的数据库`);

  const counters: Counters = { actions: 0 };
  const totalVillages = plans.reduce((s, p) => s + p.villages.length, 0);
  const summary: SeedScaleSummary = {
    province: { id: "", code: "", name: "" },
    counties: [],
    townships: 0,
    villages: 0,
    communities: 0,
    candidates: 0,
    rejected: 0,
    members: 0,
    registeredVoters: 0,
    votesCast: 0,
    runoffs: 0,
    pastTermMembers: 0,
    actions: 0,
    batched: batch,
    elapsedMs: 0,
    password,
  };
  const passwordHash = await hashPassword(password);
  const today = todayInChina();

  // Province and cities: reused when they exist (a scale county can sit beside the demo's).
  const provinceCode = `${countyCode.slice(0, 2)}0000000000`;
  const ensure = async (code: string, name: string, kind: UnitKind, parent: UnitRow | null): Promise<UnitRow> => {
    const found = await prisma.unit.findUnique({
      where: { code },
      select: { id: true, code: true, name: true, level: true, kind: true, parentId: true, path: true, countyId: true },
    });
    if (found) {
      if (found.level !== levelOfKind(kind)) throw new Error(`代码 ${code} 已被「${found.name}」（${found.level}）使用`);
      return found as UnitRow;
    }
    const row = unitRow(parent, code, name, kind);
    await prisma.unit.create({ data: row });
    return row;
  };
  const province = await ensure(provinceCode, "规模测试省", "PROVINCE", null);
  summary.province = { id: province.id, code: province.code, name: province.name };
  const cities = new Map<number, UnitRow>();
  for (const p of plans) {
    if (!cities.has(p.cityIndex)) cities.set(p.cityIndex, await ensure(`${p.code.slice(0, 4)}00000000`, `规模测试${num(cities.size + 1)}市`, "CITY", province));
  }

  let done = 0;
  let lastReported = 0;
  const progress = (label: string) => {
    if (!every || done - lastReported < every) return;
    lastReported = done;
    const elapsed = performance.now() - t0;
    const eta = (elapsed / done) * (totalVillages - done);
    log(`  ${String(done).padStart(String(totalVillages).length)}/${totalVillages} 村(社区)结果已确认  ${label}  已用 ${fmt(elapsed)}，预计还需 ${fmt(eta)}`);
  };

  for (const [ci, plan] of plans.entries()) {
    const tc = performance.now();
    const label = `[${ci + 1}/${plans.length} ${plan.name}]`;
    // --- Units and users (direct).
    const county = unitRow(cities.get(plan.cityIndex)!, plan.code, plan.name, "COUNTY");
    const townships = plan.townships.map((t) => unitRow(county, t.code, t.name, t.kind));
    const villageUnits = plan.villages.map((v) => unitRow(townships[v.township]!, v.code, v.name, v.kind));
    await prisma.unit.create({ data: county });
    await prisma.unit.createMany({ data: townships });
    for (const batchRows of chunks(villageUnits, 1000)) await prisma.unit.createMany({ data: batchRows });

    const c6 = plan.code.slice(0, 6);
    const admin: UserRow = { id: randomUUID(), username: `s${c6}_county`, role: "COUNTY_ADMIN", departmentId: null, departmentName: null };
    const officers: UserRow[] = townships.map((t) => ({
      id: randomUUID(),
      username: `s${t.code.slice(0, 9)}_officer`,
      role: "TOWNSHIP_OFFICER",
      departmentId: null,
      departmentName: null,
    }));
    const clerks: UserRow[][] = villageUnits.map((v) =>
      [1, 2].map((k) => ({ id: randomUUID(), username: `s${v.code}_clerk${k}`, role: "VILLAGE_CLERK" as Role, departmentId: null, departmentName: null })),
    );
    const userData = (u: UserRow, unit: UnitRow, displayName: string) => ({
      id: u.id,
      username: u.username,
      displayName,
      role: u.role,
      unitId: unit.id,
      departmentId: u.departmentId,
      passwordHash,
    });
    await prisma.user.createMany({
      data: [
        userData(admin, county, `${plan.name}换届办`),
        ...officers.map((o, t) => userData(o, townships[t]!, `${townships[t]!.name}换届办`)),
        ...clerks.flatMap((pair, v) => pair.map((u, k) => userData(u, villageUnits[v]!, `${villageUnits[v]!.name}选委会${k + 1}`))),
      ],
    });
    const adminActor = actorOf(admin, county);
    const officerActors = officers.map((o, t) => actorOf(o, townships[t]!));
    const clerkActors = clerks.map((pair, v) => pair.map((u) => actorOf(u, villageUnits[v]!)));

    // --- The county: departments, negative list, campaign (actions).
    const departments = new Map<string, string>();
    for (const [i, name] of VETTING_DEPARTMENTS.entries()) {
      const d = await act(
        counters,
        createDepartment,
        adminActor,
        { countyId: county.id, name, duty: DEMO_DEPARTMENTS.find((x) => x.name === name)?.duty ?? "", sortOrder: i + 1 },
        `${label} 联审部门`,
      );
      departments.set(name, d.id);
    }
    const reviewers: UserRow[] = VETTING_DEPARTMENTS.map((name, i) => ({
      id: randomUUID(),
      username: `s${c6}_review${String(i + 1).padStart(2, "0")}`,
      role: "VETTING_REVIEWER",
      departmentId: departments.get(name)!,
      departmentName: name,
    }));
    await prisma.user.createMany({ data: reviewers.map((r) => userData(r, county, `${r.departmentName}审核员`)) });
    const reviewerOf = new Map(reviewers.map((r) => [r.departmentName!, actorOf(r, county)]));
    await act(counters, loadDefaultNegativeList, adminActor, { countyId: county.id }, `${label} 负面清单`);
    const campaign = await act(
      counters,
      createCampaign,
      adminActor,
      { countyId: county.id, name: SCALE_CAMPAIGN, startDate: addDays(today, -30), endDate: addDays(today, 150) },
      `${label} 换届`,
    );
    await withTx((tx) =>
      appendAudit(tx, {
        event: "seed.scale",
        actor: { userId: admin.id, username: admin.username, role: admin.role },
        unitId: county.id,
        detail: {
          units: 1 + townships.length + villageUnits.length,
          users: 1 + officers.length + clerks.length * 2 + reviewers.length,
          batched: batch ? BATCHED_STEPS : [],
          direct: DIRECT_STEPS,
        },
      }),
    );

    // --- Nomination: each village's election (township officer), the township's Excel import, submission.
    const electionIds: string[] = new Array(plan.villages.length);
    await pool(plan.villages, concurrency, async (v, i) => {
      const e = await act(
        counters,
        saveElection,
        officerActors[v.township]!,
        {
          campaignId: campaign.id,
          unitId: villageUnits[i]!.id,
          version: 0,
          electionDay: v.electionDay,
          method: "CONTESTED",
          seatsDirector: v.seats.DIRECTOR,
          seatsDeputy: v.seats.DEPUTY,
          seatsMember: v.seats.MEMBER,
          seatsWomenMember: 0,
          dualRole: v.dualRole,
          registeredVoters: v.registeredVoters,
        },
        `${label} ${v.name} 选举设置`,
      );
      electionIds[i] = e.id;
    });
    await pool(townships, concurrency, async (t, ti) => {
      const vs = plan.villages.filter((v) => v.township === ti);
      if (!vs.length) return;
      const file = await candidateWorkbook(vs);
      await act(counters, importCandidates, officerActors[ti]!, { campaignId: campaign.id, unitId: t.id, file }, `${label} ${t.name} 候选人导入`);
    });
    await pool(plan.villages, concurrency, async (v, i) => {
      const { version } = await prisma.election.findUniqueOrThrow({ where: { id: electionIds[i]! }, select: { version: true } });
      await act(counters, submitList, officerActors[v.township]!, { electionId: electionIds[i]!, version }, `${label} ${v.name} 提交联审`);
    });
    const tn = performance.now();

    // --- Joint vetting: one round for the county; every department answers 无异议 except the few findings.
    const round = await act(
      counters,
      openVettingRound,
      adminActor,
      { campaignId: campaign.id, name: `${plan.name}第一轮联审`, deadline: addDays(today, 10), electionIds },
      `${label} 联审轮次`,
    );
    const entries = await prisma.vettingEntry.findMany({
      where: { roundId: round.id },
      select: { id: true, candidate: { select: { post: true, person: { select: { idNumber: true } } } } },
      orderBy: { id: "asc" },
    });
    const entryOf = new Map(entries.map((e) => [`${e.candidate.person.idNumber}|${e.candidate.post}`, e.id]));
    const barred = plan.villages.flatMap((v) => v.candidates.filter((c) => c.barred).map((c) => ({ c, entryId: entryOf.get(`${c.idNumber}|${c.post}`)! })));
    for (const { c, entryId } of barred) {
      await act(
        counters,
        recordOpinion,
        reviewerOf.get(c.barred!.department)!,
        {
          entryId,
          kind: "BAR",
          conditionCodes: [c.barred!.code],
          finding: "经核查，该人员存在负面清单所列情形，不能作为候选人。",
          evidenceRef: `${c.barred!.department}核查意见`,
        },
        `${label} 联审意见`,
      );
    }
    const entryIds = entries.map((e) => e.id);
    for (const r of reviewerOf.values()) {
      for (const part of chunks(entryIds, 2000))
        await act(counters, bulkNoObjection, r, { roundId: round.id, entryIds: part }, `${label} ${r.departmentName} 无异议`);
    }
    for (const part of chunks(entryIds, 2000)) await act(counters, decideBatch, adminActor, { roundId: round.id, entryIds: part }, `${label} 批量通过`);
    for (const { entryId } of barred) {
      const opinionsSeen = await prisma.vettingOpinion.count({ where: { entryId } });
      await act(
        counters,
        decideEntry,
        adminActor,
        { entryId, decision: "REJECT", rationale: "联审部门查实存在“不能”情形，不予通过。", opinionsSeen },
        `${label} 不通过`,
      );
    }
    await pool(plan.villages, concurrency, async (v, i) => {
      const res = await act(counters, completeElection, adminActor, { electionId: electionIds[i]! }, `${label} ${v.name} 正式候选人`);
      if (!res.published) throw new Error(`${label} ${v.name} 正式候选人名单未能公布：${res.reason}`);
    });
    summary.rejected += barred.length;
    const tv = performance.now();

    // --- Election day, village by village.
    await pool(plan.villages, concurrency, async (v, i) => {
      const electionId = electionIds[i]!;
      const [clerk1, clerk2] = clerkActors[i]!;
      const candidates = await prisma.candidate.findMany({ where: { electionId }, select: { id: true, post: true, person: { select: { idNumber: true } } } });
      const planOf = new Map(candidates.map((c) => [c.id, v.candidates.find((p) => p.idNumber === c.person.idNumber && p.post === c.post)!]));
      const boxIds: string[] = [];
      if (batch) {
        await withTx(async (tx) => {
          const station = {
            id: randomUUID(),
            electionId,
            name: "中心会场",
            kind: "CENTRAL" as const,
            place: `${v.name}${v.kind === "COMMUNITY" ? "居委会" : "村委会"}大院`,
          };
          await tx.pollingStation.create({ data: station });
          const boxes = v.boxes.map((b) => ({ id: randomUUID(), electionId, stationId: station.id, name: b.name, kind: b.kind, voters: b.voters }));
          await tx.ballotBox.createMany({ data: boxes });
          boxIds.push(...boxes.map((b) => b.id));
          const mobileId = boxes.find((b) => b.kind === "MOBILE")!.id;
          await tx.pollingStaff.createMany({
            data: v.staff.map((s) => ({ electionId, name: s.name, idNumber: s.idNumber, duty: s.duty, boxId: s.mobile ? mobileId : null })),
          });
        });
      } else {
        const station = await act(
          counters,
          saveStation,
          clerk1!,
          { electionId, name: "中心会场", kind: "CENTRAL", place: `${v.name}${v.kind === "COMMUNITY" ? "居委会" : "村委会"}大院` },
          `${v.name} 投票站`,
        );
        for (const b of v.boxes) {
          boxIds.push(
            (await act(counters, saveBox, clerk1!, { electionId, stationId: station.id, name: b.name, kind: b.kind, voters: b.voters }, `${v.name} 票箱`)).id,
          );
        }
        const mobileId = boxIds[v.boxes.findIndex((b) => b.kind === "MOBILE")]!;
        for (const s of v.staff) {
          await act(
            counters,
            addStaff,
            clerk1!,
            { electionId, name: s.name, idNumber: s.idNumber, duty: s.duty, boxId: s.mobile ? mobileId : "" },
            `${v.name} 工作人员`,
          );
        }
      }

      for (let number = 1; ; number++) {
        const opened = await act(counters, openVotingRound, clerk1!, { electionId, number }, `${v.name} 第${number}轮开始`);
        const r = await prisma.votingRound.findUniqueOrThrow({ where: { id: opened.id }, select: { ballot: true } });
        const ballot = readBallot(r.ballot);
        // A runoff's ballot holds the best of those not elected: whoever led them in the first round wins it.
        const onBallot = ballot.sections.flatMap((s) => s.candidates.map((c) => c.key));
        const leader = [...onBallot].sort((a, b) => (planOf.get(b)?.share ?? 0) - (planOf.get(a)?.share ?? 0))[0];
        const shareOf = (id: string) => {
          const p = planOf.get(id);
          if (!p) return 0;
          if (number === 1) return p.share;
          return id === leader ? p.runoffShare || 0.6 : 0.3 / Math.max(1, onBallot.length - 1);
        };
        const forms = v.boxes.map((b) => tallyForm(ballot, b, shareOf, number));
        if (number === 1) summary.votesCast += forms.reduce((s, f) => s + Number(f[FIELD.returned]), 0);
        if (batch) {
          await withTx(async (tx) => {
            const rows = forms.map((form, k) => {
              const parsed = readTallyForm(form, ballot);
              if (!parsed.ok) throw new Error(`${v.name} ${v.boxes[k]!.name}：${parsed.message}`);
              return { id: randomUUID(), boxId: boxIds[k]!, first: randomUUID(), second: randomUUID(), values: parsed.values };
            });
            await tx.boxTally.createMany({
              data: rows.map((t) => ({
                id: t.id,
                electionId,
                roundId: opened.id,
                boxId: t.boxId,
                status: "ACCEPTED" as const,
                firstEntryId: t.first,
                secondEntryId: t.second,
                acceptedEntryId: t.second,
                version: 2,
              })),
            });
            await tx.tallyEntry.createMany({
              data: rows.flatMap((t) => [
                { id: t.first, electionId, boxTallyId: t.id, slot: "FIRST" as const, requestId: randomUUID(), values: t.values, enteredById: clerk1!.userId },
                { id: t.second, electionId, boxTallyId: t.id, slot: "SECOND" as const, requestId: randomUUID(), values: t.values, enteredById: clerk2!.userId },
              ]),
            });
          });
        } else {
          for (const [k, form] of forms.entries()) {
            const first = await act(
              counters,
              saveTally,
              clerk1!,
              { roundId: opened.id, boxId: boxIds[k]!, version: 0, requestId: randomUUID(), mode: "enter", ...form },
              `${v.name} 计票单第一遍`,
            );
            if (first.status !== "AWAITING_SECOND") throw new Error(`${v.name}：第一遍录入后状态为 ${first.status}`);
            const second = await act(
              counters,
              saveTally,
              clerk2!,
              { roundId: opened.id, boxId: boxIds[k]!, version: 1, requestId: randomUUID(), mode: "enter", ...form },
              `${v.name} 计票单第二遍`,
            );
            if (second.status !== "ACCEPTED") throw new Error(`${v.name}：第二遍录入后状态为 ${second.status}`);
          }
        }
        const decided = await act(counters, decideRound, clerk1!, { roundId: opened.id, version: 1 }, `${v.name} 第${number}轮判定`);
        if (!decided.valid) throw new Error(`${v.name} 第${number}轮选举无效`);
        const seats = v.seats.DIRECTOR + v.seats.DEPUTY + v.seats.MEMBER;
        const elected = await prisma.votingRound.findMany({ where: { electionId }, select: { decision: true } });
        const filled = elected.reduce((s, x) => s + ((x.decision as { elected?: unknown[] } | null)?.elected?.length ?? 0), 0);
        if (filled >= seats) break;
        if (number === 1) summary.runoffs++;
        if (number >= 3) throw new Error(`${v.name}：${number} 轮后仍有名额未选出`);
      }
      const { version } = await prisma.election.findUniqueOrThrow({ where: { id: electionId }, select: { version: true } });
      const confirmed = await act(counters, confirmResult, officerActors[v.township]!, { electionId, version, acceptVacancies: false }, `${v.name} 确认结果`);
      summary.members += confirmed.members;
      done++;
      progress(label);
    });
    const te = performance.now();

    // --- Certification, a township at a time (the county administrator re-enters the password).
    for (const [ti, t] of townships.entries()) {
      const ids = plan.villages.flatMap((v, i) => (v.township === ti ? [electionIds[i]!] : []));
      if (!ids.length) continue;
      const res = await act(
        counters,
        certifyResults,
        adminActor,
        { campaignId: campaign.id, unitId: t.id, electionIds: ids, password },
        `${label} ${t.name} 认定`,
      );
      if (res.refused || res.certified.length !== ids.length) throw new Error(`${label} ${t.name} 认定未完成：${res.refused ?? JSON.stringify(res.skipped)}`);
    }

    // --- The previous term: the county imports its records with the 往届数据 template (term.import).
    const imported = await act(
      counters,
      importPastTerm,
      adminActor,
      { countyId: county.id, name: SCALE_PAST_TERM, file: await pastTermWorkbook(plan.villages), fileName: "往届成员.xlsx" },
      `${label} 往届导入`,
    );
    summary.pastTermMembers += imported.members;

    summary.counties.push({
      id: county.id,
      code: county.code,
      name: county.name,
      campaignId: campaign.id,
      adminUsername: admin.username,
      townships: townships.length,
      villages: plan.villages.filter((v) => v.kind === "VILLAGE").length,
      communities: plan.villages.filter((v) => v.kind === "COMMUNITY").length,
    });
    summary.townships += townships.length;
    summary.villages += plan.villages.filter((v) => v.kind === "VILLAGE").length;
    summary.communities += plan.villages.filter((v) => v.kind === "COMMUNITY").length;
    summary.candidates += plan.villages.reduce((s, v) => s + v.candidates.length, 0);
    summary.registeredVoters += plan.villages.reduce((s, v) => s + v.registeredVoters, 0);
    log(
      `${label} ${plan.villages.length} 个村(社区)：提名 ${fmt(tn - tc)}，联审 ${fmt(tv - tn)}，选举日 ${fmt(te - tv)}，认定及往届 ${fmt(performance.now() - te)}；` +
        `累计 ${fmt(performance.now() - t0)}，${counters.actions} 次操作`,
    );
  }
  summary.actions = counters.actions;
  summary.elapsedMs = performance.now() - t0;
  return summary;
}
