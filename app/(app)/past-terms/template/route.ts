// GET the past-term import template (.xlsx), with the county's villages and communities to copy codes from.
import { NextResponse } from "next/server";
import { can } from "@/lib/domain/permissions";
import { getActor } from "@/lib/server/auth/actor";
import { notFoundResponse, xlsxDownload } from "@/lib/server/nomination/excel";
import { pastTermTemplate, templateVillages } from "@/lib/server/oversight/past-terms";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  const actor = await getActor();
  if (!actor) return NextResponse.redirect(new URL("/login", req.url), 303);
  if (!can(actor, "term.import", { path: actor.unitPath })) return notFoundResponse();
  const buffer = await pastTermTemplate({ villages: await templateVillages(actor) });
  return xlsxDownload(buffer, `${actor.unitName}-往届村(居)委会成员导入模板.xlsx`, "past-term-template.xlsx");
}
