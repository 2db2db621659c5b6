// A minimal ZIP writer and a strict reader for the sealed election archive (归档). The writer only
// stores (method 0): the output is byte-for-byte deterministic, and a damaged byte stays inside the
// one file it hits, so the archive check can name that file. The reader also inflates (method 8) so a
// package re-zipped by an office tool can still be checked, and refuses anything it cannot account
// for: an unreadable structure is an Error naming what is damaged, never a silently shorter list.
import { inflateRawSync } from "node:zlib";

export type ZipInput = { path: string; bytes: Uint8Array };
export type ZipEntry = { path: string; bytes: Uint8Array; crcOk: boolean };

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;
const SIG_DESCRIPTOR = 0x08074b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const FLAG_ENCRYPTED = 0x0001;
const FLAG_DESCRIPTOR = 0x0008;
const FLAG_UTF8 = 0x0800;
const VERSION = 20;
const MADE_BY_UNIX = (3 << 8) | VERSION;
/** External attributes of a regular file, rw-r--r--, in the Unix high half. */
const UNIX_FILE_0644 = (0o100644 << 16) >>> 0;
const MAX_U16 = 0xffff;
const MAX_U32 = 0xffffffff;

// ---------------------------------------------------------------------------------------------
// CRC-32 (ISO 3309 / ITU-T V.42, the polynomial ZIP uses).

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

// ---------------------------------------------------------------------------------------------
// DOS date and time. ZIP timestamps carry no zone; the archive is Chinese, so they are written in
// China Standard Time (UTC+8, no daylight saving), which is what an unzip on a clerk's PC shows.

const CST_OFFSET_MS = 8 * 3600_000;

export function dosDateTime(d: Date): { date: number; time: number } {
  if (Number.isNaN(d.getTime())) throw new Error("ZIP 时间戳无效");
  const t = new Date(d.getTime() + CST_OFFSET_MS);
  const year = t.getUTCFullYear();
  if (year < 1980 || year > 2107) throw new Error(`ZIP 时间戳只能在 1980 至 2107 年之间，收到 ${year} 年`);
  return {
    date: ((year - 1980) << 9) | ((t.getUTCMonth() + 1) << 5) | t.getUTCDate(),
    time: (t.getUTCHours() << 11) | (t.getUTCMinutes() << 5) | Math.floor(t.getUTCSeconds() / 2),
  };
}

/** Why a path cannot go into a package, or null. Relative, forward slashes, no empty or dot segments. */
export function zipPathProblem(path: string): string | null {
  if (path.length === 0) return "文件名为空";
  if (path.startsWith("/") || /^[A-Za-z]:/.test(path)) return "不能是绝对路径";
  if (path.includes("\\")) return "不能含反斜杠";
  if (path.endsWith("/")) return "不能以 / 结尾（文件夹由文件路径自动产生）";
  if (/[\u0000-\u001f]/.test(path)) return "不能含控制字符";
  for (const seg of path.split("/")) {
    if (seg === "" || seg === "." || seg === "..") return "不能含空的、“.” 或 “..” 路径段";
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Writer.

class Out {
  private chunks: Uint8Array[] = [];
  length = 0;
  bytes(b: Uint8Array) {
    this.chunks.push(b);
    this.length += b.length;
  }
  header(size: number, fill: (v: DataView) => void) {
    const b = new Uint8Array(size);
    fill(new DataView(b.buffer));
    this.bytes(b);
  }
  join(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

/**
 * Stored (uncompressed) ZIP of the entries in the given order, UTF-8 names, every entry stamped with
 * `opts.mtime`. The same input always gives the same bytes. No ZIP64: at most 65 535 entries and 4 GB.
 */
export function zip(entries: readonly ZipInput[], opts: { mtime: Date }): Uint8Array {
  if (entries.length > MAX_U16) throw new Error(`ZIP 最多 ${MAX_U16} 个文件，收到 ${entries.length} 个`);
  const { date, time } = dosDateTime(opts.mtime);
  const enc = new TextEncoder();
  const seen = new Set<string>();
  const out = new Out();
  const central: { name: Uint8Array; crc: number; size: number; offset: number }[] = [];
  for (const e of entries) {
    const problem = zipPathProblem(e.path);
    if (problem) throw new Error(`文件名「${e.path}」${problem}`);
    if (seen.has(e.path)) throw new Error(`文件「${e.path}」重复`);
    seen.add(e.path);
    const name = enc.encode(e.path);
    if (name.length > MAX_U16) throw new Error(`文件名「${e.path.slice(0, 40)}…」过长`);
    const size = e.bytes.length;
    const offset = out.length;
    if (size > MAX_U32 || offset + 30 + name.length + size > MAX_U32) throw new Error("ZIP 超过 4 GB，不支持");
    const crc = crc32(e.bytes);
    out.header(30, (v) => {
      v.setUint32(0, SIG_LOCAL, true);
      v.setUint16(4, VERSION, true);
      v.setUint16(6, FLAG_UTF8, true);
      v.setUint16(8, 0, true);
      v.setUint16(10, time, true);
      v.setUint16(12, date, true);
      v.setUint32(14, crc, true);
      v.setUint32(18, size, true);
      v.setUint32(22, size, true);
      v.setUint16(26, name.length, true);
      v.setUint16(28, 0, true);
    });
    out.bytes(name);
    out.bytes(e.bytes);
    central.push({ name, crc, size, offset });
  }
  const cdOffset = out.length;
  for (const c of central) {
    out.header(46, (v) => {
      v.setUint32(0, SIG_CENTRAL, true);
      // Made by "Unix": Info-ZIP's unzip applies a DOS code-page conversion to names from an MS-DOS
      // host even when the UTF-8 flag is set; Windows and macOS honour the flag either way.
      v.setUint16(4, MADE_BY_UNIX, true);
      v.setUint16(6, VERSION, true);
      v.setUint16(8, FLAG_UTF8, true);
      v.setUint16(10, 0, true);
      v.setUint16(12, time, true);
      v.setUint16(14, date, true);
      v.setUint32(16, c.crc, true);
      v.setUint32(20, c.size, true);
      v.setUint32(24, c.size, true);
      v.setUint16(28, c.name.length, true);
      v.setUint16(30, 0, true);
      v.setUint16(32, 0, true);
      v.setUint16(34, 0, true);
      v.setUint16(36, 0, true);
      v.setUint32(38, UNIX_FILE_0644, true);
      v.setUint32(42, c.offset, true);
    });
    out.bytes(c.name);
  }
  const cdSize = out.length - cdOffset;
  if (out.length + 22 > MAX_U32) throw new Error("ZIP 超过 4 GB，不支持");
  out.header(22, (v) => {
    v.setUint32(0, SIG_END, true);
    v.setUint16(4, 0, true);
    v.setUint16(6, 0, true);
    v.setUint16(8, central.length, true);
    v.setUint16(10, central.length, true);
    v.setUint32(12, cdSize, true);
    v.setUint32(16, cdOffset, true);
    v.setUint16(20, 0, true);
  });
  return out.join();
}

// ---------------------------------------------------------------------------------------------
// Reader.

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Names without the UTF-8 flag: UTF-8 when they are valid UTF-8 (many tools omit the flag), else GBK (Chinese Windows). */
function decodeName(raw: Uint8Array, flagUtf8: boolean, where: string): string {
  try {
    return utf8.decode(raw);
  } catch {
    if (flagUtf8) throw new Error(`${where}的文件名不是有效的 UTF-8`);
    try {
      return new TextDecoder("gbk", { fatal: true }).decode(raw);
    } catch {
      throw new Error(`${where}的文件名编码无法识别`);
    }
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

type Central = {
  index: number;
  rawName: Uint8Array;
  path: string;
  flags: number;
  method: number;
  crc: number;
  compSize: number;
  size: number;
  offset: number;
};

/**
 * Reads a ZIP through its central directory and checks every local header against it. Returns the
 * files in central-directory order (folder entries are left out); an entry whose content does not
 * match its CRC-32 comes back with `crcOk: false`. Anything structurally wrong throws an Error whose
 * message (Chinese) names the damaged part.
 */
export function unzip(input: Uint8Array): { entries: ZipEntry[] } {
  const bytes = input;
  const n = bytes.length;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);

  if (n < 22) throw new Error(`不是 ZIP 文件：只有 ${n} 个字节`);
  if (u32(0) !== SIG_LOCAL && u32(0) !== SIG_END) throw new Error("不是 ZIP 文件：开头不是 ZIP 文件头（PK）");

  // End of central directory: the last signature whose comment length reaches exactly to the end.
  let end = -1;
  for (let at = n - 22; at >= Math.max(0, n - 22 - MAX_U16); at--) {
    if (u32(at) === SIG_END && at + 22 + u16(at + 20) === n) {
      end = at;
      break;
    }
  }
  if (end < 0) throw new Error("ZIP 文件不完整：找不到中央目录结尾记录（文件可能被截断或末尾被改动）");
  if (end >= 20 && u32(end - 20) === SIG_ZIP64_LOCATOR) throw new Error("不支持 ZIP64 格式的文件");
  if (u16(end + 4) !== 0 || u16(end + 6) !== 0 || u16(end + 8) !== u16(end + 10)) throw new Error("不支持分卷 ZIP 文件");
  const count = u16(end + 10);
  const cdSize = u32(end + 12);
  const cdOffset = u32(end + 16);
  if (count === MAX_U16 || cdSize === MAX_U32 || cdOffset === MAX_U32) throw new Error("不支持 ZIP64 格式的文件");
  if (cdOffset + cdSize !== end) throw new Error("ZIP 中央目录已损坏：目录位置或长度与结尾记录不符");

  const centrals: Central[] = [];
  let at = cdOffset;
  for (let i = 0; i < count; i++) {
    const where = `中央目录第 ${i + 1} 项`;
    if (at + 46 > end || u32(at) !== SIG_CENTRAL) throw new Error(`ZIP 中央目录已损坏：${where}的记录头不正确`);
    const nameLen = u16(at + 28);
    const extraLen = u16(at + 30);
    const commentLen = u16(at + 32);
    const next = at + 46 + nameLen + extraLen + commentLen;
    if (next > end) throw new Error(`ZIP 中央目录已损坏：${where}超出目录范围`);
    const flags = u16(at + 8);
    const rawName = bytes.subarray(at + 46, at + 46 + nameLen);
    const path = decodeName(rawName, (flags & FLAG_UTF8) !== 0, where);
    if (u16(at + 34) !== 0) throw new Error(`不支持分卷 ZIP 文件（${path}）`);
    centrals.push({
      index: i,
      rawName,
      path,
      flags,
      method: u16(at + 10),
      crc: u32(at + 16),
      compSize: u32(at + 20),
      size: u32(at + 24),
      offset: u32(at + 42),
    });
    at = next;
  }
  if (at !== end) throw new Error(`ZIP 中央目录已损坏：目录中有 ${end - at} 个字节不属于任何文件记录`);

  const seen = new Set<string>();
  const spans: { start: number; stop: number; path: string }[] = [];
  const entries: ZipEntry[] = [];
  for (const c of centrals) {
    const label = `「${c.path}」`;
    if (seen.has(c.path)) throw new Error(`ZIP 中文件${label}出现了不止一次`);
    seen.add(c.path);
    if (c.flags & FLAG_ENCRYPTED) throw new Error(`文件${label}已加密，无法校验`);
    if (c.method !== 0 && c.method !== 8) throw new Error(`文件${label}使用了不支持的压缩方式（${c.method}）`);
    if (c.compSize === MAX_U32 || c.size === MAX_U32 || c.offset === MAX_U32) throw new Error("不支持 ZIP64 格式的文件");
    const lh = c.offset;
    if (lh + 30 > cdOffset || u32(lh) !== SIG_LOCAL) throw new Error(`文件${label}的本地文件头已损坏或位置不对`);
    const lNameLen = u16(lh + 26);
    const lExtraLen = u16(lh + 28);
    const dataStart = lh + 30 + lNameLen + lExtraLen;
    if (dataStart > cdOffset) throw new Error(`文件${label}的本地文件头已损坏：超出文件数据区`);
    if (!sameBytes(bytes.subarray(lh + 30, lh + 30 + lNameLen), c.rawName)) throw new Error(`文件${label}的本地文件头中的文件名与中央目录不一致`);
    if (u16(lh + 8) !== c.method) throw new Error(`文件${label}的本地文件头中的压缩方式与中央目录不一致`);
    const lFlags = u16(lh + 6);
    if ((lFlags & (FLAG_ENCRYPTED | FLAG_DESCRIPTOR | FLAG_UTF8)) !== (c.flags & (FLAG_ENCRYPTED | FLAG_DESCRIPTOR | FLAG_UTF8))) {
      throw new Error(`文件${label}的本地文件头中的标志位与中央目录不一致`);
    }
    const dataStop = dataStart + c.compSize;
    if (dataStop > cdOffset) throw new Error(`文件${label}的数据超出文件数据区（文件可能被截断）`);
    let stop = dataStop;
    if (c.flags & FLAG_DESCRIPTOR) {
      // Sizes and CRC follow the data, optionally behind a signature; they must agree with the directory.
      const sig = dataStop + 4 <= cdOffset && u32(dataStop) === SIG_DESCRIPTOR;
      const d = sig ? dataStop + 4 : dataStop;
      if (d + 12 > cdOffset) throw new Error(`文件${label}的数据描述符缺失`);
      if (u32(d) !== c.crc || u32(d + 4) !== c.compSize || u32(d + 8) !== c.size) throw new Error(`文件${label}的数据描述符与中央目录不一致`);
      stop = d + 12;
      const localZero = u32(lh + 14) === 0 && u32(lh + 18) === 0 && u32(lh + 22) === 0;
      const localSame = u32(lh + 14) === c.crc && u32(lh + 18) === c.compSize && u32(lh + 22) === c.size;
      if (!localZero && !localSame) throw new Error(`文件${label}的本地文件头中的大小或校验码与中央目录不一致`);
    } else if (u32(lh + 14) !== c.crc || u32(lh + 18) !== c.compSize || u32(lh + 22) !== c.size) {
      throw new Error(`文件${label}的本地文件头中的大小或校验码与中央目录不一致`);
    }
    spans.push({ start: lh, stop, path: c.path });

    const raw = bytes.subarray(dataStart, dataStop);
    if (c.path.endsWith("/")) {
      if (c.size !== 0 || c.compSize > 2) throw new Error(`文件夹项${label}不应有内容`);
      continue;
    }
    const problem = zipPathProblem(c.path);
    if (problem) throw new Error(`ZIP 中的文件名${label}不安全：${problem}`);
    let content: Uint8Array;
    if (c.method === 0) {
      if (c.compSize !== c.size) throw new Error(`文件${label}未压缩，但记录的两个大小不一致`);
      content = raw.slice();
    } else {
      try {
        content = new Uint8Array(inflateRawSync(raw));
      } catch {
        // Damaged compressed data: report the entry as failing its check rather than hide it.
        entries.push({ path: c.path, bytes: new Uint8Array(0), crcOk: false });
        continue;
      }
      if (content.length !== c.size) {
        entries.push({ path: c.path, bytes: content, crcOk: false });
        continue;
      }
    }
    entries.push({ path: c.path, bytes: content, crcOk: crc32(content) === c.crc });
  }

  // Every byte before the central directory must belong to exactly one entry: no overlaps (a "zip bomb"
  // trick, or two names for one content) and no hidden bytes between them.
  spans.sort((a, b) => a.start - b.start);
  let cursor = 0;
  for (const s of spans) {
    if (s.start < cursor) throw new Error(`ZIP 已损坏：文件「${s.path}」与前一个文件的数据重叠`);
    if (s.start > cursor) throw new Error(`ZIP 中有 ${s.start - cursor} 个字节不属于任何文件（位于「${s.path}」之前）`);
    cursor = s.stop;
  }
  if (cursor !== cdOffset) throw new Error(`ZIP 中有 ${cdOffset - cursor} 个字节不属于任何文件（位于中央目录之前）`);
  return { entries };
}
