import "server-only";
// What every voter-roll action needs: the roll's unit inside the actor's scope, its campaign and election
// day, the masked snapshot a change records, and the one-person-one-place insert (docs/decisions/018).
import { z } from "zod";
import { dateOfDay, dayOf, todayInChina } from "@/lib/domain/days";
import { dayField, personNameField } from "@/lib/domain/form-fields";
import { maskIdNumber } from "@/lib/domain/id-number";
import { ETHNICITIES, GENDERS, type Gender } from "@/lib/domain/people";
import type { RuleValues } from "@/lib/domain/rule-pack";
import { readCampaignRules } from "@/lib/domain/stored-json";
import {
  registeredElsewhereMessage,
  rollFrozenProblem,
  VOTER_CATEGORIES,
  voterClaimKey,
  type VoterCategory,
  type VoterChangeKind,
} from "@/lib/domain/voter-roll";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { TargetUnit } from "../action";
import type { Actor } from "../auth/sessions";
import type { Tx } from "../db";
import { ExpectedError } from "../errors";
import { unitScope } from "../scope";

const codeOf = <T extends { code: string }>(list: readonly T[]) => list.map((x) => x.code) as [string, ...string[]];

/** "" (an empty form field) means none. */
const optionalText = (max: number, label: string) =>
  z.preprocess((v) => (v === "" || v === undefined ? null : v), z.string().trim().max(max, `${label}不能超过 ${max} 个字`).nullable());

export const optionalDayField = (label: string) => z.preprocess((v) => (v === "" || v === undefined ? null : v), dayField(label).nullable());

export const groupField = z.string({ error: "请填写村民小组" }).trim().min(1, "请填写村民小组（居民小组、楼栋）").max(50, "村民小组名称不能超过 50 个字");

/** The reason every change to the roll carries (新增、删除、变更 alike). */
export const reasonField = z.string({ error: "请写明原因" }).trim().min(2, "请写明原因（至少 2 个字）").max(200, "原因不能超过 200 个字");

/** The fields of one voter as the form (or a later import row) gives them. */
export const voterFields = z.object({
  name: personNameField(),
  gender: z.enum(GENDERS, "请选择性别"),
  idNumber: z.string({ error: "请填写公民身份号码" }).trim().toUpperCase(),
  birthDate: dayField("出生日期"),
  ethnicity: z.enum(codeOf(ETHNICITIES), "请选择民族"),
  category: z.enum(VOTER_CATEGORIES, "请选择登记类别"),
  consentMeetingOn: optionalDayField("村民会议或村民代表会议同意日期"),
  group: groupField,
  address: optionalText(200, "住址"),
  phone: z.preprocess(
    (v) => (v === "" || v === undefined ? null : v),
    z
      .string()
      .trim()
      .regex(/^[0-9+\- ]{7,20}$/, "联系电话应为 7-20 位数字")
      .nullable(),
  ),
  /** Ticked for a person deprived of political rights: refused, with the source. */
  deprivedOfRights: z.preprocess((v) => v === true || v === "on" || v === "true", z.boolean()).default(false),
});
export type VoterInput = z.infer<typeof voterFields>;

/** What a VoterChange (and its audit entry) keeps of a voter: never the full ID number. */
export type VoterSnapshot = {
  name: string;
  group: string;
  gender: Gender;
  birthDate: string;
  category: VoterCategory;
  consentMeetingOn: string | null;
  idMasked: string;
};

export function snapshotOf(v: {
  name: string;
  group: string;
  gender: Gender;
  birthDate: Date | string;
  category: VoterCategory;
  consentMeetingOn: Date | string | null;
  idNumber: string;
}): VoterSnapshot {
  const day = (d: Date | string | null) => (d === null ? null : typeof d === "string" ? d : dayOf(d));
  return {
    name: v.name,
    group: v.group,
    gender: v.gender,
    birthDate: day(v.birthDate)!,
    category: v.category,
    consentMeetingOn: day(v.consentMeetingOn),
    idMasked: maskIdNumber(v.idNumber),
  };
}

/** Loads the roll's unit with the actor's scope in the query; null when out of scope (not found). */
export async function rollTarget(tx: Tx, rollId: string, actor: Pick<Actor, "unitPath">): Promise<TargetUnit | null> {
  const r = await tx.voterRoll.findFirst({
    where: { id: rollId, unit: unitScope(actor) },
    select: { unit: { select: { id: true, path: true, level: true, countyId: true } } },
  });
  return r?.unit ?? null;
}

export type RollContext = {
  id: string;
  status: "DRAFT" | "POSTED";
  postedOn: string | null;
  version: number;
  unitId: string;
  campaignId: string;
  countyId: string;
  claim: string;
  rules: RuleValues;
  electionDay: string | null;
  today: string;
};

/**
 * The village's election for the campaign, refused once it has started counting (a voting round) or has a
 * confirmed result: the roll is then that election's registered voters and no longer changes.
 */
export async function refuseFrozenRoll(tx: Tx, campaignId: string, unitId: string): Promise<{ electionDay: Date } | null> {
  const election = await tx.election.findUnique({
    where: { campaignId_unitId: { campaignId, unitId } },
    select: { electionDay: true, resultConfirmedAt: true, _count: { select: { rounds: true } } },
  });
  const problem = rollFrozenProblem(election ? { roundCount: election._count.rounds, resultConfirmed: election.resultConfirmedAt !== null } : null);
  if (problem) throw new ExpectedError("invalid", problem);
  return election;
}

/** The roll with what its rules need: the campaign's rule pack and claim key, the village's election day. */
export async function loadRoll(tx: Tx, rollId: string): Promise<RollContext> {
  const r = await tx.voterRoll.findUniqueOrThrow({
    where: { id: rollId },
    select: {
      id: true,
      status: true,
      postedOn: true,
      version: true,
      unitId: true,
      campaignId: true,
      unit: { select: { countyId: true } },
      campaign: { select: { name: true, status: true, rules: true } },
    },
  });
  if (r.campaign.status !== "OPEN") throw new ExpectedError("invalid", "该换届已结束，选民名单不能再修改");
  const election = await refuseFrozenRoll(tx, r.campaignId, r.unitId);
  return {
    id: r.id,
    status: r.status,
    postedOn: r.postedOn ? dayOf(r.postedOn) : null,
    version: r.version,
    unitId: r.unitId,
    campaignId: r.campaignId,
    countyId: r.unit.countyId ?? "",
    claim: voterClaimKey(r.campaign.name),
    rules: readCampaignRules(r.campaign.rules),
    electionDay: election ? dayOf(election.electionDay) : null,
    today: todayInChina(),
  };
}

/** The election day the roll's rules count to; refused while the village has none, or once it has passed. */
export function electionDayOf(roll: RollContext): string {
  if (!roll.electionDay) throw new ExpectedError("invalid", "本村(社区)尚未设置选举日：选民年龄和公布期限都以选举日计算，请先设置选举");
  if (roll.today > roll.electionDay) throw new ExpectedError("invalid", `选举日（${roll.electionDay}）已过，选民名单不能再修改`);
  return roll.electionDay;
}

/** Where an ID number stands in the term, named as the actor may see it (another county: its name only). */
export async function claimHolderMessage(
  tx: Tx,
  roll: Pick<RollContext, "id" | "countyId" | "claim">,
  idNumber: string,
): Promise<{ message: string; sameRoll: boolean; sameCounty: boolean; rollId: string } | null> {
  const holder = await tx.voter.findUnique({
    where: { claim_idNumber: { claim: roll.claim, idNumber } },
    select: { rollId: true, roll: { select: { unit: { select: { name: true, countyId: true, parent: { select: { name: true } } } } } } },
  });
  if (!holder) return null;
  const unit = holder.roll.unit;
  const sameCounty = unit.countyId === roll.countyId;
  const countyName = sameCounty || !unit.countyId ? "" : ((await tx.unit.findUnique({ where: { id: unit.countyId }, select: { name: true } }))?.name ?? "");
  const sameRoll = holder.rollId === roll.id;
  return {
    sameRoll,
    sameCounty,
    rollId: holder.rollId,
    message: registeredElsewhereMessage({ sameRoll, sameCounty, countyName, unitName: sameCounty ? `${unit.parent?.name ?? ""}${unit.name}` : "" }),
  };
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === "object" && err !== null && "code" in err && (err as { code: unknown }).code === "P2002";
}

/**
 * Inserts a voter holding the term's claim. A duplicate ID number is answered by the deployment-wide
 * unique (claim, idNumber), not by a scan: the insert runs under a savepoint, and on P2002 the holder's
 * roll is looked up only to name it (docs/decisions/018). The holder is never changed or shown.
 */
export async function insertVoter(tx: Tx, roll: RollContext, data: Omit<Prisma.VoterUncheckedCreateInput, "rollId" | "claim">): Promise<{ id: string }> {
  await tx.$executeRawUnsafe("SAVEPOINT voter_claim");
  try {
    const v = await tx.voter.create({ data: { ...data, rollId: roll.id, claim: roll.claim }, select: { id: true } });
    await tx.$executeRawUnsafe("RELEASE SAVEPOINT voter_claim");
    return v;
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    await tx.$executeRawUnsafe("ROLLBACK TO SAVEPOINT voter_claim");
    const holder = await claimHolderMessage(tx, roll, data.idNumber);
    const message = holder?.message ?? "该公民身份号码已在本届选民名单中登记，不能重复登记";
    throw new ExpectedError(
      "conflict",
      message,
      { idNumber: message },
      undefined,
      holder && !holder.sameRoll
        ? { event: "voter.idnumber.matched", objectType: "VoterRoll", objectId: roll.id, detail: { sameCounty: holder.sameCounty, otherRollId: holder.rollId } }
        : undefined,
    );
  }
}

/** Appends one entry of the roll's history (the table refuses UPDATE and DELETE). */
export async function recordChange(
  tx: Tx,
  roll: RollContext,
  entry: {
    voterId: string;
    kind: VoterChangeKind;
    reason: string;
    before?: VoterSnapshot | null;
    after?: VoterSnapshot | null;
    objectionId?: string | null;
    byId: string;
  },
): Promise<void> {
  await tx.voterChange.create({
    data: {
      rollId: roll.id,
      voterId: entry.voterId,
      kind: entry.kind,
      reason: entry.reason,
      before: entry.before ?? undefined,
      after: entry.after ?? undefined,
      afterPosting: roll.status === "POSTED",
      objectionId: entry.objectionId ?? null,
      byId: entry.byId,
    },
  });
}

export const dateOrNull = (day: string | null) => (day ? dateOfDay(day) : null);
