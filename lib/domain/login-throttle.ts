// Login throttling rules (docs/decisions/012-login-throttling.md). Pure: the caller passes the
// failures it has counted and the clock, and gets back whether the next attempt may be checked.

/** Window in which failures from one source address count. */
export const ADDRESS_WINDOW_MINUTES = 15;
/**
 * Failures from one address inside the window before it must wait. Higher than the account's 5 (the
 * lockout in password-policy.ts), so that one colleague's typos behind a shared government NAT
 * address lock their own account long before they slow down everyone else's login.
 */
export const ADDRESS_FREE_FAILURES = 10;
/** Longest wait an address is ever asked for: the temporary block. */
export const ADDRESS_MAX_DELAY_SECONDS = 15 * 60;

/** One address failing on this many distinct usernames within the spray window raises an alert. */
export const SPRAY_DISTINCT_USERNAMES = 5;
export const SPRAY_WINDOW_MINUTES = 10;

/** Failure records older than this are pruned; it is longer than every window above. */
export const FAILURE_RETENTION_HOURS = 24;

/**
 * Seconds to wait after the latest failure before another attempt from the address is checked:
 * none below `free` failures, then 1, 2, 4 … (2^(n-free)) seconds, capped at `max`.
 */
export function throttleDelaySeconds(failures: number, free = ADDRESS_FREE_FAILURES, max = ADDRESS_MAX_DELAY_SECONDS): number {
  if (!Number.isFinite(failures) || failures < free) return 0;
  const exponent = failures - free;
  // 2^30 seconds is already decades; avoid Infinity for absurd counts.
  return exponent >= 30 ? max : Math.min(max, 2 ** exponent);
}

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Whether an attempt at `now` may be checked, given the failures counted in the window and the time
 * of the latest one. The answer's wait is rounded up to whole seconds and is at least 1.
 */
export function throttleDecision(
  failures: number,
  lastFailureAt: Date | null,
  now: Date,
  free = ADDRESS_FREE_FAILURES,
  max = ADDRESS_MAX_DELAY_SECONDS,
): ThrottleDecision {
  const delay = throttleDelaySeconds(failures, free, max);
  if (delay === 0 || !lastFailureAt) return { allowed: true };
  const waitMs = lastFailureAt.getTime() + delay * 1000 - now.getTime();
  if (waitMs <= 0) return { allowed: true };
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
}

/** The refusal shown on the login page while an address must wait. */
export function throttledMessage(retryAfterSeconds: number): string {
  if (retryAfterSeconds < 120) return `尝试过于频繁，请 ${retryAfterSeconds} 秒后再试`;
  return `尝试过于频繁，请 ${Math.ceil(retryAfterSeconds / 60)} 分钟后再试`;
}

/**
 * Per-account lock for a username that has no account, with the same rule as a real account's
 * (5 wrong passwords in a row lock it for 15 minutes), so the answers do not tell which usernames
 * exist. `failures` counts the checked failures recorded for that username and `lastFailureAt` is
 * the latest; failures refused while locked are not recorded, as a locked account's are not counted.
 */
export function phantomLockUntil(failures: number, lastFailureAt: Date | null, threshold: number, lockMinutes: number, now: Date): Date | null {
  if (!lastFailureAt || failures === 0 || failures % threshold !== 0) return null;
  const until = new Date(lastFailureAt.getTime() + lockMinutes * 60_000);
  return until > now ? until : null;
}

/**
 * The client address from one header value, or null when it holds no address. A proxy appends the
 * address it saw to x-forwarded-for, so the last entry is the one the trusted proxy wrote; earlier
 * entries come from the client and may be forged. IPv4 mapped into IPv6 is written as IPv4.
 */
export function addressFromHeader(value: string | string[] | undefined | null): string | null {
  const joined = Array.isArray(value) ? value.join(",") : value;
  if (!joined) return null;
  const last = joined.split(",").at(-1)!.trim();
  const address = last.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");
  if (!address || address.length > 45 || !/^[0-9A-Fa-f:.]+$/.test(address)) return null;
  return address.toLowerCase();
}
