import { describe, expect, it } from "vitest";
import { childLevel, childPath, isWithin, levelOfKind, unitCodeProblem, unitCodeSchema, type UnitKind, type UnitLevel } from "./units";

// A real chain of statistical division codes: 河北省 > 石家庄市 > 长安区 > 建北街道 > 一个社区.
const PROVINCE = { code: "130000000000", level: "PROVINCE" as const };
const CITY = { code: "130100000000", level: "CITY" as const };
const COUNTY = { code: "130102000000", level: "COUNTY" as const };
const TOWNSHIP = { code: "130102001000", level: "TOWNSHIP" as const };

const NOT_12_DIGITS = "统计用区划代码必须是 12 位数字";

describe("unitCodeProblem", () => {
  describe("PROVINCE (2 significant digits)", () => {
    it("accepts a province code without a parent", () => {
      expect(unitCodeProblem("130000000000", "PROVINCE", null)).toBeNull();
      expect(unitCodeProblem("110000000000", "PROVINCE", null)).toBeNull();
    });

    it("requires 10 trailing zeros", () => {
      expect(unitCodeProblem("130100000000", "PROVINCE", null)).toBe("省级单位的代码应以 10 个 0 结尾");
      expect(unitCodeProblem("130000000001", "PROVINCE", null)).toBe("省级单位的代码应以 10 个 0 结尾");
    });
  });

  describe("CITY (4 significant digits)", () => {
    it("accepts a code under its province", () => {
      expect(unitCodeProblem("130100000000", "CITY", PROVINCE)).toBeNull();
      expect(unitCodeProblem("139900000000", "CITY", PROVINCE)).toBeNull();
    });

    it("requires 8 trailing zeros", () => {
      expect(unitCodeProblem("130101000000", "CITY", PROVINCE)).toBe("市级单位的代码应以 8 个 0 结尾");
    });

    it("requires the province prefix", () => {
      expect(unitCodeProblem("140100000000", "CITY", PROVINCE)).toBe("代码前 2 位应与上级单位代码 13 一致");
    });

    it("rejects an all-zero own segment", () => {
      expect(unitCodeProblem("130000000000", "CITY", PROVINCE)).toBe("本级代码段不能全为 0");
    });
  });

  describe("COUNTY (6 significant digits)", () => {
    it("accepts a code under its city", () => {
      expect(unitCodeProblem("130102000000", "COUNTY", CITY)).toBeNull();
      // Only the whole segment must be non-zero; "10" and "01" are both fine.
      expect(unitCodeProblem("130110000000", "COUNTY", CITY)).toBeNull();
    });

    it("requires 6 trailing zeros", () => {
      expect(unitCodeProblem("130102001000", "COUNTY", CITY)).toBe("县级单位的代码应以 6 个 0 结尾");
    });

    it("requires the city prefix", () => {
      expect(unitCodeProblem("130202000000", "COUNTY", CITY)).toBe("代码前 4 位应与上级单位代码 1301 一致");
      expect(unitCodeProblem("140102000000", "COUNTY", CITY)).toBe("代码前 4 位应与上级单位代码 1301 一致");
    });

    it("rejects an all-zero own segment", () => {
      expect(unitCodeProblem("130100000000", "COUNTY", CITY)).toBe("本级代码段不能全为 0");
    });
  });

  describe("TOWNSHIP (9 significant digits)", () => {
    it("accepts a code under its county", () => {
      expect(unitCodeProblem("130102001000", "TOWNSHIP", COUNTY)).toBeNull();
      expect(unitCodeProblem("130102100000", "TOWNSHIP", COUNTY)).toBeNull();
    });

    it("requires 3 trailing zeros", () => {
      expect(unitCodeProblem("130102001001", "TOWNSHIP", COUNTY)).toBe("乡镇(街道)级单位的代码应以 3 个 0 结尾");
    });

    it("requires the county prefix", () => {
      expect(unitCodeProblem("130103001000", "TOWNSHIP", COUNTY)).toBe("代码前 6 位应与上级单位代码 130102 一致");
    });

    it("rejects an all-zero own segment", () => {
      expect(unitCodeProblem("130102000000", "TOWNSHIP", COUNTY)).toBe("本级代码段不能全为 0");
    });
  });

  describe("VILLAGE (12 significant digits)", () => {
    it("accepts a code under its township, with no trailing-zero rule", () => {
      expect(unitCodeProblem("130102001001", "VILLAGE", TOWNSHIP)).toBeNull();
      expect(unitCodeProblem("130102001200", "VILLAGE", TOWNSHIP)).toBeNull();
    });

    it("requires the township prefix", () => {
      expect(unitCodeProblem("130102002001", "VILLAGE", TOWNSHIP)).toBe("代码前 9 位应与上级单位代码 130102001 一致");
    });

    it("rejects an all-zero own segment", () => {
      expect(unitCodeProblem("130102001000", "VILLAGE", TOWNSHIP)).toBe("本级代码段不能全为 0");
    });
  });

  it("accepts a whole municipality chain (北京市 > 市辖区 > 东城区 > 东华门街道 > 社区)", () => {
    expect(unitCodeProblem("110000000000", "PROVINCE", null)).toBeNull();
    expect(unitCodeProblem("110100000000", "CITY", { code: "110000000000", level: "PROVINCE" })).toBeNull();
    expect(unitCodeProblem("110101000000", "COUNTY", { code: "110100000000", level: "CITY" })).toBeNull();
    expect(unitCodeProblem("110101001000", "TOWNSHIP", { code: "110101000000", level: "COUNTY" })).toBeNull();
    expect(unitCodeProblem("110101001001", "VILLAGE", { code: "110101001000", level: "TOWNSHIP" })).toBeNull();
  });

  it("checks trailing zeros before the parent prefix", () => {
    // Both wrong: the level rule is reported.
    expect(unitCodeProblem("140101000000", "CITY", PROVINCE)).toBe("市级单位的代码应以 8 个 0 结尾");
  });

  it.each<[string, string]>([
    ["11 digits", "13010200100"],
    ["13 digits", "1301020010011"],
    ["empty", ""],
    ["a letter", "13010200100a"],
    ["a hyphen", "130102-01001"],
    ["a leading space (not trimmed here)", " 130102001001"],
    ["full-width digits", "１３０１０２００１００１"],
  ])("rejects a code with %s", (_label, code) => {
    for (const level of ["PROVINCE", "CITY", "COUNTY", "TOWNSHIP", "VILLAGE"] as const) {
      expect(unitCodeProblem(code, level, null)).toBe(NOT_12_DIGITS);
    }
    expect(unitCodeProblem(code, "VILLAGE", TOWNSHIP)).toBe(NOT_12_DIGITS);
  });
});

describe("unitCodeSchema", () => {
  it("trims and accepts 12 digits", () => {
    expect(unitCodeSchema.parse(" 130102001001 ")).toBe("130102001001");
  });

  it("rejects anything else with the Chinese message", () => {
    const result = unitCodeSchema.safeParse("1301020010");
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toEqual([NOT_12_DIGITS]);
  });
});

describe("levelOfKind", () => {
  const expected: Record<UnitKind, UnitLevel> = {
    PROVINCE: "PROVINCE",
    AUTONOMOUS_REGION: "PROVINCE",
    MUNICIPALITY: "PROVINCE",
    CITY: "CITY",
    PREFECTURE: "CITY",
    COUNTY: "COUNTY",
    DISTRICT: "COUNTY",
    COUNTY_CITY: "COUNTY",
    TOWNSHIP: "TOWNSHIP",
    TOWN: "TOWNSHIP",
    STREET: "TOWNSHIP",
    ZONE: "TOWNSHIP",
    VILLAGE: "VILLAGE",
    COMMUNITY: "VILLAGE",
  };

  it.each(Object.entries(expected))("%s is at level %s", (kind, level) => {
    expect(levelOfKind(kind as UnitKind)).toBe(level);
  });

  it("throws for an unknown kind", () => {
    expect(() => levelOfKind("HAMLET" as UnitKind)).toThrow("unknown unit kind HAMLET");
  });
});

describe("childLevel", () => {
  it("steps one level down the tree", () => {
    expect(childLevel("PROVINCE")).toBe("CITY");
    expect(childLevel("CITY")).toBe("COUNTY");
    expect(childLevel("COUNTY")).toBe("TOWNSHIP");
    expect(childLevel("TOWNSHIP")).toBe("VILLAGE");
  });

  it("has nothing below VILLAGE", () => {
    expect(childLevel("VILLAGE")).toBeNull();
  });
});

describe("isWithin", () => {
  it("includes the unit itself", () => {
    expect(isWithin("/a/b/", "/a/b/")).toBe(true);
  });

  it("includes children and deeper descendants", () => {
    expect(isWithin("/a/b/c/", "/a/b/")).toBe(true);
    expect(isWithin("/a/b/c/d/", "/a/")).toBe(true);
  });

  it("excludes a sibling whose id shares a prefix", () => {
    expect(isWithin("/a/bc/", "/a/b/")).toBe(false);
    expect(isWithin("/a/bc/d/", "/a/b/")).toBe(false);
  });

  it("excludes siblings and ancestors", () => {
    expect(isWithin("/a/c/", "/a/b/")).toBe(false);
    expect(isWithin("/a/", "/a/b/")).toBe(false);
  });
});

describe("childPath", () => {
  it("appends the id and a trailing slash", () => {
    expect(childPath("/a/", "b")).toBe("/a/b/");
    expect(childPath("/a/b/", "c")).toBe("/a/b/c/");
  });

  it("produces paths that isWithin recognises", () => {
    const parent = "/p/";
    const child = childPath(parent, "k");
    const sibling = childPath(parent, "kk");
    expect(isWithin(child, parent)).toBe(true);
    expect(isWithin(childPath(child, "v"), child)).toBe(true);
    expect(isWithin(sibling, child)).toBe(false);
  });
});
