import "server-only";
import crypto from "node:crypto";
import { getAuthSecret } from "@/lib/server/auth-secret";

/*
 * Full card numbers are never stored. A payout that waits for a second admin, or is
 * resent, needs its card again: the admin re-enters it, and this keyed HMAC (PCI DSS 3.5.1's
 * "keyed cryptographic hash") proves it is the card the payout was created for. The key is
 * derived from AUTH_SECRET; rotating that secret makes pending payouts ask for a new payout.
 */

function fingerprintKey(): Buffer {
  return Buffer.from(crypto.hkdfSync("sha256", getAuthSecret(), Buffer.alloc(0), "backoffice:payout-card-fingerprint", 32));
}

export function cardFingerprint(digits: string): string {
  return crypto.createHmac("sha256", fingerprintKey()).update(digits).digest("base64url");
}

export function sameCard(digits: string, fingerprint: string | null): boolean {
  if (fingerprint === null) return false;
  const given = Buffer.from(cardFingerprint(digits));
  const expected = Buffer.from(fingerprint);
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}
