import "server-only";
import { createHash } from "node:crypto";
// Department opinions: append-only (a change is a newer opinion), one keystroke each, or a whole
// filtered page of "无异议" in one confirmed step.
import { z } from "zod";
import { dateOfDay, dayOf, todayInChina } from "@/lib/domain/days";
import { attachmentProblem, detectMediaType, safeFileName } from "@/lib/domain/file-type";
import { maskIdNumber } from "@/lib/domain/id-number";
import { can } from "@/lib/domain/permissions";
import { dayField, idField, multiField } from "@/lib/domain/form-fields";
import { OPINION_KINDS, validateOpinion } from "@/lib/domain/vetting";
import { defineAction } from "../action";
import { appendAudit } from "../audit";
import type { Actor } from "../auth/sessions";
import { db, withTx, type Tx } from "../db";
import { ExpectedError } from "../errors";
import { unitScope } from "../scope";
import { standingRecords } from "./board";

function reviewerDepartment(actor: Actor): string {
  if (!actor.departmentId) throw new ExpectedError("forbidden", "您的账号没有所属联审部门");
  return actor.departmentId;
}

/**
 * Serialises work on the same candidates: an opinion being written and a county decision never
 * interleave, so a decision's stale check sees every opinion committed before it.
 */
export async function lockEntries(tx: Tx, entryIds: string[]) {
  if (entryIds.length === 0) return;
  await tx.$queryRaw`SELECT id FROM "VettingEntry" WHERE id = ANY(${entryIds}::uuid[]) ORDER BY id FOR UPDATE`;
}

/** Refuses outsiders to the round's panel, then a round that has ended (with a message the reviewer understands). */
async function assertDepartmentInRound(tx: Tx, roundId: string, departmentId: string) {
  const round = await tx.vettingRound.findUniqueOrThrow({ where: { id: roundId }, select: { id: true, departmentIds: true, status: true, createdAt: true } });
  if (!round.departmentIds.includes(departmentId)) throw new ExpectedError("forbidden", "本部门不参加这一轮联审");
  if (round.status !== "OPEN") throw new ExpectedError("invalid", ROUND_CLOSED);
  return round;
}

const ROUND_CLOSED = "本轮联审已结束（名单已公布正式候选人或已退回乡镇），不再接受部门意见";

/** The entry's village as the permission target; entries of the actor's county's rounds. */
async function entryTarget(tx: Tx, entryId: string, actor: Actor) {
  const e = await tx.vettingEntry.findFirst({
    where: { id: entryId, round: { county: unitScope(actor) } },
    select: { candidate: { select: { election: { select: { unit: { select: { id: true, path: true, level: true, countyId: true } } } } } } },
  });
  return e?.candidate.election.unit ?? null;
}

export const recordOpinion = defineAction({
  name: "vetting.recordOpinion",
  permission: "vetting.review",
  input: z.object({
    entryId: idField,
    kind: z.enum(OPINION_KINDS, "请选择审查意见"),
    conditionCodes: multiField(z.string().trim().min(1)),
    finding: z.string().trim().max(2000).default(""),
    evidenceRef: z.preprocess((v) => (v === "" ? undefined : v), z.string().trim().max(200).optional()),
    dueDate: z.preprocess((v) => (v === "" ? undefined : v), dayField("核实期限").optional()),
    /** An evidence file (JPEG/PNG/PDF, ≤ 10 MB, judged by content). */
    file: z.instanceof(Uint8Array).optional(),
    fileName: z.string().max(255).optional(),
  }),
  target: (tx, input, actor) => entryTarget(tx, input.entryId, actor),
  async run({ tx, actor, input, audit }) {
    const departmentId = reviewerDepartment(actor);
    const entry = await tx.vettingEntry.findUniqueOrThrow({
      where: { id: input.entryId },
      select: {
        roundId: true,
        candidateId: true,
        round: { select: { countyId: true } },
        candidate: { select: { election: { select: { listStatus: true, unit: { select: { name: true } } } } } },
      },
    });
    const round = await assertDepartmentInRound(tx, entry.roundId, departmentId);
    await lockEntries(tx, [input.entryId]);
    // A village done with vetting, or a candidate a later round has taken up, takes no more opinions here.
    const later = await tx.vettingEntry.count({ where: { candidateId: entry.candidateId, round: { createdAt: { gt: round.createdAt } } } });
    if (later > 0) throw new ExpectedError("invalid", "该候选人已在后一轮联审中重新审查，请在最新一轮出具意见");
    if (entry.candidate.election.listStatus !== "IN_VETTING") {
      throw new ExpectedError("invalid", `「${entry.candidate.election.unit.name}」的名单已完成联审（已公布正式候选人或已退回乡镇），不再接受部门意见`);
    }
    const conditions = await tx.negativeCondition.findMany({
      where: { countyId: entry.round.countyId },
      select: { code: true, severity: true, retired: true },
    });
    const today = todayInChina();
    const problems = validateOpinion(
      { kind: input.kind, conditionCodes: input.conditionCodes, finding: input.finding, dueDate: input.dueDate ?? null },
      conditions,
      today,
    );
    if (problems.length) throw new ExpectedError("invalid", problems.join("；"));
    let attachment: { id: string; fileName: string; sha256: string } | null = null;
    if (input.file) {
      const problem = attachmentProblem(input.file);
      if (problem) throw new ExpectedError("invalid", `证据附件：${problem}`, { evidenceFile: problem });
      const mediaType = detectMediaType(input.file)!;
      attachment = await tx.attachment.create({
        data: {
          countyId: entry.round.countyId,
          fileName: safeFileName(input.fileName ?? "", mediaType),
          mediaType,
          size: input.file.length,
          sha256: createHash("sha256").update(input.file).digest("hex"),
          bytes: input.file,
          uploadedById: actor.userId,
        },
        select: { id: true, fileName: true, sha256: true },
      });
    }
    const o = await tx.vettingOpinion.create({
      data: {
        entryId: input.entryId,
        departmentId,
        reviewerId: actor.userId,
        kind: input.kind,
        conditionCodes: input.conditionCodes,
        finding: input.finding,
        evidenceRef: input.evidenceRef ?? null,
        dueDate: input.dueDate ? dateOfDay(input.dueDate) : null,
        attachmentId: attachment?.id ?? null,
      },
      select: { id: true },
    });
    await audit({
      event: "vetting.opinion.recorded",
      objectType: "VettingOpinion",
      objectId: o.id,
      after: {
        entryId: input.entryId,
        departmentId,
        kind: input.kind,
        conditionCodes: input.conditionCodes,
        attachment: attachment && { id: attachment.id, fileName: attachment.fileName, sha256: attachment.sha256 },
      },
    });
    return o;
  },
});

export const bulkNoObjection = defineAction({
  name: "vetting.bulkNoObjection",
  permission: "vetting.review",
  input: z.object({ roundId: idField, entryIds: multiField(idField).refine((ids) => ids.length > 0 && ids.length <= 2000, "请选择 1-2000 名候选人") }),
  target: (tx, input, actor) =>
    tx.unit.findFirst({
      where: { vettingRounds: { some: { id: input.roundId } }, ...unitScope(actor) },
      select: { id: true, path: true, level: true, countyId: true },
    }),
  async run({ tx, actor, input, audit }) {
    const departmentId = reviewerDepartment(actor);
    const round = await assertDepartmentInRound(tx, input.roundId, departmentId);
    const entries = await tx.vettingEntry.findMany({
      where: { id: { in: input.entryIds }, roundId: input.roundId },
      select: { id: true, candidateId: true, carriedFromId: true, candidate: { select: { election: { select: { listStatus: true } } } } },
    });
    if (entries.length !== new Set(input.entryIds).size) throw new ExpectedError("not_found", "部分候选人不在本轮联审中");
    await lockEntries(
      tx,
      entries.map((e) => e.id),
    );
    // Never overwrite an answer that stands, this round's or an earlier round's (a 不能 stays 不能), and never
    // answer for a village already done or a candidate a later round has taken up.
    const records = await standingRecords(tx, round, entries, departmentId);
    const later = new Set(
      (
        await tx.vettingEntry.findMany({
          where: { candidateId: { in: entries.map((e) => e.candidateId) }, round: { createdAt: { gt: round.createdAt } } },
          select: { candidateId: true },
        })
      ).map((e) => e.candidateId),
    );
    const fresh = entries.filter(
      (e) => (records.get(e.id)?.standing.length ?? 0) === 0 && e.candidate.election.listStatus === "IN_VETTING" && !later.has(e.candidateId),
    );
    await tx.vettingOpinion.createMany({
      data: fresh.map((e) => ({ entryId: e.id, departmentId, reviewerId: actor.userId, kind: "NO_OBJECTION" as const, conditionCodes: [] })),
    });
    await audit({
      event: "vetting.opinion.bulk",
      objectType: "VettingRound",
      objectId: input.roundId,
      detail: { departmentId, recorded: fresh.length, skipped: entries.length - fresh.length },
    });
    return { recorded: fresh.length, skipped: entries.length - fresh.length };
  },
});

/**
 * A department's queue in an open round: every candidate with this department's current answer.
 * Reading it is audited (these are discipline and criminal findings about people).
 */
export async function getReviewerQueue(actor: Actor, roundId: string) {
  if (actor.role !== "VETTING_REVIEWER" || !actor.departmentId) return null;
  const dept = actor.departmentId;
  const prisma = await db();
  const round = await prisma.vettingRound.findFirst({
    where: { id: roundId, status: "OPEN", departmentIds: { has: dept }, county: unitScope(actor) },
    select: { id: true, name: true, deadline: true, countyId: true, createdAt: true },
  });
  if (!round) return null;
  // Only this department's own answers: a queue needs no other department's findings.
  const [conditions, entries] = await Promise.all([
    prisma.negativeCondition.findMany({
      where: { countyId: round.countyId, retired: false },
      select: { code: true, text: true, severity: true, departmentId: true, retired: true },
      orderBy: { sortOrder: "asc" },
    }),
    prisma.vettingEntry.findMany({
      where: { roundId },
      select: {
        id: true,
        candidateId: true,
        carriedFromId: true,
        candidate: {
          select: {
            post: true,
            election: { select: { unit: { select: { name: true, parent: { select: { name: true } } } } } },
            person: { select: { name: true, gender: true, birthDate: true, idNumber: true } },
          },
        },
      },
    }),
  ]);
  // This department's answer that stands for each candidate, this round's or carried from an earlier one.
  const records = await standingRecords(prisma, round, entries, dept);
  const current = new Map(
    entries.flatMap((e) => {
      const o = records.get(e.id)?.standing[0];
      return o ? [[e.id, { id: o.id, entryId: e.id, kind: o.kind, fromRound: o.fromRound ?? null }] as const] : [];
    }),
  );
  await withTx((tx) =>
    appendAudit(tx, {
      event: "vetting.queue.viewed",
      actor: { userId: actor.userId, username: actor.username, role: actor.role },
      unitId: actor.unitId,
      objectType: "VettingRound",
      objectId: roundId,
      detail: { departmentId: dept, candidates: entries.length },
    }),
  );
  return {
    round: { id: round.id, name: round.name, deadline: dayOf(round.deadline) },
    /** The conditions this department may cite (retired ones are not offered). */
    conditions,
    rows: entries.map((e) => ({
      entryId: e.id,
      name: e.candidate.person.name,
      gender: e.candidate.person.gender,
      birthDate: dayOf(e.candidate.person.birthDate),
      idNumberMasked: maskIdNumber(e.candidate.person.idNumber),
      village: e.candidate.election.unit.name,
      township: e.candidate.election.unit.parent?.name ?? "",
      post: e.candidate.post,
      mine: current.get(e.id) ?? null,
    })),
  };
}

/** One candidate's full vetting record (all departments, all opinions, superseded ones too); audited. */
export async function getVettingRecord(actor: Actor, entryId: string) {
  const prisma = await db();
  // Reviewers see a record only while a round their department takes part in is open.
  const scope = actor.role === "VETTING_REVIEWER" ? { status: "OPEN" as const, departmentIds: { has: actor.departmentId ?? "" } } : {};
  const entry = await prisma.vettingEntry.findFirst({
    where: { id: entryId, round: { ...scope, county: unitScope(actor) } },
    select: {
      id: true,
      decision: true,
      rationale: true,
      decidedAt: true,
      roundId: true,
      candidateId: true,
      carriedFromId: true,
      round: { select: { createdAt: true } },
      candidate: {
        select: {
          post: true,
          person: { select: { name: true, gender: true, birthDate: true, idNumber: true } },
          election: { select: { unit: { select: { id: true, name: true } } } },
        },
      },
    },
  });
  if (!entry) return null;
  // The candidate's whole record up to this round: earlier rounds' opinions stay in view (docs/decisions/006).
  // Need to know: a reviewer sees only their own department's opinions.
  const opinions = await prisma.vettingOpinion.findMany({
    where: {
      entry: { candidateId: entry.candidateId, round: { createdAt: { lte: entry.round.createdAt } } },
      ...(actor.role === "VETTING_REVIEWER" ? { departmentId: actor.departmentId ?? "" } : {}),
    },
    select: {
      id: true,
      kind: true,
      conditionCodes: true,
      finding: true,
      evidenceRef: true,
      dueDate: true,
      createdAt: true,
      entryId: true,
      entry: { select: { round: { select: { name: true } } } },
      department: { select: { name: true } },
      reviewer: { select: { displayName: true } },
      attachment: { select: { id: true, fileName: true, size: true } },
    },
    orderBy: { seq: "asc" },
  });
  await withTx((tx) =>
    appendAudit(tx, {
      event: "vetting.record.viewed",
      actor: { userId: actor.userId, username: actor.username, role: actor.role },
      unitId: entry.candidate.election.unit.id,
      objectType: "VettingEntry",
      objectId: entry.id,
    }),
  );
  return {
    ...entry,
    candidate: { ...entry.candidate, person: { ...entry.candidate.person, birthDate: dayOf(entry.candidate.person.birthDate) } },
    opinions: opinions.map(({ entry: of, entryId, ...o }) => ({
      ...o,
      dueDate: o.dueDate ? dayOf(o.dueDate) : null,
      fromRound: entryId === entry.id ? null : of.round.name,
    })),
  };
}

/**
 * An evidence file, for the county office in scope or for the reviewers of the department that
 * attached it while the round is open. The download is audited.
 */
export async function getOpinionAttachment(actor: Actor, attachmentId: string) {
  const prisma = await db();
  const reviewer = actor.role === "VETTING_REVIEWER";
  if (!reviewer && !can(actor, "vetting.view", { path: actor.unitPath })) return null;
  const a = await prisma.attachment.findFirst({
    where: {
      id: attachmentId,
      opinion: {
        entry: { round: { county: unitScope(actor), ...(reviewer ? { status: "OPEN" as const } : {}) } },
        ...(reviewer ? { departmentId: actor.departmentId ?? "" } : {}),
      },
    },
    select: {
      id: true,
      fileName: true,
      mediaType: true,
      bytes: true,
      sha256: true,
      opinion: { select: { id: true, entry: { select: { candidate: { select: { election: { select: { unitId: true } } } } } } } },
    },
  });
  if (!a) return null;
  await withTx((tx) =>
    appendAudit(tx, {
      event: "vetting.attachment.downloaded",
      actor: { userId: actor.userId, username: actor.username, role: actor.role },
      unitId: a.opinion?.entry.candidate.election.unitId ?? actor.unitId,
      objectType: "Attachment",
      objectId: a.id,
      detail: { sha256: a.sha256 },
    }),
  );
  return { fileName: a.fileName, mediaType: a.mediaType, bytes: a.bytes };
}
