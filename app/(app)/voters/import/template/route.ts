// GET the voter import template (.xlsx): header row with notes, 登记类别 dropdown, the actor's village codes.
import { NextResponse } from "next/server";
import { getActor } from "@/lib/server/auth/actor";
import { notFoundResponse, xlsxDownload } from "@/lib/server/nomination/excel";
import { mayImportVoters, voterImportTemplate } from "@/lib/server/voters/import-template";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  const actor = await getActor();
  if (!actor) return NextResponse.redirect(new URL("/login", req.url), 303);
  if (!mayImportVoters(actor)) return notFoundResponse();
  return xlsxDownload(await voterImportTemplate(actor), `${actor.unitName}-选民名单导入模板.xlsx`, "voter-import-template.xlsx");
}
