import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { digestOf, manifestBytes, type Manifest } from "../../lib/domain/archive-manifest";
import { unzip, zip } from "../../lib/domain/zip";
import { generateSync } from "otplib";
import { DEMO_PASSWORD, loginAs } from "./helpers";

/** The authenticator app of the test: the code of the current 30-second step, and that step. */
function authenticator(secret: string) {
  const step = () => Math.floor(Date.now() / 30_000);
  let used = -1;
  return {
    /** A code of a step not used yet (waits for the next step when the current one was used). */
    async code(): Promise<string> {
      while (step() <= used) await new Promise((r) => setTimeout(r, 500));
      used = step();
      return generateSync({ secret, epoch: used * 30 });
    },
  };
}

// Runs after election-day.spec.ts, which confirmed 城东村's result (王建军, 赵文斌, 孙丽娟).

const TIBETAN = {
  title: "བདམས་ཐོན་ལག་ཁྱེར།",
  body: "{name} ལགས། ཁྱེད་རང་{unit}ཀྱི་འགན་འཛིན་དུ་བདམས་ཐོན་བྱུང་།",
  authority: "རྫོང་མི་དམངས་སྲིད་གཞུང་།",
  name: "ཝང་ཅན་ཅུན།",
};

/** Runs the archive check command the way an archivist would; returns its exit code and output. */
function verifyCommand(file: string, ...args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/archive-verify.ts", file, ...args], { encoding: "utf8" });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

/**
 * The forgery a manifest alone cannot catch: a vote count in data/results.csv raised and the file's
 * new digest and size written into manifest.json, so the package is consistent with itself.
 */
function forgeResults(bytes: Buffer): Buffer {
  const entries = unzip(new Uint8Array(bytes)).entries;
  const dec = new TextDecoder();
  const csvEntry = entries.find((e) => e.path === "data/results.csv")!;
  const csv = new TextEncoder().encode(dec.decode(csvEntry.bytes).replace(/,(\d+),第/, (_m, n: string) => `,${Number(n) + 100},第`));
  const manifest = JSON.parse(dec.decode(entries.find((e) => e.path === "manifest.json")!.bytes)) as Manifest;
  manifest.files = manifest.files.map((f) => (f.path === "data/results.csv" ? { ...f, size: csv.length, digest: digestOf(manifest.algo, csv) } : f));
  const files = entries.map((e) => ({
    path: e.path,
    bytes: e.path === "data/results.csv" ? csv : e.path === "manifest.json" ? manifestBytes(manifest) : e.bytes,
  }));
  return Buffer.from(zip(files, { mtime: new Date() }));
}

/** Flips one byte inside the stored data of a ZIP entry (entries are stored uncompressed). */
function flipByteIn(zip: Buffer, entryPath: string): Buffer {
  const name = Buffer.from(entryPath, "utf8");
  for (let i = 0; i < zip.length - 30; i++) {
    if (zip.readUInt32LE(i) !== 0x04034b50) continue;
    const nameLen = zip.readUInt16LE(i + 26);
    const extraLen = zip.readUInt16LE(i + 28);
    if (nameLen === name.length && zip.subarray(i + 30, i + 30 + nameLen).equals(name)) {
      const at = i + 30 + nameLen + extraLen + 10;
      const out = Buffer.from(zip);
      out[at] = out[at]! ^ 0x01;
      return out;
    }
  }
  throw new Error(`${entryPath} not found in the package`);
}

test("county certifies with its password and a code from its authenticator, prints a Tibetan-Chinese certificate, seals, downloads and verifies the archive", async ({
  page,
}, info) => {
  test.setTimeout(120_000);
  await loginAs(page, "county");

  // The county administrator binds an authenticator on 我的账号: QR code, then the first code.
  await page.goto("/account");
  await page.getByRole("button", { name: "开始绑定" }).click();
  await expect(page.getByTestId("totp-qr").locator("svg")).toBeVisible();
  await page.screenshot({ path: info.outputPath("second-factor-qr.png"), fullPage: true });
  const secret = (await page.getByTestId("totp-secret").textContent())!.replace(/\s/g, "");
  const app = authenticator(secret);
  await page.getByLabel("验证器显示的 6 位动态口令").fill(await app.code());
  await page.getByRole("button", { name: "完成绑定" }).click();
  const codes = page.getByTestId("recovery-codes").getByRole("listitem");
  await expect(codes).toHaveCount(10);
  const recovery = (await codes.allTextContents()).map((c) => c.trim());
  await page.screenshot({ path: info.outputPath("second-factor-codes.png"), fullPage: true });
  await expect(page.getByTestId("totp-status")).toContainText("剩余未用恢复码 10 个");
  // A fresh load: the codes are not shown again.
  await page.reload();
  await expect(page.getByTestId("recovery-codes")).toHaveCount(0);
  await expect(page.getByTestId("totp-status")).toContainText("已绑定验证器");

  // The county requires a second factor of its administrators (a critical operation itself: a recovery code).
  await page.goto("/admin/users");
  const policy = page.locator("#second-factor-policy");
  await policy.getByLabel("县换届办管理员").check();
  await policy.getByLabel(/动态口令/).fill(recovery[0]!);
  await policy.getByRole("button", { name: "保存第二因素要求" }).click();
  await expect(policy.getByRole("status")).toContainText("已保存");
  await page.goto("/account");
  await expect(page.getByText("您的角色按本县或系统的要求须使用第二因素")).toBeVisible();
  await expect(page.getByRole("button", { name: "解除绑定" })).toHaveCount(0);

  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "认定与归档" }).click();
  const row = page.getByTestId("records-board").getByRole("row").filter({ hasText: "城东村" });
  await expect(row).toContainText("乡镇已确认，待认定");

  // A wrong password certifies nothing; a wrong code neither; the right ones certify and issue the certificates.
  await page.getByLabel("再次输入您的登录密码以确认是本人操作").fill("not-my-password");
  await page.getByLabel(/动态口令/).fill(recovery[1]!);
  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: "认定所选村(社区)的选举结果" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("密码不正确");
  await page.getByLabel("再次输入您的登录密码以确认是本人操作").fill(DEMO_PASSWORD);
  await page.getByLabel(/动态口令/).fill("000000");
  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: "认定所选村(社区)的选举结果" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("动态口令不正确");
  await page.getByLabel(/动态口令/).fill(await app.code());
  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: "认定所选村(社区)的选举结果" }).click();
  // The form goes away with the last certifiable village; the board shows the new state.
  await expect(row).toContainText("已认定");
  await expect(row.getByRole("cell").nth(5)).toHaveText("3");

  // The county's layout: Tibetan beside the Chinese, A4 landscape (as Baiyu printed them).
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "当选证书" }).click();
  await page.getByLabel("纸张").fill("A4L");
  await page.getByLabel("文字", { exact: true }).selectOption({ label: "藏文" });
  await page.getByLabel("标题（少数民族文字）").fill(TIBETAN.title);
  await page.getByLabel("正文（少数民族文字）").fill(TIBETAN.body);
  await page.getByLabel("发证机关（少数民族文字）").fill(TIBETAN.authority);
  await page.getByRole("button", { name: "保存证书版式" }).click();
  await expect(page.getByRole("status")).toBeVisible();

  // The director's name in Tibetan, then print the village's certificates.
  await page.goto("/records");
  await row.getByRole("link", { name: "认定与档案" }).click();
  await page.getByRole("link", { name: "少数民族文字姓名与打印当选证书" }).click();
  const nameRow = page.getByTestId("certificates").getByRole("row").filter({ hasText: "王建军" });
  await nameRow.getByLabel("王建军的藏文姓名").fill(TIBETAN.name);
  await nameRow.getByRole("button", { name: "保存" }).click();
  await expect(nameRow.getByRole("status")).toBeVisible();
  await page.getByRole("link", { name: /打印本村全部证书/ }).click();
  const certificates = page.getByTestId("certificate");
  await expect(certificates).toHaveCount(3);
  const director = certificates.filter({ hasText: "王建军" });
  await expect(director).toContainText(TIBETAN.name);
  await expect(director).toContainText("证书编号");

  // The Tibetan is drawn with real glyphs, not boxes: the same text in the certificate's font must
  // differ from unassigned code points (which draw the font's .notdef box) and must leave ink.
  const glyphs = await director.locator("section.cert-second h1").evaluate(async (el) => {
    await document.fonts.ready;
    const font = getComputedStyle(el).fontFamily;
    const canvas = document.createElement("canvas");
    canvas.width = 800;
    canvas.height = 100;
    const g = canvas.getContext("2d")!;
    const draw = (text: string) => {
      g.clearRect(0, 0, canvas.width, canvas.height);
      g.font = `48px ${font}`;
      g.fillText(text, 10, 70);
      return g.getImageData(0, 0, canvas.width, canvas.height).data;
    };
    const text = (el.textContent ?? "").slice(0, 6);
    const real = draw(text);
    const boxes = draw("\u0FE0\u0FE1\u0FE2\u0FE3\u0FE4\u0FE5");
    let ink = 0;
    let different = 0;
    for (let i = 3; i < real.length; i += 4) {
      if (real[i]! > 0) ink++;
      if (real[i] !== boxes[i]) different++;
    }
    return { font, ink, different, available: document.fonts.check(`48px ${font}`, text) };
  });
  expect(glyphs.font).toContain("Tibetan");
  expect(glyphs.ink).toBeGreaterThan(500);
  expect(glyphs.different).toBeGreaterThan(500);
  expect(glyphs.available).toBe(true);
  await page.emulateMedia({ media: "print" });
  await director.screenshot({ path: info.outputPath("tibetan-certificate.png") });
  await page.emulateMedia({ media: "screen" });

  // Seal: the audit head is recorded and shown.
  await page.goto("/records");
  await row.getByRole("link", { name: "认定与档案" }).click();
  await page
    .locator("form")
    .filter({ has: page.getByRole("button", { name: "封存归档" }) })
    .getByLabel(/动态口令/)
    .fill(recovery[2]!);
  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: "封存归档" }).click();
  await expect(page.getByTestId("seal")).toContainText("封存时审计日志末条");
  const sealHash = (await page.getByTestId("seal").locator("code").first().textContent())!.trim();
  expect(sealHash).toMatch(/^[0-9a-f]{64}$/);
  // And the manifest digest fixed at sealing, which the archivist keeps with the paper report.
  const sealedDigest = (await page.getByTestId("archive-digest").locator("code").textContent())!.trim();
  expect(sealedDigest).toMatch(/^(sha256|sm3):[0-9a-f]{64}$/);

  // Download the package, verify it, alter one byte, verify again.
  const download = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "下载档案包（ZIP）" }).click()]).then(([d]) => d);
  const file = info.outputPath("archive.zip");
  await download.saveAs(file);
  const intact = verifyCommand(file, "--expect", sealedDigest);
  expect(intact.out).toContain("档案包完好");
  expect(intact.status).toBe(0);
  // Without the sealed digest the command does not pretend to know.
  const bare = verifyCommand(file);
  expect(bare.status).toBe(2);
  expect(bare.out).toContain("--expect");
  const altered = path.join(path.dirname(file), "archive-altered.zip");
  writeFileSync(altered, flipByteIn(readFileSync(file), "data/results.json"));
  const broken = verifyCommand(altered, "--expect", sealedDigest);
  expect(broken.status).toBe(1);
  expect(broken.out).toContain("data/results.json");
  // A CSV changed together with its manifest entry: consistent, but not what was sealed.
  const forged = path.join(path.dirname(file), "archive-forged.zip");
  writeFileSync(forged, forgeResults(readFileSync(file)));
  expect(verifyCommand(forged, "--no-expect")).toMatchObject({ status: 0, out: expect.stringContaining("只核对了档案包内部的一致性") });
  const refused = verifyCommand(forged, "--expect", sealedDigest);
  expect(refused.status).toBe(1);
  expect(refused.out).toContain("与封存记录不符");

  // The same check in the browser names the file.
  await page.goto("/records/verify");
  await page.getByLabel("档案包（.zip）").setInputFiles(altered);
  await page.getByRole("button", { name: "校验" }).click();
  await expect(page.getByTestId("verify-problems")).toContainText("data/results.json");
  // The forged package: the page looks up 城东村's seal and refuses it; the genuine one is intact.
  await page.getByLabel("档案包（.zip）").setInputFiles(forged);
  await page.getByRole("button", { name: "校验" }).click();
  await expect(page.getByTestId("verify-problems")).toContainText("与封存记录不符");
  await expect(page.getByTestId("verify-intact")).toHaveCount(0);
  await page.getByLabel("档案包（.zip）").setInputFiles(file);
  await page.getByRole("button", { name: "校验" }).click();
  await expect(page.getByTestId("verify-intact")).toContainText("与封存记录一致");

  // The printed result report carries the seal's audit head.
  await page.goto("/records");
  await row.getByRole("link", { name: "选举结果" }).click();
  // The result page says where the election stands now, and offers no reopening.
  await expect(page.getByTestId("result-status")).toHaveText("已封存归档");
  await expect(page.getByRole("button", { name: /重新开放/ })).toHaveCount(0);
  await page.getByRole("link", { name: "打印选举结果报告单" }).click();
  await expect(page.getByTestId("seal-hash")).toContainText(sealHash);
  await expect(page.getByTestId("archive-digest")).toContainText(sealedDigest);

  // The demo goes back to no second factor for the specs after this one: policy cleared, then turned off.
  await page.goto("/admin/users");
  await policy.getByLabel("县换届办管理员").uncheck();
  await policy.getByLabel(/动态口令/).fill(recovery[3]!);
  await policy.getByRole("button", { name: "保存第二因素要求" }).click();
  await expect(policy.getByRole("status")).toContainText("已保存");
  await page.goto("/account");
  const disable = page.locator("form").filter({ has: page.getByRole("button", { name: "解除绑定" }) });
  await disable.getByLabel("登录密码", { exact: true }).fill(DEMO_PASSWORD);
  await disable.getByLabel(/动态口令/).fill(recovery[4]!);
  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: "解除绑定" }).click();
  await expect(page.getByRole("button", { name: "开始绑定" })).toBeVisible();
});
