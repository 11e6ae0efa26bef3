import "server-only";
import crypto from "node:crypto";
import { utcIsoDay } from "@/lib/dates/utc";

/*
 * Every random identifier and secret the back office makes, one function per kind. All draw from
 * crypto.randomBytes; a byte modulo 32 is unbiased (256 is a multiple of 32).
 */

function randomCode(length: number, alphabet: string): string {
  return Array.from(crypto.randomBytes(length), (b) => alphabet[b % alphabet.length]).join("");
}

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"; // base32 without I, L, O, U
const PASSWORD_LETTERS = "abcdefghjkmnpqrstuvwxyz23456789AB"; // 32 letters, no look-alikes (i, l, o, 0, 1)

/** `PI-20261123-7KQ3M2ZC9X`: readable, sortable by day, unique (50 random bits). */
export function newPaymentId(prefix: "PI" | "PO", now = new Date()): string {
  const day = utcIsoDay(now).replaceAll("-", "");
  return `${prefix}-${day}-${randomCode(10, CROCKFORD)}`;
}

/** 20 characters from a 32-letter alphabet (100 bits): handed over once, changed at first sign-in. */
export function oneTimePassword(): string {
  return randomCode(20, PASSWORD_LETTERS);
}

/** A random secret or generated password as base64url text (`bytes` of entropy). */
export function randomSecret(bytes = 32): string {
  return crypto.randomBytes(bytes).toString("base64url");
}

/** Lower-case hex, safe in a database or file name (throwaway test and bench databases). */
export function randomSuffix(bytes = 4): string {
  return crypto.randomBytes(bytes).toString("hex");
}
