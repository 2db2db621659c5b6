import { describe, expect, it } from "vitest";
import { idCheckChar } from "./id-number";
import { checkPollingSetup, proxyProblem, staffProblem, type PollingSetup, type ProxyCheck, type StaffCheck } from "./polling";

const TODAY = "2026-03-01";

/** A valid ID number (Beijing 东城区) for a serial: born 1970 + serial days, male. */
function id(serial: number): string {
  const d = new Date(Date.UTC(1970, 0, 1 + serial));
  const first17 = `110101${d.toISOString().slice(0, 10).replaceAll("-", "")}${String(serial % 100).padStart(2, "0")}1`;
  return `${first17}${idCheckChar(first17)}`;
}

/** One central station with a fixed box (770) and a mobile box (30) with three monitors, plus a caller and a counter. */
function good(): PollingSetup {
  return {
    registeredVoters: 800,
    stations: [{ id: "s1", name: "中心会场", kind: "CENTRAL" }],
    boxes: [
      { id: "b1", name: "1号票箱", kind: "FIXED", stationId: "s1", voters: 770 },
      { id: "b2", name: "流动票箱", kind: "MOBILE", stationId: "s1", voters: 30 },
    ],
    staff: [
      { duty: "MONITOR", boxId: "b2" },
      { duty: "MONITOR", boxId: "b2" },
      { duty: "MONITOR", boxId: "b2" },
      { duty: "CALLER", boxId: null },
      { duty: "COUNTER", boxId: null },
    ],
  };
}

const codes = (s: PollingSetup) => checkPollingSetup(s).map((p) => `${p.severity}:${p.code}`);

describe("checkPollingSetup", () => {
  it("a complete setup has no problem", () => {
    expect(checkPollingSetup(good())).toEqual([]);
  });

  it("an empty setup: no station, no box, no staff", () => {
    expect(checkPollingSetup({ registeredVoters: 800, stations: [], boxes: [], staff: [] })).toEqual([
      { severity: "error", code: "polling.noStation", message: "尚未设置投票站：须设一个中心会场" },
      { severity: "error", code: "polling.noBox", message: "尚未设置票箱" },
      { severity: "warning", code: "polling.noStaff", message: "尚未登记监票人、唱票人、计票人" },
    ]);
  });

  it("needs exactly one central station", () => {
    const none = good();
    none.stations = [{ id: "s1", name: "一组分会场", kind: "SUB" }];
    expect(codes(none)).toEqual(["error:polling.noCentral"]);
    const two = good();
    two.stations.push({ id: "s2", name: "东会场", kind: "CENTRAL" });
    two.boxes.push({ id: "b3", name: "3号票箱", kind: "FIXED", stationId: "s2", voters: 0 });
    const problems = checkPollingSetup(two);
    expect(problems.map((p) => p.code)).toEqual(["polling.manyCentral"]);
    expect(problems[0]!.message).toBe("中心会场只能有一个，现有 2 个（「东会场」、「中心会场」）");
  });

  it("a station without a box is an error naming it", () => {
    const s = good();
    s.stations.push({ id: "s2", name: "三组分会场", kind: "SUB" });
    expect(checkPollingSetup(s)).toEqual([{ severity: "error", code: "polling.stationWithoutBox", message: "分会场「三组分会场」还没有票箱" }]);
  });

  it("the boxes' voters must add up to the registered voters, and the message says both numbers", () => {
    const s = good();
    s.boxes[0]!.voters = 700;
    expect(checkPollingSetup(s)).toEqual([
      { severity: "error", code: "polling.votersMismatch", message: "各票箱服务的选民数合计 730 人，与本村登记选民数 800 人不一致（少 70 人）" },
    ]);
    s.boxes[0]!.voters = 780;
    expect(checkPollingSetup(s)[0]!.message).toContain("合计 810 人，与本村登记选民数 800 人不一致（多 10 人）");
  });

  it("a mobile box belongs to the central station and has at least three monitors", () => {
    const s = good();
    s.stations.push({ id: "s2", name: "二组分会场", kind: "SUB" });
    s.boxes[1]!.stationId = "s2";
    s.staff = s.staff.filter((p, i) => i !== 0);
    expect(checkPollingSetup(s)).toEqual([
      {
        severity: "error",
        code: "polling.mobileNotCentral",
        message: "流动票箱「流动票箱」应归属中心会场「中心会场」（流动票箱封存后送中心会场统一开箱计票），现归属「二组分会场」",
      },
      { severity: "error", code: "polling.mobileMonitors", message: "流动票箱「流动票箱」须有至少 3 名监票人随箱，现有 2 名" },
    ]);
  });

  it("monitors assigned to another box or to the whole count do not count for a mobile box", () => {
    const s = good();
    s.staff = [
      { duty: "MONITOR", boxId: "b1" },
      { duty: "MONITOR", boxId: null },
      { duty: "CALLER", boxId: "b2" },
      { duty: "COUNTER", boxId: "b2" },
      { duty: "MONITOR", boxId: "b2" },
    ];
    expect(checkPollingSetup(s).map((p) => p.message)).toEqual(["流动票箱「流动票箱」须有至少 3 名监票人随箱，现有 1 名"]);
  });

  it("warns about a missing duty once some staff are listed", () => {
    const s = good();
    s.staff = s.staff.filter((p) => p.duty === "MONITOR");
    expect(checkPollingSetup(s)).toEqual([
      { severity: "warning", code: "polling.dutyMissing", message: "尚未登记唱票人" },
      { severity: "warning", code: "polling.dutyMissing", message: "尚未登记计票人" },
    ]);
  });

  it("is deterministic: the same setup in another row order gives the same list", () => {
    const s: PollingSetup = {
      registeredVoters: 100,
      stations: [
        { id: "a", name: "10组分会场", kind: "SUB" },
        { id: "b", name: "2组分会场", kind: "SUB" },
        { id: "c", name: "中心会场", kind: "CENTRAL" },
      ],
      boxes: [
        { id: "m", name: "流动2", kind: "MOBILE", stationId: "c", voters: 5 },
        { id: "n", name: "流动1", kind: "MOBILE", stationId: "c", voters: 5 },
      ],
      staff: [],
    };
    const reversed = { ...s, stations: [...s.stations].reverse(), boxes: [...s.boxes].reverse() };
    expect(checkPollingSetup(reversed)).toEqual(checkPollingSetup(s));
    expect(checkPollingSetup(s).map((p) => p.message)).toEqual([
      "分会场「2组分会场」还没有票箱",
      "分会场「10组分会场」还没有票箱",
      "各票箱服务的选民数合计 10 人，与本村登记选民数 100 人不一致（少 90 人）",
      "流动票箱「流动1」须有至少 3 名监票人随箱，现有 0 名",
      "流动票箱「流动2」须有至少 3 名监票人随箱，现有 0 名",
      "尚未登记监票人、唱票人、计票人",
    ]);
  });
});

describe("proxyProblem", () => {
  const base = (over: Partial<ProxyCheck> = {}): ProxyCheck => ({
    principal: { name: "张三", idNumber: id(1) },
    proxy: { name: "张四", idNumber: id(2) },
    limit: 3,
    existing: [],
    candidates: [{ name: "王五", idNumber: id(9) }],
    today: TODAY,
    ...over,
  });

  it("accepts a valid proxy", () => {
    expect(proxyProblem(base())).toBeNull();
  });

  it("checks both ID numbers", () => {
    expect(proxyProblem(base({ principal: { name: "张三", idNumber: "123" } }))).toMatchObject({
      field: "principalIdNumber",
      message: "委托人身份证号码长度应为 18 位，当前为 3 位",
    });
    const bad = `${id(2).slice(0, 17)}${id(2).endsWith("0") ? "1" : "0"}`;
    expect(proxyProblem(base({ proxy: { name: "张四", idNumber: bad } }))?.message).toMatch(/^受托人身份证号码校验位有误/);
  });

  it("principal and proxy must differ", () => {
    expect(proxyProblem(base({ proxy: { name: "张三", idNumber: id(1) } }))?.message).toBe("委托人和受托人不能是同一人");
  });

  it("a principal is listed once", () => {
    expect(proxyProblem(base({ existing: [{ principalIdNumber: id(1), proxyIdNumber: id(3) }] }))?.message).toBe("「张三」已登记委托投票，每人只能委托一次");
  });

  it("no re-delegation either way", () => {
    expect(proxyProblem(base({ existing: [{ principalIdNumber: id(4), proxyIdNumber: id(1) }] }))).toMatchObject({
      code: "proxy.redelegate",
      field: "principalIdNumber",
    });
    expect(proxyProblem(base({ existing: [{ principalIdNumber: id(2), proxyIdNumber: id(4) }] }))?.message).toBe(
      "「张四」本人已委托他人投票，不能再接受委托（不得转委托）",
    );
  });

  it("a candidate may not accept a proxy", () => {
    expect(proxyProblem(base({ proxy: { name: "王五", idNumber: id(9) } }))?.message).toBe("「王五」是本次选举的候选人，候选人不得接受委托");
  });

  it("a proxy holds at most `limit` principals; the message names the proxy and the limit", () => {
    const existing = [3, 4, 5].map((n) => ({ principalIdNumber: id(n), proxyIdNumber: id(2) }));
    expect(proxyProblem(base({ existing: existing.slice(0, 2) }))).toBeNull();
    expect(proxyProblem(base({ existing }))).toEqual({
      code: "proxy.limit",
      field: "proxyIdNumber",
      message: "「张四」已接受 3 人委托，每人接受委托不超过 3 人",
    });
    expect(proxyProblem(base({ existing: existing.slice(0, 1), limit: 1 }))?.message).toBe("「张四」已接受 1 人委托，每人接受委托不超过 1 人");
  });
});

describe("staffProblem", () => {
  const base = (over: Partial<StaffCheck> = {}): StaffCheck => ({
    person: { name: "李监", idNumber: id(20) },
    duty: "MONITOR",
    existingIdNumbers: [],
    candidates: [{ name: "王五", idNumber: id(9) }],
    relatives: [],
    today: TODAY,
    ...over,
  });

  it("accepts someone unrelated", () => {
    expect(staffProblem(base())).toBeNull();
  });

  it("checks the ID number and lists a person once", () => {
    expect(staffProblem(base({ person: { name: "李监", idNumber: "" } }))?.message).toBe("身份证号码不能为空");
    expect(staffProblem(base({ existingIdNumbers: [id(20)] }))?.message).toBe("「李监」已登记为本次选举的工作人员，每人只能登记一次");
  });

  it("a candidate may not serve", () => {
    expect(staffProblem(base({ person: { name: "王五", idNumber: id(9) }, duty: "COUNTER" }))?.message).toBe("「王五」是本次选举的候选人，不得担任计票人");
  });

  it("a candidate's near relative may not serve; the message names the candidate and the relation", () => {
    expect(staffProblem(base({ relatives: [{ candidateName: "王五", relation: "SPOUSE" }] }))).toEqual({
      code: "staff.relative",
      field: "idNumber",
      message: "「李监」是候选人「王五」的近亲属（配偶），不得担任监票人",
    });
  });
});
