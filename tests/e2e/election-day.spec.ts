import { expect, test, type Page } from "@playwright/test";
import { loginAs, logout } from "./helpers";

// 城东村 is seeded on election day: formal list (director 王建军/李秀英 for 1 seat; members 赵文斌,
// 孙丽娟, 周海涛 for 2), a central station with 1号票箱 (830 voters) and 流动票箱 (30), three monitors.

/** A valid ID number as the demo seed makes them (region 110101, serial, gender digit, check character). */
function idNumber(birth: string, serial: number, male: boolean): string {
  const first17 = `110101${birth.replaceAll("-", "")}${String(serial).padStart(2, "0")}${male ? 1 : 2}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((acc, d, i) => acc + Number(d) * weights[i]!, 0);
  return first17 + "10X98765432"[sum % 11]!;
}

async function openCount(page: Page) {
  await page.goto("/campaigns");
  await page.getByRole("link", { name: "第十二届村(居)民委员会换届选举" }).click();
  await page.getByRole("row").filter({ hasText: "城东村" }).getByRole("link", { name: "投票计票" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("城东村投票计票");
}

type WriteIn = { section: string; line: number; name: string; gender: "男" | "女"; votes: number };
type Sheet = { issued: number; returned: number; invalid: number; votes: Record<string, number>; writeIns?: WriteIn[] };

/** Types a tally sheet the way the paper reads, moving field to field with Enter. */
async function typeSheet(page: Page, s: Sheet) {
  const first = page.getByLabel("发出选票");
  await first.fill(String(s.issued));
  await first.press("Enter");
  await expect(page.getByLabel("收回选票")).toBeFocused();
  await page.getByLabel("收回选票").fill(String(s.returned));
  await page.getByLabel("无效票").fill(String(s.invalid));
  await expect(page.getByTestId("valid-ballots")).toHaveText(String(s.returned - s.invalid));
  for (const [label, votes] of Object.entries(s.votes)) await page.getByLabel(label, { exact: true }).fill(String(votes));
  for (const w of s.writeIns ?? []) {
    await page.getByLabel(`${w.section} 另选他人${w.line} 姓名`, { exact: true }).fill(w.name);
    await page.getByLabel(`${w.section} 另选他人${w.line} 性别`, { exact: true }).selectOption({ label: w.gender });
    await page.getByLabel(`${w.section} 另选他人${w.line} 得票`, { exact: true }).fill(String(w.votes));
  }
}

async function enterBox(page: Page, round: number, box: string, s: Sheet, submit: RegExp, expected: string) {
  await page.getByTestId(`round-${round}`).getByRole("row").filter({ hasText: box }).getByRole("link").click();
  await typeSheet(page, s);
  await page.getByRole("button", { name: submit }).click();
  await expect(page.getByRole("status")).toContainText(expected);
  await page.getByRole("link", { name: "返回计票总览" }).click();
}

// Three men written in (5 + 10 + 50 votes): too few to change who is elected or who goes to the runoff.
const ROUND1_BOX1: Sheet = {
  issued: 800,
  returned: 795,
  invalid: 5,
  votes: { "主任 王建军 得票": 500, "主任 李秀英 得票": 280, "委员 赵文斌 得票": 450, "委员 孙丽娟 得票": 380, "委员 周海涛 得票": 300 },
  writeIns: [
    { section: "主任", line: 1, name: "吴十", gender: "男", votes: 5 },
    { section: "委员", line: 1, name: "郑强", gender: "男", votes: 10 },
    { section: "委员", line: 2, name: "冯刚", gender: "男", votes: 50 },
  ],
};
const ROUND1_MOBILE: Sheet = {
  issued: 28,
  returned: 28,
  invalid: 0,
  votes: { "主任 王建军 得票": 20, "主任 李秀英 得票": 8, "委员 赵文斌 得票": 15, "委员 孙丽娟 得票": 10, "委员 周海涛 得票": 3 },
};

/** Pages in a PDF as Chromium writes it: one "/Type /Page" object each (the tree node is "/Pages"). */
function pdfPageCount(pdf: Buffer): number {
  return pdf.toString("latin1").match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0;
}

test("prints the ballot and each box's blank tally sheet on one A4 page each, signatures and date included", async ({ page }) => {
  await loginAs(page, "village");
  await openCount(page);
  await page.getByRole("link", { name: "打印选票和计票单" }).click();
  await expect(page.getByTestId("tally-sheet")).toHaveCount(2);
  await expect(page.getByTestId("tally-sheet").first()).toContainText("计票人（签名）");
  // What the browser's print-to-PDF gives: the ballot, then 1号票箱's and 流动票箱's sheets.
  expect(pdfPageCount(await page.pdf({ preferCSSPageSize: true }))).toBe(3);
  // Only the blank sheets: one page each.
  await page.evaluate(() => document.querySelector("[data-testid=ballot-paper]")?.remove());
  expect(pdfPageCount(await page.pdf({ preferCSSPageSize: true }))).toBe(2);
});

test("polling → two clerks enter the boxes, resolve a mismatch → result → runoff for the women seat → township confirms and prints", async ({ page }) => {
  // Clerk 1 checks the polling setup and starts the count.
  await loginAs(page, "village");
  await openCount(page);
  await page.getByRole("link", { name: "投票设置" }).click();
  await expect(page.getByText("流动票箱").first()).toBeVisible();
  await expect(page.getByText("陈国强")).toBeVisible();
  // A proxy vote: a candidate may not be a proxy (王建军 is the seed's first candidate, serial 10).
  const proxy = page.locator("form").filter({ has: page.getByRole("button", { name: "登记并录入下一条" }) });
  await proxy.getByLabel("委托人姓名").fill("刘大爷");
  await proxy.getByLabel("委托人身份证号码").fill(idNumber("1948-05-05", 61, true));
  await proxy.getByLabel("受托人姓名").fill("王建军");
  await proxy.getByLabel("受托人身份证号码").fill(idNumber("1975-03-12", 10, true));
  await proxy.getByRole("button", { name: "登记并录入下一条" }).click();
  await expect(proxy.getByRole("alert")).toContainText("候选人不得接受委托");
  await proxy.getByLabel("受托人姓名").fill("刘小明");
  await proxy.getByLabel("受托人身份证号码").fill(idNumber("1976-07-07", 62, true));
  await proxy.getByLabel("受托人与委托人的关系").selectOption({ label: "父母子女" });
  await proxy.getByRole("button", { name: "登记并录入下一条" }).click();
  await expect(proxy.getByRole("status")).toHaveText("已登记委托投票");
  const row = page.getByRole("row").filter({ hasText: "刘大爷" });
  await expect(row).toContainText("刘小明");
  await expect(row).toContainText("1101**********");
  await expect(row).not.toContainText(idNumber("1948-05-05", 61, true));
  await page.goBack();
  await page.getByRole("button", { name: "开始第一次投票计票" }).click();
  await expect(page.getByTestId("round-1")).toBeVisible();

  // The entry form's own checks: nothing is stored while the sheet is refused.
  await page.getByTestId("round-1").getByRole("row").filter({ hasText: "1号票箱" }).getByRole("link").click();
  // Enter on an empty 另选他人 line skips that section's write-in lines in one keystroke.
  await page.locator('input[name^="v.director."]').last().press("Enter");
  await expect(page.getByLabel("主任 另选他人1 姓名", { exact: true })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator('input[name^="v.member."]').first()).toBeFocused();
  // Full-width digits (a Chinese input method) are the same number.
  await page.getByLabel("发出选票").fill("８００");
  await page.getByLabel("收回选票").fill("795");
  await page.getByLabel("无效票").fill("5");
  await expect(page.getByTestId("valid-ballots")).toHaveText("790");
  // Letters, a negative, a decimal and a space each get their own message, not the browser's.
  await page.getByLabel("主任 王建军 得票", { exact: true }).fill("5OO");
  await page.getByLabel("主任 李秀英 得票", { exact: true }).fill("-3");
  await page.getByLabel("委员 赵文斌 得票", { exact: true }).fill("4.5");
  await page.getByLabel("委员 孙丽娟 得票", { exact: true }).fill("3 80");
  await page.getByLabel("委员 周海涛 得票", { exact: true }).fill("300");
  // A candidate of another column written in is said to be that person, not merged silently.
  await page.getByLabel("委员 另选他人1 姓名", { exact: true }).fill("王建军");
  await expect(page.getByTestId("write-in-note")).toContainText("委员栏另选他人「王建军」是主任的正式候选人，按同一人计票");
  await page.getByLabel("委员 另选他人1 姓名", { exact: true }).fill("");
  await page.getByRole("button", { name: /^保存$/ }).click();
  const form = page.locator("form").filter({ has: page.getByRole("button", { name: /^保存$/ }) });
  await expect(form.getByRole("alert")).toContainText("计票单有 4 处需要更正");
  await expect(form.getByText("只能填写数字，不能有字母")).toBeVisible();
  await expect(form.getByText("票数不能是负数，请照原件填写")).toBeVisible();
  await expect(form.getByText("只能填写整数，不能有小数点")).toBeVisible();
  await expect(form.getByText("数字中间不能有空格")).toBeVisible();
  await expect(page.getByLabel("发出选票")).not.toHaveAttribute("aria-invalid", "true");
  // The cursor is in the first field to correct.
  await expect(page.locator('[aria-invalid="true"]').first()).toBeFocused();
  await expect(page.locator('[aria-invalid="true"]')).toHaveCount(4);
  // More invalid ballots than returned is one message, not one per candidate.
  for (const [label, votes] of Object.entries(ROUND1_BOX1.votes)) await page.getByLabel(label, { exact: true }).fill(String(votes));
  await page.getByLabel("无效票").fill("900");
  await page.getByRole("button", { name: /^保存$/ }).click();
  await expect(form.getByRole("alert")).toHaveText("无效票 900 张，多于收回选票 795 张");
  await expect(page.locator('[aria-invalid="true"]')).toHaveCount(1);
  await expect(page.getByLabel("无效票")).toBeFocused();
  await page.getByRole("link", { name: "返回计票总览" }).click();
  await expect(page.getByTestId("round-1").getByTestId("box-status")).toHaveText(["未录入", "未录入"]);

  await enterBox(page, 1, "1号票箱", ROUND1_BOX1, /^保存$/, "请另一位工作人员独立录入第二遍");
  await enterBox(page, 1, "流动票箱", ROUND1_MOBILE, /^保存$/, "请另一位工作人员独立录入第二遍");
  await expect(page.getByTestId("round-1").getByTestId("box-status")).toHaveText(["待第二人录入", "待第二人录入"]);
  await logout(page);

  // Clerk 2 types the same sheets without seeing the first typing; one number differs.
  await loginAs(page, "village2");
  await openCount(page);
  await page.getByTestId("round-1").getByRole("row").filter({ hasText: "1号票箱" }).getByRole("link").click();
  await expect(page.getByLabel("发出选票")).toHaveValue("");
  await page.getByRole("link", { name: "返回计票总览" }).click();
  await enterBox(page, 1, "1号票箱", { ...ROUND1_BOX1, votes: { ...ROUND1_BOX1.votes, "委员 赵文斌 得票": 540 } }, /保存第二遍录入/, "1 处不一致");
  await enterBox(page, 1, "流动票箱", ROUND1_MOBILE, /保存第二遍录入/, "该票箱已计入");

  // The mismatch is shown field by field and resolved against the paper.
  await page.getByTestId("round-1").getByRole("row").filter({ hasText: "1号票箱" }).getByRole("link", { name: "核定" }).click();
  const diffs = page.getByTestId("differences");
  await expect(diffs.getByRole("row").filter({ hasText: "赵文斌" })).toContainText("450");
  await expect(diffs.getByRole("row").filter({ hasText: "赵文斌" })).toContainText("540");
  // A fresh load of the page: every agreed number is prefilled, the write-ins too; only the disputed one is blank.
  await page.reload();
  await expect(page.getByLabel("发出选票")).toHaveValue("800");
  await expect(page.getByLabel("委员 赵文斌 得票", { exact: true })).toHaveValue("");
  for (const w of ROUND1_BOX1.writeIns!) {
    await expect(page.getByLabel(`${w.section} 另选他人${w.line} 姓名`, { exact: true })).toHaveValue(w.name);
    await expect(page.getByLabel(`${w.section} 另选他人${w.line} 得票`, { exact: true })).toHaveValue(String(w.votes));
  }
  // The clerk types the yellow field only, as told.
  await page.getByLabel("委员 赵文斌 得票", { exact: true }).fill("450");
  await page.getByRole("button", { name: "按原件核定并保存" }).click();
  await expect(page.getByRole("status")).toContainText("该票箱已计入");
  await page.reload();
  const sheet = page.getByTestId("accepted-sheet");
  await expect(sheet.getByRole("row").filter({ hasText: "另选他人 吴十（男）" })).toContainText("5");
  await expect(sheet.getByRole("row").filter({ hasText: "另选他人 郑强（男）" })).toContainText("10");
  await expect(sheet.getByRole("row").filter({ hasText: "另选他人 冯刚（男）" })).toContainText("50");
  await page.getByRole("link", { name: "返回计票总览" }).click();

  // All boxes in: the engine decides. No woman was elected, so one member seat is kept for a woman.
  await page.getByRole("button", { name: "汇总各票箱并判定本轮结果" }).click();
  await expect(page.getByTestId("round-1").getByTestId("round-decision")).toContainText("王建军（520 票）");
  await expect(page.getByTestId("round-1").getByTestId("round-decision")).toContainText("委员（妇女名额） 1 名");
  await page.getByRole("link", { name: "选举结果" }).click();
  const fig = page.getByTestId("round-figures-1");
  await expect(fig).toContainText("823 张");
  await expect(fig).toContainText("至少 412 票");
  await expect(fig.getByTestId("explanations")).toContainText("王建军");
  await expect(page.getByTestId("vacancies")).toContainText("委员 1 名");
  await page.getByRole("link", { name: "投票计票" }).click();

  // The runoff (另行选举) for the women seat: its own ballot, tallies and decision.
  await page.getByRole("button", { name: /开始第2轮（另行选举）/ }).click();
  await expect(page.getByTestId("round-2")).toContainText("委员（妇女名额）（应选 1 名）");
  const runoff1: Sheet = { issued: 780, returned: 780, invalid: 10, votes: { "委员（妇女名额） 孙丽娟 得票": 600 } };
  const runoff2: Sheet = { issued: 25, returned: 25, invalid: 0, votes: { "委员（妇女名额） 孙丽娟 得票": 20 } };
  // The women seat takes women only: the form offers no 男, and the server refuses one all the same.
  await page.getByTestId("round-2").getByRole("row").filter({ hasText: "1号票箱" }).getByRole("link").click();
  const gender = page.getByLabel("委员（妇女名额） 另选他人1 性别", { exact: true });
  await expect(gender.locator("option")).toHaveText(["性别", "女"]);
  // As a stale or hand-made form would send it.
  await gender.evaluate((el) => el.append(new Option("男", "male")));
  await typeSheet(page, { ...runoff1, writeIns: [{ section: "委员（妇女名额）", line: 1, name: "吴十", gender: "男", votes: 3 }] });
  await page.getByRole("button", { name: /^保存$/ }).click();
  await expect(page.getByText("本栏限选女性，另选他人须为女性")).toBeVisible();
  await expect(gender).toBeFocused();
  await page.getByRole("link", { name: "返回计票总览" }).click();
  await expect(page.getByTestId("round-2").getByTestId("box-status")).toHaveText(["未录入", "未录入"]);
  await enterBox(page, 2, "1号票箱", runoff1, /^保存$/, "请另一位工作人员独立录入第二遍");
  await enterBox(page, 2, "流动票箱", runoff2, /^保存$/, "请另一位工作人员独立录入第二遍");
  await logout(page);
  await loginAs(page, "village");
  await openCount(page);
  await enterBox(page, 2, "1号票箱", runoff1, /保存第二遍录入/, "该票箱已计入");
  await enterBox(page, 2, "流动票箱", runoff2, /保存第二遍录入/, "该票箱已计入");

  // Re-entering (resetting) an accepted box asks for a reason, and the entry list shows it.
  await page.getByTestId("round-2").getByRole("row").filter({ hasText: "流动票箱" }).getByRole("link").click();
  await page.getByText("数字与原件不符？重新录入本票箱").click();
  await typeSheet(page, runoff2);
  await page.getByRole("button", { name: "保存重新录入" }).click();
  await expect(page.getByTestId("accepted-sheet").getByRole("alert")).toContainText("请写明原因");
  await expect(page.getByLabel("重新录入的原因")).toBeFocused();
  await page.getByLabel("重新录入的原因").fill("流动票箱计票单照片与录入不符，重新核对");
  await page.getByRole("button", { name: "保存重新录入" }).click();
  await expect(page.getByTestId("tally-status")).toHaveText("待第二人录入");
  await page.reload();
  await expect(page.getByTestId("tally-history-entry").last()).toContainText("重新录入（第一遍） · 原因：流动票箱计票单照片与录入不符，重新核对");
  await logout(page);
  await loginAs(page, "village2");
  await openCount(page);
  await enterBox(page, 2, "流动票箱", runoff2, /保存第二遍录入/, "该票箱已计入");
  await page.getByTestId("round-2").getByRole("button", { name: "汇总各票箱并判定本轮结果" }).click();
  await expect(page.getByTestId("round-2").getByTestId("round-decision")).toContainText("孙丽娟（620 票）");
  await logout(page);

  // The township officer reviews and confirms; the count is locked; the report prints.
  await loginAs(page, "township");
  await openCount(page);
  await page.getByRole("link", { name: "选举结果" }).click();
  await expect(page.getByTestId("members").getByRole("row")).toHaveCount(4);
  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: "确认选举结果" }).click();
  await expect(page.getByTestId("result-status")).toHaveText("乡镇已确认");
  await page.getByRole("link", { name: "打印选举结果报告单" }).click();
  const report = page.getByTestId("result-report");
  await expect(report).toContainText("城东村村民委员会选举结果报告单");
  const members = report.getByTestId("report-members");
  await expect(members.getByRole("row").filter({ hasText: "王建军" })).toContainText("主任");
  await expect(members.getByRole("row").filter({ hasText: "赵文斌" })).toContainText("委员");
  await expect(members.getByRole("row").filter({ hasText: "孙丽娟" })).toContainText("另行选举（第2轮）");
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("button", { name: "打印" })).toBeHidden();
  await page.emulateMedia({ media: "screen" });

  // Locked: the clerk sees numbers, no entry form.
  await logout(page);
  await loginAs(page, "village");
  await openCount(page);
  await expect(page.getByText("结果已确认，数据已锁定")).toBeVisible();
  await page.getByTestId("round-2").getByRole("row").filter({ hasText: "1号票箱" }).getByRole("link", { name: "查看" }).click();
  await expect(page.getByTestId("accepted-sheet")).toBeVisible();
  await expect(page.getByLabel("发出选票")).toHaveCount(0);
});
