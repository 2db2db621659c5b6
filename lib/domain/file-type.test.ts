import { describe, expect, it } from "vitest";
import { attachmentProblem, detectMediaType, MAX_ATTACHMENT_BYTES, safeFileName } from "./file-type";

const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]);
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]);
const pdf = new TextEncoder().encode("%PDF-1.7\n");

describe("detectMediaType", () => {
  it("knows JPEG, PNG and PDF by their first bytes", () => {
    expect(detectMediaType(jpeg)).toBe("image/jpeg");
    expect(detectMediaType(png)).toBe("image/png");
    expect(detectMediaType(pdf)).toBe("application/pdf");
  });

  it("refuses anything else, whatever the file is called", () => {
    expect(detectMediaType(new TextEncoder().encode("MZ\x90\x00 not a pdf"))).toBeNull();
    expect(detectMediaType(new TextEncoder().encode("<html>"))).toBeNull();
    expect(detectMediaType(new Uint8Array([0xff, 0xd8]))).toBeNull();
  });
});

describe("attachmentProblem", () => {
  it("accepts a real file up to exactly 10 MB and refuses one byte more, or an empty one", () => {
    expect(attachmentProblem(pdf)).toBeNull();
    const max = new Uint8Array(MAX_ATTACHMENT_BYTES);
    max.set(pdf);
    expect(attachmentProblem(max)).toBeNull();
    const over = new Uint8Array(MAX_ATTACHMENT_BYTES + 1);
    over.set(pdf);
    expect(attachmentProblem(over)).toBe("文件有 10.0 MB，超过 10 MB 上限");
    expect(attachmentProblem(new Uint8Array())).toBe("文件是空的");
    expect(attachmentProblem(new TextEncoder().encode("hello"))).toContain("只能上传 JPEG、PNG 图片或 PDF 文件");
  });
});

describe("safeFileName", () => {
  it("keeps the name, drops any path and gives the extension of the real content", () => {
    expect(safeFileName("C:\\scans\\判决书.exe", "application/pdf")).toBe("判决书.pdf");
    expect(safeFileName('../../"evil"\u0000.png', "image/png")).toBe("evil.png");
    expect(safeFileName("", "image/jpeg")).toBe("附件.jpg");
  });
});
