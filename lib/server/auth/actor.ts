import "server-only";
// Loads the signed-in actor on the server for pages, actions and route handlers.
import { cookies } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { decode } from "next-auth/jwt";
import { cache } from "react";
import { can, type Permission } from "@/lib/domain/permissions";
import { authSecret } from "./secret";
import { sessionCookieName } from "./options";
import { actorForSession, endedSessionReason, type Actor, type EndedReason } from "./sessions";

export type { Actor };

/** Where a user who must change their password is sent; outside the (app) layout, like /login. */
export const PASSWORD_CHANGE_PATH = "/password";

/**
 * The signed-in actor whatever the state of their password. Only for the password-change page and
 * its action and for logout; everything else uses getActor(). Cached per request.
 */
export const getSessionActor = cache(async (): Promise<Actor | null> => {
  const sid = await cookieSessionId();
  return sid ? actorForSession(sid) : null;
});

/** The session id in this browser's signed cookie, whether or not that session is still live. */
async function cookieSessionId(): Promise<string | null> {
  const raw = (await cookies()).get(sessionCookieName())?.value;
  if (!raw) return null;
  const token = await decode({ token: raw, secret: authSecret() }).catch(() => null);
  return token && typeof token.sid === "string" ? token.sid : null;
}

/**
 * For the login page: why this browser's last session was ended from elsewhere (the session cap, or
 * the user on another device), so the person here learns it at their next login. Null otherwise.
 */
export async function endedSessionReasonHere(): Promise<EndedReason | null> {
  const sid = await cookieSessionId();
  return sid ? endedSessionReason(sid) : null;
}

/**
 * The current actor, or null. A user whose password must be changed first (set by an administrator,
 * or expired) is redirected to the change page instead: every page, route handler and server action
 * loads the actor here, so none of them runs for such a user (docs/decisions/002).
 */
export const getActor = cache(async (): Promise<Actor | null> => {
  const actor = await getSessionActor();
  if (actor?.passwordChange) redirect(PASSWORD_CHANGE_PATH);
  return actor;
});

/** For pages: the actor, or a redirect to the login page. */
export async function requireActor(): Promise<Actor> {
  const actor = await getActor();
  if (!actor) redirect("/login");
  return actor;
}

/** For pages: 404 unless the actor holds `permission` over their own unit (their subtree). */
export async function requirePermission(permission: Permission): Promise<Actor> {
  const actor = await requireActor();
  if (!can(actor, permission, { path: actor.unitPath })) notFound();
  return actor;
}
