import Link from "next/link";
import { notFound } from "next/navigation";
import type { Metadata } from "next";
import { z } from "zod";
import { ActionForm, Field } from "@/components/action-form";
import { PrintButton } from "@/components/print-button";
import { CATEGORY_LABEL, CHANNEL_LABEL, COMPLAINT_FINDINGS, FINDING_LABEL, STATUS_LABEL } from "@/lib/domain/complaints";
import { addDays, todayInChina } from "@/lib/domain/days";
import { POST_LABEL } from "@/lib/domain/people";
import { requirePermission } from "@/lib/server/auth/actor";
import { complaintDepartments, getComplaint } from "@/lib/server/complaints";
import { answerComplaintAction, assignComplaintAction, closeComplaintAction } from "../actions";

export const metadata: Metadata = { title: "信访举报件" };

const when = (d: Date) => d.toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false });

export default async function ComplaintPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePermission("complaint.view");
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const c = await getComplaint(actor, id);
  if (!c) notFound();
  const departments = c.canAssign ? await complaintDepartments(actor) : null;
  const steps = [
    { label: "受理", step: c.steps.received },
    { label: "交办", step: c.steps.assigned },
    { label: "答复", step: c.steps.answered },
    { label: "办结", step: c.steps.closed },
  ];
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1>信访举报件 {c.number}</h1>
        <span className="rounded bg-slate-100 px-2 py-0.5 text-sm" data-testid="complaint-status">
          {STATUS_LABEL[c.status]}
        </span>
        {c.overdue && (
          <span className="rounded bg-red-600 px-2 py-0.5 text-sm text-white" data-testid="overdue">
            已逾期
          </span>
        )}
        <span className="no-print ml-auto flex items-center gap-3">
          <PrintButton />
          <Link className="link text-sm" href="/complaints">
            返回台账
          </Link>
        </span>
      </div>

      <section className="card">
        <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[8rem_1fr]">
          <dt className="text-slate-500">受理渠道</dt>
          <dd>{CHANNEL_LABEL[c.channel]}</dd>
          <dt className="text-slate-500">受理日期</dt>
          <dd>{c.receivedOn}</dd>
          {c.campaign && (
            <>
              <dt className="text-slate-500">所属换届</dt>
              <dd>{c.campaign.name}</dd>
            </>
          )}
          <dt className="text-slate-500">举报人</dt>
          <dd data-testid="complainant">
            {c.anonymous ? (
              "匿名"
            ) : c.complainant ? (
              <>
                {c.complainant.name}
                {c.complainant.contact && <span className="ml-2">{c.complainant.contact}</span>}
                <span className="ml-2 text-xs text-slate-500">（保密，本次查看已记入审计日志）</span>
              </>
            ) : (
              <span className="text-slate-500">实名（保密，仅县换届办和承办部门可见）</span>
            )}
          </dd>
          <dt className="text-slate-500">问题类别</dt>
          <dd>{CATEGORY_LABEL[c.category]}</dd>
          <dt className="text-slate-500">涉及村(社区)</dt>
          <dd>
            {c.village.township} {c.village.name}
          </dd>
          <dt className="text-slate-500">被反映的候选人</dt>
          <dd>{c.candidate ? `${c.candidate.name}（${POST_LABEL[c.candidate.post as keyof typeof POST_LABEL]}）` : "—"}</dd>
          <dt className="text-slate-500">反映的主要问题</dt>
          <dd className="whitespace-pre-wrap">{c.summary}</dd>
          <dt className="text-slate-500">承办部门</dt>
          <dd>{c.department?.name ?? "—"}</dd>
          <dt className="text-slate-500">办理期限</dt>
          <dd className={c.overdue ? "font-medium text-red-700" : ""}>{c.deadline ?? "—"}</dd>
          <dt className="text-slate-500">答复意见</dt>
          <dd className="whitespace-pre-wrap" data-testid="answer">
            {c.answer ?? "—"}
          </dd>
          <dt className="text-slate-500">查实结论</dt>
          <dd data-testid="finding">{c.finding ? FINDING_LABEL[c.finding] : "—"}</dd>
          <dt className="text-slate-500">处理结果</dt>
          <dd className="whitespace-pre-wrap">{c.actionTaken ?? "—"}</dd>
        </dl>
      </section>

      <section className="card">
        <h2 className="mb-2">办理过程</h2>
        <ol className="space-y-1 text-sm" data-testid="steps">
          {steps.map((s) => (
            <li key={s.label} className={s.step ? "" : "text-slate-400"}>
              <span className="inline-block w-12 font-medium">{s.label}</span>
              {s.step ? `${when(s.step.at)} · ${s.step.by ?? ""}` : "未办理"}
            </li>
          ))}
        </ol>
      </section>

      {departments && (
        <section className="card no-print">
          <h2 className="mb-2">{c.department ? "改交承办部门" : "交办"}</h2>
          <ActionForm action={assignComplaintAction} submitLabel="交办">
            <input type="hidden" name="id" value={c.id} />
            <input type="hidden" name="version" value={c.version} />
            <div className="grid gap-3 sm:grid-cols-3">
              <Field name="departmentId" label="承办部门">
                <select id="f-departmentId" name="departmentId" defaultValue={c.department?.id ?? ""} required>
                  <option value="">请选择</option>
                  {departments.map((d) => (
                    <option key={d.id} value={d.id}>
                      {d.name}
                    </option>
                  ))}
                </select>
              </Field>
              <Field name="deadline" label="办理期限">
                <input id="f-deadline" name="deadline" type="date" min={c.receivedOn} defaultValue={c.deadline ?? addDays(todayInChina(), 15)} required />
              </Field>
            </div>
          </ActionForm>
        </section>
      )}

      {c.canAnswer && (
        <section className="card no-print">
          <h2 className="mb-2">答复</h2>
          <ActionForm action={answerComplaintAction} submitLabel="提交答复">
            <input type="hidden" name="id" value={c.id} />
            <input type="hidden" name="version" value={c.version} />
            <Field name="answer" label="答复意见（核查情况）">
              <textarea id="f-answer" name="answer" rows={4} maxLength={2000} required className="w-full" />
            </Field>
          </ActionForm>
        </section>
      )}

      {c.canClose && (
        <section className="card no-print">
          <h2 className="mb-2">办结</h2>
          <ActionForm action={closeComplaintAction} submitLabel="办结">
            <input type="hidden" name="id" value={c.id} />
            <input type="hidden" name="version" value={c.version} />
            <div className="grid gap-3 sm:grid-cols-3">
              <Field name="finding" label="查实结论">
                <select id="f-finding" name="finding" required defaultValue="">
                  <option value="">请选择</option>
                  {COMPLAINT_FINDINGS.map((f) => (
                    <option key={f} value={f}>
                      {FINDING_LABEL[f]}
                    </option>
                  ))}
                </select>
              </Field>
              <div className="sm:col-span-3">
                <Field name="actionTaken" label="处理结果">
                  <textarea id="f-actionTaken" name="actionTaken" rows={3} maxLength={2000} required className="w-full" />
                </Field>
              </div>
            </div>
          </ActionForm>
        </section>
      )}
    </div>
  );
}
