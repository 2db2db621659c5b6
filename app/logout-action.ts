"use server";
// Logout as a server action: a plain form POST works even before the page has hydrated.
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getActor } from "@/lib/server/auth/actor";
import { logout } from "@/lib/server/auth/login";
import { sessionCookieName } from "@/lib/server/auth/options";

export async function logoutAction() {
  const actor = await getActor();
  if (actor) await logout(actor.sessionId);
  (await cookies()).delete(sessionCookieName());
  redirect("/login");
}
