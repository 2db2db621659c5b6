import { expect, test, type Browser, type Page } from "@playwright/test";
import { loginAs } from "./helpers";

// The session cap (SESSION_MAX_PER_USER, default 3; docs/decisions/002) as a user meets it: the same
// account signed in from four browsers pushes the first one out, and that browser's login page says why;
// 我的账号 lists the live sessions and "结束其他会话" ends all but this one, whose browsers are told so too.

const USER = "supervisor";

async function signedInBrowser(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await loginAs(page, USER);
  return page;
}

/** Whether the page's browser is still signed in: /home stays, or it is sent to the login page. */
async function home(page: Page) {
  await page.goto("/home");
  return new URL(page.url()).pathname;
}

test("a fourth login ends the oldest session with a notice; 我的账号 lists the sessions and ends the others", async ({ browser }) => {
  const first = await signedInBrowser(browser);
  const second = await signedInBrowser(browser);
  const third = await signedInBrowser(browser);
  expect(await home(first)).toBe("/home");

  const fourth = await signedInBrowser(browser);
  // The oldest browser is out, and told why, once, on the login page.
  expect(await home(first)).toBe("/login");
  await expect(first.getByTestId("session-ended-notice")).toHaveText(
    "您的账号在其他地方登录，此前的一个会话已结束（同时在线不超过 3 个）。如果不是您本人登录，请登录后立即修改密码。",
  );
  // The other three still work.
  for (const p of [second, third, fourth]) expect(await home(p)).toBe("/home");

  await fourth.goto("/account");
  const rows = fourth.getByTestId("own-sessions").locator("tbody tr");
  await expect(rows).toHaveCount(3);
  await expect(fourth.locator("tr[data-current]")).toHaveCount(1);
  await expect(fourth.locator("tr[data-current]")).toContainText("当前会话");
  await expect(fourth.getByTestId("own-sessions").getByRole("button", { name: "结束", exact: true })).toHaveCount(2);

  fourth.once("dialog", (d) => void d.accept());
  await fourth.getByRole("button", { name: "结束其他会话" }).click();
  await expect(fourth.getByText("已结束其他 2 个会话")).toBeVisible();
  await expect(rows).toHaveCount(1);
  await expect(fourth.getByText("只有当前会话在线。")).toBeVisible();

  for (const p of [second, third]) {
    expect(await home(p)).toBe("/login");
    await expect(p.getByTestId("session-ended-notice")).toHaveText("此浏览器上的会话已在您的其他登录中被结束，请重新登录。");
  }
  expect(await home(fourth)).toBe("/home");
  // A pushed-out browser signs in again like any other, and the list shows it beside this one.
  await loginAs(first, USER);
  await fourth.goto("/account");
  await expect(rows).toHaveCount(2);
});
