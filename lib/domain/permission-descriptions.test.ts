// docs/permissions.md is the permission table in prose; this test keeps it equal to lib/domain/permissions.ts
// and the descriptions in permission-descriptions.ts (as audit-events-doc.test.ts does for docs/audit-events.md).
// After changing either: UPDATE_DOCS=1 npx vitest run --project unit lib/domain/permission-descriptions.test.ts
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PERMISSION_DESCRIPTIONS } from "./permission-descriptions";
import { ASSIGNABLE_ROLES, PERMISSIONS, ROLE_LABEL, ROLE_LEVELS, ROLE_PERMISSIONS, ROLES } from "./permissions";

function render(): string {
  const header = `| Permission | Meaning | ${ROLES.map((r) => `\`${r}\``).join(" | ")} |`;
  const rule = `|---|---|${ROLES.map(() => ":-:").join("|")}|`;
  const rows = PERMISSIONS.map(
    (p) => `| \`${p}\` | ${PERMISSION_DESCRIPTIONS[p]} | ${ROLES.map((r) => (ROLE_PERMISSIONS[r].includes(p) ? "✓" : "")).join(" | ")} |`,
  );
  const roleRows = ROLES.map(
    (r) =>
      `| \`${r}\` | ${ROLE_LABEL[r]} | ${ROLE_LEVELS[r].join(", ")} | ${
        ASSIGNABLE_ROLES[r].length === 0 ? "none" : ASSIGNABLE_ROLES[r].map((a) => `\`${a}\``).join(", ")
      } |`,
  );
  return [
    "# Permission table",
    "",
    "Which role holds which permission, generated from `ROLE_PERMISSIONS` in `lib/domain/permissions.ts` and the",
    "descriptions in `lib/domain/permission-descriptions.ts`; a unit test fails when this file and the code differ.",
    "`can(actor, permission, unit)` is true only when the actor's role holds the permission **and** the unit lies in",
    "the subtree of the unit where the role was assigned (docs/decisions/003-permissions-and-tenancy.md).",
    "",
    header,
    rule,
    ...rows,
    "",
    "## Roles",
    "",
    "| Role | UI label | Assigned at (`ROLE_LEVELS`) | May assign (`ASSIGNABLE_ROLES`) |",
    "|---|---|---|---|",
    ...roleRows,
    "",
    "A `VETTING_REVIEWER` is always assigned with a vetting department of its county, and no other role has one",
    "(`roleAssignmentProblem`).",
    "",
  ].join("\n");
}

describe("docs/permissions.md", () => {
  it("describes every permission exactly once", () => {
    expect(Object.keys(PERMISSION_DESCRIPTIONS).sort()).toEqual([...PERMISSIONS].sort());
    for (const p of PERMISSIONS) expect(PERMISSION_DESCRIPTIONS[p].trim()).not.toBe("");
  });

  it("lists exactly the permission table of the code", () => {
    const file = path.resolve("docs/permissions.md");
    if (process.env.UPDATE_DOCS) writeFileSync(file, render());
    expect(readFileSync(file, "utf8")).toBe(render());
  });
});
