// The HTTP security policy of every response (docs/decisions/014-http-headers.md), kept pure so that
// proxy.ts only wires it to the request: the Content-Security-Policy built from one request's nonce,
// the other security headers, and which requests are refused before Next reads their body.

/**
 * The largest request body the app accepts: uploads are limited to 10 MB (imports, evidence, archive
 * packages) and a multipart form adds a little. next.config.js states the same number twice
 * (`serverActions.bodySizeLimit`, `proxyClientMaxBodySize`); a test keeps them equal to this.
 */
export const MAX_BODY_BYTES = 11 * 1024 * 1024;

/** The limit as users read it: the file size they may choose, not the form's overhead. */
export const UPLOAD_LIMIT_TEXT = "10 MB";

/** What a refused request says, as plain text (and in the form that sent it). */
export const REFUSAL = {
  foreignOrigin: "请求来源不被接受：请在本系统的页面上操作（不要从其他网站或保存的网页提交），刷新页面后重试。",
  tooLarge: `上传的内容过大（上限 ${UPLOAD_LIMIT_TEXT}）：请缩小文件（删去图片和多余的工作表）或分成几个文件上传。`,
  /** A body streamed without Content-Length: its size cannot be checked before Next cuts it short at the limit. */
  lengthRequired: "请求没有注明内容长度，无法检查上传大小：请在本系统的页面上用浏览器操作；如经过反向代理，请让代理转发 Content-Length。",
  /** Next's own words when an action answers with something that is not its response (e.g. a reverse proxy's error page). */
  unexpected: "服务器没有正常答复（可能是上传内容过大被网关拒收，或网络中断）：请稍后重试；如仍失败，请联系系统管理员。",
} as const;

export type CspOptions = { nonce: string; dev: boolean; https: boolean };

/**
 * The policy Next.js documents for nonces (app/guides/content-security-policy), with:
 * - `style-src-attr 'unsafe-inline'`: React renders `style={…}` as style attributes in the server's HTML
 *   (chart heights, certificate fonts); a nonce cannot cover attributes. Style *elements* still need the nonce.
 * - `upgrade-insecure-requests` only over https: on http://localhost it would send the browser to https.
 * - in development `'unsafe-eval'` (React's debugging) and `'unsafe-inline'` styles (dev CSS injection), as documented.
 */
export function contentSecurityPolicy({ nonce, dev, https }: CspOptions): string {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(nonce)) throw new Error("CSP nonce must be base64");
  const directives: [string, ...string[]][] = [
    ["default-src", "'self'"],
    ["script-src", "'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(dev ? ["'unsafe-eval'"] : [])],
    ["style-src", "'self'", ...(dev ? ["'unsafe-inline'"] : [`'nonce-${nonce}'`])],
    ["style-src-attr", "'unsafe-inline'"],
    ["img-src", "'self'", "blob:", "data:"],
    ["font-src", "'self'"],
    ["connect-src", "'self'"],
    ["object-src", "'none'"],
    ["base-uri", "'self'"],
    ["form-action", "'self'"],
    ["frame-ancestors", "'none'"],
    ...(https ? [["upgrade-insecure-requests"] as [string]] : []),
  ];
  return directives.map((d) => d.join(" ")).join("; ");
}

/** Browser features the app never uses: refused for the page and anything it could embed. */
export const PERMISSIONS_POLICY = [
  "camera=()",
  "microphone=()",
  "geolocation=()",
  "payment=()",
  "usb=()",
  "serial=()",
  "bluetooth=()",
  "hid=()",
  "midi=()",
  "accelerometer=()",
  "gyroscope=()",
  "magnetometer=()",
  "display-capture=()",
  "browsing-topics=()",
].join(", ");

/** Two years, with subdomains: the value hstspreload.org asks for. Sent only when APP_URL is https. */
export const HSTS = "max-age=63072000; includeSubDomains";

/**
 * Headers proxy.ts sets on every response it passes. X-Frame-Options, X-Content-Type-Options and
 * Referrer-Policy come from next.config.js `headers()`, which also covers static files, and are not repeated.
 */
export type SecurityHeaders = { "Content-Security-Policy": string; "Permissions-Policy": string; "Strict-Transport-Security"?: string };

export function securityHeaders(options: CspOptions): SecurityHeaders {
  return {
    "Content-Security-Policy": contentSecurityPolicy(options),
    "Permissions-Policy": PERMISSIONS_POLICY,
    ...(options.https ? { "Strict-Transport-Security": HSTS } : {}),
  };
}

export type RequestFacts = {
  method: string;
  /** The Origin header, or null when the client sent none. */
  origin: string | null;
  /** The Content-Length header, or null. */
  contentLength: string | null;
  /** The Transfer-Encoding header (a streamed, "chunked" body), or null. Optional: absent means none. */
  transferEncoding?: string | null;
  /** Hosts (host[:port]) this app answers as: APP_URL's, the Host header's, a reverse proxy's X-Forwarded-Host. */
  ownHosts: readonly (string | null | undefined)[];
};

export type Refusal = { status: 403 | 411 | 413; message: string };

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Whether to refuse a request before it reaches Next (null: let it pass). A state-changing request
 * (POST, server actions included) whose Origin is another site is refused (CSRF; Next's own check
 * answers 500). One whose declared body is over the limit is refused before anything reads it (Next
 * would answer 500). A body streamed without Content-Length (Transfer-Encoding: chunked) is refused
 * with 411: its size is unknown here, and Next would pass on only its first 11 MB, which the action
 * then fails to read (500). Browsers always send Content-Length for forms and actions. A request
 * without Origin passes: browsers always send it on POST, so only non-browser clients omit it, and
 * those carry no victim's cookie (Next lets them pass too).
 */
export function refusalFor({ method, origin, contentLength, transferEncoding, ownHosts }: RequestFacts): Refusal | null {
  if (SAFE_METHODS.has(method.toUpperCase())) return null;
  if (origin !== null && !isOwnOrigin(origin, ownHosts)) return { status: 403, message: REFUSAL.foreignOrigin };
  if (contentLength !== null) {
    const length = Number(contentLength);
    if (!/^\d+$/.test(contentLength.trim()) || length > MAX_BODY_BYTES) return { status: 413, message: REFUSAL.tooLarge };
  } else if (transferEncoding) {
    return { status: 411, message: REFUSAL.lengthRequired };
  }
  return null;
}

function isOwnOrigin(origin: string, ownHosts: RequestFacts["ownHosts"]): boolean {
  // "null" comes from sandboxed frames, file: pages and some cross-site redirects: never our own page.
  if (!URL.canParse(origin)) return false;
  const { protocol, host } = new URL(origin);
  if (protocol !== "https:" && protocol !== "http:") return false;
  const own = ownHosts.flatMap((h) => (h ? h.split(",").map((v) => v.trim().toLowerCase()) : []));
  return own.includes(host.toLowerCase());
}

/**
 * The message to show in a form when calling its server action failed on the way (refused by the
 * proxy, or a gateway's error page), or null for any other error (redirects included, which must go on
 * to Next's own handling).
 */
export function refusalMessageOf(error: unknown): string | null {
  if (!(error instanceof Error)) return null;
  const known = [REFUSAL.foreignOrigin, REFUSAL.tooLarge, REFUSAL.lengthRequired].find((m) => m === error.message);
  if (known) return known;
  // Next's client: "An unexpected response was received from the server." for a non-RSC answer.
  if (error.message === "An unexpected response was received from the server.") return REFUSAL.unexpected;
  return null;
}
