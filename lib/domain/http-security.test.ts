import type { NextConfig } from "next";
import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, HSTS, MAX_BODY_BYTES, PERMISSIONS_POLICY, REFUSAL, refusalFor, refusalMessageOf, securityHeaders } from "./http-security";

// The config is plain JavaScript (no types to import): read it as Next would.
const nextConfig = ((await import(new URL("../../next.config.js", import.meta.url).href)) as { default: NextConfig }).default;

const directives = (csp: string) =>
  new Map(
    csp.split("; ").map((d) => {
      const [name, ...values] = d.split(" ");
      return [name, values];
    }),
  );

describe("contentSecurityPolicy", () => {
  const prod = directives(contentSecurityPolicy({ nonce: "YWJjMTIz", dev: false, https: true }));

  it("allows scripts only by this response's nonce, and what they load (strict-dynamic)", () => {
    expect(prod.get("script-src")).toEqual(["'self'", "'nonce-YWJjMTIz'", "'strict-dynamic'"]);
    expect(prod.get("script-src")).not.toContain("'unsafe-inline'");
    expect(prod.get("script-src")).not.toContain("'unsafe-eval'");
  });

  it("allows style elements by nonce but style attributes inline (React's style={…})", () => {
    expect(prod.get("style-src")).toEqual(["'self'", "'nonce-YWJjMTIz'"]);
    expect(prod.get("style-src-attr")).toEqual(["'unsafe-inline'"]);
  });

  it("refuses plugins, framing, foreign base URLs and foreign form targets", () => {
    expect(prod.get("object-src")).toEqual(["'none'"]);
    expect(prod.get("frame-ancestors")).toEqual(["'none'"]);
    expect(prod.get("base-uri")).toEqual(["'self'"]);
    expect(prod.get("form-action")).toEqual(["'self'"]);
    expect(prod.get("default-src")).toEqual(["'self'"]);
    // QR codes (second factor) are data: images; downloads and previews may be blob:.
    expect(prod.get("img-src")).toEqual(["'self'", "blob:", "data:"]);
  });

  it("upgrades insecure requests over https only", () => {
    expect(prod.has("upgrade-insecure-requests")).toBe(true);
    const http = directives(contentSecurityPolicy({ nonce: "YWJj", dev: false, https: false }));
    expect(http.has("upgrade-insecure-requests")).toBe(false);
  });

  it("in development allows eval for React's debugging and inline dev styles, as Next documents", () => {
    const dev = directives(contentSecurityPolicy({ nonce: "YWJj", dev: true, https: false }));
    expect(dev.get("script-src")).toEqual(["'self'", "'nonce-YWJj'", "'strict-dynamic'", "'unsafe-eval'"]);
    expect(dev.get("style-src")).toEqual(["'self'", "'unsafe-inline'"]);
  });

  it("refuses a nonce that could break out of the header", () => {
    expect(() => contentSecurityPolicy({ nonce: "abc'; script-src *", dev: false, https: false })).toThrow();
    expect(() => contentSecurityPolicy({ nonce: "", dev: false, https: false })).toThrow();
  });
});

describe("securityHeaders", () => {
  it("sends HSTS only when the app is served over https", () => {
    expect(securityHeaders({ nonce: "YWJj", dev: false, https: true })["Strict-Transport-Security"]).toBe(HSTS);
    expect(securityHeaders({ nonce: "YWJj", dev: false, https: false })).not.toHaveProperty("Strict-Transport-Security");
  });

  it("refuses camera, microphone and location to the page", () => {
    const p = securityHeaders({ nonce: "YWJj", dev: false, https: false })["Permissions-Policy"];
    expect(p).toBe(PERMISSIONS_POLICY);
    for (const f of ["camera=()", "microphone=()", "geolocation=()"]) expect(p).toContain(f);
  });

  it("does not repeat a header that next.config.js already sets", async () => {
    const rules = (await nextConfig.headers?.()) ?? [];
    const fromConfig = rules.flatMap((r) => r.headers.map((h) => h.key.toLowerCase()));
    const fromProxy = Object.keys(securityHeaders({ nonce: "YWJj", dev: false, https: true })).map((k) => k.toLowerCase());
    expect(fromConfig).toEqual(expect.arrayContaining(["x-content-type-options", "referrer-policy", "x-frame-options"]));
    expect(fromProxy.filter((k) => fromConfig.includes(k))).toEqual([]);
  });
});

describe("refusalFor", () => {
  const own = ["huanjie.example.gov.cn", "127.0.0.1:3000"];
  const post = (origin: string | null, contentLength: string | null = "100") => refusalFor({ method: "POST", origin, contentLength, ownHosts: own });

  it("lets a post from the app's own pages pass", () => {
    expect(post("https://huanjie.example.gov.cn")).toBeNull();
    expect(post("http://127.0.0.1:3000")).toBeNull();
    expect(post("HTTPS://HUANJIE.example.gov.cn")).toBeNull();
  });

  it("refuses a post from another site with 403 and the Chinese message", () => {
    expect(post("https://evil.example.com")).toEqual({ status: 403, message: REFUSAL.foreignOrigin });
    // Same host name, other port: another origin.
    expect(post("http://127.0.0.1:4000")?.status).toBe(403);
    // A look-alike that merely starts with our name.
    expect(post("https://huanjie.example.gov.cn.evil.example")?.status).toBe(403);
    expect(post("null")?.status).toBe(403);
    expect(post("file://")?.status).toBe(403);
  });

  it("accepts a reverse proxy's X-Forwarded-Host list", () => {
    expect(refusalFor({ method: "POST", origin: "https://a.example", contentLength: "1", ownHosts: [null, "a.example, internal:3000"] })).toBeNull();
  });

  it("lets a post without Origin pass (non-browser clients carry no victim's cookie)", () => {
    expect(post(null)).toBeNull();
  });

  it("refuses a body over the limit with 413, and takes one at the limit", () => {
    expect(post("https://huanjie.example.gov.cn", String(MAX_BODY_BYTES + 1))).toEqual({ status: 413, message: REFUSAL.tooLarge });
    expect(post("https://huanjie.example.gov.cn", String(MAX_BODY_BYTES))).toBeNull();
    expect(post(null, String(50 * 1024 * 1024))?.status).toBe(413);
    expect(REFUSAL.tooLarge).toContain("上限 10 MB");
  });

  it("refuses a streamed (chunked) body without Content-Length with 411: its size cannot be checked", () => {
    const chunked = (origin: string | null, contentLength: string | null = null) =>
      refusalFor({ method: "POST", origin, contentLength, transferEncoding: "chunked", ownHosts: own });
    expect(chunked("https://huanjie.example.gov.cn")).toEqual({ status: 411, message: REFUSAL.lengthRequired });
    expect(chunked(null)?.status).toBe(411);
    expect(chunked("https://evil.example.com")?.status).toBe(403);
    // A post with neither header has no body to measure.
    expect(refusalFor({ method: "POST", origin: null, contentLength: null, transferEncoding: null, ownHosts: own })).toBeNull();
    expect(refusalFor({ method: "GET", origin: null, contentLength: null, transferEncoding: "chunked", ownHosts: own })).toBeNull();
    expect(REFUSAL.lengthRequired).toContain("Content-Length");
  });

  it("never refuses reading requests, whatever their origin", () => {
    for (const method of ["GET", "HEAD", "OPTIONS", "get"]) {
      expect(refusalFor({ method, origin: "https://evil.example.com", contentLength: String(MAX_BODY_BYTES * 2), ownHosts: own })).toBeNull();
    }
    expect(refusalFor({ method: "DELETE", origin: "https://evil.example.com", contentLength: null, ownHosts: own })?.status).toBe(403);
  });

  it("checks the origin before the size", () => {
    expect(post("https://evil.example.com", String(MAX_BODY_BYTES * 2))?.status).toBe(403);
  });
});

describe("limits in next.config.js", () => {
  const bytes = (v: unknown) => {
    const m = /^(\d+)mb$/.exec(String(v));
    return m ? Number(m[1]) * 1024 * 1024 : Number(v);
  };
  it("lets server actions and the proxy read a body up to the limit the proxy enforces", () => {
    const experimental = nextConfig.experimental ?? {};
    expect(bytes(experimental.serverActions?.bodySizeLimit)).toBe(MAX_BODY_BYTES);
    // The proxy buffers a body up to this size; a larger one would reach the action cut short.
    expect(bytes(experimental.proxyClientMaxBodySize)).toBe(MAX_BODY_BYTES);
  });
});

describe("refusalMessageOf", () => {
  it("turns the proxy's refusals into the form's message", () => {
    expect(refusalMessageOf(new Error(REFUSAL.tooLarge))).toBe(REFUSAL.tooLarge);
    expect(refusalMessageOf(new Error(REFUSAL.foreignOrigin))).toBe(REFUSAL.foreignOrigin);
    expect(refusalMessageOf(new Error(REFUSAL.lengthRequired))).toBe(REFUSAL.lengthRequired);
    expect(refusalMessageOf(new Error("An unexpected response was received from the server."))).toBe(REFUSAL.unexpected);
  });
  it("leaves every other error (redirects, bugs) to Next and error.tsx", () => {
    expect(refusalMessageOf(new Error("NEXT_REDIRECT"))).toBeNull();
    expect(refusalMessageOf(new TypeError("x is undefined"))).toBeNull();
    expect(refusalMessageOf("上传的内容过大")).toBeNull();
  });
});
