// GET a township's archive package for one campaign (?campaign=<id>): every sealed village in one ZIP.
import { NextResponse } from "next/server";
import { z } from "zod";
import { getActor } from "@/lib/server/auth/actor";
import { getTownshipArchive } from "@/lib/server/records/archive";
import { archiveResponse, textResponse } from "@/lib/server/records/archive-response";

export const dynamic = "force-dynamic";

export async function GET(req: Request, ctx: { params: Promise<{ townshipId: string }> }) {
  const actor = await getActor();
  if (!actor) return NextResponse.redirect(new URL("/login", req.url), 303);
  const { townshipId } = await ctx.params;
  const campaignId = new URL(req.url).searchParams.get("campaign") ?? "";
  if (!z.uuid().safeParse(townshipId).success || !z.uuid().safeParse(campaignId).success) return textResponse(404, "未找到");
  return archiveResponse(() => getTownshipArchive(actor, townshipId, campaignId));
}
