// The audit log: every action audits in its own transaction, secrets never reach the log, the hash
// chain detects edits and deletions, the table refuses UPDATE/DELETE, and concurrent writers never
// fork the chain. Also runs `npm run audit:verify` (scripts/audit-verify.ts) for real.
import { spawn } from "node:child_process";
import { cpSync, rmSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import type { z } from "zod";
import "@/lib/server/all-actions";
import { executeAction, registeredActions, type ActionDef } from "@/lib/server/action";
import { appendAudit, auditVerifyReport, verifyAuditChain } from "@/lib/server/audit";
import { withTx } from "@/lib/server/db";
import { openPglite } from "@/lib/server/db/connect";
import { createDepartment, setDepartmentActive, updateDepartment } from "@/lib/server/departments";
import { createUnit, setUnitActive, updateUnit } from "@/lib/server/units";
import { createUser, disableUsers, resetUserPassword, resetUserSecondFactor, saveSecondFactorPolicy, setUserDisabled, updateUser } from "@/lib/server/users";
import { deactivateUnit, importUnits } from "@/lib/server/units-import";
import { importUsers } from "@/lib/server/account-import";
import { encryptSecret, newTotpSecret } from "@/lib/server/auth/totp";
import { ACCOUNT_COLUMNS, ACCOUNT_SHEET } from "@/lib/domain/account-import";
import { toCsv } from "@/lib/domain/csv";
import ExcelJS from "exceljs";
import { auditMark, auditSince, fingerprint, sleep } from "../support/db-state";
import { makeActor, makeTree, makeUnit } from "../support/fixtures";
import { setupTestDatabase } from "../support/test-db";

const { prisma } = await setupTestDatabase();
const tree = await makeTree(prisma);
const admin = await makeActor(prisma, "COUNTY_ADMIN", tree.countyA);

// Failure injection: a trigger that refuses to insert audit rows for the events listed in a table.
await prisma.$executeRawUnsafe(`CREATE TABLE test_fail_event (event text PRIMARY KEY)`);
await prisma.$executeRawUnsafe(`
  CREATE FUNCTION test_fail_audit() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF EXISTS (SELECT 1 FROM test_fail_event WHERE event = NEW.event) THEN
      RAISE EXCEPTION 'injected audit failure for %', NEW.event;
    END IF;
    RETURN NEW;
  END;
  $$`);
await prisma.$executeRawUnsafe(`CREATE TRIGGER test_fail_audit BEFORE INSERT ON "AuditEvent" FOR EACH ROW EXECUTE FUNCTION test_fail_audit()`);

let seq = 0;
const next = () => ++seq;
const PASSWORD = "Secret-Passw0rd-42";

async function freshVillage() {
  const n = next();
  return makeUnit(prisma, tree.townA2, `980101200${String(300 + n)}`, `审计村${n}`, "VILLAGE");
}
async function freshDepartment() {
  return prisma.department.create({ data: { countyId: tree.countyA.id, name: `审计部门${next()}` } });
}
async function freshUser() {
  const n = next();
  return prisma.user.create({
    data: { username: `audited${n}`, displayName: `对象${n}`, role: "TOWNSHIP_OFFICER", unitId: tree.townA1.id, passwordHash: "x" },
  });
}

async function accountFile(username: string): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(ACCOUNT_SHEET);
  const values: Record<string, string> = { username, displayName: "王建华", role: "VILLAGE_CLERK", unitCode: tree.villageA1a.code };
  ws.addRow(ACCOUNT_COLUMNS.map((col) => col.header));
  ws.addRow(ACCOUNT_COLUMNS.map((col) => values[col.key] ?? null));
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
async function enrolledUser() {
  const u = await freshUser();
  return prisma.user.update({ where: { id: u.id }, data: { totpSecret: encryptSecret(newTotpSecret()), totpEnabledAt: new Date() } });
}

type AnyAction = ActionDef<z.ZodType, unknown>;
type AuditCase = {
  action: AnyAction;
  event: string;
  /** Events written before `event` by a successful run, where it writes more than one (an import's per-row events). */
  before?: string[];
  /** A valid input on fresh rows. */
  valid: () => Promise<unknown>;
  /** An input the action refuses (invalid, stale, conflict…). */
  failing: () => Promise<unknown>;
};

const AUDIT_CASES: AuditCase[] = [
  {
    action: createUnit as unknown as AnyAction,
    event: "unit.created",
    valid: async () => ({ parentId: tree.townA1.id, name: `新村${next()}`, code: `980101100${300 + seq}`, kind: "VILLAGE" }),
    failing: async () => ({ parentId: tree.townA1.id, name: "错码村", code: "980101200399", kind: "VILLAGE" }), // wrong prefix
  },
  {
    action: updateUnit as unknown as AnyAction,
    event: "unit.updated",
    valid: async () => {
      const v = await freshVillage();
      return { id: v.id, version: 1, name: `${v.name}改`, code: v.code, kind: "VILLAGE" };
    },
    failing: async () => {
      const v = await freshVillage();
      return { id: v.id, version: 7, name: "过期", code: v.code, kind: "VILLAGE" }; // stale
    },
  },
  {
    action: setUnitActive as unknown as AnyAction,
    event: "unit.deactivated",
    valid: async () => ({ id: (await freshVillage()).id, version: 1, active: false }),
    failing: async () => {
      const v = await freshVillage();
      await makeActor(prisma, "VILLAGE_CLERK", v);
      return { id: v.id, version: 1, active: false }; // still has an active user
    },
  },
  {
    action: createDepartment as unknown as AnyAction,
    event: "department.created",
    valid: async () => ({ countyId: tree.countyA.id, name: `新部门${next()}` }),
    failing: async () => ({ countyId: tree.countyA.id, name: (await freshDepartment()).name }), // duplicate name
  },
  {
    action: updateDepartment as unknown as AnyAction,
    event: "department.updated",
    valid: async () => ({ id: (await freshDepartment()).id, version: 1, name: `改名部门${next()}` }),
    failing: async () => ({ id: (await freshDepartment()).id, version: 9, name: `改名部门${next()}` }), // stale
  },
  {
    action: setDepartmentActive as unknown as AnyAction,
    event: "department.deactivated",
    valid: async () => ({ id: (await freshDepartment()).id, version: 1, active: false }),
    failing: async () => {
      const d = await freshDepartment();
      await makeActor(prisma, "VETTING_REVIEWER", tree.countyA, { departmentId: d.id });
      return { id: d.id, version: 1, active: false }; // still has an active reviewer
    },
  },
  {
    action: createUser as unknown as AnyAction,
    event: "user.created",
    valid: async () => ({ username: `created${next()}`, displayName: "新用户", password: PASSWORD, role: "VILLAGE_CLERK", unitId: tree.villageA1a.id }),
    failing: async () => ({
      username: (await freshUser()).username,
      displayName: "重名",
      password: PASSWORD,
      role: "VILLAGE_CLERK",
      unitId: tree.villageA1a.id,
    }),
  },
  {
    action: updateUser as unknown as AnyAction,
    event: "user.updated",
    valid: async () => {
      const u = await freshUser();
      return { id: u.id, version: 1, displayName: "新名字", role: "SUPERVISOR", unitId: tree.townA1.id };
    },
    failing: async () => {
      const u = await freshUser();
      return { id: u.id, version: 1, displayName: "新名字", role: "VILLAGE_CLERK", unitId: tree.townA1.id }; // wrong level
    },
  },
  {
    action: setUserDisabled as unknown as AnyAction,
    event: "user.disabled",
    valid: async () => ({ id: (await freshUser()).id, version: 1, disabled: true }),
    failing: async () => ({ id: (await freshUser()).id, version: 3, disabled: true }), // stale
  },
  {
    action: resetUserPassword as unknown as AnyAction,
    event: "user.password.reset",
    valid: async () => ({ id: (await freshUser()).id, password: PASSWORD }),
    failing: async () => ({ id: (await freshUser()).id, password: "short" }), // weak password
  },
  {
    action: importUnits as unknown as AnyAction,
    event: "unit.imported",
    valid: async () => {
      const n = next();
      return { unitId: tree.townA2.id, file: toCsv(["统计用区划代码", "名称"], [[`980101200${500 + n}`, `导入${n}村`]]), fileName: "区划.csv", apply: true };
    },
    failing: async () => ({ unitId: tree.townA2.id, file: toCsv(["统计用区划代码", "名称"], [["980101100599", "外镇村"]]), fileName: "区划.csv", apply: true }), // not under the township
  },
  {
    action: deactivateUnit as unknown as AnyAction,
    event: "unit.deactivated",
    valid: async () => ({ id: (await freshVillage()).id, version: 1 }),
    failing: async () => ({ id: (await freshVillage()).id, version: 4 }), // stale
  },
  {
    action: importUsers as unknown as AnyAction,
    event: "user.imported",
    before: ["user.created"],
    valid: async () => ({ unitId: tree.countyA.id, file: await accountFile(`imported${next()}`), fileName: "账号.xlsx" }),
    failing: async () => ({ unitId: tree.countyA.id, file: await accountFile((await freshUser()).username), fileName: "账号.xlsx" }), // username taken
  },
  {
    action: disableUsers as unknown as AnyAction,
    event: "user.disabled",
    valid: async () => ({ users: [`${(await freshUser()).id}:1`] }),
    failing: async () => ({ users: [`${(await freshUser()).id}:5`] }), // stale
  },
  {
    action: resetUserSecondFactor as unknown as AnyAction,
    event: "user.second_factor.reset",
    valid: async () => {
      const u = await enrolledUser();
      return { id: u.id, version: u.version };
    },
    failing: async () => ({ id: (await freshUser()).id, version: 1 }), // nothing to clear
  },
  {
    action: saveSecondFactorPolicy as unknown as AnyAction,
    event: "auth.second_factor_policy.changed",
    valid: async () => ({
      countyId: tree.countyA.id,
      roles: [],
      version: (await prisma.secondFactorPolicy.findUnique({ where: { countyId: tree.countyA.id } }))?.version ?? 0,
    }),
    failing: async () => ({ countyId: tree.countyA.id, roles: [], version: 99 }), // stale
  },
];

const changeEvents = (events: { event: string }[]) => events.filter((e) => e.event !== "action.denied");

describe("every action audits in its own transaction", () => {
  it("covers every action of the units, departments and users modules", () => {
    const modules = registeredActions().filter((n) => /^(unit|department|user)\./.test(n));
    expect(new Set(AUDIT_CASES.map((c) => c.action.name))).toEqual(new Set(modules));
  });

  it.each(AUDIT_CASES.map((c) => [c.action.name, c] as const))("%s", async (_name, c) => {
    // 1. When the audit write fails, the change is rolled back with it.
    const input = await c.valid();
    const before = await fingerprint(prisma);
    let mark = await auditMark(prisma);
    await prisma.$executeRawUnsafe(`INSERT INTO test_fail_event VALUES ($1)`, c.event);
    try {
      await expect(executeAction(c.action, admin, input)).rejects.toThrow(/injected audit failure/);
    } finally {
      await prisma.$executeRawUnsafe(`DELETE FROM test_fail_event`);
    }
    expect(await fingerprint(prisma)).toEqual(before);
    expect(await auditSince(prisma, mark)).toEqual([]);

    // 2. The same input then succeeds and writes exactly its one event.
    const ok = await executeAction(c.action, admin, input);
    expect(ok, JSON.stringify(ok)).toMatchObject({ ok: true });
    const written = await auditSince(prisma, mark);
    expect(written.map((e) => e.event)).toEqual([...(c.before ?? []), c.event]);
    expect(written.at(-1)).toMatchObject({ outcome: "SUCCESS", actorUserId: admin.userId, actorUsername: admin.username, actorRole: "COUNTY_ADMIN" });
    expect(written.at(-1)!.objectId).toBeTruthy();

    // 3. A refused action writes no change event and changes nothing.
    const failing = await c.failing();
    const before2 = await fingerprint(prisma);
    mark = await auditMark(prisma);
    const refused = await executeAction(c.action, admin, failing);
    expect(refused.ok, JSON.stringify(refused)).toBe(false);
    expect(await fingerprint(prisma)).toEqual(before2);
    expect(changeEvents(await auditSince(prisma, mark))).toEqual([]);
  });
});

describe("nothing secret reaches the audit log", () => {
  const SECRET_KEY = /pass(word)?|idnumber|idcard|secret|hash$/i;
  const ID_NUMBER = /\b\d{17}[\dXx]\b/;

  function keysOf(value: unknown, out: string[] = []): string[] {
    if (Array.isArray(value)) value.forEach((v) => keysOf(v, out));
    else if (value && typeof value === "object") {
      for (const [k, v] of Object.entries(value)) {
        out.push(k);
        keysOf(v, out);
      }
    }
    return out;
  }

  it("no row written by the actions has a password/ID-number field, a password, a hash or an ID number", async () => {
    const rows = await prisma.auditEvent.findMany();
    expect(rows.length).toBeGreaterThanOrEqual(AUDIT_CASES.length);
    expect(rows.map((r) => r.event)).toEqual(expect.arrayContaining(["user.created", "user.password.reset", "user.updated"]));
    for (const row of rows) {
      const json = JSON.stringify([row.before, row.after, row.detail]);
      expect(
        keysOf([row.before, row.after, row.detail]).filter((k) => SECRET_KEY.test(k)),
        `row ${row.id} ${row.event}`,
      ).toEqual([]);
      expect(json).not.toContain(PASSWORD);
      expect(json).not.toContain("$argon2");
      expect(json).not.toMatch(ID_NUMBER);
    }
  });

  it("appendAudit drops forbidden fields, at any depth", async () => {
    const mark = await auditMark(prisma);
    await withTx((tx) =>
      appendAudit(tx, {
        event: "user.updated",
        actor: null,
        before: { name: "张三", idNumber: "110101199003074512", IDCARD: "110101199003074512" },
        after: { name: "张三", password: PASSWORD, passwordHash: "$argon2id$v=19$fake" },
        detail: { form: { password: PASSWORD, secret: "s3cr3t", keep: 1 }, list: [{ idNumber: "110101199003074512", keep: 2 }] },
      }),
    );
    const [row] = await auditSince(prisma, mark);
    expect(row!.before).toEqual({ name: "张三" });
    expect(row!.after).toEqual({ name: "张三" });
    expect(row!.detail).toEqual({ form: { keep: 1 }, list: [{ keep: 2 }] });
    expect((await verifyAuditChain()).broken).toBeNull();
  });
});

describe("the hash chain", () => {
  /** Writes `n` entries and returns their ids; the middle one carries a known detail. */
  async function writeEntries(n: number): Promise<bigint[]> {
    const mark = await auditMark(prisma);
    for (let i = 0; i < n; i++) {
      await withTx((tx) => appendAudit(tx, { event: "demo.seeded", actor: null, detail: { note: `原始内容${i}` } }));
    }
    return (await auditSince(prisma, mark)).map((e) => e.id);
  }

  async function asSuperuser(sql: string[]) {
    await prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`ALTER TABLE "AuditEvent" DISABLE TRIGGER USER`);
      for (const s of sql) await tx.$executeRawUnsafe(s);
      await tx.$executeRawUnsafe(`ALTER TABLE "AuditEvent" ENABLE TRIGGER USER`);
    });
  }

  it("verifies a normal log end to end, and the report says so in Chinese", async () => {
    await writeEntries(3);
    const total = await prisma.auditEvent.count();
    const newest = await prisma.auditEvent.findFirstOrThrow({ orderBy: { id: "desc" } });
    const result = await verifyAuditChain();
    expect(result).toEqual({ checked: total, head: newest.hash, broken: null });
    const report = await auditVerifyReport();
    expect(report.ok).toBe(true);
    expect(report.lines.join("\n")).toContain(`已校验 ${total} 条记录`);
    expect(report.lines.join("\n")).toContain(newest.hash);
  });

  it("the application cannot UPDATE, DELETE or TRUNCATE audit rows (the trigger raises)", async () => {
    const [id] = await writeEntries(1);
    const before = await prisma.auditEvent.findUniqueOrThrow({ where: { id } });
    await expect(prisma.$executeRawUnsafe(`UPDATE "AuditEvent" SET detail = '{"note":"改"}' WHERE id = ${id}`)).rejects.toThrow(/append-only/);
    await expect(prisma.$executeRawUnsafe(`DELETE FROM "AuditEvent" WHERE id = ${id}`)).rejects.toThrow(/append-only/);
    await expect(prisma.$executeRawUnsafe(`TRUNCATE "AuditEvent"`)).rejects.toThrow(/append-only/);
    await expect(prisma.auditEvent.update({ where: { id }, data: { detail: { note: "改" } } })).rejects.toThrow(/append-only/);
    await expect(prisma.auditEvent.deleteMany({})).rejects.toThrow(/append-only/);
    expect(await prisma.auditEvent.findUniqueOrThrow({ where: { id } })).toEqual(before);
  });

  it("an edited entry is named with reason 'content'", async () => {
    const ids = await writeEntries(3);
    const victim = ids[1]!;
    await asSuperuser([`UPDATE "AuditEvent" SET detail = '{"note":"被篡改"}' WHERE id = ${victim}`]);
    expect((await verifyAuditChain()).broken).toEqual({ id: String(victim), reason: "content" });
    const report = await auditVerifyReport();
    expect(report.ok).toBe(false);
    expect(report.lines.join("\n")).toMatch(new RegExp(`编号为 ${victim}[\\s\\S]*content`));

    // Putting the content back makes the chain whole again: the check is about content, not luck.
    await asSuperuser([`UPDATE "AuditEvent" SET detail = '{"note":"原始内容1"}' WHERE id = ${victim}`]);
    expect((await verifyAuditChain()).broken).toBeNull();
  });

  it("a deleted middle entry is named at the next id with reason 'link'", async () => {
    const ids = await writeEntries(3);
    const [, victim, after] = ids;
    await asSuperuser([`CREATE TABLE audit_backup AS SELECT * FROM "AuditEvent" WHERE id = ${victim}`, `DELETE FROM "AuditEvent" WHERE id = ${victim}`]);
    expect((await verifyAuditChain()).broken).toEqual({ id: String(after), reason: "link" });

    await prisma.$executeRawUnsafe(`INSERT INTO "AuditEvent" SELECT * FROM audit_backup`);
    await prisma.$executeRawUnsafe(`DROP TABLE audit_backup`);
    expect((await verifyAuditChain()).broken).toBeNull();
  });

  it("20 concurrent transactions appending entries leave one unbroken chain (no fork)", async () => {
    const before = await prisma.auditEvent.count();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        withTx(async (tx) => {
          await tx.unit.findFirst({ select: { id: true } });
          await sleep(5 + (i % 4) * 5);
          await appendAudit(tx, { event: "demo.seeded", actor: null, detail: { writer: i } });
        }),
      ),
    );
    expect(await prisma.auditEvent.count()).toBe(before + 20);
    const [fork] = await prisma.$queryRawUnsafe<{ total: number; distinct: number }[]>(
      `SELECT count(*)::int AS total, count(DISTINCT "prevHash")::int AS distinct FROM "AuditEvent"`,
    );
    expect(fork!.distinct).toBe(fork!.total);
    expect((await verifyAuditChain()).broken).toBeNull();
  });
});

describe("npm run audit:verify", () => {
  const TSX = path.resolve("node_modules/.bin/tsx");

  function runScript(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
    if (!env.DATABASE_URL) delete childEnv.DATABASE_URL;
    return new Promise((resolve, reject) => {
      const child = spawn(TSX, ["--conditions=react-server", "scripts/audit-verify.ts"], { env: childEnv });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d) => (stdout += d));
      child.stderr.on("data", (d) => (stderr += d));
      child.on("error", reject);
      child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
  }

  it.runIf(!process.env.TEST_DATABASE_URL)("embedded database: exit 0 with the count and head hash; exit 1 naming a tampered entry", async () => {
    // This file's own PGlite folder is locked by this process, so the script gets a copy of its own.
    const dir = path.resolve(`tmp/test-db/audit-verify-${randomBytes(4).toString("hex")}`);
    cpSync(inject("templateDir"), dir, { recursive: true });
    try {
      let db = await openPglite(dir);
      for (let i = 0; i < 4; i++) await db.prisma.$transaction((tx) => appendAudit(tx, { event: "demo.seeded", actor: null, detail: { i } }));
      const rows = await db.prisma.auditEvent.findMany({ orderBy: { id: "asc" } });
      await db.close();

      const good = await runScript({ PGLITE_DATA_DIR: dir });
      expect(good.code, good.stderr).toBe(0);
      expect(good.stdout).toContain("已校验 4 条记录");
      expect(good.stdout).toContain(rows[3]!.hash);

      db = await openPglite(dir);
      await db.prisma.$transaction(async (tx) => {
        await tx.$executeRawUnsafe(`ALTER TABLE "AuditEvent" DISABLE TRIGGER USER`);
        await tx.$executeRawUnsafe(`UPDATE "AuditEvent" SET "actorUsername" = 'mallory' WHERE id = ${rows[2]!.id}`);
        await tx.$executeRawUnsafe(`ALTER TABLE "AuditEvent" ENABLE TRIGGER USER`);
      });
      await db.close();

      const bad = await runScript({ PGLITE_DATA_DIR: dir });
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain(`编号为 ${rows[2]!.id}`);
      expect(bad.stderr).toContain("content");
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(`${dir}.lock`, { force: true });
    }
  });

  it.runIf(process.env.TEST_DATABASE_URL)("PostgreSQL server (DATABASE_URL): exit 0 on this file's database; exit 1 naming a tampered entry", async () => {
    const [{ name }] = await prisma.$queryRawUnsafe<[{ name: string }]>(`SELECT current_database() AS name`);
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${name}`;
    const env = { DATABASE_URL: url.toString(), AUTH_SECRET: "x".repeat(40) };
    const total = await prisma.auditEvent.count();
    const newest = await prisma.auditEvent.findFirstOrThrow({ orderBy: { id: "desc" } });

    const good = await runScript(env);
    expect(good.code, good.stderr).toBe(0);
    expect(good.stdout).toContain(`已校验 ${total} 条记录`);
    expect(good.stdout).toContain(newest.hash);

    const setUsername = (value: string | null) =>
      prisma.$transaction(async (tx) => {
        await tx.$executeRawUnsafe(`ALTER TABLE "AuditEvent" DISABLE TRIGGER USER`);
        await tx.$executeRawUnsafe(`UPDATE "AuditEvent" SET "actorUsername" = $1 WHERE id = ${newest.id}`, value);
        await tx.$executeRawUnsafe(`ALTER TABLE "AuditEvent" ENABLE TRIGGER USER`);
      });
    await setUsername("mallory");
    try {
      const bad = await runScript(env);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain(`编号为 ${newest.id}`);
      expect(bad.stderr).toContain("content");
    } finally {
      await setUsername(newest.actorUsername);
    }
    expect((await verifyAuditChain()).broken).toBeNull();
  });

  it("exits 2 with a readable message when the database cannot be opened", async () => {
    const res = await runScript({ DATABASE_URL: "postgresql://nobody@127.0.0.1:1/none", AUTH_SECRET: "x".repeat(40) });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("无法校验审计日志");
  });
});
