import "server-only";
// Results to records: the county certifies confirmed results (a critical operation: county
// administrator only, never whoever confirmed the result, password asked again), issues the
// certificates of election, may decertify with a written reason, and seals (archives) the election,
// recording the audit chain's head at that moment. docs/decisions/008.
import { z } from "zod";
import { certificateNumber, nextSeqs } from "@/lib/domain/certificate";
import { idField, multiField } from "@/lib/domain/form-fields";
import { can } from "@/lib/domain/permissions";
import { defineAction, type ActionContext } from "../action";
import { verifyPassword } from "../auth/password";
import { countWrongAnswer } from "../auth/second-factor";
import type { Actor } from "../auth/sessions";
import { db, type Tx } from "../db";
import { ExpectedError } from "../errors";
import { unitScope } from "../scope";
import { electionTarget } from "../nomination/elections";
import { sealArchive } from "./archive";
import { resultRefusal, resultStage, type ResultStage } from "@/lib/domain/workflow";
import { assertResultStep } from "../workflow";

const unitSelect = { id: true, path: true, level: true, countyId: true } as const;

/**
 * Re-authentication for a critical operation. A wrong password is not an exception: the refusal and
 * the failed-attempt count must be committed, so the caller returns it as a value. Five wrong answers
 * lock the account and end its sessions, as at login.
 */
async function reauthenticate(tx: Tx, actor: Actor, password: string, audit: ActionContext<unknown>["audit"], what: string) {
  const user = await tx.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { passwordHash: true } });
  if (await verifyPassword(user.passwordHash, password)) {
    await tx.user.update({ where: { id: actor.userId }, data: { failedLogins: 0 } });
    return null;
  }
  const { attempt, lockedMessage } = await countWrongAnswer(tx, actor.userId);
  await audit({ event: "result.certify.refused", outcome: "FAILURE", detail: { operation: what, attempt } });
  return lockedMessage ?? "密码不正确，未执行认定。为确认是您本人操作，请输入您的登录密码";
}

/**
 * Certifies the confirmed results of the chosen villages (one, or a township at a time) and issues a
 * certificate to every elected member, numbered per county and term without gaps.
 */
export const certifyResults = defineAction({
  name: "result.certify",
  permission: "result.certify",
  secondFactor: true,
  input: z.object({
    campaignId: idField,
    /** The village, or the township whose villages are chosen. */
    unitId: idField,
    electionIds: multiField(idField).refine((ids) => ids.length > 0, "请至少选择一个村(社区)"),
    password: z.string().min(1, "请输入您的登录密码"),
  }),
  target: (tx, input, actor) => tx.unit.findFirst({ where: { id: input.unitId, ...unitScope(actor) }, select: unitSelect }),
  async run({ tx, actor, input, unit, audit }) {
    const refused = await reauthenticate(
      tx,
      actor,
      input.password,
      (e) => audit({ ...e, objectType: "Campaign", objectId: input.campaignId }),
      "result.certify",
    );
    if (refused) return { refused, certified: [] as string[], skipped: [] as { name: string; reason: string }[] };

    // One certifier at a time per term: the campaign row lock keeps certificate numbers gapless.
    const campaign = await tx.$queryRaw<{ id: string; startDate: Date; countyId: string }[]>`
      SELECT id, "startDate", "countyId" FROM "Campaign" WHERE id = ${input.campaignId}::uuid AND "countyId" = ${unit.countyId ?? ""}::uuid FOR UPDATE`;
    if (!campaign[0]) throw new ExpectedError("not_found", "未找到该换届，或它不属于本县");
    const county = await tx.unit.findUniqueOrThrow({ where: { id: campaign[0].countyId }, select: { code: true } });
    const elections = await tx.election.findMany({
      where: { id: { in: input.electionIds }, campaignId: input.campaignId, unit: { path: { startsWith: unit.path } } },
      select: {
        id: true,
        version: true,
        resultConfirmedAt: true,
        resultConfirmedById: true,
        certifiedAt: true,
        sealedAt: true,
        unit: { select: { id: true, name: true, code: true } },
        members: { orderBy: [{ post: "asc" }, { votes: "desc" }], select: { name: true, post: true, gender: true } },
      },
      orderBy: { unit: { code: "asc" } },
    });
    if (elections.length !== new Set(input.electionIds).size) throw new ExpectedError("not_found", "所选村(社区)中有的不在您的管辖范围内或不属于该换届");

    const issued = (await tx.certificate.findMany({ where: { campaignId: input.campaignId }, select: { seq: true } })).map((c) => c.seq);
    const year = campaign[0].startDate.getUTCFullYear();
    const certified: string[] = [];
    const skipped: { name: string; reason: string }[] = [];
    for (const e of elections) {
      const reason =
        resultRefusal("certify", resultStage(e))?.message ??
        (e.resultConfirmedById === actor.userId ? "该结果由您本人确认，须由另一位县换届办管理员认定" : null);
      if (reason) {
        skipped.push({ name: e.unit.name, reason });
        continue;
      }
      const seqs = nextSeqs(issued, e.members.length);
      issued.push(...seqs);
      const certificates = e.members.map((m, i) => ({
        countyId: campaign[0]!.countyId,
        campaignId: input.campaignId,
        electionId: e.id,
        seq: seqs[i]!,
        number: certificateNumber(county.code, year, seqs[i]!),
        name: m.name,
        post: m.post,
        gender: m.gender,
        issuedById: actor.userId,
      }));
      await tx.certificate.createMany({ data: certificates });
      const res = await tx.election.updateMany({
        where: { id: e.id, version: e.version, certifiedAt: null },
        data: { certifiedAt: new Date(), certifiedById: actor.userId, version: { increment: 1 } },
      });
      if (res.count === 0) throw new ExpectedError("stale", `${e.unit.name}的选举已被他人修改，请刷新页面后重试`);
      await audit({
        event: "result.certified",
        unitId: e.unit.id,
        objectType: "Election",
        objectId: e.id,
        after: { certificates: certificates.map((c) => ({ number: c.number, name: c.name, post: c.post })) },
      });
      certified.push(e.unit.name);
    }
    if (!certified.length) {
      throw new ExpectedError("invalid", `没有可以认定的村(社区)：${skipped.map((s) => `${s.name}（${s.reason}）`).join("；")}`);
    }
    return { refused: null, certified, skipped };
  },
});

/** Withdraws a certification (written reason, its own audit event); the certificates are revoked, numbers kept. */
export const decertifyResult = defineAction({
  name: "result.decertify",
  permission: "result.certify",
  secondFactor: true,
  input: z.object({
    electionId: idField,
    version: z.coerce.number().int().positive(),
    reason: z.string().trim().min(5, "请写明撤销认定的理由（至少 5 个字）").max(1000),
  }),
  target: (tx, input, actor) => electionTarget(tx, actor, input.electionId),
  async run({ tx, input, audit }) {
    const e = await tx.election.findUniqueOrThrow({
      where: { id: input.electionId },
      select: { id: true, resultConfirmedAt: true, certifiedAt: true, sealedAt: true },
    });
    assertResultStep("decertify", e);
    const now = new Date();
    const revoked = await tx.certificate.findMany({ where: { electionId: e.id, revokedAt: null }, select: { number: true } });
    await tx.certificate.updateMany({
      where: { electionId: e.id, revokedAt: null },
      data: { revokedAt: now, revokedReason: input.reason, version: { increment: 1 } },
    });
    const res = await tx.election.updateMany({
      where: { id: e.id, version: input.version },
      data: { certifiedAt: null, certifiedById: null, version: { increment: 1 } },
    });
    if (res.count === 0) throw new ExpectedError("stale", "该选举已被他人修改，请刷新页面后重试");
    await audit({
      event: "result.decertified",
      objectType: "Election",
      objectId: e.id,
      before: { certifiedAt: e.certifiedAt },
      detail: { reason: input.reason, revoked: revoked.map((c) => c.number) },
    });
    return { revoked: revoked.length };
  },
});

/**
 * Seals (archives) a certified election. The archive.sealed event is written first; the chain head
 * is then that very event, and its id and hash are kept on the election and printed on its records.
 * Then the archive package is built as it will read once sealed and kept, and its manifest's digest
 * is written by the same UPDATE that seals (a sealed row cannot be updated again) and audited right
 * after the seal: the package includes the seal event, so that event cannot also hold the digest (ADR 009).
 */
export const sealElection = defineAction({
  name: "archive.seal",
  permission: "archive.seal",
  secondFactor: true,
  input: z.object({ electionId: idField, version: z.coerce.number().int().positive() }),
  target: (tx, input, actor) => electionTarget(tx, actor, input.electionId),
  async run({ tx, actor, input, audit }) {
    const e = await tx.election.findUniqueOrThrow({
      where: { id: input.electionId },
      select: { id: true, version: true, resultConfirmedAt: true, certifiedAt: true, sealedAt: true },
    });
    assertResultStep("seal", e);
    if (e.version !== input.version) throw new ExpectedError("stale", "该选举已被他人修改，请刷新页面后重试");
    await audit({ event: "archive.sealed", objectType: "Election", objectId: e.id, detail: { certifiedAt: e.certifiedAt } });
    // Under the chain's advisory lock (held by the append above) the newest entry is ours.
    const head = await tx.auditEvent.findFirstOrThrow({ orderBy: { id: "desc" }, select: { id: true, hash: true } });
    const seal = { sealedAt: new Date(), sealedById: actor.userId, sealAuditId: head.id, sealAuditHash: head.hash };
    const { archiveDigest, files } = await sealArchive(tx, e.id, seal);
    await tx.election.update({ where: { id: e.id }, data: { ...seal, archiveDigest, version: { increment: 1 } } });
    await audit({ event: "archive.digest.fixed", objectType: "Election", objectId: e.id, detail: { sealAuditId: String(head.id), archiveDigest, files } });
    return { auditId: String(head.id), auditHash: head.hash, archiveDigest };
  },
});

// ---------------------------------------------------------------------------------------------
// Reads.

export type RecordStage = ResultStage;

/** The county's records board: every village election of a campaign in scope with its record stage. */
export async function getRecordsBoard(actor: Actor, campaignId: string) {
  const prisma = await db();
  // Records are the county's business: the campaign of the actor's own county.
  const campaign = await prisma.campaign.findFirst({ where: { id: campaignId, countyId: actor.countyId ?? "" }, select: { id: true, name: true } });
  if (!campaign) return null;
  const elections = await prisma.election.findMany({
    where: { campaignId, unit: unitScope(actor) },
    select: {
      id: true,
      version: true,
      resultConfirmedAt: true,
      resultConfirmedById: true,
      certifiedAt: true,
      sealedAt: true,
      sealAuditHash: true,
      unit: { select: { id: true, name: true, code: true, parent: { select: { id: true, name: true, code: true } } } },
      _count: { select: { members: true, certificates: { where: { revokedAt: null } } } },
    },
    orderBy: { unit: { code: "asc" } },
  });
  const rows = elections.map((e) => ({
    id: e.id,
    version: e.version,
    unit: { id: e.unit.id, name: e.unit.name, code: e.unit.code },
    township: e.unit.parent ? { id: e.unit.parent.id, name: e.unit.parent.name, code: e.unit.parent.code } : null,
    stage: resultStage(e),
    members: e._count.members,
    certificates: e._count.certificates,
    confirmedByMe: e.resultConfirmedById === actor.userId,
    sealedAt: e.sealedAt,
  }));
  const townships = [...new Map(rows.filter((r) => r.township).map((r) => [r.township!.id, r.township!])).values()].sort((a, b) =>
    a.code.localeCompare(b.code),
  );
  const own = { path: actor.unitPath };
  return {
    campaign,
    rows,
    townships,
    canCertify: can(actor, "result.certify", own),
    canSeal: can(actor, "archive.seal", own),
    canDownload: can(actor, "archive.download", own),
  };
}

/** One election's archive summary: record stage, seal with the audit head, what the package holds. */
export async function getArchiveSummary(actor: Actor, electionId: string) {
  const prisma = await db();
  const e = await prisma.election.findFirst({
    where: { id: electionId, unit: unitScope(actor) },
    select: {
      id: true,
      version: true,
      electionDay: true,
      resultConfirmedAt: true,
      resultConfirmedById: true,
      certifiedAt: true,
      certifiedById: true,
      sealedAt: true,
      sealedById: true,
      sealAuditId: true,
      sealAuditHash: true,
      archiveDigest: true,
      unit: { select: { id: true, name: true, code: true, kind: true, path: true, parent: { select: { name: true } } } },
      campaign: { select: { id: true, name: true } },
      certificates: { orderBy: { seq: "asc" }, select: { id: true, number: true, name: true, post: true, revokedAt: true, revokedReason: true } },
      _count: { select: { candidates: true, rounds: true, boxes: true } },
    },
  });
  if (!e) return null;
  const ids = [e.resultConfirmedById, e.certifiedById, e.sealedById].filter((x): x is string => !!x);
  const names = new Map(
    (await prisma.user.findMany({ where: { id: { in: ids } }, select: { id: true, displayName: true } })).map((u) => [u.id, u.displayName]),
  );
  const photos = await prisma.boxTally.count({ where: { electionId, photoAttachmentId: { not: null } } });
  const own = { path: e.unit.path };
  return {
    id: e.id,
    version: e.version,
    unit: { name: e.unit.name, code: e.unit.code, kind: e.unit.kind, township: e.unit.parent?.name ?? "" },
    campaign: e.campaign,
    electionDay: e.electionDay,
    confirmed: e.resultConfirmedAt ? { at: e.resultConfirmedAt, by: names.get(e.resultConfirmedById ?? "") ?? "" } : null,
    certified: e.certifiedAt ? { at: e.certifiedAt, by: names.get(e.certifiedById ?? "") ?? "" } : null,
    sealed: e.sealedAt
      ? {
          at: e.sealedAt,
          by: names.get(e.sealedById ?? "") ?? "",
          auditId: String(e.sealAuditId ?? ""),
          auditHash: e.sealAuditHash ?? "",
          archiveDigest: e.archiveDigest,
        }
      : null,
    confirmedByMe: e.resultConfirmedById === actor.userId,
    certificates: e.certificates,
    counts: { candidates: e._count.candidates, rounds: e._count.rounds, boxes: e._count.boxes, photos },
    canCertify: can(actor, "result.certify", own),
    canSeal: can(actor, "archive.seal", own),
    canDownload: can(actor, "archive.download", own),
  };
}

/** The campaigns of the actor's county, newest first (the records pages choose one). */
export async function listRecordCampaigns(actor: Actor) {
  const prisma = await db();
  return prisma.campaign.findMany({ where: { countyId: actor.countyId ?? "" }, orderBy: { startDate: "desc" }, select: { id: true, name: true } });
}
