import "server-only";
// Adding, removing and changing voters on a roll (新增 / 删除 / 变更), each with its reason, a history
// entry and an audit event; the same steps apply an upheld objection (docs/decisions/018).
import { z } from "zod";
import { dateOfDay } from "@/lib/domain/days";
import { idField, personNameField, versionField } from "@/lib/domain/form-fields";
import { VOTER_CATEGORIES, voterProblems, type VoterCategory } from "@/lib/domain/voter-roll";
import { defineAction, type ActionContext } from "../action";
import type { Actor } from "../auth/sessions";
import type { Tx } from "../db";
import { ExpectedError, staleError } from "../errors";
import {
  dateOrNull,
  electionDayOf,
  groupField,
  insertVoter,
  loadRoll,
  optionalDayField,
  reasonField,
  recordChange,
  rollTarget,
  snapshotOf,
  voterFields,
  type RollContext,
  type VoterInput,
  type VoterSnapshot,
} from "./roll-context";

type Audit = ActionContext<unknown>["audit"];

/** Removal is allowed without an election day, but not once it has passed. */
function assertBeforeElectionDay(roll: RollContext) {
  if (roll.electionDay && roll.today > roll.electionDay) throw new ExpectedError("invalid", `选举日（${roll.electionDay}）已过，选民名单不能再修改`);
}

/** Adds one voter after every eligibility check; returns the new voter's id and what the history keeps. */
export async function applyAdd(
  tx: Tx,
  roll: RollContext,
  v: VoterInput,
  reason: string,
  actor: Pick<Actor, "userId">,
  audit: Audit,
  objectionId: string | null = null,
): Promise<{ id: string; after: VoterSnapshot }> {
  const electionDay = electionDayOf(roll);
  const problems = voterProblems(
    {
      name: v.name,
      gender: v.gender,
      idNumber: v.idNumber,
      birthDate: v.birthDate,
      category: v.category,
      consentMeetingOn: v.consentMeetingOn,
      deprivedOfRights: v.deprivedOfRights,
    },
    { electionDay, today: roll.today },
  );
  if (problems.length) {
    const fieldErrors: Record<string, string> = {};
    for (const p of problems) fieldErrors[p.field] = fieldErrors[p.field] ? `${fieldErrors[p.field]}；${p.message}` : p.message;
    throw new ExpectedError("invalid", problems.map((p) => `${p.message}（依据：${p.source}）`).join("；"), fieldErrors);
  }
  const created = await insertVoter(tx, roll, {
    group: v.group,
    name: v.name,
    gender: v.gender,
    idNumber: v.idNumber,
    birthDate: dateOfDay(v.birthDate),
    ethnicity: v.ethnicity,
    category: v.category,
    consentMeetingOn: dateOrNull(v.consentMeetingOn),
    address: v.address,
    phone: v.phone,
  });
  const after = snapshotOf(v);
  await recordChange(tx, roll, { voterId: created.id, kind: "ADD", reason, after, objectionId, byId: actor.userId });
  await audit({
    event: "voter.added",
    objectType: "Voter",
    objectId: created.id,
    after,
    detail: { rollId: roll.id, reason, afterPosting: roll.status === "POSTED", objectionId },
  });
  return { id: created.id, after };
}

const voterSelect = {
  id: true,
  name: true,
  group: true,
  gender: true,
  birthDate: true,
  category: true,
  consentMeetingOn: true,
  idNumber: true,
  version: true,
} as const;

async function voterOnRoll(tx: Tx, roll: RollContext, voterId: string) {
  const v = await tx.voter.findFirst({ where: { id: voterId, rollId: roll.id, removedAt: null }, select: voterSelect });
  if (!v) throw new ExpectedError("not_found", "未找到该选民，或已从名单中删除");
  return v;
}

/** Takes a voter off the roll: the row stays (removedAt, removedReason) and frees the term's claim. */
export async function applyRemove(
  tx: Tx,
  roll: RollContext,
  input: { voterId: string; version?: number; reason: string },
  actor: Pick<Actor, "userId">,
  audit: Audit,
  objectionId: string | null = null,
): Promise<{ id: string; before: VoterSnapshot }> {
  assertBeforeElectionDay(roll);
  const v = await voterOnRoll(tx, roll, input.voterId);
  const res = await tx.voter.updateMany({
    where: { id: v.id, removedAt: null, ...(input.version === undefined ? {} : { version: input.version }) },
    data: { removedAt: new Date(), removedReason: input.reason, claim: null, version: { increment: 1 } },
  });
  if (res.count === 0) throw staleError();
  const before = snapshotOf(v);
  await recordChange(tx, roll, { voterId: v.id, kind: "REMOVE", reason: input.reason, before, objectionId, byId: actor.userId });
  await audit({
    event: "voter.removed",
    objectType: "Voter",
    objectId: v.id,
    before,
    detail: { rollId: roll.id, reason: input.reason, afterPosting: roll.status === "POSTED", objectionId },
  });
  return { id: v.id, before };
}

export const changeFields = {
  name: personNameField(),
  group: groupField,
  category: z.enum(VOTER_CATEGORIES, "请选择登记类别"),
  consentMeetingOn: optionalDayField("村民会议或村民代表会议同意日期"),
};
export type ChangeInput = {
  voterId: string;
  version?: number;
  name: string;
  group: string;
  category: VoterCategory;
  consentMeetingOn: string | null;
  reason: string;
};

/** Changes a voter's name, group or category (with the consent date the category needs). */
export async function applyChange(
  tx: Tx,
  roll: RollContext,
  input: ChangeInput,
  actor: Pick<Actor, "userId">,
  audit: Audit,
  objectionId: string | null = null,
): Promise<{ id: string; before: VoterSnapshot; after: VoterSnapshot }> {
  assertBeforeElectionDay(roll);
  const v = await voterOnRoll(tx, roll, input.voterId);
  const before = snapshotOf(v);
  const consentMeetingOn = input.category === "RESIDENT" || input.category === "HUKOU_ABSENT" ? null : input.consentMeetingOn;
  const after = snapshotOf({ ...v, name: input.name, group: input.group, category: input.category, consentMeetingOn });
  if (JSON.stringify(before) === JSON.stringify(after)) throw new ExpectedError("invalid", "姓名、村民小组和登记类别都没有修改");
  // Only the consent date can newly fail here: the person's other facts were checked when they were added.
  const consent = voterProblems(
    { name: input.name, gender: v.gender, idNumber: v.idNumber, birthDate: before.birthDate, category: input.category, consentMeetingOn },
    { electionDay: roll.electionDay ?? roll.today, today: roll.today },
  ).filter((p) => p.field === "consentMeetingOn");
  if (consent.length) throw new ExpectedError("invalid", consent.map((p) => p.message).join("；"), { consentMeetingOn: consent[0]!.message });
  const res = await tx.voter.updateMany({
    where: { id: v.id, removedAt: null, ...(input.version === undefined ? {} : { version: input.version }) },
    data: { name: input.name, group: input.group, category: input.category, consentMeetingOn: dateOrNull(consentMeetingOn), version: { increment: 1 } },
  });
  if (res.count === 0) throw staleError();
  await recordChange(tx, roll, { voterId: v.id, kind: "CHANGE", reason: input.reason, before, after, objectionId, byId: actor.userId });
  await audit({
    event: "voter.changed",
    objectType: "Voter",
    objectId: v.id,
    before,
    after,
    detail: { rollId: roll.id, reason: input.reason, afterPosting: roll.status === "POSTED", objectionId },
  });
  return { id: v.id, before, after };
}

export const addVoter = defineAction({
  name: "voter.add",
  permission: "voter.edit",
  input: voterFields.extend({ rollId: idField, reason: reasonField }),
  target: (tx, input, actor) => rollTarget(tx, input.rollId, actor),
  async run({ tx, input, actor, audit }) {
    const roll = await loadRoll(tx, input.rollId);
    const { id } = await applyAdd(tx, roll, input, input.reason, actor, audit);
    return { id };
  },
});

export const removeVoter = defineAction({
  name: "voter.remove",
  permission: "voter.edit",
  input: z.object({ rollId: idField, voterId: idField, version: versionField, reason: reasonField }),
  target: (tx, input, actor) => rollTarget(tx, input.rollId, actor),
  async run({ tx, input, actor, audit }) {
    const roll = await loadRoll(tx, input.rollId);
    const { id } = await applyRemove(tx, roll, input, actor, audit);
    return { id };
  },
});

export const changeVoter = defineAction({
  name: "voter.change",
  permission: "voter.edit",
  input: z.object({ rollId: idField, voterId: idField, version: versionField, reason: reasonField, ...changeFields }),
  target: (tx, input, actor) => rollTarget(tx, input.rollId, actor),
  async run({ tx, input, actor, audit }) {
    const roll = await loadRoll(tx, input.rollId);
    const { id } = await applyChange(tx, roll, input, actor, audit);
    return { id };
  },
});
