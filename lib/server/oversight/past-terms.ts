import "server-only";
// Past terms (往届村(居)委会成员): a county imports the committee members of a term that was elected before
// the system, one row per member, so the first term run in the system can already be compared with the one
// before it. The import follows the candidate import (lib/server/nomination/excel.ts): a template with
// instructions and dropdowns, all or nothing, every problem listed by sheet, row and column.
// Rules and columns: docs/past-terms.md.
import { openTemplateSheet } from "../spreadsheet";
import { randomUUID } from "node:crypto";
import ExcelJS from "exceljs";
import { z } from "zod";
import { dateOfDay, dayOf, todayInChina } from "@/lib/domain/days";
import { idField } from "@/lib/domain/form-fields";
import {
  EDUCATION_LEVELS,
  personNameProblem,
  ETHNICITIES,
  POLITICAL_LABEL,
  POLITICAL_STATUSES,
  POSTS,
  educationByName,
  ethnicityByName,
  politicalByLabel,
  postByLabel,
  type Gender,
  type PoliticalStatus,
  type Post,
} from "@/lib/domain/people";
import { can } from "@/lib/domain/permissions";
import { byRowAndColumn, noDataMessage, sizeText } from "@/lib/domain/spreadsheet-import";
import { LEVEL_LABEL, type UnitLevel } from "@/lib/domain/units";
import { defineAction } from "../action";
import type { Actor } from "../auth/sessions";
import { db, type Tx } from "../db";
import { ExpectedError, translateDbError, type ErrorDetail } from "../errors";
import { addDataSheet, dayOfCell, nameOfCell, norm, rawOf, styleHeader, textOf, unreadableCell, type Raw, type TemplateVillage } from "../nomination/excel";
import { unitScope } from "../scope";

export type ImportError = ErrorDetail;

export const PAST_TERM_SHEET = "往届成员";
export const GUIDE_SHEET = "填写说明";
export const VILLAGE_SHEET = "村(社区)代码表";

/** A county's term is a few thousand rows; a province migrating everything at once splits by county. */
export const MAX_TERM_ROWS = 20_000;
export const MAX_TERM_BYTES = 10 * 1024 * 1024;
/** An import with more problems than this lists only the first ones (the summary says so). */
export const MAX_REPORTED_ERRORS = 1000;
/** A guard against files whose XML claims millions of (styled, empty) rows. */
const MAX_XML_ROWS = 50_000;

/** Elected village committees exist since the early 1980s; an earlier date is a typo. */
export const EARLIEST_ELECTION_DAY = "1980-01-01";
export const EARLIEST_BIRTH_DAY = "1900-01-01";
/** Only citizens of 18 or more may be elected (村民委员会组织法 art 13, docs/rules/voter-registration.md). */
export const MIN_AGE = 18;

/** The user id a command-line (system) import is audited under; no user has it. */
export const SYSTEM_USER_ID = "00000000-0000-0000-0000-000000000000";
/** Usernames are [a-z0-9_.-]: the colon keeps this one apart from every real user in the audit log. */
export const SYSTEM_USERNAME = "system:import-term";

// ---------------------------------------------------------------------------------------------
// The columns

export type PastTermMemberInput = {
  unitCode: string;
  name: string;
  gender: Gender;
  /** GB/T 3304 two-digit code. */
  ethnicity: string;
  birthDate: string;
  /** GB/T 4658 level (tens) code. */
  education: string;
  political: PoliticalStatus;
  post: Post;
  dualRole: boolean;
  electionDate: string;
};
type Key = keyof PastTermMemberInput;

export type PastTermColumn = {
  key: Key;
  /** The header cell, exactly as in the template. */
  header: string;
  /** Other headers old spreadsheets use for the same column. */
  aliases?: readonly string[];
  note: string;
  required: boolean;
  width: number;
  options?: readonly string[];
  /** Formatted as text so Excel keeps leading zeros and does not turn dates into numbers. */
  text?: boolean;
};

const YES = "是";
const NO = "否";
const ETHNICITY_NAMES = ETHNICITIES.map((e) => e.name);
const EDUCATION_NAMES = EDUCATION_LEVELS.map((e) => e.name);
const POLITICAL_NAMES = POLITICAL_STATUSES.map((s) => POLITICAL_LABEL[s]);
/** The posts as the template writes them: the women seat is simply 妇女委员 here. */
const TERM_POST_LABEL: Record<Post, string> = { DIRECTOR: "主任", DEPUTY: "副主任", MEMBER: "委员", WOMEN_MEMBER: "妇女委员" };
const POST_NAMES = POSTS.map((p) => TERM_POST_LABEL[p]);

export const PAST_TERM_COLUMNS: readonly PastTermColumn[] = [
  {
    key: "unitCode",
    header: "村(社区)统计用区划代码",
    aliases: ["村(社区)统计代码", "统计用区划代码", "区划代码", "统计代码", "村(社区)代码"],
    required: true,
    width: 22,
    text: true,
    note: "必填。村(社区)的 12 位统计用区划代码（见「村(社区)代码表」），须是本县的村(社区)",
  },
  { key: "name", header: "姓名", required: true, width: 12, note: "必填。最多 50 个字" },
  { key: "gender", header: "性别", required: true, width: 8, options: ["男", "女"], note: "必填。男 或 女（也可填代码 1 男、2 女）" },
  {
    key: "ethnicity",
    header: "民族",
    required: true,
    width: 12,
    options: ETHNICITY_NAMES,
    note: "必填。民族全称，如 汉族、回族（也可只写“汉”“回”，或填 GB/T 3304 两位代码，如 01）",
  },
  {
    key: "birthDate",
    header: "出生日期",
    required: true,
    width: 13,
    text: true,
    note: "必填。格式 YYYY-MM-DD，如 1975-05-01（也可填 Excel 日期）；选举日期时须年满 18 周岁",
  },
  {
    key: "education",
    header: "文化程度",
    aliases: ["学历"],
    required: true,
    width: 14,
    options: EDUCATION_NAMES,
    note: `必填。按 GB/T 4658 填写：${EDUCATION_NAMES.join("、")}（也可写 本科、大专、中专，或填两位学历代码，如 20）`,
  },
  {
    key: "political",
    header: "政治面貌",
    required: true,
    width: 13,
    options: POLITICAL_NAMES,
    note: `必填。${POLITICAL_NAMES.join("、")}（也可填 GB/T 4762 两位代码，如 01 中共党员、13 群众）`,
  },
  {
    key: "post",
    header: "职务",
    aliases: ["职位", "所任职务"],
    required: true,
    width: 12,
    options: POST_NAMES,
    note: `必填。${POST_NAMES.join("、")}；每个村(社区)最多一名主任`,
  },
  {
    key: "dualRole",
    header: "是否一肩挑",
    aliases: ["一肩挑", "是否“一肩挑”", '是否"一肩挑"'],
    required: false,
    width: 12,
    options: [YES, NO],
    note: "选填。主任同时担任村(社区)党组织书记的填“是”，否则填“否”或不填。只有主任可以填“是”",
  },
  {
    key: "electionDate",
    header: "选举日期",
    aliases: ["当选日期", "选举时间"],
    required: true,
    width: 13,
    text: true,
    note: "必填。本届选举大会的日期，格式 YYYY-MM-DD；同一村(社区)的成员填同一个日期（另行选举当选的也填选举大会的日期），不能晚于今天",
  },
];

const COLUMN = Object.fromEntries(PAST_TERM_COLUMNS.map((c) => [c.key, c])) as Record<Key, PastTermColumn>;

// ---------------------------------------------------------------------------------------------
// Labels and codes

const GENDER_BY_LABEL = new Map<string, Gender>([
  ["男", "MALE"],
  ["男性", "MALE"],
  ["1", "MALE"],
  ["女", "FEMALE"],
  ["女性", "FEMALE"],
  ["2", "FEMALE"],
]);
const TRUE_WORDS = new Set(["是", "Y", "YES", "TRUE", "1", "√", "✓", "✔"]);
const FALSE_WORDS = new Set(["否", "N", "NO", "FALSE", "0", "×", "✗"]);

/** GB/T 4762 政治面貌代码: 04-11 are the eight democratic parties; 12 (无党派民主人士) has no status here. */
function politicalByCode(code: string): PoliticalStatus | null {
  const n = Number(code);
  if (n === 1) return "CPC_MEMBER";
  if (n === 2) return "CPC_PROBATIONARY";
  if (n === 3) return "CYL_MEMBER";
  if (n >= 4 && n <= 11) return "DEMOCRATIC_PARTY";
  if (n === 13) return "MASSES";
  return null;
}

/** A one- or two-digit code as written; a number cell loses the leading zero ("01" becomes 1). */
const twoDigits = (s: string) => (/^\d{1,2}$/.test(s) ? s.padStart(2, "0") : null);

function ethnicityOf(s: string): string | null {
  const code = twoDigits(s);
  if (code) return ETHNICITIES.find((e) => e.code === code)?.code ?? null;
  return ethnicityByName(s)?.code ?? null;
}

/** The level (tens) code; a detailed 学历代码 such as 21 (大学本科毕业) counts as its level (20). */
function educationOf(s: string): string | null {
  if (/^\d{2}$/.test(s)) return EDUCATION_LEVELS.find((e) => e.code === `${s[0]}0`)?.code ?? null;
  return educationByName(s)?.code ?? null;
}

function politicalOf(s: string): PoliticalStatus | null {
  const code = twoDigits(s);
  if (code) return politicalByCode(code);
  return politicalByLabel(s);
}

function postOf(s: string): Post | null {
  const upper = s.toUpperCase();
  if ((POSTS as readonly string[]).includes(upper)) return upper as Post;
  return postByLabel(s);
}

const isRealDay = (d: string) => /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(dateOfDay(d).getTime()) && dayOf(dateOfDay(d)) === d;

/** Full years of age on `on` (a birthday on 29 February is reached on 1 March in other years). */
export function ageOn(birth: string, on: string): number {
  const [by, bm, bd] = birth.split("-").map(Number) as [number, number, number];
  const [oy, om, od] = on.split("-").map(Number) as [number, number, number];
  return oy - by - (om < bm || (om === bm && od < bd) ? 1 : 0);
}

// ---------------------------------------------------------------------------------------------
// Parsing

export type PastTermRow = {
  sheet: string;
  /** The Excel row number. */
  row: number;
  /** The unit code as written (trimmed); "" when missing. */
  unitCode: string;
  /** The member, or null when the row has problems (they are in `errors`). */
  member: PastTermMemberInput | null;
};

export type ParsedPastTerm = { rows: PastTermRow[]; errors: ImportError[] };

const fileError = (message: string, sheet = ""): ParsedPastTerm => ({ rows: [], errors: [{ sheet, row: 0, column: "", message }] });

export function sortImportErrors(errors: ImportError[]): ImportError[] {
  return byRowAndColumn(errors, PAST_TERM_COLUMNS);
}

/**
 * Reads a past term's workbook: the 往届成员 sheet, or else the first sheet with the template's header (old
 * records come with their own sheet names). Each non-empty row after the header is one member. Checks each
 * cell, then what rows say together: one 主任 per village, one election date per village, no member twice.
 * Whether the codes are villages of the importing county is the action's job. `today` is for tests.
 */
export async function parsePastTermWorkbook(file: Uint8Array, opts: { today?: string } = {}): Promise<ParsedPastTerm> {
  const today = opts.today ?? todayInChina();
  const opened = await openTemplateSheet(file, {
    sheetName: PAST_TERM_SHEET,
    guideSheet: GUIDE_SHEET,
    columns: PAST_TERM_COLUMNS,
    maxBytes: MAX_TERM_BYTES,
    tooBigHint: "请按乡镇分成几个文件导入",
    maxXmlRows: MAX_XML_ROWS,
    tooManyRows: `文件行数太多：一次最多导入 ${MAX_TERM_ROWS} 行，请分成几个文件导入`,
    noDataHint: `请在「${PAST_TERM_SHEET}」工作表中从第 2 行起每行填写一名成员`,
  });
  if (!opened.ok) return { rows: [], errors: opened.problems };
  const { ws, sheet, headerRow, colOf } = opened;

  const dataRows: ExcelJS.Row[] = [];
  ws.eachRow({ includeEmpty: false }, (row, n) => {
    if (n > headerRow && [...colOf.values()].some((col) => rawOf(row.getCell(col).value) !== null)) dataRows.push(row);
  });
  if (dataRows.length > MAX_TERM_ROWS) return fileError(`文件有 ${dataRows.length} 行数据，一次最多导入 ${MAX_TERM_ROWS} 行，请按乡镇分成几个文件导入`, sheet);

  const rows: PastTermRow[] = [];
  const errors: ImportError[] = [];
  for (const row of dataRows) {
    const parsed = parseRow(sheet, row, colOf, today);
    rows.push(parsed.row);
    errors.push(...parsed.errors);
  }
  errors.push(...crossRowErrors(rows));
  return { rows, errors: sortImportErrors(errors) };
}

function parseRow(sheet: string, row: ExcelJS.Row, colOf: Map<Key, number>, today: string): { row: PastTermRow; errors: ImportError[] } {
  const errors: ImportError[] = [];
  const bad = new Set<Key>();
  const fail = (key: Key, message: string) => {
    if (bad.has(key)) return;
    bad.add(key);
    errors.push({ sheet, row: row.number, column: COLUMN[key].header, message });
  };
  const raw = (key: Key): Raw => {
    const col = colOf.get(key);
    const v = col === undefined ? null : rawOf(row.getCell(col).value);
    const unreadable = unreadableCell(v, row.number, COLUMN[key].header);
    if (unreadable) {
      fail(key, unreadable);
      return null;
    }
    if (v === null && COLUMN[key].required) fail(key, "必填，不能为空");
    return v;
  };
  const label = <T extends string>(key: Key, lookup: (s: string) => T | null | undefined, allowed: string): T | null => {
    const v = raw(key);
    if (v === null) return null;
    const text = norm(typeof v === "number" && Number.isInteger(v) ? String(v) : textOf(v));
    const found = lookup(text);
    if (!found) fail(key, `「${textOf(v)}」不是可选的值，应为：${allowed}`);
    return found ?? null;
  };
  const day = (key: Key, what: string): string | null => {
    const v = raw(key);
    if (v === null) return null;
    // A number from 1900 to 2100 is a year typed alone, not the Excel serial day it would otherwise read as (1905).
    if (typeof v === "number" && v >= 1900 && v <= 2100) {
      fail(key, `「${v}」只有年份，请填写完整日期，格式 YYYY-MM-DD`);
      return null;
    }
    const d = dayOfCell(v);
    if (!isRealDay(d)) {
      fail(key, `「${textOf(v)}」不是有效日期，请按 YYYY-MM-DD 填写，如 ${key === "birthDate" ? "1975-05-01" : "2021-01-16"}`);
      return null;
    }
    if (d > today) {
      fail(key, `${what} ${d} 晚于今天（${today}）`);
      return null;
    }
    return d;
  };

  let unitCode = "";
  const codeRaw = raw("unitCode");
  if (codeRaw !== null) {
    unitCode = typeof codeRaw === "number" && Number.isSafeInteger(codeRaw) ? String(codeRaw) : textOf(codeRaw).replace(/[\s\u3000]+/g, "");
    if (!/^\d{12}$/.test(unitCode)) fail("unitCode", `「${textOf(codeRaw)}」不是 12 位数字的统计用区划代码`);
  }

  const nameRaw = raw("name");
  const name = nameRaw === null ? "" : nameOfCell(textOf(nameRaw));
  const nameProblem = nameRaw === null ? null : personNameProblem(name);
  if (nameProblem) fail("name", nameProblem);

  const gender = label("gender", (s) => GENDER_BY_LABEL.get(s), "男、女");
  const ethnicity = label("ethnicity", ethnicityOf, "民族全称，如 汉族、回族（全部名称见「填写说明」），或两位民族代码");
  const birthDate = day("birthDate", "出生日期");
  const education = label("education", educationOf, EDUCATION_NAMES.join("、"));
  const political = label("political", politicalOf, POLITICAL_NAMES.join("、"));
  const post = label("post", postOf, POST_NAMES.join("、"));
  let dualRole = false;
  const dualRaw = raw("dualRole");
  if (dualRaw !== null) {
    const s = typeof dualRaw === "boolean" ? (dualRaw ? YES : NO) : norm(textOf(dualRaw)).toUpperCase();
    if (TRUE_WORDS.has(s)) dualRole = true;
    else if (!FALSE_WORDS.has(s)) fail("dualRole", `「${textOf(dualRaw)}」应填写“是”或“否”（不填视为“否”）`);
  }
  const electionDate = day("electionDate", "选举日期");

  // What the cells say together.
  if (electionDate && electionDate < EARLIEST_ELECTION_DAY)
    fail("electionDate", `选举日期 ${electionDate} 早于 ${EARLIEST_ELECTION_DAY.slice(0, 4)} 年，请核对`);
  if (birthDate && birthDate < EARLIEST_BIRTH_DAY) fail("birthDate", `出生日期 ${birthDate} 早于 ${EARLIEST_BIRTH_DAY.slice(0, 4)} 年，请核对`);
  if (birthDate && electionDate && !bad.has("electionDate") && !bad.has("birthDate")) {
    const age = ageOn(birthDate, electionDate);
    if (age < MIN_AGE) fail("birthDate", `选举日期（${electionDate}）时未满 ${MIN_AGE} 周岁（${Math.max(age, 0)} 岁），请核对出生日期和选举日期`);
  }
  if (dualRole && post && post !== "DIRECTOR") fail("dualRole", `只有主任可以“一肩挑”，本行职务是${TERM_POST_LABEL[post]}：请填“否”或不填`);
  if (post === "WOMEN_MEMBER" && gender === "MALE") fail("post", "妇女委员应为女性，本行性别为男：请核对性别或职务");

  const member =
    errors.length === 0 && gender && ethnicity && birthDate && education && political && post && electionDate
      ? { unitCode, name, gender, ethnicity, birthDate, education, political, post, dualRole, electionDate }
      : null;
  return { row: { sheet, row: row.number, unitCode: /^\d{12}$/.test(unitCode) ? unitCode : "", member }, errors };
}

/**
 * Checks across rows of one village: at most one 主任, one election date (the most common one is taken as
 * the village's and every other row is reported), and no member listed twice (same name and birth date).
 */
function crossRowErrors(rows: PastTermRow[]): ImportError[] {
  const errors: ImportError[] = [];
  const byVillage = new Map<string, PastTermRow[]>();
  for (const r of rows) {
    if (!r.member) continue;
    const list = byVillage.get(r.member.unitCode) ?? [];
    list.push(r);
    byVillage.set(r.member.unitCode, list);
  }
  for (const [code, list] of byVillage) {
    const fail = (r: PastTermRow, key: Key, message: string) => errors.push({ sheet: r.sheet, row: r.row, column: COLUMN[key].header, message });

    const directors = list.filter((r) => r.member!.post === "DIRECTOR");
    for (const r of directors.slice(1)) fail(r, "post", `与第 ${directors[0]!.row} 行都是 ${code} 的主任：每个村(社区)只能有一名主任`);

    const dates = new Map<string, number>();
    for (const r of list) dates.set(r.member!.electionDate, (dates.get(r.member!.electionDate) ?? 0) + 1);
    if (dates.size > 1) {
      // Map keeps insertion order, so a tie goes to the date of the first row.
      const common = [...dates.entries()].reduce((a, b) => (b[1] > a[1] ? b : a))[0];
      const first = list.find((r) => r.member!.electionDate === common)!;
      for (const r of list) {
        if (r.member!.electionDate !== common) {
          fail(r, "electionDate", `${code} 的其他成员（如第 ${first.row} 行）填的是 ${common}：同一村(社区)的成员应填同一个选举日期（选举大会的日期）`);
        }
      }
    }

    const seen = new Map<string, number>();
    for (const r of list) {
      const key = `${r.member!.name}|${r.member!.birthDate}`;
      const earlier = seen.get(key);
      if (earlier !== undefined) fail(r, "name", `与第 ${earlier} 行重复：${code} 已有出生日期相同的「${r.member!.name}」，一人只填一行（任一个职务）`);
      else seen.set(key, r.row);
    }
  }
  return errors;
}

// ---------------------------------------------------------------------------------------------
// The template

const LAST_TEMPLATE_ROW = MAX_TERM_ROWS + 1;

/**
 * The import template: the 往届成员 sheet (header with comments, dropdowns, text-formatted code and date
 * columns, frozen header), 填写说明, and — when `villages` is given — a 村(社区)代码表 to copy codes from.
 */
export async function pastTermTemplate(opts: { villages?: readonly TemplateVillage[] } = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "村(居)民委员会换届选举管理系统";
  wb.created = new Date();
  const villages = opts.villages ?? [];
  addDataSheet(wb, PAST_TERM_SHEET, PAST_TERM_COLUMNS, { lastRow: LAST_TEMPLATE_ROW, villages });

  const guide = wb.addWorksheet(GUIDE_SHEET);
  guide.columns = [{ width: 22 }, { width: 10 }, { width: 70 }, { width: 60 }];
  const intro = [
    "往届村(居)委会成员导入模板 · 填写说明",
    `1. 在「${PAST_TERM_SHEET}」工作表中，从第 2 行起每行填写往届村(居)民委员会的一名成员；第 1 行是表头，请不要修改或删除。`,
    "2. 一个文件包含本县一届的全部成员（可以是多个乡镇、多个村(社区)），用“村(社区)统计用区划代码”区分；届别名称（如 第十一届）在上传时填写。",
    "3. 每个村(社区)最多一名主任；“是否一肩挑”只对主任填写（主任同时任党组织书记的填“是”）。同一村(社区)的成员填同一个选举日期。",
    "4. 导入时系统逐行检查。只要有一处问题，整个文件都不会导入；请按系统列出的“行、列、问题”逐一改正后，重新上传整个文件。同一届只能导入一次。",
    `5. 一次最多导入 ${MAX_TERM_ROWS} 行。统计代码和日期列已设为文本格式，请不要改成数字格式。`,
  ];
  intro.forEach((line, i) => {
    const row = guide.getRow(i + 1);
    row.getCell(1).value = line;
    guide.mergeCells(i + 1, 1, i + 1, 4);
    row.getCell(1).alignment = { wrapText: true, vertical: "top" };
    if (i === 0) row.getCell(1).font = { bold: true, size: 14 };
    else row.height = 30;
  });
  const top = intro.length + 2;
  guide.getRow(top).values = ["列名", "是否必填", "填写要求", "可选值"];
  styleHeader(guide.getRow(top));
  PAST_TERM_COLUMNS.forEach((c, i) => {
    const row = guide.getRow(top + 1 + i);
    row.values = [c.header, c.required ? "必填" : "选填", c.note, (c.options ?? []).join("、")];
    row.eachCell((cell) => (cell.alignment = { wrapText: true, vertical: "top" }));
  });

  if (villages.length) {
    const vs = wb.addWorksheet(VILLAGE_SHEET, { views: [{ state: "frozen", ySplit: 1 }] });
    vs.columns = [
      { header: "统计用区划代码", key: "code", width: 18, style: { numFmt: "@" } },
      { header: "村(社区)", key: "name", width: 20 },
      { header: "乡镇(街道)", key: "township", width: 20 },
      { header: "说明", key: "note", width: 30 },
    ];
    for (const v of villages) vs.addRow({ code: v.code, name: v.name, township: v.township ?? "", note: v.note ?? "" });
    styleHeader(vs.getRow(1));
  }

  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The villages and communities of the actor's county, for the template's 村(社区)代码表 (inactive ones noted). */
export async function templateVillages(actor: Actor): Promise<TemplateVillage[]> {
  if (!actor.countyId || !can(actor, "term.import", { path: actor.unitPath })) return [];
  const prisma = await db();
  const units = await prisma.unit.findMany({
    where: { countyId: actor.countyId, level: "VILLAGE", ...unitScope(actor) },
    orderBy: { code: "asc" },
    select: { code: true, name: true, active: true, parent: { select: { name: true } } },
  });
  return units.map((u) => ({ code: u.code, name: u.name, township: u.parent?.name, note: u.active ? "" : "已停用（可以导入往届数据）" }));
}

// ---------------------------------------------------------------------------------------------
// The import

const CODE_COLUMN = COLUMN.unitCode.header;

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * One INSERT per batch with a column of values each (unnest): 20,000 members in about a second, where
 * createMany takes around ten times as long and would press against the transaction's timeout.
 */
async function insertMembers(tx: Tx, termId: string, batch: { unitId: string; member: PastTermMemberInput }[]): Promise<void> {
  const col = <T>(f: (m: PastTermMemberInput) => T) => batch.map((b) => f(b.member));
  await tx.$executeRaw`
    INSERT INTO "PastTermMember" ("id", "termId", "unitId", "name", "gender", "ethnicity", "birthDate", "education", "political", "post", "dualRole", "electionDate")
    SELECT u.id, ${termId}::uuid, u.unit_id, u.name, u.gender::"Gender", u.ethnicity, u.birth_date, u.education, u.political::"PoliticalStatus", u.post::"Post",
           u.dual_role, u.election_date
    FROM unnest(
      ${batch.map(() => randomUUID())}::uuid[], ${batch.map((b) => b.unitId)}::uuid[], ${col((m) => m.name)}::text[], ${col((m) => m.gender)}::text[],
      ${col((m) => m.ethnicity)}::text[], ${col((m) => m.birthDate)}::date[], ${col((m) => m.education)}::text[], ${col((m) => m.political)}::text[],
      ${col((m) => m.post)}::text[], ${col((m) => m.dualRole)}::boolean[], ${col((m) => m.electionDate)}::date[]
    ) AS u(id, unit_id, name, gender, ethnicity, birth_date, education, political, post, dual_role, election_date)`;
}

export type PostCounts = Record<Post, number>;
const zeroPosts = (): PostCounts => ({ DIRECTOR: 0, DEPUTY: 0, MEMBER: 0, WOMEN_MEMBER: 0 });

export type PastTermImported = { termId: string; name: string; villages: number; members: number; posts: PostCounts; dualRole: number };

/**
 * Imports one past term of a county: all or nothing. `file` is the .xlsx file's bytes. On any problem nothing
 * is saved and the result is `{ ok: false, code: "invalid", error: <summary>, details: ImportError[] }`; a term
 * name the county has already imported is `{ code: "conflict" }`.
 */
export const importPastTerm = defineAction({
  name: "term.import",
  permission: "term.import",
  input: z.object({
    /** The importing county: every row's village must lie in it. */
    countyId: idField,
    name: z.string().trim().min(1, "请填写届别名称，如 第十一届").max(100, "届别名称最多 100 个字"),
    file: z
      .instanceof(Uint8Array, { error: "请选择要导入的 Excel 文件" })
      .refine((f) => f.byteLength > 0, noDataMessage("文件是 0 字节的空文件"))
      .refine((f) => f.byteLength <= MAX_TERM_BYTES, `文件不能超过 ${sizeText(MAX_TERM_BYTES)}`),
    fileName: z.string().trim().max(255, "文件名太长").optional().default(""),
  }),
  target: (tx, input, actor) =>
    tx.unit.findFirst({ where: { id: input.countyId, level: "COUNTY", ...unitScope(actor) }, select: { id: true, path: true, level: true, countyId: true } }),
  async run({ tx, input, unit, actor, audit }): Promise<PastTermImported> {
    const existing = await tx.pastTerm.findUnique({
      where: { countyId_name: { countyId: unit.id, name: input.name } },
      select: { importedAt: true, _count: { select: { members: true } } },
    });
    if (existing) {
      throw new ExpectedError(
        "conflict",
        `本县已导入过「${input.name}」（${todayInChina(existing.importedAt)} 导入，${existing._count.members} 名成员），同一届不能重复导入`,
      );
    }

    const parsed = await parsePastTermWorkbook(input.file);
    const errors = [...parsed.errors];
    if (parsed.rows.length === 0 && errors.length === 0) {
      throw new ExpectedError("invalid", noDataMessage(`「${PAST_TERM_SHEET}」工作表中没有成员，请从表头下一行起每行填写一名成员`));
    }

    // Units are looked up inside the county only: another county's code reads as unknown.
    const codes = [...new Set(parsed.rows.map((r) => r.unitCode).filter(Boolean))];
    const units = await tx.unit.findMany({
      where: { code: { in: codes }, path: { startsWith: unit.path } },
      select: { id: true, code: true, name: true, level: true },
    });
    const unitByCode = new Map(units.map((u) => [u.code, u]));
    const toSave: { unitId: string; member: PastTermMemberInput }[] = [];
    for (const r of parsed.rows) {
      if (!r.unitCode) continue; // the parser has reported it
      const u = unitByCode.get(r.unitCode);
      const fail = (message: string) => errors.push({ sheet: r.sheet, row: r.row, column: CODE_COLUMN, message });
      if (!u) fail(`本县没有统计用区划代码为 ${r.unitCode} 的村(社区)`);
      else if (u.level !== "VILLAGE") fail(`${r.unitCode} 是「${u.name}」（${LEVEL_LABEL[u.level as UnitLevel]}）的代码，请填写村(社区)的统计用区划代码`);
      else if (r.member) toSave.push({ unitId: u.id, member: r.member });
    }

    // A problem with the file as a whole (not a workbook, no such sheet, too many rows) is the whole answer.
    if (errors.length === 1 && errors[0]!.row === 0) throw new ExpectedError("invalid", `${errors[0]!.message}。没有导入任何数据。`);
    if (errors.length) {
      const sorted = sortImportErrors(errors);
      const shown = sorted.slice(0, MAX_REPORTED_ERRORS);
      const more = sorted.length > shown.length ? `，以下列出前 ${shown.length} 处` : "";
      throw new ExpectedError("invalid", `文件中有 ${sorted.length} 处问题${more}，没有导入任何数据。请改正后重新上传整个文件。`, undefined, shown);
    }

    const term = await tx.pastTerm
      .create({ data: { countyId: unit.id, name: input.name, importedById: actor.userId === SYSTEM_USER_ID ? null : actor.userId }, select: { id: true } })
      .catch((e) => translateDbError(e, `本县已导入过「${input.name}」，同一届不能重复导入`));
    for (const batch of chunks(toSave, 5000)) await insertMembers(tx, term.id, batch);

    const posts = zeroPosts();
    for (const { member } of toSave) posts[member.post]++;
    const result: PastTermImported = {
      termId: term.id,
      name: input.name,
      villages: new Set(toSave.map((m) => m.unitId)).size,
      members: toSave.length,
      posts,
      dualRole: toSave.filter((m) => m.member.dualRole).length,
    };
    // Counts only: the audit log never holds the members' names or birth dates.
    await audit({
      event: "term.imported",
      objectType: "PastTerm",
      objectId: term.id,
      detail: { name: input.name, fileName: input.fileName, villages: result.villages, members: result.members, posts, dualRole: result.dualRole },
    });
    return result;
  },
});

// ---------------------------------------------------------------------------------------------
// Reading

export type PastTermSummary = {
  id: string;
  name: string;
  county: { code: string; name: string };
  importedAt: Date;
  /** The importer's display name, or 命令行导入 for a system (command-line) import. */
  importedBy: string;
  members: number;
  villages: number;
  posts: PostCounts;
  dualRole: number;
  /** The earliest and latest election day of the term's villages. */
  electionDays: { from: string; to: string } | null;
};

/** The past terms of the counties in the actor's subtree, newest import first. */
export async function listPastTerms(actor: Actor): Promise<PastTermSummary[]> {
  const own = { path: actor.unitPath };
  if (!can(actor, "term.import", own) && !can(actor, "oversight.view", own)) return [];
  const prisma = await db();
  const terms = await prisma.pastTerm.findMany({
    where: { county: unitScope(actor) },
    orderBy: [{ importedAt: "desc" }, { name: "asc" }],
    select: { id: true, name: true, importedAt: true, importedById: true, county: { select: { code: true, name: true } } },
  });
  if (terms.length === 0) return [];
  const termIds = terms.map((t) => t.id);
  const [groups, dual, days, users] = await Promise.all([
    prisma.pastTermMember.groupBy({ by: ["termId", "unitId", "post"], where: { termId: { in: termIds } }, _count: { _all: true } }),
    prisma.pastTermMember.groupBy({ by: ["termId"], where: { termId: { in: termIds }, dualRole: true }, _count: { _all: true } }),
    prisma.pastTermMember.groupBy({ by: ["termId"], where: { termId: { in: termIds } }, _min: { electionDate: true }, _max: { electionDate: true } }),
    prisma.user.findMany({ where: { id: { in: terms.flatMap((t) => (t.importedById ? [t.importedById] : [])) } }, select: { id: true, displayName: true } }),
  ]);
  const userName = new Map(users.map((u) => [u.id, u.displayName]));
  return terms.map((t) => {
    const mine = groups.filter((g) => g.termId === t.id);
    const posts = zeroPosts();
    for (const g of mine) posts[g.post] += g._count._all;
    const range = days.find((d) => d.termId === t.id);
    return {
      id: t.id,
      name: t.name,
      county: t.county,
      importedAt: t.importedAt,
      importedBy: t.importedById ? (userName.get(t.importedById) ?? "（已删除的用户）") : "命令行导入",
      members: mine.reduce((n, g) => n + g._count._all, 0),
      villages: new Set(mine.map((g) => g.unitId)).size,
      posts,
      dualRole: dual.find((d) => d.termId === t.id)?._count._all ?? 0,
      electionDays: range?._min.electionDate && range._max.electionDate ? { from: dayOf(range._min.electionDate), to: dayOf(range._max.electionDate) } : null,
    };
  });
}

/**
 * The actor a command-line import runs as: a county administrator of `county` that is no user. The audit log
 * records it as user SYSTEM_USER_ID, username SYSTEM_USERNAME, role COUNTY_ADMIN; the term's importedById is null.
 */
export function systemActor(county: { id: string; path: string; name: string; code: string }): Actor {
  return {
    sessionId: "cli",
    userId: SYSTEM_USER_ID,
    username: SYSTEM_USERNAME,
    displayName: "命令行导入",
    role: "COUNTY_ADMIN",
    unitId: county.id,
    unitPath: county.path,
    unitName: county.name,
    unitCode: county.code,
    unitLevel: "COUNTY",
    countyId: county.id,
    departmentId: null,
    departmentName: null,
  };
}
