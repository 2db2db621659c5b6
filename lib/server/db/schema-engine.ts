import "server-only";
// Drives Prisma's schema engine (WASM build) through a driver adapter, so migrations are created and
// applied without the native engine that Prisma's CLI would download (docs/decisions/001).
import { readFile, readdir } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { bindMigrationAwareSqlAdapterFactory, type SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";

const require = createRequire(import.meta.url);

export const SCHEMA_PATH = path.resolve("prisma/schema.prisma");
export const MIGRATIONS_DIR = path.resolve("prisma/migrations");

type Engine = {
  applyMigrations(input: unknown): Promise<{ appliedMigrationNames: string[] }>;
  diff(input: unknown): Promise<{ exitCode: number; stdout: string | null }>;
  free(): void;
};

let wasmReady: Promise<{ SchemaEngine: { new: (...a: unknown[]) => Promise<Engine> } }> | undefined;

function loadWasm() {
  wasmReady ??= (async () => {
    const bgPath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const bg = await import(/* webpackIgnore: true */ "@prisma/schema-engine-wasm/schema_engine_bg");
    const bytes = await readFile(path.join(path.dirname(bgPath), "schema_engine_bg.wasm"));
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { "./schema_engine_bg.js": bg });
    const exports = instance.exports as unknown as { __wbindgen_start: () => void };
    bg.__wbg_set_wasm(exports);
    exports.__wbindgen_start();
    return bg as unknown as { SchemaEngine: { new: (...a: unknown[]) => Promise<Engine> } };
  })();
  return wasmReady;
}

const filters = { externalTables: [], externalEnums: [] };

async function withEngine<T>(adapter: SqlMigrationAwareDriverAdapterFactory, fn: (engine: Engine) => Promise<T>): Promise<T> {
  const { SchemaEngine } = await loadWasm();
  const schema = await readFile(SCHEMA_PATH, "utf8");
  const logs: string[] = [];
  const engine = await SchemaEngine.new({ datamodels: [[SCHEMA_PATH, schema]] }, (msg: string) => logs.push(msg), bindMigrationAwareSqlAdapterFactory(adapter));
  try {
    return await fn(engine);
  } finally {
    engine.free();
  }
}

/** The migration folder as the engine wants it. */
export async function loadMigrationsList() {
  const entries = (await readdir(MIGRATIONS_DIR, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const migrationDirectories = await Promise.all(
    entries.map(async (name) => ({
      path: name,
      migrationFile: {
        path: "migration.sql",
        content: { tag: "ok", value: await readFile(path.join(MIGRATIONS_DIR, name, "migration.sql"), "utf8") },
      },
    })),
  );
  const lockPath = path.join(MIGRATIONS_DIR, "migration_lock.toml");
  const lockContent = await readFile(lockPath, "utf8").catch(() => 'provider = "postgresql"\n');
  return {
    baseDir: MIGRATIONS_DIR,
    lockfile: { path: lockPath, content: lockContent },
    shadowDbInitScript: "",
    migrationDirectories,
  };
}

/** Applies every migration not yet recorded in _prisma_migrations; returns the names applied. */
export async function applyMigrations(adapter: SqlMigrationAwareDriverAdapterFactory): Promise<string[]> {
  const migrationsList = await loadMigrationsList();
  return withEngine(adapter, async (engine) => {
    const out = await engine.applyMigrations({ migrationsList, filters });
    return out.appliedMigrationNames;
  });
}

export const EMPTY_MIGRATION = "-- This is an empty migration.";

/**
 * SQL that takes the migration folder to prisma/schema.prisma, computed on a throw-away in-memory
 * PGlite shadow database. Exactly EMPTY_MIGRATION when they agree.
 */
export async function diffMigrationsToSchema(): Promise<string> {
  const shadow = new PGlite("memory://");
  try {
    const migrationsList = await loadMigrationsList();
    const schema = await readFile(SCHEMA_PATH, "utf8");
    const from = migrationsList.migrationDirectories.length ? { tag: "migrations", ...migrationsList } : { tag: "empty" };
    let script = "";
    const out = await withEngine(new PrismaPGlite(shadow), (engine) =>
      engine.diff({
        from,
        to: { tag: "schemaDatamodel", files: [{ path: SCHEMA_PATH, content: schema }] },
        script: true,
        shadowDatabaseUrl: null,
        exitCode: null,
        filters,
      }),
    );
    script = out.stdout ?? "";
    return script.trim();
  } finally {
    await shadow.close();
  }
}
