import "server-only";
import { message } from "@/lib/i18n/message";
import { hash, verify } from "@node-rs/argon2";

// argon2id with the library defaults (m=19 MiB, t=2, p=1: OWASP's baseline); ~11 ms here.
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false; // a malformed hash never matches
  }
}

/**
 * The password policy, NIST SP 800-63B style: long rather than complex, no obviously
 * guessable ones, nothing built from the account's own email.
 */
export const PASSWORD_MIN_LENGTH = 12;

const COMMON = new Set([
  "password1234",
  "password12345",
  "passwordpassword",
  "123456789012",
  "1234567890123",
  "qwertyuiop12",
  "qwertyuiopasdf",
  "iloveyou1234",
  "administrator",
  "adminadmin123",
  "letmein12345",
  "welcome12345",
  "changeme1234",
  "backoffice123",
  "highhelp1234",
]);

export function passwordProblem(password: string, email?: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return message("accounts.errors.passwordShort", { min: PASSWORD_MIN_LENGTH });
  if (password.length > 256) return "accounts.errors.max256";
  const lower = password.toLowerCase();
  if (COMMON.has(lower) || /^(.)\1+$/.test(password) || /^(0123456789|1234567890|abcdefghij)/.test(lower)) {
    return "accounts.errors.passwordEasy";
  }
  const local = email?.split("@")[0]?.toLowerCase();
  if (local && local.length >= 4 && lower.includes(local)) return "accounts.errors.passwordFromEmail";
  return null;
}
