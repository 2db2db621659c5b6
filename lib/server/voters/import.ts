import "server-only";
// The voter roll import (issue 13, docs/decisions/018 "Import"): a township's or county's villages (or one
// village) from .xlsx or CSV, every row checked as `voter.add` checks it, duplicates within the file, and the
// deployment-wide one-person-one-place check by ONE indexed query for the whole file. All or nothing: any
// problem refuses the file with every problem by row, column and reason (at most 1,000 listed, with the total).
// Villages without a roll get their DRAFT roll; posted rolls change only through objections and are refused.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { dayOf, todayInChina } from "@/lib/domain/days";
import { idField } from "@/lib/domain/form-fields";
import { parseIdNumber } from "@/lib/domain/id-number";
import { ETHNICITIES, ethnicityByName } from "@/lib/domain/people";
import { byRowAndColumn, noDataMessage, sizeText } from "@/lib/domain/spreadsheet-import";
import {
  IMPORT_REASON,
  MAX_LISTED_PROBLEMS,
  MAX_VOTER_BYTES,
  MAX_VOTER_ROWS,
  VOTER_IMPORT_COLUMN,
  VOTER_IMPORT_COLUMNS,
  type VoterImportColumnKey,
} from "@/lib/domain/voter-import";
import {
  duplicateIdNumbers,
  registeredElsewhereMessage,
  voterCategoryByLabel,
  voterClaimKey,
  voterProblems,
  VOTER_SOURCES,
  type VoterFacts,
} from "@/lib/domain/voter-roll";
import { Prisma } from "@/lib/generated/prisma/client";
import { defineAction } from "../action";
import type { Tx } from "../db";
import { ExpectedError, type ErrorDetail } from "../errors";
import { dayOfCell, nameOfCell } from "../nomination/excel";
import { findUnitInScope } from "../scope";
import { findHeaderColumns, readTableLines } from "../spreadsheet";
import { snapshotOf, voterFields, type VoterInput } from "./roll-context";

const CODE = VOTER_IMPORT_COLUMN.unitCode.header;
const ID = VOTER_IMPORT_COLUMN.idNumber.header;
const CHUNK = 5000;

export type VoterRow = { row: number; cells: Record<VoterImportColumnKey, string> };
export type ParsedVoterTable = { sheet: string; rows: VoterRow[]; problems: ErrorDetail[]; fatal?: true };

const fileProblem = (message: string, sheet = ""): ParsedVoterTable => ({ sheet, rows: [], fatal: true, problems: [{ sheet, row: 0, column: "", message }] });

/** Reads the file into rows of cell text by column key (rows numbered as in the file; empty rows skipped). */
export async function parseVoterTable(file: Uint8Array, fileName = ""): Promise<ParsedVoterTable> {
  const table = await readTableLines(file, {
    fileName,
    maxBytes: MAX_VOTER_BYTES,
    maxXmlRows: MAX_VOTER_ROWS + 10,
    anchorHeader: ID,
    tooBig: `一次最多导入 ${MAX_VOTER_ROWS} 名选民，请按乡镇分成几个文件导入`,
    emptyHint: `请从第 2 行起每行填写一名选民（表头：${VOTER_IMPORT_COLUMNS.filter((c) => c.required)
      .map((c) => c.header)
      .join("、")}）`,
  });
  if (!table.ok) return fileProblem(table.message);
  const { lines, sheet, unreadable } = table;
  const header = findHeaderColumns(
    lines,
    VOTER_IMPORT_COLUMNS,
    ID,
    (h) =>
      `缺少「${h}」列：表头须有 ${VOTER_IMPORT_COLUMNS.filter((c) => c.required)
        .map((c) => c.header)
        .join("、")}，列名须与模板完全一致`,
  );
  if (header.problems.length) return { sheet, rows: [], fatal: true, problems: header.problems.map((p) => ({ ...p, sheet })) };
  const problems: ErrorDetail[] = [];
  for (const u of unreadable) {
    const col = VOTER_IMPORT_COLUMNS.find((c) => header.colOf.get(c.key) === u.col);
    if (col && u.row > header.index + 1) problems.push({ sheet, row: u.row, column: col.header, message: u.message });
  }
  const rows: VoterRow[] = [];
  for (let i = header.index + 1; i < lines.length; i++) {
    const line = lines[i]!;
    const cells = {} as Record<VoterImportColumnKey, string>;
    let any = false;
    for (const c of VOTER_IMPORT_COLUMNS) {
      const at = header.colOf.get(c.key);
      const v = at === undefined ? "" : (line[at] ?? "").replace(/^[\s\u3000]+|[\s\u3000]+$/g, "");
      cells[c.key] = v;
      if (v) any = true;
    }
    if (any) rows.push({ row: i + 1, cells });
  }
  if (rows.length === 0 && problems.length === 0)
    return fileProblem(noDataMessage(`表头下没有任何选民，请从第 ${header.index + 2} 行起每行填写一名选民`), sheet);
  if (rows.length > MAX_VOTER_ROWS) return fileProblem(`文件有 ${rows.length} 行数据，一次最多导入 ${MAX_VOTER_ROWS} 名选民，请按乡镇分成几个文件导入`, sheet);
  return { sheet, rows, problems };
}

/** The zod field a problem is about → the column it came from. */
const FIELD_COLUMN: Record<string, VoterImportColumnKey> = {
  name: "name",
  gender: "gender",
  idNumber: "idNumber",
  birthDate: "birthDate",
  ethnicity: "ethnicity",
  category: "category",
  consentMeetingOn: "consentMeetingOn",
  group: "group",
  address: "address",
  phone: "phone",
  deprivedOfRights: "idNumber",
};

const GENDER_BY_LABEL: Record<string, "MALE" | "FEMALE"> = { 男: "MALE", 男性: "MALE", 女: "FEMALE", 女性: "FEMALE", MALE: "MALE", FEMALE: "FEMALE" };
const ETHNICITY_CODES = new Set(ETHNICITIES.map((e) => e.code));

/** A day cell as text: 1980-05-01, 1980/5/1, 19800501, 1980年5月1日 or an Excel serial number. */
function dayText(s: string): string {
  if (!s) return "";
  if (/^\d{5}$/.test(s)) return dayOfCell(Number(s));
  return dayOfCell(s);
}

/**
 * One row as the voter form would give it, checked by the form's own schema (voterFields), or its problems.
 * An empty 出生日期 is taken from the ID number.
 */
export function voterInputOfRow(r: VoterRow, today: string): { input: VoterInput | null; problems: { column: string; message: string }[] } {
  const c = r.cells;
  const problems: { column: string; message: string }[] = [];
  const col = (k: VoterImportColumnKey) => VOTER_IMPORT_COLUMN[k].header;
  const gender = GENDER_BY_LABEL[c.gender] ?? "";
  if (c.gender && !gender) problems.push({ column: col("gender"), message: `「${c.gender}」不是有效的性别，请填写“男”或“女”` });
  const ethnicity = ETHNICITY_CODES.has(c.ethnicity) ? c.ethnicity : (ethnicityByName(c.ethnicity)?.code ?? "");
  if (c.ethnicity && !ethnicity) problems.push({ column: col("ethnicity"), message: `「${c.ethnicity}」不是民族名称，请填写民族全称，如 汉族、回族` });
  const category = c.category ? voterCategoryByLabel(c.category) : null;
  if (c.category && !category)
    problems.push({
      column: col("category"),
      message: `「${c.category}」不是登记类别，请填写：户籍在本村并居住、户籍在本村不居住、非户籍居住一年以上、村务工作一年以上`,
    });
  const idNumber = c.idNumber.replace(/\s+/g, "").toUpperCase();
  const parsedId = parseIdNumber(idNumber, today);
  const birthDate = c.birthDate ? dayText(c.birthDate) : parsedId.ok ? parsedId.birthDate : "";
  const parsed = voterFields.safeParse({
    name: nameOfCell(c.name),
    gender: gender || undefined,
    idNumber,
    birthDate: birthDate || undefined,
    ethnicity: ethnicity || undefined,
    category: category ?? undefined,
    consentMeetingOn: dayText(c.consentMeetingOn),
    group: c.group,
    address: c.address,
    phone: c.phone,
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = FIELD_COLUMN[String(issue.path[0])] ?? "name";
      const column = col(key);
      // The label checks above already said what is wrong with an unknown gender, ethnicity or category.
      if ((key === "gender" && c.gender) || (key === "ethnicity" && c.ethnicity) || (key === "category" && c.category)) continue;
      const message = key === "birthDate" && !c.birthDate ? "请填写出生日期（公民身份号码无法读出出生日期）" : issue.message;
      if (!problems.some((p) => p.column === column)) problems.push({ column, message });
    }
    return { input: null, problems };
  }
  return { input: problems.length ? null : parsed.data, problems };
}

type Village = {
  id: string;
  code: string;
  name: string;
  townshipName: string;
  electionDay: string | null;
  roll: { id: string; status: "DRAFT" | "POSTED" } | null;
};

/** Counts per village: what the page, the command line and the audit event (counts only) show. */
export type VoterImportResult = {
  villages: number;
  voters: number;
  rollsCreated: number;
  byVillage: { code: string; name: string; voters: number; rollCreated: boolean }[];
};

/** Sorted by row, then by the template's column order; at most MAX_LISTED_PROBLEMS listed with the total. */
function refuse(problems: ErrorDetail[], failureAudit?: ExpectedError["failureAudit"]): never {
  const sorted = byRowAndColumn(problems, VOTER_IMPORT_COLUMNS);
  if (sorted.length === 1 && sorted[0]!.row === 0) throw new ExpectedError("invalid", `${sorted[0]!.message}。没有导入任何选民。`, undefined, sorted);
  const shown = sorted.slice(0, MAX_LISTED_PROBLEMS);
  const more = sorted.length > shown.length ? `，以下列出前 ${shown.length} 处` : "";
  throw new ExpectedError("invalid", `文件中有 ${sorted.length} 处问题${more}，没有导入任何选民。请改正后重新上传整个文件。`, undefined, shown, failureAudit);
}

/**
 * A unique violation: P2002 from a Prisma query, or P2010 with the driver adapter's
 * UniqueConstraintViolation (SQLSTATE 23505) from a raw one.
 */
export function isUniqueViolation(err: unknown): boolean {
  if (typeof err !== "object" || err === null) return false;
  const e = err as { code?: unknown; meta?: { driverAdapterError?: { cause?: { kind?: unknown; originalCode?: unknown } } } };
  const cause = e.meta?.driverAdapterError?.cause;
  return e.code === "P2002" || (e.code === "P2010" && (cause?.kind === "UniqueConstraintViolation" || cause?.originalCode === "23505"));
}

/** Who of `ids` already holds the term's claim, by ONE indexed query (claim, idNumber), with the holder's village. */
async function claimHolders(tx: Tx, claim: string, ids: string[]) {
  if (ids.length === 0) return [];
  return tx.$queryRaw<
    { idNumber: string; rollId: string; unitName: string; parentName: string | null; countyId: string | null; countyName: string | null }[]
  >(Prisma.sql`
    SELECT v."idNumber", v."rollId", u."name" AS "unitName", p."name" AS "parentName", u."countyId", c."name" AS "countyName"
    FROM "Voter" v
    JOIN "VoterRoll" r ON r."id" = v."rollId"
    JOIN "Unit" u ON u."id" = r."unitId"
    LEFT JOIN "Unit" p ON p."id" = u."parentId"
    LEFT JOIN "Unit" c ON c."id" = u."countyId"
    WHERE v."claim" = ${claim} AND v."idNumber" = ANY(${ids}::text[])`);
}

/**
 * Imports voters into the villages of `unitId` (a township, a county, or one village) for the campaign: every
 * row right, or nothing written. One audit event `voter.imported` with counts per village only.
 */
export const importVoters = defineAction({
  name: "voter.import",
  permission: "voter.edit",
  // The CLI's largest file (300,000 rows) takes more than the default 30 s on embedded PGlite.
  timeoutMs: 300_000,
  input: z.object({
    campaignId: idField,
    unitId: idField,
    file: z
      .instanceof(Uint8Array, { error: "请选择要导入的 Excel（.xlsx）或 CSV 文件" })
      .refine((f) => f.byteLength > 0, noDataMessage("文件是 0 字节的空文件"))
      .refine((f) => f.byteLength <= MAX_VOTER_BYTES, `文件不能超过 ${sizeText(MAX_VOTER_BYTES)}`),
    fileName: z.string().trim().max(255, "文件名太长").optional().default(""),
  }),
  target: (tx, input, actor) => findUnitInScope(tx, actor, input.unitId),
  async run({ tx, input, unit, actor, audit }): Promise<VoterImportResult> {
    if (!["COUNTY", "TOWNSHIP", "VILLAGE"].includes(unit.level)) throw new ExpectedError("invalid", "请选择县(区)、乡镇(街道)或村(社区)导入选民名单");
    const campaign = await tx.campaign.findFirst({
      where: { id: input.campaignId, countyId: unit.countyId ?? "" },
      select: { id: true, name: true, status: true },
    });
    if (!campaign) throw new ExpectedError("not_found", "未找到该换届，或它不属于本县");
    if (campaign.status !== "OPEN") throw new ExpectedError("invalid", "该换届已结束，选民名单不能再修改");
    const parsed = await parseVoterTable(input.file, input.fileName);
    if (parsed.fatal) refuse(parsed.problems);
    const sheet = parsed.sheet;
    const problems: ErrorDetail[] = [...parsed.problems];
    const fail = (row: number, column: string, message: string) => problems.push({ sheet, row, column, message });
    const today = todayInChina();
    const claim = voterClaimKey(campaign.name);
    const scopeName = (await tx.unit.findUniqueOrThrow({ where: { id: unit.id }, select: { name: true } })).name;

    // The villages the file names, inside the unit imported into, with their election day and roll.
    const codes = [...new Set(parsed.rows.map((r) => r.cells.unitCode).filter((c) => /^\d{12}$/.test(c)))];
    const units = await tx.unit.findMany({
      where: { code: { in: codes }, path: { startsWith: unit.path } },
      select: { id: true, code: true, name: true, level: true, active: true, parent: { select: { name: true } } },
    });
    const ids = units.map((u) => u.id);
    const [elections, rolls] = await Promise.all([
      tx.election.findMany({ where: { campaignId: campaign.id, unitId: { in: ids } }, select: { unitId: true, electionDay: true } }),
      tx.voterRoll.findMany({ where: { campaignId: campaign.id, unitId: { in: ids } }, select: { id: true, unitId: true, status: true } }),
    ]);
    const dayOfUnit = new Map(elections.map((e) => [e.unitId, dayOf(e.electionDay)]));
    const rollOfUnit = new Map(rolls.map((r) => [r.unitId, { id: r.id, status: r.status }]));
    const villageByCode = new Map<string, Village | string>();
    for (const u of units) {
      if (u.level !== "VILLAGE") villageByCode.set(u.code, `${u.code} 是「${u.name}」的代码，请填写村(社区)的统计用区划代码`);
      else if (!u.active) villageByCode.set(u.code, `「${u.name}」已停用，不能导入选民`);
      else
        villageByCode.set(u.code, {
          id: u.id,
          code: u.code,
          name: u.name,
          townshipName: u.parent?.name ?? "",
          electionDay: dayOfUnit.get(u.id) ?? null,
          roll: rollOfUnit.get(u.id) ?? null,
        });
    }

    const good: { row: number; village: Village; input: VoterInput }[] = [];
    for (const r of parsed.rows) {
      const code = r.cells.unitCode;
      let village: Village | null = null;
      if (!code) fail(r.row, CODE, "请填写村(社区)的 12 位统计用区划代码");
      else if (!/^\d{12}$/.test(code)) fail(r.row, CODE, `「${code}」不是 12 位统计用区划代码`);
      else {
        const v = villageByCode.get(code);
        if (v === undefined) fail(r.row, CODE, `代码 ${code} 不在「${scopeName}」的范围内，或系统中没有这个村(社区)`);
        else if (typeof v === "string") fail(r.row, CODE, v);
        else if (v.roll?.status === "POSTED")
          fail(r.row, CODE, `「${v.name}」的选民名单已公布：公布后的修改只能通过申诉处理或写明原因的更正逐条进行，不能批量导入`);
        else if (!v.electionDay) fail(r.row, CODE, `「${v.name}」尚未设置本次选举的选举日：选民年龄以选举日计算，请先设置选举`);
        else if (today > v.electionDay) fail(r.row, CODE, `「${v.name}」的选举日（${v.electionDay}）已过，选民名单不能再修改`);
        else village = v;
      }
      const { input, problems: rowProblems } = voterInputOfRow(r, today);
      for (const p of rowProblems) fail(r.row, p.column, p.message);
      if (!input) continue;
      // The same rules as voter.add, with the age counted to this village's own election day; without a
      // village (its problem is listed) every rule but the age is still checked, so one upload lists all.
      const facts: VoterFacts = {
        name: input.name,
        gender: input.gender,
        idNumber: input.idNumber,
        birthDate: input.birthDate,
        category: input.category,
        consentMeetingOn: input.consentMeetingOn,
      };
      const found = voterProblems(facts, { electionDay: village?.electionDay ?? today, today }).filter((p) => village || p.source !== VOTER_SOURCES.age);
      for (const p of found) fail(r.row, VOTER_IMPORT_COLUMN[FIELD_COLUMN[p.field] ?? "idNumber"].header, p.message);
      if (village && found.length === 0) good.push({ row: r.row, village, input });
    }

    // Within the file: one person, one row.
    const dupes = duplicateIdNumbers(parsed.rows.map((r) => ({ row: r.row, idNumber: r.cells.idNumber.replace(/\s+/g, "") })));
    const dupeRows = new Set<number>();
    for (const rowsOf of dupes.values()) {
      for (const row of rowsOf.slice(1)) {
        fail(row, ID, `与第 ${rowsOf[0]} 行的公民身份号码相同：同一人只能登记一次`);
        dupeRows.add(row);
      }
    }

    // Deployment-wide: who of the file already stands on a roll of this term, by one indexed query.
    const holders = await claimHolders(tx, claim, [...new Set(good.map((g) => g.input.idNumber))]);
    const holderOf = new Map(holders.map((h) => [h.idNumber, h]));
    let otherCounty = 0;
    const otherRollIds = new Set<string>();
    for (const g of good) {
      const h = holderOf.get(g.input.idNumber);
      if (!h || dupeRows.has(g.row)) continue;
      const sameCounty = h.countyId === unit.countyId;
      const sameRoll = h.rollId === g.village.roll?.id;
      if (!sameRoll) otherRollIds.add(h.rollId);
      if (!sameCounty) otherCounty++;
      fail(
        g.row,
        ID,
        registeredElsewhereMessage({
          sameRoll,
          sameCounty,
          countyName: sameCounty ? "" : (h.countyName ?? ""),
          unitName: sameCounty ? `${h.parentName ?? ""}${h.unitName}` : "",
        }),
      );
    }

    if (problems.length) {
      refuse(
        problems,
        otherRollIds.size
          ? {
              event: "voter.idnumber.matched",
              objectType: "Campaign",
              objectId: campaign.id,
              detail: { via: "import", otherRolls: otherRollIds.size, otherCounty },
            }
          : undefined,
      );
    }

    // Write: the missing DRAFT rolls, then voters and their ADD changes in chunks.
    const villages = new Map<string, Village>();
    for (const g of good) villages.set(g.village.id, g.village);
    const created = new Set<string>();
    const rollIdOf = new Map<string, string>();
    const newRolls: { id: string; campaignId: string; unitId: string }[] = [];
    for (const v of villages.values()) {
      if (v.roll) rollIdOf.set(v.id, v.roll.id);
      else {
        const id = randomUUID();
        newRolls.push({ id, campaignId: campaign.id, unitId: v.id });
        rollIdOf.set(v.id, id);
        created.add(v.id);
      }
    }
    if (newRolls.length) await tx.voterRoll.createMany({ data: newRolls });
    const counts = new Map<string, number>();
    for (let i = 0; i < good.length; i += CHUNK) {
      const batch = good.slice(i, i + CHUNK).map((g) => ({ ...g, id: randomUUID(), rollId: rollIdOf.get(g.village.id)! }));
      // One statement per chunk with an array per column (unnest): a handful of parameters instead of 14 per
      // row, which is what made createMany slow on PGlite.
      const col = <T>(f: (g: (typeof batch)[number]) => T) => batch.map(f);
      try {
        await tx.$executeRaw(Prisma.sql`
          INSERT INTO "Voter" ("id", "rollId", "claim", "group", "name", "gender", "idNumber", "birthDate", "ethnicity", "category", "consentMeetingOn", "address", "phone", "updatedAt")
          SELECT u.id, u."rollId", ${claim}, u."group", u.name, u.gender::"Gender", u."idNumber", u."birthDate", u.ethnicity, u.category::"VoterCategory", u."consentMeetingOn", u.address, u.phone, now()
          FROM unnest(
            ${col((g) => g.id)}::uuid[], ${col((g) => g.rollId)}::uuid[], ${col((g) => g.input.group)}::text[], ${col((g) => g.input.name)}::text[],
            ${col((g) => g.input.gender)}::text[], ${col((g) => g.input.idNumber)}::text[], ${col((g) => g.input.birthDate)}::date[], ${col((g) => g.input.ethnicity)}::text[],
            ${col((g) => g.input.category)}::text[], ${col((g) => g.input.consentMeetingOn)}::date[], ${col((g) => g.input.address)}::text[], ${col((g) => g.input.phone)}::text[]
          ) AS u(id, "rollId", "group", name, gender, "idNumber", "birthDate", ethnicity, category, "consentMeetingOn", address, phone)`);
      } catch (err) {
        if (isUniqueViolation(err)) throw new ExpectedError("conflict", "导入时有选民刚在其他地方登记，没有导入任何选民，请重新上传");
        throw err;
      }
      await tx.$executeRaw(Prisma.sql`
        INSERT INTO "VoterChange" ("id", "rollId", "voterId", "kind", "reason", "after", "afterPosting", "byId")
        SELECT gen_random_uuid(), u."rollId", u."voterId", 'ADD'::"VoterChangeKind", ${IMPORT_REASON}, u.after, false, ${actor.userId}::uuid
        FROM unnest(${col((g) => g.rollId)}::uuid[], ${col((g) => g.id)}::uuid[], ${col((g) => JSON.stringify(snapshotOf(g.input)))}::jsonb[]) AS u("rollId", "voterId", after)`);
      for (const g of batch) counts.set(g.village.id, (counts.get(g.village.id) ?? 0) + 1);
    }
    const byVillage = [...villages.values()]
      .sort((a, b) => a.code.localeCompare(b.code))
      .map((v) => ({ code: v.code, name: v.name, voters: counts.get(v.id) ?? 0, rollCreated: created.has(v.id) }));
    const result: VoterImportResult = { villages: villages.size, voters: good.length, rollsCreated: created.size, byVillage };
    // Counts only: no name or ID number of the file reaches the audit log.
    await audit({
      event: "voter.imported",
      objectType: "Campaign",
      objectId: campaign.id,
      detail: {
        unitId: unit.id,
        rows: parsed.rows.length,
        villages: result.villages,
        voters: result.voters,
        rollsCreated: result.rollsCreated,
        byVillage: byVillage.map((v) => ({ code: v.code, voters: v.voters, rollCreated: v.rollCreated })),
      },
    });
    return result;
  },
});
