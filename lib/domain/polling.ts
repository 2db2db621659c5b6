// Polling setup for one village's election (投票准备, docs/rules/proxies-and-polling.md; edge cases 20-22):
// stations, ballot boxes, proxy votes (委托投票) and the people who monitor, call and count.
// Pure: the DAL (lib/server/election-day/polling.ts) loads the rows and stores what these allow.
import { parseIdNumber } from "./id-number";
import { RELATION_LABEL, type Relation } from "./people";

export const STATION_KINDS = ["CENTRAL", "SUB"] as const;
export type StationKind = (typeof STATION_KINDS)[number];
export const STATION_KIND_LABEL: Record<StationKind, string> = { CENTRAL: "中心会场", SUB: "分会场" };

export const BOX_KINDS = ["FIXED", "MOBILE"] as const;
export type BoxKind = (typeof BOX_KINDS)[number];
export const BOX_KIND_LABEL: Record<BoxKind, string> = { FIXED: "固定票箱", MOBILE: "流动票箱" };

export const STAFF_DUTIES = ["MONITOR", "CALLER", "COUNTER"] as const;
export type StaffDuty = (typeof STAFF_DUTIES)[number];
export const STAFF_DUTY_LABEL: Record<StaffDuty, string> = { MONITOR: "监票人", CALLER: "唱票人", COUNTER: "计票人" };

/** Each mobile box travels with at least three monitors (docs/rules/proxies-and-polling.md, 流动票箱). */
export const MIN_MOBILE_MONITORS = 3;

export const LOCKED_MESSAGE = "选举结果已确认，投票设置已锁定";

export type PollingProblem = { severity: "error" | "warning"; code: string; message: string };

export type PollingSetup = {
  registeredVoters: number;
  stations: { id: string; name: string; kind: StationKind }[];
  boxes: { id: string; name: string; kind: BoxKind; stationId: string; voters: number }[];
  staff: { duty: StaffDuty; boxId: string | null }[];
  /** Registered proxy votes; informational (each one was checked when it was added). */
  proxies?: number;
};

const byName = (a: { name: string; id: string }, b: { name: string; id: string }) =>
  a.name.localeCompare(b.name, "zh-CN", { numeric: true }) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Everything wrong with a polling setup, errors first in a fixed order (stations, boxes, voters, mobile
 * boxes), then warnings. The same input in any row order gives the same list.
 */
export function checkPollingSetup(setup: PollingSetup): PollingProblem[] {
  const errors: PollingProblem[] = [];
  const warnings: PollingProblem[] = [];
  const error = (code: string, message: string) => errors.push({ severity: "error", code, message });

  const stations = [...setup.stations].sort((a, b) => (a.kind === b.kind ? byName(a, b) : a.kind === "CENTRAL" ? -1 : 1));
  const stationOrder = new Map(stations.map((s, i) => [s.id, i]));
  const boxes = [...setup.boxes].sort((a, b) => (stationOrder.get(a.stationId) ?? -1) - (stationOrder.get(b.stationId) ?? -1) || byName(a, b));
  const centrals = stations.filter((s) => s.kind === "CENTRAL");
  const central = centrals.length === 1 ? centrals[0]! : null;

  if (stations.length === 0) error("polling.noStation", "尚未设置投票站：须设一个中心会场");
  else if (centrals.length === 0) error("polling.noCentral", "尚未设置中心会场：须有且只有一个中心会场");
  else if (centrals.length > 1)
    error("polling.manyCentral", `中心会场只能有一个，现有 ${centrals.length} 个（${centrals.map((s) => `「${s.name}」`).join("、")}）`);

  if (boxes.length === 0) error("polling.noBox", "尚未设置票箱");
  for (const s of stations) {
    if (!boxes.some((b) => b.stationId === s.id)) error("polling.stationWithoutBox", `${STATION_KIND_LABEL[s.kind]}「${s.name}」还没有票箱`);
  }

  if (boxes.length > 0) {
    const total = boxes.reduce((sum, b) => sum + b.voters, 0);
    if (total !== setup.registeredVoters) {
      error(
        "polling.votersMismatch",
        `各票箱服务的选民数合计 ${total} 人，与本村登记选民数 ${setup.registeredVoters} 人不一致（${total > setup.registeredVoters ? "多" : "少"} ${Math.abs(total - setup.registeredVoters)} 人）`,
      );
    }
  }

  const names = new Map(stations.map((s) => [s.id, s]));
  for (const b of boxes.filter((x) => x.kind === "MOBILE")) {
    const station = names.get(b.stationId);
    if (central && b.stationId !== central.id) {
      error(
        "polling.mobileNotCentral",
        `流动票箱「${b.name}」应归属中心会场「${central.name}」（流动票箱封存后送中心会场统一开箱计票），现归属「${station?.name ?? "未知投票站"}」`,
      );
    }
    const monitors = setup.staff.filter((p) => p.duty === "MONITOR" && p.boxId === b.id).length;
    if (monitors < MIN_MOBILE_MONITORS) {
      error("polling.mobileMonitors", `流动票箱「${b.name}」须有至少 ${MIN_MOBILE_MONITORS} 名监票人随箱，现有 ${monitors} 名`);
    }
  }

  if (setup.staff.length === 0) {
    warnings.push({ severity: "warning", code: "polling.noStaff", message: "尚未登记监票人、唱票人、计票人" });
  } else {
    for (const duty of STAFF_DUTIES) {
      if (!setup.staff.some((p) => p.duty === duty))
        warnings.push({ severity: "warning", code: "polling.dutyMissing", message: `尚未登记${STAFF_DUTY_LABEL[duty]}` });
    }
  }
  return [...errors, ...warnings];
}

// ---------------------------------------------------------------------------------------------
// Save-time checks: each returns the first reason to refuse, or null.

export type Refusal = { code: string; message: string; field?: string };

type NamedId = { name: string; idNumber: string };

export type ProxyCheck = {
  principal: NamedId;
  proxy: NamedId;
  /** rules.proxiesPerVoter of the campaign. */
  limit: number;
  /** The election's proxy votes already registered. */
  existing: { principalIdNumber: string; proxyIdNumber: string }[];
  /** The candidates who may not accept proxies (the formal list once published, else everyone nominated). */
  candidates: NamedId[];
  today?: string;
};

/** Why a proxy vote may not be registered, or null. ID numbers are compared after normalisation. */
export function proxyProblem(c: ProxyCheck): Refusal | null {
  const p = parseIdNumber(c.principal.idNumber, c.today);
  if (!p.ok) return { code: "proxy.principalId", field: "principalIdNumber", message: `委托人${p.problem}` };
  const q = parseIdNumber(c.proxy.idNumber, c.today);
  if (!q.ok) return { code: "proxy.proxyId", field: "proxyIdNumber", message: `受托人${q.problem}` };
  const principalId = p.idNumber;
  const proxyId = q.idNumber;
  const norm = (id: string) => id.trim().toUpperCase();
  if (principalId === proxyId) return { code: "proxy.same", field: "proxyIdNumber", message: "委托人和受托人不能是同一人" };
  if (c.existing.some((e) => norm(e.principalIdNumber) === principalId)) {
    return { code: "proxy.duplicate", field: "principalIdNumber", message: `「${c.principal.name}」已登记委托投票，每人只能委托一次` };
  }
  if (c.existing.some((e) => norm(e.proxyIdNumber) === principalId)) {
    return { code: "proxy.redelegate", field: "principalIdNumber", message: `「${c.principal.name}」已接受他人委托，不能再委托别人投票（不得转委托）` };
  }
  if (c.existing.some((e) => norm(e.principalIdNumber) === proxyId)) {
    return { code: "proxy.redelegate", field: "proxyIdNumber", message: `「${c.proxy.name}」本人已委托他人投票，不能再接受委托（不得转委托）` };
  }
  const candidate = c.candidates.find((x) => norm(x.idNumber) === proxyId);
  if (candidate) return { code: "proxy.candidate", field: "proxyIdNumber", message: `「${candidate.name}」是本次选举的候选人，候选人不得接受委托` };
  const held = c.existing.filter((e) => norm(e.proxyIdNumber) === proxyId).length;
  if (held >= c.limit) {
    return { code: "proxy.limit", field: "proxyIdNumber", message: `「${c.proxy.name}」已接受 ${held} 人委托，每人接受委托不超过 ${c.limit} 人` };
  }
  return null;
}

export type StaffCheck = {
  person: NamedId;
  duty: StaffDuty;
  /** ID numbers of the people already listed as staff of this election. */
  existingIdNumbers: string[];
  candidates: NamedId[];
  /** The recorded relations between this person and the candidates. */
  relatives: { candidateName: string; relation: Relation }[];
  today?: string;
};

/** Why someone may not serve as monitor, caller or counter, or null. */
export function staffProblem(c: StaffCheck): Refusal | null {
  const p = parseIdNumber(c.person.idNumber, c.today);
  if (!p.ok) return { code: "staff.id", field: "idNumber", message: p.problem };
  const id = p.idNumber;
  const duty = STAFF_DUTY_LABEL[c.duty];
  if (c.existingIdNumbers.some((x) => x.trim().toUpperCase() === id)) {
    return { code: "staff.duplicate", field: "idNumber", message: `「${c.person.name}」已登记为本次选举的工作人员，每人只能登记一次` };
  }
  const candidate = c.candidates.find((x) => x.idNumber.trim().toUpperCase() === id);
  if (candidate) return { code: "staff.candidate", field: "idNumber", message: `「${candidate.name}」是本次选举的候选人，不得担任${duty}` };
  const kin = c.relatives[0];
  if (kin) {
    return {
      code: "staff.relative",
      field: "idNumber",
      message: `「${c.person.name}」是候选人「${kin.candidateName}」的近亲属（${RELATION_LABEL[kin.relation]}），不得担任${duty}`,
    };
  }
  return null;
}
