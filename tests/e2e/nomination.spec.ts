import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import ExcelJS from "exceljs";
import { loginAs, logout } from "./helpers";

/** A valid 18-digit ID number (GB 11643 check character) for a birth date and gender. */
function idNumber(birth: string, seq: number, female: boolean): string {
  const order = String(seq * 2 + (female ? 0 : 1))
    .padStart(3, "0")
    .slice(-3);
  const first17 = `510121${birth.replaceAll("-", "")}${order}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  return first17 + "10X98765432"[sum % 11]!;
}

function inDays(n: number): string {
  return new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
}

async function addCandidate(page: Page, c: { name: string; id: string; post: string }) {
  const form = page.locator("form").filter({ has: page.getByRole("button", { name: "保存并录入下一人" }) });
  await form.getByLabel("姓名").fill(c.name);
  await form.getByLabel("公民身份号码").fill(c.id);
  await form.getByLabel("参选职位").selectOption({ label: c.post });
  await form.getByLabel("联名人数").fill("12");
  await form.getByRole("button", { name: "保存并录入下一人" }).click();
  await expect(form.getByRole("status")).toHaveText("已保存候选人");
  // The form is ready for the next person: cleared, focus back on the name.
  await expect(form.getByLabel("姓名")).toHaveValue("");
  await expect(form.getByLabel("姓名")).toBeFocused();
}

test("township officer sets up an election, enters candidates, fixes a 差额 error and submits; the county sees it", async ({ page }) => {
  await loginAs(page, "township");
  await page.getByRole("link", { name: "换届选举", exact: true }).first().click();
  await page.getByRole("link", { name: "第十二届村(居)民委员会换届选举" }).click();
  const row = page.getByRole("row").filter({ hasText: "城西村" });
  await row.getByRole("link", { name: "设置选举" }).click();

  await page.getByLabel("选举日").fill(inDays(30));
  await page.getByLabel("登记选民数").fill("1200");
  await page.getByLabel("副主任职数").fill("0");
  await page.getByLabel("委员职数").fill("2");
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByRole("status")).toHaveText("已保存选举设置");
  await page.getByRole("link", { name: "初步候选人名单" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("城西村初步候选人名单");

  // One director candidate for one seat: the 差额 rule is broken and submission is refused.
  await addCandidate(page, { name: "王建华", id: idNumber("1975-03-12", 1, false), post: "主任" });
  await addCandidate(page, { name: "李秀英", id: idNumber("1980-07-01", 2, true), post: "委员" });
  await addCandidate(page, { name: "张伟", id: idNumber("1988-11-20", 3, false), post: "委员" });
  await addCandidate(page, { name: "刘洋", id: idNumber("1990-01-05", 4, false), post: "委员" });
  const problems = page.getByTestId("problems");
  await expect(problems).toContainText("错误");
  await expect(problems).toContainText("主任");
  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: "提交联审" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "名单还有" })).toBeVisible();
  await expect(page.getByTestId("list-status")).toHaveText("录入中");

  // One more member candidate by Excel: first with a wrong check digit (nothing saved), then fixed.
  await page.goto("/campaigns");
  await page.getByRole("link", { name: "第十二届村(居)民委员会换届选举" }).click();
  await page.getByRole("link", { name: "从 Excel 导入候选人" }).click();
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "导入模板（.xlsx）" }).click();
  const templatePath = await (await download).path();
  const goodId = idNumber("1985-04-18", 6, true);
  const upload = async (id: string) => {
    const wb = new ExcelJS.Workbook();
    // exceljs types predate Node 20's Buffer typing; the bytes are what it wants.
    await wb.xlsx.load((await readFile(templatePath)) as unknown as Parameters<ExcelJS.Xlsx["load"]>[0]);
    const sheet = wb.getWorksheet("初步候选人")!;
    const col = (header: string) => {
      let found = 0;
      sheet.getRow(1).eachCell((cell, n) => {
        if (String(cell.value).trim() === header) found = n;
      });
      if (!found) throw new Error(`template has no column ${header}`);
      return found;
    };
    const values: Record<string, string> = {
      "村(社区)统计代码": "990121100202",
      姓名: "马丽",
      性别: "女",
      民族: "汉族",
      出生日期: "1985-04-18",
      公民身份号码: id,
      学历: "高中",
      政治面貌: "群众",
      参选职位: "委员",
      提名方式: "自荐",
      竞职承诺: "是",
      干事承诺: "是",
      辞职承诺: "是",
      纪律承诺: "是",
    };
    for (const [header, value] of Object.entries(values)) sheet.getRow(2).getCell(col(header)).value = value;
    await page.getByLabel("填好的导入文件（.xlsx）").setInputFiles({
      name: "候选人.xlsx",
      mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      buffer: Buffer.from(await wb.xlsx.writeBuffer()),
    });
    await page.getByRole("button", { name: "上传并导入" }).click();
  };
  await upload(goodId.slice(0, 17) + (goodId.endsWith("0") ? "1" : "0"));
  const errors = page.getByTestId("import-errors");
  await expect(errors.getByRole("row").filter({ hasText: "公民身份号码" })).toContainText("初步候选人");
  await expect(errors.getByRole("row").filter({ hasText: "公民身份号码" }).getByRole("cell").nth(1)).toHaveText(/2/);
  await upload(goodId);
  await expect(page.getByText("已导入 1 名候选人（1 个村）")).toBeVisible();
  await page.goto("/campaigns");
  await page.getByRole("link", { name: "第十二届村(居)民委员会换届选举" }).click();
  await page.getByRole("row").filter({ hasText: "城西村" }).getByRole("link", { name: "名单" }).click();
  await expect(page.getByRole("cell", { name: "马丽" })).toBeVisible();

  // Fix the 差额 error: a second director candidate.
  await addCandidate(page, { name: "陈志强", id: idNumber("1979-05-30", 5, false), post: "主任" });
  await expect(problems).toContainText("名单符合各项规则");
  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: "提交联审" }).click();
  await expect(page.getByTestId("list-status")).toHaveText("已提交联审");
  // Locked for the township now.
  await expect(page.getByRole("button", { name: "保存并录入下一人" })).toHaveCount(0);

  // The announcement lists names in 姓氏笔画 order and masks nothing it should not show.
  await page.getByRole("link", { name: "打印公告" }).click();
  const ann = page.getByTestId("announcement");
  await expect(ann).toContainText("初步候选人名单公告");
  const text = (await ann.innerText()).replace(/\s+/g, "");
  expect(text.indexOf("王建华")).toBeLessThan(text.indexOf("陈志强"));
  expect(text.indexOf("刘洋")).toBeLessThan(text.indexOf("李秀英"));
  expect(text.indexOf("马丽")).toBeLessThan(text.indexOf("刘洋"));
  expect(text).not.toMatch(/\d{17}[\dX]/);
  await logout(page);

  await loginAs(page, "county");
  await page.goto("/campaigns");
  await page.getByRole("link", { name: "第十二届村(居)民委员会换届选举" }).click();
  await expect(page.getByRole("row").filter({ hasText: "城西村" })).toContainText("已提交联审");
  await page.getByRole("row").filter({ hasText: "城西村" }).getByRole("link", { name: "名单" }).click();
  await expect(page.getByRole("cell", { name: "陈志强" })).toBeVisible();
  // Lists show ID numbers masked.
  await expect(page.getByRole("cell", { name: /^5101\*{10}\d{3}[\dX]$/ }).first()).toBeVisible();
});

test("the same ID number typed in another township shows nothing of that person and changes nothing", async ({ page }) => {
  // 城西村 (城关镇) holds 王建华 since the test above; 东河乡's officer types his number for 柳树村.
  const wangId = idNumber("1975-03-12", 1, false);
  await loginAs(page, "township2");
  await page.getByRole("link", { name: "换届选举", exact: true }).first().click();
  await page.getByRole("link", { name: "第十二届村(居)民委员会换届选举" }).click();
  await page.getByRole("row").filter({ hasText: "柳树村" }).getByRole("link", { name: "设置选举" }).click();
  await page.getByLabel("选举日").fill(inDays(30));
  await page.getByLabel("登记选民数").fill("900");
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByRole("status")).toHaveText("已保存选举设置");
  await page.getByRole("link", { name: "初步候选人名单" }).click();

  const form = page.locator("form").filter({ has: page.getByRole("button", { name: "保存并录入下一人" }) });
  await form.getByLabel("姓名").fill("钱多多");
  await form.getByLabel("公民身份号码").fill(wangId);
  await form.getByLabel("参选职位").selectOption({ label: "委员" });
  await form.getByLabel("联名人数").fill("12");
  await form.getByRole("button", { name: "保存并录入下一人" }).click();
  await expect(form.getByRole("alert").first()).toContainText("该身份证号码已在本县其他村(社区)登记参选");
  // Nothing of 王建华 reaches this page, and what the officer typed is still there to correct.
  await expect(page.getByText("王建华")).toHaveCount(0);
  await expect(page.getByText("城西村")).toHaveCount(0);
  await expect(form.getByLabel("姓名")).toHaveValue("钱多多");
  await page.reload();
  await expect(page.getByRole("cell", { name: "钱多多" })).toHaveCount(0);
  await expect(page.getByText("王建华")).toHaveCount(0);
  await logout(page);

  // 城关镇's list is as it was.
  await loginAs(page, "township");
  await page.goto("/campaigns");
  await page.getByRole("link", { name: "第十二届村(居)民委员会换届选举" }).click();
  await page.getByRole("row").filter({ hasText: "城西村" }).getByRole("link", { name: "名单" }).click();
  await expect(page.getByRole("cell", { name: "王建华" })).toBeVisible();
  await expect(page.getByText("钱多多")).toHaveCount(0);
});
