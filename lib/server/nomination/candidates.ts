import "server-only";
// Preliminary candidates (初步候选人) of one election: entry, kinship, checks, submission.
import { z } from "zod";
import { dateOfDay, dayOf, todayInChina } from "@/lib/domain/days";
import { checkboxField, dayField, idField, multiField, optionalIntField, personNameField, versionField } from "@/lib/domain/form-fields";
import { parseIdNumber, maskIdNumber } from "@/lib/domain/id-number";
import { checkCandidateList, type CandidateForCheck, type KinPair, type Problem } from "@/lib/domain/nomination-rules";
import {
  BACKGROUND_TAGS,
  CURRENT_POSTS,
  EDUCATION_LEVELS,
  ETHNICITIES,
  GENDERS,
  NOMINATION_FORMS,
  POLITICAL_STATUSES,
  POST_LABEL,
  POSTS,
  RELATIONS,
  type Post,
} from "@/lib/domain/people";
import { isWithin } from "@/lib/domain/units";
import { can } from "@/lib/domain/permissions";
import { sortByStroke } from "@/lib/domain/stroke-order";
import { defineAction } from "../action";
import { appendAudit } from "../audit";
import type { Actor } from "../auth/sessions";
import { db, withTx, type Tx } from "../db";
import { ExpectedError, staleError } from "../errors";
import { assertElectionEditable, electionInScope, electionTarget, seatsOf, setupOf } from "./elections";
import { readCampaignRules } from "@/lib/domain/stored-json";
import { assertListStep } from "../workflow";
import { listEditable } from "@/lib/domain/workflow";

const codeOf = <T extends { code: string }>(list: readonly T[]) => list.map((x) => x.code) as [string, ...string[]];

/** The fields of one candidate row, as typed in the form or read from an Excel row. */
export const candidateFields = z
  .object({
    name: personNameField(),
    gender: z.enum(GENDERS, "请选择性别"),
    ethnicity: z.enum(codeOf(ETHNICITIES), "请选择民族"),
    birthDate: dayField("出生日期"),
    idNumber: z.string().trim().toUpperCase(),
    education: z.enum(codeOf(EDUCATION_LEVELS), "请选择学历"),
    political: z.enum(POLITICAL_STATUSES, "请选择政治面貌"),
    phone: z.preprocess(
      (v) => (v === "" ? undefined : v),
      z
        .string()
        .trim()
        .regex(/^[0-9+\- ]{7,20}$/, "联系电话应为 7-20 位数字")
        .optional(),
    ),
    currentPosts: multiField(z.enum(CURRENT_POSTS)),
    tags: multiField(z.enum(BACKGROUND_TAGS)),
    dissatisfactionPercent: z.preprocess(
      (v) => (v === "" || v === undefined || v === null ? null : v),
      z.coerce.number({ error: "不满意率应为 0-100 的数字" }).min(0, "不满意率不能小于 0").max(100, "不满意率不能大于 100").nullable(),
    ),
    post: z.enum(POSTS, "请选择参选职位"),
    nominationForm: z.enum(NOMINATION_FORMS, "请选择提名方式"),
    nominatorCount: optionalIntField(0, 100_000, "联名人数"),
    nominationVotes: optionalIntField(0, 10_000_000, "提名得票"),
    pledgeCampaign: checkboxField,
    pledgeWork: checkboxField,
    pledgeResign: checkboxField,
    pledgeDiscipline: checkboxField,
  })
  .superRefine((c, ctx) => {
    const id = parseIdNumber(c.idNumber);
    if (!id.ok) ctx.addIssue({ code: "custom", path: ["idNumber"], message: id.problem });
    else {
      if (id.birthDate !== c.birthDate) ctx.addIssue({ code: "custom", path: ["birthDate"], message: `出生日期与身份证号码（${id.birthDate}）不一致` });
      if (id.gender !== c.gender)
        ctx.addIssue({ code: "custom", path: ["gender"], message: `性别与身份证号码（${id.gender === "MALE" ? "男" : "女"}）不一致` });
    }
    if (c.nominationForm === "VOTER_JOINT" && c.nominatorCount === null) {
      ctx.addIssue({ code: "custom", path: ["nominatorCount"], message: "村(居)民联名提名须填写联名人数" });
    }
  });

export type CandidateInput = z.infer<typeof candidateFields>;

/** A person's columns as a candidate row gives them (shared by the form and the Excel import). */
export function personData(c: CandidateInput) {
  return {
    name: c.name,
    gender: c.gender,
    ethnicity: c.ethnicity,
    birthDate: dateOfDay(c.birthDate),
    idNumber: c.idNumber,
    education: c.education,
    political: c.political,
    phone: c.phone ?? null,
    currentPosts: c.currentPosts,
    tags: c.tags,
    dissatisfactionRate: c.dissatisfactionPercent === null ? null : c.dissatisfactionPercent / 100,
  };
}

/**
 * Inserts or updates the county's person record for this ID number and returns its id. A person who
 * already stands in another election is linked but not rewritten: one village's clerk must not change
 * what another village (or the county, on a submitted list) sees. The duplicate candidacy itself is
 * reported by the list check.
 */
export async function upsertPerson(tx: Tx, countyId: string, c: CandidateInput, electionId: string): Promise<string> {
  const existing = await tx.person.findUnique({
    where: { countyId_idNumber: { countyId, idNumber: c.idNumber } },
    select: { id: true, _count: { select: { candidacies: { where: { NOT: { electionId } } } } } },
  });
  if (existing && existing._count.candidacies > 0) return existing.id;
  const { idNumber: _id, ...data } = personData(c);
  const person = await tx.person.upsert({
    where: { countyId_idNumber: { countyId, idNumber: c.idNumber } },
    create: { ...data, countyId, idNumber: c.idNumber },
    update: { ...data, version: { increment: 1 } },
    select: { id: true },
  });
  return person.id;
}

/** The columns that describe the person rather than the nomination (form and Excel import alike). */
export const PERSON_KEYS = [
  "name",
  "gender",
  "ethnicity",
  "birthDate",
  "education",
  "political",
  "phone",
  "currentPosts",
  "tags",
  "dissatisfactionPercent",
] as const satisfies readonly (keyof CandidateInput)[];
export type PersonKey = (typeof PERSON_KEYS)[number];
export const PERSON_KEY_LABEL: Record<PersonKey, string> = {
  name: "姓名",
  gender: "性别",
  ethnicity: "民族",
  birthDate: "出生日期",
  education: "学历",
  political: "政治面貌",
  phone: "联系电话",
  currentPosts: "现任职务",
  tags: "身份标签",
  dissatisfactionPercent: "不满意率",
};

const personSelect = {
  id: true,
  idNumber: true,
  name: true,
  gender: true,
  ethnicity: true,
  birthDate: true,
  education: true,
  political: true,
  phone: true,
  currentPosts: true,
  tags: true,
  dissatisfactionRate: true,
} as const;
type StoredPerson = {
  name: string;
  gender: string;
  ethnicity: string;
  birthDate: Date;
  education: string;
  political: string;
  phone: string | null;
  currentPosts: string[];
  tags: string[];
  dissatisfactionRate: { toString(): string } | null;
};

/** The person columns in which a typed row differs from the stored person (empty = the same person, as typed). */
export function differingPersonKeys(stored: StoredPerson, typed: CandidateInput): PersonKey[] {
  const asStored: Record<PersonKey, unknown> = {
    name: stored.name,
    gender: stored.gender,
    ethnicity: stored.ethnicity,
    birthDate: dayOf(stored.birthDate),
    education: stored.education,
    political: stored.political,
    phone: stored.phone ?? null,
    currentPosts: stored.currentPosts,
    tags: stored.tags,
    dissatisfactionPercent: stored.dissatisfactionRate === null ? null : Math.round(Number(stored.dissatisfactionRate) * 10000) / 100,
  };
  const asTyped: Record<PersonKey, unknown> = { ...Object.fromEntries(PERSON_KEYS.map((k) => [k, typed[k]])), phone: typed.phone ?? null } as Record<
    PersonKey,
    unknown
  >;
  return PERSON_KEYS.filter((k) => JSON.stringify(asStored[k]) !== JSON.stringify(asTyped[k]));
}

/** Where the given ID numbers already stand in a campaign: one row per candidacy, with its list. */
export async function standingIn(tx: Pick<Tx, "candidate">, countyId: string, campaignId: string, idNumbers: string[]) {
  if (idNumbers.length === 0) return [];
  const rows = await tx.candidate.findMany({
    where: { election: { campaignId }, person: { countyId, idNumber: { in: idNumbers } } },
    select: {
      id: true,
      electionId: true,
      post: true,
      person: { select: personSelect },
      election: { select: { unit: { select: { name: true, path: true, parent: { select: { name: true } } } } } },
    },
  });
  return rows.map((r) => ({
    candidateId: r.id,
    electionId: r.electionId,
    post: r.post as Post,
    idNumber: r.person.idNumber,
    personId: r.person.id,
    person: r.person,
    unitName: r.election.unit.name,
    unitPath: r.election.unit.path,
    parentName: r.election.unit.parent?.name ?? "",
  }));
}
export type Standing = Awaited<ReturnType<typeof standingIn>>[number];

export const ELSEWHERE_MESSAGE = "该身份证号码已在本县其他村(社区)登记参选，同一人只能在一个村(社区)参选";

export type StandingProblem = { here: true; message: string } | { here: false; message: string; electionId: string };

/**
 * Why a candidacy typed with this ID number cannot be saved on this list, or null (docs/decisions/005,
 * addendum 2026-12-02). The ID number says who the person is, so typing it never renames or rewrites
 * the person already registered:
 * - on this list, for the same post: refused, naming the row already there;
 * - on this list, for another post (one person nominated for two posts): accepted only with the same
 *   personal details as that row, else refused naming the row and the columns that differ;
 * - in another village of the campaign: refused, telling nothing of that person (not even the name)
 *   unless the actor's own scope covers that village (the county sees which).
 * `editing` is the row being changed, if any: it may change its own person's details.
 */
export function standingProblem(
  standing: Standing[],
  typed: CandidateInput,
  electionId: string,
  actor: Pick<Actor, "unitPath">,
  editing?: { candidateId: string; personId: string },
): StandingProblem | null {
  const others = standing.filter((s) => s.idNumber === typed.idNumber && s.candidateId !== editing?.candidateId);
  const here = others.filter((s) => s.electionId === electionId);
  const row = (s: Standing) => `${s.person.name}（${POST_LABEL[s.post]}候选人）`;
  const samePost = here.find((s) => s.post === typed.post);
  if (samePost) return { here: true, message: `该身份证号码已在本名单登记：${row(samePost)}。同一人在同一职位只能登记一次，请核对身份证号码` };
  if (here[0] && here[0].personId !== editing?.personId) {
    const differing = differingPersonKeys(here[0].person, typed);
    if (differing.length) {
      return {
        here: true,
        message: `该身份证号码已在本名单登记：${row(here[0])}，所填${differing.map((k) => `「${PERSON_KEY_LABEL[k]}」`).join("")}与之不同。请核对身份证号码；同一人参选另一职位的，个人信息须与已登记的一致`,
      };
    }
  }
  const there = others.find((s) => s.electionId !== electionId);
  if (!there) return null;
  const visible = isWithin(there.unitPath, actor.unitPath);
  return {
    here: false,
    electionId: there.electionId,
    message: visible ? `${ELSEWHERE_MESSAGE}（已在${there.parentName}${there.unitName}登记为${POST_LABEL[there.post]}候选人）` : ELSEWHERE_MESSAGE,
  };
}

export function nominationData(c: CandidateInput) {
  return {
    post: c.post,
    nominationForm: c.nominationForm,
    nominatorCount: c.nominatorCount,
    nominationVotes: c.nominationVotes,
    pledgeCampaign: c.pledgeCampaign,
    pledgeWork: c.pledgeWork,
    pledgeResign: c.pledgeResign,
    pledgeDiscipline: c.pledgeDiscipline,
  };
}

/** What the audit log keeps about a candidate: never the ID number. */
const auditView = (c: CandidateInput) => ({ name: c.name, post: c.post, nominationForm: c.nominationForm });

export const saveCandidate = defineAction({
  name: "candidate.save",
  permission: "candidate.edit",
  input: z.intersection(
    z.object({ electionId: idField, candidateId: idField.optional().or(z.literal("").transform(() => undefined)), version: versionField.optional() }),
    candidateFields,
  ),
  target: (tx, input, actor) => electionTarget(tx, actor, input.electionId),
  async run({ tx, input, unit, actor, audit }) {
    await assertElectionEditable(tx, input.electionId);
    // The ID number decides who the person is: typing it again must never rename the person already on
    // this list, nor link to (and so show) someone who stands in another village.
    const election = await tx.election.findUniqueOrThrow({
      where: { id: input.electionId },
      select: { campaignId: true, seatsDirector: true, seatsDeputy: true, seatsMember: true, seatsWomenMember: true },
    });
    if (seatsOf(election)[input.post] === 0) {
      const msg = `本次选举不设${POST_LABEL[input.post]}职位`;
      throw new ExpectedError("invalid", msg, { post: msg });
    }
    const { campaignId } = election;
    const editing = input.candidateId
      ? await tx.candidate.findFirst({ where: { id: input.candidateId, electionId: input.electionId }, select: { id: true, personId: true } })
      : null;
    if (input.candidateId && !editing) throw new ExpectedError("not_found", "未找到该候选人");
    const standing = await standingIn(tx, unit.countyId!, campaignId, [input.idNumber]);
    const problem = standingProblem(standing, input, input.electionId, actor, editing ? { candidateId: editing.id, personId: editing.personId } : undefined);
    if (problem) {
      throw new ExpectedError(
        "conflict",
        problem.message,
        { idNumber: problem.message },
        undefined,
        problem.here
          ? undefined
          : { event: "candidate.idnumber.matched", objectType: "Election", objectId: input.electionId, detail: { otherElectionId: problem.electionId } },
      );
    }
    const personId = await upsertPerson(tx, unit.countyId!, input, input.electionId);
    if (input.candidateId) {
      const before = await tx.candidate.findFirst({
        where: { id: input.candidateId, electionId: input.electionId },
        select: { post: true, nominationForm: true, person: { select: { name: true } } },
      });
      if (!before) throw new ExpectedError("not_found", "未找到该候选人");
      const res = await tx.candidate.updateMany({
        where: { id: input.candidateId, version: input.version ?? -1 },
        data: { ...nominationData(input), personId, version: { increment: 1 } },
      });
      if (res.count === 0) throw staleError();
      await audit({
        event: "candidate.updated",
        objectType: "Candidate",
        objectId: input.candidateId,
        before: { name: before.person.name, post: before.post, nominationForm: before.nominationForm },
        after: auditView(input),
      });
      return { id: input.candidateId };
    }
    const created = await tx.candidate.create({ data: { ...nominationData(input), electionId: input.electionId, personId }, select: { id: true } });
    await audit({ event: "candidate.created", objectType: "Candidate", objectId: created.id, after: auditView(input) });
    return created;
  },
});

export const deleteCandidate = defineAction({
  name: "candidate.delete",
  permission: "candidate.edit",
  input: z.object({ electionId: idField, candidateId: idField, version: versionField }),
  target: (tx, input, actor) => electionTarget(tx, actor, input.electionId),
  async run({ tx, input, audit }) {
    await assertElectionEditable(tx, input.electionId);
    const c = await tx.candidate.findFirst({
      where: { id: input.candidateId, electionId: input.electionId },
      select: { post: true, person: { select: { name: true } }, _count: { select: { vettingEntries: true } } },
    });
    if (!c) throw new ExpectedError("not_found", "未找到该候选人");
    // 联审倒查: a vetted candidate's record must stay; the vetting decision already keeps them off the formal list.
    if (c._count.vettingEntries > 0) throw new ExpectedError("invalid", `「${c.person.name}」已有资格联审记录，须保留备查，不能删除`);
    const res = await tx.candidate.deleteMany({ where: { id: input.candidateId, version: input.version } });
    if (res.count === 0) throw staleError();
    await audit({ event: "candidate.deleted", objectType: "Candidate", objectId: input.candidateId, before: { name: c.person.name, post: c.post } });
    return { id: input.candidateId };
  },
});

export const createKinship = defineAction({
  name: "kinship.create",
  permission: "candidate.edit",
  input: z.object({ electionId: idField, personAId: idField, personBId: idField, relation: z.enum(RELATIONS, "请选择亲属关系") }),
  target: (tx, input, actor) => electionTarget(tx, actor, input.electionId),
  async run({ tx, input, audit }) {
    await assertElectionEditable(tx, input.electionId);
    if (input.personAId === input.personBId) throw new ExpectedError("invalid", "请选择两个不同的人");
    // Both people must be on this election's list: the officer records what they can see.
    const onList = await tx.candidate.findMany({
      where: { electionId: input.electionId, personId: { in: [input.personAId, input.personBId] } },
      select: { personId: true },
    });
    if (new Set(onList.map((c) => c.personId)).size !== 2) throw new ExpectedError("not_found", "所选人员不在本村(社区)名单中");
    const [a, b] = [input.personAId, input.personBId].sort() as [string, string];
    const existing = await tx.kinship.findUnique({ where: { personAId_personBId: { personAId: a, personBId: b } } });
    if (existing) throw new ExpectedError("conflict", "这两人之间已登记亲属关系");
    const k = await tx.kinship.create({ data: { personAId: a, personBId: b, relation: input.relation }, select: { id: true } });
    await audit({ event: "kinship.created", objectType: "Kinship", objectId: k.id, after: { personAId: a, personBId: b, relation: input.relation } });
    return k;
  },
});

export const deleteKinship = defineAction({
  name: "kinship.delete",
  permission: "candidate.edit",
  input: z.object({ electionId: idField, kinshipId: idField }),
  target: (tx, input, actor) => electionTarget(tx, actor, input.electionId),
  async run({ tx, input, audit }) {
    await assertElectionEditable(tx, input.electionId);
    const people = (await tx.candidate.findMany({ where: { electionId: input.electionId }, select: { personId: true } })).map((c) => c.personId);
    const k = await tx.kinship.findFirst({ where: { id: input.kinshipId, personAId: { in: people }, personBId: { in: people } } });
    if (!k) throw new ExpectedError("not_found", "未找到该亲属关系");
    await tx.kinship.delete({ where: { id: k.id } });
    await audit({
      event: "kinship.deleted",
      objectType: "Kinship",
      objectId: k.id,
      before: { personAId: k.personAId, personBId: k.personBId, relation: k.relation },
    });
    return { id: k.id };
  },
});

/** What the list checker needs of a stored candidate (the select and the mapping, used together). */
export const checkCandidateSelect = {
  id: true,
  post: true,
  pledgeCampaign: true,
  pledgeWork: true,
  pledgeResign: true,
  pledgeDiscipline: true,
  person: { select: { id: true, name: true, gender: true, birthDate: true, idNumber: true, dissatisfactionRate: true } },
  // The standing vetting decision: someone decided 不通过 no longer counts on the list (docs/decisions/006).
  vettingEntries: { select: { decision: true }, orderBy: { round: { createdAt: "desc" } }, take: 1 },
} as const;

type StoredForCheck = {
  id: string;
  post: CandidateForCheck["post"];
  pledgeCampaign: boolean;
  pledgeWork: boolean;
  pledgeResign: boolean;
  pledgeDiscipline: boolean;
  person: {
    id: string;
    name: string;
    gender: CandidateForCheck["gender"];
    birthDate: Date;
    idNumber: string;
    dissatisfactionRate: { toString(): string } | null;
  };
  vettingEntries?: { decision: "APPROVED" | "REJECTED" | null }[];
};

export function toCheckCandidate(c: StoredForCheck): CandidateForCheck {
  return {
    id: c.id,
    personId: c.person.id,
    name: c.person.name,
    gender: c.person.gender,
    birthDate: dayOf(c.person.birthDate),
    idNumber: c.person.idNumber,
    post: c.post,
    dissatisfactionRate: c.person.dissatisfactionRate === null ? null : Number(c.person.dissatisfactionRate),
    pledges: { campaign: c.pledgeCampaign, work: c.pledgeWork, resign: c.pledgeResign, discipline: c.pledgeDiscipline },
    vettingDecision: c.vettingEntries?.[0]?.decision ?? null,
  };
}

/** Recorded relations between the given people, as the checker takes them. */
export async function kinshipAmong(tx: Pick<Tx, "kinship">, personIds: string[]): Promise<KinPair[]> {
  const kin = await tx.kinship.findMany({
    where: { personAId: { in: personIds }, personBId: { in: personIds } },
    select: { personAId: true, personBId: true, relation: true },
  });
  return kin.map((k) => ({ personA: k.personAId, personB: k.personBId, relation: k.relation }));
}

/** Runs every list rule on an election as stored. */
export async function checkElection(tx: Pick<Tx, "election" | "candidate" | "kinship">, electionId: string, today = todayInChina()): Promise<Problem[]> {
  const e = await tx.election.findUniqueOrThrow({
    where: { id: electionId },
    select: {
      id: true,
      campaignId: true,
      electionDay: true,
      method: true,
      seatsDirector: true,
      seatsDeputy: true,
      seatsMember: true,
      seatsWomenMember: true,
      registeredVoters: true,
      unit: { select: { kind: true } },
      campaign: { select: { rules: true } },
      candidates: { select: checkCandidateSelect },
    },
  });
  const candidates = e.candidates.map(toCheckCandidate);
  const kinship = await kinshipAmong(
    tx,
    candidates.map((c) => c.personId),
  );
  const elsewhereRows = await tx.candidate.findMany({
    where: { election: { campaignId: e.campaignId, NOT: { id: e.id } }, person: { idNumber: { in: candidates.map((c) => c.idNumber) } } },
    select: { person: { select: { idNumber: true } }, election: { select: { unit: { select: { name: true } } } } },
  });
  const elsewhere = elsewhereRows.map((r) => ({ idNumber: r.person.idNumber, unitName: r.election.unit.name }));
  return checkCandidateList({
    setup: setupOf({ ...e, unitKind: e.unit.kind }),
    rules: readCampaignRules(e.campaign.rules),
    candidates,
    kinship,
    elsewhere,
    today,
  });
}

export const submitList = defineAction({
  name: "list.submit",
  permission: "list.submit",
  input: z.object({ electionId: idField, version: versionField }),
  target: (tx, input, actor) => electionTarget(tx, actor, input.electionId),
  async run({ tx, input, audit }) {
    const e = await tx.election.findUniqueOrThrow({ where: { id: input.electionId }, select: { listStatus: true, _count: { select: { candidates: true } } } });
    assertListStep("submit", e.listStatus);
    if (e._count.candidates === 0) throw new ExpectedError("invalid", "名单为空，不能提交");
    const errors = (await checkElection(tx, input.electionId)).filter((p) => p.severity === "error");
    if (errors.length) throw new ExpectedError("invalid", `名单还有 ${errors.length} 个问题须先改正：${errors.map((p) => p.message).join("；")}`);
    const res = await tx.election.updateMany({
      where: { id: input.electionId, version: input.version },
      data: { listStatus: "SUBMITTED", submittedAt: new Date(), returnedReason: null, version: { increment: 1 } },
    });
    if (res.count === 0) throw staleError();
    await audit({ event: "list.submitted", objectType: "Election", objectId: input.electionId, detail: { candidates: e._count.candidates } });
    return { id: input.electionId };
  },
});

export const returnList = defineAction({
  name: "list.return",
  permission: "list.return",
  input: z.object({ electionId: idField, version: versionField, reason: z.string().trim().min(2, "请写明退回原因").max(500) }),
  target: (tx, input, actor) => electionTarget(tx, actor, input.electionId),
  async run({ tx, input, audit }) {
    const e = await tx.election.findUniqueOrThrow({ where: { id: input.electionId }, select: { listStatus: true } });
    assertListStep("return", e.listStatus);
    const res = await tx.election.updateMany({
      where: { id: input.electionId, version: input.version },
      data: { listStatus: "RETURNED", returnedReason: input.reason, version: { increment: 1 } },
    });
    if (res.count === 0) throw staleError();
    await audit({ event: "list.returned", objectType: "Election", objectId: input.electionId, detail: { reason: input.reason } });
    return { id: input.electionId };
  },
});

/** Everything the village list page shows. ID numbers are masked unless `full` and permitted. */
export async function getElectionWorkspace(actor: Actor, electionId: string) {
  const prisma = await db();
  const scoped = await electionInScope(prisma, actor, electionId);
  if (!scoped) return null;
  const e = await prisma.election.findUniqueOrThrow({
    where: { id: electionId },
    select: {
      id: true,
      version: true,
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
      returnedReason: true,
      formalPublishedAt: true,
      unit: { select: { id: true, name: true, code: true, kind: true, parent: { select: { name: true } } } },
      campaign: { select: { id: true, name: true, rules: true, county: { select: { name: true } } } },
      candidates: {
        select: {
          id: true,
          version: true,
          post: true,
          nominationForm: true,
          nominatorCount: true,
          nominationVotes: true,
          pledgeCampaign: true,
          pledgeWork: true,
          pledgeResign: true,
          pledgeDiscipline: true,
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
              tags: true,
              currentPosts: true,
              dissatisfactionRate: true,
            },
          },
          formalRank: true,
          replacement: true,
          vettingEntries: { select: { decision: true }, orderBy: { round: { createdAt: "desc" } }, take: 1 },
        },
      },
    },
  });
  const problems = await checkElection(prisma, electionId);
  const personIds = e.candidates.map((c) => c.person.id);
  const kinship = await prisma.kinship.findMany({
    where: { personAId: { in: personIds }, personBId: { in: personIds } },
    select: { id: true, personAId: true, personBId: true, relation: true },
  });
  const candidates = sortByStroke(
    e.candidates.map(({ vettingEntries, ...c }) => ({
      ...c,
      vettingDecision: vettingEntries[0]?.decision ?? null,
      person: {
        ...c.person,
        birthDate: dayOf(c.person.birthDate),
        idNumber: maskIdNumber(c.person.idNumber),
        dissatisfactionRate: c.person.dissatisfactionRate === null ? null : Number(c.person.dissatisfactionRate),
      },
    })),
    (c) => c.person.name,
  );
  return {
    ...e,
    electionDay: dayOf(e.electionDay),
    /** Seats per post, the one shape every page and the checker use. */
    seats: setupOf({ ...e, unitKind: e.unit.kind }).seats,
    rules: readCampaignRules(e.campaign.rules),
    candidates,
    kinship,
    problems,
    editable: listEditable(e.listStatus) && can(actor, "candidate.edit", { path: scoped.unit.path }),
  };
}

/** One candidate with the full ID number, for the candidate's own page; the view is audited. */
export async function getCandidateForEdit(actor: Actor, electionId: string, candidateId: string) {
  const prisma = await db();
  const scoped = await electionInScope(prisma, actor, electionId);
  if (!scoped || !can(actor, "candidate.viewIdNumber", { path: scoped.unit.path })) return null;
  const c = await prisma.candidate.findFirst({
    where: { id: candidateId, electionId },
    select: {
      id: true,
      version: true,
      post: true,
      nominationForm: true,
      nominatorCount: true,
      nominationVotes: true,
      pledgeCampaign: true,
      pledgeWork: true,
      pledgeResign: true,
      pledgeDiscipline: true,
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
  if (!c) return null;
  await withTx((tx) =>
    appendAudit(tx, {
      event: "candidate.idnumber.viewed",
      actor: { userId: actor.userId, username: actor.username, role: actor.role },
      unitId: scoped.unit.id,
      objectType: "Candidate",
      objectId: c.id,
    }),
  );
  return {
    ...c,
    person: {
      ...c.person,
      birthDate: dayOf(c.person.birthDate),
      dissatisfactionRate: c.person.dissatisfactionRate === null ? null : Number(c.person.dissatisfactionRate),
    },
  };
}
