import { describe, expect, it } from "vitest";
import { setupTestDatabase } from "../support/test-db";
import { makeTree, makeActor } from "../support/fixtures";
import { executeAction } from "@/lib/server/action";
import { createUnit } from "@/lib/server/units";
import { verifyAuditChain } from "@/lib/server/audit";

// One database per file, set up at the top level so its cleanup hook is registered.
const { prisma } = await setupTestDatabase();

describe("unit.create", () => {
  it("creates a village under a township and audits it", async () => {
    const t = await makeTree(prisma);
    const actor = await makeActor(prisma, "COUNTY_ADMIN", t.countyA);
    const res = await executeAction(createUnit, actor, { parentId: t.townA1.id, name: "新村", code: "980101100203", kind: "VILLAGE" });
    expect(res).toMatchObject({ ok: true });
    const events = await prisma.auditEvent.findMany({ where: { event: "unit.created" } });
    expect(events).toHaveLength(1);
    expect((await verifyAuditChain()).broken).toBeNull();
  });
});
