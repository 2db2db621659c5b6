import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { deflateRawSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { crc32, dosDateTime, unzip, zip, zipPathProblem } from "./zip";

const enc = new TextEncoder();
const text = (s: string) => enc.encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);
const MTIME = new Date("2026-04-15T02:30:44Z");

const FILES = [
  { path: "README.txt", bytes: text("选举档案包\n") },
  { path: "data/选举.json", bytes: text('{"村":"城东村"}') },
  { path: "data/empty.csv", bytes: new Uint8Array(0) },
  { path: "photos/第1轮-1号票箱.jpg", bytes: new Uint8Array([0xff, 0xd8, 0xff, 0x00, 0x01, 0x02]) },
];

/** Offset of the first occurrence of `needle` in `hay`. */
function indexOf(hay: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

describe("crc32 and DOS time", () => {
  it("has the standard check value", () => {
    expect(crc32(text("123456789"))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it("writes the time in China Standard Time with 2-second resolution", () => {
    // 02:30:44Z = 10:30:44 in Beijing on 2026-04-15
    const { date, time } = dosDateTime(MTIME);
    expect(date).toBe(((2026 - 1980) << 9) | (4 << 5) | 15);
    expect(time).toBe((10 << 11) | (30 << 5) | 22);
    expect(() => dosDateTime(new Date("1970-01-01T00:00:00Z"))).toThrow(/1980/);
  });
});

describe("zip / unzip", () => {
  it("round-trips Chinese names and empty files, in the given order", () => {
    const z = zip(FILES, { mtime: MTIME });
    const { entries } = unzip(z);
    expect(entries.map((e) => e.path)).toEqual(FILES.map((f) => f.path));
    for (const [i, e] of entries.entries()) {
      expect(e.crcOk).toBe(true);
      expect([...e.bytes]).toEqual([...FILES[i]!.bytes]);
    }
    expect(dec(entries[1]!.bytes)).toBe('{"村":"城东村"}');
  });

  it("is stored (the content appears verbatim) and deterministic", () => {
    const a = zip(FILES, { mtime: MTIME });
    const b = zip(
      FILES.map((f) => ({ path: f.path, bytes: f.bytes.slice() })),
      { mtime: new Date(MTIME) },
    );
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(indexOf(a, text('{"村":"城东村"}'))).toBeGreaterThan(0);
    // Another timestamp changes only the time fields.
    const c = zip(FILES, { mtime: new Date("2026-04-16T02:30:44Z") });
    expect(c.length).toBe(a.length);
    expect(Buffer.from(a).equals(Buffer.from(c))).toBe(false);
  });

  it("a flipped byte in one file's data fails that file's CRC only", () => {
    const z = zip(FILES, { mtime: MTIME });
    const at = indexOf(z, text("城东村"));
    z[at] = z[at]! ^ 0x01;
    const { entries } = unzip(z);
    expect(entries.map((e) => [e.path, e.crcOk])).toEqual([
      ["README.txt", true],
      ["data/选举.json", false],
      ["data/empty.csv", true],
      ["photos/第1轮-1号票箱.jpg", true],
    ]);
  });

  it("refuses bad paths and duplicates when writing", () => {
    expect(() => zip([{ path: "../etc/passwd", bytes: new Uint8Array(0) }], { mtime: MTIME })).toThrow(/路径段/);
    expect(() => zip([{ path: "/abs", bytes: new Uint8Array(0) }], { mtime: MTIME })).toThrow(/绝对路径/);
    expect(() =>
      zip(
        [
          { path: "a", bytes: new Uint8Array(0) },
          { path: "a", bytes: new Uint8Array(0) },
        ],
        { mtime: MTIME },
      ),
    ).toThrow(/重复/);
    expect(zipPathProblem("data/ok.json")).toBeNull();
    expect(zipPathProblem("a//b")).not.toBeNull();
  });

  it("names what is damaged instead of returning a shorter list", () => {
    const z = zip(FILES, { mtime: MTIME });
    expect(() => unzip(text("not a zip at all, just some text"))).toThrow(/不是 ZIP 文件/);
    expect(() => unzip(z.slice(0, z.length - 5))).toThrow(/中央目录结尾/);
    // A name byte in the central directory: the local header no longer agrees.
    const cd = z.slice();
    const cdStart = indexOf(cd, new Uint8Array([0x50, 0x4b, 0x01, 0x02]));
    const nameInCd = cdStart + indexOf(cd.subarray(cdStart), text("README"));
    cd[nameInCd] = "X".charCodeAt(0);
    expect(() => unzip(cd)).toThrow(/XEADME\.txt」的本地文件头中的文件名与中央目录不一致/);
    // The local header's size field.
    const lh = z.slice();
    lh[18] = lh[18]! + 1;
    expect(() => unzip(lh)).toThrow(/README\.txt」的本地文件头中的大小或校验码与中央目录不一致/);
    // Bytes inserted between two files are not tolerated.
    const gap = new Uint8Array(z.length + 3);
    const second = 30 + "README.txt".length + FILES[0]!.bytes.length;
    gap.set(z.subarray(0, second));
    gap.set(z.subarray(second), second + 3);
    expect(() => unzip(gap)).toThrow(/中央目录|不属于任何文件/);
  });

  it("reads deflated entries written by other tools", () => {
    // Hand-build a one-entry deflated ZIP (method 8) around our stored one's layout.
    const content = text("村民委员会".repeat(20));
    const packed = deflateRawSync(content);
    const stored = zip([{ path: "a.txt", bytes: content }], { mtime: MTIME });
    const { entries } = unzip(stored);
    expect(dec(entries[0]!.bytes)).toBe("村民委员会".repeat(20));
    const name = text("a.txt");
    const local = new Uint8Array(30 + name.length + packed.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(6, 0x0800, true);
    lv.setUint16(8, 8, true);
    lv.setUint32(14, crc32(content), true);
    lv.setUint32(18, packed.length, true);
    lv.setUint32(22, content.length, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    local.set(packed, 30 + name.length);
    const central = new Uint8Array(46 + name.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(8, 0x0800, true);
    cv.setUint16(10, 8, true);
    cv.setUint32(16, crc32(content), true);
    cv.setUint32(20, packed.length, true);
    cv.setUint32(24, content.length, true);
    cv.setUint16(28, name.length, true);
    central.set(name, 46);
    const end = new Uint8Array(22);
    const ev = new DataView(end.buffer);
    ev.setUint32(0, 0x06054b50, true);
    ev.setUint16(8, 1, true);
    ev.setUint16(10, 1, true);
    ev.setUint32(12, central.length, true);
    ev.setUint32(16, local.length, true);
    const all = new Uint8Array([...local, ...central, ...end]);
    const read = unzip(all).entries;
    expect(read).toHaveLength(1);
    expect(read[0]!.crcOk).toBe(true);
    expect(dec(read[0]!.bytes)).toBe("村民委员会".repeat(20));
  });

  const hasUnzip = spawnSync("unzip", ["-v"], { encoding: "utf8" }).status === 0;
  const dir = mkdtempSync(path.join(tmpdir(), "zip-test-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.skipIf(!hasUnzip)("is readable by the system unzip, which finds no errors", () => {
    const file = path.join(dir, "t.zip");
    writeFileSync(file, zip(FILES, { mtime: MTIME }));
    const list = spawnSync("unzip", ["-l", file], { encoding: "utf8" });
    expect(list.status).toBe(0);
    for (const f of FILES) expect(list.stdout).toContain(f.path);
    const test = spawnSync("unzip", ["-t", file], { encoding: "utf8" });
    expect(test.status).toBe(0);
    expect(test.stdout).toMatch(/No errors detected/);
  });

  it.skipIf(!hasUnzip || spawnSync("zip", ["-v"]).status !== 0)("reads a ZIP made by the system zip (deflated, folder entries)", () => {
    const src = path.join(dir, "src");
    mkdirSync(path.join(src, "data"), { recursive: true });
    writeFileSync(path.join(src, "data", "结果.json"), "当选".repeat(100));
    writeFileSync(path.join(src, "README.txt"), "说明");
    const out = path.join(dir, "sys.zip");
    const made = spawnSync("zip", ["-r", "-X", out, "."], { cwd: src, encoding: "utf8" });
    expect(made.status).toBe(0);
    const { entries } = unzip(new Uint8Array(readFileSync(out)));
    expect(entries.map((e) => e.path).sort()).toEqual(["README.txt", "data/结果.json"]);
    expect(entries.every((e) => e.crcOk)).toBe(true);
    expect(dec(entries.find((e) => e.path === "data/结果.json")!.bytes)).toBe("当选".repeat(100));
  });
});
