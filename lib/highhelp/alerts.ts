/**
 * Zod schema for HighHelp's alert (callback) bodies: loose (HighHelp may add fields), but every value
 * the back-office stores is bounded so that a signed alert either fits the database or is refused
 * with a reason naming the field (docs/highhelp-decisions.md#alert-content-limits).
 */
import { z } from "zod";

import { AMOUNT_MAX, AMOUNT_MIN, CURRENCY_PATTERN, PROJECT_ID_MAX_LENGTH, URL_MAX_LENGTH } from "./fields";
import { STATUSES } from "./status";

/** payment_id is ≤ 255 in the docs; request_id is ≤ 32 there but kept as wide, since every example is a UUID. */
export const ALERT_ID_MAX_LENGTH = 255;
/** sub_status, type, payment_system: ≤ 32 in the docs, twice that accepted. */
export const ALERT_CODE_MAX_LENGTH = 64;
/** status_description is ≤ 1024 in the docs; a longer one is still no reason to refuse a status. */
export const ALERT_DESCRIPTION_MAX_LENGTH = 2048;
/** Requisites and instruction texts (bank names, holders, masked cards, instruction values). */
export const ALERT_TEXT_MAX_LENGTH = 255;
export const ALERT_DISPLAY_DATA_MAX_LENGTH = URL_MAX_LENGTH;
export const ALERT_DISPLAY_DATA_MAX_ITEMS = 100;
/** Unix seconds: after 1970, before 2106 (the database takes far more; a date beyond is a bug, not a payment). */
export const ALERT_DATE_MAX_SECONDS = 2 ** 32 - 1;
/**
 * Requests carry 300…600 s (LIFETIME_*); an alert may report what HighHelp applied (a cash-register
 * default, a payout without lifetime), so anything up to a day is accepted.
 */
export const ALERT_LIFETIME_MAX_SECONDS = 86_400;
/** H2H `method` and widget `widget_method` codes: known ones are kebab-case ASCII; new ones must look alike. */
export const METHOD_CODE_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

const text = (max: number) => z.string().max(max, `longer than ${max} characters`);
const nonEmptyText = (max: number) => text(max).min(1, "empty");
const nullableText = (max: number) => text(max).nullable().optional();
const integer = (min: number, max: number) =>
  z.number().int("not an integer").min(min, `below ${min}`).max(max, `above ${max}`).nullable().optional();

/** Minor units, 1 … 10^13 like requests. 0 is refused, also in a final `success` (see the decisions note). */
const amount = integer(AMOUNT_MIN, AMOUNT_MAX);
const date = integer(1, ALERT_DATE_MAX_SECONDS);
const currency = z.string().regex(CURRENCY_PATTERN, "not a three-letter currency code").nullable().optional();
const methodCode = z.string().regex(METHOD_CODE_PATTERN, "not a method code").nullable().optional();

const displayDataItemSchema = z
  .looseObject({
    type: text(ALERT_CODE_MAX_LENGTH),
    title: text(ALERT_CODE_MAX_LENGTH),
    data: z.union([text(ALERT_DISPLAY_DATA_MAX_LENGTH), z.number()]),
  })
  .superRefine((item, ctx) => {
    // valid_until becomes the application's expiry when expiration_date is absent.
    if (item.title === "valid_until" && typeof item.data === "number" && !isAlertDate(item.data)) {
      ctx.addIssue({ code: "custom", path: ["data"], message: "not a date in Unix seconds" });
    }
  });

function isAlertDate(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= ALERT_DATE_MAX_SECONDS;
}

const alertPaymentInfoSchema = z.looseObject({
  amount,
  old_amount: amount,
  initial_amount: amount,
  currency,
  lifetime: integer(0, ALERT_LIFETIME_MAX_SECONDS),
  expiration_date: date,
  created_date: date,
  updated_date: date,
  method: methodCode,
  payment_system: nullableText(ALERT_CODE_MAX_LENGTH),
  widget_method: methodCode,
  type: nullableText(ALERT_CODE_MAX_LENGTH),
});

const alertRequisitesSchema = z.looseObject({
  pan: nullableText(ALERT_TEXT_MAX_LENGTH),
  card_holder: nullableText(ALERT_TEXT_MAX_LENGTH),
  pan_hidden: nullableText(ALERT_TEXT_MAX_LENGTH),
  card_holder_hidden: nullableText(ALERT_TEXT_MAX_LENGTH),
  bank_name: nullableText(ALERT_TEXT_MAX_LENGTH),
  bank_country: nullableText(ALERT_TEXT_MAX_LENGTH),
  currency,
});

const alertIntegrationSchema = z.looseObject({
  form_url: nullableText(URL_MAX_LENGTH),
  redirect_url: nullableText(URL_MAX_LENGTH),
});

const alertAdditionalInfoSchema = z.looseObject({
  display_data: z.array(displayDataItemSchema).max(ALERT_DISPLAY_DATA_MAX_ITEMS, "too many items").optional(),
});

// A lone surrogate cannot be stored as UTF-8 (jsonb refuses its \u escape); nor can NUL (text and jsonb refuse it).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function textProblem(value: string): string | undefined {
  if (value.includes("\u0000")) return "contains a NUL character";
  if (LONE_SURROGATE.test(value)) return "contains a lone surrogate";
  return undefined;
}

/**
 * The first string or key anywhere in the body (unknown fields too: the whole body is stored) that
 * the database cannot hold, or a `__proto__` key. A bad key is reported at its object's path. Iterative,
 * so any nesting is safe.
 */
export function findUnstorableText(body: unknown): { path: Array<string | number>; message: string } | undefined {
  const stack: Array<{ value: unknown; path: Array<string | number> }> = [{ value: body, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value === "string") {
      const message = textProblem(value);
      if (message !== undefined) return { path, message };
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: [...path, i] });
    } else if (typeof value === "object" && value !== null) {
      const keys = Object.keys(value);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i]!;
        if (key === "__proto__") return { path: [...path, key], message: "a reserved key" };
        const keyProblem = textProblem(key);
        // The key itself stays out of the path: the reason is stored and logged. JSON.stringify escapes it.
        if (keyProblem !== undefined) return { path, message: `key ${JSON.stringify(key.slice(0, 32))} ${keyProblem}` };
        stack.push({ value: (value as Record<string, unknown>)[key], path: [...path, key] });
      }
    }
  }
  return undefined;
}

const alertBodySchema = z.looseObject({
  project_id: nonEmptyText(PROJECT_ID_MAX_LENGTH),
  general: z.looseObject({
    request_id: nonEmptyText(ALERT_ID_MAX_LENGTH),
    payment_id: nonEmptyText(ALERT_ID_MAX_LENGTH),
  }),
  status: z.looseObject({
    status: z.enum(STATUSES),
    sub_status: nullableText(ALERT_CODE_MAX_LENGTH),
    status_description: nullableText(ALERT_DESCRIPTION_MAX_LENGTH),
  }),
  payment_info: alertPaymentInfoSchema,
  recipient_requisites: alertRequisitesSchema.optional(),
  integration: alertIntegrationSchema.optional(),
  additional_info: alertAdditionalInfoSchema.optional(),
});

/**
 * A HighHelp alert body. Final alerts carry only `project_id`, `general`, `status` and
 * `payment_info`; informative ones add requisites, integration and instructions. The text check
 * runs on the body as received, before zod copies it (zod's copy silently drops `__proto__` keys).
 */
export const alertSchema = z
  .unknown()
  .superRefine((body, ctx) => {
    const problem = findUnstorableText(body);
    if (problem !== undefined) ctx.addIssue({ code: "custom", path: problem.path, message: problem.message });
  })
  .pipe(alertBodySchema);

export type HighHelpAlert = z.output<typeof alertSchema>;
