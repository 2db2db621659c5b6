import http from "node:http";
import { expect, test, type Page } from "@playwright/test";
import { loginAs } from "./helpers";

// The security headers of docs/decisions/014-http-headers.md on the real server (http APP_URL): a CSP
// nonce per response that Next puts on its scripts, pages that work under the policy (charts, print
// styles), and refused posts answered 403 / 411 / 413 in Chinese. Reads only; changes nothing.

const FOREIGN = "https://evil.example.com";

/** CSP violations the page reports (the event and Chromium's console line), collected from the start. */
async function watchCsp(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction("__reportCsp", (v: string) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as unknown as { __reportCsp: (v: string) => void }).__reportCsp(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(m.text())) violations.push(m.text());
  });
  return violations;
}

const nonceOf = (csp: string | undefined) => /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp ?? "")?.[1];

test("each response has its own nonce, on every script of its page; the other headers once each; no HSTS over http", async ({ request }) => {
  const nonces: string[] = [];
  for (let i = 0; i < 2; i++) {
    const res = await request.get("/login");
    expect(res.status()).toBe(200);
    const csp = res.headers()["content-security-policy"];
    const nonce = nonceOf(csp);
    expect(nonce, csp).toBeTruthy();
    nonces.push(nonce!);
    for (const d of ["'strict-dynamic'", "object-src 'none'", "frame-ancestors 'none'", "base-uri 'self'", "form-action 'self'"]) expect(csp).toContain(d);
    expect(csp).not.toContain("unsafe-eval");
    // http://localhost: no upgrade to https, no HSTS.
    expect(csp).not.toContain("upgrade-insecure-requests");
    expect(res.headers()["strict-transport-security"]).toBeUndefined();

    const html = await res.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const s of scripts) expect(s, "a script without this response's nonce").toContain(`nonce="${nonce}"`);

    // Each header exactly once (next.config.js and proxy.ts must not both set one).
    const all = res.headersArray().map((h) => h.name.toLowerCase());
    for (const name of ["content-security-policy", "permissions-policy", "x-content-type-options", "referrer-policy", "x-frame-options"]) {
      expect(
        all.filter((n) => n === name),
        name,
      ).toHaveLength(1);
    }
    expect(res.headers()["permissions-policy"]).toContain("camera=()");
    expect(res.headers()["x-content-type-options"]).toBe("nosniff");
  }
  expect(nonces[0]).not.toBe(nonces[1]);
});

test("a post from another site is refused with 403 and a Chinese message; an oversized one with 413", async ({ request, baseURL }) => {
  // A forged server action call (CSRF): Next's own check would answer 500.
  const forged = await request.post("/home", { headers: { Origin: FOREIGN, "Next-Action": "0".repeat(42), "Content-Type": "text/plain" }, data: "[]" });
  expect(forged.status()).toBe(403);
  expect(forged.headers()["content-type"]).toBe("text/plain");
  expect(await forged.text()).toContain("请求来源不被接受");
  // The sign-in endpoint too.
  const login = await request.post("/api/auth/callback/credentials", { headers: { Origin: FOREIGN }, form: { username: "county", password: "x" } });
  expect(login.status()).toBe(403);

  // 12 MB from our own origin: over the 11 MB limit of a form with a 10 MB file.
  const big = await request.post("/home", {
    headers: { Origin: baseURL!, "Next-Action": "0".repeat(42), "Content-Type": "text/plain" },
    data: "x".repeat(12 * 1024 * 1024),
  });
  expect(big.status()).toBe(413);
  expect(await big.text()).toContain("上传的内容过大（上限 10 MB）");
  // Without JavaScript (a plain form post) the browser is told the charset.
  const plain = await request.post("/home", {
    headers: { Origin: baseURL! },
    multipart: { file: { name: "a.xlsx", mimeType: "application/octet-stream", buffer: Buffer.alloc(12 * 1024 * 1024) } },
  });
  expect(plain.status()).toBe(413);
  expect(plain.headers()["content-type"]).toBe("text/plain; charset=utf-8");

  // A post from our own page under the limit goes on to Next (here: an action id it does not know).
  const own = await request.post("/home", { headers: { Origin: baseURL!, "Next-Action": "0".repeat(42), "Content-Type": "text/plain" }, data: "[]" });
  expect([403, 413, 500]).not.toContain(own.status());
});

/** Posts `size` bytes streamed in chunks (Transfer-Encoding: chunked, no Content-Length), as a script or an unbuffered proxy would. */
function postChunked(baseURL: string, pathname: string, headers: Record<string, string>, size: number) {
  return new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
    const req = http.request(new URL(pathname, baseURL), { method: "POST", headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, type: String(res.headers["content-type"]), body }));
    });
    req.on("error", reject);
    const chunk = Buffer.alloc(256 * 1024, "x");
    let sent = 0;
    const write = () => {
      while (sent < size) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", write);
      }
      req.end();
    };
    write();
  });
}

test("a post streamed without Content-Length is refused with 411 in Chinese, not cut at 11 MB and answered 500", async ({ baseURL }) => {
  // Before the proxy refused it, Next passed on the first 11 MB of this 12 MB body and the action failed on it (500).
  const action = { Origin: baseURL!, "Next-Action": "0".repeat(42), "Content-Type": "text/plain;charset=UTF-8" };
  const big = await postChunked(baseURL!, "/home", action, 12 * 1024 * 1024);
  expect([big.status, big.type]).toEqual([411, "text/plain"]);
  expect(big.body).toContain("请求没有注明内容长度");
  const form = await postChunked(baseURL!, "/api/auth/callback/credentials", { Origin: baseURL!, "Content-Type": "application/x-www-form-urlencoded" }, 1024);
  expect([form.status, form.type]).toEqual([411, "text/plain; charset=utf-8"]);
});

test("dashboard charts, the certificate preview (after a client-side navigation and a reload) and the ballot print page work without a CSP violation", async ({
  page,
}) => {
  const violations = await watchCsp(page);
  await loginAs(page, "county");

  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "进度看板" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("换届进度看板");
  // ECharts drew the funnel (SVG renderer) inside the chart box.
  const chart = page.locator("figure [role=img]").first();
  await expect(chart.locator("svg")).toBeVisible();
  await expect(chart.locator("svg text").first()).toBeAttached();

  await page.goto("/statistics");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  for (const box of await page.locator("figure [role=img]").all()) await expect(box.locator("svg")).toBeVisible();

  // The certificate layout preview is styled by an inline <style>: reached by a link (client-side
  // navigation, the document keeps its first nonce) and loaded afresh.
  await page.getByRole("navigation", { name: "主导航" }).locator('a[href="/certificates"]').click();
  await expect(page).toHaveURL(/\/certificates$/);
  const frame = page.getByTestId("layout-preview").locator(".cert-frame").first();
  await expect(frame).toHaveCSS("border-top-style", "solid");
  await page.reload();
  await expect(page.getByTestId("layout-preview").locator(".cert-frame").first()).toHaveCSS("border-top-style", "solid");

  expect(violations).toEqual([]);
});

test("the ballot and tally sheet print page keeps its print layout under the policy", async ({ page }) => {
  const violations = await watchCsp(page);
  await loginAs(page, "village");
  await page.goto("/campaigns");
  await page.getByRole("link", { name: "第十二届村(居)民委员会换届选举" }).click();
  await page.getByRole("row").filter({ hasText: "城东村" }).getByRole("link", { name: "投票计票" }).click();
  await page.getByRole("link", { name: "打印选票和计票单" }).click();
  await expect(page.getByTestId("tally-sheet").first()).toContainText("计票人（签名）");
  const pdf = await page.pdf({ preferCSSPageSize: true });
  expect(pdf.toString("latin1").match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length).toBe(3);
  expect(violations).toEqual([]);
});

test("a form whose post is refused shows why in the form, not the error page", async ({ page }) => {
  await loginAs(page, "county");
  await page.goto("/account");
  const form = page.locator("form").filter({ has: page.getByLabel("当前密码") });
  const fill = async () => {
    await form.getByLabel("当前密码").fill("x");
    await form.getByLabel("新密码", { exact: true }).fill("Qiang-Mima-2026");
    await form.getByLabel("再次输入新密码").fill("Qiang-Mima-2026");
  };
  await fill();

  // 12 MB in a field (maxLength binds typing only): the proxy answers 413.
  await form.getByLabel("当前密码").evaluate((el: HTMLInputElement) => {
    el.value = "x".repeat(12 * 1024 * 1024);
  });
  await form.getByRole("button").click();
  await expect(form.getByRole("alert")).toHaveText(/上传的内容过大（上限 10 MB）/);

  // The same form posted as if from another site: 403.
  await page.reload();
  // Chromium will not let a page's request carry a forged Origin: the test's own client sends it on.
  await page.route("**/account", async (route) => {
    if (route.request().method() !== "POST") return route.continue();
    await route.fulfill({ response: await route.fetch({ headers: { ...route.request().headers(), origin: FOREIGN } }) });
  });
  await fill();
  await form.getByRole("button").click();
  await expect(form.getByRole("alert")).toHaveText(/请求来源不被接受/);
  await expect(page.getByRole("heading", { name: "出错了" })).toHaveCount(0);
});
