import "server-only";
// A village's election within a campaign: set up by the township, locked while the county vets.
import { z } from "zod";
import { dateOfDay, dayOf, todayInChina } from "@/lib/domain/days";
import { dayField, idField, intField } from "@/lib/domain/form-fields";
import { checkElectionSchedule, checkElectionSetup, setupProblemField, type ElectionSetup } from "@/lib/domain/nomination-rules";
import { villageStage } from "@/lib/domain/oversight";
import { POSTS, type Post } from "@/lib/domain/people";
import { defineAction } from "../action";
import type { Actor } from "../auth/sessions";
import { db, type Tx } from "../db";
import { ExpectedError, staleError } from "../errors";
import { unitScope } from "../scope";
import { readCampaignRules } from "@/lib/domain/stored-json";
import { listEditRefusal, type ListStatus } from "@/lib/domain/workflow";

// Seat numbers are only checked to be small whole numbers here: the rule pack's limits are checkElectionSetup's,
// so they are reported together with the schedule's problems in one save, each with the numbers.
const setupFields = {
  electionDay: dayField("选举日"),
  method: z.enum(["CONTESTED", "SELF_NOMINATION"]),
  seatsDirector: intField(0, 99, "主任职数"),
  seatsDeputy: intField(0, 99, "副主任职数"),
  seatsMember: intField(0, 99, "委员职数"),
  seatsWomenMember: intField(0, 99, "专职妇女委员职数").default(0),
  dualRole: z.enum(["PLANNED", "DEFERRED", "NOT_PLANNED"]),
  registeredVoters: intField(1, 10_000_000, "登记选民数"),
};

/** Seats per post of a stored election row: the one place the four columns become a record. */
export function seatsOf(e: { seatsDirector: number; seatsDeputy: number; seatsMember: number; seatsWomenMember: number }): Record<Post, number> {
  return { DIRECTOR: e.seatsDirector, DEPUTY: e.seatsDeputy, MEMBER: e.seatsMember, WOMEN_MEMBER: e.seatsWomenMember };
}

export function setupOf(e: {
  electionDay: Date | string;
  method: "CONTESTED" | "SELF_NOMINATION";
  seatsDirector: number;
  seatsDeputy: number;
  seatsMember: number;
  seatsWomenMember: number;
  registeredVoters: number;
  unitKind: string;
}): ElectionSetup {
  return {
    unitKind: e.unitKind === "COMMUNITY" ? "COMMUNITY" : "VILLAGE",
    electionDay: typeof e.electionDay === "string" ? e.electionDay : dayOf(e.electionDay),
    method: e.method,
    seats: seatsOf(e),
    registeredVoters: e.registeredVoters,
  };
}

/** Saves (creates or changes) a village's election setup. Refused while the list is with the county. */
export const saveElection = defineAction({
  name: "election.save",
  permission: "election.setup",
  input: z.object({ campaignId: idField, unitId: idField, version: z.coerce.number().int().min(0), ...setupFields }),
  target: (tx, input, actor) =>
    tx.unit.findFirst({
      where: { id: input.unitId, level: "VILLAGE", ...unitScope(actor) },
      select: { id: true, path: true, level: true, countyId: true, kind: true },
    }),
  async run({ tx, input, unit, audit }) {
    const campaign = await tx.campaign.findFirst({
      where: { id: input.campaignId, countyId: unit.countyId ?? "" },
      select: { id: true, rules: true, status: true, startDate: true, endDate: true },
    });
    if (!campaign) throw new ExpectedError("not_found", "未找到该换届，或它不属于本县");
    if (campaign.status !== "OPEN") throw new ExpectedError("invalid", "该换届已结束，不能再设置选举");
    const existing = await tx.election.findUnique({ where: { campaignId_unitId: { campaignId: campaign.id, unitId: unit.id } } });
    if (existing) assertEditable(existing.listStatus);
    const kind = (await tx.unit.findUniqueOrThrow({ where: { id: unit.id }, select: { kind: true } })).kind;
    const setup = setupOf({ ...input, unitKind: kind });
    const rules = readCampaignRules(campaign.rules);
    // The schedule is checked when the day is set or moved; an unchanged day stays valid once its lists are out.
    const dayMoved = !existing || dayOf(existing.electionDay) !== input.electionDay;
    const schedule = dayMoved
      ? checkElectionSchedule(input.electionDay, rules, {
          today: todayInChina(),
          campaign: { startDate: dayOf(campaign.startDate), endDate: dayOf(campaign.endDate) },
        })
      : [];
    const problems = [...schedule, ...checkElectionSetup(setup, rules)].filter((p) => p.severity === "error");
    if (problems.length) {
      const fieldErrors: Record<string, string> = {};
      for (const p of problems) {
        const field = setupProblemField(p);
        fieldErrors[field] = fieldErrors[field] ? `${fieldErrors[field]}；${p.message}` : p.message;
      }
      throw new ExpectedError("invalid", problems.map((p) => p.message).join("；"), fieldErrors);
    }
    const data = {
      electionDay: dateOfDay(input.electionDay),
      method: input.method,
      seatsDirector: input.seatsDirector,
      seatsDeputy: input.seatsDeputy,
      seatsMember: input.seatsMember,
      seatsWomenMember: input.seatsWomenMember,
      dualRole: input.dualRole,
      registeredVoters: input.registeredVoters,
    };
    let id: string;
    if (!existing) {
      if (input.version !== 0) throw staleError();
      id = (await tx.election.create({ data: { ...data, campaignId: campaign.id, unitId: unit.id }, select: { id: true } })).id;
    } else {
      const res = await tx.election.updateMany({ where: { id: existing.id, version: input.version }, data: { ...data, version: { increment: 1 } } });
      if (res.count === 0) throw staleError();
      id = existing.id;
    }
    await audit({
      event: "election.saved",
      objectType: "Election",
      objectId: id,
      before: existing ? { ...setupOf({ ...existing, unitKind: kind }), dualRole: existing.dualRole } : null,
      after: { ...setup, dualRole: input.dualRole },
    });
    return { id };
  },
});

/** Loads an election with the actor's scope in the query; null when outside it. */
export function electionInScope(tx: Pick<Tx, "election">, actor: Pick<Actor, "unitPath">, electionId: string) {
  return tx.election.findFirst({
    where: { id: electionId, unit: unitScope(actor) },
    select: {
      id: true,
      listStatus: true,
      version: true,
      campaignId: true,
      unit: { select: { id: true, path: true, level: true, countyId: true, name: true, kind: true } },
    },
  });
}

/** The village of an election in the actor's scope, or null: the action wrapper's `target` for election actions. */
export async function electionTarget(tx: Pick<Tx, "election">, actor: Pick<Actor, "unitPath">, electionId: string) {
  return (await electionInScope(tx, actor, electionId))?.unit ?? null;
}

export function assertEditable(listStatus: ListStatus) {
  const refused = listEditRefusal(listStatus);
  if (refused) throw new ExpectedError("invalid", refused);
}

/** A list can change only while it is with the township and its campaign is still open. */
export async function assertElectionEditable(tx: Pick<Tx, "election">, electionId: string) {
  const e = await tx.election.findUniqueOrThrow({ where: { id: electionId }, select: { listStatus: true, campaign: { select: { status: true } } } });
  if (e.campaign.status !== "OPEN") throw new ExpectedError("invalid", "该换届已结束，名单不能再修改");
  assertEditable(e.listStatus);
}

/** Villages in scope with their election in a campaign (or none yet). */
export async function listVillageElections(actor: Actor, campaignId: string) {
  const prisma = await db();
  const units = await prisma.unit.findMany({
    where: { ...unitScope(actor), level: "VILLAGE", active: true },
    select: {
      id: true,
      name: true,
      code: true,
      kind: true,
      parent: { select: { name: true } },
      elections: {
        where: { campaignId },
        select: {
          id: true,
          electionDay: true,
          listStatus: true,
          method: true,
          seatsDirector: true,
          seatsDeputy: true,
          seatsMember: true,
          seatsWomenMember: true,
          formalPublishedAt: true,
          resultConfirmedAt: true,
          certifiedAt: true,
          sealedAt: true,
          _count: { select: { candidates: true, boxes: true, rounds: true } },
        },
      },
    },
    orderBy: { code: "asc" },
  });
  return units.map((u) => {
    const e = u.elections[0];
    return {
      unitId: u.id,
      name: u.name,
      code: u.code,
      kind: u.kind,
      township: u.parent?.name ?? "",
      election: e
        ? {
            id: e.id,
            electionDay: dayOf(e.electionDay),
            listStatus: e.listStatus,
            method: e.method,
            seats: e.seatsDirector + e.seatsDeputy + e.seatsMember + e.seatsWomenMember,
            posts: POSTS.filter((p) => seatsOf(e)[p] > 0),
            candidates: e._count.candidates,
            // Where the election stands after nomination too (voting, confirmed, certified, sealed), as the dashboard says it.
            stage: villageStage({
              listStatus: e.listStatus,
              electionDay: dayOf(e.electionDay),
              formalPublishedDay: e.formalPublishedAt ? todayInChina(e.formalPublishedAt) : null,
              boxCount: e._count.boxes,
              roundCount: e._count.rounds,
              resultConfirmed: e.resultConfirmedAt !== null,
              certified: e.certifiedAt !== null,
              sealed: e.sealedAt !== null,
            }),
          }
        : null,
    };
  });
}
