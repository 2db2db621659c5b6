// Database commands that work offline (no native Prisma engine):
//   migrate            apply pending migrations to the configured database
//   new <name>         write prisma/migrations/<timestamp>_<name>/migration.sql from the schema diff
//   check              exit 1 if prisma/schema.prisma and the migration folder disagree
//   seed               apply migrations, then load the demo county if the database is empty
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { openConfiguredDatabase } from "@/lib/server/db/connect";
import { applyMigrations, diffMigrationsToSchema, EMPTY_MIGRATION, MIGRATIONS_DIR } from "@/lib/server/db/schema-engine";
import { seedDemo } from "@/lib/server/seed/demo";

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  switch (command) {
    case "migrate": {
      const db = await openConfiguredDatabase();
      try {
        const applied = await applyMigrations(db.adapter);
        console.log(applied.length ? `已应用迁移: ${applied.join(", ")}` : "数据库结构已是最新，无需迁移。");
      } finally {
        await db.close();
      }
      return;
    }
    case "new": {
      const name = (rest[0] ?? "").replace(/[^a-z0-9_]/gi, "_").toLowerCase();
      if (!name) throw new Error("用法: npm run db:new-migration -- <name>");
      const sql = await diffMigrationsToSchema();
      if (sql === EMPTY_MIGRATION) {
        console.log("schema.prisma 与迁移目录一致，没有新的迁移。");
        return;
      }
      const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
      const dir = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, "migration.sql"), sql + "\n");
      console.log(`已创建迁移 ${path.relative(process.cwd(), dir)}/migration.sql — 请检查后提交。`);
      return;
    }
    case "check": {
      const sql = await diffMigrationsToSchema();
      if (sql !== EMPTY_MIGRATION) {
        console.error("prisma/schema.prisma 与 prisma/migrations 不一致。缺少的迁移 SQL:\n" + sql);
        console.error("运行 npm run db:new-migration -- <name> 生成迁移。");
        process.exit(1);
      }
      console.log("schema.prisma 与迁移目录一致。");
      return;
    }
    case "seed": {
      const db = await openConfiguredDatabase();
      try {
        await applyMigrations(db.adapter);
        const result = await seedDemo(db.prisma);
        console.log(result.created ? "已载入示例县数据。" : "数据库已有数据，未重复载入示例数据。");
      } finally {
        await db.close();
      }
      return;
    }
    default:
      console.error("用法: tsx scripts/db.ts migrate|new <name>|check|seed");
      process.exit(2);
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
