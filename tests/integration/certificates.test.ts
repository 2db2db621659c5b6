// Certificates after issue: the county's layout, the second-script names, the print reads (scope,
// revocation, number order, township batches) and the committee roster.
import { describe, expect, it } from "vitest";
import { certificateNumber, DEFAULT_LAYOUT } from "@/lib/domain/certificate";
import { dateOfDay } from "@/lib/domain/days";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { executeAction } from "@/lib/server/action";
import {
  getCertificateLayout,
  getCertificatesForPrint,
  getCommitteeRoster,
  getElectionCertificates,
  listCertificateCampaigns,
  listCertifiedElections,
  saveCertificateLayout,
  saveCertificateName,
} from "@/lib/server/records/certificates";
import { auditMark, auditSince } from "../support/db-state";
import { makeActor, makeTree, type UnitFixture } from "../support/fixtures";
import { addCandidate, makeCampaign, makeElection } from "../support/nomination-fixtures";
import { setupTestDatabase } from "../support/test-db";

const { prisma } = await setupTestDatabase();
const tree = await makeTree(prisma);
const countyAdmin = await makeActor(prisma, "COUNTY_ADMIN", tree.countyA);
const countyAdminB = await makeActor(prisma, "COUNTY_ADMIN", tree.countyB);
const townA1 = await makeActor(prisma, "TOWNSHIP_OFFICER", tree.townA1);
const townA2 = await makeActor(prisma, "TOWNSHIP_OFFICER", tree.townA2);
const supervisorA = await makeActor(prisma, "SUPERVISOR", tree.countyA);
const clerk = await makeActor(prisma, "VILLAGE_CLERK", tree.villageA1a);

const TIBETAN = {
  title: "{term}{committee}当选证书",
  body: "{name}同志：\n　　在{campaign}中，当选为{unit}{committee}{post}。\n　　特发此证。",
  authority: "{county}人民政府",
  sealPosition: "CENTER",
  paper: "a4l",
  secondLanguage: "bo",
  secondTitle: "བདམས་ཐོན་ལག་ཁྱེར།",
  secondBody: "{name}ལགས། བདམས་ཐོན་བྱུང་།",
  secondAuthority: "རྫོང་མི་དམངས་སྲིད་གཞུང་།",
};

const seqs = new Map<string, number>();

/** Certificates straight into the table, as the certification issues them: the next numbers of the term. */
async function issue(p: PrismaClient, election: { id: string; campaignId: string }, county: UnitFixture, names: string[], revoked = false) {
  const out = [];
  for (const [i, name] of names.entries()) {
    const seq = (seqs.get(election.campaignId) ?? 0) + 1;
    seqs.set(election.campaignId, seq);
    out.push(
      await p.certificate.create({
        data: {
          countyId: county.id,
          campaignId: election.campaignId,
          electionId: election.id,
          seq,
          number: certificateNumber(county.code, 2026, seq),
          name,
          post: i === 0 ? "DIRECTOR" : "MEMBER",
          gender: "MALE",
          issuedById: countyAdmin.userId,
          issuedAt: new Date("2026-12-30T20:00:00Z"),
          ...(revoked ? { revokedAt: new Date(), revokedReason: "撤销认定：计票有误" } : {}),
        },
      }),
    );
  }
  return out;
}

const campaign = await makeCampaign(prisma, tree.countyA.id);
const eA1a = await makeElection(prisma, campaign.id, tree.villageA1a.id);
const eA1b = await makeElection(prisma, campaign.id, tree.villageA1b.id);
const eA2a = await makeElection(prisma, campaign.id, tree.villageA2a.id);
const campaignB = await makeCampaign(prisma, tree.countyB.id);
const eB1a = await makeElection(prisma, campaignB.id, tree.villageB1a.id);

// Issued in this order: A1a's first two (later revoked on decertification), A1b, A2a, then A1a reissued.
const [oldA1a1, oldA1a2] = await issue(prisma, eA1a, tree.countyA, ["旧一", "旧二"], true);
const [a1b1, a1b2] = await issue(prisma, eA1b, tree.countyA, ["乙一", "乙二"]);
const [a2a1] = await issue(prisma, eA2a, tree.countyA, ["丙一"]);
const [a1a1, a1a2, a1a3] = await issue(prisma, eA1a, tree.countyA, ["扎西", "卓玛", "次仁"]);
const [b1] = await issue(prisma, eB1a, tree.countyB, ["乙县人"]);

const layoutRow = () => prisma.certificateLayout.findUnique({ where: { countyId: tree.countyA.id } });

describe("certificate.layout.save", () => {
  it("reads the default layout until the county saves one", async () => {
    expect(await getCertificateLayout(countyAdmin)).toEqual({ countyId: tree.countyA.id, version: 0, layout: DEFAULT_LAYOUT, saved: false });
  });

  it("saves a Tibetan-Chinese layout (paper normalised), audits it, and the next save needs the new version", async () => {
    const mark = await auditMark(prisma);
    const res = await executeAction(saveCertificateLayout, countyAdmin, { countyId: tree.countyA.id, version: "0", ...TIBETAN });
    expect(res).toEqual({ ok: true, data: { countyId: tree.countyA.id, version: 1 } });
    const read = await getCertificateLayout(townA1);
    expect(read).toMatchObject({ countyId: tree.countyA.id, version: 1, saved: true });
    expect(read.layout).toEqual({ ...TIBETAN, paper: "A4L" });
    const events = await auditSince(prisma, mark);
    expect(events.map((e) => ({ event: e.event, objectId: e.objectId, before: e.before, after: e.after }))).toEqual([
      { event: "certificate.layout.saved", objectId: tree.countyA.id, before: null, after: { ...TIBETAN, paper: "A4L" } },
    ]);

    // A textarea's CRLF is stored as LF; the audit shows what changed.
    const mark2 = await auditMark(prisma);
    const again = await executeAction(saveCertificateLayout, countyAdmin, {
      countyId: tree.countyA.id,
      version: 1,
      ...TIBETAN,
      body: "{name}同志：\r\n　　当选为{unit}{committee}{post}。",
      sealPosition: "RIGHT",
    });
    expect(again).toMatchObject({ ok: true, data: { version: 2 } });
    expect(await layoutRow()).toMatchObject({ body: "{name}同志：\n　　当选为{unit}{committee}{post}。", sealPosition: "RIGHT", version: 2 });
    const [e2] = await auditSince(prisma, mark2);
    expect(e2).toMatchObject({ before: { sealPosition: "CENTER", body: TIBETAN.body }, after: { sealPosition: "RIGHT" } });
  });

  it("refuses a stale version and writes nothing", async () => {
    const before = await layoutRow();
    const res = await executeAction(saveCertificateLayout, countyAdmin, { countyId: tree.countyA.id, version: 1, ...TIBETAN, title: "过时的标题" });
    expect(res).toMatchObject({ ok: false, code: "stale", error: "该记录已被他人修改，请刷新页面后重试" });
    expect(await layoutRow()).toEqual(before);
  });

  it("refuses bad input with Chinese messages on the fields", async () => {
    const version = (await layoutRow())!.version;
    const base = { countyId: tree.countyA.id, version, ...TIBETAN };
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ body: "{nmae}同志：当选为{post}" }, "body", /^有无法识别的占位符：\{nmae\}$/],
      [{ secondAuthority: "{county}{xian}" }, "secondAuthority", /\{xian\}/],
      [{ paper: "A3" }, "paper", /纸张应为 A4、A4L/],
      [{ paper: "80x200" }, "paper", /90 至 500 毫米/],
      [{ secondTitle: "" }, "secondTitle", /^请填写藏文标题$/],
      [{ secondBody: "  " }, "secondBody", /^请填写藏文正文$/],
      [{ secondLanguage: "fr" }, "secondLanguage", /不支持该少数民族文字/],
      [{ title: "" }, "title", /请填写证书标题/],
      [{ title: "长".repeat(51) }, "title", /标题最多 50 个字/],
      [{ sealPosition: "TOP" }, "sealPosition", /请选择印章位置/],
    ];
    const before = await layoutRow();
    for (const [over, field, message] of cases) {
      const res = await executeAction(saveCertificateLayout, countyAdmin, { ...base, ...over });
      expect(res, JSON.stringify(over)).toMatchObject({ ok: false, code: "invalid" });
      expect(res.ok ? null : res.fieldErrors?.[field], JSON.stringify(over)).toMatch(message);
    }
    expect(await layoutRow()).toEqual(before);
  });

  it("acts only on a county in the actor's scope: another county, or a township, is not found", async () => {
    const before = await layoutRow();
    const other = await executeAction(saveCertificateLayout, countyAdminB, { countyId: tree.countyA.id, version: 2, ...TIBETAN });
    expect(other).toMatchObject({ ok: false, code: "not_found" });
    const township = await executeAction(saveCertificateLayout, countyAdmin, { countyId: tree.townA1.id, version: 0, ...TIBETAN });
    expect(township).toMatchObject({ ok: false, code: "not_found" });
    const officer = await executeAction(saveCertificateLayout, townA1, { countyId: tree.countyA.id, version: 2, ...TIBETAN });
    expect(officer).toMatchObject({ ok: false, code: "not_found" });
    expect(await layoutRow()).toEqual(before);
    expect(await prisma.certificateLayout.count({ where: { countyId: { in: [tree.countyB.id, tree.townA1.id] } } })).toBe(0);
  });
});

describe("certificate.name.save", () => {
  it("records the Tibetan name, audits it, and clears it with an empty value", async () => {
    const mark = await auditMark(prisma);
    const res = await executeAction(saveCertificateName, countyAdmin, { certificateId: a1a1!.id, version: "1", nameSecond: " བཀྲ་ཤིས། " });
    expect(res).toEqual({ ok: true, data: { id: a1a1!.id, version: 2 } });
    expect(await prisma.certificate.findUniqueOrThrow({ where: { id: a1a1!.id } })).toMatchObject({ nameSecond: "བཀྲ་ཤིས།", version: 2, name: "扎西" });
    const [e] = await auditSince(prisma, mark);
    expect(e).toMatchObject({
      event: "certificate.name.saved",
      objectId: a1a1!.id,
      before: { nameSecond: null },
      after: { nameSecond: "བཀྲ་ཤིས།" },
      detail: { number: a1a1!.number, language: "bo" },
    });

    const cleared = await executeAction(saveCertificateName, countyAdmin, { certificateId: a1a2!.id, version: 1, nameSecond: "" });
    expect(cleared).toMatchObject({ ok: true });
    expect((await prisma.certificate.findUniqueOrThrow({ where: { id: a1a2!.id } })).nameSecond).toBeNull();
  });

  it("refuses a name not written in the county's script, and a stale version", async () => {
    const chinese = await executeAction(saveCertificateName, countyAdmin, { certificateId: a1a3!.id, version: 1, nameSecond: "次仁" });
    expect(chinese).toMatchObject({ ok: false, code: "invalid", error: "请用藏文书写姓名", fieldErrors: { nameSecond: "请用藏文书写姓名" } });
    const stale = await executeAction(saveCertificateName, countyAdmin, { certificateId: a1a1!.id, version: 1, nameSecond: "བཀྲ་ཤིས་བདེ་ལེགས།" });
    expect(stale).toMatchObject({ ok: false, code: "stale" });
    expect(await prisma.certificate.findUniqueOrThrow({ where: { id: a1a1!.id } })).toMatchObject({ nameSecond: "བཀྲ་ཤིས།", version: 2 });
  });

  it("refuses a revoked certificate", async () => {
    const res = await executeAction(saveCertificateName, countyAdmin, { certificateId: oldA1a1!.id, version: 1, nameSecond: "བཀྲ་ཤིས།" });
    expect(res).toMatchObject({ ok: false, code: "invalid", error: "该证书已作废，不能再修改" });
    expect((await prisma.certificate.findUniqueOrThrow({ where: { id: oldA1a1!.id } })).nameSecond).toBeNull();
  });

  it("refuses when the county prints no second language", async () => {
    const res = await executeAction(saveCertificateName, countyAdminB, { certificateId: b1!.id, version: 1, nameSecond: "བཀྲ་ཤིས།" });
    expect(res).toMatchObject({ ok: false, code: "invalid", error: expect.stringMatching(/没有设置少数民族文字/) });
  });

  it("is not found for another county's certificate or for a township officer outside the village", async () => {
    expect(await executeAction(saveCertificateName, countyAdminB, { certificateId: a1a3!.id, version: 1, nameSecond: "ཚེ་རིང་།" })).toMatchObject({
      ok: false,
      code: "not_found",
    });
    expect(await executeAction(saveCertificateName, townA2, { certificateId: a1a3!.id, version: 1, nameSecond: "ཚེ་རིང་།" })).toMatchObject({
      ok: false,
      code: "not_found",
    });
    // In scope but without certificate.manage.
    expect(await executeAction(saveCertificateName, townA1, { certificateId: a1a3!.id, version: 1, nameSecond: "ཚེ་རིང་།" })).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect((await prisma.certificate.findUniqueOrThrow({ where: { id: a1a3!.id } })).nameSecond).toBeNull();
  });

  it("refuses once the election is sealed (and the database would refuse too)", async () => {
    const campaign2 = await makeCampaign(prisma, tree.countyA.id);
    const e = await makeElection(prisma, campaign2.id, tree.villageA1b.id);
    const [c] = await issue(prisma, e, tree.countyA, ["封存人"]);
    // Sealing last: a sealed Election row cannot be updated again.
    await prisma.election.update({ where: { id: e.id }, data: { sealedAt: new Date() } });
    const res = await executeAction(saveCertificateName, countyAdmin, { certificateId: c!.id, version: 1, nameSecond: "བཀྲ་ཤིས།" });
    expect(res).toMatchObject({ ok: false, code: "invalid", error: "该村(社区)的选举已封存归档，证书不能再修改" });
    await expect(prisma.certificate.update({ where: { id: c!.id }, data: { nameSecond: "བཀྲ་ཤིས།" } })).rejects.toThrow(/election_sealed/);
    const view = await getElectionCertificates(countyAdmin, e.id);
    expect(view).toMatchObject({ canEditNames: false, election: { sealedAt: expect.any(Date) } });
  });
});

describe("print reads", () => {
  const numbers = (r: Awaited<ReturnType<typeof getCertificatesForPrint>>) => r?.certificates.map((c) => c.number) ?? null;

  it("one village: its valid certificates in number order, with the county's layout and the names around them", async () => {
    const r = await getCertificatesForPrint(countyAdmin, { electionId: eA1a.id });
    expect(numbers(r)).toEqual([a1a1!.number, a1a2!.number, a1a3!.number]);
    expect(r!.layout).toMatchObject({ secondLanguage: "bo", paper: "A4L" });
    expect(r!.certificates[0]).toMatchObject({
      id: a1a1!.id,
      version: 2,
      name: "扎西",
      nameSecond: "བཀྲ་ཤིས།",
      post: "DIRECTOR",
      unitName: "甲一村",
      unitKind: "VILLAGE",
      townshipName: "甲一镇",
      campaignName: campaign.name,
      countyName: "甲县",
      issuedOn: "2026-12-31",
      revoked: false,
      sealed: false,
    });
  });

  it("includes revoked certificates only when asked, marked revoked", async () => {
    const r = await getCertificatesForPrint(countyAdmin, { electionId: eA1a.id }, { includeRevoked: true });
    expect(numbers(r)).toEqual([oldA1a1!.number, oldA1a2!.number, a1a1!.number, a1a2!.number, a1a3!.number]);
    expect(r!.certificates.filter((c) => c.revoked).map((c) => c.id)).toEqual([oldA1a1!.id, oldA1a2!.id]);
    expect(await getCertificatesForPrint(countyAdmin, { certificateId: oldA1a1!.id })).toEqual({ layout: expect.anything(), certificates: [] });
  });

  it("a township: every village of that township only, in number order", async () => {
    const r = await getCertificatesForPrint(countyAdmin, { campaignId: campaign.id, townshipId: tree.townA1.id });
    expect(numbers(r)).toEqual([a1b1!.number, a1b2!.number, a1a1!.number, a1a2!.number, a1a3!.number]);
    expect(numbers(await getCertificatesForPrint(townA1, { campaignId: campaign.id, townshipId: tree.townA1.id }))).toEqual(numbers(r));
    expect(numbers(await getCertificatesForPrint(countyAdmin, { campaignId: campaign.id, townshipId: tree.townA2.id }))).toEqual([a2a1!.number]);
  });

  it("is scoped: another township's, another county's and a reader without certificate.view get nothing", async () => {
    expect(await getCertificatesForPrint(townA2, { electionId: eA1a.id })).toBeNull();
    expect(await getCertificatesForPrint(townA2, { certificateId: a1a1!.id })).toBeNull();
    expect(await getCertificatesForPrint(townA2, { campaignId: campaign.id, townshipId: tree.townA1.id })).toBeNull();
    expect(await getCertificatesForPrint(countyAdminB, { certificateId: a1a1!.id })).toBeNull();
    expect(await getCertificatesForPrint(countyAdminB, { campaignId: campaign.id, townshipId: tree.townA1.id })).toBeNull();
    // County B's term with county A's township: not found.
    expect(await getCertificatesForPrint(countyAdmin, { campaignId: campaignB.id, townshipId: tree.townA1.id })).toBeNull();
    expect(await getCertificatesForPrint(clerk, { electionId: eA1a.id })).toBeNull();
    expect(numbers(await getCertificatesForPrint(supervisorA, { certificateId: a1a1!.id }))).toEqual([a1a1!.number]);
    expect(numbers(await getCertificatesForPrint(countyAdminB, { electionId: eB1a.id }))).toEqual([b1!.number]);
    expect((await getCertificatesForPrint(countyAdminB, { electionId: eB1a.id }))!.layout).toEqual(DEFAULT_LAYOUT);
  });

  it("lists the terms and villages with certificates, counting valid and revoked ones", async () => {
    expect((await listCertificateCampaigns(townA2)).map((c) => c.id)).toEqual([campaign.id]);
    expect((await listCertificateCampaigns(townA1)).map((c) => c.id)).toContain(campaign.id);
    expect(await listCertificateCampaigns(clerk)).toEqual([]);
    const rows = await listCertifiedElections(countyAdmin, campaign.id);
    expect(rows.map((r) => [r.unitName, r.township?.name, r.valid, r.revoked])).toEqual([
      ["甲一村", "甲一镇", 3, 2],
      ["甲二村", "甲一镇", 2, 0],
      ["甲三村", "甲二乡", 1, 0],
    ]);
    expect((await listCertifiedElections(townA2, campaign.id)).map((r) => r.unitName)).toEqual(["甲三村"]);
    expect(await listCertifiedElections(countyAdminB, campaign.id)).toEqual([]);
  });

  it("the per-election view lets the county edit names while not sealed; others only read", async () => {
    expect(await getElectionCertificates(countyAdmin, eA1a.id)).toMatchObject({ canEditNames: true, language: { code: "bo", label: "藏文" } });
    expect(await getElectionCertificates(townA1, eA1a.id)).toMatchObject({ canEditNames: false });
    expect(await getElectionCertificates(townA2, eA1a.id)).toBeNull();
  });
});

describe("committee roster", () => {
  it("lists the confirmed committee with particulars; write-ins have none; nothing before confirmation", async () => {
    const campaign3 = await makeCampaign(prisma, tree.countyA.id);
    const e = await makeElection(prisma, campaign3.id, tree.villageA2a.id, { electionDay: "2026-12-20" });
    const director = await addCandidate(prisma, e.id, tree.countyA.id, "DIRECTOR", "MALE", "格桑");
    const member = await addCandidate(prisma, e.id, tree.countyA.id, "MEMBER", "FEMALE", "央金");
    await prisma.person.update({
      where: { id: director.person.id },
      data: { birthDate: dateOfDay("1980-12-21"), ethnicity: "04", political: "CPC_MEMBER", education: "20" },
    });
    await prisma.person.update({ where: { id: member.person.id }, data: { birthDate: dateOfDay("1990-12-20") } });
    const round = await prisma.votingRound.create({ data: { electionId: e.id, number: 1, kind: "FIRST", ballot: {} } });
    await prisma.electedMember.createMany({
      data: [
        { electionId: e.id, roundId: round.id, post: "MEMBER", name: "另选人", gender: "MALE", votes: 300 },
        {
          electionId: e.id,
          roundId: round.id,
          post: "MEMBER",
          candidateId: member.candidate.id,
          personId: member.person.id,
          name: "央金",
          gender: "FEMALE",
          votes: 420,
        },
        {
          electionId: e.id,
          roundId: round.id,
          post: "DIRECTOR",
          candidateId: director.candidate.id,
          personId: director.person.id,
          name: "格桑",
          gender: "MALE",
          votes: 500,
        },
      ],
    });
    expect(await getCommitteeRoster(countyAdmin, e.id)).toMatchObject({ confirmed: false, members: [] });
    await prisma.election.update({ where: { id: e.id }, data: { resultConfirmedAt: new Date() } });

    const r = await getCommitteeRoster(townA2, e.id);
    expect(r).toMatchObject({ confirmed: true, unitName: "甲三村", unitKind: "VILLAGE", campaignName: campaign3.name, electionDay: "2026-12-20" });
    expect(r!.members).toEqual([
      { post: "DIRECTOR", name: "格桑", gender: "MALE", age: 45, ethnicity: "藏族", education: "大学本科", political: "中共党员", writeIn: false },
      { post: "MEMBER", name: "央金", gender: "FEMALE", age: 36, ethnicity: "汉族", education: "高中", political: "群众", writeIn: false },
      { post: "MEMBER", name: "另选人", gender: "MALE", age: null, ethnicity: null, education: null, political: null, writeIn: true },
    ]);
    expect(await getCommitteeRoster(townA1, e.id)).toBeNull();
    expect(await getCommitteeRoster(countyAdminB, e.id)).toBeNull();
  });
});
