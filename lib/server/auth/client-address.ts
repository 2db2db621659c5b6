import "server-only";
// The client address login throttling counts by (docs/decisions/012-login-throttling.md).
import { addressFromHeader } from "@/lib/domain/login-throttle";
import { env } from "@/lib/env";

/** Written from the socket by scripts/peer-address.cjs on every request; a client cannot set it. */
export const PEER_ADDRESS_HEADER = "x-hj-peer-address";

/** Used when no address can be found (a server started without the preload, a test). */
export const UNKNOWN_ADDRESS = "unknown";

type HeaderBag = Headers | Record<string, string | string[] | undefined>;

function header(headers: HeaderBag, name: string): string | string[] | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  return headers[name];
}

/**
 * The configured trusted proxy header when TRUSTED_PROXY_HEADER is set, otherwise the socket
 * address. Any other header, x-forwarded-for included, is ignored: a client could write anything.
 */
export function clientAddress(headers: HeaderBag | undefined, trustedHeader = env().TRUSTED_PROXY_HEADER): string {
  if (!headers) return UNKNOWN_ADDRESS;
  const fromProxy = trustedHeader ? addressFromHeader(header(headers, trustedHeader)) : null;
  return fromProxy ?? addressFromHeader(header(headers, PEER_ADDRESS_HEADER)) ?? UNKNOWN_ADDRESS;
}
