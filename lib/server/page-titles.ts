import "server-only";
// Per-page <title>: the page's name and, for pages about one object, that object's name when the
// viewer may see it (an election's village, a campaign, a unit, a user, a round, a candidate).
import type { Metadata } from "next";
import { isUuid } from "@/lib/domain/audit-display";
import { getActor } from "./auth/actor";
import { db } from "./db";
import { visibleNames } from "./names";

/**
 * "候选人名单 · 城东村"; the root layout's template appends " · 换届选举". `nameOnly` titles the page
 * by the object's name alone (a campaign's name already says 换届选举), `label` when it is not visible.
 */
export async function pageTitle(label: string, id?: string, opts: { nameOnly?: boolean } = {}): Promise<string> {
  if (!id || !isUuid(id)) return label;
  const actor = await getActor();
  if (!actor) return label;
  const name = (await visibleNames(await db(), actor, [id.toLowerCase()])).get(id.toLowerCase());
  if (!name) return label;
  return opts.nameOnly ? name : `${label} · ${name}`;
}

/** generateMetadata for a page about the object whose id is the route parameter `key`. */
export function titleFromParam<K extends string>(label: string, key: K, opts: { nameOnly?: boolean } = {}) {
  return async function generateMetadata({ params }: { params: Promise<Record<K, string>> }): Promise<Metadata> {
    return { title: await pageTitle(label, (await params)[key], opts) };
  };
}
