import { expect, test, type Page } from "@playwright/test";
import { loginAs, logout } from "./helpers";

/** A valid 18-digit ID number (GB 11643 check character) for a birth date and gender. */
function idNumber(birth: string, seq: number, female: boolean): string {
  const order = String(seq * 2 + (female ? 0 : 1)).padStart(3, "0").slice(-3);
  const first17 = `510121${birth.replaceAll("-", "")}${order}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  return first17 + "10X98765432"[sum % 11]!;
}

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

async function addCandidate(page: Page, c: { name: string; id: string; post: string; votes: number }) {
  const form = page.locator("form").filter({ has: page.getByRole("button", { name: "保存并录入下一人" }) });
  await form.getByLabel("姓名").fill(c.name);
  await form.getByLabel("公民身份号码").fill(c.id);
  await form.getByLabel("参选职位").selectOption({ label: c.post });
  await form.getByLabel("联名人数").fill("15");
  await form.getByLabel("提名得票").fill(String(c.votes));
  await form.getByRole("button", { name: "保存并录入下一人" }).click();
  await expect(form.getByRole("status")).toHaveText("已保存候选人");
}

test("township submits → two departments review (one finds a 不能) → county decides → formal list with a 递补, printed", async ({ page }) => {
  // The township officer sets up 河湾村 with three director nominees for one seat (quota 1 + 1).
  await loginAs(page, "township");
  await page.goto("/campaigns");
  await page.getByRole("link", { name: "第十二届村(居)民委员会换届选举" }).click();
  await page.getByRole("row").filter({ hasText: "河湾村" }).getByRole("link", { name: "设置选举" }).click();
  await page.getByLabel("选举日").fill(inDays(40));
  await page.getByLabel("登记选民数").fill("980");
  await page.getByLabel("副主任职数").fill("0");
  await page.getByLabel("委员职数").fill("2");
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByRole("status")).toHaveText("已保存选举设置");
  await page.getByRole("link", { name: "初步候选人名单" }).click();
  await addCandidate(page, { name: "赵铁柱", id: idNumber("1972-02-02", 11, false), post: "主任", votes: 420 });
  await addCandidate(page, { name: "孙建军", id: idNumber("1976-06-16", 12, false), post: "主任", votes: 380 });
  await addCandidate(page, { name: "周大勇", id: idNumber("1981-09-09", 13, false), post: "主任", votes: 150 });
  await addCandidate(page, { name: "吴桂兰", id: idNumber("1983-03-03", 14, true), post: "委员", votes: 300 });
  await addCandidate(page, { name: "郑海", id: idNumber("1990-10-10", 15, false), post: "委员", votes: 280 });
  await addCandidate(page, { name: "冯磊", id: idNumber("1992-12-12", 16, false), post: "委员", votes: 260 });
  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: "提交联审" }).click();
  await expect(page.getByTestId("list-status")).toHaveText("已提交联审");
  await logout(page);

  // The county opens a round for 河湾村 with two departments.
  await loginAs(page, "county");
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "资格联审" }).click();
  const form = page.locator("form").filter({ has: page.getByRole("button", { name: "开启联审，发送各部门" }) });
  await form.getByLabel("轮次名称").fill("城关镇第一批");
  await form.getByLabel("各部门答复截止日期").fill(inDays(7));
  for (const box of await form.locator("input[name=departmentIds]").all()) await box.uncheck();
  await form.getByLabel("县纪委监委").check();
  await form.getByLabel("县公安局").check();
  for (const box of await form.locator("input[name=electionIds]").all()) await box.uncheck();
  await form.getByLabel(/河湾村/).check();
  await form.getByRole("button", { name: "开启联审，发送各部门" }).click();
  await expect(page.getByRole("row").filter({ hasText: "城关镇第一批" })).toContainText("进行中");
  await logout(page);

  // 县纪委监委: the whole page is clean, one confirmed step.
  await loginAs(page, "jiwei");
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "资格联审" }).click();
  await page.getByRole("link", { name: "城关镇第一批" }).click();
  await expect(page.getByTestId("queue").getByRole("row")).toHaveCount(7);
  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: /对本页 6 名未答复的候选人出具“无异议”/ }).click();
  await expect(page.getByText("已答复 6/6")).toBeVisible();
  await logout(page);

  // 县公安局: a 不能 finding on the top director nominee, 无异议 for the rest.
  await loginAs(page, "gongan");
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "资格联审" }).click();
  await page.getByRole("link", { name: "城关镇第一批" }).click();
  await page.getByRole("row").filter({ hasText: "赵铁柱" }).getByRole("link", { name: "其他意见" }).click();
  await page.getByLabel("审查意见").selectOption({ label: "存在不能情形" });
  await page.getByLabel("认定事实/说明").fill("2023年因组织赌博被行政拘留十五日");
  await page.getByLabel("依据文号（可空）").fill("示公(治)行罚决字〔2023〕118号");
  await page.locator("input[name=conditionCodes][value=SB04B]").check();
  await page.getByLabel(/证据附件/).setInputFiles({ name: "处罚决定书.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n%%EOF\n") });
  await page.getByRole("button", { name: "出具意见" }).click();
  await expect(page.getByRole("status")).toHaveText("已出具意见");
  await page.getByRole("link", { name: "返回待审队列" }).click();
  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: /对本页 5 名未答复的候选人出具“无异议”/ }).click();
  await expect(page.getByText("已答复 6/6")).toBeVisible();
  // The 不能 finding stayed: the bulk step never overwrites an answer.
  await page.getByRole("link", { name: "已答复" }).click();
  await expect(page.getByRole("row").filter({ hasText: "赵铁柱" })).toContainText("存在不能情形");
  await logout(page);

  // The county sees the board, approves the clean batch, rejects the barred nominee, completes the village.
  await loginAs(page, "county");
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "资格联审" }).click();
  await page.getByRole("link", { name: "城关镇第一批" }).click();
  const matrix = page.getByTestId("matrix");
  await expect(matrix.getByRole("row").filter({ hasText: "赵铁柱" })).toContainText("不能");
  await expect(matrix.getByRole("row").filter({ hasText: "赵铁柱" })).toContainText("不符合条件");
  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: /通过全部“符合条件”的 5 名候选人/ }).click();
  await expect(matrix.getByRole("row").filter({ hasText: "周大勇" })).toContainText("通过");
  await matrix.getByRole("link", { name: "赵铁柱" }).click();
  await expect(page.getByTestId("explanation")).toContainText("县公安局");
  // The evidence file travels with the opinion and opens for the county.
  const evidence = page.waitForEvent("download");
  await page.getByRole("link", { name: "处罚决定书.pdf" }).click();
  expect((await evidence).suggestedFilename()).toBe("处罚决定书.pdf");
  await page.getByLabel("决定").selectOption({ label: "不通过" });
  await page.getByRole("button", { name: "作出决定" }).click();
  await expect(page.getByText("决定：不通过")).toBeVisible();
  await page.getByRole("link", { name: "返回联审看板" }).click();
  const villages = page.getByTestId("villages");
  await villages.getByRole("row").filter({ hasText: "河湾村" }).getByRole("button", { name: "完成联审，确定正式候选人" }).click();
  await expect(villages.getByRole("row").filter({ hasText: "河湾村" })).toContainText("正式候选人已公布");
  await logout(page);

  // The township sees one formal list with the 递补 and prints the announcement.
  await loginAs(page, "township");
  await page.goto("/campaigns");
  await page.getByRole("link", { name: "第十二届村(居)民委员会换届选举" }).click();
  await page.getByRole("row").filter({ hasText: "河湾村" }).getByRole("link", { name: "名单" }).click();
  await expect(page.getByTestId("list-status")).toHaveText("正式候选人已公布");
  await expect(page.getByRole("row").filter({ hasText: "赵铁柱" })).toContainText("未通过资格审查");
  await expect(page.getByRole("row").filter({ hasText: "周大勇" })).toContainText("正式候选人（递补）");
  await expect(page.getByRole("row").filter({ hasText: "孙建军" })).toContainText("正式候选人");
  await page.getByRole("link", { name: "打印正式候选人公告" }).click();
  const ann = page.getByTestId("announcement");
  await expect(ann).toContainText("正式候选人名单公告");
  await expect(ann).toContainText("周大勇");
  await expect(ann).not.toContainText("赵铁柱");
});
