import "server-only";
import crypto from "node:crypto";
import { getAuthSecret } from "@/lib/server/auth-secret";

/*
 * A payment_id is generated on the server when a create form opens and travels with the form
 * (so it is sent at most once). The token proves the id came from us, so a tampered form cannot
 * reuse someone else's payment_id or pick its own.
 */

function mac(paymentId: string): string {
  return crypto.createHmac("sha256", getAuthSecret()).update(`payment-id:${paymentId}`).digest("base64url");
}

export function formToken(paymentId: string): string {
  return `${paymentId}.${mac(paymentId)}`;
}

/** The payment_id inside a token, or null when the token was not made here. */
export function paymentIdFromToken(token: unknown): string | null {
  if (typeof token !== "string") return null;
  const dot = token.lastIndexOf(".");
  if (dot <= 0) return null;
  const paymentId = token.slice(0, dot);
  const expected = Buffer.from(mac(paymentId));
  const given = Buffer.from(token.slice(dot + 1));
  return expected.length === given.length && crypto.timingSafeEqual(expected, given) ? paymentId : null;
}
