import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { ActionForm, Field } from "@/components/action-form";
import { dayOf } from "@/lib/domain/days";
import { POST_LABEL } from "@/lib/domain/people";
import { SecondFactorField } from "@/components/second-factor-field";
import { ownSecondFactorStatus } from "@/lib/server/auth/second-factor";
import { requirePermission } from "@/lib/server/auth/actor";
import { getArchiveSummary } from "@/lib/server/records/certification";
import { decertifyAction, sealAction } from "../actions";
import { titleFromParam } from "@/lib/server/page-titles";

export const generateMetadata = titleFromParam("认定与归档", "electionId");

const at = (d: Date) => d.toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false });

/** One election's record: confirmation, certification, certificates, seal with the audit head, archive. */
export default async function ArchiveSummaryPage({ params }: { params: Promise<{ electionId: string }> }) {
  const actor = await requirePermission("certificate.view");
  const need = await ownSecondFactorStatus(actor);
  const { electionId } = await params;
  if (!z.uuid().safeParse(electionId).success) notFound();
  const s = await getArchiveSummary(actor, electionId);
  if (!s) notFound();
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1>
          {s.unit.name}选举档案{" "}
          <span className="text-base font-normal text-slate-500">
            {s.unit.township} · {s.campaign.name} · 选举日 {dayOf(s.electionDay)}
          </span>
        </h1>
        <div className="no-print ml-auto flex flex-wrap gap-2">
          <Link className="btn-secondary" href={`/records?campaign=${s.campaign.id}`}>
            返回认定与归档
          </Link>
          <Link className="btn-secondary" href={`/elections/${s.id}/result`}>
            选举结果
          </Link>
          <Link className="btn-secondary" href={`/elections/${s.id}/result/report`}>
            选举结果报告单
          </Link>
        </div>
      </div>

      <section className="card grid gap-2 text-sm sm:grid-cols-3" data-testid="record-stages">
        <div>乡镇确认：{s.confirmed ? `${at(s.confirmed.at)}（${s.confirmed.by}）` : "尚未确认"}</div>
        <div>县级认定：{s.certified ? `${at(s.certified.at)}（${s.certified.by}）` : "尚未认定"}</div>
        <div>封存归档：{s.sealed ? `${at(s.sealed.at)}（${s.sealed.by}）` : "尚未封存"}</div>
      </section>

      {s.sealed && (
        <section className="card space-y-1 text-sm" data-testid="seal">
          <h2>封存凭据</h2>
          <p>
            封存时审计日志末条：第 <b>{s.sealed.auditId}</b> 条，哈希 <code className="break-all">{s.sealed.auditHash}</code>
          </p>
          <p data-testid="archive-digest">
            档案包清单摘要：{s.sealed.archiveDigest ? <code className="break-all">{s.sealed.archiveDigest}</code> : "封存时未记录（本功能启用前封存）"}
          </p>
          {s.sealed.archiveDigest && (
            <p className="text-slate-600">
              这是封存时档案包中 manifest.json 的摘要，档案包不包含它。请随纸质选举结果报告单一同保管；日后不用本系统数据库也可校验档案包：
              <code className="ml-1 rounded bg-slate-100 px-1 break-all">npm run --silent archive:verify -- 档案包.zip --expect {s.sealed.archiveDigest}</code>
            </p>
          )}
          <p className="text-slate-600">
            此后审计日志只能增加，不能删改。将来如发现第 {s.sealed.auditId} 条不存在或哈希不同，说明封存后审计日志被删除或篡改（可用 npm run audit:verify
            核对）。
          </p>
        </section>
      )}

      <section className="card space-y-2">
        <h2>当选证书（{s.certificates.filter((c) => !c.revokedAt).length} 份有效）</h2>
        {s.certificates.length === 0 ? (
          <p className="text-sm text-slate-600">认定后颁发。</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>编号</th>
                <th>姓名</th>
                <th>职务</th>
                <th>状态</th>
              </tr>
            </thead>
            <tbody>
              {s.certificates.map((c) => (
                <tr key={c.id} className={c.revokedAt ? "text-slate-400 line-through" : ""}>
                  <td className="font-mono">{c.number}</td>
                  <td>{c.name}</td>
                  <td>{POST_LABEL[c.post]}</td>
                  <td>{c.revokedAt ? `已作废：${c.revokedReason}` : "有效"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {s.certified && (
          <Link className="link no-print text-sm" href={`/certificates/election/${s.id}`}>
            少数民族文字姓名与打印当选证书
          </Link>
        )}
      </section>

      <section className="card space-y-2 text-sm">
        <h2>档案包</h2>
        <p>
          内容：选举设置、候选人 {s.counts.candidates} 人及联审意见和决定、投票设置（{s.counts.boxes} 个票箱）、{s.counts.rounds} 轮计票的每份计票单及两遍录入、
          各轮判定及理由、当选结果、当选证书、可打印文书（HTML）、计票单照片 {s.counts.photos} 张、本次选举的审计日志，以及逐个文件的摘要清单。
        </p>
        {s.sealed && s.canDownload && (
          <a className="btn" href={`/records/${s.id}/archive`}>
            下载档案包（ZIP）
          </a>
        )}
        {!s.sealed && <p className="text-slate-600">封存后才能下载档案包。</p>}
      </section>

      {s.certified && !s.sealed && s.canSeal && (
        <section className="card no-print space-y-2">
          <h2>封存归档</h2>
          <p className="text-sm text-slate-600">
            封存后本村(社区)本次选举的全部记录（候选人、联审、投票、计票、结果、证书）都不能再修改，包括撤销认定；数据库会拒绝任何修改。
          </p>
          <ActionForm action={sealAction} submitLabel="封存归档" confirm="封存后任何人都不能再修改本次选举的记录。确定封存吗？">
            <input type="hidden" name="electionId" value={s.id} />
            <input type="hidden" name="version" value={s.version} />
            <SecondFactorField need={need} id="f-otp-seal" />
          </ActionForm>
        </section>
      )}
      {s.certified && !s.sealed && s.canCertify && (
        <section className="card no-print space-y-2">
          <h2>撤销认定</h2>
          <ActionForm action={decertifyAction} submitLabel="撤销认定" confirm="撤销后已颁发的当选证书全部作废（编号保留）。确定吗？">
            <input type="hidden" name="electionId" value={s.id} />
            <input type="hidden" name="version" value={s.version} />
            <Field name="reason" label="理由（必填，记入审计日志）">
              <textarea id="f-reason" name="reason" rows={2} required className="w-full" />
            </Field>
            <SecondFactorField need={need} id="f-otp-decertify" />
          </ActionForm>
        </section>
      )}
    </div>
  );
}
