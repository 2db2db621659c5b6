// `npm run --silent audit:export -- --from 2026-01-01 --to 2026-12-31 [--out FILE]`: the audit log of
// the configured database as JSON lines (one event per line, oldest first, the columns of
// lib/server/audit-export.ts) for an external log store. Days are China calendar days, both included.
//   Exit 0: written (to FILE, or to standard output); the count goes to standard error.
//   Exit 2: bad arguments, FILE exists already, or the database could not be read.
import { createWriteStream, existsSync } from "node:fs";
import { once } from "node:events";
import { isCalendarDate } from "@/lib/domain/id-number";
import { exportAuditLog } from "@/lib/server/audit-export";
import { installDatabase } from "@/lib/server/db";
import { openConfiguredDatabase } from "@/lib/server/db/connect";

const USAGE = "用法：npm run --silent audit:export -- --from 2026-01-01 --to 2026-12-31 [--out 文件.jsonl]（日期为北京时间日历日，含首尾两天）";

type Args = { from: string; to: string; out: string | null };

function parseArgs(argv: string[]): Args | string {
  const got: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const m = /^--(from|to|out)(?:=(.*))?$/.exec(a);
    if (!m) return `不认识的参数 ${a}`;
    const value = m[2] ?? argv[++i];
    if (!value) return `--${m[1]} 后须给出值`;
    got[m[1]!] = value;
  }
  if (!got.from || !got.to) return "须给出 --from 和 --to";
  for (const k of ["from", "to"] as const) if (!isCalendarDate(got[k]!)) return `--${k}「${got[k]}」不是 YYYY-MM-DD 格式的日期`;
  if (got.from > got.to) return "--from 不能晚于 --to";
  if (got.out && existsSync(got.out)) return `文件 ${got.out} 已存在，不会覆盖`;
  return { from: got.from, to: got.to, out: got.out ?? null };
}

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === "string") {
    console.error(`${args}\n${USAGE}`);
    return 2;
  }
  const database = await openConfiguredDatabase();
  installDatabase(database);
  const stream = args.out ? createWriteStream(args.out, { flags: "wx" }) : process.stdout;
  try {
    const { events, masked } = await exportAuditLog(args.from, args.to, async (line) => {
      if (!stream.write(`${line}\n`)) await once(stream, "drain");
    });
    if (args.out)
      await new Promise<void>((resolve, reject) =>
        (stream as ReturnType<typeof createWriteStream>).end((err?: Error | null) => (err ? reject(err) : resolve())),
      );
    console.error(`已导出 ${args.from} 至 ${args.to} 的审计记录 ${events} 条${args.out ? `到 ${args.out}` : ""}。`);
    if (masked) console.error(`注意：有 ${masked} 处形如身份证号的内容已打码，这些记录的哈希在外部无法复核。`);
    return 0;
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(`无法导出审计日志：${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  },
);
