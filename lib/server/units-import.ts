import "server-only";
// The unit tree import (issue 14, docs/unit-import.md, docs/decisions/016-unit-import.md): the national statistical
// division code table as .xlsx or .csv, checked by lib/domain/unit-import, previewed, then applied all or nothing.
// New units are created under their parent by code, changed names (or kinds) are renamed and audited with
// before/after, units the file leaves out are only listed; `unit.deactivate` is the explicit second step.
import { createHash, randomUUID } from "node:crypto";
import { z } from "zod";
import { boolField, idField, versionField } from "@/lib/domain/form-fields";
import { noDataMessage, sizeText } from "@/lib/domain/spreadsheet-import";
import {
  checkUnitRows,
  CODE_COLUMN,
  levelOfCode,
  NAME_COLUMN,
  PARENT_COLUMN,
  planUnitImport,
  URBAN_RURAL_COLUMN,
  type CheckedRow,
  type ExistingUnit,
  type RowProblem,
  type UnitTableRow,
} from "@/lib/domain/unit-import";
import { childPath, UNIT_LEVELS, type UnitKind, type UnitLevel } from "@/lib/domain/units";
import { defineAction } from "./action";
import type { Actor } from "./auth/sessions";
import type { Tx } from "./db";
import { ExpectedError, staleError, type ErrorDetail } from "./errors";
import { SYSTEM_USER_ID } from "./oversight/past-terms";
import { refuseDeactivation } from "./units";
import { findUnitInScope } from "./scope";
import { findHeaderColumns, readTableLines } from "./spreadsheet";

/** A province's table is about 3,000 rows (Ningxia 2,849 villages and communities plus townships and counties). */
export const MAX_UNIT_ROWS = 20_000;
export const MAX_UNIT_BYTES = 10 * 1024 * 1024;
/** An import with more problems than this lists only the first ones (the summary says so). */
export const MAX_REPORTED_ERRORS = 1000;
const MAX_XML_ROWS = 50_000;

const COLUMNS = [
  { key: "code", header: CODE_COLUMN, required: true },
  { key: "name", header: NAME_COLUMN, required: true },
  { key: "urbanRural", header: URBAN_RURAL_COLUMN, required: false },
  { key: "parentCode", header: PARENT_COLUMN, required: false },
] as const;
type ColumnKey = (typeof COLUMNS)[number]["key"];

/** `fatal`: the file as a whole cannot be read as a table (not a workbook, no data, a missing column). */
export type ParsedUnitTable = { rows: UnitTableRow[]; problems: ErrorDetail[]; sheet: string; fatal?: true };

const fileProblem = (message: string, sheet = ""): ParsedUnitTable => ({ rows: [], sheet, fatal: true, problems: [{ sheet, row: 0, column: "", message }] });

/** The header row: the first of rows 1-5 naming the code column. Matching is exact up to spaces. */
function findHeader(lines: readonly (readonly string[])[]) {
  return findHeaderColumns(
    lines,
    COLUMNS,
    CODE_COLUMN,
    (header) => `缺少「${header}」列：表头须有 ${CODE_COLUMN}、${NAME_COLUMN} 两列（可选 ${URBAN_RURAL_COLUMN}、${PARENT_COLUMN}），列名须与此完全一致`,
  );
}

/**
 * Reads an uploaded table: .xlsx (the first visible sheet with a 统计用区划代码 header) or .csv (UTF-8 or GBK).
 * Rows are numbered as in the file (1 = the first line); empty rows are skipped.
 */
export async function parseUnitTable(file: Uint8Array, fileName = ""): Promise<ParsedUnitTable> {
  const table = await readTableLines(file, {
    fileName,
    maxBytes: MAX_UNIT_BYTES,
    maxXmlRows: MAX_XML_ROWS,
    anchorHeader: CODE_COLUMN,
    tooBig: `一次最多导入 ${MAX_UNIT_ROWS} 行，请按市或县分成几个文件导入`,
    emptyHint: `请从第 2 行起每行填写一个单位（表头：${CODE_COLUMN}、${NAME_COLUMN}）`,
  });
  if (!table.ok) return fileProblem(table.message);
  const { lines, sheet, unreadable } = table;
  const header = findHeader(lines);
  if (header.problems.length) return { rows: [], sheet, fatal: true, problems: header.problems.map((p) => ({ ...p, sheet })) };
  const cellOf = (cells: readonly string[], key: ColumnKey) => {
    const i = header.colOf.get(key);
    return i === undefined ? "" : (cells[i] ?? "").replace(/^[\s\u3000]+|[\s\u3000]+$/g, "");
  };
  // Only the table's own cells matter: an error value in a column the import does not read is no problem.
  const problems: ErrorDetail[] = [];
  for (const u of unreadable) {
    const col = COLUMNS.find((c) => header.colOf.get(c.key) === u.col);
    if (col && u.row > header.index + 1) problems.push({ sheet, row: u.row, column: col.header, message: u.message });
  }
  const rows: UnitTableRow[] = [];
  lines.forEach((cells, i) => {
    if (i <= header.index) return;
    const r: UnitTableRow = {
      row: i + 1,
      code: cellOf(cells, "code"),
      name: cellOf(cells, "name"),
      urbanRural: cellOf(cells, "urbanRural"),
      parentCode: cellOf(cells, "parentCode"),
    };
    if (!r.code && !r.name && !r.urbanRural && !r.parentCode) return;
    rows.push(r);
  });
  if (rows.length === 0 && problems.length === 0)
    return fileProblem(noDataMessage(`表头下没有任何单位，请从第 ${header.index + 2} 行起每行填写一个单位`), sheet);
  if (rows.length > MAX_UNIT_ROWS) return fileProblem(`文件有 ${rows.length} 行数据，一次最多导入 ${MAX_UNIT_ROWS} 行，请按市或县分成几个文件导入`, sheet);
  return { rows, sheet, problems };
}

// ---------------------------------------------------------------------------------------------
// The plan as the page and the command line show it

export type LevelCounts = { level: UnitLevel; inFile: number; created: number; renamed: number; unchanged: number };
export type UnitImportSummary = {
  /** True when the plan was written; false for a preview and for a file that changes nothing. */
  applied: boolean;
  /** Nothing to create or rename: the system already matches the file. */
  noChange: boolean;
  rows: number;
  byLevel: LevelCounts[];
  created: { row: number; code: string; name: string; level: UnitLevel; kind: UnitKind; parentCode: string | null }[];
  renamed: { row: number; code: string; before: { name: string; kind: UnitKind }; after: { name: string; kind: UnitKind } }[];
  /** Active units the file covers but leaves out: listed, not changed. `top` = its parent is not missing too. */
  missing: { id: string; version: number; code: string; name: string; level: UnitLevel; kind: UnitKind; top: boolean }[];
  /** Identifies the plan: a confirm carries the preview's digest and is refused when the plan has changed since. */
  digest: string;
};

const LEVEL_ORDER: Record<UnitLevel, number> = { PROVINCE: 0, CITY: 1, COUNTY: 2, TOWNSHIP: 3, VILLAGE: 4 };

/** The significant prefix of a code at its level: a unit's descendants all start with it. */
const SIG: Record<UnitLevel, number> = { PROVINCE: 2, CITY: 4, COUNTY: 6, TOWNSHIP: 9, VILLAGE: 12 };

type Root = { id: string; code: string; name: string; level: UnitLevel; path: string; parent: { code: string } | null };

async function buildPlan(tx: Tx, actor: Actor, root: Root, parsed: ParsedUnitTable) {
  const sheet = parsed.sheet;
  const problems: ErrorDetail[] = [...parsed.problems];
  const add = (p: RowProblem) => problems.push({ sheet, ...p });
  const prefix = root.code.slice(0, SIG[root.level]);
  // Rows outside the unit imported into (another county, a level above) are refused by row, before any other check.
  const inScope: UnitTableRow[] = [];
  for (const r of parsed.rows) {
    const code = r.code.trim();
    const level = levelOfCode(code);
    if (level && code !== root.code && !(code.startsWith(prefix) && LEVEL_ORDER[level] > LEVEL_ORDER[root.level])) {
      add({ row: r.row, column: CODE_COLUMN, message: `代码 ${code} 不在「${root.name}」（${root.code}）的范围内：只能导入本单位及其下级单位` });
    } else inScope.push(r);
  }
  const existingRows = await tx.unit.findMany({
    where: { path: { startsWith: root.path } },
    select: {
      id: true,
      code: true,
      name: true,
      kind: true,
      level: true,
      active: true,
      version: true,
      path: true,
      countyId: true,
      parent: { select: { code: true } },
    },
  });
  const byCode = new Map(existingRows.map((u) => [u.code, u]));
  const existing: ExistingUnit[] = existingRows.map((u) => ({
    code: u.code,
    name: u.name,
    kind: u.kind,
    parentCode: u.id === root.id ? null : (u.parent?.code ?? null),
    active: u.active,
  }));
  // The unit imported into hangs under its own parent, which the file need not list.
  const checked = checkUnitRows(inScope, new Set([...byCode.keys(), ...(root.parent ? [root.parent.code] : [])]));
  for (const p of checked.problems) add(p);

  // A code already used elsewhere (outside this subtree), or by a unit of another level, cannot be imported here.
  const codes = checked.rows.map((r) => r.code).filter((c) => !byCode.has(c));
  const elsewhere = codes.length ? await tx.unit.findMany({ where: { code: { in: codes } }, select: { code: true, name: true } }) : [];
  const elsewhereName = new Map(elsewhere.map((u) => [u.code, u.name]));
  const good: CheckedRow[] = [];
  for (const r of checked.rows) {
    const u = byCode.get(r.code);
    const other = elsewhereName.get(r.code);
    if (other) add({ row: r.row, column: CODE_COLUMN, message: `代码 ${r.code} 已被本范围以外的「${other}」使用` });
    else if (u && u.level !== r.level)
      add({ row: r.row, column: CODE_COLUMN, message: `代码 ${r.code} 在系统中是「${u.name}」，级别与代码不符，请联系系统管理员` });
    else if (u && u.id === actor.unitId && actor.userId !== SYSTEM_USER_ID && (u.name !== r.name || u.kind !== r.kind)) {
      add({ row: r.row, column: NAME_COLUMN, message: `不能修改您自己所在的单位「${u.name}」，请联系上级管理员（或把这一行改回现在的名称）` });
    } else good.push(r);
  }
  problems.sort((a, b) => a.row - b.row);
  const plan = planUnitImport(good, existing);
  const missingCodes = new Set(plan.missing.map((m) => m.code));
  const summary: Omit<UnitImportSummary, "applied" | "digest"> = {
    noChange: plan.create.length === 0 && plan.rename.length === 0,
    rows: parsed.rows.length,
    byLevel: UNIT_LEVELS.map((level) => ({
      level,
      inFile: good.filter((r) => r.level === level).length,
      created: plan.create.filter((r) => r.level === level).length,
      renamed: plan.rename.filter((r) => levelOfCode(r.code) === level).length,
      unchanged:
        good.filter((r) => r.level === level).length -
        plan.create.filter((r) => r.level === level).length -
        plan.rename.filter((r) => levelOfCode(r.code) === level).length,
    })).filter((c) => c.inFile > 0),
    created: plan.create.map(({ row, code, name, level, kind, parentCode }) => ({ row, code, name, level, kind, parentCode })),
    renamed: plan.rename,
    missing: plan.missing.map((m) => {
      const u = byCode.get(m.code)!;
      return { id: u.id, version: u.version, code: u.code, name: u.name, level: u.level, kind: u.kind, top: !(m.parentCode && missingCodes.has(m.parentCode)) };
    }),
  };
  const digest = createHash("sha256")
    .update(
      JSON.stringify([
        summary.created.map((c) => [c.code, c.name, c.kind]),
        summary.renamed.map((r) => [r.code, r.before, r.after]),
        summary.missing.map((m) => m.code),
      ]),
    )
    .digest("hex")
    .slice(0, 32);
  return { problems, plan, summary: { ...summary, digest }, byCode };
}

function refuse(problems: ErrorDetail[], fatal = false): never {
  if (fatal) throw new ExpectedError("invalid", `${problems.map((p) => p.message).join("；")}。没有导入任何单位。`, undefined, problems);
  const shown = problems.slice(0, MAX_REPORTED_ERRORS);
  const more = problems.length > shown.length ? `，以下列出前 ${shown.length} 处` : "";
  throw new ExpectedError("invalid", `文件中有 ${problems.length} 处问题${more}，没有导入任何单位。请改正后重新上传整个文件。`, undefined, shown);
}

/**
 * Imports a unit table under `unitId` (the actor's own unit on the page; the province on the command line). With
 * `apply` false it only returns the plan (a preview, nothing written). With `apply` true it writes the whole plan
 * in this one transaction, or nothing: any bad row refuses the file with every problem by row and column.
 */
export const importUnits = defineAction({
  name: "unit.import",
  permission: "unit.manage",
  input: z.object({
    unitId: idField,
    file: z
      .instanceof(Uint8Array, { error: "请选择要导入的 Excel（.xlsx）或 CSV 文件" })
      .refine((f) => f.byteLength > 0, noDataMessage("文件是 0 字节的空文件"))
      .refine((f) => f.byteLength <= MAX_UNIT_BYTES, `文件不能超过 ${sizeText(MAX_UNIT_BYTES)}`),
    fileName: z.string().trim().max(255, "文件名太长").optional().default(""),
    apply: boolField.optional().default(false),
    /** The preview's digest; when given, the import is refused if the plan is no longer the one previewed. */
    digest: z.string().trim().max(64).optional().default(""),
  }),
  target: (tx, input, actor) => findUnitInScope(tx, actor, input.unitId),
  async run({ tx, actor, input, unit, audit }): Promise<UnitImportSummary> {
    const root = await tx.unit.findUniqueOrThrow({
      where: { id: unit.id },
      select: { id: true, code: true, name: true, level: true, path: true, parent: { select: { code: true } } },
    });
    if (root.level === "VILLAGE") throw new ExpectedError("invalid", "村(社区)下没有下级单位，请在乡镇或更上级导入");
    const parsed = await parseUnitTable(input.file, input.fileName);
    if (parsed.fatal) refuse(parsed.problems, true);
    const { problems, plan, summary, byCode } = await buildPlan(tx, actor, root, parsed);
    if (problems.length) refuse(problems);
    if (!input.apply || summary.noChange) return { ...summary, applied: false };
    if (input.digest && input.digest !== summary.digest) {
      throw new ExpectedError("conflict", "预览之后系统中的单位已有变化，请重新预览后再确认导入");
    }

    // Parents first (the plan is ordered by level): a new unit's parent is an existing unit or one created just before.
    const placed = new Map<string, { id: string; path: string; countyId: string | null }>();
    for (const u of byCode.values()) placed.set(u.code, { id: u.id, path: u.path, countyId: u.countyId });
    for (const level of UNIT_LEVELS) {
      const batch = plan.create.filter((r) => r.level === level);
      if (batch.length === 0) continue;
      const data = batch.map((r) => {
        const parent = placed.get(r.parentCode!)!;
        const id = randomUUID();
        const countyId = level === "COUNTY" ? id : LEVEL_ORDER[level] < LEVEL_ORDER.COUNTY ? null : parent.countyId;
        const row = { id, code: r.code, name: r.name, level, kind: r.kind, parentId: parent.id, path: childPath(parent.path, id), countyId };
        placed.set(r.code, { id, path: row.path, countyId });
        return row;
      });
      for (let i = 0; i < data.length; i += 2000) await tx.unit.createMany({ data: data.slice(i, i + 2000) });
    }
    for (const r of plan.rename) {
      const u = byCode.get(r.code)!;
      const res = await tx.unit.updateMany({
        where: { id: u.id, version: u.version },
        data: { name: r.after.name, kind: r.after.kind, version: { increment: 1 } },
      });
      if (res.count === 0) throw staleError();
      await audit({
        event: "unit.renamed",
        unitId: u.id,
        objectType: "Unit",
        objectId: u.id,
        before: r.before,
        after: r.after,
        detail: { code: r.code, row: r.row },
      });
    }
    await audit({
      event: "unit.imported",
      objectType: "Unit",
      objectId: root.id,
      detail: {
        fileName: input.fileName,
        rows: summary.rows,
        byLevel: summary.byLevel,
        created: summary.created.map((c) => `${c.code} ${c.name}`),
        renamed: summary.renamed.length,
        missing: summary.missing.map((m) => m.code),
      },
    });
    return { ...summary, applied: true };
  },
});

/**
 * Deactivates a unit the import listed as missing, with every unit below it: the explicit second step. Refused
 * while the unit or any unit below it has election data (elections and their candidates, voter rolls, past
 * terms) or enabled users; the unit stays as it is then. Inactive units drop out of the pickers (election setup,
 * user forms, county lists) and the dashboards' village counts, and keep their history.
 */
export const deactivateUnit = defineAction({
  name: "unit.deactivate",
  permission: "unit.manage",
  input: z.object({ id: idField, version: versionField }),
  target: (tx, input, actor) => findUnitInScope(tx, actor, input.id),
  async run({ tx, actor, input, unit, audit }) {
    if (unit.id === actor.unitId) throw new ExpectedError("forbidden", "不能修改您自己所在的单位，请联系上级管理员");
    const row = await tx.unit.findUniqueOrThrow({ where: { id: unit.id }, select: { name: true, code: true, active: true, version: true } });
    if (row.version !== input.version) throw staleError();
    if (!row.active) throw new ExpectedError("invalid", `「${row.name}」已经停用`);
    await refuseDeactivation(tx, unit.path, row.name);
    const subtree = { path: { startsWith: unit.path } };
    const below = await tx.unit.findMany({
      where: { ...subtree, active: true, NOT: { id: unit.id } },
      select: { id: true, code: true },
      orderBy: { code: "asc" },
    });
    const res = await tx.unit.updateMany({ where: { id: unit.id, version: input.version }, data: { active: false, version: { increment: 1 } } });
    if (res.count === 0) throw staleError();
    if (below.length) await tx.unit.updateMany({ where: { id: { in: below.map((b) => b.id) } }, data: { active: false, version: { increment: 1 } } });
    await audit({
      event: "unit.deactivated",
      unitId: unit.id,
      objectType: "Unit",
      objectId: unit.id,
      detail: { code: row.code, via: "unit.deactivate", below: below.map((b) => b.code) },
    });
    return { id: unit.id, deactivated: 1 + below.length };
  },
});
