// GET the candidate import template (.xlsx) for a campaign, with the villages the actor can import into.
import { NextResponse } from "next/server";
import { z } from "zod";
import { POST_LABEL } from "@/lib/domain/people";
import { can } from "@/lib/domain/permissions";
import { listEditable } from "@/lib/domain/workflow";
import { LIST_STATUS_LABEL } from "@/lib/i18n/zh";
import { getActor } from "@/lib/server/auth/actor";
import { getCampaign } from "@/lib/server/nomination/campaigns";
import { listVillageElections } from "@/lib/server/nomination/elections";
import { buildTemplate, notFoundResponse, xlsxDownload } from "@/lib/server/nomination/excel";

export const dynamic = "force-dynamic";

export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const actor = await getActor();
  if (!actor) return NextResponse.redirect(new URL("/login", req.url), 303);
  const { id } = await params;
  if (!z.uuid().safeParse(id).success || !can(actor, "candidate.edit", { path: actor.unitPath })) return notFoundResponse();
  const campaign = await getCampaign(actor, id);
  if (!campaign) return notFoundResponse();
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
}
