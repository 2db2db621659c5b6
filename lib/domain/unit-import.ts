// The unit tree from the national statistical division code table (统计用区划代码和城乡划分代码), issue 14 (a):
// the level and parent of a row follow from its 12-digit code, the kind from 城乡分类代码 or else from the name.
// Ambiguous rows are problems, never guesses (docs/decisions/016-unit-import.md). Pure: no I/O.
import { LEVEL_LABEL, type UnitKind, type UnitLevel } from "./units";

/** Significant digits of a code at each level. */
const SIG: Record<UnitLevel, number> = { PROVINCE: 2, CITY: 4, COUNTY: 6, TOWNSHIP: 9, VILLAGE: 12 };
const PARENT_LEVEL: Record<UnitLevel, UnitLevel | null> = { PROVINCE: null, CITY: "PROVINCE", COUNTY: "CITY", TOWNSHIP: "COUNTY", VILLAGE: "TOWNSHIP" };

/** The 城乡分类代码 values of the national table (111 主城区 … 220 村庄). */
export const URBAN_RURAL_CODES = ["111", "112", "121", "122", "123", "210", "220"] as const;

/** The level a well-formed 12-digit code stands for, from its trailing zeros; null when not 12 digits or all zero. */
export function levelOfCode(code: string): UnitLevel | null {
  if (!/^\d{12}$/.test(code) || /^0{12}$/.test(code) || code.startsWith("00")) return null;
  const zeroFrom = (n: number) => /^0*$/.test(code.slice(n));
  if (zeroFrom(2)) return "PROVINCE";
  if (zeroFrom(4)) return "CITY";
  if (zeroFrom(6)) return "COUNTY";
  if (zeroFrom(9)) return "TOWNSHIP";
  return "VILLAGE";
}

/** The parent's code by prefix (the township's for a village, the county's for a township, ...); null for a province. */
export function parentCodeOf(code: string, level: UnitLevel): string | null {
  const parent = PARENT_LEVEL[level];
  if (!parent) return null;
  return code.slice(0, SIG[parent]).padEnd(12, "0");
}

export type KindResult = { ok: true; kind: UnitKind } | { ok: false; message: string };

const VILLAGE_NAME = /(村|村委会|村民委员会)$/;
const COMMUNITY_NAME = /(社区|居委会|居民委员会|社区居委会|社区居民委员会)$/;

/** What the name alone says at village level: VILLAGE, COMMUNITY or null. A 居委会 suffix wins over an inner 村 (…村社区居委会). */
function villageKindOfName(name: string): "VILLAGE" | "COMMUNITY" | null {
  if (/(村委会|村民委员会)$/.test(name)) return "VILLAGE";
  if (COMMUNITY_NAME.test(name)) return "COMMUNITY";
  if (VILLAGE_NAME.test(name)) return "VILLAGE";
  return null;
}

/**
 * The kind of a unit from its level, name and (village level only) 城乡分类代码: 1xx urban = community, 2xx
 * rural = village. A code that contradicts an explicit committee name (…村委会 with 111, …居委会 with 220) is
 * ambiguous and refused, as is a name that says nothing (…农场 without a code).
 */
export function inferKind(level: UnitLevel, name: string, urbanRural?: string | null): KindResult {
  const n = name.replace(/[\s\u3000]+/g, "");
  const fail = (message: string): KindResult => ({ ok: false, message });
  const ur = (urbanRural ?? "").trim();
  if (level === "VILLAGE") {
    const byName = villageKindOfName(n);
    if (ur) {
      if (!(URBAN_RURAL_CODES as readonly string[]).includes(ur)) return fail(`城乡分类代码「${ur}」无效，应为 ${URBAN_RURAL_CODES.join("/")} 之一`);
      const byCode = ur.startsWith("1") ? "COMMUNITY" : "VILLAGE";
      const explicit = /(村委会|村民委员会|居委会|居民委员会)$/.test(n);
      if (explicit && byName && byName !== byCode) {
        return fail(`城乡分类代码 ${ur}（${byCode === "COMMUNITY" ? "城镇，应为社区" : "乡村，应为村"}）与名称「${n}」不一致，无法判断是村还是社区`);
      }
      return { ok: true, kind: byCode };
    }
    if (byName) return { ok: true, kind: byName };
    return fail(`无法从名称「${n}」判断是村还是社区：名称应以 村/村委会/社区/居委会 结尾，或填写城乡分类代码`);
  }
  if (level === "TOWNSHIP") {
    if (/(街道|街道办事处)$/.test(n)) return { ok: true, kind: "STREET" };
    if (/镇$/.test(n)) return { ok: true, kind: "TOWN" };
    if (/(乡|苏木)$/.test(n)) return { ok: true, kind: "TOWNSHIP" };
    if (/(管委会|管理委员会|开发区|园区)$/.test(n)) return { ok: true, kind: "ZONE" };
    return fail(`无法从名称「${n}」判断是乡、镇还是街道：名称应以 乡/镇/街道/管委会 结尾`);
  }
  if (level === "COUNTY") {
    if (/区$/.test(n)) return { ok: true, kind: "DISTRICT" };
    if (/(县|旗)$/.test(n)) return { ok: true, kind: "COUNTY" };
    if (/市$/.test(n)) return { ok: true, kind: "COUNTY_CITY" };
    return fail(`无法从名称「${n}」判断县级单位的类型：名称应以 县/区/市/旗 结尾`);
  }
  if (level === "CITY") {
    if (/(州|盟|地区)$/.test(n)) return { ok: true, kind: "PREFECTURE" };
    if (/(市|直辖县级行政区划)$/.test(n)) return { ok: true, kind: "CITY" };
    return fail(`无法从名称「${n}」判断市级单位的类型：名称应以 市/州/盟/地区 结尾`);
  }
  if (/自治区$/.test(n)) return { ok: true, kind: "AUTONOMOUS_REGION" };
  if (/省$/.test(n)) return { ok: true, kind: "PROVINCE" };
  if (/市$/.test(n)) return { ok: true, kind: "MUNICIPALITY" };
  return fail(`无法从名称「${n}」判断省级单位的类型：名称应以 省/自治区/市 结尾`);
}

/** One row of the table as read (cells as text, trimmed). `row` is the file's row number (1 = header). */
export type UnitTableRow = { row: number; code: string; name: string; urbanRural?: string; parentCode?: string };

export const CODE_COLUMN = "统计用区划代码";
export const NAME_COLUMN = "名称";
export const URBAN_RURAL_COLUMN = "城乡分类代码";
export const PARENT_COLUMN = "上级代码";

export type RowProblem = { row: number; column: string; message: string };

/** A row checked on its own and against the file: level, kind, parent code. */
export type CheckedRow = { row: number; code: string; name: string; level: UnitLevel; kind: UnitKind; parentCode: string | null };

/**
 * Checks every row by itself and against the others (duplicate codes; a parent that is neither in the file nor
 * among `known` codes, i.e. already in the system). Returns the good rows and every problem by row and column.
 */
export function checkUnitRows(rows: readonly UnitTableRow[], known: ReadonlySet<string>): { rows: CheckedRow[]; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const firstRowOf = new Map<string, number>();
  const checked: CheckedRow[] = [];
  for (const r of rows) {
    const code = r.code.trim();
    const name = r.name.replace(/^[\s\u3000]+|[\s\u3000]+$/g, "");
    const fail = (column: string, message: string) => problems.push({ row: r.row, column, message });
    const level = levelOfCode(code);
    if (!level) {
      fail(CODE_COLUMN, `「${code}」不是有效的 12 位统计用区划代码`);
      continue;
    }
    const first = firstRowOf.get(code);
    if (first !== undefined) {
      fail(CODE_COLUMN, `代码 ${code} 重复：第 ${first} 行已有该代码`);
      continue;
    }
    firstRowOf.set(code, r.row);
    if (!name) {
      fail(NAME_COLUMN, "名称不能为空");
      continue;
    }
    if (name.length > 100) {
      fail(NAME_COLUMN, "名称最多 100 个字");
      continue;
    }
    const kind = inferKind(level, name, r.urbanRural);
    if (!kind.ok) {
      fail(r.urbanRural ? URBAN_RURAL_COLUMN : NAME_COLUMN, kind.message);
      continue;
    }
    let parentCode = parentCodeOf(code, level);
    const given = (r.parentCode ?? "").trim();
    if (given && parentCode && given !== parentCode) {
      // A parent column may only say what the code says; moving units is not an import's business.
      fail(PARENT_COLUMN, `上级代码 ${given} 与代码 ${code} 的前 ${SIG[PARENT_LEVEL[level]!]} 位不符（应为 ${parentCode}）`);
      continue;
    }
    if (given && !parentCode) {
      fail(PARENT_COLUMN, `${LEVEL_LABEL[level]}单位没有上级代码`);
      continue;
    }
    parentCode = parentCode ?? null;
    checked.push({ row: r.row, code, name, level, kind: kind.kind, parentCode });
  }
  const inFile = new Set(checked.map((c) => c.code));
  const good: CheckedRow[] = [];
  for (const c of checked) {
    if (c.parentCode && !inFile.has(c.parentCode) && !known.has(c.parentCode)) {
      const parentLevel = PARENT_LEVEL[c.level]!;
      problems.push({ row: c.row, column: CODE_COLUMN, message: `上级${LEVEL_LABEL[parentLevel]}单位 ${c.parentCode} 既不在文件中，也不在系统中` });
    } else good.push(c);
  }
  problems.sort((a, b) => a.row - b.row);
  return { rows: good, problems };
}

/** An existing unit, as the plan needs it. */
export type ExistingUnit = { code: string; name: string; kind: UnitKind; parentCode: string | null; active: boolean };

export type UnitImportPlan = {
  create: CheckedRow[];
  rename: { row: number; code: string; before: { name: string; kind: UnitKind }; after: { name: string; kind: UnitKind } }[];
  unchanged: number;
  /** Active units under the file's parents that the file does not list (listed, never deleted). */
  missing: ExistingUnit[];
};

/**
 * What an import of checked rows would change: new units (parents before children), renamed or re-kinded ones,
 * and the existing units the file covers but does not list (children of any unit the file names, or of the county
 * or township its townships and villages hang under).
 */
export function planUnitImport(rows: readonly CheckedRow[], existing: readonly ExistingUnit[]): UnitImportPlan {
  const byCode = new Map(existing.map((u) => [u.code, u]));
  const order: Record<UnitLevel, number> = { PROVINCE: 0, CITY: 1, COUNTY: 2, TOWNSHIP: 3, VILLAGE: 4 };
  const plan: UnitImportPlan = { create: [], rename: [], unchanged: 0, missing: [] };
  for (const r of rows) {
    const u = byCode.get(r.code);
    if (!u) plan.create.push(r);
    else if (u.name !== r.name || u.kind !== r.kind)
      plan.rename.push({ row: r.row, code: r.code, before: { name: u.name, kind: u.kind }, after: { name: r.name, kind: r.kind } });
    else plan.unchanged++;
  }
  plan.create.sort((a, b) => order[a.level] - order[b.level] || a.code.localeCompare(b.code));
  const inFile = new Set(rows.map((r) => r.code));
  // A file describes whole the units it lists and the county or township its townships and villages hang under;
  // a county row hanging under a city does not make the file the city's whole table (its sibling counties are
  // not "missing" because a county imported its own table).
  const hangsUnder = rows.filter((r) => r.level === "TOWNSHIP" || r.level === "VILLAGE").map((r) => r.parentCode);
  const covered = new Set<string>([...inFile, ...hangsUnder.filter((c): c is string => c !== null)]);
  const missingCodes = new Set<string>();
  // Children of a covered unit that the file leaves out, then their descendants (sorted by code, parents first).
  for (const u of [...existing].sort((a, b) => a.code.localeCompare(b.code))) {
    if (inFile.has(u.code) || !u.parentCode) continue;
    if (covered.has(u.parentCode) && !inFile.has(u.code)) missingCodes.add(u.code);
    else if (missingCodes.has(u.parentCode)) missingCodes.add(u.code);
  }
  plan.missing = existing.filter((u) => missingCodes.has(u.code) && u.active).sort((a, b) => a.code.localeCompare(b.code));
  return plan;
}
