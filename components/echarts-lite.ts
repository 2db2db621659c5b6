// The parts of Apache ECharts the app draws with, registered once. Loaded only through a dynamic
// import in components/chart.tsx, so pages without charts never download it. SVG renderer: printed
// charts stay crisp and the text in them stays text.
import * as echarts from "echarts/core";
import { BarChart, FunnelChart, LineChart, PieChart } from "echarts/charts";
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from "echarts/components";
import { SVGRenderer } from "echarts/renderers";

echarts.use([BarChart, FunnelChart, LineChart, PieChart, GridComponent, LegendComponent, TitleComponent, TooltipComponent, SVGRenderer]);

export { echarts };
