import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { ActionForm, Field } from "@/components/action-form";
import { AutoRefresh } from "@/components/auto-refresh";
import { sectionTitle } from "@/lib/domain/ballot";
import { POST_LABEL } from "@/lib/domain/people";
import { ENGINE_POST } from "@/lib/domain/election-engine";
import { requirePermission } from "@/lib/server/auth/actor";
import { getCountBoard } from "@/lib/server/election-day/rounds";
import { TALLY_STATUS_LABEL } from "@/lib/server/election-day/tallies";
import { decideRoundAction, openRoundAction, undecideRoundAction } from "./actions";
import { titleFromParam } from "@/lib/server/page-titles";

export const generateMetadata = titleFromParam("投票计票", "id");

const STATUS_STYLE = {
  EMPTY: "bg-slate-100 text-slate-700",
  AWAITING_SECOND: "bg-blue-100 text-blue-800",
  MISMATCH: "bg-amber-100 text-amber-900",
  ACCEPTED: "bg-green-100 text-green-800",
} as const;

export default async function CountPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePermission("tally.view");
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const b = await getCountBoard(actor, id);
  if (!b) notFound();
  const latest = b.rounds.at(-1);
  return (
    <div className="space-y-4">
      <AutoRefresh seconds={20} />
      <div className="flex flex-wrap items-center gap-3">
        <h1>
          {b.unit.name}投票计票{" "}
          <span className="text-base font-normal text-slate-500">
            {b.unit.township} · {b.campaign.name}
          </span>
        </h1>
        {b.confirmedAt && <span className="rounded bg-green-100 px-2 py-0.5 text-sm text-green-800">结果已确认，数据已锁定</span>}
        <div className="no-print ml-auto flex flex-wrap gap-2">
          <Link className="btn-secondary" href={`/elections/${b.id}`}>
            候选人名单
          </Link>
          <Link className="btn-secondary" href={`/elections/${b.id}/polling`}>
            投票设置
          </Link>
          <Link className="btn-secondary" href={`/elections/${b.id}/ballots`}>
            打印选票和计票单
          </Link>
          <Link className="btn" href={`/elections/${b.id}/result`}>
            选举结果
          </Link>
        </div>
      </div>
      <p className="text-sm text-slate-600">
        登记选民 {b.registeredVoters} 人（{b.registeredSource === "roll" ? "按已公布的选民名单" : "按选举设置填写"}） · 票箱 {b.boxes.length} 个 ·{" "}
        {b.doubleEntry ? "计票单双人录入（两人分别录入后比对）" : "计票单单人录入（县换届办已关闭双人录入）"}
      </p>

      {b.rounds.length === 0 && (
        <section className="card space-y-3">
          <h2>开始计票</h2>
          {b.listStatus !== "FORMAL" && <p className="text-sm">正式候选人名单尚未公布，还不能开始投票计票。</p>}
          {b.setupProblems.length > 0 && (
            <ul className="list-disc pl-5 text-sm text-red-800">
              {b.setupProblems.map((p) => (
                <li key={p.code + p.message}>{p.message}</li>
              ))}
            </ul>
          )}
          {b.canEnter && b.next.number === 1 && (
            <ActionForm action={openRoundAction} submitLabel="开始第一次投票计票">
              <input type="hidden" name="electionId" value={b.id} />
              <input type="hidden" name="number" value={1} />
            </ActionForm>
          )}
        </section>
      )}

      {b.rounds.map((r) => (
        <section key={r.id} className="card space-y-3" data-testid={`round-${r.number}`}>
          <div className="flex flex-wrap items-center gap-3">
            <h2>{r.label}</h2>
            <span className="text-sm text-slate-600">{r.ballot.sections.map((s) => sectionTitle(s)).join("，")}</span>
            <span className={`rounded px-2 py-0.5 text-sm ${r.status === "DECIDED" ? "bg-green-100 text-green-800" : "bg-blue-100 text-blue-800"}`}>
              {r.status === "DECIDED" ? "已判定" : "计票中"}
            </span>
          </div>
          <table>
            <thead>
              <tr>
                <th>票箱</th>
                <th>投票站</th>
                <th>类型</th>
                <th>服务选民</th>
                <th>计票单</th>
                <th>照片</th>
                <th className="no-print"></th>
              </tr>
            </thead>
            <tbody>
              {r.boxes.map((t) => {
                const box = b.boxes.find((x) => x.id === t.boxId)!;
                return (
                  <tr key={t.boxId}>
                    <td>{box.name}</td>
                    <td>{box.station}</td>
                    <td>{box.kind === "MOBILE" ? "流动票箱" : "固定票箱"}</td>
                    <td>{box.voters}</td>
                    <td>
                      <span data-testid="box-status" className={`rounded px-2 py-0.5 ${STATUS_STYLE[t.status]}`}>
                        {TALLY_STATUS_LABEL[t.status]}
                      </span>
                    </td>
                    <td>{t.photo ? "已上传" : "—"}</td>
                    <td className="no-print">
                      <Link className="link" href={`/elections/${b.id}/count/${r.id}/${t.boxId}`}>
                        {b.canEnter && r.status === "COUNTING" ? (t.status === "ACCEPTED" ? "查看" : t.status === "MISMATCH" ? "核定" : "录入") : "查看"}
                      </Link>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {r.status === "COUNTING" &&
            b.canEnter &&
            (r.allAccepted ? (
              <ActionForm action={decideRoundAction} submitLabel="汇总各票箱并判定本轮结果">
                <input type="hidden" name="roundId" value={r.id} />
                <input type="hidden" name="version" value={r.version} />
              </ActionForm>
            ) : (
              <p className="text-sm text-slate-600">所有票箱的计票单计入后，才能汇总判定本轮结果（流动票箱与中心会场合并计算）。</p>
            ))}
          {r.decision && (
            <div className="space-y-1 text-sm" data-testid="round-decision">
              {!r.decision.valid ? (
                <p className="font-medium text-red-800">
                  本轮选举无效：{r.decision.invalidReason === "turnout" ? "投票人数未超过登记选民的半数" : "收回选票多于发出选票"}，须重新投票。
                </p>
              ) : (
                <>
                  <p>
                    当选：
                    {r.decision.elected.length === 0
                      ? "无"
                      : r.decision.elected
                          .map(
                            (el) =>
                              `${POST_LABEL[r.ballot.sections.find((s) => s.post === el.post)?.appPost ?? ENGINE_POST[el.post]]} ${el.candidate ? (r.ballot.sections.flatMap((s) => s.candidates).find((c) => c.key === el.candidate)?.name ?? el.candidate) : el.writeIn}（${el.votes} 票）`,
                          )
                          .join("，")}
                  </p>
                  {r.decision.unfilled.length > 0 && (
                    <p>
                      未选满：
                      {r.decision.unfilled
                        .map((u) => `${u.womenOnly && u.post === "member" ? "委员（妇女名额）" : POST_LABEL[ENGINE_POST[u.post]]} ${u.seats} 名`)
                        .join("，")}
                    </p>
                  )}
                  {r.decision.ties.length > 0 && (
                    <p>
                      票数相同：
                      {r.decision.ties
                        .map(
                          (t) =>
                            `${POST_LABEL[ENGINE_POST[t.post]]} ${t.seats} 个名额，${t.between.map((k) => r.ballot.sections.flatMap((s) => s.candidates).find((c) => c.key === k)?.name ?? k).join("、")} 票数相同`,
                        )
                        .join("；")}
                    </p>
                  )}
                </>
              )}
              <Link className="link no-print" href={`/elections/${b.id}/result#round-${r.number}`}>
                查看判定理由
              </Link>
            </div>
          )}
          {r.status === "DECIDED" && r.id === latest?.id && b.canEnter && (
            <details className="no-print text-sm">
              <summary className="cursor-pointer text-slate-600">发现计票单有误？撤销本轮判定</summary>
              <ActionForm action={undecideRoundAction} submitLabel="撤销本轮判定" confirm="撤销后本轮结果作废，需更正计票单后重新判定。确定吗？">
                <input type="hidden" name="roundId" value={r.id} />
                <input type="hidden" name="version" value={r.version} />
                <Field name="reason" label="撤销理由">
                  <input id="f-reason" name="reason" required className="w-96" />
                </Field>
              </ActionForm>
            </details>
          )}
        </section>
      ))}

      {latest?.status === "DECIDED" && b.canEnter && b.next.number && (
        <section className="card space-y-2">
          <h2>{b.next.kind === "RUNOFF" ? "另行选举" : "重新投票"}</h2>
          <p className="text-sm text-slate-600">
            {b.next.kind === "RUNOFF"
              ? "上一轮有名额未选满或票数相同。另行选举的候选人按上一轮得票多少确定；得票多的当选，但不得少于投票人数的三分之一。"
              : "上一轮选举无效，须用同样的选票重新投票。"}
            开始后先打印本轮选票，再录入各票箱计票单。
          </p>
          <ActionForm action={openRoundAction} submitLabel={`开始第${b.next.number}轮（${b.next.kind === "RUNOFF" ? "另行选举" : "重新投票"}）`}>
            <input type="hidden" name="electionId" value={b.id} />
            <input type="hidden" name="number" value={b.next.number} />
          </ActionForm>
        </section>
      )}
    </div>
  );
}
