import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { RiskBadge, StageBadge } from "@/components/oversight-badges";
import { RiskForm } from "@/components/risk-form";
import { chinaDateTime, STAGE_HINT } from "@/lib/domain/oversight";
import { LIST_STATUS_LABEL } from "@/lib/i18n/zh";
import { requirePermission } from "@/lib/server/auth/actor";
import { TALLY_STATUS_LABEL } from "@/lib/server/election-day/tallies";
import { getVillageDrilldown, listDashboardCampaigns } from "@/lib/server/oversight/dashboard";
import { setRiskAction } from "../../actions";
import { titleFromParam } from "@/lib/server/page-titles";

export const generateMetadata = titleFromParam("村(社区)进度", "unitId");

const TALLY_STYLE = {
  EMPTY: "bg-slate-100 text-slate-700",
  AWAITING_SECOND: "bg-blue-100 text-blue-800",
  MISMATCH: "bg-amber-100 text-amber-900",
  ACCEPTED: "bg-green-100 text-green-800",
} as const;

/** The dashboard's last level: one village's stage, risk and every ballot box per round, linking to the box pages. */
export default async function VillageDrilldownPage({
  params,
  searchParams,
}: {
  params: Promise<{ unitId: string }>;
  searchParams: Promise<{ campaign?: string }>;
}) {
  const actor = await requirePermission("oversight.view");
  const { unitId } = await params;
  const sp = await searchParams;
  const campaignId = z.uuid().safeParse(sp.campaign).success ? sp.campaign! : (await listDashboardCampaigns(actor))[0]?.id;
  const v = campaignId ? await getVillageDrilldown(actor, campaignId, unitId) : null;
  if (!v) notFound();
  const e = v.election;
  const q = (id: string) => `/dashboard?campaign=${v.campaign.id}&unit=${id}`;
  return (
    <div className="space-y-4">
      <nav aria-label="单位层级" className="no-print flex flex-wrap items-center gap-1 text-sm" data-testid="breadcrumb">
        {v.breadcrumb.map((b, i) => (
          <span key={b.id} className="inline-flex items-center gap-1">
            {i > 0 && <span className="text-slate-400">›</span>}
            {b.level === "VILLAGE" ? (
              <span className="font-semibold">{b.name}</span>
            ) : b.inScope ? (
              <Link className="link" href={q(b.id)}>
                {b.name}
              </Link>
            ) : (
              <span className="text-slate-500">{b.name}</span>
            )}
          </span>
        ))}
      </nav>
      <div className="flex flex-wrap items-center gap-3">
        <h1>
          {v.village.name}换届进度 <span className="text-base font-normal text-slate-500">{v.campaign.name}</span>
        </h1>
        <StageBadge stage={v.stage} />
        <RiskBadge level={v.risk?.level ?? null} score={v.risk?.score} />
        {e && v.canViewCount && (
          <div className="no-print ml-auto flex flex-wrap gap-2">
            <Link className="btn-secondary" href={`/elections/${e.id}`}>
              候选人名单
            </Link>
            <Link className="btn-secondary" href={`/elections/${e.id}/count`}>
              投票计票
            </Link>
            <Link className="btn-secondary" href={`/elections/${e.id}/result`}>
              选举结果
            </Link>
          </div>
        )}
      </div>

      <section className="card grid gap-3 text-sm sm:grid-cols-2">
        <div>
          <div className="text-xs text-slate-500">所处阶段</div>
          <div>{STAGE_HINT[v.stage]}</div>
        </div>
        <div>
          <div className="text-xs text-slate-500">选举日 / 名单状态</div>
          <div>{e ? `${e.electionDay} · ${LIST_STATUS_LABEL[e.listStatus]} · 登记选民 ${e.registeredVoters} 人` : "尚未设置选举"}</div>
        </div>
        <div>
          <div className="text-xs text-slate-500">账号</div>
          <div>{v.activeUser ? "有可登录的选委会账号" : <span className="font-medium text-amber-800">本村(社区)没有可用账号（未创建或已停用）</span>}</div>
        </div>
        <div>
          <div className="text-xs text-slate-500">逾期事项</div>
          {v.overdue.length ? (
            <ul className="list-disc pl-4 text-red-800" data-testid="overdue">
              {v.overdue.map((o) => (
                <li key={o}>{o}</li>
              ))}
            </ul>
          ) : (
            <div>无</div>
          )}
        </div>
      </section>

      <section className="card space-y-2" id="risk">
        <h2>风险等级（红黄绿）</h2>
        {v.risk ? (
          <p className="text-sm">
            <RiskBadge level={v.risk.level} score={v.risk.score} /> <span className="whitespace-pre-wrap">{v.risk.note}</span>
            <span className="block text-xs text-slate-500">
              {v.risk.updatedBy ?? ""} 于 {chinaDateTime(v.risk.updatedAt)} 设定
            </span>
          </p>
        ) : (
          <p className="text-sm text-slate-600">尚未评估。</p>
        )}
        {v.canSetRisk && (
          <div className="no-print max-w-xl">
            <RiskForm action={setRiskAction} campaignId={v.campaign.id} unitId={v.village.id} risk={v.risk} />
          </div>
        )}
      </section>

      {e && (
        <section className="card space-y-3">
          <h2>投票站和票箱</h2>
          {e.boxes.length === 0 ? (
            <p className="text-sm text-slate-600">尚未设置票箱。</p>
          ) : (
            <table data-testid="boxes">
              <thead>
                <tr>
                  <th>票箱</th>
                  <th>投票站</th>
                  <th>类型</th>
                  <th>服务选民</th>
                </tr>
              </thead>
              <tbody>
                {e.boxes.map((b) => (
                  <tr key={b.id}>
                    <td>{b.name}</td>
                    <td>{b.station}</td>
                    <td>{b.kind === "MOBILE" ? "流动票箱" : "固定票箱"}</td>
                    <td>{b.voters}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {e.rounds.length === 0 && e.boxes.length > 0 && <p className="text-sm text-slate-600">尚未开始投票计票。</p>}
          {e.rounds.map((r) => (
            <div key={r.id} className="space-y-1" data-testid={`round-${r.number}`}>
              <h3 className="font-medium">
                {r.label} <span className="text-sm font-normal text-slate-600">{r.status === "DECIDED" ? "已判定" : "计票中"}</span>
              </h3>
              <table>
                <thead>
                  <tr>
                    <th>票箱</th>
                    <th>计票单</th>
                    <th className="no-print"></th>
                  </tr>
                </thead>
                <tbody>
                  {r.boxes.map((b) => (
                    <tr key={b.boxId}>
                      <td>{b.name}</td>
                      <td>
                        <span data-testid="box-status" className={`rounded px-2 py-0.5 text-xs ${TALLY_STYLE[b.status]}`}>
                          {TALLY_STATUS_LABEL[b.status]}
                        </span>
                      </td>
                      <td className="no-print">
                        {v.canViewCount && (
                          <Link className="link" href={`/elections/${e.id}/count/${r.id}/${b.boxId}`}>
                            查看{b.name}计票单
                          </Link>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ))}
        </section>
      )}
    </div>
  );
}
