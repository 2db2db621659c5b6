import { z } from "zod";
import { COMMON_PASSWORDS } from "./common-passwords";

// The password policy (等保 2.0 level 3 identity checks; docs/decisions/002). It applies when a
// password is set or changed, never at login: the seeded demo accounts keep the demo password.

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 128;
export const PASSWORD_MIN_CLASSES = 3;
/** The password of the seeded demo accounts (lib/server/seed/demo-data.ts): published, so never chosen. */
export const DEMO_PASSWORD = "Huanjie2026";
/** Days ahead of an expiry that the home page warns. */
export const PASSWORD_EXPIRY_WARNING_DAYS = 7;

/** One line for form hints. */
export const PASSWORD_RULE_TEXT = `至少 ${PASSWORD_MIN} 个字符，含大写字母、小写字母、数字、符号中的至少 ${PASSWORD_MIN_CLASSES} 类；不能是常见密码，不能包含用户名`;

const COMMON = new Set(COMMON_PASSWORDS);

/** Upper, lower, digit, symbol (any character that is not a Latin letter or digit, a space or 汉字 too). */
export function characterClasses(password: string): number {
  return [/[A-Z]/, /[a-z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
}

/** A listed password, or one followed only by digits and symbols ("Password2026!", "qwerty123456"). */
export function isCommonPassword(password: string): boolean {
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return true;
  const stem = lower.replace(/[^a-z]+$/, "");
  return stem.length > 0 && stem !== lower && COMMON.has(stem);
}

export function isDemoPassword(password: string): boolean {
  return password.toLowerCase() === DEMO_PASSWORD.toLowerCase();
}

/** Every rule a new password breaks, in Chinese (empty when it may be used). */
export function passwordProblems(password: string, username?: string): string[] {
  const problems: string[] = [];
  if (password.length < PASSWORD_MIN) problems.push(`密码至少 ${PASSWORD_MIN} 个字符`);
  if (password.length > PASSWORD_MAX) problems.push(`密码最多 ${PASSWORD_MAX} 个字符`);
  const classes = characterClasses(password);
  if (classes < PASSWORD_MIN_CLASSES) {
    problems.push(`密码须包含大写字母、小写字母、数字、符号中的至少 ${PASSWORD_MIN_CLASSES} 类（现在只有 ${classes} 类）`);
  }
  if (isDemoPassword(password)) problems.push(`不能使用公开的演示密码 ${DEMO_PASSWORD}`);
  else if (isCommonPassword(password)) problems.push("这是最常见的密码之一，很容易被猜中，请换一个");
  const problem = username ? passwordUsernameProblem(password, username) : null;
  if (problem) problems.push(problem);
  return problems;
}

/** The username inside the password, in any case ("Zhang.San-2026" for zhang.san). */
export function passwordUsernameProblem(password: string, username: string): string | null {
  const name = username.trim().toLowerCase();
  return name.length >= 3 && password.toLowerCase().includes(name) ? "密码不能包含用户名" : null;
}

/**
 * A new password (user.create, user.resetPassword, account.changePassword, admin:create). Checks that
 * need the username are added where it is known (passwordUsernameProblem).
 */
export const passwordSchema = z.string().superRefine((p, ctx) => {
  for (const message of passwordProblems(p)) ctx.addIssue({ code: "custom", message });
});

/** Where an expiring password stands; null when expiry is off (maxAgeDays unset). */
export function passwordExpiry(changedAt: Date, maxAgeDays: number | undefined, now = new Date()) {
  if (!maxAgeDays) return null;
  const expiresAt = new Date(changedAt.getTime() + maxAgeDays * 86_400_000);
  const msLeft = expiresAt.getTime() - now.getTime();
  return {
    expiresAt,
    expired: msLeft <= 0,
    /** Whole days left, rounded up (1 on the last day). */
    daysLeft: Math.max(0, Math.ceil(msLeft / 86_400_000)),
    warn: msLeft > 0 && msLeft <= PASSWORD_EXPIRY_WARNING_DAYS * 86_400_000,
  };
}

/** The home page's warning in the last PASSWORD_EXPIRY_WARNING_DAYS days before an expiry, else null. */
export function passwordExpiryNotice(expiresAt: Date | undefined, now = new Date()): string | null {
  if (!expiresAt) return null;
  const msLeft = expiresAt.getTime() - now.getTime();
  if (msLeft <= 0 || msLeft > PASSWORD_EXPIRY_WARNING_DAYS * 86_400_000) return null;
  const days = Math.ceil(msLeft / 86_400_000);
  const date = expiresAt.toLocaleDateString("zh-CN", { timeZone: "Asia/Shanghai", year: "numeric", month: "long", day: "numeric" });
  return `您的密码将在 ${days} 天后（${date}）过期，请及时修改；过期后须先修改密码才能继续使用系统。`;
}

export const LOCKOUT_THRESHOLD = 5;
export const LOCKOUT_MINUTES = 15;
