// Builders for integration tests: a tree of units across two counties, users, and actors.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { childPath, levelOfKind, type UnitKind } from "@/lib/domain/units";
import type { Role } from "@/lib/domain/permissions";
import type { Actor } from "@/lib/server/auth/sessions";
import { randomUUID } from "node:crypto";

export type UnitFixture = { id: string; code: string; path: string; name: string; level: string; countyId: string | null };

export async function makeUnit(prisma: PrismaClient, parent: UnitFixture | null, code: string, name: string, kind: UnitKind): Promise<UnitFixture> {
  const id = randomUUID();
  const level = levelOfKind(kind);
  const path = parent ? childPath(parent.path, id) : `/${id}/`;
  const countyId = level === "COUNTY" ? id : (parent?.countyId ?? null);
  await prisma.unit.create({ data: { id, code, name, level, kind, parentId: parent?.id ?? null, path, countyId } });
  return { id, code, path, name, level, countyId };
}

/**
 * Province 98 with two counties. County A has townships A1, A2; A1 has villages A1a, A1b; A2 has A2a.
 * County B has township B1 with village B1a.
 */
export async function makeTree(prisma: PrismaClient) {
  const province = await makeUnit(prisma, null, "980000000000", "测试省", "PROVINCE");
  const city = await makeUnit(prisma, province, "980100000000", "测试市", "CITY");
  const countyA = await makeUnit(prisma, city, "980101000000", "甲县", "COUNTY");
  const townA1 = await makeUnit(prisma, countyA, "980101100000", "甲一镇", "TOWN");
  const townA2 = await makeUnit(prisma, countyA, "980101200000", "甲二乡", "TOWNSHIP");
  const villageA1a = await makeUnit(prisma, townA1, "980101100201", "甲一村", "VILLAGE");
  const villageA1b = await makeUnit(prisma, townA1, "980101100202", "甲二村", "VILLAGE");
  const villageA2a = await makeUnit(prisma, townA2, "980101200201", "甲三村", "VILLAGE");
  const countyB = await makeUnit(prisma, city, "980102000000", "乙县", "COUNTY");
  const townB1 = await makeUnit(prisma, countyB, "980102100000", "乙一镇", "TOWN");
  const villageB1a = await makeUnit(prisma, townB1, "980102100201", "乙一村", "VILLAGE");
  return { province, city, countyA, townA1, townA2, villageA1a, villageA1b, villageA2a, countyB, townB1, villageB1a };
}

let userCounter = 0;

/** Creates a user row (cheap fixed hash; login tests create real hashes) and returns its actor. */
export async function makeActor(
  prisma: PrismaClient,
  role: Role,
  unit: UnitFixture,
  opts: { departmentId?: string; passwordHash?: string; username?: string } = {},
): Promise<Actor> {
  const username = opts.username ?? `u${++userCounter}_${role.toLowerCase()}`;
  const user = await prisma.user.create({
    data: { username, displayName: username, role, unitId: unit.id, departmentId: opts.departmentId ?? null, passwordHash: opts.passwordHash ?? "x" },
  });
  return {
    sessionId: "test",
    userId: user.id,
    username,
    displayName: username,
    role,
    unitId: unit.id,
    unitPath: unit.path,
    unitName: unit.name,
    unitCode: unit.code,
    unitLevel: unit.level as Actor["unitLevel"],
    countyId: unit.countyId,
    departmentId: opts.departmentId ?? null,
    departmentName: null,
  };
}
