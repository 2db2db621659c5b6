import Link from "next/link";
import { z } from "zod";
import { Chart } from "@/components/chart";
import { Figure, funnelOption } from "@/components/dashboard-figures";
import { RiskBadge, StageBadge } from "@/components/oversight-badges";
import { PrintButton } from "@/components/print-button";
import { RiskForm } from "@/components/risk-form";
import { chinaDateTime, STAGE_HINT, STAGE_LABEL, STAGES } from "@/lib/domain/oversight";
import { requirePermission } from "@/lib/server/auth/actor";
import { complaintOverview } from "@/lib/server/complaints";
import { getDashboard, listDashboardCampaigns } from "@/lib/server/oversight/dashboard";
import { hasProvinceOverview } from "@/lib/server/oversight/province-dashboard";
import { redirect } from "next/navigation";
import { setRiskAction } from "./actions";
import type { Metadata } from "next";

export const metadata: Metadata = { title: "进度看板" };

type Search = { campaign?: string; unit?: string };

/** 进度看板: a county's or township's villages by stage, overdue items, risk status; drill down to a village. */
export default async function DashboardPage({ searchParams }: { searchParams: Promise<Search> }) {
  const actor = await requirePermission("oversight.view");
  const sp = await searchParams;
  // A province or city opens on its overview of all counties; a county's dashboard is one click away.
  if (hasProvinceOverview(actor) && !sp.campaign) redirect("/dashboard/province");
  const campaigns = await listDashboardCampaigns(actor);
  const campaignId = z.uuid().safeParse(sp.campaign).success ? sp.campaign! : campaigns[0]?.id;
  const d = campaignId ? await getDashboard(actor, campaignId, sp.unit) : null;
  if (!d) {
    return (
      <div className="space-y-3">
        <h1>进度看板</h1>
        <p className="text-sm text-slate-600">{campaigns.length ? "未找到该换届或单位，或它不在您的管辖范围内。" : "管辖范围内还没有换届选举。"}</p>
        {campaigns.length > 0 && (
          <Link className="link" href="/dashboard">
            返回进度看板
          </Link>
        )}
      </div>
    );
  }
  const complaints = await complaintOverview(actor, d.unit.id);
  const q = (unitId: string) => `/dashboard?campaign=${d.campaign.id}&unit=${unitId}`;
  const atCounty = d.childLevel === "TOWNSHIP";
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1>
          {d.unit.name}换届进度看板 <span className="text-base font-normal text-slate-500">{d.campaign.name}</span>
        </h1>
        <div className="no-print ml-auto flex flex-wrap items-center gap-2">
          {hasProvinceOverview(actor) && (
            <Link className="link text-sm" href="/dashboard/province">
              返回{actor.unitName}总览
            </Link>
          )}
          {campaigns.length > 1 && (
            <form method="get" action="/dashboard" className="inline-flex items-center gap-2">
              <label htmlFor="campaign" className="text-sm">
                换届
              </label>
              <select id="campaign" name="campaign" defaultValue={d.campaign.id}>
                {campaigns.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.county.name} · {c.name}
                  </option>
                ))}
              </select>
              <button type="submit" className="btn-secondary">
                查看
              </button>
            </form>
          )}
          <a className="btn-secondary" href={`/dashboard/export?campaign=${d.campaign.id}&unit=${d.unit.id}`} download>
            导出 Excel
          </a>
          <PrintButton />
        </div>
      </div>

      <nav aria-label="单位层级" className="flex flex-wrap items-center gap-1 text-sm" data-testid="breadcrumb">
        {d.breadcrumb.map((b, i) => (
          <span key={b.id} className="inline-flex items-center gap-1">
            {i > 0 && <span className="text-slate-400">›</span>}
            {b.id === d.unit.id || !b.inScope ? (
              <span className={b.id === d.unit.id ? "font-semibold" : "text-slate-500"}>{b.name}</span>
            ) : (
              <Link className="link" href={q(b.id)}>
                {b.name}
              </Link>
            )}
          </span>
        ))}
      </nav>

      <section className="card grid gap-3 text-sm sm:grid-cols-3 lg:grid-cols-6" data-testid="totals">
        <Figure label="村(社区)" value={d.totals.villages} />
        <Figure label="有逾期事项" value={d.totals.overdue} warn={d.totals.overdue > 0} />
        <Figure label="红色风险" value={d.totals.red} warn={d.totals.red > 0} />
        <Figure label="黄色 / 绿色 / 未评估" value={`${d.totals.yellow} / ${d.totals.green} / ${d.totals.unassessed}`} />
        <Figure label="未开始" value={d.stageCounts.notStarted} />
        <Figure label="无可用账号" value={d.totals.noActiveUser} warn={d.totals.noActiveUser > 0} />
        <p className="text-xs text-slate-500 sm:col-span-3 lg:col-span-6">
          截至 {d.today}。正式候选人名单须在选举日前 {d.campaign.candidateListPostingDays} 日公布；换届工作期限 {d.campaign.endDay}。
        </p>
      </section>

      {complaints && (complaints.open > 0 || complaints.overdue > 0) && (
        <section className={`card flex flex-wrap items-center gap-3 text-sm ${complaints.overdue ? "border-red-300 bg-red-50" : ""}`} data-testid="complaints">
          <h2 className="text-base">信访举报</h2>
          <span>未办结 {complaints.open} 件</span>
          {complaints.overdue > 0 && (
            <Link className="font-medium text-red-700 underline" href="/complaints?overdue=1">
              逾期 {complaints.overdue} 件
            </Link>
          )}
          <Link className="link no-print ml-auto" href="/complaints">
            打开台账
          </Link>
        </section>
      )}

      <section className="card grid gap-4 lg:grid-cols-2">
        <div className="space-y-2">
          <h2>各阶段村(社区)数</h2>
          <table data-testid="stage-counts">
            <thead>
              <tr>
                <th>阶段</th>
                <th>村(社区)数</th>
                <th>已达到该阶段</th>
              </tr>
            </thead>
            <tbody>
              {STAGES.map((s) => (
                <tr key={s} data-stage={s}>
                  <td title={STAGE_HINT[s]}>{STAGE_LABEL[s]}</td>
                  <td data-testid={`count-${s}`}>{d.stageCounts[s]}</td>
                  <td data-testid={`reached-${s}`}>{d.reached[s]}</td>
                </tr>
              ))}
              <tr className="font-medium">
                <td>合计</td>
                <td data-testid="count-total">{d.totals.villages}</td>
                <td></td>
              </tr>
            </tbody>
          </table>
          <p className="text-xs text-slate-500">“已达到该阶段”含已进入后续阶段的村(社区)，漏斗按此绘制。</p>
        </div>
        <Chart
          title="换届进度漏斗"
          height={340}
          option={funnelOption(d.reached, d.totals.villages)}
          table={{ head: ["阶段", "已达到该阶段"], rows: STAGES.map((s) => [STAGE_LABEL[s], d.reached[s]]) }}
        />
      </section>

      {atCounty && (
        <section className="card space-y-2">
          <h2>各乡镇(街道)进度</h2>
          <div className="overflow-x-auto">
            <table data-testid="children">
              <thead>
                <tr>
                  <th>乡镇(街道)</th>
                  <th>村(社区)</th>
                  {STAGES.map((s) => (
                    <th key={s} className="text-xs" title={STAGE_HINT[s]}>
                      {STAGE_LABEL[s]}
                    </th>
                  ))}
                  <th>有逾期</th>
                  <th>红色</th>
                  <th>无账号</th>
                </tr>
              </thead>
              <tbody>
                {d.children.map((c) => (
                  <tr key={c.id}>
                    <td>
                      <Link className="link" href={q(c.id)}>
                        {c.name}
                      </Link>
                    </td>
                    <td>{c.villages}</td>
                    {STAGES.map((s) => (
                      <td key={s} className={c.stageCounts[s] ? "" : "text-slate-300"}>
                        {c.stageCounts[s]}
                      </td>
                    ))}
                    <td className={c.overdue ? "font-medium text-red-700" : ""}>{c.overdue}</td>
                    <td className={c.red ? "font-medium text-red-700" : ""}>{c.red}</td>
                    <td className={c.noActiveUser ? "text-amber-800" : ""}>{c.noActiveUser}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}

      <section className="card space-y-2">
        <h2>村(社区)进度</h2>
        <p className="text-xs text-slate-500">红色风险的村(社区)排在最前，其次黄色。点击村(社区)名称查看其投票站、票箱和计票情况。</p>
        <div className="overflow-x-auto">
          <table data-testid="villages">
            <thead>
              <tr>
                <th>风险</th>
                {atCounty && <th>乡镇(街道)</th>}
                <th>村(社区)</th>
                <th>阶段</th>
                <th>选举日</th>
                <th>逾期事项</th>
                <th>账号</th>
                <th>处置说明</th>
                {d.canSetRisk && <th className="no-print">设定风险</th>}
              </tr>
            </thead>
            <tbody>
              {d.villages.map((v) => (
                <tr key={v.id} data-village={v.name}>
                  <td>
                    <RiskBadge level={v.risk?.level ?? null} score={v.risk?.score} />
                  </td>
                  {atCounty && <td>{v.township?.name}</td>}
                  <td>
                    <Link className="link" href={`/dashboard/village/${v.id}?campaign=${d.campaign.id}`}>
                      {v.name}
                    </Link>
                  </td>
                  <td>
                    <StageBadge stage={v.stage} />
                  </td>
                  <td className="whitespace-nowrap">{v.electionDay ?? "—"}</td>
                  <td className="text-xs text-red-800" data-testid="overdue">
                    {v.overdue.length > 0 && (
                      <ul className="list-disc pl-4">
                        {v.overdue.map((o) => (
                          <li key={o}>{o}</li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td className="whitespace-nowrap text-xs">
                    {v.activeUser ? (
                      "有"
                    ) : (
                      <span className="font-medium text-amber-800" data-testid="no-user">
                        无可用账号
                      </span>
                    )}
                  </td>
                  <td className="max-w-xs text-xs">
                    {v.risk && (
                      <>
                        <span className="whitespace-pre-wrap">{v.risk.note}</span>
                        <span className="block text-slate-500">
                          {v.risk.updatedBy ?? ""} {chinaDateTime(v.risk.updatedAt)}
                        </span>
                      </>
                    )}
                  </td>
                  {d.canSetRisk && (
                    <td className="no-print">
                      <details>
                        <summary className="link cursor-pointer text-xs">{v.risk ? "修改" : "设定"}</summary>
                        <div className="w-72 pt-2">
                          <RiskForm action={setRiskAction} campaignId={d.campaign.id} unitId={v.id} risk={v.risk} />
                        </div>
                      </details>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="card space-y-2">
        <h2>未开始的村(社区)（{d.notStarted.length}）</h2>
        {d.notStarted.length === 0 ? (
          <p className="text-sm text-slate-600">所有村(社区)都已设置本次换届选举。</p>
        ) : (
          <table data-testid="not-started">
            <thead>
              <tr>
                <th>乡镇(街道)</th>
                <th>村(社区)</th>
                <th>统计代码</th>
                <th>账号</th>
                <th>逾期事项</th>
              </tr>
            </thead>
            <tbody>
              {d.notStarted.map((v) => (
                <tr key={v.id}>
                  <td>{v.township?.name}</td>
                  <td>{v.name}</td>
                  <td>{v.code}</td>
                  <td className="text-xs">{v.activeUser ? "有" : <span className="font-medium text-amber-800">无可用账号</span>}</td>
                  <td className="text-xs text-red-800">{v.overdue.join("；")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
