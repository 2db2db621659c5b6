import { describe, expect, it } from "vitest";
import { diffMigrationsToSchema, EMPTY_MIGRATION } from "@/lib/server/db/schema-engine";

describe("prisma/schema.prisma and prisma/migrations", () => {
  it("agree (run `npm run db:new-migration -- <name>` after changing the schema)", async () => {
    const sql = await diffMigrationsToSchema();
    expect(sql, `missing migration SQL:\n${sql}`).toBe(EMPTY_MIGRATION);
  });
});
