import type { Metadata } from "next";
import { VoterImportForm } from "@/components/voter-import-form";
import { MAX_LISTED_PROBLEMS, VOTER_IMPORT_COLUMNS } from "@/lib/domain/voter-import";
import { sizeText, VOTER_UPLOAD_MAX_BYTES } from "@/lib/domain/spreadsheet-import";
import { requirePermission } from "@/lib/server/auth/actor";
import { voterImportChoices } from "@/lib/server/voters/import-template";
import { importVotersAction } from "./actions";

export const metadata: Metadata = { title: "导入选民名单" };

/** The voter roll import for a county or township office or a village's election committee (docs/decisions/018). */
export default async function ImportVotersPage() {
  const actor = await requirePermission("voter.edit");
  const { campaigns, units } = await voterImportChoices(actor);
  return (
    <div className="space-y-4">
      <h1>导入选民名单</h1>

      <section className="card text-sm">
        <h2 className="mb-2">怎样导入</h2>
        <ol className="list-decimal space-y-1 pl-5 text-slate-700">
          <li>
            下载{" "}
            <a className="link" href="/voters/import/template">
              导入模板（.xlsx）
            </a>
            ，模板里有各列的填写说明、登记类别下拉选项和本单位各村(社区)的统计用区划代码。
          </li>
          <li>
            每行填写一名选民，表头须为：{VOTER_IMPORT_COLUMNS.map((c) => `${c.header}${c.required ? "" : "（选填）"}`).join("、")}
            。一个文件可以包含多个村(社区)；也可以上传 CSV（UTF-8 或 GBK）。
          </li>
          <li>
            系统逐行检查（年龄按各村(社区)的选举日计算，身份证号码校验，同一人不能在本届两处登记）：<b>只要有一处问题，整个文件都不会导入</b>
            ，并列出每个问题的行、列和原因（最多列出 {MAX_LISTED_PROBLEMS} 处）。
          </li>
          <li>还没有本届选民名单的村(社区)会新建名单（未公布）；已公布的名单只能通过申诉处理或写明原因的更正逐条修改，不能批量导入。</li>
        </ol>
      </section>

      <section className="card">
        <h2 className="mb-3">上传</h2>
        {campaigns.length === 0 ? (
          <p className="text-sm text-slate-600">本县目前没有进行中的换届，不能导入选民名单。</p>
        ) : (
          <VoterImportForm
            action={importVotersAction}
            campaigns={campaigns}
            units={units}
            limitText={`.xlsx 或 .csv 文件，最大 ${sizeText(VOTER_UPLOAD_MAX_BYTES)}`}
          />
        )}
      </section>
    </div>
  );
}
