import "server-only";
// Server-side sessions: the signed cookie carries only a session id; this table decides whether it
// is still valid, so logout, idle timeout and disabling a user end it at once (docs/decisions/002).
import { createHash, randomBytes } from "node:crypto";
import { passwordExpiry } from "@/lib/domain/password-policy";
import type { Role } from "@/lib/domain/permissions";
import type { UnitLevel } from "@/lib/domain/units";
import { env } from "@/lib/env";
import { appendAudit } from "../audit";
import { db, withTx, type Tx } from "../db";

export const SESSION_MAX_HOURS = 12;
const TOUCH_EVERY_MS = 30_000;

export type Actor = {
  sessionId: string;
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  unitId: string;
  unitPath: string;
  unitName: string;
  unitCode: string;
  unitLevel: UnitLevel;
  countyId: string | null;
  departmentId: string | null;
  departmentName: string | null;
  /**
   * Why this user must change their password before anything else: an administrator set it, or it
   * is past PASSWORD_MAX_AGE_DAYS. Absent when nothing is due (docs/decisions/002).
   */
  passwordChange?: PasswordChangeReason;
  /** When the password expires, with PASSWORD_MAX_AGE_DAYS set. */
  passwordExpiresAt?: Date;
};

export type PasswordChangeReason = "admin_set" | "expired";

/** Where a login came from, kept on its session for the own session list (我的账号). */
export type SessionClient = { address?: string; userAgent?: string };

export async function createSession(tx: Tx, userId: string, client: SessionClient = {}, now = new Date()): Promise<string> {
  const id = randomBytes(32).toString("hex");
  await tx.session.create({
    data: {
      id,
      userId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + SESSION_MAX_HOURS * 3600_000),
      address: client.address?.slice(0, 64) ?? null,
      userAgent: client.userAgent?.slice(0, 300) ?? null,
    },
  });
  return id;
}

/** The rows actorForSession would still accept (the user's own state aside): not revoked, not expired, not idle. */
export function liveSessionWhere(userId: string, now = new Date()) {
  return {
    userId,
    revokedAt: null,
    expiresAt: { gt: now },
    lastSeenAt: { gt: new Date(now.getTime() - env().SESSION_IDLE_MINUTES * 60_000) },
  };
}

/** Why the cap ended a session; the login page of that browser explains it (endedSessionNotice). */
export const SESSION_CAP_REASON = "session_cap";
/** A user ended it from another session of theirs on 我的账号. */
export const ENDED_BY_USER_REASON = "ended_by_user";
export type EndedReason = typeof SESSION_CAP_REASON | typeof ENDED_BY_USER_REASON;

/**
 * Makes room for one more session within SESSION_MAX_PER_USER by ending the user's oldest live ones
 * (reason session_cap). Called inside the login transaction after the user row was updated: on
 * PostgreSQL that update holds the row lock, so two logins of one user at once count one after the
 * other and cannot both keep N sessions plus one.
 */
export async function enforceSessionCap(
  tx: Tx,
  userId: string,
  now = new Date(),
): Promise<{ ended: { createdAt: Date; address: string | null }[]; max: number }> {
  const max = env().SESSION_MAX_PER_USER;
  const live = await tx.session.findMany({
    where: liveSessionWhere(userId, now),
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, createdAt: true, address: true },
  });
  const excess = live.slice(0, Math.max(0, live.length - (max - 1)));
  if (excess.length) {
    await tx.session.updateMany({
      where: { id: { in: excess.map((s) => s.id) }, revokedAt: null },
      data: { revokedAt: now, revokedReason: SESSION_CAP_REASON },
    });
  }
  return { ended: excess.map(({ createdAt, address }) => ({ createdAt, address })), max };
}

/**
 * A handle naming a session in pages and forms. The id itself is what the signed cookie carries, so
 * it never goes to a browser; a handle is a digest of it that cannot be turned back into one.
 */
export function sessionHandle(id: string): string {
  return createHash("sha256").update(`session-handle:${id}`).digest("hex").slice(0, 24);
}

export type OwnSession = {
  handle: string;
  current: boolean;
  createdAt: Date;
  lastSeenAt: Date;
  address: string | null;
  userAgent: string | null;
};

/** The actor's live sessions, the current one first, then the newest first. */
export async function listOwnSessions(actor: Pick<Actor, "userId" | "sessionId">, now = new Date()): Promise<OwnSession[]> {
  const prisma = await db();
  const rows = await prisma.session.findMany({
    where: liveSessionWhere(actor.userId, now),
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    select: { id: true, createdAt: true, lastSeenAt: true, address: true, userAgent: true },
  });
  return rows
    .map(({ id, ...r }) => ({ handle: sessionHandle(id), current: id === actor.sessionId, ...r }))
    .sort((a, b) => Number(b.current) - Number(a.current));
}

/**
 * Why the session a browser's cookie names ended, when that is worth telling the person at that
 * browser on the login page: another login pushed it out (session_cap) or they ended it themselves
 * from another session. Null for anything else (logout clears the cookie; idle, disabled …).
 */
export async function endedSessionReason(sessionId: string): Promise<EndedReason | null> {
  const prisma = await db();
  const s = await prisma.session.findUnique({ where: { id: sessionId }, select: { revokedReason: true } });
  const reason = s?.revokedReason;
  return reason === SESSION_CAP_REASON || reason === ENDED_BY_USER_REASON ? reason : null;
}

export async function revokeSession(tx: Tx, id: string, reason: string): Promise<boolean> {
  const res = await tx.session.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date(), revokedReason: reason } });
  return res.count > 0;
}

/** Ends the user's live sessions, all of them or all but `keep` (the one changing the password). */
export async function revokeUserSessions(tx: Tx, userId: string, reason: string, keep?: string): Promise<number> {
  const res = await tx.session.updateMany({
    where: { userId, revokedAt: null, ...(keep ? { id: { not: keep } } : {}) },
    data: { revokedAt: new Date(), revokedReason: reason },
  });
  return res.count;
}

/** Loads the actor behind a session id, or null when the session is over for any reason. */
export async function actorForSession(sessionId: string, now = new Date()): Promise<Actor | null> {
  const prisma = await db();
  const s = await prisma.session.findUnique({
    where: { id: sessionId },
    select: {
      id: true,
      revokedAt: true,
      expiresAt: true,
      lastSeenAt: true,
      user: {
        select: {
          id: true,
          username: true,
          displayName: true,
          role: true,
          disabled: true,
          departmentId: true,
          mustChangePassword: true,
          passwordChangedAt: true,
          department: { select: { name: true } },
          unit: { select: { id: true, path: true, name: true, code: true, level: true, countyId: true, active: true } },
        },
      },
    },
  });
  if (!s || s.revokedAt || s.user.disabled || s.expiresAt <= now) return null;
  const idleMs = env().SESSION_IDLE_MINUTES * 60_000;
  if (now.getTime() - s.lastSeenAt.getTime() > idleMs) {
    await withTx(async (tx) => {
      if (await revokeSession(tx, s.id, "idle")) {
        await appendAudit(tx, {
          event: "auth.session.expired",
          actor: { userId: s.user.id, username: s.user.username, role: s.user.role },
          unitId: s.user.unit.id,
          objectType: "Session",
        });
      }
    });
    return null;
  }
  if (now.getTime() - s.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await prisma.session.updateMany({ where: { id: s.id, revokedAt: null }, data: { lastSeenAt: now } });
  }
  const u = s.user;
  const expiry = passwordExpiry(u.passwordChangedAt, env().PASSWORD_MAX_AGE_DAYS, now);
  const passwordChange: PasswordChangeReason | null = u.mustChangePassword ? "admin_set" : expiry?.expired ? "expired" : null;
  return {
    sessionId: s.id,
    userId: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    unitId: u.unit.id,
    unitPath: u.unit.path,
    unitName: u.unit.name,
    unitCode: u.unit.code,
    unitLevel: u.unit.level,
    countyId: u.unit.countyId,
    departmentId: u.departmentId,
    departmentName: u.department?.name ?? null,
    ...(passwordChange ? { passwordChange } : {}),
    ...(expiry ? { passwordExpiresAt: expiry.expiresAt } : {}),
  };
}
