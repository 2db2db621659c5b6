import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { ActionForm } from "@/components/action-form";
import { CERTIFICATE_POST_LABEL } from "@/lib/domain/certificate";
import { GENDER_LABEL } from "@/lib/domain/people";
import { requirePermission } from "@/lib/server/auth/actor";
import { getElectionCertificates } from "@/lib/server/records/certificates";
import { saveNameAction } from "../../actions";
import { titleFromParam } from "@/lib/server/page-titles";

export const generateMetadata = titleFromParam("当选证书", "electionId");

/** One village's certificates: numbers, members, status; the second-script names; print links. */
export default async function ElectionCertificatesPage({ params }: { params: Promise<{ electionId: string }> }) {
  const actor = await requirePermission("certificate.view");
  const { electionId } = await params;
  if (!z.uuid().safeParse(electionId).success) notFound();
  const v = await getElectionCertificates(actor, electionId);
  if (!v) notFound();
  const { election: e, language, certificates } = v;
  const valid = certificates.filter((c) => !c.revoked).length;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1>
          {e.unitName}当选证书{" "}
          <span className="text-base font-normal text-slate-500">
            {e.township?.name} · {e.campaign.name}
          </span>
        </h1>
        {e.sealedAt && <span className="rounded bg-slate-800 px-2 py-0.5 text-sm text-white">已封存归档</span>}
        <div className="no-print ml-auto flex flex-wrap gap-2">
          <Link className="btn-secondary" href="/certificates">
            返回证书列表
          </Link>
          <Link className="btn-secondary" href={`/elections/${e.id}/result/roster`}>
            打印成员名册
          </Link>
          {valid > 0 && (
            <Link className="btn" href={`/certificates/print?election=${e.id}`}>
              打印本村全部证书（{valid} 张）
            </Link>
          )}
        </div>
      </div>
      {language && (
        <p className="text-sm text-slate-600">
          本县证书为{language.label}、汉文双语。请在下表录入每位当选人的{language.label}姓名，打印时印在{language.label}部分；未录入的印汉字姓名。
          {e.sealedAt ? "该村选举已封存归档，不能再修改。" : ""}
        </p>
      )}
      <div className="card overflow-x-auto">
        {certificates.length === 0 ? (
          <p className="text-sm text-slate-600">该村(社区)还没有颁发当选证书。</p>
        ) : (
          <table data-testid="certificates">
            <thead>
              <tr>
                <th>证书编号</th>
                <th>姓名</th>
                <th>职务</th>
                <th>性别</th>
                {language && <th>{language.label}姓名</th>}
                <th>状态</th>
                <th className="no-print"></th>
              </tr>
            </thead>
            <tbody>
              {certificates.map((c) => (
                <tr key={c.id} className={c.revoked ? "text-slate-500" : undefined}>
                  <td className="font-mono">{c.number}</td>
                  <td>{c.name}</td>
                  <td>{CERTIFICATE_POST_LABEL[c.post]}</td>
                  <td>{GENDER_LABEL[c.gender]}</td>
                  {language && (
                    <td>
                      {v.canEditNames && !c.revoked ? (
                        <ActionForm action={saveNameAction} inline submitLabel="保存">
                          <input type="hidden" name="certificateId" value={c.id} />
                          <input type="hidden" name="version" value={c.version} />
                          <input
                            name="nameSecond"
                            aria-label={`${c.name}的${language.label}姓名`}
                            defaultValue={c.nameSecond ?? ""}
                            maxLength={100}
                            lang={language.code}
                            dir={language.direction}
                            style={{ fontFamily: language.fontFamily, fontSize: "1.1rem" }}
                            className="w-56"
                          />
                        </ActionForm>
                      ) : (
                        <span lang={language.code} dir={language.direction} style={{ fontFamily: language.fontFamily }}>
                          {c.nameSecond ?? "—"}
                        </span>
                      )}
                    </td>
                  )}
                  <td>
                    {c.revoked ? (
                      <span className="rounded bg-red-100 px-2 py-0.5 text-xs text-red-800" title={c.revokedReason ?? ""}>
                        已作废
                      </span>
                    ) : (
                      <span className="rounded bg-green-100 px-2 py-0.5 text-xs text-green-800">有效</span>
                    )}
                    {c.revoked && c.revokedReason && <span className="ml-2 text-xs">{c.revokedReason}</span>}
                  </td>
                  <td className="no-print">
                    <Link className="link" href={`/certificates/print?certificate=${c.id}`}>
                      {c.revoked ? "查看" : "打印"}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}
