// Prepares one migrated template database per run; each test file then gets a fresh copy
// (tests/support/test-db.ts). PGlite by default; a PostgreSQL server when TEST_DATABASE_URL is set.
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { openPglite, openPostgres } from "@/lib/server/db/connect";
import { applyMigrations } from "@/lib/server/db/schema-engine";
import { adminUrl } from "./test-db-config";

export default async function setup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL;
  // Per-run names, so two test runs on one machine never share a template.
  const TEMPLATE_DB = `huanjie_tpl_${process.pid}`;
  const TEMPLATE_DIR = path.resolve(`tmp/test-db/template-${process.pid}`);
  project.provide("templateDb", TEMPLATE_DB);
  project.provide("templateDir", TEMPLATE_DIR);
  if (url) {
    const admin = openPostgres(adminUrl(url), 1);
    await admin.prisma.$executeRawUnsafe(`DROP DATABASE IF EXISTS "${TEMPLATE_DB}" WITH (FORCE)`);
    await admin.prisma.$executeRawUnsafe(`CREATE DATABASE "${TEMPLATE_DB}"`);
    await admin.close();
    const templateUrl = new URL(url);
    templateUrl.pathname = `/${TEMPLATE_DB}`;
    const db = openPostgres(templateUrl.toString(), 2);
    await applyMigrations(db.adapter);
    await db.close();
    project.provide("dbKind", "postgres");
    return async () => {
      const admin2 = openPostgres(adminUrl(url), 1);
      await admin2.prisma.$executeRawUnsafe(`DROP DATABASE IF EXISTS "${TEMPLATE_DB}" WITH (FORCE)`);
      await admin2.close();
    };
  } else {
    rmSync(TEMPLATE_DIR, { recursive: true, force: true });
    mkdirSync(path.dirname(TEMPLATE_DIR), { recursive: true });
    const db = await openPglite(TEMPLATE_DIR);
    await applyMigrations(db.adapter);
    await db.close();
    project.provide("dbKind", "pglite");
    return () => rmSync(TEMPLATE_DIR, { recursive: true, force: true });
  }
}

declare module "vitest" {
  export interface ProvidedContext {
    dbKind: "pglite" | "postgres";
    templateDb: string;
    templateDir: string;
  }
}
