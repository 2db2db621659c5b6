import "server-only";
// Read-only: what the printed ballot papers (选票) and blank tally sheets (计票单) of a village show.
// A round already opened prints the ballot it stored; before the first round the ballot is computed
// from the published formal candidate list, so paper printed in advance matches what the round stores.
import { firstRoundBallot, type Ballot } from "@/lib/domain/ballot";
import { roundLabel, type RoundKind } from "@/lib/domain/ballot-paper";
import { dayOf } from "@/lib/domain/days";
import type { Post } from "@/lib/domain/people";
import { can, hasPermission } from "@/lib/domain/permissions";
import type { UnitKind } from "@/lib/domain/units";
import type { Prisma } from "@/lib/generated/prisma/client";
import { LIST_STATUS_LABEL } from "@/lib/i18n/zh";
import type { Actor } from "../auth/sessions";
import { db } from "../db";
import { unitScope } from "../scope";

type ListStatus = keyof typeof LIST_STATUS_LABEL;

export type BallotPapersHeader = {
  electionId: string;
  village: { id: string; name: string; code: string; kind: UnitKind };
  township: { id: string; name: string } | null;
  campaign: { id: string; name: string };
  electionDay: string;
  listStatus: ListStatus;
};

export type BallotBoxRef = { id: string; name: string; kind: "FIXED" | "MOBILE"; stationName: string };

export type BallotPapers = BallotPapersHeader & {
  round: { number: number; kind: RoundKind; label: string; /** false: computed, no round opened yet */ stored: boolean };
  /** Every round opened so far (for the round selector). */
  rounds: { number: number; kind: RoundKind; label: string }[];
  ballot: Ballot;
  /** The village's ballot boxes, central station first; one blank tally sheet is printed per box. */
  boxes: BallotBoxRef[];
};

export type BallotPapersNotReady = BallotPapersHeader & { notReady: string };

export const NOT_READY_MESSAGE = "正式候选人名单尚未公布，不能生成选票";

const electionSelect = {
  id: true,
  electionDay: true,
  listStatus: true,
  seatsDirector: true,
  seatsDeputy: true,
  seatsMember: true,
  seatsWomenMember: true,
  unit: { select: { id: true, name: true, code: true, kind: true, path: true, parent: { select: { id: true, name: true } } } },
  campaign: { select: { id: true, name: true } },
  rounds: { select: { number: true, kind: true, ballot: true }, orderBy: { number: "asc" } },
  boxes: {
    select: { id: true, name: true, kind: true, station: { select: { name: true } } },
    orderBy: [{ station: { kind: "asc" } }, { station: { name: "asc" } }, { kind: "asc" }, { name: "asc" }],
  },
  candidates: { where: { formalRank: { not: null } }, select: { id: true, post: true, person: { select: { name: true, gender: true } } } },
} satisfies Prisma.ElectionSelect;

type ElectionRow = {
  id: string;
  electionDay: Date;
  listStatus: ListStatus;
  seatsDirector: number;
  seatsDeputy: number;
  seatsMember: number;
  seatsWomenMember: number;
  unit: { id: string; name: string; code: string; kind: UnitKind; path: string; parent: { id: string; name: string } | null };
  campaign: { id: string; name: string };
  rounds: { number: number; kind: RoundKind; ballot: unknown }[];
  boxes: { id: string; name: string; kind: "FIXED" | "MOBILE"; station: { name: string } }[];
  candidates: { id: string; post: Post; person: { name: string; gender: "MALE" | "FEMALE" } }[];
};

/** The papers of one election row; null when the asked-for round does not exist. */
function papersOf(e: ElectionRow, roundNumber: number | undefined): BallotPapers | BallotPapersNotReady | null {
  const header: BallotPapersHeader = {
    electionId: e.id,
    village: { id: e.unit.id, name: e.unit.name, code: e.unit.code, kind: e.unit.kind },
    township: e.unit.parent,
    campaign: e.campaign,
    electionDay: dayOf(e.electionDay),
    listStatus: e.listStatus,
  };
  if (e.listStatus !== "FORMAL") return { ...header, notReady: `${NOT_READY_MESSAGE}（名单状态：${LIST_STATUS_LABEL[e.listStatus]}）` };
  const rounds = e.rounds.map((r) => ({ number: r.number, kind: r.kind, label: roundLabel(r.number, r.kind) }));
  const boxes = e.boxes.map((b) => ({ id: b.id, name: b.name, kind: b.kind, stationName: b.station.name }));
  const stored = roundNumber === undefined ? e.rounds.at(-1) : e.rounds.find((r) => r.number === roundNumber);
  if (stored) {
    return {
      ...header,
      round: { number: stored.number, kind: stored.kind, label: roundLabel(stored.number, stored.kind), stored: true },
      rounds,
      ballot: stored.ballot as Ballot,
      boxes,
    };
  }
  // Before any round is opened only the first round's ballot exists.
  if (e.rounds.length > 0 || (roundNumber !== undefined && roundNumber !== 1)) return null;
  const ballot = firstRoundBallot(
    { DIRECTOR: e.seatsDirector, DEPUTY: e.seatsDeputy, MEMBER: e.seatsMember, WOMEN_MEMBER: e.seatsWomenMember },
    e.candidates.map((c) => ({ id: c.id, name: c.person.name, gender: c.person.gender, post: c.post })),
  );
  return { ...header, round: { number: 1, kind: "FIRST", label: roundLabel(1, "FIRST"), stored: false }, rounds, ballot, boxes };
}

/**
 * The ballot of a round (the latest when no number is given) with what its header prints, or
 * `notReady` before the formal candidate list is published. Null outside the actor's scope, without
 * tally.view, or for a round that does not exist.
 */
export async function getBallotPapers(actor: Actor, electionId: string, roundNumber?: number): Promise<BallotPapers | BallotPapersNotReady | null> {
  const prisma = await db();
  const e = await prisma.election.findFirst({ where: { id: electionId, unit: unitScope(actor) }, select: electionSelect });
  if (!e || !can(actor, "tally.view", { path: e.unit.path })) return null;
  return papersOf(e, roundNumber);
}

export type SkippedVillage = { unitId: string; name: string; code: string; reason: string };

/**
 * Every village (社区) of a township whose formal list is published, each on its latest round's
 * ballot, in village-code order; the others are listed with the reason they were left out.
 * Null when the township or the campaign is outside the actor's scope.
 */
export async function getTownshipBallotPapers(actor: Actor, campaignId: string, townshipUnitId: string) {
  const prisma = await db();
  const township = await prisma.unit.findFirst({
    where: { id: townshipUnitId, level: "TOWNSHIP", ...unitScope(actor) },
    select: { id: true, name: true, path: true, countyId: true },
  });
  if (!township || !can(actor, "tally.view", { path: township.path })) return null;
  const campaign = await prisma.campaign.findFirst({ where: { id: campaignId, countyId: township.countyId ?? "" }, select: { id: true, name: true } });
  if (!campaign) return null;
  const villages = await prisma.unit.findMany({
    where: { parentId: township.id, level: "VILLAGE", active: true, ...unitScope(actor) },
    select: { id: true, name: true, code: true, elections: { where: { campaignId }, select: electionSelect } },
    orderBy: { code: "asc" },
  });
  const papers: BallotPapers[] = [];
  const skipped: SkippedVillage[] = [];
  for (const v of villages) {
    const e = v.elections[0];
    const skip = (reason: string) => skipped.push({ unitId: v.id, name: v.name, code: v.code, reason });
    if (!e) {
      skip("尚未设置本次换届的选举");
      continue;
    }
    const p = papersOf(e, undefined);
    if (!p) skip("没有可打印的选票");
    else if ("notReady" in p) skip(`正式候选人名单尚未公布（${LIST_STATUS_LABEL[p.listStatus]}）`);
    else papers.push(p);
  }
  return { township: { id: township.id, name: township.name }, campaign, papers, skipped };
}

/** The townships in the actor's scope for a campaign's bulk print, with how many villages are ready. */
export async function listBallotTownships(actor: Actor, campaignId: string) {
  if (!hasPermission(actor.role, "tally.view")) return null;
  const prisma = await db();
  const campaign = await prisma.campaign.findFirst({
    where: { id: campaignId, ...(actor.countyId ? { countyId: actor.countyId } : { county: unitScope(actor) }) },
    select: { id: true, name: true, countyId: true },
  });
  if (!campaign) return null;
  const townships = await prisma.unit.findMany({
    where: { level: "TOWNSHIP", countyId: campaign.countyId, active: true, ...unitScope(actor) },
    select: {
      id: true,
      name: true,
      code: true,
      children: { where: { level: "VILLAGE", active: true }, select: { elections: { where: { campaignId }, select: { listStatus: true } } } },
    },
    orderBy: { code: "asc" },
  });
  return {
    campaign: { id: campaign.id, name: campaign.name },
    townships: townships.map((t) => ({
      id: t.id,
      name: t.name,
      code: t.code,
      villages: t.children.length,
      formal: t.children.filter((c) => c.elections[0]?.listStatus === "FORMAL").length,
    })),
  };
}
