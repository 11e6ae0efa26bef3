/**
 * Zod schemas for the request bodies we send HighHelp (strict: unknown keys refused).
 * No Node-only imports, so forms can share them.
 *
 * Which request fields are required is not recoverable from the docs (docs/highhelp-decisions.md#request-fields-and-limits): only
 * the ids, amount, currency and the H2H method are required here, plus `receiver.pan` for
 * `card-p2p` payouts (stated by the docs).
 */
import { z } from "zod";

import {
  AMOUNT_MAX,
  AMOUNT_MIN,
  CARD_HOLDER_PATTERN,
  COUNTRY_PATTERN,
  CURRENCY_PATTERN,
  EXTRA_PARAM_PATTERN,
  LANGUAGE_PATTERN,
  LIFETIME_MAX_SECONDS,
  LIFETIME_MIN_SECONDS,
  PAN_PATTERN,
  PHONE_MAX_LENGTH,
  PHONE_PATTERN,
  phonePatternFor,
  PROJECT_ID_MAX_LENGTH,
  URL_MAX_LENGTH,
} from "./fields";

function isHttpsUrl(value: string): boolean {
  if (!/^https:\/\/[^\s/?#]/i.test(value)) return false;
  try {
    const url = new URL(value);
    return url.protocol === "https:" && url.hostname !== "";
  } catch {
    return false;
  }
}

function isIpAddress(value: string): boolean {
  return z.regexes.ipv4.test(value) || z.regexes.ipv6.test(value);
}

// ---------------------------------------------------------------------------------------------
// Request blocks

const httpsUrl = z.string().max(URL_MAX_LENGTH).refine(isHttpsUrl, { message: "must be an https:// URL" });
const code32 = z.string().min(1).max(32);
const projectId = z.string().min(1).max(PROJECT_ID_MAX_LENGTH);
const paymentId = z.string().min(1).max(255);
const amount = z.number().int().min(AMOUNT_MIN).max(AMOUNT_MAX);
const currency = z.string().regex(CURRENCY_PATTERN, { message: "must be an ISO 4217 alpha-3 code" });
const lifetime = z.number().int().min(LIFETIME_MIN_SECONDS).max(LIFETIME_MAX_SECONDS);
const description = z.string().max(255);
const extraParam = z.string().regex(EXTRA_PARAM_PATTERN, { message: "must match ^[A-Za-z0-9_-]{1,16}$" });
const pan = z.string().regex(PAN_PATTERN, { message: "must be 1-32 digits" });
const phone = z
  .string()
  .max(PHONE_MAX_LENGTH)
  .regex(PHONE_PATTERN, { message: "must be an international number: + and 7-15 digits" });
// The pattern bounds the length (1-255) too.
const cardHolder = z.string().regex(CARD_HOLDER_PATTERN, {
  message: "must be 1-255 Latin or Cyrillic letters, digits, spaces, - . '",
});

export const generalSchema = z.strictObject({
  project_id: projectId,
  payment_id: paymentId,
  merchant_callback_url: httpsUrl.optional(),
  merchant_success_callback_url: httpsUrl.optional(),
  merchant_decline_callback_url: httpsUrl.optional(),
  redirect_url: httpsUrl.optional(),
});

/** Payouts have no `redirect_url`. */
export const payoutGeneralSchema = generalSchema.omit({ redirect_url: true });

/** Body block of info / confirm / cancel. */
export const orderReferenceGeneralSchema = z.strictObject({ project_id: projectId, payment_id: paymentId });

/** Body block of balance and bank list. */
export const projectGeneralSchema = z.strictObject({ project_id: projectId });

/** H2H pay-in. */
export const payinPaymentSchema = z.strictObject({
  method: code32,
  payment_system: code32.optional(),
  amount,
  currency,
  lifetime: lifetime.optional(),
  bank_symbol: code32.optional(),
  description: description.optional(),
  extra_param: extraParam.optional(),
});

/** Payouts: no `lifetime`, no `bank_symbol`. */
export const payoutPaymentSchema = z.strictObject({
  method: code32,
  payment_system: code32.optional(),
  amount,
  currency,
  description: description.optional(),
  extra_param: extraParam.optional(),
});

/** Widget pay-ins pre-select a `widget_method` instead of an H2H `method`. */
export const widgetPaymentSchema = z.strictObject({
  widget_method: code32.optional(),
  amount,
  currency,
  lifetime: lifetime.optional(),
  description: description.optional(),
  extra_param: extraParam.optional(),
});

/** ECOM H2H: the pay-in payment block without the P2P-only `bank_symbol`. */
export const ecomPaymentSchema = payinPaymentSchema.omit({ bank_symbol: true });

export const senderSchema = z.strictObject({
  pan: pan.optional(),
  phone: phone.optional(),
  bank_symbol: code32.optional(),
  card_holder: cardHolder.optional(),
});

/** Widget pay-ins only pre-select the payer's bank. */
export const widgetSenderSchema = z.strictObject({ bank_symbol: code32.optional() });

/** `pan` becomes required for `card-p2p` (refined on the payout). */
export const receiverSchema = z.strictObject({
  pan: pan.optional(),
  phone: phone.optional(),
  card_holder: cardHolder.optional(),
});

export const customerSchema = z.strictObject({
  id: z.string().max(255).optional(),
  ip_address: z.string().max(255).refine(isIpAddress, { message: "must be an IPv4 or IPv6 address" }).optional(),
  first_name: z.string().max(255).optional(),
  last_name: z.string().max(255).optional(),
  customer_type: z.enum(["ftd", "trust"]).optional(),
  country: z.string().regex(COUNTRY_PATTERN, { message: "must be an ISO 3166-1 alpha-2 code" }).optional(),
  language: z.string().regex(LANGUAGE_PATTERN, { message: "must be an ISO 639-1 code" }).optional(),
  email: z.email().max(255).optional(),
  browser: z.string().max(512).optional(),
  device_type: z.string().max(512).optional(),
  user_agent: z.string().max(1024).optional(),
});

/** Payout customers carry no `customer_type` / `language`. */
export const payoutCustomerSchema = customerSchema.omit({ customer_type: true, language: true });

/** The fields the widget pages of the docs list. */
export const widgetCustomerSchema = customerSchema.pick({
  id: true,
  ip_address: true,
  country: true,
  language: true,
  customer_type: true,
  email: true,
});

interface GeoFields {
  payment?: { currency?: unknown };
  customer?: { country?: unknown };
}

function optionalString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** Applies the geo's phone pattern (PHONE_PATTERNS_BY_COUNTRY) to `<block>.phone`. */
function checkGeoPhone(block: "sender" | "receiver") {
  return (value: GeoFields & Partial<Record<typeof block, { phone?: unknown }>>, ctx: z.RefinementCtx) => {
    const phoneValue = value[block]?.phone;
    // A number that already fails the general pattern has its issue.
    if (typeof phoneValue !== "string" || !PHONE_PATTERN.test(phoneValue)) return;
    const country = optionalString(value.customer?.country);
    const pattern = phonePatternFor(country, optionalString(value.payment?.currency));
    if (pattern !== undefined && !pattern.test(phoneValue)) {
      ctx.addIssue({
        code: "custom",
        path: [block, "phone"],
        message: `must match ${pattern.source} for this country`,
      });
    }
  };
}

/** The docs: `receiver.pan` is required when `payment.method = "card-p2p"`. */
function requirePanForCardP2p(
  value: { payment?: { method?: unknown }; receiver?: { pan?: unknown } },
  ctx: z.RefinementCtx,
): void {
  if (value.payment?.method === "card-p2p" && value.receiver?.pan === undefined) {
    ctx.addIssue({ code: "custom", path: ["receiver", "pan"], message: "is required when payment.method is card-p2p" });
  }
}

// ---------------------------------------------------------------------------------------------
// Request bodies

/** POST /api/v1/payment/p2p/payin. */
export const p2pPayinCreateRequestSchema = z
  .strictObject({
    general: generalSchema,
    payment: payinPaymentSchema,
    sender: senderSchema.optional(),
    customer: customerSchema.optional(),
  })
  .superRefine(checkGeoPhone("sender"));

/** POST /api/v1/payment/p2p/payout. */
export const p2pPayoutCreateRequestSchema = z
  .strictObject({
    general: payoutGeneralSchema,
    receiver: receiverSchema,
    payment: payoutPaymentSchema,
    customer: payoutCustomerSchema.optional(),
  })
  .superRefine(requirePanForCardP2p)
  .superRefine(checkGeoPhone("receiver"));

/** POST /api/v1/widget/payin. */
export const widgetPayinCreateRequestSchema = z.strictObject({
  general: generalSchema,
  payment: widgetPaymentSchema,
  sender: widgetSenderSchema.optional(),
  customer: widgetCustomerSchema.optional(),
});

/**
 * POST /api/v1/payment/ecom/payin . The card block is undocumented (docs/highhelp-decisions.md#ecom-h2h-card-payments): it is
 * carried as an opaque object under `card` — a guess from the `card` block responses may carry;
 * rename it once the one-step page is obtained. It holds card data: PCI DSS scope, never log it.
 */
export const ecomPayinCreateRequestSchema = z.strictObject({
  general: generalSchema,
  payment: ecomPaymentSchema,
  card: z.record(z.string(), z.unknown()).optional(),
  customer: customerSchema.optional(),
});

/** info / confirm / cancel of any flow: `general{project_id, payment_id}`. */
export const orderReferenceRequestSchema = z.strictObject({ general: orderReferenceGeneralSchema });

/** POST /api/v1/balance/info. */
export const balanceInfoRequestSchema = z.strictObject({ general: projectGeneralSchema });

/** POST /api/v1/bank/all: body undocumented, `general{project_id}` is our reading (docs/highhelp-decisions.md#bank-list). */
export const bankListRequestSchema = z.strictObject({ general: projectGeneralSchema });

export type P2pPayinCreateRequest = z.input<typeof p2pPayinCreateRequestSchema>;
export type P2pPayoutCreateRequest = z.input<typeof p2pPayoutCreateRequestSchema>;
export type WidgetPayinCreateRequest = z.input<typeof widgetPayinCreateRequestSchema>;
export type EcomPayinCreateRequest = z.input<typeof ecomPayinCreateRequestSchema>;
export type OrderReferenceRequest = z.input<typeof orderReferenceRequestSchema>;
export type BalanceInfoRequest = z.input<typeof balanceInfoRequestSchema>;
export type BankListRequest = z.input<typeof bankListRequestSchema>;
