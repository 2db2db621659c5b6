import Link from "next/link";
import { ActionForm, Field } from "@/components/action-form";
import { CERTIFICATE_CSS, CertificateView, type CertificateData } from "@/lib/documents/certificate";
import {
  certificateNumber,
  PAPER_OPTIONS,
  PLACEHOLDERS,
  SEAL_POSITION_LABEL,
  SEAL_POSITIONS,
  SECOND_LANGUAGES,
  secondLanguage,
} from "@/lib/domain/certificate";
import { todayInChina } from "@/lib/domain/days";
import { can } from "@/lib/domain/permissions";
import { requirePermission } from "@/lib/server/auth/actor";
import { getCertificateLayout, listCertificateCampaigns, listCertifiedElections } from "@/lib/server/records/certificates";
import { saveLayoutAction } from "./actions";
import type { Metadata } from "next";
import { InlineStyle } from "@/components/inline-style";

export const metadata: Metadata = { title: "当选证书" };

/** 当选证书: the county's layout (with a preview) and, per term, the villages whose certificates can be printed. */
export default async function CertificatesPage() {
  const actor = await requirePermission("certificate.view");
  const manage = actor.unitLevel === "COUNTY" && can(actor, "certificate.manage", { path: actor.unitPath });
  const { layout, version, countyId } = await getCertificateLayout(actor);
  const campaigns = await listCertificateCampaigns(actor);
  const terms = await Promise.all(campaigns.map(async (c) => ({ ...c, rows: await listCertifiedElections(actor, c.id) })));
  const lang = secondLanguage(layout.secondLanguage);
  const today = todayInChina();
  const sample: CertificateData = {
    number: certificateNumber(actor.unitCode, Number(today.slice(0, 4)), 1),
    name: lang?.code === "bo" ? "扎西" : "张明",
    nameSecond: lang?.sampleName ?? null,
    post: "DIRECTOR",
    unitName: "示例村",
    unitKind: "VILLAGE",
    townshipName: "示例镇",
    campaignName: campaigns[0]?.name ?? "第十二届村(居)民委员会换届选举",
    countyName: actor.unitLevel === "COUNTY" ? actor.unitName : "本县",
    issuedOn: today,
    revoked: false,
  };
  const secondFont = lang ? { fontFamily: lang.fontFamily, fontSize: "1.1rem" } : undefined;

  return (
    <div className="space-y-4">
      <h1>当选证书</h1>
      <p className="text-sm text-slate-600">
        县换届办认定村(社区)选举结果后，系统为每位当选人颁发当选证书，本县本届统一连续编号；撤销认定时证书作废，编号保留不再使用。证书按本县统一版式打印。
      </p>

      {manage && countyId && (
        <section className="card space-y-3">
          <h2>本县证书版式</h2>
          <div className="text-sm text-slate-600">
            <p>标题、正文和发证机关中可以使用以下占位符，打印时替换为每张证书的内容；写错的占位符会原样印出，保存时也会提示：</p>
            <ul className="mt-1 grid gap-x-6 sm:grid-cols-2" data-testid="placeholders">
              {PLACEHOLDERS.map((p) => (
                <li key={p.key}>
                  <code className="rounded bg-slate-100 px-1">{`{${p.key}}`}</code> {p.meaning}
                </li>
              ))}
            </ul>
          </div>
          <ActionForm action={saveLayoutAction} submitLabel="保存证书版式">
            <input type="hidden" name="countyId" value={countyId} />
            <input type="hidden" name="version" value={version} />
            <div className="grid gap-3 sm:grid-cols-3">
              <Field name="title" label="标题">
                <input id="f-title" name="title" required maxLength={50} defaultValue={layout.title} />
              </Field>
              <Field name="sealPosition" label="印章位置">
                <select id="f-sealPosition" name="sealPosition" defaultValue={layout.sealPosition}>
                  {SEAL_POSITIONS.map((p) => (
                    <option key={p} value={p}>
                      {SEAL_POSITION_LABEL[p]}
                    </option>
                  ))}
                </select>
              </Field>
              <Field name="paper" label="纸张" hint="A4、A4L（横版）、A5、A5L、B5、B5L，或 宽x高（毫米），如 260x190">
                <input id="f-paper" name="paper" required list="paper-options" defaultValue={layout.paper} />
              </Field>
            </div>
            <datalist id="paper-options">
              {PAPER_OPTIONS.map((p) => (
                <option key={p.value} value={p.value}>
                  {p.label}
                </option>
              ))}
            </datalist>
            <Field name="body" label="正文" hint="换行照印；段首可用全角空格“　　”缩进">
              <textarea id="f-body" name="body" rows={4} required maxLength={1000} className="w-full" defaultValue={layout.body} />
            </Field>
            <Field name="authority" label="发证机关（印章盖在其上）">
              <input id="f-authority" name="authority" required maxLength={100} className="w-full" defaultValue={layout.authority} />
            </Field>
            <fieldset className="space-y-3 rounded border border-slate-200 p-3">
              <legend className="px-1 text-sm font-medium">少数民族文字（双语证书）</legend>
              <Field name="secondLanguage" label="文字" hint="选择后与汉字并列印在证书上：横版纸左右并排，竖版纸上下排列，少数民族文字在前；蒙古文竖写">
                <select id="f-secondLanguage" name="secondLanguage" defaultValue={layout.secondLanguage ?? ""}>
                  <option value="">不使用（仅汉字）</option>
                  {SECOND_LANGUAGES.map((l) => (
                    <option key={l.code} value={l.code}>
                      {l.label}
                    </option>
                  ))}
                </select>
              </Field>
              <p className="text-xs text-slate-500">
                少数民族文字部分同样可以使用占位符：{"{name}"} 填入在各村证书页录入的该文字姓名（未录入时填汉字姓名），其余占位符填入汉字内容。
              </p>
              <Field name="secondTitle" label="标题（少数民族文字）">
                <input
                  id="f-secondTitle"
                  name="secondTitle"
                  maxLength={200}
                  className="w-full"
                  lang={lang?.code}
                  dir={lang?.direction}
                  style={secondFont}
                  defaultValue={layout.secondTitle ?? ""}
                />
              </Field>
              <Field name="secondBody" label="正文（少数民族文字）">
                <textarea
                  id="f-secondBody"
                  name="secondBody"
                  rows={4}
                  maxLength={2000}
                  className="w-full"
                  lang={lang?.code}
                  dir={lang?.direction}
                  style={secondFont}
                  defaultValue={layout.secondBody ?? ""}
                />
              </Field>
              <Field name="secondAuthority" label="发证机关（少数民族文字）">
                <input
                  id="f-secondAuthority"
                  name="secondAuthority"
                  maxLength={300}
                  className="w-full"
                  lang={lang?.code}
                  dir={lang?.direction}
                  style={secondFont}
                  defaultValue={layout.secondAuthority ?? ""}
                />
              </Field>
            </fieldset>
          </ActionForm>
        </section>
      )}

      <section className="card space-y-2">
        <h2>
          版式预览 <span className="text-sm font-normal text-slate-500">（示例数据，实际尺寸；保存后更新）</span>
        </h2>
        <InlineStyle css={CERTIFICATE_CSS} />
        <div className="overflow-x-auto bg-slate-100 py-4" data-testid="layout-preview">
          <CertificateView layout={layout} cert={sample} />
        </div>
      </section>

      <section className="space-y-3">
        <h2>已颁发的当选证书</h2>
        {terms.length === 0 && <p className="text-sm text-slate-600">还没有颁发当选证书。县换届办认定村(社区)选举结果后即颁发。</p>}
        {terms.map((term) => {
          const townships = [...new Map(term.rows.map((r) => [r.township?.id ?? "", r.township])).values()];
          return (
            <div key={term.id} className="card space-y-2" data-testid="certificate-term">
              <h3 className="font-semibold">{term.name}</h3>
              <table>
                <thead>
                  <tr>
                    <th>乡镇(街道)</th>
                    <th>村(社区)</th>
                    <th>有效证书</th>
                    <th>已作废</th>
                    <th>状态</th>
                    <th className="no-print"></th>
                  </tr>
                </thead>
                {townships.map((t) => (
                  <tbody key={t?.id ?? "none"}>
                    {term.rows
                      .filter((r) => (r.township?.id ?? "") === (t?.id ?? ""))
                      .map((r, i) => (
                        <tr key={r.electionId}>
                          <td>
                            {i === 0 && t && (
                              <span className="space-x-2">
                                <span>{t.name}</span>
                                <Link className="link no-print text-xs" href={`/certificates/print?campaign=${term.id}&township=${t.id}`}>
                                  打印本乡镇全部
                                </Link>
                              </span>
                            )}
                          </td>
                          <td>
                            <Link className="link" href={`/certificates/election/${r.electionId}`}>
                              {r.unitName}
                            </Link>
                          </td>
                          <td>{r.valid}</td>
                          <td>{r.revoked || "—"}</td>
                          <td>{r.sealed ? "已封存归档" : r.certified ? "已认定" : "已撤销认定"}</td>
                          <td className="no-print">
                            {r.valid > 0 && (
                              <Link className="link" href={`/certificates/print?election=${r.electionId}`}>
                                打印本村全部
                              </Link>
                            )}
                          </td>
                        </tr>
                      ))}
                  </tbody>
                ))}
              </table>
            </div>
          );
        })}
      </section>
    </div>
  );
}
