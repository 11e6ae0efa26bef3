import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { getAuthSecret } from "@/lib/server/auth-secret";
import { cardFingerprint, checkCard, fingerprintKey, fingerprintKeys } from "./card-fingerprint";

const CARD = "4400430123456789";
const OTHER = "4111111111111111";

describe("card fingerprints", () => {
  const first = fingerprintKey("first-fingerprint-key-0123456789abcdef");
  const second = fingerprintKey("second-fingerprint-key-0123456789abcdef");

  it("records the id of the key with each fingerprint, and never the card", () => {
    const made = cardFingerprint(CARD, { current: first, old: null });
    expect(made.keyId).toBe(first.id);
    expect(made.keyId).not.toBe(second.id);
    expect(JSON.stringify(made)).not.toContain(CARD);
    expect(checkCard(CARD, made, { current: first, old: null })).toBe("same");
    expect(checkCard(OTHER, made, { current: first, old: null })).toBe("different");
  });

  it("keeps fingerprints of the previous key verifiable after a rotation, and says when a key is gone", () => {
    const before = cardFingerprint(CARD, { current: first, old: null });
    const rotated = { current: second, old: first };
    expect(checkCard(CARD, before, rotated)).toBe("same");
    expect(checkCard(OTHER, before, rotated)).toBe("different");
    expect(cardFingerprint(CARD, rotated).keyId).toBe(second.id);
    expect(checkCard(CARD, before, { current: second, old: null })).toBe("unknown_key");
  });

  it("is not keyed by AUTH_SECRET, but still verifies fingerprints made from it before keys had ids", () => {
    const fromAuthSecret = crypto
      .createHmac(
        "sha256",
        Buffer.from(crypto.hkdfSync("sha256", getAuthSecret(), Buffer.alloc(0), "backoffice:payout-card-fingerprint", 32)),
      )
      .update(CARD)
      .digest("base64url");
    expect(cardFingerprint(CARD).fingerprint).not.toBe(fromAuthSecret);
    expect(fingerprintKeys().current.id).toBe(cardFingerprint(CARD).keyId);
    expect(checkCard(CARD, { fingerprint: fromAuthSecret, keyId: null })).toBe("same");
    expect(checkCard(OTHER, { fingerprint: fromAuthSecret, keyId: null })).toBe("different");
  });
});
