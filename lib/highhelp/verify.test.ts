import { createPublicKey } from "node:crypto";

import { describe, expect, it } from "vitest";

import { encodeSignature } from "./base64url";
import { createHighHelpSigner, signAlert, type SigningKey } from "./signer";
import {
  allSignatureProfiles,
  DEFAULT_SIGNATURE_PROFILE,
  formatSignatureProfile,
  type SignatureProfile,
} from "./signature-profile";
import {
  ALERT_PRIVATE_PEM,
  ALERT_PUBLIC_PEM,
  leafPaths,
  MERCHANT_PRIVATE_PEM,
  MERCHANT_PUBLIC_PEM,
  mutateLeaf,
  randomObject,
  seededRandom,
  shuffleKeys,
  TEST_HMAC_SECRET,
} from "@/test/highhelp";
import { EXAMPLE_B } from "@/test/highhelp/golden";
import { verifyAlertSignature, verifyRequestSignature, type VerificationKey } from "./verify";

const NOW = 1706182847;
const rsaSigning: SigningKey = { kind: "rsa", privateKey: ALERT_PRIVATE_PEM };
const rsaVerifying: VerificationKey = { kind: "rsa", publicKey: createPublicKey(ALERT_PUBLIC_PEM) };
const hmacSigning: SigningKey = { kind: "hmac", secret: TEST_HMAC_SECRET };
const hmacVerifying: VerificationKey = { kind: "hmac", secret: TEST_HMAC_SECRET };

const KEYS = [
  { name: "RSA", signing: rsaSigning, verifying: rsaVerifying },
  { name: "HMAC", signing: hmacSigning, verifying: hmacVerifying },
] as const;

function signed(body: unknown, key: SigningKey, profile: SignatureProfile = DEFAULT_SIGNATURE_PROFILE, timestamp = NOW) {
  const alert = signAlert({ body, timestamp, key, profile });
  return { rawBody: JSON.stringify(body), signature: alert.signature, timestamp: alert.timestamp };
}

function flipByte(signature: string, index: number, profile: SignatureProfile = DEFAULT_SIGNATURE_PROFILE): string {
  const bytes =
    profile.signatureEncoding === "hex" ? Buffer.from(signature, "hex") : Buffer.from(signature.replace(/=+$/, ""), "base64url");
  const i = index % bytes.length;
  bytes[i] = (bytes[i] ?? 0) ^ 0x01;
  return encodeSignature(bytes, profile.signatureEncoding);
}

describe("verifyAlertSignature: outcomes", () => {
  const good = signed(EXAMPLE_B, rsaSigning);

  it("accepts a valid alert and returns the parsed body", () => {
    const result = verifyAlertSignature({ ...good, key: rsaVerifying, nowSeconds: NOW + 10 });
    expect(result).toEqual({ ok: true, body: EXAMPLE_B, timestamp: NOW, driftSeconds: 10 });
  });

  it("works on the raw text whatever its whitespace and key order", () => {
    const pretty = JSON.stringify(shuffleKeys(EXAMPLE_B, seededRandom(1)), null, 2);
    expect(verifyAlertSignature({ ...good, rawBody: `\n${pretty}\n`, key: rsaVerifying, nowSeconds: NOW }).ok).toBe(true);
  });

  it("accepts the public key as PEM text or KeyObject", () => {
    expect(verifyAlertSignature({ ...good, key: { kind: "rsa", publicKey: ALERT_PUBLIC_PEM }, nowSeconds: NOW }).ok).toBe(true);
    expect(
      verifyAlertSignature({ ...good, key: { kind: "rsa", publicKey: createPublicKey(ALERT_PUBLIC_PEM) }, nowSeconds: NOW }).ok,
    ).toBe(true);
  });

  it("accepts padded and standard Base64 signatures", () => {
    const bytes = Buffer.from(good.signature, "base64url");
    for (const signature of [`${good.signature}==`, bytes.toString("base64"), bytes.toString("base64").replace(/=+$/, "")]) {
      expect(verifyAlertSignature({ ...good, signature, key: rsaVerifying, nowSeconds: NOW }).ok).toBe(true);
    }
  });

  it.each([
    ["missing_signature", { signature: null }],
    ["missing_signature", { signature: "  " }],
    ["missing_timestamp", { timestamp: null }],
    ["missing_timestamp", { timestamp: "" }],
    ["invalid_timestamp", { timestamp: "1706182847.0" }],
    ["invalid_timestamp", { timestamp: "-1706182847" }],
    ["invalid_timestamp", { timestamp: "0x65b1" }],
    ["malformed_json", { rawBody: "{not json" }],
    ["unsupported_body", { rawBody: '"just a string"' }],
    ["unsupported_body", { rawBody: '{"a": 12345678901234567890}' }],
    ["unsupported_body", { rawBody: '{"a":'.repeat(65) + "1" + "}".repeat(65) }],
    ["unsupported_body", { rawBody: "[".repeat(10_000) + "]".repeat(10_000) }],
    ["unsupported_body", { rawBody: '{"a":'.repeat(10_000) + "null" + "}".repeat(10_000) }],
    ["malformed_signature", { signature: "not base64!" }],
    ["bad_signature", { signature: "AAAA" }],
  ] as const)("reports %s", (reason, change) => {
    const result = verifyAlertSignature({ ...good, ...change, key: rsaVerifying, nowSeconds: NOW });
    expect(result).toMatchObject({ ok: false, reason });
  });

  it("refuses timestamps outside ±300 s by default, and honours a custom window", () => {
    expect(verifyAlertSignature({ ...good, key: rsaVerifying, nowSeconds: NOW + 300 }).ok).toBe(true);
    expect(verifyAlertSignature({ ...good, key: rsaVerifying, nowSeconds: NOW - 300 }).ok).toBe(true);
    expect(verifyAlertSignature({ ...good, key: rsaVerifying, nowSeconds: NOW + 301 })).toMatchObject({
      ok: false,
      reason: "stale_timestamp",
      driftSeconds: 301,
    });
    expect(verifyAlertSignature({ ...good, key: rsaVerifying, nowSeconds: NOW - 301 })).toMatchObject({
      reason: "stale_timestamp",
    });
    expect(verifyAlertSignature({ ...good, key: rsaVerifying, nowSeconds: NOW + 30, toleranceSeconds: 10 }).ok).toBe(false);
    expect(verifyAlertSignature({ ...good, key: rsaVerifying, nowSeconds: 0, toleranceSeconds: Infinity }).ok).toBe(true);
  });

  it("refuses a signature from another key", () => {
    const other = signed(EXAMPLE_B, { kind: "rsa", privateKey: MERCHANT_PRIVATE_PEM });
    expect(verifyAlertSignature({ ...other, key: rsaVerifying, nowSeconds: NOW })).toMatchObject({ reason: "bad_signature" });
    const hmac = signed(EXAMPLE_B, { kind: "hmac", secret: "other" });
    expect(verifyAlertSignature({ ...hmac, key: hmacVerifying, nowSeconds: NOW })).toMatchObject({ reason: "bad_signature" });
  });

  it("refuses an HMAC of another length without throwing", () => {
    const good = signed(EXAMPLE_B, hmacSigning);
    expect(
      verifyAlertSignature({ ...good, signature: good.signature.slice(0, 40), key: hmacVerifying, nowSeconds: NOW }),
    ).toMatchObject({
      reason: "bad_signature",
    });
  });
});

describe("sign → verify properties (seeded random JSON)", () => {
  for (const { name, signing, verifying } of KEYS) {
    it(`${name}: random bodies verify; any leaf, the timestamp or one signature byte changed does not`, () => {
      const rng = seededRandom(name === "RSA" ? 11 : 12);
      for (let n = 0; n < 60; n++) {
        const body = randomObject(rng, 0, { colonKeys: n % 4 === 0 });
        const alert = signed(body, signing);
        const base = { ...alert, key: verifying, nowSeconds: NOW };
        expect(verifyAlertSignature(base).ok).toBe(true);
        expect(verifyAlertSignature({ ...base, rawBody: JSON.stringify(shuffleKeys(body, rng)) }).ok).toBe(true);

        const paths = leafPaths(body);
        const path = paths[Math.floor(rng() * paths.length)];
        if (path !== undefined && path.length > 0) {
          const rawBody = JSON.stringify(mutateLeaf(body, path));
          expect(verifyAlertSignature({ ...base, rawBody })).toMatchObject({ ok: false, reason: "bad_signature" });
        }
        expect(verifyAlertSignature({ ...base, timestamp: String(NOW + 1), nowSeconds: NOW })).toMatchObject({
          ok: false,
          reason: "bad_signature",
        });
        const signature = flipByte(alert.signature, Math.floor(rng() * 1000));
        expect(verifyAlertSignature({ ...base, signature })).toMatchObject({ ok: false, reason: "bad_signature" });
      }
    });
  }

  it("every profile option round-trips, RSA and HMAC, and is told apart from the default", () => {
    const rng = seededRandom(5);
    // Booleans, nulls and a length not divisible by 3 make every option observable.
    const body = { ...randomObject(rng), flag: true, off: false, nothing: null, text: "Жё😀" };
    for (const profile of allSignatureProfiles()) {
      for (const { signing, verifying } of KEYS) {
        if (signing.kind === "hmac" && profile.hashing !== "double") continue;
        const alert = signed(body, signing, profile);
        const label = formatSignatureProfile(profile);
        expect(verifyAlertSignature({ ...alert, key: verifying, profile, nowSeconds: NOW }).ok, label).toBe(true);
        const mutated = JSON.stringify({ ...body, nothing: "x" });
        expect(verifyAlertSignature({ ...alert, rawBody: mutated, key: verifying, profile, nowSeconds: NOW }).ok, label).toBe(
          false,
        );
        const messageDiffers =
          profile.booleans !== "1/0" ||
          profile.nullText !== "None" ||
          profile.messagePadding ||
          (signing.kind === "rsa" && profile.hashing !== "double");
        if (messageDiffers) {
          expect(verifyAlertSignature({ ...alert, key: verifying, nowSeconds: NOW }).ok, label).toBe(false);
        }
      }
    }
  });
});

describe("verifyRequestSignature (sandbox side)", () => {
  const merchantId = "57aff4db-b45d-42bf-bc5f-b7a499a01782";
  const body = { general: { project_id: merchantId, payment_id: "ORD-1" } };
  const rawBody = JSON.stringify(body);
  const rsaSigner = createHighHelpSigner({ merchantId, key: { kind: "rsa", privateKey: MERCHANT_PRIVATE_PEM } });
  const hmacSigner = createHighHelpSigner({ merchantId, key: { kind: "hmac", secret: TEST_HMAC_SECRET } });
  const merchantKey: VerificationKey = { kind: "rsa", publicKey: MERCHANT_PUBLIC_PEM };

  it("accepts the merchant's signed request (headers in any case, Headers or record)", () => {
    const headers = rsaSigner.headers(body, NOW);
    const upper = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toUpperCase(), v]));
    for (const h of [headers, upper, new Headers(headers as Record<string, string>)]) {
      expect(
        verifyRequestSignature({ rawBody, headers: h, key: merchantKey, nowSeconds: NOW, expectedMerchantId: merchantId }),
      ).toEqual({ ok: true, body, timestamp: NOW, driftSeconds: 0, merchantId, algorithm: "rsa" });
    }
  });

  it("accepts HMAC requests with the algorithm header", () => {
    const headers = hmacSigner.headers(body, NOW);
    expect(
      verifyRequestSignature({ rawBody, headers, key: { kind: "hmac", secret: TEST_HMAC_SECRET }, nowSeconds: NOW }),
    ).toMatchObject({
      ok: true,
      algorithm: "hmac",
    });
  });

  it("names what is wrong", () => {
    const headers = rsaSigner.headers(body, NOW) as Record<string, string>;
    const without = (name: string) => Object.fromEntries(Object.entries(headers).filter(([k]) => k !== name));
    const check = (h: Record<string, string>, key: VerificationKey = merchantKey, expectedMerchantId?: string) =>
      verifyRequestSignature({ rawBody, headers: h, key, nowSeconds: NOW, expectedMerchantId });
    expect(check(without("x-access-merchant-id"))).toMatchObject({ reason: "missing_merchant_id" });
    expect(check(headers, merchantKey, "other")).toMatchObject({ reason: "merchant_mismatch" });
    expect(check({ ...headers, "x-access-merchant-algorithm": "MD5" })).toMatchObject({ reason: "unknown_algorithm" });
    expect(check(headers, { kind: "hmac", secret: TEST_HMAC_SECRET })).toMatchObject({ reason: "algorithm_mismatch" });
    expect(check(without("x-access-token"))).toMatchObject({ reason: "missing_token" });
    expect(check(headers, { kind: "rsa", publicKey: ALERT_PUBLIC_PEM })).toMatchObject({ reason: "token_mismatch" });
    expect(check(without("x-access-signature"))).toMatchObject({ reason: "missing_signature" });
    expect(check(without("x-access-timestamp"))).toMatchObject({ reason: "missing_timestamp" });
    expect(check({ ...headers, "x-access-timestamp": String(NOW - 1000) })).toMatchObject({ reason: "stale_timestamp" });
    expect(
      verifyRequestSignature({ rawBody: rawBody.replace("ORD-1", "ORD-2"), headers, key: merchantKey, nowSeconds: NOW }),
    ).toMatchObject({ reason: "bad_signature" });
  });
});
