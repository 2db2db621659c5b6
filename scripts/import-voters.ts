// npm run import:voters -- --county CODE --campaign NAME FILE.xlsx|FILE.csv
// Imports a county's voter rolls into the configured database (embedded PGlite by default, DATABASE_URL for a
// server), all or nothing. Runs as the county's system actor, audited as "system:import-voters".
// Exit 0 imported, 1 refused (problems listed one per line, nothing written), 2 usage. See docs/decisions/018.
import { installDatabase } from "@/lib/server/db";
import { openConfiguredDatabase } from "@/lib/server/db/connect";
import { IMPORT_VOTERS_USAGE, parseImportVotersArgs, runImportVoters } from "@/lib/server/voters/import-cli";

async function main(): Promise<number> {
  const parsed = parseImportVotersArgs(process.argv.slice(2));
  if (!parsed.ok) {
    console.error(parsed.message);
    console.error(IMPORT_VOTERS_USAGE);
    return 2;
  }
  if ("help" in parsed) {
    console.log(IMPORT_VOTERS_USAGE);
    return 0;
  }
  const database = await openConfiguredDatabase();
  installDatabase(database);
  try {
    return await runImportVoters(parsed.args, { log: (l) => console.log(l), error: (l) => console.error(l) });
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
