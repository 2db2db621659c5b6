// 选举结果报告单: what the village election committee reports to the township (docs/rules/records-and-certificates.md).
// A plain component of the result data, so the page and the archive package print the same thing.
import { RoundFigures } from "@/lib/documents/round-figures";
import { chineseDay, dayOf } from "@/lib/domain/days";
import { GENDER_LABEL, POST_LABEL } from "@/lib/domain/people";
import type { ElectionResultView } from "@/lib/domain/result-view";

/**
 * `seal.archiveDigest`: the archive package's manifest digest fixed at sealing, what the package is
 * checked against years later (ADR 009). The copy inside the package cannot print it (null there).
 */
export function ResultReport({
  r,
  seal,
}: {
  r: ElectionResultView;
  seal?: { at: Date; auditId: string; auditHash: string; archiveDigest?: string | null } | null;
}) {
  const body = r.unit.kind === "COMMUNITY" ? "居民" : "村民";
  return (
    <article className="card space-y-4 bg-white p-8" data-testid="result-report">
      <h1 className="text-center text-2xl font-bold tracking-widest">
        {r.unit.name}
        {body}委员会选举结果报告单
      </h1>
      <p className="text-sm">
        {r.unit.township} · {r.campaign} · 选举日 {chineseDay(dayOf(r.electionDay))} · 登记选民 {r.registeredVoters} 人 ·{" "}
        {r.confirmedAt ? `乡镇于 ${r.confirmedAt.toLocaleDateString("zh-CN", { timeZone: "Asia/Shanghai" })} 确认（${r.confirmedBy}）` : "乡镇尚未确认"}
      </p>
      {r.rounds
        .filter((x) => x.decided)
        .map((round) => (
          <section key={round.id} className="space-y-1">
            <h2 className="font-bold">{round.label}</h2>
            <RoundFigures round={round} />
          </section>
        ))}
      <section>
        <h2 className="font-bold">当选人员</h2>
        <table data-testid="report-members">
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
        {r.vacancies.length > 0 && <p className="mt-1 text-sm">未选出：{r.vacancies.map((v) => `${POST_LABEL[v.post]} ${v.seats} 名`).join("，")}</p>}
      </section>
      {seal && (
        <p className="text-xs text-slate-600" data-testid="seal-hash">
          已于 {seal.at.toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false })} 封存归档；封存时审计日志末条为第 {seal.auditId} 条，哈希{" "}
          {seal.auditHash}
        </p>
      )}
      {seal?.archiveDigest && (
        <p className="text-xs text-slate-600 break-all" data-testid="archive-digest">
          档案包清单摘要：{seal.archiveDigest}（校验档案包：npm run --silent archive:verify -- 档案包.zip --expect {seal.archiveDigest}）
        </p>
      )}
      <div className="grid grid-cols-2 gap-6 pt-6 text-sm leading-10">
        <p>{body}选举委员会主任（签名）：</p>
        <p>总监票人（签名）：</p>
        <p>{body}选举委员会（印章）</p>
        <p>乡镇(街道)换届办接收人（签名）：</p>
      </div>
    </article>
  );
}
