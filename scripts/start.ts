// `npm start`: apply migrations, load the demo county into an empty embedded database, build the app
// if the build is missing or older than the sources, then serve it. `--dev` serves with next dev.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { env, isEmbedded } from "@/lib/env";
import { openConfiguredDatabase } from "@/lib/server/db/connect";
import { applyMigrations } from "@/lib/server/db/schema-engine";
import { seedDemo } from "@/lib/server/seed/demo";
import { DEMO_PASSWORD, DEMO_USERS } from "@/lib/server/seed/demo-data";
import { ROLE_LABEL } from "@/lib/domain/permissions";

const dev = process.argv.includes("--dev");
const nextBin = path.resolve("node_modules/next/dist/bin/next");

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const st = statSync(target);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(target)) {
    if (entry === "generated" || entry === "node_modules") continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}

function buildIsStale(): boolean {
  const buildId = path.resolve(".next/BUILD_ID");
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  const sources = ["app", "components", "lib", "public", "next.config.js", "package.json", "postcss.config.json"];
  return sources.some((s) => newestMtime(path.resolve(s)) > built);
}

/** Preloads scripts/peer-address.cjs, which gives route handlers the socket address (login throttling). */
function withPeerAddress(nodeOptions: string | undefined): string {
  const preload = `--require=${JSON.stringify(path.resolve("scripts/peer-address.cjs"))}`;
  return [nodeOptions, preload].filter(Boolean).join(" ");
}

async function main() {
  let e;
  try {
    e = env();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
  const db = await openConfiguredDatabase();
  let seeded = false;
  try {
    const applied = await applyMigrations(db.adapter);
    if (applied.length) console.log(`已应用数据库迁移: ${applied.join(", ")}`);
    if (isEmbedded() || e.SEED_DEMO) seeded = (await seedDemo(db.prisma)).created;
  } finally {
    await db.close();
  }

  if (!dev && buildIsStale()) {
    console.log("正在构建应用（首次启动或代码有更新时需要 1-3 分钟）…");
    const build = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }

  const port = String(e.PORT);
  const child = spawn(process.execPath, [nextBin, dev ? "dev" : "start", "-p", port], {
    stdio: ["inherit", "pipe", "inherit"],
    env: { ...process.env, NEXTAUTH_URL: e.APP_URL, NEXT_TELEMETRY_DISABLED: "1", NODE_OPTIONS: withPeerAddress(process.env.NODE_OPTIONS) },
  });
  let announced = false;
  child.stdout.on("data", (chunk: Buffer) => {
    process.stdout.write(chunk);
    if (!announced && /Ready|started server|Local:/i.test(chunk.toString())) {
      announced = true;
      console.log(`\n换届选举系统已启动: ${e.APP_URL}`);
      console.log(`数据库: ${isEmbedded() ? `嵌入式 PGlite (${e.PGLITE_DATA_DIR})` : "PostgreSQL 服务器"}${seeded ? "，已载入示例县数据" : ""}`);
      if (isEmbedded()) {
        console.log(`示例账号（密码均为 ${DEMO_PASSWORD}）:`);
        for (const u of DEMO_USERS) console.log(`  ${u.username.padEnd(11)} ${ROLE_LABEL[u.role]} · ${u.displayName}`);
      }
    }
  });
  const stop = () => child.kill("SIGTERM");
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  child.on("exit", (code) => process.exit(code ?? 0));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
