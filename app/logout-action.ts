"use server";
// Logout as a server action: a plain form POST works even before the page has hydrated.
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getSessionActor } from "@/lib/server/auth/actor";
import { logout } from "@/lib/server/auth/login";
import { sessionCookieName } from "@/lib/server/auth/options";

export async function logoutAction() {
  // Not getActor(): it redirects a user whose password change is due, who must still be able to leave.
  const actor = await getSessionActor();
  if (actor) await logout(actor.sessionId);
  (await cookies()).delete(sessionCookieName());
  redirect("/login");
}
