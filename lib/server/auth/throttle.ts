import "server-only";
// Login failures by source address and by username, kept in the database so that every app process
// behind a proxy counts the same failures (docs/decisions/012-login-throttling.md).
import { createHash } from "node:crypto";
import {
  ADDRESS_WINDOW_MINUTES,
  FAILURE_RETENTION_HOURS,
  phantomLockUntil,
  SPRAY_DISTINCT_USERNAMES,
  SPRAY_WINDOW_MINUTES,
  throttleDecision,
} from "@/lib/domain/login-throttle";
import { LOCKOUT_MINUTES, LOCKOUT_THRESHOLD } from "@/lib/domain/password-policy";
import { appendAudit } from "../audit";
import { withTx, type Tx } from "../db";

const MINUTE = 60_000;
/** Class id of the per-address advisory locks (two-key form, apart from the audit chain's lock). */
const ADDRESS_LOCK_CLASS = 7402;

/** What a failure record keeps of a username: a password typed into the username field is not stored. */
export function usernameKey(username: string): string {
  return createHash("sha256").update(username, "utf8").digest("hex");
}

/**
 * Seconds the address must still wait before an attempt is checked, or null when it may try.
 * Read without a lock, as a quick first answer; reserveAttempt decides.
 */
export async function addressRetryAfter(tx: Tx, address: string, now: Date): Promise<number | null> {
  const agg = await tx.loginFailure.aggregate({
    where: { address, at: { gt: new Date(now.getTime() - ADDRESS_WINDOW_MINUTES * MINUTE), lte: now } },
    _count: { _all: true },
    _max: { at: true },
  });
  const decision = throttleDecision(agg._count._all, agg._max.at, now);
  return decision.allowed ? null : decision.retryAfterSeconds;
}

/** For a username without an account: until when it counts as locked, like a real account would be. */
export async function unknownUsernameLockedUntil(tx: Tx, username: string, now: Date): Promise<Date | null> {
  const agg = await tx.loginFailure.aggregate({
    where: { usernameHash: usernameKey(username), at: { gt: new Date(now.getTime() - FAILURE_RETENTION_HOURS * 60 * MINUTE), lte: now } },
    _count: { _all: true },
    _max: { at: true },
  });
  return phantomLockUntil(agg._count._all, agg._max.at, LOCKOUT_THRESHOLD, LOCKOUT_MINUTES, now);
}

async function lockAddress(tx: Tx, address: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ADDRESS_LOCK_CLASS}::int, hashtext(${address}))`;
}

export type Reservation = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * Decides, under the address's lock, whether a password may be checked, and if so records the
 * attempt as a failure before it is checked. A burst of parallel attempts thus sees each other: the
 * 11th waits for the 10th even while their passwords are still being hashed. A success deletes the
 * row again (clearUsernameFailures); a failure keeps it. Old rows are pruned here.
 */
export async function reserveAttempt(address: string, username: string, now: Date): Promise<Reservation> {
  return withTx(async (tx) => {
    await lockAddress(tx, address);
    const retryAfterSeconds = await addressRetryAfter(tx, address, now);
    if (retryAfterSeconds !== null) return { ok: false as const, retryAfterSeconds };
    await tx.loginFailure.deleteMany({ where: { at: { lt: new Date(now.getTime() - FAILURE_RETENTION_HOURS * 60 * MINUTE) } } });
    await tx.loginFailure.create({ data: { address, usernameHash: usernameKey(username), at: now } });
    return { ok: true as const };
  });
}

export type RecordedFailure = {
  /** Checked failures for this username in the retention period, this one included. */
  usernameFailures: number;
  /** Set when this failure made the address look like a password spray (first time in the window). */
  spray: { distinctUsernames: number } | null;
};

/**
 * After a reserved attempt failed: counts the username's failures and looks for a spray. Call it
 * first in the transaction: it takes the address's lock before appendAudit takes the chain's,
 * always in that order, so that concurrent processes write the spray alert once.
 */
export async function recordLoginFailure(tx: Tx, address: string, username: string, now: Date): Promise<RecordedFailure> {
  await lockAddress(tx, address);
  const usernameHash = usernameKey(username);
  const usernameFailures = await tx.loginFailure.count({
    where: { usernameHash, at: { gt: new Date(now.getTime() - FAILURE_RETENTION_HOURS * 60 * MINUTE), lte: now } },
  });

  const sprayFrom = new Date(now.getTime() - SPRAY_WINDOW_MINUTES * MINUTE);
  const distinct = await tx.loginFailure.findMany({
    where: { address, at: { gt: sprayFrom, lte: now } },
    distinct: ["usernameHash"],
    select: { usernameHash: true },
  });
  if (distinct.length < SPRAY_DISTINCT_USERNAMES) return { usernameFailures, spray: null };
  const alert = await tx.loginSprayAlert.findUnique({ where: { address }, select: { at: true } });
  if (alert && alert.at > sprayFrom && alert.at <= now) return { usernameFailures, spray: null };
  await tx.loginSprayAlert.upsert({ where: { address }, create: { address, at: now }, update: { at: now } });
  await tx.loginSprayAlert.deleteMany({ where: { at: { lt: new Date(now.getTime() - FAILURE_RETENTION_HOURS * 60 * MINUTE) } } });
  return { usernameFailures, spray: { distinctUsernames: distinct.length } };
}

/** Writes auth.spray_suspected for a failure that recordLoginFailure flagged. */
export async function auditSpray(tx: Tx, address: string, failure: RecordedFailure): Promise<void> {
  if (!failure.spray) return;
  await appendAudit(tx, {
    event: "auth.spray_suspected",
    outcome: "FAILURE",
    actor: null,
    detail: { address, distinctUsernames: failure.spray.distinctUsernames, windowMinutes: SPRAY_WINDOW_MINUTES },
  });
}

/**
 * A successful login clears its username's failures, and with them their share of the address's
 * count; failures on other usernames stay, so one good account cannot reset a spraying address.
 */
export async function clearUsernameFailures(tx: Tx, username: string): Promise<void> {
  await tx.loginFailure.deleteMany({ where: { usernameHash: usernameKey(username) } });
}
