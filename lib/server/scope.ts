import "server-only";
// Tenant scope lives in the query (docs/decisions/003-permissions-and-tenancy.md): every lookup by id includes the actor's subtree,
// so a foreign row is simply not found.
import type { Actor } from "./auth/sessions";
import type { Tx } from "./db";

export function unitScope(actor: Pick<Actor, "unitPath">) {
  if (!actor.unitPath) throw new Error("actor without unit path");
  return { path: { startsWith: actor.unitPath } };
}

const targetSelect = { id: true, path: true, level: true, countyId: true, code: true, name: true, version: true, active: true } as const;

export function findUnitInScope(tx: Tx, actor: Pick<Actor, "unitPath">, id: string) {
  return tx.unit.findFirst({ where: { id, ...unitScope(actor) }, select: targetSelect });
}
