// The manifest (清单) of a sealed election archive package: every file with its size and digest
// (SHA-256 or SM3, the same algorithms as the audit chain), and the check that a package still
// matches it. A township package holds one folder per village, each with its own manifest, plus a
// top-level manifest over every file; the check walks them all (docs/decisions/009-archive-package.md).
import { createHash } from "node:crypto";
import type { HashAlgo } from "./audit-chain";

export const MANIFEST_FILE = "manifest.json";
export const MANIFEST_FORMAT = "huanjie-election-archive";
export const MANIFEST_VERSION = 1;

export type ElectionSummary = {
  id: string;
  unitCode: string;
  unitName: string;
  township: string;
  county: string;
  campaign: string;
  electionDay: string;
  resultConfirmedAt: string | null;
  certifiedAt: string | null;
  sealedAt: string;
  sealAuditId: string;
  sealAuditHash: string;
};

export type TownshipSummary = {
  id: string;
  code: string;
  name: string;
  county: string;
  campaignId: string;
  campaign: string;
  villages: { code: string; name: string; folder: string | null; sealedAt: string | null }[];
};

export type ManifestFile = { path: string; size: number; digest: string };

export type Manifest = {
  format: typeof MANIFEST_FORMAT;
  version: typeof MANIFEST_VERSION;
  package: "election" | "township";
  builtAt: string;
  algo: HashAlgo;
  election?: ElectionSummary;
  township?: TownshipSummary;
  files: ManifestFile[];
};

/** Hex digest of bytes with the package's algorithm (Node's OpenSSL provides SM3, as for the audit chain). */
export function digestOf(algo: HashAlgo, bytes: Uint8Array): string {
  return createHash(algo).update(bytes).digest("hex");
}

/** Code-point order, so the list does not depend on the locale of the machine that built it. */
const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/** The manifest of `files` (never listing manifest.json itself). Exactly one of election / township. */
export function buildManifest(
  files: readonly { path: string; bytes: Uint8Array }[],
  opts: { algo: HashAlgo; builtAt: Date; election?: ElectionSummary; township?: TownshipSummary },
): Manifest {
  if (!opts.election === !opts.township) throw new Error("buildManifest: give exactly one of election or township");
  if (files.some((f) => f.path === MANIFEST_FILE)) throw new Error("buildManifest: manifest.json cannot list itself");
  const seen = new Set<string>();
  for (const f of files) {
    if (seen.has(f.path)) throw new Error(`buildManifest: ${f.path} listed twice`);
    seen.add(f.path);
  }
  return {
    format: MANIFEST_FORMAT,
    version: MANIFEST_VERSION,
    package: opts.election ? "election" : "township",
    builtAt: opts.builtAt.toISOString(),
    algo: opts.algo,
    ...(opts.election ? { election: opts.election } : {}),
    ...(opts.township ? { township: opts.township } : {}),
    files: files.map((f) => ({ path: f.path, size: f.bytes.length, digest: digestOf(opts.algo, f.bytes) })).sort(byPath),
  };
}

/** The manifest as stored: 2-space JSON in the key order above, with a final newline. */
export function manifestBytes(m: Manifest): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(m, null, 2)}\n`);
}

// ---------------------------------------------------------------------------------------------
// Verification.

export type PackageProblem = {
  path: string;
  kind: "altered" | "missing" | "extra" | "unreadable";
  /** The manifest that raised it ("manifest.json", or "<folder>/manifest.json"). */
  manifest: string;
  expected?: string;
  actual?: string;
  /** Why, in Chinese, where the kind alone does not say it. */
  detail?: string;
};

export type PackageReport = {
  ok: boolean;
  problems: PackageProblem[];
  /** The top-level manifest, when it could be read. */
  manifest: Manifest | null;
  algo: HashAlgo | null;
  /** Files the top-level manifest lists (its own file not counted). */
  checked: number;
  /** Every manifest found, top-level first. */
  manifests: string[];
};

const HEX = { sha256: /^[0-9a-f]{64}$/, sm3: /^[0-9a-f]{64}$/ } as const;

/** Reads a manifest's bytes, or says why it cannot be used. Checked by hand: the domain stays free of I/O and the message names the field. */
export function parseManifest(bytes: Uint8Array): { ok: true; manifest: Manifest } | { ok: false; detail: string } {
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, ""));
  } catch {
    return { ok: false, detail: "不是有效的 UTF-8 JSON 文件" };
  }
  if (!data || typeof data !== "object" || Array.isArray(data)) return { ok: false, detail: "内容不是 JSON 对象" };
  const m = data as Record<string, unknown>;
  if (m.format !== MANIFEST_FORMAT) return { ok: false, detail: `format 应为 "${MANIFEST_FORMAT}"` };
  if (m.version !== MANIFEST_VERSION) return { ok: false, detail: `不认识的清单版本 ${String(m.version)}（本程序只认识第 ${MANIFEST_VERSION} 版）` };
  if (m.algo !== "sha256" && m.algo !== "sm3") return { ok: false, detail: `不认识的摘要算法 ${String(m.algo)}` };
  if (m.package !== "election" && m.package !== "township") return { ok: false, detail: "package 应为 election 或 township" };
  if (typeof m.builtAt !== "string") return { ok: false, detail: "缺少 builtAt" };
  if (!Array.isArray(m.files)) return { ok: false, detail: "缺少文件列表 files" };
  const algo = m.algo;
  const seen = new Set<string>();
  for (const [i, f] of m.files.entries()) {
    const row = f as Record<string, unknown> | null;
    if (!row || typeof row.path !== "string" || typeof row.digest !== "string" || !Number.isInteger(row.size)) {
      return { ok: false, detail: `files 第 ${i + 1} 项格式不正确` };
    }
    if (!HEX[algo].test(row.digest)) return { ok: false, detail: `files 第 ${i + 1} 项（${row.path}）的摘要格式不正确` };
    if (seen.has(row.path)) return { ok: false, detail: `文件 ${row.path} 在清单中出现了两次` };
    seen.add(row.path);
  }
  return { ok: true, manifest: data as Manifest };
}

const dirOf = (manifestPath: string) => manifestPath.slice(0, manifestPath.length - MANIFEST_FILE.length);

/**
 * Compares a package's files with every manifest in it. A manifest at "<dir>/manifest.json" covers
 * every file under <dir> (the top-level one: the whole package). A file listed but absent is
 * "missing", present but not listed is "extra", with another digest "altered"; a manifest that cannot
 * be read, or a file whose stored CRC-32 disagrees though its content matches, is "unreadable".
 * The same file found wrong by two manifests is reported once, by the outer one.
 */
export function verifyPackage(entries: readonly { path: string; bytes: Uint8Array; crcOk?: boolean }[]): PackageReport {
  const byPathMap = new Map(entries.map((e) => [e.path, e]));
  const problems: PackageProblem[] = [];
  const seen = new Set<string>();
  const report = (p: PackageProblem) => {
    const key = `${p.kind}\u0000${p.path}`;
    if (seen.has(key)) return;
    seen.add(key);
    problems.push(p);
  };

  const manifestPaths = entries
    .map((e) => e.path)
    .filter((p) => p === MANIFEST_FILE || p.endsWith(`/${MANIFEST_FILE}`))
    .sort((a, b) => a.split("/").length - b.split("/").length || (a < b ? -1 : 1));
  if (!manifestPaths.includes(MANIFEST_FILE)) {
    report({ path: MANIFEST_FILE, kind: "missing", manifest: MANIFEST_FILE, detail: "档案包中没有清单文件，无法校验" });
    return { ok: false, problems, manifest: null, algo: null, checked: 0, manifests: manifestPaths };
  }

  let top: Manifest | null = null;
  for (const mPath of manifestPaths) {
    const parsed = parseManifest(byPathMap.get(mPath)!.bytes);
    if (!parsed.ok) {
      report({ path: mPath, kind: "unreadable", manifest: mPath, detail: parsed.detail });
      continue;
    }
    const m = parsed.manifest;
    if (mPath === MANIFEST_FILE) top = m;
    const dir = dirOf(mPath);
    const listed = new Set<string>();
    for (const f of m.files) {
      const full = `${dir}${f.path}`;
      listed.add(full);
      const e = byPathMap.get(full);
      if (!e) {
        report({ path: full, kind: "missing", manifest: mPath, expected: f.digest });
        continue;
      }
      const actual = digestOf(m.algo, e.bytes);
      if (actual !== f.digest || e.bytes.length !== f.size) {
        report({ path: full, kind: "altered", manifest: mPath, expected: f.digest, actual });
      } else if (e.crcOk === false) {
        report({ path: full, kind: "unreadable", manifest: mPath, detail: "ZIP 中记录的 CRC-32 校验码与内容不符，但内容与清单一致" });
      }
    }
    for (const e of entries) {
      if (e.path.startsWith(dir) && e.path !== mPath && !listed.has(e.path)) report({ path: e.path, kind: "extra", manifest: mPath });
    }
  }
  return {
    ok: problems.length === 0,
    problems,
    manifest: top,
    algo: top?.algo ?? null,
    checked: top?.files.length ?? 0,
    manifests: manifestPaths,
  };
}

const ALGO_LABEL: Record<HashAlgo, string> = { sha256: "sha256", sm3: "sm3" };

/** One line (Chinese) per problem, naming the file: what `npm run archive:verify` and the verify page show. */
export function problemText(p: PackageProblem, algo: HashAlgo | null): string {
  const a = algo ? ALGO_LABEL[algo] : "摘要";
  const where = p.manifest === MANIFEST_FILE ? "" : `（据 ${p.manifest}）`;
  switch (p.kind) {
    case "altered":
      return `已被改动: ${p.path} (清单 ${a} ${p.expected ?? ""}, 实际 ${p.actual ?? ""})${where}`;
    case "missing":
      return p.path.endsWith(MANIFEST_FILE) && p.detail ? `缺少文件: ${p.path}（${p.detail}）` : `缺少文件: ${p.path}（清单中有，档案包中没有）${where}`;
    case "extra":
      return `多出文件: ${p.path}（档案包中有，清单中没有）${where}`;
    case "unreadable":
      return `无法校验: ${p.path}（${p.detail ?? "无法读取"}）`;
  }
}
