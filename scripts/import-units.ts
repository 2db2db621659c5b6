// npm run import:units -- [--dry-run] FILE.xlsx|FILE.csv
// Imports the unit tree from the national statistical division code table into the configured database (embedded
// PGlite by default, DATABASE_URL for a server), all or nothing. Runs as the system, audited as
// "system:import-units". Exit 0 imported, 1 refused (problems listed one per line), 2 usage. See docs/unit-import.md.
import { installDatabase } from "@/lib/server/db";
import { openConfiguredDatabase } from "@/lib/server/db/connect";
import { IMPORT_UNITS_USAGE, parseImportUnitsArgs, runImportUnits } from "@/lib/server/units-import-cli";

async function main(): Promise<number> {
  const parsed = parseImportUnitsArgs(process.argv.slice(2));
  if (!parsed.ok) {
    console.error(parsed.message);
    console.error(IMPORT_UNITS_USAGE);
    return 2;
  }
  if ("help" in parsed) {
    console.log(IMPORT_UNITS_USAGE);
    return 0;
  }
  const database = await openConfiguredDatabase();
  installDatabase(database);
  try {
    return await runImportUnits(parsed.args, { log: (l) => console.log(l), error: (l) => console.error(l) });
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
