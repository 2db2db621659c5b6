// Excel import and export of preliminary candidates: a township's whole file goes in or nothing does, every
// problem is named by sheet, row and column, foreign villages read as unknown, and the exported list masks
// ID numbers and follows 姓氏笔画 order within each post.
import ExcelJS from "exceljs";
import { describe, expect, it, vi } from "vitest";
import { DEFAULT_RULES } from "@/lib/domain/rule-pack";
import { executeAction } from "@/lib/server/action";
import { saveCandidate } from "@/lib/server/nomination/candidates";
import { buildListWorkbook, buildTemplate, importCandidates, parseCandidateWorkbook, TEMPLATE_COLUMNS } from "@/lib/server/nomination/excel";
import { auditMark, auditSince, fingerprint } from "../support/db-state";
import { makeActor, makeTree, makeUnit, type UnitFixture } from "../support/fixtures";
import { setupTestDatabase } from "../support/test-db";
import { GET as downloadTemplate } from "@/app/(app)/campaigns/[id]/template/route";
import { GET as exportList } from "@/app/(app)/elections/[id]/export/route";
import type { Actor } from "@/lib/server/auth/sessions";

// The route handlers read the signed-in actor from the session cookie; here the test says who is signed in.
const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("@/lib/server/auth/actor", () => ({ getActor: async () => session.actor }));

const { prisma } = await setupTestDatabase();
const tree = await makeTree(prisma);

// Township A1 gets five villages with an election, one without, one whose list is with the county.
const extraVillages: UnitFixture[] = [];
for (const [code, name] of [
  ["980101100203", "甲四村"],
  ["980101100204", "甲五村"],
  ["980101100205", "甲六村"],
] as const) {
  extraVillages.push(await makeUnit(prisma, tree.townA1, code, name, "VILLAGE"));
}
const importVillages = [tree.villageA1a, tree.villageA1b, ...extraVillages];
const villageWithoutElection = await makeUnit(prisma, tree.townA1, "980101100206", "未设村", "VILLAGE");
const submittedVillage = await makeUnit(prisma, tree.townA1, "980101100207", "已报村", "VILLAGE");
const exportVillage = await makeUnit(prisma, tree.townA1, "980101100208", "导出村", "VILLAGE");

const campaign = await prisma.campaign.create({
  data: {
    countyId: tree.countyA.id,
    name: "第十二届村(居)民委员会换届选举",
    startDate: new Date("2026-01-01"),
    endDate: new Date("2027-12-31"),
    rules: DEFAULT_RULES,
  },
});

async function makeElection(unit: UnitFixture, listStatus: "DRAFT" | "SUBMITTED" = "DRAFT") {
  return prisma.election.create({
    data: {
      campaignId: campaign.id,
      unitId: unit.id,
      electionDay: new Date("2027-03-15"),
      method: "CONTESTED",
      seatsDirector: 1,
      seatsDeputy: 1,
      seatsMember: 3,
      seatsWomenMember: 1,
      dualRole: "PLANNED",
      registeredVoters: 1500,
      listStatus,
    },
  });
}
for (const v of importVillages) await makeElection(v);
await makeElection(submittedVillage, "SUBMITTED");
const exportElection = await makeElection(exportVillage);
await makeElection(tree.villageA2a); // another township's village, with an election in the same campaign

const officer = await makeActor(prisma, "TOWNSHIP_OFFICER", tree.townA1);
const otherOfficer = await makeActor(prisma, "TOWNSHIP_OFFICER", tree.townA2);
const exportClerk = await makeActor(prisma, "VILLAGE_CLERK", exportVillage);

// ---------------------------------------------------------------------------------------------
// Workbooks written the way a township would: the Chinese headers in row 1, one candidate per row.

const HEADERS = [
  "村(社区)统计代码",
  "姓名",
  "性别",
  "民族",
  "出生日期",
  "公民身份号码",
  "学历",
  "政治面貌",
  "联系电话",
  "现任职务",
  "身份标签",
  "不满意率(%)",
  "参选职位",
  "提名方式",
  "联名人数",
  "提名得票",
  "竞职承诺",
  "干事承诺",
  "辞职承诺",
  "纪律承诺",
] as const;
type Header = (typeof HEADERS)[number];
type Row = Partial<Record<Header, string | number | Date | null>>;

async function workbook(rows: Row[], sheetName = "初步候选人"): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheetName);
  ws.addRow([...HEADERS]);
  for (const r of rows) ws.addRow(HEADERS.map((h) => r[h] ?? null));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** GB 11643 check character, written out here independently of lib/domain/id-number. */
function checkChar(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((s, w, i) => s + w * Number(first17[i]), 0);
  return "10X98765432"[sum % 11]!;
}

const SURNAMES = [
  "王",
  "李",
  "张",
  "刘",
  "陈",
  "杨",
  "黄",
  "赵",
  "吴",
  "周",
  "徐",
  "孙",
  "马",
  "朱",
  "胡",
  "郭",
  "何",
  "高",
  "林",
  "罗",
  "郑",
  "梁",
  "谢",
  "宋",
  "唐",
  "韩",
  "冯",
  "邓",
  "曹",
  "彭",
];
const GIVEN_MALE = ["伟", "强", "磊", "军", "洋", "勇", "杰", "涛", "明", "超", "平", "刚", "建华", "志强", "国庆", "小龙", "建国", "海军"];
const GIVEN_FEMALE = ["芳", "秀英", "敏", "静", "丽", "艳", "娟", "秀兰", "霞", "桂英", "海燕", "春梅", "红梅", "玉兰", "丽娟", "小红"];
const POST_CYCLE = ["主任", "副主任", "委员", "委员", "妇女委员"];
const pad2 = (n: number) => String(n).padStart(2, "0");

let serial = 0;
/** A valid, realistic row; every call gives a new person (unique ID number across this file). */
function candidateRow(village: UnitFixture, i: number): Row {
  const n = ++serial;
  const male = n % 2 === 1;
  const birth = `${1960 + (n % 40)}-${pad2(1 + (n % 12))}-${pad2(1 + (n % 28))}`;
  const seq = String((Math.floor(n / 2) % 500) * 2 + (male ? 1 : 0)).padStart(3, "0");
  const first17 = `320102${birth.replace(/-/g, "")}${seq}`;
  const post = male && POST_CYCLE[i % 5] === "妇女委员" ? "委员" : POST_CYCLE[i % 5]!;
  return {
    "村(社区)统计代码": village.code,
    姓名: `${SURNAMES[n % SURNAMES.length]}${male ? GIVEN_MALE[(n * 7) % GIVEN_MALE.length] : GIVEN_FEMALE[(n * 7) % GIVEN_FEMALE.length]}`,
    性别: male ? "男" : "女",
    民族: n % 10 === 0 ? "回族" : "汉族",
    出生日期: birth,
    公民身份号码: first17 + checkChar(first17),
    学历: ["高中", "大学专科", "大学本科", "初中"][n % 4]!,
    政治面貌: ["中共党员", "群众", "共青团员"][n % 3]!,
    联系电话: `139${String(10_000_000 + n).padStart(8, "0")}`,
    现任职务: i % 7 === 0 ? "村(居)委会委员、村(居)民代表" : null,
    身份标签: i % 9 === 0 ? "退役军人" : null,
    "不满意率(%)": i % 7 === 0 ? 5.5 : null,
    参选职位: post,
    提名方式: "村(居)民联名",
    联名人数: 12 + (i % 20),
    提名得票: 300 + i,
    竞职承诺: "是",
    干事承诺: "是",
    辞职承诺: "是",
    纪律承诺: "是",
  };
}

function rowsFor(villages: UnitFixture[], perVillage: number): Row[] {
  return villages.flatMap((v) => Array.from({ length: perVillage }, (_, i) => candidateRow(v, i)));
}

const counts = async () => ({ persons: await prisma.person.count(), candidates: await prisma.candidate.count() });
const importFile = (file: Uint8Array, actor = officer, unitId = tree.townA1.id) =>
  executeAction(importCandidates, actor, { campaignId: campaign.id, unitId, file });
const detailsOf = (res: Awaited<ReturnType<typeof importFile>>) => (res.ok ? [] : (res.details ?? []));

// ---------------------------------------------------------------------------------------------

describe("template", () => {
  it("has the documented columns in order, and parses back to zero rows and zero errors", async () => {
    expect(TEMPLATE_COLUMNS.map((c) => c.header)).toEqual([...HEADERS]);
    const empty = await parseCandidateWorkbook(await buildTemplate());
    expect(empty).toEqual({ rows: [], errors: [] });
    const withVillages = await parseCandidateWorkbook(await buildTemplate({ villages: [{ code: tree.villageA1a.code, name: "甲一村", township: "甲一镇" }] }));
    expect(withVillages).toEqual({ rows: [], errors: [] });
  });

  it("has a text-formatted ID column, a frozen header, dropdowns and a 填写说明 sheet", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await buildTemplate()) as unknown as Parameters<ExcelJS.Xlsx["load"]>[0]);
    const ws = wb.getWorksheet("初步候选人")!;
    expect(ws.getRow(1).values).toEqual([undefined, ...HEADERS]);
    const idCol = HEADERS.indexOf("公民身份号码") + 1;
    expect(ws.getColumn(idCol).numFmt).toBe("@");
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    const genderCol = ws.getColumn(HEADERS.indexOf("性别") + 1).letter;
    expect(ws.getCell(`${genderCol}2`).dataValidation).toMatchObject({ type: "list" });
    expect(wb.getWorksheet("填写说明")).toBeDefined();
  });

  it("offers in its post dropdown only the posts the villages' elections have", async () => {
    const postsOffered = async (file: Buffer) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(file as unknown as Parameters<ExcelJS.Xlsx["load"]>[0]);
      const ws = wb.getWorksheet("初步候选人")!;
      const letter = ws.getColumn(HEADERS.indexOf("参选职位") + 1).letter;
      const formula = (ws.getCell(`${letter}2`).dataValidation as { formulae: string[] }).formulae[0]!;
      const [, sheet, col, last] = /^'(.+)'!\$([A-Z]+)\$1:\$[A-Z]+\$(\d+)$/.exec(formula)!;
      const opts = wb.getWorksheet(sheet!)!;
      return Array.from({ length: Number(last) }, (_, i) => String(opts.getCell(`${col}${i + 1}`).value));
    };
    expect(await postsOffered(await buildTemplate({ posts: ["DIRECTOR", "MEMBER"] }))).toEqual(["主任", "委员"]);
    expect(await postsOffered(await buildTemplate())).toContain("妇女委员(专职专选)");
  });

  it("an uploaded empty template is refused: there is nothing to import", async () => {
    const res = await importFile(await buildTemplate());
    expect(res).toMatchObject({ ok: false, code: "invalid", error: expect.stringContaining("没有候选人") });
  });
});

describe("import of a township's file", () => {
  it("with ONE bad ID check digit among 500 rows saves nothing and names sheet, row and column", async () => {
    const rows = rowsFor(importVillages, 100);
    const badIndex = 137;
    const id = rows[badIndex]!.公民身份号码 as string;
    rows[badIndex]!.公民身份号码 = id.slice(0, 17) + (id[17] === "1" ? "2" : "1");
    const before = await counts();
    const state = await fingerprint(prisma);
    const mark = await auditMark(prisma);

    const res = await importFile(await workbook(rows));

    expect(res).toMatchObject({ ok: false, code: "invalid", error: expect.stringContaining("没有导入任何数据") });
    expect(detailsOf(res)).toEqual([{ sheet: "初步候选人", row: badIndex + 2, column: "公民身份号码", message: expect.stringContaining("校验位") }]);
    expect(await counts()).toEqual(before);
    expect(await fingerprint(prisma)).toEqual(state);
    expect(await auditSince(prisma, mark)).toEqual([]);
  });

  it("imports 500 valid rows across five villages in one transaction with one audit event", async () => {
    const rows = rowsFor(importVillages, 100);
    const before = await counts();
    const mark = await auditMark(prisma);

    const started = performance.now();
    const res = await importFile(await workbook(rows));
    const ms = performance.now() - started;
    console.info(`500-row import: ${Math.round(ms)} ms`);

    expect(res, JSON.stringify(res).slice(0, 500)).toEqual({ ok: true, data: { imported: 500, villages: 5 } });
    expect(await counts()).toEqual({ persons: before.persons + 500, candidates: before.candidates + 500 });
    for (const v of importVillages) {
      expect(await prisma.candidate.count({ where: { election: { unitId: v.id, campaignId: campaign.id } } })).toBe(100);
    }
    const events = await auditSince(prisma, mark);
    expect(events.map((e) => ({ event: e.event, outcome: e.outcome, actorUserId: e.actorUserId, unitId: e.unitId, detail: e.detail }))).toEqual([
      { event: "candidates.imported", outcome: "SUCCESS", actorUserId: officer.userId, unitId: tree.townA1.id, detail: { rows: 500, villages: 5 } },
    ]);
    const logged = JSON.stringify(events, (_k, v) => (typeof v === "bigint" ? String(v) : v));
    expect(logged).not.toContain(rows[0]!.公民身份号码 as string);
    expect(logged).not.toContain(rows[0]!.姓名 as string);

    // Labels became codes; a spot check of one row with every optional column filled.
    const sample = rows[7]!; // i = 7: current posts, dissatisfaction
    const person = await prisma.person.findFirstOrThrow({ where: { idNumber: sample.公民身份号码 as string }, include: { candidacies: true } });
    expect(person).toMatchObject({
      name: sample.姓名,
      ethnicity: sample.民族 === "回族" ? "03" : "01",
      currentPosts: ["COMMITTEE_MEMBER", "REPRESENTATIVE"],
      phone: sample.联系电话,
    });
    expect(Number(person.dissatisfactionRate)).toBeCloseTo(0.055);
    expect(person.candidacies).toHaveLength(1);
    expect(person.candidacies[0]).toMatchObject({
      nominationForm: "VOTER_JOINT",
      nominatorCount: 19,
      nominationVotes: 307,
      pledgeCampaign: true,
      pledgeDiscipline: true,
    });

    // Importing the same file again would duplicate every nomination: refused row by row.
    const again = await importFile(await workbook(rows.slice(0, 3)));
    expect(detailsOf(again)).toEqual(
      [2, 3, 4].map((row) => ({
        sheet: "初步候选人",
        row,
        column: "公民身份号码",
        message: expect.stringMatching(/的名单登记：.*同一人在同一职位只能登记一次/),
      })),
    );
    expect(await counts()).toEqual({ persons: before.persons + 500, candidates: before.candidates + 500 });
  });

  it("a person already known in the county is reused (upsertPerson's rules), and new people are stored as the entry form stores them", async () => {
    const row = { ...candidateRow(tree.villageA1a, 0), 参选职位: "主任" };
    expect(await importFile(await workbook([row]))).toMatchObject({ ok: true, data: { imported: 1, villages: 1 } });
    const where = { idNumber: row.公民身份号码 as string };
    const imported = await prisma.person.findFirstOrThrow({ where });

    // Saved again through the entry form's action (upsertPerson) for another post of the same village:
    // the batch insert wrote exactly what the form writes, so nothing but the version changes.
    const [parsed] = (await parseCandidateWorkbook(await workbook([{ ...row, 参选职位: "委员" }]))).rows;
    const election = await prisma.election.findFirstOrThrow({ where: { campaignId: campaign.id, unitId: tree.villageA1a.id } });
    expect(await executeAction(saveCandidate, officer, { electionId: election.id, ...parsed!.input })).toMatchObject({ ok: true });
    const { version: v1, updatedAt: _u1, ...a } = imported;
    const { version: v2, updatedAt: _u2, ...b } = await prisma.person.findFirstOrThrow({ where });
    expect(b).toEqual(a);
    expect(v2).toBe(v1 + 1);

    // A file for another village with a changed phone: refused (one person stands in one village only), and
    // the person already in 甲一村 is neither linked nor rewritten.
    const before = await counts();
    const elsewhere = await importFile(await workbook([{ ...row, "村(社区)统计代码": extraVillages[0]!.code, 联系电话: "13700000000" }]));
    expect(detailsOf(elsewhere)).toEqual([
      { sheet: "初步候选人", row: 2, column: "公民身份号码", message: expect.stringContaining("该身份证号码已在本县其他村(社区)登记参选") },
    ]);
    expect(await counts()).toEqual(before);
    const after = await prisma.person.findFirstOrThrow({ where, include: { candidacies: true } });
    expect(after).toMatchObject({ id: imported.id, phone: row.联系电话, version: v2 });
    expect(after.candidacies).toHaveLength(2);
  });

  it("a row with another name on a registered ID number never renames the person: the row already there is named", async () => {
    const village = extraVillages[1]!;
    const sun = { ...candidateRow(village, 0), 姓名: "孙强", 参选职位: "主任" };
    expect(await importFile(await workbook([sun]))).toMatchObject({ ok: true });
    const before = await counts();
    const qian = { ...sun, 姓名: "钱多多", 参选职位: "委员" };
    const res = await importFile(await workbook([qian]));
    expect(detailsOf(res)).toEqual([
      {
        sheet: "初步候选人",
        row: 2,
        column: "公民身份号码",
        message: `该身份证号码已在「${village.name}」的名单登记：孙强（主任候选人），所填「姓名」与之不同。请核对身份证号码；同一人参选另一职位的，个人信息须与已登记的一致`,
      },
    ]);
    expect(await counts()).toEqual(before);
    expect((await prisma.person.findFirstOrThrow({ where: { idNumber: sun.公民身份号码 as string } })).name).toBe("孙强");

    // Two rows of one file for two villages with one ID number: the second row names the first.
    const a = candidateRow(extraVillages[2]!, 2);
    const twoVillages = await importFile(await workbook([a, { ...a, "村(社区)统计代码": tree.villageA1b.code }]));
    expect(detailsOf(twoVillages)).toEqual([
      {
        sheet: "初步候选人",
        row: 3,
        column: "公民身份号码",
        message: `与第 2 行（${extraVillages[2]!.name}）的公民身份号码相同：同一人只能在一个村(社区)参选，请核对身份证号码`,
      },
    ]);
  });

  it("an ID number standing in another township is refused with nothing of that person, and the attempt is audited", async () => {
    const theirs = { ...candidateRow(tree.villageA2a, 2), 姓名: "陈国栋" };
    expect(await importFile(await workbook([theirs]), otherOfficer, tree.townA2.id)).toMatchObject({ ok: true });
    const mark = await auditMark(prisma);
    const res = await importFile(await workbook([{ ...theirs, "村(社区)统计代码": tree.villageA1a.code, 姓名: "钱多多" }]));
    expect(detailsOf(res)).toEqual([
      { sheet: "初步候选人", row: 2, column: "公民身份号码", message: "该身份证号码已在本县其他村(社区)登记参选，同一人只能在一个村(社区)参选" },
    ]);
    expect(JSON.stringify(res)).not.toContain("陈国栋");
    const events = await auditSince(prisma, mark);
    expect(events.map((e) => ({ event: e.event, outcome: e.outcome, actorUserId: e.actorUserId }))).toEqual([
      { event: "candidate.idnumber.matched", outcome: "FAILURE", actorUserId: officer.userId },
    ]);
    expect(JSON.stringify(events, (_k, v) => (typeof v === "bigint" ? String(v) : v))).not.toContain(theirs.公民身份号码 as string);
  });

  it("a row for a post the village's election does not have is refused with its row and column", async () => {
    const noWomenSeat = await makeUnit(prisma, tree.townA1, "980101100209", "无专职村", "VILLAGE");
    await prisma.election.create({
      data: {
        campaignId: campaign.id,
        unitId: noWomenSeat.id,
        electionDay: new Date("2027-03-15"),
        method: "CONTESTED",
        seatsDirector: 1,
        seatsDeputy: 0,
        seatsMember: 4,
        seatsWomenMember: 0,
        dualRole: "PLANNED",
        registeredVoters: 900,
      },
    });
    const before = await counts();
    const woman = { ...candidateRow(noWomenSeat, 1), 参选职位: "妇女委员" };
    const res = await importFile(await workbook([woman]));
    expect(detailsOf(res)).toEqual([
      { sheet: "初步候选人", row: 2, column: "参选职位", message: "「无专职村」本次选举不设妇女委员(专职专选)职位，请填写该村(社区)设有的职位：主任、委员" },
    ]);
    expect(await counts()).toEqual(before);
  });

  it("one person on two rows with different personal details is an error naming the columns", async () => {
    const rows = rowsFor([tree.villageA1b], 2);
    rows.push({ ...rows[0]!, 参选职位: "委员", 学历: "初中", 政治面貌: "中共预备党员" });
    rows[2]!.学历 = rows[0]!.学历 === "初中" ? "高中" : "初中";
    const res = await importFile(await workbook(rows));
    expect(detailsOf(res)).toEqual([
      {
        sheet: "初步候选人",
        row: 4,
        column: "公民身份号码",
        message: "与第 2 行的公民身份号码相同，但「学历」「政治面貌」不同，同一人的个人信息应一致，请核对",
      },
    ]);
  });

  it("a village of another township or county, or an unknown code, is out of range; nothing saved", async () => {
    const rows = rowsFor([tree.villageA1a], 3);
    rows.push(candidateRow(tree.villageA2a, 0), candidateRow(tree.villageB1a, 0), { ...candidateRow(tree.villageA1a, 0), "村(社区)统计代码": "980101100299" });
    const before = await counts();
    const res = await importFile(await workbook(rows));
    expect(res).toMatchObject({ ok: false, code: "invalid" });
    expect(detailsOf(res)).toEqual([
      { sheet: "初步候选人", row: 5, column: "村(社区)统计代码", message: `${tree.villageA2a.code} 不在本乡镇范围内` },
      { sheet: "初步候选人", row: 6, column: "村(社区)统计代码", message: `${tree.villageB1a.code} 不在本乡镇范围内` },
      { sheet: "初步候选人", row: 7, column: "村(社区)统计代码", message: "980101100299 不在本乡镇范围内" },
    ]);
    expect(await counts()).toEqual(before);
  });

  it("a village whose list was submitted, or that has no election yet, is refused by name; nothing saved", async () => {
    const rows = [...rowsFor([tree.villageA1b], 2), candidateRow(submittedVillage, 0), candidateRow(villageWithoutElection, 0)];
    const before = await counts();
    const res = await importFile(await workbook(rows));
    expect(detailsOf(res)).toEqual([
      { sheet: "初步候选人", row: 4, column: "村(社区)统计代码", message: expect.stringMatching(/「已报村」的名单已提交县级联审/) },
      { sheet: "初步候选人", row: 5, column: "村(社区)统计代码", message: expect.stringMatching(/「未设村」尚未设置本次换届选举/) },
    ]);
    expect(await counts()).toEqual(before);
  });

  it("the same person twice for the same village and post is an error on the second row", async () => {
    const rows = rowsFor([tree.villageA1b], 3);
    rows.push({ ...rows[1]!, 提名得票: 999 });
    rows.push({ ...rows[1]!, 参选职位: "委员" }); // another post: allowed here (the list check flags it)
    const res = await importFile(await workbook(rows));
    expect(detailsOf(res)).toEqual([{ sheet: "初步候选人", row: 5, column: "公民身份号码", message: expect.stringContaining("与第 3 行重复") }]);
  });

  it("a township officer cannot import into another township: not found, nothing saved", async () => {
    const before = await counts();
    const res = await importFile(await workbook(rowsFor([tree.villageA1a], 1)), otherOfficer, tree.townA1.id);
    expect(res).toMatchObject({ ok: false, code: "not_found" });
    expect(await counts()).toEqual(before);
  });
});

describe("reading cells", () => {
  it("maps labels and Excel values, and names the column and the allowed values for unknown labels", async () => {
    const ok = candidateRow(tree.villageA1a, 1);
    const realDate = { ...candidateRow(tree.villageA1a, 2), 民族: "汉", 学历: "本科", "不满意率(%)": "12.5%", 参选职位: "村委会副主任", 竞职承诺: "否" };
    realDate.出生日期 = new Date(`${realDate.出生日期 as string}T00:00:00Z`);
    const badLabels = { ...candidateRow(tree.villageA1a, 3), 民族: "火星族", 政治面貌: "无党派人士", 现任职务: "村(居)委会主任、村长" };
    const idAsNumber = { ...candidateRow(tree.villageA1a, 4) };
    idAsNumber.公民身份号码 = Number(idAsNumber.公民身份号码);
    const missing = { ...candidateRow(tree.villageA1a, 5), 姓名: null };

    const parsed = await parseCandidateWorkbook(await workbook([ok, realDate, badLabels, idAsNumber, missing]));
    expect(parsed.rows.map((r) => r.row)).toEqual([2, 3, 4, 5, 6]);
    expect(parsed.rows[0]!.input).toMatchObject({ name: ok.姓名, post: "DEPUTY", nominationForm: "VOTER_JOINT", pledgeWork: true });
    expect(parsed.rows[1]!.input).toMatchObject({
      ethnicity: "01",
      education: "20",
      dissatisfactionPercent: 12.5,
      post: "DEPUTY",
      pledgeCampaign: false,
      birthDate: (realDate.出生日期 as Date).toISOString().slice(0, 10),
    });
    expect(parsed.rows.slice(2).map((r) => r.input)).toEqual([null, null, null]);
    const at = (row: number) => parsed.errors.filter((e) => e.row === row).map((e) => [e.column, e.message]);
    expect(at(4)).toEqual([
      ["民族", expect.stringContaining("「火星族」不是可选的值")],
      ["政治面貌", expect.stringContaining("中共党员、中共预备党员、共青团员、民主党派、群众")],
      ["现任职务", expect.stringContaining("「村长」不是可选的现任职务")],
    ]);
    expect(at(5)).toEqual([["公民身份号码", expect.stringContaining("存成了数字")]]);
    expect(at(6)).toEqual([["姓名", "必填，不能为空"]]);
    expect(parsed.errors.every((e) => e.sheet === "初步候选人")).toBe(true);
  });

  it("a title line above the header is tolerated, and row numbers stay the ones Excel shows", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("初步候选人");
    ws.addRow(["甲一镇第十二届村民委员会初步候选人汇总表"]);
    ws.addRow([...HEADERS]);
    const row = candidateRow(tree.villageA1a, 0);
    ws.addRow(HEADERS.map((h) => row[h] ?? null));
    ws.addRow([]);
    ws.addRow(HEADERS.map((h) => (h === "学历" ? "幼儿园" : (row[h] ?? null))));
    const parsed = await parseCandidateWorkbook(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(parsed.rows.map((r) => [r.row, r.input?.name ?? null])).toEqual([
      [3, row.姓名],
      [5, null],
    ]);
    expect(parsed.errors).toEqual([{ sheet: "初步候选人", row: 5, column: "学历", message: expect.stringContaining("「幼儿园」不是可选的值") }]);
  });

  it("an empty file (0 bytes, a workbook with no rows, the template with no candidate) says it has no data", async () => {
    const before = await counts();
    expect(await parseCandidateWorkbook(new Uint8Array())).toEqual({
      rows: [],
      errors: [{ sheet: "", row: 0, column: "", message: "文件没有数据：文件是 0 字节的空文件" }],
    });
    expect(await importFile(new Uint8Array())).toMatchObject({ ok: false, code: "invalid", error: "文件没有数据：文件是 0 字节的空文件" });

    const blank = new ExcelJS.Workbook();
    blank.addWorksheet("Sheet1");
    const noRows = Buffer.from(await blank.xlsx.writeBuffer());
    const parsed = await parseCandidateWorkbook(noRows);
    expect(parsed.errors).toEqual([{ sheet: "", row: 0, column: "", message: "文件没有数据：请在「初步候选人」工作表中从第 2 行起每行填写一名候选人" }]);
    expect(await importFile(noRows)).toMatchObject({
      ok: false,
      code: "invalid",
      error: "文件没有数据：请在「初步候选人」工作表中从第 2 行起每行填写一名候选人。没有导入任何数据。",
    });

    expect(await importFile(await buildTemplate())).toMatchObject({
      ok: false,
      code: "invalid",
      error: "文件没有数据：「初步候选人」工作表中没有候选人，请从表头下一行起每行填写一名候选人",
    });
    expect(await counts()).toEqual(before);
  });

  it("a formula the file holds no result for is named by row and column; a saved result is read", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("初步候选人");
    ws.addRow([...HEADERS]);
    const uncached = candidateRow(tree.villageA1a, 11);
    const cached = candidateRow(tree.villageA1a, 12);
    ws.addRow(HEADERS.map((h) => uncached[h] ?? null));
    ws.addRow(HEADERS.map((h) => cached[h] ?? null));
    const col = (h: Header) => HEADERS.indexOf(h) + 1;
    ws.getRow(2).getCell(col("出生日期")).value = { formula: 'TEXT(DATE(1980,5,1),"yyyy-mm-dd")' } as ExcelJS.CellFormulaValue;
    ws.getRow(3).getCell(col("民族")).value = { formula: '"汉族"', result: "汉族" } as ExcelJS.CellFormulaValue;
    const parsed = await parseCandidateWorkbook(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(parsed.errors).toEqual([
      {
        sheet: "初步候选人",
        row: 2,
        column: "出生日期",
        message: "第 2 行「出生日期」是公式，但文件中没有保存计算结果：请在 Excel 中打开并保存后再上传，或直接填写数值",
      },
    ]);
    expect(parsed.rows.map((r) => [r.row, r.input?.ethnicity ?? null])).toEqual([
      [2, null],
      [3, "01"],
    ]);
  });

  it("a file that is not an xlsx, a missing sheet, and more than 5000 rows each give one clear error", async () => {
    const notXlsx = await parseCandidateWorkbook(Buffer.from("姓名,性别\n张三,男\n"));
    expect(notXlsx).toEqual({ rows: [], errors: [{ sheet: "", row: 0, column: "", message: expect.stringContaining("无法读取该文件") }] });

    const wrongSheet = await parseCandidateWorkbook(await workbook([candidateRow(tree.villageA1a, 0)], "Sheet1"));
    expect(wrongSheet.errors).toEqual([{ sheet: "初步候选人", row: 0, column: "", message: expect.stringContaining("「Sheet1」") }]);

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("初步候选人");
    ws.addRow([...HEADERS]);
    for (let i = 0; i < 5001; i++) ws.addRow(["980101100201", `张${i}`]);
    const tooMany = await parseCandidateWorkbook(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(tooMany).toEqual({ rows: [], errors: [{ sheet: "初步候选人", row: 0, column: "", message: expect.stringContaining("最多导入 5000 行") }] });
  });
});

describe("export of a village's list", () => {
  it("masks every ID number, lists names in stroke order within each post, and carries the check results", async () => {
    const spec: [string, string][] = [
      ["黄明", "主任"],
      ["赵雷", "委员"],
      ["丁一", "主任"],
      ["白雪", "委员"],
      ["王芳", "主任"],
      ["刘洋", "委员"],
    ];
    const rows = spec.map(([name, post], i) => ({ ...candidateRow(exportVillage, i), 姓名: name, 参选职位: post }));
    expect(await importFile(await workbook(rows))).toMatchObject({ ok: true, data: { imported: 6, villages: 1 } });
    const fullIds = rows.map((r) => r.公民身份号码 as string);

    const buffer = await buildListWorkbook(exportElection.id, officer);
    expect(buffer).not.toBeNull();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buffer! as unknown as Parameters<ExcelJS.Xlsx["load"]>[0]);
    const texts: string[] = [];
    wb.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => void texts.push(String(cell.text)))));
    for (const id of fullIds) expect(texts.some((t) => t.includes(id))).toBe(false);
    expect(texts.filter((t) => /\d{17}[\dX]/.test(t))).toEqual([]);

    const ws = wb.getWorksheet("初步候选人")!;
    expect(ws.getRow(1).values).toEqual([undefined, ...HEADERS]);
    const col = (h: Header) => HEADERS.indexOf(h) + 1;
    const listed: { name: string; post: string; id: string }[] = [];
    ws.eachRow((row, n) => {
      if (n > 1) listed.push({ name: row.getCell(col("姓名")).text, post: row.getCell(col("参选职位")).text, id: row.getCell(col("公民身份号码")).text });
    });
    expect(listed.map((r) => `${r.post}:${r.name}`)).toEqual(["主任:丁一", "主任:王芳", "主任:黄明", "委员:白雪", "委员:刘洋", "委员:赵雷"]);
    for (const r of listed) expect(r.id).toMatch(/^3201\*{10}\d{3}[\dX]$/);

    const check = wb.getWorksheet("检查结果")!;
    expect(check.getRow(1).values).toEqual([undefined, "严重程度", "问题", "涉及候选人", "规则", "依据"]);
    expect(check.rowCount).toBeGreaterThan(1);
  });

  it("is null outside the actor's scope, and available to a village clerk who may view candidates", async () => {
    expect(await buildListWorkbook(exportElection.id, otherOfficer)).toBeNull();
    expect(await buildListWorkbook(exportElection.id, exportClerk)).toBeInstanceOf(Buffer);
  });
});

describe("downloads", () => {
  const get = (handler: typeof downloadTemplate, path: string, id: string, actor: Actor | null) => {
    session.actor = actor;
    return handler(new Request(`http://localhost${path}`), { params: Promise.resolve({ id }) });
  };

  it("the template comes with a UTF-8 file name and the township's village codes; out of scope is 404, never 403", async () => {
    const res = await get(downloadTemplate, `/campaigns/${campaign.id}/template`, campaign.id, officer);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    const disposition = res.headers.get("content-disposition")!;
    expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''[A-Za-z0-9%._~-]+$/);
    expect(decodeURIComponent(disposition.split("UTF-8''")[1]!)).toBe(`${campaign.name}-初步候选人导入模板.xlsx`);
    const file = Buffer.from(await res.arrayBuffer());
    expect(await parseCandidateWorkbook(file)).toEqual({ rows: [], errors: [] });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file as unknown as Parameters<ExcelJS.Xlsx["load"]>[0]);
    const codes: string[] = [];
    wb.getWorksheet("村(社区)代码表")!.eachRow((row, n) => void (n > 1 && codes.push(row.getCell(1).text)));
    expect(codes).toContain(tree.villageA1a.code);
    expect(codes).not.toContain(tree.villageA2a.code);

    // A village clerk may not import; a county B officer cannot see county A's campaign; a bad id.
    const clerk = await makeActor(prisma, "VILLAGE_CLERK", tree.villageA1a);
    const countyBOfficer = await makeActor(prisma, "TOWNSHIP_OFFICER", tree.townB1);
    expect((await get(downloadTemplate, "/", campaign.id, clerk)).status).toBe(404);
    expect((await get(downloadTemplate, "/", campaign.id, countyBOfficer)).status).toBe(404);
    expect((await get(downloadTemplate, "/", "not-a-uuid", officer)).status).toBe(404);
    const signedOut = await get(downloadTemplate, "/", campaign.id, null);
    expect(signedOut.status).toBe(303);
    expect(signedOut.headers.get("location")).toMatch(/\/login$/);
  });

  it("the list export is the village's workbook for those in scope and 404 for everyone else", async () => {
    const res = await get(exportList, `/elections/${exportElection.id}/export`, exportElection.id, exportClerk);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    expect(decodeURIComponent(res.headers.get("content-disposition")!.split("UTF-8''")[1]!)).toBe("导出村-初步候选人名单.xlsx");
    expect((await get(exportList, "/", exportElection.id, otherOfficer)).status).toBe(404);
    const reviewer = await makeActor(prisma, "VETTING_REVIEWER", tree.countyA); // no candidate.view
    expect((await get(exportList, "/", exportElection.id, reviewer)).status).toBe(404);
  });
});
