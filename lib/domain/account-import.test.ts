import { randomInt } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  ACCOUNT_SHEET,
  assignmentProblem,
  checkAccountRows,
  INITIAL_PASSWORD_DIGITS,
  INITIAL_PASSWORD_LENGTH,
  INITIAL_PASSWORD_LOWER,
  INITIAL_PASSWORD_UPPER,
  initialPassword,
  roleOf,
  usernameProblem,
  type AccountRowCells,
} from "./account-import";
import { COUNTY_LEVEL_GROUP, groupByTownship, type IssuedAccount } from "./account-handout";
import { passwordProblems } from "./password-policy";

const row = (n: number, cells: AccountRowCells["cells"]): AccountRowCells => ({ row: n, cells });
const clerk = { username: "zhangsan", displayName: "张三", role: "村(社区)选委会工作人员", unitCode: "980101100201" };

describe("checkAccountRows", () => {
  it("accepts good rows: role by label (half- or full-width brackets) or code, phone with separators, department for reviewers", () => {
    const { accounts, problems } = checkAccountRows(ACCOUNT_SHEET, [
      row(2, clerk),
      row(3, { username: "lisi", displayName: "李  四", role: "乡镇（街道）换届办工作人员", unitCode: "980101100000", phone: "138 0013 8000" }),
      row(4, { username: "wang.wu", displayName: "王五", role: "vetting_reviewer", unitCode: "980101000000", department: "县公安局" }),
    ]);
    expect(problems).toEqual([]);
    expect(accounts).toEqual([
      { row: 2, username: "zhangsan", displayName: "张三", role: "VILLAGE_CLERK", unitCode: "980101100201", department: null, phone: null },
      { row: 3, username: "lisi", displayName: "李四", role: "TOWNSHIP_OFFICER", unitCode: "980101100000", department: null, phone: "13800138000" },
      { row: 4, username: "wang.wu", displayName: "王五", role: "VETTING_REVIEWER", unitCode: "980101000000", department: "县公安局", phone: null },
    ]);
  });

  it("lists every problem with its row and column, and keeps no row that has one", () => {
    const { accounts, problems } = checkAccountRows(ACCOUNT_SHEET, [
      row(2, clerk),
      row(3, { ...clerk, displayName: "Zhang三" }),
      row(4, { ...clerk, username: "ZhangSan2", role: "村长", unitCode: "98010110020", phone: "2380013800" }),
      row(5, { ...clerk, username: "zhangsan" }),
      row(6, { username: "", displayName: "", role: "联审部门审核员", unitCode: "980101000000" }),
      row(7, { ...clerk, username: "zhaoliu", department: "县公安局" }),
    ]);
    expect(accounts.map((a) => a.row)).toEqual([2]);
    expect(problems).toEqual([
      { sheet: ACCOUNT_SHEET, row: 3, column: "用户名", message: "与第 2 行的用户名「zhangsan」重复：每个用户名只能有一行" },
      { sheet: ACCOUNT_SHEET, row: 3, column: "姓名", message: "姓名中有字母「Z」：请用汉字或少数民族文字填写" },
      { sheet: ACCOUNT_SHEET, row: 4, column: "用户名", message: "用户名只能包含小写字母、数字、下划线、点和连字符（「Z」是大写字母，请改成小写）" },
      { sheet: ACCOUNT_SHEET, row: 4, column: "角色", message: expect.stringMatching(/^「村长」不是可选的角色，应为：系统管理员、县换届办管理员/) },
      { sheet: ACCOUNT_SHEET, row: 4, column: "单位代码", message: "「98010110020」不是 12 位数字的统计用区划代码" },
      { sheet: ACCOUNT_SHEET, row: 4, column: "手机号", message: "「2380013800」不是 11 位手机号码（以 1 开头）" },
      { sheet: ACCOUNT_SHEET, row: 5, column: "用户名", message: "与第 2 行的用户名「zhangsan」重复：每个用户名只能有一行" },
      { sheet: ACCOUNT_SHEET, row: 6, column: "用户名", message: "必填，不能为空" },
      { sheet: ACCOUNT_SHEET, row: 6, column: "姓名", message: "必填，不能为空" },
      { sheet: ACCOUNT_SHEET, row: 6, column: "部门", message: "联审部门审核员必须填写所属部门" },
      { sheet: ACCOUNT_SHEET, row: 7, column: "部门", message: "只有联审部门审核员填写部门，本行角色是「村(社区)选委会工作人员」：请删去部门" },
    ]);
  });

  it("reports an unreadable cell (error value, formula without result) for its column", () => {
    const { problems } = checkAccountRows(ACCOUNT_SHEET, [
      { row: 2, cells: { ...clerk, unitCode: "" }, unreadable: { unitCode: "单元格是错误值 #REF!，请填写内容" } },
    ]);
    expect(problems).toEqual([{ sheet: ACCOUNT_SHEET, row: 2, column: "单位代码", message: "单元格是错误值 #REF!，请填写内容" }]);
  });
});

describe("usernameProblem and roleOf", () => {
  it("follow user.create's rule and the role labels", () => {
    expect(usernameProblem("ab")).toBe("用户名至少 3 个字符");
    expect(usernameProblem("张三丰")).toBe("用户名只能包含小写字母、数字、下划线、点和连字符");
    expect(usernameProblem("zhang_san-1.a")).toBeNull();
    expect(roleOf("县换届办管理员")).toBe("COUNTY_ADMIN");
    expect(roleOf("督导（只读）")).toBe("SUPERVISOR");
    expect(roleOf("联审部门审核人")).toBe("VETTING_REVIEWER");
    expect(roleOf("管理员")).toBeNull();
  });
});

describe("assignmentProblem", () => {
  const village = { name: "甲一村", level: "VILLAGE" as const, active: true };
  const account = { role: "VILLAGE_CLERK" as const, unitCode: "980101100201", department: null };
  it("names the unit that is missing or out of scope, inactive, or of the wrong level", () => {
    expect(assignmentProblem("COUNTY_ADMIN", account, village, false, "甲县")).toBeNull();
    expect(assignmentProblem("COUNTY_ADMIN", account, null, false, "甲县")).toEqual({
      column: "unitCode",
      message: "980101100201 不是「甲县」范围内的单位代码（代码不存在，或不在您的管辖范围内）",
    });
    expect(assignmentProblem("COUNTY_ADMIN", account, { ...village, active: false }, false, "甲县")?.message).toBe(
      "980101100201（甲一村）已停用，不能添加用户",
    );
    expect(assignmentProblem("COUNTY_ADMIN", { ...account, role: "TOWNSHIP_OFFICER" }, village, false, "甲县")).toEqual({
      column: "unitCode",
      message: "「乡镇(街道)换届办工作人员」不能分配在村(社区)级单位（980101100201 甲一村）",
    });
    // A county administrator cannot hand out the system administrator's role.
    expect(assignmentProblem("COUNTY_ADMIN", { ...account, role: "SYSTEM_ADMIN" }, village, false, "甲县")).toEqual({
      column: "role",
      message: "您无权分配「系统管理员」角色",
    });
    const county = { name: "甲县", level: "COUNTY" as const, active: true };
    expect(assignmentProblem("COUNTY_ADMIN", { role: "VETTING_REVIEWER", unitCode: "980101000000", department: "县税务局" }, county, false, "甲县")).toEqual({
      column: "department",
      message: "「甲县」没有名为「县税务局」的启用联审部门（请先在“联审部门”中添加）",
    });
  });
});

describe("initialPassword", () => {
  it("is 12 characters of the look-alike-free alphabet and passes the password policy, for many draws", () => {
    const alphabet = new Set(INITIAL_PASSWORD_UPPER + INITIAL_PASSWORD_LOWER + INITIAL_PASSWORD_DIGITS);
    for (const ch of "0Oo1lISZBgq") expect(alphabet.has(ch), ch).toBe(false);
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const p = initialPassword("zhangsan", randomInt);
      expect(p).toHaveLength(INITIAL_PASSWORD_LENGTH);
      expect(
        [...p].every((c) => alphabet.has(c)),
        p,
      ).toBe(true);
      expect(passwordProblems(p, "zhangsan"), p).toEqual([]);
      seen.add(p);
    }
    expect(seen.size).toBe(500);
  });

  it("draws again when a password would contain the username", () => {
    // A source that first answers 0 (so "AaAA..." is drawn, which holds the username "aaa"), then uniformly.
    let calls = 0;
    const rigged = (n: number) => (calls++ < 30 ? 0 : randomInt(n));
    const p = initialPassword("aaa", rigged);
    expect(p.toLowerCase()).not.toContain("aaa");
    expect(passwordProblems(p, "aaa")).toEqual([]);
  });
});

describe("groupByTownship", () => {
  const a = (username: string, township: string, unitCode: string): IssuedAccount => ({
    username,
    displayName: "张三",
    role: "VILLAGE_CLERK",
    unitName: "村",
    unitCode,
    township,
    password: "x",
  });
  it("puts county-level accounts first, then one group per township in code order", () => {
    const groups = groupByTownship([
      a("c2", "甲二乡", "980101200201"),
      a("c1", "甲一镇", "980101100202"),
      a("adm", "", "980101000000"),
      a("c0", "甲一镇", "980101100201"),
    ]);
    expect(groups.map((g) => [g.township, g.accounts.map((x) => x.username)])).toEqual([
      [COUNTY_LEVEL_GROUP, ["adm"]],
      ["甲一镇", ["c0", "c1"]],
      ["甲二乡", ["c2"]],
    ]);
  });
});
