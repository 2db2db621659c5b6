// Checking an archive package as a whole, from its bytes: what `npm run archive:verify` and the
// verify page both say. Pure (no database), so it runs away from the system too.
//
// Two checks, and only both together say "intact" (docs/decisions/009-archive-package.md, addendum):
// every file against the manifests inside the package (internal consistency), and every village
// manifest against the digest fixed when that election was sealed. The first alone cannot see a file
// changed together with its manifest entry; so without sealed digests the answer is "unconfirmed".
import {
  MANIFEST_FILE,
  matchesSealDigest,
  parseSealDigest,
  problemText,
  sealDigest,
  verifyPackage,
  type ElectionManifest,
  type ElectionSummary,
  type Manifest,
  type PackageProblem,
  type PackageReport,
} from "./archive-manifest";
import { unzip } from "./zip";

export type SealStatus = "match" | "mismatch" | "unknown";

/** One election manifest in the package, with its digest and how it compared with the sealed one. */
export type SealComparison = {
  manifest: string;
  election: ElectionSummary;
  /** The digest of the manifest file found, "<algo>:<hex>". */
  digest: string;
  status: SealStatus;
  /** The sealed digest it was compared with, where one is known for it. */
  expected: string | null;
};

/** One line of the findings table: a file the manifests disagree with, or a manifest the seal does. */
export type Finding = { path: string; kind: PackageProblem["kind"] | "seal"; text: string };

export type ArchiveCheck =
  /** Not checkable at all: not a ZIP, a damaged ZIP structure, or no readable manifest. */
  | { status: "unreadable"; message: string }
  /**
   * intact: consistent and every election manifest matches its sealed digest. unconfirmed:
   * consistent, but at least one manifest could not be compared with a sealed digest. problems:
   * anything found wrong, a manifest differing from its seal included.
   */
  | { status: "intact" | "unconfirmed" | "problems"; report: PackageReport; manifest: Manifest; seals: SealComparison[]; findings: Finding[]; lines: string[] };

export type SealSource =
  /** Digests given by the person checking (`--expect`): each village manifest must match one, and each must be matched. */
  | { expect: readonly string[] }
  /** The sealed digest of an election as the system holds it, or null when it has none to give; `unknown` says why, in Chinese. */
  | { lookup: (election: ElectionSummary) => string | null; unknown: string };

const label = (e: ElectionSummary) => `${e.unitName}（${e.unitCode}）`;

function compareSeals(elections: ElectionManifest[], source: SealSource | undefined) {
  const seals: SealComparison[] = [];
  const unmatched: string[] = [];
  if (source && "lookup" in source) {
    for (const m of elections) {
      const expected = source.lookup(m.election);
      const parsed = expected ? parseSealDigest(expected) : null;
      const status: SealStatus = !expected ? "unknown" : parsed && matchesSealDigest(parsed, m.bytes, m.algo) ? "match" : "mismatch";
      seals.push({ manifest: m.path, election: m.election, digest: sealDigest(m.algo, m.bytes), status, expected });
    }
  } else if (source) {
    const given = source.expect.map((text) => ({ text, parsed: parseSealDigest(text), used: false }));
    for (const m of elections) {
      const hit = given.find((g) => !g.used && g.parsed && matchesSealDigest(g.parsed, m.bytes, m.algo));
      if (hit) hit.used = true;
      seals.push({
        manifest: m.path,
        election: m.election,
        digest: sealDigest(m.algo, m.bytes),
        status: hit ? "match" : "mismatch",
        expected: hit?.text ?? null,
      });
    }
    const left = given.filter((g) => !g.used);
    const mismatched = seals.filter((s) => s.status === "mismatch");
    // One manifest and one digest that differ: that is the comparison, said once.
    if (mismatched.length === 1 && left.length === 1) mismatched[0]!.expected = left[0]!.text;
    else unmatched.push(...left.map((g) => g.text));
  } else {
    for (const m of elections) seals.push({ manifest: m.path, election: m.election, digest: sealDigest(m.algo, m.bytes), status: "unknown", expected: null });
  }
  return { seals, unmatched };
}

/**
 * Reads and checks a package; `lines` are the Chinese lines to show (the verdict first for intact and
 * unconfirmed, last for problems). Without `seals` nothing is compared with a seal: never "intact".
 */
export function checkArchive(bytes: Uint8Array, seals?: SealSource): ArchiveCheck {
  let entries;
  try {
    entries = unzip(bytes).entries;
  } catch (err) {
    return { status: "unreadable", message: err instanceof Error ? err.message : String(err) };
  }
  const report = verifyPackage(entries);
  if (!report.manifest) {
    const why = report.problems.find((p) => p.path === MANIFEST_FILE)?.detail ?? "无法读取";
    return { status: "unreadable", message: `不是可校验的选举档案包：${MANIFEST_FILE} ${why}` };
  }
  const m = report.manifest;
  const compared = compareSeals(report.elections, seals);
  const findings: Finding[] = [
    ...report.problems.map((p) => ({ path: p.path, kind: p.kind, text: problemText(p, report.algo) })),
    ...compared.seals
      .filter((s) => s.status === "mismatch")
      .map((s) => ({
        path: s.manifest,
        kind: "seal" as const,
        text: `${label(s.election)}：清单 ${s.manifest} 与封存记录不符（清单摘要 ${s.digest}，${s.expected ? `封存摘要 ${s.expected}` : "与给出的封存摘要都不一致"}）`,
      })),
    ...compared.unmatched.map((d) => ({
      path: d,
      kind: "seal" as const,
      text: `与封存记录不符：给出的封存摘要 ${d} 与档案包中任何一份村(社区)清单都不一致（缺少该村(社区)，或它的清单被改动）`,
    })),
  ];

  const about: string[] = [];
  if (m.election) {
    about.push(`${m.election.county} ${m.election.township} ${m.election.unitName} · ${m.election.campaign} · 封存于 ${m.election.sealedAt}`);
    about.push(`封存时审计日志末条：第 ${m.election.sealAuditId} 条，哈希 ${m.election.sealAuditHash}`);
  } else if (m.township) {
    const inside = m.township.villages.filter((v) => v.folder).length;
    about.push(
      `${m.township.county} ${m.township.name} · ${m.township.campaign} · 收入 ${inside} 个村(社区)，另校验了其中 ${report.manifests.length - 1} 份村(社区)清单`,
    );
  }
  if (m.builtAt) about.push(`生成时间：${m.builtAt}`);

  if (findings.length > 0) {
    return {
      status: "problems",
      report,
      manifest: m,
      seals: compared.seals,
      findings,
      lines: [...findings.map((f) => f.text), `档案包校验未通过：共 ${findings.length} 处问题（清单 ${report.manifests.length} 份，算法 ${report.algo}）`],
    };
  }
  const unknown = compared.seals.filter((s) => s.status === "unknown");
  if (unknown.length > 0 || compared.seals.length === 0) {
    const why = seals && "lookup" in seals ? seals.unknown : "未比对，请与该村(社区)选举结果报告单或档案摘要上打印的档案包清单摘要比对";
    return {
      status: "unconfirmed",
      report,
      manifest: m,
      seals: compared.seals,
      findings,
      lines: [
        "注意：只核对了档案包内部的一致性，未能全部与封存摘要比对。改动文件后同时改写 manifest.json 也能通过这一步，不能据此认定档案包未被改动。",
        `档案包内部一致：${report.checked} 个文件与清单一致（算法 ${report.algo}）`,
        ...about,
        ...compared.seals.map((s) => `${label(s.election)} 的清单摘要 ${s.digest}：${s.status === "match" ? "与封存记录一致" : why}`),
      ],
    };
  }
  return {
    status: "intact",
    report,
    manifest: m,
    seals: compared.seals,
    findings,
    lines: [
      `档案包完好：${report.checked} 个文件与清单一致（算法 ${report.algo}），清单与封存摘要一致`,
      ...about,
      ...compared.seals.map((s) => `${label(s.election)} 的清单摘要 ${s.digest}：与封存记录一致`),
    ],
  };
}
