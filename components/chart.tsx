"use client";
// One chart drawn with Apache ECharts (SVG renderer, loaded on demand) from an option object built on
// the server (plain JSON: no formatter functions). The same numbers are kept in a table for screen
// readers and for print, so a printed report never depends on the drawing alone.
import { useEffect, useRef } from "react";
import type { EChartsCoreOption } from "echarts/core";

export type ChartTable = { head: string[]; rows: (string | number)[][] };

export function Chart({ title, option, table, height = 320 }: { title: string; option: EChartsCoreOption; table: ChartTable; height?: number }) {
  const box = useRef<HTMLDivElement>(null);
  // The option arrives from a server component: redraw when its content changes, not its identity.
  const key = JSON.stringify(option);

  useEffect(() => {
    let disposed = false;
    let cleanup = () => {};
    import("./echarts-lite").then(({ echarts }) => {
      const el = box.current;
      if (disposed || !el) return;
      const chart = echarts.init(el, null, { renderer: "svg" });
      chart.setOption({ animation: false, textStyle: { fontFamily: "inherit" }, ...(JSON.parse(key) as EChartsCoreOption) });
      const resize = () => chart.resize();
      const observer = new ResizeObserver(resize);
      observer.observe(el);
      window.addEventListener("beforeprint", resize);
      window.addEventListener("afterprint", resize);
      cleanup = () => {
        observer.disconnect();
        window.removeEventListener("beforeprint", resize);
        window.removeEventListener("afterprint", resize);
        chart.dispose();
      };
    });
    return () => {
      disposed = true;
      cleanup();
    };
  }, [key]);

  return (
    <figure className="break-inside-avoid">
      <figcaption className="mb-1 text-sm font-medium">{title}</figcaption>
      <div ref={box} role="img" aria-label={title} style={{ height }} className="w-full" />
      <table className="sr-only print:not-sr-only print:mt-2 print:text-xs">
        <caption className="text-left">{title}（数据）</caption>
        <thead>
          <tr>
            {table.head.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((r, i) => (
            <tr key={i}>
              {r.map((c, j) => (
                <td key={j}>{c}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
