import { describe, expect, it } from "vitest";
import { DEFAULT_RULES } from "./rule-pack";
import {
  currentOpinions,
  decisionProblem,
  DECISIONS,
  DEFAULT_NEGATIVE_LIST,
  formalSlate,
  OPINION_KINDS,
  OPINION_LABEL,
  rollUp,
  ROLLUP_LABEL,
  ROLLUP_STATUSES,
  SEVERITY_LABEL,
  standingOpinions,
  validateOpinion,
  VETTING_DEPARTMENTS,
  type CurrentOpinion,
  type Decision,
  type OpinionKind,
  type RollUpInput,
  type RollUpStatus,
  type SlateCandidate,
  type SlateInput,
} from "./vetting";

// --- fixtures -------------------------------------------------------------------------------

const TODAY = "2026-03-01";

/** Department ids are "d-" + the name, so expectations read like the explanation. */
const dep = (name: string) => `d-${name}`;
const PANEL = VETTING_DEPARTMENTS.map((name) => ({ id: dep(name), name }));

const CONDITIONS: RollUpInput["conditions"] = DEFAULT_NEGATIVE_LIST.map((c) => ({
  code: c.code,
  text: c.text,
  severity: c.severity,
  ownerDepartmentId: c.ownerDepartment ? dep(c.ownerDepartment) : null,
}));

let seq = 0;
function op(department: string, kind: OpinionKind, extra: Partial<CurrentOpinion> = {}): CurrentOpinion {
  seq++;
  return {
    id: `o-${String(seq).padStart(4, "0")}`,
    departmentId: dep(department),
    kind,
    conditionCodes: [],
    finding: "",
    dueDate: null,
    createdAt: `2026-02-20T08:00:${String(seq % 60).padStart(2, "0")}.000Z`,
    ...extra,
  };
}

/** Every panel department answers 无异议 unless overridden; `omit` leaves departments silent. */
function answers(overrides: CurrentOpinion[], omit: string[] = []): CurrentOpinion[] {
  const given = new Set(overrides.map((o) => o.departmentId));
  const rest = VETTING_DEPARTMENTS.filter((n) => !given.has(dep(n)) && !omit.includes(n)).map((n) => op(n, "NO_OBJECTION"));
  return [...rest, ...overrides];
}

const run = (opinions: CurrentOpinion[], extra: Partial<RollUpInput> = {}) =>
  rollUp({ departments: PANEL, opinions, conditions: CONDITIONS, today: TODAY, ...extra });

const CRIMINAL = "2019年因盗窃罪被判处有期徒刑一年";

// --- the default negative list ---------------------------------------------------------------

describe("DEFAULT_NEGATIVE_LIST", () => {
  const item = (code: string) => Number(/^SB(\d\d)/.exec(code)?.[1]);

  it("covers all ten items of 十不选 and nothing else", () => {
    expect([...new Set(DEFAULT_NEGATIVE_LIST.map((c) => item(c.code)))].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it("has unique, well-formed codes whose basis cites the same item", () => {
    const codes = DEFAULT_NEGATIVE_LIST.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of DEFAULT_NEGATIVE_LIST) {
      expect(c.code).toMatch(/^SB(0[1-9]|10)[A-Z]?$/);
      expect(c.basis).toBe(`“十不选”负面清单（2020年12月）第${item(c.code)}条`);
      expect(c.text.trim().length).toBeGreaterThan(4);
    }
  });

  it("splits an item only into lettered sub-codes, never mixing a bare code with letters", () => {
    for (let n = 1; n <= 10; n++) {
      const codes = DEFAULT_NEGATIVE_LIST.filter((c) => item(c.code) === n).map((c) => c.code);
      if (codes.length > 1) expect(codes.every((c) => /[A-Z]$/.test(c))).toBe(true);
      else expect(codes[0]).toMatch(/^SB\d\d$/);
    }
  });

  it("names one of the 16 county departments as the evidence owner of every condition", () => {
    expect(VETTING_DEPARTMENTS).toHaveLength(16);
    for (const c of DEFAULT_NEGATIVE_LIST) if (c.code !== "SB10") expect(VETTING_DEPARTMENTS).toContain(c.ownerDepartment);
    expect(DEFAULT_NEGATIVE_LIST.find((c) => c.code === "SB10")?.ownerDepartment).toBeNull();
  });

  it("gives the bundled facts of item 2 to the court and the 政法委", () => {
    const owner = (code: string) => DEFAULT_NEGATIVE_LIST.find((c) => c.code === code)?.ownerDepartment;
    expect(owner("SB02A")).toBe("县人民法院");
    expect(owner("SB02B")).toBe("县委政法委");
    expect(owner("SB09C")).toBe("县人民法院");
  });

  it("makes items 1-6 and 8 and the 违法用地/失信 parts of item 9 不能, items 7 and 10 不宜", () => {
    for (const c of DEFAULT_NEGATIVE_LIST) {
      const n = item(c.code);
      if ([1, 2, 3, 4, 5, 6, 8].includes(n)) expect(c.severity, c.code).toBe("BAR");
      if ([7, 10].includes(n)) expect(c.severity, c.code).toBe("CONCERN");
    }
    const sev = (code: string) => DEFAULT_NEGATIVE_LIST.find((c) => c.code === code)?.severity;
    expect(sev("SB09A")).toBe("BAR");
    expect(sev("SB09C")).toBe("BAR");
    expect(sev("SB09B")).toBe("CONCERN"); // the documented judgement call
  });

  it("carries the look-back periods the source gives", () => {
    const years = (code: string) => DEFAULT_NEGATIVE_LIST.find((c) => c.code === code)?.lookbackYears;
    expect(years("SB07C")).toBe(3);
    expect(years("SB09B")).toBe(5);
    expect(years("SB02A")).toBeNull();
  });

  it("labels severities and opinions in Chinese", () => {
    expect(SEVERITY_LABEL).toEqual({ BAR: "不能", CONCERN: "不宜" });
    expect(OPINION_KINDS.map((k) => OPINION_LABEL[k])).toEqual(["无异议", "存在不能情形", "存在不宜情形", "需核实", "非本部门职责"]);
    expect(ROLLUP_STATUSES.map((s) => ROLLUP_LABEL[s])).toEqual(["待审", "需核实", "意见冲突", "不符合条件", "待县换届办研判", "符合条件"]);
  });
});

// --- validateOpinion ---------------------------------------------------------------------------

describe("validateOpinion", () => {
  const conds = [
    ...DEFAULT_NEGATIVE_LIST.map((c) => ({ code: c.code, severity: c.severity, retired: false })),
    { code: "OLD1", severity: "BAR" as const, retired: true },
  ];
  const check = (o: Partial<Parameters<typeof validateOpinion>[0]> & { kind: OpinionKind }, today = TODAY) =>
    validateOpinion({ conditionCodes: [], finding: "", dueDate: null, ...o }, conds, today);

  it("accepts a well-formed opinion of every kind", () => {
    expect(check({ kind: "NO_OBJECTION" })).toEqual([]);
    expect(check({ kind: "NO_OBJECTION", finding: "经查询无刑事判决记录" })).toEqual([]);
    expect(check({ kind: "NOT_APPLICABLE" })).toEqual([]);
    expect(check({ kind: "BAR", conditionCodes: ["SB02A"], finding: CRIMINAL })).toEqual([]);
    expect(check({ kind: "CONCERN", conditionCodes: ["SB07D"], finding: "2023年起在外务工至今" })).toEqual([]);
    expect(check({ kind: "VERIFY", finding: "向户籍地派出所核实2018年治安处罚", dueDate: "2026-03-10" })).toEqual([]);
  });

  it("needs at least one 不能 condition and a finding for a BAR opinion", () => {
    expect(check({ kind: "BAR", finding: CRIMINAL })).toEqual(["“存在不能情形”意见须至少引用一条负面清单中的不能情形"]);
    expect(check({ kind: "BAR", conditionCodes: ["SB02A"], finding: "   " })).toEqual(["“存在不能情形”意见须写明查实的情况（事实、时间、文书编号等）"]);
    expect(check({ kind: "BAR", conditionCodes: ["SB07C", "SB07D"], finding: "x" })).toEqual([
      "所引用的条目（SB07C、SB07D）均属不宜情形，不能据此出具“存在不能情形”意见；请改为“存在不宜情形”",
    ]);
  });

  it("lets a BAR opinion also report 不宜 facts alongside a 不能 one", () => {
    expect(check({ kind: "BAR", conditionCodes: ["SB02A", "SB07D"], finding: CRIMINAL })).toEqual([]);
  });

  it("lets a CONCERN opinion cite a 不能 condition (the roll-up points it out instead)", () => {
    expect(check({ kind: "CONCERN", conditionCodes: ["SB02B"], finding: "群众反映有欺压村民行为，未经政法委认定" })).toEqual([]);
  });

  it("needs a code and a finding for a CONCERN opinion", () => {
    expect(check({ kind: "CONCERN" })).toEqual([
      "“存在不宜情形”意见须至少引用一条负面清单条目",
      "“存在不宜情形”意见须写明查实的情况（事实、时间、文书编号等）",
    ]);
  });

  it("refuses unknown, retired and repeated codes", () => {
    expect(check({ kind: "BAR", conditionCodes: ["SB99"], finding: "x" })).toEqual(["负面清单中没有条目「SB99」"]);
    expect(check({ kind: "BAR", conditionCodes: ["OLD1"], finding: "x" })).toEqual(["条目 OLD1 已停用，不能再引用"]);
    expect(check({ kind: "BAR", conditionCodes: ["SB02A", "SB02A"], finding: "x" })).toEqual(["条目 SB02A 重复引用"]);
    expect(check({ kind: "CONCERN", conditionCodes: ["sb07d"], finding: "x" })).toEqual(["负面清单中没有条目「sb07d」"]);
    expect(check({ kind: "VERIFY", conditionCodes: ["OLD1"], finding: "核实", dueDate: TODAY })).toEqual(["条目 OLD1 已停用，不能再引用"]);
  });

  it("does not add the 不宜-only complaint when the only cited codes are unusable", () => {
    expect(check({ kind: "BAR", conditionCodes: ["SB99", "OLD1"], finding: "x" })).toEqual(["负面清单中没有条目「SB99」", "条目 OLD1 已停用，不能再引用"]);
  });

  it("takes no codes with 无异议 or 非本部门职责", () => {
    expect(check({ kind: "NO_OBJECTION", conditionCodes: ["SB02A"] })).toEqual([
      "“无异议”意见不能引用负面清单条目；如存在相关情形，请选择“存在不能情形”或“存在不宜情形”",
    ]);
    expect(check({ kind: "NOT_APPLICABLE", conditionCodes: ["SB02A"] })).toHaveLength(1);
  });

  it("needs a due date of today or later and a finding for VERIFY", () => {
    expect(check({ kind: "VERIFY", finding: "核实信访记录" })).toEqual(["“需核实”意见须填写核实期限"]);
    expect(check({ kind: "VERIFY", finding: "核实信访记录", dueDate: TODAY })).toEqual([]);
    expect(check({ kind: "VERIFY", finding: "核实信访记录", dueDate: "2026-02-28" })).toEqual(["核实期限 2026年2月28日 早于今天（2026年3月1日）"]);
    expect(check({ kind: "VERIFY", finding: "核实信访记录", dueDate: "2026-02-30" })).toEqual(["核实期限「2026-02-30」不是有效日期"]);
    expect(check({ kind: "VERIFY", dueDate: "2026-03-05" })).toEqual(["“需核实”意见须写明核实什么、向谁核实"]);
  });

  it("refuses a due date on any other kind", () => {
    expect(check({ kind: "NO_OBJECTION", dueDate: "2026-03-05" })).toEqual(["只有“需核实”意见填写核实期限"]);
    expect(check({ kind: "BAR", conditionCodes: ["SB02A"], finding: CRIMINAL, dueDate: "2026-03-05" })).toEqual(["只有“需核实”意见填写核实期限"]);
  });

  it("refuses an unknown kind and a malformed today", () => {
    expect(check({ kind: "MAYBE" as OpinionKind })).toEqual(["意见类型「MAYBE」无效"]);
    expect(() => check({ kind: "NO_OBJECTION" }, "2026-3-1")).toThrow(/YYYY-MM-DD/);
  });
});

// --- currentOpinions ---------------------------------------------------------------------------

describe("currentOpinions", () => {
  it("keeps the latest opinion of each department", () => {
    const old = op("县公安局", "BAR", { createdAt: "2026-02-01T00:00:00.000Z" });
    const newer = op("县公安局", "NO_OBJECTION", { createdAt: "2026-02-05T00:00:00.000Z" });
    const court = op("县人民法院", "NO_OBJECTION");
    expect(currentOpinions([newer, court, old])).toEqual([newer, court]);
    expect(currentOpinions([old, court, newer])).toEqual([newer, court]);
  });

  it("breaks a same-instant tie by id", () => {
    const a = op("县公安局", "BAR", { id: "o-a", createdAt: "2026-02-01T00:00:00.000Z" });
    const b = op("县公安局", "NO_OBJECTION", { id: "o-b", createdAt: "2026-02-01T00:00:00.000Z" });
    expect(currentOpinions([b, a])).toEqual([b]);
  });
});

describe("standingOpinions (a candidate's record across rounds)", () => {
  const police1 = op("县公安局", "BAR", { id: "p1", conditionCodes: ["SB06A"], finding: "2021年因扰乱公共秩序被行政拘留" });
  const court1 = op("县人民法院", "NO_OBJECTION", { id: "c1" });
  const civil1 = op("县民政局", "CONCERN", { id: "m1" });
  const audit1 = op("县审计局", "VERIFY", { id: "a1" });

  it("a candidate vetted for the first time has only this round's opinions", () => {
    expect(standingOpinions([police1, court1], [], "NONE")).toEqual([]);
  });

  it("an unchanged candidate keeps every department's last answer from the earlier round", () => {
    expect(standingOpinions([police1, court1, civil1], [], "ALL")).toEqual([police1, court1, civil1]);
  });

  it("a re-examined candidate keeps the standing 不能, 不宜 and 需核实 but is asked again where the answer was clean", () => {
    expect(standingOpinions([police1, court1, civil1, audit1], [], "FINDINGS")).toEqual([police1, civil1, audit1]);
  });

  it("an earlier finding the department withdrew does not stand; a newer opinion in this round replaces the earlier one", () => {
    const withdrawn = op("县公安局", "NO_OBJECTION", { id: "p2" });
    expect(standingOpinions([police1, withdrawn], [], "FINDINGS")).toEqual([]);
    const now = op("县公安局", "NO_OBJECTION", { id: "p3" });
    expect(standingOpinions([police1, court1], [now], "ALL")).toEqual([court1, now]);
  });

  it("the standing 不能 vetoes in the later round before anyone answers, and the earlier decision is named", () => {
    const r = run(standingOpinions([{ ...police1, fromRound: "第一批" }], [], "FINDINGS"), {
      previousDecision: { decision: "REJECTED", rationale: null, roundName: "第一批", stands: false },
    });
    expect(r.status).toBe("DISQUALIFIED");
    expect(r.explanation.join("\n")).toContain("（「第一批」出具，继续有效）");
    expect(r.explanation).toContain("前轮「第一批」县换届办决定：不通过；本轮重新审查，改变前轮决定须写明理由");
  });
});

// --- rollUp ------------------------------------------------------------------------------------

describe("rollUp", () => {
  const bar = (dept: string, codes: string[], finding = CRIMINAL) => op(dept, "BAR", { conditionCodes: codes, finding });
  const concern = (dept: string, codes: string[], finding = "2023年起在外务工至今") => op(dept, "CONCERN", { conditionCodes: codes, finding });
  const verify = (dept: string, dueDate: string) => op(dept, "VERIFY", { finding: "核实2024年越级上访是否被处理", dueDate });

  it("is ELIGIBLE when every department answers 无异议 or 非本部门职责", () => {
    const r = run(answers([op("县卫生健康局", "NOT_APPLICABLE"), op("县市场监管局", "NOT_APPLICABLE")]));
    expect(r).toMatchObject({ status: "ELIGIBLE", missing: [], overdueVerifications: [], conflicts: [] });
    expect(r.explanation[0]).toBe("结论：符合条件。全部 16 个部门均答复无异议或非本部门职责");
    expect(r.explanation).toContain("县卫生健康局：非本部门职责");
    expect(r.explanation).toContain("县人民法院：无异议");
  });

  it("is PENDING while a department has not answered, naming who", () => {
    const r = run(answers([], ["县信访局", "县审计局"]));
    expect(r.status).toBe("PENDING");
    expect(r.missing).toEqual([dep("县信访局"), dep("县审计局")]);
    expect(r.explanation).toContain("尚未答复：县信访局、县审计局");
    expect(r.explanation[0]).toBe("结论：待审。尚有 2 个部门未答复，全部答复后才能得出结论");
  });

  it("is PENDING with no departments on the panel, never ELIGIBLE", () => {
    const r = run([], { departments: [] });
    expect(r.status).toBe("PENDING");
    expect(r.explanation[0]).toContain("尚未确定参加联审的部门");
  });

  it("DISQUALIFIES on an uncontested 不能, whatever else is missing or being verified", () => {
    const r = run(answers([bar("县公安局", ["SB02A"]), verify("县信访局", "2026-03-10")], ["县人民法院", "县审计局"]));
    expect(r.status).toBe("DISQUALIFIED");
    expect(r.missing).toEqual([dep("县人民法院"), dep("县审计局")]);
    expect(r.conflicts).toEqual([]);
    expect(r.explanation).toContain(`县公安局：存在不能情形（SB02A 受过刑事处罚）：${CRIMINAL}`);
    expect(r.explanation[0]).toMatch(/^结论：不符合条件。县公安局报告的不能情形（SB02A）没有被掌握证据的部门否定，一票否决/);
    expect(r.explanation).toContain("尚未答复：县人民法院、县审计局");
  });

  it("DISQUALIFIES when the owner of the evidence itself reports the 不能", () => {
    expect(run(answers([bar("县人民法院", ["SB09C"], "列入失信被执行人名单，（2024）X0101执123号")])).status).toBe("DISQUALIFIED");
  });

  it("re-admits after the 不能 is withdrawn by a newer 无异议 from the same department", () => {
    // SB06A is the police's own condition, so nobody else's 无异议 contradicts it.
    const first = bar("县公安局", ["SB06A"], "2022年因妨害公务被行政拘留十日");
    first.createdAt = "2026-02-01T00:00:00.000Z";
    const withdrawal = op("县公安局", "NO_OBJECTION", { finding: "经核实系同名人员，撤回原意见", createdAt: "2026-02-10T00:00:00.000Z" });
    const r = run(answers([first, withdrawal]));
    expect(r.status).toBe("ELIGIBLE");
    expect(r.explanation).toContain("县公安局：无异议：经核实系同名人员，撤回原意见");
    // The same two rows the other way round in time: the 不能 is the current one.
    first.createdAt = "2026-02-20T00:00:00.000Z";
    expect(run(answers([withdrawal, first])).status).toBe("DISQUALIFIED");
  });

  it("is a CONFLICT when the owner of the evidence answers 无异议 to a 不能 on its own condition", () => {
    const r = run(answers([bar("县公安局", ["SB02A"])]));
    expect(r.status).toBe("CONFLICT");
    expect(r.conflicts).toEqual([{ code: "SB02A", findingBy: [dep("县公安局")], deniedBy: [dep("县人民法院")] }]);
    expect(r.explanation[0]).toContain("以生效裁判文书等书面证据为准，数据库中查无记录不足以否定书面证据");
    expect(r.explanation).toContain("意见冲突：SB02A 受过刑事处罚——县公安局报告存在该情形，而掌握该项证据的县人民法院答复无异议；请双方核实，以书面证据为准");
  });

  it("puts CONFLICT before 需核实 and silent departments", () => {
    const r = run(answers([bar("县公安局", ["SB02A"]), verify("县信访局", "2026-03-10")], ["县审计局"]));
    expect(r.status).toBe("CONFLICT");
    expect(r.missing).toEqual([dep("县审计局")]);
  });

  it("still DISQUALIFIES when only one of two cited 不能 conditions is denied, and lists the denied one", () => {
    const r = run(answers([bar("县公安局", ["SB02A", "SB04B"], "2019年因赌博被判刑；2022年参与赌博被行政拘留")]));
    expect(r.status).toBe("DISQUALIFIED");
    expect(r.conflicts).toEqual([{ code: "SB02A", findingBy: [dep("县公安局")], deniedBy: [dep("县人民法院")] }]);
  });

  it("does not let a 不宜 fact riding on a denied 不能 opinion keep the veto", () => {
    const r = run(answers([bar("县公安局", ["SB02A", "SB07D"]), op("县民政局", "VERIFY", { finding: "核实外出情况", dueDate: "2026-03-05" })]));
    expect(r.status).toBe("CONFLICT");
    expect(r.conflicts.map((c) => c.code)).toEqual(["SB02A"]);
  });

  it("is not a conflict when the owner answers 非本部门职责", () => {
    const r = run(answers([bar("县公安局", ["SB02A"]), op("县人民法院", "NOT_APPLICABLE")]));
    expect(r.status).toBe("DISQUALIFIED");
    expect(r.conflicts).toEqual([]);
  });

  it("is not a conflict when the owner is still verifying or has not answered", () => {
    expect(run(answers([bar("县公安局", ["SB02A"]), verify("县人民法院", "2026-03-05")])).status).toBe("DISQUALIFIED");
    expect(run(answers([bar("县公安局", ["SB02A"])], ["县人民法院"])).conflicts).toEqual([]);
  });

  it("never finds a conflict on a condition without an owner", () => {
    const conditions = CONDITIONS.map((c) => (c.code === "SB02A" ? { ...c, ownerDepartmentId: null } : c));
    expect(run(answers([bar("县公安局", ["SB02A"])]), { conditions }).status).toBe("DISQUALIFIED");
  });

  it("gathers every department that reported a denied fact under one conflict", () => {
    const r = run(answers([bar("县公安局", ["SB02A"]), concern("县人民检察院", ["SB02A"], "2019年盗窃案曾提起公诉")]));
    expect(r.status).toBe("CONFLICT");
    expect(r.conflicts).toEqual([{ code: "SB02A", findingBy: [dep("县公安局"), dep("县人民检察院")], deniedBy: [dep("县人民法院")] }]);
    expect(r.explanation).toContain(
      "意见冲突：SB02A 受过刑事处罚——县公安局、县人民检察院报告存在该情形，而掌握该项证据的县人民法院答复无异议；请双方核实，以书面证据为准",
    );
  });

  it("is a CONFLICT when a 不宜 is denied by its owner", () => {
    const r = run(answers([concern("县公安局", ["SB07D"])]));
    expect(r.status).toBe("CONFLICT");
    expect(r.conflicts).toEqual([{ code: "SB07D", findingBy: [dep("县公安局")], deniedBy: [dep("县民政局")] }]);
  });

  it("never calls the catch-all SB10 a conflict: nobody's 无异议 contradicts it", () => {
    const r = run(answers([concern("县公安局", ["SB10"])]));
    expect(r.status).toBe("NEEDS_DECISION");
    expect(r.conflicts).toEqual([]);
  });

  it("needs the county's decision on an uncontested 不宜 once everyone has answered", () => {
    const r = run(answers([concern("县民政局", ["SB07D"])]));
    expect(r.status).toBe("NEEDS_DECISION");
    expect(r.explanation[0]).toBe("结论：待县换届办研判。县民政局报告存在不宜情形（SB07D），须由县换届办集体研判，并记录决定和理由");
    expect(r.explanation).toContain("县民政局：存在不宜情形（SB07D 长期外出，无法正常履职）：2023年起在外务工至今");
    expect(decisionProblem(r.status, "APPROVE", "已返乡创业，承诺常住本村")).toBeNull();
    expect(decisionProblem(r.status, "APPROVE", "")).not.toBeNull();
  });

  it("waits for silent departments before a 不宜 goes to the county", () => {
    expect(run(answers([concern("县民政局", ["SB07D"])], ["县审计局"])).status).toBe("PENDING");
  });

  it("waits for 需核实 before silent departments and 不宜", () => {
    const r = run(answers([concern("县民政局", ["SB07D"]), verify("县信访局", "2026-03-10")], ["县审计局"]));
    expect(r.status).toBe("NEEDS_VERIFICATION");
    expect(r.overdueVerifications).toEqual([]);
    expect(r.explanation[0]).toBe("结论：需核实。县信访局正在核实，核实完成前不能作出结论");
    expect(r.explanation).toContain("县信访局：需核实（核实期限 2026年3月10日）：核实2024年越级上访是否被处理");
  });

  it("reports overdue verifications (due before today), but not one due today", () => {
    const r = run(answers([verify("县信访局", "2026-02-27"), verify("县审计局", TODAY)]));
    expect(r.status).toBe("NEEDS_VERIFICATION");
    expect(r.overdueVerifications).toEqual([dep("县信访局")]);
    expect(r.explanation).toContain("县信访局：需核实（核实期限 2026年2月27日，已逾期）：核实2024年越级上访是否被处理");
    expect(r.explanation).toContain("核实已逾期：县信访局（期限 2026年2月27日），请督促答复");
  });

  it("flags a 不能 condition reported as 不宜 for the county instead of vetoing", () => {
    const r = run(answers([concern("县公安局", ["SB02B"], "群众反映有欺压村民行为"), op("县委政法委", "NOT_APPLICABLE")]));
    expect(r.status).toBe("NEEDS_DECISION");
    expect(r.explanation.some((l) => l.startsWith("请注意：县公安局将不能情形 SB02B"))).toBe(true);
    // Had the 政法委 (the owner) answered 无异议, the fact would be disputed.
    expect(run(answers([concern("县公安局", ["SB02B"], "群众反映有欺压村民行为")])).status).toBe("CONFLICT");
  });

  it("keeps a 不能 veto whose code the list no longer knows", () => {
    const r = run(answers([bar("县公安局", ["SB99"])]));
    expect(r.status).toBe("DISQUALIFIED");
    expect(r.explanation).toContain(`县公安局：存在不能情形（SB99（负面清单中无此条目））：${CRIMINAL}`);
  });

  it("keeps a 不能 veto that cites no code and asks for it to be corrected", () => {
    const r = run(answers([op("县公安局", "BAR", { finding: CRIMINAL })]));
    expect(r.status).toBe("DISQUALIFIED");
    expect(r.explanation).toContain("请注意：县公安局的“存在不能情形”意见未引用负面清单条目，请该部门补正");
  });

  it("ignores opinions of departments outside the panel", () => {
    const panel = PANEL.filter((d) => d.name !== "县审计局");
    const r = run(answers([bar("县审计局", ["SB08A"], "截留惠民资金5万元未退还")]), { departments: panel });
    expect(r.status).toBe("ELIGIBLE");
  });

  it("uses the latest opinion when history is passed in", () => {
    const old = verify("县信访局", "2026-02-10");
    old.createdAt = "2026-02-01T00:00:00.000Z";
    const done = op("县信访局", "NO_OBJECTION", { createdAt: "2026-02-15T00:00:00.000Z" });
    expect(run(answers([old, done])).status).toBe("ELIGIBLE");
  });

  it("refuses a malformed today", () => {
    expect(() => run([], { today: "2026/03/01" })).toThrow(/YYYY-MM-DD/);
  });
});

// --- decisionProblem ---------------------------------------------------------------------------

describe("decisionProblem", () => {
  // [status, decision, rationale, allowed]
  const table: [RollUpStatus, Decision, string, boolean][] = [
    ["ELIGIBLE", "APPROVE", "", true],
    ["ELIGIBLE", "REJECT", "考察发现群众基础差", false],
    ["NEEDS_DECISION", "APPROVE", "", false],
    ["NEEDS_DECISION", "APPROVE", "已返乡", false], // 3 characters
    ["NEEDS_DECISION", "APPROVE", "  已返乡居 ", false], // 4 after trimming
    ["NEEDS_DECISION", "APPROVE", "已返乡创业", true], // exactly 5
    ["NEEDS_DECISION", "REJECT", "", false],
    ["NEEDS_DECISION", "REJECT", "长期在外无法履职", true],
    ["DISQUALIFIED", "REJECT", "", true],
    ["DISQUALIFIED", "APPROVE", "群众拥护，党委研究同意", false],
    ["PENDING", "APPROVE", "理由充分的说明", false],
    ["PENDING", "REJECT", "理由充分的说明", false],
    ["NEEDS_VERIFICATION", "APPROVE", "理由充分的说明", false],
    ["NEEDS_VERIFICATION", "REJECT", "理由充分的说明", false],
    ["CONFLICT", "APPROVE", "理由充分的说明", false],
    ["CONFLICT", "REJECT", "理由充分的说明", false],
  ];

  it.each(table)("%s + %s (%j) allowed=%s", (status, decision, rationale, allowed) => {
    const p = decisionProblem(status, decision, rationale);
    if (allowed) expect(p).toBeNull();
    else expect(p).toMatch(/\S/);
  });

  it("covers every status and decision", () => {
    for (const s of ROLLUP_STATUSES) for (const d of DECISIONS) expect(table.some(([ts, td]) => ts === s && td === d)).toBe(true);
  });

  it("says why", () => {
    expect(decisionProblem("DISQUALIFIED", "APPROVE", "")).toBe("不能情形须由出具意见的部门撤回后才能通过");
    expect(decisionProblem("PENDING", "APPROVE", "")).toContain("未答复");
    expect(decisionProblem("NEEDS_VERIFICATION", "REJECT", "")).toContain("核实");
    expect(decisionProblem("CONFLICT", "APPROVE", "")).toContain("冲突");
    expect(decisionProblem("NEEDS_DECISION", "APPROVE", "")).toBe("存在不宜情形，通过须写明研判理由（至少 5 个字）");
    expect(decisionProblem("NEEDS_DECISION", "REJECT", "短")).toBe("存在不宜情形，不通过须写明研判理由（至少 5 个字）");
    expect(decisionProblem("ELIGIBLE", "MAYBE" as Decision, "")).toBe("决定「MAYBE」无效");
  });

  it("turning round the county's decision of an earlier round needs a reason; keeping it does not", () => {
    expect(decisionProblem("ELIGIBLE", "APPROVE", "", "REJECT")).toBe("县换届办此前的决定是“不通过”，改变该决定须写明理由（至少 5 个字）");
    expect(decisionProblem("ELIGIBLE", "APPROVE", "原处罚已被依法撤销", "REJECT")).toBeNull();
    expect(decisionProblem("DISQUALIFIED", "REJECT", "", "REJECT")).toBeNull();
    // The rules of this round still come first: a standing 不能 cannot be approved, reason or not.
    expect(decisionProblem("DISQUALIFIED", "APPROVE", "原处罚已被依法撤销", "REJECT")).toBe("不能情形须由出具意见的部门撤回后才能通过");
  });
});

// --- formalSlate -------------------------------------------------------------------------------

describe("formalSlate", () => {
  const SEATS: SlateInput["seats"] = { DIRECTOR: 1, DEPUTY: 0, MEMBER: 2, WOMEN_MEMBER: 0 };
  const MARGINS = DEFAULT_RULES.margins; // 主任 +1, 委员 +1~3

  const nominee = (
    name: string,
    votes: number | null,
    decision: SlateCandidate["decision"] = "APPROVED",
    post: SlateCandidate["post"] = "MEMBER",
  ): SlateCandidate => ({
    id: `c-${name}`,
    name,
    post,
    nominationVotes: votes,
    decision,
  });
  const slate = (candidates: SlateCandidate[], extra: Partial<SlateInput> = {}) =>
    formalSlate({ seats: SEATS, margins: MARGINS, method: "CONTESTED", candidates, ...extra });

  const BY_VOTES = { reduction: { by: "NOMINATION_VOTES" as const } };

  it("holds a post with more approved nominees than places until the county says how to reduce, listing them with their counts", () => {
    const small = { ...MARGINS, MEMBER: { min: 1, max: 1 } };
    const r = slate([nominee("李四", 40), nominee("张三", 50), nominee("王五", 30), { ...nominee("赵六", null), nominatorCount: 25 }], { margins: small });
    expect(r.formal).toEqual([]);
    expect(r.held).toEqual([
      "委员：通过资格联审 4 名，超过正式候选人最多 3 名，须由县换届办确定减少方式（按提名得票排序，或录入预选结果）：张三（提名得票 50 票）、李四（提名得票 40 票）、王五（提名得票 30 票）、赵六（未录入提名得票，联名 25 人）",
    ]);
    // Ranking by 提名得票 cannot place someone without votes: still held, saying who.
    expect(
      slate([nominee("李四", 40), nominee("张三", 50), nominee("王五", 30), { ...nominee("赵六", null), nominatorCount: 25 }], { margins: small, ...BY_VOTES })
        .held,
    ).toEqual([
      "委员：赵六 未录入提名得票，不能按提名得票排序；请补录提名得票，或录入预选结果：张三（提名得票 50 票）、李四（提名得票 40 票）、王五（提名得票 30 票）、赵六（未录入提名得票，联名 25 人）",
    ]);
  });

  it("reduces by a recorded 预选, in its own order, with the votes shown", () => {
    const small = { ...MARGINS, MEMBER: { min: 1, max: 1 } };
    const list = [nominee("李四", 40), nominee("张三", 50), nominee("王五", 30), { ...nominee("赵六", null), nominatorCount: 25 }];
    const votes = { "c-张三": 310, "c-李四": 120, "c-王五": 280, "c-赵六": 400 };
    expect(slate(list, { margins: small, reduction: { by: "PRESELECTION", preselectionVotes: { "c-张三": 310 } } }).held).toEqual([
      "委员：请录入 李四、王五、赵六 的预选得票",
    ]);
    const r = slate(list, { margins: small, reduction: { by: "PRESELECTION", preselectionVotes: votes } });
    expect(r.held).toEqual([]);
    expect(r.formal).toEqual([
      { id: "c-赵六", post: "MEMBER", rank: 1, replacement: false },
      { id: "c-张三", post: "MEMBER", rank: 2, replacement: false },
      { id: "c-王五", post: "MEMBER", rank: 3, replacement: false },
    ]);
    expect(r.explanation).toContain(
      "委员：应选 2 名，正式候选人最多 3 名，通过资格联审 4 名，按预选得票确定 3 名：赵六（400 票）、张三（310 票）、王五（280 票）；李四（120 票） 不列入正式候选人",
    );
    expect(r.reductions).toEqual([
      {
        post: "MEMBER",
        by: "PRESELECTION",
        tie: null,
        chosen: [
          { id: "c-赵六", votes: 400 },
          { id: "c-张三", votes: 310 },
          { id: "c-王五", votes: 280 },
        ],
        left: [{ id: "c-李四", votes: 120 }],
      },
    ]);
  });

  it("takes the top approved nominees up to seats + the largest margin when the county reduces by 提名得票", () => {
    const small = { ...MARGINS, MEMBER: { min: 1, max: 1 } };
    const r = slate([nominee("李四", 40), nominee("张三", 50), nominee("王五", 30), nominee("赵六", 20)], { margins: small, ...BY_VOTES });
    expect(r.held).toEqual([]);
    expect(r.formal).toEqual([
      { id: "c-张三", post: "MEMBER", rank: 1, replacement: false },
      { id: "c-李四", post: "MEMBER", rank: 2, replacement: false },
      { id: "c-王五", post: "MEMBER", rank: 3, replacement: false },
    ]);
    expect(r.dropped).toEqual([{ id: "c-赵六", post: "MEMBER", reason: "BEYOND_QUOTA" }]);
    expect(r.explanation).toContain(
      "委员：应选 2 名，正式候选人最多 3 名，通过资格联审 4 名，按提名得票确定 3 名：张三（50 票）、李四（40 票）、王五（30 票）；赵六（20 票） 不列入正式候选人",
    );
  });

  it("fills the place of a rejected top nominee with the next-ranked one (递补)", () => {
    const small = { ...MARGINS, MEMBER: { min: 1, max: 1 } };
    const r = slate([nominee("张三", 50, "REJECTED"), nominee("李四", 40), nominee("王五", 30), nominee("赵六", 20), nominee("钱九", 10)], {
      margins: small,
      ...BY_VOTES,
    });
    expect(r.formal).toEqual([
      { id: "c-李四", post: "MEMBER", rank: 2, replacement: false },
      { id: "c-王五", post: "MEMBER", rank: 3, replacement: false },
      { id: "c-赵六", post: "MEMBER", rank: 4, replacement: true },
    ]);
    expect(r.dropped).toEqual([
      { id: "c-张三", post: "MEMBER", reason: "REJECTED" },
      { id: "c-钱九", post: "MEMBER", reason: "BEYOND_QUOTA" },
    ]);
    expect(r.explanation).toContain("委员：张三 未通过资格联审，由得票次高的赵六递补");
  });

  it("pairs two vacated places with two replacements in rank order", () => {
    const small = { ...MARGINS, MEMBER: { min: 1, max: 1 } };
    const r = slate([nominee("张三", 50, "REJECTED"), nominee("李四", 40), nominee("王五", 30, "REJECTED"), nominee("赵六", 20), nominee("钱九", 10)], {
      margins: small,
    });
    expect(r.formal.map((f) => [f.id, f.replacement])).toEqual([
      ["c-李四", false],
      ["c-赵六", true],
      ["c-钱九", true],
    ]);
    expect(r.explanation).toContain("委员：张三 未通过资格联审，由得票次高的赵六递补");
    expect(r.explanation).toContain("委员：王五 未通过资格联审，由得票次高的钱九递补");
  });

  it("says when nobody is left to move up and the 差额 is not met", () => {
    const r = slate([nominee("张三", 50, "REJECTED"), nominee("李四", 40)], { seats: { ...SEATS, MEMBER: 1 } });
    expect(r.formal.map((f) => f.id)).toEqual(["c-李四"]);
    expect(r.explanation).toContain("委员：张三 未通过资格联审，无人可递补");
    expect(r.explanation).toContain("委员：应选 1 名，正式候选人至少应有 2 名（差额至少 1 名），目前只有 1 名，须补充提名或依法延期");
  });

  it("leaves out undecided nominees and warns that the list must be recomputed", () => {
    const small = { ...MARGINS, MEMBER: { min: 1, max: 1 } };
    const r = slate([nominee("张三", 50, null), nominee("李四", 40), nominee("王五", 30), nominee("赵六", 20)], { margins: small });
    expect(r.dropped).toEqual([{ id: "c-张三", post: "MEMBER", reason: "UNDECIDED" }]);
    expect(r.formal.find((f) => f.id === "c-赵六")).toEqual({ id: "c-赵六", post: "MEMBER", rank: 4, replacement: true });
    expect(r.explanation).toContain("委员：张三 资格联审尚未结束，由得票次高的赵六递补（张三联审结果确定后须重新确定名单）");
  });

  it("mentions a rejected nominee who was beyond the quota anyway without a 递补", () => {
    const small = { ...MARGINS, MEMBER: { min: 1, max: 1 } };
    const r = slate([nominee("张三", 50), nominee("李四", 40), nominee("王五", 30), nominee("赵六", 20, "REJECTED")], { margins: small });
    expect(r.formal.every((f) => !f.replacement)).toBe(true);
    expect(r.explanation).toContain("委员：赵六 未通过资格联审");
    expect(r.explanation.some((l) => l.includes("递补"))).toBe(false);
  });

  it("ranks ties by 姓氏笔画, then id, and unknown votes last", () => {
    const r = slate(
      [
        nominee("赵六", 30),
        { ...nominee("王五", null), id: "c-z" },
        nominee("李四", 30),
        { ...nominee("王五", 30), id: "c-b" },
        { ...nominee("王五", 30), id: "c-a" },
      ],
      { seats: { ...SEATS, MEMBER: 3 }, margins: { ...MARGINS, MEMBER: { min: 1, max: 3 } } },
    );
    // 王 (4 strokes) < 李 (7) < 赵 (9); the two 王五 by id; the null last despite its early stroke order.
    expect(r.formal.map((f) => [f.id, f.rank])).toEqual([
      ["c-a", 1],
      ["c-b", 2],
      ["c-李四", 3],
      ["c-赵六", 4],
      ["c-z", 5],
    ]);
  });

  it("never breaks a tie at the cut-off itself: it is shown and held until the county names who goes on", () => {
    const small = { ...MARGINS, MEMBER: { min: 1, max: 1 } };
    const list = [nominee("张三", 50), nominee("王五", 30), nominee("李四", 30), nominee("赵六", 30)];
    const tie = "委员：王五、李四、赵六 提名得票相同（均为 30 票），争 2 个名额，不能自动确定；请按本地规定（如村民会议表决）决定后，选定列入正式候选人的 2 名";
    expect(slate(list, { margins: small, ...BY_VOTES }).held).toEqual([tie]);
    expect(slate(list, { margins: small, reduction: { by: "NOMINATION_VOTES", tieWinners: ["c-赵六"] } }).held).toEqual([tie]);
    const r = slate(list, { margins: small, reduction: { by: "NOMINATION_VOTES", tieWinners: ["c-赵六", "c-李四"] } });
    expect(r.held).toEqual([]);
    expect(r.formal.map((f) => f.id)).toEqual(["c-张三", "c-李四", "c-赵六"]);
    expect(r.dropped).toEqual([{ id: "c-王五", post: "MEMBER", reason: "BEYOND_QUOTA" }]);
    expect(r.explanation).toContain("委员：王五、李四、赵六 提名得票相同（均为 30 票），由县换届办按本地规定选定 李四、赵六 列入");
  });

  it("handles each post on its own, in post order", () => {
    const r = slate(
      [
        nominee("李四", 40),
        nominee("孙七", 90, "APPROVED", "DIRECTOR"),
        nominee("张三", 50),
        nominee("周八", 80, "REJECTED", "DIRECTOR"),
        nominee("王五", 30),
        nominee("刘二", 70, "APPROVED", "DIRECTOR"),
        nominee("丁一", 60, "APPROVED", "DIRECTOR"),
      ],
      BY_VOTES,
    );
    expect(r.formal.map((f) => [f.post, f.id, f.rank, f.replacement])).toEqual([
      ["DIRECTOR", "c-孙七", 1, false],
      ["DIRECTOR", "c-刘二", 3, true],
      ["MEMBER", "c-张三", 1, false],
      ["MEMBER", "c-李四", 2, false],
      ["MEMBER", "c-王五", 3, false],
    ]);
    expect(r.dropped).toEqual([
      { id: "c-周八", post: "DIRECTOR", reason: "REJECTED" },
      { id: "c-丁一", post: "DIRECTOR", reason: "BEYOND_QUOTA" },
    ]);
    expect(r.explanation).toContain("主任：周八 未通过资格联审，由得票次高的刘二递补");
  });

  it("keeps every approved 自荐人 in self-nomination mode, with no quota and no 递补", () => {
    const many = ["张三", "李四", "王五", "赵六", "钱九", "孙七", "周八"].map((n) => nominee(n, null));
    many[0] = { ...many[0]!, decision: "REJECTED" };
    many[1] = { ...many[1]!, decision: null };
    const r = slate(many, { method: "SELF_NOMINATION" });
    expect(r.formal).toHaveLength(5);
    expect(r.formal.every((f) => !f.replacement)).toBe(true);
    // No votes: ranked in 姓氏笔画 order, the publication order for 自荐人.
    expect(r.formal.map((f) => f.id)).toEqual(["c-王五", "c-孙七", "c-周八", "c-赵六", "c-钱九"]);
    expect(r.dropped).toEqual([
      { id: "c-李四", post: "MEMBER", reason: "UNDECIDED" },
      { id: "c-张三", post: "MEMBER", reason: "REJECTED" },
    ]);
    expect(r.explanation).toContain("委员：自荐直选，应选 2 名，通过资格联审的自荐人 5 名：王五、孙七、周八、赵六、钱九");
    expect(r.explanation.some((l) => l.includes("递补"))).toBe(false);
  });

  it("says when too few 自荐人 pass", () => {
    const r = slate([nominee("张三", null, "REJECTED"), nominee("李四", null)], { method: "SELF_NOMINATION" });
    expect(r.explanation).toContain("委员：通过资格联审的自荐人 1 名，少于应选 2 名");
  });

  it("puts nobody on a post without seats", () => {
    const r = slate([nominee("张三", 50, "APPROVED", "DEPUTY"), nominee("李四", 40, "REJECTED", "DEPUTY")]);
    expect(r.formal).toEqual([]);
    expect(r.dropped).toEqual([
      { id: "c-张三", post: "DEPUTY", reason: "BEYOND_QUOTA" },
      { id: "c-李四", post: "DEPUTY", reason: "REJECTED" },
    ]);
    expect(r.explanation).toContain("副主任：未设该职位（应选 0 名），张三、李四 不列入正式候选人");
  });

  it("does not depend on input order", () => {
    const list = [nominee("张三", 50, "REJECTED"), nominee("李四", 40), nominee("王五", 30), nominee("赵六", 20), nominee("钱九", 10)];
    expect(slate([...list].reverse())).toEqual(slate(list));
  });
});
