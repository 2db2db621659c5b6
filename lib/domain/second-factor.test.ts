import { describe, expect, it } from "vitest";
import {
  candidateSteps,
  formatRecoveryCode,
  groupSecret,
  isRecoveryCodeShape,
  isReplay,
  matchStep,
  normalizeCode,
  parseRoleList,
  secondFactorDemand,
  secondFactorRequired,
  timeStep,
} from "./second-factor";

// A fake generator: the code of step s is s written with 6 digits, so the tests read plainly.
const codeAt = (s: number) => String(s).padStart(6, "0");

describe("TOTP time steps", () => {
  it("counts 30-second steps", () => {
    expect(timeStep(0)).toBe(0);
    expect(timeStep(29_999)).toBe(0);
    expect(timeStep(30_000)).toBe(1);
  });

  it("accepts the step now and one either side, nothing further", () => {
    expect(matchStep(codeAt(100), 100, null, codeAt)).toBe(100);
    expect(matchStep(codeAt(99), 100, null, codeAt)).toBe(99);
    expect(matchStep(codeAt(101), 100, null, codeAt)).toBe(101);
    expect(matchStep(codeAt(98), 100, null, codeAt)).toBeNull();
    expect(matchStep(codeAt(102), 100, null, codeAt)).toBeNull();
  });

  it("accepts a step once only: the last accepted step and earlier ones are refused", () => {
    expect(candidateSteps(100, 100)).toEqual([101]);
    expect(candidateSteps(100, 99)).toEqual([100, 101]);
    expect(matchStep(codeAt(100), 100, 100, codeAt)).toBeNull();
    expect(matchStep(codeAt(99), 100, 100, codeAt)).toBeNull();
    expect(isReplay(codeAt(100), 100, 100, codeAt)).toBe(true);
    expect(isReplay(codeAt(101), 100, 100, codeAt)).toBe(false);
    expect(isReplay(codeAt(100), 100, null, codeAt)).toBe(false);
  });

  it("refuses anything that is not six digits", () => {
    expect(matchStep("12345", 100, null, () => "12345")).toBeNull();
    expect(matchStep("abcdef", 100, null, () => "abcdef")).toBeNull();
  });
});

describe("codes for people", () => {
  it("drops spaces and dashes and ignores case", () => {
    expect(normalizeCode(" abcde-fghjk ")).toBe("ABCDEFGHJK");
    expect(isRecoveryCodeShape("ABCDEFGHJK")).toBe(true);
    expect(isRecoveryCodeShape("ABCDEFGHJ0")).toBe(false);
    expect(formatRecoveryCode("ABCDEFGHJK")).toBe("ABCDE-FGHJK");
    expect(groupSecret("ABCDEFGHIJ")).toBe("ABCD EFGH IJ");
  });
});

describe("who must use a second factor", () => {
  it("adds the deployment's roles and the county's, either one suffices", () => {
    expect(secondFactorRequired("COUNTY_ADMIN", [], null)).toBe(false);
    expect(secondFactorRequired("COUNTY_ADMIN", [], ["COUNTY_ADMIN"])).toBe(true);
    expect(secondFactorRequired("COUNTY_ADMIN", ["COUNTY_ADMIN"], [])).toBe(true);
    expect(secondFactorRequired("VILLAGE_CLERK", ["COUNTY_ADMIN"], ["TOWNSHIP_OFFICER"])).toBe(false);
  });

  it("asks an enrolled user too, even where nobody requires it", () => {
    expect(secondFactorDemand(true, false)).toBe("required");
    expect(secondFactorDemand(false, true)).toBe("enrolled");
    expect(secondFactorDemand(false, false)).toBe("none");
  });

  it("parses SECOND_FACTOR_ROLES and names unknown roles", () => {
    expect(parseRoleList(undefined)).toEqual({ roles: [], unknown: [] });
    expect(parseRoleList("COUNTY_ADMIN, SYSTEM_ADMIN,COUNTY_ADMIN")).toEqual({ roles: ["COUNTY_ADMIN", "SYSTEM_ADMIN"], unknown: [] });
    expect(parseRoleList("COUNTY_ADMIN,BOSS").unknown).toEqual(["BOSS"]);
  });
});
