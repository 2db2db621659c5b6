// Checking an archive package as a whole, from its bytes: what `npm run archive:verify` and the
// verify page both say. Pure (no database), so it runs away from the system too.
import { MANIFEST_FILE, problemText, verifyPackage, type Manifest, type PackageReport } from "./archive-manifest";
import { unzip } from "./zip";

export type ArchiveCheck =
  /** Not checkable at all: not a ZIP, a damaged ZIP structure, or no readable manifest. */
  | { status: "unreadable"; message: string }
  | { status: "intact" | "problems"; report: PackageReport; manifest: Manifest; lines: string[] };

/** Reads and checks a package; `lines` are the Chinese lines to show, one per problem or a summary. */
export function checkArchive(bytes: Uint8Array): ArchiveCheck {
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
  if (!report.ok) {
    return {
      status: "problems", report, manifest: m,
      lines: [
        ...report.problems.map((p) => problemText(p, report.algo)),
        `档案包校验未通过：共 ${report.problems.length} 处问题（清单 ${report.manifests.length} 份，算法 ${report.algo}）`,
      ],
    };
  }
  const lines = [`档案包完好：${report.checked} 个文件与清单一致（算法 ${report.algo}）`];
  if (m.election) {
    lines.push(`${m.election.county} ${m.election.township} ${m.election.unitName} · ${m.election.campaign} · 封存于 ${m.election.sealedAt}`);
    lines.push(`封存时审计日志末条：第 ${m.election.sealAuditId} 条，哈希 ${m.election.sealAuditHash}`);
  } else if (m.township) {
    const inside = m.township.villages.filter((v) => v.folder).length;
    lines.push(`${m.township.county} ${m.township.name} · ${m.township.campaign} · 收入 ${inside} 个村(社区)，另校验了其中 ${report.manifests.length - 1} 份村(社区)清单`);
  }
  lines.push(`生成时间：${m.builtAt}`);
  return { status: "intact", report, manifest: m, lines };
}
