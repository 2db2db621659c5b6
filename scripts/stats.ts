// npm run --silent stats -- --unit CODE --campaign NAME
// Prints the statistics JSON of a unit and term (the same as GET /api/v1/units/{code}/statistics) from the
// configured database (embedded PGlite by default, DATABASE_URL for a server). An administrator's tool on
// the server: it sees every unit and writes nothing. Exit 0 with JSON on stdout; 2 with
// { "error": { "field", "message" } } on stderr for bad arguments or an unknown unit or term. See docs/statistics-api.md.
import { installDatabase } from "@/lib/server/db";
import { openConfiguredDatabase } from "@/lib/server/db/connect";
import { parseStatsArgs, runStats } from "@/lib/server/oversight/stats-cli";

async function main(argv: string[]): Promise<number> {
  // Refuse a bad command line before opening the database (PGlite takes a few seconds to start).
  const parsed = parseStatsArgs(argv);
  if (!parsed.ok) {
    process.stderr.write(`${JSON.stringify({ error: parsed.error }, null, 2)}\n`);
    return 2;
  }
  const database = await openConfiguredDatabase();
  installDatabase(database);
  try {
    return await runStats(argv, { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) });
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(
      `${JSON.stringify({ error: { field: "internal", message: `内部错误：${err instanceof Error ? err.message : String(err)}` } }, null, 2)}\n`,
    );
    process.exitCode = 1;
  },
);
