// For anyone running the stock Prisma CLI with a native engine. The app itself migrates with
// scripts/db.ts (offline, WASM schema engine) — see docs/decisions/001-database-and-migrations.md.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres" },
});
