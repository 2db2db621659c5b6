import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "Huanjie2026";

/** Logs in through the real form and waits for the role's home page. */
export async function loginAs(page: Page, username: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.locator("form[data-ready]").waitFor();
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).toHaveURL(/\/home$/);
}

export async function logout(page: Page) {
  await page.getByRole("button", { name: "退出登录" }).click();
  await expect(page).toHaveURL(/\/login/);
}

/** The id of a unit, read from the units page as a user who can see it. */
export async function unitIdByName(page: Page, name: string): Promise<string> {
  await page.goto("/admin/units");
  const href = await page.getByRole("link", { name, exact: true }).first().getAttribute("href");
  const id = href?.split("/").pop();
  if (!id) throw new Error(`unit ${name} not found on the units page`);
  return id;
}
