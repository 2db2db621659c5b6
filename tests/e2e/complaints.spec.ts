import { expect, test } from "@playwright/test";
import { loginAs, logout } from "./helpers";

test("county records a complaint and assigns it to 县纪委监委 → jiwei answers → county closes it as 属实; the supervisor never sees the complainant", async ({
  page,
}) => {
  // The county office receives a phone call about vote buying in 城东村.
  await loginAs(page, "county");
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "信访举报" }).click();
  await expect(page.getByRole("heading", { name: "信访举报台账" })).toBeVisible();
  const form = page.locator("form").filter({ has: page.getByRole("button", { name: "受理", exact: true }) });
  await form.getByLabel("受理渠道").selectOption({ label: "来电" });
  await form.getByLabel("问题类别").selectOption({ label: "拉票贿选" });
  await form.getByLabel("涉及村(社区)").selectOption({ label: "城关镇 城东村" });
  await form.getByLabel("举报人姓名").fill("张桂芳");
  await form.getByLabel("联系方式").fill("13712345678");
  await form.getByLabel("反映的主要问题").fill("有人以候选人名义给村民发红包，请求投票");
  await form.getByRole("button", { name: "受理", exact: true }).click();
  await expect(form.getByRole("status")).toHaveText("已受理并登记");
  const next = form.getByTestId("next-step");
  await expect(next).toHaveText(/^打开 \d{4}-001 交办$/);
  const number = (await next.textContent())!.match(/\d{4}-001/)![0];
  // The ledger lists it with the contact masked.
  const row = page.getByTestId("ledger").getByRole("row").filter({ hasText: number });
  await expect(row).toContainText("张** 137******78");
  await expect(row).toContainText("已受理");

  // Assigned to 县纪委监委 with a deadline.
  await next.click();
  await expect(page.getByRole("heading", { name: `信访举报件 ${number}` })).toBeVisible();
  await expect(page.getByTestId("complainant")).toContainText("张桂芳");
  await page.getByLabel("承办部门").selectOption({ label: "县纪委监委" });
  await page.getByRole("button", { name: "交办" }).click();
  await expect(page.getByRole("status")).toHaveText("已交办");
  await expect(page.getByTestId("complaint-status")).toHaveText("已交办");
  const url = page.url();
  await logout(page);

  // The department's reviewer finds it in their ledger and answers.
  await loginAs(page, "jiwei");
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "信访举报" }).click();
  await page.getByTestId("ledger").getByRole("link", { name: number }).click();
  await expect(page.getByTestId("complainant")).toContainText("张桂芳");
  await page.getByLabel("答复意见（核查情况）").fill("经核查，该村一名候选人的亲属确有发红包拉票行为");
  await page.getByRole("button", { name: "提交答复" }).click();
  // The answer form is gone once answered; the status says so.
  await expect(page.getByTestId("complaint-status")).toHaveText("已答复");
  await logout(page);

  // The county supervisor reads it without the complainant.
  await loginAs(page, "supervisor");
  await page.goto(url);
  await expect(page.getByTestId("answer")).toContainText("确有发红包拉票行为");
  await expect(page.getByTestId("complainant")).toHaveText("实名（保密，仅县换届办和承办部门可见）");
  await expect(page.getByText("张桂芳")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "办结" })).toHaveCount(0);
  await logout(page);

  // The county closes it with the finding and the action taken.
  await loginAs(page, "county");
  await page.goto(url);
  await page.getByLabel("查实结论").selectOption({ label: "属实" });
  await page.getByLabel("处理结果").fill("取消该候选人资格，对其亲属批评教育");
  await page.getByRole("button", { name: "办结" }).click();
  await expect(page.getByTestId("complaint-status")).toHaveText("已办结");
  await expect(page.getByTestId("finding")).toHaveText("属实");
  await expect(page.getByTestId("steps")).toContainText("李明（县纪委监委）");
  await page.getByRole("link", { name: "返回台账" }).click();
  await expect(page.getByTestId("ledger").getByRole("row").filter({ hasText: number })).toContainText("已办结");
});
