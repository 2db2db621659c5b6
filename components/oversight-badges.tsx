// Small labels of the oversight pages: a village's stage and its red/yellow/green risk status.
import { RISK_LABEL, RISK_MEANING, STAGE_HINT, STAGE_LABEL, type RiskLevel, type Stage } from "@/lib/domain/oversight";

export const STAGE_STYLE: Record<Stage, string> = {
  notStarted: "bg-slate-200 text-slate-700",
  nominating: "bg-sky-100 text-sky-900",
  inVetting: "bg-indigo-100 text-indigo-900",
  formalPublished: "bg-violet-100 text-violet-900",
  pollingReady: "bg-teal-100 text-teal-900",
  counting: "bg-amber-100 text-amber-900",
  confirmed: "bg-lime-100 text-lime-900",
  certified: "bg-green-100 text-green-900",
  sealed: "bg-slate-700 text-white",
};

/** Colours of the stage funnel (ECharts wants colour values, not classes), in stage order. */
export const STAGE_COLOR: Record<Stage, string> = {
  notStarted: "#94a3b8",
  nominating: "#0ea5e9",
  inVetting: "#6366f1",
  formalPublished: "#8b5cf6",
  pollingReady: "#14b8a6",
  counting: "#f59e0b",
  confirmed: "#65a30d",
  certified: "#16a34a",
  sealed: "#334155",
};

export function StageBadge({ stage }: { stage: Stage }) {
  return (
    <span data-testid="stage" title={STAGE_HINT[stage]} className={`whitespace-nowrap rounded px-2 py-0.5 text-xs ${STAGE_STYLE[stage]}`}>
      {STAGE_LABEL[stage]}
    </span>
  );
}

const RISK_STYLE: Record<RiskLevel, string> = {
  RED: "bg-red-600 text-white",
  YELLOW: "bg-amber-300 text-amber-950",
  GREEN: "bg-green-600 text-white",
};

export function RiskBadge({ level, score }: { level: RiskLevel | null; score?: number | null }) {
  if (!level)
    return (
      <span data-testid="risk" className="whitespace-nowrap text-xs text-slate-500">
        未评估
      </span>
    );
  return (
    <span data-testid="risk" title={RISK_MEANING[level]} className={`whitespace-nowrap rounded px-2 py-0.5 text-xs font-medium ${RISK_STYLE[level]}`}>
      {RISK_LABEL[level]}
      {score !== null && score !== undefined ? ` ${score}分` : ""}
    </span>
  );
}
