import { decodeBase32IgnorePadding, encodeBase32UpperCaseNoPadding } from "@oslojs/encoding";
import { createTOTPKeyURI, generateHOTP } from "@oslojs/otp";

/*
 * Time-based one-time passwords (RFC 6238): HMAC-SHA-1, 30-second steps, 6 digits, what every
 * authenticator app shows by default. A code is accepted one step either side of the server's clock
 * (phone clocks drift), and only in a step newer than the last one accepted for the account, so a code
 * seen over someone's shoulder cannot be used again. Pure: the database side is lib/accounts/second-factor.ts.
 */

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Steps accepted either side of the current one. */
export const TOTP_WINDOW_STEPS = 1;
const SECRET_BYTES = 20;

/** A fresh secret, as the base32 text authenticator apps take. */
export function newTotpSecret(): string {
  return encodeBase32UpperCaseNoPadding(globalThis.crypto.getRandomValues(new Uint8Array(SECRET_BYTES)));
}

export function totpKey(secret: string): Uint8Array {
  return decodeBase32IgnorePadding(secret.replace(/\s+/g, "").toUpperCase());
}

export function totpStep(nowMs: number): number {
  return Math.floor(nowMs / 1000 / TOTP_PERIOD_SECONDS);
}

/** The code an authenticator app shows at `nowMs`. */
export function totpCode(secret: string, nowMs: number = Date.now()): string {
  return generateHOTP(totpKey(secret), BigInt(totpStep(nowMs)), TOTP_DIGITS);
}

/**
 * The step `code` belongs to, within the window around `nowMs` and after `lastUsedStep`; null when it
 * is no such code (wrong, too old, too new, or already used).
 */
export function matchTotpStep(secret: string, code: string, nowMs: number, lastUsedStep: number | null): number | null {
  const typed = code.replace(/\s+/g, "");
  if (!new RegExp(`^\\d{${TOTP_DIGITS}}$`).test(typed)) return null;
  const key = totpKey(secret);
  const now = totpStep(nowMs);
  for (let step = now - TOTP_WINDOW_STEPS; step <= now + TOTP_WINDOW_STEPS; step += 1) {
    if (lastUsedStep !== null && step <= lastUsedStep) continue;
    if (timingSafeEqual(generateHOTP(key, BigInt(step), TOTP_DIGITS), typed)) return step;
  }
  return null;
}

/** The otpauth:// URI a QR code carries. */
export function totpUri(issuer: string, account: string, secret: string): string {
  return createTOTPKeyURI(issuer, account, totpKey(secret), TOTP_PERIOD_SECONDS, TOTP_DIGITS);
}

function timingSafeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i += 1) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
