import { PastTermImportForm } from "@/components/past-term-import-form";
import { requirePermission } from "@/lib/server/auth/actor";
import { listPastTerms, MAX_TERM_BYTES, MAX_TERM_ROWS } from "@/lib/server/oversight/past-terms";
import { importPastTermAction } from "./actions";
import type { Metadata } from "next";

export const metadata: Metadata = { title: "往届数据" };

/**
 * Next.js refuses server-action bodies over `experimental.serverActions.bodySizeLimit` (11 MB in
 * next.config.js); the import's own 10 MB cap applies. Change both together.
 */
const UPLOAD_LIMIT = MAX_TERM_BYTES;

const dateTime = (d: Date) =>
  new Intl.DateTimeFormat("zh-CN", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" }).format(
    d,
  );

export default async function PastTermsPage() {
  const actor = await requirePermission("term.import");
  const terms = await listPastTerms(actor);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1>往届数据</h1>
        <span className="text-sm text-slate-500">{actor.unitName} · 往届村(居)民委员会成员</span>
      </div>

      <section className="card text-sm">
        <h2 className="mb-2">为什么要导入</h2>
        <p className="text-slate-700">
          导入上一届（在本系统之外选举产生的）村(居)委会成员后，本届的统计可以与上一届对比：平均年龄变化、连选连任、结构变化等。导入的往届数据与在系统中完成的换届按同样的口径统计。
        </p>
        <h2 className="mb-2 mt-3">怎样导入</h2>
        <ol className="list-decimal space-y-1 pl-5 text-slate-700">
          <li>
            下载{" "}
            <a className="link" href="/past-terms/template">
              导入模板（.xlsx）
            </a>
            。模板里有各列的填写说明和本县各村(社区)的统计用区划代码。
          </li>
          <li>
            在「往届成员」工作表中从第 2
            行起每行填写一名成员：村(社区)统计用区划代码、姓名、性别、民族、出生日期、文化程度、政治面貌、职务、是否一肩挑、选举日期。
          </li>
          <li>
            填写届别名称（如 第十一届），上传填好的文件（一次最多 {MAX_TERM_ROWS} 行）。系统逐行检查：<b>只要有一处问题，整个文件都不会导入</b>
            ，并列出每个问题所在的行和列。同一届只能导入一次。
          </li>
          <li>
            大批量迁移也可以由系统管理员在服务器上用命令导入：
            <code className="rounded bg-slate-100 px-1">npm run import:term -- --county {actor.unitCode} --name &quot;第十一届&quot; 文件.xlsx</code>
          </li>
        </ol>
      </section>

      <section className="card">
        <h2 className="mb-3">上传</h2>
        <PastTermImportForm action={importPastTermAction} maxBytes={UPLOAD_LIMIT} maxRows={MAX_TERM_ROWS} />
      </section>

      <section className="card overflow-x-auto">
        <h2 className="mb-2">已导入的往届</h2>
        <table>
          <thead>
            <tr>
              <th>届别</th>
              <th>村(社区)</th>
              <th>成员</th>
              <th>主任</th>
              <th>副主任</th>
              <th>委员</th>
              <th>妇女委员</th>
              <th>一肩挑</th>
              <th>选举日期</th>
              <th>导入</th>
            </tr>
          </thead>
          <tbody>
            {terms.map((t) => (
              <tr key={t.id}>
                <td className="font-medium">{t.name}</td>
                <td className="tabular-nums">{t.villages}</td>
                <td className="tabular-nums">{t.members}</td>
                <td className="tabular-nums">{t.posts.DIRECTOR}</td>
                <td className="tabular-nums">{t.posts.DEPUTY}</td>
                <td className="tabular-nums">{t.posts.MEMBER}</td>
                <td className="tabular-nums">{t.posts.WOMEN_MEMBER}</td>
                <td className="tabular-nums">{t.dualRole}</td>
                <td className="whitespace-nowrap">
                  {t.electionDays ? (t.electionDays.from === t.electionDays.to ? t.electionDays.from : `${t.electionDays.from} 至 ${t.electionDays.to}`) : "—"}
                </td>
                <td className="whitespace-nowrap text-slate-600">
                  {dateTime(t.importedAt)} · {t.importedBy}
                </td>
              </tr>
            ))}
            {terms.length === 0 && (
              <tr>
                <td colSpan={10} className="text-slate-500">
                  尚未导入往届数据。
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </section>
    </div>
  );
}
