// GET /dashboard/province/export?term=&unit=&sort=&dir= : the province overview's county table as .xlsx.
import { NextResponse } from "next/server";
import { getActor } from "@/lib/server/auth/actor";
import { notFoundResponse, xlsxDownload } from "@/lib/server/nomination/excel";
import { buildProvinceWorkbook } from "@/lib/server/oversight/dashboard-excel";
import { getProvinceDashboard } from "@/lib/server/oversight/province-dashboard";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  const actor = await getActor();
  if (!actor) return NextResponse.redirect(new URL("/login", req.url), 303);
  const q = new URL(req.url).searchParams;
  const d = await getProvinceDashboard(actor, { term: q.get("term"), unitId: q.get("unit"), sort: q.get("sort"), dir: q.get("dir") });
  if (!d) return notFoundResponse();
  return xlsxDownload(await buildProvinceWorkbook(d), `${d.unit.name}-换届进度总览-${d.today}.xlsx`, "province-dashboard.xlsx");
}
