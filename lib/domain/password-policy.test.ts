import { describe, expect, it } from "vitest";
import { COMMON_PASSWORDS } from "./common-passwords";
import {
  characterClasses,
  isCommonPassword,
  LOCKOUT_MINUTES,
  LOCKOUT_THRESHOLD,
  passwordExpiry,
  passwordExpiryNotice,
  passwordProblems,
  passwordSchema,
  passwordUsernameProblem,
} from "./password-policy";

function messages(password: string): string[] {
  const result = passwordSchema.safeParse(password);
  return result.success ? [] : result.error.issues.map((i) => i.message);
}

describe("passwordSchema", () => {
  it("accepts 10 or more characters from 3 of the 4 classes", () => {
    expect(messages("Xuanju-Ban-7")).toEqual([]); // all four
    expect(messages("Qingshui12")).toEqual([]); // exactly 10: upper, lower, digit
    expect(messages("qingshui-he-7")).toEqual([]); // lower, symbol, digit
    expect(messages("2026 换届 huanjie!")).toEqual([]); // 汉字 and spaces count as symbols
  });

  it("rejects fewer than 10 characters", () => {
    expect(messages("Xuanju-7a")).toEqual(["密码至少 10 个字符"]);
  });

  it("rejects fewer than 3 classes and says how many there are", () => {
    expect(messages("qingshuihezhen")).toEqual(["密码须包含大写字母、小写字母、数字、符号中的至少 3 类（现在只有 1 类）"]);
    expect(messages("qingshuihe2026")).toEqual(["密码须包含大写字母、小写字母、数字、符号中的至少 3 类（现在只有 2 类）"]);
    expect(messages("20262026202")).toEqual(["密码须包含大写字母、小写字母、数字、符号中的至少 3 类（现在只有 1 类）"]);
  });

  it("reports every rule a very short password breaks", () => {
    expect(messages("abc")).toEqual(["密码至少 10 个字符", "密码须包含大写字母、小写字母、数字、符号中的至少 3 类（现在只有 1 类）"]);
  });

  it("refuses the published demo password in any case, with its own message", () => {
    expect(messages("Huanjie2026")).toEqual(["不能使用公开的演示密码 Huanjie2026"]);
    expect(messages("HUANJIE2026")).toEqual(["密码须包含大写字母、小写字母、数字、符号中的至少 3 类（现在只有 2 类）", "不能使用公开的演示密码 Huanjie2026"]);
  });

  it("refuses the commonest passwords, also with digits or symbols appended", () => {
    const common = "这是最常见的密码之一，很容易被猜中，请换一个";
    expect(messages("P@ssw0rd12")).toEqual([common]);
    expect(messages("Password2026!")).toEqual([common]);
    expect(messages("1qaz2wsx3EDC")).toEqual([common]);
    expect(messages("Woaini1314")).toEqual([common]);
    expect(messages("Qwerty123456")).toEqual([common]);
    expect(messages("Admin@123456")).toEqual([common]);
    // A listed word inside a longer password is not refused for that alone.
    expect(messages("Password-Of-Qingshui7")).toEqual([]);
  });

  it("accepts 128 characters and rejects 129", () => {
    expect(messages(`A1${"x".repeat(126)}`)).toEqual([]);
    expect(messages(`A1${"x".repeat(127)}`)).toEqual(["密码最多 128 个字符"]);
  });

  it("rejects non-strings", () => {
    expect(passwordSchema.safeParse(1234567890).success).toBe(false);
    expect(passwordSchema.safeParse(undefined).success).toBe(false);
  });

  it("speaks Chinese in every rule message", () => {
    const all = [
      ...passwordProblems("abc", "abc"),
      ...passwordProblems("A1".repeat(65)),
      ...passwordProblems("Huanjie2026"),
      ...passwordProblems("Password123"),
    ];
    expect(all).toHaveLength(7);
    for (const m of all) expect(m).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe("the username rule", () => {
  it("refuses a password containing the username, in any case", () => {
    expect(passwordUsernameProblem("Zhang.San-2026", "zhang.san")).toBe("密码不能包含用户名");
    expect(passwordUsernameProblem("my-CLERK01-pass", "clerk01")).toBe("密码不能包含用户名");
    expect(passwordUsernameProblem("Xuanju-Ban-7", "clerk01")).toBeNull();
    expect(passwordProblems("Clerk01-Mima!", "clerk01")).toEqual(["密码不能包含用户名"]);
  });
});

describe("the common-password list", () => {
  it("ships a few hundred lower-case entries without duplicates", () => {
    expect(COMMON_PASSWORDS.length).toBeGreaterThanOrEqual(300);
    expect(new Set(COMMON_PASSWORDS).size).toBe(COMMON_PASSWORDS.length);
    for (const p of COMMON_PASSWORDS) expect(p).toBe(p.toLowerCase());
    for (const p of ["123456", "password", "qwerty", "1qaz2wsx", "woaini1314", "5201314", "admin123"]) expect(COMMON_PASSWORDS).toContain(p);
  });

  it("matches a stem only when nothing but digits and symbols follow", () => {
    expect(isCommonPassword("Monkey2026!")).toBe(true);
    expect(isCommonPassword("Monkeybusiness2026")).toBe(false);
    expect(characterClasses("Aa1!")).toBe(4);
  });
});

describe("passwordExpiry", () => {
  const changed = new Date("2026-01-01T00:00:00Z");
  const day = 86_400_000;
  it("is off without a maximum age", () => {
    expect(passwordExpiry(changed, undefined)).toBeNull();
  });
  it("warns from 7 days ahead and is expired at the maximum age", () => {
    expect(passwordExpiry(changed, 90, new Date(changed.getTime() + 82 * day))).toMatchObject({ warn: false, expired: false, daysLeft: 8 });
    expect(passwordExpiry(changed, 90, new Date(changed.getTime() + 83 * day))).toMatchObject({ warn: true, expired: false, daysLeft: 7 });
    expect(passwordExpiry(changed, 90, new Date(changed.getTime() + 90 * day - 1000))).toMatchObject({ warn: true, expired: false, daysLeft: 1 });
    expect(passwordExpiry(changed, 90, new Date(changed.getTime() + 90 * day))).toMatchObject({ warn: false, expired: true, daysLeft: 0 });
  });
});

describe("passwordExpiryNotice", () => {
  const expires = new Date("2026-12-10T04:00:00Z");
  it("warns in Chinese from 7 days ahead until the expiry, and not otherwise", () => {
    expect(passwordExpiryNotice(undefined)).toBeNull();
    expect(passwordExpiryNotice(expires, new Date("2026-12-02T04:00:00Z"))).toBeNull();
    expect(passwordExpiryNotice(expires, new Date("2026-12-03T04:00:00Z"))).toBe(
      "您的密码将在 7 天后（2026年12月10日）过期，请及时修改；过期后须先修改密码才能继续使用系统。",
    );
    expect(passwordExpiryNotice(expires, new Date("2026-12-10T03:00:00Z"))).toMatch(/^您的密码将在 1 天后/);
    expect(passwordExpiryNotice(expires, expires)).toBeNull();
  });
});

describe("lockout policy", () => {
  it("locks after 5 failures for 15 minutes", () => {
    expect(LOCKOUT_THRESHOLD).toBe(5);
    expect(LOCKOUT_MINUTES).toBe(15);
  });
});
