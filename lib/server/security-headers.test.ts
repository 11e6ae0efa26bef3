import { getScriptNonceFromHeader } from "next/dist/server/app-render/get-script-nonce-from-header";
import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, createNonce, HSTS, securityOptions, strictTransportSecurity } from "./security-headers";

const directives = (csp: string) => new Map(csp.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1)] as const));

describe("securityOptions", () => {
  it("turns https on only in production behind an https public URL", () => {
    expect(securityOptions({ NODE_ENV: "production", isProduction: true, APP_PUBLIC_URL: "https://bo.example.com" })).toEqual({
      dev: false,
      https: true,
    });
    expect(securityOptions({ NODE_ENV: "production", isProduction: true, APP_PUBLIC_URL: "http://127.0.0.1:3100" })).toEqual({
      dev: false,
      https: false,
    });
    expect(securityOptions({ NODE_ENV: "production", isProduction: true, APP_PUBLIC_URL: undefined })).toEqual({
      dev: false,
      https: false,
    });
    expect(securityOptions({ NODE_ENV: "development", isProduction: false, APP_PUBLIC_URL: "https://bo.example.com" })).toEqual({
      dev: true,
      https: false,
    });
    expect(securityOptions({ NODE_ENV: "test", isProduction: false, APP_PUBLIC_URL: "https://bo.example.com" })).toEqual({
      dev: false,
      https: false,
    });
  });
});

describe("createNonce", () => {
  it("is 128 random bits in base64, different every time", () => {
    const nonces = new Set(Array.from({ length: 100 }, createNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });
});

describe("contentSecurityPolicy", () => {
  const nonce = createNonce();

  it("allows scripts from this origin and this request's nonce only, never inline or eval in production", () => {
    const csp = contentSecurityPolicy(nonce, { dev: false, https: false });
    const d = directives(csp);
    expect(d.get("script-src")).toEqual(["'self'", `'nonce-${nonce}'`]);
    expect(csp).not.toContain("unsafe-eval");
    expect(d.get("script-src")).not.toContain("'unsafe-inline'");
    expect(d.get("frame-ancestors")).toEqual(["'none'"]);
    expect(d.get("object-src")).toEqual(["'none'"]);
    expect(d.get("base-uri")).toEqual(["'self'"]);
    expect(d.get("form-action")).toEqual(["'self'"]);
    expect(d.get("connect-src")).toEqual(["'self'"]);
    expect(d.get("img-src")).toEqual(["'self'", "data:"]);
    expect(d.get("default-src")).toEqual(["'self'"]);
    expect(d.has("upgrade-insecure-requests")).toBe(false);
  });

  it("is the header Next.js takes its script nonce from", () => {
    expect(getScriptNonceFromHeader(contentSecurityPolicy(nonce, { dev: false, https: true }))).toBe(nonce);
    expect(getScriptNonceFromHeader(contentSecurityPolicy(nonce, { dev: true, https: false }))).toBe(nonce);
  });

  it("adds eval for next dev, and upgrade-insecure-requests over https", () => {
    expect(directives(contentSecurityPolicy(nonce, { dev: true, https: false })).get("script-src")).toEqual([
      "'self'",
      `'nonce-${nonce}'`,
      "'unsafe-eval'",
    ]);
    expect(directives(contentSecurityPolicy(nonce, { dev: false, https: true })).has("upgrade-insecure-requests")).toBe(true);
  });
});

describe("strictTransportSecurity", () => {
  it("is sent over https only", () => {
    expect(strictTransportSecurity({ dev: false, https: true })).toBe(HSTS);
    expect(strictTransportSecurity({ dev: false, https: false })).toBeNull();
  });
});
