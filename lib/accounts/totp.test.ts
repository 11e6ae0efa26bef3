import { generateHOTP } from "@oslojs/otp";
import { describe, expect, it } from "vitest";
import { matchTotpStep, newTotpSecret, totpCode, totpKey, totpStep, totpUri } from "./totp";

const SECRET = "ADMINSANDBOXTOTPSECRETDEMOAAAAAA";
const at = (step: number) => step * 30_000 + 12_000;
const codeAt = (step: number) => generateHOTP(totpKey(SECRET), BigInt(step), 6);

describe("TOTP (RFC 6238, 30 s, 6 digits)", () => {
  it("matches the RFC 6238 test vector (SHA-1, T = 59 s)", () => {
    // The RFC's key "12345678901234567890" in base32; its 8-digit code 94287082 ends in these six.
    expect(totpCode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", 59_000)).toBe("287082");
  });

  it("accepts the current step and one step either side, and nothing further", () => {
    const now = 1_000_000;
    expect(matchTotpStep(SECRET, codeAt(now), at(now), null)).toBe(now);
    expect(matchTotpStep(SECRET, codeAt(now - 1), at(now), null)).toBe(now - 1);
    expect(matchTotpStep(SECRET, codeAt(now + 1), at(now), null)).toBe(now + 1);
    expect(matchTotpStep(SECRET, codeAt(now - 2), at(now), null)).toBeNull();
    expect(matchTotpStep(SECRET, codeAt(now + 2), at(now), null)).toBeNull();
  });

  it("never accepts a step twice, nor one older than the last accepted", () => {
    const now = 1_000_000;
    const step = matchTotpStep(SECRET, codeAt(now), at(now), null);
    expect(step).toBe(now);
    expect(matchTotpStep(SECRET, codeAt(now), at(now), step)).toBeNull();
    expect(matchTotpStep(SECRET, codeAt(now - 1), at(now), step)).toBeNull();
    expect(matchTotpStep(SECRET, codeAt(now + 1), at(now), step)).toBe(now + 1);
  });

  it("refuses what is not six digits, and a wrong code", () => {
    const now = 1_000_000;
    expect(matchTotpStep(SECRET, "12345", at(now), null)).toBeNull();
    expect(matchTotpStep(SECRET, "abcdef", at(now), null)).toBeNull();
    const wrong = String((Number(codeAt(now)) + 1) % 1_000_000).padStart(6, "0");
    expect([now - 1, now + 1].map(codeAt)).not.toContain(wrong);
    expect(matchTotpStep(SECRET, wrong, at(now), null)).toBeNull();
    expect(matchTotpStep(SECRET, ` ${codeAt(now).slice(0, 3)} ${codeAt(now).slice(3)} `, at(now), null)).toBe(now);
  });

  it("makes 160-bit base32 secrets and an otpauth URI", () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(totpKey(secret)).toHaveLength(20);
    expect(totpStep(at(5))).toBe(5);
    expect(totpUri("HighHelp", "a@b.test", secret)).toMatch(/^otpauth:\/\/totp\/HighHelp:a(@|%40)b\.test\?/);
  });
});
