import "server-only";
// The one preamble of the app's GET route handlers (downloads, attachments, replays): the signed-in
// actor, the route's id parameters checked as UUIDs, and one answer each for "not signed in" (to the
// login page, as a page would) and "not found" (also for anything outside the actor's scope). The
// handler's own read checks the actor against the target and returns null when it may not see it.
import { NextResponse } from "next/server";
import { z } from "zod";
import { getActor } from "./auth/actor";
import type { Actor } from "./auth/sessions";

export const NOT_FOUND_TEXT = "未找到该对象，或它不在您的管辖范围内";

export function notFoundResponse(): Response {
  return new Response(NOT_FOUND_TEXT, { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "private, no-store" } });
}

export type RouteContext<K extends string> = { actor: Actor; params: Record<K, string>; url: URL };

const uuid = z.uuid();

/**
 * A GET handler: `ids` names the route parameters (and query parameters) that must be UUIDs; `handle`
 * answers, or returns null for 404.
 */
export function guardedGet<K extends string = never>(
  ids: { params?: readonly K[]; query?: readonly K[] },
  handle: (ctx: RouteContext<K>) => Promise<Response | null>,
) {
  return async (req: Request, ctx?: { params: Promise<Record<string, string | string[]>> }): Promise<Response> => {
    const actor = await getActor();
    if (!actor) return NextResponse.redirect(new URL("/login", req.url), 303);
    const url = new URL(req.url);
    const raw = ctx?.params ? await ctx.params : {};
    const params = {} as Record<K, string>;
    for (const k of ids.params ?? []) {
      const v = raw[k];
      if (typeof v !== "string" || !uuid.safeParse(v).success) return notFoundResponse();
      params[k] = v;
    }
    for (const k of ids.query ?? []) {
      const v = url.searchParams.get(k) ?? "";
      if (!uuid.safeParse(v).success) return notFoundResponse();
      params[k] = v;
    }
    return (await handle({ actor, params, url })) ?? notFoundResponse();
  };
}
