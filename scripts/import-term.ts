// npm run import:term -- --county CODE --name "第十一届" FILE.xlsx
// Imports a past term's committee members from the template on the 往届数据 page into the configured database
// (embedded PGlite by default, DATABASE_URL for a server), all or nothing. Runs as a system actor, audited as
// "system:import-term". Exit 0 imported, 1 refused (problems listed one per line), 2 usage. See docs/past-terms.md.
import { installDatabase } from "@/lib/server/db";
import { openConfiguredDatabase } from "@/lib/server/db/connect";
import { IMPORT_TERM_USAGE, parseImportTermArgs, runImportTerm } from "@/lib/server/oversight/import-term-cli";

async function main(): Promise<number> {
  const parsed = parseImportTermArgs(process.argv.slice(2));
  if (!parsed.ok) {
    console.error(parsed.message);
    console.error(IMPORT_TERM_USAGE);
    return 2;
  }
  if ("help" in parsed) {
    console.log(IMPORT_TERM_USAGE);
    return 0;
  }
  const database = await openConfiguredDatabase();
  installDatabase(database);
  try {
    return await runImportTerm(parsed.args, { log: (l) => console.log(l), error: (l) => console.error(l) });
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
