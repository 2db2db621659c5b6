import "server-only";
// One way to send a stored file (evidence, tally-sheet photos): never cached, never sniffed, the
// stored Chinese file name offered in RFC 5987 form.
export function fileResponse(
  file: { fileName: string; mediaType: string; bytes: Uint8Array },
  disposition: "inline" | "attachment",
  asciiName: string,
): Response {
  return new Response(new Uint8Array(file.bytes), {
    headers: {
      "Content-Type": file.mediaType,
      "Content-Disposition": `${disposition}; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
