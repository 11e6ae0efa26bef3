import "server-only";
import { env, type Env } from "./env";

/*
 * The per-request security headers set by proxy.ts. The headers that need no request
 * (nosniff, frame options, referrer and permissions policy) are static, in next.config.mjs, so they
 * also reach the responses the proxy never sees (HighHelp callbacks, static files).
 */

export type SecurityOptions = {
  /** `next dev`: React needs eval to rebuild server error stacks in the browser. */
  dev: boolean;
  /** Production behind an https public URL: HSTS and upgrade-insecure-requests. */
  https: boolean;
};

/** From the validated environment: https only when NODE_ENV=production and APP_PUBLIC_URL is https. */
export function securityOptions(source: Pick<Env, "NODE_ENV" | "isProduction" | "APP_PUBLIC_URL"> = env): SecurityOptions {
  return {
    dev: source.NODE_ENV === "development",
    https: source.isProduction && (source.APP_PUBLIC_URL?.startsWith("https://") ?? false),
  };
}

/** 128 random bits, base64: unpredictable and fresh for every request. */
export function createNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

/**
 * The page CSP. Scripts: only this origin's files and inline scripts carrying this request's
 * nonce (Next.js reads it from the request's CSP header and puts it on its own scripts), so markup
 * that slipped into a page cannot run script. Styles allow inline style attributes (React, Next's
 * route announcer, sonner's injected stylesheet): a nonce in style-src would disable that.
 */
export function contentSecurityPolicy(nonce: string, options: SecurityOptions): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'${options.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "frame-src 'none'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(options.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** Two years, this host and its subdomains; only ever sent over https in production. */
export const HSTS = "max-age=63072000; includeSubDomains";

export function strictTransportSecurity(options: SecurityOptions): string | null {
  return options.https ? HSTS : null;
}
