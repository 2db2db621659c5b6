import "server-only";
// The one reader of uploaded tables as rows of cell text: .xlsx (ExcelJS) or .csv (UTF-8 or GBK/GB18030),
// shared by the unit-tree import and the voter-roll import; and the opener of the Excel templates (past terms,
// accounts). Row checks stay with each import.
import ExcelJS from "exceljs";
import { parseCsv } from "@/lib/domain/csv";
import { noDataMessage, sizeText } from "@/lib/domain/spreadsheet-import";
import type { ErrorDetail } from "./errors";
import { norm, normHeader, rawOf, textOf, unreadableCell, workbookHasNoValues } from "./nomination/excel";

/** A cell that cannot be read as a value (0-based column), with its message. */
export type UnreadableCell = { row: number; col: number; message: string };

/** The table as text lines (line i = file row i + 1), or the one reason the file cannot be read as a table. */
export type TableLines = { ok: true; lines: string[][]; sheet: string; unreadable: UnreadableCell[] } | { ok: false; message: string };

/** Cells of one sheet as text, by row (row i = file row i + 1), and the cells that cannot be read as a value. */
export function sheetLines(ws: ExcelJS.Worksheet): { lines: string[][]; unreadable: UnreadableCell[] } {
  const lines: string[][] = [];
  const unreadable: UnreadableCell[] = [];
  ws.eachRow({ includeEmpty: true }, (row, n) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      const raw = rawOf(cell.value);
      const bad = unreadableCell(raw, n, `第 ${col} 列`);
      if (bad) unreadable.push({ row: n, col: col - 1, message: bad });
      // A code typed as a number (640104001001) is read as its digits.
      cells[col - 1] = typeof raw === "number" && Number.isInteger(raw) ? raw.toFixed(0) : textOf(raw);
    });
    lines[n - 1] = Array.from(cells, (c) => c ?? "");
  });
  return { lines: Array.from(lines, (l) => l ?? []), unreadable };
}

/** UTF-8 (with or without BOM) or else GB18030 (what Excel in China saves "CSV" as). */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("gb18030").decode(bytes);
  }
}

export type ReadTableOptions = {
  fileName?: string;
  maxBytes: number;
  /** ExcelJS's guard against files whose XML claims millions of rows. */
  maxXmlRows: number;
  /** The header cell that marks the sheet to read (the first visible sheet with it in rows 1-5). */
  anchorHeader: string;
  /** Said when the file is larger than maxBytes or has more rows than maxXmlRows. */
  tooBig: string;
  /** Said for a workbook without a single value. */
  emptyHint: string;
};

/**
 * Reads an uploaded table: .xlsx (the first visible sheet with `anchorHeader` in rows 1-5) or .csv (UTF-8 or
 * GBK). Never throws for a bad file: `{ ok: false, message }` says why it cannot be read.
 */
export async function readTableLines(file: Uint8Array, o: ReadTableOptions): Promise<TableLines> {
  const bytes = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  const fail = (message: string): TableLines => ({ ok: false, message });
  if (bytes.length === 0) return fail(noDataMessage("文件是 0 字节的空文件"));
  if (bytes.length > o.maxBytes) return fail(`文件太大（超过 ${sizeText(o.maxBytes)}），${o.tooBig}`);
  if (bytes.length >= 4 && bytes.readUInt32BE(0) === 0xd0cf11e0)
    return fail("这是旧版 Excel 97-2003（.xls）文件，请在 Excel 中“另存为” Excel 工作簿（.xlsx）或 CSV 后再导入");
  const isZip = bytes.length >= 4 && bytes.readUInt32BE(0) === 0x504b0304;
  if (!isZip) {
    if (/\.xlsx$/i.test(o.fileName ?? "")) return fail("无法读取该文件：扩展名是 .xlsx，但内容不是 Excel 工作簿");
    const text = decodeText(bytes);
    if (text.includes("\u0000")) return fail("无法读取该文件：请上传 Excel 工作簿（.xlsx）或 CSV 文件");
    return { ok: true, lines: parseCsv(text), sheet: "", unreadable: [] };
  }
  const wb = new ExcelJS.Workbook();
  try {
    // maxRows is read by ExcelJS but missing from its types (as in the candidate and past-term imports).
    const options = { ignoreNodes: ["dataValidations", "conditionalFormatting"], maxRows: o.maxXmlRows };
    await wb.xlsx.load(bytes as unknown as Parameters<ExcelJS.Xlsx["load"]>[0], options);
  } catch (err) {
    if (err instanceof Error && /Max .* count .* exceeded/.test(err.message)) return fail(`文件行数太多：${o.tooBig}`);
    return fail("无法读取该文件：请上传 Excel 工作簿（.xlsx）或 CSV 文件");
  }
  if (workbookHasNoValues(wb)) return fail(noDataMessage(o.emptyHint));
  const visible = wb.worksheets.filter((s) => s.state !== "hidden");
  const hasHeader = (ws: ExcelJS.Worksheet) => {
    let found = false;
    for (let n = 1; n <= 5 && !found; n++) ws.getRow(n).eachCell((c) => void (norm(textOf(rawOf(c.value))) === norm(o.anchorHeader) && (found = true)));
    return found;
  };
  const ws = visible.find(hasHeader) ?? visible[0] ?? wb.worksheets[0]!;
  return { ok: true, sheet: ws.name, ...sheetLines(ws) };
}

/** A header's columns: the first of rows 1-5 naming `anchor`; matching is exact up to spaces and full-width brackets. */
export function findHeaderColumns<K extends string>(
  lines: readonly (readonly string[])[],
  columns: readonly { key: K; header: string; required: boolean }[],
  anchor: string,
  missing: (header: string) => string,
): { index: number; colOf: Map<K, number>; problems: { row: number; column: string; message: string }[] } {
  const idx = lines.slice(0, 5).findIndex((cells) => cells.some((c) => norm(c) === norm(anchor)));
  const index = idx < 0 ? 0 : idx;
  const cells = lines[index] ?? [];
  const colOf = new Map<K, number>();
  const problems: { row: number; column: string; message: string }[] = [];
  cells.forEach((c, i) => {
    const col = columns.find((d) => norm(d.header) === norm(c));
    if (!col) return;
    if (colOf.has(col.key)) problems.push({ row: index + 1, column: col.header, message: `表头有两个「${col.header}」列，请删去一个` });
    else colOf.set(col.key, i);
  });
  for (const c of columns) if (c.required && !colOf.has(c.key)) problems.push({ row: index + 1, column: c.header, message: missing(c.header) });
  return { index, colOf, problems };
}

/** A column of an Excel template: its key, its header (and old names still accepted), whether it must be there. */
export type TemplateColumn<K extends string> = { key: K; header: string; required?: boolean; aliases?: readonly string[] };

export type TemplateSheet<K extends string> =
  { ok: true; ws: ExcelJS.Worksheet; sheet: string; headerRow: number; colOf: Map<K, number> } | { ok: false; sheet: string; problems: ErrorDetail[] };

/**
 * Opens an uploaded Excel template (.xlsx only): the sheet named `sheetName`, or else the first visible sheet
 * whose rows 1-5 carry three of the template's headers (old records come with their own sheet names), and the
 * header's columns. Refuses, with the one problem to show, an empty, too large, .xls or unreadable file, a
 * workbook without values or without such a sheet, and a header with a column twice or a required one missing.
 */
export async function openTemplateSheet<K extends string>(
  file: Uint8Array,
  o: {
    sheetName: string;
    guideSheet: string;
    columns: readonly TemplateColumn<K>[];
    maxBytes: number;
    /** The hint after 文件太大 (e.g. 请按乡镇分成几个文件导入). */
    tooBigHint: string;
    /** ExcelJS's row cap while reading, and the message when a file exceeds it. */
    maxXmlRows: number;
    tooManyRows: string;
    /** What an empty workbook should hold, after 文件没有数据. */
    noDataHint: string;
  },
): Promise<TemplateSheet<K>> {
  const fail = (message: string, sheet = ""): TemplateSheet<K> => ({ ok: false, sheet, problems: [{ sheet, row: 0, column: "", message }] });
  const bytes = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  if (bytes.length === 0) return fail(noDataMessage("文件是 0 字节的空文件"));
  if (bytes.length > o.maxBytes) return fail(`文件太大（超过 ${sizeText(o.maxBytes)}），${o.tooBigHint}`);
  if (bytes.length >= 4 && bytes.readUInt32BE(0) === 0xd0cf11e0)
    return fail("这是旧版 Excel 97-2003（.xls）文件，请在 Excel 中“另存为” Excel 工作簿（.xlsx）后再导入");
  const wb = new ExcelJS.Workbook();
  try {
    const options = { ignoreNodes: ["dataValidations", "conditionalFormatting"], maxRows: o.maxXmlRows };
    await wb.xlsx.load(bytes as unknown as Parameters<ExcelJS.Xlsx["load"]>[0], options);
  } catch (err) {
    if (err instanceof Error && /Max .* count .* exceeded/.test(err.message)) return fail(o.tooManyRows);
    return fail("无法读取该文件：请上传用 Excel 或 WPS 保存的 Excel 工作簿（.xlsx），建议使用系统提供的模板");
  }
  if (workbookHasNoValues(wb)) return fail(noDataMessage(o.noDataHint));

  const byHeader = new Map(o.columns.flatMap((c) => [c.header, ...(c.aliases ?? [])].map((h) => [normHeader(h), c] as const)));
  const headerDef = (cell: ExcelJS.Cell) => byHeader.get(normHeader(textOf(rawOf(cell.value))));
  const headerRowOf = (ws: ExcelJS.Worksheet) =>
    [1, 2, 3, 4, 5].find((n) => {
      let found = 0;
      ws.getRow(n).eachCell((cell) => void (headerDef(cell) && found++));
      return found >= 3;
    });
  const named = wb.getWorksheet(o.sheetName) ?? wb.worksheets.find((s) => norm(s.name) === norm(o.sheetName));
  const ws = named ?? wb.worksheets.find((s) => s.state !== "hidden" && s.name !== o.guideSheet && headerRowOf(s) !== undefined);
  if (!ws) {
    const names = wb.worksheets.map((s) => `「${s.name}」`).join("、") || "无";
    return fail(`文件中没有「${o.sheetName}」工作表，也没有哪个工作表的表头与模板一致（现有工作表：${names}）。请使用系统提供的模板`, o.sheetName);
  }
  const sheet = ws.name;
  const headerRow = headerRowOf(ws) ?? 1;
  const colOf = new Map<K, number>();
  const problems: ErrorDetail[] = [];
  ws.getRow(headerRow).eachCell((cell, col) => {
    const def = headerDef(cell);
    if (!def) return;
    if (colOf.has(def.key)) problems.push({ sheet, row: headerRow, column: def.header, message: `表头有两个「${def.header}」列，请删去一个` });
    else colOf.set(def.key, col);
  });
  for (const c of o.columns) {
    if (c.required && !colOf.has(c.key)) {
      problems.push({
        sheet,
        row: headerRow,
        column: c.header,
        message: `缺少「${c.header}」列：第 ${headerRow} 行须为模板的表头，请使用系统提供的模板，不要修改表头`,
      });
    }
  }
  return problems.length ? { ok: false, sheet, problems } : { ok: true, ws, sheet, headerRow, colOf };
}
