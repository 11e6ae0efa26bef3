import { z } from "zod";
import { AMOUNT_MAX, AMOUNT_MIN } from "@/lib/highhelp/schemas";
import { CURRENCIES, formatMinor, parseMajorToMinor } from "@/lib/money/amounts";

/* Field rules shared by the new-payin and new-payout forms. No Node-only imports. */

/** Optional free text: trimmed, empty means absent. */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Use at most ${max} characters.`)
    .transform((v) => (v === "" ? undefined : v))
    .optional();

/** Optional customer email, as both forms take it. */
export const optionalEmail = () => optionalText(255).pipe(z.email("Enter a valid email.").optional());

/** Optional ISO 3166 alpha-2 country code (KZ), as both forms take it. */
export const optionalCountry = () => optionalText(2).pipe(z.string().regex(/^[A-Z]{2}$/, "Two capital letters, e.g. KZ.").optional());

/** Why an amount typed in major units is not acceptable for HighHelp (1…10^13 minor units), or null. */
export function amountProblem(amount: unknown, currency: unknown): string | null {
  if (typeof amount !== "string") return "Enter an amount.";
  const code = typeof currency === "string" && (CURRENCIES as readonly string[]).includes(currency) ? currency : "KZT";
  const parsed = parseMajorToMinor(amount, code);
  if (!parsed.ok) return parsed.message;
  if (parsed.minor < BigInt(AMOUNT_MIN) || parsed.minor > BigInt(AMOUNT_MAX)) {
    return `Between ${formatMinor(AMOUNT_MIN, code)} and ${formatMinor(AMOUNT_MAX, code)}.`;
  }
  return null;
}

/** The minor units of an amount that passed amountProblem. */
export function amountMinor(amount: string, currency: string): number {
  const parsed = parseMajorToMinor(amount, currency);
  if (!parsed.ok) throw new Error("amountMinor called on an invalid amount");
  return Number(parsed.minor);
}
