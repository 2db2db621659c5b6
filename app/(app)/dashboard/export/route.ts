// GET /dashboard/export?campaign=&unit= : the dashboard's tables as .xlsx, the same numbers as the page.
import { xlsxDownload } from "@/lib/server/nomination/excel";
import { getDashboard, listDashboardCampaigns } from "@/lib/server/oversight/dashboard";
import { buildDashboardWorkbook } from "@/lib/server/oversight/dashboard-excel";
import { guardedGet } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = guardedGet({}, async ({ actor, url }) => {
  const campaignId = url.searchParams.get("campaign") || (await listDashboardCampaigns(actor))[0]?.id;
  const d = campaignId ? await getDashboard(actor, campaignId, url.searchParams.get("unit")) : null;
  return d ? xlsxDownload(await buildDashboardWorkbook(d), `${d.unit.name}-进度看板-${d.today}.xlsx`, "dashboard.xlsx") : null;
});
