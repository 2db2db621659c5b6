import "server-only";
// Opens the database the environment points at: a PostgreSQL server when DATABASE_URL is set,
// otherwise embedded PGlite in a data folder (docs/decisions/001).
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";

export type Database = {
  prisma: PrismaClient;
  adapter: SqlMigrationAwareDriverAdapterFactory;
  kind: "pglite" | "postgres";
  close(): Promise<void>;
};

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Folders this process has open: a second PGlite on one folder in one process corrupts it just the same. */
const openHere = new Set<string>();

/**
 * PGlite is one process per folder: refuse a second opener instead of corrupting the data. The lock
 * is `<folder>.lock` beside the folder, holding the opener's pid; a dead pid's lock is taken over.
 * Also taken by `npm run db:backup` and `db:restore` (lib/server/db/backup.ts).
 */
export function lockDataDir(dir: string): () => void {
  const resolved = path.resolve(dir);
  if (openHere.has(resolved)) {
    throw new Error(`嵌入式数据库目录 ${dir} 已在本进程中打开，不能再次打开。`);
  }
  const lockFile = path.join(dir, "..", `${path.basename(dir)}.lock`);
  if (existsSync(lockFile)) {
    const pid = Number(readFileSync(lockFile, "utf8"));
    if (pid && pid !== process.pid && processAlive(pid)) {
      throw new Error(`嵌入式数据库目录 ${dir} 正被另一个进程 (pid ${pid}) 使用。请先停止它，或设置 PGLITE_DATA_DIR 使用其他目录。`);
    }
  }
  writeFileSync(lockFile, String(process.pid));
  openHere.add(resolved);
  return () => {
    openHere.delete(resolved);
    rmSync(lockFile, { force: true });
  };
}

export async function openPglite(dataDir: string): Promise<Database> {
  const memory = dataDir.startsWith("memory://");
  let unlock = () => {};
  if (!memory) {
    mkdirSync(dataDir, { recursive: true });
    unlock = lockDataDir(dataDir);
  }
  const pg = new PGlite(memory ? dataDir : path.resolve(dataDir));
  try {
    await pg.waitReady;
  } catch (err) {
    // A folder that failed to open is not left locked, so the next attempt can try again.
    unlock();
    throw err;
  }
  const adapter = new PrismaPGlite(pg);
  const prisma = new PrismaClient({ adapter });
  return {
    prisma,
    adapter,
    kind: "pglite",
    async close() {
      await prisma.$disconnect();
      await pg.close();
      unlock();
    },
  };
}

/**
 * @prisma/adapter-pg's executeScript splits a migration on every ";", which breaks PL/pgSQL bodies.
 * For migrations we send each script whole (simple query protocol runs several statements).
 */
function wholeScriptMigrations(factory: PrismaPg, pool: pg.Pool): SqlMigrationAwareDriverAdapterFactory {
  const patch = (adapter: SqlDriverAdapter): SqlDriverAdapter => {
    adapter.executeScript = async (script: string) => {
      await pool.query(script);
    };
    return adapter;
  };
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => patch(await factory.connect()),
    connectToShadowDb: async () => factory.connectToShadowDb(),
  };
}

export function openPostgres(url: string, poolSize = 10): Database {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  const factory = new PrismaPg(pool);
  const prisma = new PrismaClient({ adapter: factory });
  return {
    prisma,
    adapter: wholeScriptMigrations(factory, pool),
    kind: "postgres",
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

export async function openConfiguredDatabase(): Promise<Database> {
  const e = env();
  return e.DATABASE_URL ? openPostgres(e.DATABASE_URL) : openPglite(e.PGLITE_DATA_DIR);
}
