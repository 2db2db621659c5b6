import { describe, expect, it } from "vitest";
import { isDraftAnnouncement, vettingStandingLabel } from "./announcement";

describe("isDraftAnnouncement", () => {
  const error = [{ severity: "error" }];
  const warning = [{ severity: "warning" }];
  it("marks a preliminary list with an error as a draft", () => {
    expect(isDraftAnnouncement("DRAFT", error)).toBe(true);
    expect(isDraftAnnouncement("RETURNED", [...warning, ...error])).toBe(true);
  });
  it("does not mark a list without errors, nor the published formal list", () => {
    expect(isDraftAnnouncement("DRAFT", warning)).toBe(false);
    expect(isDraftAnnouncement("FORMAL", error)).toBe(false);
  });
});

describe("vettingStandingLabel", () => {
  const approved = { formalRank: null, replacement: false, vettingDecision: "APPROVED" as const };
  it("says 未列入正式名单 only once a formal list exists", () => {
    expect(vettingStandingLabel(approved, "IN_VETTING")).toBe("通过资格审查");
    expect(vettingStandingLabel(approved, "RETURNED")).toBe("通过资格审查");
    expect(vettingStandingLabel(approved, "FORMAL")).toBe("通过（未列入正式名单）");
  });
  it("names formal candidates, replacements and rejections", () => {
    expect(vettingStandingLabel({ ...approved, formalRank: 1 }, "FORMAL")).toBe("正式候选人");
    expect(vettingStandingLabel({ ...approved, formalRank: 2, replacement: true }, "FORMAL")).toBe("正式候选人（递补）");
    expect(vettingStandingLabel({ ...approved, vettingDecision: "REJECTED" }, "IN_VETTING")).toBe("未通过资格审查");
    expect(vettingStandingLabel({ ...approved, vettingDecision: null }, "IN_VETTING")).toBe("—");
  });
});
