// Helpers to prove "nothing changed": a fingerprint of every mutable table, and the audit rows
// written since a mark.
import type { PrismaClient } from "@/lib/generated/prisma/client";

/** Every mutable table (the audit log is checked with auditSince), with the column that orders its rows. */
const TABLES: Record<string, string> = {
  Unit: "id",
  Department: "id",
  User: "id",
  Session: "id",
  RulePack: "unitId",
  Campaign: "id",
  Election: "id",
  Person: "id",
  Candidate: "id",
  Kinship: "id",
};

/** Row count and a hash of every row's full text, per table. Equal fingerprints = unchanged data. */
export async function fingerprint(prisma: PrismaClient): Promise<Record<string, string>> {
  // One round trip for all tables: the permission matrix takes two fingerprints per case.
  const sql = Object.entries(TABLES)
    .map(
      ([table, key]) => `SELECT '${table}' AS tbl, count(*)::int AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t."${key}"), '')) AS h FROM "${table}" t`,
    )
    .join(" UNION ALL ");
  const rows = await prisma.$queryRawUnsafe<{ tbl: string; n: number; h: string }[]>(sql);
  const out: Record<string, string> = {};
  for (const table of Object.keys(TABLES)) {
    const row = rows.find((r) => r.tbl === table);
    out[table] = `${row!.n} rows, md5 ${row!.h}`;
  }
  return out;
}

/** The id of the newest audit row (0 when empty); pass it to auditSince. */
export async function auditMark(prisma: PrismaClient): Promise<bigint> {
  const agg = await prisma.auditEvent.aggregate({ _max: { id: true } });
  return agg._max.id ?? 0n;
}

export async function auditSince(prisma: PrismaClient, mark: bigint) {
  return prisma.auditEvent.findMany({ where: { id: { gt: mark } }, orderBy: { id: "asc" } });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
