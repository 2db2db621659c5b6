import { describe, expect, it } from "vitest";
import { checkUnitRows, inferKind, levelOfCode, parentCodeOf, planUnitImport, type ExistingUnit } from "./unit-import";

describe("levelOfCode and parentCodeOf", () => {
  it("reads the level from the trailing zeros and the parent from the prefix", () => {
    expect(levelOfCode("640000000000")).toBe("PROVINCE");
    expect(levelOfCode("640100000000")).toBe("CITY");
    expect(levelOfCode("640104000000")).toBe("COUNTY");
    expect(levelOfCode("640104001000")).toBe("TOWNSHIP");
    expect(levelOfCode("640104001001")).toBe("VILLAGE");
    expect(parentCodeOf("640104001001", "VILLAGE")).toBe("640104001000");
    expect(parentCodeOf("640104001000", "TOWNSHIP")).toBe("640104000000");
    expect(parentCodeOf("640104000000", "COUNTY")).toBe("640100000000");
    expect(parentCodeOf("640000000000", "PROVINCE")).toBeNull();
  });
  it("refuses codes that are not 12 digits", () => {
    for (const c of ["64010400100", "6401040010011", "64010400100X", "000000000000", ""]) expect(levelOfCode(c)).toBeNull();
  });
});

describe("inferKind", () => {
  it("takes the kind from 城乡分类代码 at village level: 1xx community, 2xx village", () => {
    expect(inferKind("VILLAGE", "胜利", "111")).toEqual({ ok: true, kind: "COMMUNITY" });
    expect(inferKind("VILLAGE", "胜利", "123")).toEqual({ ok: true, kind: "COMMUNITY" });
    expect(inferKind("VILLAGE", "胜利", "220")).toEqual({ ok: true, kind: "VILLAGE" });
    expect(inferKind("VILLAGE", "胜利村", "210")).toEqual({ ok: true, kind: "VILLAGE" });
  });
  it("falls back to the name suffix", () => {
    expect(inferKind("VILLAGE", "红旗村委会")).toEqual({ ok: true, kind: "VILLAGE" });
    expect(inferKind("VILLAGE", "红旗村民委员会")).toEqual({ ok: true, kind: "VILLAGE" });
    expect(inferKind("VILLAGE", "红旗村")).toEqual({ ok: true, kind: "VILLAGE" });
    expect(inferKind("VILLAGE", "新华社区居委会")).toEqual({ ok: true, kind: "COMMUNITY" });
    expect(inferKind("VILLAGE", "新华社区")).toEqual({ ok: true, kind: "COMMUNITY" });
    expect(inferKind("VILLAGE", "王家村社区居委会")).toEqual({ ok: true, kind: "COMMUNITY" });
    expect(inferKind("TOWNSHIP", "城关镇")).toEqual({ ok: true, kind: "TOWN" });
    expect(inferKind("TOWNSHIP", "东河乡")).toEqual({ ok: true, kind: "TOWNSHIP" });
    expect(inferKind("TOWNSHIP", "解放街道")).toEqual({ ok: true, kind: "STREET" });
    expect(inferKind("TOWNSHIP", "解放街道办事处")).toEqual({ ok: true, kind: "STREET" });
    expect(inferKind("COUNTY", "白玉县")).toEqual({ ok: true, kind: "COUNTY" });
    expect(inferKind("COUNTY", "兴庆区")).toEqual({ ok: true, kind: "DISTRICT" });
    expect(inferKind("COUNTY", "灵武市")).toEqual({ ok: true, kind: "COUNTY_CITY" });
    expect(inferKind("CITY", "银川市")).toEqual({ ok: true, kind: "CITY" });
    expect(inferKind("CITY", "甘孜藏族自治州")).toEqual({ ok: true, kind: "PREFECTURE" });
    expect(inferKind("PROVINCE", "宁夏回族自治区")).toEqual({ ok: true, kind: "AUTONOMOUS_REGION" });
    expect(inferKind("PROVINCE", "四川省")).toEqual({ ok: true, kind: "PROVINCE" });
  });
  it("refuses ambiguous rows instead of guessing", () => {
    expect(inferKind("VILLAGE", "第一农场")).toMatchObject({ ok: false, message: expect.stringMatching(/无法从名称「第一农场」判断是村还是社区/) });
    expect(inferKind("TOWNSHIP", "红星农场")).toMatchObject({ ok: false, message: expect.stringMatching(/乡、镇还是街道/) });
    // The code says urban, the name says village committee: which one is it?
    expect(inferKind("VILLAGE", "红旗村委会", "111")).toMatchObject({ ok: false, message: expect.stringMatching(/与名称「红旗村委会」不一致/) });
    expect(inferKind("VILLAGE", "新华社区居委会", "220")).toMatchObject({ ok: false, message: expect.stringMatching(/不一致/) });
    expect(inferKind("VILLAGE", "胜利", "130")).toMatchObject({ ok: false, message: expect.stringMatching(/城乡分类代码「130」无效/) });
  });
});

describe("checkUnitRows", () => {
  it("names every bad row: a village whose township is missing, a duplicate code, an ambiguous kind", () => {
    const known = new Set(["640104000000"]);
    const { rows, problems } = checkUnitRows(
      [
        { row: 2, code: "640104001000", name: "城关镇" },
        { row: 3, code: "640104001001", name: "红旗村委会" },
        { row: 4, code: "640104002001", name: "胜利村委会" },
        { row: 5, code: "640104001001", name: "红旗村委会" },
        { row: 6, code: "640104001002", name: "第一农场" },
        { row: 7, code: "640104001003", name: "新华社区", parentCode: "640104009000" },
      ],
      known,
    );
    expect(rows.map((r) => r.code)).toEqual(["640104001000", "640104001001"]);
    expect(problems.map((p) => [p.row, p.column])).toEqual([
      [4, "统计用区划代码"],
      [5, "统计用区划代码"],
      [6, "名称"],
      [7, "上级代码"],
    ]);
    expect(problems[0]!.message).toMatch(/上级乡镇\(街道\)级单位 640104002000 既不在文件中，也不在系统中/);
    expect(problems[1]!.message).toMatch(/重复：第 3 行/);
  });
});

describe("planUnitImport", () => {
  const existing: ExistingUnit[] = [
    { code: "640104000000", name: "兴庆区", kind: "DISTRICT", parentCode: "640100000000", active: true },
    { code: "640104001000", name: "城关镇", kind: "TOWN", parentCode: "640104000000", active: true },
    { code: "640104001001", name: "红旗村委会", kind: "VILLAGE", parentCode: "640104001000", active: true },
    { code: "640104001002", name: "旧村委会", kind: "VILLAGE", parentCode: "640104001000", active: true },
    { code: "640104003000", name: "老乡", kind: "TOWNSHIP", parentCode: "640104000000", active: true },
    { code: "640104003001", name: "老村", kind: "VILLAGE", parentCode: "640104003000", active: true },
    { code: "640105000000", name: "金凤区", kind: "DISTRICT", parentCode: "640100000000", active: true },
  ];
  const known = new Set([...existing.map((u) => u.code), "640100000000"]);
  it("re-importing the same table changes nothing", () => {
    const { rows } = checkUnitRows(
      existing.map((u, i) => ({ row: i + 2, code: u.code, name: u.name })),
      known,
    );
    const plan = planUnitImport(rows, existing);
    expect(plan).toMatchObject({ create: [], rename: [], unchanged: 7, missing: [] });
  });
  it("adds new units parents first, renames changed ones and lists the missing without their siblings elsewhere", () => {
    const { rows, problems } = checkUnitRows(
      [
        { row: 2, code: "640104002001", name: "新村委会" },
        { row: 3, code: "640104002000", name: "新镇" },
        { row: 4, code: "640104001000", name: "城关镇" },
        { row: 5, code: "640104001001", name: "红旗社区居委会", urbanRural: "112" },
      ],
      known,
    );
    expect(problems).toEqual([]);
    const plan = planUnitImport(rows, existing);
    expect(plan.create.map((c) => c.code)).toEqual(["640104002000", "640104002001"]);
    expect(plan.rename).toEqual([
      { row: 5, code: "640104001001", before: { name: "红旗村委会", kind: "VILLAGE" }, after: { name: "红旗社区居委会", kind: "COMMUNITY" } },
    ]);
    expect(plan.unchanged).toBe(1);
    // 旧村 under a listed township, 老乡 under the county the file hangs under, and 老村 below it; 金凤区 is not covered.
    expect(plan.missing.map((m) => m.name)).toEqual(["旧村委会", "老乡", "老村"]);
  });
  it("a county's own table (with the county row) does not list the city's other counties as missing", () => {
    const { rows } = checkUnitRows(
      [
        { row: 2, code: "640104000000", name: "兴庆区" },
        { row: 3, code: "640104001000", name: "城关镇" },
        { row: 4, code: "640104001001", name: "红旗村委会" },
      ],
      known,
    );
    const plan = planUnitImport(rows, existing);
    expect(plan.unchanged).toBe(3);
    expect(plan.missing.map((m) => m.name)).toEqual(["旧村委会", "老乡", "老村"]);
  });
  it("never lists an inactive unit as missing", () => {
    const { rows } = checkUnitRows([{ row: 2, code: "640104001000", name: "城关镇" }], known);
    const plan = planUnitImport(
      rows,
      existing.map((u) => (u.code === "640104001002" ? { ...u, active: false } : u)),
    );
    expect(plan.missing.map((m) => m.name)).toEqual(["红旗村委会", "老乡", "老村"]);
  });
});
