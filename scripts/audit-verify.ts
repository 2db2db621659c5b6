// `npm run audit:verify`: walks the whole audit hash chain of the configured database (DATABASE_URL,
// or embedded PGlite in PGLITE_DATA_DIR). Exit 0: intact. Exit 1: the first broken entry is printed.
// Exit 2: the check could not run (database unreachable, bad configuration).
import { auditVerifyReport } from "@/lib/server/audit";
import { installDatabase } from "@/lib/server/db";
import { openConfiguredDatabase } from "@/lib/server/db/connect";

async function main(): Promise<number> {
  const database = await openConfiguredDatabase();
  installDatabase(database);
  try {
    const report = await auditVerifyReport();
    for (const line of report.lines) (report.ok ? console.log : console.error)(line);
    return report.ok ? 0 : 1;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`无法校验审计日志：${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  },
);
