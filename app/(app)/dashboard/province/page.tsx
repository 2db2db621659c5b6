import Link from "next/link";
import type { Metadata } from "next";
import { Chart } from "@/components/chart";
import { Figure, funnelOption } from "@/components/dashboard-figures";
import { PrintButton } from "@/components/print-button";
import { STAGE_HINT, STAGE_LABEL, STAGES } from "@/lib/domain/oversight";
import { COUNTY_SORT_LABEL, type CountySortKey } from "@/lib/domain/province-dashboard";
import { requirePermission } from "@/lib/server/auth/actor";
import { getProvinceDashboard, type ProvinceDashboard } from "@/lib/server/oversight/province-dashboard";

export const metadata: Metadata = { title: "全省(市)换届进度总览" };

type Search = { term?: string; unit?: string; sort?: string; dir?: string };

const percent = (share: number | null) => (share === null ? "—" : `${(share * 100).toFixed(1)}%`);

function query(d: ProvinceDashboard, over: Partial<Record<"term" | "unit" | "sort" | "dir", string>>) {
  const p = new URLSearchParams({ term: d.term, unit: d.unit.id, sort: d.sort, dir: d.dir, ...over });
  return `/dashboard/province?${p.toString()}`;
}

/** A column header that sorts the table by its key (again: the other direction). */
function SortHeader({ d, k, label }: { d: ProvinceDashboard; k: CountySortKey; label?: string }) {
  const active = d.sort === k;
  const next = active ? (d.dir === "asc" ? "desc" : "asc") : k === "code" ? "asc" : "desc";
  return (
    <th aria-sort={active ? (d.dir === "asc" ? "ascending" : "descending") : undefined}>
      <Link className="link" href={query(d, { sort: k, dir: next })}>
        {label ?? COUNTY_SORT_LABEL[k]}
        {active ? (d.dir === "asc" ? " ↑" : " ↓") : ""}
      </Link>
    </th>
  );
}

/**
 * 全省(市)进度总览: every county of a province or city on one page for the campaigns of one term, with
 * stage counts, overdue items, risk and the share certified; each county opens its own dashboard.
 */
export default async function ProvinceDashboardPage({ searchParams }: { searchParams: Promise<Search> }) {
  const actor = await requirePermission("oversight.view");
  const sp = await searchParams;
  const d = await getProvinceDashboard(actor, { term: sp.term, unitId: sp.unit, sort: sp.sort, dir: sp.dir });
  if (!d) {
    return (
      <div className="space-y-3">
        <h1>全省(市)换届进度总览</h1>
        <p className="text-sm text-slate-600">未找到该单位，或它不在您的管辖范围内，或其下各县(市、区)还没有换届选举。</p>
        <Link className="link" href="/dashboard">
          返回进度看板
        </Link>
      </div>
    );
  }
  const t = d.totals;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1>
          {d.unit.name}换届进度总览 <span className="text-base font-normal text-slate-500">{d.term}</span>
        </h1>
        <div className="no-print ml-auto flex flex-wrap items-center gap-2">
          {d.terms.length > 1 && (
            <form method="get" action="/dashboard/province" className="inline-flex items-center gap-2">
              <input type="hidden" name="unit" value={d.unit.id} />
              <label htmlFor="term" className="text-sm">
                届次
              </label>
              <select id="term" name="term" defaultValue={d.term}>
                {d.terms.map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </select>
              <button type="submit" className="btn-secondary">
                查看
              </button>
            </form>
          )}
          <a
            className="btn-secondary"
            href={`/dashboard/province/export?${new URLSearchParams({ term: d.term, unit: d.unit.id, sort: d.sort, dir: d.dir })}`}
            download
          >
            导出 Excel
          </a>
          <PrintButton />
        </div>
      </div>

      {(d.up || d.cities.length > 0) && (
        <nav aria-label="地级市" className="no-print flex flex-wrap items-center gap-3 text-sm" data-testid="cities">
          {d.up && (
            <Link className="link" href={query(d, { unit: d.up.id })}>
              返回{d.up.name}
            </Link>
          )}
          {d.cities.map((c) => (
            <Link key={c.id} className="link" href={query(d, { unit: c.id })}>
              {c.name}
            </Link>
          ))}
        </nav>
      )}

      <section className="card grid gap-3 text-sm sm:grid-cols-3 lg:grid-cols-6" data-testid="province-totals">
        <Figure label="县(市、区)" value={`${t.counties}（已启动 ${t.withCampaign}）`} />
        <Figure label="村 / 社区" value={`${t.villages} / ${t.communities}`} />
        <Figure label="已认定或归档" value={percent(t.done)} />
        <Figure label="有逾期事项" value={t.overdue} warn={t.overdue > 0} />
        <Figure label="红色风险" value={t.red} warn={t.red > 0} />
        <Figure label="无可用账号" value={t.noActiveUser} warn={t.noActiveUser > 0} />
        <p className="text-xs text-slate-500 sm:col-span-3 lg:col-span-6">
          截至 {d.today}。只统计已启动本届换届的县(市、区)所辖村(社区)；逾期规则与各县进度看板相同。
        </p>
      </section>

      <section className="card space-y-2">
        <h2>各县(市、区)进度</h2>
        <div className="overflow-x-auto">
          <table data-testid="counties" className="text-sm">
            <thead>
              <tr>
                <SortHeader d={d} k="code" label="县(市、区)" />
                {d.cities.length > 0 && <th>所属市</th>}
                <SortHeader d={d} k="units" />
                <th>村 / 社区</th>
                <SortHeader d={d} k="notStarted" />
                {STAGES.filter((s) => s !== "notStarted").map((s) => (
                  <th key={s} className="text-xs" title={STAGE_HINT[s]}>
                    {STAGE_LABEL[s]}
                  </th>
                ))}
                <SortHeader d={d} k="overdue" />
                <SortHeader d={d} k="red" />
                <SortHeader d={d} k="noActiveUser" />
                <SortHeader d={d} k="done" />
              </tr>
            </thead>
            <tbody>
              {d.rows.map((r) => (
                <tr key={r.id} data-county={r.code}>
                  <td>
                    {r.campaignId ? (
                      <Link className="link" href={`/dashboard?campaign=${r.campaignId}&unit=${r.id}`}>
                        {r.name}
                      </Link>
                    ) : (
                      <span>
                        {r.name} <span className="text-xs text-slate-500">未启动</span>
                      </span>
                    )}
                  </td>
                  {d.cities.length > 0 && <td>{r.city ?? ""}</td>}
                  <td data-testid="units">{r.units}</td>
                  <td data-testid="kinds">
                    {r.villages} / {r.communities}
                  </td>
                  <td>{r.stageCounts.notStarted}</td>
                  {STAGES.filter((s) => s !== "notStarted").map((s) => (
                    <td key={s}>{r.stageCounts[s]}</td>
                  ))}
                  <td className={r.overdue ? "font-semibold text-red-700" : ""}>{r.overdue}</td>
                  <td className={r.red ? "font-semibold text-red-700" : ""}>{r.red}</td>
                  <td className={r.noActiveUser ? "text-amber-800" : ""}>{r.noActiveUser}</td>
                  <td>{percent(r.done)}</td>
                </tr>
              ))}
              <tr className="font-medium" data-testid="province-total-row">
                <td>合计</td>
                {d.cities.length > 0 && <td></td>}
                <td data-testid="units">{t.units}</td>
                <td data-testid="kinds">
                  {t.villages} / {t.communities}
                </td>
                <td>{t.stageCounts.notStarted}</td>
                {STAGES.filter((s) => s !== "notStarted").map((s) => (
                  <td key={s}>{t.stageCounts[s]}</td>
                ))}
                <td>{t.overdue}</td>
                <td>{t.red}</td>
                <td>{t.noActiveUser}</td>
                <td>{percent(t.done)}</td>
              </tr>
            </tbody>
          </table>
        </div>
      </section>

      <section className="card">
        <Chart
          title="全省(市)换届进度漏斗"
          height={340}
          option={funnelOption(t.reached, t.units)}
          table={{ head: ["阶段", "已达到该阶段"], rows: STAGES.map((s) => [STAGE_LABEL[s], t.reached[s]]) }}
        />
      </section>
    </div>
  );
}
