import { describe, expect, it } from "vitest";
import { MERCHANT_PRIVATE_PEM, MERCHANT_PUBLIC_PEM } from "@/test/highhelp";
import { translateText } from "@/lib/i18n/translate";
import { checkKey } from "./key-material";

describe("register keys", () => {
  it("gives a request key and its public half, given to HighHelp, one fingerprint", () => {
    const request = checkKey("request", "rsa", MERCHANT_PRIVATE_PEM);
    const alert = checkKey("alert", "rsa", MERCHANT_PUBLIC_PEM);
    expect(request).toMatchObject({ ok: true, fingerprint: expect.stringMatching(/^SHA256:[A-Za-z0-9+/]{43}$/) });
    expect(alert.ok && request.ok && alert.fingerprint === request.fingerprint).toBe(true);
  });

  it("takes PEM with literal \\n (pasted from an environment variable)", () => {
    expect(checkKey("request", "rsa", MERCHANT_PRIVATE_PEM.replace(/\n/g, "\\n")).ok).toBe(true);
  });

  it.each([
    ["request", "rsa", MERCHANT_PUBLIC_PEM, /not a readable RSA private key/],
    ["alert", "rsa", MERCHANT_PRIVATE_PEM, /private key/],
    ["request", "rsa", "just text", /PEM/],
    ["request", "hmac", MERCHANT_PRIVATE_PEM, /plain text/],
    ["alert", "hmac", "  ", /Enter the HMAC key/],
  ] as const)("refuses a %s key of %s: %s", (use, algorithm, text, problem) => {
    const result = checkKey(use, algorithm, text);
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : translateText("en", result.problem)).toMatch(problem);
  });

  it("fingerprints an HMAC secret without its surrounding whitespace", () => {
    const a = checkKey("alert", "hmac", "secret\n");
    const b = checkKey("request", "hmac", "secret");
    expect(a).toEqual(b);
    expect(a).toMatchObject({ ok: true, material: "secret" });
  });
});
