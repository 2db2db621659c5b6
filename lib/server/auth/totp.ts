import "server-only";
// TOTP with otplib (docs/decisions/013-second-factor.md): the secret is kept AES-256-GCM encrypted
// with a key derived from the auth secret; codes are checked over lib/domain/second-factor's window
// and replay rule. Changing AUTH_SECRET makes enrolled secrets unreadable: those users enrol again.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, randomInt } from "node:crypto";
import { generateSecret, generateSync, generateURI } from "otplib";
import QRCode from "qrcode";
import {
  isReplay,
  matchStep,
  RECOVERY_CODE_ALPHABET,
  RECOVERY_CODE_COUNT,
  RECOVERY_CODE_LENGTH,
  timeStep,
  TOTP_ISSUER,
  TOTP_PERIOD_SECONDS,
} from "@/lib/domain/second-factor";
import { authSecret } from "./secret";

function key(): Buffer {
  return Buffer.from(hkdfSync("sha256", authSecret(), "huanjie-totp", "totp-secret-v1", 32));
}

/** "v1.iv.tag.ciphertext", base64url parts. */
export function encryptSecret(secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  const body = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(".");
}

/** The plain secret, or null when it cannot be read (another auth secret, or tampered). */
export function decryptSecret(stored: string): string | null {
  const [v, iv, tag, body] = stored.split(".");
  if (v !== "v1" || !iv || !tag || !body) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}

export function newTotpSecret(): string {
  return generateSecret();
}

export function totpCodeAt(secret: string, step: number): string {
  return generateSync({ secret, epoch: step * TOTP_PERIOD_SECONDS });
}

/** The accepted step, "replay" for a right code already used, or null. */
export function checkTotp(secret: string, code: string, lastStep: number | null, now = Date.now()): number | "replay" | null {
  const codeAt = (s: number) => totpCodeAt(secret, s);
  const step = matchStep(code, timeStep(now), lastStep, codeAt);
  if (step !== null) return step;
  return isReplay(code, timeStep(now), lastStep, codeAt) ? "replay" : null;
}

/** The QR code of the otpauth:// address, as inline SVG rendered here (no external image). */
export function totpQrSvg(username: string, secret: string): Promise<string> {
  const uri = generateURI({ issuer: TOTP_ISSUER, label: username, secret });
  return QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
}

export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () =>
    Array.from({ length: RECOVERY_CODE_LENGTH }, () => RECOVERY_CODE_ALPHABET[randomInt(RECOVERY_CODE_ALPHABET.length)]).join(""),
  );
}
