// GET the candidate import template (.xlsx) for a campaign, with the villages the actor can import into.
import { POST_LABEL } from "@/lib/domain/people";
import { can } from "@/lib/domain/permissions";
import { listEditable } from "@/lib/domain/workflow";
import { LIST_STATUS_LABEL } from "@/lib/i18n/zh";
import { getCampaign } from "@/lib/server/nomination/campaigns";
import { listVillageElections } from "@/lib/server/nomination/elections";
import { buildTemplate, xlsxDownload } from "@/lib/server/nomination/excel";
import { guardedGet } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = guardedGet({ params: ["id"] }, async ({ actor, params }) => {
  if (!can(actor, "candidate.edit", { path: actor.unitPath })) return null;
  const campaign = await getCampaign(actor, params.id);
  if (!campaign) return null;
  const elections = await listVillageElections(actor, campaign.id);
  const posts = [...new Set(elections.flatMap((v) => v.election?.posts ?? []))];
  const villages = elections.map((v) => ({
    code: v.code,
    name: v.name,
    township: v.township,
    note: !v.election
      ? "未设置本次选举，暂不能导入"
      : !listEditable(v.election.listStatus)
        ? `${LIST_STATUS_LABEL[v.election.listStatus]}，不能导入`
        : `${LIST_STATUS_LABEL[v.election.listStatus]}，已有 ${v.election.candidates} 名初步候选人；设${v.election.posts.map((p) => POST_LABEL[p]).join("、")}`,
  }));
  const buffer = await buildTemplate({ villages, posts });
  return xlsxDownload(buffer, `${campaign.name}-初步候选人导入模板.xlsx`, "candidate-import-template.xlsx");
});
