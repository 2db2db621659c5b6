import "server-only";
// Polling setup of one village's election (投票准备): stations, ballot boxes, proxy votes, and the
// monitors, callers and counters. Locked once the township confirms the result (docs/decisions/007);
// the PostgreSQL trigger of the election_day migration refuses the same changes below the app.
import { z } from "zod";
import { dayOf } from "@/lib/domain/days";
import { boolField, idField, intField, optionalIdField, personNameField, versionField } from "@/lib/domain/form-fields";
import { maskIdNumber, parseIdNumber } from "@/lib/domain/id-number";
import { RELATIONS, type Relation } from "@/lib/domain/people";
import { can } from "@/lib/domain/permissions";
import {
  BOX_KIND_LABEL,
  BOX_KINDS,
  checkPollingSetup,
  LOCKED_MESSAGE,
  proxyProblem,
  STAFF_DUTIES,
  STAFF_DUTY_LABEL,
  staffProblem,
  STATION_KINDS,
  type PollingProblem,
  type PollingSetup,
  type Refusal,
} from "@/lib/domain/polling";
import { DEFAULT_RULES } from "@/lib/domain/rule-pack";
import { defineAction } from "../action";
import type { Actor } from "../auth/sessions";
import { db, type Tx } from "../db";
import { ExpectedError, staleError, translateDbError } from "../errors";
import { electionInScope, electionTarget } from "../nomination/elections";
import { readCampaignRules } from "@/lib/domain/stored-json";
import { registeredVotersOf } from "../voters/registered";

/** A trimmed, upper-cased ID number that parses (GB 11643); the field error is the parse problem. */
const idNumberField = z
  .string()
  .trim()
  .toUpperCase()
  .superRefine((v, ctx) => {
    const parsed = parseIdNumber(v);
    if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.problem });
  });

const nameField = (label: string) => z.string().trim().min(1, `请填写${label}`).max(50, `${label}最多 50 个字`);

/** An optional id from a hidden field: absent or "" means "create". */
const optionalRowId = z
  .union([idField, z.literal("")])
  .optional()
  .transform((v) => (v ? v : undefined));

/**
 * Locks the election row for the rest of the transaction and refuses once its result is confirmed.
 * The lock serialises polling changes of one election, so two clerks cannot both take a proxy's last
 * place, and a confirmation cannot slip in between the check and the write.
 */
async function lockOpenElection(tx: Tx, electionId: string) {
  const rows = await tx.$queryRaw<{ confirmed: boolean }[]>`
    SELECT "resultConfirmedAt" IS NOT NULL AS confirmed FROM "Election" WHERE id = ${electionId}::uuid FOR NO KEY UPDATE`;
  if (!rows[0]) throw new ExpectedError("not_found", "未找到该选举");
  if (rows[0].confirmed) throw new ExpectedError("invalid", LOCKED_MESSAGE);
}

/** Turns a save-time refusal into the action's expected failure, with the field to mark. */
function refuse(problem: Refusal | null) {
  if (problem) throw new ExpectedError("invalid", problem.message, problem.field ? { [problem.field]: problem.message } : undefined);
}

/**
 * The people barred from accepting proxies and from serving as staff: the formal candidates once the
 * formal list is published, otherwise everyone nominated.
 */
async function barredCandidates(tx: Pick<Tx, "election" | "candidate">, electionId: string) {
  const e = await tx.election.findUniqueOrThrow({ where: { id: electionId }, select: { listStatus: true } });
  const rows = await tx.candidate.findMany({
    where: { electionId, ...(e.listStatus === "FORMAL" ? { formalRank: { not: null } } : {}) },
    select: { personId: true, person: { select: { name: true, idNumber: true } } },
    orderBy: [{ formalRank: "asc" }, { id: "asc" }],
  });
  return rows.map((r) => ({ personId: r.personId, name: r.person.name, idNumber: r.person.idNumber }));
}

// ---------------------------------------------------------------------------------------------
// Stations

export const saveStation = defineAction({
  name: "polling.station.save",
  permission: "polling.setup",
  input: z.object({
    electionId: idField,
    id: optionalRowId,
    version: versionField.optional(),
    name: nameField("投票站名称"),
    kind: z.enum(STATION_KINDS, "请选择投票站类型"),
    place: z.string().trim().max(100, "地点最多 100 个字").default(""),
  }),
  target: (tx, input, actor) => electionTarget(tx, actor, input.electionId),
  async run({ tx, input, audit }) {
    await lockOpenElection(tx, input.electionId);
    const before = input.id
      ? await tx.pollingStation.findFirst({
          where: { id: input.id, electionId: input.electionId },
          select: { name: true, kind: true, place: true, _count: { select: { boxes: { where: { kind: "MOBILE" } } } } },
        })
      : null;
    if (input.id && !before) throw new ExpectedError("not_found", "未找到该投票站");
    if (input.kind === "CENTRAL") {
      const other = await tx.pollingStation.findFirst({
        where: { electionId: input.electionId, kind: "CENTRAL", ...(input.id ? { NOT: { id: input.id } } : {}) },
        select: { name: true },
      });
      if (other) throw new ExpectedError("invalid", `已有中心会场「${other.name}」，每次选举只设一个中心会场`, { kind: "只能有一个中心会场" });
    }
    if (before && before.kind === "CENTRAL" && input.kind === "SUB" && before._count.boxes > 0) {
      throw new ExpectedError("invalid", `「${before.name}」有流动票箱，流动票箱须归属中心会场，不能改为分会场`, {
        kind: "有流动票箱的中心会场不能改为分会场",
      });
    }
    const data = { name: input.name, kind: input.kind, place: input.place };
    let id: string;
    try {
      if (input.id) {
        const res = await tx.pollingStation.updateMany({
          where: { id: input.id, electionId: input.electionId, version: input.version ?? -1 },
          data: { ...data, version: { increment: 1 } },
        });
        if (res.count === 0) throw staleError();
        id = input.id;
      } else {
        id = (await tx.pollingStation.create({ data: { ...data, electionId: input.electionId }, select: { id: true } })).id;
      }
    } catch (err) {
      translateDbError(err, `已有名为「${input.name}」的投票站`);
    }
    await audit({
      event: "polling.station.saved",
      objectType: "PollingStation",
      objectId: id,
      before: before ? { name: before.name, kind: before.kind, place: before.place } : null,
      after: data,
    });
    return { id };
  },
});

export const deleteStation = defineAction({
  name: "polling.station.delete",
  permission: "polling.setup",
  input: z.object({ electionId: idField, id: idField, version: versionField }),
  target: (tx, input, actor) => electionTarget(tx, actor, input.electionId),
  async run({ tx, input, audit }) {
    await lockOpenElection(tx, input.electionId);
    const s = await tx.pollingStation.findFirst({
      where: { id: input.id, electionId: input.electionId },
      select: { name: true, kind: true, place: true, _count: { select: { boxes: true } } },
    });
    if (!s) throw new ExpectedError("not_found", "未找到该投票站");
    if (s._count.boxes > 0) throw new ExpectedError("invalid", `「${s.name}」还有 ${s._count.boxes} 个票箱，请先删除票箱`);
    const res = await tx.pollingStation.deleteMany({ where: { id: input.id, version: input.version } });
    if (res.count === 0) throw staleError();
    await audit({ event: "polling.station.deleted", objectType: "PollingStation", objectId: input.id, before: { name: s.name, kind: s.kind, place: s.place } });
    return { id: input.id };
  },
});

// ---------------------------------------------------------------------------------------------
// Ballot boxes

export const saveBox = defineAction({
  name: "polling.box.save",
  permission: "polling.setup",
  input: z.object({
    electionId: idField,
    id: optionalRowId,
    version: versionField.optional(),
    stationId: idField,
    name: nameField("票箱名称"),
    kind: z.enum(BOX_KINDS, "请选择票箱类型"),
    voters: intField(1, 10_000_000, "服务选民数"),
  }),
  target: (tx, input, actor) => electionTarget(tx, actor, input.electionId),
  async run({ tx, input, audit }) {
    await lockOpenElection(tx, input.electionId);
    const station = await tx.pollingStation.findFirst({ where: { id: input.stationId, electionId: input.electionId }, select: { name: true, kind: true } });
    if (!station) throw new ExpectedError("not_found", "未找到该投票站", { stationId: "请选择本村的投票站" });
    // Mobile boxes are sealed and opened with the central meeting's count (docs/rules/proxies-and-polling.md).
    if (input.kind === "MOBILE" && station.kind !== "CENTRAL") {
      throw new ExpectedError("invalid", "流动票箱应归属中心会场（封存后送中心会场统一开箱计票）", { stationId: "流动票箱应归属中心会场" });
    }
    const before = input.id
      ? await tx.ballotBox.findFirst({
          where: { id: input.id, electionId: input.electionId },
          select: { name: true, kind: true, voters: true, stationId: true },
        })
      : null;
    if (input.id && !before) throw new ExpectedError("not_found", "未找到该票箱");
    const data = { stationId: input.stationId, name: input.name, kind: input.kind, voters: input.voters };
    let id: string;
    try {
      if (input.id) {
        const res = await tx.ballotBox.updateMany({
          where: { id: input.id, electionId: input.electionId, version: input.version ?? -1 },
          data: { ...data, version: { increment: 1 } },
        });
        if (res.count === 0) throw staleError();
        id = input.id;
      } else {
        id = (await tx.ballotBox.create({ data: { ...data, electionId: input.electionId }, select: { id: true } })).id;
      }
    } catch (err) {
      translateDbError(err, `已有名为「${input.name}」的票箱`);
    }
    await audit({ event: "polling.box.saved", objectType: "BallotBox", objectId: id, before, after: data });
    return { id };
  },
});

export const deleteBox = defineAction({
  name: "polling.box.delete",
  permission: "polling.setup",
  input: z.object({ electionId: idField, id: idField, version: versionField }),
  target: (tx, input, actor) => electionTarget(tx, actor, input.electionId),
  async run({ tx, input, audit }) {
    await lockOpenElection(tx, input.electionId);
    const b = await tx.ballotBox.findFirst({
      where: { id: input.id, electionId: input.electionId },
      select: { name: true, kind: true, voters: true, stationId: true, _count: { select: { tallies: true, staff: true } } },
    });
    if (!b) throw new ExpectedError("not_found", "未找到该票箱");
    if (b._count.tallies > 0) throw new ExpectedError("invalid", `「${b.name}」已有计票单记录，须保留备查，不能删除`);
    if (b._count.staff > 0) throw new ExpectedError("invalid", `「${b.name}」还有 ${b._count.staff} 名工作人员，请先删除或改派`);
    const res = await tx.ballotBox.deleteMany({ where: { id: input.id, version: input.version } });
    if (res.count === 0) throw staleError();
    const { _count: _, ...before } = b;
    await audit({ event: "polling.box.deleted", objectType: "BallotBox", objectId: input.id, before });
    return { id: input.id };
  },
});

// ---------------------------------------------------------------------------------------------
// Proxy votes (委托投票)

export const addProxy = defineAction({
  name: "polling.proxy.add",
  permission: "polling.setup",
  input: z.object({
    electionId: idField,
    principalName: personNameField("委托人姓名"),
    principalIdNumber: idNumberField,
    proxyName: personNameField("受托人姓名"),
    proxyIdNumber: idNumberField,
    relation: z
      .union([z.enum(RELATIONS), z.literal(""), z.null()])
      .optional()
      .transform((v) => (v ? v : null)),
  }),
  target: (tx, input, actor) => electionTarget(tx, actor, input.electionId),
  async run({ tx, input, audit }) {
    await lockOpenElection(tx, input.electionId);
    const e = await tx.election.findUniqueOrThrow({ where: { id: input.electionId }, select: { campaign: { select: { rules: true } } } });
    const limit = readCampaignRules(e.campaign.rules).proxiesPerVoter;
    const existing = await tx.proxyVote.findMany({ where: { electionId: input.electionId }, select: { principalIdNumber: true, proxyIdNumber: true } });
    refuse(
      proxyProblem({
        principal: { name: input.principalName, idNumber: input.principalIdNumber },
        proxy: { name: input.proxyName, idNumber: input.proxyIdNumber },
        limit,
        existing,
        candidates: await barredCandidates(tx, input.electionId),
      }),
    );
    const created = await tx.proxyVote
      .create({
        data: {
          electionId: input.electionId,
          principalName: input.principalName,
          principalIdNumber: input.principalIdNumber,
          proxyName: input.proxyName,
          proxyIdNumber: input.proxyIdNumber,
          relation: input.relation,
        },
        select: { id: true },
      })
      .catch((err: unknown) => translateDbError(err, `「${input.principalName}」已登记委托投票，每人只能委托一次`));
    await audit({ event: "polling.proxy.added", objectType: "ProxyVote", objectId: created.id, after: proxyAuditView(input) });
    return created;
  },
});

/** What the audit log keeps of a proxy vote: names and masked ID numbers only. */
function proxyAuditView(p: { principalName: string; principalIdNumber: string; proxyName: string; proxyIdNumber: string; relation: Relation | null }) {
  return {
    principalName: p.principalName,
    principalIdMasked: maskIdNumber(p.principalIdNumber),
    proxyName: p.proxyName,
    proxyIdMasked: maskIdNumber(p.proxyIdNumber),
    relation: p.relation,
  };
}

export const deleteProxy = defineAction({
  name: "polling.proxy.delete",
  permission: "polling.setup",
  input: z.object({ electionId: idField, id: idField }),
  target: (tx, input, actor) => electionTarget(tx, actor, input.electionId),
  async run({ tx, input, audit }) {
    await lockOpenElection(tx, input.electionId);
    const p = await tx.proxyVote.findFirst({ where: { id: input.id, electionId: input.electionId } });
    if (!p) throw new ExpectedError("not_found", "未找到该委托投票登记");
    await tx.proxyVote.delete({ where: { id: p.id } });
    await audit({ event: "polling.proxy.deleted", objectType: "ProxyVote", objectId: p.id, before: proxyAuditView(p) });
    return { id: p.id };
  },
});

// ---------------------------------------------------------------------------------------------
// Monitors, callers and counters (监票人、唱票人、计票人)

export const addStaff = defineAction({
  name: "polling.staff.add",
  permission: "polling.setup",
  input: z.object({
    electionId: idField,
    name: personNameField("姓名"),
    idNumber: idNumberField,
    duty: z.enum(STAFF_DUTIES, "请选择职责"),
    boxId: optionalIdField,
  }),
  target: (tx, input, actor) => electionTarget(tx, actor, input.electionId),
  async run({ tx, input, unit, audit }) {
    await lockOpenElection(tx, input.electionId);
    const box = input.boxId ? await tx.ballotBox.findFirst({ where: { id: input.boxId, electionId: input.electionId }, select: { name: true } }) : null;
    if (input.boxId && !box) throw new ExpectedError("not_found", "未找到该票箱", { boxId: "请选择本村的票箱" });
    const candidates = await barredCandidates(tx, input.electionId);
    const existingIdNumbers = (await tx.pollingStaff.findMany({ where: { electionId: input.electionId }, select: { idNumber: true } })).map((s) => s.idNumber);
    refuse(
      staffProblem({
        person: { name: input.name, idNumber: input.idNumber },
        duty: input.duty,
        existingIdNumbers,
        candidates,
        relatives: await relativesAmongCandidates(tx, unit.countyId, input.idNumber, candidates),
      }),
    );
    const created = await tx.pollingStaff
      .create({
        data: { electionId: input.electionId, name: input.name, idNumber: input.idNumber, duty: input.duty, boxId: input.boxId },
        select: { id: true },
      })
      .catch((err: unknown) => translateDbError(err, `「${input.name}」已登记为本次选举的工作人员，每人只能登记一次`));
    await audit({
      event: "polling.staff.added",
      objectType: "PollingStaff",
      objectId: created.id,
      after: { name: input.name, idMasked: maskIdNumber(input.idNumber), duty: input.duty, box: box?.name ?? null },
    });
    return created;
  },
});

/**
 * The recorded relations between the county's person with this ID number and the candidates, as
 * (candidate name, relation), in candidate order. Someone with no Person record has none recorded.
 */
async function relativesAmongCandidates(
  tx: Pick<Tx, "person" | "kinship">,
  countyId: string | null,
  idNumber: string,
  candidates: { personId: string; name: string }[],
): Promise<{ candidateName: string; relation: Relation }[]> {
  if (!countyId || candidates.length === 0) return [];
  const person = await tx.person.findUnique({ where: { countyId_idNumber: { countyId, idNumber } }, select: { id: true } });
  if (!person) return [];
  const ids = candidates.map((c) => c.personId);
  const kin = await tx.kinship.findMany({
    where: {
      OR: [
        { personAId: person.id, personBId: { in: ids } },
        { personBId: person.id, personAId: { in: ids } },
      ],
    },
    select: { personAId: true, personBId: true, relation: true },
  });
  return candidates.flatMap((c) => {
    const k = kin.find((x) => x.personAId === c.personId || x.personBId === c.personId);
    return k && c.personId !== person.id ? [{ candidateName: c.name, relation: k.relation }] : [];
  });
}

export const deleteStaff = defineAction({
  name: "polling.staff.delete",
  permission: "polling.setup",
  input: z.object({ electionId: idField, id: idField }),
  target: (tx, input, actor) => electionTarget(tx, actor, input.electionId),
  async run({ tx, input, audit }) {
    await lockOpenElection(tx, input.electionId);
    const s = await tx.pollingStaff.findFirst({
      where: { id: input.id, electionId: input.electionId },
      select: { id: true, name: true, idNumber: true, duty: true, box: { select: { name: true } } },
    });
    if (!s) throw new ExpectedError("not_found", "未找到该工作人员");
    await tx.pollingStaff.delete({ where: { id: s.id } });
    await audit({
      event: "polling.staff.deleted",
      objectType: "PollingStaff",
      objectId: s.id,
      before: { name: s.name, idMasked: maskIdNumber(s.idNumber), duty: s.duty, box: s.box?.name ?? null },
    });
    return { id: s.id };
  },
});

// ---------------------------------------------------------------------------------------------
// Double entry of tally sheets (county switch)

export const setDoubleEntry = defineAction({
  name: "tally.doubleEntry.set",
  permission: "tally.configure",
  input: z.object({ electionId: idField, doubleEntry: boolField }),
  target: (tx, input, actor) => electionTarget(tx, actor, input.electionId),
  async run({ tx, input, audit }) {
    await lockOpenElection(tx, input.electionId);
    const e = await tx.election.findUniqueOrThrow({ where: { id: input.electionId }, select: { doubleEntry: true } });
    // Changing it mid-count would leave some boxes typed once and others twice under different rules.
    const tallies = await tx.boxTally.count({ where: { electionId: input.electionId } });
    if (tallies > 0) throw new ExpectedError("invalid", "本村已开始录入计票单，录入方式不能再改（否则同一次选举的票箱将按不同规则核对）");
    if (e.doubleEntry === input.doubleEntry) return { doubleEntry: e.doubleEntry, changed: false };
    await tx.election.update({ where: { id: input.electionId }, data: { doubleEntry: input.doubleEntry } });
    await audit({
      event: "tally.doubleentry.set",
      objectType: "Election",
      objectId: input.electionId,
      before: { doubleEntry: e.doubleEntry },
      after: { doubleEntry: input.doubleEntry },
    });
    return { doubleEntry: input.doubleEntry, changed: true };
  },
});

// ---------------------------------------------------------------------------------------------
// Reads

const setupSelect = {
  campaignId: true,
  unitId: true,
  registeredVoters: true,
  stations: { select: { id: true, name: true, kind: true } },
  boxes: { select: { id: true, name: true, kind: true, stationId: true, voters: true } },
  staff: { select: { duty: true, boxId: true } },
  _count: { select: { proxies: true } },
} as const;

async function loadSetup(tx: Pick<Tx, "election" | "voterRoll" | "voter">, electionId: string): Promise<PollingSetup> {
  const e = await tx.election.findUniqueOrThrow({ where: { id: electionId }, select: setupSelect });
  // The boxes' voters must add up to the posted roll's count when there is one (issue 13).
  const registered = await registeredVotersOf(tx, e);
  return { registeredVoters: registered.count, stations: e.stations, boxes: e.boxes, staff: e.staff, proxies: e._count.proxies };
}

/** The errors that keep voting from starting (the round-opening code calls this before a first round). */
export async function pollingSetupProblems(tx: Tx, electionId: string): Promise<{ code: string; message: string; severity: "error" | "warning" }[]> {
  return checkPollingSetup(await loadSetup(tx, electionId)).filter((p) => p.severity === "error");
}

const BY_CREATED = [{ createdAt: "asc" }, { id: "asc" }] as const;

/** Everything the polling setup page shows, ID numbers masked; null when out of scope or not permitted. */
export async function getPollingSetup(actor: Actor, electionId: string) {
  const prisma = await db();
  const scoped = await electionInScope(prisma, actor, electionId);
  if (!scoped) return null;
  const unitRef = { path: scoped.unit.path };
  if (!can(actor, "tally.view", unitRef) && !can(actor, "polling.setup", unitRef)) return null;
  const e = await prisma.election.findUniqueOrThrow({
    where: { id: electionId },
    select: {
      id: true,
      electionDay: true,
      registeredVoters: true,
      listStatus: true,
      doubleEntry: true,
      resultConfirmedAt: true,
      campaignId: true,
      unitId: true,
      unit: { select: { id: true, name: true, kind: true, parent: { select: { name: true } } } },
      campaign: { select: { id: true, name: true, rules: true } },
      stations: {
        select: {
          id: true,
          name: true,
          kind: true,
          place: true,
          version: true,
          boxes: { select: { id: true, name: true, kind: true, voters: true, version: true, _count: { select: { tallies: true } } }, orderBy: [...BY_CREATED] },
        },
        orderBy: [{ kind: "asc" }, ...BY_CREATED],
      },
      proxies: {
        select: { id: true, principalName: true, principalIdNumber: true, proxyName: true, proxyIdNumber: true, relation: true },
        orderBy: [...BY_CREATED],
      },
      staff: {
        select: { id: true, name: true, idNumber: true, duty: true, boxId: true, box: { select: { name: true } } },
        orderBy: [{ duty: "asc" }, ...BY_CREATED],
      },
    },
  });
  const tallies = await prisma.boxTally.count({ where: { electionId } });
  const problems: PollingProblem[] = checkPollingSetup(await loadSetup(prisma, electionId));
  const registered = await registeredVotersOf(prisma, e);
  const resultConfirmed = e.resultConfirmedAt !== null;
  const rules = readCampaignRules(e.campaign.rules);
  const monitorsByBox = new Map<string, number>();
  for (const s of e.staff) if (s.duty === "MONITOR" && s.boxId) monitorsByBox.set(s.boxId, (monitorsByBox.get(s.boxId) ?? 0) + 1);
  return {
    id: e.id,
    unit: { id: e.unit.id, name: e.unit.name, kind: e.unit.kind, township: e.unit.parent?.name ?? "" },
    campaign: { id: e.campaign.id, name: e.campaign.name },
    electionDay: dayOf(e.electionDay),
    registeredVoters: registered.count,
    /** Where the number comes from: "roll" = the posted voter roll (posted on registeredPostedOn), "typed" = the election setup. */
    registeredSource: registered.source,
    registeredPostedOn: registered.postedOn,
    listStatus: e.listStatus,
    /** 双人录入 of tally sheets (county setting). */
    doubleEntry: e.doubleEntry,
    resultConfirmed,
    /** Any tally sheet row exists: boxes with tallies cannot be deleted, double entry cannot change. */
    hasTallies: tallies > 0,
    rules: { proxiesPerVoter: rules.proxiesPerVoter ?? DEFAULT_RULES.proxiesPerVoter },
    stations: e.stations.map((s) => ({
      ...s,
      boxes: s.boxes.map(({ _count, ...b }) => ({ ...b, tallies: _count.tallies, monitors: monitorsByBox.get(b.id) ?? 0, kindLabel: BOX_KIND_LABEL[b.kind] })),
    })),
    boxVoters: e.stations.reduce((sum, s) => sum + s.boxes.reduce((n, b) => n + b.voters, 0), 0),
    proxies: e.proxies.map((p) => ({ ...p, principalIdNumber: maskIdNumber(p.principalIdNumber), proxyIdNumber: maskIdNumber(p.proxyIdNumber) })),
    staff: e.staff.map((s) => ({
      id: s.id,
      name: s.name,
      idNumber: maskIdNumber(s.idNumber),
      duty: s.duty,
      dutyLabel: STAFF_DUTY_LABEL[s.duty],
      boxId: s.boxId,
      boxName: s.box?.name ?? null,
    })),
    problems,
    /** The actor may change stations, boxes, proxies and staff (and the result is not confirmed). */
    canEdit: !resultConfirmed && can(actor, "polling.setup", unitRef),
    /** The actor may switch double entry (county) and it can still change. */
    canConfigure: !resultConfirmed && tallies === 0 && can(actor, "tally.configure", unitRef),
  };
}

export type PollingSetupView = NonNullable<Awaited<ReturnType<typeof getPollingSetup>>>;
