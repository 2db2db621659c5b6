import "server-only";
// Reads for the voter-roll pages: the roll (paged, searchable, ID numbers masked), its change history,
// its objections with their deadlines, the printable roll, and the villages' rolls of a campaign.
import { dayOf, todayInChina } from "@/lib/domain/days";
import { maskIdNumber } from "@/lib/domain/id-number";
import { can } from "@/lib/domain/permissions";
import { readCampaignRules } from "@/lib/domain/stored-json";
import {
  rollFrozenProblem,
  decisionDeadline,
  groupsForPrint,
  latestPostingDay,
  objectionDeadline,
  VOTER_CATEGORIES,
  VOTER_CATEGORY_SHORT,
  VOTER_CHANGE_KIND_LABEL,
  type VoterCategory,
} from "@/lib/domain/voter-roll";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Actor } from "../auth/sessions";
import { appendAudit } from "../audit";
import { db, withTx } from "../db";
import { unitScope } from "../scope";
import { previousRollOf } from "./rolls";
import type { VoterSnapshot } from "./roll-context";

async function rollInScope(actor: Actor, rollId: string) {
  const prisma = await db();
  const r = await prisma.voterRoll.findFirst({
    where: { id: rollId, unit: unitScope(actor) },
    select: {
      id: true,
      status: true,
      postedOn: true,
      version: true,
      startedFromId: true,
      campaignId: true,
      unitId: true,
      unit: { select: { id: true, name: true, code: true, kind: true, path: true, parent: { select: { name: true } } } },
      campaign: { select: { id: true, name: true, status: true, rules: true } },
    },
  });
  if (!r || !can(actor, "voter.view", { path: r.unit.path })) return null;
  return { prisma, r };
}

/** The roll's header: status, deadlines (counted from election day and the posting day), whether the actor may edit. */
async function header(actor: Actor, found: NonNullable<Awaited<ReturnType<typeof rollInScope>>>) {
  const { prisma, r } = found;
  const rules = readCampaignRules(r.campaign.rules);
  const election = await prisma.election.findUnique({
    where: { campaignId_unitId: { campaignId: r.campaignId, unitId: r.unitId } },
    select: { id: true, electionDay: true, resultConfirmedAt: true, _count: { select: { rounds: true } } },
  });
  const electionDay = election ? dayOf(election.electionDay) : null;
  const postedOn = r.postedOn ? dayOf(r.postedOn) : null;
  // The same rule the actions apply (loadRoll): once counting has started the roll is fixed.
  const frozen = rollFrozenProblem(election ? { roundCount: election._count.rounds, resultConfirmed: election.resultConfirmedAt !== null } : null);
  const today = todayInChina();
  const latest = electionDay ? latestPostingDay(electionDay, rules) : null;
  return {
    id: r.id,
    version: r.version,
    status: r.status,
    unit: { id: r.unit.id, name: r.unit.name, code: r.unit.code, kind: r.unit.kind, township: r.unit.parent?.name ?? "" },
    campaign: { id: r.campaign.id, name: r.campaign.name },
    electionId: election?.id ?? null,
    electionDay,
    postedOn,
    /** The last day the roll may be posted (D − voterListPostingDays), when the election day is set. */
    latestPostingDay: latest,
    /** Not posted and the last posting day has passed. */
    postingLate: r.status === "DRAFT" && latest !== null && today > latest,
    objectionDeadline: postedOn ? objectionDeadline(postedOn, rules) : null,
    rules: {
      voterListPostingDays: rules.voterListPostingDays,
      voterObjectionDays: rules.voterObjectionDays,
      voterObjectionDecisionDays: rules.voterObjectionDecisionDays,
    },
    startedFromId: r.startedFromId,
    /** Why the roll can no longer change (counting has started), or null. */
    frozen,
    editable: !frozen && r.campaign.status === "OPEN" && (electionDay === null || today <= electionDay) && can(actor, "voter.edit", { path: r.unit.path }),
  };
}

export type VoterRollQuery = { q?: string; group?: string; page?: number; pageSize?: number; includeRemoved?: boolean };

/**
 * One page of a roll, searchable by name, group or the last 4 characters of the ID number; ID numbers
 * masked. Null when out of scope or not permitted.
 */
export async function getVoterRoll(actor: Actor, rollId: string, query: VoterRollQuery = {}) {
  const found = await rollInScope(actor, rollId);
  if (!found) return null;
  const { prisma } = found;
  const pageSize = Math.min(Math.max(query.pageSize ?? 50, 1), 500);
  const page = Math.max(query.page ?? 1, 1);
  const q = query.q?.trim() ?? "";
  const where: Prisma.VoterWhereInput = {
    rollId,
    ...(query.includeRemoved ? {} : { removedAt: null }),
    ...(query.group ? { group: query.group } : {}),
    ...(q
      ? { OR: [{ name: { contains: q } }, { group: { contains: q } }, ...(/^\d{3}[\dXx]$/.test(q) ? [{ idNumber: { endsWith: q.toUpperCase() } }] : [])] }
      : {}),
  };
  const [head, total, matching, groups, categories, voters] = await Promise.all([
    header(actor, found),
    prisma.voter.count({ where: { rollId, removedAt: null } }),
    prisma.voter.count({ where }),
    prisma.voter.groupBy({ by: ["group"], where: { rollId, removedAt: null }, _count: { _all: true } }),
    prisma.voter.groupBy({ by: ["category"], where: { rollId, removedAt: null }, _count: { _all: true } }),
    prisma.voter.findMany({
      where,
      orderBy: [{ group: "asc" }, { name: "asc" }, { id: "asc" }],
      skip: (page - 1) * pageSize,
      take: pageSize,
      select: {
        id: true,
        version: true,
        group: true,
        name: true,
        gender: true,
        idNumber: true,
        birthDate: true,
        ethnicity: true,
        category: true,
        consentMeetingOn: true,
        removedAt: true,
        removedReason: true,
      },
    }),
  ]);
  return {
    ...head,
    /** Voters on the roll (not removed). */
    total,
    /** Voters matching the query (the pager's count). */
    matching,
    page,
    pageSize,
    groups: groupsForPrint(groups.map((g) => ({ group: g.group, name: "", count: g._count._all }))).map((g) => ({ group: g.group, count: g.voters[0]!.count })),
    /** Voters per 登记类别, in the statute's order; categories with none are left out. */
    categories: VOTER_CATEGORIES.flatMap((c) => {
      const n = categories.find((x) => x.category === c)?._count._all ?? 0;
      return n ? [{ category: c, label: VOTER_CATEGORY_SHORT[c], count: n }] : [];
    }),
    voters: voters.map((v) => ({
      ...v,
      idNumber: maskIdNumber(v.idNumber),
      birthDate: dayOf(v.birthDate),
      consentMeetingOn: v.consentMeetingOn ? dayOf(v.consentMeetingOn) : null,
      categoryLabel: VOTER_CATEGORY_SHORT[v.category as VoterCategory],
      removed: v.removedAt !== null,
    })),
  };
}

/** The whole roll for the notice board: per 村民小组, names in 姓氏笔画 order, ID numbers masked. */
export async function getVoterRollForPrint(actor: Actor, rollId: string) {
  const found = await rollInScope(actor, rollId);
  if (!found) return null;
  const head = await header(actor, found);
  const voters = await found.prisma.voter.findMany({
    where: { rollId, removedAt: null },
    select: { id: true, group: true, name: true, gender: true, idNumber: true, birthDate: true, category: true },
  });
  const rows = voters.map((v) => ({
    ...v,
    idNumber: maskIdNumber(v.idNumber),
    birthDate: dayOf(v.birthDate),
    categoryLabel: VOTER_CATEGORY_SHORT[v.category as VoterCategory],
  }));
  return { ...head, total: rows.length, groups: groupsForPrint(rows) };
}

/**
 * The roll's history, newest first: what changed, why, before and after (ID numbers already masked when
 * stored). `afterPostingOnly` gives the 选民名单变更公告's entries.
 */
export async function getVoterChanges(actor: Actor, rollId: string, opts: { afterPostingOnly?: boolean; voterId?: string } = {}) {
  const found = await rollInScope(actor, rollId);
  if (!found) return null;
  const changes = await found.prisma.voterChange.findMany({
    where: { rollId, ...(opts.afterPostingOnly ? { afterPosting: true } : {}), ...(opts.voterId ? { voterId: opts.voterId } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: {
      id: true,
      voterId: true,
      kind: true,
      reason: true,
      before: true,
      after: true,
      afterPosting: true,
      objectionId: true,
      byId: true,
      createdAt: true,
    },
  });
  const byIds = [...new Set(changes.map((c) => c.byId).filter((x): x is string => x !== null))];
  const users = new Map(
    (await found.prisma.user.findMany({ where: { id: { in: byIds } }, select: { id: true, displayName: true } })).map((u) => [u.id, u.displayName]),
  );
  return changes.map((c) => ({
    ...c,
    kindLabel: VOTER_CHANGE_KIND_LABEL[c.kind],
    before: c.before as VoterSnapshot | null,
    after: c.after as VoterSnapshot | null,
    by: c.byId ? (users.get(c.byId) ?? "") : "",
  }));
}

/** The roll's objections with their decision deadlines; `overdue` = undecided past the deadline. */
export async function getVoterObjections(actor: Actor, rollId: string) {
  const found = await rollInScope(actor, rollId);
  if (!found) return null;
  const rules = readCampaignRules(found.r.campaign.rules);
  const today = todayInChina();
  const rows = await found.prisma.voterObjection.findMany({
    where: { rollId },
    orderBy: [{ receivedOn: "asc" }, { createdAt: "asc" }],
    select: { id: true, version: true, objector: true, subject: true, receivedOn: true, decidedOn: true, decision: true, outcome: true },
  });
  const linked = await found.prisma.voterChange.findMany({
    where: { rollId, objectionId: { in: rows.map((r) => r.id) } },
    select: { objectionId: true, kind: true, voterId: true },
  });
  return rows.map((o) => {
    const receivedOn = dayOf(o.receivedOn);
    const deadline = decisionDeadline(receivedOn, rules);
    return {
      ...o,
      receivedOn,
      decidedOn: o.decidedOn ? dayOf(o.decidedOn) : null,
      decisionDeadline: deadline,
      overdue: o.outcome === null && today > deadline,
      changes: linked.filter((c) => c.objectionId === o.id).map((c) => ({ kind: c.kind, kindLabel: VOTER_CHANGE_KIND_LABEL[c.kind], voterId: c.voterId })),
    };
  });
}

/**
 * The village's roll for a campaign (null when none yet) and the previous campaign's roll it can start
 * from; null when the village is out of scope or the actor may not view rolls.
 */
export async function findVillageRoll(actor: Actor, campaignId: string, unitId: string) {
  const prisma = await db();
  const unit = await prisma.unit.findFirst({
    where: { id: unitId, level: "VILLAGE", ...unitScope(actor) },
    select: { id: true, path: true, name: true, countyId: true },
  });
  if (!unit || !can(actor, "voter.view", { path: unit.path })) return null;
  const campaign = await prisma.campaign.findFirst({ where: { id: campaignId, countyId: unit.countyId ?? "" }, select: { id: true } });
  if (!campaign) return null;
  const roll = await prisma.voterRoll.findUnique({ where: { campaignId_unitId: { campaignId, unitId } }, select: { id: true, status: true, postedOn: true } });
  const previous = await previousRollOf(prisma, campaignId, unitId);
  const election = await prisma.election.findUnique({
    where: { campaignId_unitId: { campaignId, unitId } },
    select: { resultConfirmedAt: true, _count: { select: { rounds: true } } },
  });
  const frozen = rollFrozenProblem(election ? { roundCount: election._count.rounds, resultConfirmed: election.resultConfirmedAt !== null } : null);
  return {
    roll: roll ? { id: roll.id, status: roll.status, postedOn: roll.postedOn ? dayOf(roll.postedOn) : null } : null,
    previous: previous ? { id: previous.id, campaign: previous.campaign.name, voters: previous._count.voters } : null,
    /** Why no roll can be opened or changed any more (counting has started), or null. */
    frozen,
    canEdit: !frozen && can(actor, "voter.edit", { path: unit.path }),
  };
}

/**
 * Every village in scope with its roll in the campaign: status, voters, the last posting day and whether
 * it is late, open objections (for the dashboard and the township's list).
 */
export async function listVillageRolls(actor: Actor, campaignId: string) {
  const prisma = await db();
  // The campaign of the actor's county (a township or village sees its county's), or one inside their scope (a city or province).
  const campaign = await prisma.campaign.findFirst({
    where: { id: campaignId, OR: [{ countyId: actor.countyId ?? "" }, { county: unitScope(actor) }] },
    select: { id: true, rules: true },
  });
  if (!campaign) return [];
  const rules = readCampaignRules(campaign.rules);
  const today = todayInChina();
  const units = await prisma.unit.findMany({
    where: { ...unitScope(actor), level: "VILLAGE", active: true },
    orderBy: { code: "asc" },
    select: {
      id: true,
      name: true,
      code: true,
      path: true,
      parent: { select: { name: true } },
      elections: { where: { campaignId }, select: { id: true, electionDay: true } },
      voterRolls: {
        where: { campaignId },
        select: {
          id: true,
          status: true,
          postedOn: true,
          _count: { select: { voters: { where: { removedAt: null } }, objections: { where: { outcome: null } } } },
        },
      },
    },
  });
  return units
    .filter((u) => can(actor, "voter.view", { path: u.path }))
    .map((u) => {
      const roll = u.voterRolls[0];
      const electionDay = u.elections[0] ? dayOf(u.elections[0].electionDay) : null;
      const latest = electionDay ? latestPostingDay(electionDay, rules) : null;
      return {
        unitId: u.id,
        name: u.name,
        code: u.code,
        township: u.parent?.name ?? "",
        electionId: u.elections[0]?.id ?? null,
        electionDay,
        latestPostingDay: latest,
        roll: roll
          ? {
              id: roll.id,
              status: roll.status,
              postedOn: roll.postedOn ? dayOf(roll.postedOn) : null,
              voters: roll._count.voters,
              openObjections: roll._count.objections,
            }
          : null,
        postingLate: (!roll || roll.status === "DRAFT") && latest !== null && today > latest,
        /** Days left to post (negative when late), when the election day is set and the roll not posted. */
        daysToPost: latest && (!roll || roll.status === "DRAFT") ? Math.round((Date.parse(latest) - Date.parse(today)) / 86_400_000) : null,
      };
    });
}

/**
 * One voter with the full ID number, for the election committee's single-voter page: only an editor
 * whose own unit is the roll's village (issue 13: "only for its own village"), and the view is audited.
 */
export async function getVoterForEdit(actor: Actor, rollId: string, voterId: string) {
  const found = await rollInScope(actor, rollId);
  if (!found || found.r.unitId !== actor.unitId || !can(actor, "voter.edit", { path: found.r.unit.path })) return null;
  const v = await found.prisma.voter.findFirst({
    where: { id: voterId, rollId },
    select: {
      id: true,
      version: true,
      group: true,
      name: true,
      gender: true,
      idNumber: true,
      birthDate: true,
      ethnicity: true,
      category: true,
      consentMeetingOn: true,
      address: true,
      phone: true,
      removedAt: true,
      removedReason: true,
    },
  });
  if (!v) return null;
  await withTx((tx) =>
    appendAudit(tx, {
      event: "voter.idnumber.viewed",
      actor: { userId: actor.userId, username: actor.username, role: actor.role },
      unitId: found.r.unitId,
      objectType: "Voter",
      objectId: v.id,
    }),
  );
  return { ...v, birthDate: dayOf(v.birthDate), consentMeetingOn: v.consentMeetingOn ? dayOf(v.consentMeetingOn) : null };
}

/**
 * The voter-roll page's entry from an election: the election's campaign and village (in scope), and
 * what findVillageRoll says about its roll. Null when out of scope or the actor may not view rolls.
 */
export async function findElectionRoll(actor: Actor, electionId: string) {
  const prisma = await db();
  const e = await prisma.election.findFirst({
    where: { id: electionId, unit: unitScope(actor) },
    select: {
      id: true,
      electionDay: true,
      campaignId: true,
      unitId: true,
      campaign: { select: { name: true, status: true, rules: true } },
      unit: { select: { name: true, kind: true, parent: { select: { name: true } } } },
    },
  });
  if (!e) return null;
  const found = await findVillageRoll(actor, e.campaignId, e.unitId);
  if (!found) return null;
  const electionDay = dayOf(e.electionDay);
  const rules = readCampaignRules(e.campaign.rules);
  return {
    ...found,
    electionId: e.id,
    campaign: { id: e.campaignId, name: e.campaign.name, open: e.campaign.status === "OPEN" },
    unit: { id: e.unitId, name: e.unit.name, kind: e.unit.kind, township: e.unit.parent?.name ?? "" },
    electionDay,
    latestPostingDay: latestPostingDay(electionDay, rules),
  };
}
