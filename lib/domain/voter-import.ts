// The voter roll import's columns (issue 13, docs/decisions/018): found by header, like the unit-tree import.
// Shared by the import (lib/server/voters/import.ts), its template and the upload page.
import { VOTER_CATEGORIES, VOTER_CATEGORY_SHORT } from "./voter-roll";

export type VoterImportColumnKey =
  "unitCode" | "group" | "name" | "gender" | "idNumber" | "birthDate" | "ethnicity" | "category" | "consentMeetingOn" | "address" | "phone";

export type VoterImportColumn = {
  key: VoterImportColumnKey;
  header: string;
  required: boolean;
  note: string;
  width: number;
  text?: boolean;
  options?: readonly string[];
};

export const CATEGORY_OPTIONS = VOTER_CATEGORIES.map((c) => VOTER_CATEGORY_SHORT[c]);

export const VOTER_IMPORT_COLUMNS: readonly VoterImportColumn[] = [
  {
    key: "unitCode",
    header: "村(社区)统计用区划代码",
    required: true,
    width: 22,
    text: true,
    note: "必填。12 位统计用区划代码；该村(社区)须在导入的范围内并已设置本次选举",
  },
  { key: "group", header: "村民小组", required: true, width: 16, note: "必填。村民小组（居民小组、楼栋），最多 50 个字" },
  { key: "name", header: "姓名", required: true, width: 12, note: "必填。与身份证一致" },
  { key: "gender", header: "性别", required: true, width: 8, options: ["男", "女"], note: "必填。男 或 女，须与公民身份号码一致" },
  { key: "idNumber", header: "公民身份号码", required: true, width: 22, text: true, note: "必填。18 位，末位可为 X；请保持文本格式" },
  {
    key: "birthDate",
    header: "出生日期",
    required: false,
    width: 13,
    text: true,
    note: "选填。YYYY-MM-DD；不填时取公民身份号码中的出生日期，填写的须与之一致",
  },
  { key: "ethnicity", header: "民族", required: true, width: 10, note: "必填。民族全称，如 汉族、回族（也可只写“汉”“回”）" },
  { key: "category", header: "登记类别", required: true, width: 20, options: CATEGORY_OPTIONS, note: `必填。${CATEGORY_OPTIONS.join("、")}` },
  {
    key: "consentMeetingOn",
    header: "同意的会议日期",
    required: false,
    width: 14,
    text: true,
    note: "“非户籍居住一年以上”“村务工作一年以上”必填：村民会议或村民代表会议同意的日期",
  },
  { key: "address", header: "住址", required: false, width: 30, note: "选填。最多 200 个字" },
  { key: "phone", header: "联系电话", required: false, width: 15, text: true, note: "选填。7-20 位数字" },
];

export const VOTER_IMPORT_COLUMN = Object.fromEntries(VOTER_IMPORT_COLUMNS.map((c) => [c.key, c])) as Record<VoterImportColumnKey, VoterImportColumn>;

/** A county's file: Ningxia's largest county has about 300,000 voters. */
export const MAX_VOTER_ROWS = 300_000;
export const MAX_VOTER_BYTES = 60 * 1024 * 1024;
/** At most this many problems are listed; the message gives the total. */
export const MAX_LISTED_PROBLEMS = 1000;
/** The reason every imported voter's ADD change carries. */
export const IMPORT_REASON = "批量导入";
