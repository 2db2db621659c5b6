import "server-only";
// Ballot-box tally sheets (计票单): typed twice by two people and compared (double entry), or once when
// the county switched that off; a photo of the signed sheet kept beside the numbers. Every save carries
// the box's version (a stale one is refused with what changed) and a one-time request id (a retried
// submission is stored once). docs/decisions/007.
import { createHash, randomUUID } from "node:crypto";
import { z } from "zod";
import { attachmentProblem, detectMediaType, safeFileName } from "@/lib/domain/file-type";
import { idField } from "@/lib/domain/form-fields";
import { can } from "@/lib/domain/permissions";
import {
  compareTallies,
  readTallyForm,
  resolutionChanges,
  resolutionForm,
  tallyFormValues,
  tallyProblems,
  type TallyDifference,
  type TallyValues,
} from "@/lib/domain/tally";
import { defineAction } from "../action";
import type { Actor } from "../auth/sessions";
import { db, type Tx } from "../db";
import { ExpectedError } from "../errors";
import { unitScope } from "../scope";
import { assertNotConfirmed, roundLabel, roundUnit } from "./shared";
import type { Ballot } from "@/lib/domain/ballot";
import { readBallot, readTallyValues } from "@/lib/domain/stored-json";

export type TallyMode = "enter" | "resolve" | "reenter";
export type TallyStatus = "EMPTY" | "AWAITING_SECOND" | "MISMATCH" | "ACCEPTED";

export const TALLY_STATUS_LABEL: Record<TallyStatus, string> = {
  EMPTY: "未录入",
  AWAITING_SECOND: "待第二人录入",
  MISMATCH: "两遍不一致，待核定",
  ACCEPTED: "已计入",
};

const SLOT_LABEL = { FIRST: "第一遍", SECOND: "第二遍", RESOLUTION: "对照原件核定" } as const;

/** The shortest reason accepted for typing an accepted box afresh (as for reopening a result). */
export const REENTRY_REASON_MIN = 5;

const saveInput = z
  .object({
    roundId: idField,
    boxId: idField,
    version: z.coerce.number().int().min(0, "版本号无效"),
    requestId: z.uuid("表单编号无效，请刷新页面"),
    mode: z.enum(["enter", "resolve", "reenter"]),
    /** Why an accepted box is typed afresh (required then: the counted numbers are set aside). */
    reason: z.string().trim().max(500, "原因不能超过 500 个字").optional(),
  })
  .catchall(z.unknown());

type BoxTallyRow = {
  id: string;
  status: TallyStatus;
  version: number;
  firstEntryId: string | null;
  secondEntryId: string | null;
  acceptedEntryId: string | null;
  updatedAt: Date;
};

async function entryValues(tx: Tx, id: string | null) {
  if (!id) return null;
  const e = await tx.tallyEntry.findUniqueOrThrow({ where: { id }, select: { values: true, enteredById: true, createdAt: true } });
  return { values: readTallyValues(e.values), enteredById: e.enteredById, createdAt: e.createdAt };
}

/** What the mode of the form must be for a box in this state (the form was opened in that state). */
function modeFor(status: TallyStatus | null): TallyMode {
  if (status === "MISMATCH") return "resolve";
  if (status === "ACCEPTED") return "reenter";
  return "enter";
}

async function staleMessage(tx: Tx, bt: BoxTallyRow | null, actor: Actor, submitted: TallyValues | null, ballot: Ballot) {
  if (!bt) return "该票箱的计票记录已变化，请刷新页面后重试";
  const who = await tx.user.findFirst({
    where: {
      id: (await tx.tallyEntry.findFirst({ where: { boxTallyId: bt.id }, orderBy: { seq: "desc" }, select: { enteredById: true } }))?.enteredById ?? "",
    },
    select: { displayName: true, id: true },
  });
  const at = bt.updatedAt.toLocaleTimeString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false });
  let text = `保存未成功：您打开此页后，该票箱已由${who?.displayName ?? "他人"}于 ${at} 更新，当前状态为「${TALLY_STATUS_LABEL[bt.status]}」。`;
  // Name the changed fields only where the actor may see the stored numbers: their own first entry,
  // or an accepted sheet. A second typist never learns the first typing.
  const latest = bt.acceptedEntryId ?? (who?.id === actor.userId ? bt.firstEntryId : null);
  const stored = await entryValues(tx, latest);
  if (stored && submitted) {
    const diffs = compareTallies(stored.values, submitted, ballot);
    text += diffs.length
      ? `与您提交的数字不同的栏目：${diffs
          .slice(0, 8)
          .map((d) => `${d.label}（现为 ${d.first}，您填 ${d.second}）`)
          .join("，")}${diffs.length > 8 ? ` 等 ${diffs.length} 处` : ""}。`
      : "现存数字与您提交的相同。";
  }
  return `${text}请刷新页面，核对后再保存。`;
}

/**
 * Saves one typing of a box's tally sheet. The slot follows from the box's state and who types:
 * the first typist (or a revision by them), a second typist (compared field by field), a resolution
 * typed against the paper after a mismatch, or a fresh first typing when an accepted sheet is re-entered.
 */
export const saveTally = defineAction({
  name: "tally.save",
  permission: "tally.enter",
  input: saveInput,
  target: (tx, input, actor) => roundUnit(tx, actor, input.roundId),
  async run({ tx, actor, input, audit }) {
    // A retried submission (the same form sent twice) is answered from what the first one stored.
    const done = await tx.tallyEntry.findUnique({ where: { requestId: input.requestId }, select: { boxTally: { select: { status: true } } } });
    if (done) return { status: done.boxTally.status as TallyStatus, duplicate: true, differences: [] as TallyDifference[], notes: [] as string[] };

    const round = await tx.votingRound.findUniqueOrThrow({
      where: { id: input.roundId },
      select: {
        id: true,
        number: true,
        kind: true,
        status: true,
        ballot: true,
        election: { select: { id: true, doubleEntry: true, resultConfirmedAt: true } },
      },
    });
    assertNotConfirmed(round.election);
    if (round.status !== "COUNTING") throw new ExpectedError("invalid", `${roundLabel(round)}已判定结果，计票单不能再修改；如需更正，请先撤销本轮判定`);
    const box = await tx.ballotBox.findFirst({ where: { id: input.boxId, electionId: round.election.id }, select: { id: true, name: true, voters: true } });
    if (!box) throw new ExpectedError("not_found", "未找到该票箱");
    const ballot = readBallot(round.ballot);

    const parsed = readTallyForm(input, ballot);
    const bt = (await tx.boxTally.findUnique({ where: { roundId_boxId: { roundId: round.id, boxId: box.id } } })) as BoxTallyRow | null;
    if ((bt?.version ?? 0) !== input.version || modeFor(bt?.status ?? null) !== input.mode) {
      // The first copy of a retried request may have committed just now: that is a duplicate, not a conflict.
      const committed = await tx.tallyEntry.findUnique({ where: { requestId: input.requestId }, select: { boxTally: { select: { status: true } } } });
      if (committed) return { status: committed.boxTally.status as TallyStatus, duplicate: true, differences: [] as TallyDifference[], notes: [] as string[] };
      throw new ExpectedError("stale", await staleMessage(tx, bt, actor, parsed.ok ? parsed.values : null, ballot));
    }
    const reentry = bt?.status === "ACCEPTED";
    const reason = input.reason ?? "";
    if (reentry && [...reason].length < REENTRY_REASON_MIN) {
      const message = `重新录入会使已计入的数字作废，请写明原因（至少 ${REENTRY_REASON_MIN} 个字，例如哪一栏与原件不符）`;
      throw new ExpectedError("invalid", message, { ...(parsed.ok ? {} : parsed.fieldErrors), reason: message });
    }
    if (!parsed.ok) throw new ExpectedError("invalid", parsed.message, parsed.fieldErrors);
    const boxProblems = tallyProblems(parsed.values, ballot, box.voters);
    if (Object.keys(boxProblems).length) throw new ExpectedError("invalid", Object.values(boxProblems).join("；"), boxProblems);
    const values = parsed.values;

    const first = bt?.status === "AWAITING_SECOND" ? await entryValues(tx, bt.firstEntryId) : null;
    const slot: "FIRST" | "SECOND" | "RESOLUTION" =
      bt?.status === "MISMATCH" ? "RESOLUTION" : bt?.status === "AWAITING_SECOND" && first && first.enteredById !== actor.userId ? "SECOND" : "FIRST";
    if (slot === "RESOLUTION") {
      // A resolution settles the disputed fields only: what both typists agreed on cannot be lost or changed by it.
      const [a, b] = [await entryValues(tx, bt!.firstEntryId), await entryValues(tx, bt!.secondEntryId)];
      const changed = resolutionChanges(a!.values, b!.values, values, ballot);
      if (changed.length) {
        const fieldErrors: Record<string, string> = {};
        for (const d of changed) fieldErrors[d.field] ??= `两遍录入一致为 ${d.first}，核定时不能改为 ${d.second}`;
        throw new ExpectedError(
          "invalid",
          `核定只更正两遍不一致的栏目，两遍录入一致的栏目不能改动或遗漏：${changed
            .slice(0, 8)
            .map((d) => `${d.label}（两遍均为 ${d.first}，本次为 ${d.second}）`)
            .join(
              "，",
            )}${changed.length > 8 ? ` 等 ${changed.length} 处` : ""}。请刷新页面后只填写标黄的栏目；如原件与两遍一致的数字也不同，请先核定，再“重新录入本票箱”并说明原因。`,
          fieldErrors,
        );
      }
    }

    // The request id is unique: a concurrent duplicate waits here for the first one, then inserts nothing.
    const entryId = randomUUID();
    const btId = bt?.id ?? (await ensureBoxTally(tx, round.election.id, round.id, box.id));
    const inserted = await tx.tallyEntry.createMany({
      data: [{ id: entryId, electionId: round.election.id, boxTallyId: btId, slot, requestId: input.requestId, values, enteredById: actor.userId }],
      skipDuplicates: true,
    });
    if (inserted.count === 0) {
      const again = await tx.tallyEntry.findUniqueOrThrow({ where: { requestId: input.requestId }, select: { boxTally: { select: { status: true } } } });
      return { status: again.boxTally.status as TallyStatus, duplicate: true, differences: [] as TallyDifference[], notes: [] as string[] };
    }

    let status: TallyStatus;
    let differences: TallyDifference[] = [];
    const data: { status: TallyStatus; firstEntryId?: string | null; secondEntryId?: string | null; acceptedEntryId?: string | null } = { status: "EMPTY" };
    if (slot === "FIRST") {
      status = round.election.doubleEntry ? "AWAITING_SECOND" : "ACCEPTED";
      Object.assign(data, { firstEntryId: entryId, secondEntryId: null, acceptedEntryId: status === "ACCEPTED" ? entryId : null });
    } else if (slot === "SECOND") {
      differences = compareTallies(first!.values, values, ballot);
      status = differences.length ? "MISMATCH" : "ACCEPTED";
      Object.assign(data, { secondEntryId: entryId, acceptedEntryId: status === "ACCEPTED" ? entryId : null });
    } else {
      status = "ACCEPTED";
      data.acceptedEntryId = entryId;
    }
    data.status = status;
    const res = await tx.boxTally.updateMany({ where: { id: btId, version: input.version }, data: { ...data, version: { increment: 1 } } });
    if (res.count === 0) {
      // Someone saved between our read and our write: describe the box as it is now.
      const now = (await tx.boxTally.findUnique({ where: { id: btId } })) as BoxTallyRow | null;
      throw new ExpectedError("stale", await staleMessage(tx, now, actor, values, ballot));
    }

    const where = { round: round.number, box: box.name, slot: SLOT_LABEL[slot] };
    if (reentry) {
      const replaced = await entryValues(tx, bt!.acceptedEntryId);
      await audit({
        event: "tally.reentered",
        objectType: "BoxTally",
        objectId: btId,
        before: { acceptedEntryId: bt!.acceptedEntryId, values: replaced?.values ?? null },
        detail: { round: round.number, box: box.name, reason, entryId },
      });
    }
    await audit({ event: "tally.entered", objectType: "BoxTally", objectId: btId, after: { ...where, entryId, values } });
    if (status === "MISMATCH") {
      await audit({ event: "tally.mismatch", objectType: "BoxTally", objectId: btId, detail: { ...where, differences: differences.map((d) => d.label) } });
    }
    if (status === "ACCEPTED") await audit({ event: "tally.accepted", objectType: "BoxTally", objectId: btId, detail: { ...where, entryId } });
    return { status, duplicate: false, differences, notes: parsed.notes };
  },
});

/** Creates the box's tally row at version 0 (so a form opened before it existed is not stale). */
async function ensureBoxTally(tx: Tx, electionId: string, roundId: string, boxId: string): Promise<string> {
  await tx.boxTally.createMany({ data: [{ electionId, roundId, boxId, status: "EMPTY", version: 0 }], skipDuplicates: true });
  return (await tx.boxTally.findUniqueOrThrow({ where: { roundId_boxId: { roundId, boxId } }, select: { id: true } })).id;
}

/** Attaches the photo (or scan) of the signed tally sheet; a newer photo replaces the shown one, both kept. */
export const attachTallyPhoto = defineAction({
  name: "tally.photo.attach",
  permission: "tally.enter",
  input: z.object({
    roundId: idField,
    boxId: idField,
    file: z.instanceof(Uint8Array, { error: "请选择计票单照片" }),
    fileName: z.string().max(255).default(""),
  }),
  target: (tx, input, actor) => roundUnit(tx, actor, input.roundId),
  async run({ tx, actor, input, unit, audit }) {
    const round = await tx.votingRound.findUniqueOrThrow({
      where: { id: input.roundId },
      select: { id: true, number: true, status: true, election: { select: { id: true, resultConfirmedAt: true } } },
    });
    assertNotConfirmed(round.election);
    const box = await tx.ballotBox.findFirst({ where: { id: input.boxId, electionId: round.election.id }, select: { id: true, name: true } });
    if (!box) throw new ExpectedError("not_found", "未找到该票箱");
    const problem = attachmentProblem(input.file);
    if (problem) throw new ExpectedError("invalid", `计票单照片：${problem}`, { file: problem });
    const mediaType = detectMediaType(input.file)!;
    const attachment = await tx.attachment.create({
      data: {
        countyId: unit.countyId ?? "",
        fileName: safeFileName(input.fileName, mediaType),
        mediaType,
        size: input.file.length,
        sha256: createHash("sha256").update(input.file).digest("hex"),
        bytes: input.file,
        uploadedById: actor.userId,
      },
      select: { id: true, fileName: true, sha256: true },
    });
    const btId = await ensureBoxTally(tx, round.election.id, round.id, box.id);
    // Not a version bump: a photo arriving while someone types must not make their save stale.
    await tx.boxTally.update({ where: { id: btId }, data: { photoAttachmentId: attachment.id } });
    await audit({ event: "tally.photo.attached", objectType: "BoxTally", objectId: btId, after: { round: round.number, box: box.name, attachment } });
    return { attachmentId: attachment.id };
  },
});

// ---------------------------------------------------------------------------------------------
// Reads.

/**
 * What the entry page shows for one box in one round, for this actor. A second typist gets an empty
 * form and never the first typing; after a mismatch both typings and their differences are shown and
 * only the agreed fields are prefilled.
 */
export async function getTallyEntry(actor: Actor, roundId: string, boxId: string) {
  const prisma = await db();
  const round = await prisma.votingRound.findFirst({
    where: { id: roundId, election: { unit: unitScope(actor) } },
    select: {
      id: true,
      number: true,
      kind: true,
      status: true,
      ballot: true,
      election: {
        select: {
          id: true,
          doubleEntry: true,
          resultConfirmedAt: true,
          registeredVoters: true,
          unit: { select: { id: true, name: true, path: true, kind: true, parent: { select: { name: true } } } },
          campaign: { select: { name: true } },
        },
      },
    },
  });
  if (!round) return null;
  const box = await prisma.ballotBox.findFirst({
    where: { id: boxId, electionId: round.election.id },
    select: { id: true, name: true, kind: true, voters: true, station: { select: { name: true } } },
  });
  if (!box) return null;
  const ballot = readBallot(round.ballot);
  const bt = await prisma.boxTally.findUnique({
    where: { roundId_boxId: { roundId, boxId } },
    select: {
      id: true,
      status: true,
      version: true,
      firstEntryId: true,
      secondEntryId: true,
      acceptedEntryId: true,
      photo: { select: { id: true, fileName: true, mediaType: true } },
      entries: { orderBy: { seq: "asc" }, select: { id: true, slot: true, createdAt: true, enteredById: true } },
    },
  });
  // A re-entry of an accepted box is the audited reset: its reason is shown with the entry it started.
  const reentries = new Map(
    bt
      ? (await prisma.auditEvent.findMany({ where: { event: "tally.reentered", objectType: "BoxTally", objectId: bt.id }, select: { detail: true } }))
          .map((e) => e.detail as { entryId?: string; reason?: string } | null)
          .filter((d): d is { entryId: string; reason: string } => typeof d?.entryId === "string" && typeof d.reason === "string")
          .map((d) => [d.entryId, d.reason])
      : [],
  );
  const users = new Map(
    (await prisma.user.findMany({ where: { id: { in: bt?.entries.map((e) => e.enteredById) ?? [] } }, select: { id: true, displayName: true } })).map((u) => [
      u.id,
      u.displayName,
    ]),
  );
  const status = (bt?.status ?? "EMPTY") as TallyStatus;
  const canEnter = can(actor, "tally.enter", { path: round.election.unit.path }) && !round.election.resultConfirmedAt && round.status === "COUNTING";
  const load = async (id: string | null | undefined) =>
    id ? readTallyValues((await prisma.tallyEntry.findUniqueOrThrow({ where: { id }, select: { values: true } })).values) : null;

  let prefill: Record<string, string> = {};
  let differences: TallyDifference[] = [];
  /** The form fields to type again from the paper (highlighted). */
  let disputed: string[] = [];
  let mine = false;
  if (status === "AWAITING_SECOND") {
    const firstBy = bt?.entries.find((e) => e.id === bt.firstEntryId)?.enteredById;
    mine = firstBy === actor.userId;
    if (mine) prefill = tallyFormValues((await load(bt?.firstEntryId))!, ballot);
  } else if (status === "MISMATCH" && canEnter) {
    const [a, b] = [await load(bt?.firstEntryId), await load(bt?.secondEntryId)];
    differences = compareTallies(a!, b!, ballot);
    // Agreed numbers stay, write-ins included; every disputed one is typed again from the paper.
    ({ prefill, disputed } = resolutionForm(a!, b!, ballot));
  }
  const accepted = status === "ACCEPTED" ? await load(bt?.acceptedEntryId) : null;
  return {
    round: { id: round.id, number: round.number, kind: round.kind, status: round.status, label: roundLabel(round) },
    election: {
      id: round.election.id,
      doubleEntry: round.election.doubleEntry,
      confirmed: !!round.election.resultConfirmedAt,
      unitName: round.election.unit.name,
      unitKind: round.election.unit.kind,
      township: round.election.unit.parent?.name ?? "",
      campaign: round.election.campaign.name,
    },
    box: { id: box.id, name: box.name, kind: box.kind, voters: box.voters, station: box.station.name },
    ballot,
    status,
    version: bt?.version ?? 0,
    mode: modeFor(bt?.status ?? null),
    /** The actor typed the pending first entry and may revise it. */
    mine,
    canEnter,
    prefill,
    differences,
    disputed,
    accepted,
    acceptedProblems: accepted ? tallyProblems(accepted, ballot, box.voters) : {},
    photo: bt?.photo ?? null,
    history: (bt?.entries ?? []).map((e) => {
      const reason = reentries.get(e.id) ?? null;
      return {
        id: e.id,
        slot: reason === null ? SLOT_LABEL[e.slot] : `重新录入（${SLOT_LABEL[e.slot]}）`,
        at: e.createdAt,
        by: users.get(e.enteredById) ?? "",
        reason,
      };
    }),
  };
}

/** A tally-sheet photo, for anyone who may see the village's count. Foreign or unknown ids are null. */
export async function getTallyPhoto(actor: Actor, attachmentId: string) {
  const prisma = await db();
  const bt = await prisma.boxTally.findFirst({
    where: { photoAttachmentId: attachmentId, round: { election: { unit: unitScope(actor) } } },
    select: {
      round: { select: { election: { select: { unit: { select: { path: true } } } } } },
      photo: { select: { fileName: true, mediaType: true, bytes: true } },
    },
  });
  if (!bt?.photo || !can(actor, "tally.view", { path: bt.round.election.unit.path })) return null;
  return bt.photo;
}
