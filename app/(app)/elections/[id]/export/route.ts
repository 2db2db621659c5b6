// GET one village's preliminary candidate list as .xlsx (ID numbers and phones masked).
import { NextResponse } from "next/server";
import { z } from "zod";
import { getActor } from "@/lib/server/auth/actor";
import { listWorkbookDownload, notFoundResponse, xlsxDownload } from "@/lib/server/nomination/excel";

export const dynamic = "force-dynamic";

export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const actor = await getActor();
  if (!actor) return NextResponse.redirect(new URL("/login", req.url), 303);
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) return notFoundResponse();
  const download = await listWorkbookDownload(id, actor);
  if (!download) return notFoundResponse();
  return xlsxDownload(download.buffer, download.fileName, "candidate-list.xlsx");
}
