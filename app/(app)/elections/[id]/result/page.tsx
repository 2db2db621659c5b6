import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { ActionForm, Field } from "@/components/action-form";
import { RoundFigures } from "@/lib/documents/round-figures";
import { GENDER_LABEL, POST_LABEL } from "@/lib/domain/people";
import { requirePermission } from "@/lib/server/auth/actor";
import { getElectionResult } from "@/lib/server/election-day/results";
import { confirmResultAction, reopenResultAction } from "../count/actions";
import { titleFromParam } from "@/lib/server/page-titles";

export const generateMetadata = titleFromParam("选举结果", "id");

export default async function ResultPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePermission("tally.view");
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const r = await getElectionResult(actor, id);
  if (!r) notFound();
  const vacant = r.vacancies.reduce((s, v) => s + v.seats, 0);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1>
          {r.unit.name}选举结果{" "}
          <span className="text-base font-normal text-slate-500">
            {r.unit.township} · {r.campaign}
          </span>
        </h1>
        <span data-testid="result-status" className={`rounded px-2 py-0.5 text-sm ${r.confirmedAt ? "bg-green-100 text-green-800" : "bg-slate-100"}`}>
          {r.seal ? "已封存归档" : r.certifiedAt ? "县级已认定" : r.confirmedAt ? "乡镇已确认" : r.lastDecided ? "待乡镇确认" : "计票中"}
        </span>
        <div className="no-print ml-auto flex flex-wrap gap-2">
          <Link className="btn-secondary" href={`/elections/${r.id}/count`}>
            投票计票
          </Link>
          {r.lastDecided && (
            <>
              <Link className="btn-secondary" href={`/elections/${r.id}/result/announcement`}>
                打印当场公布结果
              </Link>
              <Link className="btn-secondary" href={`/elections/${r.id}/result/report`}>
                打印选举结果报告单
              </Link>
              {r.confirmedAt && (
                <Link className="btn-secondary" href={`/elections/${r.id}/result/roster`}>
                  打印成员名册
                </Link>
              )}
            </>
          )}
        </div>
      </div>
      {r.confirmedAt && (
        <p className="text-sm text-slate-600">
          {r.confirmedBy} 于 {r.confirmedAt.toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false })} 确认。计票数据已锁定，任何角色都不能修改。
        </p>
      )}

      <section className="card space-y-2">
        <h2>当选人员</h2>
        {r.members.length === 0 ? (
          <p className="text-sm text-slate-600">尚无当选人员。</p>
        ) : (
          <table data-testid="members">
            <thead>
              <tr>
                <th>职务</th>
                <th>姓名</th>
                <th>性别</th>
                <th>得票</th>
                <th>产生方式</th>
              </tr>
            </thead>
            <tbody>
              {r.members.map((m) => (
                <tr key={`${m.roundId}-${m.post}-${m.name}`}>
                  <td>{POST_LABEL[m.post]}</td>
                  <td>{m.name}</td>
                  <td>{GENDER_LABEL[m.gender]}</td>
                  <td>{m.votes}</td>
                  <td>
                    {m.roundLabel}
                    {m.writeIn ? "（另选他人）" : ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {vacant > 0 && (
          <p className="text-sm text-amber-900" data-testid="vacancies">
            未选出：{r.vacancies.map((v) => `${POST_LABEL[v.post]} ${v.seats} 名`).join("，")}
            {r.further ? `（可以${r.further.kind === "RUNOFF" ? "另行选举" : "重新投票"}，见投票计票页）` : "（依法另行安排选举，或名额空缺）"}
          </p>
        )}
      </section>

      {r.rounds.map((round) => (
        <section key={round.id} id={`round-${round.number}`} className="card space-y-2">
          <h2>{round.label}</h2>
          {!round.decided || !round.decision ? (
            <p className="text-sm text-slate-600">尚未判定。</p>
          ) : (
            <>
              <RoundFigures round={round} />
              <a className="link no-print text-sm" href={`/elections/${r.id}/result/replay/${round.id}`}>
                下载本轮计票数据（JSON，可用 npm run election:decide 复核）
              </a>
            </>
          )}
        </section>
      ))}

      {r.canConfirm && r.lastDecided && r.lastValid && (
        <section className="card no-print space-y-2">
          <h2>确认选举结果</h2>
          <p className="text-sm text-slate-600">确认后，全村的投票设置、各轮计票单和结果全部锁定；如需更正，须由县换届办管理员说明理由后重新开放。</p>
          <ActionForm action={confirmResultAction} submitLabel="确认选举结果" confirm="确认后计票数据锁定，确定吗？">
            <input type="hidden" name="electionId" value={r.id} />
            <input type="hidden" name="version" value={r.version} />
            {vacant > 0 && (
              <Field name="acceptVacancies" label={`还有 ${vacant} 个名额未选出`}>
                <label className="flex items-center gap-2">
                  <input type="checkbox" name="acceptVacancies" /> 确认不再投票，名额空缺
                </label>
              </Field>
            )}
          </ActionForm>
        </section>
      )}
      {r.reopenRefused && (
        <section className="card no-print space-y-2" data-testid="reopen-refused">
          <h2>重新开放选举结果</h2>
          <p className="text-sm text-slate-600">{r.reopenRefused}。</p>
        </section>
      )}
      {r.canReopen && (
        <section className="card no-print space-y-2">
          <h2>重新开放选举结果</h2>
          <p className="text-sm text-slate-600">仅在发现计票错误等情形时使用。理由会记入审计日志。</p>
          <ActionForm action={reopenResultAction} submitLabel="重新开放" confirm="重新开放后乡镇可以更正计票并重新确认。确定吗？">
            <input type="hidden" name="electionId" value={r.id} />
            <input type="hidden" name="version" value={r.version} />
            <Field name="reason" label="理由（必填）">
              <textarea id="f-reason" name="reason" rows={3} required className="w-full" />
            </Field>
          </ActionForm>
        </section>
      )}
    </div>
  );
}
