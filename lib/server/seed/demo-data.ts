// The demo data set: a fictional province (code 99, unused in GB/T 2260) with 示例县 and a
// neighbouring 邻县 to show tenant isolation.
import type { Role } from "@/lib/domain/permissions";
import type { UnitKind } from "@/lib/domain/units";

export type DemoUnit = { code: string; name: string; kind: UnitKind; children?: DemoUnit[] };

const v = (code: string, name: string, kind: UnitKind = "VILLAGE"): DemoUnit => ({ code, name, kind });

export const DEMO_TREE: DemoUnit = {
  code: "990000000000",
  name: "示例省",
  kind: "PROVINCE",
  children: [
    {
      code: "990100000000",
      name: "示例市",
      kind: "CITY",
      children: [
        {
          code: "990121000000",
          name: "示例县",
          kind: "COUNTY",
          children: [
            {
              code: "990121100000",
              name: "城关镇",
              kind: "TOWN",
              children: [v("990121100001", "新华社区", "COMMUNITY"), v("990121100201", "城东村"), v("990121100202", "城西村"), v("990121100203", "河湾村")],
            },
            {
              code: "990121200000",
              name: "东河乡",
              kind: "TOWNSHIP",
              children: [
                v("990121200201", "东河村"),
                v("990121200202", "柳树村"),
                v("990121200203", "杨庄村"),
                v("990121200204", "石桥村"),
                v("990121200205", "桃园村"),
              ],
            },
            {
              code: "990121201000",
              name: "西山乡",
              kind: "TOWNSHIP",
              children: [
                v("990121201201", "西山村"),
                v("990121201202", "松林村"),
                v("990121201203", "马家村"),
                v("990121201204", "白云村"),
                v("990121201205", "龙泉村"),
              ],
            },
            {
              code: "990121001000",
              name: "解放街道",
              kind: "STREET",
              children: [v("990121001001", "解放路社区", "COMMUNITY"), v("990121001201", "南关村"), v("990121001202", "北关村")],
            },
          ],
        },
        {
          code: "990122000000",
          name: "邻县",
          kind: "COUNTY",
          children: [{ code: "990122100000", name: "邻县镇", kind: "TOWN", children: [v("990122100201", "邻村")] }],
        },
      ],
    },
  ],
};

/** The 16 county departments of the joint vetting (白玉 S0, 新化 XH; docs/rules/joint-vetting.md). */
export const DEMO_DEPARTMENTS: { name: string; duty: string }[] = [
  { name: "县纪委监委", duty: "党纪政务处分及影响期、立案审查调查、信访举报线索" },
  { name: "县委组织部", duty: "党员身份、不合格党员、组织处理" },
  { name: "县委统战部", duty: "宗教、民族问题，非法宗教活动" },
  { name: "县委政法委", duty: "涉黑涉恶、“村霸”、综治" },
  { name: "县公安局", duty: "刑事处罚记录、行政拘留、邪教、涉黑涉恶" },
  { name: "县人民法院", duty: "刑事判决、失信被执行人" },
  { name: "县人民检察院", duty: "在办起诉案件" },
  { name: "县司法局", duty: "社区矫正情况" },
  { name: "县信访局", duty: "违法信访、组织煽动上访" },
  { name: "县卫生健康局", duty: "计划生育相关情况（历史）" },
  { name: "县民政局", duty: "选举程序、换届工作牵头" },
  { name: "县自然资源局", duty: "违法用地、违章建房建墓" },
  { name: "县农业农村局", duty: "侵占集体资产、拖欠集体资金" },
  { name: "县审计局", duty: "离任（任期）经济责任审计" },
  { name: "县市场监管局", duty: "市场经营违法情况" },
  { name: "县人社局", duty: "劳动保障违法情况" },
];

/** Published demo password; the policy refuses it as a new password, the seeded accounts keep it. */
export { DEMO_PASSWORD } from "@/lib/domain/password-policy";

export type DemoUser = { username: string; displayName: string; role: Role; unitCode: string; department?: string };

export const DEMO_USERS: DemoUser[] = [
  { username: "admin", displayName: "系统管理员", role: "SYSTEM_ADMIN", unitCode: "990000000000" },
  { username: "county", displayName: "王建国（县换届办）", role: "COUNTY_ADMIN", unitCode: "990121000000" },
  { username: "jiwei", displayName: "李明（县纪委监委）", role: "VETTING_REVIEWER", unitCode: "990121000000", department: "县纪委监委" },
  { username: "gongan", displayName: "赵强（县公安局）", role: "VETTING_REVIEWER", unitCode: "990121000000", department: "县公安局" },
  { username: "township", displayName: "陈静（城关镇换届办）", role: "TOWNSHIP_OFFICER", unitCode: "990121100000" },
  { username: "township2", displayName: "赵磊（东河乡换届办）", role: "TOWNSHIP_OFFICER", unitCode: "990121200000" },
  { username: "village", displayName: "刘芳（城东村选委会）", role: "VILLAGE_CLERK", unitCode: "990121100201" },
  // A second clerk of the same village: tally sheets are typed twice by two people (double entry).
  { username: "village2", displayName: "王磊（城东村选委会）", role: "VILLAGE_CLERK", unitCode: "990121100201" },
  { username: "supervisor", displayName: "周平（县督导组）", role: "SUPERVISOR", unitCode: "990121000000" },
  { username: "linxian", displayName: "孙伟（邻县换届办）", role: "COUNTY_ADMIN", unitCode: "990122000000" },
  // The province's supervisor: 全省进度总览 over both counties.
  { username: "province", displayName: "吴刚（省民政厅督导）", role: "SUPERVISOR", unitCode: "990000000000" },
];

export const DEMO_CAMPAIGN = "第十二届村(居)民委员会换届选举";

/**
 * 城东村 is on election day: its formal candidate list is published (as if nomination and vetting were
 * done) and its polling is set up, so the count can be tried at once. Director 1 seat, members 2.
 */
export const DEMO_ELECTION_DAY = {
  unitCode: "990121100201",
  registeredVoters: 860,
  seats: { DIRECTOR: 1, DEPUTY: 0, MEMBER: 2, WOMEN_MEMBER: 0 },
  candidates: [
    { name: "王建军", gender: "MALE", birthDate: "1975-03-12", post: "DIRECTOR", political: "CPC_MEMBER", education: "40" },
    { name: "李秀英", gender: "FEMALE", birthDate: "1980-08-02", post: "DIRECTOR", political: "CPC_MEMBER", education: "30" },
    { name: "赵文斌", gender: "MALE", birthDate: "1986-11-20", post: "MEMBER", political: "MASSES", education: "40" },
    { name: "孙丽娟", gender: "FEMALE", birthDate: "1990-05-16", post: "MEMBER", political: "CYL_MEMBER", education: "30" },
    { name: "周海涛", gender: "MALE", birthDate: "1971-01-09", post: "MEMBER", political: "MASSES", education: "60" },
  ],
  station: { name: "中心会场", place: "城东村村委会大院" },
  boxes: [
    { name: "1号票箱", kind: "FIXED", voters: 830 },
    { name: "流动票箱", kind: "MOBILE", voters: 30 },
  ],
  staff: [
    { name: "陈国强", duty: "MONITOR", mobile: true, birthDate: "1968-02-03", gender: "MALE" },
    { name: "何玉兰", duty: "MONITOR", mobile: true, birthDate: "1972-07-21", gender: "FEMALE" },
    { name: "马志刚", duty: "MONITOR", mobile: true, birthDate: "1979-12-30", gender: "MALE" },
    { name: "郭晓梅", duty: "CALLER", mobile: false, birthDate: "1985-04-18", gender: "FEMALE" },
    { name: "黄振华", duty: "COUNTER", mobile: false, birthDate: "1983-09-07", gender: "MALE" },
  ],
} as const;
