/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite and its Prisma adapter load WASM and data files from disk: they must not be bundled
  // (shared platform notes).
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "@node-rs/argon2", "@prisma/schema-engine-wasm"],
  poweredByHeader: false,
  // Uploads go through server actions: evidence files and Excel imports up to 10 MB (+ form overhead).
  experimental: { serverActions: { bodySizeLimit: "11mb" } },
  // Types are checked by `npm run typecheck` (part of `npm test` and CI); skipping it here keeps the
  // first `npm start` on a clerk's laptop short.
  typescript: { ignoreBuildErrors: true },
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
