// `npm run --silent election:decide -- FILE.json`: decides one round of a village committee election
// from a tally file (format: docs/election-decide.md). Prints the decision as JSON on stdout, exit 0,
// also when the election itself is invalid (that is a decision). Bad input, or a file that cannot be
// read or is not JSON: `{ "error": { "field", "message" } }` on stderr, exit 2.
// Imports only the pure domain engine, so it runs without the react-server condition or a database.
import { readFileSync } from "node:fs";
import { tryDecideElection } from "../lib/domain/election-engine";

type CliError = { field: string; message: string };

function fail(error: CliError, code: number): number {
  process.stderr.write(`${JSON.stringify({ error }, null, 2)}\n`);
  return code;
}

function main(argv: string[]): number {
  const file = argv[0];
  if (!file || argv.length > 1) {
    return fail({ field: "argv", message: "用法：npm run --silent election:decide -- 计票文件.json（只接受一个文件）" }, 2);
  }
  let raw: string;
  try {
    raw = readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return fail({ field: "file", message: `无法读取文件「${file}」${code ? `（${code}）` : ""}` }, 2);
  }
  let data: unknown;
  try {
    // Notepad on Windows saves UTF-8 with a byte-order mark, which JSON.parse rejects.
    data = JSON.parse(raw.replace(/^\uFEFF/, ""));
  } catch (err) {
    return fail({ field: "file", message: `文件「${file}」不是有效的 JSON：${err instanceof Error ? err.message : String(err)}` }, 2);
  }
  const result = tryDecideElection(data);
  if (!result.ok) return fail(result.error, 2);
  process.stdout.write(`${JSON.stringify(result.decision, null, 2)}\n`);
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (err) {
  // Not expected: the engine is total on checked input. Still answer in the same JSON shape.
  process.exitCode = fail({ field: "internal", message: `内部错误：${err instanceof Error ? err.message : String(err)}` }, 1);
}
