import "server-only";
// Who may check an uploaded archive package on the verify page, and how large an upload may be.
import { can } from "@/lib/domain/permissions";
import type { Actor } from "../auth/sessions";

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
