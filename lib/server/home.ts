import "server-only";
import { dateOfDay, dayOf, todayInChina } from "@/lib/domain/days";
import type { UnitKind } from "@/lib/domain/units";
import { t } from "@/lib/i18n/zh";
import type { Actor } from "./auth/sessions";
import { db } from "./db";
import { unitScope } from "./scope";
import { complaintWork } from "./complaints";
import { checkElection } from "./nomination/candidates";
import { standingRecords } from "./vetting/board";

/** Counts of active units by kind below the actor's unit, for the home page. */
export async function getHomeFigures(actor: Actor): Promise<{ kind: UnitKind; count: number }[]> {
  const prisma = await db();
  const rows = await prisma.unit.groupBy({
    by: ["kind"],
    where: { ...unitScope(actor), active: true, NOT: { id: actor.unitId } },
    _count: { _all: true },
    orderBy: { kind: "asc" },
  });
  return rows.map((r) => ({ kind: r.kind, count: r._count._all }));
}

/** One thing waiting for the actor, with where to do it. `links` name the individual lists when few. */
export type HomeWorkItem = { key: string; text: string; href: string; links?: { text: string; href: string }[] };

const w = t.home.work;
/** "2026-12-07" → "12-07". */
const monthDay = (day: string) => day.slice(5);
/** At most this many lists are named one by one under an item. */
const NAMED = 5;

/** What is waiting for the actor's role right now, each linking straight to where it is done. */
export async function getHomeWork(actor: Actor): Promise<HomeWorkItem[]> {
  switch (actor.role) {
    case "VETTING_REVIEWER":
      return reviewerWork(actor);
    case "COUNTY_ADMIN":
      return countyWork(actor);
    case "TOWNSHIP_OFFICER":
      return townshipWork(actor);
    case "VILLAGE_CLERK":
      return villageWork(actor);
    default:
      return [];
  }
}

async function reviewerWork(actor: Actor): Promise<HomeWorkItem[]> {
  if (!actor.countyId || !actor.departmentId) return [];
  const dept = actor.departmentId;
  const prisma = await db();
  const rounds = await prisma.vettingRound.findMany({
    where: { countyId: actor.countyId, status: "OPEN", departmentIds: { has: dept }, county: unitScope(actor) },
    select: { id: true, name: true, deadline: true, createdAt: true, entries: { select: { id: true, candidateId: true, carriedFromId: true } } },
    orderBy: { deadline: "asc" },
  });
  const items: HomeWorkItem[] = [];
  for (const r of rounds) {
    // The department's standing answers, carried ones included (docs/decisions/006): what is left is 待审.
    const records = await standingRecords(prisma, r, r.entries, dept);
    const pending = r.entries.filter((e) => !records.get(e.id)?.standing.length).length;
    const deadline = monthDay(dayOf(r.deadline));
    items.push({
      key: `round-${r.id}`,
      text: pending ? w.reviewerPending(r.name, pending, deadline) : w.reviewerDone(r.name, deadline),
      href: `/vetting/rounds/${r.id}/queue`,
    });
  }
  return [...items, ...(await complaintItems(actor))];
}

/** The ledger's waiting items (信访举报台账): to assign, answer or close, and the overdue ones. */
async function complaintItems(actor: Actor): Promise<HomeWorkItem[]> {
  const c = await complaintWork(actor);
  const items: HomeWorkItem[] = [];
  if (c.toAssign) items.push({ key: "complaints-assign", text: w.complaintsToAssign(c.toAssign), href: "/complaints?status=RECEIVED" });
  if (c.toAnswer) items.push({ key: "complaints-answer", text: w.complaintsToAnswer(c.toAnswer), href: "/complaints?status=ASSIGNED" });
  if (c.toClose) items.push({ key: "complaints-close", text: w.complaintsToClose(c.toClose), href: "/complaints?status=ANSWERED" });
  if (c.overdue) items.push({ key: "complaints-overdue", text: w.complaintsOverdue(c.overdue), href: "/complaints?overdue=1" });
  return items;
}

async function countyWork(actor: Actor): Promise<HomeWorkItem[]> {
  if (actor.unitLevel !== "COUNTY" || !actor.countyId) return [];
  const prisma = await db();
  const scope = { unit: unitScope(actor), campaign: { status: "OPEN" as const, countyId: actor.countyId } };
  const [submitted, rounds, toCertify, toSeal] = await Promise.all([
    prisma.election.groupBy({ by: ["campaignId"], where: { ...scope, listStatus: "SUBMITTED" }, _count: { _all: true } }),
    prisma.vettingRound.findMany({
      where: { countyId: actor.countyId, status: "OPEN" },
      select: {
        id: true,
        name: true,
        deadline: true,
        entries: { select: { decision: true, candidate: { select: { electionId: true, election: { select: { listStatus: true } } } } } },
      },
      orderBy: { deadline: "asc" },
    }),
    prisma.election.findMany({
      where: { ...scope, resultConfirmedAt: { not: null }, certifiedAt: null },
      select: { id: true, unit: { select: { name: true } } },
      orderBy: { unit: { code: "asc" } },
    }),
    prisma.election.count({ where: { ...scope, certifiedAt: { not: null }, sealedAt: null } }),
  ]);
  const items: HomeWorkItem[] = [];
  for (const s of submitted)
    items.push({ key: `submitted-${s.campaignId}`, text: w.countySubmitted(s._count._all), href: `/vetting?campaign=${s.campaignId}` });
  for (const r of rounds) {
    const undecided = r.entries.filter((e) => e.decision === null);
    const deadline = monthDay(dayOf(r.deadline));
    if (undecided.length) {
      const lists = new Set(undecided.map((e) => e.candidate.electionId)).size;
      items.push({ key: `decide-${r.id}`, text: w.countyToDecide(r.name, lists, undecided.length, deadline), href: `/vetting/rounds/${r.id}` });
    }
    // Every candidate decided but the village's list not yet completed (正式候选人 not yet fixed).
    const open = new Set(undecided.map((e) => e.candidate.electionId));
    const toComplete = new Set(
      r.entries.filter((e) => e.candidate.election.listStatus === "IN_VETTING" && !open.has(e.candidate.electionId)).map((e) => e.candidate.electionId),
    );
    if (toComplete.size) items.push({ key: `complete-${r.id}`, text: w.countyToComplete(r.name, toComplete.size), href: `/vetting/rounds/${r.id}` });
  }
  if (toCertify.length) {
    items.push({
      key: "certify",
      text: w.countyToCertify(toCertify.length),
      href: "/records",
      links: toCertify.length <= NAMED ? toCertify.map((e) => ({ text: e.unit.name, href: `/records/${e.id}` })) : undefined,
    });
  }
  if (toSeal) items.push({ key: "seal", text: w.countyToSeal(toSeal), href: "/records" });
  return [...items, ...(await complaintItems(actor))];
}

async function townshipWork(actor: Actor): Promise<HomeWorkItem[]> {
  if (!actor.countyId) return [];
  const prisma = await db();
  const campaigns = await prisma.campaign.findMany({
    where: { countyId: actor.countyId, status: "OPEN" },
    select: { id: true },
    orderBy: { startDate: "desc" },
  });
  const items: HomeWorkItem[] = [];
  const today = dateOfDay(todayInChina());
  for (const c of campaigns) {
    const [unset, lists, toConfirm] = await Promise.all([
      prisma.unit.count({ where: { ...unitScope(actor), level: "VILLAGE", active: true, elections: { none: { campaignId: c.id } } } }),
      prisma.election.findMany({
        where: { campaignId: c.id, unit: unitScope(actor), listStatus: { in: ["RETURNED", "DRAFT"] } },
        select: { id: true, listStatus: true, unit: { select: { name: true } } },
        orderBy: { unit: { code: "asc" } },
      }),
      prisma.election.findMany({
        where: { campaignId: c.id, unit: unitScope(actor), listStatus: "FORMAL", resultConfirmedAt: null, electionDay: { lte: today } },
        select: { id: true, unit: { select: { name: true } } },
        orderBy: { unit: { code: "asc" } },
      }),
    ]);
    const named = (rows: { id: string; unit: { name: string } }[], href: (id: string) => string) =>
      rows.length <= NAMED ? rows.map((e) => ({ text: e.unit.name, href: href(e.id) })) : undefined;
    const returned = lists.filter((l) => l.listStatus === "RETURNED");
    const drafts = lists.filter((l) => l.listStatus === "DRAFT");
    // A draft with an error is a list to fix; one without can go to the county.
    const flawed = new Set<string>();
    for (const d of drafts) if ((await checkElection(prisma, d.id)).some((p) => p.severity === "error")) flawed.add(d.id);
    const toFix = drafts.filter((d) => flawed.has(d.id));
    const ready = drafts.filter((d) => !flawed.has(d.id));
    if (returned.length)
      items.push({
        key: `returned-${c.id}`,
        text: w.townshipReturned(returned.length),
        href: single(returned, c.id),
        links: named(returned, (id) => `/elections/${id}`),
      });
    if (toFix.length)
      items.push({ key: `fix-${c.id}`, text: w.townshipToFix(toFix.length), href: single(toFix, c.id), links: named(toFix, (id) => `/elections/${id}`) });
    if (ready.length)
      items.push({ key: `ready-${c.id}`, text: w.townshipReady(ready.length), href: single(ready, c.id), links: named(ready, (id) => `/elections/${id}`) });
    if (unset) items.push({ key: `unset-${c.id}`, text: w.townshipUnset(unset), href: `/campaigns/${c.id}` });
    if (toConfirm.length) {
      items.push({
        key: `confirm-${c.id}`,
        text: w.townshipToConfirm(toConfirm.length),
        href: single(toConfirm, c.id, "/result"),
        links: named(toConfirm, (id) => `/elections/${id}/result`),
      });
    }
  }
  return items;
}

/** Straight to the one list when there is one, else to the campaign's overview. */
function single(rows: { id: string }[], campaignId: string, suffix = ""): string {
  return rows.length === 1 ? `/elections/${rows[0]!.id}${suffix}` : `/campaigns/${campaignId}`;
}

async function villageWork(actor: Actor): Promise<HomeWorkItem[]> {
  if (!actor.countyId) return [];
  const prisma = await db();
  const elections = await prisma.election.findMany({
    where: { unit: unitScope(actor), campaign: { status: "OPEN", countyId: actor.countyId } },
    select: {
      id: true,
      electionDay: true,
      listStatus: true,
      resultConfirmedAt: true,
      unit: { select: { name: true } },
      _count: { select: { boxes: true } },
      rounds: { where: { status: "COUNTING" }, select: { id: true, number: true, tallies: { where: { status: "ACCEPTED" }, select: { id: true } } } },
    },
    orderBy: { electionDay: "asc" },
  });
  const today = todayInChina();
  const items: HomeWorkItem[] = [];
  for (const e of elections) {
    const day = dayOf(e.electionDay);
    const name = elections.length > 1 ? e.unit.name : "";
    if (e.resultConfirmedAt) continue;
    if (e.listStatus !== "FORMAL") {
      items.push({ key: `list-${e.id}`, text: w.villageNotFormal(name, monthDay(day)), href: `/elections/${e.id}` });
      continue;
    }
    if (e._count.boxes === 0) items.push({ key: `polling-${e.id}`, text: w.villageNoBoxes(name, monthDay(day)), href: `/elections/${e.id}/polling` });
    const round = e.rounds.at(-1);
    if (round) {
      const left = e._count.boxes - round.tallies.length;
      items.push({
        key: `count-${e.id}`,
        text: left > 0 ? w.villageTallies(name, round.number, left) : w.villageDecide(name, round.number),
        href: `/elections/${e.id}/count`,
      });
    } else if (day <= today && e._count.boxes > 0) {
      items.push({ key: `count-${e.id}`, text: w.villageStartCount(name), href: `/elections/${e.id}/count` });
    } else if (e._count.boxes > 0) {
      items.push({ key: `day-${e.id}`, text: w.villageUpcoming(name, monthDay(day)), href: `/elections/${e.id}/ballots` });
    }
  }
  return items;
}
