import "server-only";
// Who may check an uploaded archive package on the verify page, how large an upload may be, and the
// check itself: the package against its manifests and each village manifest against the digest this
// deployment fixed when that election was sealed (docs/decisions/009-archive-package.md, addendum).
import { checkArchive, type ArchiveCheck } from "@/lib/domain/archive-check";
import { can } from "@/lib/domain/permissions";
import type { Actor } from "../auth/sessions";
import { db } from "../db";
import { unitScope } from "../scope";

/**
 * Server-action bodies are capped by experimental.serverActions.bodySizeLimit (11 MB in
 * next.config.js); larger packages (a township with many photos) are checked with the command.
 */
export const MAX_VERIFY_BYTES = 10 * 1024 * 1024;

/** The county office (which downloads packages) and those who read certificates may check one. */
export function canVerifyArchives(actor: Pick<Actor, "role" | "unitPath">): boolean {
  const own = { path: actor.unitPath };
  return can(actor, "archive.download", own) || can(actor, "certificate.view", own);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const SEAL_NOT_FOUND =
  "未能与封存记录核对：本系统中没有该选举的封存摘要，或它不在您的管辖范围内。请将清单摘要与该村(社区)选举结果报告单上打印的档案包清单摘要比对";

/**
 * Checks uploaded package bytes for the actor. An election the package names is compared with its
 * sealed digest when it is sealed in this deployment, in the actor's scope; otherwise the answer says
 * it could not be compared (never "intact"). Reads only.
 */
export async function verifyUploadedArchive(actor: Actor, bytes: Uint8Array): Promise<ArchiveCheck> {
  const first = checkArchive(bytes);
  if (first.status === "unreadable") return first;
  // The package names its elections; only ids of the right shape reach the query.
  const ids = [...new Set(first.seals.map((s) => s.election.id))].filter((id) => UUID.test(id));
  const prisma = await db();
  const rows = ids.length
    ? await prisma.election.findMany({ where: { id: { in: ids }, sealedAt: { not: null }, unit: unitScope(actor) }, select: { id: true, archiveDigest: true } })
    : [];
  const sealed = new Map(rows.map((r) => [r.id, r.archiveDigest]));
  return checkArchive(bytes, { lookup: (e) => sealed.get(e.id) ?? null, unknown: SEAL_NOT_FOUND });
}
