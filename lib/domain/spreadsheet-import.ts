// What an Excel import says about the file as a whole, shared by the upload forms (before sending) and the
// server parsers (candidate import, past-term import), so both say the same words.

/** Nothing chosen in the file input. */
export const NO_FILE_CHOSEN = "请先选择要导入的 Excel 文件（.xlsx）";

/** A file that was chosen but holds nothing: 0 bytes, or a workbook without any filled-in row. */
export const NO_DATA = "文件没有数据";

/** "文件没有数据" with what to do about it. */
export const noDataMessage = (hint?: string) => (hint ? `${NO_DATA}：${hint}` : NO_DATA);

/** A formula whose file carries no computed value (saved by a program that does not calculate, e.g. a script). */
export const formulaWithoutResult = (row: number, column: string) =>
  `第 ${row} 行「${column}」是公式，但文件中没有保存计算结果：请在 Excel 中打开并保存后再上传，或直接填写数值`;

/** "10 MB", "2.5 MB", "0.50 MB". */
export function sizeText(bytes: number): string {
  const mb = bytes / 1024 / 1024;
  if (Number.isInteger(mb)) return `${mb} MB`;
  return `${mb.toFixed(mb < 1 ? 2 : 1)} MB`;
}

/** The limits stated next to the file input. */
export const uploadLimitText = (maxBytes: number, maxRows: number) => `.xlsx 文件，最大 ${sizeText(maxBytes)}，一次最多 ${maxRows} 行`;

/**
 * The form's check of the chosen file before it is sent; null when it may go. A browser sends an input
 * with no file as a File named "" of size 0: that is "choose a file"; a named file of 0 bytes has no data.
 */
export function chosenFileProblem(file: { name: string; size: number } | null, maxBytes: number, tooBigHint: string): string | null {
  if (!file || file.name === "") return NO_FILE_CHOSEN;
  if (!/\.xlsx$/i.test(file.name)) {
    return /\.xls$/i.test(file.name) ? "这是旧版 .xls 文件，请在 Excel 中“另存为” Excel 工作簿（.xlsx）后再上传" : "只能导入 Excel 工作簿（.xlsx）文件";
  }
  if (file.size === 0) return noDataMessage(`「${file.name}」是 0 字节的空文件`);
  if (file.size > maxBytes) return `文件有 ${sizeText(file.size)}，超过上限 ${sizeText(maxBytes)}。${tooBigHint}`;
  return null;
}

/**
 * The same check for an upload that takes .xlsx or CSV (the voter roll import); `tooBigHint` says what to do
 * with a file over `maxBytes`.
 */
export function chosenTableFileProblem(file: { name: string; size: number } | null, maxBytes: number, tooBigHint: string): string | null {
  if (!file || file.name === "") return "请先选择要导入的 Excel（.xlsx）或 CSV 文件";
  if (/\.xls$/i.test(file.name)) return "这是旧版 .xls 文件，请在 Excel 中“另存为” Excel 工作簿（.xlsx）或 CSV 后再上传";
  if (!/\.(xlsx|csv)$/i.test(file.name)) return "只能导入 Excel 工作簿（.xlsx）或 CSV 文件";
  if (file.size === 0) return noDataMessage(`「${file.name}」是 0 字节的空文件`);
  if (file.size > maxBytes) return `文件有 ${sizeText(file.size)}，超过上限 ${sizeText(maxBytes)}。${tooBigHint}`;
  return null;
}

/** The voter import page's cap: Next refuses server-action bodies over 11 MB (next.config.js); larger files go through the CLI. */
export const VOTER_UPLOAD_MAX_BYTES = 10 * 1024 * 1024;
export const VOTER_UPLOAD_TOO_BIG = "请按乡镇分成几个文件上传，或由系统管理员用命令行 npm run import:voters 导入";

/**
 * An import's problems in the order a clerk fixes them: by row, then by the template's column order
 * (`columns`: the headers in template order; a problem of no known column comes after the known ones).
 */
export function byRowAndColumn<P extends { row: number; column: string }>(problems: readonly P[], columns: readonly { header: string }[]): P[] {
  const order = new Map(columns.map((c, i) => [c.header, i]));
  return [...problems].sort((a, b) => a.row - b.row || (order.get(a.column) ?? 99) - (order.get(b.column) ?? 99));
}
