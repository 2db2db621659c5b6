// The second factor's pure rules (docs/decisions/013-second-factor.md): which time steps a TOTP code
// may come from, the replay rule, the shape of codes, and who must use a second factor.
import { ROLES, type Role } from "./permissions";

/** RFC 6238 defaults, which every authenticator app uses. */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Steps either side of now that are accepted: clocks of phones drift, and typing takes time. */
export const TOTP_WINDOW = 1;
export const RECOVERY_CODE_COUNT = 10;
/** Recovery codes: 10 characters of an alphabet without look-alikes (0/O, 1/I/L), shown as 5-5. */
export const RECOVERY_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
export const RECOVERY_CODE_LENGTH = 10;

/** The issuer name an authenticator app shows beside the account. */
export const TOTP_ISSUER = "村级换届选举";

/** The time step of a moment (seconds since the epoch divided by the period). */
export function timeStep(epochMs: number): number {
  return Math.floor(epochMs / 1000 / TOTP_PERIOD_SECONDS);
}

/**
 * The steps a code typed now may come from, nearest first (now, then the one before, then after),
 * without any step at or before the last accepted one: a code is accepted once only (replay guard).
 */
export function candidateSteps(nowStep: number, lastStep: number | null): number[] {
  const steps = [nowStep, nowStep - 1, nowStep + 1];
  for (let d = 2; d <= TOTP_WINDOW; d++) steps.push(nowStep - d, nowStep + d);
  return steps.filter((s) => s >= 0 && (lastStep === null || s > lastStep));
}

/**
 * The step a code matches, or null. `codeAt` computes the code of a step (the server passes
 * otplib with the user's secret). A code of an already used step does not match even when right.
 */
export function matchStep(code: string, nowStep: number, lastStep: number | null, codeAt: (step: number) => string): number | null {
  if (!isTotpCodeShape(code)) return null;
  for (const step of candidateSteps(nowStep, lastStep)) {
    if (constantTimeEqual(codeAt(step), code)) return step;
  }
  return null;
}

/** Whether a code is right for a step of the window that was already used (refused, with its own message). */
export function isReplay(code: string, nowStep: number, lastStep: number | null, codeAt: (step: number) => string): boolean {
  if (lastStep === null || !isTotpCodeShape(code)) return false;
  for (let s = nowStep - TOTP_WINDOW; s <= nowStep + TOTP_WINDOW; s++) {
    if (s >= 0 && s <= lastStep && constantTimeEqual(codeAt(s), code)) return true;
  }
  return false;
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** Spaces and dashes people type are dropped; recovery codes are case-insensitive. */
export function normalizeCode(raw: string): string {
  return raw.replace(/[\s-]/g, "").toUpperCase();
}

export function isTotpCodeShape(code: string): boolean {
  return new RegExp(`^\\d{${TOTP_DIGITS}}$`).test(code);
}

export function isRecoveryCodeShape(code: string): boolean {
  return code.length === RECOVERY_CODE_LENGTH && [...code].every((c) => RECOVERY_CODE_ALPHABET.includes(c));
}

/** A recovery code for display: ABCDE-FGHJK. */
export function formatRecoveryCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** The secret for typing by hand: groups of 4. */
export function groupSecret(secret: string): string {
  return secret.match(/.{1,4}/g)?.join(" ") ?? secret;
}

/**
 * Whether a role must use a second factor: the deployment's roles (SECOND_FACTOR_ROLES) and the
 * roles the county chose both count; either can only add, never remove.
 */
export function secondFactorRequired(role: Role, deploymentRoles: readonly Role[], countyRoles: readonly Role[] | null): boolean {
  return deploymentRoles.includes(role) || (countyRoles ?? []).includes(role);
}

/**
 * What a critical operation asks for: "required" (role in the policy), "enrolled" (not required,
 * but the user turned it on: asked too — a second factor one can skip protects nothing), or "none".
 */
export type SecondFactorDemand = "required" | "enrolled" | "none";
export function secondFactorDemand(required: boolean, enrolled: boolean): SecondFactorDemand {
  if (required) return "required";
  return enrolled ? "enrolled" : "none";
}

/** Parses the comma-separated SECOND_FACTOR_ROLES setting; unknown names are an error message. */
export function parseRoleList(raw: string | undefined): { roles: Role[]; unknown: string[] } {
  const names = (raw ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const roles = names.filter((n): n is Role => (ROLES as readonly string[]).includes(n));
  return { roles: [...new Set(roles)], unknown: names.filter((n) => !(ROLES as readonly string[]).includes(n)) };
}
