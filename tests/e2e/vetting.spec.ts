import { expect, test, type Page } from "@playwright/test";
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

test("a second round after a 不能: the finding and the 不通过 carry over, only the 递补 is asked, and the formal list leaves the barred nominee out", async ({
  page,
}) => {
  const nav = () => page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "资格联审" });
  const openRoundFor = async (name: string) => {
    await nav().click();
    const form = page.locator("form").filter({ has: page.getByRole("button", { name: "开启联审，发送各部门" }) });
    await form.getByLabel("轮次名称").fill(name);
    await form.getByLabel("各部门答复截止日期").fill(inDays(7));
    for (const box of await form.locator("input[name=departmentIds]").all()) await box.uncheck();
    await form.getByLabel("县纪委监委").check();
    await form.getByLabel("县公安局").check();
    for (const box of await form.locator("input[name=electionIds]").all()) await box.uncheck();
    await form.getByLabel(/石桥村/).check();
    await form.getByRole("button", { name: "开启联审，发送各部门" }).click();
    await expect(page.getByRole("row").filter({ hasText: name })).toContainText("进行中");
  };
  const bulkClean = async (user: string, round: string, count: number) => {
    await loginAs(page, user);
    await nav().click();
    await page.getByRole("link", { name: round }).click();
    page.once("dialog", (d) => d.accept());
    await page.getByRole("button", { name: new RegExp(`对本页 ${count} 名未答复的候选人出具“无异议”`) }).click();
  };
  const listPage = async () => {
    await page.goto("/campaigns");
    await page.getByRole("link", { name: "第十二届村(居)民委员会换届选举" }).click();
    await page.getByRole("row").filter({ hasText: "石桥村" }).getByRole("link", { name: "名单" }).click();
  };

  // 东河乡 sets up 石桥村: two director nominees for one seat (quota 1 + 1), three members for two seats.
  await loginAs(page, "township2");
  await page.goto("/campaigns");
  await page.getByRole("link", { name: "第十二届村(居)民委员会换届选举" }).click();
  await page.getByRole("row").filter({ hasText: "石桥村" }).getByRole("link", { name: "设置选举" }).click();
  await page.getByLabel("选举日").fill(inDays(40));
  await page.getByLabel("登记选民数").fill("760");
  await page.getByLabel("副主任职数").fill("0");
  await page.getByLabel("委员职数").fill("2");
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.getByRole("status")).toHaveText("已保存选举设置");
  await page.getByRole("link", { name: "初步候选人名单" }).click();
  await addCandidate(page, { name: "张国庆", id: idNumber("1971-01-21", 21, false), post: "主任", votes: 410 });
  await addCandidate(page, { name: "李卫东", id: idNumber("1975-05-25", 22, false), post: "主任", votes: 360 });
  await addCandidate(page, { name: "吴秀英", id: idNumber("1982-02-22", 23, true), post: "委员", votes: 300 });
  await addCandidate(page, { name: "郑涛", id: idNumber("1988-08-18", 24, false), post: "委员", votes: 280 });
  await addCandidate(page, { name: "冯刚", id: idNumber("1991-11-11", 25, false), post: "委员", votes: 260 });
  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: "提交联审" }).click();
  await expect(page.getByTestId("list-status")).toHaveText("已提交联审");
  await logout(page);

  // Round 1: the police find 不能 on 张国庆; the county decides 不通过; one director is left, so the list goes back.
  await loginAs(page, "county");
  await openRoundFor("东河乡第一批");
  await logout(page);
  await bulkClean("jiwei", "东河乡第一批", 5);
  await expect(page.getByText("已答复 5/5")).toBeVisible();
  await logout(page);
  await loginAs(page, "gongan");
  await nav().click();
  await page.getByRole("link", { name: "东河乡第一批" }).click();
  await page.getByRole("row").filter({ hasText: "张国庆" }).getByRole("link", { name: "其他意见" }).click();
  await page.getByLabel("审查意见").selectOption({ label: "存在不能情形" });
  await page.getByLabel("认定事实/说明").fill("2022年因聚众扰乱公共秩序被行政拘留十日");
  await page.locator("input[name=conditionCodes][value=SB06A]").check();
  await page.getByRole("button", { name: "出具意见" }).click();
  await expect(page.getByRole("status")).toHaveText("已出具意见");
  await page.getByRole("link", { name: "返回待审队列" }).click();
  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: /对本页 4 名未答复的候选人出具“无异议”/ }).click();
  await expect(page.getByText("已答复 5/5")).toBeVisible();
  await logout(page);

  await loginAs(page, "county");
  await nav().click();
  await page.getByRole("link", { name: "东河乡第一批" }).click();
  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: /通过全部“符合条件”的 4 名候选人/ }).click();
  const matrix = page.getByTestId("matrix");
  await expect(matrix.getByRole("row").filter({ hasText: "李卫东" })).toContainText("通过");
  await matrix.getByRole("link", { name: "张国庆" }).click();
  await page.getByLabel("决定").selectOption({ label: "不通过" });
  await page.getByRole("button", { name: "作出决定" }).click();
  await expect(page.getByText("决定：不通过")).toBeVisible();
  await page.getByRole("link", { name: "返回联审看板" }).click();
  const villages = page.getByTestId("villages");
  await villages.getByRole("row").filter({ hasText: "石桥村" }).getByRole("button", { name: "完成联审，确定正式候选人" }).click();
  await expect(villages.getByRole("row").filter({ hasText: "石桥村" })).toContainText("已退回乡镇");
  // Its only village is done, so the round has ended.
  await expect(page.getByTestId("round-status")).toHaveText("已结束");
  await logout(page);

  // The township sees why: the list check no longer counts 张国庆. It adds 周杰 (递补) and sends the list again.
  await loginAs(page, "township2");
  await listPage();
  await expect(page.getByText("主任应选 1 名，候选人至少应有 2 名（差额至少 1 名），目前只有 1 名（未通过资格联审的 张国庆 不计入）")).toBeVisible();
  await addCandidate(page, { name: "周杰", id: idNumber("1984-04-14", 26, false), post: "主任", votes: 150 });
  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: "提交联审" }).click();
  await expect(page.getByTestId("list-status")).toHaveText("已提交联审");
  await logout(page);

  // Round 2: only 周杰 is new; everyone else keeps round 1's answers and decisions.
  await loginAs(page, "county");
  await openRoundFor("东河乡第二批");
  await logout(page);
  await loginAs(page, "gongan");
  await nav().click();
  await page.getByRole("link", { name: "东河乡第二批" }).click();
  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: /对本页 1 名未答复的候选人出具“无异议”/ }).click();
  await expect(page.getByText("已答复 6/6")).toBeVisible();
  // Round 1's 不能 is this department's standing answer here; the bulk step did not touch it.
  await page.getByRole("link", { name: "已答复" }).click();
  await expect(page.getByRole("row").filter({ hasText: "张国庆" })).toContainText("存在不能情形");
  await expect(page.getByRole("row").filter({ hasText: "张国庆" })).toContainText("继续有效");
  await logout(page);
  await bulkClean("jiwei", "东河乡第二批", 1);
  await expect(page.getByText("已答复 6/6")).toBeVisible();
  await logout(page);

  await loginAs(page, "county");
  await nav().click();
  await page.getByRole("link", { name: "东河乡第二批" }).click();
  const matrix2 = page.getByTestId("matrix");
  await expect(matrix2.getByRole("row").filter({ hasText: "张国庆" })).toContainText("不能");
  await expect(matrix2.getByRole("row").filter({ hasText: "张国庆" })).toContainText("不通过（沿用前轮）");
  await matrix2.getByRole("link", { name: "张国庆" }).click();
  await expect(page.getByTestId("explanation")).toContainText("前轮「东河乡第一批」县换届办决定：不通过");
  await expect(page.getByTestId("explanation")).toContainText("2022年因聚众扰乱公共秩序被行政拘留十日");
  await page.getByRole("link", { name: "返回联审看板" }).click();
  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: /通过全部“符合条件”的 1 名候选人/ }).click();
  await expect(matrix2.getByRole("row").filter({ hasText: "周杰" })).toContainText("通过");
  const villages2 = page.getByTestId("villages");
  await villages2.getByRole("row").filter({ hasText: "石桥村" }).getByRole("button", { name: "完成联审，确定正式候选人" }).click();
  await expect(villages2.getByRole("row").filter({ hasText: "石桥村" })).toContainText("正式候选人已公布");
  await expect(page.getByTestId("round-status")).toHaveText("已结束");
  await logout(page);

  // The formal list: 李卫东 and the 递补 周杰, never 张国庆.
  await loginAs(page, "township2");
  await listPage();
  await expect(page.getByTestId("list-status")).toHaveText("正式候选人已公布");
  await expect(page.getByRole("row").filter({ hasText: "张国庆" })).toContainText("未通过资格审查");
  await expect(page.getByRole("row").filter({ hasText: "周杰" })).toContainText("正式候选人（递补）");
  await expect(page.getByRole("row").filter({ hasText: "李卫东" })).toContainText("正式候选人");
});
