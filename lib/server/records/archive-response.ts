import "server-only";
// The HTTP answers of the archive downloads: the ZIP, or a plain Chinese message (the link is followed
// by a browser, so there is no page to show an error on).
import type { ArchivePackage } from "./archive";
import { fileResponse } from "../file-response";
import { ExpectedError } from "../errors";
import { notFoundResponse } from "../route";

export const textResponse = (status: number, message: string) =>
  new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "private, no-store" } });

/** Builds the package with `get`; null = 404, an expected refusal (not sealed) = 409 with its message. */
export async function archiveResponse(get: () => Promise<ArchivePackage | null>): Promise<Response> {
  let pkg: ArchivePackage | null;
  try {
    pkg = await get();
  } catch (err) {
    if (err instanceof ExpectedError) return textResponse(err.code === "not_found" ? 404 : 409, err.message);
    throw err;
  }
  if (!pkg) return notFoundResponse();
  return fileResponse({ fileName: pkg.fileName, mediaType: "application/zip", bytes: pkg.bytes }, "attachment", pkg.asciiName);
}
