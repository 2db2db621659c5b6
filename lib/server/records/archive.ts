import "server-only";
// The sealed election archive package (选举工作档案, docs/rules/records-and-certificates.md): everything the system
// holds about one village's election, as JSON (exact), CSV (for Excel), printable HTML and the tally
// photos, with a manifest of digests, in one stored ZIP for the county archives bureau. Only a sealed
// election is packaged; it cannot change any more, so the package is byte-identical every time it is
// built, and the digest of its manifest.json is computed and kept when it is sealed
// (docs/decisions/008-results-to-records.md, 009-archive-package.md and its addendum).
import { createHash } from "node:crypto";
import { buildManifest, digestOf, manifestBytes, MANIFEST_FILE, sealDigest, type ElectionSummary, type TownshipSummary } from "@/lib/domain/archive-manifest";
import type { HashAlgo } from "@/lib/domain/audit-chain";
import { sectionTitle, type Ballot } from "@/lib/domain/ballot";
import { roundLabel } from "@/lib/domain/ballot-paper";
import { DEFAULT_LAYOUT, type CertificateData, type CertificateLayoutData } from "@/lib/domain/certificate";
import { toCsv } from "@/lib/domain/csv";
import { ENGINE_POST, type ElectionPost } from "@/lib/domain/election-engine";
import { chineseDay, dayOf, todayInChina } from "@/lib/domain/days";
import { MEDIA_TYPE_EXTENSION, type AllowedMediaType } from "@/lib/domain/file-type";
import { maskIdNumber } from "@/lib/domain/id-number";
import { ageOn } from "@/lib/domain/nomination-rules";
import {
  educationName,
  ethnicityName,
  GENDER_LABEL,
  NOMINATION_FORM_LABEL,
  POLITICAL_LABEL,
  POST_LABEL,
  POSTS,
  RELATION_LABEL,
  type Post,
} from "@/lib/domain/people";
import { can } from "@/lib/domain/permissions";
import { BOX_KIND_LABEL, STAFF_DUTY_LABEL, STATION_KIND_LABEL } from "@/lib/domain/polling";
import { KIND_LABEL } from "@/lib/domain/units";
import { OPINION_LABEL } from "@/lib/domain/vetting";
import { unzip, zip } from "@/lib/domain/zip";
import { env } from "@/lib/env";
import { DUAL_ROLE_LABEL, LIST_STATUS_LABEL, METHOD_LABEL } from "@/lib/i18n/zh";
import { appendAudit } from "../audit";
import type { Actor } from "../auth/sessions";
import { db, withTx, type Tx } from "../db";
import { getElectionResult, type ElectionResultView } from "../election-day/results";
import { AppError, ExpectedError } from "../errors";
import { unitScope } from "../scope";
import { certificatesHtml, resultAnnouncementHtml, resultReportHtml, rosterHtml } from "@/lib/documents/archive-documents";
import { readBallot, readPhotoRefs, readTallyValues, type PhotoRef } from "@/lib/domain/stored-json";

export type ArchiveFile = { path: string; bytes: Uint8Array };
/** `manifests`: each election manifest in the package, its digest as built and the one fixed at sealing. */
export type ArchivePackage = {
  fileName: string;
  asciiName: string;
  bytes: Uint8Array;
  manifests: { electionId: string; digest: string; sealed: string | null }[];
};

/** A tally photo in the sealed package, kept by reference: attachments are append-only. */

/** The seal being written: the sealing transaction builds the package before the row records it. */
export type PendingSeal = { sealedAt: Date; sealedById: string; sealAuditId: bigint; sealAuditHash: string };

const enc = new TextEncoder();

/** 2-space JSON in the key order the objects are built with; BigInt as strings, Dates as ISO (toJSON). */
function jsonFile(path: string, value: unknown): ArchiveFile {
  const text = JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2);
  return { path, bytes: enc.encode(`${text}\n`) };
}

/** Plain text for Windows Notepad too: BOM and CRLF. */
function textFile(path: string, lines: string[]): ArchiveFile {
  return { path, bytes: enc.encode(`\uFEFF${lines.join("\r\n")}\r\n`) };
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const day = (d: Date | null | undefined) => (d ? dayOf(d) : null);
/** Beijing time for people reading the CSV and README ("2026-04-08 10:30:00"). */
const cst = (d: Date | null | undefined) => (d ? new Date(d.getTime() + 8 * 3600_000).toISOString().replace("T", " ").slice(0, 19) : "");

/** 138****5678: kept to recognise a number, not to call it. */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return null;
  const p = phone.trim();
  return p.length >= 8 ? `${p.slice(0, 3)}${"*".repeat(p.length - 7)}${p.slice(-4)}` : "*".repeat(p.length);
}

/** A unit name as a folder name: no path separators or characters Windows refuses. */
const folderSafe = (s: string) => s.replace(/[\\/:*?"<>|\u0000-\u001f]/g, "_").trim() || "_";

/** A ballot column as printed ("委员（应选 2 名）"), or the post's name when the ballot lacks it. */
function columnTitle(ballot: Ballot, post: string): string {
  const section = ballot.sections.find((x) => x.post === post);
  if (section) return sectionTitle(section);
  const app = ENGINE_POST[post as ElectionPost];
  return app ? POST_LABEL[app] : post;
}

const byPost = (a: { post: Post }, b: { post: Post }) => POSTS.indexOf(a.post) - POSTS.indexOf(b.post);

const SLOT_LABEL = { FIRST: "第一次录入", SECOND: "第二次录入（核对）", RESOLUTION: "核对纸质计票单后的更正录入" } as const;
const TALLY_STATUS_LABEL = { EMPTY: "未录入", AWAITING_SECOND: "待第二次录入", MISMATCH: "两次录入不一致", ACCEPTED: "已采用" } as const;
const DECISION_LABEL = { APPROVED: "通过", REJECTED: "不通过" } as const;
const ROUND_STATUS_LABEL = { OPEN: "进行中", CLOSED: "已结束" } as const;
const VOTING_STATUS_LABEL = { COUNTING: "计票中", DECIDED: "已判定" } as const;

// ---------------------------------------------------------------------------------------------
// Loading one election.

async function loadElection(prisma: Tx, electionId: string) {
  return prisma.election.findUnique({
    where: { id: electionId },
    select: {
      id: true,
      electionDay: true,
      method: true,
      seatsDirector: true,
      seatsDeputy: true,
      seatsMember: true,
      seatsWomenMember: true,
      dualRole: true,
      registeredVoters: true,
      listStatus: true,
      submittedAt: true,
      formalPublishedAt: true,
      returnedReason: true,
      doubleEntry: true,
      resultConfirmedAt: true,
      resultConfirmedById: true,
      certifiedAt: true,
      certifiedById: true,
      sealedAt: true,
      sealedById: true,
      sealAuditId: true,
      sealAuditHash: true,
      archiveDigest: true,
      createdAt: true,
      unit: { select: { id: true, code: true, name: true, kind: true, path: true, countyId: true, parent: { select: { id: true, code: true, name: true } } } },
      campaign: {
        select: { id: true, name: true, startDate: true, endDate: true, status: true, rules: true, county: { select: { id: true, code: true, name: true } } },
      },
    },
  });
}
type LoadedElection = NonNullable<Awaited<ReturnType<typeof loadElection>>>;
type SealedElection = LoadedElection & { sealedAt: Date; sealAuditId: bigint; sealAuditHash: string };

function assertSealed(e: LoadedElection): asserts e is SealedElection {
  if (!e.sealedAt || e.sealAuditId === null || !e.sealAuditHash) {
    throw new ExpectedError("invalid", `${e.unit.name}的选举尚未封存归档，不能生成档案包；请先由县换届办认定结果并封存`);
  }
}

/**
 * getElectionResult is the one place that composes the result view the documents print. It takes an
 * actor for scoping; the archive has already been authorised, so it reads as a reader of the village.
 */
function villageReader(e: LoadedElection): Actor {
  return {
    sessionId: "archive",
    userId: "00000000-0000-0000-0000-000000000000",
    username: "archive",
    displayName: "档案包",
    role: "SUPERVISOR",
    unitId: e.unit.id,
    unitPath: e.unit.path,
    unitName: e.unit.name,
    unitCode: e.unit.code,
    unitLevel: "VILLAGE",
    countyId: e.unit.countyId,
    departmentId: null,
    departmentName: null,
  };
}

type Who = { id: string; username: string; name: string } | null;

/**
 * Every file of one sealed election's package except manifest.json, README.txt first. With `pending`,
 * inside the sealing transaction: as the election will read once the seal is written.
 */
async function electionFiles(prisma: Tx, electionId: string, pending?: PendingSeal) {
  const loaded = await loadElection(prisma, electionId);
  if (!loaded) throw new ExpectedError("not_found", "未找到该选举");
  const e: LoadedElection = pending ? { ...loaded, ...pending } : loaded;
  assertSealed(e);
  const county = e.campaign.county;
  const township = e.unit.parent;

  const candidates = await prisma.candidate.findMany({
    where: { electionId },
    orderBy: [{ formalRank: { sort: "asc", nulls: "last" } }, { createdAt: "asc" }, { id: "asc" }],
    select: {
      id: true,
      post: true,
      nominationForm: true,
      nominatorCount: true,
      nominationVotes: true,
      pledgeCampaign: true,
      pledgeWork: true,
      pledgeResign: true,
      pledgeDiscipline: true,
      formalRank: true,
      replacement: true,
      createdAt: true,
      person: {
        select: {
          id: true,
          name: true,
          gender: true,
          ethnicity: true,
          birthDate: true,
          idNumber: true,
          education: true,
          political: true,
          phone: true,
          currentPosts: true,
          tags: true,
          dissatisfactionRate: true,
        },
      },
    },
  });
  const personIds = [...new Set(candidates.map((c) => c.person.id))];
  const kinships = await prisma.kinship.findMany({
    where: { OR: [{ personAId: { in: personIds } }, { personBId: { in: personIds } }] },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, relation: true, personA: { select: { id: true, name: true } }, personB: { select: { id: true, name: true } } },
  });

  const vettingEntries = await prisma.vettingEntry.findMany({
    where: { candidate: { electionId } },
    orderBy: [{ round: { createdAt: "asc" } }, { roundId: "asc" }, { candidate: { createdAt: "asc" } }, { id: "asc" }],
    select: {
      id: true,
      candidateId: true,
      decision: true,
      rationale: true,
      decidedById: true,
      decidedAt: true,
      round: { select: { id: true, name: true, deadline: true, departmentIds: true, status: true, createdAt: true, closedAt: true } },
      opinions: {
        orderBy: { seq: "asc" },
        select: {
          id: true,
          seq: true,
          departmentId: true,
          reviewerId: true,
          kind: true,
          conditionCodes: true,
          finding: true,
          evidenceRef: true,
          dueDate: true,
          createdAt: true,
          department: { select: { name: true } },
          attachment: { select: { id: true, fileName: true, mediaType: true, size: true, sha256: true } },
        },
      },
    },
  });
  const departmentIds = [...new Set(vettingEntries.flatMap((v) => v.round.departmentIds))];
  const departments = new Map(
    (await prisma.department.findMany({ where: { id: { in: departmentIds } }, select: { id: true, name: true } })).map((d) => [d.id, d.name]),
  );
  const usedCodes = [...new Set(vettingEntries.flatMap((v) => v.opinions.flatMap((o) => o.conditionCodes)))].sort();
  const conditions = county.id
    ? await prisma.negativeCondition.findMany({
        where: { countyId: county.id, code: { in: usedCodes } },
        orderBy: { code: "asc" },
        select: { code: true, text: true, severity: true, lookbackYears: true, basis: true, retired: true },
      })
    : [];

  const stations = await prisma.pollingStation.findMany({
    where: { electionId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, name: true, kind: true, place: true },
  });
  const boxes = await prisma.ballotBox.findMany({
    where: { electionId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, name: true, kind: true, voters: true, stationId: true },
  });
  const staff = await prisma.pollingStaff.findMany({
    where: { electionId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, name: true, idNumber: true, duty: true, boxId: true, createdAt: true },
  });
  const proxies = await prisma.proxyVote.findMany({
    where: { electionId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, principalName: true, principalIdNumber: true, proxyName: true, proxyIdNumber: true, relation: true, createdAt: true },
  });

  const rounds = await prisma.votingRound.findMany({
    where: { electionId },
    orderBy: { number: "asc" },
    select: {
      id: true,
      number: true,
      kind: true,
      ballot: true,
      status: true,
      engineInput: true,
      decision: true,
      decidedAt: true,
      decidedById: true,
      createdAt: true,
      tallies: {
        select: {
          id: true,
          boxId: true,
          status: true,
          firstEntryId: true,
          secondEntryId: true,
          acceptedEntryId: true,
          photo: { select: { id: true, fileName: true, mediaType: true, size: true, sha256: true, bytes: true } },
          entries: { orderBy: { seq: "asc" }, select: { id: true, seq: true, slot: true, values: true, enteredById: true, createdAt: true } },
        },
      },
    },
  });

  const members = await prisma.electedMember.findMany({
    where: { electionId },
    select: {
      id: true,
      post: true,
      name: true,
      gender: true,
      votes: true,
      candidateId: true,
      personId: true,
      roundId: true,
      round: { select: { number: true, kind: true } },
    },
  });
  members.sort(
    (a, b) =>
      byPost(a, b) || a.round.number - b.round.number || b.votes - a.votes || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || (a.id < b.id ? -1 : 1),
  );

  const certificates = await prisma.certificate.findMany({
    where: { electionId },
    orderBy: { seq: "asc" },
    select: {
      id: true,
      seq: true,
      number: true,
      name: true,
      nameSecond: true,
      post: true,
      gender: true,
      issuedAt: true,
      issuedById: true,
      revokedAt: true,
      revokedReason: true,
    },
  });
  const layoutRow = county.id
    ? await prisma.certificateLayout.findUnique({
        where: { countyId: county.id },
        select: {
          title: true,
          body: true,
          authority: true,
          sealPosition: true,
          paper: true,
          secondLanguage: true,
          secondTitle: true,
          secondBody: true,
          secondAuthority: true,
        },
      })
    : null;
  const layout: CertificateLayoutData = layoutRow ?? DEFAULT_LAYOUT;

  // Everything the log says about this election up to its seal (the seal event is the head). Later
  // entries (downloads of this very package) stay out, so the package never changes.
  const objectIds = [
    e.id,
    ...candidates.map((c) => c.id),
    ...vettingEntries.map((v) => v.id),
    ...new Set(vettingEntries.map((v) => v.round.id)),
    ...vettingEntries.flatMap((v) => v.opinions.flatMap((o) => [o.id, ...(o.attachment ? [o.attachment.id] : [])])),
    ...stations.map((s) => s.id),
    ...boxes.map((b) => b.id),
    ...staff.map((s) => s.id),
    ...proxies.map((p) => p.id),
    ...rounds.flatMap((r) => [r.id, ...r.tallies.flatMap((t) => [t.id, ...(t.photo ? [t.photo.id] : [])])]),
    ...certificates.map((c) => c.id),
  ];
  const events = await prisma.auditEvent.findMany({
    where: { id: { lte: e.sealAuditId }, OR: [{ objectId: { in: objectIds } }, { unitId: e.unit.id }] },
    orderBy: { id: "asc" },
  });

  const userIds = new Set<string>();
  for (const id of [e.resultConfirmedById, e.certifiedById, e.sealedById]) if (id) userIds.add(id);
  for (const v of vettingEntries) {
    if (v.decidedById) userIds.add(v.decidedById);
    for (const o of v.opinions) userIds.add(o.reviewerId);
  }
  for (const r of rounds) {
    if (r.decidedById) userIds.add(r.decidedById);
    for (const t of r.tallies) for (const en of t.entries) userIds.add(en.enteredById);
  }
  for (const c of certificates) userIds.add(c.issuedById);
  const users = new Map(
    (await prisma.user.findMany({ where: { id: { in: [...userIds] } }, select: { id: true, username: true, displayName: true } })).map((u) => [u.id, u]),
  );
  const who = (id: string | null | undefined): Who => {
    if (!id) return null;
    const u = users.get(id);
    return u ? { id: u.id, username: u.username, name: u.displayName } : { id, username: "", name: "" };
  };
  const whoText = (id: string | null | undefined) => {
    const w = who(id);
    return w ? `${w.name}（${w.username}）` : "";
  };

  const viewed = await getElectionResult(villageReader(e), electionId, prisma);
  if (!viewed) throw new AppError(`archive: result view of ${electionId} not found`);
  // The archived report prints the seal but not the manifest digest: the manifest lists this file.
  const result: ElectionResultView = { ...viewed, seal: { at: e.sealedAt, auditId: String(e.sealAuditId), auditHash: e.sealAuditHash, archiveDigest: null } };

  // ---- data/election.json
  const electionJson = {
    election: {
      id: e.id,
      method: e.method,
      methodLabel: METHOD_LABEL[e.method],
      electionDay: day(e.electionDay),
      seats: { director: e.seatsDirector, deputy: e.seatsDeputy, member: e.seatsMember, womenMember: e.seatsWomenMember },
      dualRole: e.dualRole,
      dualRoleLabel: DUAL_ROLE_LABEL[e.dualRole],
      registeredVoters: e.registeredVoters,
      listStatus: e.listStatus,
      listStatusLabel: LIST_STATUS_LABEL[e.listStatus],
      submittedAt: iso(e.submittedAt),
      formalPublishedAt: iso(e.formalPublishedAt),
      returnedReason: e.returnedReason,
      doubleEntry: e.doubleEntry,
      createdAt: iso(e.createdAt),
    },
    unit: { id: e.unit.id, code: e.unit.code, name: e.unit.name, kind: e.unit.kind, kindLabel: KIND_LABEL[e.unit.kind] },
    township: township ? { id: township.id, code: township.code, name: township.name } : null,
    county: { id: county.id, code: county.code, name: county.name },
    campaign: {
      id: e.campaign.id,
      name: e.campaign.name,
      startDate: day(e.campaign.startDate),
      endDate: day(e.campaign.endDate),
      status: e.campaign.status,
      rules: e.campaign.rules,
    },
    resultConfirmed: e.resultConfirmedAt ? { at: iso(e.resultConfirmedAt), by: who(e.resultConfirmedById) } : null,
    certified: e.certifiedAt ? { at: iso(e.certifiedAt), by: who(e.certifiedById) } : null,
    sealed: { at: iso(e.sealedAt), by: who(e.sealedById), auditId: e.sealAuditId, auditHash: e.sealAuditHash },
  };

  // ---- data/candidates.*
  const candidatesJson = {
    note: "身份证号码已脱敏（只保留前 4 位和后 4 位），联系电话只保留前 3 位和后 4 位。",
    candidates: candidates.map((c) => ({
      id: c.id,
      formalRank: c.formalRank,
      replacement: c.replacement,
      post: c.post,
      postLabel: POST_LABEL[c.post],
      nominationForm: c.nominationForm,
      nominationFormLabel: NOMINATION_FORM_LABEL[c.nominationForm],
      nominatorCount: c.nominatorCount,
      nominationVotes: c.nominationVotes,
      pledges: { campaign: c.pledgeCampaign, work: c.pledgeWork, resign: c.pledgeResign, discipline: c.pledgeDiscipline },
      createdAt: iso(c.createdAt),
      person: {
        id: c.person.id,
        name: c.person.name,
        gender: c.person.gender,
        genderLabel: GENDER_LABEL[c.person.gender],
        ethnicity: c.person.ethnicity,
        ethnicityName: ethnicityName(c.person.ethnicity),
        birthDate: day(c.person.birthDate),
        idNumberMasked: maskIdNumber(c.person.idNumber),
        education: c.person.education,
        educationName: educationName(c.person.education),
        political: c.person.political,
        politicalLabel: POLITICAL_LABEL[c.person.political],
        phoneMasked: maskPhone(c.person.phone),
        currentPosts: c.person.currentPosts,
        tags: c.person.tags,
        dissatisfactionRate: c.person.dissatisfactionRate === null ? null : c.person.dissatisfactionRate.toString(),
      },
    })),
    kinships: kinships.map((k) => ({
      id: k.id,
      relation: k.relation,
      relationLabel: RELATION_LABEL[k.relation],
      personA: { id: k.personA.id, name: k.personA.name },
      personB: { id: k.personB.id, name: k.personB.name },
    })),
  };
  const candidatesCsv = toCsv(
    [
      "序号",
      "姓名",
      "性别",
      "民族",
      "出生日期",
      "身份证号码（已脱敏）",
      "文化程度",
      "政治面貌",
      "联系电话（已脱敏）",
      "参选职位",
      "提名方式",
      "提名人数",
      "推选得票",
      "正式候选人排序",
      "是否递补",
      "四项承诺均已签署",
      "候选人编号",
    ],
    candidates.map((c, i) => [
      i + 1,
      c.person.name,
      GENDER_LABEL[c.person.gender],
      ethnicityName(c.person.ethnicity) ?? c.person.ethnicity,
      day(c.person.birthDate),
      maskIdNumber(c.person.idNumber),
      educationName(c.person.education) ?? c.person.education,
      POLITICAL_LABEL[c.person.political],
      maskPhone(c.person.phone),
      POST_LABEL[c.post],
      NOMINATION_FORM_LABEL[c.nominationForm],
      c.nominatorCount,
      c.nominationVotes,
      c.formalRank,
      c.replacement,
      c.pledgeCampaign && c.pledgeWork && c.pledgeResign && c.pledgeDiscipline,
      c.id,
    ]),
  );

  // ---- data/vetting.*
  const candidateById = new Map(candidates.map((c) => [c.id, c]));
  const vettingRounds = [...new Map(vettingEntries.map((v) => [v.round.id, v.round])).values()];
  const vettingEntryJson = (v: (typeof vettingEntries)[number]) => {
    const c = candidateById.get(v.candidateId);
    return {
      id: v.id,
      candidateId: v.candidateId,
      candidateName: c?.person.name ?? "",
      post: c?.post ?? null,
      decision: v.decision,
      decisionLabel: v.decision ? DECISION_LABEL[v.decision] : null,
      rationale: v.rationale,
      decidedBy: who(v.decidedById),
      decidedAt: iso(v.decidedAt),
      opinions: v.opinions.map((o) => ({
        id: o.id,
        seq: o.seq,
        departmentId: o.departmentId,
        department: o.department.name,
        reviewer: who(o.reviewerId),
        kind: o.kind,
        kindLabel: OPINION_LABEL[o.kind],
        conditionCodes: o.conditionCodes,
        finding: o.finding,
        evidenceRef: o.evidenceRef,
        evidence: o.attachment
          ? { fileName: o.attachment.fileName, mediaType: o.attachment.mediaType, size: o.attachment.size, sha256: o.attachment.sha256 }
          : null,
        dueDate: day(o.dueDate),
        createdAt: iso(o.createdAt),
        // A department changes its opinion by giving a newer one; both are kept.
        superseded: v.opinions.some((n) => n.departmentId === o.departmentId && n.seq > o.seq),
      })),
    };
  };
  const vettingJson = {
    rounds: vettingRounds.map((r) => ({
      id: r.id,
      name: r.name,
      deadline: day(r.deadline),
      status: r.status,
      statusLabel: ROUND_STATUS_LABEL[r.status],
      createdAt: iso(r.createdAt),
      closedAt: iso(r.closedAt),
      departments: r.departmentIds.map((id) => ({ id, name: departments.get(id) ?? "" })),
      entries: vettingEntries.filter((v) => v.round.id === r.id).map(vettingEntryJson),
    })),
    conditions: conditions.map((c) => ({
      code: c.code,
      text: c.text,
      severity: c.severity,
      lookbackYears: c.lookbackYears,
      basis: c.basis,
      retired: c.retired,
    })),
  };
  const vettingRows = vettingEntries.flatMap((v) => {
    const c = candidateById.get(v.candidateId);
    const head = [v.round.name, day(v.round.deadline), c?.person.name ?? "", c ? POST_LABEL[c.post] : ""];
    const tail = [v.decision ? DECISION_LABEL[v.decision] : "未决定", v.rationale, whoText(v.decidedById), cst(v.decidedAt)];
    if (v.opinions.length === 0) return [[...head, "", "", "", "", "", "", "", "", ...tail]];
    return v.opinions.map((o) => [
      ...head,
      o.department.name,
      whoText(o.reviewerId),
      OPINION_LABEL[o.kind],
      o.conditionCodes.join("、"),
      o.finding,
      o.evidenceRef,
      v.opinions.some((n) => n.departmentId === o.departmentId && n.seq > o.seq),
      cst(o.createdAt),
      ...tail,
    ]);
  });
  const vettingCsv = toCsv(
    [
      "联审批次",
      "截止日期",
      "候选人",
      "参选职位",
      "部门",
      "审核人",
      "意见",
      "负面清单条款",
      "审查发现",
      "证据编号",
      "已被本部门更新的意见取代",
      "意见时间",
      "县换届办决定",
      "决定理由",
      "决定人",
      "决定时间",
    ],
    vettingRows,
  );

  // ---- data/polling.json
  const boxName = new Map(boxes.map((b) => [b.id, b.name]));
  const pollingJson = {
    note: "身份证号码已脱敏（只保留前 4 位和后 4 位）。",
    doubleEntry: e.doubleEntry,
    stations: stations.map((s) => ({
      id: s.id,
      name: s.name,
      kind: s.kind,
      kindLabel: STATION_KIND_LABEL[s.kind],
      place: s.place,
      boxes: boxes
        .filter((b) => b.stationId === s.id)
        .map((b) => ({ id: b.id, name: b.name, kind: b.kind, kindLabel: BOX_KIND_LABEL[b.kind], voters: b.voters })),
    })),
    staff: staff.map((s) => ({
      id: s.id,
      name: s.name,
      idNumberMasked: maskIdNumber(s.idNumber),
      duty: s.duty,
      dutyLabel: STAFF_DUTY_LABEL[s.duty],
      boxId: s.boxId,
      box: s.boxId ? (boxName.get(s.boxId) ?? null) : null,
      createdAt: iso(s.createdAt),
    })),
    proxies: proxies.map((p) => ({
      id: p.id,
      principalName: p.principalName,
      principalIdNumberMasked: maskIdNumber(p.principalIdNumber),
      proxyName: p.proxyName,
      proxyIdNumberMasked: maskIdNumber(p.proxyIdNumber),
      relation: p.relation,
      relationLabel: p.relation ? RELATION_LABEL[p.relation] : null,
      createdAt: iso(p.createdAt),
    })),
  };

  // ---- photos/, data/tallies.*
  const boxOrder = new Map(boxes.map((b, i) => [b.id, i]));
  const photoFiles: ArchiveFile[] = [];
  const photoRefs: PhotoRef[] = [];
  const photoPath = new Map<string, string>();
  for (const r of rounds) {
    for (const t of [...r.tallies].sort((a, b) => (boxOrder.get(a.boxId) ?? 0) - (boxOrder.get(b.boxId) ?? 0))) {
      if (!t.photo) continue;
      const ext = MEDIA_TYPE_EXTENSION[t.photo.mediaType as AllowedMediaType] ?? "bin";
      const path = `photos/第${r.number}轮-${folderSafe(boxName.get(t.boxId) ?? t.boxId)}.${ext}`;
      photoPath.set(t.id, path);
      photoFiles.push({ path, bytes: new Uint8Array(t.photo.bytes) });
      photoRefs.push({ path, attachmentId: t.photo.id, sha256: t.photo.sha256 });
    }
  }
  const talliesJson = {
    rounds: rounds.map((r) => ({
      id: r.id,
      number: r.number,
      label: roundLabel(r.number, r.kind),
      status: r.status,
      boxes: [...r.tallies]
        .sort((a, b) => (boxOrder.get(a.boxId) ?? 0) - (boxOrder.get(b.boxId) ?? 0))
        .map((t) => ({
          id: t.id,
          boxId: t.boxId,
          box: boxName.get(t.boxId) ?? "",
          status: t.status,
          statusLabel: TALLY_STATUS_LABEL[t.status],
          firstEntryId: t.firstEntryId,
          secondEntryId: t.secondEntryId,
          acceptedEntryId: t.acceptedEntryId,
          photo: t.photo
            ? { path: photoPath.get(t.id) ?? null, fileName: t.photo.fileName, mediaType: t.photo.mediaType, size: t.photo.size, sha256: t.photo.sha256 }
            : null,
          entries: t.entries.map((en) => ({
            id: en.id,
            seq: en.seq,
            slot: en.slot,
            slotLabel: SLOT_LABEL[en.slot],
            accepted: en.id === t.acceptedEntryId,
            enteredBy: who(en.enteredById),
            createdAt: iso(en.createdAt),
            values: en.values,
          })),
        })),
    })),
  };
  const tallyRows = rounds.flatMap((r) => {
    const names = new Map<string, string>();
    const ballot = readBallot(r.ballot);
    for (const s of ballot.sections) for (const c of s.candidates) names.set(c.key, c.name);
    return [...r.tallies]
      .sort((a, b) => (boxOrder.get(a.boxId) ?? 0) - (boxOrder.get(b.boxId) ?? 0))
      .flatMap((t) =>
        t.entries.flatMap((en) => {
          const v = readTallyValues(en.values);
          const head = [
            roundLabel(r.number, r.kind),
            boxName.get(t.boxId) ?? "",
            String(en.seq),
            SLOT_LABEL[en.slot],
            en.id === t.acceptedEntryId,
            whoText(en.enteredById),
            cst(en.createdAt),
            v.ballotsIssued,
            v.ballotsReturned,
            v.invalidBallots,
          ];
          const lines = [
            ...v.votes.map((x) => [columnTitle(ballot, x.post), names.get(x.key) ?? x.key, x.votes, false]),
            ...v.writeIns.map((x) => [columnTitle(ballot, x.post), x.name, x.votes, true]),
          ];
          return lines.length ? lines.map((l) => [...head, ...l]) : [[...head, "", "", null, null]];
        }),
      );
  });
  const talliesCsv = toCsv(
    ["投票轮次", "票箱", "录入序号", "录入类型", "是否采用", "录入人", "录入时间", "发出选票", "收回选票", "无效票", "职位栏", "姓名", "得票", "另选他人"],
    tallyRows as (string | number | boolean | null)[][],
  );

  // ---- data/rounds.json
  const roundsJson = {
    rounds: rounds.map((r) => ({
      id: r.id,
      number: r.number,
      kind: r.kind,
      label: roundLabel(r.number, r.kind),
      status: r.status,
      statusLabel: VOTING_STATUS_LABEL[r.status],
      createdAt: iso(r.createdAt),
      decidedAt: iso(r.decidedAt),
      decidedBy: who(r.decidedById),
      ballot: r.ballot,
      engineInput: r.engineInput,
      decision: r.decision,
    })),
    replay: "每轮的 engineInput 可以用 npm run --silent election:decide -- 文件.json 重新判定，结果应与 decision 相同（docs/election-decide.md）。",
  };

  // ---- data/results.*
  const resultsJson = {
    confirmedAt: iso(e.resultConfirmedAt),
    confirmedBy: who(e.resultConfirmedById),
    members: members.map((m) => ({
      id: m.id,
      post: m.post,
      postLabel: POST_LABEL[m.post],
      name: m.name,
      gender: m.gender,
      genderLabel: GENDER_LABEL[m.gender],
      votes: m.votes,
      roundNumber: m.round.number,
      roundId: m.roundId,
      candidateId: m.candidateId,
      writeIn: m.candidateId === null,
    })),
    vacancies: result.vacancies.map((v) => ({ post: v.post, postLabel: POST_LABEL[v.post], seats: v.seats })),
  };
  const resultsCsv = toCsv(
    ["职务", "姓名", "性别", "得票", "产生轮次", "产生方式"],
    members.map((m) => [
      POST_LABEL[m.post],
      m.name,
      GENDER_LABEL[m.gender],
      m.votes,
      roundLabel(m.round.number, m.round.kind),
      m.candidateId ? "正式候选人当选" : "另选他人当选",
    ]),
  );

  // ---- data/certificates.*
  const certificatesJson = {
    layout: { ...layout, isDefault: !layoutRow },
    certificates: certificates.map((c) => ({
      id: c.id,
      number: c.number,
      seq: c.seq,
      name: c.name,
      nameSecond: c.nameSecond,
      post: c.post,
      postLabel: POST_LABEL[c.post],
      gender: c.gender,
      issuedAt: iso(c.issuedAt),
      issuedBy: who(c.issuedById),
      revokedAt: iso(c.revokedAt),
      revokedReason: c.revokedReason,
    })),
  };
  const certificatesCsv = toCsv(
    ["证书编号", "姓名", "少数民族文字姓名", "职务", "性别", "颁发时间", "颁发人", "状态", "作废时间", "作废理由"],
    certificates.map((c) => [
      c.number,
      c.name,
      c.nameSecond,
      POST_LABEL[c.post],
      GENDER_LABEL[c.gender],
      cst(c.issuedAt),
      whoText(c.issuedById),
      c.revokedAt ? "已作废" : "有效",
      cst(c.revokedAt),
      c.revokedReason,
    ]),
  );

  // ---- audit/events.json
  const auditJson = {
    note: "本选举（及其候选人、联审、投票设置、计票、证书）和本村(社区)的审计记录，截至封存时的审计日志末条。每条记录的 hash 可由 hashAlgo、prevHash 和记录内容重新计算（docs/decisions/004-audit-log.md）；相邻编号的记录 prevHash 应等于前一条的 hash。",
    sealAuditId: e.sealAuditId,
    sealAuditHash: e.sealAuditHash,
    events: events.map((a) => ({
      id: a.id,
      occurredAt: iso(a.occurredAt),
      event: a.event,
      outcome: a.outcome,
      actorUserId: a.actorUserId,
      actorUsername: a.actorUsername,
      actorRole: a.actorRole,
      unitId: a.unitId,
      objectType: a.objectType,
      objectId: a.objectId,
      before: a.before,
      after: a.after,
      detail: a.detail,
      hashAlgo: a.hashAlgo,
      prevHash: a.prevHash,
      hash: a.hash,
    })),
  };

  // ---- documents/
  const certData: CertificateData[] = certificates.map((c) => ({
    number: c.number,
    name: c.name,
    nameSecond: c.nameSecond,
    post: c.post,
    unitName: e.unit.name,
    unitKind: e.unit.kind,
    townshipName: township?.name ?? "",
    campaignName: e.campaign.name,
    countyName: county.name,
    issuedOn: todayInChina(c.issuedAt),
    revoked: !!c.revokedAt,
  }));
  const personById = new Map(candidates.map((c) => [c.person.id, c.person]));
  const rosterMembers = members.map((m) => {
    const p = m.personId ? personById.get(m.personId) : undefined;
    return {
      post: m.post,
      name: m.name,
      gender: m.gender,
      age: p ? ageOn(dayOf(p.birthDate), dayOf(e.electionDay)) : null,
      ethnicity: p ? ethnicityName(p.ethnicity) : null,
      education: p ? educationName(p.education) : null,
      political: p ? POLITICAL_LABEL[p.political] : null,
      writeIn: m.candidateId === null,
    };
  });

  const summary: ElectionSummary = {
    id: e.id,
    unitCode: e.unit.code,
    unitName: e.unit.name,
    township: township?.name ?? "",
    county: county.name,
    campaign: e.campaign.name,
    electionDay: dayOf(e.electionDay),
    resultConfirmedAt: iso(e.resultConfirmedAt),
    certifiedAt: iso(e.certifiedAt),
    sealedAt: e.sealedAt.toISOString(),
    sealAuditId: e.sealAuditId.toString(),
    sealAuditHash: e.sealAuditHash,
  };

  const files: ArchiveFile[] = [
    readme(e, result, { photos: photoFiles.length, events: events.length }),
    jsonFile("data/election.json", electionJson),
    jsonFile("data/candidates.json", candidatesJson),
    { path: "data/candidates.csv", bytes: candidatesCsv },
    jsonFile("data/vetting.json", vettingJson),
    { path: "data/vetting.csv", bytes: vettingCsv },
    jsonFile("data/polling.json", pollingJson),
    jsonFile("data/tallies.json", talliesJson),
    { path: "data/tallies.csv", bytes: talliesCsv },
    jsonFile("data/rounds.json", roundsJson),
    jsonFile("data/results.json", resultsJson),
    { path: "data/results.csv", bytes: resultsCsv },
    jsonFile("data/certificates.json", certificatesJson),
    { path: "data/certificates.csv", bytes: certificatesCsv },
    jsonFile("audit/events.json", auditJson),
    { path: "documents/result-report.html", bytes: await resultReportHtml(result) },
    { path: "documents/result-announcement.html", bytes: await resultAnnouncementHtml(result) },
    { path: "documents/certificates.html", bytes: await certificatesHtml(e.unit.name, layout, certData) },
    {
      path: "documents/roster.html",
      bytes: await rosterHtml({
        unitName: e.unit.name,
        unitKind: e.unit.kind,
        campaignName: e.campaign.name,
        electionDay: dayOf(e.electionDay),
        members: rosterMembers,
      }),
    },
    ...photoFiles,
  ];

  // The package leaves the server: refuse to build one that would carry a full ID number anywhere.
  const secrets = new Set([
    ...candidates.map((c) => c.person.idNumber),
    ...staff.map((s) => s.idNumber),
    ...proxies.flatMap((p) => [p.principalIdNumber, p.proxyIdNumber]),
  ]);
  assertNoIdNumbers(files, secrets);

  return {
    files,
    photoRefs,
    summary,
    sealedAt: e.sealedAt,
    archiveDigest: e.archiveDigest,
    unit: { code: e.unit.code, name: e.unit.name },
  };
}

function assertNoIdNumbers(files: ArchiveFile[], secrets: Set<string>) {
  const dec = new TextDecoder();
  for (const f of files) {
    if (f.path.startsWith("photos/")) continue;
    const text = dec.decode(f.bytes);
    for (const s of secrets) {
      if (s && (text.includes(s) || text.includes(s.toLowerCase()))) {
        throw new AppError(`archive: ${f.path} would contain an unmasked ID number; refusing to build the package`);
      }
    }
  }
}

const FILE_GUIDE: [string, string][] = [
  ["README.txt", "本说明"],
  ["manifest.json", "清单：档案包中其他每个文件的路径、大小和摘要，以及选举概况和封存凭据；它自己的摘要在封存时固定"],
  ["data/election.json", "选举设置：村(社区)、换届、职数、选举方式、名单状态，乡镇确认、县级认定、封存的时间和人员"],
  ["data/candidates.json/.csv", "初步候选人和正式候选人名单（身份证号码已脱敏），近亲属关系"],
  ["data/vetting.json/.csv", "资格联审：每个批次、每名候选人、各部门的全部意见（含已被更新的旧意见）和县换届办的决定及理由"],
  ["data/polling.json", "投票设置：会场、票箱、监票唱票计票人员和委托投票（身份证号码已脱敏）"],
  ["data/tallies.json/.csv", "计票单：每轮每个票箱的每一次录入（第一次、第二次、更正），采用的是哪一次，录入人和时间"],
  ["data/rounds.json", "每轮投票的选票、交给判定程序的数据、判定结果和理由"],
  ["data/results.json/.csv", "当选人员和未选出的名额"],
  ["data/certificates.json/.csv", "当选证书（含已作废的）和本县证书版式"],
  ["audit/events.json", "与本选举有关的审计日志记录（含哈希链字段），截至封存"],
  ["documents/*.html", "可打印文书：选举结果报告单、选举结果公告、当选证书、新一届委员会成员名册（用浏览器打开，A4 打印）"],
  ["photos/", "计票单照片（文件名为 轮次-票箱）"],
];

function readme(e: SealedElection, r: ElectionResultView, counts: { photos: number; events: number }): ArchiveFile {
  const body = e.unit.kind === "COMMUNITY" ? "居民" : "村民";
  return textFile("README.txt", [
    `${e.unit.name}${body}委员会选举档案包`,
    "",
    `${e.campaign.county.name} ${e.unit.parent?.name ?? ""} ${e.unit.name}（统计代码 ${e.unit.code}）`,
    `${e.campaign.name}，选举日 ${chineseDay(dayOf(e.electionDay))}`,
    `乡镇确认结果：${cst(e.resultConfirmedAt) || "—"}（北京时间，下同）`,
    `县级认定：${cst(e.certifiedAt) || "—"}`,
    `封存归档：${cst(e.sealedAt)}；封存时审计日志末条为第 ${e.sealAuditId} 条，哈希 ${e.sealAuditHash}`,
    `当选 ${r.members.length} 人${r.vacancies.length ? `，未选出 ${r.vacancies.reduce((s, v) => s + v.seats, 0)} 名` : ""}；计票单照片 ${counts.photos} 张；审计记录 ${counts.events} 条。`,
    "",
    "一、这是什么",
    "本档案包由村(居)民委员会换届选举系统在该选举封存归档后生成，交县档案局保存。封存后该选举的数据在数据库中不能再修改，",
    "所以任何时候生成的档案包内容都相同。",
    "",
    "二、目录",
    ...FILE_GUIDE.map(([p, t]) => `  ${p.padEnd(28)}${t}`),
    "",
    "三、个人信息",
    "  身份证号码已脱敏，只保留前 4 位和后 4 位；联系电话只保留前 3 位和后 4 位。档案包已离开系统服务器，",
    "  请按个人信息保护的要求保管，不要公开传播。完整号码只能由有权限的人员在系统中查看。",
    "  联审证据材料只记录文件名、大小和 SHA-256 摘要，原件保存在系统中。",
    "",
    "四、如何校验档案包是否被改动",
    "  封存时系统计算了本档案包 manifest.json 的摘要，称为“档案包清单摘要”（形如 sha256:…），记入审计日志，",
    "  并打印在系统的选举结果报告单和档案摘要页上。它不在档案包中（清单不能记录自己的摘要），请与纸质报告单一同保管。",
    "  manifest.json 的摘要与封存时一致，且其他每个文件与 manifest.json 一致，档案包就未被改动。",
    "  在装有本系统的电脑上（不需要数据库），于系统目录中运行：",
    "    npm run --silent archive:verify -- 档案包文件名.zip --expect 档案包清单摘要",
    "  全部一致时显示“档案包完好：…”；有文件被改动、缺少或多出，或清单与封存摘要不符时逐条列出。",
    "  也可以在系统的“认定与归档 → 校验档案包”页面上传档案包，系统自动与本系统中的封存记录比对。",
    "  没有本系统时：用任一 SHA-256（或 SM3，见 manifest.json 的 algo）工具先计算 manifest.json 的摘要，与档案包清单摘要比较，",
    "  再计算每个文件的摘要，与 manifest.json 中的 digest 逐个比较。只做后一步不能发现连同清单一起改动的文件。",
    `  审计日志：系统中第 ${e.sealAuditId} 条审计记录的哈希应仍为 ${e.sealAuditHash}（npm run audit:verify 校验整条哈希链）。`,
    "",
    "五、文件格式",
    "  JSON：UTF-8，时间为 ISO 8601 协调世界时（末尾 Z，北京时间加 8 小时），日期为 YYYY-MM-DD。",
    "  CSV：UTF-8（带 BOM），可直接用 Excel 打开；时间为北京时间。为防止 Excel 把文字当作公式执行，",
    "       以 = + - @ 开头的文字前加了一个单引号；原文以同名 JSON 文件为准。",
    "  ZIP：未压缩（存储方式），文件名为 UTF-8；各文件的修改时间统一为封存时间（北京时间）。",
  ]);
}

// ---------------------------------------------------------------------------------------------
// Packages.

function withManifest(files: ArchiveFile[], manifest: Uint8Array): ArchiveFile[] {
  // README first, then the manifest, then the rest in their given order.
  const [first, ...rest] = files;
  return [first!, { path: "manifest.json", bytes: manifest }, ...rest];
}

/** The algorithm the election was sealed with (its digest's prefix), else the configured one. */
const algoFor = (archiveDigest: string | null): HashAlgo =>
  archiveDigest?.startsWith("sm3:") ? "sm3" : archiveDigest?.startsWith("sha256:") ? "sha256" : env().AUDIT_HASH;

/** A village package's files with its manifest, and that manifest's digest. */
function villageFiles(pkg: Awaited<ReturnType<typeof electionFiles>>, a: HashAlgo) {
  const manifest = manifestBytes(buildManifest(pkg.files, { algo: a, election: pkg.summary }));
  return { files: withManifest(pkg.files, manifest), digest: sealDigest(a, manifest) };
}

/**
 * Builds the package an election is being sealed into, inside the sealing transaction, and keeps it
 * (SealedArchive: every file but the photos, which are referenced). Returns its manifest's digest,
 * which the sealing UPDATE writes on the election and every later package is checked against.
 */
export async function sealArchive(tx: Tx, electionId: string, pending: PendingSeal): Promise<{ archiveDigest: string; files: number }> {
  const pkg = await electionFiles(tx, electionId, pending);
  const village = villageFiles(pkg, env().AUDIT_HASH);
  const photoPaths = new Set(pkg.photoRefs.map((p) => p.path));
  await tx.sealedArchive.create({
    data: {
      electionId,
      files: new Uint8Array(
        zip(
          village.files.filter((f) => !photoPaths.has(f.path)),
          { mtime: pending.sealedAt },
        ),
      ),
      photos: pkg.photoRefs,
    },
  });
  return { archiveDigest: village.digest, files: pkg.files.length };
}

/**
 * One sealed village's package files (manifest included, photos last, as built), its manifest's
 * digest and the sealed one. From the package kept at sealing; an election sealed before packages
 * were kept is rebuilt from the database (and matches its seal only while the shared rows it reads
 * are unchanged). Throws ExpectedError when the election is not sealed (or unknown).
 */
async function sealedVillage(prisma: Tx, electionId: string) {
  const row = await prisma.election.findUnique({
    where: { id: electionId },
    select: {
      id: true,
      sealedAt: true,
      archiveDigest: true,
      unit: { select: { code: true, name: true } },
      sealedArchive: { select: { files: true, photos: true } },
    },
  });
  const kept = row?.sealedAt ? row.sealedArchive : null;
  if (!row || !row.sealedAt || !kept) {
    const pkg = await electionFiles(prisma, electionId);
    const village = villageFiles(pkg, algoFor(pkg.archiveDigest));
    return { files: village.files, digest: village.digest, sealed: pkg.archiveDigest, sealedAt: pkg.sealedAt, unit: pkg.unit };
  }
  const entries = unzip(new Uint8Array(kept.files)).entries;
  if (entries.some((e) => !e.crcOk)) throw new AppError(`archive: the package kept for ${electionId} is damaged`);
  const refs = readPhotoRefs(kept.photos);
  const attachments = new Map(
    (await prisma.attachment.findMany({ where: { id: { in: refs.map((r) => r.attachmentId) } }, select: { id: true, bytes: true } })).map((a) => [
      a.id,
      a.bytes,
    ]),
  );
  const photos = refs.map((r) => {
    const bytes = attachments.get(r.attachmentId);
    if (!bytes || digestOf("sha256", bytes) !== r.sha256) throw new AppError(`archive: photo ${r.path} of ${electionId} is missing or differs`);
    return { path: r.path, bytes: new Uint8Array(bytes) };
  });
  const manifest = entries.find((e) => e.path === MANIFEST_FILE);
  if (!manifest) throw new AppError(`archive: the package kept for ${electionId} has no manifest`);
  return {
    files: [...entries.map((e) => ({ path: e.path, bytes: e.bytes })), ...photos],
    digest: sealDigest(algoFor(row.archiveDigest), manifest.bytes),
    sealed: row.archiveDigest,
    sealedAt: row.sealedAt,
    unit: row.unit,
  };
}

/** One sealed election's package. Throws ExpectedError when the election is not sealed (or unknown). */
export async function buildElectionArchive(electionId: string): Promise<ArchivePackage> {
  const prisma = await db();
  const v = await sealedVillage(prisma, electionId);
  return {
    fileName: `${v.unit.code}-${folderSafe(v.unit.name)}-选举档案.zip`,
    asciiName: `election-archive-${v.unit.code}.zip`,
    bytes: zip(v.files, { mtime: v.sealedAt }),
    manifests: [{ electionId, digest: v.digest, sealed: v.sealed }],
  };
}

/**
 * A township's package for one campaign: a folder per sealed village (its own package, manifest
 * included), a README listing the villages left out and why, and a manifest over every file.
 */
export async function buildTownshipArchive(townshipId: string, campaignId: string): Promise<ArchivePackage> {
  const prisma = await db();
  const township = await prisma.unit.findUnique({
    where: { id: townshipId },
    select: { id: true, code: true, name: true, level: true, countyId: true, parent: { select: { name: true } } },
  });
  if (!township || township.level !== "TOWNSHIP") throw new ExpectedError("not_found", "未找到该乡镇(街道)");
  const campaign = await prisma.campaign.findFirst({
    where: { id: campaignId, countyId: township.countyId ?? "" },
    select: { id: true, name: true, county: { select: { name: true } } },
  });
  if (!campaign) throw new ExpectedError("not_found", "未找到该换届，或它不属于本县");
  const villages = await prisma.unit.findMany({
    where: { parentId: township.id, level: "VILLAGE" },
    orderBy: [{ code: "asc" }, { id: "asc" }],
    select: {
      id: true,
      code: true,
      name: true,
      kind: true,
      elections: { where: { campaignId }, select: { id: true, resultConfirmedAt: true, certifiedAt: true, sealedAt: true } },
    },
  });

  const a = env().AUDIT_HASH;
  const files: ArchiveFile[] = [];
  const manifests: ArchivePackage["manifests"] = [];
  const left: string[] = [];
  const listed: TownshipSummary["villages"] = [];
  let mtime: Date | null = null;
  for (const v of villages) {
    const el = v.elections[0];
    if (!el?.sealedAt) {
      const stage = !el
        ? "本次换届未设置选举"
        : el.certifiedAt
          ? "已认定，尚未封存"
          : el.resultConfirmedAt
            ? "乡镇已确认结果，县级尚未认定"
            : "尚未确认选举结果";
      left.push(`  ${v.code} ${v.name}：${stage}`);
      listed.push({ code: v.code, name: v.name, folder: null, sealedAt: null });
      continue;
    }
    // Each folder is exactly that village's package, so its manifest has the village's sealed digest.
    const village = await sealedVillage(prisma, el.id);
    const folder = `${v.code}-${folderSafe(v.name)}`;
    for (const f of village.files) files.push({ path: `${folder}/${f.path}`, bytes: f.bytes });
    manifests.push({ electionId: el.id, digest: village.digest, sealed: village.sealed });
    listed.push({ code: v.code, name: v.name, folder, sealedAt: village.sealedAt.toISOString() });
    if (!mtime || village.sealedAt > mtime) mtime = village.sealedAt;
  }
  if (!mtime) throw new ExpectedError("invalid", `${township.name}在「${campaign.name}」中还没有已封存归档的村(社区)，没有可以打包的档案`);

  const included = listed.filter((v) => v.folder);
  const readmeFile = textFile("README.txt", [
    `${township.name}${campaign.name}选举档案包`,
    "",
    `${campaign.county.name} ${township.name}（统计代码 ${township.code}）`,
    `收入 ${included.length} 个已封存归档的村(社区)，每个一个文件夹，文件夹内是该村(社区)完整的档案包（含它自己的 README.txt 和 manifest.json）：`,
    ...included.map((v) => `  ${v.folder}/`),
    "",
    left.length ? `未收入 ${left.length} 个村(社区)（尚未封存归档的选举不打包，封存后可重新下载）：` : "本乡镇(街道)所有村(社区)均已收入。",
    ...left,
    "",
    "校验：顶层 manifest.json 列出档案包中每个文件（含各村的 manifest.json）的摘要；每个村(社区)的 manifest.json",
    "  的摘要在该村(社区)封存时固定，打印在它的选举结果报告单上（档案包清单摘要）。每个村(社区)给一个 --expect：",
    "  npm run --silent archive:verify -- 档案包文件名.zip --expect 甲村的档案包清单摘要 --expect 乙村的档案包清单摘要 …",
    "同时校验顶层清单、每个村(社区)的清单，以及每份村(社区)清单与封存摘要是否一致。本说明和顶层清单不在封存范围内。",
    "各文件夹的内容和格式说明见其中的 README.txt。",
  ]);
  const all = [readmeFile, ...files];
  const summary: TownshipSummary = {
    id: township.id,
    code: township.code,
    name: township.name,
    county: campaign.county.name,
    campaignId: campaign.id,
    campaign: campaign.name,
    villages: listed,
  };
  const manifest = manifestBytes(buildManifest(all, { algo: a, township: summary }));
  return {
    fileName: `${township.code}-${folderSafe(township.name)}-${folderSafe(campaign.name)}-选举档案.zip`,
    asciiName: `township-archive-${township.code}.zip`,
    bytes: zip(withManifest(all, manifest), { mtime }),
    manifests,
  };
}

// ---------------------------------------------------------------------------------------------
// Scoped downloads (docs/decisions/003: out of scope is simply not found).

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

async function recordDownload(
  actor: Actor,
  unitId: string,
  objectType: string,
  objectId: string,
  pkg: ArchivePackage,
  builtAt: Date,
  detail: Record<string, unknown> = {},
) {
  // The whole package's digest in the log: a copy handed over can later be matched against it. And
  // whether each manifest still has its sealed digest: it does not once a shared row the package
  // reads (a person's or unit's name, the certificate layout) was edited after sealing (ADR 009).
  await withTx((tx) =>
    appendAudit(tx, {
      event: "archive.downloaded",
      actor: { userId: actor.userId, username: actor.username, role: actor.role },
      unitId,
      objectType,
      objectId,
      detail: {
        ...detail,
        fileName: pkg.fileName,
        size: pkg.bytes.length,
        sha256: sha256(pkg.bytes),
        builtAt,
        manifests: pkg.manifests.map((m) => ({ electionId: m.electionId, digest: m.digest, matchesSeal: m.sealed === null ? null : m.sealed === m.digest })),
      },
    }),
  );
}

/** The package of one election for a county administrator in scope, or null. Unsealed: ExpectedError. */
export async function getElectionArchive(actor: Actor, electionId: string, now = new Date()): Promise<ArchivePackage | null> {
  const prisma = await db();
  const e = await prisma.election.findFirst({
    where: { id: electionId, unit: unitScope(actor) },
    select: { id: true, unit: { select: { id: true, path: true } } },
  });
  if (!e || !can(actor, "archive.download", { path: e.unit.path })) return null;
  const pkg = await buildElectionArchive(e.id);
  await recordDownload(actor, e.unit.id, "Election", e.id, pkg, now);
  return pkg;
}

/** The package of a township's sealed villages in one campaign, or null when out of scope / unknown. */
export async function getTownshipArchive(actor: Actor, townshipId: string, campaignId: string, now = new Date()): Promise<ArchivePackage | null> {
  const prisma = await db();
  const t = await prisma.unit.findFirst({
    where: { id: townshipId, level: "TOWNSHIP", ...unitScope(actor) },
    select: { id: true, path: true, countyId: true },
  });
  if (!t || !can(actor, "archive.download", { path: t.path })) return null;
  const campaign = await prisma.campaign.findFirst({ where: { id: campaignId, countyId: t.countyId ?? "" }, select: { id: true } });
  if (!campaign) return null;
  const pkg = await buildTownshipArchive(t.id, campaign.id);
  await recordDownload(actor, t.id, "Unit", t.id, pkg, now, { campaignId: campaign.id });
  return pkg;
}
