import "server-only";
import crypto from "node:crypto";

/*
 * Secrets at rest (request keys, alert keys): AES-256-GCM under a 32-byte master key. A sealed value
 * is one line of text, `v1:<key id>:<iv>:<ciphertext and tag>` (base64url), so it fits a text column
 * and says which master key sealed it. The key id is derived from the key itself: no configuration,
 * and a value sealed under another key is reported as such instead of failing as "tampered".
 */

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const MASTER_KEY_BYTES = 32;

export class SecretBoxError extends Error {
  override name = "SecretBoxError";
}

/** Twelve hex characters of a SHA-256 over the key: names a key without revealing it. */
export function masterKeyId(key: Buffer): string {
  return crypto.createHash("sha256").update("backoffice-master-key-id\0").update(key).digest("hex").slice(0, 12);
}

/** Reads a master key written as base64 (or base64url) of exactly 32 bytes; null when it is not one. */
export function decodeMasterKey(text: string): Buffer | null {
  const trimmed = text.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) return null;
  const key = Buffer.from(trimmed.replace(/-/g, "+").replace(/_/g, "/"), "base64");
  return key.length === MASTER_KEY_BYTES ? key : null;
}

export interface SecretBox {
  /** The id of the key new values are sealed under. */
  readonly keyId: string;
  /** Every key id this box can open (the current one first). */
  readonly keyIds: readonly string[];
  seal(plaintext: string): string;
  /** The plaintext, or a SecretBoxError: malformed, sealed under an unknown key, or altered. */
  open(sealed: string): string;
  /** The key id a sealed value names (without opening it); null when the value is not a sealed value. */
  keyIdOf(sealed: string): string | null;
}

function parse(sealed: string): { keyId: string; iv: Buffer; body: Buffer } | null {
  const parts = sealed.split(":");
  if (parts.length !== 4 || parts[0] !== VERSION) return null;
  const [, keyId, ivText, bodyText] = parts as [string, string, string, string];
  if (!/^[0-9a-f]{12}$/.test(keyId) || !/^[A-Za-z0-9_-]+$/.test(ivText) || !/^[A-Za-z0-9_-]+$/.test(bodyText)) return null;
  const iv = Buffer.from(ivText, "base64url");
  const body = Buffer.from(bodyText, "base64url");
  if (iv.length !== IV_BYTES || body.length < TAG_BYTES) return null;
  return { keyId, iv, body };
}

/**
 * A box that seals under `current` and opens values sealed under `current` or any of `previous`
 * (a master key rotation in progress: see scripts/ops/secrets-reencrypt.ts).
 */
export function createSecretBox(current: Buffer, previous: readonly Buffer[] = []): SecretBox {
  for (const key of [current, ...previous]) {
    if (key.length !== MASTER_KEY_BYTES) throw new SecretBoxError(`a master key must be ${MASTER_KEY_BYTES} bytes`);
  }
  const keyId = masterKeyId(current);
  const keys = new Map<string, Buffer>([[keyId, current]]);
  for (const key of previous) if (!keys.has(masterKeyId(key))) keys.set(masterKeyId(key), key);

  return {
    keyId,
    keyIds: [...keys.keys()],
    seal(plaintext) {
      const iv = crypto.randomBytes(IV_BYTES);
      const cipher = crypto.createCipheriv("aes-256-gcm", current, iv);
      const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
      return `${VERSION}:${keyId}:${iv.toString("base64url")}:${body.toString("base64url")}`;
    },
    open(sealed) {
      const parsed = parse(sealed);
      if (parsed === null) throw new SecretBoxError("the stored secret is not a sealed value (v1:<key id>:<iv>:<data>)");
      const key = keys.get(parsed.keyId);
      if (key === undefined) {
        throw new SecretBoxError(
          `the stored secret is sealed under master key ${parsed.keyId}, but this server has ${[...keys.keys()].join(", ")}: ` +
            "set SECRETS_KEY to the key it was sealed with (or SECRETS_KEY_OLD during a rotation)",
        );
      }
      const decipher = crypto.createDecipheriv("aes-256-gcm", key, parsed.iv);
      decipher.setAuthTag(parsed.body.subarray(parsed.body.length - TAG_BYTES));
      try {
        return Buffer.concat([
          decipher.update(parsed.body.subarray(0, parsed.body.length - TAG_BYTES)),
          decipher.final(),
        ]).toString("utf8");
      } catch {
        throw new SecretBoxError(
          `the stored secret sealed under master key ${parsed.keyId} fails authentication: it was altered`,
        );
      }
    },
    keyIdOf(sealed) {
      return parse(sealed)?.keyId ?? null;
    },
  };
}
