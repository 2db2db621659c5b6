import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { ActionForm, Field } from "@/components/action-form";
import { CATEGORY_LABEL, FINDING_LABEL } from "@/lib/domain/complaints";
import { maskIdNumber } from "@/lib/domain/id-number";
import { GENDER_LABEL, POST_LABEL } from "@/lib/domain/people";
import { can } from "@/lib/domain/permissions";
import { OPINION_KINDS, OPINION_LABEL, ROLLUP_LABEL, SEVERITY_LABEL } from "@/lib/domain/vetting";
import { ROLLUP_STYLE } from "@/lib/i18n/zh";
import { requireActor } from "@/lib/server/auth/actor";
import { getEntryView } from "@/lib/server/vetting/entry-view";
import { decideAction, recordOpinionAction } from "../../../../actions";
import { titleFromParam } from "@/lib/server/page-titles";

export const generateMetadata = titleFromParam("联审记录", "entryId");

export default async function EntryPage({ params }: { params: Promise<{ id: string; entryId: string }> }) {
  const actor = await requireActor();
  const own = { path: actor.unitPath };
  const reviewer = can(actor, "vetting.review", own);
  const run = can(actor, "vetting.run", own);
  if (!reviewer && !can(actor, "vetting.view", own)) notFound();
  const { id, entryId } = await params;
  if (!z.uuid().safeParse(id).success || !z.uuid().safeParse(entryId).success) notFound();
  const view = await getEntryView(actor, entryId);
  if (!view || view.round.id !== id) notFound();
  const { record, row, departments, conditions } = view;
  // A decision carried over from an earlier round stands until the county turns it round, with a reason.
  const carriedDecision = row.carry === "ALL" && !!row.decision && !!row.decidedAt && row.decidedAt < view.round.createdAt;
  // So does a decision that a newer opinion has overtaken (a 不能 reported after 通过).
  const overtaken = !!row.decision && !!row.decidedAt && Object.values(row.opinions).some((o) => o.createdAt > row.decidedAt!.toISOString());
  const reopen = carriedDecision || overtaken;
  const latestByDept = new Map(Object.values(row.opinions).map((o) => [o.id, true]));
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1>
          {record.candidate.person.name}{" "}
          <span className="text-base font-normal text-slate-500">
            {record.candidate.election.unit.name} · {POST_LABEL[record.candidate.post]}
          </span>
        </h1>
        {!reviewer && (
          <span className={`rounded px-2 py-0.5 text-sm ${ROLLUP_STYLE[row.rollUp.status]}`} data-testid="rollup">
            {ROLLUP_LABEL[row.rollUp.status]}
          </span>
        )}
        <Link className="link ml-auto text-sm" href={reviewer ? `/vetting/rounds/${id}/queue` : `/vetting/rounds/${id}`}>
          返回{reviewer ? "待审队列" : "联审看板"}
        </Link>
      </div>
      <p className="text-xs text-slate-500">本页为联审记录，每次查看均记入审计日志。</p>
      <section className="card grid gap-2 text-sm sm:grid-cols-4">
        <div>性别：{GENDER_LABEL[record.candidate.person.gender]}</div>
        <div>出生日期：{record.candidate.person.birthDate}</div>
        <div>
          公民身份号码：
          <span className="font-mono">
            {reviewer || can(actor, "candidate.viewIdNumber", own) ? record.candidate.person.idNumber : maskIdNumber(record.candidate.person.idNumber)}
          </span>
        </div>
        <div data-testid="decision">
          决定：{record.decision === "APPROVED" ? "通过" : record.decision === "REJECTED" ? "不通过" : "未决定"}
          {record.rationale ? `（${record.rationale}）` : ""}
          {carriedDecision && row.previousDecision ? `（沿用「${row.previousDecision.roundName}」的决定）` : ""}
        </div>
      </section>
      {!reviewer && (
        <section className="card">
          <h2 className="mb-2">汇总说明</h2>
          <ul className="list-disc space-y-1 pl-5 text-sm" data-testid="explanation">
            {row.rollUp.explanation.map((line, i) => (
              <li key={i}>{line}</li>
            ))}
            {row.complaints.map((c) => (
              <li key={c.number} className="text-red-800" data-testid="complaint-note">
                信访举报 {c.number} 号（{CATEGORY_LABEL[c.category]}）经查{FINDING_LABEL[c.finding]}，请研判时一并考虑
              </li>
            ))}
          </ul>
        </section>
      )}
      <section className="card overflow-x-auto">
        <h2 className="mb-2">{reviewer ? "本部门意见（含被新意见取代的旧意见）" : "各部门意见（含被新意见取代的旧意见）"}</h2>
        <table className="text-sm">
          <thead>
            <tr>
              <th>时间</th>
              <th>轮次</th>
              <th>部门</th>
              <th>审核人</th>
              <th>意见</th>
              <th>情形</th>
              <th>认定/说明</th>
              <th>依据文号 / 附件</th>
            </tr>
          </thead>
          <tbody>
            {record.opinions.map((o) => (
              <tr key={o.id} className={latestByDept.has(o.id) ? "" : "text-slate-400 line-through decoration-slate-300"}>
                <td className="whitespace-nowrap">{o.createdAt.toLocaleString("zh-CN", { timeZone: "Asia/Shanghai" })}</td>
                <td className="whitespace-nowrap">{o.fromRound ? `前轮「${o.fromRound}」` : "本轮"}</td>
                <td>{o.department.name}</td>
                <td>{o.reviewer.displayName}</td>
                <td>
                  {OPINION_LABEL[o.kind]}
                  {o.dueDate ? `（${o.dueDate} 前）` : ""}
                </td>
                <td className="font-mono">{o.conditionCodes.join("、")}</td>
                <td className="max-w-md">{o.finding}</td>
                <td>
                  {o.evidenceRef}
                  {o.attachment && (
                    <a className="link ml-1" href={`/vetting/attachments/${o.attachment.id}`}>
                      {o.attachment.fileName}
                    </a>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {!reviewer && departments.length > Object.keys(row.opinions).length && (
          <p className="mt-2 text-sm text-slate-600">
            未答复：
            {departments
              .filter((d) => !row.opinions[d.id])
              .map((d) => d.name)
              .join("、")}
          </p>
        )}
      </section>
      {reviewer && row.active && (
        <section className="card">
          <h2 className="mb-2">{actor.departmentName}出具意见</h2>
          <p className="mb-2 text-xs text-slate-500">意见不会被修改：新意见取代本部门以前的意见，旧意见保留备查（撤回“不能”情形也用新意见）。</p>
          <ActionForm action={recordOpinionAction} submitLabel="出具意见" className="max-w-4xl">
            <input type="hidden" name="entryId" value={entryId} />
            <div className="grid gap-3 sm:grid-cols-3">
              <Field name="kind" label="审查意见">
                <select id="f-kind" name="kind">
                  {OPINION_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {OPINION_LABEL[k]}
                    </option>
                  ))}
                </select>
              </Field>
              <Field name="evidenceRef" label="依据文号（可空）">
                <input id="f-evidenceRef" name="evidenceRef" />
              </Field>
              <Field name="dueDate" label="核实期限（需核实时填写）">
                <input id="f-dueDate" name="dueDate" type="date" />
              </Field>
            </div>
            <Field name="evidenceFile" label="证据附件（可空；JPEG、PNG 或 PDF，不超过 10 MB）">
              <input id="f-evidenceFile" name="evidenceFile" type="file" accept=".jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf" />
            </Field>
            <Field name="finding" label="认定事实/说明">
              <textarea id="f-finding" name="finding" rows={2} className="w-full" />
            </Field>
            <fieldset className="grid gap-1 text-sm sm:grid-cols-2">
              <legend className="mb-1 text-slate-700">涉及的负面清单情形（“不能”“不宜”“需核实”时选择）</legend>
              {conditions.map((c) => (
                <label key={c.code} className="flex items-start gap-2">
                  <input type="checkbox" name="conditionCodes" value={c.code} className="mt-1" />
                  <span>
                    <span className="font-mono">{c.code}</span> [{SEVERITY_LABEL[c.severity]}] {c.text}
                  </span>
                </label>
              ))}
            </fieldset>
          </ActionForm>
        </section>
      )}
      {run && row.active && (!record.decision || reopen) && (
        <section className="card">
          <h2 className="mb-2">
            {carriedDecision ? "改变前轮决定（须写明理由）" : overtaken ? "决定后又有部门出具新意见：重新决定（须写明理由）" : "县换届办决定"}
          </h2>
          <ActionForm action={decideAction} submitLabel="作出决定" className="max-w-2xl">
            <input type="hidden" name="entryId" value={entryId} />
            <input type="hidden" name="opinionsSeen" value={row.opinionCount} />
            <Field name="decision" label="决定">
              <select id="f-decision" name="decision">
                {!(reopen && record.decision === "APPROVED") && <option value="APPROVE">通过资格审查</option>}
                {!(reopen && record.decision === "REJECTED") && <option value="REJECT">不通过</option>}
              </select>
            </Field>
            <Field name="rationale" label="理由（研判“不宜”情形时必填）">
              <textarea id="f-rationale" name="rationale" rows={2} className="w-full" />
            </Field>
          </ActionForm>
        </section>
      )}
    </div>
  );
}
