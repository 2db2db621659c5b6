// Accounts in bulk: the county administrator imports accounts from Excel, sees the one-time initial
// passwords once, prints a hand-out sheet per township, disables one account with a tick; the new clerk
// signs in with the printed password and must change it first.
import ExcelJS from "exceljs";
import { expect, test } from "@playwright/test";
import { loginAs, logout } from "./helpers";

async function accountFile(rows: (string | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("账号");
  ws.addRow(["用户名", "姓名", "角色", "单位代码", "部门", "手机号"]);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

test("import accounts, print the township sheets, disable one, first login with the initial password", async ({ page }) => {
  // window.print() is replaced: the test reads what would have been printed.
  await page.addInitScript(() => {
    (window as unknown as { printed: string[] }).printed = [];
    window.print = () => void (window as unknown as { printed: string[] }).printed.push(document.querySelector(".handout")?.textContent ?? "");
  });
  await loginAs(page, "county");
  await page.goto("/admin/users");

  // A file with a problem first: listed by row, nothing created.
  await page.getByLabel("填好的账号文件（.xlsx）").setInputFiles({
    name: "账号.xlsx",
    mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    buffer: await accountFile([["e2e.bad", "张三", "村长", "990121100202", null, null]]),
  });
  await page.getByRole("button", { name: "上传并导入" }).click();
  await expect(page.getByTestId("import-errors")).toContainText("「村长」不是可选的角色");
  await expect(page.getByTestId("import-errors")).toContainText("第 2 行");

  await page.getByLabel("填好的账号文件（.xlsx）").setInputFiles({
    name: "账号.xlsx",
    mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    buffer: await accountFile([
      ["e2e.chengxi", "孙秀英", "村(社区)选委会工作人员", "990121100202", null, "13800138000"],
      ["e2e.donghe", "周海燕", "村(社区)选委会工作人员", "990121200202", null, null],
    ]),
  });
  await page.getByRole("button", { name: "上传并导入" }).click();
  const issued = page.getByTestId("issued-accounts");
  await expect(issued).toContainText("已导入 2 个账号");
  const passwords = await page.getByTestId("initial-password").allTextContents();
  expect(passwords).toHaveLength(2);
  for (const p of passwords) expect(p).toMatch(/^[A-Za-z2-9]{12}$/);
  const chengxiRow = page.getByRole("row").filter({ hasText: "e2e.chengxi" });
  const chengxiPassword = (await chengxiRow.getByTestId("initial-password").textContent())!;

  // One township's sheet: only its account, with the instruction.
  await issued.getByRole("button", { name: "打印 城关镇（1）" }).click();
  await expect.poll(() => page.evaluate(() => (window as unknown as { printed: string[] }).printed.length)).toBe(1);
  const sheet = await page.evaluate(() => (window as unknown as { printed: string[] }).printed[0]!);
  expect(sheet).toContain("城关镇");
  expect(sheet).toContain("e2e.chengxi");
  expect(sheet).toContain(chengxiPassword);
  expect(sheet).toContain("首次登录后须修改密码");
  expect(sheet).not.toContain("e2e.donghe");

  // A fresh load shows the accounts, never their passwords.
  await page.reload();
  await expect(page.getByRole("link", { name: "e2e.chengxi" })).toBeVisible();
  await expect(page.getByTestId("issued-accounts")).toHaveCount(0);
  expect(await page.content()).not.toContain(chengxiPassword);

  // Disable e2e.donghe with a tick.
  await page.getByLabel("选择 e2e.donghe").check();
  page.once("dialog", (d) => void d.accept());
  await page.getByRole("button", { name: "停用所选账号" }).click();
  await expect(page.getByText("已停用所选账号")).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: "e2e.donghe" })).toContainText("已停用");
  await logout(page);

  // The clerk signs in with the sheet's password and must choose their own first.
  await page.goto("/login");
  await page.locator("form[data-ready]").waitFor();
  await page.getByLabel("用户名").fill("e2e.chengxi");
  await page.getByLabel("密码").fill(chengxiPassword);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).toHaveURL(/\/password/);
});
