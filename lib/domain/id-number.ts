// 公民身份号码 (GB 11643-1999): 6-digit region code, 8-digit birth date, 3-digit sequence whose last
// digit gives the gender, and an ISO 7064 MOD 11-2 check character.
import { GENDER_LABEL, type Gender } from "./people";
import { todayInChina } from "./days";

export type ParsedIdNumber = { ok: true; idNumber: string; birthDate: string; gender: Gender; regionCode: string } | { ok: false; problem: string };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = "10X98765432";

/**
 * Province-level prefixes of GB/T 2260, plus 81/82/83 used by the 港澳台居民居住证 numbers, which
 * share this format. A wrong first digit pair is the commonest typo the check digit cannot always tell apart.
 */
const PROVINCE_PREFIXES = new Set([
  "11",
  "12",
  "13",
  "14",
  "15",
  "21",
  "22",
  "23",
  "31",
  "32",
  "33",
  "34",
  "35",
  "36",
  "37",
  "41",
  "42",
  "43",
  "44",
  "45",
  "46",
  "50",
  "51",
  "52",
  "53",
  "54",
  "61",
  "62",
  "63",
  "64",
  "65",
  "71",
  "81",
  "82",
  "83",
]);

/** The check character for the first 17 digits. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS[sum % 11] ?? "";
}

/** True for a real YYYY-MM-DD calendar date (rejects 2023-02-29, 2024-13-01, "2024-1-1"). */
export function isCalendarDate(iso: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/**
 * Parses and checks an 18-digit number. `today` (YYYY-MM-DD) is only there so tests can pin the clock;
 * a birth date after it is impossible.
 */
export function parseIdNumber(raw: string, today: string = todayInChina()): ParsedIdNumber {
  const id = raw.trim().toUpperCase();
  if (id.length === 0) return { ok: false, problem: "身份证号码不能为空" };
  if (id.length === 15 && /^\d{15}$/.test(id)) {
    return { ok: false, problem: "这是 15 位旧身份证号码，请填写 18 位身份证号码" };
  }
  if (id.length !== 18) return { ok: false, problem: `身份证号码长度应为 18 位，当前为 ${id.length} 位` };
  if (!/^\d{17}[\dX]$/.test(id)) {
    return { ok: false, problem: "身份证号码格式不正确：前 17 位应为数字，最后一位为数字或 X" };
  }

  const regionCode = id.slice(0, 6);
  if (!PROVINCE_PREFIXES.has(id.slice(0, 2))) {
    return { ok: false, problem: `身份证号码地址码有误：前 2 位 ${id.slice(0, 2)} 不是有效的省级行政区划代码` };
  }

  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (!isCalendarDate(birthDate)) {
    return { ok: false, problem: `身份证号码出生日期有误：第 7-14 位 ${id.slice(6, 14)} 不是有效日期` };
  }
  if (birthDate < "1900-01-01") return { ok: false, problem: `身份证号码出生日期有误：${birthDate} 早于 1900 年` };
  if (birthDate > today) return { ok: false, problem: `身份证号码出生日期有误：${birthDate} 晚于今天` };

  const expected = idCheckChar(id.slice(0, 17));
  if (id[17] !== expected) {
    return { ok: false, problem: `身份证号码校验位有误：最后一位应为 ${expected}，填写的是 ${id[17]}，请核对号码是否抄错` };
  }

  const gender: Gender = Number(id[16]) % 2 === 1 ? "MALE" : "FEMALE";
  return { ok: true, idNumber: id, birthDate, gender, regionCode };
}

/**
 * For lists and messages: "5101**********1234". The full number is personal data and is only shown
 * on the person's own record. A malformed value keeps only its last 4 characters, so that even a
 * mistyped number is not printed in full.
 */
export function maskIdNumber(id: string): string {
  const v = id.trim();
  if (/^\d{17}[\dXx]$/.test(v)) return `${v.slice(0, 4)}${"*".repeat(10)}${v.slice(14).toUpperCase()}`;
  return `${"*".repeat(Math.max(0, v.length - 4))}${v.slice(-4)}`;
}

/**
 * Where the number disagrees with the birth date and gender typed on the form. An unreadable number
 * gives its parse problem, because nothing can be compared then.
 */
export function idNumberProblems(id: string, form: { birthDate: string; gender: Gender; today?: string }): string[] {
  const parsed = parseIdNumber(id, form.today);
  if (!parsed.ok) return [parsed.problem];
  const problems: string[] = [];
  if (parsed.birthDate !== form.birthDate) {
    problems.push(`身份证号码中的出生日期为 ${parsed.birthDate}，与填写的出生日期 ${form.birthDate || "（空）"} 不一致`);
  }
  if (parsed.gender !== form.gender) {
    problems.push(`身份证号码显示性别为${GENDER_LABEL[parsed.gender]}，与填写的性别「${GENDER_LABEL[form.gender]}」不一致`);
  }
  return problems;
}
