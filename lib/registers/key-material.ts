import "server-only";
import crypto from "node:crypto";
import type { RegisterAlgorithm } from "@/drizzle/schema";

/*
 * The keys a register holds, checked and fingerprinted before they are sealed. A request key signs
 * (RSA private key, or HMAC secret); an alert key verifies (RSA public key, or HMAC secret).
 * Fingerprints are what pages show instead of a key: `SHA256:<base64>` over the RSA public key's
 * DER (so a request key and the public half given to HighHelp share one fingerprint) or over the
 * HMAC secret's bytes.
 */

export type KeyUse = "request" | "alert";

export type CheckedKey = { ok: true; material: string; fingerprint: string } | { ok: false; problem: string };

function fingerprintOf(bytes: Buffer): string {
  return `SHA256:${crypto.createHash("sha256").update(bytes).digest("base64").replace(/=+$/, "")}`;
}

function rsaPublicFingerprint(key: crypto.KeyObject): string {
  return fingerprintOf(key.export({ type: "spki", format: "der" }));
}

/** PEM pasted into an environment variable often carries literal `\n`. */
function pemText(text: string): string {
  return text.replace(/\\n/g, "\n").trim();
}

/**
 * Checks that `text` is a usable key of `algorithm` for `use`. RSA keys come back as normalised PEM
 * (PKCS#8 for request keys, SPKI for alert keys); an HMAC secret as given, without surrounding
 * whitespace.
 */
export function checkKey(use: KeyUse, algorithm: RegisterAlgorithm, text: string): CheckedKey {
  if (algorithm === "hmac") {
    const secret = text.trim();
    if (secret === "") return { ok: false, problem: "registers.keyErrors.hmacEmpty" };
    if (/-----BEGIN /.test(secret)) return { ok: false, problem: "registers.keyErrors.hmacPem" };
    return { ok: true, material: secret, fingerprint: fingerprintOf(Buffer.from(secret, "utf8")) };
  }
  const pem = pemText(text);
  if (!/-----BEGIN [A-Z ]+-----/.test(pem)) return { ok: false, problem: "registers.keyErrors.notPem" };
  if (use === "request") {
    let key: crypto.KeyObject;
    try {
      key = crypto.createPrivateKey(pem);
    } catch {
      return { ok: false, problem: "registers.keyErrors.badPrivate" };
    }
    if (key.asymmetricKeyType !== "rsa") return { ok: false, problem: "registers.keyErrors.notRsa" };
    return {
      ok: true,
      material: key.export({ type: "pkcs8", format: "pem" }).toString(),
      fingerprint: rsaPublicFingerprint(crypto.createPublicKey(key)),
    };
  }
  if (/PRIVATE KEY/.test(pem)) return { ok: false, problem: "registers.keyErrors.privateForAlerts" };
  let key: crypto.KeyObject;
  try {
    key = crypto.createPublicKey(pem);
  } catch {
    return { ok: false, problem: "registers.keyErrors.badPublic" };
  }
  if (key.asymmetricKeyType !== "rsa") return { ok: false, problem: "registers.keyErrors.notRsa" };
  return { ok: true, material: key.export({ type: "spki", format: "pem" }).toString(), fingerprint: rsaPublicFingerprint(key) };
}
