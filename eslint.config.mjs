import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// Layering (docs/architecture.md): app → lib/server → lib/domain; app and components → lib/documents → lib/domain.
// Arrows point one way; these rules make an import against them a lint error.
const restrict = (files, patterns, why) => ({
  files,
  ignores: ["**/*.test.ts", "**/*.test.tsx"],
  rules: { "no-restricted-imports": ["error", { patterns: patterns.map((group) => ({ group: [group], message: why })) }] },
});

const config = [
  ...nextVitals,
  ...nextTs,
  { ignores: ["lib/generated/**", ".next/**", "data/**", "tmp/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
    },
  },
  restrict(
    ["lib/domain/**"],
    [
      "@/lib/server",
      "@/lib/server/**",
      "../server/**",
      "@/lib/generated/**",
      "../generated/**",
      "@/lib/documents/**",
      "@/components/**",
      "@/app/**",
      "next",
      "next/**",
      "next-auth",
      "next-auth/**",
      "@prisma/**",
      "server-only",
      "react",
      "react-dom",
      "react-dom/**",
      "pg",
      "@electric-sql/**",
    ],
    "lib/domain is pure: no server, Next, Prisma, React or database imports",
  ),
  restrict(
    ["lib/documents/**"],
    ["@/lib/server", "@/lib/server/**", "../server/**", "@/lib/generated/**", "@/components/**", "@/app/**", "next", "next/**", "@prisma/**", "server-only"],
    "lib/documents renders plain data (lib/domain types) only",
  ),
  restrict(
    ["lib/server/**"],
    ["@/components/**", "@/app/**", "../../components/**"],
    "lib/server does not import UI: printable documents live in lib/documents",
  ),
  restrict(
    ["app/**", "components/**"],
    ["@/lib/server/db", "@/lib/server/db/**", "@/lib/generated/**", "@prisma/**", "pg", "@electric-sql/**"],
    "pages, routes and components reach the database only through lib/server's data access functions",
  ),
  restrict(["components/**"], ["@/lib/server", "@/lib/server/**"], "components receive data as props: view types live in lib/domain"),
];

export default config;
