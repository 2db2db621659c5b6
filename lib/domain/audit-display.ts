// How an audit entry reads on the audit log page: Chinese event name, Chinese labels for the detail
// keys, enum codes translated, and object references shown by name (never a raw UUID as the text).
// Pure: the server resolves the names it lets the viewer see and passes them in.
import { DUAL_ROLE_LABEL, LIST_STATUS_LABEL, METHOD_LABEL } from "@/lib/i18n/zh";
import { AUDIT_EVENTS, isAuditEventId } from "./audit-events";
import { ELECTION_POSTS, ENGINE_POST } from "./election-engine";
import { maskIdNumber } from "./id-number";
import { BOX_KIND_LABEL, STAFF_DUTY_LABEL, STATION_KIND_LABEL } from "./polling";
import { DECISION_LABEL, OPINION_LABEL, ROLLUP_LABEL, SEVERITY_LABEL } from "./vetting";
import { GENDER_LABEL, NOMINATION_FORM_LABEL, POLITICAL_LABEL, POST_LABEL, RELATION_LABEL } from "./people";
import { ROLE_LABEL } from "./permissions";
import { RISK_LABEL } from "./oversight";
import { CATEGORY_LABEL, CHANNEL_LABEL, FINDING_LABEL, STATUS_LABEL as COMPLAINT_STATUS_LABEL } from "./complaints";
import { KIND_LABEL, LEVEL_LABEL } from "./units";
import { VOTER_CATEGORY_SHORT, VOTER_CHANGE_KIND_LABEL } from "./voter-roll";

/** A full resident ID number: never shown, even if one slipped into an entry under an unusual key. */
const ID_NUMBER = /^\d{17}[\dXx]$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

export function isUuid(v: unknown): v is string {
  return typeof v === "string" && UUID.test(v);
}

/** Chinese labels of the keys audit entries carry in before/after/detail. */
export const AUDIT_DETAIL_LABEL: Record<string, string> = {
  name: "名称",
  code: "代码",
  kind: "类型",
  level: "级别",
  via: "方式",
  username: "用户名",
  displayName: "姓名",
  role: "角色",
  unitId: "单位",
  departmentId: "联审部门",
  userId: "用户",
  electionId: "选举",
  lastElectionId: "最后完成的选举",
  campaignId: "换届选举",
  candidateId: "候选人",
  entryId: "联审记录",
  personAId: "当事人",
  personBId: "亲属",
  relation: "关系",
  duty: "职责",
  sortOrder: "排序",
  sessionsEnded: "结束的会话数",
  max: "同时在线会话上限",
  endedStartedAt: "被结束会话的登录时间",
  address: "来源地址",
  userAgent: "浏览器",
  startedAt: "登录时间",
  lockedUntil: "锁定至",
  operation: "操作",
  attempt: "尝试次数",
  action: "操作",
  startDate: "开始日期",
  endDate: "结束日期",
  rules: "规则",
  overrides: "覆盖的规则",
  electionDay: "选举日",
  method: "选举方式",
  seats: "职数",
  registeredVoters: "登记选民数",
  unitKind: "单位类型",
  dualRole: "一肩挑安排",
  post: "职位",
  gender: "性别",
  political: "政治面貌",
  nominationForm: "提名方式",
  idMasked: "身份证号码（已隐去）",
  candidates: "候选人",
  reason: "理由",
  rows: "行数",
  villages: "村(社区)数",
  decision: "决定",
  status: "状态",
  rationale: "理由",
  opinionsSeen: "已阅意见数",
  round: "轮次",
  carried: "沿用上一轮",
  batch: "批量",
  approved: "通过人数",
  skipped: "跳过人数",
  recorded: "出具意见数",
  added: "新增条数",
  outcome: "结果",
  formal: "正式候选人数",
  replacements: "递补人数",
  problems: "问题数",
  postingDeadline: "公告截止",
  deadline: "截止日期",
  elections: "选举数",
  departments: "部门数",
  revetted: "重新审查人数",
  revetAll: "全部重新审查",
  conditionCodes: "负面清单条件",
  attachment: "附件",
  fileName: "文件名",
  sha256: "SHA-256 摘要",
  size: "大小(字节)",
  builtAt: "生成时间",
  severity: "程度",
  title: "标题",
  place: "地点",
  box: "票箱",
  slot: "录入",
  values: "计票数",
  differences: "不一致项",
  acceptedEntryId: "原计入的录入",
  number: "编号",
  sections: "选票栏目",
  valid: "有效",
  invalidReason: "无效原因",
  elected: "当选",
  unfilled: "缺额",
  ties: "票数相等",
  members: "成员",
  vacancies: "缺额",
  votes: "得票",
  writeIn: "另选他人",
  confirmedAt: "确认时间",
  certifiedAt: "认定时间",
  certificates: "当选证书",
  revoked: "作废的证书",
  sealAuditId: "封存时审计记录",
  archiveDigest: "档案包清单摘要",
  files: "文件",
  nameSecond: "少数民族文字姓名",
  language: "文字",
  score: "风险分",
  note: "处置说明",
  doubleEntry: "双人录入",
  posts: "职位",
  units: "单位数",
  users: "用户数",
  batched: "批量录入步骤",
  direct: "直接写入步骤",
  ballotsIssued: "发出选票",
  ballotsReturned: "收回选票",
  invalidBallots: "无效票",
  exceedConfirmed: "已确认收回多于发出",
  key: "候选人",
  writeIns: "另选他人",
  principalName: "委托人",
  principalIdMasked: "委托人身份证号码（已隐去）",
  proxyName: "受托人",
  proxyIdMasked: "受托人身份证号码（已隐去）",
  rollId: "选民名单",
  fromRollId: "转入自上届选民名单",
  carriedOver: "转入人数",
  afterPosting: "公布后修改",
  objectionId: "申诉",
  group: "村民小组",
  birthDate: "出生日期",
  consentMeetingOn: "村民会议(代表会议)同意日期",
  postedOn: "公布日期",
  voters: "选民数",
  objectionDeadline: "申诉截止",
  objector: "申诉人",
  subject: "申诉事项",
  decidedOn: "处理日期",
  change: "对名单的处理",
  sameCounty: "在本县",
  otherRollId: "已登记的选民名单",
  channel: "受理渠道",
  anonymous: "匿名",
  department: "承办部门",
  finding: "查实结论",
  actionTaken: "处理结果",
  late: "超过办理期限",
  // Shared by the voter roll (申诉) and the complaints ledger (信访举报).
  receivedOn: "收到日期",
  category: "类别",
  DIRECTOR: POST_LABEL.DIRECTOR,
  DEPUTY: POST_LABEL.DEPUTY,
  MEMBER: POST_LABEL.MEMBER,
  WOMEN_MEMBER: POST_LABEL.WOMEN_MEMBER,
};

/** Codes whose meaning depends on the key they sit under. */
const BY_KEY: Record<string, Record<string, string>> = {
  post: { ...POST_LABEL, ...Object.fromEntries(ELECTION_POSTS.map((p) => [p, POST_LABEL[ENGINE_POST[p]]])) },
  gender: { ...GENDER_LABEL, male: GENDER_LABEL.MALE, female: GENDER_LABEL.FEMALE },
  code: {
    unauthenticated: "未登录",
    invalid: "输入有误",
    not_found: "对象不存在或不在管辖范围内",
    forbidden: "无权限",
    conflict: "与现有数据冲突",
    stale: "数据已被他人修改",
  },
  role: ROLE_LABEL,
  method: METHOD_LABEL,
  dualRole: DUAL_ROLE_LABEL,
  relation: RELATION_LABEL,
  nominationForm: NOMINATION_FORM_LABEL,
  political: POLITICAL_LABEL,
  severity: SEVERITY_LABEL,
  unitKind: KIND_LABEL,
  level: { ...LEVEL_LABEL, ...RISK_LABEL },
  decision: { ...DECISION_LABEL, APPROVED: DECISION_LABEL.APPROVE, REJECTED: DECISION_LABEL.REJECT },
  status: { ...ROLLUP_LABEL, ...LIST_STATUS_LABEL, ...COMPLAINT_STATUS_LABEL },
  outcome: { published: "公布正式候选人", returned: "退回乡镇", SUCCESS: "成功", FAILURE: "失败", UPHELD: "申诉成立", REJECTED: "申诉不成立" },
  // Voter categories and complaint categories have distinct keys.
  category: { ...VOTER_CATEGORY_SHORT, ...CATEGORY_LABEL },
  change: VOTER_CHANGE_KIND_LABEL,
  channel: CHANNEL_LABEL,
  finding: FINDING_LABEL,
  via: { cli: "命令行" },
};

/** Every other enum code the app writes; the codes do not collide across these enums. */
const ANY_CODE: Record<string, string> = {
  ...KIND_LABEL,
  ...OPINION_LABEL,
  ...STATION_KIND_LABEL,
  ...BOX_KIND_LABEL,
  ...STAFF_DUTY_LABEL,
  ...ROLE_LABEL,
  ...POST_LABEL,
  FIRST: "第一次投票",
  RUNOFF: "另行选举",
};

const OBJECT_TYPE_LABEL: Record<string, string> = {
  Unit: "单位",
  User: "用户",
  Department: "联审部门",
  Campaign: "换届选举",
  Election: "选举",
  Candidate: "候选人",
  Kinship: "亲属关系",
  RulePack: "规则包",
  NegativeCondition: "负面清单条件",
  VettingRound: "联审轮次",
  VettingEntry: "联审记录",
  VettingOpinion: "联审意见",
  Attachment: "附件",
  PollingStation: "投票站",
  BallotBox: "票箱",
  ProxyVote: "委托投票",
  PollingStaff: "工作人员",
  VotingRound: "投票轮次",
  BoxTally: "票箱计票单",
  Certificate: "当选证书",
  CertificateLayout: "证书版式",
  VillageRisk: "风险等级",
  PastTerm: "往届名册",
  Session: "会话",
  VoterRoll: "选民名单",
  Voter: "选民",
  VoterObjection: "选民名单申诉",
  Complaint: "信访举报件",
};

export type AuditEntryForDisplay = {
  event: string;
  objectType: string | null;
  objectId: string | null;
  detail: unknown;
  before: unknown;
  after: unknown;
};

/** A name for each id the viewer may see (units, elections → village, users, candidates, ...). */
export type AuditNames = ReadonlyMap<string, string>;

export type AuditLine = { label: string; value: string };
export type AuditDisplay = {
  event: string;
  /** e.g. "选举 · 城东村"; null when the entry names no object. */
  object: string | null;
  before: AuditLine[];
  after: AuditLine[];
  detail: AuditLine[];
};

/** Every UUID an entry mentions (object id and any value in before/after/detail), for one batch lookup. */
export function auditReferences(entries: readonly AuditEntryForDisplay[]): string[] {
  const ids = new Set<string>();
  const walk = (v: unknown) => {
    if (isUuid(v)) ids.add(v.toLowerCase());
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") Object.values(v).forEach(walk);
  };
  for (const e of entries) {
    if (isUuid(e.objectId)) ids.add(e.objectId.toLowerCase());
    walk(e.detail);
    walk(e.before);
    walk(e.after);
  }
  return [...ids];
}

function formatTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false });
}

const NOT_VISIBLE = "（不在查看范围内）";

function formatValue(key: string, v: unknown, names: AuditNames): string {
  if (v === null || v === undefined || v === "") return "无";
  if (typeof v === "boolean") return v ? "是" : "否";
  if (typeof v === "number") return String(v);
  if (typeof v === "string") {
    if (isUuid(v)) return names.get(v.toLowerCase()) ?? NOT_VISIBLE;
    if (ID_NUMBER.test(v)) return maskIdNumber(v);
    const byKey = BY_KEY[key]?.[v];
    if (byKey) return byKey;
    if (Object.hasOwn(ANY_CODE, v)) return ANY_CODE[v]!;
    if (ISO_TIME.test(v)) return formatTime(v);
    return v;
  }
  if (Array.isArray(v)) return v.length ? v.map((x) => formatValue(key, x, names)).join("、") : "无";
  if (typeof v === "object") {
    const lines = linesOf(v, names);
    return lines.length ? `（${lines.map((l) => `${l.label}：${l.value}`).join("，")}）` : "无";
  }
  return String(v);
}

function labelOf(key: string): string {
  return AUDIT_DETAIL_LABEL[key] ?? key;
}

function linesOf(v: unknown, names: AuditNames): AuditLine[] {
  if (!v || typeof v !== "object" || Array.isArray(v)) return [];
  return Object.entries(v as Record<string, unknown>).map(([k, x]) => ({ label: labelOf(k), value: formatValue(k, x, names) }));
}

/** The readable form of one audit entry. */
export function describeAuditEntry(e: AuditEntryForDisplay, names: AuditNames): AuditDisplay {
  const typeLabel = e.objectType ? (OBJECT_TYPE_LABEL[e.objectType] ?? e.objectType) : null;
  const objectName = isUuid(e.objectId) ? names.get(e.objectId.toLowerCase()) : undefined;
  return {
    event: isAuditEventId(e.event) ? AUDIT_EVENTS[e.event] : e.event,
    object: typeLabel ? (objectName ? `${typeLabel} · ${objectName}` : typeLabel) : null,
    before: linesOf(e.before, names),
    after: linesOf(e.after, names),
    detail: linesOf(e.detail, names),
  };
}
