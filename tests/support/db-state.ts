// Helpers to prove "nothing changed": a fingerprint of every mutable table, and the audit rows
// written since a mark.
import type { PrismaClient } from "@/lib/generated/prisma/client";

const TABLES = ["Unit", "Department", "User", "Session"] as const;

/** Row count and a hash of every row's full text, per table. Equal fingerprints = unchanged data. */
export async function fingerprint(prisma: PrismaClient): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of TABLES) {
    const [row] = await prisma.$queryRawUnsafe<{ n: number; h: string }[]>(
      `SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) AS h FROM "${table}" t`,
    );
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
