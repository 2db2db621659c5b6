// proxy.ts (Next 16's proxy, formerly middleware) called as Next calls it, with a NextRequest: which posts
// it refuses before Next reads them, with what status, type and Chinese text, and that it lets the rest on
// with the per-response headers (docs/decisions/014-http-headers.md). tests/e2e/headers.spec.ts checks the
// same answers on the running server; this checks them without one, case by case.
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { MAX_BODY_BYTES, REFUSAL } from "@/lib/domain/http-security";
import { env } from "@/lib/env";
import { proxy } from "@/proxy";

const APP = env().APP_URL;
const HOST = new URL(APP).host;
const ACTION = { "Next-Action": "0".repeat(42), "Content-Type": "text/plain;charset=UTF-8" };

function post(pathname: string, headers: Record<string, string>, body?: BodyInit) {
  // duplex: a streamed body (the chunked case) must say so; Node's RequestInit type does not list it.
  const init = { method: "POST", headers: { Host: HOST, ...headers }, body, duplex: "half" };
  return new NextRequest(new URL(pathname, APP), init as ConstructorParameters<typeof NextRequest>[1]);
}

/** Whether the proxy let the request on to Next (NextResponse.next() marks it with x-middleware-next). */
const passed = (res: Response) => res.headers.get("x-middleware-next") === "1";

describe("proxy: refused posts", () => {
  it("a server action posted from another site: 403, the Chinese text as exactly text/plain (what Next's client shows), not cached", async () => {
    const res = proxy(post("/home", { Origin: "https://evil.example.com", ...ACTION }, "[]"));
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toBe("text/plain");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.text()).toBe(REFUSAL.foreignOrigin);
    expect(passed(res)).toBe(false);
  });

  it("a plain form post from another site (sign-in included) and an Origin of null: 403 with the charset, so a browser shows Chinese", async () => {
    for (const origin of ["https://evil.example.com", "null", `http://${HOST}.evil.example.com`]) {
      const res = proxy(
        post("/api/auth/callback/credentials", { Origin: origin, "Content-Type": "application/x-www-form-urlencoded" }, "username=county&password=x"),
      );
      expect([origin, res.status]).toEqual([origin, 403]);
      expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      expect(await res.text()).toContain("请求来源不被接受");
    }
  });

  it("12 MB declared by Content-Length from our own page: 413 with the Chinese limit, before anything reads the body", async () => {
    const res = proxy(post("/home", { Origin: APP, ...ACTION, "Content-Length": String(12 * 1024 * 1024) }));
    expect(res.status).toBe(413);
    expect(res.headers.get("content-type")).toBe("text/plain");
    expect(await res.text()).toBe(REFUSAL.tooLarge);
    expect(REFUSAL.tooLarge).toContain("上限 10 MB");
    // One byte over the limit is refused; the limit itself passes.
    expect(proxy(post("/home", { Origin: APP, ...ACTION, "Content-Length": String(MAX_BODY_BYTES + 1) })).status).toBe(413);
    expect(passed(proxy(post("/home", { Origin: APP, ...ACTION, "Content-Length": String(MAX_BODY_BYTES) })))).toBe(true);
    // A Content-Length that is not a number is refused the same way, not passed on.
    expect(proxy(post("/home", { Origin: APP, ...ACTION, "Content-Length": "12e6" })).status).toBe(413);
  });

  it("a body streamed without Content-Length (chunked) from our own page: 411 in Chinese, since Next would pass on only its first 11 MB", async () => {
    const res = proxy(post("/past-terms", { Origin: APP, ...ACTION, "Transfer-Encoding": "chunked" }, new Blob(["[]"]).stream()));
    expect(res.status).toBe(411);
    expect(res.headers.get("content-type")).toBe("text/plain");
    expect(await res.text()).toBe(REFUSAL.lengthRequired);
  });

  it("the foreign origin is answered first: a large forged post gets 403, not 413", () => {
    expect(proxy(post("/home", { Origin: "https://evil.example.com", ...ACTION, "Content-Length": String(12 * 1024 * 1024) })).status).toBe(403);
  });
});

describe("proxy: posts that go on to Next", () => {
  it("same origin (APP_URL's host, or the Host / X-Forwarded-Host a reverse proxy gives) under the limit passes, with a fresh CSP nonce each time", () => {
    const own = proxy(post("/home", { Origin: APP, ...ACTION, "Content-Length": "2" }, "[]"));
    expect(passed(own)).toBe(true);
    expect(own.status).toBe(200);
    const behindProxy = proxy(
      post("/home", { Origin: "https://huanjie.example.gov.cn", Host: "127.0.0.1:3000", "X-Forwarded-Host": "huanjie.example.gov.cn", ...ACTION }, "[]"),
    );
    expect(passed(behindProxy)).toBe(true);
    const nonce = (res: Response) => /'nonce-([^']+)'/.exec(res.headers.get("content-security-policy") ?? "")?.[1];
    expect(nonce(own)).toBeTruthy();
    expect(nonce(own)).not.toBe(nonce(behindProxy));
    // Next reads the nonce from the request's CSP header: the proxy passes it on as an overridden request header.
    expect(own.headers.get("x-middleware-request-x-nonce")).toBe(nonce(own));
    expect(own.headers.get("permissions-policy")).toContain("camera=()");
  });

  it("a post without Origin (a non-browser client, no victim's cookie) and a GET from anywhere pass", () => {
    expect(passed(proxy(post("/api/auth/callback/credentials", { "Content-Type": "application/x-www-form-urlencoded" }, "a=b")))).toBe(true);
    const get = new NextRequest(new URL("/login", APP), { headers: { Host: HOST, Origin: "https://evil.example.com" } });
    expect(passed(proxy(get))).toBe(true);
  });
});
