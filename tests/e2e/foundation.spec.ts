import { expect, test } from "@playwright/test";
import { loginAs, logout, unitIdByName } from "./helpers";

const ROLES = [
  { username: "admin", title: "系统管理", unit: "示例省" },
  { username: "county", title: "县换届办工作台", unit: "示例县" },
  { username: "jiwei", title: "联审部门工作台", unit: "示例县" },
  { username: "township", title: "乡镇(街道)换届办工作台", unit: "城关镇" },
  { username: "village", title: "村(社区)选委会工作台", unit: "城东村" },
  { username: "supervisor", title: "督导工作台", unit: "示例县" },
] as const;

test.describe("每个示例角色登录后看到自己的工作台", () => {
  for (const role of ROLES) {
    test(role.username, async ({ page }) => {
      await loginAs(page, role.username);
      await expect(page.getByTestId("home-title")).toHaveText(role.title);
      await expect(page.getByTestId("home-unit")).toContainText(role.unit);
      await logout(page);
      await page.goto("/home");
      await expect(page).toHaveURL(/\/login/);
    });
  }
});

test("wrong password is refused with a clear message", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("用户名").fill("supervisor");
  await page.getByLabel("密码").fill("wrong-password-1");
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByRole("form", { name: "登录" }).getByRole("alert")).toHaveText("用户名或密码错误");
  await expect(page).toHaveURL(/\/login/);
});

test("a foreign county's and a sibling township's units are not found", async ({ page }) => {
  await loginAs(page, "admin");
  const foreignVillage = await unitIdByName(page, "邻村");
  const siblingVillage = await unitIdByName(page, "东河村");
  const ownVillage = await unitIdByName(page, "城东村");
  await logout(page);

  await loginAs(page, "county");
  await page.goto(`/admin/units/${foreignVillage}`);
  await expect(page.getByRole("heading", { name: "未找到" })).toBeVisible();
  await expect(page.getByText("邻村")).toHaveCount(0);
  await logout(page);

  await loginAs(page, "township");
  await page.goto(`/admin/units/${siblingVillage}`);
  await expect(page.getByRole("heading", { name: "未找到" })).toBeVisible();
  await page.goto(`/admin/units/${ownVillage}`);
  await expect(page.getByTestId("unit-name")).toHaveText("城东村");
  // A township officer has no user administration at all.
  await page.goto("/admin/users");
  await expect(page.getByRole("heading", { name: "未找到" })).toBeVisible();
});

test("county admin creates a village and a user; the new user logs in; logout and disabling end sessions", async ({ page, browser }) => {
  await loginAs(page, "county");
  const township = await unitIdByName(page, "东河乡");
  await page.goto(`/admin/units/${township}`);

  // A code outside the township's prefix is refused with a specific message.
  const form = page.locator("form").filter({ has: page.getByRole("button", { name: "添加" }) });
  await form.getByLabel("名称").fill("新建村");
  await form.getByLabel("统计用区划代码").fill("990121201299");
  await form.getByRole("button", { name: "添加" }).click();
  await expect(form.getByRole("alert")).toContainText("代码前 9 位应与上级单位代码 990121200 一致");
  // What the clerk typed is still there after a refusal.
  await expect(form.getByLabel("名称")).toHaveValue("新建村");

  await form.getByLabel("统计用区划代码").fill("990121200299");
  await form.getByRole("button", { name: "添加" }).click();
  await expect(form.getByRole("status")).toHaveText("已创建下级单位");
  await expect(page.getByRole("link", { name: "新建村", exact: true })).toBeVisible();

  await page.goto("/admin/users");
  const create = page.locator("form").filter({ has: page.getByRole("button", { name: "创建用户" }) });
  await create.getByLabel("用户名").fill("xinjian_clerk");
  await create.getByLabel("姓名").fill("吴新");
  await create.getByLabel("初始密码").fill("Xinjian2026a");
  await create.getByLabel("角色").selectOption({ label: "村(社区)选委会工作人员" });
  await create.getByLabel("所在单位").selectOption({ label: "新建村（990121200299）" });
  await create.getByRole("button", { name: "创建用户" }).click();
  await expect(create.getByRole("status")).toHaveText("已创建用户");
  await expect(page.getByRole("link", { name: "xinjian_clerk" })).toBeVisible();

  // The new user logs in, in a separate browser context, with the initial password the county chose:
  // every page sends them to change it first; then they work.
  const other = await browser.newContext();
  const clerk = await other.newPage();
  await clerk.goto("/login");
  await clerk.locator("form[data-ready]").waitFor();
  await clerk.getByLabel("用户名").fill("xinjian_clerk");
  await clerk.getByLabel("密码").fill("Xinjian2026a");
  await clerk.getByRole("button", { name: "登录" }).click();
  await expect(clerk).toHaveURL(/\/password$/);
  await clerk.goto("/campaigns");
  await expect(clerk).toHaveURL(/\/password$/);
  await expect(clerk.getByTestId("password-notice")).toContainText("您的密码是管理员设置的");
  await clerk.getByLabel("当前密码").fill("Xinjian2026a");
  await clerk.getByLabel("新密码", { exact: true }).fill("Huanjie2026");
  await clerk.getByLabel("再次输入新密码").fill("Huanjie2026");
  await clerk.getByRole("button", { name: "修改密码" }).click();
  await expect(clerk.getByRole("main").getByRole("alert")).toHaveText("不能使用公开的演示密码 Huanjie2026");
  await clerk.getByLabel("新密码", { exact: true }).fill("Wuxin-Ziji-2026");
  await clerk.getByLabel("再次输入新密码").fill("Wuxin-Ziji-2026");
  await clerk.getByRole("button", { name: "修改密码" }).click();
  await expect(clerk).toHaveURL(/\/home$/);
  await expect(clerk.getByTestId("home-unit")).toContainText("新建村");

  // Logout ends the session on the server: a replayed cookie is refused.
  const cookies = await other.cookies();
  await logout(clerk);
  const replay = await browser.newContext();
  await replay.addCookies(cookies);
  const replayPage = await replay.newPage();
  await replayPage.goto("/home");
  await expect(replayPage).toHaveURL(/\/login/);

  // Disabling the user ends a live session at once.
  await loginAs(clerk, "xinjian_clerk", "Wuxin-Ziji-2026");
  await page.getByRole("link", { name: "xinjian_clerk" }).click();
  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: "停用账号" }).click();
  await expect(page.getByRole("status")).toHaveText("已更新账号状态");
  await clerk.goto("/home");
  await expect(clerk).toHaveURL(/\/login/);
  await clerk.getByLabel("用户名").fill("xinjian_clerk");
  await clerk.getByLabel("密码").fill("Wuxin-Ziji-2026");
  await clerk.getByRole("button", { name: "登录" }).click();
  await expect(clerk.getByRole("form", { name: "登录" }).getByRole("alert")).toContainText("该账号已停用");

  // Every change is in the audit log.
  await page.goto("/admin/audit");
  await expect(page.getByRole("cell", { name: "停用用户，并立即结束其全部会话" }).first()).toBeVisible();
  await expect(page.getByRole("cell", { name: "创建行政单位" }).first()).toBeVisible();
  await page.getByRole("button", { name: "校验审计日志完整性" }).click();
  await expect(page.getByText(/审计日志完整：共 \d+ 条/)).toBeVisible();
  await other.close();
  await replay.close();
});
