import "server-only";
// The voter import template (.xlsx): the header row with notes, a 登记类别 dropdown (and 性别, 村(社区) code
// dropdowns), 填写说明, and the code table of the villages the actor may import into.
import ExcelJS from "exceljs";
import { can } from "@/lib/domain/permissions";
import { VOTER_UPLOAD_MAX_BYTES } from "@/lib/domain/spreadsheet-import";
import { VOTER_IMPORT_COLUMNS } from "@/lib/domain/voter-import";
import type { Actor } from "../auth/sessions";
import { db } from "../db";
import { addDataSheet, styleHeader } from "../nomination/excel";
import { unitScope } from "../scope";

export const VOTER_SHEET = "选民名单";
const GUIDE_SHEET = "填写说明";
const VILLAGE_SHEET = "村(社区)代码表";

export const mayImportVoters = (actor: Actor) => can(actor, "voter.edit", { path: actor.unitPath });

export async function voterImportTemplate(actor: Actor): Promise<Buffer> {
  const prisma = await db();
  const villages = await prisma.unit.findMany({
    where: { ...unitScope(actor), level: "VILLAGE", active: true },
    orderBy: { code: "asc" },
    select: { code: true, name: true, parent: { select: { name: true } } },
  });
  const wb = new ExcelJS.Workbook();
  wb.creator = "村(居)民委员会换届选举管理系统";
  wb.created = new Date();
  addDataSheet(wb, VOTER_SHEET, VOTER_IMPORT_COLUMNS, { lastRow: 100_001, villages: villages.map((v) => ({ code: v.code, name: v.name })) });

  const guide = wb.addWorksheet(GUIDE_SHEET);
  guide.columns = [{ width: 22 }, { width: 10 }, { width: 80 }];
  const intro = [
    "选民名单批量导入模板 · 填写说明",
    `1. 在「${VOTER_SHEET}」工作表中从第 2 行起每行填写一名选民；第 1 行是表头，请不要修改。也可以另存为 CSV（UTF-8 或 GBK）后上传。`,
    `2. 一个文件可以包含本乡镇(县)的多个村(社区)，村(社区)代码见「${VILLAGE_SHEET}」。每个村(社区)须已设置本次选举（年龄按该村选举日计算）。`,
    "3. 只要有一处问题，整个文件都不会导入；系统列出每个问题所在的行、列和原因，请改正后重新上传整个文件。",
    "4. 同一人在本届只能登记一次：文件内重复、已在本县其他村(社区)或其他县(区)登记的，都会被指出。已公布的名单不能批量导入。",
    `5. 网页上传的文件最大 ${VOTER_UPLOAD_MAX_BYTES / 1024 / 1024} MB；更大的文件请分乡镇上传，或由系统管理员用命令行导入。民族、住址、联系电话按列保存。`,
  ];
  intro.forEach((line, i) => {
    const row = guide.getRow(i + 1);
    row.getCell(1).value = line;
    guide.mergeCells(i + 1, 1, i + 1, 3);
    row.getCell(1).alignment = { wrapText: true, vertical: "top" };
    if (i === 0) row.getCell(1).font = { bold: true, size: 14 };
    else row.height = 30;
  });
  const top = intro.length + 2;
  guide.getRow(top).values = ["列名", "是否必填", "填写要求"];
  styleHeader(guide.getRow(top));
  VOTER_IMPORT_COLUMNS.forEach((c, i) => {
    const row = guide.getRow(top + 1 + i);
    row.values = [c.header, c.required ? "必填" : "选填", c.note];
    row.eachCell((cell) => (cell.alignment = { wrapText: true, vertical: "top" }));
  });

  const vs = wb.addWorksheet(VILLAGE_SHEET, { views: [{ state: "frozen", ySplit: 1 }] });
  vs.columns = [
    { header: "村(社区)统计用区划代码", key: "code", width: 22, style: { numFmt: "@" } },
    { header: "村(社区)", key: "name", width: 22 },
    { header: "所属乡镇(街道)", key: "township", width: 20 },
  ];
  for (const v of villages) vs.addRow({ code: v.code, name: v.name, township: v.parent?.name ?? "" });
  styleHeader(vs.getRow(1));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** What the upload form offers: the open campaigns of the actor's county and the units they may import into. */
export async function voterImportChoices(actor: Actor) {
  const prisma = await db();
  const campaigns = await prisma.campaign.findMany({
    where: { status: "OPEN", ...(actor.countyId ? { countyId: actor.countyId } : { county: unitScope(actor) }) },
    orderBy: { startDate: "desc" },
    select: { id: true, name: true, county: { select: { name: true } } },
  });
  const units = await prisma.unit.findMany({
    where: {
      ...unitScope(actor),
      active: true,
      level: { in: ["COUNTY", "TOWNSHIP", "VILLAGE"] },
      OR: [{ id: actor.unitId }, { level: { in: ["COUNTY", "TOWNSHIP"] } }],
    },
    orderBy: { code: "asc" },
    select: { id: true, name: true, level: true, code: true },
  });
  const levelText = { COUNTY: "全县(区)", TOWNSHIP: "全乡镇(街道)", VILLAGE: "本村(社区)" } as Record<string, string>;
  return {
    campaigns: campaigns.map((c) => ({ id: c.id, name: actor.countyId ? c.name : `${c.county.name} · ${c.name}` })),
    units: units.map((u) => ({ id: u.id, label: `${u.name}（${levelText[u.level] ?? ""}）` })),
  };
}
