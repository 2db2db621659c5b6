// Hash chain over audit entries: each entry's hash covers its content and the previous hash, so
// editing or deleting any entry (but the newest) breaks every link after it (docs/decisions/004).
import { createHash } from "node:crypto";

export const GENESIS_HASH = "0".repeat(64);
export type HashAlgo = "sha256" | "sm3";

export type ChainEntry = {
  id: bigint | number | string;
  occurredAt: Date;
  event: string;
  outcome: string;
  actorUserId: string | null;
  actorUsername: string | null;
  actorRole: string | null;
  unitId: string | null;
  objectType: string | null;
  objectId: string | null;
  before: unknown;
  after: unknown;
  detail: unknown;
  hashAlgo: string;
  prevHash: string;
  hash: string;
};

/** JSON with object keys sorted, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === undefined || value === null) return "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === "bigint") return JSON.stringify(value.toString());
  if (typeof value === "object") {
    const keys = Object.keys(value as object).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function entryHash(algo: HashAlgo, prevHash: string, e: Omit<ChainEntry, "id" | "hash" | "prevHash" | "hashAlgo">): string {
  const content = canonicalJson({
    occurredAt: e.occurredAt.toISOString(),
    event: e.event,
    outcome: e.outcome,
    actorUserId: e.actorUserId,
    actorUsername: e.actorUsername,
    actorRole: e.actorRole,
    unitId: e.unitId,
    objectType: e.objectType,
    objectId: e.objectId,
    before: e.before ?? null,
    after: e.after ?? null,
    detail: e.detail ?? null,
  });
  return createHash(algo).update(`${algo}\n${prevHash}\n${content}`).digest("hex");
}

export type ChainBreak = { id: string; reason: "content" | "link" | "algo" };

/**
 * Walks entries in id order, starting after `startPrevHash`. Returns the first broken entry or null.
 * "link": the entry does not point at the previous entry's hash (an entry was deleted or reordered).
 * "content": the entry's fields no longer match its hash (it was edited).
 */
export function verifyChain(entries: Iterable<ChainEntry>, startPrevHash = GENESIS_HASH): { checked: number; head: string; broken: ChainBreak | null } {
  let prev = startPrevHash;
  let checked = 0;
  for (const e of entries) {
    const id = String(e.id);
    if (e.hashAlgo !== "sha256" && e.hashAlgo !== "sm3") return { checked, head: prev, broken: { id, reason: "algo" } };
    if (e.prevHash !== prev) return { checked, head: prev, broken: { id, reason: "link" } };
    if (entryHash(e.hashAlgo, e.prevHash, e) !== e.hash) return { checked, head: prev, broken: { id, reason: "content" } };
    prev = e.hash;
    checked++;
  }
  return { checked, head: prev, broken: null };
}
