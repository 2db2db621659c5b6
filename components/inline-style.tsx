// A <style> element that the Content-Security-Policy lets through: it carries this response's nonce
// (set by proxy.ts, docs/decisions/014-http-headers.md). For print pages whose CSS depends on data
// (paper size) or must stay beside the sheet it lays out.
import { headers } from "next/headers";
import { NoncedStyle } from "./nonced-style";

export async function InlineStyle({ css }: { css: string }) {
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return <NoncedStyle css={css} nonce={nonce} />;
}
