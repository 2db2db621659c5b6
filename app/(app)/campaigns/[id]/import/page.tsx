import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { CandidateImportForm } from "@/components/candidate-import-form";
import { KIND_LABEL } from "@/lib/domain/units";
import { listEditable } from "@/lib/domain/workflow";
import { LIST_STATUS_LABEL } from "@/lib/i18n/zh";
import { requirePermission } from "@/lib/server/auth/actor";
import { getCampaign } from "@/lib/server/nomination/campaigns";
import { listVillageElections } from "@/lib/server/nomination/elections";
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from "@/lib/server/nomination/excel";
import { importCandidatesAction } from "./actions";
import { titleFromParam } from "@/lib/server/page-titles";

export const generateMetadata = titleFromParam("从 Excel 导入候选人", "id");

/**
 * Next.js refuses server-action bodies over `experimental.serverActions.bodySizeLimit` (set to 11 MB in
 * next.config.js); the import's own 10 MB cap applies. Change both together.
 */
const UPLOAD_LIMIT = MAX_IMPORT_BYTES;

export default async function ImportCandidatesPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePermission("candidate.edit");
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const campaign = await getCampaign(actor, id);
  if (!campaign) notFound();
  const villages = await listVillageElections(actor, campaign.id);
  const open = campaign.status === "OPEN";
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1>从 Excel 导入初步候选人</h1>
        <span className="text-sm text-slate-500">
          {campaign.name} · {actor.unitName}
        </span>
        <Link className="link ml-auto" href={`/campaigns/${campaign.id}`}>
          返回换届
        </Link>
      </div>

      <section className="card text-sm">
        <h2 className="mb-2">怎样导入</h2>
        <ol className="list-decimal space-y-1 pl-5 text-slate-700">
          <li>
            下载{" "}
            <a className="link" href={`/campaigns/${campaign.id}/template`}>
              导入模板（.xlsx）
            </a>
            。模板里有各列的填写说明和本乡镇(街道)各村(社区)的统计代码。
          </li>
          <li>在「初步候选人」工作表中从第 2 行起每行填写一名候选人；一人参选多个职位的，每个职位填一行。一个文件可以包含多个村(社区)。</li>
          <li>
            上传填好的文件（一次最多 {MAX_IMPORT_ROWS} 行）。系统逐行检查：<b>只要有一处问题，整个文件都不会导入</b>，并列出每个问题所在的工作表、行和列。
          </li>
          <li>导入后请到各村(社区)名单页查看职数、差额、年龄、亲属回避等检查结果。</li>
        </ol>
      </section>

      <section className="card">
        <h2 className="mb-3">上传</h2>
        {open ? (
          <CandidateImportForm
            action={importCandidatesAction}
            campaignId={campaign.id}
            unitId={actor.unitId}
            maxBytes={UPLOAD_LIMIT}
            maxRows={MAX_IMPORT_ROWS}
            doneHref={`/campaigns/${campaign.id}`}
          />
        ) : (
          <p className="text-sm text-slate-600">该换届已结束，不能再导入候选人。</p>
        )}
      </section>

      <section className="card overflow-x-auto">
        <h2 className="mb-2">可以导入的村(社区)</h2>
        <table>
          <thead>
            <tr>
              <th>村(社区)</th>
              <th>统计代码</th>
              <th>名单状态</th>
              <th>已有初步候选人</th>
              <th>能否导入</th>
            </tr>
          </thead>
          <tbody>
            {villages.map((v) => {
              const status = v.election?.listStatus;
              return (
                <tr key={v.unitId}>
                  <td>
                    {v.name} <span className="text-xs text-slate-500">{KIND_LABEL[v.kind]}</span>
                  </td>
                  <td className="font-mono">{v.code}</td>
                  <td>{status ? LIST_STATUS_LABEL[status] : "未设置选举"}</td>
                  <td>{v.election ? v.election.candidates : "—"}</td>
                  <td className={status && listEditable(status) ? "text-green-700" : "text-slate-500"}>
                    {!status ? "先设置选举" : !listEditable(status) ? `${LIST_STATUS_LABEL[status]}，不能导入` : "可以导入"}
                  </td>
                </tr>
              );
            })}
            {villages.length === 0 && (
              <tr>
                <td colSpan={5} className="text-slate-500">
                  本单位下没有村(社区)。
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </section>
    </div>
  );
}
