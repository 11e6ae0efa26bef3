import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";

import { diagnoseSignature, parseHttpCapture } from "./diagnose";
import { normalise } from "./normalise";
import { DIAGNOSE_USAGE, runDiagnoseCli, type DiagnoseCliIo, type QuarantinedAlert } from "./diagnose-cli";
import { signAlert, type SigningKey } from "./signer";
import {
  BOOLEAN_STYLES,
  DEFAULT_SIGNATURE_PROFILE,
  formatSignatureProfile,
  HASH_MODES,
  NULL_STYLES,
  SIGNATURE_ENCODINGS,
  type SignatureProfile,
} from "./signature-profile";
import { ALERT_PRIVATE_PEM, ALERT_PUBLIC_PEM, MERCHANT_PUBLIC_PEM, TEST_HMAC_SECRET } from "@/test/highhelp";
import { KZ_PAYIN_ALERT_AWAITING_CONFIRM } from "@/test/highhelp/samples";
import type { VerificationKey } from "./verify";

// Booleans, nulls and a normalised length not divisible by 3 make every option observable.
const ALERT = { ...KZ_PAYIN_ALERT_AWAITING_CONFIRM, flags: { is_test: true, is_retry: false } };
const TIMESTAMP = 1721647251;

const RSA: { signing: SigningKey; verifying: VerificationKey } = {
  signing: { kind: "rsa", privateKey: ALERT_PRIVATE_PEM },
  verifying: { kind: "rsa", publicKey: ALERT_PUBLIC_PEM },
};
const HMAC: { signing: SigningKey; verifying: VerificationKey } = {
  signing: { kind: "hmac", secret: TEST_HMAC_SECRET },
  verifying: { kind: "hmac", secret: TEST_HMAC_SECRET },
};

/** The default profile with exactly one option changed, for every non-default value. */
function oneOptionProfiles(): Array<{ label: string; profile: SignatureProfile }> {
  const out: Array<{ label: string; profile: SignatureProfile }> = [];
  const add = (overrides: Partial<SignatureProfile>) => {
    const profile = { ...DEFAULT_SIGNATURE_PROFILE, ...overrides };
    out.push({ label: formatSignatureProfile(profile), profile });
  };
  for (const booleans of BOOLEAN_STYLES.filter((v) => v !== "1/0")) add({ booleans });
  for (const nullText of NULL_STYLES.filter((v) => v !== "None")) add({ nullText });
  for (const hashing of HASH_MODES.filter((v) => v !== "double")) add({ hashing });
  add({ messagePadding: true });
  for (const signatureEncoding of SIGNATURE_ENCODINGS.filter((v) => v !== "base64url")) add({ signatureEncoding });
  return out;
}

function alertSignedWith(signing: SigningKey, profile: SignatureProfile, body: unknown = ALERT) {
  const { signature } = signAlert({ body, timestamp: TIMESTAMP, key: signing, profile });
  return { rawBody: JSON.stringify(body, null, 2), signature, timestamp: String(TIMESTAMP) };
}

/**
 * An alert on which `profile` is observable in every option: the normalised text must not be a
 * multiple of 3 bytes (else padding cannot matter) and the signature must contain a character
 * that differs between the Base64 alphabets. A filler field is grown until both hold.
 */
function distinguishingAlert(signing: SigningKey, profile: SignatureProfile) {
  for (let k = 0; k < 64; k++) {
    const body = { ...ALERT, filler: "x".repeat(k) };
    const alert = alertSignedWith(signing, { ...profile, signatureEncoding: "base64" }, body);
    if (Buffer.byteLength(normalise(body, profile)) % 3 !== 0 && /[+/]/.test(alert.signature)) {
      return alertSignedWith(signing, profile, body);
    }
  }
  throw new Error("no distinguishing filler found");
}

describe("diagnoseSignature finds the exact profile", () => {
  it("has a case for every non-default option", () => {
    expect(oneOptionProfiles()).toHaveLength(2 + 3 + 2 + 1 + 3);
  });

  it.each(oneOptionProfiles())("RSA, $label", ({ profile }) => {
    const report = diagnoseSignature({ ...distinguishingAlert(RSA.signing, profile), key: RSA.verifying });
    expect(report.ok).toBe(true);
    if (!report.ok) return;
    expect(report.verified).toBe(true);
    expect(report.matches.map((m) => m.profile)).toEqual([profile]);
    expect(report.recommended?.profile).toEqual(profile);
    expect(report.envLine).toBe(`HIGHHELP_SIGNATURE_PROFILE=${formatSignatureProfile(profile)}`);
    expect(report.undetermined).toEqual([]);
  });

  it.each(oneOptionProfiles().filter(({ profile }) => profile.hashing === "double"))("HMAC, $label", ({ profile }) => {
    const report = diagnoseSignature({ ...distinguishingAlert(HMAC.signing, profile), key: HMAC.verifying });
    expect(report.ok && report.matches.map((m) => m.profile)).toEqual([profile]);
  });

  it("finds the default profile, and a combination of several options", () => {
    const combo: SignatureProfile = {
      booleans: "True/False",
      nullText: "null",
      hashing: "single",
      messagePadding: true,
      signatureEncoding: "base64",
    };
    for (const profile of [DEFAULT_SIGNATURE_PROFILE, combo]) {
      const report = diagnoseSignature({ ...distinguishingAlert(RSA.signing, profile), key: RSA.verifying });
      expect(report.ok && report.matches.map((m) => m.profile)).toEqual([profile]);
    }
  });

  it("says which options an alert cannot pin down, recommending the default for them", () => {
    const body = { project_id: "p", general: { request_id: "r", payment_id: "x1" } }; // no booleans, no nulls
    const { signature } = signAlert({ body, timestamp: TIMESTAMP, key: RSA.signing });
    const report = diagnoseSignature({
      rawBody: JSON.stringify(body),
      signature,
      timestamp: String(TIMESTAMP),
      key: RSA.verifying,
    });
    expect(report.ok).toBe(true);
    if (!report.ok) return;
    expect(report.recommended?.profile).toEqual(DEFAULT_SIGNATURE_PROFILE);
    expect(report.undetermined).toEqual(expect.arrayContaining(["booleans", "nullText"]));
    expect(report.notes.join(" ")).toMatch(/no boolean/);
    expect(report.notes.join(" ")).toMatch(/no null/);
  });

  it("tries the HMAC key with its trailing newline removed", () => {
    const report = diagnoseSignature({
      ...alertSignedWith(HMAC.signing, DEFAULT_SIGNATURE_PROFILE),
      key: { kind: "hmac", secret: `${TEST_HMAC_SECRET}\n` },
    });
    expect(report.ok && report.recommended?.keyVariant).toBe("trailing whitespace trimmed");
  });

  it("reports no match for the wrong key, and input errors", () => {
    const alert = alertSignedWith(RSA.signing, DEFAULT_SIGNATURE_PROFILE);
    const wrong = diagnoseSignature({ ...alert, key: { kind: "rsa", publicKey: MERCHANT_PUBLIC_PEM } });
    expect(wrong).toMatchObject({ ok: true, verified: false, matches: [], recommended: undefined });
    expect(diagnoseSignature({ ...alert, rawBody: "{", key: RSA.verifying })).toMatchObject({
      ok: false,
      error: "malformed_json",
    });
    expect(diagnoseSignature({ ...alert, timestamp: "soon", key: RSA.verifying })).toMatchObject({
      ok: false,
      error: "invalid_timestamp",
    });
    expect(diagnoseSignature({ ...alert, signature: "", key: RSA.verifying })).toMatchObject({
      ok: false,
      error: "missing_signature",
    });
  });

  it("ignores the timestamp window but reports the drift", () => {
    const report = diagnoseSignature({
      ...alertSignedWith(RSA.signing, DEFAULT_SIGNATURE_PROFILE),
      key: RSA.verifying,
      nowSeconds: TIMESTAMP + 86_400 * 365,
    });
    expect(report).toMatchObject({ ok: true, verified: true, driftSeconds: 86_400 * 365 });
  });
});

describe("parseHttpCapture", () => {
  it("reads an optional request line, headers, and the body as is", () => {
    const body = '{"a": 1}\n';
    const capture = `POST /callbacks/highhelp HTTP/1.1\r\nHost: shop.example\r\nX-Access-Signature: abc\r\nx-access-timestamp: 1\r\n\r\n${body}`;
    expect(parseHttpCapture(capture)).toEqual({
      headers: { host: "shop.example", "x-access-signature": "abc", "x-access-timestamp": "1" },
      body,
    });
    expect(parseHttpCapture("x-access-signature: abc\n\n{}")).toEqual({ headers: { "x-access-signature": "abc" }, body: "{}" });
    expect(parseHttpCapture("no blank line")).toBeNull();
    expect(parseHttpCapture("not a header\n\n{}")).toBeNull();
  });
});

describe("diagnose CLI", () => {
  function run(argv: string[], files: Record<string, string>, quarantined: Record<number, QuarantinedAlert> = {}) {
    const out: string[] = [];
    const err: string[] = [];
    const io: DiagnoseCliIo = {
      readFile: (path) => {
        const content = files[path];
        if (content === undefined) throw new Error("ENOENT: no such file");
        return content;
      },
      quarantined: (id) => quarantined[id],
      out: (line) => out.push(line),
      err: (line) => err.push(line),
      nowSeconds: TIMESTAMP + 60,
    };
    const code = runDiagnoseCli(argv, io);
    return { code, out: out.join("\n"), err: err.join("\n") };
  }

  const profile: SignatureProfile = { ...DEFAULT_SIGNATURE_PROFILE, booleans: "true/false", nullText: "null" };
  const alert = alertSignedWith(RSA.signing, profile);
  const files = {
    "alert.http": `POST /cb HTTP/1.1\nContent-Type: application/json\nx-access-signature: ${alert.signature}\nx-access-timestamp: ${alert.timestamp}\n\n${alert.rawBody}`,
    "body.json": alert.rawBody,
    "headers.json": JSON.stringify({ "X-Access-Signature": alert.signature, "X-Access-Timestamp": alert.timestamp }),
    "alert.pem": ALERT_PUBLIC_PEM,
    "merchant.pem": MERCHANT_PUBLIC_PEM,
    "hmac.txt": `${TEST_HMAC_SECRET}\n`,
  };

  it("--help prints usage and exits 0", () => {
    expect(run(["--help"], {})).toMatchObject({ code: 0, out: DIAGNOSE_USAGE });
  });

  it("a raw request capture: prints the table and the variable, exits 0, never the key", () => {
    const result = run(["--request", "alert.http", "--rsa-public-key", "alert.pem"], files);
    expect(result.code).toBe(0);
    expect(result.out).toContain("Timestamp tolerance is NOT applied");
    expect(result.out).toContain(`HIGHHELP_SIGNATURE_PROFILE=${formatSignatureProfile(profile)}`);
    expect(result.out).toMatch(/true\/false\s+null\s+double\s+no\s+base64url\s+yes/);
    expect(result.out).toContain("(60 s ago)");
    const keyLine = ALERT_PUBLIC_PEM.split("\n")[1] ?? "";
    expect(result.out + result.err).not.toContain(keyLine);
  });

  it("--body with --signature/--timestamp or with --headers", () => {
    const explicit = run(
      ["--body", "body.json", "--signature", alert.signature, "--timestamp", alert.timestamp, "--rsa-public-key", "alert.pem"],
      files,
    );
    expect(explicit.code).toBe(0);
    const viaHeaders = run(["--body", "body.json", "--headers", "headers.json", "--rsa-public-key", "alert.pem", "--all"], files);
    expect(viaHeaders.code).toBe(0);
    expect(viaHeaders.out.split("\n").filter((line) => /\s(yes|no)(\s|$)/.test(line)).length).toBe(288);
  });

  it("--quarantine: a refused delivery kept whole in the quarantine; a truncated one is refused", () => {
    const body = JSON.stringify(ALERT);
    const row = (head: string, bytes: string): QuarantinedAlert => ({
      bodyHead: head,
      bodyBytes: Buffer.byteLength(bytes),
      bodySha256: createHash("sha256").update(bytes).digest("hex"),
      signatureHeader: alert.signature,
      headers: { "content-type": "application/json", "x-access-timestamp": alert.timestamp },
    });
    const long = `${body.slice(0, -1)},"padding":"${"x".repeat(3000)}"}`;
    const rows = { 7: row(body, body), 8: row(long.slice(0, 2048), long) };
    expect(run(["--quarantine", "7", "--rsa-public-key", "alert.pem"], files, rows)).toMatchObject({ code: 0 });
    expect(run(["--quarantine", "8", "--rsa-public-key", "alert.pem"], files, rows)).toMatchObject({
      code: 2,
      err: expect.stringContaining("first 2 KiB"),
    });
    expect(run(["--quarantine", "9", "--rsa-public-key", "alert.pem"], files, rows)).toMatchObject({
      code: 2,
      err: expect.stringContaining("no quarantined delivery 9"),
    });
  });

  it("exits 1 when nothing verifies", () => {
    const result = run(["--request", "alert.http", "--rsa-public-key", "merchant.pem"], files);
    expect(result.code).toBe(1);
    expect(result.out).toContain("No profile verifies");
  });

  it("HMAC key file, never printed", () => {
    const hmacAlert = alertSignedWith(HMAC.signing, DEFAULT_SIGNATURE_PROFILE);
    const result = run(
      [
        "--body",
        "body.json",
        "--signature",
        hmacAlert.signature,
        "--timestamp",
        hmacAlert.timestamp,
        "--hmac-key-file",
        "hmac.txt",
      ],
      { ...files, "body.json": hmacAlert.rawBody },
    );
    expect(result.code).toBe(0);
    expect(result.out).toContain("remove the trailing whitespace");
    expect(result.out + result.err).not.toContain(TEST_HMAC_SECRET);
  });

  it.each([
    [["--rsa-public-key", "alert.pem"], "exactly one of --request, --body or --quarantine"],
    [["--request", "alert.http"], "exactly one of --rsa-public-key or --hmac-key-file"],
    [
      ["--request", "alert.http", "--rsa-public-key", "alert.pem", "--hmac-key-file", "hmac.txt"],
      "exactly one of --rsa-public-key",
    ],
    [["--body", "body.json", "--rsa-public-key", "alert.pem"], "no signature"],
    [["--body", "body.json", "--signature", "abc", "--rsa-public-key", "alert.pem"], "no timestamp"],
    [["--request", "missing.http", "--rsa-public-key", "alert.pem"], "cannot read"],
    [["--request", "alert.http", "--rsa-public-key", "body.json"], "key could not be used"],
    [["--bogus"], "Unknown option"],
  ])("usage error %j exits 2", (argv, message) => {
    const result = run(argv, files);
    expect(result.code).toBe(2);
    expect(result.err).toContain(message);
  });
});
