import "server-only";
// `npm run import:voters -- --county CODE --campaign NAME FILE.xlsx|FILE.csv`: the voter roll import for
// administrators. It runs the same action as the page (executeAction(importVoters)) into the whole county, so
// the same checks apply and nothing is written unless the whole file is right. It acts as a system actor:
// audited as user "system:import-voters" with role COUNTY_ADMIN of the county.
// Exit codes: 0 imported, 1 refused (one line per problem), 2 usage (bad arguments, unreadable file).
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { executeAction } from "../action";
import type { Actor } from "../auth/sessions";
import { db } from "../db";
import { formatImportError, type Output } from "../oversight/import-term-cli";
import { SYSTEM_USER_ID } from "../oversight/past-terms";
import { importVoters, type VoterImportResult } from "./import";

export const IMPORT_VOTERS_USAGE = [
  "用法: npm run import:voters -- --county <县级统计用区划代码> --campaign <换届名称> <文件.xlsx 或 文件.csv>",
  '例如: npm run import:voters -- --county 640104000000 --campaign "第十二届村(居)民委员会换届选举" 兴庆区选民名单.xlsx',
  "表头须有 村(社区)统计用区划代码、村民小组、姓名、性别、公民身份号码、民族、登记类别（出生日期、同意的会议日期、住址、联系电话可选）。",
  "全部行都正确才导入；有问题时逐行列出，不写入任何数据。",
].join("\n");

/** Usernames are [a-z0-9_.-]: the colon keeps this one apart from every real user in the audit log. */
export const VOTERS_SYSTEM_USERNAME = "system:import-voters";

export type ImportVotersArgs = { county: string; campaign: string; file: string };
export type ParsedArgs = { ok: true; args: ImportVotersArgs } | { ok: true; help: true } | { ok: false; message: string };

/** Reads the command line (the words after `--`). Never throws: a bad line is `{ ok: false }`. */
export function parseImportVotersArgs(argv: readonly string[]): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { county: { type: "string" }, campaign: { type: "string" }, help: { type: "boolean", short: "h" } },
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
  const campaign = (values.campaign ?? "").trim();
  if (!county) return { ok: false, message: "缺少 --county（县级单位的 12 位统计用区划代码）" };
  if (!/^\d{12}$/.test(county)) return { ok: false, message: `--county「${county}」不是 12 位数字的统计用区划代码` };
  if (!campaign) return { ok: false, message: "缺少 --campaign（换届名称，如 第十二届村(居)民委员会换届选举）" };
  if (positionals.length === 0) return { ok: false, message: "缺少要导入的文件（.xlsx 或 .csv）" };
  if (positionals.length > 1) return { ok: false, message: `一次只能导入一个文件，收到 ${positionals.length} 个：${positionals.join(" ")}` };
  const file = positionals[0]!;
  if (!/\.(xlsx|csv)$/i.test(file)) return { ok: false, message: `只能导入 .xlsx 或 .csv 文件：${file}` };
  return { ok: true, args: { county, campaign, file } };
}

/** The actor a command-line import runs as: the county's office, but no user. */
export function votersSystemActor(county: { id: string; path: string; name: string; code: string }): Actor {
  return {
    sessionId: "cli",
    userId: SYSTEM_USER_ID,
    username: VOTERS_SYSTEM_USERNAME,
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

/** The line a successful import prints. */
export const importedLine = (r: Pick<VoterImportResult, "villages" | "voters">) => `已导入选民：${r.villages} 个村(社区)，${r.voters} 名选民`;

/** Runs the import on the installed database and returns the exit code: 0 imported, 1 refused, 2 usage. */
export async function runImportVoters(args: ImportVotersArgs, out: Output): Promise<0 | 1 | 2> {
  let file: Buffer;
  try {
    file = await readFile(args.file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    out.error(code === "ENOENT" ? `找不到文件 ${args.file}` : code === "EISDIR" ? `${args.file} 是目录，不是文件` : `无法读取文件 ${args.file}`);
    return 2;
  }
  const prisma = await db();
  const county = await prisma.unit.findFirst({ where: { code: args.county, level: "COUNTY" }, select: { id: true, path: true, name: true, code: true } });
  if (!county) {
    out.error(`系统中没有代码为 ${args.county} 的县级单位`);
    return 1;
  }
  const campaign = await prisma.campaign.findFirst({
    where: { countyId: county.id, name: args.campaign },
    select: { id: true },
    orderBy: { createdAt: "desc" },
  });
  if (!campaign) {
    out.error(`${county.name}没有名为「${args.campaign}」的换届`);
    return 1;
  }
  const bytes = new Uint8Array(file.buffer, file.byteOffset, file.byteLength);
  const res = await executeAction(importVoters, votersSystemActor(county), {
    campaignId: campaign.id,
    unitId: county.id,
    file: bytes,
    fileName: path.basename(args.file),
  });
  if (res.ok) {
    out.log(importedLine(res.data));
    return 0;
  }
  const details = (res.details ?? []).filter((d) => d.row > 0 || d.column);
  if (details.length === 0) out.error(res.error);
  else {
    for (const d of details) out.error(formatImportError(d));
    if (res.error.includes("以下列出前")) out.error(res.error);
  }
  return 1;
}
