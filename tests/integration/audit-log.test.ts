// The audit log page's rows: Chinese event names and detail labels, codes translated, references
// named where the viewer may see them, and never a raw UUID as the text.
import { describe, expect, it, vi } from "vitest";
import { appendAudit } from "@/lib/server/audit";
import { listAuditEvents } from "@/lib/server/audit-log";
import { withTx } from "@/lib/server/db";
import { makeActor, makeTree } from "../support/fixtures";
import { addCandidate, makeCampaign, makeElection } from "../support/nomination-fixtures";
import { setupTestDatabase } from "../support/test-db";

const { prisma } = await setupTestDatabase();
const tree = await makeTree(prisma);
const admin = await makeActor(prisma, "COUNTY_ADMIN", tree.countyA);
const officer = await makeActor(prisma, "TOWNSHIP_OFFICER", tree.townA1);
const clerk = await prisma.user.create({
  data: { username: "clerk_a1a", displayName: "王小明", role: "VILLAGE_CLERK", unitId: tree.villageA1a.id, passwordHash: "x" },
});
const campaign = await makeCampaign(prisma, tree.countyA.id);
const election = await makeElection(prisma, campaign.id, tree.villageA1a.id);
const foreign = await makeElection(prisma, campaign.id, tree.villageA2a.id);
const { candidate } = await addCandidate(prisma, election.id, tree.countyA.id, "DIRECTOR", "MALE", "张三");
const auditActor = { userId: admin.userId, username: admin.username, role: admin.role };

await withTx(async (tx) => {
  await appendAudit(tx, {
    event: "list.submitted",
    actor: auditActor,
    unitId: tree.villageA1a.id,
    objectType: "Election",
    objectId: election.id,
    detail: { candidates: 5 },
  });
  await appendAudit(tx, {
    event: "user.updated",
    actor: auditActor,
    unitId: tree.villageA1a.id,
    objectType: "User",
    objectId: clerk.id,
    before: { role: "TOWNSHIP_OFFICER", unitId: tree.villageA2a.id },
    after: { role: "VILLAGE_CLERK", unitId: tree.villageA1a.id },
  });
  await appendAudit(tx, {
    event: "candidate.updated",
    actor: auditActor,
    unitId: tree.villageA1a.id,
    objectType: "Candidate",
    objectId: candidate.id,
    before: { name: "张三", post: "MEMBER" },
    after: { name: "张三", post: "DIRECTOR", nominationForm: "SELF" },
    detail: { electionId: foreign.id },
  });
});

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const text = (r: { display: unknown }) => JSON.stringify(r.display);

describe("listAuditEvents (the audit log page)", () => {
  it("reads in Chinese: event names, labels, codes and names instead of ids", async () => {
    const rows = await listAuditEvents(officer);
    const submitted = rows.find((r) => r.event === "list.submitted")!;
    expect(submitted.display.event).toBe("乡镇提交初步候选人名单至县级联审");
    expect(submitted.display.object).toBe("选举 · 甲一村");
    expect(submitted.display.detail).toEqual([{ label: "候选人", value: "5" }]);

    const moved = rows.find((r) => r.event === "user.updated")!;
    expect(moved.display.object).toBe("用户 · 王小明");
    expect(moved.display.before).toEqual([
      { label: "角色", value: "乡镇(街道)换届办工作人员" },
      { label: "单位", value: "（不在查看范围内）" },
    ]);
    expect(moved.display.after).toEqual([
      { label: "角色", value: "村(社区)选委会工作人员" },
      { label: "单位", value: "甲一村" },
    ]);

    const edited = rows.find((r) => r.event === "candidate.updated")!;
    expect(edited.display.object).toBe("候选人 · 张三（甲一村）");
    expect(edited.display.after).toContainEqual({ label: "职位", value: "主任" });
    expect(edited.display.after).toContainEqual({ label: "提名方式", value: expect.not.stringMatching(/SELF/) });
    // The other township's village is not named to this officer.
    expect(edited.display.detail).toEqual([{ label: "选举", value: "（不在查看范围内）" }]);
    for (const r of rows) expect(text(r)).not.toMatch(UUID);
  });

  it("names what the county may see that the township may not", async () => {
    const rows = await listAuditEvents(admin);
    const moved = rows.find((r) => r.event === "user.updated")!;
    expect(moved.display.before).toContainEqual({ label: "单位", value: "甲三村" });
    const edited = rows.find((r) => r.event === "candidate.updated")!;
    expect(edited.display.detail).toEqual([{ label: "选举", value: "甲三村" }]);
    expect(moved.actorName).toBe(admin.displayName);
  });

  it("looks names up in one batch however many entries there are (no query per row)", async () => {
    await withTx(async (tx) => {
      for (let i = 0; i < 30; i++) {
        await appendAudit(tx, {
          event: "user.updated",
          actor: auditActor,
          unitId: tree.villageA1a.id,
          objectType: "User",
          objectId: clerk.id,
          after: { unitId: i % 2 ? tree.villageA1a.id : tree.villageA1b.id, electionId: election.id },
        });
      }
    });
    const spy = vi.spyOn(prisma, "$queryRaw");
    const rows = await listAuditEvents(admin);
    expect(rows.length).toBeGreaterThan(30);
    expect(rows[0]!.display.after).toContainEqual({ label: "选举", value: "甲一村" });
    expect(spy).toHaveBeenCalledTimes(2);
    spy.mockRestore();
  });
});
