// Accounts in bulk (issue 14): a county administrator imports user accounts from Excel, each with a
// one-time initial password. The pure part: the columns, the checks of each row and across rows, the
// role/unit agreement and the initial-password alphabet (the hand-out sheet's grouping: account-handout.ts).
// Reading the workbook, looking units up and creating the users is lib/server/account-import.ts.
import { byRowAndColumn } from "@/lib/domain/spreadsheet-import";
import { z } from "zod";
import { passwordProblems } from "./password-policy";
import { personNameProblem } from "./people";
import { ROLE_LABEL, ROLES, roleAssignmentProblem, type Role } from "./permissions";
import { LEVEL_LABEL, type UnitLevel } from "./units";

/** One problem of an uploaded file: where it is and what is wrong (the shape of the server's ErrorDetail). */
export type ImportProblem = { sheet: string; row: number; column: string; message: string };

// ---------------------------------------------------------------------------------------------
// Usernames: one rule for user.create and the import.

export const USERNAME_RULE_TEXT = "3 至 64 个字符，只能包含小写字母、数字、下划线、点和连字符";

export const usernameSchema = z
  .string()
  .trim()
  .min(3, "用户名至少 3 个字符")
  .max(64, "用户名最多 64 个字符")
  .regex(/^[a-z0-9_.-]+$/, "用户名只能包含小写字母、数字、下划线、点和连字符");

/** Why a username cannot be used, or null (the same words as user.create's form). */
export function usernameProblem(username: string): string | null {
  const r = usernameSchema.safeParse(username);
  if (r.success) return null;
  const message = r.error.issues[0]?.message ?? "用户名无效";
  // An upper-case letter is the usual slip in a spreadsheet: say which one.
  const upper = /[A-Z]/.exec(username.trim());
  return upper && /^[A-Za-z0-9_.-]+$/.test(username.trim()) ? `${message}（「${upper[0]}」是大写字母，请改成小写）` : message;
}

// ---------------------------------------------------------------------------------------------
// The columns

export type AccountColumnKey = "username" | "displayName" | "role" | "unitCode" | "department" | "phone";

export type AccountColumn = {
  key: AccountColumnKey;
  /** The header cell, exactly as in the template. */
  header: string;
  aliases?: readonly string[];
  note: string;
  required: boolean;
  width: number;
  options?: readonly string[];
  /** Formatted as text so Excel keeps leading zeros and long numbers. */
  text?: boolean;
};

export const ACCOUNT_SHEET = "账号";
/** One file per county or township; the initial passwords are hashed inside one transaction. */
export const MAX_ACCOUNT_ROWS = 500;

const ROLE_NAMES = ROLES.map((r) => ROLE_LABEL[r]);

export const ACCOUNT_COLUMNS: readonly AccountColumn[] = [
  {
    key: "username",
    header: "用户名",
    aliases: ["登录名", "账号"],
    required: true,
    width: 18,
    text: true,
    note: `必填。${USERNAME_RULE_TEXT}；不能与已有用户重复`,
  },
  { key: "displayName", header: "姓名", required: true, width: 12, note: "必填。用户的真实姓名，最多 50 个字" },
  {
    key: "role",
    header: "角色",
    required: true,
    width: 26,
    options: ROLE_NAMES,
    note: `必填。${ROLE_NAMES.join("、")}（也可填角色代码，如 VILLAGE_CLERK）`,
  },
  {
    key: "unitCode",
    header: "单位代码",
    aliases: ["统计用区划代码", "单位统计用区划代码", "区划代码"],
    required: true,
    width: 18,
    text: true,
    note: "必填。用户所在单位的 12 位统计用区划代码（见「单位代码表」）；角色须与单位级别相符：村(社区)选委会工作人员填村(社区)，乡镇(街道)换届办工作人员填乡镇(街道)，县换届办管理员和联审部门审核员填县",
  },
  {
    key: "department",
    header: "部门",
    aliases: ["联审部门", "所属部门"],
    required: false,
    width: 16,
    note: "只有联审部门审核员填写，且必须填写：本县已添加的联审部门名称，如 县公安局；其他角色不填",
  },
  { key: "phone", header: "手机号", aliases: ["手机", "手机号码", "联系电话"], required: false, width: 14, text: true, note: "选填。11 位手机号码，以 1 开头" },
];

export const ACCOUNT_COLUMN: Record<AccountColumnKey, AccountColumn> = Object.fromEntries(ACCOUNT_COLUMNS.map((c) => [c.key, c])) as Record<
  AccountColumnKey,
  AccountColumn
>;
export function sortProblems<P extends ImportProblem>(problems: P[]): P[] {
  return byRowAndColumn(problems, ACCOUNT_COLUMNS);
}

/** Full-width brackets and stray spaces are how labels typed by hand usually differ from ours. */
const normLabel = (s: string) =>
  s
    .replace(/（/g, "(")
    .replace(/）/g, ")")
    .replace(/[\s\u3000]+/g, "");

const ROLE_BY_LABEL = new Map<string, Role>([
  ...ROLES.map((r) => [normLabel(ROLE_LABEL[r]), r] as [string, Role]),
  ...ROLES.map((r) => [r, r] as [string, Role]),
  ["联审部门审核人", "VETTING_REVIEWER"],
  ["督导", "SUPERVISOR"],
  ["乡镇换届办工作人员", "TOWNSHIP_OFFICER"],
  ["街道换届办工作人员", "TOWNSHIP_OFFICER"],
  ["村选委会工作人员", "VILLAGE_CLERK"],
  ["社区选委会工作人员", "VILLAGE_CLERK"],
  ["村(居)选委会工作人员", "VILLAGE_CLERK"],
]);

/** The role a 角色 cell names: its Chinese label (ROLE_LABEL) or its code, in any case. */
export function roleOf(text: string): Role | null {
  const s = normLabel(text);
  return ROLE_BY_LABEL.get(s) ?? ROLE_BY_LABEL.get(s.toUpperCase()) ?? null;
}

/** A mobile number as typed ("138 0013 8000", "138-0013-8000") without its separators. */
export const phoneOf = (text: string) => text.replace(/[\s\u3000-]+/g, "");

export function phoneProblem(phone: string): string | null {
  return /^1\d{10}$/.test(phone) ? null : `「${phone}」不是 11 位手机号码（以 1 开头）`;
}

// ---------------------------------------------------------------------------------------------
// Rows

/** A data row's cells as text (trimmed; "" when empty), read by the server from the workbook. */
export type AccountRowCells = { row: number; cells: Partial<Record<AccountColumnKey, string>>; unreadable?: Partial<Record<AccountColumnKey, string>> };

export type AccountRow = {
  row: number;
  username: string;
  displayName: string;
  role: Role;
  unitCode: string;
  /** The department's name, reviewers only. */
  department: string | null;
  phone: string | null;
};

/**
 * Checks each row on its own (required cells, username form, name, role, 12-digit unit code, department
 * only and always for reviewers, phone) and the rows together (a username twice). Whether the unit and the
 * department exist, lie in scope and fit the role's level is checked with the database (assignmentProblem).
 */
export function checkAccountRows(sheet: string, rows: readonly AccountRowCells[]): { accounts: AccountRow[]; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const accounts: AccountRow[] = [];
  const firstRowOf = new Map<string, number>();
  for (const r of rows) {
    const bad = new Set<AccountColumnKey>();
    const fail = (key: AccountColumnKey, message: string) => {
      if (bad.has(key)) return;
      bad.add(key);
      problems.push({ sheet, row: r.row, column: ACCOUNT_COLUMN[key].header, message });
    };
    const cell = (key: AccountColumnKey) => {
      const unreadable = r.unreadable?.[key];
      if (unreadable) {
        fail(key, unreadable);
        return "";
      }
      const v = (r.cells[key] ?? "").trim();
      if (!v && ACCOUNT_COLUMN[key].required) fail(key, "必填，不能为空");
      return v;
    };

    const username = cell("username");
    if (username) {
      const problem = usernameProblem(username);
      if (problem) fail("username", problem);
      else {
        const earlier = firstRowOf.get(username);
        if (earlier !== undefined) fail("username", `与第 ${earlier} 行的用户名「${username}」重复：每个用户名只能有一行`);
        else firstRowOf.set(username, r.row);
      }
    }

    const nameRaw = cell("displayName");
    // Chinese names lose the spaces people type to line up two-character names ("张  三").
    const displayName = /^[\p{Script=Han}\s\u3000]+$/u.test(nameRaw) ? nameRaw.replace(/[\s\u3000]+/g, "") : nameRaw;
    if (nameRaw) {
      const problem = personNameProblem(displayName);
      if (problem) fail("displayName", problem);
    }

    const roleText = cell("role");
    const role = roleText ? roleOf(roleText) : null;
    if (roleText && !role) fail("role", `「${roleText}」不是可选的角色，应为：${ROLE_NAMES.join("、")}`);

    const codeText = cell("unitCode");
    const unitCode = codeText.replace(/[\s\u3000]+/g, "");
    if (codeText && !/^\d{12}$/.test(unitCode)) fail("unitCode", `「${codeText}」不是 12 位数字的统计用区划代码`);

    const department = cell("department").replace(/[\s\u3000]+/g, "") || null;
    if (role === "VETTING_REVIEWER" && !department) fail("department", "联审部门审核员必须填写所属部门");
    if (role && role !== "VETTING_REVIEWER" && department) fail("department", `只有联审部门审核员填写部门，本行角色是「${ROLE_LABEL[role]}」：请删去部门`);

    const phoneText = cell("phone");
    const phone = phoneText ? phoneOf(phoneText) : null;
    if (phone !== null) {
      const problem = phoneProblem(phone);
      if (problem) fail("phone", problem);
    }

    if (bad.size === 0 && role) accounts.push({ row: r.row, username, displayName, role, unitCode, department, phone });
  }
  return { accounts, problems: sortProblems(problems) };
}

/** What the database says about a row's unit: missing (or outside the importer's scope), or its level. */
export type FoundUnit = { name: string; level: UnitLevel; active: boolean } | null;

/**
 * Why a row's role cannot be given at its unit, or null: the unit is unknown or outside `scopeName`, is
 * inactive, or its level does not fit the role (roleAssignmentProblem), or the reviewer's department is not
 * one of the county's active departments.
 */
export function assignmentProblem(
  assigner: Role,
  account: Pick<AccountRow, "role" | "unitCode" | "department">,
  unit: FoundUnit,
  departmentFound: boolean,
  scopeName: string,
): { column: AccountColumnKey; message: string } | null {
  if (!unit) return { column: "unitCode", message: `${account.unitCode} 不是「${scopeName}」范围内的单位代码（代码不存在，或不在您的管辖范围内）` };
  if (!unit.active) return { column: "unitCode", message: `${account.unitCode}（${unit.name}）已停用，不能添加用户` };
  const problem = roleAssignmentProblem(assigner, account.role, unit.level, account.department !== null);
  if (problem) {
    const levelProblem = problem.endsWith("不能分配在该级单位");
    return levelProblem
      ? { column: "unitCode", message: `「${ROLE_LABEL[account.role]}」不能分配在${LEVEL_LABEL[unit.level]}单位（${account.unitCode} ${unit.name}）` }
      : { column: "role", message: problem };
  }
  if (account.department && !departmentFound)
    return { column: "department", message: `「${unit.name}」没有名为「${account.department}」的启用联审部门（请先在“联审部门”中添加）` };
  return null;
}

// ---------------------------------------------------------------------------------------------
// Initial passwords

/**
 * The initial password's alphabet: no look-alikes (0 O o, 1 l I are out; of 2 Z, 5 S, 8 B, 9 g q the digit stays),
 * so a password read off paper is typed right the first time. Letters and digits only: every phone
 * keyboard has them on its first page, and three classes meet the policy.
 */
export const INITIAL_PASSWORD_UPPER = "ACDEFGHJKLMNPQRTUVWXY";
export const INITIAL_PASSWORD_LOWER = "abcdefhijkmnprstuvwxyz";
export const INITIAL_PASSWORD_DIGITS = "23456789";
export const INITIAL_PASSWORD_LENGTH = 12;

/**
 * A 12-character initial password from `randomInt(n)` (a uniform integer 0..n-1; the server passes
 * node:crypto's): at least one upper, one lower and two digits, shuffled, tried again until it passes the
 * password policy for `username`.
 */
export function initialPassword(username: string, randomInt: (n: number) => number): string {
  const all = INITIAL_PASSWORD_UPPER + INITIAL_PASSWORD_LOWER + INITIAL_PASSWORD_DIGITS;
  const pick = (set: string) => set[randomInt(set.length)]!;
  for (;;) {
    const chars = [pick(INITIAL_PASSWORD_UPPER), pick(INITIAL_PASSWORD_LOWER), pick(INITIAL_PASSWORD_DIGITS), pick(INITIAL_PASSWORD_DIGITS)];
    while (chars.length < INITIAL_PASSWORD_LENGTH) chars.push(pick(all));
    for (let i = chars.length - 1; i > 0; i--) {
      const j = randomInt(i + 1);
      [chars[i], chars[j]] = [chars[j]!, chars[i]!];
    }
    const password = chars.join("");
    if (passwordProblems(password, username).length === 0) return password;
  }
}
