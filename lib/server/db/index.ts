import "server-only";
// The process-wide database handle. The app opens the configured database lazily; tests and scripts
// install their own with installDatabase().
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { openConfiguredDatabase, type Database } from "./connect";

export type Tx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

const holder = globalThis as unknown as { __db?: Promise<Database> };

export function installDatabase(database: Database) {
  holder.__db = Promise.resolve(database);
}

export async function database(): Promise<Database> {
  // A failed open is not kept: while `npm run db:backup` holds the embedded folder, requests fail, and
  // the first one after it has finished opens the database.
  holder.__db ??= openConfiguredDatabase().catch((err: unknown) => {
    holder.__db = undefined;
    throw err;
  });
  return holder.__db;
}

export async function db(): Promise<PrismaClient> {
  return (await database()).prisma;
}

/**
 * Runs `fn` in one interactive transaction. On embedded PGlite concurrent transactions queue on its
 * single connection (tests/integration/concurrency.test.ts proves they do not interleave).
 */
export async function withTx<T>(fn: (tx: Tx) => Promise<T>, timeoutMs = 30_000): Promise<T> {
  const prisma = await db();
  return prisma.$transaction(fn, { maxWait: 20_000, timeout: timeoutMs });
}
