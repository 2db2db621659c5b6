import { describe, expect, it } from "vitest";
import { reopenRefusal } from "./result-reopen";

describe("reopenRefusal", () => {
  it("says why a sealed or certified result cannot be reopened, sealing first", () => {
    expect(reopenRefusal({ certified: true, sealed: true })).toMatch(/^该选举已封存归档，不能重新开放/);
    expect(reopenRefusal({ certified: true, sealed: false })).toContain("须先撤销认定（在「认定与归档」中说明理由）");
    expect(reopenRefusal({ certified: false, sealed: false })).toBeNull();
  });
});
