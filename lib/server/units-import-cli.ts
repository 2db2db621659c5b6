import "server-only";
// `npm run import:units -- [--dry-run] FILE.xlsx|FILE.csv`: the unit tree import from the command line, for the
// first day of a county or province (docs/unit-import.md). It runs the same action as the page
// (executeAction(importUnits)), so the same checks apply and nothing is written unless the whole file is right.
// It acts as the system: a SYSTEM_ADMIN of the file's province that is no user, audited as "system:import-units".
// Exit codes: 0 imported (or nothing to change, or a dry run), 1 refused (one line per problem), 2 usage.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { levelOfCode } from "@/lib/domain/unit-import";
import { LEVEL_LABEL } from "@/lib/domain/units";
import { executeAction } from "./action";
import type { Actor } from "./auth/sessions";
import { db } from "./db";
import { formatImportError, type Output } from "./oversight/import-term-cli";
import { SYSTEM_USER_ID } from "./oversight/past-terms";
import { importUnits, MAX_UNIT_BYTES, parseUnitTable, type UnitImportSummary } from "./units-import";

export const IMPORT_UNITS_USAGE = [
  "用法: npm run import:units -- [--dry-run] <文件.xlsx 或 文件.csv>",
  "例如: npm run import:units -- 白玉县统计用区划代码.xlsx",
  "表头须有 统计用区划代码、名称 两列，可选 城乡分类代码、上级代码。省级单位须已存在（npm run admin:create）。",
  "全部行都正确才导入；有问题时逐行列出，不写入任何数据。--dry-run 只显示将要做的变化。",
].join("\n");

/** Usernames are [a-z0-9_.-]: the colon keeps this one apart from every real user in the audit log. */
export const UNITS_SYSTEM_USERNAME = "system:import-units";

export type ImportUnitsArgs = { file: string; dryRun: boolean };
export type ParsedArgs = { ok: true; args: ImportUnitsArgs } | { ok: true; help: true } | { ok: false; message: string };

/** Reads the command line (the words after `--`). Never throws: a bad line is `{ ok: false }`. */
export function parseImportUnitsArgs(argv: readonly string[]): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { "dry-run": { type: "boolean" }, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    const unknown = err instanceof Error ? /'(--?[^']+)'/.exec(err.message)?.[1] : undefined;
    return { ok: false, message: unknown ? `无法识别的参数 ${unknown}` : "参数有误" };
  }
  const { values, positionals } = parsed;
  if (values.help) return { ok: true, help: true };
  if (positionals.length === 0) return { ok: false, message: "缺少要导入的文件（.xlsx 或 .csv）" };
  if (positionals.length > 1) return { ok: false, message: `一次只能导入一个文件，收到 ${positionals.length} 个：${positionals.join(" ")}` };
  const file = positionals[0]!;
  if (!/\.(xlsx|csv)$/i.test(file)) return { ok: false, message: `只能导入 .xlsx 或 .csv 文件：${file}` };
  return { ok: true, args: { file, dryRun: values["dry-run"] === true } };
}

/** The actor a command-line import runs as: a system administrator of `province` that is no user. */
export function unitsSystemActor(province: { id: string; path: string; name: string; code: string }): Actor {
  return {
    sessionId: "cli",
    userId: SYSTEM_USER_ID,
    username: UNITS_SYSTEM_USERNAME,
    displayName: "命令行导入",
    role: "SYSTEM_ADMIN",
    unitId: province.id,
    unitPath: province.path,
    unitName: province.name,
    unitCode: province.code,
    unitLevel: "PROVINCE",
    countyId: null,
    departmentId: null,
    departmentName: null,
  };
}

/** The lines both the command line and tests print for a plan: counts per level, then renames and missing units. */
export function summaryLines(s: UnitImportSummary): string[] {
  const head = s.applied ? "已导入" : s.noChange ? "没有变化：系统中的单位与文件一致" : "预览（未写入）";
  const lines = [`${head}：共 ${s.rows} 行`];
  for (const c of s.byLevel) lines.push(`  ${LEVEL_LABEL[c.level]}：${c.inFile} 个（新建 ${c.created}，改名 ${c.renamed}，不变 ${c.unchanged}）`);
  for (const r of s.renamed) lines.push(`  改名 ${r.code}：${r.before.name} → ${r.after.name}`);
  if (s.missing.length) {
    lines.push(`文件中没有、系统中仍保留的单位 ${s.missing.length} 个（未删除；如需停用请在「行政区划」页面操作）：`);
    for (const m of s.missing) lines.push(`  ${m.code} ${m.name}`);
  }
  return lines;
}

/** Runs the import on the installed database and returns the exit code: 0 done, 1 refused, 2 usage (unreadable file). */
export async function runImportUnits(args: ImportUnitsArgs, out: Output): Promise<0 | 1 | 2> {
  let file: Buffer;
  try {
    file = await readFile(args.file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    out.error(code === "ENOENT" ? `找不到文件 ${args.file}` : code === "EISDIR" ? `${args.file} 是目录，不是文件` : `无法读取文件 ${args.file}`);
    return 2;
  }
  if (file.length > MAX_UNIT_BYTES) {
    out.error(`文件有 ${(file.length / 1024 / 1024).toFixed(1)} MB，超过上限 ${MAX_UNIT_BYTES / 1024 / 1024} MB，请按市或县分成几个文件导入`);
    return 1;
  }
  const bytes = new Uint8Array(file.buffer, file.byteOffset, file.byteLength);
  const fileName = path.basename(args.file);
  // The province follows from the codes: every row's first two digits.
  const parsed = await parseUnitTable(bytes, fileName);
  const provinces = new Set(
    parsed.rows
      .map((r) => r.code.trim())
      .filter((c) => levelOfCode(c))
      .map((c) => `${c.slice(0, 2)}0000000000`),
  );
  if (parsed.problems.length === 0 && provinces.size > 1) {
    out.error(`文件中有 ${provinces.size} 个省级单位的代码（${[...provinces].join("、")}），一次只能导入一个省的单位`);
    return 1;
  }
  const prisma = await db();
  const provinceCode = [...provinces][0];
  const province = provinceCode
    ? await prisma.unit.findFirst({ where: { code: provinceCode, level: "PROVINCE" }, select: { id: true, path: true, name: true, code: true } })
    : null;
  if (provinceCode && !province && parsed.problems.length === 0) {
    out.error(`系统中没有代码为 ${provinceCode} 的省级单位：请先用 npm run admin:create 建立省级单位和系统管理员`);
    return 1;
  }
  const anyProvince =
    province ??
    (await prisma.unit.findFirst({ where: { level: "PROVINCE" }, select: { id: true, path: true, name: true, code: true }, orderBy: { code: "asc" } }));
  if (!anyProvince) {
    out.error("系统中还没有省级单位：请先用 npm run admin:create 建立省级单位和系统管理员");
    return 1;
  }
  const res = await executeAction(importUnits, unitsSystemActor(anyProvince), { unitId: anyProvince.id, file: bytes, fileName, apply: !args.dryRun });
  if (res.ok) {
    for (const l of summaryLines(res.data)) out.log(l);
    return 0;
  }
  out.error(res.error);
  for (const d of res.details ?? []) if (d.row > 0 || d.column) out.error(formatImportError(d));
  return 1;
}
