import { describe, expect, it } from "vitest";
import { complaintNumber, complaintYear, deadlineProblem, isOverdue, isSubstantiated, maskContact, maskName, nextStatus, stepRefusal } from "./complaints";

describe("complaint workflow", () => {
  it("goes 已受理 → 已交办 → 已答复 → 已办结", () => {
    expect(nextStatus("assign", "RECEIVED")).toBe("ASSIGNED");
    expect(nextStatus("answer", "ASSIGNED")).toBe("ANSWERED");
    expect(nextStatus("close", "ANSWERED")).toBe("CLOSED");
  });

  it("allows re-assigning before an answer, not after", () => {
    expect(stepRefusal("assign", "ASSIGNED")).toBeNull();
    expect(stepRefusal("assign", "ANSWERED")).toBe("该信访件已答复，不能再交办");
  });

  it("refuses skipped or repeated steps with a reason", () => {
    expect(stepRefusal("answer", "RECEIVED")).toBe("该信访件尚未交办，不能答复");
    expect(stepRefusal("answer", "ANSWERED")).toBe("该信访件已答复，等待县换届办办结");
    expect(stepRefusal("close", "ASSIGNED")).toBe("承办部门答复后才能办结");
    expect(stepRefusal("close", "RECEIVED")).toBe("承办部门答复后才能办结");
    for (const step of ["assign", "answer", "close"] as const) expect(stepRefusal(step, "CLOSED")).toBe("该信访件已办结，不能再办理");
    expect(() => nextStatus("close", "RECEIVED")).toThrow("承办部门答复后才能办结");
  });
});

describe("overdue", () => {
  const today = "2026-12-10";
  it("is overdue only after the deadline day, while not answered", () => {
    expect(isOverdue({ status: "ASSIGNED", deadline: "2026-12-09" }, today)).toBe(true);
    expect(isOverdue({ status: "ASSIGNED", deadline: "2026-12-10" }, today)).toBe(false);
    expect(isOverdue({ status: "RECEIVED", deadline: "2026-12-01" }, today)).toBe(true);
  });
  it("is never overdue once answered or closed, or without a deadline", () => {
    expect(isOverdue({ status: "ANSWERED", deadline: "2026-12-01" }, today)).toBe(false);
    expect(isOverdue({ status: "CLOSED", deadline: "2026-12-01" }, today)).toBe(false);
    expect(isOverdue({ status: "RECEIVED", deadline: null }, today)).toBe(false);
  });
});

describe("numbering and masking", () => {
  it("numbers 2026-001 by the year of receipt", () => {
    expect(complaintNumber(2026, 1)).toBe("2026-001");
    expect(complaintNumber(2027, 1234)).toBe("2027-1234");
    expect(complaintYear("2027-01-02")).toBe(2027);
  });
  it("masks a phone number and other contacts", () => {
    expect(maskContact("13812345678")).toBe("138******78");
    expect(maskContact("0813-5551234")).toBe("081******34");
    expect(maskContact("wang@example.cn")).toBe("w******");
    expect(maskContact(null)).toBe("");
    expect(maskName("王秀英")).toBe("王**");
  });
  it("only 属实 and 部分属实 count as substantiated", () => {
    expect(isSubstantiated("SUBSTANTIATED")).toBe(true);
    expect(isSubstantiated("PARTLY_SUBSTANTIATED")).toBe(true);
    expect(isSubstantiated("UNSUBSTANTIATED")).toBe(false);
    expect(isSubstantiated(null)).toBe(false);
  });
  it("refuses a deadline before receipt", () => {
    expect(deadlineProblem("2026-12-05", "2026-12-04")).toBe("办理期限不能早于受理日期（2026-12-05）");
    expect(deadlineProblem("2026-12-05", "2026-12-05")).toBeNull();
  });
});
