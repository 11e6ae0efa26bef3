import { z } from "zod";
import { LIFETIME_MAX_SECONDS, LIFETIME_MIN_SECONDS } from "@/lib/highhelp/schemas";
import { CURRENCIES } from "@/lib/money/amounts";
import { amountMinor, amountProblem, optionalCountry, optionalEmail, optionalText } from "./form-fields";

/** Methods offered in the form (SPEC §8.1 / §8.2); HighHelp may accept others per cash register. */
export const H2H_PAYIN_METHODS = ["card-p2p", "phone-p2p", "sbp-p2p", "international-card-p2p"] as const;
export const WIDGET_PAYIN_METHODS = ["payin-p2p-card", "payin-p2p-phone", "payin-p2p-sbp", "payin-qr-link-p2p", "payin-ecom-card"] as const;

/**
 * The new-payin form, shared by the form and its server action. The amount is typed in major
 * units and converted to minor units exactly (lib/money), within HighHelp's 1…10^13.
 */
export const payinFormSchema = z
  .object({
    token: z.string().min(1),
    flow: z.enum(["p2p", "widget"]),
    method: z.string().trim(),
    currency: z.enum(CURRENCIES, "Choose a currency."),
    amount: z.string(),
    lifetime: z
      .string()
      .trim()
      .transform((v) => (v === "" ? undefined : Number(v)))
      .pipe(
        z
          .number("Enter whole seconds.")
          .int("Enter whole seconds.")
          .min(LIFETIME_MIN_SECONDS, `At least ${LIFETIME_MIN_SECONDS} seconds.`)
          .max(LIFETIME_MAX_SECONDS, `At most ${LIFETIME_MAX_SECONDS} seconds.`)
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
      if (!methods.includes(form.method)) ctx.addIssue({ code: "custom", path: ["method"], message: "Choose a method." });
      const problem = amountProblem(form.amount, form.currency);
      if (problem) ctx.addIssue({ code: "custom", path: ["amount"], message: problem });
    },
    { when: (payload) => typeof payload.value === "object" && payload.value !== null },
  )
  .transform((form) => ({ ...form, amount: amountMinor(form.amount, form.currency) }));


export type PayinForm = z.output<typeof payinFormSchema>;
