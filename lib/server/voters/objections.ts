import "server-only";
// Objections (申诉) to a posted roll: received within voterObjectionDays of posting, decided by the
// election committee within voterObjectionDecisionDays of receipt. An upheld objection applies the
// addition, removal or change it asks for, and that change is linked to it (docs/decisions/018).
import { z } from "zod";
import { dateOfDay, dayOf } from "@/lib/domain/days";
import { dayField, idField, personNameField, versionField } from "@/lib/domain/form-fields";
import { decisionDeadline, decisionProblem, objectionProblem } from "@/lib/domain/voter-roll";
import { defineAction } from "../action";
import type { Actor } from "../auth/sessions";
import type { Tx } from "../db";
import { ExpectedError, staleError } from "../errors";
import { unitScope } from "../scope";
import { loadRoll, rollTarget, voterFields } from "./roll-context";
import { applyAdd, applyChange, applyRemove, changeFields } from "./voters";

export const recordObjection = defineAction({
  name: "voter.objection.record",
  permission: "voter.edit",
  input: z.object({
    rollId: idField,
    objector: personNameField("申诉人姓名"),
    subject: z.string({ error: "请写明申诉事项" }).trim().min(2, "请写明申诉事项").max(500, "申诉事项不能超过 500 个字"),
    receivedOn: dayField("收到申诉日期"),
  }),
  target: (tx, input, actor) => rollTarget(tx, input.rollId, actor),
  async run({ tx, input, audit }) {
    const roll = await loadRoll(tx, input.rollId);
    if (roll.status !== "POSTED" || !roll.postedOn) throw new ExpectedError("invalid", "选民名单尚未公布，公布后才能登记申诉");
    const problem = objectionProblem(input.receivedOn, { postedOn: roll.postedOn, today: roll.today, rules: roll.rules });
    if (problem) throw new ExpectedError("invalid", problem, { receivedOn: problem });
    const o = await tx.voterObjection.create({
      data: { rollId: roll.id, objector: input.objector, subject: input.subject, receivedOn: dateOfDay(input.receivedOn) },
      select: { id: true },
    });
    const deadline = decisionDeadline(input.receivedOn, roll.rules);
    await audit({
      event: "voter.objection.recorded",
      objectType: "VoterObjection",
      objectId: o.id,
      detail: { rollId: roll.id, objector: input.objector, subject: input.subject, receivedOn: input.receivedOn, deadline },
    });
    return { id: o.id, decisionDeadline: deadline };
  },
});

/** What an upheld objection does to the roll. */
const applyField = z.discriminatedUnion(
  "kind",
  [
    z.object({ kind: z.literal("ADD"), voter: voterFields }),
    z.object({ kind: z.literal("REMOVE"), voterId: idField, voterVersion: versionField.optional() }),
    z.object({ kind: z.literal("CHANGE"), voterId: idField, voterVersion: versionField.optional(), ...changeFields }),
  ],
  { error: "请选择对名单的处理（新增、删除或变更选民）" },
);

async function objectionTarget(tx: Tx, objectionId: string, actor: Pick<Actor, "unitPath">) {
  const o = await tx.voterObjection.findFirst({
    where: { id: objectionId, roll: { unit: unitScope(actor) } },
    select: { roll: { select: { unit: { select: { id: true, path: true, level: true, countyId: true } } } } },
  });
  return o?.roll.unit ?? null;
}

export const decideObjection = defineAction({
  name: "voter.objection.decide",
  permission: "voter.edit",
  input: z
    .object({
      objectionId: idField,
      version: versionField,
      decidedOn: dayField("处理日期"),
      outcome: z.enum(["UPHELD", "REJECTED"], "请选择处理结果（申诉成立或不成立）"),
      decision: z.string({ error: "请写明处理决定" }).trim().min(2, "请写明处理决定").max(500, "处理决定不能超过 500 个字"),
      apply: applyField.optional(),
    })
    .superRefine((v, ctx) => {
      if (v.outcome === "UPHELD" && !v.apply)
        ctx.addIssue({ code: "custom", path: ["apply"], message: "申诉成立的，须写明对名单的处理（新增、删除或变更选民）" });
      if (v.outcome === "REJECTED" && v.apply) ctx.addIssue({ code: "custom", path: ["apply"], message: "申诉不成立的，不修改选民名单" });
    }),
  target: (tx, input, actor) => objectionTarget(tx, input.objectionId, actor),
  async run({ tx, input, actor, audit }) {
    const o = await tx.voterObjection.findUniqueOrThrow({
      where: { id: input.objectionId },
      select: { id: true, rollId: true, receivedOn: true, outcome: true, version: true },
    });
    if (o.outcome) throw new ExpectedError("invalid", "该申诉已作出处理决定");
    const roll = await loadRoll(tx, o.rollId);
    const receivedOn = dayOf(o.receivedOn);
    const problem = decisionProblem(input.decidedOn, { receivedOn, today: roll.today, rules: roll.rules });
    if (problem) throw new ExpectedError("invalid", problem, { decidedOn: problem });
    const res = await tx.voterObjection.updateMany({
      where: { id: o.id, version: input.version, outcome: null },
      data: { decidedOn: dateOfDay(input.decidedOn), decision: input.decision, outcome: input.outcome, version: { increment: 1 } },
    });
    if (res.count === 0) throw staleError();
    await audit({
      event: "voter.objection.decided",
      objectType: "VoterObjection",
      objectId: o.id,
      detail: { rollId: roll.id, outcome: input.outcome, decision: input.decision, decidedOn: input.decidedOn, change: input.apply?.kind ?? null },
    });
    let voterId: string | null = null;
    const a = input.apply;
    if (a) {
      const reason = `依申诉处理决定：${input.decision}`.slice(0, 200);
      if (a.kind === "ADD") voterId = (await applyAdd(tx, roll, a.voter, reason, actor, audit, o.id)).id;
      else if (a.kind === "REMOVE") voterId = (await applyRemove(tx, roll, { voterId: a.voterId, version: a.voterVersion, reason }, actor, audit, o.id)).id;
      else voterId = (await applyChange(tx, roll, { ...a, version: a.voterVersion, reason }, actor, audit, o.id)).id;
    }
    return { id: o.id, voterId };
  },
});
