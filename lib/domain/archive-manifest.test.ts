import { describe, expect, it } from "vitest";
import { checkArchive } from "./archive-check";
import {
  buildManifest,
  digestOf,
  manifestBytes,
  parseManifest,
  parseSealDigest,
  problemText,
  sealDigest,
  verifyPackage,
  type ElectionSummary,
  type Manifest,
} from "./archive-manifest";
import { unzip, zip } from "./zip";

const enc = new TextEncoder();
const text = (s: string) => enc.encode(s);
const BUILT = new Date("2026-04-20T08:00:00Z");

const ELECTION: ElectionSummary = {
  id: "00000000-0000-4000-8000-000000000001",
  unitCode: "990121100201",
  unitName: "城东村",
  township: "城关镇",
  county: "示范县",
  campaign: "第十二届村(居)民委员会换届选举",
  electionDay: "2026-04-08",
  resultConfirmedAt: "2026-04-09T02:00:00.000Z",
  certifiedAt: "2026-04-12T02:00:00.000Z",
  sealedAt: "2026-04-15T02:00:00.000Z",
  sealAuditId: "812",
  sealAuditHash: "a".repeat(64),
};

const FILES = [
  { path: "data/results.json", bytes: text('{"members":[]}\n') },
  { path: "README.txt", bytes: text("说明\n") },
  { path: "data/candidates.csv", bytes: text("\uFEFF姓名\r\n张三\r\n") },
  { path: "photos/empty.jpg", bytes: new Uint8Array(0) },
];

function pack(files = FILES, algo: "sha256" | "sm3" = "sha256") {
  const manifest = buildManifest(files, { algo, election: ELECTION });
  return [...files, { path: "manifest.json", bytes: manifestBytes(manifest) }];
}

describe("digests", () => {
  it('sha256 and sm3 of "abc" are the published test vectors', () => {
    expect(digestOf("sha256", text("abc"))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(digestOf("sm3", text("abc"))).toBe("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
  });
});

describe("buildManifest", () => {
  it("lists every file sorted by path with size and digest, and the election summary", () => {
    const m = buildManifest(FILES, { algo: "sm3", election: ELECTION });
    expect(m).toMatchObject({ format: "huanjie-election-archive", version: 2, package: "election", algo: "sm3" });
    expect(m).not.toHaveProperty("builtAt");
    expect(m.election?.sealAuditHash).toBe("a".repeat(64));
    expect(m.files.map((f) => f.path)).toEqual(["README.txt", "data/candidates.csv", "data/results.json", "photos/empty.jpg"]);
    expect(m.files[0]).toEqual({ path: "README.txt", size: text("说明\n").length, digest: digestOf("sm3", text("说明\n")) });
    expect(m.files[3]!.size).toBe(0);
  });

  it("is stable JSON: same input, same bytes, with no build time, so its digest can be fixed at sealing", () => {
    const a = new TextDecoder().decode(manifestBytes(buildManifest(FILES, { algo: "sha256", election: ELECTION })));
    const b = new TextDecoder().decode(manifestBytes(buildManifest([...FILES].reverse(), { algo: "sha256", election: ELECTION })));
    expect(a).toBe(b);
    expect(a.startsWith('{\n  "format": "huanjie-election-archive",\n  "version": 2,\n  "package": "election",\n  "algo"')).toBe(true);
  });

  it("still reads a version 1 manifest (with builtAt)", () => {
    const m = { ...buildManifest(FILES, { algo: "sha256", election: ELECTION }), version: 1, builtAt: BUILT.toISOString() };
    expect(parseManifest(text(JSON.stringify(m)))).toMatchObject({ ok: true });
    expect(parseManifest(text(JSON.stringify({ ...m, builtAt: undefined })))).toMatchObject({ ok: false, detail: "缺少 builtAt" });
    expect(parseManifest(text(JSON.stringify({ ...m, version: 3 })))).toMatchObject({ ok: false });
  });

  it("refuses to list itself, duplicates, or no subject", () => {
    expect(() => buildManifest([{ path: "manifest.json", bytes: new Uint8Array(0) }], { algo: "sha256", election: ELECTION })).toThrow();
    expect(() => buildManifest([FILES[0]!, FILES[0]!], { algo: "sha256", election: ELECTION })).toThrow(/twice/);
    expect(() => buildManifest(FILES, { algo: "sha256" })).toThrow(/exactly one/);
  });
});

describe("sealed digests", () => {
  it("are written <algo>:<hex> and read back as typed from paper", () => {
    const bytes = manifestBytes(buildManifest(FILES, { algo: "sm3", election: ELECTION }));
    const d = sealDigest("sm3", bytes);
    expect(d).toBe(`sm3:${digestOf("sm3", bytes)}`);
    expect(parseSealDigest(d)).toEqual({ algo: "sm3", hex: digestOf("sm3", bytes) });
    const hex = digestOf("sm3", bytes);
    expect(parseSealDigest(` SM3:${hex.slice(0, 32).toUpperCase()}\n${hex.slice(32)} `)).toEqual({ algo: "sm3", hex });
    expect(parseSealDigest(hex)).toEqual({ algo: null, hex });
    for (const bad of ["", "md5:" + hex, hex.slice(1), `sha256:${hex}0`, "sha256:" + "g".repeat(64)]) expect(parseSealDigest(bad)).toBeNull();
  });
});

describe("checkArchive against the sealed digest", () => {
  const genuine = pack();
  const sealed = sealDigest("sha256", genuine.find((f) => f.path === "manifest.json")!.bytes);
  // A vote count changed in a file, and the manifest rewritten to match it.
  const forgedFiles = FILES.map((f) => (f.path === "data/results.json" ? { ...f, bytes: text('{"members":["张三 999 票"]}\n') } : f));
  const forged = pack(forgedFiles);

  it("the forgery is internally consistent: only the sealed digest can tell", () => {
    expect(verifyPackage(forged)).toMatchObject({ ok: true, problems: [] });
    expect(checkArchive(zip(forged, { mtime: BUILT }))).toMatchObject({ status: "unconfirmed" });
    const c = checkArchive(zip(forged, { mtime: BUILT }), { expect: [sealed] });
    expect(c).toMatchObject({ status: "problems", findings: [{ path: "manifest.json", kind: "seal" }] });
    expect(c.status !== "unreadable" && c.lines[0]).toBe(
      `城东村（990121100201）：清单 manifest.json 与封存记录不符（清单摘要 ${sealDigest("sha256", forged.at(-1)!.bytes)}，封存摘要 ${sealed}）`,
    );
  });

  it("the genuine package is intact against its digest, given with or without the algorithm", () => {
    for (const d of [sealed, sealed.slice("sha256:".length)])
      expect(checkArchive(zip(genuine, { mtime: BUILT }), { expect: [d] })).toMatchObject({ status: "intact" });
  });

  it("a lookup that knows no seal leaves it unconfirmed with the reason; one that does decides", () => {
    const z = zip(genuine, { mtime: BUILT });
    const unknown = checkArchive(z, { lookup: () => null, unknown: "未能与封存记录核对" });
    expect(unknown.status).toBe("unconfirmed");
    expect(unknown.status !== "unreadable" && unknown.lines.at(-1)).toMatch(/未能与封存记录核对$/);
    expect(checkArchive(z, { lookup: (e) => (e.id === ELECTION.id ? sealed : null), unknown: "" })).toMatchObject({ status: "intact" });
    expect(checkArchive(zip(forged, { mtime: BUILT }), { lookup: () => sealed, unknown: "" })).toMatchObject({ status: "problems" });
  });

  it("a manifest that drops its election summary is unreadable, not silently skipped", () => {
    const m = JSON.parse(new TextDecoder().decode(genuine.at(-1)!.bytes)) as Partial<Manifest>;
    delete m.election;
    const files = [...FILES, { path: "manifest.json", bytes: text(JSON.stringify(m)) }];
    expect(checkArchive(zip(files, { mtime: BUILT }), { expect: [sealed] }).status).toBe("unreadable");
  });
});

describe("verifyPackage", () => {
  it("accepts an intact package (both algorithms)", () => {
    for (const algo of ["sha256", "sm3"] as const) {
      const r = verifyPackage(pack(FILES, algo));
      expect(r).toMatchObject({ ok: true, problems: [], algo, checked: 4, manifests: ["manifest.json"] });
    }
  });

  it("names an altered file with both digests, through a real ZIP with one flipped byte", () => {
    const z = zip(pack(), { mtime: BUILT });
    const at = Buffer.from(z).indexOf(Buffer.from('{"members"'));
    z[at + 3] = z[at + 3]! ^ 0x20;
    const entries = unzip(z).entries;
    expect(entries.find((e) => e.path === "data/results.json")?.crcOk).toBe(false);
    const r = verifyPackage(entries);
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([
      {
        path: "data/results.json",
        kind: "altered",
        manifest: "manifest.json",
        expected: digestOf("sha256", FILES[0]!.bytes),
        actual: digestOf("sha256", entries.find((e) => e.path === "data/results.json")!.bytes),
      },
    ]);
    expect(problemText(r.problems[0]!, r.algo)).toMatch(/^已被改动: data\/results\.json \(清单 sha256 [0-9a-f]{64}, 实际 [0-9a-f]{64}\)$/);
  });

  it("reports missing and extra files", () => {
    const files = pack().filter((f) => f.path !== "README.txt");
    files.push({ path: "data/injected.json", bytes: text("{}") });
    const r = verifyPackage(files);
    expect(r.problems.map((p) => [p.kind, p.path])).toEqual([
      ["missing", "README.txt"],
      ["extra", "data/injected.json"],
    ]);
  });

  it("a missing or unreadable manifest is a problem, never a pass", () => {
    expect(verifyPackage(FILES).problems).toEqual([expect.objectContaining({ path: "manifest.json", kind: "missing" })]);
    const broken = [...FILES, { path: "manifest.json", bytes: text("{not json") }];
    expect(verifyPackage(broken)).toMatchObject({ ok: false, problems: [{ path: "manifest.json", kind: "unreadable" }] });
    const wrongFormat = [...FILES, { path: "manifest.json", bytes: text('{"format":"other","version":1}') }];
    expect(verifyPackage(wrongFormat).ok).toBe(false);
    expect(parseManifest(text('{"format":"huanjie-election-archive","version":1,"algo":"md5"}'))).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/md5/),
    });
  });

  it("a CRC failure on content that still matches is reported, not ignored", () => {
    const files = pack().map((f) => (f.path === "README.txt" ? { ...f, crcOk: false } : f));
    expect(verifyPackage(files).problems).toEqual([expect.objectContaining({ path: "README.txt", kind: "unreadable" })]);
  });

  it("checks a township package: the top-level manifest and each village's, reporting a file once", () => {
    const village = (folder: string) => pack().map((f) => ({ path: `${folder}/${f.path}`, bytes: f.bytes }));
    const inner = [...village("990121100201-城东村"), ...village("990121100202-城西村"), { path: "README.txt", bytes: text("乡镇档案包") }];
    const top = buildManifest(inner, {
      algo: "sha256",
      township: { id: "t", code: "990121100000", name: "城关镇", county: "示范县", campaignId: "c", campaign: "第十二届", villages: [] },
    });
    const all = [...inner, { path: "manifest.json", bytes: manifestBytes(top) }];
    const ok = verifyPackage(all);
    expect(ok).toMatchObject({ ok: true, checked: 11 });
    expect(ok.manifests).toEqual(["manifest.json", "990121100201-城东村/manifest.json", "990121100202-城西村/manifest.json"]);

    // Altering a village file AND updating the top-level manifest to match: the village manifest still catches it.
    const tampered = inner.map((f) => (f.path === "990121100202-城西村/data/results.json" ? { ...f, bytes: text('{"members":["x"]}\n') } : f));
    const retop = buildManifest(tampered, { algo: "sha256", township: top.township! });
    const r = verifyPackage([...tampered, { path: "manifest.json", bytes: manifestBytes(retop) }]);
    expect(r.problems).toEqual([
      expect.objectContaining({ path: "990121100202-城西村/data/results.json", kind: "altered", manifest: "990121100202-城西村/manifest.json" }),
    ]);

    // Altered without touching any manifest: reported once (by the top-level one).
    const r2 = verifyPackage([...tampered, { path: "manifest.json", bytes: manifestBytes(top) }]);
    expect(r2.problems).toEqual([expect.objectContaining({ path: "990121100202-城西村/data/results.json", kind: "altered", manifest: "manifest.json" })]);
  });
});
