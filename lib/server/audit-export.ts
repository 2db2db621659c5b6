import "server-only";
// The audit log as JSON lines for an external log store (`npm run audit:export`, docs/operations.md).
// The columns are listed here one by one: a column added to AuditEvent later is not exported until
// someone decides it belongs in a copy that leaves the system.
import { addDays } from "@/lib/domain/days";
import { idCheckChar, maskIdNumber } from "@/lib/domain/id-number";
import { db } from "./db";

/** Every exported field, in output order. The hash fields let the receiving store re-check the chain. */
export const AUDIT_EXPORT_COLUMNS = [
  "id",
  "occurredAt",
  "event",
  "outcome",
  "actorUserId",
  "actorUsername",
  "actorRole",
  "unitId",
  "objectType",
  "objectId",
  "before",
  "after",
  "detail",
  "hashAlgo",
  "prevHash",
  "hash",
] as const;

type Column = (typeof AUDIT_EXPORT_COLUMNS)[number];
const SELECT = Object.fromEntries(AUDIT_EXPORT_COLUMNS.map((c) => [c, true])) as Record<Column, true>;

const ID_LIKE = /(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])/g;

/**
 * The audit writer already drops ID-number fields (lib/server/audit.ts); this is the second guard,
 * for a number inside free text: any 18-character run with a valid check character is masked.
 */
function maskIds(value: unknown, found: { n: number }): unknown {
  if (typeof value === "string") {
    return value.replace(ID_LIKE, (m) => {
      if (idCheckChar(m.slice(0, 17)) !== m[17]!.toUpperCase()) return m;
      found.n++;
      return maskIdNumber(m.toUpperCase());
    });
  }
  if (Array.isArray(value)) return value.map((v) => maskIds(v, found));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskIds(v, found)]));
  return value;
}

/** Start and end (exclusive) instants of China calendar days `from`..`to` (UTC+8, no daylight saving). */
export function chinaDayRange(from: string, to: string): { gte: Date; lt: Date } {
  return { gte: new Date(`${from}T00:00:00+08:00`), lt: new Date(`${addDays(to, 1)}T00:00:00+08:00`) };
}

/**
 * Writes one JSON line per audit event that occurred on China calendar days `from`..`to` (inclusive),
 * oldest first. Returns how many lines were written and how many ID-number-like values were masked.
 */
export async function exportAuditLog(from: string, to: string, writeLine: (line: string) => void | Promise<void>): Promise<{ events: number; masked: number }> {
  const prisma = await db();
  const occurredAt = chinaDayRange(from, to);
  let cursor: bigint | undefined;
  let events = 0;
  const found = { n: 0 };
  for (;;) {
    const page = await prisma.auditEvent.findMany({
      where: { occurredAt, ...(cursor === undefined ? {} : { id: { gt: cursor } }) },
      orderBy: { id: "asc" },
      take: 2000,
      select: SELECT,
    });
    if (page.length === 0) return { events, masked: found.n };
    for (const row of page) {
      const out: Record<string, unknown> = {};
      for (const c of AUDIT_EXPORT_COLUMNS) {
        const v = row[c];
        out[c] = typeof v === "bigint" ? v.toString() : v instanceof Date ? v.toISOString() : maskIds(v, found);
      }
      await writeLine(JSON.stringify(out));
      events++;
    }
    cursor = page[page.length - 1]!.id;
  }
}
