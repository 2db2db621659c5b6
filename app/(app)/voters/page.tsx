import Link from "next/link";
import type { Metadata } from "next";
import { mayImportVoters } from "@/lib/server/voters/import-template";
import { requirePermission } from "@/lib/server/auth/actor";
import { listCampaigns } from "@/lib/server/nomination/campaigns";
import { listVillageRolls } from "@/lib/server/voters/read";

export const metadata: Metadata = { title: "选民登记" };

/** The villages' voter rolls of a campaign (township and county): built, posted, late, open objections. */
export default async function VoterRollsPage({ searchParams }: { searchParams: Promise<{ campaign?: string }> }) {
  const actor = await requirePermission("voter.view");
  const campaigns = await listCampaigns(actor);
  const { campaign: wanted } = await searchParams;
  const campaign = campaigns.find((c) => c.id === wanted) ?? campaigns.find((c) => c.status === "OPEN") ?? campaigns[0];
  const rows = campaign ? await listVillageRolls(actor, campaign.id) : [];
  const posted = rows.filter((r) => r.roll?.status === "POSTED").length;
  const late = rows.filter((r) => r.postingLate).length;
  const voters = rows.reduce((n, r) => n + (r.roll?.voters ?? 0), 0);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1>选民登记</h1>
        {mayImportVoters(actor) && (
          <Link className="btn-secondary no-print" href="/voters/import">
            从 Excel 批量导入选民
          </Link>
        )}
        {campaigns.length > 1 && (
          <form method="get" className="ml-auto flex items-end gap-2">
            <select name="campaign" defaultValue={campaign?.id} aria-label="换届">
              {campaigns.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}（{c.county.name}）
                </option>
              ))}
            </select>
            <button type="submit" className="btn-secondary">
              查看
            </button>
          </form>
        )}
      </div>
      {!campaign ? (
        <p className="card text-sm text-slate-500">还没有开启的换届。</p>
      ) : (
        <>
          <section className="card grid gap-2 text-sm sm:grid-cols-4" data-testid="rolls-summary">
            <div>{campaign.name}</div>
            <div>
              村(社区) {rows.length} 个，已公布 <b>{posted}</b> 个
            </div>
            <div>
              逾期未公布 <b className={late ? "text-red-700" : ""}>{late}</b> 个
            </div>
            <div>已登记选民 {voters} 人</div>
          </section>
          <section className="card overflow-x-auto">
            <table data-testid="village-rolls">
              <thead>
                <tr>
                  <th>乡镇(街道)</th>
                  <th>村(社区)</th>
                  <th>选举日</th>
                  <th>最迟公布</th>
                  <th>选民名册</th>
                  <th>选民</th>
                  <th>待处理申诉</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.unitId} data-testid="village-roll-row" className={r.postingLate ? "bg-red-50" : ""}>
                    <td>{r.township}</td>
                    <td>
                      {r.electionId ? (
                        <Link className="link" href={`/elections/${r.electionId}/voters`}>
                          {r.name}
                        </Link>
                      ) : (
                        r.name
                      )}
                    </td>
                    <td>{r.electionDay ?? <span className="text-slate-500">未设置选举</span>}</td>
                    <td>
                      {r.latestPostingDay ?? "—"}
                      {r.postingLate ? (
                        <span className="ml-1 rounded bg-red-100 px-1 text-xs font-medium text-red-800">逾期未公布</span>
                      ) : r.daysToPost !== null && r.daysToPost <= 7 ? (
                        <span className="ml-1 text-xs text-amber-800">还剩 {r.daysToPost} 天</span>
                      ) : null}
                    </td>
                    <td>{!r.roll ? <span className="text-slate-500">未建立</span> : r.roll.status === "POSTED" ? `已公布（${r.roll.postedOn}）` : "草稿"}</td>
                    <td>{r.roll?.voters ?? "—"}</td>
                    <td className={r.roll?.openObjections ? "font-medium text-amber-800" : ""}>{r.roll ? r.roll.openObjections : "—"}</td>
                  </tr>
                ))}
                {rows.length === 0 && (
                  <tr>
                    <td colSpan={7} className="text-slate-500">
                      没有可查看的村(社区)。
                    </td>
                  </tr>
                )}
              </tbody>
            </table>
          </section>
        </>
      )}
    </div>
  );
}
