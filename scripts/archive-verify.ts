// `npm run --silent archive:verify -- FILE.zip --expect DIGEST`: checks an election archive package
// (village or township) against its manifests and each village manifest against the digest fixed
// when that election was sealed (printed on its 选举结果报告单 and archive summary as
// 档案包清单摘要; give --expect once per village). Without the database: docs/decisions/009.
//   Exit 0: every file matches its manifest and every manifest its sealed digest ("档案包完好：…");
//           with --no-expect instead: only internal consistency was checked, and the output says so.
//   Exit 1: one line per altered, missing or extra file, or manifest differing from its seal.
//   Exit 2: the input cannot be checked, or neither --expect nor --no-expect was given.
// Imports only pure domain code, so it runs on any machine with Node, away from the system.
import { readFileSync } from "node:fs";
import { checkArchive } from "../lib/domain/archive-check";
import { parseSealDigest } from "../lib/domain/archive-manifest";

const USAGE =
  "用法：npm run --silent archive:verify -- 档案包.zip --expect 封存摘要 [--expect 封存摘要 …]\n" +
  "  封存摘要：选举结果报告单或档案摘要上打印的“档案包清单摘要”（如 sha256:…），乡镇(街道)档案包每个村(社区)给一个。\n" +
  "  只核对内部一致性（不能发现连同清单一起改动的文件）时，改用 --no-expect。";

function fail(message: string): number {
  process.stderr.write(`无法校验档案包：${message}\n`);
  return 2;
}

type Args = { file: string; expect: string[]; noExpect: boolean };

function parseArgs(argv: string[]): Args | string {
  const files: string[] = [];
  const expect: string[] = [];
  let noExpect = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--no-expect") noExpect = true;
    else if (a === "--expect" || a.startsWith("--expect=")) {
      const value = a === "--expect" ? argv[++i] : a.slice("--expect=".length);
      if (!value) return `--expect 后须给出封存摘要\n${USAGE}`;
      if (!parseSealDigest(value)) return `「${value}」不是封存摘要（应为 sha256: 或 sm3: 加 64 位十六进制数字）\n${USAGE}`;
      expect.push(value);
    } else if (a.startsWith("--")) return `不认识的选项 ${a}\n${USAGE}`;
    else files.push(a);
  }
  if (files.length !== 1) return `只接受一个档案包文件\n${USAGE}`;
  if (noExpect && expect.length) return `--expect 与 --no-expect 不能同时使用\n${USAGE}`;
  if (!noExpect && !expect.length) {
    return `请用 --expect 给出封存时固定的档案包清单摘要：只核对档案包内部的一致性，不能发现连同 manifest.json 一起改动的文件\n${USAGE}`;
  }
  return { file: files[0]!, expect, noExpect };
}

function main(argv: string[]): number {
  const args = parseArgs(argv);
  if (typeof args === "string") return fail(args);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(args.file));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return fail(`无法读取文件「${args.file}」${code ? `（${code}）` : ""}`);
  }
  const check = checkArchive(bytes, args.noExpect ? undefined : { expect: args.expect });
  if (check.status === "unreadable") return fail(`「${args.file}」${check.message}`);
  for (const line of check.lines) process.stdout.write(`${line}\n`);
  return check.status === "problems" ? 1 : 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (err) {
  process.exitCode = fail(`内部错误：${err instanceof Error ? err.message : String(err)}`);
}
