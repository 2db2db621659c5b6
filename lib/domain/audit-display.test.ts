import { describe, expect, it } from "vitest";
import { auditReferences, describeAuditEntry } from "./audit-display";

const UNIT = "0b9c1f3e-6a0f-4c1e-9d55-3f1a2b4c5d6e";
const ELECTION = "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f";
const HIDDEN = "2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f60";
const names = new Map([
  [UNIT, "城东村"],
  [ELECTION, "城东村"],
]);

describe("describeAuditEntry", () => {
  it("names the event in Chinese and the object by its name", () => {
    const d = describeAuditEntry(
      { event: "list.submitted", objectType: "Election", objectId: ELECTION, detail: { candidates: 12 }, before: null, after: null },
      names,
    );
    expect(d.event).toBe("乡镇提交初步候选人名单至县级联审");
    expect(d.object).toBe("选举 · 城东村");
    expect(d.detail).toEqual([{ label: "候选人", value: "12" }]);
  });

  it("translates posts, decisions, statuses, roles and setup codes", () => {
    const d = describeAuditEntry(
      {
        event: "vetting.decided",
        objectType: "VettingEntry",
        objectId: HIDDEN,
        before: { decision: "REJECT" },
        after: { decision: "APPROVE", status: "NEEDS_DECISION", rationale: null },
        detail: { post: "WOMEN_MEMBER", role: "TOWNSHIP_OFFICER", method: "CONTESTED", dualRole: "PLANNED", seats: { DIRECTOR: 1, MEMBER: 2 } },
      },
      names,
    );
    expect(d.before).toEqual([{ label: "决定", value: "不通过" }]);
    expect(d.after).toEqual([
      { label: "决定", value: "通过" },
      { label: "状态", value: "待县换届办研判" },
      { label: "理由", value: "无" },
    ]);
    expect(d.detail.map((l) => `${l.label}=${l.value}`)).toEqual([
      "职位=妇女委员(专职专选)",
      "角色=乡镇(街道)换届办工作人员",
      "选举方式=有候选人的差额选举",
      "一肩挑安排=计划“一肩挑”",
      "职数=（主任：1，委员：2）",
    ]);
    expect(d.object).toBe("联审记录");
  });

  it("reads a complaint's steps in words", () => {
    const d = describeAuditEntry(
      {
        event: "complaint.closed",
        objectType: "Complaint",
        objectId: HIDDEN,
        before: { status: "ANSWERED" },
        after: { status: "CLOSED", finding: "PARTLY_SUBSTANTIATED", actionTaken: "批评教育" },
        detail: { number: "2026-001", channel: "BOX", category: "VOTE_BUYING" },
      },
      names,
    );
    expect(d.event).toBe("县换届办办结信访举报件，写明查实结论（属实、部分属实、不属实）和处理结果");
    expect(d.object).toBe("信访举报件");
    expect(d.before).toEqual([{ label: "状态", value: "已答复" }]);
    expect(d.after.map((l) => `${l.label}=${l.value}`)).toEqual(["状态=已办结", "查实结论=部分属实", "处理结果=批评教育"]);
    expect(d.detail.map((l) => `${l.label}=${l.value}`)).toEqual(["编号=2026-001", "受理渠道=举报箱", "类别=拉票贿选"]);
  });

  it("shows a reference by name, or says it is out of view, never the raw UUID", () => {
    const d = describeAuditEntry(
      {
        event: "user.updated",
        objectType: "User",
        objectId: HIDDEN,
        before: { unitId: HIDDEN, departmentId: null },
        after: { unitId: UNIT, lockedUntil: "2026-12-07T02:00:00.000Z" },
        detail: null,
      },
      names,
    );
    const text = JSON.stringify(d);
    expect(text).not.toContain(HIDDEN);
    expect(text).not.toContain(UNIT);
    expect(d.before).toEqual([
      { label: "单位", value: "（不在查看范围内）" },
      { label: "联审部门", value: "无" },
    ]);
    expect(d.after[0]).toEqual({ label: "单位", value: "城东村" });
    expect(d.after[1]!.value).toContain("2026/12/7 10:00");
  });

  it("reads tally numbers and refusals in words", () => {
    const d = describeAuditEntry(
      {
        event: "tally.entered",
        objectType: "BoxTally",
        objectId: HIDDEN,
        before: null,
        detail: { action: "tally.enter", code: "forbidden" },
        after: {
          values: {
            ballotsIssued: 400,
            votes: [{ post: "director", key: UNIT, votes: 210 }],
            writeIns: [{ post: "member", name: "李四", gender: "female", votes: 3 }],
          },
        },
      },
      names,
    );
    expect(d.after[0]!.value).toBe(
      "（发出选票：400，得票：（职位：主任，候选人：城东村，得票：210），另选他人：（职位：委员，名称：李四，性别：女，得票：3））",
    );
    expect(d.detail[1]).toEqual({ label: "代码", value: "无权限" });
  });

  it("never shows a full ID number", () => {
    const d = describeAuditEntry(
      {
        event: "polling.proxy.added",
        objectType: "ProxyVote",
        objectId: null,
        before: null,
        detail: null,
        after: { principalName: "张三", note: "110101198001010011" },
      },
      names,
    );
    expect(JSON.stringify(d)).not.toContain("110101198001010011");
    expect(d.after[0]).toEqual({ label: "委托人", value: "张三" });
  });

  it("lists every UUID an entry mentions, once", () => {
    const refs = auditReferences([
      {
        event: "kinship.created",
        objectType: "Kinship",
        objectId: HIDDEN,
        before: null,
        after: { personAId: UNIT, nested: [{ x: ELECTION }] },
        detail: { also: UNIT.toUpperCase() },
      },
    ]);
    expect(refs.sort()).toEqual([UNIT, ELECTION, HIDDEN].sort());
  });
});
