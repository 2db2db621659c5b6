// `npm run --silent archive:verify -- FILE.zip`: checks an election archive package (village or
// township) against its manifests, with no database. Exit 0: every file matches ("档案包完好：…").
// Exit 1: one line per altered, missing or extra file, naming it. Exit 2: the input cannot be checked
// (cannot be read, not a ZIP, damaged ZIP structure, no readable manifest), with the reason on stderr.
// Imports only pure domain code, so it runs on any machine with Node, away from the system.
import { readFileSync } from "node:fs";
import { checkArchive } from "../lib/domain/archive-check";

function fail(message: string): number {
  process.stderr.write(`无法校验档案包：${message}\n`);
  return 2;
}

function main(argv: string[]): number {
  const file = argv[0];
  if (!file || argv.length > 1) return fail("用法：npm run --silent archive:verify -- 档案包.zip（只接受一个文件）");
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(file));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return fail(`无法读取文件「${file}」${code ? `（${code}）` : ""}`);
  }
  const check = checkArchive(bytes);
  if (check.status === "unreadable") return fail(`「${file}」${check.message}`);
  for (const line of check.lines) process.stdout.write(`${line}\n`);
  return check.status === "intact" ? 0 : 1;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (err) {
  process.exitCode = fail(`内部错误：${err instanceof Error ? err.message : String(err)}`);
}
