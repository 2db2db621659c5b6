// `npm run db:backup -- FILE` and `npm run db:restore -- FILE [--force]` for the embedded database
// (PGLITE_DATA_DIR), taken and restored with the app stopped (docs/operations.md). With DATABASE_URL
// set they touch nothing and print the pg_dump / pg_restore commands to use instead.
//   Exit 0: done (the summary is printed; after a restore the audit chain of the copy is verified).
//   Exit 1: the restored copy's audit chain does not verify (the copy is in place; see the lines printed).
//   Exit 2: refused or could not run (usage, folder in use, target not empty, unreadable file,
//           a PostgreSQL server configured).
import { auditVerifyReport } from "@/lib/server/audit";
import { installDatabase } from "@/lib/server/db";
import { backupEmbedded, restoreEmbedded, type BackupSummary } from "@/lib/server/db/backup";
import { openPglite } from "@/lib/server/db/connect";
import { env } from "@/lib/env";

const USAGE = "用法：npm run db:backup -- 备份文件.tar.gz\n      npm run db:restore -- 备份文件.tar.gz [--force]";

function serverAdvice(command: string): string {
  return command === "backup"
    ? "已配置 PostgreSQL 服务器（DATABASE_URL），本命令只备份嵌入式数据库，未做任何操作。请用 PostgreSQL 自带工具备份：\n" +
        '  pg_dump --format=custom --no-owner --file huanjie-$(date +%Y%m%d-%H%M).dump "$DATABASE_URL"\n' +
        "连续归档与按时间点恢复见 docs/operations.md。"
    : "已配置 PostgreSQL 服务器（DATABASE_URL），本命令只恢复嵌入式数据库，未做任何操作。请停止应用后恢复到一个新建的空数据库：\n" +
        '  createdb huanjie_restored && pg_restore --no-owner --exit-on-error --dbname "postgresql://…/huanjie_restored" 备份.dump\n' +
        "再把 DATABASE_URL 指向它并运行 npm run audit:verify。步骤见 docs/operations.md。";
}

function describe(s: BackupSummary): string[] {
  return [`已应用迁移 ${s.migrations} 个；审计日志 ${s.auditEvents} 条`, `审计链头哈希：${s.auditHead ?? "（审计日志为空）"}`];
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const force = rest.includes("--force");
  const files = rest.filter((a) => !a.startsWith("--"));
  const unknown = rest.filter((a) => a.startsWith("--") && a !== "--force");
  if ((command !== "backup" && command !== "restore") || files.length !== 1 || unknown.length || (force && command === "backup")) {
    console.error(USAGE);
    return 2;
  }
  const e = env();
  if (e.DATABASE_URL) {
    console.error(serverAdvice(command));
    return 2;
  }
  const file = files[0]!;
  const dataDir = e.PGLITE_DATA_DIR;
  if (command === "backup") {
    const out = await backupEmbedded(dataDir, file);
    console.log(`已备份 ${dataDir} 到 ${file}（${(out.bytes / 1024 / 1024).toFixed(1)} MB）`);
    for (const line of describe(out)) console.log(line);
    return 0;
  }
  const out = await restoreEmbedded(file, dataDir, { force });
  console.log(`已从 ${file} 恢复到 ${dataDir}`);
  if (out.previous) console.log(`原目录已改名保留为 ${out.previous}（确认无误后可自行删除）`);
  for (const line of describe(out)) console.log(line);
  const database = await openPglite(dataDir);
  installDatabase(database);
  try {
    const report = await auditVerifyReport();
    for (const line of report.lines) (report.ok ? console.log : console.error)(line);
    return report.ok ? 0 : 1;
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(2);
  },
);
