import "server-only";
import type { UnitKind } from "@/lib/domain/units";
import type { Actor } from "./auth/sessions";
import { db } from "./db";
import { unitScope } from "./scope";

/** Counts of active units by kind below the actor's unit, for the home page. */
export async function getHomeFigures(actor: Actor): Promise<{ kind: UnitKind; count: number }[]> {
  const prisma = await db();
  const rows = await prisma.unit.groupBy({
    by: ["kind"],
    where: { ...unitScope(actor), active: true, NOT: { id: actor.unitId } },
    _count: { _all: true },
    orderBy: { kind: "asc" },
  });
  return rows.map((r) => ({ kind: r.kind, count: r._count._all }));
}
