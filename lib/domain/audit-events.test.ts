import { describe, expect, it } from "vitest";
import { AUDIT_EVENTS, isAuditEventId } from "./audit-events";
import { LOCKOUT_MINUTES, LOCKOUT_THRESHOLD } from "./password-policy";

describe("AUDIT_EVENTS", () => {
  it("uses dotted lower-case ids (words within a part joined by _) with a Chinese description", () => {
    for (const [id, text] of Object.entries(AUDIT_EVENTS)) {
      expect(id).toMatch(/^[a-z]+(\.[a-z]+(_[a-z]+)*)+$/);
      expect(text, id).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it("describes the lockout with the numbers the policy uses", () => {
    expect(AUDIT_EVENTS["auth.account.locked"]).toBe(`连续 ${LOCKOUT_THRESHOLD} 次密码错误，账号锁定 ${LOCKOUT_MINUTES} 分钟`);
  });
});

describe("isAuditEventId", () => {
  it("accepts catalogue ids", () => {
    expect(isAuditEventId("auth.login.succeeded")).toBe(true);
    expect(isAuditEventId("user.password.reset")).toBe(true);
    expect(isAuditEventId("action.denied")).toBe(true);
  });

  it("rejects unknown ids, prefixes and inherited object keys", () => {
    expect(isAuditEventId("auth.login")).toBe(false);
    expect(isAuditEventId("AUTH.LOGIN.SUCCEEDED")).toBe(false);
    expect(isAuditEventId("")).toBe(false);
    expect(isAuditEventId("toString")).toBe(false);
    expect(isAuditEventId("__proto__")).toBe(false);
    expect(isAuditEventId("hasOwnProperty")).toBe(false);
  });
});
