import "server-only";
// `npm run --silent stats -- --unit CODE --term NAME` (`--campaign`, its first name, still accepted): the statistics JSON of GET
// /api/v1/units/{code}/statistics, for higher-level systems and scripts on the server. It is an
// administrator's tool run where the database is: it sees every unit (it acts as a read-only system
// actor at the top of the unit's tree) and writes nothing. JSON on stdout, exit 0; a bad command line,
// an unknown unit or term: `{ "error": { "field", "message" } }` on stderr, exit 2 (docs/statistics-api.md).
import { parseArgs } from "node:util";
import type { Actor } from "../auth/sessions";
import { db } from "../db";
import { getStatistics } from "./statistics";

export const STATS_USAGE = "用法：npm run --silent stats -- --unit <12位统计用区划代码> --term <届别名称>";

export type StatsArgs = { unit: string; term: string };
export type CliError = { field: string; message: string };

/** Reads the words after `--`. Never throws. */
export function parseStatsArgs(argv: readonly string[]): { ok: true; args: StatsArgs } | { ok: false; error: CliError } {
  let values: { unit?: string; term?: string; campaign?: string };
  try {
    const parsed = parseArgs({
      args: [...argv],
      options: { unit: { type: "string" }, term: { type: "string" }, campaign: { type: "string" } },
      allowPositionals: false,
      strict: true,
    });
    values = parsed.values;
  } catch (err) {
    const word = err instanceof Error ? /'([^']+)'/.exec(err.message)?.[1] : undefined;
    return { ok: false, error: { field: "argv", message: `${word ? `无法识别的参数 ${word}` : "参数有误"}。${STATS_USAGE}` } };
  }
  const unit = (values.unit ?? "").trim();
  const term = (values.term ?? values.campaign ?? "").trim();
  if (!unit) return { ok: false, error: { field: "unit", message: `缺少 --unit。${STATS_USAGE}` } };
  if (!/^\d{12}$/.test(unit)) return { ok: false, error: { field: "unit", message: `--unit「${unit}」不是 12 位数字的统计用区划代码` } };
  if (!term) return { ok: false, error: { field: "term", message: `缺少 --term（届别名称，如 第十二届村(居)民委员会换届选举）。${STATS_USAGE}` } };
  if (term.length > 100) return { ok: false, error: { field: "term", message: "--term 届别名称最多 100 个字" } };
  return { ok: true, args: { unit, term } };
}

/** The read-only actor the command runs as: a supervisor at the root of the unit's tree (sees all of it). */
function rootActor(root: { id: string; path: string; name: string; code: string; level: string }): Actor {
  return {
    sessionId: "cli",
    userId: "00000000-0000-0000-0000-000000000000",
    username: "system:stats",
    displayName: "命令行统计",
    role: "SUPERVISOR",
    unitId: root.id,
    unitPath: root.path,
    unitName: root.name,
    unitCode: root.code,
    unitLevel: root.level as Actor["unitLevel"],
    countyId: null,
    departmentId: null,
    departmentName: null,
  };
}

export type StatsOutput = { out: (text: string) => void; err: (text: string) => void };

/** Runs the command on the installed database; returns the exit code (0 printed, 2 refused). */
export async function runStats(argv: readonly string[], io: StatsOutput): Promise<0 | 2> {
  const fail = (error: CliError) => {
    io.err(`${JSON.stringify({ error }, null, 2)}\n`);
    return 2 as const;
  };
  const parsed = parseStatsArgs(argv);
  if (!parsed.ok) return fail(parsed.error);
  const prisma = await db();
  const unit = await prisma.unit.findUnique({ where: { code: parsed.args.unit }, select: { path: true } });
  if (!unit) return fail({ field: "unit", message: `未找到统计用区划代码为 ${parsed.args.unit} 的单位` });
  const rootId = unit.path.split("/")[1]!;
  const root = await prisma.unit.findUniqueOrThrow({ where: { id: rootId }, select: { id: true, path: true, name: true, code: true, level: true } });
  const stats = await getStatistics(rootActor(root), { unitCode: parsed.args.unit, termName: parsed.args.term });
  if (!stats) return fail({ field: "term", message: `${parsed.args.unit} 所在县没有名为「${parsed.args.term}」的换届选举或导入的往届` });
  io.out(`${JSON.stringify(stats, null, 2)}\n`);
  return 0;
}
