import "server-only";
// A village's voter roll for a campaign: opened empty or from the previous campaign's roll, then posted
// (公布) no later than election day − voterListPostingDays (docs/rules/voter-registration.md).
import { z } from "zod";
import { dateOfDay } from "@/lib/domain/days";
import { checkboxField, dayField, idField, versionField } from "@/lib/domain/form-fields";
import { objectionDeadline, postingProblem, voterClaimKey } from "@/lib/domain/voter-roll";
import { defineAction } from "../action";
import type { Tx } from "../db";
import { ExpectedError, staleError } from "../errors";
import { unitScope } from "../scope";
import { claimHolderMessage, electionDayOf, loadRoll, refuseFrozenRoll, rollTarget, snapshotOf } from "./roll-context";

/** The reason recorded for every voter carried over from the previous campaign's roll. */
export const CARRIED_OVER_REASON = "上届名册转入";

/** The latest roll of the same village in an earlier campaign (the one a new roll may start from). */
export async function previousRollOf(tx: Pick<Tx, "voterRoll" | "campaign">, campaignId: string, unitId: string) {
  const campaign = await tx.campaign.findUniqueOrThrow({ where: { id: campaignId }, select: { startDate: true, createdAt: true } });
  return tx.voterRoll.findFirst({
    where: {
      unitId,
      NOT: { campaignId },
      campaign: { OR: [{ startDate: { lt: campaign.startDate } }, { startDate: campaign.startDate, createdAt: { lt: campaign.createdAt } }] },
    },
    orderBy: [{ campaign: { startDate: "desc" } }, { campaign: { createdAt: "desc" } }],
    select: {
      id: true,
      status: true,
      postedOn: true,
      campaign: { select: { id: true, name: true } },
      _count: { select: { voters: { where: { removedAt: null } } } },
    },
  });
}

/**
 * Opens the village's roll for the campaign (a DRAFT), or returns the one already open. With
 * `fromPrevious`, the previous campaign's voters who were not removed are carried over, each with an ADD
 * change 「上届名册转入」; anyone already registered elsewhere in this term is left out and reported
 * (named as the actor may see: another county by its name only).
 */
export const openRoll = defineAction({
  name: "voter.roll.open",
  permission: "voter.edit",
  input: z.object({ campaignId: idField, unitId: idField, fromPrevious: checkboxField }),
  target: (tx, input, actor) =>
    tx.unit.findFirst({ where: { id: input.unitId, level: "VILLAGE", ...unitScope(actor) }, select: { id: true, path: true, level: true, countyId: true } }),
  async run({ tx, input, actor, unit, audit }) {
    const campaign = await tx.campaign.findFirst({
      where: { id: input.campaignId, countyId: unit.countyId ?? "" },
      select: { id: true, name: true, status: true },
    });
    if (!campaign) throw new ExpectedError("not_found", "未找到该换届，或它不属于本县");
    if (campaign.status !== "OPEN") throw new ExpectedError("invalid", "该换届已结束，不能再建立选民名单");
    const existing = await tx.voterRoll.findUnique({ where: { campaignId_unitId: { campaignId: campaign.id, unitId: unit.id } }, select: { id: true } });
    if (existing) return { id: existing.id, created: false, carried: 0, skipped: [] as { name: string; group: string; message: string }[] };
    await refuseFrozenRoll(tx, campaign.id, unit.id);

    const previous = input.fromPrevious ? await previousRollOf(tx, campaign.id, unit.id) : null;
    if (input.fromPrevious && !previous) throw new ExpectedError("invalid", "本村(社区)没有上届选民名单可以转入，请建立空白名单后逐一新增");
    const claim = voterClaimKey(campaign.name);
    if (previous && voterClaimKey(previous.campaign.name) === claim) {
      throw new ExpectedError("invalid", `上届名单（${previous.campaign.name}）与本届属同一届次（${claim}），不能转入`);
    }
    const roll = await tx.voterRoll.create({ data: { campaignId: campaign.id, unitId: unit.id, startedFromId: previous?.id ?? null }, select: { id: true } });
    const skipped: { name: string; group: string; message: string }[] = [];
    let carried = 0;
    if (previous) {
      const ctx = await loadRoll(tx, roll.id);
      const old = await tx.voter.findMany({
        where: { rollId: previous.id, removedAt: null },
        select: {
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
        },
        orderBy: [{ group: "asc" }, { name: "asc" }, { id: "asc" }],
      });
      // The index answers who already holds this term's claim; those stay where they are.
      const taken = new Set(
        (await tx.voter.findMany({ where: { claim, idNumber: { in: old.map((v) => v.idNumber) } }, select: { idNumber: true } })).map((v) => v.idNumber),
      );
      for (const v of old.filter((o) => taken.has(o.idNumber))) {
        const holder = await claimHolderMessage(tx, ctx, v.idNumber);
        skipped.push({ name: v.name, group: v.group, message: holder?.message ?? "已在本届其他选民名单中登记" });
      }
      const moving = old.filter((o) => !taken.has(o.idNumber));
      let created: {
        id: string;
        name: string;
        group: string;
        gender: "MALE" | "FEMALE";
        birthDate: Date;
        category: (typeof moving)[number]["category"];
        consentMeetingOn: Date | null;
        idNumber: string;
      }[];
      try {
        created = await tx.voter.createManyAndReturn({
          data: moving.map((v) => ({ ...v, rollId: roll.id, claim })),
          select: { id: true, name: true, group: true, gender: true, birthDate: true, category: true, consentMeetingOn: true, idNumber: true },
        });
      } catch (err) {
        if (typeof err === "object" && err && "code" in err && err.code === "P2002") {
          throw new ExpectedError("conflict", "转入时有选民刚在其他地方登记，请重新操作");
        }
        throw err;
      }
      await tx.voterChange.createMany({
        data: created.map((v) => ({
          rollId: roll.id,
          voterId: v.id,
          kind: "ADD" as const,
          reason: CARRIED_OVER_REASON,
          after: snapshotOf(v),
          afterPosting: false,
          byId: actor.userId,
        })),
      });
      carried = created.length;
    }
    await audit({
      event: "voter.roll.opened",
      objectType: "VoterRoll",
      objectId: roll.id,
      detail: { campaignId: campaign.id, fromRollId: previous?.id ?? null, carriedOver: carried, skipped: skipped.length },
    });
    return { id: roll.id, created: true, carried, skipped };
  },
});

/** Posts the roll on the notice board: refused later than election day − voterListPostingDays, or when empty. */
export const postRoll = defineAction({
  name: "voter.post",
  permission: "voter.edit",
  input: z.object({ rollId: idField, version: versionField, postedOn: dayField("公布日期") }),
  target: (tx, input, actor) => rollTarget(tx, input.rollId, actor),
  async run({ tx, input, actor, audit }) {
    const roll = await loadRoll(tx, input.rollId);
    if (roll.status === "POSTED") throw new ExpectedError("invalid", `选民名单已于 ${roll.postedOn} 公布；公布后的修改通过申诉处理或写明原因的更正进行`);
    const electionDay = electionDayOf(roll);
    const problem = postingProblem(input.postedOn, { electionDay, today: roll.today, rules: roll.rules });
    if (problem) throw new ExpectedError("invalid", problem, { postedOn: problem });
    const voters = await tx.voter.count({ where: { rollId: roll.id, removedAt: null } });
    if (voters === 0) throw new ExpectedError("invalid", "选民名单为空，不能公布");
    const res = await tx.voterRoll.updateMany({
      where: { id: roll.id, version: input.version, status: "DRAFT" },
      data: { status: "POSTED", postedOn: dateOfDay(input.postedOn), postedAt: new Date(), postedById: actor.userId, version: { increment: 1 } },
    });
    if (res.count === 0) throw staleError();
    const deadline = objectionDeadline(input.postedOn, roll.rules);
    await audit({
      event: "voter.roll.posted",
      objectType: "VoterRoll",
      objectId: roll.id,
      detail: { postedOn: input.postedOn, voters, objectionDeadline: deadline, electionDay },
    });
    return { id: roll.id, voters, objectionDeadline: deadline };
  },
});
