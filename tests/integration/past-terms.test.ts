// Past terms (往届数据): a county imports a past term's committee members from the template, all or nothing,
// every problem named by row and column; the same import from the command line (npm run import:term).
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, describe, expect, inject, it, vi } from "vitest";
import { addDays, todayInChina } from "@/lib/domain/days";
import { executeAction } from "@/lib/server/action";
import type { Actor } from "@/lib/server/auth/sessions";
import { openPglite } from "@/lib/server/db/connect";
import { formatImportError, parseImportTermArgs, runImportTerm } from "@/lib/server/oversight/import-term-cli";
import {
  ageOn,
  importPastTerm,
  listPastTerms,
  PAST_TERM_COLUMNS,
  pastTermTemplate,
  parsePastTermWorkbook,
  SYSTEM_USER_ID,
  SYSTEM_USERNAME,
} from "@/lib/server/oversight/past-terms";
import { auditMark, auditSince, fingerprint } from "../support/db-state";
import { makeActor, makeTree, makeUnit, type UnitFixture } from "../support/fixtures";
import { hanDigits } from "../support/nomination-fixtures";
import { setupTestDatabase } from "../support/test-db";
import { GET as downloadTemplate } from "@/app/(app)/past-terms/template/route";

// The route handler reads the signed-in actor from the session cookie; here the test says who is signed in.
const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("@/lib/server/auth/actor", () => ({ getActor: async () => session.actor }));

const { prisma } = await setupTestDatabase();
const tree = await makeTree(prisma);
const villageA1c = await makeUnit(prisma, tree.townA1, "980101100203", "甲四村", "VILLAGE");
const villages = [tree.villageA1a, tree.villageA1b, villageA1c, tree.villageA2a];
const admin = await makeActor(prisma, "COUNTY_ADMIN", tree.countyA);
const adminB = await makeActor(prisma, "COUNTY_ADMIN", tree.countyB);
const officer = await makeActor(prisma, "TOWNSHIP_OFFICER", tree.townA1);
const supervisor = await makeActor(prisma, "SUPERVISOR", tree.countyA);

// ---------------------------------------------------------------------------------------------
// Workbooks written the way a county office would: the Chinese headers in row 1, one member per row.

const HEADERS = ["村(社区)统计用区划代码", "姓名", "性别", "民族", "出生日期", "文化程度", "政治面貌", "职务", "是否一肩挑", "选举日期"] as const;
type Header = (typeof HEADERS)[number];
type Row = Partial<Record<Header, string | number | boolean | Date | null>>;

async function workbook(rows: Row[], opts: { sheet?: string; headers?: readonly string[]; titleRow?: string } = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(opts.sheet ?? "往届成员");
  if (opts.titleRow) ws.addRow([opts.titleRow]);
  ws.addRow([...(opts.headers ?? HEADERS)]);
  for (const r of rows) ws.addRow(HEADERS.map((h) => r[h] ?? null));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡"];
const GIVEN = ["伟", "秀英", "强", "敏", "磊", "静", "军", "丽", "建华", "海燕"];
const ELECTION_DAY = "2021-01-16";
/** One committee: 主任 (一肩挑), two 副主任, three 委员, one 妇女委员. */
const COMMITTEE = ["主任", "副主任", "副主任", "委员", "委员", "委员", "妇女委员"] as const;

let serial = 0;
function memberRow(village: UnitFixture, i: number, day = ELECTION_DAY): Row {
  const n = ++serial;
  const post = COMMITTEE[i % COMMITTEE.length]!;
  const female = post === "妇女委员" || n % 3 === 0;
  return {
    "村(社区)统计用区划代码": village.code,
    姓名: `${SURNAMES[n % SURNAMES.length]}${GIVEN[(n * 3) % GIVEN.length]}${hanDigits(n)}`,
    性别: female ? "女" : "男",
    民族: n % 5 === 0 ? "回族" : "汉族",
    出生日期: `${1960 + (n % 30)}-${String(1 + (n % 12)).padStart(2, "0")}-${String(1 + (n % 28)).padStart(2, "0")}`,
    文化程度: ["高中", "大学专科", "大学本科", "初中"][n % 4]!,
    政治面貌: ["中共党员", "群众", "共青团员"][n % 3]!,
    职务: post,
    是否一肩挑: post === "主任" ? "是" : "否",
    选举日期: day,
  };
}
const committeeOf = (village: UnitFixture, day?: string) => COMMITTEE.map((_, i) => memberRow(village, i, day));

let termSeq = 0;
const termName = () => `第${++termSeq}届`;
const importFile = (file: Uint8Array, opts: { actor?: Actor; name?: string; county?: UnitFixture } = {}) =>
  executeAction(importPastTerm, opts.actor ?? admin, {
    countyId: (opts.county ?? tree.countyA).id,
    name: opts.name ?? termName(),
    file,
    fileName: "往届.xlsx",
  });
const detailsOf = (res: Awaited<ReturnType<typeof importFile>>) => (res.ok ? [] : (res.details ?? []));
const counts = async () => ({ terms: await prisma.pastTerm.count(), members: await prisma.pastTermMember.count() });

/** Proves a refused import wrote nothing: the term tables, every other table, and no audit row. */
async function expectNothingWritten(run: () => Promise<unknown>) {
  const before = await counts();
  const state = await fingerprint(prisma);
  const mark = await auditMark(prisma);
  const result = await run();
  expect(await counts()).toEqual(before);
  expect(await fingerprint(prisma)).toEqual(state);
  expect(await auditSince(prisma, mark)).toEqual([]);
  return result;
}

// ---------------------------------------------------------------------------------------------

describe("template", () => {
  it("has the documented columns in order, and parses back to zero rows and zero errors", async () => {
    expect(PAST_TERM_COLUMNS.map((c) => c.header)).toEqual([...HEADERS]);
    expect(await parsePastTermWorkbook(await pastTermTemplate())).toEqual({ rows: [], errors: [] });
    const withVillages = await pastTermTemplate({ villages: [{ code: tree.villageA1a.code, name: "甲一村", township: "甲一镇" }] });
    expect(await parsePastTermWorkbook(withVillages)).toEqual({ rows: [], errors: [] });
  });

  it("has text-formatted code and date columns, a frozen header, dropdowns and a 填写说明 sheet", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await pastTermTemplate()) as unknown as Parameters<ExcelJS.Xlsx["load"]>[0]);
    const ws = wb.getWorksheet("往届成员")!;
    expect(ws.getRow(1).values).toEqual([undefined, ...HEADERS]);
    for (const h of ["村(社区)统计用区划代码", "出生日期", "选举日期"] as const) expect(ws.getColumn(HEADERS.indexOf(h) + 1).numFmt).toBe("@");
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    for (const h of ["性别", "民族", "文化程度", "政治面貌", "职务", "是否一肩挑"] as const) {
      expect(ws.getCell(`${ws.getColumn(HEADERS.indexOf(h) + 1).letter}2`).dataValidation, h).toMatchObject({ type: "list" });
    }
    expect(wb.getWorksheet("填写说明")).toBeDefined();
  });

  it("is downloaded by the county admin with the county's villages only; others get 404", async () => {
    session.actor = admin;
    const res = await downloadTemplate(new Request("http://localhost/past-terms/template"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain("past-term-template.xlsx");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(await parsePastTermWorkbook(bytes)).toEqual({ rows: [], errors: [] });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as unknown as Parameters<ExcelJS.Xlsx["load"]>[0]);
    const codes = wb.getWorksheet("村(社区)代码表")!.getColumn(1).values.slice(2);
    expect(codes).toEqual([...villages].map((v) => v.code).sort());

    session.actor = officer;
    expect((await downloadTemplate(new Request("http://localhost/past-terms/template"))).status).toBe(404);
    session.actor = null;
    expect((await downloadTemplate(new Request("http://localhost/past-terms/template"))).status).toBe(303);
  });
});

describe("import", () => {
  it("imports a good workbook: every row, as codes, one audit event with counts only", async () => {
    const rows = villages.flatMap((v) => committeeOf(v));
    const mark = await auditMark(prisma);
    const before = await counts();
    const name = termName();

    const res = await importFile(await workbook(rows), { name });

    expect(res, JSON.stringify(res).slice(0, 800)).toMatchObject({
      ok: true,
      data: { name, villages: 4, members: 28, posts: { DIRECTOR: 4, DEPUTY: 8, MEMBER: 12, WOMEN_MEMBER: 4 }, dualRole: 4 },
    });
    expect(await counts()).toEqual({ terms: before.terms + 1, members: before.members + 28 });
    const term = await prisma.pastTerm.findUniqueOrThrow({ where: { countyId_name: { countyId: tree.countyA.id, name } }, include: { members: true } });
    expect(term.importedById).toBe(admin.userId);
    const first = rows[0]!;
    const stored = term.members.find((m) => m.name === first.姓名)!;
    expect(stored).toMatchObject({
      unitId: tree.villageA1a.id,
      gender: first.性别 === "女" ? "FEMALE" : "MALE",
      post: "DIRECTOR",
      dualRole: true,
      ethnicity: first.民族 === "回族" ? "03" : "01",
      birthDate: new Date(`${first.出生日期}T00:00:00Z`),
      electionDate: new Date(`${ELECTION_DAY}T00:00:00Z`),
    });

    const events = await auditSince(prisma, mark);
    expect(
      events.map((e) => ({ event: e.event, outcome: e.outcome, actorUserId: e.actorUserId, unitId: e.unitId, objectId: e.objectId, detail: e.detail })),
    ).toEqual([
      {
        event: "term.imported",
        outcome: "SUCCESS",
        actorUserId: admin.userId,
        unitId: tree.countyA.id,
        objectId: term.id,
        detail: { name, fileName: "往届.xlsx", villages: 4, members: 28, posts: { DIRECTOR: 4, DEPUTY: 8, MEMBER: 12, WOMEN_MEMBER: 4 }, dualRole: 4 },
      },
    ]);
    const logged = JSON.stringify(events, (_k, v) => (typeof v === "bigint" ? String(v) : v));
    expect(logged).not.toContain(first.姓名 as string);
    expect(logged).not.toContain(first.出生日期 as string);

    const listed = (await listPastTerms(admin)).find((t) => t.id === term.id);
    expect(listed).toMatchObject({
      name,
      members: 28,
      villages: 4,
      dualRole: 4,
      importedBy: admin.displayName,
      electionDays: { from: ELECTION_DAY, to: ELECTION_DAY },
    });
    expect((await listPastTerms(adminB)).map((t) => t.id)).not.toContain(term.id);
  });

  it("accepts codes, aliases, Excel dates and numbers, another sheet name and a title row above the header", async () => {
    const rows: Row[] = [
      {
        "村(社区)统计用区划代码": Number(tree.villageA1a.code),
        姓名: "马 玉 兰",
        性别: 2,
        民族: 3,
        出生日期: new Date("1970-03-08T00:00:00Z"),
        文化程度: 21,
        政治面貌: "13",
        职务: "村委会主任",
        是否一肩挑: true,
        选举日期: "2021年1月16日",
      },
      {
        ...memberRow(tree.villageA1a, 4),
        民族: "藏",
        文化程度: "大专",
        政治面貌: "预备党员",
        职务: "妇女委员(专职专选)",
        性别: "女",
        是否一肩挑: null,
        选举日期: 20210116,
      },
    ];
    const headers = HEADERS.map((h) => (h === "文化程度" ? "学历" : h === "村(社区)统计用区划代码" ? "村（社区）统计代码" : h));
    const file = await workbook(rows, { sheet: "Sheet1", headers, titleRow: "某县第十一届村委会成员名册" });
    const parsed = await parsePastTermWorkbook(file);
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows.map((r) => r.member)).toEqual([
      {
        unitCode: tree.villageA1a.code,
        name: "马玉兰",
        gender: "FEMALE",
        ethnicity: "03",
        birthDate: "1970-03-08",
        education: "20",
        political: "MASSES",
        post: "DIRECTOR",
        dualRole: true,
        electionDate: ELECTION_DAY,
      },
      expect.objectContaining({
        ethnicity: "04",
        education: "30",
        political: "CPC_PROBATIONARY",
        post: "WOMEN_MEMBER",
        dualRole: false,
        electionDate: ELECTION_DAY,
      }),
    ]);
    expect(parsed.rows.map((r) => r.row)).toEqual([3, 4]);
    expect(await importFile(file)).toMatchObject({ ok: true, data: { villages: 1, members: 2 } });
  });

  it("a workbook with errors in several rows reports every one (row, column, message) and writes nothing", async () => {
    const today = todayInChina();
    const rows = committeeOf(tree.villageA1b);
    rows[1] = { ...rows[1]!, 性别: "未知" }; // row 3
    rows[2] = { ...rows[2]!, 出生日期: "1980-02-30", 文化程度: "幼儿园" }; // row 4: two problems
    rows[3] = { ...rows[3]!, 是否一肩挑: "是" }; // row 5: a 委员
    rows[4] = { ...rows[4]!, 姓名: null }; // row 6
    rows[5] = { ...rows[5]!, 出生日期: "2010-05-01" }; // row 7: 10 on election day
    rows[6] = { ...rows[6]!, 性别: "男" }; // row 8: a male 妇女委员
    rows.push(
      { ...memberRow(villageA1c, 3), 选举日期: addDays(today, 1) }, // row 9
      { ...memberRow(villageA1c, 4), 政治面貌: "无党派人士", "村(社区)统计用区划代码": "98010110020" }, // row 10
      { ...memberRow(villageA1c, 5), 民族: "火星族", 出生日期: 1975 }, // row 11: a year alone
    );

    const file = await workbook(rows);
    const result = await expectNothingWritten(() => importFile(file));
    expect(result).toMatchObject({ ok: false, code: "invalid", error: expect.stringMatching(/文件中有 12 处问题.*没有导入任何数据/) });
    const sheet = "往届成员";
    expect(detailsOf(result as Awaited<ReturnType<typeof importFile>>)).toEqual([
      { sheet, row: 3, column: "性别", message: "「未知」不是可选的值，应为：男、女" },
      { sheet, row: 4, column: "出生日期", message: expect.stringContaining("「1980-02-30」不是有效日期") },
      { sheet, row: 4, column: "文化程度", message: expect.stringContaining("「幼儿园」不是可选的值") },
      { sheet, row: 5, column: "是否一肩挑", message: "只有主任可以“一肩挑”，本行职务是委员：请填“否”或不填" },
      { sheet, row: 6, column: "姓名", message: "必填，不能为空" },
      { sheet, row: 7, column: "出生日期", message: expect.stringContaining("未满 18 周岁（10 岁）") },
      { sheet, row: 8, column: "职务", message: "妇女委员应为女性，本行性别为男：请核对性别或职务" },
      { sheet, row: 9, column: "选举日期", message: `选举日期 ${addDays(today, 1)} 晚于今天（${today}）` },
      { sheet, row: 10, column: "村(社区)统计用区划代码", message: "「98010110020」不是 12 位数字的统计用区划代码" },
      { sheet, row: 10, column: "政治面貌", message: expect.stringContaining("「无党派人士」不是可选的值") },
      { sheet, row: 11, column: "民族", message: expect.stringContaining("「火星族」不是可选的值") },
      { sheet, row: 11, column: "出生日期", message: "「1975」只有年份，请填写完整日期，格式 YYYY-MM-DD" },
    ]);
  });

  it("a term name the county has already imported is refused; another county may use the same name", async () => {
    const name = termName();
    const file = await workbook(committeeOf(tree.villageA2a));
    expect(await importFile(file, { name })).toMatchObject({ ok: true });
    const again = await expectNothingWritten(() => importFile(file, { name }));
    expect(again).toMatchObject({
      ok: false,
      code: "conflict",
      error: expect.stringMatching(new RegExp(`本县已导入过「${name}」.*7 名成员.*同一届不能重复导入`)),
    });
    expect(await importFile(await workbook(committeeOf(tree.villageB1a)), { name, actor: adminB, county: tree.countyB })).toMatchObject({ ok: true });
  });

  it("a unit code of another county reads as unknown, as does a code nobody has; a township's code is not a village", async () => {
    const rows = [
      ...committeeOf(tree.villageA1a).slice(0, 2),
      memberRow(tree.villageB1a, 1),
      { ...memberRow(tree.villageA1a, 3), "村(社区)统计用区划代码": "980101100299" },
      memberRow(tree.townA1, 4),
    ];
    const file = await workbook(rows);
    const res = await expectNothingWritten(() => importFile(file));
    expect(detailsOf(res as Awaited<ReturnType<typeof importFile>>)).toEqual([
      { sheet: "往届成员", row: 4, column: "村(社区)统计用区划代码", message: `本县没有统计用区划代码为 ${tree.villageB1a.code} 的村(社区)` },
      { sheet: "往届成员", row: 5, column: "村(社区)统计用区划代码", message: "本县没有统计用区划代码为 980101100299 的村(社区)" },
      {
        sheet: "往届成员",
        row: 6,
        column: "村(社区)统计用区划代码",
        message: `${tree.townA1.code} 是「甲一镇」（乡镇(街道)级）的代码，请填写村(社区)的统计用区划代码`,
      },
    ]);
  });

  it("two directors in one village are refused, naming the second; so are differing election dates and a member listed twice", async () => {
    const rows = committeeOf(tree.villageA1a); // rows 2-8
    rows.push({ ...memberRow(tree.villageA1a, 0) }); // row 9: a second 主任
    rows[3] = { ...rows[3]!, 选举日期: "2021-01-23" }; // row 5: another day than the six others
    rows.push({ ...rows[4]!, 职务: "委员" }); // row 10: row 6 again
    const file = await workbook(rows);
    const res = await expectNothingWritten(() => importFile(file));
    expect(detailsOf(res as Awaited<ReturnType<typeof importFile>>)).toEqual([
      {
        sheet: "往届成员",
        row: 5,
        column: "选举日期",
        message: `${tree.villageA1a.code} 的其他成员（如第 2 行）填的是 ${ELECTION_DAY}：同一村(社区)的成员应填同一个选举日期（选举大会的日期）`,
      },
      { sheet: "往届成员", row: 9, column: "职务", message: `与第 2 行都是 ${tree.villageA1a.code} 的主任：每个村(社区)只能有一名主任` },
      { sheet: "往届成员", row: 10, column: "姓名", message: expect.stringMatching(/^与第 6 行重复/) },
    ]);
  });

  it("a 0-byte file and a workbook with no rows say the file has no data, not that none was chosen", async () => {
    const before = await counts();
    expect(await parsePastTermWorkbook(new Uint8Array())).toEqual({
      rows: [],
      errors: [{ sheet: "", row: 0, column: "", message: "文件没有数据：文件是 0 字节的空文件" }],
    });
    expect(await importFile(new Uint8Array())).toMatchObject({ ok: false, code: "invalid", error: "文件没有数据：文件是 0 字节的空文件" });
    const blank = new ExcelJS.Workbook();
    blank.addWorksheet("Sheet1");
    expect(await importFile(Buffer.from(await blank.xlsx.writeBuffer()))).toMatchObject({
      ok: false,
      code: "invalid",
      error: "文件没有数据：请在「往届成员」工作表中从第 2 行起每行填写一名成员。没有导入任何数据。",
    });
    expect(await counts()).toEqual(before);
  });

  it("a formula without a saved result is named by row and column, and nothing is imported", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("往届成员");
    ws.addRow([...HEADERS]);
    const row = memberRow(tree.villageA1a, 0);
    ws.addRow(HEADERS.map((h) => row[h] ?? null));
    ws.getRow(2).getCell(HEADERS.indexOf("出生日期") + 1).value = { formula: 'TEXT(DATE(1970,3,1),"yyyy-mm-dd")' } as ExcelJS.CellFormulaValue;
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await expectNothingWritten(() => importFile(file));
    expect(detailsOf(res as Awaited<ReturnType<typeof importFile>>)).toEqual([
      {
        sheet: "往届成员",
        row: 2,
        column: "出生日期",
        message: "第 2 行「出生日期」是公式，但文件中没有保存计算结果：请在 Excel 中打开并保存后再上传，或直接填写数值",
      },
    ]);
  });

  it("an empty template, a file that is no workbook, and a workbook without the header are refused", async () => {
    expect(await importFile(await pastTermTemplate())).toMatchObject({
      ok: false,
      code: "invalid",
      error: "文件没有数据：「往届成员」工作表中没有成员，请从表头下一行起每行填写一名成员",
    });
    expect(await importFile(new TextEncoder().encode("姓名,性别\n张三,男\n"))).toMatchObject({
      ok: false,
      code: "invalid",
      error: expect.stringContaining("无法读取该文件"),
    });
    const noHeader = await workbook([memberRow(tree.villageA1a, 0)], { sheet: "名册", headers: ["代码", "名字"] });
    expect(await importFile(noHeader)).toMatchObject({ ok: false, code: "invalid", error: expect.stringContaining("没有哪个工作表的表头与模板一致") });
    const noName = await workbook([memberRow(tree.villageA1a, 0)], { headers: HEADERS.filter((h) => h !== "姓名") });
    expect(detailsOf(await importFile(noName))).toEqual([{ sheet: "往届成员", row: 1, column: "姓名", message: expect.stringContaining("缺少「姓名」列") }]);
  });

  it("only a county admin of that county may import", async () => {
    const file = await workbook(committeeOf(tree.villageA1a));
    // A supervisor sees the county but may not import; a township officer does not even see the county.
    expect(await importFile(file, { actor: supervisor })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await importFile(file, { actor: officer })).toMatchObject({ ok: false, code: "not_found" });
    expect(await importFile(file, { actor: adminB })).toMatchObject({ ok: false, code: "not_found" });
    expect(await importFile(file, { county: tree.townA1 })).toMatchObject({ ok: false, code: "not_found" });
  });

  it("ages are counted in full years on the election day", () => {
    expect(ageOn("2003-01-16", "2021-01-16")).toBe(18);
    expect(ageOn("2003-01-17", "2021-01-16")).toBe(17);
    expect(ageOn("2000-02-29", "2021-02-28")).toBe(20);
    expect(ageOn("2000-02-29", "2021-03-01")).toBe(21);
  });
});

// ---------------------------------------------------------------------------------------------
// The command line

describe("import:term arguments", () => {
  it("reads --county, --name and one file; anything else is a usage error", () => {
    expect(parseImportTermArgs(["--county", "980101000000", "--name", "第十一届", "a.xlsx"])).toEqual({
      ok: true,
      args: { county: "980101000000", name: "第十一届", file: "a.xlsx" },
    });
    expect(parseImportTermArgs(["a.xlsx", "--name=第十届", "--county=980101000000"])).toEqual({
      ok: true,
      args: { county: "980101000000", name: "第十届", file: "a.xlsx" },
    });
    expect(parseImportTermArgs(["--help"])).toEqual({ ok: true, help: true });
    expect(parseImportTermArgs(["--name", "第十一届", "a.xlsx"])).toEqual({ ok: false, message: expect.stringContaining("缺少 --county") });
    expect(parseImportTermArgs(["--county", "9801", "--name", "第十一届", "a.xlsx"])).toEqual({
      ok: false,
      message: expect.stringContaining("不是 12 位数字"),
    });
    expect(parseImportTermArgs(["--county", "980101000000", "a.xlsx"])).toEqual({ ok: false, message: expect.stringContaining("缺少 --name") });
    expect(parseImportTermArgs(["--county", "980101000000", "--name", "第十一届"])).toEqual({
      ok: false,
      message: expect.stringContaining("缺少要导入的 Excel 文件"),
    });
    expect(parseImportTermArgs(["--county", "980101000000", "--name", "x", "a.xlsx", "b.xlsx"])).toEqual({
      ok: false,
      message: expect.stringContaining("一次只能导入一个文件"),
    });
    expect(parseImportTermArgs(["--county", "980101000000", "--name", "x", "--force", "a.xlsx"])).toEqual({ ok: false, message: "无法识别的参数 --force" });
  });

  it("prints one problem per line: 第R行 列名：原因", () => {
    expect(formatImportError({ sheet: "往届成员", row: 7, column: "性别", message: "必填，不能为空" })).toBe("第7行 性别：必填，不能为空");
    expect(formatImportError({ sheet: "", row: 0, column: "", message: "文件是空的" })).toBe("文件是空的");
  });
});

describe("import:term on the installed database (runImportTerm)", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "import-term-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const capture = () => {
    const lines: string[] = [];
    return { lines, out: { log: (l: string) => lines.push(`out: ${l}`), error: (l: string) => lines.push(`err: ${l}`) } };
  };

  it("exit 0 imports as the system actor; exit 1 lists every problem and writes nothing; exit 2 for a missing file", async () => {
    const good = path.join(dir, "good.xlsx");
    writeFileSync(good, await workbook([...committeeOf(tree.villageA1a), ...committeeOf(tree.villageA2a)]));
    const mark = await auditMark(prisma);
    const ok = capture();
    expect(await runImportTerm({ county: tree.countyA.code, name: "第九届", file: good }, ok.out)).toBe(0);
    expect(ok.lines).toEqual(["out: 已导入第九届：2 个村(社区)，14 名成员"]);
    const term = await prisma.pastTerm.findUniqueOrThrow({ where: { countyId_name: { countyId: tree.countyA.id, name: "第九届" } } });
    expect(term.importedById).toBeNull();
    const events = await auditSince(prisma, mark);
    expect(events.map((e) => ({ event: e.event, actorUserId: e.actorUserId, actorUsername: e.actorUsername, actorRole: e.actorRole }))).toEqual([
      { event: "term.imported", actorUserId: SYSTEM_USER_ID, actorUsername: SYSTEM_USERNAME, actorRole: "COUNTY_ADMIN" },
    ]);
    expect((await listPastTerms(admin)).find((t) => t.id === term.id)?.importedBy).toBe("命令行导入");

    const bad = path.join(dir, "bad.xlsx");
    const rows = committeeOf(tree.villageA1b);
    rows[2] = { ...rows[2]!, 性别: null };
    rows[5] = { ...rows[5]!, 职务: "书记" };
    writeFileSync(bad, await workbook(rows));
    const refused = capture();
    expect(await expectNothingWritten(() => runImportTerm({ county: tree.countyA.code, name: "第八届", file: bad }, refused.out))).toBe(1);
    expect(refused.lines).toEqual([
      "err: 文件中有 2 处问题，没有导入任何数据。请改正后重新上传整个文件。",
      "err: 第4行 性别：必填，不能为空",
      "err: 第7行 职务：「书记」不是可选的值，应为：主任、副主任、委员、妇女委员",
    ]);

    const again = capture();
    expect(await runImportTerm({ county: tree.countyA.code, name: "第九届", file: good }, again.out)).toBe(1);
    expect(again.lines).toEqual([expect.stringContaining("本县已导入过「第九届」")]);
    const unknownCounty = capture();
    expect(await runImportTerm({ county: "980199000000", name: "第九届", file: good }, unknownCounty.out)).toBe(1);
    expect(unknownCounty.lines).toEqual(["err: 未找到统计用区划代码为 980199000000 的县级单位"]);
    const missing = capture();
    expect(await runImportTerm({ county: tree.countyA.code, name: "第七届", file: path.join(dir, "nope.xlsx") }, missing.out)).toBe(2);
    expect(missing.lines).toEqual([`err: 找不到文件 ${path.join(dir, "nope.xlsx")}`]);
  });
});

describe("npm run import:term (the script, in its own process, on its own embedded database)", () => {
  const root = path.resolve(import.meta.dirname, "../..");
  const work = mkdtempSync(path.join(tmpdir(), "import-term-cli-"));
  const dataDir = path.join(work, "db");
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const env = { ...process.env, PGLITE_DATA_DIR: dataDir, DATABASE_URL: "" };
  const run = (args: string[]) =>
    spawnSync(path.join(root, "node_modules/.bin/tsx"), ["--conditions=react-server", "scripts/import-term.ts", ...args], {
      cwd: root,
      env,
      encoding: "utf8",
      timeout: 120_000,
    });

  it("exit 2 for a usage error, before any database is opened", () => {
    const res = run(["--name", "第十一届", "a.xlsx"]);
    expect(res.status, res.stderr).toBe(2);
    expect(res.stderr).toContain("缺少 --county");
    expect(res.stderr).toContain("用法: npm run import:term");
  });

  it("exit 1 with row-level errors and nothing written, then exit 0 for a good file", async () => {
    // A migrated embedded database of its own: a copy of the run's template, or migrated by scripts/db.ts.
    if (inject("dbKind") === "pglite") cpSync(inject("templateDir"), dataDir, { recursive: true });
    else {
      const migrated = spawnSync(path.join(root, "node_modules/.bin/tsx"), ["--conditions=react-server", "scripts/db.ts", "migrate"], {
        cwd: root,
        env,
        encoding: "utf8",
      });
      expect(migrated.status, migrated.stderr).toBe(0);
    }
    let db = await openPglite(dataDir);
    const t = await makeTree(db.prisma);
    await db.close();

    const bad = path.join(work, "bad.xlsx");
    const rows = committeeOf(t.villageA1a);
    rows[1] = { ...rows[1]!, 出生日期: "生日" };
    rows.push(memberRow(t.villageB1a, 1));
    writeFileSync(bad, await workbook(rows));
    const refused = run(["--county", t.countyA.code, "--name", "第十一届", bad]);
    expect(refused.status, refused.stderr).toBe(1);
    expect(refused.stderr.trim().split("\n")).toEqual([
      "文件中有 2 处问题，没有导入任何数据。请改正后重新上传整个文件。",
      "第3行 出生日期：「生日」不是有效日期，请按 YYYY-MM-DD 填写，如 1975-05-01",
      `第9行 村(社区)统计用区划代码：本县没有统计用区划代码为 ${t.villageB1a.code} 的村(社区)`,
    ]);

    const good = path.join(work, "good.xlsx");
    writeFileSync(good, await workbook([...committeeOf(t.villageA1a), ...committeeOf(t.villageA1b)]));
    const done = run(["--county", t.countyA.code, "--name", "第十一届", good]);
    expect(done.status, done.stderr).toBe(0);
    expect(done.stdout.trim()).toBe("已导入第十一届：2 个村(社区)，14 名成员");

    db = await openPglite(dataDir);
    try {
      expect(await db.prisma.pastTerm.count()).toBe(1);
      expect(await db.prisma.pastTermMember.count()).toBe(14);
      const events = await db.prisma.auditEvent.findMany({ where: { event: "term.imported" } });
      expect(events.map((e) => ({ actorUsername: e.actorUsername, unitId: e.unitId }))).toEqual([{ actorUsername: SYSTEM_USERNAME, unitId: t.countyA.id }]);
    } finally {
      await db.close();
    }
  });
});
