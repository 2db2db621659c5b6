// Runs before every page, action and API request (Next 16's proxy, formerly middleware): refuses a
// foreign-origin, oversized or unmeasured (chunked) post with a Chinese plain-text answer, and gives every response its own
// CSP nonce, as Next documents (app/guides/content-security-policy). Policy: lib/domain/http-security.ts,
// docs/decisions/014-http-headers.md.
import { NextResponse, type NextRequest } from "next/server";
import { refusalFor, securityHeaders } from "@/lib/domain/http-security";
import { env } from "@/lib/env";

export function proxy(request: NextRequest) {
  const { APP_URL, NODE_ENV } = env();
  const refusal = refusalFor({
    method: request.method,
    origin: request.headers.get("origin"),
    contentLength: request.headers.get("content-length"),
    transferEncoding: request.headers.get("transfer-encoding"),
    ownHosts: [new URL(APP_URL).host, request.headers.get("host"), request.headers.get("x-forwarded-host")],
  });
  if (refusal) {
    // Next's client shows a failed action's text only for exactly `text/plain` (no charset); fetch reads
    // it as UTF-8. A plain form post (no JavaScript yet) gets the charset so the browser shows Chinese.
    const type = request.headers.has("next-action") ? "text/plain" : "text/plain; charset=utf-8";
    return new NextResponse(refusal.message, { status: refusal.status, headers: { "Content-Type": type, "Cache-Control": "no-store" } });
  }

  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const headers = securityHeaders({ nonce, dev: NODE_ENV === "development", https: APP_URL.startsWith("https://") });
  // Next reads the nonce from the request's CSP header and puts it on its own scripts; x-nonce is for ours.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", headers["Content-Security-Policy"]);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [key, value] of Object.entries(headers)) if (value) response.headers.set(key, value);
  return response;
}

export const config = {
  // Not static files (no nonce to give, no body). Unlike Next's example, API routes and prefetches stay
  // in: API posts are checked too, and a `purpose: prefetch` header must not let a post skip the checks.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg).*)"],
};
