/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite and its Prisma adapter load WASM and data files from disk: they must not be bundled
  // (shared platform notes).
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "@node-rs/argon2", "@prisma/schema-engine-wasm"],
  poweredByHeader: false,
  // Uploads go through server actions: evidence files and Excel imports up to 10 MB (+ form overhead).
  // proxy.ts answers 413 above the same size (MAX_BODY_BYTES in lib/domain/http-security.ts, a test
  // keeps the three equal); the proxy buffers bodies up to proxyClientMaxBodySize (default 10 MB) and
  // would pass a larger one on cut short.
  experimental: { serverActions: { bodySizeLimit: "11mb" }, proxyClientMaxBodySize: "11mb" },
  // Types are checked by `npm run typecheck` (part of `npm test` and CI); skipping it here keeps the
  // first `npm start` on a clerk's laptop short.
  typescript: { ignoreBuildErrors: true },
  // Content-Security-Policy, Permissions-Policy and HSTS are per request, set in proxy.ts
  // (docs/decisions/014-http-headers.md); these three also cover static files.
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
        ],
      },
    ];
  },
};

export default nextConfig;
