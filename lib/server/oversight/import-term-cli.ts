import "server-only";
// `npm run import:term -- --county CODE --name "第十一届" FILE.xlsx`: the past-term import for administrators
// migrating old records. It runs the same action as the page (executeAction(importPastTerm)), so the same
// checks apply and nothing is written unless the whole file is right. It acts as a system actor (see
// systemActor in ./past-terms): audited as user "system:import-term" with role COUNTY_ADMIN of the county.
// Exit codes: 0 imported, 1 refused (row-level problems, unknown county, term already imported), 2 usage.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { executeAction } from "../action";
import { db } from "../db";
import type { ErrorDetail } from "../errors";
import { importPastTerm, MAX_TERM_BYTES, systemActor } from "./past-terms";

export const IMPORT_TERM_USAGE = [
  "用法: npm run import:term -- --county <县级统计用区划代码> --name <届别名称> <文件.xlsx>",
  '例如: npm run import:term -- --county 513331000000 --name "第十一届" 白玉县第十一届村委会成员.xlsx',
  "模板可在系统「往届数据」页面下载。全部行都正确才导入；有问题时逐行列出，不写入任何数据。",
].join("\n");

export type ImportTermArgs = { county: string; name: string; file: string };
export type ParsedArgs = { ok: true; args: ImportTermArgs } | { ok: true; help: true } | { ok: false; message: string };

/** Reads the command line (the words after `--`). Never throws: a bad line is `{ ok: false }`. */
export function parseImportTermArgs(argv: readonly string[]): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { county: { type: "string" }, name: { type: "string" }, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    const unknown = err instanceof Error ? /'(--?[^']+)'/.exec(err.message)?.[1] : undefined;
    return { ok: false, message: unknown ? `无法识别的参数 ${unknown}` : "参数有误" };
  }
  const { values, positionals } = parsed;
  if (values.help) return { ok: true, help: true };
  const county = (values.county ?? "").trim();
  const name = (values.name ?? "").trim();
  if (!county) return { ok: false, message: "缺少 --county（县级单位的 12 位统计用区划代码）" };
  if (!/^\d{12}$/.test(county)) return { ok: false, message: `--county「${county}」不是 12 位数字的统计用区划代码` };
  if (!name) return { ok: false, message: "缺少 --name（届别名称，如 第十一届）" };
  if (name.length > 100) return { ok: false, message: "--name 届别名称最多 100 个字" };
  if (positionals.length === 0) return { ok: false, message: "缺少要导入的 Excel 文件（.xlsx）" };
  if (positionals.length > 1) return { ok: false, message: `一次只能导入一个文件，收到 ${positionals.length} 个：${positionals.join(" ")}` };
  return { ok: true, args: { county, name, file: positionals[0]! } };
}

/** One problem per line, as the page's table shows it: 第R行 列名：原因. */
export function formatImportError(d: ErrorDetail): string {
  const where = [d.row > 0 ? `第${d.row}行` : "", d.column].filter(Boolean).join(" ");
  return where ? `${where}：${d.message}` : d.message;
}

export type Output = { log: (line: string) => void; error: (line: string) => void };

/**
 * Runs the import on the installed database and returns the exit code: 0 imported, 1 refused, 2 usage
 * (the file cannot be read).
 */
export async function runImportTerm(args: ImportTermArgs, out: Output): Promise<0 | 1 | 2> {
  let file: Buffer;
  try {
    file = await readFile(args.file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    out.error(code === "ENOENT" ? `找不到文件 ${args.file}` : code === "EISDIR" ? `${args.file} 是目录，不是文件` : `无法读取文件 ${args.file}`);
    return 2;
  }
  if (file.length > MAX_TERM_BYTES) {
    out.error(`文件有 ${(file.length / 1024 / 1024).toFixed(1)} MB，超过上限 ${MAX_TERM_BYTES / 1024 / 1024} MB，请按乡镇分成几个文件导入`);
    return 1;
  }
  const prisma = await db();
  const county = await prisma.unit.findFirst({ where: { code: args.county, level: "COUNTY" }, select: { id: true, path: true, name: true, code: true } });
  if (!county) {
    out.error(`未找到统计用区划代码为 ${args.county} 的县级单位`);
    return 1;
  }
  const res = await executeAction(importPastTerm, systemActor(county), {
    countyId: county.id,
    name: args.name,
    file: new Uint8Array(file.buffer, file.byteOffset, file.byteLength),
    fileName: path.basename(args.file),
  });
  if (res.ok) {
    out.log(`已导入${res.data.name}：${res.data.villages} 个村(社区)，${res.data.members} 名成员`);
    return 0;
  }
  out.error(res.error);
  for (const d of res.details ?? []) out.error(formatImportError(d));
  return 1;
}
