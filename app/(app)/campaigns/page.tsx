import Link from "next/link";
import { ActionForm, Field } from "@/components/action-form";
import { can } from "@/lib/domain/permissions";
import { requirePermission } from "@/lib/server/auth/actor";
import { listCampaigns } from "@/lib/server/nomination/campaigns";
import { createCampaignAction } from "./actions";
import type { Metadata } from "next";

export const metadata: Metadata = { title: "换届选举" };

export default async function CampaignsPage() {
  const actor = await requirePermission("campaign.view");
  const campaigns = await listCampaigns(actor);
  const manage = actor.unitLevel === "COUNTY" && can(actor, "campaign.manage", { path: actor.unitPath });
  return (
    <div className="space-y-4">
      <h1>换届选举</h1>
      <div className="card overflow-x-auto">
        {campaigns.length === 0 ? (
          <p className="text-sm text-slate-500">还没有开启的换届。{manage ? "请在下方开启本县的换届选举。" : "请等待县换届办开启。"}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>名称</th>
                <th>县</th>
                <th>期间</th>
                <th>已设置选举的村(社区)</th>
                <th>状态</th>
              </tr>
            </thead>
            <tbody>
              {campaigns.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link className="link" href={`/campaigns/${c.id}`}>
                      {c.name}
                    </Link>
                  </td>
                  <td>{c.county.name}</td>
                  <td>
                    {c.startDate} 至 {c.endDate}
                  </td>
                  <td>{c._count.elections}</td>
                  <td>{c.status === "OPEN" ? "进行中" : "已结束"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      {manage && (
        <section className="card">
          <h2 className="mb-2">开启换届选举</h2>
          <p className="mb-3 text-sm text-slate-600">
            开启时套用本县当前的
            <Link className="link" href="/rules">
              规则包
            </Link>
            （差额、公告天数、不满意率等），之后修改规则包不影响已开启的换届，除非在换届页面重新套用。
          </p>
          <ActionForm action={createCampaignAction} submitLabel="开启换届" resetOnSuccess className="max-w-3xl">
            <input type="hidden" name="countyId" value={actor.unitId} />
            <div className="grid gap-3 sm:grid-cols-3">
              <Field name="name" label="名称">
                <input id="f-name" name="name" required defaultValue="第十二届村(居)民委员会换届选举" />
              </Field>
              <Field name="startDate" label="开始日期">
                <input id="f-startDate" name="startDate" type="date" required />
              </Field>
              <Field name="endDate" label="结束日期">
                <input id="f-endDate" name="endDate" type="date" required />
              </Field>
            </div>
          </ActionForm>
        </section>
      )}
    </div>
  );
}
