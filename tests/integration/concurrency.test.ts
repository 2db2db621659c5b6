// Embedded PGlite has ONE connection shared by every request. These tests prove that transactions
// from concurrent requests still cannot interleave on it: a transaction's statements never mix with
// another request's, uncommitted data is never seen, and a rollback never takes a stranger's write
// with it. They run against a PostgreSQL server too (TEST_DATABASE_URL), where the pool gives each
// transaction its own connection.
import { describe, expect, it } from "vitest";
import { db, withTx } from "@/lib/server/db";
import { sleep } from "../support/db-state";
import { makeTree } from "../support/fixtures";
import { setupTestDatabase } from "../support/test-db";

const database = await setupTestDatabase();
const { prisma } = database;
const tree = await makeTree(prisma);

describe(`concurrent requests on one database (${database.kind})`, () => {
  it("20 concurrent read-modify-write transactions lose no update", async () => {
    const { id } = tree.villageA2a;
    const start = (await prisma.unit.findUniqueOrThrow({ where: { id } })).version;
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        withTx(async (tx) => {
          // On PGlite a plain read is enough: nothing else can run until this transaction ends. A
          // server runs transactions side by side, so there the row must be locked as usual.
          const value =
            database.kind === "pglite"
              ? (await tx.unit.findUniqueOrThrow({ where: { id }, select: { version: true } })).version
              : (await tx.$queryRaw<{ version: number }[]>`SELECT version FROM "Unit" WHERE id = ${id}::uuid FOR UPDATE`)[0]!.version;
          await sleep(5 + (i % 3) * 5);
          await tx.unit.update({ where: { id }, data: { version: value + 1 } });
        }),
      ),
    );
    expect((await prisma.unit.findUniqueOrThrow({ where: { id } })).version).toBe(start + 20);
  });

  it("a concurrent query never sees uncommitted data, and a rollback does not take a concurrent write with it", async () => {
    const a = tree.villageA1a;
    const b = tree.villageA1b;
    let updated!: () => void;
    const updatedInTx = new Promise<void>((resolve) => (updated = resolve));

    const failing = withTx(async (tx) => {
      await tx.unit.update({ where: { id: a.id }, data: { name: "未提交的名称" } });
      updated();
      await sleep(200);
      throw new Error("事务失败");
    });
    await updatedInTx;

    // Another request, while the transaction is open and sleeping.
    const other = await db();
    const t0 = Date.now();
    const [seen, written] = await Promise.all([
      other.unit.findUniqueOrThrow({ where: { id: a.id }, select: { name: true } }),
      other.unit.update({ where: { id: b.id }, data: { name: "并发写入的名称" }, select: { name: true } }),
    ]);
    const waited = Date.now() - t0;
    await expect(failing).rejects.toThrow("事务失败");

    expect(seen.name).toBe(a.name); // the OLD value, never the uncommitted one
    expect(written.name).toBe("并发写入的名称");
    if (database.kind === "pglite") expect(waited).toBeGreaterThanOrEqual(100); // it queued behind the transaction

    // After the rollback: the transaction's change is gone, the other request's write survived.
    expect((await prisma.unit.findUniqueOrThrow({ where: { id: a.id } })).name).toBe(a.name);
    expect((await prisma.unit.findUniqueOrThrow({ where: { id: b.id } })).name).toBe("并发写入的名称");
  });

  it("a failed transaction leaves the connection usable for the next one", async () => {
    await expect(
      withTx(async (tx) => {
        await tx.unit.update({ where: { id: tree.townA2.id }, data: { name: "不会保存" } });
        await tx.$executeRawUnsafe(`SELECT 1/0`);
      }),
    ).rejects.toThrow();
    const name = await withTx(async (tx) => (await tx.unit.findUniqueOrThrow({ where: { id: tree.townA2.id } })).name);
    expect(name).toBe(tree.townA2.name);
  });
});
