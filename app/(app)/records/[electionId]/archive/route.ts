// GET one sealed election's archive package (ZIP): scoped, permission-checked and audited in the DAL.
import { NextResponse } from "next/server";
import { z } from "zod";
import { getActor } from "@/lib/server/auth/actor";
import { getElectionArchive } from "@/lib/server/records/archive";
import { archiveResponse, textResponse } from "@/lib/server/records/archive-response";

export const dynamic = "force-dynamic";

export async function GET(req: Request, ctx: { params: Promise<{ electionId: string }> }) {
  const actor = await getActor();
  if (!actor) return NextResponse.redirect(new URL("/login", req.url), 303);
  const { electionId } = await ctx.params;
  if (!z.uuid().safeParse(electionId).success) return textResponse(404, "未找到");
  return archiveResponse(() => getElectionArchive(actor, electionId));
}
