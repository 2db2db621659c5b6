import { describe, expect, it } from "vitest";
import { todayInChina as chinaToday } from "./days";
import { idCheckChar, idNumberProblems, isCalendarDate, maskIdNumber, parseIdNumber } from "./id-number";

// Written out independently of the module so the test does not just mirror the implementation.
function withCheckDigit(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17.charAt(i)) * (weights[i] ?? 0);
  return first17 + "10X98765432".charAt(sum % 11);
}

const TODAY = "2026-03-01";

describe("withCheckDigit (test helper)", () => {
  it("reproduces the examples printed in GB 11643-1999", () => {
    expect(withCheckDigit("11010519491231002")).toBe("11010519491231002X");
    expect(withCheckDigit("44052418800101001")).toBe("440524188001010014");
  });
});

describe("parseIdNumber", () => {
  it("accepts the standard's example and reads its parts", () => {
    expect(parseIdNumber("11010519491231002X", TODAY)).toEqual({
      ok: true,
      idNumber: "11010519491231002X",
      birthDate: "1949-12-31",
      gender: "FEMALE",
      regionCode: "110105",
    });
  });

  it("reads the gender from the 17th digit: odd is male, even is female", () => {
    const male = parseIdNumber(withCheckDigit("51010119900307123"), TODAY);
    const female = parseIdNumber(withCheckDigit("51010119900307124"), TODAY);
    expect(male).toMatchObject({ ok: true, gender: "MALE", birthDate: "1990-03-07", regionCode: "510101" });
    expect(female).toMatchObject({ ok: true, gender: "FEMALE" });
  });

  it("trims and upper-cases a final lowercase x", () => {
    expect(parseIdNumber("  11010519491231002x ", TODAY)).toMatchObject({ ok: true, idNumber: "11010519491231002X" });
  });

  it("names the length when it is wrong", () => {
    expect(parseIdNumber("", TODAY)).toEqual({ ok: false, problem: "身份证号码不能为空" });
    expect(parseIdNumber("1101051949123100", TODAY)).toEqual({ ok: false, problem: "身份证号码长度应为 18 位，当前为 16 位" });
    expect(parseIdNumber("11010519491231002X1", TODAY)).toEqual({ ok: false, problem: "身份证号码长度应为 18 位，当前为 19 位" });
    expect(parseIdNumber("110105491231002", TODAY)).toEqual({ ok: false, problem: "这是 15 位旧身份证号码，请填写 18 位身份证号码" });
  });

  it("rejects letters anywhere but the last place", () => {
    const expected = { ok: false, problem: "身份证号码格式不正确：前 17 位应为数字，最后一位为数字或 X" };
    expect(parseIdNumber("1101051949123100X2", TODAY)).toEqual(expected);
    expect(parseIdNumber("11010519491231002Y", TODAY)).toEqual(expected);
    expect(parseIdNumber("１１０１０５１９４９１２３１００２Ｘ", TODAY)).toEqual(expected);
  });

  it("rejects an unknown province prefix", () => {
    expect(parseIdNumber(withCheckDigit("00010519491231002"), TODAY)).toEqual({
      ok: false,
      problem: "身份证号码地址码有误：前 2 位 00 不是有效的省级行政区划代码",
    });
    expect(parseIdNumber(withCheckDigit("81000019900101001"), TODAY)).toMatchObject({ ok: true });
  });

  it("checks that the birth date is a real calendar date", () => {
    expect(parseIdNumber(withCheckDigit("11010519000229001"), TODAY)).toEqual({
      ok: false,
      problem: "身份证号码出生日期有误：第 7-14 位 19000229 不是有效日期",
    });
    expect(parseIdNumber(withCheckDigit("11010520000229001"), TODAY)).toMatchObject({ ok: true, birthDate: "2000-02-29" });
    expect(parseIdNumber(withCheckDigit("11010519960229001"), TODAY)).toMatchObject({ ok: true, birthDate: "1996-02-29" });
    expect(parseIdNumber(withCheckDigit("11010519970229001"), TODAY)).toMatchObject({ ok: false });
    expect(parseIdNumber(withCheckDigit("11010519901301001"), TODAY)).toMatchObject({ ok: false, problem: expect.stringContaining("19901301") });
    expect(parseIdNumber(withCheckDigit("11010519900431001"), TODAY)).toMatchObject({ ok: false, problem: expect.stringContaining("出生日期") });
    expect(parseIdNumber(withCheckDigit("11010519900100001"), TODAY)).toMatchObject({ ok: false, problem: expect.stringContaining("出生日期") });
  });

  it("rejects birth dates before 1900 even with a correct check digit", () => {
    expect(parseIdNumber("440524188001010014", TODAY)).toEqual({ ok: false, problem: "身份证号码出生日期有误：1880-01-01 早于 1900 年" });
    expect(parseIdNumber(withCheckDigit("11010518991231001"), TODAY)).toMatchObject({ ok: false });
    expect(parseIdNumber(withCheckDigit("11010519000101001"), TODAY)).toMatchObject({ ok: true, birthDate: "1900-01-01" });
  });

  it("rejects birth dates after today, and accepts today itself", () => {
    expect(parseIdNumber(withCheckDigit("11010520260302001"), TODAY)).toEqual({
      ok: false,
      problem: "身份证号码出生日期有误：2026-03-02 晚于今天",
    });
    expect(parseIdNumber(withCheckDigit("11010520260301001"), TODAY)).toMatchObject({ ok: true });
  });

  it("names the expected check character when it is wrong", () => {
    expect(parseIdNumber("110101199003074512", TODAY)).toEqual({
      ok: false,
      problem: "身份证号码校验位有误：最后一位应为 4，填写的是 2，请核对号码是否抄错",
    });
    expect(parseIdNumber("110105194912310021", TODAY)).toMatchObject({ ok: false, problem: expect.stringContaining("最后一位应为 X") });
  });

  it("catches one mistyped digit through the check character", () => {
    const valid = withCheckDigit("51010119900307123");
    const typo = `${valid.slice(0, 15)}9${valid.slice(16)}`;
    expect(parseIdNumber(typo, TODAY)).toMatchObject({ ok: false, problem: expect.stringContaining("校验位") });
  });

  it("agrees with idCheckChar for many generated numbers", () => {
    for (let seq = 0; seq < 1000; seq += 37) {
      const first17 = `330102198506${String(10 + (seq % 18)).padStart(2, "0")}${String(seq).padStart(3, "0")}`;
      expect(idCheckChar(first17)).toBe(withCheckDigit(first17).slice(17));
      expect(parseIdNumber(withCheckDigit(first17), TODAY).ok).toBe(true);
    }
  });
});

describe("isCalendarDate", () => {
  it("accepts real dates and rejects impossible or loosely written ones", () => {
    expect(isCalendarDate("2024-02-29")).toBe(true);
    expect(isCalendarDate("2000-02-29")).toBe(true);
    expect(isCalendarDate("1900-02-29")).toBe(false);
    expect(isCalendarDate("2023-02-29")).toBe(false);
    expect(isCalendarDate("2024-04-31")).toBe(false);
    expect(isCalendarDate("2024-1-01")).toBe(false);
    expect(isCalendarDate("2024/01/01")).toBe(false);
    expect(isCalendarDate("")).toBe(false);
  });
});

describe("chinaToday", () => {
  it("uses China time, not the server's", () => {
    expect(chinaToday(new Date("2026-03-01T15:59:59Z"))).toBe("2026-03-01");
    expect(chinaToday(new Date("2026-03-01T16:00:00Z"))).toBe("2026-03-02");
  });
});

describe("maskIdNumber", () => {
  it("keeps the first 4 and last 4 of a well-formed number", () => {
    expect(maskIdNumber("510101199003071234")).toBe("5101**********1234");
    expect(maskIdNumber(" 11010519491231002x")).toBe("1101**********002X");
  });

  it("keeps only the last 4 of anything malformed", () => {
    expect(maskIdNumber("1101051949123")).toBe("*********9123");
    expect(maskIdNumber("110105491231002")).toBe("***********1002");
    expect(maskIdNumber("abc")).toBe("abc");
    expect(maskIdNumber("")).toBe("");
  });
});

describe("idNumberProblems", () => {
  const id = withCheckDigit("51010119900307123"); // 1990-03-07, male

  it("is empty when the form agrees with the number", () => {
    expect(idNumberProblems(id, { birthDate: "1990-03-07", gender: "MALE", today: TODAY })).toEqual([]);
  });

  it("reports a different birth date", () => {
    expect(idNumberProblems(id, { birthDate: "1990-07-03", gender: "MALE", today: TODAY })).toEqual([
      "身份证号码中的出生日期为 1990-03-07，与填写的出生日期 1990-07-03 不一致",
    ]);
  });

  it("reports a different gender", () => {
    expect(idNumberProblems(id, { birthDate: "1990-03-07", gender: "FEMALE", today: TODAY })).toEqual(["身份证号码显示性别为男，与填写的性别「女」不一致"]);
  });

  it("reports both at once", () => {
    expect(idNumberProblems(id, { birthDate: "", gender: "FEMALE", today: TODAY })).toEqual([
      "身份证号码中的出生日期为 1990-03-07，与填写的出生日期 （空） 不一致",
      "身份证号码显示性别为男，与填写的性别「女」不一致",
    ]);
  });

  it("gives the parse problem when the number itself is wrong", () => {
    expect(idNumberProblems("110101199003074512", { birthDate: "1990-03-07", gender: "MALE", today: TODAY })).toEqual([
      "身份证号码校验位有误：最后一位应为 4，填写的是 2，请核对号码是否抄错",
    ]);
  });
});
