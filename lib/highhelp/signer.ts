import "server-only";
import { createHmac, hash, sign, type KeyObject } from "node:crypto";

import { base64UrlEncodeText, encodeSignature } from "./base64url";
import { accessTokenForKey, toRsaPrivateKey, type PrivateKeyInput, type PublicKeyInput } from "./keys";
import { normalise } from "./normalise";
import { DEFAULT_SIGNATURE_PROFILE, type HashMode, type SignatureProfile } from "./signature-profile";

export const HEADER_CONTENT_TYPE = "content-type";
export const HEADER_MERCHANT_ID = "x-access-merchant-id";
export const HEADER_TIMESTAMP = "x-access-timestamp";
export const HEADER_TOKEN = "x-access-token";
export const HEADER_SIGNATURE = "x-access-signature";
export const HEADER_ALGORITHM = "x-access-merchant-algorithm";

/**
 * Value of `x-access-merchant-algorithm` that selects HMAC-SHA512 request signing. The docs name
 * the header but not its values: this spelling is a guess to be confirmed on the test environment
 * (docs/highhelp-decisions.md#hmac-signing). RSA requests send no algorithm header (RSA is the default).
 */
export const HMAC_ALGORITHM_HEADER_VALUE = "HMAC-SHA512";

export type SigningAlgorithm = "rsa" | "hmac";

/** Key material for signing: RSA private key (default) or the HMAC secret text (used as raw UTF-8 bytes). */
export type SigningKey = { kind: "rsa"; privateKey: PrivateKeyInput } | { kind: "hmac"; secret: string | Buffer };

/** Parsed once; what the signing functions work with. */
export type PreparedSigningKey = { kind: "rsa"; privateKey: KeyObject } | { kind: "hmac"; secret: Buffer };

export function prepareSigningKey(key: SigningKey): PreparedSigningKey {
  if (key.kind === "rsa") return { kind: "rsa", privateKey: toRsaPrivateKey(key.privateKey) };
  const secret = typeof key.secret === "string" ? Buffer.from(key.secret, "utf8") : key.secret;
  if (secret.length === 0) throw new TypeError("the HMAC secret is empty");
  return { kind: "hmac", secret };
}

const DECIMAL = /^\d{1,15}$/;

/** The timestamp as it goes into the header and the message: decimal Unix seconds. */
export function timestampText(timestamp: number | string): string {
  if (typeof timestamp === "number") {
    if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
      throw new TypeError(`timestamp must be a non-negative integer of seconds, got ${timestamp}`);
    }
    return String(timestamp);
  }
  if (!DECIMAL.test(timestamp)) throw new TypeError(`timestamp must be decimal digits, got "${timestamp}"`);
  return timestamp;
}

/** Base64Url(UTF-8(normalised body)) followed by the decimal timestamp. */
export function signingMessage(
  body: unknown,
  timestamp: number | string,
  profile: SignatureProfile = DEFAULT_SIGNATURE_PROFILE,
): string {
  return base64UrlEncodeText(normalise(body, profile), profile.messagePadding) + timestampText(timestamp);
}

/** The bytes handed to the RSA-SHA256 signer / verifier for a message, per the hashing option. */
export function rsaSignedData(message: string, hashing: HashMode): Buffer {
  switch (hashing) {
    case "double":
      return hash("sha256", message, "buffer");
    case "single":
      return Buffer.from(message, "utf8");
    case "hex-digest":
      return Buffer.from(hash("sha256", message, "hex"), "latin1");
  }
}

/** Raw signature bytes of a message (RSASSA-PKCS1-v1_5 SHA-256, or HMAC-SHA512). */
export function signMessageBytes(
  message: string,
  key: PreparedSigningKey,
  profile: SignatureProfile = DEFAULT_SIGNATURE_PROFILE,
): Buffer {
  if (key.kind === "hmac") return createHmac("sha512", key.secret).update(message, "utf8").digest();
  return sign("sha256", rsaSignedData(message, profile.hashing), key.privateKey);
}

/** The signature text for a message, encoded per the profile (Base64Url without padding by default). */
export function signMessage(
  message: string,
  key: PreparedSigningKey,
  profile: SignatureProfile = DEFAULT_SIGNATURE_PROFILE,
): string {
  return encodeSignature(signMessageBytes(message, key, profile), profile.signatureEncoding);
}

/** Signs a JSON body for a timestamp, end to end. */
export function signBody(
  body: unknown,
  timestamp: number | string,
  key: PreparedSigningKey,
  profile: SignatureProfile = DEFAULT_SIGNATURE_PROFILE,
): string {
  return signMessage(signingMessage(body, timestamp, profile), key, profile);
}

export interface SignedRequestHeaders {
  "content-type": "application/json";
  "x-access-merchant-id": string;
  "x-access-timestamp": string;
  "x-access-signature": string;
  /** Absent only for HMAC without a configured public key (unknown whether HMAC needs it). */
  "x-access-token"?: string;
  "x-access-merchant-algorithm"?: string;
  [name: string]: string | undefined;
}

export interface SignerConfig {
  /** Cash register id (`project_id`), sent as `x-access-merchant-id`. */
  merchantId: string;
  key: SigningKey;
  /**
   * For HMAC only: the cash register's RSA public (or private) key, to still send
   * `x-access-token`. RSA derives the token from its own private key.
   */
  tokenKey?: PublicKeyInput;
  profile?: SignatureProfile;
}

export interface HighHelpSigner {
  readonly merchantId: string;
  readonly algorithm: SigningAlgorithm;
  readonly profile: SignatureProfile;
  /** `x-access-token` value, computed once. */
  readonly accessToken: string | undefined;
  /** The signature text of a body at a timestamp (Unix seconds). */
  sign(body: unknown, timestamp: number | string): string;
  /** The full header set for a request body at a timestamp (Unix seconds). */
  headers(body: unknown, timestamp: number | string): SignedRequestHeaders;
}

/** Builds a request signer; the key is parsed once here. Throws on an unusable key (configuration error). */
export function createHighHelpSigner(config: SignerConfig): HighHelpSigner {
  if (config.merchantId.trim() === "") throw new TypeError("merchantId is empty");
  const profile = config.profile ?? DEFAULT_SIGNATURE_PROFILE;
  const key = prepareSigningKey(config.key);
  const accessToken =
    key.kind === "rsa"
      ? accessTokenForKey(key.privateKey)
      : config.tokenKey === undefined
        ? undefined
        : accessTokenForKey(config.tokenKey);
  const merchantId = config.merchantId;

  const signer: HighHelpSigner = {
    merchantId,
    algorithm: key.kind,
    profile,
    accessToken,
    sign: (body, timestamp) => signBody(body, timestamp, key, profile),
    headers(body, timestamp) {
      const ts = timestampText(timestamp);
      const headers: SignedRequestHeaders = {
        "content-type": "application/json",
        "x-access-merchant-id": merchantId,
        "x-access-timestamp": ts,
        "x-access-signature": signBody(body, ts, key, profile),
      };
      if (accessToken !== undefined) headers[HEADER_TOKEN] = accessToken;
      if (key.kind === "hmac") headers[HEADER_ALGORITHM] = HMAC_ALGORITHM_HEADER_VALUE;
      return headers;
    },
  };
  return Object.freeze(signer);
}

export interface SignedAlert {
  signature: string;
  timestamp: string;
  /** `content-type`, `x-access-signature`, `x-access-timestamp` (+ `x-access-merchant-id` when given). */
  headers: Record<string, string>;
}

/**
 * Signs an alert (callback) body the way HighHelp signs its alerts: the same construction as
 * requests. Used by the sandbox with its own alert key pair.
 */
export function signAlert(input: {
  body: unknown;
  timestamp: number | string;
  key: SigningKey;
  profile?: SignatureProfile;
  merchantId?: string;
}): SignedAlert {
  const profile = input.profile ?? DEFAULT_SIGNATURE_PROFILE;
  const key = prepareSigningKey(input.key);
  const timestamp = timestampText(input.timestamp);
  const signature = signBody(input.body, timestamp, key, profile);
  const headers: Record<string, string> = {
    [HEADER_CONTENT_TYPE]: "application/json",
    [HEADER_SIGNATURE]: signature,
    [HEADER_TIMESTAMP]: timestamp,
  };
  if (input.merchantId !== undefined) headers[HEADER_MERCHANT_ID] = input.merchantId;
  return { signature, timestamp, headers };
}
