// Evidence files on vetting opinions: judged by content, at most 10 MB, downloaded only in scope and
// audited, and (with the opinions) never changed in the database.
import { describe, expect, it } from "vitest";
import { addDays, todayInChina } from "@/lib/domain/days";
import { executeAction, type ActionResult } from "@/lib/server/action";
import { getOpinionAttachment, getVettingRecord, recordOpinion } from "@/lib/server/vetting/opinions";
import { openVettingRound } from "@/lib/server/vetting/rounds";
import { auditMark, auditSince } from "../support/db-state";
import { makeActor, makeTree } from "../support/fixtures";
import { addValidList, makeCampaign, makeElection } from "../support/nomination-fixtures";
import { setupTestDatabase } from "../support/test-db";

const { prisma } = await setupTestDatabase();
const tree = await makeTree(prisma);
const police = await prisma.department.create({ data: { countyId: tree.countyA.id, name: "县公安局" } });
const court = await prisma.department.create({ data: { countyId: tree.countyA.id, name: "县人民法院" } });
const countyAdmin = await makeActor(prisma, "COUNTY_ADMIN", tree.countyA);
const policeReviewer = await makeActor(prisma, "VETTING_REVIEWER", tree.countyA, { departmentId: police.id });
const courtReviewer = await makeActor(prisma, "VETTING_REVIEWER", tree.countyA, { departmentId: court.id });
const countyBAdmin = await makeActor(prisma, "COUNTY_ADMIN", tree.countyB);

function ok<T>(res: ActionResult<T>): T {
  if (!res.ok) throw new Error(`expected ok, got ${JSON.stringify(res)}`);
  return res.data;
}

const campaign = await makeCampaign(prisma, tree.countyA.id);
const election = await makeElection(prisma, campaign.id, tree.villageA1a.id, { listStatus: "SUBMITTED" });
await addValidList(prisma, election.id, tree.countyA.id);
const { id: roundId } = ok(
  await executeAction(openVettingRound, countyAdmin, {
    campaignId: campaign.id,
    name: "第一批",
    deadline: addDays(todayInChina(), 7),
    electionIds: [election.id],
  }),
);
const [entry] = await prisma.vettingEntry.findMany({ where: { roundId }, select: { id: true } });
const entryId = entry!.id;

const pdf = new TextEncoder().encode("%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n");

describe("evidence files on opinions", () => {
  it("a real PDF is stored with its digest, shown on the record, and downloaded by the county, audited", async () => {
    const { id } = ok(
      await executeAction(recordOpinion, policeReviewer, {
        entryId,
        kind: "NO_OBJECTION",
        conditionCodes: [],
        finding: "",
        evidenceRef: "示公查〔2026〕7号",
        file: pdf,
        fileName: "C:\\扫描\\查询回执.PDF",
      }),
    );
    const opinion = await prisma.vettingOpinion.findUniqueOrThrow({ where: { id }, include: { attachment: true } });
    expect(opinion.attachment).toMatchObject({ fileName: "查询回执.pdf", mediaType: "application/pdf", size: pdf.length });
    expect(opinion.attachment!.sha256).toMatch(/^[0-9a-f]{64}$/);

    const record = await getVettingRecord(countyAdmin, entryId);
    expect(record!.opinions[0]!.attachment).toMatchObject({ fileName: "查询回执.pdf" });

    const mark = await auditMark(prisma);
    const file = await getOpinionAttachment(countyAdmin, opinion.attachmentId!);
    expect(Buffer.from(file!.bytes).equals(Buffer.from(pdf))).toBe(true);
    expect((await auditSince(prisma, mark)).map((e) => e.event)).toEqual(["vetting.attachment.downloaded"]);

    // Need to know: another department, or another county, gets nothing.
    expect(await getOpinionAttachment(courtReviewer, opinion.attachmentId!)).toBeNull();
    expect(await getOpinionAttachment(countyBAdmin, opinion.attachmentId!)).toBeNull();
    expect(await getOpinionAttachment(policeReviewer, opinion.attachmentId!)).not.toBeNull();
  });

  it("a file that is not JPEG, PNG or PDF by content is refused whatever its name, and nothing is saved", async () => {
    const before = await prisma.vettingOpinion.count();
    const fake = new TextEncoder().encode("MZ\u0090\u0000 this is a program");
    const res = await executeAction(recordOpinion, courtReviewer, { entryId, kind: "NO_OBJECTION", conditionCodes: [], file: fake, fileName: "判决书.pdf" });
    expect(res).toMatchObject({ ok: false, code: "invalid", fieldErrors: { evidenceFile: expect.stringContaining("只能上传 JPEG、PNG 图片或 PDF 文件") } });
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set(pdf);
    const tooBig = await executeAction(recordOpinion, courtReviewer, { entryId, kind: "NO_OBJECTION", conditionCodes: [], file: big, fileName: "大.pdf" });
    expect(tooBig).toMatchObject({ ok: false, code: "invalid", error: "证据附件：文件有 10.0 MB，超过 10 MB 上限" });
    expect(await prisma.vettingOpinion.count()).toBe(before);
    expect(await prisma.attachment.count()).toBe(1);
  });

  it("opinions and evidence cannot be changed or removed in the database", async () => {
    await expect(prisma.$executeRawUnsafe(`UPDATE "VettingOpinion" SET finding = 'changed'`)).rejects.toThrow(/append-only/);
    await expect(prisma.$executeRawUnsafe(`DELETE FROM "Attachment"`)).rejects.toThrow(/append-only/);
    expect(await prisma.vettingOpinion.count({ where: { finding: "changed" } })).toBe(0);
  });
});
