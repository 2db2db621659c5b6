// Pieces the county and the province dashboards share: a headline figure and the stage funnel's chart option.
import { STAGE_LABEL, STAGES, type Stage } from "@/lib/domain/oversight";
import { STAGE_COLOR } from "./oversight-badges";

export function Figure({ label, value, warn = false }: { label: string; value: number | string; warn?: boolean }) {
  return (
    <div>
      <div className="text-xs text-slate-500">{label}</div>
      <div className={`text-lg font-semibold ${warn ? "text-red-700" : ""}`}>{value}</div>
    </div>
  );
}

/** The stage funnel: how many villages reached each stage (plain JSON, drawn by ECharts in the browser). */
export function funnelOption(reached: Record<Stage, number>, total: number) {
  return {
    tooltip: { trigger: "item", formatter: "{b}：{c}" },
    color: STAGES.map((s) => STAGE_COLOR[s]),
    series: [
      {
        type: "funnel",
        sort: "none",
        min: 0,
        max: Math.max(1, total),
        minSize: "3%",
        left: "4%",
        width: "56%",
        gap: 2,
        label: { show: true, position: "right", formatter: "{b}  {c}", color: "#0f172a" },
        labelLine: { show: true, length: 12 },
        // Every village has "reached" the first stage: that bar is the total.
        data: STAGES.map((s) => ({ name: s === "notStarted" ? "村(社区)总数" : STAGE_LABEL[s], value: reached[s] })),
      },
    ],
  };
}
