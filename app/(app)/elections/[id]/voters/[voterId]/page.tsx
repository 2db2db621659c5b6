import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { ethnicityName, GENDER_LABEL } from "@/lib/domain/people";
import { VOTER_CATEGORY_LABEL, type VoterCategory } from "@/lib/domain/voter-roll";
import { requirePermission } from "@/lib/server/auth/actor";
import { titleFromParam } from "@/lib/server/page-titles";
import { findElectionRoll, getVoterChanges, getVoterForEdit } from "@/lib/server/voters/read";

export const generateMetadata = titleFromParam("选民信息", "id");

/**
 * One voter with the full ID number: for the village's own election committee only (issue 13), and
 * every opening of this page is audited (voter.idnumber.viewed).
 */
export default async function VoterPage({ params }: { params: Promise<{ id: string; voterId: string }> }) {
  const actor = await requirePermission("voter.edit");
  const { id, voterId } = await params;
  if (!z.uuid().safeParse(id).success || !z.uuid().safeParse(voterId).success) notFound();
  const entry = await findElectionRoll(actor, id);
  if (!entry?.roll) notFound();
  const v = await getVoterForEdit(actor, entry.roll.id, voterId);
  if (!v) notFound();
  const changes = (await getVoterChanges(actor, entry.roll.id, { voterId })) ?? [];
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1>
          {v.name}{" "}
          <span className="text-base font-normal text-slate-500">
            {entry.unit.name} · {v.group}
          </span>
        </h1>
        {v.removedAt && <span className="rounded bg-red-100 px-2 py-0.5 text-sm text-red-800">已删除：{v.removedReason}</span>}
        <Link className="btn-secondary no-print ml-auto" href={`/elections/${id}/voters`}>
          返回选民名册
        </Link>
      </div>
      <p className="text-sm text-amber-800">完整公民身份号码仅供本村(社区)选举委员会核对，每次查看都记入审计日志；请勿抄录外传。</p>
      <section className="card">
        <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[8rem_1fr]" data-testid="voter-detail">
          <dt className="text-slate-500">公民身份号码</dt>
          <dd className="font-mono" data-testid="full-id-number">
            {v.idNumber}
          </dd>
          <dt className="text-slate-500">性别</dt>
          <dd>{GENDER_LABEL[v.gender]}</dd>
          <dt className="text-slate-500">出生日期</dt>
          <dd>{v.birthDate}</dd>
          <dt className="text-slate-500">民族</dt>
          <dd>{ethnicityName(v.ethnicity) ?? v.ethnicity}</dd>
          <dt className="text-slate-500">村民小组</dt>
          <dd>{v.group}</dd>
          <dt className="text-slate-500">登记类别</dt>
          <dd>
            {VOTER_CATEGORY_LABEL[v.category as VoterCategory]}
            {v.consentMeetingOn && `（${v.consentMeetingOn} 村民会议或村民代表会议同意）`}
          </dd>
          <dt className="text-slate-500">住址</dt>
          <dd>{v.address ?? "—"}</dd>
          <dt className="text-slate-500">联系电话</dt>
          <dd>{v.phone ?? "—"}</dd>
        </dl>
      </section>
      <section className="card">
        <h2 className="mb-2">变更记录</h2>
        <ul className="space-y-1 text-sm">
          {changes.map((c) => (
            <li key={c.id}>
              {c.createdAt.toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false })} {c.kindLabel}
              {c.afterPosting ? "（公布后）" : ""}：{c.reason}
              {c.by && <span className="text-slate-500"> · {c.by}</span>}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
