// GET /dashboard/export?campaign=&unit= : the dashboard's tables as .xlsx, the same numbers as the page.
import { NextResponse } from "next/server";
import { getActor } from "@/lib/server/auth/actor";
import { notFoundResponse, xlsxDownload } from "@/lib/server/nomination/excel";
import { getDashboard, listDashboardCampaigns } from "@/lib/server/oversight/dashboard";
import { buildDashboardWorkbook } from "@/lib/server/oversight/dashboard-excel";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  const actor = await getActor();
  if (!actor) return NextResponse.redirect(new URL("/login", req.url), 303);
  const url = new URL(req.url);
  const campaignId = url.searchParams.get("campaign") || (await listDashboardCampaigns(actor))[0]?.id;
  if (!campaignId) return notFoundResponse();
  const d = await getDashboard(actor, campaignId, url.searchParams.get("unit"));
  if (!d) return notFoundResponse();
  return xlsxDownload(await buildDashboardWorkbook(d), `${d.unit.name}-进度看板-${d.today}.xlsx`, "dashboard.xlsx");
}
