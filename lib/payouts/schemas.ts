import { z } from "zod";
import { amountMinor, amountProblem, optionalCountry, optionalEmail, optionalText } from "@/lib/applications/schemas";
import { CARD_HOLDER_PATTERN, COUNTRY_BY_CURRENCY, PHONE_PATTERN, phonePatternFor } from "@/lib/highhelp/fields";
import { passesLuhn } from "@/lib/highhelp/redact";
import { message } from "@/lib/i18n/message";
import { CURRENCIES } from "@/lib/money/amounts";

/*
 * The new-payout form, shared by the browser (review step) and the server action.
 * No Node-only imports. Amounts are typed in major units and converted exactly (lib/money).
 * Messages are keys of lib/i18n/messages (lib/applications/schemas.ts).
 */

/** Payout methods offered: card number first, then phone (`label`: a message key). */
export const PAYOUT_METHODS = [
  { value: "card-p2p", label: "payoutForm.methods.card", receiver: "card" },
  { value: "phone-p2p", label: "payoutForm.methods.phone", receiver: "phone" },
  { value: "sbp-p2p", label: "payoutForm.methods.sbp", receiver: "phone" },
] as const;
export type PayoutMethod = (typeof PAYOUT_METHODS)[number]["value"];

export function receiverKind(method: string): "card" | "phone" | undefined {
  return PAYOUT_METHODS.find((m) => m.value === method)?.receiver;
}

/** Digits of a typed card number ("4400 4301 …" or with dashes), or null when other characters are in it. */
export function cardDigits(input: string): string | null {
  const digits = input.replace(/[\s-]/g, "");
  return /^\d*$/.test(digits) ? digits : null;
}

/** Why a typed card number cannot be a card (13-19 digits, Luhn), or null when it can. */
export function cardNumberProblem(input: string): string | null {
  const digits = cardDigits(input);
  if (input.trim() === "") return "cardNumber.errors.required";
  if (digits === null) return "cardNumber.errors.digits";
  if (digits.length < 13 || digits.length > 19) return "cardNumber.errors.length";
  if (!passesLuhn(digits)) return "cardNumber.errors.checkDigit";
  return null;
}

export const payoutFormSchema = z
  .object({
    token: z.string().min(1),
    method: z.string().trim(),
    /** The cash register (project_id); empty: the first active one serving the currency. */
    register: z.string().trim().max(64).optional(),
    pan: z.string().optional(),
    // "+7 700 123-45-67" as people type it; sent as +77001234567.
    phone: z
      .string()
      .transform((v) => v.replace(/[\s\-()]/g, ""))
      .optional(),
    cardHolder: optionalText(255).pipe(z.string().regex(CARD_HOLDER_PATTERN, "payoutForm.errors.cardHolder").optional()),
    currency: z.enum(CURRENCIES, "validation.currency"),
    amount: z.string(),
    description: optionalText(255),
    customerId: optionalText(255),
    customerFirstName: optionalText(255),
    customerLastName: optionalText(255),
    customerEmail: optionalEmail(),
    customerCountry: optionalCountry(),
  })
  // Checked even when other fields failed, so every field's message shows at once.
  .superRefine(
    (form, ctx) => {
      const kind = receiverKind(form.method);
      if (!kind) ctx.addIssue({ code: "custom", path: ["method"], message: "validation.method" });
      if (kind === "card") {
        const problem = cardNumberProblem(form.pan ?? "");
        if (problem) ctx.addIssue({ code: "custom", path: ["pan"], message: problem });
      }
      if (kind === "phone") {
        const problem = phoneProblem(form.phone ?? "", form.customerCountry, form.currency);
        if (problem) ctx.addIssue({ code: "custom", path: ["phone"], message: problem });
      }
      const problem = amountProblem(form.amount, form.currency);
      if (problem) ctx.addIssue({ code: "custom", path: ["amount"], message: problem });
    },
    { when: (payload) => typeof payload.value === "object" && payload.value !== null },
  )
  .transform((form) => {
    const kind = receiverKind(form.method)!;
    return {
      ...form,
      method: form.method as PayoutMethod,
      pan: kind === "card" ? cardDigits(form.pan ?? "")! : undefined,
      phone: kind === "phone" ? form.phone : undefined,
      amount: amountMinor(form.amount, form.currency),
    };
  });

export type PayoutForm = z.output<typeof payoutFormSchema>;

/** What a person reads when a phone misses its country's pattern (PHONE_PATTERNS_BY_COUNTRY). */
const PHONE_HINTS: Readonly<Record<string, string>> = {
  KZ: "payoutForm.errors.phoneKz",
};

function phoneProblem(phone: string, country: unknown, currency: unknown): string | null {
  if (phone === "") return "payoutForm.errors.phoneRequired";
  if (!PHONE_PATTERN.test(phone)) return "payoutForm.errors.phoneFormat";
  const geo = typeof country === "string" && /^[A-Z]{2}$/.test(country) ? country : COUNTRY_BY_CURRENCY[String(currency)];
  const pattern = phonePatternFor(geo, undefined);
  if (pattern && !pattern.test(phone)) return PHONE_HINTS[geo!] ?? message("payoutForm.errors.phoneCountry", { country: geo! });
  return null;
}
