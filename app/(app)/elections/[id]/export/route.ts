// GET one village's preliminary candidate list as .xlsx (ID numbers and phones masked).
import { NextResponse } from "next/server";
import { z } from "zod";
import { can } from "@/lib/domain/permissions";
import { getActor } from "@/lib/server/auth/actor";
import { db } from "@/lib/server/db";
import { buildListWorkbook, notFoundResponse, xlsxDownload } from "@/lib/server/nomination/excel";
import { electionInScope } from "@/lib/server/nomination/elections";

export const dynamic = "force-dynamic";

export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const actor = await getActor();
  if (!actor) return NextResponse.redirect(new URL("/login", req.url), 303);
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) return notFoundResponse();
  const scoped = await electionInScope(await db(), actor, id);
  if (!scoped || !can(actor, "candidate.view", { path: scoped.unit.path })) return notFoundResponse();
  const buffer = await buildListWorkbook(id, actor);
  if (!buffer) return notFoundResponse();
  return xlsxDownload(buffer, `${scoped.unit.name}-初步候选人名单.xlsx`, "candidate-list.xlsx");
}
