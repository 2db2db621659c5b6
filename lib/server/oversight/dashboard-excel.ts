import "server-only";
// The dashboards as workbooks: one sheet per table on the page, built from the same getDashboard /
// getProvinceDashboard result the page renders, so the numbers cannot differ. Chinese headers, header row frozen.
import ExcelJS from "exceljs";
import { chinaDateTime, RISK_LABEL, RISK_MEANING, STAGE_HINT, STAGE_LABEL, STAGES } from "@/lib/domain/oversight";
import type { Dashboard } from "./dashboard";
import type { ProvinceDashboard } from "./province-dashboard";

type Cell = string | number | null;
export type SheetTable = { name: string; columns: { header: string; width: number }[]; rows: Cell[][] };

export const SHEET = { stages: "阶段统计", children: "下级单位进度", villages: "村(社区)进度", notStarted: "未开始的村(社区)" } as const;

const yesNo = (b: boolean) => (b ? "是" : "否");

/** The tables of the page, in page order. The child table is shown (and exported) at county level. */
export function dashboardTables(d: Dashboard): SheetTable[] {
  const tables: SheetTable[] = [];
  tables.push({
    name: SHEET.stages,
    columns: [
      { header: "阶段", width: 20 },
      { header: "村(社区)数", width: 12 },
      { header: "已达到该阶段(累计)", width: 18 },
      { header: "说明", width: 50 },
    ],
    rows: [...STAGES.map((s) => [STAGE_LABEL[s], d.stageCounts[s], d.reached[s], STAGE_HINT[s]]), ["合计", d.totals.villages, null, "本级所辖村(社区)总数"]],
  });
  if (d.childLevel === "TOWNSHIP") {
    tables.push({
      name: SHEET.children,
      columns: [
        { header: "乡镇(街道)", width: 16 },
        { header: "统计代码", width: 15 },
        { header: "村(社区)数", width: 11 },
        ...STAGES.map((s) => ({ header: STAGE_LABEL[s], width: 11 })),
        { header: "有逾期事项", width: 11 },
        { header: "红色风险", width: 10 },
        { header: "无可用账号", width: 11 },
      ],
      rows: d.children.map((c) => [c.name, c.code, c.villages, ...STAGES.map((s) => c.stageCounts[s]), c.overdue, c.red, c.noActiveUser]),
    });
  }
  tables.push({
    name: SHEET.villages,
    columns: [
      { header: "乡镇(街道)", width: 14 },
      { header: "村(社区)", width: 14 },
      { header: "统计代码", width: 15 },
      { header: "阶段", width: 16 },
      { header: "选举日", width: 12 },
      { header: "风险等级", width: 9 },
      { header: "风险评分", width: 9 },
      { header: "处置说明", width: 40 },
      { header: "风险更新时间", width: 17 },
      { header: "更新人", width: 14 },
      { header: "有可用账号", width: 10 },
      { header: "逾期事项", width: 60 },
    ],
    rows: d.villages.map((v) => [
      v.township?.name ?? "",
      v.name,
      v.code,
      STAGE_LABEL[v.stage],
      v.electionDay ?? "",
      v.risk ? `${RISK_LABEL[v.risk.level]}（${RISK_MEANING[v.risk.level]}）` : "未评估",
      v.risk?.score ?? null,
      v.risk?.note ?? "",
      v.risk ? chinaDateTime(v.risk.updatedAt) : "",
      v.risk?.updatedBy ?? "",
      yesNo(v.activeUser),
      v.overdue.join("；"),
    ]),
  });
  tables.push({
    name: SHEET.notStarted,
    columns: [
      { header: "乡镇(街道)", width: 14 },
      { header: "村(社区)", width: 14 },
      { header: "统计代码", width: 15 },
      { header: "有可用账号", width: 10 },
      { header: "逾期事项", width: 50 },
    ],
    rows: d.notStarted.map((v) => [v.township?.name ?? "", v.name, v.code, yesNo(v.activeUser), v.overdue.join("；")]),
  });
  return tables;
}

const HEADER_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFE2E8F0" } };

export async function buildDashboardWorkbook(d: Dashboard): Promise<Buffer> {
  return tablesWorkbook(`${d.unit.name}${d.campaign.name}进度看板（${d.today}）`, dashboardTables(d));
}

/** A workbook of tables: one sheet each, Chinese headers bold and frozen, code columns kept as text. */
export async function tablesWorkbook(title: string, tables: SheetTable[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "村(居)民委员会换届选举管理系统";
  wb.created = new Date();
  wb.title = title;
  for (const table of tables) {
    const ws = wb.addWorksheet(table.name, { views: [{ state: "frozen", ySplit: 1 }] });
    ws.columns = table.columns.map((c) => ({ header: c.header, width: c.width }));
    const header = ws.getRow(1);
    header.height = 22;
    header.eachCell((cell) => {
      cell.font = { bold: true };
      cell.fill = HEADER_FILL;
      cell.alignment = { vertical: "middle", horizontal: "center", wrapText: true };
    });
    for (const row of table.rows) ws.addRow(row).alignment = { vertical: "top", wrapText: true };
    // Codes stay text, so Excel keeps all 12 digits.
    const codeCol = table.columns.findIndex((c) => c.header === "统计代码");
    if (codeCol >= 0) ws.getColumn(codeCol + 1).numFmt = "@";
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The province (or city) overview as a workbook: the county table of the page, same order, plus totals. */
export async function buildProvinceWorkbook(d: ProvinceDashboard): Promise<Buffer> {
  const later = STAGES.filter((s) => s !== "notStarted");
  const pct = (v: number | null) => (v === null ? "" : `${(v * 100).toFixed(1)}%`);
  const table: SheetTable = {
    name: "各县(市、区)进度",
    columns: [
      { header: "县(市、区)", width: 16 },
      { header: "统计代码", width: 15 },
      { header: "所属市", width: 12 },
      { header: "已启动本届", width: 10 },
      { header: "村(社区)数", width: 11 },
      { header: "村", width: 8 },
      { header: "社区", width: 8 },
      { header: STAGE_LABEL.notStarted, width: 10 },
      ...later.map((s) => ({ header: STAGE_LABEL[s], width: 11 })),
      { header: "有逾期事项", width: 11 },
      { header: "红色风险", width: 10 },
      { header: "黄色风险", width: 10 },
      { header: "绿色", width: 8 },
      { header: "未评估", width: 8 },
      { header: "无可用账号", width: 11 },
      { header: "已认定或归档比例", width: 16 },
    ],
    rows: [
      ...d.rows.map((r) => [
        r.name,
        r.code,
        r.city ?? "",
        yesNo(r.campaignId !== null),
        r.units,
        r.villages,
        r.communities,
        r.stageCounts.notStarted,
        ...later.map((s) => r.stageCounts[s]),
        r.overdue,
        r.red,
        r.yellow,
        r.green,
        r.unassessed,
        r.noActiveUser,
        pct(r.done),
      ]),
      [
        "合计",
        "",
        "",
        `${d.totals.withCampaign}/${d.totals.counties}`,
        d.totals.units,
        d.totals.villages,
        d.totals.communities,
        d.totals.stageCounts.notStarted,
        ...later.map((s) => d.totals.stageCounts[s]),
        d.totals.overdue,
        d.totals.red,
        d.totals.yellow,
        d.totals.green,
        d.totals.unassessed,
        d.totals.noActiveUser,
        pct(d.totals.done),
      ],
    ],
  };
  return tablesWorkbook(`${d.unit.name}${d.term}进度总览（${d.today}）`, [table]);
}
