import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { ActionForm, Field } from "@/components/action-form";
import { KIND_LABEL } from "@/lib/domain/units";
import { can } from "@/lib/domain/permissions";
import { formatRuleValue, ruleValueAt } from "@/lib/domain/rule-form";
import { RULE_KEYS, ruleSource } from "@/lib/domain/rule-pack";
import { requirePermission } from "@/lib/server/auth/actor";
import { getCampaign } from "@/lib/server/nomination/campaigns";
import { listVillageElections } from "@/lib/server/nomination/elections";
import { villageStatusKey, villageStatusLabel, VILLAGE_STATUS_ORDER } from "@/lib/domain/village-status";
import { listEditable } from "@/lib/domain/workflow";
import { updateCampaignAction } from "../actions";
import { titleFromParam } from "@/lib/server/page-titles";
import { readCampaignRules } from "@/lib/domain/stored-json";

export const generateMetadata = titleFromParam("换届选举", "id", { nameOnly: true });

export default async function CampaignPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePermission("campaign.view");
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const campaign = await getCampaign(actor, id);
  if (!campaign) notFound();
  const villages = await listVillageElections(actor, campaign.id);
  const own = { path: actor.unitPath };
  const setup = can(actor, "election.setup", own);
  const edit = can(actor, "candidate.edit", own);
  const manage = actor.unitLevel === "COUNTY" && can(actor, "campaign.manage", own);
  const rules = readCampaignRules(campaign.rules);
  const counts = new Map<string, number>();
  for (const v of villages) counts.set(villageStatusKey(v.election), (counts.get(villageStatusKey(v.election)) ?? 0) + 1);
  const formal = villages.filter((v) => v.election?.listStatus === "FORMAL").length;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1>{campaign.name}</h1>
        <span className="text-sm text-slate-500">
          {campaign.county.name} · {campaign.startDate} 至 {campaign.endDate}
        </span>
        <div className="ml-auto flex gap-2">
          {actor.unitLevel !== "VILLAGE" && can(actor, "tally.view", own) && formal > 0 && (
            <Link className="btn-secondary" href={`/campaigns/${campaign.id}/ballots`}>
              批量打印选票
            </Link>
          )}
          {edit && (
            <Link className="btn-secondary" href={`/campaigns/${campaign.id}/import`}>
              从 Excel 导入候选人
            </Link>
          )}
        </div>
      </div>
      <section className="card">
        <h2 className="mb-2">各村(社区)进度</h2>
        <p className="mb-2 text-sm text-slate-600">
          {VILLAGE_STATUS_ORDER.filter((k) => k.key === "none" || k.key === "DRAFT" || counts.has(k.key))
            .map((k) => `${k.label} ${counts.get(k.key) ?? 0}`)
            .join(" · ")}
        </p>
        <table>
          <thead>
            <tr>
              <th>乡镇(街道)</th>
              <th>村(社区)</th>
              <th>选举日</th>
              <th>职数</th>
              <th>初步候选人</th>
              <th>进度</th>
              <th>操作</th>
            </tr>
          </thead>
          <tbody>
            {villages.map((v) => (
              <tr key={v.unitId}>
                <td>{v.township}</td>
                <td>
                  {v.name} <span className="text-xs text-slate-500">{KIND_LABEL[v.kind]}</span>
                </td>
                <td>{v.election?.electionDay ?? "—"}</td>
                <td>{v.election?.seats ?? "—"}</td>
                <td>{v.election?.candidates ?? "—"}</td>
                <td>{villageStatusLabel(v.election)}</td>
                <td className="space-x-3 whitespace-nowrap">
                  {v.election && (
                    <Link className="link" href={`/elections/${v.election.id}`}>
                      名单
                    </Link>
                  )}
                  {v.election?.listStatus === "FORMAL" && can(actor, "tally.view", { path: actor.unitPath }) && (
                    <Link className="link" href={`/elections/${v.election.id}/count`}>
                      投票计票
                    </Link>
                  )}
                  {setup && (!v.election || listEditable(v.election.listStatus)) && (
                    <Link className="link" href={`/campaigns/${campaign.id}/setup/${v.unitId}`}>
                      {v.election ? "修改设置" : "设置选举"}
                    </Link>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card">
        <h2 className="mb-2">本次换届适用的规则</h2>
        <table>
          <thead>
            <tr>
              <th>规则</th>
              <th>取值</th>
              <th>依据</th>
            </tr>
          </thead>
          <tbody>
            {RULE_KEYS.map((key) => (
              <tr key={key}>
                <td>{ruleSource(key).label}</td>
                <td className="font-medium">{formatRuleValue(key, ruleValueAt(rules, key))}</td>
                <td className="text-xs text-slate-600">{ruleSource(key).source}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {manage && (
        <section className="card">
          <h2 className="mb-2">修改换届</h2>
          <ActionForm action={updateCampaignAction} className="max-w-3xl">
            <input type="hidden" name="id" value={campaign.id} />
            <input type="hidden" name="version" value={campaign.version} />
            <div className="grid gap-3 sm:grid-cols-3">
              <Field name="name" label="名称">
                <input id="f-name" name="name" defaultValue={campaign.name} required />
              </Field>
              <Field name="startDate" label="开始日期">
                <input id="f-startDate" name="startDate" type="date" defaultValue={campaign.startDate} required />
              </Field>
              <Field name="endDate" label="结束日期">
                <input id="f-endDate" name="endDate" type="date" defaultValue={campaign.endDate} required />
              </Field>
            </div>
            <label className="flex items-center gap-2">
              <input type="checkbox" name="refreshRules" /> 重新套用本县当前规则包
            </label>
          </ActionForm>
        </section>
      )}
    </div>
  );
}
