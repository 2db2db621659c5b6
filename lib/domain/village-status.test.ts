import { describe, expect, it } from "vitest";
import { villageStage, type ElectionProgress } from "./oversight";
import { villageStatusKey, villageStatusLabel } from "./village-status";

const base: ElectionProgress = {
  listStatus: "FORMAL",
  electionDay: "2026-12-20",
  formalPublishedDay: "2026-12-10",
  boxCount: 2,
  roundCount: 1,
  resultConfirmed: true,
  certified: true,
  sealed: true,
};
const row = (over: Partial<ElectionProgress>) => {
  const e = { ...base, ...over };
  return { listStatus: e.listStatus, stage: villageStage(e) };
};

describe("villageStatusLabel", () => {
  it("shows a sealed, certified, confirmed or counting village's real stage, not 正式候选人已公布", () => {
    expect(villageStatusLabel(row({}))).toBe("已封存归档");
    expect(villageStatusLabel(row({ sealed: false }))).toBe("结果已认定");
    expect(villageStatusLabel(row({ sealed: false, certified: false }))).toBe("结果已确认");
    expect(villageStatusLabel(row({ sealed: false, certified: false, resultConfirmed: false }))).toBe("投票计票中");
    expect(villageStatusLabel(row({ sealed: false, certified: false, resultConfirmed: false, roundCount: 0 }))).toBe("投票准备就绪");
    expect(villageStatusLabel(row({ sealed: false, certified: false, resultConfirmed: false, roundCount: 0, boxCount: 0 }))).toBe("正式候选人已公布");
  });

  it("shows the nomination status while the list is being made, and 未设置 without an election", () => {
    const early = { sealed: false, certified: false, resultConfirmed: false, roundCount: 0, boxCount: 0, formalPublishedDay: null };
    expect(villageStatusLabel(row({ ...early, listStatus: "DRAFT" }))).toBe("录入中");
    expect(villageStatusLabel(row({ ...early, listStatus: "RETURNED" }))).toBe("已退回修改");
    expect(villageStatusLabel(row({ ...early, listStatus: "SUBMITTED" }))).toBe("已提交联审");
    expect(villageStatusLabel(row({ ...early, listStatus: "IN_VETTING" }))).toBe("联审中");
    expect(villageStatusLabel(null)).toBe("未设置");
    expect(villageStatusKey(null)).toBe("none");
    expect(villageStatusKey(row({ ...early, listStatus: "RETURNED" }))).toBe("RETURNED");
    expect(villageStatusKey(row({}))).toBe("sealed");
  });
});
