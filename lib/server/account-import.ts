import "server-only";
// Accounts in bulk (issue 14): a county administrator imports user accounts from the template, all or
// nothing, every problem by row and column (like the candidate and past-term imports). Every new account
// gets a one-time initial password: only its hash is stored; the plain passwords are the action's answer,
// shown once on the page and printed per township there (docs/accounts-import.md).
import { openTemplateSheet } from "./spreadsheet";
import { randomInt } from "node:crypto";
import ExcelJS from "exceljs";
import { z } from "zod";
import {
  ACCOUNT_COLUMN,
  ACCOUNT_COLUMNS,
  ACCOUNT_SHEET,
  assignmentProblem,
  checkAccountRows,
  initialPassword,
  MAX_ACCOUNT_ROWS,
  sortProblems,
  usernameProblem,
  type AccountColumnKey,
  type AccountRowCells,
} from "@/lib/domain/account-import";
import type { IssuedAccount } from "@/lib/domain/account-handout";
import { idField } from "@/lib/domain/form-fields";
import { can, ROLE_LABEL, ROLES, type Role } from "@/lib/domain/permissions";
import { noDataMessage, sizeText } from "@/lib/domain/spreadsheet-import";
import { LEVEL_LABEL, type UnitLevel } from "@/lib/domain/units";
import { defineAction } from "./action";
import { hashPassword } from "./auth/password";
import type { Actor } from "./auth/sessions";
import { db } from "./db";
import { ExpectedError, translateDbError, type ErrorDetail } from "./errors";
import { addDataSheet, rawOf, styleHeader, textOf, unreadableCell } from "./nomination/excel";
import { findUnitInScope, unitScope } from "./scope";

export const MAX_ACCOUNT_BYTES = 2 * 1024 * 1024;
export const GUIDE_SHEET = "填写说明";
export const UNIT_SHEET = "单位代码表";
const MAX_XML_ROWS = 20_000;

/** One initial password per account, from node:crypto (lib/domain/account-import.ts has the alphabet and the policy check). */
export function newInitialPassword(username: string): string {
  return initialPassword(username, (n) => randomInt(n));
}

// ---------------------------------------------------------------------------------------------
// Reading the workbook

type Parsed = { sheet: string; rows: AccountRowCells[]; problems: ErrorDetail[] };
const fileProblem = (message: string, sheet = ""): Parsed => ({ sheet, rows: [], problems: [{ sheet, row: 0, column: "", message }] });

/** The 账号 sheet (or the first sheet whose header matches the template) as rows of cell text. */
export async function parseAccountWorkbook(file: Uint8Array): Promise<Parsed> {
  const opened = await openTemplateSheet(file, {
    sheetName: ACCOUNT_SHEET,
    guideSheet: GUIDE_SHEET,
    columns: ACCOUNT_COLUMNS,
    maxBytes: MAX_ACCOUNT_BYTES,
    tooBigHint: "请按乡镇分成几个文件导入",
    maxXmlRows: MAX_XML_ROWS,
    tooManyRows: `文件行数太多：一次最多导入 ${MAX_ACCOUNT_ROWS} 个账号，请按乡镇分成几个文件导入`,
    noDataHint: `请在「${ACCOUNT_SHEET}」工作表中从第 2 行起每行填写一个账号`,
  });
  if (!opened.ok) return { sheet: opened.sheet, rows: [], problems: opened.problems };
  const { ws, sheet, headerRow, colOf } = opened;

  const rows: AccountRowCells[] = [];
  ws.eachRow({ includeEmpty: false }, (row, n) => {
    if (n <= headerRow || ![...colOf.values()].some((col) => rawOf(row.getCell(col).value) !== null)) return;
    const cells: AccountRowCells["cells"] = {};
    const unreadable: AccountRowCells["unreadable"] = {};
    for (const [key, col] of colOf) {
      const v = rawOf(row.getCell(col).value);
      const problem = unreadableCell(v, n, ACCOUNT_COLUMN[key].header);
      if (problem) unreadable[key] = problem;
      // A code or phone typed as a number keeps all its digits ("980101100201", not "9.80101E+11").
      else cells[key] = typeof v === "number" && Number.isSafeInteger(v) ? String(v) : textOf(v);
    }
    rows.push({ row: n, cells, unreadable });
  });
  if (rows.length > MAX_ACCOUNT_ROWS) return fileProblem(`文件有 ${rows.length} 个账号，一次最多导入 ${MAX_ACCOUNT_ROWS} 个，请按乡镇分成几个文件导入`, sheet);
  return { sheet, rows, problems: [] };
}

// ---------------------------------------------------------------------------------------------
// The template

/** The units an administrator may give accounts at, for the template's 单位代码表. */
async function templateUnits(actor: Actor) {
  const prisma = await db();
  return prisma.unit.findMany({
    where: { ...unitScope(actor), active: true, level: { in: ["COUNTY", "TOWNSHIP", "VILLAGE", "CITY"] } },
    orderBy: { code: "asc" },
    select: { code: true, name: true, level: true, parent: { select: { name: true, level: true } } },
  });
}

/**
 * The import template: the 账号 sheet (header with notes, 角色 dropdown, 部门 dropdown with the county's
 * departments, text-formatted code and phone), 填写说明, and the 单位代码表 of the administrator's units.
 */
export async function accountTemplate(actor: Actor): Promise<Buffer> {
  const prisma = await db();
  const [units, departments] = await Promise.all([
    templateUnits(actor),
    prisma.department.findMany({ where: { active: true, county: unitScope(actor) }, orderBy: { name: "asc" }, select: { name: true } }),
  ]);
  const wb = new ExcelJS.Workbook();
  wb.creator = "村(居)民委员会换届选举管理系统";
  wb.created = new Date();
  const deptNames = [...new Set(departments.map((d) => d.name))];
  const columns = ACCOUNT_COLUMNS.map((c) => (c.key === "department" && deptNames.length ? { ...c, options: deptNames } : c));
  addDataSheet(wb, ACCOUNT_SHEET, columns, { lastRow: MAX_ACCOUNT_ROWS + 1, villages: [] });

  const guide = wb.addWorksheet(GUIDE_SHEET);
  guide.columns = [{ width: 14 }, { width: 10 }, { width: 80 }];
  const intro = [
    "用户账号批量导入模板 · 填写说明",
    `1. 在「${ACCOUNT_SHEET}」工作表中，从第 2 行起每行填写一个账号；第 1 行是表头，请不要修改或删除。`,
    `2. 单位代码见「${UNIT_SHEET}」。角色须与单位级别相符；联审部门审核员填县的代码，并在“部门”列填写本县已添加的联审部门。`,
    "3. 导入时系统逐行检查。只要有一处问题，整个文件都不会导入；请按系统列出的“行、列、问题”逐一改正后，重新上传整个文件。",
    "4. 导入成功后，系统为每个账号生成一次性初始密码，只在导入结果页面显示一次（可按乡镇打印发放单）。用户首次登录后须修改密码。",
    `5. 一次最多导入 ${MAX_ACCOUNT_ROWS} 个账号。`,
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
  columns.forEach((c, i) => {
    const row = guide.getRow(top + 1 + i);
    row.values = [c.header, c.required ? "必填" : "选填", c.note];
    row.eachCell((cell) => (cell.alignment = { wrapText: true, vertical: "top" }));
  });

  const us = wb.addWorksheet(UNIT_SHEET, { views: [{ state: "frozen", ySplit: 1 }] });
  us.columns = [
    { header: "单位代码", key: "code", width: 18, style: { numFmt: "@" } },
    { header: "单位", key: "name", width: 22 },
    { header: "级别", key: "level", width: 14 },
    { header: "所属乡镇(街道)", key: "township", width: 20 },
    { header: "可分配的角色", key: "roles", width: 50 },
  ];
  const rolesAt: Record<string, string> = {
    CITY: ROLE_LABEL.SUPERVISOR,
    COUNTY: [ROLE_LABEL.COUNTY_ADMIN, ROLE_LABEL.VETTING_REVIEWER, ROLE_LABEL.SUPERVISOR].join("、"),
    TOWNSHIP: [ROLE_LABEL.TOWNSHIP_OFFICER, ROLE_LABEL.SUPERVISOR].join("、"),
    VILLAGE: ROLE_LABEL.VILLAGE_CLERK,
  };
  for (const u of units) {
    us.addRow({
      code: u.code,
      name: u.name,
      level: LEVEL_LABEL[u.level as UnitLevel],
      township: u.level === "VILLAGE" && u.parent ? u.parent.name : "",
      roles: rolesAt[u.level] ?? "",
    });
  }
  styleHeader(us.getRow(1));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// ---------------------------------------------------------------------------------------------
// The import

export type AccountsImported = {
  created: number;
  byRole: Partial<Record<Role, number>>;
  /** The new accounts with their initial passwords: the only time the plain passwords exist outside the users' heads. */
  accounts: IssuedAccount[];
};

/** Hashes a few at a time: argon2 runs on libuv's thread pool (4 threads), so more at once only queue. */
async function hashAll(passwords: string[]): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < passwords.length; i += 4) out.push(...(await Promise.all(passwords.slice(i, i + 4).map(hashPassword))));
  return out;
}

/**
 * Imports user accounts into the subtree of `unitId` (the administrator's own unit on the page): all or
 * nothing. On any problem nothing is saved and the result is `{ ok: false, code: "invalid", details }` with
 * every problem by row and column; a username already taken is one of them.
 */
export const importUsers = defineAction({
  name: "user.import",
  permission: "user.manage",
  secondFactor: true,
  input: z.object({
    unitId: idField,
    file: z
      .instanceof(Uint8Array, { error: "请选择要导入的 Excel 文件" })
      .refine((f) => f.byteLength > 0, noDataMessage("文件是 0 字节的空文件"))
      .refine((f) => f.byteLength <= MAX_ACCOUNT_BYTES, `文件不能超过 ${sizeText(MAX_ACCOUNT_BYTES)}`),
    fileName: z.string().trim().max(255, "文件名太长").optional().default(""),
  }),
  target: (tx, input, actor) => findUnitInScope(tx, actor, input.unitId),
  async run({ tx, actor, input, unit, audit }): Promise<AccountsImported> {
    const scope = (await tx.unit.findUniqueOrThrow({ where: { id: unit.id }, select: { name: true } })).name;
    const parsed = await parseAccountWorkbook(input.file);
    if (parsed.problems.length === 1 && parsed.problems[0]!.row === 0) throw new ExpectedError("invalid", `${parsed.problems[0]!.message}。没有导入任何账号。`);
    if (parsed.problems.length === 0 && parsed.rows.length === 0) {
      throw new ExpectedError("invalid", noDataMessage(`「${ACCOUNT_SHEET}」工作表中没有账号，请从表头下一行起每行填写一个账号`));
    }
    const checked = checkAccountRows(parsed.sheet, parsed.rows);
    const problems: ErrorDetail[] = [...parsed.problems, ...checked.problems];
    const fail = (row: number, key: AccountColumnKey, message: string) =>
      problems.push({ sheet: parsed.sheet, row, column: ACCOUNT_COLUMN[key].header, message });

    // Units inside the target's subtree only: another county's code reads as unknown.
    const codes = [...new Set(checked.accounts.map((a) => a.unitCode))];
    const units = await tx.unit.findMany({
      where: { code: { in: codes }, path: { startsWith: unit.path } },
      select: { id: true, code: true, name: true, level: true, active: true, parent: { select: { name: true, level: true } } },
    });
    const unitByCode = new Map(units.map((u) => [u.code, u]));
    const departments = await tx.department.findMany({
      where: { countyId: { in: units.filter((u) => u.level === "COUNTY").map((u) => u.id) }, active: true },
      select: { id: true, name: true, countyId: true },
    });
    const deptId = (countyId: string, name: string) =>
      departments.find((d) => d.countyId === countyId && d.name.replace(/[\s\u3000]+/g, "") === name)?.id ?? null;
    // Taken usernames are looked for on every row whose username is well-formed, also rows with other problems.
    const usernameHeader = ACCOUNT_COLUMN.username.header;
    const usernameFlagged = new Set(checked.problems.filter((p) => p.column === usernameHeader).map((p) => p.row));
    const wellFormed = parsed.rows.flatMap((r) => {
      const name = (r.cells.username ?? "").trim();
      return name && !usernameFlagged.has(r.row) && !usernameProblem(name) ? [{ row: r.row, name }] : [];
    });
    const taken = new Set(
      (await tx.user.findMany({ where: { username: { in: wellFormed.map((w) => w.name) } }, select: { username: true } })).map((u) => u.username),
    );
    for (const w of wellFormed) if (taken.has(w.name)) fail(w.row, "username", `用户名「${w.name}」已被使用（系统中已有该账号），请换一个`);

    const toCreate: { account: (typeof checked.accounts)[number]; unit: (typeof units)[number]; departmentId: string | null }[] = [];
    for (const a of checked.accounts) {
      let ok = !taken.has(a.username);
      const u = unitByCode.get(a.unitCode);
      const departmentId = u && a.department ? deptId(u.id, a.department) : null;
      const problem = assignmentProblem(
        actor.role,
        a,
        u ? { name: u.name, level: u.level as UnitLevel, active: u.active } : null,
        departmentId !== null,
        scope,
      );
      if (problem) {
        fail(a.row, problem.column, problem.message);
        ok = false;
      }
      if (ok && u) toCreate.push({ account: a, unit: u, departmentId });
    }
    if (problems.length) {
      const sorted = sortProblems(problems);
      throw new ExpectedError("invalid", `文件中有 ${sorted.length} 处问题，没有导入任何账号。请改正后重新上传整个文件。`, undefined, sorted);
    }

    const passwords = toCreate.map((c) => newInitialPassword(c.account.username));
    const hashes = await hashAll(passwords);
    const created = await tx.user
      .createManyAndReturn({
        data: toCreate.map((c, i) => ({
          username: c.account.username,
          displayName: c.account.displayName,
          passwordHash: hashes[i]!,
          mustChangePassword: true,
          role: c.account.role,
          unitId: c.unit.id,
          departmentId: c.departmentId,
          phone: c.account.phone,
        })),
        select: { id: true, username: true, displayName: true, role: true, unitId: true, departmentId: true },
      })
      .catch((e) => translateDbError(e, "有用户名刚刚被他人使用，请重新上传文件"));
    const idOf = new Map(created.map((u) => [u.username, u]));

    // One user.created per account (the trail of each account starts like a hand-made one), then the batch.
    for (const c of toCreate) {
      const u = idOf.get(c.account.username)!;
      await audit({
        event: "user.created",
        unitId: u.unitId,
        objectType: "User",
        objectId: u.id,
        after: u,
        detail: { via: "user.import", hasPhone: c.account.phone !== null },
      });
    }
    const byRole: Partial<Record<Role, number>> = {};
    for (const c of toCreate) byRole[c.account.role] = (byRole[c.account.role] ?? 0) + 1;
    const orderedByRole = Object.fromEntries(ROLES.filter((r) => byRole[r]).map((r) => [r, byRole[r]]));
    // Counts only: never a password (the audit scrubber would drop a `password` key anyway), nor the phones.
    await audit({
      event: "user.imported",
      objectType: "Unit",
      objectId: unit.id,
      detail: { fileName: input.fileName, accounts: toCreate.length, byRole: orderedByRole, withPhone: toCreate.filter((c) => c.account.phone).length },
    });

    const accounts: IssuedAccount[] = toCreate.map((c, i) => ({
      username: c.account.username,
      displayName: c.account.displayName,
      role: c.account.role,
      unitName: c.unit.name,
      unitCode: c.unit.code,
      township: c.unit.level === "TOWNSHIP" ? c.unit.name : c.unit.level === "VILLAGE" ? (c.unit.parent?.name ?? "") : "",
      password: passwords[i]!,
    }));
    return { created: accounts.length, byRole: orderedByRole, accounts };
  },
});

/** Whether the actor may use the account import (for the page's link and the template route). */
export const mayImportAccounts = (actor: Actor) => can(actor, "user.manage", { path: actor.unitPath });
