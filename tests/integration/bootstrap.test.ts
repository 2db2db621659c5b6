import { describe, expect, it } from "vitest";
import { bootstrapAdmin } from "@/lib/server/bootstrap";
import { attemptLogin } from "@/lib/server/auth/login";
import { verifyAuditChain } from "@/lib/server/audit";
import { setupTestDatabase } from "../support/test-db";

const { prisma } = await setupTestDatabase();

describe("admin:create on an empty production database", () => {
  it("creates the province and a system administrator who can log in", async () => {
    await bootstrapAdmin({ username: "root", password: "Sichuan2026x", unitCode: "510000000000", unitName: "四川省", unitKind: "PROVINCE" });
    const unit = await prisma.unit.findUniqueOrThrow({ where: { code: "510000000000" } });
    expect(unit).toMatchObject({ name: "四川省", level: "PROVINCE", parentId: null, path: `/${unit.id}/` });
    expect(await attemptLogin("root", "Sichuan2026x")).toMatchObject({ ok: true });
    const events = await prisma.auditEvent.findMany({ orderBy: { id: "asc" }, select: { event: true } });
    expect(events.map((e) => e.event)).toEqual(["unit.created", "user.created", "auth.login.succeeded"]);
    expect((await verifyAuditChain()).broken).toBeNull();
  });

  it("reuses the province for a second admin and refuses a taken username, changing nothing", async () => {
    await bootstrapAdmin({ username: "root2", password: "Sichuan2026y", unitCode: "510000000000", unitName: "四川省", unitKind: "PROVINCE" });
    expect(await prisma.unit.count()).toBe(1);
    const before = await prisma.user.count();
    await expect(
      bootstrapAdmin({ username: "root", password: "Sichuan2026z", unitCode: "510000000000", unitName: "四川省", unitKind: "PROVINCE" }),
    ).rejects.toThrow("用户名「root」已存在");
    expect(await prisma.user.count()).toBe(before);
  });

  it("refuses a code that is not a province code", async () => {
    await expect(
      bootstrapAdmin({ username: "x_admin", password: "Sichuan2026z", unitCode: "510100000000", unitName: "成都市", unitKind: "PROVINCE" }),
    ).rejects.toThrow("省级单位的代码应以 10 个 0 结尾");
  });
});
