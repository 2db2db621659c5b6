import "server-only";
// Backup and restore of the embedded database (docs/operations.md). A backup is PGlite's
// dumpDataDir(): a gzipped tarball of the whole data folder. It is taken with the app stopped: the
// command opens the folder itself and so takes the folder's lock, which refuses while the app (or any
// other live process) holds it — PGlite is one process per folder, and a copy of files another
// process is writing is not a backup.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { ExpectedError } from "../errors";
import { lockDataDir } from "./connect";

/** What a backup or a restored copy holds, printed so the two can be compared. */
export type BackupSummary = {
  /** Applied migrations (rows of _prisma_migrations). */
  migrations: number;
  auditEvents: number;
  /** Hash of the newest audit entry, or null for an empty log. */
  auditHead: string | null;
};

async function summarise(pg: PGlite): Promise<BackupSummary> {
  const migrations = await pg.query<{ n: number }>(`SELECT count(*)::int AS n FROM "_prisma_migrations" WHERE finished_at IS NOT NULL`);
  const audit = await pg.query<{ n: number }>(`SELECT count(*)::int AS n FROM "AuditEvent"`);
  const head = await pg.query<{ hash: string }>(`SELECT hash FROM "AuditEvent" ORDER BY id DESC LIMIT 1`);
  return { migrations: migrations.rows[0]!.n, auditEvents: audit.rows[0]!.n, auditHead: head.rows[0]?.hash ?? null };
}

function isDatabaseFolder(dir: string): boolean {
  return existsSync(path.join(dir, "PG_VERSION"));
}

function nonEmpty(dir: string): boolean {
  return existsSync(dir) && readdirSync(dir).length > 0;
}

const stamp = (now: Date) => now.toISOString().replace(/\D/g, "").slice(0, 14);

/**
 * Writes a backup of the data folder `dataDir` to `file` (never over an existing file). Refuses while
 * another process has the folder open.
 */
export async function backupEmbedded(dataDir: string, file: string): Promise<BackupSummary & { bytes: number }> {
  if (!isDatabaseFolder(dataDir)) throw new ExpectedError("not_found", `${dataDir} 不是嵌入式数据库目录（其中没有 PG_VERSION）。`);
  if (existsSync(file)) throw new ExpectedError("conflict", `备份文件 ${file} 已存在，不会覆盖。请换一个文件名。`);
  const unlock = lockDataDir(dataDir);
  try {
    const pg = new PGlite(path.resolve(dataDir));
    try {
      await pg.waitReady;
      const summary = await summarise(pg);
      // Everything in shared buffers goes to the data files first, so the copy needs no WAL replay.
      await pg.exec("CHECKPOINT");
      const tarball = new Uint8Array(await (await pg.dumpDataDir("gzip")).arrayBuffer());
      mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
      // Written beside the target and renamed, so an interrupted backup never leaves a truncated file under its name.
      const partial = `${file}.partial`;
      writeFileSync(partial, tarball);
      renameSync(partial, file);
      return { ...summary, bytes: tarball.length };
    } finally {
      await pg.close();
    }
  } finally {
    unlock();
  }
}

export type RestoreResult = BackupSummary & {
  /** Where the folder that was replaced now is (kept, never deleted), when --force replaced one. */
  previous: string | null;
};

/**
 * Restores a backup file into `dataDir`. Refuses a non-empty target unless `force`, and always while
 * another process has the folder open. The backup is unpacked and opened in a staging folder first;
 * only a copy that opens is moved into place, and a replaced folder is kept beside it.
 */
export async function restoreEmbedded(file: string, dataDir: string, opts: { force?: boolean; now?: Date } = {}): Promise<RestoreResult> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(file));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ExpectedError("not_found", `无法读取备份文件 ${file}${code ? `（${code}）` : ""}。`);
  }
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) throw new ExpectedError("invalid", `${file} 不是 db:backup 生成的备份文件（不是 gzip 压缩包）。`);
  if (nonEmpty(dataDir) && !opts.force) {
    throw new ExpectedError("conflict", `目标目录 ${dataDir} 不是空的，未恢复。确认要用备份替换它时加 --force（原目录会改名保留）。`);
  }
  mkdirSync(path.dirname(path.resolve(dataDir)), { recursive: true });
  const unlock = lockDataDir(dataDir);
  const suffix = stamp(opts.now ?? new Date());
  const staging = `${dataDir}.restoring-${suffix}`;
  try {
    rmSync(staging, { recursive: true, force: true });
    let summary: BackupSummary;
    const pg = new PGlite(path.resolve(staging), { loadDataDir: new Blob([bytes as Uint8Array<ArrayBuffer>]) });
    try {
      await pg.waitReady;
      summary = await summarise(pg);
      await pg.exec("CHECKPOINT");
    } catch (err) {
      await pg.close().catch(() => {});
      rmSync(staging, { recursive: true, force: true });
      throw new ExpectedError("invalid", `备份文件 ${file} 无法打开为数据库：${err instanceof Error ? err.message : String(err)}`);
    }
    await pg.close();
    let previous: string | null = null;
    if (nonEmpty(dataDir)) {
      previous = `${dataDir}.before-restore-${suffix}`;
      renameSync(dataDir, previous);
    } else if (existsSync(dataDir)) {
      rmSync(dataDir, { recursive: true, force: true });
    }
    renameSync(staging, dataDir);
    return { ...summary, previous };
  } finally {
    unlock();
  }
}
