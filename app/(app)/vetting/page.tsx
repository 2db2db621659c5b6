import Link from "next/link";
import { ActionForm, Field } from "@/components/action-form";
import { can } from "@/lib/domain/permissions";
import { requireActor } from "@/lib/server/auth/actor";
import { listDepartments } from "@/lib/server/departments";
import { listCampaigns } from "@/lib/server/nomination/campaigns";
import { listRounds, listSubmittedElections } from "@/lib/server/vetting/rounds";
import { notFound } from "next/navigation";
import { openRoundAction } from "./actions";
import type { Metadata } from "next";

export const metadata: Metadata = { title: "资格联审" };

export default async function VettingPage({ searchParams }: { searchParams: Promise<{ campaign?: string }> }) {
  const actor = await requireActor();
  const own = { path: actor.unitPath };
  const reviewer = can(actor, "vetting.review", own);
  if (!reviewer && !can(actor, "vetting.view", own)) notFound();
  const run = can(actor, "vetting.run", own) && actor.unitLevel === "COUNTY";
  const rounds = await listRounds(actor);
  const campaigns = run ? (await listCampaigns(actor)).filter((c) => c.status === "OPEN") : [];
  const { campaign: chosen } = await searchParams;
  const campaign = campaigns.find((c) => c.id === chosen) ?? campaigns[0];
  const submitted = campaign ? await listSubmittedElections(actor, campaign.id) : [];
  const departments = run ? (await listDepartments(actor)).filter((d) => d.active) : [];
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1>资格联审</h1>
        <span className="text-sm text-slate-600">
          {reviewer ? `${actor.departmentName ?? ""} · 各部门同时审查同一批候选人（云上联审）` : "各部门同时审查每一名候选人，县换届办研判决定"}
        </span>
        {(run || reviewer) && (
          <Link className="link ml-auto text-sm" href="/vetting/negative-list">
            负面清单
          </Link>
        )}
      </div>
      <section className="card overflow-x-auto">
        <h2 className="mb-2">{reviewer ? "进行中的联审轮次" : "联审轮次"}</h2>
        {rounds.length === 0 ? (
          <p className="text-sm text-slate-500">{reviewer ? "目前没有需要本部门审查的轮次。" : "还没有开启联审轮次。"}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>轮次</th>
                <th>换届</th>
                <th>候选人</th>
                <th>截止日期</th>
                <th>状态</th>
              </tr>
            </thead>
            <tbody>
              {rounds.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link className="link" href={reviewer ? `/vetting/rounds/${r.id}/queue` : `/vetting/rounds/${r.id}`}>
                      {r.name}
                    </Link>
                  </td>
                  <td>{r.campaign.name}</td>
                  <td>{r._count.entries}</td>
                  <td>{r.deadline}</td>
                  <td>{r.status === "OPEN" ? "进行中" : "已结束"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {run && campaign && (
        <section className="card">
          <h2 className="mb-2">开启联审轮次</h2>
          {campaigns.length > 1 && (
            <p className="mb-2 text-sm">
              换届：
              {campaigns.map((c) => (
                <Link key={c.id} className={c.id === campaign.id ? "mr-3 font-medium" : "link mr-3"} href={`/vetting?campaign=${c.id}`}>
                  {c.name}
                </Link>
              ))}
            </p>
          )}
          {submitted.length === 0 ? (
            <p className="text-sm text-slate-500">{campaign.name}：目前没有乡镇提交的待联审名单。</p>
          ) : (
            <ActionForm action={openRoundAction} submitLabel="开启联审，发送各部门" className="max-w-3xl">
              <input type="hidden" name="campaignId" value={campaign.id} />
              <div className="grid gap-3 sm:grid-cols-2">
                <Field name="name" label="轮次名称">
                  <input id="f-name" name="name" required defaultValue={`${submitted[0]?.unit.parent?.name ?? ""}第一批`} />
                </Field>
                <Field name="deadline" label="各部门答复截止日期">
                  <input id="f-deadline" name="deadline" type="date" required />
                </Field>
              </div>
              <fieldset>
                <legend className="mb-1 text-sm text-slate-700">参加本轮联审的部门（各部门同时审查全部候选人）</legend>
                <div className="grid gap-1 sm:grid-cols-4">
                  {departments.map((d) => (
                    <label key={d.id} className="flex items-center gap-2 text-sm">
                      <input type="checkbox" name="departmentIds" value={d.id} defaultChecked />
                      {d.name}
                    </label>
                  ))}
                </div>
              </fieldset>
              <label className="flex items-start gap-2 text-sm">
                <input type="checkbox" name="revetAll" className="mt-1" />
                <span>
                  全部候选人重新联审
                  <span className="block text-xs text-slate-500">
                    不勾选时，退回后重新提交的名单只审查新增和信息有变动的候选人，其余候选人沿用前轮各部门意见和县换届办决定；无论是否勾选，前轮的“不能”“不宜”“需核实”意见继续有效，直至出具部门撤回。
                  </span>
                </span>
              </label>
              <fieldset>
                <legend className="mb-1 text-sm text-slate-700">纳入本轮的村(社区)名单（已提交联审）</legend>
                <div className="grid gap-1 sm:grid-cols-2">
                  {submitted.map((e) => (
                    <label key={e.id} className="flex items-center gap-2 text-sm">
                      <input type="checkbox" name="electionIds" value={e.id} defaultChecked />
                      {e.unit.parent?.name} · {e.unit.name}（{e._count.candidates} 人）
                    </label>
                  ))}
                </div>
              </fieldset>
            </ActionForm>
          )}
        </section>
      )}
    </div>
  );
}
