import { expect, test, type Locator, type Page } from "@playwright/test";
import { loginAs } from "./helpers";

// The voter roll (选民名册) of 城西村 as 城关镇's officer (who has voter.edit too). nomination.spec sets up
// 城西村's election 30 days ahead; the roll is posted 6 days ago (well before D − 20) so that an objection
// received today is late. 城东村 is counting (election-day.spec opens its rounds, records.spec seals it):
// its roll can no longer be created or changed. Posting makes the roll's 3 voters 城西村's registered
// voters, so this spec runs last.

/** A valid ID number (region 110101, serial, gender digit, GB 11643 check character). */
function idNumber(birth: string, serial: number, male: boolean): string {
  const first17 = `110101${birth.replaceAll("-", "")}${String(serial).padStart(2, "0")}${male ? 1 : 2}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((acc, d, i) => acc + Number(d) * weights[i]!, 0);
  return first17 + "10X98765432"[sum % 11]!;
}

const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const yearsBefore = (day: string, years: number) => `${Number(day.slice(0, 4)) - years}${day.slice(4)}`;
/** 城西村's election day exactly as nomination.spec types it (30 days from the UTC date). */
const electionDay = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
/** The day the roll is posted: before D − 20 and 6 days ago, so an objection received today is late. */
const postedOn = addDays(today, -6);

const VOTERS = {
  li: { name: "李春梅", birth: "1980-03-15", male: false, serial: 31 },
  wang: { name: "王建华", birth: "1975-06-02", male: true, serial: 32 },
  ding: { name: "丁志明", birth: "1990-11-20", male: true, serial: 33 },
  // Turns 18 the day after election day: refused.
  minor: { name: "刘小雨", birth: addDays(yearsBefore(electionDay, 18), 1), male: false, serial: 34 },
  ma: { name: "马小军", birth: yearsBefore(today, 18), male: true, serial: 35 },
};
const ids = Object.values(VOTERS).map((v) => idNumber(v.birth, v.serial, v.male));

/** Types one voter the way a clerk does: Enter moves field to field, Enter on the last field adds. */
async function typeVoter(form: Locator, v: (typeof VOTERS)[keyof typeof VOTERS], reason: string) {
  await expect(form.getByLabel("姓名")).toBeFocused();
  await form.getByLabel("姓名").fill(v.name);
  await form.getByLabel("姓名").press("Enter");
  await expect(form.getByLabel("公民身份号码")).toBeFocused();
  await form.getByLabel("公民身份号码").fill(idNumber(v.birth, v.serial, v.male));
  // The ID number fills in the birth date and gender.
  await expect(form.getByLabel("出生日期")).toHaveValue(v.birth);
  await expect(form.getByLabel("性别")).toHaveValue(v.male ? "MALE" : "FEMALE");
  await form.getByLabel("公民身份号码").press("Enter");
  await expect(form.getByLabel("性别")).toBeFocused();
  await form.getByLabel("村民小组").fill("第一村民小组");
  await form.getByLabel("原因").selectOption(reason);
  await form.getByLabel("说明（可不填）").focus();
  await form.getByLabel("说明（可不填）").press("Enter");
}

const row = (page: Page, name: string) => page.getByTestId("voter-row").filter({ hasText: name });

test("the township officer builds, changes, posts and prints 城西村's voter roll; upheld objections change it", async ({ page }, info) => {
  page.on("dialog", (d) => void d.accept());
  await loginAs(page, "township");

  // From the villages' list to 城西村's roll, which does not exist yet.
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "选民登记" }).click();
  const xi = page.getByTestId("village-roll-row").filter({ hasText: "城西村" });
  await expect(xi).toContainText("未建立");
  await expect(xi).toContainText(electionDay);
  await expect(xi).not.toContainText("逾期未公布");
  // 城东村 votes today without a roll: flagged late (and it can no longer get one, see below).
  await expect(page.getByTestId("village-roll-row").filter({ hasText: "城东村" })).toContainText("逾期未公布");
  await expect(page.getByTestId("rolls-summary")).toContainText("逾期未公布 1 个");
  // Villages whose election is not set up yet say so (which ones depends on the specs before this one).
  await expect(page.getByTestId("village-roll-row").filter({ hasText: "未设置选举" }).first()).toBeVisible();
  await page.screenshot({ path: info.outputPath("village-rolls.png"), fullPage: true });
  await xi.getByRole("link", { name: "城西村" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("城西村选民名册");
  await expect(page.getByTestId("no-roll")).toContainText(`最迟应于`);
  await page.getByRole("button", { name: "建立选民名册" }).click();
  await expect(page.getByTestId("roll-status")).toHaveText("草稿");
  await expect(page.getByTestId("posting-late")).toHaveCount(0);

  // Four entries typed from the keyboard; the one who is not yet 18 on election day is refused.
  const form = page.getByTestId("add-voter");
  await form.getByLabel("姓名").focus();
  for (const v of [VOTERS.li, VOTERS.wang, VOTERS.ding]) {
    await typeVoter(form, v, "迁入");
    await expect(form.getByRole("status")).toHaveText("已新增选民");
    await expect(row(page, v.name)).toBeVisible();
    // Ready for the next one: emptied, back on 姓名.
    await expect(form.getByLabel("姓名")).toHaveValue("");
    await expect(form.getByLabel("姓名")).toBeFocused();
  }
  await typeVoter(form, VOTERS.minor, "年满十八周岁");
  await expect(form.getByRole("alert")).toContainText(`刘小雨出生于 ${VOTERS.minor.birth}，到选举日 ${electionDay} 未满 18 周岁，不能登记为选民`);
  await expect(form.getByText("未满 18 周岁，不能登记为选民").first()).toBeVisible();
  await expect(form.getByLabel("姓名")).toHaveValue("刘小雨");
  await expect(page.getByTestId("roll-total")).toHaveText("3");
  // Masked ID numbers only.
  const liId = idNumber(VOTERS.li.birth, VOTERS.li.serial, VOTERS.li.male);
  await expect(row(page, "李春梅")).toContainText(`${liId.slice(0, 4)}${"*".repeat(10)}${liId.slice(14)}`);
  for (const id of ids) await expect(page.locator("body")).not.toContainText(id);

  // 变更: a corrected name.
  const change = row(page, "李春梅").getByTestId("change-voter");
  await change.getByText("变更", { exact: true }).click();
  await change.getByLabel("姓名").fill("李春兰");
  await change.getByLabel("原因").selectOption("更正姓名");
  await change.getByRole("button", { name: "保存变更" }).click();
  await expect(row(page, "李春兰")).toBeVisible();
  // The saved change closes its form.
  await expect(row(page, "李春兰").getByLabel("姓名")).toBeHidden();

  // 删除 with its reason.
  const remove = row(page, "王建华").getByTestId("remove-voter");
  await remove.getByText("删除", { exact: true }).click();
  await remove.getByLabel("原因").selectOption("迁出");
  await remove.getByLabel("说明（可不填）").fill("全家迁往县城");
  await remove.getByRole("button", { name: "从名单中删除" }).click();
  await expect(row(page, "王建华")).toHaveCount(0);
  await expect(page.getByTestId("roll-total")).toHaveText("2");
  const history = page.getByTestId("change-history");
  await expect(history.getByTestId("change-row").filter({ hasText: "王建华" }).filter({ hasText: "删除" })).toContainText("迁出：全家迁往县城");
  await expect(history.getByTestId("change-row").filter({ hasText: "更正姓名" })).toContainText("李春梅");

  // 张榜公布: offered today (D − 20 is still ahead); a day not yet come is refused; 6 days ago is accepted.
  const latest = postedOn;
  const post = page.getByTestId("post-roll");
  await expect(post.getByLabel("公布日期")).toHaveValue(today);
  await post.getByLabel("公布日期").fill(addDays(today, 1));
  await post.getByRole("button", { name: "登记张榜公布" }).click();
  await expect(post.getByRole("alert")).toContainText("晚于今天");
  await expect(page.getByTestId("roll-status")).toHaveText("草稿");
  await post.getByLabel("公布日期").fill(latest);
  await post.getByRole("button", { name: "登记张榜公布" }).click();
  await expect(page.getByTestId("roll-status")).toHaveText(`已张榜公布（${latest}）`);
  await page.screenshot({ path: info.outputPath("voter-roll.png"), fullPage: true });

  // An objection: received within 5 days of posting, upheld within 3 days, the voter added.
  const objections = page.getByTestId("objections");
  await objections.getByLabel("申诉人").fill("马德福");
  await objections.getByLabel("申诉事项").fill("其子马小军已年满十八周岁，名单漏登");
  await objections.getByLabel("收到申诉日期").fill(addDays(latest, 6));
  await objections.getByRole("button", { name: "登记申诉" }).click();
  await expect(objections.getByRole("alert")).toContainText("申诉期限已过");
  await objections.getByLabel("收到申诉日期").fill(addDays(latest, 2));
  await objections.getByRole("button", { name: "登记申诉" }).click();
  const objection = objections.getByTestId("objection-row").filter({ hasText: "马德福" });
  await expect(objection).toContainText(addDays(latest, 5));
  await objection.getByText("作出处理决定").click();
  await objection.getByLabel("处理结果").selectOption("UPHELD");
  await objection.getByLabel("处理决定").fill("经核实，马小军已年满十八周岁，予以登记");
  await objection.getByRole("button", { name: "登记处理决定" }).click();
  // Upheld without saying what it does to the roll: refused, with the reason beside the field.
  await expect(objection.getByRole("alert")).toContainText("须写明对名单的处理");
  await objection.getByLabel("处理方式").selectOption("ADD");
  await objection.getByLabel("姓名", { exact: true }).fill(VOTERS.ma.name);
  await objection.getByLabel("公民身份号码").fill(idNumber(VOTERS.ma.birth, VOTERS.ma.serial, VOTERS.ma.male));
  await objection.getByLabel("出生日期").fill(VOTERS.ma.birth);
  await objection.getByLabel("性别").selectOption("MALE");
  await objection.getByRole("button", { name: "登记处理决定" }).click();
  await expect(objections.getByTestId("objection-row").filter({ hasText: "马德福" })).toContainText("申诉成立");
  await expect(row(page, "马小军")).toBeVisible();
  await expect(page.getByTestId("change-notice").getByTestId("change-row").filter({ hasText: "马小军" })).toContainText("依申诉处理决定");

  // A second objection, upheld by moving a voter to another group (a change on the roll).
  await objections.getByLabel("申诉人").fill("丁志明");
  await objections.getByLabel("申诉事项").fill("本人居住在第二村民小组，名单登记有误");
  await objections.getByLabel("收到申诉日期").fill(addDays(latest, 3));
  await objections.getByRole("button", { name: "登记申诉" }).click();
  const second = objections.getByTestId("objection-row").filter({ hasText: "第二村民小组，名单登记有误" });
  await second.getByText("作出处理决定").click();
  await second.getByLabel("处理结果").selectOption("UPHELD");
  await second.getByLabel("处理决定").fill("经核实属实，调整到第二村民小组");
  await second.getByLabel("处理方式").selectOption("CHANGE");
  await second.getByLabel("选民（本页所列）").selectOption({ label: "丁志明（第一村民小组，1990年生）" });
  await second.getByLabel("变更后姓名").fill("丁志明");
  await second.getByLabel("变更后村民小组").fill("第二村民小组");
  await second.getByRole("button", { name: "登记处理决定" }).click();
  await expect(objections.getByTestId("objection-row").filter({ hasText: "第二村民小组，名单登记有误" })).toContainText("申诉成立");
  await expect(row(page, "丁志明")).toContainText("第二村民小组");

  // A fresh load keeps it all.
  await page.reload();
  await expect(page.getByTestId("roll-status")).toHaveText(`已张榜公布（${latest}）`);
  await expect(page.getByTestId("roll-total")).toHaveText("3");
  await expect(page.getByTestId("voter-row")).toHaveText([/李春兰/, /马小军/, /丁志明/]);
  await expect(page.getByTestId("change-history").getByTestId("change-row")).toHaveCount(7);
  await expect(page.getByTestId("change-notice").getByTestId("change-row")).toHaveCount(2);
  await expect(page.getByTestId("objection-row")).toHaveText([/申诉成立/, /申诉成立/]);
  await page.screenshot({ path: info.outputPath("voter-roll-after-objection.png"), fullPage: true });

  // The full-ID page is the village committee's alone (城西村 has no clerk account in the demo):
  // the township's names are not links to it, and its rows show masked numbers.
  await expect(page.getByTestId("voter-row").getByRole("link")).toHaveCount(0);
  await expect(page.getByTestId("voter-row").first()).toContainText("**********");

  // The printed list: per group, 姓氏笔画 order (马 3 before 李 7), no ID numbers, how to object.
  await page.getByRole("link", { name: "打印选民名单" }).click();
  const sheet = page.getByTestId("voter-list-print");
  await expect(sheet).toContainText("城西村");
  await expect(sheet.getByTestId("print-group").locator("h2")).toHaveText(["第一村民小组（2 人）", "第二村民小组（1 人）"]);
  await expect(sheet.getByTestId("print-voter").locator("td:nth-child(2)")).toHaveText(["马小军", "李春兰", "丁志明"]);
  await expect(sheet.getByTestId("print-voter").filter({ hasText: "马小军" })).toContainText("18");
  await expect(sheet.getByTestId("objection-instructions")).toContainText("对名单有不同意见的，可在名单公布之日起 5 日内向村民选举委员会提出申诉");
  const [y, m, d] = latest.split("-").map(Number);
  await expect(sheet.getByTestId("posted-on")).toHaveText(`${y}年${m}月${d}日`);
  const text = await sheet.innerText();
  expect(text).not.toMatch(/\d{6}|\*{4}/);
  for (const id of ids) expect(text).not.toContain(id);
  await page.screenshot({ path: info.outputPath("voter-list-print.png"), fullPage: true });
  // As printed: the navigation and buttons are gone.
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("button", { name: "打印" })).toBeHidden();
  await expect(page.getByRole("navigation", { name: "主导航" })).toBeHidden();
  await page.screenshot({ path: info.outputPath("voter-list-printed.png"), fullPage: true });
  await page.emulateMedia({ media: "screen" });

  // The change notice prints the objection's addition.
  await page.goto(page.url().replace(/\/print.*$/, "/print?part=changes"));
  await expect(page.getByTestId("change-notice-print")).toContainText("马小军");
  await expect(page.getByTestId("change-notice-print")).toContainText("村民小组 第一村民小组 → 第二村民小组");
  await page.screenshot({ path: info.outputPath("change-notice.png"), fullPage: true });
  await expect(page.getByTestId("change-notice-print")).not.toContainText("王建华");

  // The villages' list shows the posted roll.
  await page.goto("/voters");
  await expect(page.getByTestId("village-roll-row").filter({ hasText: "城西村" })).toContainText(`已公布（${latest}）`);
});

test("城东村 has started counting: its clerk is told the roll can no longer be created", async ({ page }) => {
  page.on("dialog", (d) => void d.accept());
  await loginAs(page, "village");
  await page.goto("/voters");
  const dong = page.getByTestId("village-roll-row").filter({ hasText: "城东村" });
  await expect(dong).toContainText("未建立");
  // The clerk's scope is 城东村 alone.
  await expect(page.getByTestId("village-roll-row").filter({ hasText: "城西村" })).toHaveCount(0);
  await dong.getByRole("link", { name: "城东村" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("城东村选民名册");
  // The page says why before anyone tries (the action refuses it too: tests/integration/voter-roll.test.ts).
  await expect(page.getByTestId("roll-frozen")).toHaveText("本村(社区)已开始投票计票，选民名单已确定，不能再修改");
  await expect(page.getByRole("button", { name: "建立选民名册" })).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId("no-roll")).toBeVisible();
  await expect(page.getByTestId("add-voter")).toHaveCount(0);
  await page.goto("/voters");
  await expect(page.getByTestId("village-roll-row").filter({ hasText: "城东村" })).toContainText("未建立");
});

test("the county's supervisor reads the roll and cannot change it", async ({ page }) => {
  await loginAs(page, "supervisor");
  await page.goto("/voters");
  await page.getByTestId("village-roll-row").filter({ hasText: "城西村" }).getByRole("link", { name: "城西村" }).click();
  await expect(page.getByTestId("roll-total")).toHaveText("3");
  await expect(page.getByTestId("roll-summary")).toContainText("您可以查看选民名册");
  await expect(page.getByTestId("voter-row").getByRole("link")).toHaveCount(0);
  await expect(page.getByTestId("voter-row").first()).toContainText("**********");
  await expect(page.getByTestId("add-voter")).toHaveCount(0);
  await expect(page.getByTestId("change-voter")).toHaveCount(0);
  await expect(page.getByTestId("objection-row").first()).toContainText("申诉成立");
});
