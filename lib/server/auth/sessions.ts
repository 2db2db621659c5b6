import "server-only";
// Server-side sessions: the signed cookie carries only a session id; this table decides whether it
// is still valid, so logout, idle timeout and disabling a user end it at once (docs/decisions/002).
import { randomBytes } from "node:crypto";
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

export async function createSession(tx: Tx, userId: string): Promise<string> {
  const id = randomBytes(32).toString("hex");
  await tx.session.create({
    data: { id, userId, expiresAt: new Date(Date.now() + SESSION_MAX_HOURS * 3600_000) },
  });
  return id;
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
          id: true, username: true, displayName: true, role: true, disabled: true, departmentId: true,
          mustChangePassword: true, passwordChangedAt: true,
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
