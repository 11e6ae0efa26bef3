import { createHash, createPrivateKey, createPublicKey, sign, verify } from "node:crypto";

import { describe, expect, it } from "vitest";

import { accessTokenForKey } from "./keys";
import {
  createHighHelpSigner,
  HMAC_ALGORITHM_HEADER_VALUE,
  prepareSigningKey,
  signAlert,
  signBody,
  signingMessage,
  timestampText,
} from "./signer";
import { DEFAULT_SIGNATURE_PROFILE, type SignatureProfile } from "./signature-profile";
import {
  ALERT_PRIVATE_PEM,
  ALERT_PUBLIC_PEM,
  GOLDEN_MERCHANT_PUBLIC_PEM,
  MERCHANT_PRIVATE_PEM,
  MERCHANT_PUBLIC_PEM,
  TEST_HMAC_SECRET,
} from "@/test/highhelp";
import {
  EXAMPLE_A,
  EXAMPLE_A_BASE64URL,
  EXAMPLE_A_HMAC,
  EXAMPLE_A_MESSAGE_SHA256,
  EXAMPLE_A_SIGNATURE_DOUBLE,
  EXAMPLE_A_SIGNATURE_SINGLE,
  EXAMPLE_B,
  EXAMPLE_B_BASE64URL,
  EXAMPLE_B_MESSAGE_SHA256,
  EXAMPLE_B_SIGNATURE_DOUBLE,
  EXAMPLE_TIMESTAMP,
  GOLDEN_ACCESS_TOKEN,
} from "@/test/highhelp/golden";

const rsaKey = prepareSigningKey({ kind: "rsa", privateKey: MERCHANT_PRIVATE_PEM });
/** The expected signature, by bare node:crypto (PKCS#1 v1.5 is deterministic): an oracle independent of signer.ts. */
const oracle = (data: string | Buffer) => sign("sha256", Buffer.from(data), MERCHANT_PRIVATE_PEM).toString("base64url");
const sha256 = (text: string) => createHash("sha256").update(text).digest();
const MESSAGE_A = `${EXAMPLE_A_BASE64URL}1706182847`;
const MESSAGE_B = `${EXAMPLE_B_BASE64URL}1706182847`;
/** Whether a golden signature (made once, by the key of GOLDEN_MERCHANT_PUBLIC_PEM) verifies over `data`. */
const goldenVerifies = (data: string | Buffer, signature: string) =>
  verify("sha256", Buffer.from(data), GOLDEN_MERCHANT_PUBLIC_PEM, Buffer.from(signature, "base64url"));
const hmacKey = prepareSigningKey({ kind: "hmac", secret: TEST_HMAC_SECRET });
const profile = (overrides: Partial<SignatureProfile>): SignatureProfile => ({
  ...DEFAULT_SIGNATURE_PROFILE,
  ...overrides,
});

describe("signing message: golden examples byte for byte", () => {
  it("Example A: Base64Url text (246 chars, no padding) and SHA-256 of the message", () => {
    const message = signingMessage(EXAMPLE_A, EXAMPLE_TIMESTAMP);
    expect(message).toBe(`${EXAMPLE_A_BASE64URL}1706182847`);
    expect(EXAMPLE_A_BASE64URL).toHaveLength(246);
    expect(createHash("sha256").update(message).digest("hex")).toBe(EXAMPLE_A_MESSAGE_SHA256);
  });

  it("Example A with padding: the Base64Url text ends in cA==", () => {
    const message = signingMessage(EXAMPLE_A, EXAMPLE_TIMESTAMP, profile({ messagePadding: true }));
    expect(message).toBe(`${EXAMPLE_A_BASE64URL}==1706182847`);
    expect(message.slice(0, -10).endsWith("cA==")).toBe(true);
  });

  it("Example B", () => {
    const message = signingMessage(EXAMPLE_B, String(EXAMPLE_TIMESTAMP));
    expect(message).toBe(`${EXAMPLE_B_BASE64URL}1706182847`);
    expect(createHash("sha256").update(message).digest("hex")).toBe(EXAMPLE_B_MESSAGE_SHA256);
  });
});

describe("RSA signatures", () => {
  it("double hash (default): PKCS#1 v1.5 over SHA256(message), Base64Url without padding", () => {
    expect(signBody(EXAMPLE_A, EXAMPLE_TIMESTAMP, rsaKey)).toBe(oracle(sha256(MESSAGE_A)));
    expect(signBody(EXAMPLE_B, EXAMPLE_TIMESTAMP, rsaKey)).toBe(oracle(sha256(MESSAGE_B)));
    // The golden signatures verify over exactly the digests of the messages signingMessage builds.
    expect(goldenVerifies(sha256(signingMessage(EXAMPLE_A, EXAMPLE_TIMESTAMP)), EXAMPLE_A_SIGNATURE_DOUBLE)).toBe(true);
    expect(goldenVerifies(sha256(signingMessage(EXAMPLE_B, EXAMPLE_TIMESTAMP)), EXAMPLE_B_SIGNATURE_DOUBLE)).toBe(true);
    expect(goldenVerifies(sha256(signingMessage(EXAMPLE_B, EXAMPLE_TIMESTAMP)), EXAMPLE_A_SIGNATURE_DOUBLE)).toBe(false);
  });

  it("single hash: PKCS#1 v1.5 over the message", () => {
    expect(signBody(EXAMPLE_A, EXAMPLE_TIMESTAMP, rsaKey, profile({ hashing: "single" }))).toBe(oracle(MESSAGE_A));
    expect(goldenVerifies(signingMessage(EXAMPLE_A, EXAMPLE_TIMESTAMP), EXAMPLE_A_SIGNATURE_SINGLE)).toBe(true);
  });

  it("hex-digest: PKCS#1 v1.5 over the hex text of SHA256(message)", () => {
    const signature = signBody(EXAMPLE_A, EXAMPLE_TIMESTAMP, rsaKey, profile({ hashing: "hex-digest" }));
    expect(
      verify("sha256", Buffer.from(EXAMPLE_A_MESSAGE_SHA256, "latin1"), MERCHANT_PUBLIC_PEM, Buffer.from(signature, "base64url")),
    ).toBe(true);
  });

  it("encodes the signature per profile", () => {
    const expected = oracle(sha256(MESSAGE_A));
    const bytes = Buffer.from(expected, "base64url");
    expect(signBody(EXAMPLE_A, EXAMPLE_TIMESTAMP, rsaKey, profile({ signatureEncoding: "base64" }))).toBe(
      bytes.toString("base64"),
    );
    expect(signBody(EXAMPLE_A, EXAMPLE_TIMESTAMP, rsaKey, profile({ signatureEncoding: "hex" }))).toBe(bytes.toString("hex"));
    expect(signBody(EXAMPLE_A, EXAMPLE_TIMESTAMP, rsaKey, profile({ signatureEncoding: "base64url-padded" }))).toBe(
      `${expected}==`,
    );
  });
});

describe("HMAC-SHA512", () => {
  it("keys with the raw secret text and signs the same message", () => {
    expect(signBody(EXAMPLE_A, EXAMPLE_TIMESTAMP, hmacKey)).toBe(EXAMPLE_A_HMAC);
  });
});

describe("x-access-token", () => {
  it("is Base64Url without padding of the SPKI DER of the public key", () => {
    expect(accessTokenForKey(GOLDEN_MERCHANT_PUBLIC_PEM)).toBe(GOLDEN_ACCESS_TOKEN);
    expect(GOLDEN_ACCESS_TOKEN).not.toMatch(/[=+/]/);
    expect(
      createPublicKey({ key: Buffer.from(GOLDEN_ACCESS_TOKEN, "base64url"), format: "der", type: "spki" }).export({
        type: "spki",
        format: "pem",
      }),
    ).toBe(GOLDEN_MERCHANT_PUBLIC_PEM);
  });

  it("is the same from the private key, its PEM or its KeyObject, as from the public key", () => {
    const token = accessTokenForKey(MERCHANT_PUBLIC_PEM);
    expect(accessTokenForKey(MERCHANT_PRIVATE_PEM)).toBe(token);
    expect(accessTokenForKey(createPrivateKey(MERCHANT_PRIVATE_PEM))).toBe(token);
    expect(token).toBe(createPublicKey(MERCHANT_PUBLIC_PEM).export({ type: "spki", format: "der" }).toString("base64url"));
  });
});

describe("createHighHelpSigner", () => {
  const projectId = "57aff4db-b45d-42bf-bc5f-b7a499a01782";

  it("returns the full RSA header set, no algorithm header", () => {
    const signer = createHighHelpSigner({ merchantId: projectId, key: { kind: "rsa", privateKey: MERCHANT_PRIVATE_PEM } });
    expect(signer.algorithm).toBe("rsa");
    expect(signer.headers(EXAMPLE_A, EXAMPLE_TIMESTAMP)).toEqual({
      "content-type": "application/json",
      "x-access-merchant-id": projectId,
      "x-access-timestamp": "1706182847",
      "x-access-token": createPublicKey(MERCHANT_PUBLIC_PEM).export({ type: "spki", format: "der" }).toString("base64url"),
      "x-access-signature": oracle(sha256(MESSAGE_A)),
    });
    expect(signer.sign(EXAMPLE_A, "1706182847")).toBe(oracle(sha256(MESSAGE_A)));
  });

  it("adds the algorithm header for HMAC, token only when an RSA key is given", () => {
    const bare = createHighHelpSigner({ merchantId: projectId, key: { kind: "hmac", secret: TEST_HMAC_SECRET } });
    expect(bare.headers(EXAMPLE_A, EXAMPLE_TIMESTAMP)).toEqual({
      "content-type": "application/json",
      "x-access-merchant-id": projectId,
      "x-access-timestamp": "1706182847",
      "x-access-signature": EXAMPLE_A_HMAC,
      "x-access-merchant-algorithm": HMAC_ALGORITHM_HEADER_VALUE,
    });
    const withToken = createHighHelpSigner({
      merchantId: projectId,
      key: { kind: "hmac", secret: TEST_HMAC_SECRET },
      tokenKey: GOLDEN_MERCHANT_PUBLIC_PEM,
    });
    expect(withToken.headers(EXAMPLE_A, EXAMPLE_TIMESTAMP)["x-access-token"]).toBe(GOLDEN_ACCESS_TOKEN);
  });

  it("refuses unusable configuration at construction", () => {
    expect(() => createHighHelpSigner({ merchantId: "", key: { kind: "rsa", privateKey: MERCHANT_PRIVATE_PEM } })).toThrow();
    expect(() => createHighHelpSigner({ merchantId: "m", key: { kind: "rsa", privateKey: "not a key" } })).toThrow();
    expect(() => createHighHelpSigner({ merchantId: "m", key: { kind: "rsa", privateKey: MERCHANT_PUBLIC_PEM } })).toThrow();
    expect(() => createHighHelpSigner({ merchantId: "m", key: { kind: "hmac", secret: "" } })).toThrow();
  });
});

describe("timestamps", () => {
  it("are decimal integer seconds", () => {
    expect(timestampText(0)).toBe("0");
    expect(timestampText(1706182847)).toBe("1706182847");
    expect(timestampText("1706182847")).toBe("1706182847");
    expect(() => timestampText(1706182847.5)).toThrow();
    expect(() => timestampText(-1)).toThrow();
    expect(() => timestampText("1.7e9")).toThrow();
    expect(() => timestampText(" 1")).toThrow();
  });
});

describe("signAlert", () => {
  it("signs like a request, with the alert key, and returns alert headers", () => {
    const alert = signAlert({
      body: EXAMPLE_B,
      timestamp: EXAMPLE_TIMESTAMP,
      key: { kind: "rsa", privateKey: ALERT_PRIVATE_PEM },
      merchantId: "p-1",
    });
    expect(alert.timestamp).toBe("1706182847");
    expect(alert.headers).toEqual({
      "content-type": "application/json",
      "x-access-signature": alert.signature,
      "x-access-timestamp": "1706182847",
      "x-access-merchant-id": "p-1",
    });
    const digest = createHash("sha256").update(`${EXAMPLE_B_BASE64URL}1706182847`).digest();
    expect(verify("sha256", digest, ALERT_PUBLIC_PEM, Buffer.from(alert.signature, "base64url"))).toBe(true);
  });
});
