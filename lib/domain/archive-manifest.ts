// The manifest (清单) of a sealed election archive package: every file with its size and digest
// (SHA-256 or SM3, the same algorithms as the audit chain), and the check that a package still
// matches it. A township package holds one folder per village, each with its own manifest, plus a
// top-level manifest over every file; the check walks them all (docs/decisions/009-archive-package.md).
// A village manifest's own digest is fixed when the election is sealed (sealDigest), so a file
// changed together with its manifest entry is caught by comparing with that digest.
import { createHash } from "node:crypto";
import type { HashAlgo } from "./audit-chain";

export const MANIFEST_FILE = "manifest.json";
export const MANIFEST_FORMAT = "huanjie-election-archive";
/** Version 2 dropped builtAt: the manifest, and so its sealed digest, is the same at every build. */
export const MANIFEST_VERSION = 2;
const READABLE_VERSIONS: readonly number[] = [1, 2];

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
  /** Version 1 only: when the package was built (it made every download's manifest differ). */
  builtAt?: string;
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
  opts: { algo: HashAlgo; election?: ElectionSummary; township?: TownshipSummary },
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
// The sealed digest: the digest of a village package's manifest.json, fixed at sealing.

/** The sealed digest as stored, printed and given to `archive:verify --expect`: "<algo>:<hex>". */
export function sealDigest(algo: HashAlgo, manifestFile: Uint8Array): string {
  return `${algo}:${digestOf(algo, manifestFile)}`;
}

export type ExpectedDigest = { algo: HashAlgo | null; hex: string };

/**
 * Reads a sealed digest as typed by a person: "sha256:…", "sm3:…" or the bare 64 hex digits (then the
 * manifest's own algorithm), any case, spaces and line breaks ignored (it is copied from paper). Null if malformed.
 */
export function parseSealDigest(text: string): ExpectedDigest | null {
  const t = text.replace(/\s+/g, "").toLowerCase();
  const m = /^(?:(sha256|sm3):)?([0-9a-f]{64})$/.exec(t);
  return m ? { algo: (m[1] as HashAlgo | undefined) ?? null, hex: m[2]! } : null;
}

/** Whether a manifest file's bytes are the ones sealed. */
export function matchesSealDigest(expected: ExpectedDigest, manifestFile: Uint8Array, manifestAlgo: HashAlgo): boolean {
  return digestOf(expected.algo ?? manifestAlgo, manifestFile) === expected.hex;
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
  /** The readable manifests of one election (a village package, or a village folder of a township's), with their bytes. */
  elections: ElectionManifest[];
};

export type ElectionManifest = { path: string; election: ElectionSummary; algo: HashAlgo; bytes: Uint8Array };

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
  if (!READABLE_VERSIONS.includes(m.version as number)) {
    return { ok: false, detail: `不认识的清单版本 ${String(m.version)}（本程序认识第 ${READABLE_VERSIONS.join("、")} 版）` };
  }
  if (m.algo !== "sha256" && m.algo !== "sm3") return { ok: false, detail: `不认识的摘要算法 ${String(m.algo)}` };
  if (m.package !== "election" && m.package !== "township") return { ok: false, detail: "package 应为 election 或 township" };
  if (m.version === 1 && typeof m.builtAt !== "string") return { ok: false, detail: "缺少 builtAt" };
  if (!Array.isArray(m.files)) return { ok: false, detail: "缺少文件列表 files" };
  if (m.package === "election") {
    const e = m.election as Record<string, unknown> | null | undefined;
    if (!e || typeof e !== "object" || typeof e.id !== "string" || typeof e.unitName !== "string" || typeof e.unitCode !== "string") {
      return { ok: false, detail: "缺少选举概况 election" };
    }
  }
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
    return { ok: false, problems, manifest: null, algo: null, checked: 0, manifests: manifestPaths, elections: [] };
  }

  let top: Manifest | null = null;
  const elections: ElectionManifest[] = [];
  for (const mPath of manifestPaths) {
    const bytes = byPathMap.get(mPath)!.bytes;
    const parsed = parseManifest(bytes);
    if (!parsed.ok) {
      report({ path: mPath, kind: "unreadable", manifest: mPath, detail: parsed.detail });
      continue;
    }
    const m = parsed.manifest;
    if (mPath === MANIFEST_FILE) top = m;
    if (m.package === "election" && m.election) elections.push({ path: mPath, election: m.election, algo: m.algo, bytes });
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
    elections,
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
