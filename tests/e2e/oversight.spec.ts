import { expect, test } from "@playwright/test";
import ExcelJS from "exceljs";
import { loginAs } from "./helpers";

// Runs after election-day.spec.ts, which counted and confirmed 城东村's election. Only reads, and sets
// one risk status (河湾村), so the specs after it see the same data.

const STAGE_LABELS = ["未开始", "提名中", "资格联审中", "正式候选人已公布", "投票准备就绪", "投票计票中", "结果已确认", "结果已认定", "已封存归档"];

test("township dashboard: only its own villages, red first, drill down to a ballot box, Excel with the page's numbers", async ({ page }) => {
  await loginAs(page, "township");
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "进度看板" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("城关镇换届进度看板");

  // Only 城关镇's villages: not 东河乡's, nor any other township's or county's.
  const villages = page.getByTestId("villages");
  for (const name of ["城东村", "城西村", "河湾村", "新华社区"]) await expect(villages.getByRole("link", { name, exact: true })).toBeVisible();
  for (const name of ["东河村", "柳树村", "杨庄村", "西山村", "南关村", "邻村"]) await expect(page.getByText(name, { exact: true })).toHaveCount(0);
  // The county above is shown but cannot be opened by a township officer.
  await expect(page.getByTestId("breadcrumb")).toContainText("示例县");
  await expect(page.getByTestId("breadcrumb").getByRole("link")).toHaveCount(0);
  await expect(villages.locator('tr[data-village="城东村"]').getByTestId("stage")).toHaveText("结果已确认");

  // The township marks 河湾村 red with its handling note; it moves to the top of the list.
  const row = villages.locator('tr[data-village="河湾村"]');
  await row.getByText("设定", { exact: true }).click();
  await row.getByLabel("风险等级").selectOption({ label: "红（复杂）" });
  await row.getByLabel("处置说明").fill("宗族矛盾突出，镇党委书记包村，工作组进驻");
  await row.getByRole("button", { name: "保存风险等级" }).click();
  await expect(row.getByRole("status")).toHaveText("已保存风险等级");
  await page.reload();
  const first = page.getByTestId("villages").locator("tbody tr").first();
  await expect(first).toHaveAttribute("data-village", "河湾村");
  await expect(first.getByTestId("risk")).toHaveText("红");
  await expect(first).toContainText("宗族矛盾突出，镇党委书记包村，工作组进驻");
  await expect(first).toContainText("陈静（城关镇换届办）");

  // The page's stage counts, then the same numbers in the Excel export.
  const pageCounts: Record<string, number> = {};
  for (const [i, label] of STAGE_LABELS.entries()) {
    const cells = page.getByTestId("stage-counts").locator("tbody tr").nth(i).locator("td");
    await expect(cells.first()).toHaveText(label);
    pageCounts[label] = Number(await cells.nth(1).textContent());
  }
  const total = Number(await page.getByTestId("count-total").textContent());
  expect(total).toBe(await page.getByTestId("villages").locator("tbody tr").count());
  expect(Object.values(pageCounts).reduce((a, b) => a + b, 0)).toBe(total);
  expect(pageCounts["结果已确认"]).toBeGreaterThanOrEqual(1);

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "导出 Excel" }).click()]);
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(await download.path());
  expect(wb.worksheets.map((w) => w.name)).toEqual(["阶段统计", "村(社区)进度", "未开始的村(社区)"]);
  const stages = wb.getWorksheet("阶段统计")!;
  expect(stages.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
  expect(stages.getRow(1).getCell(1).value).toBe("阶段");
  const excelCounts: Record<string, number> = {};
  for (let r = 2; r < 2 + STAGE_LABELS.length; r++) excelCounts[String(stages.getRow(r).getCell(1).value)] = Number(stages.getRow(r).getCell(2).value);
  expect(excelCounts).toEqual(pageCounts);
  expect(stages.getRow(2 + STAGE_LABELS.length).getCell(2).value).toBe(total);
  const villageSheet = wb.getWorksheet("村(社区)进度")!;
  expect(villageSheet.actualRowCount - 1).toBe(total);
  expect([villageSheet.getRow(2).getCell(2).value, villageSheet.getRow(2).getCell(6).value]).toEqual(["河湾村", "红（复杂）"]);

  // Drill down: 城东村, its rounds and boxes, then one box's tally sheet.
  await page.getByTestId("villages").getByRole("link", { name: "城东村", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("城东村换届进度");
  await expect(page.getByTestId("boxes")).toContainText("流动票箱");
  const round1 = page.getByTestId("round-1");
  await expect(round1).toContainText("第一次投票");
  await expect(round1.getByTestId("box-status")).toHaveText(["已计入", "已计入"]);
  await expect(page.getByTestId("round-2")).toBeVisible();
  await expect(page.getByTestId("breadcrumb").getByRole("link", { name: "城关镇" })).toBeVisible();
  await round1.getByRole("link", { name: "查看1号票箱计票单" }).click();
  await expect(page).toHaveURL(/\/elections\/[0-9a-f-]+\/count\/[0-9a-f-]+\/[0-9a-f-]+$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("城东村 · 第一次投票 · 1号票箱计票单");
  await expect(page.getByTestId("tally-status")).toHaveText("已计入");
});

test("a township officer cannot open another township's dashboard or village", async ({ page }) => {
  await loginAs(page, "county");
  await page.goto("/dashboard");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("示例县换届进度看板");
  await page.getByTestId("children").getByRole("link", { name: "东河乡" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("东河乡换届进度看板");
  const dongheUrl = page.url();
  await page.getByTestId("villages").getByRole("link", { name: "东河村", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("东河村换届进度");
  const villageUrl = page.url();
  expect(villageUrl).toContain("/dashboard/village/");

  await page.context().clearCookies();
  await loginAs(page, "township");
  await page.goto(dongheUrl);
  await expect(page.getByText("未找到该换届或单位，或它不在您的管辖范围内。")).toBeVisible();
  await page.goto(villageUrl);
  await expect(page.getByRole("heading", { name: "未找到" })).toBeVisible();
  await expect(page.getByText("东河村")).toHaveCount(0);
  // Nor its Excel export: the route answers 404 like any foreign object.
  const exportRes = await page.request.get(dongheUrl.replace("/dashboard?", "/dashboard/export?"));
  expect(exportRes.status()).toBe(404);
});

test("province supervisor: every county on one page, sorted, drill down to a county, Excel with the page's numbers", async ({ page }, info) => {
  await loginAs(page, "province");
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "进度看板" }).click();
  await expect(page).toHaveURL(/\/dashboard\/province$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("示例省换届进度总览");
  const counties = page.getByTestId("counties");
  const shixian = counties.getByRole("row").filter({ hasText: "示例县" });
  const linxian = counties.getByRole("row").filter({ hasText: "邻县" });
  await expect(shixian).toBeVisible();
  await expect(linxian).toBeVisible();
  // The county's units (15 villages + 2 communities in the demo) and the total row agree with the rows.
  const units = Number(await shixian.getByTestId("units").textContent());
  expect(units).toBeGreaterThan(0);
  await expect(shixian.getByTestId("kinds")).toHaveText(/\d+ \/ [1-9]\d*/);
  const total = page.getByTestId("province-total-row");
  const rowsSum = (await counties.locator("tbody tr[data-county] [data-testid=units]").allTextContents()).reduce((a, b) => a + Number(b), 0);
  await expect(total.getByTestId("units")).toHaveText(String(rowsSum));
  await page.screenshot({ path: info.outputPath("province-overview.png"), fullPage: true });

  // Sorted by units, largest first; the header says so.
  await counties.getByRole("link", { name: "村(社区)数" }).click();
  await expect(page).toHaveURL(/sort=units/);
  await expect(counties.locator("tbody tr[data-county]").first()).toContainText(
    units >= Number(await linxian.getByTestId("units").textContent()) ? "示例县" : "邻县",
  );

  // Excel: the same county table.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "导出 Excel" }).click()]);
  expect(download.suggestedFilename()).toMatch(/示例省.*\.xlsx$/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(await download.path());
  const sheet = wb.getWorksheet("各县(市、区)进度")!;
  const excelRow = sheet.getSheetValues().find((r) => Array.isArray(r) && r[1] === "示例县") as unknown[];
  expect(excelRow[5]).toBe(units);

  // Drill down: the county's own dashboard, and back.
  await shixian.getByRole("link", { name: "示例县" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("示例县换届进度看板");
  await expect(page.getByTestId("count-total")).toHaveText(String(units));
  await page.getByRole("link", { name: "返回示例省总览" }).click();
  await expect(page).toHaveURL(/\/dashboard\/province$/);
});
