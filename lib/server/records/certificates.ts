import "server-only";
// Certificates of election (当选证书) after issue: the county's layout, the members' names in the
// second script, and the reads the print pages and the archive use. Issuing and revoking are the
// certification's (./certification.ts); the rows themselves are records (docs/decisions/008).
import { z } from "zod";
import {
  DEFAULT_LAYOUT,
  normalizePaper,
  paperProblem,
  SECOND_LANGUAGES,
  secondLanguage,
  SEAL_POSITIONS,
  unknownPlaceholders,
  type CertificateData,
  type CertificateLayoutData,
  type SealPosition,
} from "@/lib/domain/certificate";
import { dayOf, todayInChina } from "@/lib/domain/days";
import { idField, versionField } from "@/lib/domain/form-fields";
import { ageOn } from "@/lib/domain/nomination-rules";
import { educationName, ethnicityName, POLITICAL_LABEL, POSTS, type Post } from "@/lib/domain/people";
import { can } from "@/lib/domain/permissions";
import type { Prisma } from "@/lib/generated/prisma/client";
import { defineAction } from "../action";
import type { Actor } from "../auth/sessions";
import { db, type Tx } from "../db";
import { ExpectedError, staleError } from "../errors";
import { unitScope } from "../scope";

type Reader = Pick<Tx, "certificateLayout">;
const unitSelect = { id: true, path: true, level: true, countyId: true } as const;

// ---------------------------------------------------------------------------------------------
// The layout.

const layoutSelect = {
  title: true,
  body: true,
  authority: true,
  sealPosition: true,
  paper: true,
  secondLanguage: true,
  secondTitle: true,
  secondBody: true,
  secondAuthority: true,
  version: true,
} as const;

/** The county's layout (DEFAULT_LAYOUT until it saves one) and its version (0 = never saved). */
async function layoutFor(tx: Reader, countyId: string | null): Promise<{ layout: CertificateLayoutData; version: number }> {
  const row = countyId ? await tx.certificateLayout.findUnique({ where: { countyId }, select: layoutSelect }) : null;
  if (!row) return { layout: DEFAULT_LAYOUT, version: 0 };
  const { version, ...layout } = row;
  return { layout, version };
}

/** The layout of the actor's county, for the layout form and the preview. */
export async function getCertificateLayout(actor: Actor) {
  const { layout, version } = await layoutFor(await db(), actor.countyId);
  return { countyId: actor.countyId, version, layout, saved: version > 0 };
}

/** Form text: CRLF from a textarea becomes LF; blank means none. */
const text = (max: number, label: string) =>
  z
    .string()
    .transform((s) => s.replace(/\r\n?/g, "\n").trim())
    .pipe(z.string().max(max, `${label}最多 ${max} 个字`));
const optionalText = (max: number, label: string) =>
  z
    .union([text(max, label), z.null()])
    .optional()
    .transform((v) => (v ? v : null));

const LANGUAGE_CODES = SECOND_LANGUAGES.map((l) => l.code) as [string, ...string[]];

const layoutInput = z
  .object({
    countyId: idField,
    version: z.coerce.number().int().min(0, "版本号无效"),
    title: text(50, "证书标题").pipe(z.string().min(1, "请填写证书标题")),
    body: text(1000, "证书正文").pipe(z.string().min(1, "请填写证书正文")),
    authority: text(100, "发证机关").pipe(z.string().min(1, "请填写发证机关")),
    sealPosition: z.enum(SEAL_POSITIONS as [SealPosition, ...SealPosition[]], "请选择印章位置"),
    paper: z
      .string()
      .trim()
      .superRefine((p, ctx) => {
        const problem = paperProblem(p);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      })
      .transform(normalizePaper),
    secondLanguage: z.preprocess((v) => (v === "" || v === undefined ? null : v), z.enum(LANGUAGE_CODES, "不支持该少数民族文字").nullable()),
    secondTitle: optionalText(200, "少数民族文字标题"),
    secondBody: optionalText(2000, "少数民族文字正文"),
    secondAuthority: optionalText(300, "少数民族文字发证机关"),
  })
  .superRefine((v, ctx) => {
    for (const key of ["title", "body", "authority", "secondTitle", "secondBody", "secondAuthority"] as const) {
      const unknown = unknownPlaceholders(v[key] ?? "");
      if (unknown.length) ctx.addIssue({ code: "custom", path: [key], message: `有无法识别的占位符：${unknown.map((k) => `{${k}}`).join("、")}` });
    }
    if (v.secondLanguage) {
      const label = secondLanguage(v.secondLanguage)!.label;
      if (!v.secondTitle) ctx.addIssue({ code: "custom", path: ["secondTitle"], message: `请填写${label}标题` });
      if (!v.secondBody) ctx.addIssue({ code: "custom", path: ["secondBody"], message: `请填写${label}正文` });
    }
  });

/** Saves the county's certificate layout (created on first save; version 0 means none yet). */
export const saveCertificateLayout = defineAction({
  name: "certificate.layout.save",
  permission: "certificate.manage",
  input: layoutInput,
  target: (tx, input, actor) => tx.unit.findFirst({ where: { id: input.countyId, level: "COUNTY", ...unitScope(actor) }, select: unitSelect }),
  async run({ tx, input, unit, audit }) {
    const { countyId: _county, version, ...data } = input;
    const before = await tx.certificateLayout.findUnique({ where: { countyId: unit.id }, select: layoutSelect });
    if ((before?.version ?? 0) !== version) throw staleError();
    if (before) {
      const res = await tx.certificateLayout.updateMany({ where: { countyId: unit.id, version }, data: { ...data, version: { increment: 1 } } });
      if (res.count === 0) throw staleError();
    } else {
      // Two first saves at once: the second finds the row the first created.
      await tx.certificateLayout.create({ data: { countyId: unit.id, ...data } }).catch((e: unknown) => {
        if (typeof e === "object" && e && "code" in e && e.code === "P2002") throw staleError();
        throw e;
      });
    }
    const { version: _v, ...beforeData } = before ?? { version: 0 };
    await audit({
      event: "certificate.layout.saved",
      objectType: "CertificateLayout",
      objectId: unit.id,
      before: before ? beforeData : null,
      after: data,
    });
    return { countyId: unit.id, version: version + 1 };
  },
});

// ---------------------------------------------------------------------------------------------
// The members' names in the second script.

/** Records a member's name in the county's second script, as printed on the certificate. */
export const saveCertificateName = defineAction({
  name: "certificate.name.save",
  permission: "certificate.manage",
  input: z.object({
    certificateId: idField,
    version: versionField,
    nameSecond: z.string().trim().max(100, "姓名最多 100 个字符").default(""),
  }),
  target: async (tx, input, actor) => {
    const c = await tx.certificate.findFirst({
      where: { id: input.certificateId, election: { unit: unitScope(actor) } },
      select: { election: { select: { unit: { select: unitSelect } } } },
    });
    return c?.election.unit ?? null;
  },
  async run({ tx, input, audit }) {
    const c = await tx.certificate.findUniqueOrThrow({
      where: { id: input.certificateId },
      select: { id: true, countyId: true, number: true, nameSecond: true, revokedAt: true, election: { select: { sealedAt: true } } },
    });
    if (c.revokedAt) throw new ExpectedError("invalid", "该证书已作废，不能再修改");
    if (c.election.sealedAt) throw new ExpectedError("invalid", "该村(社区)的选举已封存归档，证书不能再修改");
    const { layout } = await layoutFor(tx, c.countyId);
    const lang = secondLanguage(layout.secondLanguage);
    if (!lang) throw new ExpectedError("invalid", "本县的证书版式没有设置少数民族文字，无需录入少数民族文字姓名");
    const nameSecond = input.nameSecond || null;
    if (nameSecond && !lang.script.test(nameSecond)) {
      const message = `请用${lang.label}书写姓名`;
      throw new ExpectedError("invalid", message, { nameSecond: message });
    }
    const res = await tx.certificate.updateMany({ where: { id: c.id, version: input.version }, data: { nameSecond, version: { increment: 1 } } });
    if (res.count === 0) throw staleError();
    await audit({
      event: "certificate.name.saved",
      objectType: "Certificate",
      objectId: c.id,
      before: { nameSecond: c.nameSecond },
      after: { nameSecond },
      detail: { number: c.number, language: lang.code },
    });
    return { id: c.id, version: input.version + 1 };
  },
});

// ---------------------------------------------------------------------------------------------
// Reads for the print pages and the archive.

const certificateSelect = {
  id: true,
  version: true,
  seq: true,
  number: true,
  name: true,
  nameSecond: true,
  post: true,
  gender: true,
  issuedAt: true,
  revokedAt: true,
  revokedReason: true,
  electionId: true,
  campaign: { select: { name: true, county: { select: { name: true } } } },
  election: { select: { sealedAt: true, unit: { select: { name: true, kind: true, parent: { select: { name: true } } } } } },
} as const satisfies Prisma.CertificateSelect;

export type PrintCertificate = CertificateData & {
  id: string;
  version: number;
  seq: number;
  electionId: string;
  gender: "MALE" | "FEMALE";
  revokedReason: string | null;
  sealed: boolean;
};

function toPrint(c: Prisma.CertificateGetPayload<{ select: typeof certificateSelect }>): PrintCertificate {
  return {
    id: c.id,
    version: c.version,
    seq: c.seq,
    electionId: c.electionId,
    number: c.number,
    name: c.name,
    nameSecond: c.nameSecond,
    post: c.post,
    gender: c.gender,
    unitName: c.election.unit.name,
    unitKind: c.election.unit.kind,
    townshipName: c.election.unit.parent?.name ?? "",
    campaignName: c.campaign.name,
    countyName: c.campaign.county.name,
    issuedOn: todayInChina(c.issuedAt),
    revoked: !!c.revokedAt,
    revokedReason: c.revokedReason,
    sealed: !!c.election.sealedAt,
  };
}

export type PrintSelection = { certificateId: string } | { electionId: string } | { campaignId: string; townshipId: string };

/**
 * The certificates to print, in number order, with the layout of their county: one certificate, one
 * village's, or every village's of a township in a term. Valid ones only unless includeRevoked. Null
 * when the selection is outside the actor's scope or the actor may not view certificates.
 */
export async function getCertificatesForPrint(actor: Actor, which: PrintSelection, opts: { includeRevoked?: boolean } = {}) {
  if (!can(actor, "certificate.view", { path: actor.unitPath })) return null;
  const prisma = await db();
  const inScope = { election: { unit: unitScope(actor) } } satisfies Prisma.CertificateWhereInput;
  let where: Prisma.CertificateWhereInput;
  let countyId: string;
  if ("certificateId" in which) {
    const c = await prisma.certificate.findFirst({ where: { id: which.certificateId, ...inScope }, select: { countyId: true } });
    if (!c) return null;
    countyId = c.countyId;
    where = { id: which.certificateId };
  } else if ("electionId" in which) {
    const e = await prisma.election.findFirst({
      where: { id: which.electionId, unit: unitScope(actor) },
      select: { campaign: { select: { countyId: true } } },
    });
    if (!e) return null;
    countyId = e.campaign.countyId;
    where = { electionId: which.electionId };
  } else {
    const township = await prisma.unit.findFirst({ where: { id: which.townshipId, level: "TOWNSHIP", ...unitScope(actor) }, select: { countyId: true } });
    const campaign = township?.countyId
      ? await prisma.campaign.findFirst({ where: { id: which.campaignId, countyId: township.countyId }, select: { countyId: true } })
      : null;
    if (!campaign) return null;
    countyId = campaign.countyId;
    where = { campaignId: which.campaignId, election: { unit: { parentId: which.townshipId } } };
  }
  const rows = await prisma.certificate.findMany({
    where: { AND: [where, inScope, opts.includeRevoked ? {} : { revokedAt: null }] },
    select: certificateSelect,
    orderBy: { seq: "asc" },
  });
  const { layout } = await layoutFor(prisma, countyId);
  return { layout, certificates: rows.map(toPrint) };
}

/** One village's certificates (revoked ones too) for the per-election page, and what the actor may do. */
export async function getElectionCertificates(actor: Actor, electionId: string) {
  const prisma = await db();
  const e = await prisma.election.findFirst({
    where: { id: electionId, unit: unitScope(actor) },
    select: {
      id: true,
      certifiedAt: true,
      sealedAt: true,
      campaign: { select: { id: true, name: true } },
      unit: { select: { name: true, path: true, parent: { select: { id: true, name: true } } } },
    },
  });
  if (!e || !can(actor, "certificate.view", { path: e.unit.path })) return null;
  const print = await getCertificatesForPrint(actor, { electionId }, { includeRevoked: true });
  if (!print) return null;
  const lang = secondLanguage(print.layout.secondLanguage);
  return {
    election: {
      id: e.id,
      unitName: e.unit.name,
      township: e.unit.parent,
      campaign: e.campaign,
      certifiedAt: e.certifiedAt,
      sealedAt: e.sealedAt,
    },
    layout: print.layout,
    language: lang ? { code: lang.code, label: lang.label, fontFamily: lang.fontFamily, direction: lang.direction } : null,
    certificates: print.certificates,
    canEditNames: !!lang && !e.sealedAt && can(actor, "certificate.manage", { path: e.unit.path }),
  };
}

/** The terms in which the actor can see issued certificates, newest first. */
export async function listCertificateCampaigns(actor: Actor) {
  if (!can(actor, "certificate.view", { path: actor.unitPath })) return [];
  const prisma = await db();
  return prisma.campaign.findMany({
    where: { elections: { some: { unit: unitScope(actor), certificates: { some: {} } } } },
    select: { id: true, name: true },
    orderBy: [{ startDate: "desc" }, { name: "asc" }],
  });
}

/** The villages of a term with issued certificates, by township: counts and certified/sealed flags. */
export async function listCertifiedElections(actor: Actor, campaignId: string) {
  if (!can(actor, "certificate.view", { path: actor.unitPath })) return [];
  const prisma = await db();
  const rows = await prisma.election.findMany({
    where: { campaignId, unit: unitScope(actor), certificates: { some: {} } },
    select: {
      id: true,
      certifiedAt: true,
      sealedAt: true,
      unit: { select: { name: true, code: true, parent: { select: { id: true, name: true, code: true } } } },
      certificates: { select: { revokedAt: true } },
    },
  });
  return rows
    .map((e) => ({
      electionId: e.id,
      unitName: e.unit.name,
      unitCode: e.unit.code,
      township: e.unit.parent ? { id: e.unit.parent.id, name: e.unit.parent.name, code: e.unit.parent.code } : null,
      valid: e.certificates.filter((c) => !c.revokedAt).length,
      revoked: e.certificates.filter((c) => c.revokedAt).length,
      certified: !!e.certifiedAt,
      sealed: !!e.sealedAt,
    }))
    .sort((a, b) => (a.township?.code ?? "").localeCompare(b.township?.code ?? "") || a.unitCode.localeCompare(b.unitCode));
}

// ---------------------------------------------------------------------------------------------
// The new committee's roster (成员名册).

/**
 * The confirmed committee with each member's particulars from their personal record (age on election
 * day). Write-in winners have no record. `confirmed: false` (and no members) until the township confirms.
 */
export async function getCommitteeRoster(actor: Actor, electionId: string) {
  const prisma = await db();
  const e = await prisma.election.findFirst({
    where: { id: electionId, unit: unitScope(actor) },
    select: {
      id: true,
      electionDay: true,
      resultConfirmedAt: true,
      campaign: { select: { name: true, countyId: true } },
      unit: { select: { name: true, kind: true, path: true } },
      members: { select: { post: true, name: true, gender: true, votes: true, personId: true, candidateId: true } },
    },
  });
  if (!e || !can(actor, "tally.view", { path: e.unit.path })) return null;
  const electionDay = dayOf(e.electionDay);
  const head = { electionId: e.id, unitName: e.unit.name, unitKind: e.unit.kind, campaignName: e.campaign.name, electionDay };
  if (!e.resultConfirmedAt) return { ...head, confirmed: false as const, members: [] };
  const personIds = e.members.map((m) => m.personId).filter((id): id is string => !!id);
  const people = await prisma.person.findMany({
    where: { id: { in: personIds }, countyId: e.campaign.countyId },
    select: { id: true, birthDate: true, ethnicity: true, education: true, political: true },
  });
  const byId = new Map(people.map((p) => [p.id, p]));
  const members = [...e.members]
    .sort((a, b) => POSTS.indexOf(a.post as Post) - POSTS.indexOf(b.post as Post) || b.votes - a.votes)
    .map((m) => {
      const p = m.personId ? byId.get(m.personId) : undefined;
      return {
        post: m.post as Post,
        name: m.name,
        gender: m.gender,
        age: p ? ageOn(dayOf(p.birthDate), electionDay) : null,
        ethnicity: p ? ethnicityName(p.ethnicity) : null,
        education: p ? educationName(p.education) : null,
        political: p ? POLITICAL_LABEL[p.political] : null,
        writeIn: !m.candidateId,
      };
    });
  return { ...head, confirmed: true as const, members };
}
