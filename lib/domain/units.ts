// The administrative tree: province > city > county > township > village (docs/decisions/003).
import { z } from "zod";

export const UNIT_LEVELS = ["PROVINCE", "CITY", "COUNTY", "TOWNSHIP", "VILLAGE"] as const;
export type UnitLevel = (typeof UNIT_LEVELS)[number];

export const UNIT_KINDS = [
  "PROVINCE",
  "AUTONOMOUS_REGION",
  "MUNICIPALITY",
  "CITY",
  "PREFECTURE",
  "COUNTY",
  "DISTRICT",
  "COUNTY_CITY",
  "TOWNSHIP",
  "TOWN",
  "STREET",
  "ZONE",
  "VILLAGE",
  "COMMUNITY",
] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const LEVEL_LABEL: Record<UnitLevel, string> = {
  PROVINCE: "省级",
  CITY: "市级",
  COUNTY: "县级",
  TOWNSHIP: "乡镇(街道)级",
  VILLAGE: "村(社区)级",
};

export const KIND_LABEL: Record<UnitKind, string> = {
  PROVINCE: "省",
  AUTONOMOUS_REGION: "自治区",
  MUNICIPALITY: "直辖市",
  CITY: "市",
  PREFECTURE: "州/盟",
  COUNTY: "县",
  DISTRICT: "区",
  COUNTY_CITY: "县级市",
  TOWNSHIP: "乡",
  TOWN: "镇",
  STREET: "街道",
  ZONE: "管委会",
  VILLAGE: "村",
  COMMUNITY: "社区",
};

/** Which kinds exist at which level. A street may hold villages and a town communities (docs/rules/units-and-roles.md). */
export const KINDS_BY_LEVEL: Record<UnitLevel, readonly UnitKind[]> = {
  PROVINCE: ["PROVINCE", "AUTONOMOUS_REGION", "MUNICIPALITY"],
  CITY: ["CITY", "PREFECTURE"],
  COUNTY: ["COUNTY", "DISTRICT", "COUNTY_CITY"],
  TOWNSHIP: ["TOWNSHIP", "TOWN", "STREET", "ZONE"],
  VILLAGE: ["VILLAGE", "COMMUNITY"],
};

export function levelOfKind(kind: UnitKind): UnitLevel {
  for (const level of UNIT_LEVELS) if (KINDS_BY_LEVEL[level].includes(kind)) return level;
  throw new Error(`unknown unit kind ${kind}`);
}

export function childLevel(level: UnitLevel): UnitLevel | null {
  const i = UNIT_LEVELS.indexOf(level);
  return UNIT_LEVELS[i + 1] ?? null;
}

/** Digits of the 12-digit statistical code that are significant at each level (GB/T 2260 + 统计用区划代码). */
const SIGNIFICANT_DIGITS: Record<UnitLevel, number> = { PROVINCE: 2, CITY: 4, COUNTY: 6, TOWNSHIP: 9, VILLAGE: 12 };

export const unitCodeSchema = z
  .string()
  .trim()
  .regex(/^\d{12}$/, "统计用区划代码必须是 12 位数字");

/**
 * Checks a statistical division code against its level and its parent's code.
 * Returns a Chinese message, or null when the code fits.
 */
export function unitCodeProblem(code: string, level: UnitLevel, parent: { code: string; level: UnitLevel } | null): string | null {
  if (!/^\d{12}$/.test(code)) return "统计用区划代码必须是 12 位数字";
  const sig = SIGNIFICANT_DIGITS[level];
  if (!/^0*$/.test(code.slice(sig))) return `${LEVEL_LABEL[level]}单位的代码应以 ${12 - sig} 个 0 结尾`;
  if (parent) {
    const parentSig = SIGNIFICANT_DIGITS[parent.level];
    if (code.slice(0, parentSig) !== parent.code.slice(0, parentSig)) {
      return `代码前 ${parentSig} 位应与上级单位代码 ${parent.code.slice(0, parentSig)} 一致`;
    }
    if (/^0*$/.test(code.slice(parentSig, sig))) return "本级代码段不能全为 0";
  }
  return null;
}

/** True when `path` is `ancestorPath` itself or lies below it. Paths look like "/id/id/". */
export function isWithin(path: string, ancestorPath: string): boolean {
  return path.startsWith(ancestorPath);
}

export function childPath(parentPath: string, id: string): string {
  return `${parentPath}${id}/`;
}
