import { z } from "zod";
import { AMOUNT_MAX, AMOUNT_MIN, LIFETIME_MAX_SECONDS, LIFETIME_MIN_SECONDS } from "@/lib/highhelp/fields";
import { message, money } from "@/lib/i18n/message";
import { CURRENCIES, parseAmountInput } from "@/lib/money/amounts";

/*
 * The new-payin form, and the field rules the new-payout form (lib/payouts/schemas) shares with it.
 * Used by the browser and the server action: no Node-only imports. Messages are keys of
 * lib/i18n/messages (with their values: lib/i18n/message.ts), put into words for the reader by defineAction.
 */

/** Optional free text: trimmed, empty means absent. */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, message("validation.tooLong", { max }))
    .transform((v) => (v === "" ? undefined : v))
    .optional();

/** Optional customer email, as both forms take it. */
export const optionalEmail = () => optionalText(255).pipe(z.email("validation.email").optional());

/** Optional ISO 3166 alpha-2 country code (KZ), as both forms take it. */
export const optionalCountry = () =>
  optionalText(2).pipe(
    z
      .string()
      .regex(/^[A-Z]{2}$/, "validation.country")
      .optional(),
  );

/**
 * Why an amount typed in major units (as parseAmountInput reads it) is not acceptable for HighHelp
 * (1…10^13 minor units), as a message, or null.
 */
export function amountProblem(amount: unknown, currency: unknown): string | null {
  if (typeof amount !== "string") return "amount.errors.required";
  const code = typeof currency === "string" && (CURRENCIES as readonly string[]).includes(currency) ? currency : "KZT";
  const parsed = parseAmountInput(amount, code);
  if (!parsed.ok) return message(parsed.key, parsed.values);
  if (parsed.minor < BigInt(AMOUNT_MIN) || parsed.minor > BigInt(AMOUNT_MAX)) {
    return message("amount.errors.range", { min: money(AMOUNT_MIN, code), max: money(AMOUNT_MAX, code) });
  }
  return null;
}

/** The minor units of an amount that passed amountProblem. */
export function amountMinor(amount: string, currency: string): number {
  const parsed = parseAmountInput(amount, currency);
  if (!parsed.ok) throw new Error("amountMinor called on an invalid amount");
  return Number(parsed.minor);
}

/** Methods offered in the form; HighHelp may accept others per cash register. */
export const H2H_PAYIN_METHODS = ["card-p2p", "phone-p2p", "sbp-p2p", "international-card-p2p"] as const;
export const WIDGET_PAYIN_METHODS = [
  "payin-p2p-card",
  "payin-p2p-phone",
  "payin-p2p-sbp",
  "payin-qr-link-p2p",
  "payin-ecom-card",
] as const;

/**
 * The new-payin form, shared by the form and its server action. The amount is typed in major
 * units and converted to minor units exactly (lib/money), within HighHelp's 1…10^13.
 */
export const payinFormSchema = z
  .object({
    token: z.string().min(1),
    flow: z.enum(["p2p", "widget"]),
    /** The cash register (project_id); empty: the first active one serving the currency. */
    register: z.string().trim().max(64).optional(),
    method: z.string().trim(),
    /** P2P only: the payer's bank preselected (`bank_symbol`); empty: any bank. Checked against the register's list. */
    bankSymbol: z
      .string()
      .trim()
      .max(32, "payinForm.errors.bank")
      .optional()
      .transform((v) => (v ? v : undefined)),
    currency: z.enum(CURRENCIES, "validation.currency"),
    amount: z.string(),
    lifetime: z
      .string()
      .trim()
      .transform((v) => (v === "" ? undefined : Number(v)))
      .pipe(
        z
          .number("payinForm.errors.lifetimeWhole")
          .int("payinForm.errors.lifetimeWhole")
          .min(LIFETIME_MIN_SECONDS, message("payinForm.errors.lifetimeMin", { min: LIFETIME_MIN_SECONDS }))
          .max(LIFETIME_MAX_SECONDS, message("payinForm.errors.lifetimeMax", { max: LIFETIME_MAX_SECONDS }))
          .optional(),
      ),
    description: optionalText(255),
    customerId: optionalText(255),
    customerEmail: optionalEmail(),
    customerCountry: optionalCountry(),
  })
  // Checked even when other fields failed, so every field's message shows at once.
  .superRefine(
    (form, ctx) => {
      const methods: readonly string[] = form.flow === "widget" ? WIDGET_PAYIN_METHODS : H2H_PAYIN_METHODS;
      if (!methods.includes(form.method)) ctx.addIssue({ code: "custom", path: ["method"], message: "validation.method" });
      const problem = amountProblem(form.amount, form.currency);
      if (problem) ctx.addIssue({ code: "custom", path: ["amount"], message: problem });
    },
    { when: (payload) => typeof payload.value === "object" && payload.value !== null },
  )
  .transform((form) => ({ ...form, amount: amountMinor(form.amount, form.currency) }));

export type PayinForm = z.output<typeof payinFormSchema>;

/** A create form's token, to ask whether the form's application exists (after an interrupted submit). */
export const formTokenSchema = z.object({ token: z.string().min(1).max(200) });
