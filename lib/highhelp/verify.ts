import "server-only";
import { createHmac, timingSafeEqual, verify, type KeyObject } from "node:crypto";

import { decodeSignature } from "./base64url";
import { accessTokenForKey, toRsaPublicKey, type PublicKeyInput } from "./keys";
import { NormaliseError } from "./normalise";
import {
  HEADER_ALGORITHM,
  HEADER_MERCHANT_ID,
  HEADER_SIGNATURE,
  HEADER_TIMESTAMP,
  HEADER_TOKEN,
  HMAC_ALGORITHM_HEADER_VALUE,
  rsaSignedData,
  signingMessage,
  type SigningAlgorithm,
} from "./signer";
import { DEFAULT_SIGNATURE_PROFILE, type SignatureProfile } from "./signature-profile";

/** The docs give no window; ±300 s is our choice (docs/highhelp-decisions.md#alert-timestamp-window). */
export const DEFAULT_TIMESTAMP_TOLERANCE_SECONDS = 300;

export type VerificationKey = { kind: "rsa"; publicKey: PublicKeyInput } | { kind: "hmac"; secret: string | Buffer };

export type PreparedVerificationKey = { kind: "rsa"; publicKey: KeyObject } | { kind: "hmac"; secret: Buffer };

export function prepareVerificationKey(key: VerificationKey): PreparedVerificationKey {
  if (key.kind === "rsa") return { kind: "rsa", publicKey: toRsaPublicKey(key.publicKey) };
  const secret = typeof key.secret === "string" ? Buffer.from(key.secret, "utf8") : key.secret;
  if (secret.length === 0) throw new TypeError("the HMAC secret is empty");
  return { kind: "hmac", secret };
}

export type SignatureFailureReason =
  | "missing_signature"
  | "missing_timestamp"
  /** Not a decimal integer string. */
  | "invalid_timestamp"
  | "stale_timestamp"
  | "malformed_json"
  /** Valid JSON we cannot normalise faithfully (not an object/array, unsafe integer). */
  | "unsupported_body"
  /** The signature text is not valid Base64 (or hex, per the profile). */
  | "malformed_signature"
  | "bad_signature";

export type RequestFailureReason =
  | SignatureFailureReason
  | "missing_merchant_id"
  | "merchant_mismatch"
  | "unknown_algorithm"
  | "algorithm_mismatch"
  | "missing_token"
  | "token_mismatch";

export type VerificationResult<R extends string = SignatureFailureReason> =
  | { ok: true; body: unknown; timestamp: number; driftSeconds: number }
  | { ok: false; reason: R; detail?: string; driftSeconds?: number };

/** Checks signature bytes against a message with a prepared key; HMAC compared in constant time. */
export function verifyMessageSignature(
  message: string,
  signature: Buffer,
  key: PreparedVerificationKey,
  profile: SignatureProfile = DEFAULT_SIGNATURE_PROFILE,
): boolean {
  if (key.kind === "hmac") {
    const expected = createHmac("sha512", key.secret).update(message, "utf8").digest();
    return expected.length === signature.length && timingSafeEqual(expected, signature);
  }
  try {
    return verify("sha256", rsaSignedData(message, profile.hashing), key.publicKey, signature);
  } catch {
    return false;
  }
}

const TIMESTAMP = /^\d{1,15}$/;

interface SignatureCheckInput {
  rawBody: string;
  signature: string | null | undefined;
  timestamp: string | null | undefined;
  key: PreparedVerificationKey;
  profile: SignatureProfile;
  nowSeconds: number;
  toleranceSeconds: number;
}

function checkSignature(input: SignatureCheckInput): VerificationResult {
  const signatureText = input.signature?.trim() ?? "";
  if (signatureText === "") return { ok: false, reason: "missing_signature" };
  const timestamp = input.timestamp?.trim() ?? "";
  if (timestamp === "") return { ok: false, reason: "missing_timestamp" };
  if (!TIMESTAMP.test(timestamp)) return { ok: false, reason: "invalid_timestamp" };

  const driftSeconds = input.nowSeconds - Number(timestamp);
  if (Math.abs(driftSeconds) > input.toleranceSeconds) {
    return { ok: false, reason: "stale_timestamp", driftSeconds };
  }

  let body: unknown;
  try {
    body = JSON.parse(input.rawBody);
  } catch {
    return { ok: false, reason: "malformed_json", driftSeconds };
  }

  let message: string;
  try {
    message = signingMessage(body, timestamp, input.profile);
  } catch (error) {
    if (error instanceof NormaliseError) {
      return { ok: false, reason: "unsupported_body", detail: error.message, driftSeconds };
    }
    throw error;
  }

  const signature = decodeSignature(signatureText, input.profile.signatureEncoding);
  if (signature === null) return { ok: false, reason: "malformed_signature", driftSeconds };
  if (!verifyMessageSignature(message, signature, input.key, input.profile)) {
    return { ok: false, reason: "bad_signature", driftSeconds };
  }
  return { ok: true, body, timestamp: Number(timestamp), driftSeconds };
}

function nowInSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

export interface AlertVerificationInput {
  /** The exact request body text received (it is parsed and the parsed value normalised). */
  rawBody: string;
  /** `x-access-signature` header value (docs/highhelp-decisions.md#alert-headers). */
  signature: string | null | undefined;
  /** `x-access-timestamp` header value: a decimal integer string. */
  timestamp: string | null | undefined;
  key: VerificationKey | PreparedVerificationKey;
  profile?: SignatureProfile;
  nowSeconds?: number;
  /** Default 300; `Infinity` disables the window (diagnostics only). */
  toleranceSeconds?: number;
}

function prepared(key: VerificationKey | PreparedVerificationKey): PreparedVerificationKey {
  if (key.kind === "rsa") return prepareVerificationKey(key);
  return Buffer.isBuffer(key.secret) ? { kind: "hmac", secret: key.secret } : prepareVerificationKey(key);
}

/**
 * Verifies a HighHelp alert: timestamp window, JSON, then the signature over the
 * normalised parsed body. Structural checks of the body (alertSchema, project_id) are the
 * caller's. Failures are values; it throws only for an unusable key (configuration error).
 */
export function verifyAlertSignature(input: AlertVerificationInput): VerificationResult {
  return checkSignature({
    rawBody: input.rawBody,
    signature: input.signature,
    timestamp: input.timestamp,
    key: prepared(input.key),
    profile: input.profile ?? DEFAULT_SIGNATURE_PROFILE,
    nowSeconds: input.nowSeconds ?? nowInSeconds(),
    toleranceSeconds: input.toleranceSeconds ?? DEFAULT_TIMESTAMP_TOLERANCE_SECONDS,
  });
}

/** Node / fetch / plain header containers; names are matched case-insensitively. */
export type HeadersLike = { get(name: string): string | null } | Readonly<Record<string, string | readonly string[] | undefined>>;

export function readHeader(headers: HeadersLike, name: string): string | null {
  if (typeof headers.get === "function") {
    return (headers as { get(name: string): string | null }).get(name);
  }
  const record = headers as Readonly<Record<string, string | readonly string[] | undefined>>;
  const wanted = name.toLowerCase();
  for (const key of Object.keys(record)) {
    if (key.toLowerCase() !== wanted) continue;
    const value = record[key];
    if (value === undefined) return null;
    return typeof value === "string" ? value : value.join(", ");
  }
  return null;
}

export interface RequestVerificationInput {
  rawBody: string;
  headers: HeadersLike;
  key: VerificationKey | PreparedVerificationKey;
  profile?: SignatureProfile;
  nowSeconds?: number;
  toleranceSeconds?: number;
  /** When given, `x-access-merchant-id` must equal it. */
  expectedMerchantId?: string;
}

export type RequestVerificationResult =
  | (VerificationResult<RequestFailureReason> & { ok: false })
  | {
      ok: true;
      body: unknown;
      timestamp: number;
      driftSeconds: number;
      merchantId: string;
      algorithm: SigningAlgorithm;
    };

/**
 * Verifies a merchant's signed request the way HighHelp would (for the sandbox): merchant id,
 * algorithm header, `x-access-token` against the RSA key, then the same checks as alerts.
 */
export function verifyRequestSignature(input: RequestVerificationInput): RequestVerificationResult {
  const merchantId = readHeader(input.headers, HEADER_MERCHANT_ID)?.trim() ?? "";
  if (merchantId === "") return { ok: false, reason: "missing_merchant_id" };
  if (input.expectedMerchantId !== undefined && merchantId !== input.expectedMerchantId) {
    return { ok: false, reason: "merchant_mismatch" };
  }

  const algorithmHeader = readHeader(input.headers, HEADER_ALGORITHM)?.trim() ?? "";
  let algorithm: SigningAlgorithm;
  if (algorithmHeader === "") algorithm = "rsa";
  else if (algorithmHeader.toUpperCase() === HMAC_ALGORITHM_HEADER_VALUE.toUpperCase()) algorithm = "hmac";
  else return { ok: false, reason: "unknown_algorithm", detail: algorithmHeader };

  const key = prepared(input.key);
  if (key.kind !== algorithm) return { ok: false, reason: "algorithm_mismatch" };

  if (key.kind === "rsa") {
    const token = readHeader(input.headers, HEADER_TOKEN)?.trim() ?? "";
    if (token === "") return { ok: false, reason: "missing_token" };
    if (token !== accessTokenForKey(key.publicKey)) return { ok: false, reason: "token_mismatch" };
  }

  const result = checkSignature({
    rawBody: input.rawBody,
    signature: readHeader(input.headers, HEADER_SIGNATURE),
    timestamp: readHeader(input.headers, HEADER_TIMESTAMP),
    key,
    profile: input.profile ?? DEFAULT_SIGNATURE_PROFILE,
    nowSeconds: input.nowSeconds ?? nowInSeconds(),
    toleranceSeconds: input.toleranceSeconds ?? DEFAULT_TIMESTAMP_TOLERANCE_SECONDS,
  });
  if (!result.ok) return result;
  return { ...result, merchantId, algorithm };
}
