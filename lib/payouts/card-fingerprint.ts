import "server-only";
import crypto from "node:crypto";
import fs from "node:fs";
import { dataDirSecret, getAuthSecret } from "@/lib/server/auth-secret";
import { ConfigError, env } from "@/lib/server/env";

/*
 * Full card numbers are never stored. A payout that waits for a second admin, or is resent, needs
 * its card again: the admin re-enters it, and this keyed HMAC (PCI DSS 3.5.1's "keyed cryptographic
 * hash") proves it is the card the payout was created for.
 *
 * The key is PAN_FINGERPRINT_KEY (or _FILE), a secret of its own (required in production; elsewhere
 * generated into DATA_DIR). Each fingerprint is stored with the id of its key, derived from the key
 * itself. To rotate: set the new key and move the previous one to PAN_FINGERPRINT_KEY_OLD (or _FILE);
 * payouts fingerprinted with it still verify, new ones (and resends) use the new key. Fingerprints
 * without a key id were made before keys had ids, from AUTH_SECRET, and are verified that way.
 */

export type FingerprintKey = { id: string; hmacKey: Buffer };
export type Fingerprint = { fingerprint: string; keyId: string };
export type CardCheck = "same" | "different" | "unknown_key";

const derive = (secret: string, label: string) => Buffer.from(crypto.hkdfSync("sha256", secret, Buffer.alloc(0), label, 32));

/** A configured secret as a fingerprint key: the HMAC key and its public id, both derived from it. */
export function fingerprintKey(secret: string): FingerprintKey {
  return {
    id: derive(secret, "backoffice:payout-card-fingerprint-key-id").toString("base64url").slice(0, 12),
    hmacKey: derive(secret, "backoffice:payout-card-fingerprint"),
  };
}

function configured(valueVar: "PAN_FINGERPRINT_KEY" | "PAN_FINGERPRINT_KEY_OLD"): string | undefined {
  const fileVar = `${valueVar}_FILE` as const;
  if (env[valueVar]) return env[valueVar];
  const file = env[fileVar];
  if (!file) return undefined;
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8").trim();
  } catch (error) {
    throw new ConfigError(`Invalid configuration:\n  ${fileVar}: cannot read ${file} (${(error as Error).message})`);
  }
  if (text.length < 32) throw new ConfigError(`Invalid configuration:\n  ${fileVar}: the key must be at least 32 characters`);
  return text;
}

let cached: { current: FingerprintKey; old: FingerprintKey | null } | undefined;

/** The current key and the previous one; throws a ConfigError for an unreadable key file (checked at start-up). */
export function fingerprintKeys(): { current: FingerprintKey; old: FingerprintKey | null } {
  if (cached) return cached;
  const old = configured("PAN_FINGERPRINT_KEY_OLD");
  cached = {
    current: fingerprintKey(configured("PAN_FINGERPRINT_KEY") ?? dataDirSecret("pan-fingerprint-key")),
    old: old === undefined ? null : fingerprintKey(old),
  };
  return cached;
}

const hmac = (key: Buffer, digits: string) => crypto.createHmac("sha256", key).update(digits).digest("base64url");

/** Fingerprints a card with the current key. */
export function cardFingerprint(digits: string, keys = fingerprintKeys()): Fingerprint {
  return { fingerprint: hmac(keys.current.hmacKey, digits), keyId: keys.current.id };
}

/** Whether `digits` is the card of a stored fingerprint, with the key that made it (if it is still configured). */
export function checkCard(
  digits: string,
  stored: { fingerprint: string | null; keyId: string | null },
  keys = fingerprintKeys(),
): CardCheck {
  if (stored.fingerprint === null) return "different";
  const key =
    stored.keyId === null
      ? derive(getAuthSecret(), "backoffice:payout-card-fingerprint")
      : [keys.current, keys.old].find((k) => k?.id === stored.keyId)?.hmacKey;
  if (!key) return "unknown_key";
  const given = Buffer.from(hmac(key, digits));
  const expected = Buffer.from(stored.fingerprint);
  return given.length === expected.length && crypto.timingSafeEqual(given, expected) ? "same" : "different";
}
