import "server-only";
import { createPrivateKey, createPublicKey, KeyObject } from "node:crypto";

import { base64UrlEncode } from "./base64url";

export type PrivateKeyInput = string | Buffer | KeyObject;
export type PublicKeyInput = string | Buffer | KeyObject;

// PEM text handed in per call (e.g. the sandbox signing with stored keys) is parsed once.
const CACHE_LIMIT = 32;
const privateCache = new Map<string, KeyObject>();
const publicCache = new Map<string, KeyObject>();

function cached(cache: Map<string, KeyObject>, pem: string, parse: (pem: string) => KeyObject): KeyObject {
  const hit = cache.get(pem);
  if (hit !== undefined) return hit;
  const key = parse(pem);
  if (cache.size >= CACHE_LIMIT) {
    const oldest = cache.keys().next();
    if (oldest.done !== true) cache.delete(oldest.value);
  }
  cache.set(pem, key);
  return key;
}

/** An RSA private KeyObject from PEM (PKCS#8 or PKCS#1) or an existing KeyObject. Throws on anything else. */
export function toRsaPrivateKey(input: PrivateKeyInput): KeyObject {
  const key =
    input instanceof KeyObject
      ? input
      : cached(privateCache, typeof input === "string" ? input : input.toString("utf8"), (pem) => createPrivateKey(pem));
  if (key.type !== "private" || key.asymmetricKeyType !== "rsa") {
    throw new TypeError("expected an RSA private key");
  }
  return key;
}

/** An RSA public KeyObject from PEM (SPKI or PKCS#1), a private key, or an existing KeyObject. */
export function toRsaPublicKey(input: PublicKeyInput): KeyObject {
  const key =
    input instanceof KeyObject
      ? input.type === "private"
        ? createPublicKey(input)
        : input
      : cached(publicCache, typeof input === "string" ? input : input.toString("utf8"), (pem) => createPublicKey(pem));
  if (key.type !== "public" || key.asymmetricKeyType !== "rsa") {
    throw new TypeError("expected an RSA public key");
  }
  return key;
}

/**
 * `x-access-token`: Base64Url, no padding, of the DER SubjectPublicKeyInfo of the public key
 * (docs/highhelp-decisions.md#access-token).
 */
export function accessTokenForKey(key: PrivateKeyInput | PublicKeyInput): string {
  if (!(key instanceof KeyObject)) return spkiToken(createPublicKey(key));
  let token = tokenCache.get(key);
  if (token === undefined) {
    token = spkiToken(key.type === "public" ? key : createPublicKey(key));
    tokenCache.set(key, token);
  }
  return token;
}

const tokenCache = new WeakMap<KeyObject, string>();

function spkiToken(publicKey: KeyObject): string {
  return base64UrlEncode(publicKey.export({ type: "spki", format: "der" }));
}
