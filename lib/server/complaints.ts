import "server-only";
// The complaints ledger (信访举报台账, issue 17): the county receives, assigns and closes; the assigned
// department answers. The complainant is confidential: only the county office and the assigned department
// see them, each view is audited, and they never reach the audit log.
import { z } from "zod";
import {
  CATEGORY_LABEL,
  COMPLAINT_CATEGORIES,
  FINDING_LABEL,
  COMPLAINT_CHANNELS,
  COMPLAINT_FINDINGS,
  COMPLAINT_STATUSES,
  complaintNumber,
  complaintYear,
  deadlineProblem,
  departmentBound,
  isOverdue,
  isSubstantiated,
  maskContact,
  maskName,
  stepRefusal,
  type ComplaintCategory,
  type ComplaintFinding,
  type ComplaintStatus,
  type ComplaintStep,
} from "@/lib/domain/complaints";
import { dateOfDay, dayOf, todayInChina } from "@/lib/domain/days";
import { checkboxField, dayField, idField, optionalIdField, versionField } from "@/lib/domain/form-fields";
import { can } from "@/lib/domain/permissions";
import { defineAction } from "./action";
import { appendAudit } from "./audit";
import type { Actor } from "./auth/sessions";
import { db, withTx, type Tx } from "./db";
import { ExpectedError, notFoundError, staleError } from "./errors";
import { unitScope } from "./scope";

/** Matches no row: a department-bound actor without a department sees nothing (never `departmentId: null`). */
const NO_DEPARTMENT = "00000000-0000-0000-0000-000000000000";

/** The complaints an actor may see at all: about villages of their subtree, and for a reviewer only their department's. */
function complaintScope(actor: Actor) {
  return {
    village: unitScope(actor),
    ...(departmentBound(actor.role) ? { departmentId: actor.departmentId ?? NO_DEPARTMENT } : {}),
  };
}

const unitSelect = { id: true, path: true, level: true, countyId: true } as const;

/** The complaint's village as the permission target; a complaint outside the actor's scope is not found. */
async function complaintTarget(tx: Tx, id: string, actor: Actor) {
  const c = await tx.complaint.findFirst({ where: { id, ...complaintScope(actor) }, select: { village: { select: unitSelect } } });
  return c?.village ?? null;
}

const stateSelect = {
  id: true,
  number: true,
  status: true,
  version: true,
  countyId: true,
  receivedOn: true,
  departmentId: true,
  deadline: true,
  department: { select: { name: true } },
} as const;

/** Loads the complaint for a step: refuses a stale version first, then a step its status does not allow. */
async function complaintForStep(tx: Tx, actor: Actor, id: string, version: number, step: ComplaintStep) {
  const c = await tx.complaint.findFirst({ where: { id, ...complaintScope(actor) }, select: stateSelect });
  if (!c) throw notFoundError();
  if (c.version !== version) throw staleError();
  const refusal = stepRefusal(step, c.status);
  if (refusal) throw new ExpectedError("invalid", refusal);
  return c;
}

async function updateVersioned(tx: Tx, id: string, version: number, data: Parameters<Tx["complaint"]["updateMany"]>[0]["data"]) {
  const res = await tx.complaint.updateMany({ where: { id, version }, data: { ...data, version: { increment: 1 } } });
  if (res.count === 0) throw staleError();
}

const text = (label: string, max: number) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, `请填写${label}`)
    .max(max, `${label}最多 ${max} 个字`);
const optionalText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${label}最多 ${max} 个字`)
    .optional()
    .transform((v) => (v ? v : null));

export const receiveComplaint = defineAction({
  name: "complaint.receive",
  permission: "complaint.manage",
  input: z
    .object({
      villageId: idField,
      campaignId: optionalIdField,
      candidateId: optionalIdField,
      channel: z.enum(COMPLAINT_CHANNELS, "请选择受理渠道"),
      receivedOn: dayField("受理日期").refine((d) => d <= todayInChina(), "受理日期不能晚于今天"),
      anonymous: checkboxField,
      complainantName: optionalText("举报人姓名", 50),
      complainantContact: optionalText("联系方式", 100),
      category: z.enum(COMPLAINT_CATEGORIES, "请选择问题类别"),
      summary: text("反映的主要问题", 2000),
    })
    .superRefine((v, ctx) => {
      if (v.anonymous && (v.complainantName || v.complainantContact)) {
        ctx.addIssue({ code: "custom", path: ["complainantName"], message: "匿名举报不登记举报人姓名和联系方式" });
      }
      if (!v.anonymous && !v.complainantName) ctx.addIssue({ code: "custom", path: ["complainantName"], message: "实名举报请填写举报人姓名，或勾选“匿名”" });
    }),
  target: (tx, input, actor) => tx.unit.findFirst({ where: { id: input.villageId, level: "VILLAGE", ...unitScope(actor) }, select: unitSelect }),
  async run({ tx, actor, input, unit, audit }) {
    const countyId = unit.countyId!;
    if (input.campaignId) {
      const campaign = await tx.campaign.findFirst({ where: { id: input.campaignId, countyId }, select: { id: true } });
      if (!campaign) throw new ExpectedError("invalid", "所选换届不属于该村(社区)所在的县", { campaignId: "所选换届不属于该村(社区)所在的县" });
    }
    if (input.candidateId) {
      const candidate = await tx.candidate.findFirst({
        where: { id: input.candidateId, election: { unitId: unit.id, ...(input.campaignId ? { campaignId: input.campaignId } : {}) } },
        select: { id: true },
      });
      if (!candidate) throw new ExpectedError("invalid", "所选候选人不是该村(社区)本届的候选人", { candidateId: "所选候选人不是该村(社区)本届的候选人" });
    }
    // One receipt at a time per county: the county row lock keeps the ledger numbers gapless.
    await tx.$queryRaw`SELECT id FROM "Unit" WHERE id = ${countyId}::uuid FOR UPDATE`;
    const year = complaintYear(input.receivedOn);
    const last = await tx.complaint.aggregate({ where: { countyId, year }, _max: { seq: true } });
    const seq = (last._max.seq ?? 0) + 1;
    const number = complaintNumber(year, seq);
    const created = await tx.complaint.create({
      data: {
        countyId,
        campaignId: input.campaignId,
        year,
        seq,
        number,
        channel: input.channel,
        receivedOn: dateOfDay(input.receivedOn),
        anonymous: input.anonymous,
        complainantName: input.anonymous ? null : input.complainantName,
        complainantContact: input.anonymous ? null : input.complainantContact,
        category: input.category,
        summary: input.summary,
        villageId: unit.id,
        candidateId: input.candidateId,
        receivedById: actor.userId,
      },
      select: { id: true, number: true },
    });
    // The complainant stays out of the audit log (supervisors read it).
    await audit({
      event: "complaint.received",
      objectType: "Complaint",
      objectId: created.id,
      after: {
        number,
        channel: input.channel,
        receivedOn: input.receivedOn,
        category: input.category,
        anonymous: input.anonymous,
        candidateId: input.candidateId,
        campaignId: input.campaignId,
      },
    });
    return created;
  },
});

export const assignComplaint = defineAction({
  name: "complaint.assign",
  permission: "complaint.manage",
  input: z.object({ id: idField, version: versionField, departmentId: idField, deadline: dayField("办理期限") }),
  target: (tx, input, actor) => complaintTarget(tx, input.id, actor),
  async run({ tx, actor, input, audit }) {
    const c = await complaintForStep(tx, actor, input.id, input.version, "assign");
    const department = await tx.department.findFirst({
      where: { id: input.departmentId, countyId: c.countyId, active: true },
      select: { id: true, name: true },
    });
    if (!department) throw new ExpectedError("invalid", "请选择本县启用的承办部门", { departmentId: "请选择本县启用的承办部门" });
    const problem = deadlineProblem(dayOf(c.receivedOn), input.deadline);
    if (problem) throw new ExpectedError("invalid", problem, { deadline: problem });
    await updateVersioned(tx, c.id, input.version, {
      status: "ASSIGNED",
      departmentId: department.id,
      deadline: dateOfDay(input.deadline),
      assignedAt: new Date(),
      assignedById: actor.userId,
    });
    await audit({
      event: "complaint.assigned",
      objectType: "Complaint",
      objectId: c.id,
      before: { status: c.status, department: c.department?.name ?? null, deadline: c.deadline ? dayOf(c.deadline) : null },
      after: { status: "ASSIGNED", department: department.name, deadline: input.deadline },
      detail: { number: c.number },
    });
    return { id: c.id };
  },
});

export const answerComplaint = defineAction({
  name: "complaint.answer",
  permission: "complaint.answer",
  input: z.object({ id: idField, version: versionField, answer: text("答复意见", 2000) }),
  target: (tx, input, actor) => complaintTarget(tx, input.id, actor),
  async run({ tx, actor, input, audit }) {
    const c = await complaintForStep(tx, actor, input.id, input.version, "answer");
    // complaintScope already binds a reviewer to their department; this holds for any other answering role.
    if (!actor.departmentId || c.departmentId !== actor.departmentId) throw notFoundError();
    await updateVersioned(tx, c.id, input.version, { status: "ANSWERED", answer: input.answer, answeredAt: new Date(), answeredById: actor.userId });
    await audit({
      event: "complaint.answered",
      objectType: "Complaint",
      objectId: c.id,
      before: { status: c.status },
      after: { status: "ANSWERED" },
      detail: {
        number: c.number,
        department: c.department?.name ?? null,
        late: isOverdue({ status: c.status, deadline: c.deadline ? dayOf(c.deadline) : null }),
      },
    });
    return { id: c.id };
  },
});

export const closeComplaint = defineAction({
  name: "complaint.close",
  permission: "complaint.manage",
  input: z.object({
    id: idField,
    version: versionField,
    finding: z.enum(COMPLAINT_FINDINGS, "请选择查实结论"),
    actionTaken: text("处理结果", 2000),
  }),
  target: (tx, input, actor) => complaintTarget(tx, input.id, actor),
  async run({ tx, actor, input, audit }) {
    const c = await complaintForStep(tx, actor, input.id, input.version, "close");
    await updateVersioned(tx, c.id, input.version, {
      status: "CLOSED",
      finding: input.finding,
      actionTaken: input.actionTaken,
      closedAt: new Date(),
      closedById: actor.userId,
    });
    await audit({
      event: "complaint.closed",
      objectType: "Complaint",
      objectId: c.id,
      before: { status: c.status },
      after: { status: "CLOSED", finding: input.finding, actionTaken: input.actionTaken },
      detail: { number: c.number },
    });
    return { id: c.id };
  },
});

// ---------------------------------------------------------------------------------------------
// Reads

export const complaintFilters = z.object({
  status: z.enum(COMPLAINT_STATUSES).optional().catch(undefined),
  category: z.enum(COMPLAINT_CATEGORIES).optional().catch(undefined),
  villageId: z.uuid().optional().catch(undefined),
  overdue: z.enum(["1"]).optional().catch(undefined),
});
export type ComplaintFilters = z.infer<typeof complaintFilters>;

const OPEN_STATUSES: ComplaintStatus[] = ["RECEIVED", "ASSIGNED"];

/** The ledger: newest first, with the filters; the complainant masked, and only for those who may see them. */
export async function listComplaints(actor: Actor, filters: ComplaintFilters = {}) {
  if (!can(actor, "complaint.view", { path: actor.unitPath })) return [];
  const prisma = await db();
  const today = todayInChina();
  const where = {
    AND: [
      complaintScope(actor),
      filters.status ? { status: filters.status } : {},
      filters.category ? { category: filters.category } : {},
      filters.villageId ? { villageId: filters.villageId } : {},
      filters.overdue ? { status: { in: OPEN_STATUSES }, deadline: { lt: dateOfDay(today) } } : {},
    ],
  };
  const showComplainant = can(actor, "complaint.viewComplainant", { path: actor.unitPath });
  const rows = await prisma.complaint.findMany({
    where,
    select: {
      id: true,
      number: true,
      channel: true,
      receivedOn: true,
      anonymous: true,
      complainantName: true,
      complainantContact: true,
      category: true,
      summary: true,
      status: true,
      deadline: true,
      finding: true,
      village: { select: { name: true, parent: { select: { name: true } } } },
      candidate: { select: { person: { select: { name: true } } } },
      department: { select: { name: true } },
    },
    orderBy: [{ year: "desc" }, { seq: "desc" }],
  });
  return rows.map((r) => {
    const deadline = r.deadline ? dayOf(r.deadline) : null;
    return {
      id: r.id,
      number: r.number,
      channel: r.channel,
      receivedOn: dayOf(r.receivedOn),
      anonymous: r.anonymous,
      /** Masked, and null for those who may not see the complainant at all. */
      complainant: showComplainant ? (r.anonymous ? "匿名" : [maskName(r.complainantName), maskContact(r.complainantContact)].filter(Boolean).join(" ")) : null,
      category: r.category,
      summary: r.summary,
      status: r.status,
      deadline,
      finding: r.finding,
      village: r.village.name,
      township: r.village.parent?.name ?? "",
      candidate: r.candidate?.person.name ?? null,
      department: r.department?.name ?? null,
      overdue: isOverdue({ status: r.status, deadline }, today),
    };
  });
}

export type ComplaintRow = Awaited<ReturnType<typeof listComplaints>>[number];

/**
 * One complaint with its steps. The complainant is included only for the county office and the assigned
 * department, and then the view is audited (complaint.complainant.viewed) before the page shows it.
 */
export async function getComplaint(actor: Actor, id: string) {
  if (!can(actor, "complaint.view", { path: actor.unitPath })) return null;
  const prisma = await db();
  const c = await prisma.complaint.findFirst({
    where: { id, ...complaintScope(actor) },
    select: {
      id: true,
      number: true,
      version: true,
      channel: true,
      receivedOn: true,
      anonymous: true,
      complainantName: true,
      complainantContact: true,
      category: true,
      summary: true,
      status: true,
      deadline: true,
      answer: true,
      finding: true,
      actionTaken: true,
      departmentId: true,
      createdAt: true,
      assignedAt: true,
      answeredAt: true,
      closedAt: true,
      receivedById: true,
      assignedById: true,
      answeredById: true,
      closedById: true,
      campaign: { select: { id: true, name: true } },
      village: { select: { id: true, name: true, path: true, countyId: true, parent: { select: { name: true } } } },
      candidate: { select: { id: true, post: true, electionId: true, person: { select: { name: true } } } },
      department: { select: { id: true, name: true } },
    },
  });
  if (!c) return null;
  const userIds = [c.receivedById, c.assignedById, c.answeredById, c.closedById].filter((v): v is string => !!v);
  const users = await prisma.user.findMany({ where: { id: { in: userIds } }, select: { id: true, displayName: true } });
  const who = (uid: string | null) => (uid ? (users.find((u) => u.id === uid)?.displayName ?? "") : null);
  const seesComplainant = can(actor, "complaint.viewComplainant", { path: c.village.path });
  const hasDetails = !c.anonymous && !!(c.complainantName || c.complainantContact);
  if (seesComplainant && hasDetails) {
    await withTx((tx) =>
      appendAudit(tx, {
        event: "complaint.complainant.viewed",
        actor: { userId: actor.userId, username: actor.username, role: actor.role },
        unitId: c.village.id,
        objectType: "Complaint",
        objectId: c.id,
        detail: { number: c.number },
      }),
    );
  }
  const deadline = c.deadline ? dayOf(c.deadline) : null;
  return {
    id: c.id,
    number: c.number,
    version: c.version,
    channel: c.channel,
    receivedOn: dayOf(c.receivedOn),
    anonymous: c.anonymous,
    /** Null when the actor may not see the complainant (or when anonymous). */
    complainant: seesComplainant && !c.anonymous ? { name: c.complainantName, contact: c.complainantContact } : null,
    category: c.category,
    summary: c.summary,
    status: c.status,
    deadline,
    overdue: isOverdue({ status: c.status, deadline }),
    answer: c.answer,
    finding: c.finding,
    actionTaken: c.actionTaken,
    campaign: c.campaign,
    village: { id: c.village.id, name: c.village.name, township: c.village.parent?.name ?? "" },
    candidate: c.candidate ? { id: c.candidate.id, electionId: c.candidate.electionId, post: c.candidate.post, name: c.candidate.person.name } : null,
    department: c.department,
    steps: {
      received: { at: c.createdAt, by: who(c.receivedById) },
      assigned: c.assignedAt ? { at: c.assignedAt, by: who(c.assignedById) } : null,
      answered: c.answeredAt ? { at: c.answeredAt, by: who(c.answeredById) } : null,
      closed: c.closedAt ? { at: c.closedAt, by: who(c.closedById) } : null,
    },
    canAssign: can(actor, "complaint.manage", { path: c.village.path }) && stepRefusal("assign", c.status) === null,
    canAnswer:
      can(actor, "complaint.answer", { path: c.village.path }) &&
      !!actor.departmentId &&
      actor.departmentId === c.departmentId &&
      stepRefusal("answer", c.status) === null,
    canClose: can(actor, "complaint.manage", { path: c.village.path }) && stepRefusal("close", c.status) === null,
    countyId: c.village.countyId,
  };
}

/** What the 受理 and 交办 forms offer: the villages, terms, candidates and active departments of the actor's scope. */
export async function complaintFormOptions(actor: Actor) {
  if (!can(actor, "complaint.manage", { path: actor.unitPath })) return null;
  const prisma = await db();
  const [villages, campaigns, departments, candidates] = await Promise.all([
    prisma.unit.findMany({
      where: { level: "VILLAGE", active: true, ...unitScope(actor) },
      select: { id: true, name: true, parent: { select: { name: true } } },
      orderBy: { code: "asc" },
    }),
    prisma.campaign.findMany({ where: { county: unitScope(actor) }, select: { id: true, name: true, status: true }, orderBy: { startDate: "desc" } }),
    prisma.department.findMany({
      where: { county: unitScope(actor), active: true },
      select: { id: true, name: true },
      orderBy: [{ sortOrder: "asc" }, { name: "asc" }],
    }),
    prisma.candidate.findMany({
      where: { election: { unit: unitScope(actor), campaign: { status: "OPEN" } } },
      select: { id: true, person: { select: { name: true } }, election: { select: { unitId: true, unit: { select: { name: true } } } } },
      orderBy: [{ election: { unit: { code: "asc" } } }],
    }),
  ]);
  return {
    villages: villages.map((v) => ({ id: v.id, name: v.name, township: v.parent?.name ?? "" })),
    campaigns,
    departments,
    candidates: candidates.map((c) => ({ id: c.id, name: c.person.name, villageId: c.election.unitId, village: c.election.unit.name })),
  };
}

/** The active departments a complaint can be assigned to (the 交办 form). */
export async function complaintDepartments(actor: Actor) {
  if (!can(actor, "complaint.manage", { path: actor.unitPath })) return [];
  const prisma = await db();
  return prisma.department.findMany({
    where: { county: unitScope(actor), active: true },
    select: { id: true, name: true },
    orderBy: [{ sortOrder: "asc" }, { name: "asc" }],
  });
}

/** Villages the ledger's filter offers: those in the actor's scope that have complaints the actor sees. */
export async function complaintVillages(actor: Actor) {
  if (!can(actor, "complaint.view", { path: actor.unitPath })) return [];
  const prisma = await db();
  const rows = await prisma.complaint.findMany({
    where: complaintScope(actor),
    select: { village: { select: { id: true, name: true } } },
    distinct: ["villageId"],
  });
  return rows.map((r) => r.village).sort((a, b) => a.name.localeCompare(b.name, "zh"));
}

/**
 * For the vetting board: the closed complaints found 属实 or 部分属实 against each candidate (number,
 * category, finding). The board is read by the county office and supervisors; complainants are never included.
 */
export async function substantiatedComplaints(tx: Pick<Tx, "complaint">, candidateIds: string[]) {
  const out = new Map<string, { number: string; category: ComplaintCategory; finding: ComplaintFinding; label: string }[]>();
  if (candidateIds.length === 0) return out;
  const rows = await tx.complaint.findMany({
    where: { candidateId: { in: candidateIds }, status: "CLOSED", finding: { in: ["SUBSTANTIATED", "PARTLY_SUBSTANTIATED"] } },
    select: { candidateId: true, number: true, category: true, finding: true },
    orderBy: [{ year: "asc" }, { seq: "asc" }],
  });
  for (const r of rows) {
    if (!r.candidateId || !r.finding || !isSubstantiated(r.finding)) continue;
    const list = out.get(r.candidateId) ?? [];
    list.push({
      number: r.number,
      category: r.category,
      finding: r.finding,
      label: `${r.number} ${CATEGORY_LABEL[r.category]}（${FINDING_LABEL[r.finding]}）`,
    });
    out.set(r.candidateId, list);
  }
  return out;
}

/** For the home page: what waits in the ledger for the actor (to assign and close, or to answer) and how many are overdue. */
export async function complaintWork(actor: Actor) {
  const none = { toAssign: 0, toAnswer: 0, toClose: 0, overdue: 0 };
  const manage = can(actor, "complaint.manage", { path: actor.unitPath });
  const answer = can(actor, "complaint.answer", { path: actor.unitPath });
  if (!manage && !answer) return none;
  const prisma = await db();
  const rows = await prisma.complaint.groupBy({ by: ["status"], where: { ...complaintScope(actor), status: { not: "CLOSED" } }, _count: { _all: true } });
  const count = (s: ComplaintStatus) => rows.find((r) => r.status === s)?._count._all ?? 0;
  const overdue = await prisma.complaint.count({
    where: { ...complaintScope(actor), status: { in: OPEN_STATUSES }, deadline: { lt: dateOfDay(todayInChina()) } },
  });
  return { toAssign: manage ? count("RECEIVED") : 0, toAnswer: answer ? count("ASSIGNED") : 0, toClose: manage ? count("ANSWERED") : 0, overdue };
}

/** For the progress dashboard: complaints not yet closed and those overdue about the villages below `unitId` (within the actor's scope). */
export async function complaintOverview(actor: Actor, unitId: string) {
  if (!can(actor, "complaint.view", { path: actor.unitPath })) return null;
  const prisma = await db();
  const unit = await prisma.unit.findFirst({ where: { id: unitId, ...unitScope(actor) }, select: { path: true } });
  if (!unit) return null;
  const where = { ...complaintScope(actor), AND: [{ village: { path: { startsWith: unit.path } } }] };
  const [open, overdue] = await Promise.all([
    prisma.complaint.count({ where: { ...where, status: { not: "CLOSED" } } }),
    prisma.complaint.count({ where: { ...where, status: { in: OPEN_STATUSES }, deadline: { lt: dateOfDay(todayInChina()) } } }),
  ]);
  return { open, overdue };
}
