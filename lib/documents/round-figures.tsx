// One decided round in plain Chinese: the ballot figures with the thresholds they were measured
// against, every person's votes per post, and the rules engine's reasons (who is elected and why,
// who is not and why). Used by the result page and the printed result report.
import { sectionTitle } from "@/lib/domain/ballot";
import type { RoundResult } from "@/lib/domain/result-view";

export function RoundFigures({ round, compact = false }: { round: RoundResult; compact?: boolean }) {
  const { figures, decision, input, ballot } = round;
  if (!figures || !decision || !input) return null;
  const nameOf = (key: string) => round.names[key] ?? key;
  return (
    <div className="space-y-2 text-sm" data-testid={`round-figures-${round.number}`}>
      <table className="max-w-3xl">
        <tbody>
          <tr>
            <th>登记选民</th>
            <td>{figures.registered} 人</td>
            <th>发出选票</th>
            <td>{figures.issued} 张</td>
          </tr>
          <tr>
            <th>收回选票（投票人数）</th>
            <td>{figures.returned} 张</td>
            <th>无效票 / 有效票</th>
            <td>
              {figures.invalid} / {figures.valid} 张
            </td>
          </tr>
          <tr>
            <th>选举有效须投票人数</th>
            <td>超过半数，即至少 {figures.turnoutNeeded} 人</td>
            <th>当选须得票（{figures.barLabel}）</th>
            <td>至少 {figures.bar} 票</td>
          </tr>
        </tbody>
      </table>
      {!decision.valid && (
        <p className="font-medium text-red-800">
          本轮无效：
          {decision.invalidReason === "turnout"
            ? `投票人数 ${figures.returned} 人未超过登记选民 ${figures.registered} 人的半数`
            : `收回选票 ${figures.returned} 张多于发出选票 ${figures.issued} 张`}
          ，须重新投票。
        </p>
      )}
      {!compact &&
        ballot.sections.map((s) => {
          const rows = input.votes
            .filter((v) => v.post === s.post)
            .map((v) => ({ who: v.candidate ? nameOf(v.candidate) : `${v.writeIn}（另选他人）`, votes: v.votes }))
            .sort((a, b) => b.votes - a.votes);
          return (
            <table key={s.post} className="max-w-xl">
              <caption className="text-left font-medium">{sectionTitle(s)}</caption>
              <thead>
                <tr>
                  <th>姓名</th>
                  <th>得票</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.who}>
                    <td>{row.who}</td>
                    <td>{row.votes}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          );
        })}
      <ul className="list-disc space-y-0.5 pl-5" data-testid="explanations">
        {decision.explanations.map((x, i) => (
          <li key={i}>{x.text}</li>
        ))}
      </ul>
    </div>
  );
}
