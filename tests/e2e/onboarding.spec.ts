// How a real county starts (docs/unit-import.md, docs/accounts-import.md): the system administrator
// imports a new county's code table and its accounts; a new village clerk signs in with the handed-out
// password, must choose their own, and works in their village; the province supervisor sees the new
// county beside the others and drills down to a village.
import ExcelJS from "exceljs";
import { expect, test } from "@playwright/test";
import { loginAs, logout } from "./helpers";

const UNIT_TABLE = [
  "统计用区划代码,名称,城乡分类代码",
  "990123000000,示例新县,",
  "990123100000,新城镇,",
  "990123100201,新城村,220",
  "990123100001,新城社区,111",
  "990123200000,石桥乡,",
  "990123200201,石桥村,220",
].join("\n");

async function accountFile(rows: (string | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("账号");
  ws.addRow(["用户名", "姓名", "角色", "单位代码", "部门", "手机号"]);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

test("a new county from its code table and account list; the new clerk signs in; the province sees it", async ({ page }, info) => {
  await loginAs(page, "admin");
  await page.goto("/admin/units");
  const csv = { name: "示例新县.csv", mimeType: "text/csv", buffer: Buffer.from(UNIT_TABLE, "utf8") };
  await page.getByLabel("统计用区划代码表（.xlsx 或 .csv）").setInputFiles(csv);
  await page.getByRole("button", { name: "上传并预览" }).click();
  const plan = page.getByTestId("unit-import-plan");
  await expect(plan).toContainText("预览（尚未导入）：将新建 6 个单位");
  await page.screenshot({ path: info.outputPath("unit-import-preview.png"), fullPage: true });
  await page.getByRole("button", { name: "确认导入" }).click();
  await expect(plan).toContainText("已导入：新建 6 个单位");
  // A fresh load lists the new units; the same file again changes nothing.
  await page.reload();
  await expect(page.getByText("新城社区")).toBeVisible();
  await page.getByLabel("统计用区划代码表（.xlsx 或 .csv）").setInputFiles(csv);
  await page.getByRole("button", { name: "上传并预览" }).click();
  await expect(plan).toContainText("没有变化");

  // The accounts of the new county: its administrator and a clerk of 新城村.
  await page.goto("/admin/users");
  await page.getByLabel("填好的账号文件（.xlsx）").setInputFiles({
    name: "账号.xlsx",
    mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    buffer: await accountFile([
      ["xinxian.admin", "钱文华", "县换届办管理员", "990123000000", null, null],
      ["xincheng.clerk", "郑丽萍", "村(社区)选委会工作人员", "990123100201", null, "13900139000"],
    ]),
  });
  await page.getByRole("button", { name: "上传并导入" }).click();
  await expect(page.getByTestId("issued-accounts")).toContainText("已导入 2 个账号");
  const clerkPassword = (await page.getByRole("row").filter({ hasText: "xincheng.clerk" }).getByTestId("initial-password").textContent())!;
  await logout(page);

  // The clerk: the handed-out password, then their own, then their village.
  await page.goto("/login");
  await page.locator("form[data-ready]").waitFor();
  await page.getByLabel("用户名").fill("xincheng.clerk");
  await page.getByLabel("密码").fill(clerkPassword);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).toHaveURL(/\/password/);
  await page.getByLabel("当前密码").fill(clerkPassword);
  await page.getByLabel("新密码", { exact: true }).fill("Xincheng-Cun-2026");
  await page.getByLabel("再次输入新密码").fill("Xincheng-Cun-2026");
  await page.getByRole("button", { name: "修改密码" }).click();
  await expect(page).toHaveURL(/\/home$/);
  await expect(page.getByRole("banner")).toContainText("新城村");
  await logout(page);

  // The province: the new county beside the demo county (no campaign yet), then down to a village.
  await loginAs(page, "province");
  await page.goto("/dashboard/province");
  const row = page.getByTestId("counties").getByRole("row").filter({ hasText: "示例新县" });
  await expect(row).toContainText("未启动");
  await page.getByTestId("counties").getByRole("link", { name: "示例县" }).click();
  await page.getByRole("link", { name: "城东村" }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("城东村");
});
