import "server-only";
// The one action wrapper (docs/architecture.md, request flow): parse with zod, load the target unit inside the actor's
// scope, check the permission, run in a transaction with audit, map expected failures to values.
import type { z } from "zod";
import { can, type Permission } from "@/lib/domain/permissions";
import { isWithin } from "@/lib/domain/units";
import { appendAudit, type AuditInput } from "./audit";
import { recordSecondFactorRefusal, requireSecondFactor, SecondFactorRefusal } from "./auth/second-factor";
import type { Actor } from "./auth/sessions";
import { withTx, type Tx } from "./db";
import { ExpectedError, notFoundError, type ErrorCode, type ErrorDetail } from "./errors";

export type ActionResult<T> =
  { ok: true; data: T } | { ok: false; code: ErrorCode; error: string; fieldErrors?: Record<string, string>; details?: ErrorDetail[] };

export type TargetUnit = { id: string; path: string; level: string; countyId: string | null };

export type ActionContext<I> = {
  tx: Tx;
  actor: Actor;
  input: I;
  unit: TargetUnit;
  audit: (entry: Omit<AuditInput, "actor">) => Promise<void>;
};

export type ActionDef<S extends z.ZodType, T> = {
  /** Unique name; the permission-matrix test must cover every registered name. */
  name: string;
  input: S;
  permission: Permission;
  /** Loads the unit the action acts on, with the actor's scope in the query; null = not found. */
  target: (tx: Tx, input: z.infer<S>, actor: Actor) => Promise<TargetUnit | null>;
  run: (ctx: ActionContext<z.infer<S>>) => Promise<T>;
  /** Runs while the actor must change their password (only the change itself; docs/decisions/002). */
  duringPasswordChange?: true;
  /**
   * A critical operation: an actor who must use a second factor, or has enrolled one, sends a code
   * (or a recovery code) as `otp` beside the input; it is checked and spent inside the transaction
   * after the permission check (docs/decisions/013).
   */
  secondFactor?: true;
  /**
   * The transaction's timeout where 30 s is too short (a county's voter roll import). On embedded PGlite
   * other requests queue behind it meanwhile: keep it for bulk work an office starts on purpose.
   */
  timeoutMs?: number;
};

/** The answer to every other action while a password change is due. */
export const PASSWORD_CHANGE_REQUIRED = "请先修改密码，然后才能继续操作";

const registry = new Map<string, ActionDef<z.ZodType, unknown>>();

export function defineAction<S extends z.ZodType, T>(def: ActionDef<S, T>): ActionDef<S, T> {
  if (registry.has(def.name)) throw new Error(`action ${def.name} defined twice`);
  registry.set(def.name, def as unknown as ActionDef<z.ZodType, unknown>);
  return def;
}

export function registeredActions(): string[] {
  return [...registry.keys()].sort();
}

function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_";
    out[key] ??= issue.message;
  }
  return out;
}

/** Runs an action for an actor. Pages call it through a "use server" function with getActor(). */
export async function executeAction<S extends z.ZodType, T>(def: ActionDef<S, T>, actor: Actor | null, rawInput: unknown): Promise<ActionResult<T>> {
  if (!actor) return { ok: false, code: "unauthenticated", error: "登录已失效，请重新登录" };
  const auditActor = { userId: actor.userId, username: actor.username, role: actor.role };
  // A refused action is recorded in a transaction of its own: the action's own one has rolled back (or never began).
  const auditDenied = (detail: Record<string, unknown>) =>
    withTx((tx) =>
      appendAudit(tx, { event: "action.denied", outcome: "FAILURE", actor: auditActor, unitId: actor.unitId, detail: { action: def.name, ...detail } }),
    );
  if (actor.passwordChange && !def.duringPasswordChange) {
    // getActor() already sends such a user to the change page; this holds for any other caller.
    await auditDenied({ code: "forbidden", reason: "password_change_required" });
    return { ok: false, code: "forbidden", error: PASSWORD_CHANGE_REQUIRED };
  }
  const parsed = def.input.safeParse(rawInput);
  if (!parsed.success) {
    const fieldErrors = fieldErrorsOf(parsed.error);
    return { ok: false, code: "invalid", error: Object.values(fieldErrors)[0] ?? "输入有误", fieldErrors };
  }
  try {
    const data = await withTx(async (tx) => {
      const unit = await def.target(tx, parsed.data, actor);
      if (!unit || !isWithin(unit.path, actor.unitPath)) throw notFoundError();
      if (!can(actor, def.permission, unit)) {
        throw new ExpectedError("forbidden", "您没有执行此操作的权限");
      }
      const audit: ActionContext<unknown>["audit"] = (entry) => appendAudit(tx, { unitId: unit.id, ...entry, actor: auditActor });
      if (def.secondFactor) {
        const otp = typeof rawInput === "object" && rawInput !== null ? (rawInput as Record<string, unknown>).otp : undefined;
        await requireSecondFactor(tx, actor, otp, (e) => audit({ ...e, objectType: "User", objectId: actor.userId }));
      }
      return def.run({ tx, actor, input: parsed.data, unit, audit });
    }, def.timeoutMs);
    return { ok: true, data };
  } catch (err) {
    if (!(err instanceof ExpectedError)) throw err;
    if (err instanceof SecondFactorRefusal) {
      // Counted with wrong passwords, committed although the action rolled back.
      const error = await recordSecondFactorRefusal(actor, err, def.name);
      return { ok: false, code: err.code, error, ...(err.field ? { fieldErrors: { [err.field]: error } } : {}) };
    }
    if (err.failureAudit) {
      const entry = err.failureAudit;
      await withTx((tx) => appendAudit(tx, { ...entry, outcome: "FAILURE", actor: auditActor, unitId: actor.unitId }));
    }
    if (err.code === "forbidden" || err.code === "not_found") {
      await auditDenied({ code: err.code });
    }
    return { ok: false, code: err.code, error: err.message, fieldErrors: err.fieldErrors, ...(err.details ? { details: err.details } : {}) };
  }
}
