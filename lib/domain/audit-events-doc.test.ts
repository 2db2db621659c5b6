// docs/audit-events.md is the catalogue in prose; this test keeps it equal to lib/domain/audit-events.ts.
// After changing the catalogue: UPDATE_DOCS=1 npx vitest run lib/domain/audit-events-doc.test.ts
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AUDIT_EVENTS } from "./audit-events";

function render(): string {
  const rows = Object.entries(AUDIT_EVENTS).map(([id, text]) => `| \`${id}\` | ${text} |`);
  return [
    "# Audit event catalogue",
    "",
    "Every event the app writes to the hash-chained audit log (see docs/decisions/004-audit-log.md).",
    "Generated from `lib/domain/audit-events.ts`; a unit test fails when the two differ.",
    "Each entry also records time, actor, role, unit, object, before/after where relevant, and success or failure.",
    "",
    "| Event id | Meaning |",
    "|---|---|",
    ...rows,
    "",
  ].join("\n");
}

describe("docs/audit-events.md", () => {
  it("lists exactly the events in the catalogue", () => {
    const file = path.resolve("docs/audit-events.md");
    if (process.env.UPDATE_DOCS) writeFileSync(file, render());
    expect(readFileSync(file, "utf8")).toBe(render());
  });
});
