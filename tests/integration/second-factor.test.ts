// The second factor's server core: the encrypted secret, codes over the window with the replay rule,
// the QR code. (The enrolment actions and the wrapper's re-authentication are not built yet.)
import { generateSync } from "otplib";
import { describe, expect, it } from "vitest";
import { checkTotp, decryptSecret, encryptSecret, newRecoveryCodes, newTotpSecret, totpQrSvg } from "@/lib/server/auth/totp";
import { isRecoveryCodeShape, TOTP_PERIOD_SECONDS } from "@/lib/domain/second-factor";

describe("TOTP core", () => {
  it("keeps the secret encrypted and reads it back; a tampered value is unreadable", () => {
    const secret = newTotpSecret();
    const stored = encryptSecret(secret);
    expect(stored).not.toContain(secret);
    expect(decryptSecret(stored)).toBe(secret);
    const parts = stored.split(".");
    parts[3] = parts[3]!.slice(0, -2) + (parts[3]!.endsWith("AA") ? "BB" : "AA");
    expect(decryptSecret(parts.join("."))).toBeNull();
  });

  it("accepts a code of an authenticator app (otplib's own generator) once, and refuses it replayed", () => {
    const secret = newTotpSecret();
    const now = 1_800_000_000_000;
    const code = generateSync({ secret, epoch: now / 1000 });
    const step = checkTotp(secret, code, null, now);
    expect(step).toBe(Math.floor(now / 1000 / TOTP_PERIOD_SECONDS));
    expect(checkTotp(secret, code, step as number, now)).toBe("replay");
    expect(checkTotp(secret, code === "000000" ? "111111" : "000000", null, now)).toBeNull();
    // Two periods later the code is too old.
    expect(checkTotp(secret, code, null, now + 2 * TOTP_PERIOD_SECONDS * 1000 + 1000)).toBeNull();
  });

  it("draws a QR code as SVG and ten recovery codes", async () => {
    expect(await totpQrSvg("zhang", newTotpSecret())).toMatch(/^<svg/);
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(codes.every(isRecoveryCodeShape)).toBe(true);
    expect(new Set(codes).size).toBe(10);
  });
});
