// GET /dashboard/province/export?term=&unit=&sort=&dir= : the province overview's county table as .xlsx.
import { xlsxDownload } from "@/lib/server/nomination/excel";
import { buildProvinceWorkbook } from "@/lib/server/oversight/dashboard-excel";
import { getProvinceDashboard } from "@/lib/server/oversight/province-dashboard";
import { guardedGet } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = guardedGet({}, async ({ actor, url }) => {
  const q = url.searchParams;
  const d = await getProvinceDashboard(actor, { term: q.get("term"), unitId: q.get("unit"), sort: q.get("sort"), dir: q.get("dir") });
  return d ? xlsxDownload(await buildProvinceWorkbook(d), `${d.unit.name}-换届进度总览-${d.today}.xlsx`, "province-dashboard.xlsx") : null;
});
