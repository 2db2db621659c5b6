import { describe, expect, it } from "vitest";
import { LOCKOUT_MINUTES, LOCKOUT_THRESHOLD, passwordSchema } from "./password-policy";

function messages(password: string): string[] {
  const result = passwordSchema.safeParse(password);
  return result.success ? [] : result.error.issues.map((i) => i.message);
}

describe("passwordSchema", () => {
  it("accepts letters and digits of 10 or more characters", () => {
    expect(passwordSchema.parse("Huanjie2026")).toBe("Huanjie2026");
    expect(messages("abcde12345")).toEqual([]); // exactly 10
    expect(messages("2026 换届 Huanjie!")).toEqual([]); // other characters are allowed alongside
  });

  it("rejects fewer than 10 characters", () => {
    expect(messages("Huanjie26")).toEqual(["密码至少 10 个字符"]);
  });

  it("reports every rule a very short password breaks", () => {
    expect(messages("abc")).toEqual(["密码至少 10 个字符", "密码须同时包含字母和数字"]);
  });

  it("rejects letters only", () => {
    expect(messages("HuanjieXuanju")).toEqual(["密码须同时包含字母和数字"]);
  });

  it("rejects digits only", () => {
    expect(messages("20262026202")).toEqual(["密码须同时包含字母和数字"]);
  });

  it("counts only Latin letters as letters", () => {
    expect(messages("村委会换届选举2026")).toEqual(["密码须同时包含字母和数字"]);
  });

  it("accepts 128 characters and rejects 129", () => {
    expect(messages(`a1${"x".repeat(126)}`)).toEqual([]);
    expect(messages(`a1${"x".repeat(127)}`)).toEqual(["密码最多 128 个字符"]);
  });

  it("rejects non-strings", () => {
    expect(passwordSchema.safeParse(1234567890).success).toBe(false);
    expect(passwordSchema.safeParse(undefined).success).toBe(false);
  });

  it("speaks Chinese in every rule message", () => {
    const all = [...messages("abc"), ...messages("a1".repeat(65))];
    expect(all).toHaveLength(3);
    for (const m of all) expect(m).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe("lockout policy", () => {
  it("locks after 5 failures for 15 minutes", () => {
    expect(LOCKOUT_THRESHOLD).toBe(5);
    expect(LOCKOUT_MINUTES).toBe(15);
  });
});
