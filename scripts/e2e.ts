// Runs the Playwright suite against a production build on a throw-away embedded database.
import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import path from "node:path";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!existsSync(chromium)) {
  console.error(
    `端到端测试需要 Debian 的 Chromium，但没有找到 ${chromium}。\n` +
      "请安装: sudo apt-get update && sudo apt-get install -y chromium fonts-noto-cjk fonts-tibetan-machine\n" +
      "(或用 CHROMIUM_PATH 指向已安装的 Chromium)",
  );
  process.exit(1);
}
// E2E_DATA_DIR names another database directory (emptied first, nothing else), so two runs can share the tree.
const dataDir = path.resolve("tmp/e2e");
const pgliteDir = process.env.E2E_DATA_DIR ? path.resolve(process.env.E2E_DATA_DIR) : path.join(dataDir, "pglite");
rmSync(process.env.E2E_DATA_DIR ? pgliteDir : dataDir, { recursive: true, force: true });
const result = spawnSync(process.execPath, [path.resolve("node_modules/@playwright/test/cli.js"), "test", ...process.argv.slice(2)], {
  stdio: "inherit",
  env: { ...process.env, E2E_DATA_DIR: pgliteDir },
});
process.exit(result.status ?? 1);
