import { randomUUID } from "node:crypto";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { ActionForm, Field } from "@/components/action-form";
import { TallyForm } from "@/components/tally-form";
import { sectionTitle } from "@/lib/domain/ballot";
import { FIELD, GENDER_CODE, printedElsewhereNote, tallyFormValues } from "@/lib/domain/tally";
import { requirePermission } from "@/lib/server/auth/actor";
import { getTallyEntry, TALLY_STATUS_LABEL } from "@/lib/server/election-day/tallies";
import { attachTallyPhotoAction, saveTallyAction } from "../../actions";
import { titleFromParam } from "@/lib/server/page-titles";

export const generateMetadata = titleFromParam("录入计票单", "id");

export default async function TallyEntryPage({ params }: { params: Promise<{ id: string; roundId: string; boxId: string }> }) {
  const actor = await requirePermission("tally.view");
  const { id, roundId, boxId } = await params;
  if (![id, roundId, boxId].every((x) => z.uuid().safeParse(x).success)) notFound();
  const t = await getTallyEntry(actor, roundId, boxId);
  if (!t || t.election.id !== id) notFound();
  const back = `/elections/${id}/count`;
  const showForm = t.canEnter && t.status !== "ACCEPTED";
  const accepted = t.accepted ? tallyFormValues(t.accepted, t.ballot) : null;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1>
          {t.election.unitName} · {t.round.label} · {t.box.name}计票单
        </h1>
        <span data-testid="tally-status" className="rounded bg-slate-100 px-2 py-0.5 text-sm">
          {TALLY_STATUS_LABEL[t.status]}
        </span>
        <Link className="btn-secondary no-print ml-auto" href={back}>
          返回计票总览
        </Link>
      </div>
      <p className="text-sm text-slate-600">
        {t.box.station} · {t.box.kind === "MOBILE" ? "流动票箱" : "固定票箱"} · 服务登记选民 {t.box.voters} 人 ·{" "}
        {t.election.doubleEntry ? "双人录入：两位工作人员分别照原件录入，系统逐项比对" : "单人录入"}
      </p>

      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
        <section className="card space-y-3">
          {showForm && t.status === "EMPTY" && (
            <p className="text-sm">请照计票单原件逐项录入。{t.election.doubleEntry && "保存后还需另一位工作人员独立录入一遍。"}</p>
          )}
          {showForm && t.status === "AWAITING_SECOND" && (
            <p className="rounded bg-blue-50 p-2 text-sm text-blue-900">
              {t.mine
                ? "您已录入第一遍（下面是您录入的数字，可以修改）。请另一位工作人员登录后独立录入第二遍。"
                : "第一遍已由另一位工作人员录入。请您照原件独立录入第二遍（看不到第一遍的数字），保存后系统逐项比对。"}
            </p>
          )}
          {showForm && t.status === "MISMATCH" && (
            <div className="space-y-2 rounded bg-amber-50 p-2 text-sm text-amber-900" data-testid="differences">
              <p className="font-medium">两遍录入有 {t.differences.length} 处不一致。请取出计票单原件，核对后重新填写标黄的栏目：</p>
              <table>
                <thead>
                  <tr>
                    <th>栏目</th>
                    <th>第一遍</th>
                    <th>第二遍</th>
                  </tr>
                </thead>
                <tbody>
                  {t.differences.map((d) => (
                    <tr key={d.field}>
                      <td>{d.label}</td>
                      <td>{d.first}</td>
                      <td>{d.second}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {showForm ? (
            // Not keyed by version: after a save the same form stays, with its message, and takes the new
            // version, mode and request id from this page's fresh props.
            <TallyForm
              action={saveTallyAction}
              ballot={t.ballot}
              roundId={t.round.id}
              boxId={t.box.id}
              version={t.version}
              mode={t.mode}
              prefill={t.prefill}
              disputed={t.disputed}
              requestId={randomUUID()}
              submitLabel={t.status === "MISMATCH" ? "按原件核定并保存" : t.status === "AWAITING_SECOND" && !t.mine ? "保存第二遍录入" : "保存"}
            />
          ) : accepted ? (
            <div className="space-y-3" data-testid="accepted-sheet">
              <p role="status" className="text-sm text-green-700">
                该票箱已计入{t.history.length ? `（${t.history.at(-1)!.slot}，${t.history.at(-1)!.by}）` : ""}
              </p>
              <table className="tally-table">
                <caption>选票情况（已计入）</caption>
                <tbody>
                  <tr>
                    <th>发出选票</th>
                    <td>{t.accepted!.ballotsIssued}</td>
                  </tr>
                  <tr>
                    <th>收回选票</th>
                    <td>{t.accepted!.ballotsReturned}</td>
                  </tr>
                  <tr>
                    <th>无效票</th>
                    <td>{t.accepted!.invalidBallots}</td>
                  </tr>
                  <tr>
                    <th>有效票</th>
                    <td>{t.accepted!.ballotsReturned - t.accepted!.invalidBallots}</td>
                  </tr>
                </tbody>
              </table>
              {t.ballot.sections.map((s) => (
                <table key={s.post} className="tally-table">
                  <caption>{sectionTitle(s)}</caption>
                  <tbody>
                    {s.candidates.map((c) => (
                      <tr key={c.key}>
                        <td>{c.name}</td>
                        <td>{accepted[FIELD.vote(s.post, c.key)] ?? "0"}</td>
                      </tr>
                    ))}
                    {t
                      .accepted!.votes.filter((v) => v.post === s.post && !s.candidates.some((c) => c.key === v.key))
                      .map((v) => {
                        const name = t.ballot.sections.flatMap((x) => x.candidates).find((c) => c.key === v.key)?.name ?? "";
                        const where = printedElsewhereNote(t.ballot, s, name)?.where;
                        return (
                          <tr key={v.key}>
                            <td>
                              另选他人 {name}
                              {where && `（${where}候选人，按同一人计票）`}
                            </td>
                            <td>{v.votes}</td>
                          </tr>
                        );
                      })}
                    {t
                      .accepted!.writeIns.filter((w) => w.post === s.post)
                      .map((w) => (
                        <tr key={w.name}>
                          <td>
                            另选他人 {w.name}（{GENDER_CODE[w.gender]}）
                          </td>
                          <td>{w.votes}</td>
                        </tr>
                      ))}
                  </tbody>
                </table>
              ))}
              {t.canEnter && (
                <details className="no-print text-sm">
                  <summary className="cursor-pointer text-slate-600">数字与原件不符？重新录入本票箱</summary>
                  <p className="my-2">
                    重新录入后，已计入的数字不再计入，本票箱需{t.election.doubleEntry ? "再由两人分别录入并比对一致" : "重新保存"}才会计入。须写明原因。
                  </p>
                  <TallyForm
                    key={`reenter-${t.version}`}
                    action={saveTallyAction}
                    ballot={t.ballot}
                    roundId={t.round.id}
                    boxId={t.box.id}
                    version={t.version}
                    mode="reenter"
                    prefill={{}}
                    requestId={randomUUID()}
                    submitLabel="保存重新录入"
                    askReason
                  />
                </details>
              )}
            </div>
          ) : (
            <p className="text-sm text-slate-600">{t.status === "EMPTY" ? "尚未录入。" : `当前状态：${TALLY_STATUS_LABEL[t.status]}。`}</p>
          )}
        </section>

        <section className="card space-y-3">
          <h2>签字计票单照片</h2>
          {t.photo ? (
            t.photo.mediaType === "application/pdf" ? (
              <a className="link" href={`/tallies/photos/${t.photo.id}`} target="_blank" rel="noreferrer">
                打开计票单扫描件（PDF）
              </a>
            ) : (
              // eslint-disable-next-line @next/next/no-img-element
              <img src={`/tallies/photos/${t.photo.id}`} alt={`${t.box.name}计票单照片`} className="max-h-[70vh] w-full rounded border object-contain" />
            )
          ) : (
            <p className="text-sm text-slate-600">尚未上传。请拍摄监票人、唱票人、计票人签字后的计票单。</p>
          )}
          {t.canEnter && (
            <ActionForm action={attachTallyPhotoAction} submitLabel={t.photo ? "上传新照片（替换显示，旧照片保留）" : "上传照片"}>
              <input type="hidden" name="roundId" value={t.round.id} />
              <input type="hidden" name="boxId" value={t.box.id} />
              <Field name="file" label="照片或扫描件（JPEG、PNG 或 PDF，不超过 10 MB）">
                <input type="file" name="file" accept="image/jpeg,image/png,application/pdf" capture="environment" required />
              </Field>
            </ActionForm>
          )}
          {t.history.length > 0 && (
            <div className="text-sm">
              <h3 className="font-medium">录入记录</h3>
              <ul className="text-slate-600">
                {t.history.map((h) => (
                  <li key={h.id} data-testid="tally-history-entry">
                    {h.at.toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false })} · {h.by} · {h.slot}
                    {h.reason !== null && <span className="text-amber-800"> · 原因：{h.reason}</span>}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </section>
      </div>
    </div>
  );
}
