// Uploaded files are judged by their bytes, never by their name (a renamed .exe is not a .pdf).

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export type AllowedMediaType = "image/jpeg" | "image/png" | "application/pdf";

export const MEDIA_TYPE_EXTENSION: Record<AllowedMediaType, string> = { "image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf" };

const startsWith = (bytes: Uint8Array, sig: number[], offset = 0) => sig.every((b, i) => bytes[offset + i] === b);

/** The media type the content actually is (JPEG, PNG or PDF), or null. */
export function detectMediaType(bytes: Uint8Array): AllowedMediaType | null {
  if (bytes.length >= 3 && startsWith(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (bytes.length >= 8 && startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (bytes.length >= 5 && startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return "application/pdf";
  return null;
}

/** Why a file cannot be attached, in Chinese, or null. */
export function attachmentProblem(bytes: Uint8Array): string | null {
  if (bytes.length === 0) return "文件是空的";
  if (bytes.length > MAX_ATTACHMENT_BYTES) return `文件有 ${(bytes.length / 1024 / 1024).toFixed(1)} MB，超过 10 MB 上限`;
  if (!detectMediaType(bytes)) return "只能上传 JPEG、PNG 图片或 PDF 文件（按文件内容判断，不看文件名）";
  return null;
}

/** A file name safe to store and to send back: no path, no control characters, at most 100 characters. */
export function safeFileName(name: string, mediaType: AllowedMediaType): string {
  const base = name
    .split(/[\\/]/)
    .pop()!
    .replace(/[\u0000-\u001f\u007f"<>|:*?]/g, "")
    .trim()
    .slice(0, 100);
  const stem = base.replace(/\.[^.]*$/, "") || "附件";
  return `${stem}.${MEDIA_TYPE_EXTENSION[mediaType]}`;
}
