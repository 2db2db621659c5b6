// The unit tree import (issue 14): a county's table from the national statistical division code table, as CSV or
// .xlsx, previewed then applied all or nothing; re-import is a no-op; a later table adds and renames (audited with
// before/after) and lists missing units without deleting them; deactivation is a second step refused where a unit
// has election data; a bad file changes nothing; the same import from the command line (npm run import:units).
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, describe, expect, inject, it } from "vitest";
import { toCsv } from "@/lib/domain/csv";
import { executeAction } from "@/lib/server/action";
import type { Actor } from "@/lib/server/auth/sessions";
import { openPglite } from "@/lib/server/db/connect";
import { SYSTEM_USER_ID } from "@/lib/server/oversight/past-terms";
import { listAssignableUnits } from "@/lib/server/units";
import { deactivateUnit, importUnits, type UnitImportSummary } from "@/lib/server/units-import";
import { parseImportUnitsArgs, runImportUnits, UNITS_SYSTEM_USERNAME } from "@/lib/server/units-import-cli";
import { auditMark, auditSince, fingerprint } from "../support/db-state";
import { makeActor, makeUnit } from "../support/fixtures";
import { makeCampaign, makeElection } from "../support/nomination-fixtures";
import { setupTestDatabase } from "../support/test-db";

const { prisma } = await setupTestDatabase();
const province = await makeUnit(prisma, null, "980000000000", "测试省", "PROVINCE");
const city = await makeUnit(prisma, province, "980100000000", "测试市", "CITY");
// Another county of the city, already in the system: a county's own table must not call it missing.
const countyB = await makeUnit(prisma, city, "980102000000", "乙县", "COUNTY");
const townB = await makeUnit(prisma, countyB, "980102100000", "乙一镇", "TOWN");
await makeUnit(prisma, townB, "980102100201", "乙一村", "VILLAGE");
const sysadmin = await makeActor(prisma, "SYSTEM_ADMIN", province);

type Cells = (string | number | null)[];
const HEADER = ["统计用区划代码", "名称", "城乡分类代码"];
/** 甲县: 2 townships, 5 villages and communities, some kinds by 城乡分类代码, some by name. */
const COUNTY_TABLE: Cells[] = [
  ["980101000000", "甲县", null],
  ["980101001000", "城关镇", null],
  ["980101001001", "胜利", "111"],
  ["980101001002", "红旗村委会", null],
  ["980101001003", "新华社区居委会", null],
  ["980101002000", "东河乡", null],
  ["980101002001", "东风", "220"],
  ["980101002002", "西山村", "210"],
];
const csv = (rows: Cells[], header = HEADER) =>
  toCsv(
    header,
    rows.map((r) => header.map((_, i) => r[i] ?? null)),
  );
async function xlsx(rows: Cells[], header = HEADER): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("区划代码");
  ws.addRow(header);
  // Codes typed as numbers, the way Excel keeps a pasted column of digits.
  for (const r of rows) ws.addRow(r.map((c, i) => (i === 0 && typeof c === "string" && /^\d{12}$/.test(c) ? Number(c) : c)));
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

async function run(actor: Actor, unitId: string, file: Uint8Array, opts: { apply?: boolean; digest?: string; fileName?: string } = {}) {
  return executeAction(importUnits, actor, { unitId, file, fileName: opts.fileName ?? "区划.csv", apply: opts.apply ?? true, digest: opts.digest });
}
function ok(res: Awaited<ReturnType<typeof run>>): UnitImportSummary {
  expect(res, JSON.stringify(res)).toMatchObject({ ok: true });
  return (res as { ok: true; data: UnitImportSummary }).data;
}
const unitByCode = (code: string) => prisma.unit.findUniqueOrThrow({ where: { code } });

/** Runs `fn` and checks it wrote nothing: no table changed, no audit event. */
async function expectNothingWritten<T>(fn: () => Promise<T>): Promise<T> {
  const before = await fingerprint(prisma);
  const mark = await auditMark(prisma);
  const out = await fn();
  expect(await fingerprint(prisma)).toEqual(before);
  expect((await auditSince(prisma, mark)).map((e) => e.event).filter((e) => e !== "action.denied")).toEqual([]);
  return out;
}

let county: Actor;

describe("a system administrator imports a county's table", () => {
  it("previews the plan without writing, then applies it: parents by code, kinds by 城乡分类代码 and by name", async () => {
    const preview = ok(await expectNothingWritten(() => run(sysadmin, province.id, csv(COUNTY_TABLE), { apply: false })));
    expect(preview).toMatchObject({ applied: false, noChange: false, rows: 8, renamed: [], missing: [] });
    expect(preview.byLevel).toEqual([
      { level: "COUNTY", inFile: 1, created: 1, renamed: 0, unchanged: 0 },
      { level: "TOWNSHIP", inFile: 2, created: 2, renamed: 0, unchanged: 0 },
      { level: "VILLAGE", inFile: 5, created: 5, renamed: 0, unchanged: 0 },
    ]);

    const mark = await auditMark(prisma);
    const done = ok(await run(sysadmin, province.id, csv(COUNTY_TABLE), { digest: preview.digest }));
    expect(done).toMatchObject({ applied: true, byLevel: preview.byLevel, missing: [] });

    const jia = await unitByCode("980101000000");
    expect(jia).toMatchObject({ name: "甲县", level: "COUNTY", kind: "COUNTY", parentId: city.id, countyId: jia.id, active: true });
    const town = await unitByCode("980101001000");
    expect(town).toMatchObject({ name: "城关镇", kind: "TOWN", parentId: jia.id, countyId: jia.id, path: `${jia.path}${town.id}/` });
    expect(await unitByCode("980101002000")).toMatchObject({ name: "东河乡", kind: "TOWNSHIP", parentId: jia.id });
    const kinds = await prisma.unit.findMany({
      where: { parent: { parentId: jia.id } },
      select: { code: true, name: true, kind: true, countyId: true },
      orderBy: { code: "asc" },
    });
    expect(kinds).toEqual([
      { code: "980101001001", name: "胜利", kind: "COMMUNITY", countyId: jia.id },
      { code: "980101001002", name: "红旗村委会", kind: "VILLAGE", countyId: jia.id },
      { code: "980101001003", name: "新华社区居委会", kind: "COMMUNITY", countyId: jia.id },
      { code: "980101002001", name: "东风", kind: "VILLAGE", countyId: jia.id },
      { code: "980101002002", name: "西山村", kind: "VILLAGE", countyId: jia.id },
    ]);

    const events = await auditSince(prisma, mark);
    expect(events.map((e) => ({ event: e.event, actorUserId: e.actorUserId, unitId: e.unitId }))).toEqual([
      { event: "unit.imported", actorUserId: sysadmin.userId, unitId: province.id },
    ]);
    expect(events[0]!.detail).toMatchObject({
      fileName: "区划.csv",
      rows: 8,
      renamed: 0,
      missing: [],
      created: expect.arrayContaining(["980101000000 甲县", "980101001001 胜利"]),
    });
    county = await makeActor(prisma, "COUNTY_ADMIN", { ...jia, level: "COUNTY" });
  });

  it("re-importing the same table, as CSV or as .xlsx with codes typed as numbers, changes nothing and says so", async () => {
    for (const [file, fileName] of [
      [csv(COUNTY_TABLE), "区划.csv"],
      [await xlsx(COUNTY_TABLE), "区划.xlsx"],
    ] as const) {
      const again = ok(await expectNothingWritten(() => run(sysadmin, province.id, file, { fileName })));
      expect(again).toMatchObject({ applied: false, noChange: true, created: [], renamed: [], missing: [] });
      expect(again.byLevel.map((c) => [c.level, c.unchanged])).toEqual([
        ["COUNTY", 1],
        ["TOWNSHIP", 2],
        ["VILLAGE", 5],
      ]);
    }
  });
});

describe("a county administrator imports a later table of their county", () => {
  // 红旗 becomes a community, 东河乡 gets a new village, 胜利 and 东风 are no longer in the table.
  const LATER: Cells[] = [
    ["980101001000", "城关镇", null],
    ["980101001002", "红旗社区居委会", "112"],
    ["980101001003", "新华社区居委会", null],
    ["980101002000", "东河乡", null],
    ["980101002002", "西山村", "210"],
    ["980101002003", "南湾村", null],
  ];

  it("adds the new village, renames the changed one with before/after in the audit log, and lists the missing without deleting them", async () => {
    const mark = await auditMark(prisma);
    const done = ok(await run(county, county.unitId, csv(LATER)));
    expect(done.created.map((c) => [c.code, c.name, c.kind])).toEqual([["980101002003", "南湾村", "VILLAGE"]]);
    expect(done.renamed).toEqual([
      { row: 3, code: "980101001002", before: { name: "红旗村委会", kind: "VILLAGE" }, after: { name: "红旗社区居委会", kind: "COMMUNITY" } },
    ]);
    // 乙县 (the city's other county) is not the county admin's, and not missing.
    expect(done.missing.map((m) => [m.code, m.name])).toEqual([
      ["980101001001", "胜利"],
      ["980101002001", "东风"],
    ]);
    expect(await unitByCode("980101001002")).toMatchObject({ name: "红旗社区居委会", kind: "COMMUNITY", version: 2 });
    expect(await unitByCode("980101001001")).toMatchObject({ name: "胜利", active: true });
    expect(await unitByCode("980101002001")).toMatchObject({ name: "东风", active: true });

    const events = await auditSince(prisma, mark);
    expect(events.map((e) => e.event)).toEqual(["unit.renamed", "unit.imported"]);
    expect(events[0]).toMatchObject({
      actorUserId: county.userId,
      objectType: "Unit",
      before: { name: "红旗村委会", kind: "VILLAGE" },
      after: { name: "红旗社区居委会", kind: "COMMUNITY" },
    });
    expect(events[1]!.detail).toMatchObject({ renamed: 1, missing: ["980101001001", "980101002001"] });
    // Re-importing the later table: nothing to do, the missing are still listed.
    const again = ok(await expectNothingWritten(() => run(county, county.unitId, csv(LATER))));
    expect(again).toMatchObject({ noChange: true, applied: false });
    expect(again.missing.map((m) => m.name)).toEqual(["胜利", "东风"]);
  });

  it("deactivation of a missing unit is refused while it has election data, and allowed for one without", async () => {
    const shengli = await unitByCode("980101001001");
    const campaign = await makeCampaign(prisma, county.unitId);
    await makeElection(prisma, campaign.id, shengli.id);
    const refused = await expectNothingWritten(() => executeAction(deactivateUnit, county, { id: shengli.id, version: shengli.version }));
    expect(refused).toMatchObject({
      ok: false,
      code: "invalid",
      error: expect.stringMatching(/「胜利」及其下级单位已有选举数据（1 个村\(社区\)选举（含候选人）），不能停用/),
    });

    const dongfeng = await unitByCode("980101002001");
    const mark = await auditMark(prisma);
    expect(await executeAction(deactivateUnit, county, { id: dongfeng.id, version: dongfeng.version })).toMatchObject({ ok: true, data: { deactivated: 1 } });
    expect(await unitByCode("980101002001")).toMatchObject({ active: false, version: dongfeng.version + 1 });
    expect((await auditSince(prisma, mark)).map((e) => [e.event, e.objectId])).toEqual([["unit.deactivated", dongfeng.id]]);
    // Out of the pickers, and no longer listed as missing.
    expect((await listAssignableUnits(county)).map((u) => u.code)).not.toContain("980101002001");
    const again = ok(await run(county, county.unitId, csv(LATER), { apply: false }));
    expect(again.missing.map((m) => m.name)).toEqual(["胜利"]);
    // A stale version (the page was open before someone else changed the unit) is refused.
    expect(await executeAction(deactivateUnit, county, { id: shengli.id, version: shengli.version + 5 })).toMatchObject({ ok: false, code: "stale" });
  });

  it("a preview that is no longer the plan (someone imported in between) is not applied", async () => {
    const rows: Cells[] = [
      ["980101002000", "东河乡", null],
      ["980101002004", "北坡村", null],
    ];
    const preview = ok(await run(county, county.unitId, csv(rows), { apply: false }));
    // In between, another import adds 南坡村 to 东河乡: the first file would now list it as missing.
    ok(
      await run(
        county,
        county.unitId,
        csv([
          ["980101002000", "东河乡", null],
          ["980101002005", "南坡村", null],
        ]),
      ),
    );
    const refused = await expectNothingWritten(() => run(county, county.unitId, csv(rows), { digest: preview.digest }));
    expect(refused).toMatchObject({ ok: false, code: "conflict", error: expect.stringMatching(/请重新预览/) });
  });
});

describe("a bad file changes nothing and names every problem by row and column", () => {
  it("ambiguous kind, duplicate code, a village without its township, and codes outside the county admin's county", async () => {
    const bad: Cells[] = [
      ["980101001000", "城关镇", null],
      ["980101001004", "第一农场", null],
      ["980101001005", "光明村", null],
      ["980101001005", "光明村", null],
      ["980101009001", "孤村", null],
      ["980102100202", "乙二村", null],
      ["980100000000", "测试市", null],
      ["980101001006", "红星村委会", "111"],
      ["98010100100", "短码村", null],
    ];
    const res = await expectNothingWritten(() => run(county, county.unitId, csv(bad)));
    expect(res).toMatchObject({ ok: false, code: "invalid", error: "文件中有 7 处问题，没有导入任何单位。请改正后重新上传整个文件。" });
    const details = res.ok ? [] : (res.details ?? []);
    expect(details.map((d) => [d.row, d.column])).toEqual([
      [3, "名称"],
      [5, "统计用区划代码"],
      [6, "统计用区划代码"],
      [7, "统计用区划代码"],
      [8, "统计用区划代码"],
      [9, "城乡分类代码"],
      [10, "统计用区划代码"],
    ]);
    expect(details[0]!.message).toMatch(/无法从名称「第一农场」判断是村还是社区/);
    expect(details[1]!.message).toMatch(/重复：第 4 行已有该代码/);
    expect(details[2]!.message).toMatch(/上级乡镇\(街道\)级单位 980101009000 既不在文件中，也不在系统中/);
    expect(details[3]!.message).toBe("代码 980102100202 不在「甲县」（980101000000）的范围内：只能导入本单位及其下级单位");
    expect(details[4]!.message).toMatch(/代码 980100000000 不在「甲县」/);
    expect(details[5]!.message).toMatch(/与名称「红星村委会」不一致/);
    expect(details[6]!.message).toMatch(/不是有效的 12 位统计用区划代码/);
  });

  it("a missing column is named; an old .xls, an empty file and a renamed own unit are refused", async () => {
    const noCode = await expectNothingWritten(() => run(county, county.unitId, csv([["980101001000", "城关镇"]], ["区划代码", "名称"])));
    expect(noCode).toMatchObject({ ok: false, code: "invalid", error: expect.stringContaining("缺少「统计用区划代码」列") });
    expect(noCode.ok ? null : noCode.details?.[0]).toMatchObject({ row: 1, column: "统计用区划代码" });
    const noName = await run(county, county.unitId, await xlsx([["980101001000", "城关镇"]], ["统计用区划代码", "单位名称"]), { fileName: "a.xlsx" });
    expect(noName).toMatchObject({ ok: false, error: expect.stringContaining("缺少「名称」列") });
    const xls = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect(await run(county, county.unitId, xls, { fileName: "a.xls" })).toMatchObject({ ok: false, error: expect.stringMatching(/旧版 Excel 97-2003/) });
    expect(await run(county, county.unitId, csv([]))).toMatchObject({ ok: false, error: expect.stringMatching(/^文件没有数据/) });
    const own = await expectNothingWritten(() => run(county, county.unitId, csv([["980101000000", "甲新县", null]])));
    expect(own).toMatchObject({ ok: false, details: [{ row: 2, column: "名称", message: expect.stringMatching(/不能修改您自己所在的单位「甲县」/) }] });
  });

  it("a GBK-encoded CSV (what Excel in China saves) reads the same as UTF-8", async () => {
    // "统计用区划代码,名称\r\n980101001000,城关镇\r\n" in GB18030, written by hand (Node cannot encode GBK).
    const gbk = Buffer.from("cdb3bcc6d3c3c7f8bbaeb4fac2eb2cc3fbb3c60d0a3938303130313030313030302cb3c7b9d8d5f20d0a", "hex");
    const res = ok(await run(county, county.unitId, new Uint8Array(gbk), { apply: false }));
    expect(res).toMatchObject({ noChange: true, byLevel: [{ level: "TOWNSHIP", inFile: 1, unchanged: 1 }] });
  });

  it("a township officer cannot import", async () => {
    const town = await unitByCode("980101001000");
    const officer = await makeActor(prisma, "TOWNSHIP_OFFICER", { ...town, level: "TOWNSHIP" });
    expect(await run(officer, town.id, csv([["980101001007", "新村", null]]))).toMatchObject({ ok: false, code: "forbidden" });
    expect(await prisma.unit.count({ where: { code: "980101001007" } })).toBe(0);
  });
});

describe("a province's table at size", () => {
  it("22 counties, about 2,900 units: imported in one go within 10 s, re-import a no-op", async () => {
    const p96 = await makeUnit(prisma, null, "960000000000", "大省", "PROVINCE");
    const admin96 = await makeActor(prisma, "SYSTEM_ADMIN", p96);
    const rows: Cells[] = [["961000000000", "大市", null]];
    for (let c = 1; c <= 22; c++) {
      const cc = `9610${String(c).padStart(2, "0")}`;
      rows.push([`${cc}000000`, `${"甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"[c - 1]}县`, null]);
      for (let t = 1; t <= 6; t++) {
        const tc = `${cc}${String(t).padStart(3, "0")}`;
        rows.push([`${tc}000`, `${"东南西北中上"[t - 1]}${c}镇`, null]);
        for (let v = 1; v <= 21; v++) rows.push([`${tc}${String(v).padStart(3, "0")}`, `${v}组`, v % 3 === 0 ? "111" : "220"]);
      }
    }
    expect(rows.length).toBe(1 + 22 * (1 + 6 * 22));
    const file = csv(rows);
    const started = Date.now();
    const done = ok(await run(admin96, p96.id, file));
    const elapsed = Date.now() - started;
    expect(done.byLevel.map((c) => [c.level, c.created])).toEqual([
      ["CITY", 1],
      ["COUNTY", 22],
      ["TOWNSHIP", 132],
      ["VILLAGE", 2772],
    ]);
    expect(elapsed).toBeLessThan(10_000);
    expect(await prisma.unit.count({ where: { path: { startsWith: p96.path } } })).toBe(rows.length + 1);
    expect(await prisma.unit.count({ where: { path: { startsWith: p96.path }, kind: "COMMUNITY" } })).toBe(22 * 6 * 7);
    const again = ok(await expectNothingWritten(() => run(admin96, p96.id, file)));
    expect(again).toMatchObject({ noChange: true, missing: [] });
  }, 60_000);
});

describe("npm run import:units", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "import-units-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const capture = () => {
    const lines: string[] = [];
    return { lines, out: { log: (l: string) => lines.push(`out: ${l}`), error: (l: string) => lines.push(`err: ${l}`) } };
  };

  it("reads its arguments: one .xlsx or .csv file, --dry-run; anything else is a usage error", () => {
    expect(parseImportUnitsArgs(["a.csv"])).toEqual({ ok: true, args: { file: "a.csv", dryRun: false } });
    expect(parseImportUnitsArgs(["--dry-run", "a.xlsx"])).toEqual({ ok: true, args: { file: "a.xlsx", dryRun: true } });
    expect(parseImportUnitsArgs([])).toMatchObject({ ok: false, message: "缺少要导入的文件（.xlsx 或 .csv）" });
    expect(parseImportUnitsArgs(["a.csv", "b.csv"])).toMatchObject({ ok: false, message: expect.stringMatching(/一次只能导入一个文件/) });
    expect(parseImportUnitsArgs(["a.txt"])).toMatchObject({ ok: false, message: expect.stringMatching(/只能导入 .xlsx 或 .csv/) });
    expect(parseImportUnitsArgs(["--county", "x", "a.csv"])).toMatchObject({ ok: false, message: "无法识别的参数 --county" });
  });

  it("exit 0 prints the counts per level, as the system; exit 1 one line per problem, nothing written; exit 2 for a missing file", async () => {
    const good = path.join(dir, "丙县.csv");
    writeFileSync(
      good,
      csv([
        ["980103000000", "丙县", null],
        ["980103001000", "丙一镇", null],
        ["980103001001", "丙一村", null],
        ["980103001002", "丙二社区", null],
      ]),
    );
    const mark = await auditMark(prisma);
    const done = capture();
    expect(await runImportUnits({ file: good, dryRun: false }, done.out)).toBe(0);
    expect(done.lines).toEqual([
      "out: 已导入：共 4 行",
      "out:   县级：1 个（新建 1，改名 0，不变 0）",
      "out:   乡镇(街道)级：1 个（新建 1，改名 0，不变 0）",
      "out:   村(社区)级：2 个（新建 2，改名 0，不变 0）",
    ]);
    const events = await auditSince(prisma, mark);
    expect(events.map((e) => [e.event, e.actorUserId, e.actorUsername, e.actorRole])).toEqual([
      ["unit.imported", SYSTEM_USER_ID, UNITS_SYSTEM_USERNAME, "SYSTEM_ADMIN"],
    ]);
    const again = capture();
    expect(await runImportUnits({ file: good, dryRun: false }, again.out)).toBe(0);
    expect(again.lines[0]).toBe("out: 没有变化：系统中的单位与文件一致：共 4 行");

    const bad = path.join(dir, "bad.csv");
    writeFileSync(
      bad,
      csv([
        ["980103001003", "第二农场", null],
        ["980103001003", "丙三村", null],
      ]),
    );
    const refused = capture();
    expect(await expectNothingWritten(() => runImportUnits({ file: bad, dryRun: false }, refused.out))).toBe(1);
    expect(refused.lines).toEqual([
      "err: 文件中有 2 处问题，没有导入任何单位。请改正后重新上传整个文件。",
      "err: 第2行 名称：无法从名称「第二农场」判断是村还是社区：名称应以 村/村委会/社区/居委会 结尾，或填写城乡分类代码",
      "err: 第3行 统计用区划代码：代码 980103001003 重复：第 2 行已有该代码",
    ]);
    const otherProvince = path.join(dir, "other.csv");
    writeFileSync(otherProvince, csv([["970101000000", "邻县", null]]));
    const none = capture();
    expect(await runImportUnits({ file: otherProvince, dryRun: false }, none.out)).toBe(1);
    expect(none.lines).toEqual(["err: 系统中没有代码为 970000000000 的省级单位：请先用 npm run admin:create 建立省级单位和系统管理员"]);
    const missing = capture();
    expect(await runImportUnits({ file: path.join(dir, "nope.csv"), dryRun: false }, missing.out)).toBe(2);
    expect(missing.lines).toEqual([`err: 找不到文件 ${path.join(dir, "nope.csv")}`]);
  });
});

describe("npm run import:units (the script, in its own process, on its own embedded database)", () => {
  const root = path.resolve(import.meta.dirname, "../..");
  const work = mkdtempSync(path.join(tmpdir(), "import-units-cli-"));
  const dataDir = path.join(work, "db");
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const env = { ...process.env, PGLITE_DATA_DIR: dataDir, DATABASE_URL: "" };
  const cli = (args: string[]) =>
    spawnSync(path.join(root, "node_modules/.bin/tsx"), ["--conditions=react-server", "scripts/import-units.ts", ...args], {
      cwd: root,
      env,
      encoding: "utf8",
      timeout: 120_000,
    });

  it("exit 2 for a usage error, before any database is opened", () => {
    const res = cli([]);
    expect(res.status, res.stderr).toBe(2);
    expect(res.stderr).toContain("缺少要导入的文件");
    expect(res.stderr).toContain("用法: npm run import:units");
  });

  it("exit 1 with one line per problem and nothing written, then exit 0 with the counts per level", async () => {
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
    const p = await makeUnit(db.prisma, null, "980000000000", "测试省", "PROVINCE");
    await makeUnit(db.prisma, p, "980100000000", "测试市", "CITY");
    await db.close();

    const bad = path.join(work, "bad.csv");
    writeFileSync(
      bad,
      csv([
        ["980101000000", "甲县", null],
        ["980101001000", "红星农场", null],
      ]),
    );
    const refused = cli([bad]);
    expect(refused.status, refused.stderr).toBe(1);
    expect(refused.stderr.trim().split("\n")).toEqual([
      "文件中有 1 处问题，没有导入任何单位。请改正后重新上传整个文件。",
      "第3行 名称：无法从名称「红星农场」判断是乡、镇还是街道：名称应以 乡/镇/街道/管委会 结尾",
    ]);

    const good = path.join(work, "甲县.xlsx");
    writeFileSync(good, await xlsx(COUNTY_TABLE));
    const done = cli([good]);
    expect(done.status, done.stderr).toBe(0);
    expect(done.stdout.trim().split("\n")).toEqual([
      "已导入：共 8 行",
      "  县级：1 个（新建 1，改名 0，不变 0）",
      "  乡镇(街道)级：2 个（新建 2，改名 0，不变 0）",
      "  村(社区)级：5 个（新建 5，改名 0，不变 0）",
    ]);
    db = await openPglite(dataDir);
    try {
      expect(await db.prisma.unit.count()).toBe(10);
      const events = await db.prisma.auditEvent.findMany({ where: { event: "unit.imported" } });
      expect(events.map((e) => e.actorUsername)).toEqual([UNITS_SYSTEM_USERNAME]);
    } finally {
      await db.close();
    }
  });
});
