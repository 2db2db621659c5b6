import "server-only";
// Two kinds of failure (docs/architecture.md, request flow): expected outcomes are values with a code and a Chinese
// message; anything else is an AppError (or a bug) and reaches error.tsx.

import type { AuditEventId } from "@/lib/domain/audit-events";

export type ErrorCode = "unauthenticated" | "invalid" | "not_found" | "forbidden" | "conflict" | "stale";

/** One problem in an uploaded file (Excel import): where it is and what is wrong, in Chinese. */
export type ErrorDetail = { sheet: string; row: number; column: string; message: string };

export class ExpectedError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fieldErrors?: Record<string, string>,
    /** The full list of problems when one message cannot say it all (an import's rows). */
    readonly details?: ErrorDetail[],
    /** A refusal worth recording (e.g. an ID number that already stands elsewhere): the action wrapper
     * writes it as a FAILURE audit entry after the refused transaction rolled back. */
    readonly failureAudit?: { event: AuditEventId; objectType?: string; objectId?: string; detail?: Record<string, unknown> },
  ) {
    super(message);
  }
}

export class AppError extends Error {}

export const notFoundError = () => new ExpectedError("not_found", "未找到该对象，或它不在您的管辖范围内");
export const staleError = () => new ExpectedError("stale", "该记录已被他人修改，请刷新页面后重试");

/** Translates Prisma's unique-constraint error into a conflict the user can act on. */
export function translateDbError(err: unknown, uniqueMessage: string): never {
  if (typeof err === "object" && err && "code" in err && (err as { code: string }).code === "P2002") {
    throw new ExpectedError("conflict", uniqueMessage);
  }
  throw err;
}
