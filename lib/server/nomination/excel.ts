import "server-only";
// Excel import and export of preliminary candidate lists (初步候选人): the template a township fills in,
// the all-or-nothing import (every problem listed by sheet, row and column; nothing saved unless the whole
// file is right), and one village's list as a workbook (ID numbers and phones masked).
import { randomUUID } from "node:crypto";
import ExcelJS from "exceljs";
import { z } from "zod";
import { idField } from "@/lib/domain/form-fields";
import { maskIdNumber, parseIdNumber } from "@/lib/domain/id-number";
import {
  BACKGROUND_TAG_LABEL,
  BACKGROUND_TAGS,
  CURRENT_POST_LABEL,
  CURRENT_POSTS,
  EDUCATION_LEVELS,
  ETHNICITIES,
  GENDER_LABEL,
  NOMINATION_FORM_LABEL,
  NOMINATION_FORMS,
  POLITICAL_LABEL,
  POLITICAL_STATUSES,
  POST_LABEL,
  POSTS,
  educationByName,
  educationName,
  ethnicityByName,
  ethnicityName,
  politicalByLabel,
  postByLabel,
  type BackgroundTag,
  type CurrentPost,
  type Gender,
  type NominationForm,
  type Post,
} from "@/lib/domain/people";
import { can } from "@/lib/domain/permissions";
import { byRowAndColumn, formulaWithoutResult, noDataMessage, sizeText } from "@/lib/domain/spreadsheet-import";
import { defineAction } from "../action";
import type { Actor } from "../auth/sessions";
import { db } from "../db";
import { ExpectedError, type ErrorDetail } from "../errors";
import { unitScope } from "../scope";
import {
  candidateFields,
  getElectionWorkspace,
  nominationData,
  PERSON_KEYS,
  personData,
  standingIn,
  standingProblem,
  upsertPerson,
  type CandidateInput,
} from "./candidates";
import { electionInScope, seatsOf } from "./elections";
import { listEditable } from "@/lib/domain/workflow";

/** One problem in an uploaded workbook. `row` is the Excel row number (1 = header); 0 for the file as a whole. */
export type ImportError = ErrorDetail;

export const CANDIDATE_SHEET = "初步候选人";
export const GUIDE_SHEET = "填写说明";
export const CHECK_SHEET = "检查结果";
export const VILLAGE_SHEET = "村(社区)代码表";
/** Hidden sheet holding the dropdown lists. */
const OPTIONS_SHEET = "选项";

export const MAX_IMPORT_ROWS = 5000;
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
/** An import with more problems than this lists only the first ones (the summary says so). */
export const MAX_REPORTED_ERRORS = 1000;
/** A guard against files whose XML claims millions of (styled, empty) rows. */
const MAX_XML_ROWS = 50_000;

// ---------------------------------------------------------------------------------------------
// The columns

type ColumnKey = "unitCode" | keyof CandidateInput;

export type TemplateColumn = {
  key: ColumnKey;
  /** The header cell, exactly as in the template. */
  header: string;
  /** What may be written: the header cell's comment and the 填写说明 sheet. */
  note: string;
  required: boolean;
  width: number;
  /** The dropdown's values, for enumerated columns. */
  options?: readonly string[];
  /** Formatted as text so Excel keeps leading zeros and all 18 digits. */
  text?: boolean;
};

const YES = "是";
const NO = "否";
const PLEDGE_OPTIONS = [YES, NO] as const;
const ETHNICITY_NAMES = ETHNICITIES.map((e) => e.name);
const EDUCATION_NAMES = EDUCATION_LEVELS.map((e) => e.name);
const POLITICAL_NAMES = POLITICAL_STATUSES.map((s) => POLITICAL_LABEL[s]);
const CURRENT_POST_NAMES = CURRENT_POSTS.map((p) => CURRENT_POST_LABEL[p]);
const TAG_NAMES = BACKGROUND_TAGS.map((t) => BACKGROUND_TAG_LABEL[t]);
const POST_NAMES = POSTS.map((p) => POST_LABEL[p]);
function postNote(names: readonly string[]) {
  const women = names.includes(POST_LABEL.WOMEN_MEMBER) ? "（专职专选的妇女委员也可写“妇女委员”）" : "";
  return `必填。${names.join("、")}${women}。只能填写该村(社区)本次选举设有的职位。一人参选多个职位的，每个职位填一行`;
}
const NOMINATION_NAMES = NOMINATION_FORMS.map((f) => NOMINATION_FORM_LABEL[f]);

const pledgeNote = (what: string) => `是否已签订${what}：填“是”或“否”，不填视为“否”`;

export const TEMPLATE_COLUMNS: readonly TemplateColumn[] = [
  {
    key: "unitCode",
    header: "村(社区)统计代码",
    required: true,
    width: 18,
    text: true,
    note: "必填。村(社区)的 12 位统计用区划代码（见「村(社区)代码表」），该村(社区)须已设置本次换届选举",
  },
  { key: "name", header: "姓名", required: true, width: 12, note: "必填。与身份证一致，最多 50 个字" },
  { key: "gender", header: "性别", required: true, width: 8, options: ["男", "女"], note: "必填。男 或 女，须与身份证号码一致" },
  { key: "ethnicity", header: "民族", required: true, width: 12, options: ETHNICITY_NAMES, note: "必填。民族全称，如 汉族、壮族、回族（也可只写“汉”“壮”）" },
  {
    key: "birthDate",
    header: "出生日期",
    required: true,
    width: 13,
    text: true,
    note: "必填。格式 YYYY-MM-DD，如 1980-05-01（也可填 Excel 日期），须与身份证号码一致",
  },
  {
    key: "idNumber",
    header: "公民身份号码",
    required: true,
    width: 22,
    text: true,
    note: "必填。18 位公民身份号码，末位可为 X。本列为文本格式，请勿改成数字格式，否则 Excel 会把后几位变成 0",
  },
  {
    key: "education",
    header: "学历",
    required: true,
    width: 14,
    options: EDUCATION_NAMES,
    note: `必填。按 GB/T 4658 填写：${EDUCATION_NAMES.join("、")}（也可写 本科、大专、中专）`,
  },
  {
    key: "political",
    header: "政治面貌",
    required: true,
    width: 13,
    options: POLITICAL_NAMES,
    note: `必填。${POLITICAL_NAMES.join("、")}（民主党派成员也可写党派名称，如 民盟盟员）`,
  },
  { key: "phone", header: "联系电话", required: false, width: 15, text: true, note: "选填。7-20 位数字" },
  { key: "currentPosts", header: "现任职务", required: false, width: 24, note: `选填，可填多项，用“、”或“,”隔开：${CURRENT_POST_NAMES.join("、")}` },
  { key: "tags", header: "身份标签", required: false, width: 20, note: `选填，可填多项，用“、”或“,”隔开：${TAG_NAMES.join("、")}` },
  {
    key: "dissatisfactionPercent",
    header: "不满意率(%)",
    required: false,
    width: 12,
    note: "选填。现任村(居)委会成员在民主测评中的不满意率，填 0-100 的数字，如 12.5；不是现任成员的不填",
  },
  { key: "post", header: "参选职位", required: true, width: 18, options: POST_NAMES, note: postNote(POST_NAMES) },
  { key: "nominationForm", header: "提名方式", required: true, width: 16, options: NOMINATION_NAMES, note: `必填。${NOMINATION_NAMES.join("、")}` },
  { key: "nominatorCount", header: "联名人数", required: false, width: 10, note: "村(居)民联名提名的必填：联名的人数（整数）" },
  { key: "nominationVotes", header: "提名得票", required: false, width: 10, note: "选填。提名时的得票数（整数）" },
  { key: "pledgeCampaign", header: "竞职承诺", required: false, width: 10, options: PLEDGE_OPTIONS, note: pledgeNote("竞职承诺书") },
  { key: "pledgeWork", header: "干事承诺", required: false, width: 10, options: PLEDGE_OPTIONS, note: pledgeNote("干事承诺书") },
  { key: "pledgeResign", header: "辞职承诺", required: false, width: 10, options: PLEDGE_OPTIONS, note: pledgeNote("辞职承诺书") },
  { key: "pledgeDiscipline", header: "纪律承诺", required: false, width: 10, options: PLEDGE_OPTIONS, note: pledgeNote("纪律承诺书") },
];

const COLUMN: Record<ColumnKey, TemplateColumn> = Object.fromEntries(TEMPLATE_COLUMNS.map((c) => [c.key, c])) as Record<ColumnKey, TemplateColumn>;

/** Full-width brackets and stray spaces are how headers and labels usually differ from ours. */
export const norm = (s: string) =>
  s
    .replace(/（/g, "(")
    .replace(/）/g, ")")
    .replace(/[\s\u3000]+/g, "");
/** A header as typed: also accepts a "*" or "(必填)" marker. */
export const normHeader = (s: string) =>
  norm(s)
    .replace(/^\*+|\*+$/g, "")
    .replace(/\((必填|选填)\)$/, "");

// ---------------------------------------------------------------------------------------------
// Labels to codes

const byLabel = <T extends string>(entries: [string, T][]) => new Map(entries.map(([label, code]) => [norm(label), code]));

/** "村(居)委会主任" is also written "村委会主任" or "居委会主任". */
const villageVariants = (label: string) => [label, label.replace("(居)", ""), label.replace("村(居)", "居")];

const CURRENT_POST_BY_LABEL = byLabel<CurrentPost>(
  CURRENT_POSTS.flatMap((p) => villageVariants(CURRENT_POST_LABEL[p]).map((l) => [l, p] as [string, CurrentPost])),
);
const TAG_BY_LABEL = byLabel<BackgroundTag>(BACKGROUND_TAGS.map((t) => [BACKGROUND_TAG_LABEL[t], t]));
const NOMINATION_BY_LABEL = byLabel<NominationForm>([
  ...NOMINATION_FORMS.map((f) => [NOMINATION_FORM_LABEL[f], f] as [string, NominationForm]),
  ["村民联名", "VOTER_JOINT"],
  ["居民联名", "VOTER_JOINT"],
  ["选民联名", "VOTER_JOINT"],
  ["联名", "VOTER_JOINT"],
  ["联名提名", "VOTER_JOINT"],
  ["个人自荐", "SELF"],
  ["本人自荐", "SELF"],
  ["党组织提名", "PARTY_ORG"],
  ["村党组织推荐", "PARTY_ORG"],
  ["乡镇推荐", "TOWNSHIP"],
  ["街道推荐", "TOWNSHIP"],
  ["乡镇党委推荐", "TOWNSHIP"],
]);
const GENDER_BY_LABEL = byLabel<Gender>([
  ["男", "MALE"],
  ["男性", "MALE"],
  ["女", "FEMALE"],
  ["女性", "FEMALE"],
]);
const TRUE_WORDS = new Set(["是", "已签", "已签订", "有", "√", "✓", "✔", "Y", "YES", "TRUE", "1"]);
const FALSE_WORDS = new Set(["否", "未签", "未签订", "无", "×", "✗", "N", "NO", "FALSE", "0"]);

// ---------------------------------------------------------------------------------------------
// Reading cells

export type Raw = string | number | boolean | Date | null | { error: string } | { formula: string };

/**
 * The value of a cell as a plain value: formulas give their result, rich text its text, "" is null. A formula
 * the file holds no computed result for (written by a program that does not calculate) is `{ formula }`.
 */
export function rawOf(value: ExcelJS.CellValue, depth = 0): Raw {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") {
    const s = value.replace(/^[\s\u3000]+|[\s\u3000]+$/g, "");
    return s === "" ? null : s;
  }
  if (typeof value === "number" || typeof value === "boolean" || value instanceof Date) return value;
  if (typeof value === "object") {
    if ("richText" in value && Array.isArray(value.richText)) return rawOf(value.richText.map((r) => r.text).join(""), depth + 1);
    if ("error" in value) return { error: String(value.error) };
    if (depth < 2 && "result" in value && value.result !== undefined) return rawOf(value.result as ExcelJS.CellValue, depth + 1);
    if ("formula" in value || "sharedFormula" in value) {
      const f = value as { formula?: string; sharedFormula?: string };
      return { formula: String(f.formula ?? f.sharedFormula ?? "") };
    }
    if ("text" in value) return rawOf(value.text as ExcelJS.CellValue, depth + 1);
  }
  return null;
}

export const isErrorValue = (r: Raw): r is { error: string } => typeof r === "object" && r !== null && "error" in r;
export const isUncachedFormula = (r: Raw): r is { formula: string } => typeof r === "object" && r !== null && "formula" in r;

/** A day from a real Excel date, a serial number, 19800501 or 1980-5-1 / 1980/05/01 / 1980年5月1日. */
export function dayOfCell(raw: Raw): string {
  const pad = (y: string, m: string, d: string) => `${y}-${m.padStart(2, "0")}-${d.padStart(2, "0")}`;
  if (raw instanceof Date) return raw.toISOString().slice(0, 10);
  if (typeof raw === "number") {
    if (Number.isInteger(raw) && raw >= 18_000_000 && raw <= 30_000_000) return dayOfCell(String(raw));
    // An Excel serial day number the cell was not formatted to show as a date.
    if (raw > 0 && raw < 100_000) return new Date(Math.round((raw - 25569) * 86_400_000)).toISOString().slice(0, 10);
    return String(raw);
  }
  const s = String(raw);
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(s);
  if (m) return pad(m[1]!, m[2]!, m[3]!);
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (compact) return pad(compact[1]!, compact[2]!, compact[3]!);
  return s;
}

/** A name: Chinese names lose the spaces people type to line up two-character names ("张  三"). */
export function nameOfCell(raw: string): string {
  return /^[\p{Script=Han}\s\u3000]+$/u.test(raw) ? raw.replace(/[\s\u3000]+/g, "") : raw.replace(/\s+/g, " ");
}

export const textOf = (raw: Raw) =>
  raw === null || isErrorValue(raw) || isUncachedFormula(raw) ? "" : raw instanceof Date ? raw.toISOString().slice(0, 10) : String(raw);

/** A cell that cannot be read as a value, said for the cell (or null): an Excel error value, a formula without a result. */
export function unreadableCell(v: Raw, row: number, column: string): string | null {
  if (isErrorValue(v)) return `单元格是错误值 ${v.error}，请填写内容`;
  if (isUncachedFormula(v)) return formulaWithoutResult(row, column);
  return null;
}

/** True when no sheet of the workbook has a single value in it (a new, never filled-in workbook). */
export const workbookHasNoValues = (wb: ExcelJS.Workbook) =>
  wb.worksheets.every((ws) => {
    let any = false;
    ws.eachRow({ includeEmpty: false }, (row) => {
      if (!any) row.eachCell({ includeEmpty: false }, (cell) => void (rawOf(cell.value) !== null && (any = true)));
    });
    return !any;
  });

const listText = (labels: readonly string[]) => labels.join("、");

// ---------------------------------------------------------------------------------------------
// Parsing

export type ParsedRow = {
  sheet: string;
  /** The Excel row number. */
  row: number;
  /** The 村(社区)统计代码 as written (trimmed). */
  unitCode: string;
  /** The validated candidate, or null when the row has problems (they are in `errors`). */
  input: CandidateInput | null;
};

export type ParsedWorkbook = { rows: ParsedRow[]; errors: ImportError[] };

const fileError = (message: string, sheet = ""): ParsedWorkbook => ({ rows: [], errors: [{ sheet, row: 0, column: "", message }] });

function sortErrors(errors: ImportError[]): ImportError[] {
  return byRowAndColumn(errors, TEMPLATE_COLUMNS);
}

/**
 * Reads the 初步候选人 sheet of an uploaded workbook. Each non-empty row from row 2 becomes a ParsedRow; every
 * problem (unknown label, bad date, wrong ID number, ...) becomes an ImportError naming the Chinese column.
 * Only the village code's form is checked here; whether the village is the importer's is the action's job.
 */
export async function parseCandidateWorkbook(file: Uint8Array): Promise<ParsedWorkbook> {
  const bytes = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  if (bytes.length === 0) return fileError(noDataMessage("文件是 0 字节的空文件"));
  if (bytes.length > MAX_IMPORT_BYTES) return fileError(`文件太大（超过 ${sizeText(MAX_IMPORT_BYTES)}），请分成几个文件导入`);
  // Old binary .xls (OLE2) files start D0 CF 11 E0; .xlsx files are zip archives ("PK").
  if (bytes.length >= 4 && bytes.readUInt32BE(0) === 0xd0cf11e0)
    return fileError("这是旧版 Excel 97-2003（.xls）文件，请在 Excel 中“另存为” Excel 工作簿（.xlsx）后再导入");
  const wb = new ExcelJS.Workbook();
  try {
    // Data validations are skipped: a range like A1:XFD1048576 would be expanded cell by cell.
    const options = { ignoreNodes: ["dataValidations", "conditionalFormatting"], maxRows: MAX_XML_ROWS };
    await wb.xlsx.load(bytes as unknown as Parameters<ExcelJS.Xlsx["load"]>[0], options);
  } catch (err) {
    if (err instanceof Error && /Max .* count .* exceeded/.test(err.message))
      return fileError(`文件行数太多：一次最多导入 ${MAX_IMPORT_ROWS} 行，请分成几个文件导入`);
    return fileError("无法读取该文件：请上传用 Excel 或 WPS 保存的 Excel 工作簿（.xlsx），建议使用系统提供的模板");
  }
  if (workbookHasNoValues(wb)) return fileError(noDataMessage(`请在「${CANDIDATE_SHEET}」工作表中从第 2 行起每行填写一名候选人`));
  const ws = wb.getWorksheet(CANDIDATE_SHEET) ?? wb.worksheets.find((s) => norm(s.name) === norm(CANDIDATE_SHEET));
  if (!ws) {
    const names = wb.worksheets.map((s) => `「${s.name}」`).join("、") || "无";
    return fileError(
      `文件中没有名为「${CANDIDATE_SHEET}」的工作表（现有工作表：${names}）。请使用系统提供的模板，在「${CANDIDATE_SHEET}」工作表中填写`,
      CANDIDATE_SHEET,
    );
  }
  const sheet = ws.name;

  // Header row: row 1 in the template; a title line or two above it is tolerated. Columns are found by their
  // header, so their order may differ and extra columns are ignored.
  const headerDef = (cell: ExcelJS.Cell) => {
    const h = normHeader(textOf(rawOf(cell.value)));
    return TEMPLATE_COLUMNS.find((c) => normHeader(c.header) === h);
  };
  const looksLikeHeader = (n: number) => {
    let found = 0;
    ws.getRow(n).eachCell((cell) => void (headerDef(cell) && found++));
    return found >= 3;
  };
  const headerRow = [1, 2, 3, 4, 5].find(looksLikeHeader) ?? 1;
  const colOf = new Map<ColumnKey, number>();
  const headerErrors: ImportError[] = [];
  ws.getRow(headerRow).eachCell((cell, col) => {
    const def = headerDef(cell);
    if (!def) return;
    if (colOf.has(def.key)) headerErrors.push({ sheet, row: headerRow, column: def.header, message: `表头有两个「${def.header}」列，请删去一个` });
    else colOf.set(def.key, col);
  });
  for (const c of TEMPLATE_COLUMNS) {
    if (c.required && !colOf.has(c.key)) {
      headerErrors.push({
        sheet,
        row: headerRow,
        column: c.header,
        message: `缺少「${c.header}」列：第 1 行须为模板的表头，请使用系统提供的模板，不要修改表头`,
      });
    }
  }
  if (headerErrors.length) return { rows: [], errors: headerErrors };

  // Data rows: skip the ones with nothing in any known column; refuse over-long files before any work.
  const dataRows: ExcelJS.Row[] = [];
  ws.eachRow({ includeEmpty: false }, (row, n) => {
    if (n > headerRow && [...colOf.values()].some((col) => rawOf(row.getCell(col).value) !== null)) dataRows.push(row);
  });
  if (dataRows.length > MAX_IMPORT_ROWS) {
    return fileError(`文件有 ${dataRows.length} 行数据，一次最多导入 ${MAX_IMPORT_ROWS} 行，请分成几个文件导入`, sheet);
  }

  const rows: ParsedRow[] = [];
  const errors: ImportError[] = [];
  for (const row of dataRows) {
    const parsed = parseRow(sheet, row, colOf);
    rows.push(parsed.row);
    errors.push(...parsed.errors);
  }
  return { rows, errors: sortErrors(errors) };
}

function parseRow(sheet: string, row: ExcelJS.Row, colOf: Map<ColumnKey, number>): { row: ParsedRow; errors: ImportError[] } {
  const errors: ImportError[] = [];
  const bad = new Set<ColumnKey>();
  const fail = (key: ColumnKey, message: string) => {
    if (bad.has(key)) return;
    bad.add(key);
    errors.push({ sheet, row: row.number, column: COLUMN[key].header, message });
  };
  const cellOf = (key: ColumnKey) => {
    const col = colOf.get(key);
    return col === undefined ? null : row.getCell(col);
  };
  /** The cell's value; a required empty cell or an Excel error value is reported and gives null. */
  const raw = (key: ColumnKey): Raw => {
    const cell = cellOf(key);
    const v = cell ? rawOf(cell.value) : null;
    const unreadable = unreadableCell(v, row.number, COLUMN[key].header);
    if (unreadable) {
      fail(key, unreadable);
      return null;
    }
    if (v === null && COLUMN[key].required) fail(key, "必填，不能为空");
    return v;
  };
  const label = <T extends string>(key: ColumnKey, lookup: (s: string) => T | null | undefined, allowed: string): T | undefined => {
    const v = raw(key);
    if (v === null) return undefined;
    const found = lookup(textOf(v));
    if (!found) fail(key, `「${textOf(v)}」不是可选的值，应为：${allowed}`);
    return found ?? undefined;
  };
  const multi = <T extends string>(key: ColumnKey, map: Map<string, T>, allowed: readonly string[]): T[] => {
    const v = raw(key);
    if (v === null) return [];
    const out: T[] = [];
    for (const part of textOf(v)
      .split(/[、,，;；/\s]+/)
      .filter(Boolean)) {
      const code = map.get(norm(part));
      if (!code) {
        fail(key, `「${part}」不是可选的${COLUMN[key].header}，可选：${listText(allowed)}（多项用“、”隔开）`);
        return [];
      }
      if (!out.includes(code)) out.push(code);
    }
    return out;
  };
  const pledge = (key: ColumnKey): boolean => {
    const v = raw(key);
    if (v === null) return false;
    if (typeof v === "boolean") return v;
    const s = norm(textOf(v)).toUpperCase();
    if (TRUE_WORDS.has(s)) return true;
    if (FALSE_WORDS.has(s)) return false;
    fail(key, `「${textOf(v)}」应填写“是”或“否”`);
    return false;
  };
  const integer = (key: ColumnKey): unknown => {
    const v = raw(key);
    if (v === null) return "";
    return typeof v === "number"
      ? v
      : textOf(v)
          .replace(/[,，]/g, "")
          .replace(/人$|票$/, "");
  };

  // 村(社区)统计代码: the form only; scope and election are checked by the import action.
  let unitCode = "";
  const codeRaw = raw("unitCode");
  if (codeRaw !== null) {
    unitCode = typeof codeRaw === "number" && Number.isSafeInteger(codeRaw) ? String(codeRaw) : textOf(codeRaw).replace(/[\s\u3000]+/g, "");
    if (!/^\d{12}$/.test(unitCode)) fail("unitCode", `「${textOf(codeRaw)}」不是 12 位数字的统计用区划代码`);
  }

  const nameRaw = raw("name");
  const idRaw = raw("idNumber");
  let idNumber = "";
  if (typeof idRaw === "number") {
    fail("idNumber", "公民身份号码被 Excel 存成了数字，末尾几位可能已变成 0。请把该列设为“文本”格式后重新填写号码");
  } else if (idRaw !== null) {
    idNumber = textOf(idRaw)
      .replace(/[\s\u3000]+/g, "")
      .toUpperCase();
  }
  const birthRaw = raw("birthDate");
  const percentCell = cellOf("dissatisfactionPercent");
  const percentRaw = raw("dissatisfactionPercent");
  let dissatisfactionPercent: unknown = "";
  if (typeof percentRaw === "number") {
    // A cell shown as "12.5%" holds 0.125.
    const asPercent = (percentCell?.numFmt ?? "").includes("%");
    dissatisfactionPercent = asPercent ? Math.round(percentRaw * 100 * 10_000) / 10_000 : percentRaw;
  } else if (percentRaw !== null) {
    dissatisfactionPercent = textOf(percentRaw).replace(/[%％]$/, "");
  }

  const input = {
    name: nameRaw === null ? "" : nameOfCell(textOf(nameRaw)),
    gender: label("gender", (s) => GENDER_BY_LABEL.get(norm(s)), "男、女"),
    ethnicity: label("ethnicity", (s) => ethnicityByName(norm(s))?.code, "民族全称，如 汉族、壮族、回族（全部名称见「填写说明」）"),
    birthDate: birthRaw === null ? "" : dayOfCell(birthRaw),
    idNumber,
    education: label("education", (s) => educationByName(norm(s))?.code, listText(EDUCATION_NAMES)),
    political: label("political", (s) => politicalByLabel(norm(s)), listText(POLITICAL_NAMES)),
    phone: (() => {
      const v = raw("phone");
      return v === null ? "" : textOf(v);
    })(),
    currentPosts: multi("currentPosts", CURRENT_POST_BY_LABEL, CURRENT_POST_NAMES),
    tags: multi("tags", TAG_BY_LABEL, TAG_NAMES),
    dissatisfactionPercent,
    post: label("post", (s) => postByLabel(s), `${listText(POST_NAMES)}（也可写“妇女委员”）`),
    nominationForm: label("nominationForm", (s) => NOMINATION_BY_LABEL.get(norm(s)), listText(NOMINATION_NAMES)),
    nominatorCount: integer("nominatorCount"),
    nominationVotes: integer("nominationVotes"),
    pledgeCampaign: pledge("pledgeCampaign"),
    pledgeWork: pledge("pledgeWork"),
    pledgeResign: pledge("pledgeResign"),
    pledgeDiscipline: pledge("pledgeDiscipline"),
  };

  const result = candidateFields.safeParse(input);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const key = issue.path[0];
      if (typeof key === "string" && key in COLUMN) fail(key as ColumnKey, issue.message);
      else errors.push({ sheet, row: row.number, column: "", message: issue.message });
    }
    // The schema's cross-checks (ID number, birth date and gender agree) only run once every field parses;
    // the ID number's own problem is worth reporting in the same pass.
    if (!bad.has("idNumber")) {
      const id = parseIdNumber(idNumber);
      if (!id.ok) fail("idNumber", id.problem);
    }
  }
  return { row: { sheet, row: row.number, unitCode, input: result.success && errors.length === 0 ? result.data : null }, errors };
}

// ---------------------------------------------------------------------------------------------
// The template

type WithValidations = { dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void } };

const HEADER_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFF1F5F9" } };
const LAST_TEMPLATE_ROW = MAX_IMPORT_ROWS + 1;

export function styleHeader(row: ExcelJS.Row, required?: (col: number) => boolean) {
  row.height = 22;
  row.eachCell((cell, col) => {
    cell.font = { bold: true, color: { argb: required?.(col) ? "FFB91C1C" : "FF0F172A" } };
    cell.fill = HEADER_FILL;
    cell.alignment = { vertical: "middle", horizontal: "center", wrapText: true };
    cell.border = { bottom: { style: "thin", color: { argb: "FF94A3B8" } } };
  });
}

/** What an import template's data sheet needs of a column. */
export type SheetColumn<K extends string> = {
  key: K;
  header: string;
  note: string;
  required: boolean;
  width: number;
  options?: readonly string[];
  text?: boolean;
};

/**
 * The data sheet of an import template (candidates, past terms): header cells with their notes,
 * text-formatted columns, frozen header, and dropdowns for the enumerated columns and — when villages
 * are given — the unitCode column, their values on a hidden sheet.
 */
export function addDataSheet<K extends string>(
  wb: ExcelJS.Workbook,
  name: string,
  columns: readonly SheetColumn<K>[],
  opts: { lastRow: number; villages: readonly TemplateVillage[] },
): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1, xSplit: 2 }] });
  ws.columns = columns.map((c) => ({ key: c.key, width: c.width, style: c.text ? { numFmt: "@" } : {} }));
  const header = ws.getRow(1);
  columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.note = `${c.header}：${c.note}`;
  });
  styleHeader(header, (col) => columns[col - 1]?.required ?? false);

  // Dropdown sources live on a hidden sheet: Excel's inline lists are limited to 255 characters.
  const options = wb.addWorksheet(OPTIONS_SHEET, { state: "hidden" });
  const unitCode = columns.find((c) => c.key === "unitCode");
  const lists: { column: SheetColumn<K>; values: readonly string[] }[] = [
    ...columns.filter((c) => c.options).map((c) => ({ column: c, values: c.options! })),
    ...(unitCode && opts.villages.length ? [{ column: unitCode, values: opts.villages.map((v) => v.code) }] : []),
  ];
  lists.forEach((list, i) => {
    const col = i + 1;
    list.values.forEach((v, r) => {
      options.getCell(r + 1, col).value = v;
    });
    const letter = options.getColumn(col).letter;
    const target = ws.getColumn(columns.indexOf(list.column) + 1).letter;
    (ws as unknown as WithValidations).dataValidations.add(`${target}2:${target}${opts.lastRow}`, {
      type: "list",
      allowBlank: true,
      formulae: [`'${OPTIONS_SHEET}'!$${letter}$1:$${letter}$${list.values.length}`],
      showErrorMessage: true,
      // A warning, not a stop: "汉", "本科" or a code are accepted by the imports too.
      errorStyle: "warning",
      errorTitle: list.column.header,
      error: `请从下拉列表中选择。${list.column.note}`.slice(0, 255),
    });
  });
  return ws;
}

/** A row of the template's 村(社区)代码表; `note` says whether the village can take an import now. */
export type TemplateVillage = { code: string; name: string; township?: string; note?: string };

/**
 * The import template: the 初步候选人 sheet (header with comments, dropdowns, text-formatted code and ID
 * columns, frozen header), 填写说明, and — when `villages` is given — a 村(社区)代码表 to copy codes from.
 */
export async function buildTemplate(opts: { villages?: readonly TemplateVillage[]; posts?: readonly Post[] } = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "村(居)民委员会换届选举管理系统";
  wb.created = new Date();
  const villages = opts.villages ?? [];
  // Only the posts the villages' elections have: a row for a post a village lacks would be refused anyway.
  const postNames = (opts.posts?.length ? POSTS.filter((p) => opts.posts!.includes(p)) : POSTS).map((p) => POST_LABEL[p]);
  const columns = TEMPLATE_COLUMNS.map((c) => (c.key === "post" ? { ...c, options: postNames, note: postNote(postNames) } : c));
  addDataSheet(wb, CANDIDATE_SHEET, columns, { lastRow: LAST_TEMPLATE_ROW, villages });

  const guide = wb.addWorksheet(GUIDE_SHEET);
  guide.columns = [{ width: 18 }, { width: 10 }, { width: 70 }, { width: 60 }];
  const intro = [
    "初步候选人导入模板 · 填写说明",
    `1. 在「${CANDIDATE_SHEET}」工作表中，从第 2 行起每行填写一名初步候选人；第 1 行是表头，请不要修改、删除或调换顺序。`,
    "2. 一人被提名参选多个职位的，每个职位各填一行。红色表头为必填列；把鼠标移到表头上可以看到该列的填写要求。",
    "3. 一个文件可以包含本乡镇(街道)多个村(社区)的候选人，用“村(社区)统计代码”区分；这些村(社区)须已在系统中设置本次换届选举，且名单未提交县级联审。",
    "4. 导入时系统逐行检查。只要有一处问题，整个文件都不会导入；请按系统列出的“工作表、行、列、问题”逐一改正后，重新上传整个文件。",
    `5. 一次最多导入 ${MAX_IMPORT_ROWS} 行。公民身份号码、统计代码两列已设为文本格式，请不要改成数字格式，否则 Excel 会改变号码。`,
    "6. 身份证号码中的出生日期和性别须与所填的“出生日期”“性别”一致。",
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
  columns.forEach((c, i) => {
    const row = guide.getRow(top + 1 + i);
    const allowed = c.key === "currentPosts" ? CURRENT_POST_NAMES : c.key === "tags" ? TAG_NAMES : (c.options ?? []);
    row.values = [c.header, c.required ? "必填" : c.key === "nominatorCount" ? "联名提名必填" : "选填", c.note, listText(allowed)];
    row.eachCell((cell) => (cell.alignment = { wrapText: true, vertical: "top" }));
  });

  if (villages.length) {
    const vs = wb.addWorksheet(VILLAGE_SHEET, { views: [{ state: "frozen", ySplit: 1 }] });
    vs.columns = [
      { header: "统计代码", key: "code", width: 18, style: { numFmt: "@" } },
      { header: "村(社区)", key: "name", width: 20 },
      { header: "乡镇(街道)", key: "township", width: 20 },
      { header: "说明", key: "note", width: 30 },
    ];
    for (const v of villages) vs.addRow({ code: v.code, name: v.name, township: v.township ?? "", note: v.note ?? "" });
    styleHeader(vs.getRow(1));
  }

  return Buffer.from(await wb.xlsx.writeBuffer());
}

// ---------------------------------------------------------------------------------------------
// The import

const CODE_COLUMN = COLUMN.unitCode.header;

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
const ID_COLUMN = COLUMN.idNumber.header;
const POST_COLUMN = COLUMN.post.header;

/**
 * Imports a workbook of preliminary candidates for a township (or one village): all or nothing.
 * `file` is the .xlsx file's bytes (a Uint8Array; a Node Buffer is one). On any problem nothing is saved and
 * the result is `{ ok: false, code: "invalid", error: <summary>, details: ImportError[] }`.
 */
export const importCandidates = defineAction({
  name: "candidates.import",
  permission: "candidate.edit",
  input: z.object({
    campaignId: idField,
    /** The township (or village) the file is for: every row's village must lie in its subtree. */
    unitId: idField,
    file: z
      .instanceof(Uint8Array, { error: "请选择要导入的 Excel 文件" })
      .refine((f) => f.byteLength > 0, noDataMessage("文件是 0 字节的空文件"))
      .refine((f) => f.byteLength <= MAX_IMPORT_BYTES, `文件不能超过 ${sizeText(MAX_IMPORT_BYTES)}`),
  }),
  target: (tx, input, actor) =>
    tx.unit.findFirst({
      where: { id: input.unitId, level: { in: ["TOWNSHIP", "VILLAGE"] }, ...unitScope(actor) },
      select: { id: true, path: true, level: true, countyId: true },
    }),
  async run({ tx, input, unit, actor, audit }) {
    const campaign = await tx.campaign.findFirst({ where: { id: input.campaignId, countyId: unit.countyId ?? "" }, select: { id: true, status: true } });
    if (!campaign) throw new ExpectedError("not_found", "未找到该换届，或它不属于本县");
    if (campaign.status !== "OPEN") throw new ExpectedError("invalid", "该换届已结束，不能再导入候选人");

    const parsed = await parseCandidateWorkbook(input.file);
    // A problem with the file as a whole (no data, not a workbook, no such sheet) is the whole answer.
    const whole = parsed.errors.length === 1 ? parsed.errors[0] : undefined;
    if (whole?.row === 0) throw new ExpectedError("invalid", `${whole.message}。没有导入任何数据。`);
    const errors = [...parsed.errors];
    if (parsed.rows.length === 0 && errors.length === 0) {
      throw new ExpectedError("invalid", noDataMessage(`「${CANDIDATE_SHEET}」工作表中没有候选人，请从表头下一行起每行填写一名候选人`));
    }
    const fail = (r: ParsedRow, column: string, message: string) => errors.push({ sheet: r.sheet, row: r.row, column, message });
    const outside = unit.level === "VILLAGE" ? "不是本村(社区)的统计代码" : "不在本乡镇范围内";

    // Villages and elections, looked up inside the target's subtree only: a foreign code reads as unknown.
    const codes = [...new Set(parsed.rows.map((r) => r.unitCode).filter((c) => /^\d{12}$/.test(c)))];
    const units = await tx.unit.findMany({
      where: { code: { in: codes }, path: { startsWith: unit.path } },
      select: { id: true, code: true, name: true, level: true, active: true },
    });
    const unitByCode = new Map(units.map((u) => [u.code, u]));
    const elections = await tx.election.findMany({
      where: { campaignId: campaign.id, unitId: { in: units.map((u) => u.id) } },
      select: { id: true, unitId: true, listStatus: true, seatsDirector: true, seatsDeputy: true, seatsMember: true, seatsWomenMember: true },
    });
    const electionByUnit = new Map(elections.map((e) => [e.unitId, e]));
    const idNumbers = [...new Set(parsed.rows.flatMap((r) => (r.input ? [r.input.idNumber] : [])))];
    // Everyone of the file who already stands anywhere in this campaign (county-wide, not only this township).
    const standing = await standingIn(tx, unit.countyId ?? "", campaign.id, idNumbers);
    const matched = new Set<string>();

    const firstOfId = new Map<string, { row: number; input: CandidateInput; electionId: string; village: string }>();
    const seen = new Map<string, number>();
    const toSave: { input: CandidateInput; electionId: string }[] = [];
    for (const r of parsed.rows) {
      if (!/^\d{12}$/.test(r.unitCode)) continue; // the parser has reported it
      const village = unitByCode.get(r.unitCode);
      if (!village) {
        fail(r, CODE_COLUMN, `${r.unitCode} ${outside}`);
        continue;
      }
      if (village.level !== "VILLAGE") {
        fail(r, CODE_COLUMN, `${r.unitCode} 是「${village.name}」的代码，请填写村(社区)的统计代码`);
        continue;
      }
      if (!village.active) {
        fail(r, CODE_COLUMN, `「${village.name}」已停用，不能导入候选人`);
        continue;
      }
      const election = electionByUnit.get(village.id);
      if (!election) {
        fail(r, CODE_COLUMN, `「${village.name}」尚未设置本次换届选举，请先设置选举再导入`);
        continue;
      }
      if (!listEditable(election.listStatus)) {
        fail(r, CODE_COLUMN, `「${village.name}」的名单已提交县级联审或已公布，在县换届办退回前不能导入`);
        continue;
      }
      if (!r.input) continue;
      const { idNumber, post } = r.input;
      if (seatsOf(election)[post] === 0) {
        fail(
          r,
          POST_COLUMN,
          `「${village.name}」本次选举不设${POST_LABEL[post]}职位，请填写该村(社区)设有的职位：${POSTS.filter((p) => seatsOf(election)[p] > 0)
            .map((p) => POST_LABEL[p])
            .join("、")}`,
        );
        continue;
      }
      // Within the file: one person, one village, one row per post, one set of personal details.
      const key = `${election.id}|${idNumber}|${post}`;
      const first = seen.get(key);
      const sameId = firstOfId.get(idNumber);
      if (first !== undefined) {
        fail(r, ID_COLUMN, `与第 ${first} 行重复：同一人在「${village.name}」不能重复提名为${POST_LABEL[post]}候选人`);
        continue;
      }
      if (sameId && sameId.electionId !== election.id) {
        fail(r, ID_COLUMN, `与第 ${sameId.row} 行（${sameId.village}）的公民身份号码相同：同一人只能在一个村(社区)参选，请核对身份证号码`);
        continue;
      }
      const differing = sameId ? PERSON_KEYS.filter((k) => JSON.stringify(sameId.input[k]) !== JSON.stringify(r.input![k])) : [];
      if (sameId && differing.length) {
        fail(
          r,
          ID_COLUMN,
          `与第 ${sameId.row} 行的公民身份号码相同，但${differing.map((k) => `「${COLUMN[k].header}」`).join("")}不同，同一人的个人信息应一致，请核对`,
        );
        continue;
      }
      // Against what is stored: the same checks as typing the row into the form.
      const problem = standingProblem(standing, r.input, election.id, actor);
      if (problem) {
        fail(r, ID_COLUMN, problem.here ? problem.message.replace("本名单", `「${village.name}」的名单`) : problem.message);
        if (!problem.here) matched.add(problem.electionId);
        continue;
      }
      seen.set(key, r.row);
      if (!sameId) firstOfId.set(idNumber, { row: r.row, input: r.input, electionId: election.id, village: village.name });
      toSave.push({ input: r.input, electionId: election.id });
    }

    if (errors.length) {
      const sorted = sortErrors(errors);
      const shown = sorted.slice(0, MAX_REPORTED_ERRORS);
      const more = sorted.length > shown.length ? `，以下列出前 ${shown.length} 处` : "";
      throw new ExpectedError(
        "invalid",
        `文件中有 ${sorted.length} 处问题${more}，没有导入任何数据。请改正后重新上传整个文件。`,
        undefined,
        shown,
        matched.size
          ? { event: "candidate.idnumber.matched", objectType: "Campaign", objectId: campaign.id, detail: { otherElectionIds: [...matched], via: "import" } }
          : undefined,
      );
    }

    // People: every row of a person carries the same details (checked above), and none stands in another
    // village of this campaign or differs from the row already on its list (refused above). People the county
    // already knows go through upsertPerson, as entering the rows one by one would. New people are inserted in
    // batches: 5000 single upserts would take most of the transaction's time.
    const countyId = unit.countyId!;
    const first = new Map<string, { input: CandidateInput; electionId: string }>();
    for (const c of toSave) if (!first.has(c.input.idNumber)) first.set(c.input.idNumber, c);
    const known = await tx.person.findMany({ where: { countyId, idNumber: { in: [...first.keys()] } }, select: { idNumber: true } });
    const personIds = new Map<string, string>();
    for (const p of known) {
      const c = first.get(p.idNumber)!;
      personIds.set(p.idNumber, await upsertPerson(tx, countyId, c.input, c.electionId));
    }
    const fresh = [...first.values()].filter((c) => !personIds.has(c.input.idNumber)).map((c) => ({ ...personData(c.input), id: randomUUID(), countyId }));
    for (const p of fresh) personIds.set(p.idNumber, p.id);
    for (const batch of chunks(fresh, 1000)) await tx.person.createMany({ data: batch });
    const candidates = toSave.map((c) => ({ ...nominationData(c.input), electionId: c.electionId, personId: personIds.get(c.input.idNumber)! }));
    for (const batch of chunks(candidates, 1000)) await tx.candidate.createMany({ data: batch });
    const villages = new Set(toSave.map((c) => c.electionId)).size;
    // Counts only: the audit log never holds the names or ID numbers of the file.
    await audit({ event: "candidates.imported", objectType: "Campaign", objectId: campaign.id, detail: { rows: toSave.length, villages } });
    return { imported: toSave.length, villages };
  },
});

// ---------------------------------------------------------------------------------------------
// The export

/** "138****5678": phones are personal data too; lists show only enough to tell them apart. */
function maskPhone(phone: string | null): string {
  if (!phone) return "";
  const digits = phone.replace(/\D/g, "");
  if (digits.length < 7) return "*".repeat(digits.length);
  return `${digits.slice(0, 3)}${"*".repeat(digits.length - 7)}${digits.slice(-4)}`;
}

const SEVERITY_LABEL = { error: "错误", warning: "提醒" } as const;

/**
 * One village's candidate list as a workbook: the template's columns in 姓氏笔画 order grouped by post, ID
 * numbers and phones masked, and the list check's findings on 检查结果. Null when the election is out of the
 * actor's scope or the actor may not view candidates.
 */
/** The list workbook with its download name, or null when the election is not the actor's to see. */
export async function listWorkbookDownload(electionId: string, actor: Actor): Promise<{ buffer: Buffer; fileName: string } | null> {
  const prisma = await db();
  const scoped = await electionInScope(prisma, actor, electionId);
  if (!scoped) return null;
  const buffer = await buildListWorkbook(electionId, actor);
  return buffer ? { buffer, fileName: `${scoped.unit.name}-初步候选人名单.xlsx` } : null;
}

export async function buildListWorkbook(electionId: string, actor: Actor): Promise<Buffer | null> {
  const prisma = await db();
  const scoped = await electionInScope(prisma, actor, electionId);
  if (!scoped || !can(actor, "candidate.view", { path: scoped.unit.path })) return null;
  const w = await getElectionWorkspace(actor, electionId);
  if (!w) return null;
  const phones = new Map(
    (await prisma.candidate.findMany({ where: { electionId }, select: { id: true, person: { select: { phone: true } } } })).map((c) => [c.id, c.person.phone]),
  );
  // Already in stroke order; a stable sort by post keeps that order within each post.
  const candidates = [...w.candidates].sort((a, b) => POSTS.indexOf(a.post) - POSTS.indexOf(b.post));

  const wb = new ExcelJS.Workbook();
  wb.creator = "村(居)民委员会换届选举管理系统";
  wb.created = new Date();
  wb.title = `${w.unit.name}初步候选人名单`;
  const ws = wb.addWorksheet(CANDIDATE_SHEET, { views: [{ state: "frozen", ySplit: 1, xSplit: 2 }] });
  ws.columns = TEMPLATE_COLUMNS.map((c) => ({ key: c.key, header: c.header, width: c.width, style: c.text ? { numFmt: "@" } : {} }));
  styleHeader(ws.getRow(1));
  const yesNo = (b: boolean) => (b ? YES : NO);
  for (const c of candidates) {
    const p = c.person;
    ws.addRow({
      unitCode: w.unit.code,
      name: p.name,
      gender: GENDER_LABEL[p.gender],
      ethnicity: ethnicityName(p.ethnicity) ?? p.ethnicity,
      birthDate: p.birthDate,
      // The workspace masks already; a full number (should that ever change) is masked here.
      idNumber: /^\d{17}[\dX]$/i.test(p.idNumber) ? maskIdNumber(p.idNumber) : p.idNumber,
      education: educationName(p.education) ?? p.education,
      political: POLITICAL_LABEL[p.political],
      phone: maskPhone(phones.get(c.id) ?? null),
      currentPosts: p.currentPosts.map((x) => CURRENT_POST_LABEL[x as CurrentPost] ?? x).join("、"),
      tags: p.tags.map((x) => BACKGROUND_TAG_LABEL[x as BackgroundTag] ?? x).join("、"),
      dissatisfactionPercent: p.dissatisfactionRate === null ? null : Math.round(p.dissatisfactionRate * 100 * 100) / 100,
      post: POST_LABEL[c.post],
      nominationForm: NOMINATION_FORM_LABEL[c.nominationForm],
      nominatorCount: c.nominatorCount,
      nominationVotes: c.nominationVotes,
      pledgeCampaign: yesNo(c.pledgeCampaign),
      pledgeWork: yesNo(c.pledgeWork),
      pledgeResign: yesNo(c.pledgeResign),
      pledgeDiscipline: yesNo(c.pledgeDiscipline),
    });
  }

  const names = new Map(w.candidates.map((c) => [c.id, c.person.name]));
  const check = wb.addWorksheet(CHECK_SHEET, { views: [{ state: "frozen", ySplit: 1 }] });
  check.columns = [
    { header: "严重程度", key: "severity", width: 10 },
    { header: "问题", key: "message", width: 60 },
    { header: "涉及候选人", key: "who", width: 20 },
    { header: "规则", key: "rule", width: 40 },
    { header: "依据", key: "source", width: 40 },
  ];
  styleHeader(check.getRow(1));
  for (const p of w.problems) {
    const row = check.addRow({
      severity: SEVERITY_LABEL[p.severity],
      message: p.message,
      who: p.candidateIds
        .map((id) => names.get(id) ?? "")
        .filter(Boolean)
        .join("、"),
      rule: p.rule,
      source: p.source,
    });
    row.eachCell((cell) => (cell.alignment = { wrapText: true, vertical: "top" }));
    if (p.severity === "error") row.getCell("severity").font = { bold: true, color: { argb: "FFB91C1C" } };
  }
  if (w.problems.length === 0) check.addRow({ severity: "", message: "未发现问题" });

  return Buffer.from(await wb.xlsx.writeBuffer());
}

// ---------------------------------------------------------------------------------------------
// Downloads

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/**
 * A route handler's .xlsx download. The Chinese name goes in the RFC 5987 `filename*` parameter; `fallback`
 * (ASCII) is for clients that only read `filename`. Personal data: never cached.
 */
export function xlsxDownload(buffer: Buffer, fileName: string, fallback: string): Response {
  const safe = [...fileName].map((ch) => (ch.charCodeAt(0) < 0x20 || '\\/:*?"<>|'.includes(ch) ? "_" : ch)).join("");
  const encoded = encodeURIComponent(safe).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return new Response(new Uint8Array(buffer), {
    headers: {
      "Content-Type": XLSX_TYPE,
      "Content-Disposition": `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`,
      "Content-Length": String(buffer.length),
      "Cache-Control": "private, no-store",
    },
  });
}

/** What a route handler answers for anything missing or outside the actor's scope (never 403). */
