"use client";
// The client half of InlineStyle. A page reached by client-side navigation arrives with the nonce of
// its own (RSC) response, but the browser still enforces the policy of the document it first loaded:
// the style must then carry that document's nonce, which scripts can read from any nonced script
// (browsers hide the attribute from the DOM but keep the `nonce` property).
export function NoncedStyle({ css, nonce }: { css: string; nonce: string | undefined }) {
  const documentNonce = typeof document === "undefined" ? undefined : document.querySelector<HTMLScriptElement>("script[nonce]")?.nonce || undefined;
  return <style nonce={documentNonce ?? nonce} dangerouslySetInnerHTML={{ __html: css }} />;
}
