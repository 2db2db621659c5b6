// A fresh, migrated database for one test file, installed as the app's database.
// Call it once at the top level of a test file: `const { prisma } = await setupTestDatabase();`
import { randomBytes } from "node:crypto";
import { cpSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, inject } from "vitest";
import { openPglite, openPostgres, type Database } from "@/lib/server/db/connect";
import { installDatabase } from "@/lib/server/db";
import { adminUrl } from "./test-db-config";

export async function setupTestDatabase(): Promise<Database> {
  const url = process.env.TEST_DATABASE_URL;
  const name = `t_${randomBytes(6).toString("hex")}`;
  const TEMPLATE_DB = inject("templateDb");
  const TEMPLATE_DIR = inject("templateDir");
  let database: Database;
  let cleanup: () => Promise<void>;
  if (url) {
    const admin = openPostgres(adminUrl(url), 1);
    await admin.prisma.$executeRawUnsafe(`CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE_DB}"`);
    const u = new URL(url);
    u.pathname = `/${name}`;
    database = openPostgres(u.toString(), 10);
    cleanup = async () => {
      await database.close();
      // pg's Pool.end() resolves before its clients have finished disconnecting; dropping WITH (FORCE)
      // right away kills them mid-goodbye and surfaces as an unhandled 57P01 error. Let them go first.
      for (let i = 0; i < 50; i++) {
        const [row] = await admin.prisma.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1`, name);
        if (!row?.n) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await admin.prisma.$executeRawUnsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.close();
    };
  } else {
    const dir = path.resolve(`tmp/test-db/${name}`);
    cpSync(TEMPLATE_DIR, dir, { recursive: true });
    database = await openPglite(dir);
    cleanup = async () => {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  installDatabase(database);
  afterAll(cleanup);
  return database;
}
