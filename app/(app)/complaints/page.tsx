import Link from "next/link";
import type { Metadata } from "next";
import { ActionForm, Field } from "@/components/action-form";
import { PrintButton } from "@/components/print-button";
import {
  CATEGORY_LABEL,
  CHANNEL_LABEL,
  COMPLAINT_CATEGORIES,
  COMPLAINT_CHANNELS,
  COMPLAINT_STATUSES,
  FINDING_LABEL,
  STATUS_LABEL,
} from "@/lib/domain/complaints";
import { todayInChina } from "@/lib/domain/days";
import { requirePermission } from "@/lib/server/auth/actor";
import { complaintFilters, complaintFormOptions, complaintVillages, listComplaints } from "@/lib/server/complaints";
import { receiveComplaintAction } from "./actions";

export const metadata: Metadata = { title: "信访举报台账" };

const STATUS_STYLE: Record<string, string> = {
  RECEIVED: "bg-slate-100 text-slate-800",
  ASSIGNED: "bg-blue-100 text-blue-900",
  ANSWERED: "bg-amber-100 text-amber-900",
  CLOSED: "bg-green-100 text-green-800",
};

export default async function ComplaintsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const actor = await requirePermission("complaint.view");
  const filters = complaintFilters.parse(await searchParams);
  const [rows, villages, options] = await Promise.all([listComplaints(actor, filters), complaintVillages(actor), complaintFormOptions(actor)]);
  const showComplainant = rows.some((r) => r.complainant !== null);
  const overdueCount = rows.filter((r) => r.overdue).length;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1>信访举报台账</h1>
        <span className="text-sm text-slate-500">来信、来访、来电、网络、举报箱“四位一体”受理，逐件跟踪督办</span>
        <span className="no-print ml-auto">
          <PrintButton />
        </span>
      </div>

      <form className="card no-print flex flex-wrap items-end gap-3 text-sm" aria-label="筛选">
        <label className="flex flex-col gap-1">
          办理状态
          <select name="status" defaultValue={filters.status ?? ""}>
            <option value="">全部</option>
            {COMPLAINT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABEL[s]}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          问题类别
          <select name="category" defaultValue={filters.category ?? ""}>
            <option value="">全部</option>
            {COMPLAINT_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {CATEGORY_LABEL[c]}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          村(社区)
          <select name="villageId" defaultValue={filters.villageId ?? ""}>
            <option value="">全部</option>
            {villages.map((v) => (
              <option key={v.id} value={v.id}>
                {v.name}
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-1">
          <input type="checkbox" name="overdue" value="1" defaultChecked={!!filters.overdue} />
          只看逾期
        </label>
        <button type="submit" className="btn-secondary">
          筛选
        </button>
        <Link className="link" href="/complaints">
          清除
        </Link>
      </form>

      <section className="card overflow-x-auto">
        <p className="mb-2 text-sm text-slate-600" data-testid="ledger-summary">
          共 {rows.length} 件{overdueCount > 0 && <span className="text-red-700">，其中逾期 {overdueCount} 件</span>} · 打印日期 {todayInChina()}
        </p>
        <table className="text-sm" data-testid="ledger">
          <thead>
            <tr className="whitespace-nowrap">
              <th>编号</th>
              <th>受理日期</th>
              <th>渠道</th>
              {showComplainant && <th>举报人</th>}
              <th>类别</th>
              <th>村(社区)</th>
              <th>被反映人</th>
              <th>主要问题</th>
              <th>承办部门</th>
              <th>办理期限</th>
              <th>状态</th>
              <th>查实结论</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={12} className="text-slate-500">
                  没有符合条件的信访举报件
                </td>
              </tr>
            )}
            {rows.map((r) => (
              <tr key={r.id} className={r.overdue ? "bg-red-50 text-red-800" : ""} data-overdue={r.overdue ? "true" : undefined}>
                <td className="whitespace-nowrap">
                  <Link className="link" href={`/complaints/${r.id}`}>
                    {r.number}
                  </Link>
                </td>
                <td className="whitespace-nowrap">{r.receivedOn}</td>
                <td className="whitespace-nowrap">{CHANNEL_LABEL[r.channel]}</td>
                {showComplainant && <td className="whitespace-nowrap">{r.complainant}</td>}
                <td className="whitespace-nowrap">{CATEGORY_LABEL[r.category]}</td>
                <td className="whitespace-nowrap">
                  {r.township} {r.village}
                </td>
                <td className="whitespace-nowrap">{r.candidate ?? "—"}</td>
                <td className="min-w-48" title={r.summary}>
                  {r.summary}
                </td>
                <td className="whitespace-nowrap">{r.department ?? "—"}</td>
                <td className="whitespace-nowrap">
                  {r.deadline ?? "—"}
                  {r.overdue && <span className="ml-1 font-medium text-red-700">已逾期</span>}
                </td>
                <td className="whitespace-nowrap">
                  <span className={`rounded px-1.5 py-0.5 ${STATUS_STYLE[r.status]}`}>{STATUS_LABEL[r.status]}</span>
                </td>
                <td className="whitespace-nowrap">{r.finding ? FINDING_LABEL[r.finding] : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      {options && (
        <section className="card no-print">
          <h2 className="mb-2">受理登记</h2>
          <ActionForm action={receiveComplaintAction} submitLabel="受理" resetOnSuccess className="max-w-4xl">
            <div className="grid gap-3 sm:grid-cols-4">
              <Field name="channel" label="受理渠道">
                <select id="f-channel" name="channel" required>
                  {COMPLAINT_CHANNELS.map((c) => (
                    <option key={c} value={c}>
                      {CHANNEL_LABEL[c]}
                    </option>
                  ))}
                </select>
              </Field>
              <Field name="receivedOn" label="受理日期">
                <input id="f-receivedOn" name="receivedOn" type="date" defaultValue={todayInChina()} max={todayInChina()} required />
              </Field>
              <Field name="category" label="问题类别">
                <select id="f-category" name="category" required>
                  {COMPLAINT_CATEGORIES.map((c) => (
                    <option key={c} value={c}>
                      {CATEGORY_LABEL[c]}
                    </option>
                  ))}
                </select>
              </Field>
              <Field name="campaignId" label="所属换届（可不选）">
                <select id="f-campaignId" name="campaignId" defaultValue={options.campaigns.find((c) => c.status === "OPEN")?.id ?? ""}>
                  <option value="">—</option>
                  {options.campaigns.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}
                    </option>
                  ))}
                </select>
              </Field>
              <Field name="villageId" label="涉及村(社区)">
                <select id="f-villageId" name="villageId" required>
                  {options.villages.map((v) => (
                    <option key={v.id} value={v.id}>
                      {v.township} {v.name}
                    </option>
                  ))}
                </select>
              </Field>
              <Field name="candidateId" label="被反映的候选人（可不选）" hint="须是所选村(社区)的候选人">
                <select id="f-candidateId" name="candidateId" defaultValue="">
                  <option value="">—</option>
                  {[...new Set(options.candidates.map((c) => c.village))].map((village) => (
                    <optgroup key={village} label={village}>
                      {options.candidates
                        .filter((c) => c.village === village)
                        .map((c) => (
                          <option key={c.id} value={c.id}>
                            {c.name}
                          </option>
                        ))}
                    </optgroup>
                  ))}
                </select>
              </Field>
              <Field name="complainantName" label="举报人姓名" hint="保密：仅县换届办和承办部门可见">
                <input id="f-complainantName" name="complainantName" maxLength={50} />
              </Field>
              <Field name="complainantContact" label="联系方式">
                <input id="f-complainantContact" name="complainantContact" maxLength={100} />
              </Field>
              <label className="flex items-center gap-1 sm:col-span-4">
                <input type="checkbox" name="anonymous" id="f-anonymous" />
                匿名举报（不登记举报人）
              </label>
              <div className="sm:col-span-4">
                <Field name="summary" label="反映的主要问题">
                  <textarea id="f-summary" name="summary" rows={3} maxLength={2000} required className="w-full" />
                </Field>
              </div>
            </div>
          </ActionForm>
        </section>
      )}
    </div>
  );
}
