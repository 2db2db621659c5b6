// ECharts options for the statistics page, built on the server from the statistics JSON: plain data
// only (they cross to the client component), each with the table of the same numbers.
import type { EChartsCoreOption } from "echarts/core";
import { turnoutHistogram, type Statistics } from "@/lib/domain/statistics";
import type { ChartTable } from "./chart";

export type ChartSpec = { option: EChartsCoreOption; table: ChartTable };

/** 0.8346 → "83.46%"; null → "—". */
export function percent(share: number | null | undefined): string {
  return share === null || share === undefined ? "—" : `${Math.round(share * 10_000) / 100}%`;
}

const pct = (share: number | null) => (share === null ? 0 : Math.round(share * 10_000) / 100);
const RED = "#b91c1c";
const GREY = "#94a3b8";

/** Villages per 5% band of turnout (a histogram), from 50% (the validity bar) to 100%. */
export function turnoutChart(s: Statistics): ChartSpec | null {
  if (!s.turnoutByUnit.length) return null;
  const bins = turnoutHistogram(s.turnoutByUnit);
  const labels = bins.map((b) => `${pct(b.from)}–${pct(b.to)}%`);
  return {
    option: {
      tooltip: { trigger: "axis" },
      grid: { left: 40, right: 16, top: 16, bottom: 48 },
      xAxis: { type: "category", data: labels, name: "参选率", nameLocation: "middle", nameGap: 32, axisLabel: { interval: 0, fontSize: 10 } },
      yAxis: { type: "value", minInterval: 1, name: "村(社区)数" },
      series: [
        {
          type: "bar",
          name: "村(社区)数",
          data: bins.map((b) => b.committees),
          itemStyle: { color: RED },
          barCategoryGap: "10%",
          label: { show: true, position: "top" },
        },
      ],
    },
    table: { head: ["参选率", "村(社区)数"], rows: bins.map((b, i) => [labels[i]!, b.committees]) },
  };
}

/** Men left, women right, per 5-year band: two grids back to back (no formatter functions needed). */
export function agePyramidChart(s: Statistics): ChartSpec | null {
  const bands = s.ageBands;
  if (!bands.some((b) => b.men + b.women > 0)) return null;
  const labels = bands.map((b) => (b.to === null ? `${b.from}岁及以上` : `${b.from}–${b.to}岁`));
  const max = Math.max(1, ...bands.map((b) => Math.max(b.men, b.women)));
  return {
    option: {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { data: ["男", "女"], top: 0 },
      grid: [
        { left: "4%", width: "38%", top: 28, bottom: 24 },
        { left: "58%", width: "38%", top: 28, bottom: 24 },
      ],
      xAxis: [
        { type: "value", gridIndex: 0, inverse: true, max, minInterval: 1 },
        { type: "value", gridIndex: 1, max, minInterval: 1 },
      ],
      yAxis: [
        { type: "category", gridIndex: 0, data: labels, position: "right", axisLabel: { show: false }, axisTick: { show: false } },
        { type: "category", gridIndex: 1, data: labels, position: "left", axisLabel: { margin: 50, align: "center", fontSize: 10 }, axisTick: { show: false } },
      ],
      series: [
        {
          type: "bar",
          name: "男",
          xAxisIndex: 0,
          yAxisIndex: 0,
          data: bands.map((b) => b.men),
          itemStyle: { color: "#1d4ed8" },
          label: { show: true, position: "left" },
        },
        {
          type: "bar",
          name: "女",
          xAxisIndex: 1,
          yAxisIndex: 1,
          data: bands.map((b) => b.women),
          itemStyle: { color: RED },
          label: { show: true, position: "right" },
        },
      ],
    },
    table: { head: ["年龄段", "男", "女"], rows: bands.map((b, i) => [labels[i]!, b.men, b.women]) },
  };
}

/** This term beside the previous one: women, party members and under-35 shares, and the average age. */
export function structureChart(s: Statistics): ChartSpec | null {
  const p = s.previousTerm;
  if (!p) return null;
  const shares = [
    { label: "妇女成员占比", now: s.women.share, then: p.women.share },
    { label: "党员占比", now: s.partyMembers.share, then: p.partyMembers.share },
    { label: "35岁以下占比", now: s.under35.share, then: p.under35.share },
  ];
  const previousName = p.names.join("、");
  return {
    option: {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { data: [previousName, s.campaign], top: 0 },
      grid: [
        { left: 48, right: "34%", top: 32, bottom: 28 },
        { left: "74%", right: 16, top: 32, bottom: 28 },
      ],
      xAxis: [
        { type: "category", gridIndex: 0, data: shares.map((x) => x.label) },
        { type: "category", gridIndex: 1, data: ["平均年龄"] },
      ],
      yAxis: [
        { type: "value", gridIndex: 0, name: "%", max: 100 },
        { type: "value", gridIndex: 1, name: "岁", min: 20 },
      ],
      series: [
        {
          type: "bar",
          name: previousName,
          xAxisIndex: 0,
          yAxisIndex: 0,
          data: shares.map((x) => pct(x.then)),
          itemStyle: { color: GREY },
          label: { show: true, position: "top" },
        },
        {
          type: "bar",
          name: s.campaign,
          xAxisIndex: 0,
          yAxisIndex: 0,
          data: shares.map((x) => pct(x.now)),
          itemStyle: { color: RED },
          label: { show: true, position: "top" },
        },
        {
          type: "bar",
          name: previousName,
          xAxisIndex: 1,
          yAxisIndex: 1,
          data: [p.averageAge ?? 0],
          itemStyle: { color: GREY },
          label: { show: true, position: "top" },
        },
        {
          type: "bar",
          name: s.campaign,
          xAxisIndex: 1,
          yAxisIndex: 1,
          data: [s.averageAge ?? 0],
          itemStyle: { color: RED },
          label: { show: true, position: "top" },
        },
      ],
    },
    table: {
      head: ["指标", previousName, s.campaign],
      rows: [...shares.map((x) => [x.label, percent(x.then), percent(x.now)]), ["平均年龄", p.averageAge ?? "—", s.averageAge ?? "—"]],
    },
  };
}
