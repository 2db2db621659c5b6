// 资格联审 (county joint vetting, docs/rules/joint-vetting.md): the negative list, department opinions, the roll-up of
// opinions into one status per candidate, the county's decision, and the formal slate with 递补
// (docs/rules/joint-vetting.md, edge cases 14, 17-19). Pure: the caller loads rows and passes them in.
// Near-relative recusal (docs/rules/recusal.md) is not a vetting condition here; the candidate-list checker
// (nomination-rules.ts, KINSHIP) reports it from the kinship graph.
import { isCalendarDate } from "./id-number";
import { chineseDay } from "./days";
import { POST_LABEL, POSTS, type Post } from "./people";
import type { RuleValues } from "./rule-pack";
import { compareByStroke } from "./stroke-order";

export type { Post };

// ---------------------------------------------------------------------------------------------
// The negative list.

/** BAR = 不能 (hard bar: elected anyway → 当选无效, NEG-ZJ13); CONCERN = 不宜 (decided case by case). */
export const SEVERITIES = ["BAR", "CONCERN"] as const;
export type Severity = (typeof SEVERITIES)[number];

export const SEVERITY_LABEL: Record<Severity, string> = { BAR: "不能", CONCERN: "不宜" };

/** The county departments that answer in joint vetting (白玉 S0 and 新化 XH name 16 units; docs/rules/joint-vetting.md). */
export const VETTING_DEPARTMENTS = [
  "县纪委监委",
  "县委组织部",
  "县委统战部",
  "县委政法委",
  "县公安局",
  "县人民法院",
  "县人民检察院",
  "县司法局",
  "县信访局",
  "县卫生健康局",
  "县民政局",
  "县自然资源局",
  "县农业农村局",
  "县审计局",
  "县市场监管局",
  "县人社局",
] as const;
export type VettingDepartment = (typeof VETTING_DEPARTMENTS)[number];

export type ConditionTemplate = {
  /** "SB01".."SB10" for 十不选; a letter suffix when one item bundles facts owned by different departments. */
  code: string;
  text: string;
  severity: Severity;
  /** Years looked back from today; null when the source gives none (or the window is the penalty's own 影响期). */
  lookbackYears: number | null;
  /**
   * The department that holds the evidence of record for this fact; null for a catch-all, which no
   * department's 无异议 can contradict.
   */
  ownerDepartment: VettingDepartment | null;
  basis: string;
};

const TEN = (item: number) => `“十不选”负面清单（2020年12月）第${item}条`;

/**
 * "十不选" (docs/rules/joint-vetting.md, negative list A). Owners follow its department table; where that is [INFER] the
 * comment says why. Severities follow 十不选 itself: items 1-6 and 8 and the 违法用地 / 失信 parts of 9 are
 * 不能, items 7 and 10 are 不宜; the one judgement call (SB09B) is explained at its entry.
 */
export const DEFAULT_NEGATIVE_LIST: readonly ConditionTemplate[] = [
  {
    // Political reliability is judged in the 组织部's 考察 (docs/rules/joint-vetting.md: 组织部 checks Party membership and 组织处理).
    code: "SB01",
    text: "对党不忠诚，政治上的“两面人”，散布违背党的理论和路线方针政策的言论，公开发表反对党中央决策部署的言论，编造、传播政治谣言",
    severity: "BAR",
    lookbackYears: null,
    ownerDepartment: "县委组织部",
    basis: TEN(1),
  },
  {
    // Judgments are the court's documents of record; a police database can only echo them (docs/rules/joint-vetting.md).
    code: "SB02A",
    text: "受过刑事处罚",
    severity: "BAR",
    lookbackYears: null,
    ownerDepartment: "县人民法院",
    basis: TEN(2),
  },
  {
    code: "SB02B",
    text: "存在“村霸”和涉黑涉恶等问题",
    severity: "BAR",
    lookbackYears: null,
    ownerDepartment: "县委政法委",
    basis: TEN(2),
  },
  {
    // The 影响期 is fixed by the penalty itself, so there is no list-wide look-back.
    code: "SB03A",
    text: "受到党纪政务处分仍在影响期内",
    severity: "BAR",
    lookbackYears: null,
    ownerDepartment: "县纪委监委",
    basis: TEN(3),
  },
  {
    code: "SB03B",
    text: "受到组织处理仍在影响期内",
    severity: "BAR",
    lookbackYears: null,
    ownerDepartment: "县委组织部",
    basis: TEN(3),
  },
  {
    // 十不选 makes this 不能; the older NEG-6+6 list (joint-vetting.md list B, 不宜 1) had 立案审查 as 不宜. A county that
    // follows the older list changes the severity in its own list; the default follows the 2020 text.
    code: "SB03C",
    text: "因涉嫌严重违纪违法正在接受审查调查",
    severity: "BAR",
    lookbackYears: null,
    ownerDepartment: "县纪委监委",
    basis: TEN(3),
  },
  {
    // Religious and clan interference belongs to 统战部 (民宗) (docs/rules/joint-vetting.md).
    code: "SB04A",
    text: "组织、参与非法宗教活动，或者利用宗族宗派宗教势力干扰基层组织",
    severity: "BAR",
    lookbackYears: null,
    ownerDepartment: "县委统战部",
    basis: TEN(4),
  },
  {
    code: "SB04B",
    text: "组织、参与邪教、封建迷信和黄赌毒等活动",
    severity: "BAR",
    lookbackYears: null,
    ownerDepartment: "县公安局",
    basis: TEN(4),
  },
  {
    // Vote-buying and manipulation reports during the 换届 go to the 纪委监委 (十严禁 cases, docs/rules/joint-vetting.md).
    code: "SB05",
    text: "非法串联拉票、贿选，或者操纵、破坏选举",
    severity: "BAR",
    lookbackYears: null,
    ownerDepartment: "县纪委监委",
    basis: TEN(5),
  },
  {
    code: "SB06A",
    text: "组织、煽动、参与群体性事件，或者因扰乱公共秩序、妨害公务等被处理",
    severity: "BAR",
    lookbackYears: null,
    ownerDepartment: "县公安局",
    basis: TEN(6),
  },
  {
    code: "SB06B",
    text: "组织、煽动、参与违法信访",
    severity: "BAR",
    lookbackYears: null,
    ownerDepartment: "县信访局",
    basis: TEN(6),
  },
  {
    // Accountability for neglect of duty (问责) is handled by the 纪委监委.
    code: "SB07A",
    text: "在疫情防控、防汛救灾等急难险重任务中玩忽职守、推诿阻挠",
    severity: "CONCERN",
    lookbackYears: null,
    ownerDepartment: "县纪委监委",
    basis: TEN(7),
  },
  {
    // 民主评议 and 罢免 of 村委会 members are 民政 business (VCOL).
    code: "SB07B",
    text: "本届任期内考核被评为不称职或者被罢免",
    severity: "CONCERN",
    lookbackYears: null,
    ownerDepartment: "县民政局",
    basis: TEN(7),
  },
  {
    code: "SB07C",
    text: "近3年内被评定为不合格党员",
    severity: "CONCERN",
    lookbackYears: 3,
    ownerDepartment: "县委组织部",
    basis: TEN(7),
  },
  {
    // Absence is known to the township; among the county departments the 民政局 collects the township's reports.
    code: "SB07D",
    text: "长期外出，无法正常履职",
    severity: "CONCERN",
    lookbackYears: null,
    ownerDepartment: "县民政局",
    basis: TEN(7),
  },
  {
    code: "SB08A",
    text: "截留挪用惠民资金，尚未整改到位",
    severity: "BAR",
    lookbackYears: null,
    ownerDepartment: "县审计局",
    basis: TEN(8),
  },
  {
    // 农村集体“三资” supervision sits with 农业农村 (docs/rules/joint-vetting.md [INFER]).
    code: "SB08B",
    text: "侵占集体财产，尚未整改到位",
    severity: "BAR",
    lookbackYears: null,
    ownerDepartment: "县农业农村局",
    basis: TEN(8),
  },
  {
    code: "SB09A",
    text: "严重违法用地、违章建房建墓，尚未整改到位",
    severity: "BAR",
    lookbackYears: null,
    ownerDepartment: "县自然资源局",
    basis: TEN(9),
  },
  {
    // 不宜, not 不能: neither joint-vetting.md list B nor C lists ecological damage as 不能, and C puts its nearest neighbour
    // (严重违法用地 拒不整改) among the 不宜; "严重" has no objective threshold, so the county judges it.
    // 生态环境局 is not one of the 16 units; 自然资源局 holds the 林地/矿产 cases.
    code: "SB09B",
    text: "近5年内严重破坏生态环境",
    severity: "CONCERN",
    lookbackYears: 5,
    ownerDepartment: "县自然资源局",
    basis: TEN(9),
  },
  {
    code: "SB09C",
    text: "被人民法院列入失信被执行人名单且尚未移出",
    severity: "BAR",
    lookbackYears: null,
    ownerDepartment: "县人民法院",
    basis: TEN(9),
  },
  {
    // A catch-all has no evidence owner: any department may raise it, and no 无异议 contradicts it.
    code: "SB10",
    text: "其他不宜提名为候选人的情形",
    severity: "CONCERN",
    lookbackYears: null,
    ownerDepartment: null,
    basis: TEN(10),
  },
];

// ---------------------------------------------------------------------------------------------
// Department opinions (docs/rules/joint-vetting.md, outcomes and conflicts).

export const OPINION_KINDS = ["NO_OBJECTION", "BAR", "CONCERN", "VERIFY", "NOT_APPLICABLE"] as const;
export type OpinionKind = (typeof OPINION_KINDS)[number];

export const OPINION_LABEL: Record<OpinionKind, string> = {
  NO_OBJECTION: "无异议",
  BAR: "存在不能情形",
  CONCERN: "存在不宜情形",
  VERIFY: "需核实",
  NOT_APPLICABLE: "非本部门职责",
};

/** A department's latest opinion on one candidate. A withdrawal is simply a newer opinion. */
export type CurrentOpinion = {
  id: string;
  departmentId: string;
  kind: OpinionKind;
  conditionCodes: string[];
  finding: string;
  /** YYYY-MM-DD, VERIFY only. */
  dueDate: string | null;
  /** ISO timestamp. */
  createdAt: string;
  /** The earlier round's name when this opinion was given there and still stands (docs/decisions/006). */
  fromRound?: string | null;
};

/**
 * How a candidate's record from earlier rounds counts in a later round (docs/decisions/006):
 * NONE — never vetted before; ALL — unchanged since an earlier round, so every department's last answer
 * there stands and nobody is asked again; FINDINGS — the round re-examines them (their data changed, or the
 * county asked), so a department's standing 不能, 不宜 or 需核实 still counts until that department withdraws it
 * with a newer opinion, while an earlier clean answer does not: the department answers again.
 */
export type Carry = "NONE" | "ALL" | "FINDINGS";

const STANDING_KINDS: readonly OpinionKind[] = ["BAR", "CONCERN", "VERIFY"];

/**
 * The opinion of each department that counts for a candidate in a round: its newest one in this round, else
 * what stands from earlier rounds under `carry`. Both lists in the order they were recorded.
 */
export function standingOpinions<T extends { departmentId: string; kind: OpinionKind }>(earlier: readonly T[], own: readonly T[], carry: Carry): T[] {
  const out = new Map<string, T>();
  if (carry !== "NONE") {
    const last = new Map<string, T>();
    for (const o of earlier) last.set(o.departmentId, o);
    for (const [d, o] of last) if (carry === "ALL" || STANDING_KINDS.includes(o.kind)) out.set(d, o);
  }
  for (const o of own) {
    out.delete(o.departmentId);
    out.set(o.departmentId, o);
  }
  return [...out.values()];
}

/** The latest opinion of each department (by createdAt, then id), in the order first seen. */
export function currentOpinions<T extends { id: string; departmentId: string; createdAt: string }>(all: readonly T[]): T[] {
  const latest = new Map<string, T>();
  for (const o of all) {
    const seen = latest.get(o.departmentId);
    if (!seen || o.createdAt > seen.createdAt || (o.createdAt === seen.createdAt && o.id > seen.id)) latest.set(o.departmentId, o);
  }
  return [...latest.values()];
}

/**
 * What is wrong with an opinion before it is recorded, in Chinese; empty when it can be recorded.
 * A BAR opinion may also cite 不宜 conditions (one department has one current opinion, so it must be able to
 * report everything it found), but needs at least one 不能 condition. A CONCERN opinion may cite a 不能
 * condition (a department that does not own the evidence, or is not sure it reaches the bar, reports it as
 * 不宜); that is allowed and the roll-up explanation points it out for the county.
 */
export function validateOpinion(
  o: { kind: OpinionKind; conditionCodes: string[]; finding: string; dueDate: string | null },
  conditions: readonly { code: string; severity: Severity; retired: boolean }[],
  today: string,
): string[] {
  if (!isCalendarDate(today)) throw new Error(`today must be YYYY-MM-DD, got ${today}`);
  if (!(OPINION_KINDS as readonly string[]).includes(o.kind)) return [`意见类型「${o.kind}」无效`];

  const out: string[] = [];
  const byCode = new Map(conditions.map((c) => [c.code, c]));
  const finding = o.finding.trim();

  if (o.kind === "NO_OBJECTION" || o.kind === "NOT_APPLICABLE") {
    if (o.conditionCodes.length > 0) {
      out.push(`“${OPINION_LABEL[o.kind]}”意见不能引用负面清单条目；如存在相关情形，请选择“${OPINION_LABEL.BAR}”或“${OPINION_LABEL.CONCERN}”`);
    }
  } else {
    const seen = new Set<string>();
    for (const code of o.conditionCodes) {
      if (seen.has(code)) {
        out.push(`条目 ${code} 重复引用`);
        continue;
      }
      seen.add(code);
      const c = byCode.get(code);
      if (!c) out.push(`负面清单中没有条目「${code}」`);
      else if (c.retired) out.push(`条目 ${code} 已停用，不能再引用`);
    }
    const usable = [...seen].map((code) => byCode.get(code)).filter((c) => c && !c.retired);

    if (o.kind === "BAR") {
      if (o.conditionCodes.length === 0) {
        out.push("“存在不能情形”意见须至少引用一条负面清单中的不能情形");
      } else if (usable.length > 0 && !usable.some((c) => c?.severity === "BAR")) {
        out.push(`所引用的条目（${usable.map((c) => c?.code).join("、")}）均属不宜情形，不能据此出具“存在不能情形”意见；请改为“存在不宜情形”`);
      }
      if (!finding) out.push("“存在不能情形”意见须写明查实的情况（事实、时间、文书编号等）");
    } else if (o.kind === "CONCERN") {
      if (o.conditionCodes.length === 0) out.push("“存在不宜情形”意见须至少引用一条负面清单条目");
      if (!finding) out.push("“存在不宜情形”意见须写明查实的情况（事实、时间、文书编号等）");
    } else if (!finding) {
      out.push("“需核实”意见须写明核实什么、向谁核实");
    }
  }

  if (o.kind === "VERIFY") {
    if (o.dueDate === null || o.dueDate.trim() === "") out.push("“需核实”意见须填写核实期限");
    else if (!isCalendarDate(o.dueDate)) out.push(`核实期限「${o.dueDate}」不是有效日期`);
    else if (o.dueDate < today) out.push(`核实期限 ${chineseDay(o.dueDate)} 早于今天（${chineseDay(today)}）`);
  } else if (o.dueDate !== null) {
    out.push("只有“需核实”意见填写核实期限");
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The roll-up (docs/rules/joint-vetting.md, outcomes and conflicts; edge cases 17-19).

export const ROLLUP_STATUSES = ["PENDING", "NEEDS_VERIFICATION", "CONFLICT", "DISQUALIFIED", "NEEDS_DECISION", "ELIGIBLE"] as const;
export type RollUpStatus = (typeof ROLLUP_STATUSES)[number];

export const ROLLUP_LABEL: Record<RollUpStatus, string> = {
  PENDING: "待审",
  NEEDS_VERIFICATION: "需核实",
  CONFLICT: "意见冲突",
  DISQUALIFIED: "不符合条件",
  NEEDS_DECISION: "待县换届办研判",
  ELIGIBLE: "符合条件",
};

export type RollUpInput = {
  /** The departments asked about this candidate (the panel). Opinions of other departments are ignored. */
  departments: { id: string; name: string }[];
  /** Current opinions; if a department appears twice its latest (createdAt, then id) counts. */
  opinions: CurrentOpinion[];
  /** Every condition an opinion may cite, retired ones included. */
  conditions: { code: string; text: string; severity: Severity; ownerDepartmentId: string | null }[];
  today: string;
  /** The county's decision on this candidate in an earlier round, shown so it is never silently lost. */
  previousDecision?: { decision: "APPROVED" | "REJECTED"; rationale: string | null; roundName: string; stands: boolean } | null;
};

export type Conflict = { code: string; findingBy: string[]; deniedBy: string[] };

export type RollUp = {
  status: RollUpStatus;
  /** Department ids with no opinion, in panel order. */
  missing: string[];
  /** Department ids whose VERIFY due date is before today. */
  overdueVerifications: string[];
  conflicts: Conflict[];
  explanation: string[];
};

/** One fact reported by one department: a cited condition with the weight it carries in the roll-up. */
type Finding = {
  departmentId: string;
  code: string;
  /** BAR only when a BAR opinion cites a 不能 condition (or a code the list no longer knows). */
  weight: Severity;
  /** The owner of the evidence who answered 无异议, when it is another department. */
  deniedBy: string | null;
};

/**
 * One status per candidate, with the reasons in plain Chinese. Precedence: an uncontested 不能 finding
 * vetoes (DISQUALIFIED) whatever else is open; then a fact the evidence owner denies (CONFLICT); then an
 * open 需核实 (NEEDS_VERIFICATION); then silent departments (PENDING); then 不宜 (NEEDS_DECISION); else ELIGIBLE.
 *
 * Conflicts are per fact: a cited condition is contradicted when the department that owns its evidence
 * answered 无异议 (NOT_APPLICABLE is not a denial). A BAR opinion vetoes only through a 不能 condition nobody
 * denies; if every 不能 condition it cites is denied, the 不能 claim is disputed and the county asks both
 * departments to verify; the document of record outranks database absence (docs/rules/joint-vetting.md). A contradicted 不宜
 * fact is a conflict too, so the county never weighs a concern on a disputed fact.
 */
export function rollUp(input: RollUpInput): RollUp {
  const { departments, conditions, today } = input;
  if (!isCalendarDate(today)) throw new Error(`today must be YYYY-MM-DD, got ${today}`);

  const inPanel = new Set(departments.map((d) => d.id));
  const nameOf = new Map(departments.map((d) => [d.id, d.name]));
  const name = (id: string) => nameOf.get(id) ?? id;
  const conditionOf = new Map(conditions.map((c) => [c.code, c]));
  const opinionOf = new Map(currentOpinions(input.opinions.filter((o) => inPanel.has(o.departmentId))).map((o) => [o.departmentId, o]));

  const describe = (code: string) => {
    const c = conditionOf.get(code);
    return c ? `${code} ${c.text}` : `${code}（负面清单中无此条目）`;
  };

  // Findings of every BAR and CONCERN opinion.
  const findings: Finding[] = [];
  for (const d of departments) {
    const o = opinionOf.get(d.id);
    if (!o || (o.kind !== "BAR" && o.kind !== "CONCERN")) continue;
    // A BAR opinion without codes cannot have been validated, but a veto must not vanish with its citation.
    const codes = o.conditionCodes.length > 0 ? [...new Set(o.conditionCodes)] : [""];
    for (const code of codes) {
      const c = conditionOf.get(code);
      const weight: Severity = o.kind === "BAR" && (!c || c.severity === "BAR") ? "BAR" : "CONCERN";
      const owner = c?.ownerDepartmentId ?? null;
      const deniedBy = owner && owner !== d.id && opinionOf.get(owner)?.kind === "NO_OBJECTION" ? owner : null;
      findings.push({ departmentId: d.id, code, weight, deniedBy });
    }
  }

  const vetoes = findings.filter((f) => f.weight === "BAR" && !f.deniedBy);
  const denied = findings.filter((f) => f.deniedBy);
  const concerns = findings.filter((f) => f.weight === "CONCERN" && !f.deniedBy);

  const conflictByCode = new Map<string, Conflict>();
  for (const f of denied) {
    const c = conflictByCode.get(f.code) ?? { code: f.code, findingBy: [], deniedBy: [] };
    if (!c.findingBy.includes(f.departmentId)) c.findingBy.push(f.departmentId);
    if (f.deniedBy && !c.deniedBy.includes(f.deniedBy)) c.deniedBy.push(f.deniedBy);
    conflictByCode.set(f.code, c);
  }
  const conflicts = [...conflictByCode.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));

  const verifying = departments.filter((d) => opinionOf.get(d.id)?.kind === "VERIFY").map((d) => d.id);
  const overdueVerifications = verifying.filter((id) => {
    const due = opinionOf.get(id)?.dueDate;
    return !!due && due < today;
  });
  const missing = departments.filter((d) => !opinionOf.has(d.id)).map((d) => d.id);

  let status: RollUpStatus;
  if (departments.length === 0) status = "PENDING";
  else if (vetoes.length > 0) status = "DISQUALIFIED";
  else if (conflicts.length > 0) status = "CONFLICT";
  else if (verifying.length > 0) status = "NEEDS_VERIFICATION";
  else if (missing.length > 0) status = "PENDING";
  else if (concerns.length > 0) status = "NEEDS_DECISION";
  else status = "ELIGIBLE";

  const names = (ids: Iterable<string>) => [...new Set(ids)].map(name).join("、");
  const codeList = (fs: Finding[]) => [...new Set(fs.map((f) => f.code || "（未引用条目）"))].join("、");

  // Headline: the status and the one reason that decided it.
  const explanation: string[] = [];
  switch (status) {
    case "DISQUALIFIED":
      explanation.push(
        `结论：${ROLLUP_LABEL[status]}。${names(vetoes.map((f) => f.departmentId))}报告的不能情形（${codeList(vetoes)}）没有被掌握证据的部门否定，一票否决；如经核实不属实，须由出具意见的部门出具新的意见撤回`,
      );
      break;
    case "CONFLICT":
      explanation.push(
        `结论：${ROLLUP_LABEL[status]}。部门对同一事实（${conflicts.map((c) => c.code).join("、")}）意见不一致，须由县换届办通知双方核实；以生效裁判文书等书面证据为准，数据库中查无记录不足以否定书面证据`,
      );
      break;
    case "NEEDS_VERIFICATION":
      explanation.push(`结论：${ROLLUP_LABEL[status]}。${names(verifying)}正在核实，核实完成前不能作出结论`);
      break;
    case "PENDING":
      explanation.push(
        departments.length === 0
          ? `结论：${ROLLUP_LABEL[status]}。尚未确定参加联审的部门`
          : `结论：${ROLLUP_LABEL[status]}。尚有 ${missing.length} 个部门未答复，全部答复后才能得出结论`,
      );
      break;
    case "NEEDS_DECISION":
      explanation.push(
        `结论：${ROLLUP_LABEL[status]}。${names(concerns.map((f) => f.departmentId))}报告存在不宜情形（${codeList(concerns)}），须由县换届办集体研判，并记录决定和理由`,
      );
      break;
    case "ELIGIBLE":
      explanation.push(`结论：${ROLLUP_LABEL[status]}。全部 ${departments.length} 个部门均答复无异议或非本部门职责`);
      break;
  }

  // Each department's answer, in panel order.
  for (const d of departments) {
    const o = opinionOf.get(d.id);
    if (!o) continue;
    let line = `${d.name}：${OPINION_LABEL[o.kind]}`;
    const codes = o.kind === "NO_OBJECTION" || o.kind === "NOT_APPLICABLE" ? [] : [...new Set(o.conditionCodes)];
    if (codes.length > 0) line += `（${codes.map(describe).join("；")}）`;
    if (o.kind === "VERIFY") {
      if (o.dueDate && isCalendarDate(o.dueDate)) {
        line += `（核实期限 ${chineseDay(o.dueDate)}${o.dueDate < today ? "，已逾期" : ""}）`;
      } else {
        line += "（未定核实期限）";
      }
    }
    const finding = o.finding.trim();
    if (finding) line += `：${finding}`;
    if (o.fromRound) line += `（「${o.fromRound}」出具，继续有效）`;
    explanation.push(line);
  }
  const prev = input.previousDecision;
  if (prev) {
    const label = prev.decision === "APPROVED" ? "通过" : "不通过";
    explanation.push(
      prev.stands
        ? `前轮「${prev.roundName}」县换届办决定：${label}${prev.rationale ? `（${prev.rationale}）` : ""}；该决定继续有效，改变须写明理由`
        : `前轮「${prev.roundName}」县换届办决定：${label}${prev.rationale ? `（${prev.rationale}）` : ""}；本轮重新审查，改变前轮决定须写明理由`,
    );
  }

  for (const c of conflicts) {
    explanation.push(
      `意见冲突：${describe(c.code)}——${names(c.findingBy)}报告存在该情形，而掌握该项证据的${names(c.deniedBy)}答复无异议；请双方核实，以书面证据为准`,
    );
  }
  for (const f of findings) {
    const o = opinionOf.get(f.departmentId);
    if (o?.kind === "CONCERN" && conditionOf.get(f.code)?.severity === "BAR") {
      explanation.push(`请注意：${name(f.departmentId)}将不能情形 ${describe(f.code)} 按不宜情形报告，由县换届办研判是否属实、是否构成不能情形`);
    }
    if (o && !f.code) {
      explanation.push(`请注意：${name(f.departmentId)}的“${OPINION_LABEL[o.kind]}”意见未引用负面清单条目，请该部门补正`);
    }
  }
  if (overdueVerifications.length > 0) {
    explanation.push(
      `核实已逾期：${overdueVerifications.map((id) => `${name(id)}（期限 ${chineseDay(opinionOf.get(id)?.dueDate ?? today)}）`).join("、")}，请督促答复`,
    );
  }
  if (missing.length > 0) explanation.push(`尚未答复：${names(missing)}`);

  return { status, missing, overdueVerifications, conflicts, explanation };
}

// ---------------------------------------------------------------------------------------------
// The county's decision (docs/rules/joint-vetting.md; edge case 19: a 不宜 override is recorded with its rationale).

export const DECISIONS = ["APPROVE", "REJECT"] as const;
export type Decision = (typeof DECISIONS)[number];

export const DECISION_LABEL: Record<Decision, string> = { APPROVE: "通过", REJECT: "不通过" };

/** Shortest rationale accepted where one is required. */
export const MIN_RATIONALE_LENGTH = 5;

/**
 * Why the county may not take this decision now, in Chinese; null when it may. `previous` is the county's
 * decision on the same candidate in an earlier round: turning it round needs a written reason.
 */
export function decisionProblem(status: RollUpStatus, decision: Decision, rationale: string, previous: Decision | null = null): string | null {
  if (!(DECISIONS as readonly string[]).includes(decision)) return `决定「${decision}」无效`;
  const reasoned = [...rationale.trim()].length >= MIN_RATIONALE_LENGTH;
  const rule = ruleProblem(status, decision, reasoned);
  if (rule) return rule;
  if (previous && previous !== decision && !reasoned) {
    return `县换届办此前的决定是“${DECISION_LABEL[previous]}”，改变该决定须写明理由（至少 ${MIN_RATIONALE_LENGTH} 个字）`;
  }
  return null;
}

function ruleProblem(status: RollUpStatus, decision: Decision, reasoned: boolean): string | null {
  switch (status) {
    case "PENDING":
      return "仍有部门未答复，全部部门出具意见后才能作出决定";
    case "NEEDS_VERIFICATION":
      return "有部门意见为需核实，核实完成并出具意见后才能作出决定";
    case "CONFLICT":
      return "部门意见存在冲突，须由县换届办通知相关部门核实、意见一致后才能作出决定";
    case "DISQUALIFIED":
      return decision === "APPROVE" ? "不能情形须由出具意见的部门撤回后才能通过" : null;
    case "ELIGIBLE":
      return decision === "REJECT" ? "各部门均无异议，没有不通过的依据；如发现新情况，请由相关部门出具意见" : null;
    case "NEEDS_DECISION":
      if (reasoned) return null;
      return decision === "APPROVE"
        ? `存在不宜情形，通过须写明研判理由（至少 ${MIN_RATIONALE_LENGTH} 个字）`
        : `存在不宜情形，不通过须写明研判理由（至少 ${MIN_RATIONALE_LENGTH} 个字）`;
  }
}

// ---------------------------------------------------------------------------------------------
// The formal slate (正式候选人) with 递补 (docs/rules/joint-vetting.md; edge cases 14 and 17).

export type SlateCandidate = {
  id: string;
  name: string;
  post: Post;
  nominationVotes: number | null;
  /** 联名人数, shown beside the votes when the county must reduce a post. */
  nominatorCount?: number | null;
  decision: "APPROVED" | "REJECTED" | null;
};

/**
 * How the county reduces a post whose approved candidates exceed seats + the largest margin
 * (docs/rules/nomination-and-candidates.md): by 提名得票, or by a recorded 预选 (votes per candidate id). A tie at the cut-off is never
 * broken by the app: `tieWinners` names whom the county puts on the list after deciding it locally.
 */
export type Reduction = {
  by: "NOMINATION_VOTES" | "PRESELECTION";
  preselectionVotes?: Record<string, number>;
  tieWinners?: string[];
};

export const REDUCTION_LABEL: Record<Reduction["by"], string> = { NOMINATION_VOTES: "提名得票", PRESELECTION: "预选得票" };

export type SlateInput = {
  seats: Record<Post, number>;
  margins: RuleValues["margins"];
  method: "CONTESTED" | "SELF_NOMINATION";
  candidates: SlateCandidate[];
  reduction?: Reduction | null;
};

export type Slate = {
  formal: { id: string; post: Post; rank: number; replacement: boolean }[];
  dropped: { id: string; post: Post; reason: "REJECTED" | "UNDECIDED" | "BEYOND_QUOTA" }[];
  explanation: string[];
  /** Why the list cannot be fixed yet (a post to reduce without a usable choice); empty when it can. */
  held: string[];
  /** Each reduced post, with the numbers it was decided on (for the audit log). */
  reductions: {
    post: Post;
    by: Reduction["by"];
    chosen: { id: string; votes: number }[];
    left: { id: string; votes: number }[];
    tie: { votes: number; ids: string[]; winners: string[] } | null;
  }[];
};

/** Nomination vote rank: votes desc, unknown votes last, then 姓氏笔画, then id. */
function byRank(a: SlateCandidate, b: SlateCandidate): number {
  const va = a.nominationVotes;
  const vb = b.nominationVotes;
  if (va !== vb) {
    if (va === null) return 1;
    if (vb === null) return -1;
    return vb - va;
  }
  return compareByStroke(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

const votesText = (v: number | null) => (v === null ? "未录入得票" : `${v} 票`);

const countsText = (c: SlateCandidate) =>
  `${c.name}（${c.nominationVotes === null ? "未录入提名得票" : `提名得票 ${c.nominationVotes} 票`}${typeof c.nominatorCount === "number" ? `，联名 ${c.nominatorCount} 人` : ""}）`;

type Reduced = { chosen: SlateCandidate[]; left: SlateCandidate[]; tie: Slate["reductions"][number]["tie"]; scoreOf: (c: SlateCandidate) => number };

/** Applies the county's reduction to one post's approved candidates, or says why it cannot. */
function reducePost(label: string, approved: SlateCandidate[], quota: number, reduction: Reduction | null | undefined): Reduced | { held: string } {
  const list = approved.map(countsText).join("、");
  if (!reduction) {
    return {
      held: `${label}：通过资格联审 ${approved.length} 名，超过正式候选人最多 ${quota} 名，须由县换届办确定减少方式（按提名得票排序，或录入预选结果）：${list}`,
    };
  }
  const basis = REDUCTION_LABEL[reduction.by];
  const score = (c: SlateCandidate): number | null => (reduction.by === "NOMINATION_VOTES" ? c.nominationVotes : (reduction.preselectionVotes?.[c.id] ?? null));
  const missing = approved.filter((c) => score(c) === null);
  if (missing.length > 0) {
    const names = missing.map((c) => c.name).join("、");
    return {
      held:
        reduction.by === "NOMINATION_VOTES"
          ? `${label}：${names} 未录入提名得票，不能按提名得票排序；请补录提名得票，或录入预选结果：${list}`
          : `${label}：请录入 ${names} 的预选得票`,
    };
  }
  const scoreOf = (c: SlateCandidate) => score(c)!;
  const sorted = [...approved].sort((a, b) => scoreOf(b) - scoreOf(a) || byRank(a, b));
  const cut = scoreOf(sorted[quota - 1]!);
  let chosen = sorted.slice(0, quota);
  let tie: Reduced["tie"] = null;
  if (scoreOf(sorted[quota]!) === cut) {
    const group = sorted.filter((c) => scoreOf(c) === cut);
    const above = sorted.filter((c) => scoreOf(c) > cut);
    const need = quota - above.length;
    const winners = group.filter((c) => reduction.tieWinners?.includes(c.id));
    if (winners.length !== need) {
      return {
        held: `${label}：${group.map((c) => c.name).join("、")} ${basis}相同（均为 ${cut} 票），争 ${need} 个名额，不能自动确定；请按本地规定（如村民会议表决）决定后，选定列入正式候选人的 ${need} 名`,
      };
    }
    chosen = [...above, ...winners];
    tie = { votes: cut, ids: group.map((c) => c.id), winners: winners.map((c) => c.id) };
  }
  return { chosen, left: approved.filter((c) => !chosen.includes(c)), tie, scoreOf };
}

/**
 * Per post: rank every nominee, then fill the quota (seats + the largest margin) with the approved ones in
 * rank order. An approved nominee ranked beyond the quota who gets in moved up because someone above was
 * rejected or is still undecided (递补). When more are approved than the quota holds, nobody is cut by rank
 * alone: the county's `reduction` (提名得票 or 预选) decides with its numbers shown, a tie at the cut-off needs the
 * county's explicit choice, and without a usable reduction the post is `held`. 自荐直选 has no quota: every
 * approved 自荐人 stands. A post with no seats takes nobody. Undecided nominees are left out; the caller must
 * not fix the list while any remain, nor while anything is held.
 */
export function formalSlate(input: SlateInput): Slate {
  const formal: Slate["formal"] = [];
  const dropped: Slate["dropped"] = [];
  const explanation: string[] = [];
  const held: string[] = [];
  const reductions: Slate["reductions"] = [];
  const contested = input.method === "CONTESTED";

  for (const post of POSTS) {
    const ranked = input.candidates.filter((c) => c.post === post).sort(byRank);
    const seats = input.seats[post];
    const label = POST_LABEL[post];
    if (ranked.length === 0) {
      if (seats > 0) explanation.push(`${label}：应选 ${seats} 名，没有被提名人`);
      continue;
    }
    const margin = input.margins[post];
    const quota = !(seats > 0) ? 0 : contested ? seats + margin.max : Infinity;

    // More approved candidates than places: never cut silently; the county's reduction decides, with its numbers.
    const approved = ranked.filter((c) => c.decision === "APPROVED");
    if (contested && seats > 0 && approved.length > quota) {
      const r = reducePost(label, approved, quota, input.reduction);
      for (const c of ranked) if (c.decision !== "APPROVED") dropped.push({ id: c.id, post, reason: c.decision === "REJECTED" ? "REJECTED" : "UNDECIDED" });
      if ("held" in r) {
        held.push(r.held);
        for (const c of approved) dropped.push({ id: c.id, post, reason: "BEYOND_QUOTA" });
        continue;
      }
      const by = input.reduction!.by;
      const basis = REDUCTION_LABEL[by];
      const nominationRank = (c: SlateCandidate) => ranked.indexOf(c) + 1;
      r.chosen.forEach((c, i) => {
        // By 提名得票 the usual rank stands, and moving up past a rejected nominee is a 递补; a 预选 sets its own order.
        const rank = by === "NOMINATION_VOTES" ? nominationRank(c) : i + 1;
        formal.push({ id: c.id, post, rank, replacement: by === "NOMINATION_VOTES" && rank > quota });
      });
      for (const c of r.left) dropped.push({ id: c.id, post, reason: "BEYOND_QUOTA" });
      const withVotes = (cs: SlateCandidate[]) => cs.map((c) => `${c.name}（${r.scoreOf(c)} 票）`).join("、");
      explanation.push(
        `${label}：应选 ${seats} 名，正式候选人最多 ${quota} 名，通过资格联审 ${approved.length} 名，按${basis}确定 ${r.chosen.length} 名：${withVotes(r.chosen)}；${withVotes(r.left)} 不列入正式候选人`,
      );
      if (r.tie) {
        const names = (ids: string[]) => ids.map((id) => approved.find((c) => c.id === id)!.name).join("、");
        explanation.push(`${label}：${names(r.tie.ids)} ${basis}相同（均为 ${r.tie.votes} 票），由县换届办按本地规定选定 ${names(r.tie.winners)} 列入`);
      }
      // By 提名得票, a place vacated within the quota went to the next-ranked approved nominee (递补).
      const vacated = by === "NOMINATION_VOTES" ? ranked.filter((c) => c.decision !== "APPROVED" && nominationRank(c) <= quota) : [];
      const movedUp = by === "NOMINATION_VOTES" ? r.chosen.filter((c) => nominationRank(c) > quota) : [];
      for (const c of ranked) {
        if (c.decision === "APPROVED") continue;
        const why = c.decision === "REJECTED" ? "未通过资格联审" : "资格联审尚未结束";
        const i = vacated.indexOf(c);
        const fill = i >= 0 ? (movedUp[i] ? `，由得票次高的${movedUp[i].name}递补` : "，无人可递补") : "";
        explanation.push(`${label}：${c.name} ${why}${fill}`);
      }
      reductions.push({
        post,
        by,
        tie: r.tie,
        chosen: r.chosen.map((c) => ({ id: c.id, votes: r.scoreOf(c) })),
        left: r.left.map((c) => ({ id: c.id, votes: r.scoreOf(c) })),
      });
      continue;
    }

    const chosen: { c: SlateCandidate; rank: number }[] = [];
    // Contested only: rejected or undecided nominees within the quota, whose places go to 递补.
    const vacated: SlateCandidate[] = [];
    ranked.forEach((c, i) => {
      const rank = i + 1;
      if (c.decision === "APPROVED") {
        if (chosen.length < quota) {
          chosen.push({ c, rank });
          formal.push({ id: c.id, post, rank, replacement: rank > quota });
        } else {
          dropped.push({ id: c.id, post, reason: "BEYOND_QUOTA" });
        }
      } else {
        dropped.push({ id: c.id, post, reason: c.decision === "REJECTED" ? "REJECTED" : "UNDECIDED" });
        if (contested && rank <= quota) vacated.push(c);
      }
    });

    if (!(seats > 0)) {
      explanation.push(`${label}：未设该职位（应选 0 名），${ranked.map((c) => c.name).join("、")} 不列入正式候选人`);
      continue;
    }

    const formalNames = chosen.map((x) => x.c.name).join("、") || "无";
    explanation.push(
      contested
        ? `${label}：应选 ${seats} 名，正式候选人最多 ${seats + margin.max} 名，确定 ${chosen.length} 名：${formalNames}`
        : `${label}：自荐直选，应选 ${seats} 名，通过资格联审的自荐人 ${chosen.length} 名：${formalNames}`,
    );

    // Pair each vacated place with the nominee who moved up into it, in rank order.
    const replacements = chosen.filter((x) => x.rank > quota);
    vacated.forEach((v, i) => {
      const by = replacements[i]?.c;
      const why = v.decision === "REJECTED" ? "未通过资格联审" : "资格联审尚未结束";
      const fill = by ? `，由得票次高的${by.name}递补` : "，无人可递补";
      const caveat = v.decision === null && by ? `（${v.name}联审结果确定后须重新确定名单）` : "";
      explanation.push(`${label}：${v.name} ${why}${fill}${caveat}`);
    });
    for (const c of ranked) {
      if (c.decision === "REJECTED" && !vacated.includes(c)) explanation.push(`${label}：${c.name} 未通过资格联审`);
      if (c.decision === null && !vacated.includes(c)) explanation.push(`${label}：${c.name} 资格联审尚未结束`);
    }
    const beyond = ranked.filter((c) => c.decision === "APPROVED" && !chosen.some((x) => x.c === c));
    if (beyond.length > 0) {
      explanation.push(`${label}：${beyond.map((c) => `${c.name}（${votesText(c.nominationVotes)}）`).join("、")} 得票排名在名额之外，不列入正式候选人`);
    }

    // A tie across the cut-off was broken by stroke order only; the rules leave it to the voters (stage 12).
    const last = chosen[chosen.length - 1]?.c;
    const next = beyond[0];
    if (contested && last && next && last.nominationVotes === next.nominationVotes) {
      explanation.push(
        `${label}：${last.name} 与 ${next.name} ${next.nominationVotes === null ? "均未录入得票" : `得票相同（均为 ${next.nominationVotes} 票）`}，名额暂按姓氏笔画确定；应按本地规定（如村民会议表决）决定`,
      );
    }

    if (contested && chosen.length < seats + margin.min) {
      explanation.push(
        `${label}：应选 ${seats} 名，正式候选人至少应有 ${seats + margin.min} 名（差额至少 ${margin.min} 名），目前只有 ${chosen.length} 名，须补充提名或依法延期`,
      );
    } else if (!contested && chosen.length < seats) {
      explanation.push(`${label}：通过资格联审的自荐人 ${chosen.length} 名，少于应选 ${seats} 名`);
    }
  }

  return { formal, dropped, explanation, held, reductions };
}
