// The process tests/integration/crash-atomicity.test.ts kills with SIGKILL. It opens an embedded database
// folder as the app does and runs one real action (the past-term import, or a tally save) through
// executeAction. To be killed at a known point inside the action's transaction it watches the statements
// PGlite is sent: once a statement matching ARM has run, the next one matching PAUSE is held back and
// `CRASH-POINT {...}` is printed (with what the open transaction can see) — the parent kills it there.
// Usage: node --conditions=react-server --import tsx tests/support/crash-child.ts SPEC.json
// SPEC: { dataDir, action: "import" | "tally", input, actor?, arm?, pause? } (arm/pause are regex sources).
import { readFileSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { executeAction } from "@/lib/server/action";
import type { Actor } from "@/lib/server/auth/sessions";
import { installDatabase } from "@/lib/server/db";
import { openPglite } from "@/lib/server/db/connect";
import { saveTally } from "@/lib/server/election-day/tallies";
import { importPastTerm, systemActor } from "@/lib/server/oversight/past-terms";

type Spec = {
  dataDir: string;
  action: "import" | "tally";
  input: Record<string, unknown>;
  /** For "import": the xlsx file to read; for "tally": the actor who types. */
  file?: string;
  actor?: Actor;
  arm?: string;
  pause?: string;
  /** Counted inside the open transaction at the crash point (one SELECT count(*) each). */
  count?: string[];
};

const spec = JSON.parse(readFileSync(process.argv[2]!, "utf8")) as Spec;
const arm = spec.arm ? new RegExp(spec.arm) : null;
const pause = spec.pause ? new RegExp(spec.pause) : null;

/** The SQL text of a frontend message batch: a simple Query ('Q') or an extended-protocol Parse ('P'). */
function sqlOf(message: Uint8Array): string {
  const out: string[] = [];
  let i = 0;
  while (i + 5 <= message.length) {
    const type = message[i]!;
    const len = ((message[i + 1]! << 24) | (message[i + 2]! << 16) | (message[i + 3]! << 8) | message[i + 4]!) >>> 0;
    const body = message.subarray(i + 5, i + 1 + len);
    if (type === 0x51) out.push(Buffer.from(body).toString("utf8").replace(/\0$/, ""));
    if (type === 0x50) {
      const nameEnd = body.indexOf(0);
      const sqlEnd = body.indexOf(0, nameEnd + 1);
      out.push(Buffer.from(body.subarray(nameEnd + 1, sqlEnd)).toString("utf8"));
    }
    if (len < 4) break;
    i += 1 + len;
  }
  return out.join("\n");
}

/** A simple query message, sent past the hook (PGlite's own lock is already held by the paused call). */
function simpleQuery(sql: string): Uint8Array {
  const text = Buffer.from(`${sql}\0`, "utf8");
  const msg = Buffer.alloc(5 + text.length);
  msg[0] = 0x51;
  msg.writeUInt32BE(4 + text.length, 1);
  text.copy(msg, 5);
  return msg;
}

// Every query and transaction statement goes through execProtocolStream; execProtocol is the plain one.
const original = PGlite.prototype.execProtocolStream;
const plain = PGlite.prototype.execProtocol;
let armed = false;
let paused = false;
PGlite.prototype.execProtocolStream = async function (this: PGlite, message, options) {
  const sql = sqlOf(message);
  if (paused) return new Promise<never>(() => {});
  if (armed && pause?.test(sql)) {
    paused = true;
    const seen: Record<string, number> = {};
    for (const table of spec.count ?? []) {
      const res = await plain.call(this, simpleQuery(`SELECT count(*) FROM "${table}"`), {});
      const row = res.messages.find((m) => m.name === "dataRow") as unknown as { fields: string[] } | undefined;
      seen[table] = Number(row?.fields[0]);
    }
    process.stdout.write(`CRASH-POINT ${JSON.stringify({ before: sql.slice(0, 60), inTransaction: this.isInTransaction(), seen })}\n`);
    // Held here until killed; the interval keeps the process alive meanwhile.
    setInterval(() => {}, 1000);
    return new Promise<never>(() => {});
  }
  const result = await original.call(this, message, options);
  if (arm?.test(sql)) armed = true;
  return result;
};

const database = await openPglite(spec.dataDir);
installDatabase(database);
process.stdout.write("OPENED\n");
const result =
  spec.action === "import"
    ? await (async () => {
        const county = await database.prisma.unit.findUniqueOrThrow({
          where: { id: String(spec.input.countyId) },
          select: { id: true, path: true, name: true, code: true },
        });
        const file = readFileSync(spec.file!);
        return executeAction(importPastTerm, systemActor(county), { ...spec.input, file: new Uint8Array(file.buffer, file.byteOffset, file.byteLength) });
      })()
    : await executeAction(saveTally, spec.actor!, spec.input);
process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
await database.close();
