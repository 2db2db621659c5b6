import "server-only";
// Writes audit entries in the caller's transaction, chained by hash (docs/decisions/004).
import { entryHash, GENESIS_HASH, verifyChain, type ChainEntry } from "@/lib/domain/audit-chain";
import type { AuditEventId } from "@/lib/domain/audit-events";
import type { Role } from "@/lib/domain/permissions";
import { env } from "@/lib/env";
import type { Prisma } from "@/lib/generated/prisma/client";
import { db, type Tx } from "./db";

/** Arbitrary constant key for the advisory lock that serialises appends to the chain. */
const AUDIT_CHAIN_LOCK = 7_402_118_001;

export type AuditActor = { userId: string; username: string; role: Role } | null;

export type AuditInput = {
  event: AuditEventId;
  outcome?: "SUCCESS" | "FAILURE";
  actor: AuditActor;
  unitId?: string | null;
  objectType?: string;
  objectId?: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  detail?: Record<string, unknown> | null;
};

/** Fields that must never reach the audit log (personal ID numbers, secrets). */
const FORBIDDEN_KEYS = /^(idNumber|idCard|password|passwordHash|secret)$/i;

function clean(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(clean);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (!FORBIDDEN_KEYS.test(k) && v !== undefined) out[k] = clean(v);
    return out;
  }
  return value;
}

/** Drops forbidden keys at any depth and turns dates and bigints into strings. */
function scrub(value: Record<string, unknown> | null | undefined): Prisma.InputJsonValue | undefined {
  if (!value) return undefined;
  return clean(value) as Prisma.InputJsonValue;
}

/**
 * Appends one entry inside `tx`. The advisory lock is held until the transaction ends, so two
 * concurrent writers can never both link to the same previous entry (no fork in the chain).
 */
export async function appendAudit(tx: Tx, input: AuditInput): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK}::bigint)`;
  const last = await tx.auditEvent.findFirst({ orderBy: { id: "desc" }, select: { hash: true } });
  const prevHash = last?.hash ?? GENESIS_HASH;
  const algo = env().AUDIT_HASH;
  const entry = {
    occurredAt: new Date(),
    event: input.event,
    outcome: input.outcome ?? "SUCCESS",
    actorUserId: input.actor?.userId ?? null,
    actorUsername: input.actor?.username ?? null,
    actorRole: input.actor?.role ?? null,
    unitId: input.unitId ?? null,
    objectType: input.objectType ?? null,
    objectId: input.objectId ?? null,
    before: scrub(input.before) ?? null,
    after: scrub(input.after) ?? null,
    detail: scrub(input.detail) ?? null,
  };
  const hash = entryHash(algo, prevHash, entry);
  await tx.auditEvent.create({
    data: {
      ...entry,
      before: entry.before ?? undefined,
      after: entry.after ?? undefined,
      detail: entry.detail ?? undefined,
      hashAlgo: algo,
      prevHash,
      hash,
    },
  });
}

/** Walks the whole chain in pages; names the first broken entry. */
export async function verifyAuditChain(): Promise<{ checked: number; head: string; broken: { id: string; reason: string } | null }> {
  const prisma = await db();
  let cursor: bigint | undefined;
  let prev = GENESIS_HASH;
  let checked = 0;
  for (;;) {
    const page = await prisma.auditEvent.findMany({
      where: cursor === undefined ? {} : { id: { gt: cursor } },
      orderBy: { id: "asc" },
      take: 2000,
    });
    if (page.length === 0) return { checked, head: prev, broken: null };
    const result = verifyChain(page as ChainEntry[], prev);
    checked += result.checked;
    if (result.broken) return { checked, head: result.head, broken: result.broken };
    prev = result.head;
    cursor = page[page.length - 1]!.id;
  }
}

const BREAK_REASON: Record<string, string> = {
  content: "记录内容与其哈希不符（该记录被修改过）",
  link: "记录没有指向前一条记录的哈希（前面有记录被删除、插入或调换了顺序）",
  algo: "未知的哈希算法",
};

/** What `npm run audit:verify` prints (Chinese), and whether the chain is intact. */
export async function auditVerifyReport(): Promise<{ ok: boolean; lines: string[] }> {
  const { checked, head, broken } = await verifyAuditChain();
  if (!broken) {
    return { ok: true, lines: [`审计日志完整：已校验 ${checked} 条记录。`, `链头哈希：${head}`] };
  }
  return {
    ok: false,
    lines: [
      `审计日志校验失败：前 ${checked} 条记录完好，第一条异常记录的编号为 ${broken.id}。`,
      `原因：${broken.reason} — ${BREAK_REASON[broken.reason] ?? broken.reason}`,
      `最后一条完好记录的哈希：${head}`,
    ],
  };
}
