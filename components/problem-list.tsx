import type { Problem } from "@/lib/domain/nomination-rules";

/** Every problem of a list at once: errors first, each with its rule and source. */
export function ProblemList({ problems, names }: { problems: Problem[]; names: Record<string, string> }) {
  const errors = problems.filter((p) => p.severity === "error").length;
  const warnings = problems.length - errors;
  if (problems.length === 0) {
    return (
      <section className="card border-green-200 bg-green-50 text-sm text-green-800" data-testid="problems">
        名单符合各项规则。
      </section>
    );
  }
  return (
    <section className="card" data-testid="problems">
      <h2 className="mb-2">
        检查结果：<span className="text-red-700">{errors} 个错误</span>，<span className="text-amber-700">{warnings} 个提醒</span>
      </h2>
      <ul className="space-y-2">
        {problems.map((p, i) => (
          <li key={`${p.code}-${i}`} className={p.severity === "error" ? "border-l-4 border-red-600 pl-3" : "border-l-4 border-amber-400 pl-3"}>
            <div className="text-sm">
              <span className={p.severity === "error" ? "mr-2 font-medium text-red-700" : "mr-2 font-medium text-amber-700"}>
                {p.severity === "error" ? "错误" : "提醒"}
              </span>
              {p.message}
              {p.candidateIds.length > 0 &&
                p.candidateIds.some((id) => names[id]) &&
                !p.candidateIds.every((id) => p.message.includes(names[id] ?? "\u0000")) && (
                  <span className="text-slate-500">
                    （
                    {p.candidateIds
                      .map((id) => names[id])
                      .filter(Boolean)
                      .join("、")}
                    ）
                  </span>
                )}
            </div>
            <div className="text-xs text-slate-500">
              {p.rule} —— {p.source}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
