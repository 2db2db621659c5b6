// The voter roll import (issue 13, docs/decisions/018 "Import"): a county's file of 20,000 voters across
// several villages, all or nothing; bad rows (an under-18 on election day, a bad ID checksum, a duplicate
// within the file) are all named and nothing is written; a person already registered in another county is
// refused naming that county only; the fixed file imports all, the posted rolls count as registered voters;
// the audit event carries counts only; a village clerk cannot import into another village; the CLI's exit codes.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, describe, expect, it } from "vitest";
import { toCsv } from "@/lib/domain/csv";
import { addDays, dateOfDay, todayInChina } from "@/lib/domain/days";
import { idCheckChar, maskIdNumber } from "@/lib/domain/id-number";
import { DEFAULT_RULES } from "@/lib/domain/rule-pack";
import { IMPORT_REASON, VOTER_IMPORT_COLUMNS } from "@/lib/domain/voter-import";
import { executeAction, type ActionResult } from "@/lib/server/action";
import { SYSTEM_USER_ID } from "@/lib/server/oversight/past-terms";
import { importVoters, isUniqueViolation, type VoterImportResult } from "@/lib/server/voters/import";
import { VOTER_SHEET, voterImportTemplate } from "@/lib/server/voters/import-template";
import { parseImportVotersArgs, runImportVoters, VOTERS_SYSTEM_USERNAME } from "@/lib/server/voters/import-cli";
import { registeredVotersOf } from "@/lib/server/voters/registered";
import { postRoll } from "@/lib/server/voters/rolls";
import { auditMark, auditSince, fingerprint } from "../support/db-state";
import { makeActor, makeTree } from "../support/fixtures";
import { hanDigits, makeElection } from "../support/nomination-fixtures";
import { setupTestDatabase } from "../support/test-db";

const { prisma } = await setupTestDatabase();
const tree = await makeTree(prisma);
const TODAY = todayInChina();
const ELECTION_DAY = addDays(TODAY, 40);

const countyAdmin = await makeActor(prisma, "COUNTY_ADMIN", tree.countyA, { username: "vi_admin_a" });
const officerA1 = await makeActor(prisma, "TOWNSHIP_OFFICER", tree.townA1, { username: "vi_officer_a1" });
const clerkA1a = await makeActor(prisma, "VILLAGE_CLERK", tree.villageA1a, { username: "vi_clerk_a1a" });

const campaign = (countyId: string, name: string) =>
  prisma.campaign.create({ data: { countyId, name, startDate: dateOfDay(TODAY), endDate: dateOfDay(addDays(TODAY, 120)), rules: DEFAULT_RULES } });
const termA = await campaign(tree.countyA.id, "第十二届村(居)民委员会换届选举");
const termB = await campaign(tree.countyB.id, "乙县第十二届村民委员会换届选举");
const villagesA = [tree.villageA1a, tree.villageA1b, tree.villageA2a];
const electionsA = await Promise.all(villagesA.map((v) => makeElection(prisma, termA.id, v.id, { electionDay: ELECTION_DAY })));
await makeElection(prisma, termB.id, tree.villageB1a.id, { electionDay: ELECTION_DAY });

/** A valid ID number of this file's own region (120101), unique per (birth date, serial, gender). */
function idOf(birthDate: string, gender: "MALE" | "FEMALE", serial: number): string {
  const first17 = `120101${birthDate.replaceAll("-", "")}${String(serial % 100).padStart(2, "0")}${gender === "MALE" ? 1 : 2}`;
  return `${first17}${idCheckChar(first17)}`;
}

const HEADER = VOTER_IMPORT_COLUMNS.map((c) => c.header);
type Row = string[];
/** Row i of the file: adults born 1960-1987, spread over the three villages and four groups. */
function personRow(i: number): Row {
  const gender = i % 2 ? "FEMALE" : "MALE";
  const birthDate = addDays("1960-01-01", i % 10_000);
  const village = villagesA[i % 3]!;
  return [
    village.code,
    `第${hanDigits((i % 4) + 1)}村民小组`,
    `王${hanDigits(i % 1000)}`,
    gender === "MALE" ? "男" : "女",
    idOf(birthDate, gender, 50 + Math.floor(i / 10_000)),
    i % 5 ? "" : birthDate,
    "汉族",
    "户籍在本村并居住",
    "",
    "",
    "",
  ];
}
const N = 20_000;
const goodRows: Row[] = Array.from({ length: N }, (_, i) => personRow(i));
const allIds = new Set(goodRows.map((r) => r[4]!));
const csv = (rows: Row[]) => toCsv(HEADER, rows);

function ok<T>(res: ActionResult<T>): T {
  if (!res.ok) throw new Error(`expected ok, got ${JSON.stringify(res).slice(0, 2000)}`);
  return res.data;
}
const asText = (x: unknown) => JSON.stringify(x, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v));

async function expectNothingWritten<T>(fn: () => Promise<T>): Promise<T> {
  const before = await fingerprint(prisma);
  const out = await fn();
  expect(await fingerprint(prisma)).toEqual(before);
  return out;
}

const run = (actor: typeof countyAdmin, unitId: string, file: Uint8Array, fileName = "选民.csv") =>
  executeAction(importVoters, actor, { campaignId: termA.id, unitId, file, fileName });

// 赵桂兰 is on county B's roll of the same term (第十二届): written directly.
const rollB = await prisma.voterRoll.create({ data: { campaignId: termB.id, unitId: tree.villageB1a.id } });
const zhaoId = idOf("1970-03-03", "FEMALE", 90);
await prisma.voter.create({
  data: {
    rollId: rollB.id,
    group: "乙一组",
    name: "赵桂兰",
    gender: "FEMALE",
    idNumber: zhaoId,
    birthDate: dateOfDay("1970-03-03"),
    ethnicity: "01",
    category: "RESIDENT",
    claim: "第十二届",
  },
});

describe("voter.import: a county's file, all or nothing", () => {
  it("refuses 20,000 rows with three bad ones, names all three by row and column, and writes nothing", async () => {
    const rows = goodRows.map((r) => [...r]);
    // File row numbers: the header is row 1, goodRows[i] is row i + 2.
    const young = addDays(ELECTION_DAY, -18 * 365 + 30);
    rows[100] = [tree.villageA1b.code, "第一村民小组", "李小明", "男", idOf(young, "MALE", 7), "", "汉族", "户籍在本村并居住", "", "", ""];
    const bad = rows[5000]![4]!;
    rows[5000]![4] = `${bad.slice(0, 17)}${bad[17] === "0" ? "1" : "0"}`;
    rows[19_999]![4] = rows[3]![4]!;
    const res = await expectNothingWritten(() => run(countyAdmin, tree.countyA.id, csv(rows)));
    expect(res).toMatchObject({ ok: false, code: "invalid", error: "文件中有 3 处问题，没有导入任何选民。请改正后重新上传整个文件。" });
    const details = res.ok ? [] : res.details!;
    expect(details.map((d) => [d.row, d.column])).toEqual([
      [102, "出生日期"],
      [5002, "公民身份号码"],
      [20_001, "公民身份号码"],
    ]);
    expect(details[0]!.message).toMatch(new RegExp(`到选举日 ${ELECTION_DAY} 未满 18 周岁`));
    expect(details[1]!.message).toMatch(/校验位有误/);
    expect(details[2]!.message).toBe("与第 5 行的公民身份号码相同：同一人只能登记一次");
    expect(await prisma.voterRoll.count({ where: { campaignId: termA.id } })).toBe(0);
  }, 180_000);

  it("lists at most 1,000 problems and says how many there are in all", async () => {
    const rows = goodRows.slice(0, 1200).map((r) => r.map((c, i) => (i === 7 ? "外来" : c)));
    const res = await expectNothingWritten(() => run(countyAdmin, tree.countyA.id, csv(rows)));
    expect(res).toMatchObject({ ok: false, error: "文件中有 1200 处问题，以下列出前 1000 处，没有导入任何选民。请改正后重新上传整个文件。" });
    expect(res.ok ? 0 : res.details!.length).toBe(1000);
    expect(res.ok ? null : res.details![0]).toMatchObject({ row: 2, column: "登记类别", message: expect.stringMatching(/^「外来」不是登记类别/) });
  });

  it("refuses a person already registered in another county, naming only that county", async () => {
    const rows = [goodRows[0]!, [tree.villageA2a.code, "第二村民小组", "赵桂兰", "女", zhaoId, "", "汉族", "户籍在本村并居住", "", "", ""]];
    const mark = await auditMark(prisma);
    const res = await expectNothingWritten(() => run(officerA1, tree.townA1.id, csv(rows)));
    // The township imports into its own villages only: 甲三村 is in 甲二乡.
    expect(res.ok ? [] : res.details!.map((d) => [d.row, d.column])).toEqual([[3, "村(社区)统计用区划代码"]]);
    const county = await expectNothingWritten(() => run(countyAdmin, tree.countyA.id, csv(rows)));
    expect(county.ok ? [] : county.details).toEqual([
      { sheet: "", row: 3, column: "公民身份号码", message: "已在其他县(区)登记：乙县，同一人不能在两地登记参加选举" },
    ]);
    expect(asText(county)).not.toContain("乙一村");
    expect(asText(county)).not.toContain("乙一组");
    const failures = (await auditSince(prisma, mark)).filter((e) => e.event === "voter.idnumber.matched");
    expect(failures).toHaveLength(1);
    expect(asText(failures[0])).not.toContain(zhaoId);
  });

  it("a village clerk cannot import into another village (not found); into their own village, rows of another village are refused", async () => {
    const other = await expectNothingWritten(() => run(clerkA1a, tree.villageA1b.id, csv([goodRows[1]!])));
    expect(other).toMatchObject({ ok: false, code: "not_found" });
    const own = await expectNothingWritten(() => run(clerkA1a, tree.villageA1a.id, csv([goodRows[0]!, goodRows[1]!])));
    expect(own.ok ? [] : own.details!.map((d) => [d.row, d.column, d.message])).toEqual([
      [3, "村(社区)统计用区划代码", `代码 ${tree.villageA1b.code} 不在「甲一村」的范围内，或系统中没有这个村(社区)`],
    ]);
  });

  let imported: VoterImportResult;
  it("the fixed file imports every voter: the DRAFT rolls, one ADD change 批量导入 each, one audit event with counts only", async () => {
    const mark = await auditMark(prisma);
    imported = ok(await run(countyAdmin, tree.countyA.id, csv(goodRows)));
    expect(imported).toMatchObject({ villages: 3, voters: N, rollsCreated: 3 });
    expect(imported.byVillage.map((v) => [v.name, v.voters])).toEqual([
      ["甲一村", 6667],
      ["甲二村", 6667],
      ["甲三村", 6666],
    ]);
    const rolls = await prisma.voterRoll.findMany({ where: { campaignId: termA.id }, select: { id: true, status: true } });
    expect(rolls.map((r) => r.status)).toEqual(["DRAFT", "DRAFT", "DRAFT"]);
    expect(await prisma.voter.count({ where: { roll: { campaignId: termA.id }, claim: "第十二届", removedAt: null } })).toBe(N);
    expect(await prisma.voterChange.count({ where: { roll: { campaignId: termA.id }, kind: "ADD", reason: IMPORT_REASON } })).toBe(N);
    // A birth date left empty was taken from the ID number.
    const sample = await prisma.voter.findFirstOrThrow({
      where: { idNumber: goodRows[1]![4]! },
      select: { birthDate: true, name: true, group: true, gender: true },
    });
    expect(sample).toEqual({ birthDate: dateOfDay(addDays("1960-01-01", 1)), name: "王一", group: "第二村民小组", gender: "FEMALE" });

    const change = await prisma.voterChange.findFirstOrThrow({
      where: { voter: { idNumber: goodRows[1]![4]! } },
      select: { after: true, afterPosting: true, byId: true },
    });
    expect(change).toEqual({
      afterPosting: false,
      byId: countyAdmin.userId,
      after: {
        name: "王一",
        group: "第二村民小组",
        gender: "FEMALE",
        birthDate: addDays("1960-01-01", 1),
        category: "RESIDENT",
        consentMeetingOn: null,
        idMasked: maskIdNumber(goodRows[1]![4]!),
      },
    });

    const events = await auditSince(prisma, mark);
    expect(events.map((e) => [e.event, e.outcome])).toEqual([["voter.imported", "SUCCESS"]]);
    expect(events[0]!.detail).toMatchObject({ villages: 3, voters: N, rows: N, rollsCreated: 3 });
    const text = asText(events[0]);
    for (const id of allIds) if (text.includes(id)) throw new Error(`an ID number reached the audit log: ${id.slice(0, 6)}…`);
    expect(text).not.toMatch(/王[一二三四五六七八九〇]/);
    expect(text).not.toMatch(/\d{17}[\dX]/);
  }, 180_000);

  it("a voter registered between the check and the write (a unique violation of the raw insert) is recognised", async () => {
    const v = await prisma.voter.findFirstOrThrow({ where: { idNumber: goodRows[0]![4]! }, select: { rollId: true, idNumber: true } });
    const err = await prisma.$executeRaw`
      INSERT INTO "Voter" ("id", "rollId", "claim", "group", "name", "gender", "idNumber", "birthDate", "ethnicity", "category", "updatedAt")
      SELECT gen_random_uuid(), ${v.rollId}::uuid, '第十二届', '一组', '王一', 'MALE'::"Gender", ${v.idNumber}, DATE '1960-01-01', '01', 'RESIDENT'::"VoterCategory", now()`.catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect(isUniqueViolation(err)).toBe(true);
    expect(isUniqueViolation(new Error("connection reset"))).toBe(false);
  });

  it("importing the same file again refuses every row as already on the village's roll", async () => {
    const res = await expectNothingWritten(() => run(countyAdmin, tree.countyA.id, csv(goodRows.slice(0, 2))));
    expect(res.ok ? [] : res.details!.map((d) => d.message)).toEqual(Array(2).fill("该公民身份号码已在本村(社区)选民名单中，不能重复登记"));
  });

  it("once posted, the registered voters of each election are its roll's count; a posted roll is refused to the import", async () => {
    const rolls = await prisma.voterRoll.findMany({ where: { campaignId: termA.id }, select: { id: true, version: true, unitId: true } });
    for (const r of rolls) ok(await executeAction(postRoll, countyAdmin, { rollId: r.id, version: r.version, postedOn: TODAY }));
    let total = 0;
    for (const e of electionsA) {
      const reg = await registeredVotersOf(prisma, e);
      expect(reg.source).toBe("roll");
      total += reg.count;
    }
    expect(total).toBe(N);
    const fresh = [tree.villageA1a.code, "第一村民小组", "孙志强", "男", idOf("1980-01-01", "MALE", 99), "", "汉族", "户籍在本村并居住", "", "", ""];
    const res = await expectNothingWritten(() => run(countyAdmin, tree.countyA.id, csv([fresh])));
    expect(res.ok ? "" : res.details![0]!.message).toMatch(/「甲一村」的选民名单已公布：公布后的修改只能通过申诉处理/);
  });
});

describe("the file itself", () => {
  it("reads .xlsx with the header found on any column order, the consent date for a non-hukou voter, and refuses a missing column", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("选民");
    const order = [...HEADER].reverse();
    ws.addRow(order);
    const v = villagesA[0]!;
    const cells: Record<string, string> = {
      "村(社区)统计用区划代码": v.code,
      村民小组: "第五村民小组",
      姓名: "马 海",
      性别: "男",
      公民身份号码: idOf("1975-05-05", "MALE", 3),
      出生日期: "1975/5/5",
      民族: "回",
      登记类别: "非户籍居住一年以上",
      同意的会议日期: addDays(TODAY, -10),
      住址: "五组 12 号",
      联系电话: "13800000000",
    };
    ws.addRow(order.map((h) => cells[h] ?? ""));
    const noConsent = { ...cells, 姓名: "马兰", 性别: "女", 公民身份号码: idOf("1976-06-06", "FEMALE", 3), 出生日期: "", 同意的会议日期: "" };
    ws.addRow(order.map((h) => noConsent[h as keyof typeof noConsent] ?? ""));
    const file = new Uint8Array(await wb.xlsx.writeBuffer());
    const res = await expectNothingWritten(() => run(countyAdmin, tree.townA2.id, file, "选民.xlsx"));
    // 马海's row is right, but 甲一村 is not in 甲二乡; 马兰 lacks the meeting date.
    expect(res.ok ? [] : res.details!.map((d) => [d.sheet, d.row, d.column])).toEqual([
      ["选民", 2, "村(社区)统计用区划代码"],
      ["选民", 3, "村(社区)统计用区划代码"],
      ["选民", 3, "同意的会议日期"],
    ]);
    const missing = await run(
      countyAdmin,
      tree.countyA.id,
      toCsv(
        HEADER.filter((h) => h !== "登记类别"),
        [goodRows[0]!.filter((_, i) => i !== 7)],
      ),
    );
    expect(missing).toMatchObject({ ok: false, details: [{ row: 1, column: "登记类别", message: expect.stringMatching(/^缺少「登记类别」列/) }] });
  });
});

describe("the template", () => {
  it("has the header row and a 登记类别 dropdown, and a filled-in copy imports", async () => {
    const clerkB1a = await makeActor(prisma, "VILLAGE_CLERK", tree.villageB1a, { username: "vi_clerk_b1a" });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await voterImportTemplate(clerkB1a)) as unknown as Parameters<ExcelJS.Xlsx["load"]>[0]);
    const ws = wb.getWorksheet(VOTER_SHEET)!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(HEADER);
    const categoryCol = ws.getColumn(HEADER.indexOf("登记类别") + 1).letter;
    const validations = (ws as unknown as { dataValidations: { model: Record<string, { type: string; formulae: string[] }> } }).dataValidations.model;
    const rule = Object.entries(validations).find(([range]) => range.startsWith(`${categoryCol}2`))?.[1];
    expect(rule?.type).toBe("list");
    const options = wb.getWorksheet("选项")!;
    const ref = /\$([A-Z]+)\$1:\$[A-Z]+\$(\d+)/.exec(rule!.formulae[0]!)!;
    const values = Array.from({ length: Number(ref[2]) }, (_, i) => options.getCell(`${ref[1]}${i + 1}`).value);
    expect(values).toEqual(["户籍在本村并居住", "户籍在本村不居住", "非户籍居住一年以上", "村务工作一年以上"]);
    expect(wb.getWorksheet("村(社区)代码表")!.getRow(2).getCell(1).value).toBe(tree.villageB1a.code);

    const cells: Record<string, string> = {
      "村(社区)统计用区划代码": tree.villageB1a.code,
      村民小组: "乙二组",
      姓名: "钱学文",
      性别: "男",
      公民身份号码: idOf("1990-09-09", "MALE", 21),
      民族: "汉族",
      登记类别: "户籍在本村不居住",
    };
    ws.getRow(2).values = HEADER.map((h) => cells[h] ?? null);
    const consent = addDays(TODAY, -7);
    const worker: Record<string, string> = {
      ...cells,
      姓名: "冯丽华",
      性别: "女",
      公民身份号码: idOf("1988-08-08", "FEMALE", 21),
      出生日期: "1988年8月8日",
      民族: "回族",
      登记类别: "村务工作一年以上",
      同意的会议日期: consent,
      住址: "乙二组 3 号",
      联系电话: "13912345678",
    };
    ws.getRow(3).values = HEADER.map((h) => worker[h] ?? null);
    const res = await executeAction(importVoters, clerkB1a, {
      campaignId: termB.id,
      unitId: tree.villageB1a.id,
      file: new Uint8Array(await wb.xlsx.writeBuffer()),
      fileName: "模板.xlsx",
    });
    expect(ok(res)).toMatchObject({ villages: 1, voters: 2, rollsCreated: 0 });
    expect(await prisma.voter.findFirstOrThrow({ where: { rollId: rollB.id, name: "钱学文" } })).toMatchObject({
      category: "HUKOU_ABSENT",
      group: "乙二组",
      ethnicity: "01",
      consentMeetingOn: null,
      address: null,
      phone: null,
    });
    expect(await prisma.voter.findFirstOrThrow({ where: { rollId: rollB.id, name: "冯丽华" } })).toMatchObject({
      category: "VILLAGE_WORK",
      ethnicity: "03",
      birthDate: dateOfDay("1988-08-08"),
      consentMeetingOn: dateOfDay(consent),
      address: "乙二组 3 号",
      phone: "13912345678",
      claim: "第十二届",
      version: 1,
    });
  });
});

describe("npm run import:voters", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "import-voters-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const capture = () => {
    const lines: string[] = [];
    return { lines, out: { log: (l: string) => lines.push(`out: ${l}`), error: (l: string) => lines.push(`err: ${l}`) } };
  };

  it("reads its arguments", () => {
    expect(parseImportVotersArgs(["--county", "980101000000", "--campaign", "第十二届", "a.csv"])).toEqual({
      ok: true,
      args: { county: "980101000000", campaign: "第十二届", file: "a.csv" },
    });
    expect(parseImportVotersArgs(["--campaign", "x", "a.csv"])).toMatchObject({ ok: false, message: expect.stringMatching(/缺少 --county/) });
    expect(parseImportVotersArgs(["--county", "980101000000", "--campaign", "x", "a.txt"])).toMatchObject({
      ok: false,
      message: expect.stringMatching(/只能导入 .xlsx 或 .csv/),
    });
  });

  it("exit 0 prints the counts, as the system; exit 1 one line per problem, nothing written; exit 2 for a missing file", async () => {
    const termC = await campaign(tree.countyB.id, "第十三届村(居)民委员会换届选举");
    await makeElection(prisma, termC.id, tree.villageB1a.id, { electionDay: ELECTION_DAY });
    const row = (name: string, id: string, cat = "户籍在本村并居住") => [tree.villageB1a.code, "乙一组", name, "男", id, "", "汉族", cat, "", "", ""];
    const good = path.join(dir, "乙县.csv");
    writeFileSync(good, csv([row("周建华", idOf("1981-01-01", "MALE", 11)), row("吴志刚", idOf("1982-02-02", "MALE", 11))]));
    const mark = await auditMark(prisma);
    const done = capture();
    const args = { county: tree.countyB.code, campaign: termC.name };
    expect(await runImportVoters({ ...args, file: good }, done.out)).toBe(0);
    expect(done.lines).toEqual(["out: 已导入选民：1 个村(社区)，2 名选民"]);
    const events = await auditSince(prisma, mark);
    expect(events.map((e) => [e.event, e.actorUserId, e.actorUsername])).toEqual([["voter.imported", SYSTEM_USER_ID, VOTERS_SYSTEM_USERNAME]]);

    const bad = path.join(dir, "bad.csv");
    writeFileSync(bad, csv([row("郑国强", idOf("1983-03-03", "MALE", 11), "外来人员")]));
    const refused = capture();
    expect(await expectNothingWritten(() => runImportVoters({ ...args, file: bad }, refused.out))).toBe(1);
    expect(refused.lines).toEqual([
      "err: 第2行 登记类别：「外来人员」不是登记类别，请填写：户籍在本村并居住、户籍在本村不居住、非户籍居住一年以上、村务工作一年以上",
    ]);
    const missing = capture();
    expect(await runImportVoters({ ...args, file: path.join(dir, "nope.csv") }, missing.out)).toBe(2);
  });

  it("the script exits 2 with the usage for a bad command line", () => {
    const root = path.resolve(import.meta.dirname, "../..");
    const r = spawnSync(path.join(root, "node_modules/.bin/tsx"), ["--conditions=react-server", "scripts/import-voters.ts", "--campaign", "第十二届"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: "" },
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("缺少 --county");
    expect(r.stderr).toContain("用法: npm run import:voters");
  }, 130_000);
});
