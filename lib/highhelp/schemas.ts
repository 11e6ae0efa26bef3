/**
 * Zod schemas for HighHelp requests (strict: unknown keys refused), responses and alerts (loose:
 * unknown fields accepted, the fields we use type-checked). No Node-only imports, so forms can
 * share them.
 *
 * Which request fields are required is not recoverable from the docs: only the ids, amount,
 * currency and the H2H method are required here, plus `receiver.pan` for `card-p2p` payouts
 * (stated by the docs). The limits below are readings too: docs/highhelp-decisions.md#request-fields-and-limits.
 */
import { z } from "zod";

import { STATUSES } from "./status";

// ---------------------------------------------------------------------------------------------
// Limits and patterns (readings: docs/highhelp-decisions.md#amounts-and-currencies, #lifetime)

export const AMOUNT_MIN = 1;
export const AMOUNT_MAX = 10_000_000_000_000;
export const LIFETIME_MIN_SECONDS = 300;
export const LIFETIME_MAX_SECONDS = 600;
export const URL_MAX_LENGTH = 2048;
/** The docs say ≤ 32 but every example is a 36-char UUID. */
export const PROJECT_ID_MAX_LENGTH = 64;

export const CURRENCY_PATTERN = /^[A-Z]{3}$/;
export const COUNTRY_PATTERN = /^[A-Z]{2}$/;
export const LANGUAGE_PATTERN = /^[a-z]{2}$/;
export const EXTRA_PARAM_PATTERN = /^[A-Za-z0-9_-]{1,16}$/;
/** `string<pan>` ≤ 32: digits only (our reading; the docs give no pattern). */
export const PAN_PATTERN = /^\d{1,32}$/;
/**
 * The card holder class is garbled in every copy of the docs (`[a-zA-Z - - ҐґЇїІіЄє0-9\s\-.']`);
 * our reading, from its prose: Latin and Cyrillic letters incl. Ukrainian ҐґЇїІіЄє, digits,
 * whitespace, `-`, `.`, `'`; 1-255 characters.
 */
export const CARD_HOLDER_PATTERN = /^[a-zA-Zа-яА-ЯёЁҐґЇїІіЄє0-9\s\-.']{1,255}$/;
/** Any phone: E.164 with the leading `+`. Per-country patterns below tighten it. */
export const PHONE_PATTERN = /^\+\d{7,15}$/;
export const PHONE_MAX_LENGTH = 24;

/**
 * Phone patterns per country (ISO alpha-2). Only Kazakhstan's is documented;
 * add geos here as their pages are obtained.
 */
export const PHONE_PATTERNS_BY_COUNTRY: Readonly<Record<string, RegExp>> = {
  KZ: /^\+7\d{10}$/,
};

/** Country of each currency met in the docs, to find the geo when `customer.country` is absent. */
export const COUNTRY_BY_CURRENCY: Readonly<Record<string, string>> = {
  KZT: "KZ",
  KGS: "KG",
  RUB: "RU",
  AZN: "AZ",
  TJS: "TJ",
  ARS: "AR",
  UZS: "UZ",
};

/** The phone pattern for a request's geo: `customer.country` first, else the currency's country. */
export function phonePatternFor(country: string | undefined, currency: string | undefined): RegExp | undefined {
  const geo = country ?? (currency === undefined ? undefined : COUNTRY_BY_CURRENCY[currency]);
  return geo === undefined ? undefined : PHONE_PATTERNS_BY_COUNTRY[geo];
}

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

const httpsUrl = z
  .string()
  .max(URL_MAX_LENGTH)
  .refine(isHttpsUrl, { message: "must be an https:// URL" });
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
 * POST /api/v1/payment/ecom/payin. The card block is undocumented (docs/highhelp-decisions.md#ecom-h2h-card-payments):
 * it is carried as an opaque object under `card` — a guess from the `card` block responses may carry;
 * rename it once the docs show it. It holds card data: PCI DSS scope, never log it.
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

// ---------------------------------------------------------------------------------------------
// Responses (loose)

const nullableString = z.string().nullable();
const nullableInt = z.number().int().nullable();

/** One payment-instruction attribute (docs/highhelp-protocol.md#payer-instructions). */
export const displayDataItemSchema = z.looseObject({
  type: z.string(),
  title: z.string(),
  data: z.union([z.string(), z.number()]),
});

export const paymentInfoSchema = z.looseObject({
  amount: nullableInt.optional(),
  old_amount: nullableInt.optional(),
  initial_amount: nullableInt.optional(),
  currency: nullableString.optional(),
  lifetime: nullableInt.optional(),
  expiration_date: nullableInt.optional(),
  created_date: nullableInt.optional(),
  updated_date: nullableInt.optional(),
  method: nullableString.optional(),
  payment_system: nullableString.optional(),
  widget_method: nullableString.optional(),
  type: nullableString.optional(),
});

export const integrationSchema = z.looseObject({
  form_url: nullableString.optional(),
  redirect_url: nullableString.optional(),
});

/** H2H: full `pan` / `card_holder`; widget alerts: `pan_hidden` / `card_holder_hidden`. */
export const recipientRequisitesSchema = z.looseObject({
  pan: nullableString.optional(),
  card_holder: nullableString.optional(),
  pan_hidden: nullableString.optional(),
  card_holder_hidden: nullableString.optional(),
  bank_name: nullableString.optional(),
  bank_country: nullableString.optional(),
  currency: nullableString.optional(),
});

export const senderInfoSchema = z.looseObject({
  pan_hidden: nullableString.optional(),
  card_holder_hidden: nullableString.optional(),
});

export const additionalInfoSchema = z.looseObject({
  display_data: z.array(displayDataItemSchema).optional(),
});

const statusSchema = z.enum(STATUSES);

/**
 * Every payment endpoint (create, info, confirm, cancel) answers this envelope;
 * ids are optional because a business `error` may come back before an order exists.
 */
export const paymentResponseSchema = z.looseObject({
  status: statusSchema,
  sub_status: nullableString.optional(),
  status_description: nullableString.optional(),
  request_id: z.string().optional(),
  project_id: z.string().optional(),
  payment_id: z.string().optional(),
  integration: integrationSchema.optional(),
  payment_info: paymentInfoSchema.optional(),
  recipient_requisites: recipientRequisitesSchema.optional(),
  sender: senderInfoSchema.optional(),
  additional_info: additionalInfoSchema.optional(),
  display_data: z.array(displayDataItemSchema).optional(),
});

/** One entry per currency, minor units. */
export const balanceResponseSchema = z.looseObject({
  balance: z.array(
    z.looseObject({
      currency: z.string(),
      amount: z.number().int(),
      locked_amount: z.number().int(),
    }),
  ),
});

const bankItemSchema = z
  .looseObject({
    symbol: z.string().optional(),
    bank_symbol: z.string().optional(),
    code: z.string().optional(),
    name: nullableString.optional(),
    title: nullableString.optional(),
    bank_name: nullableString.optional(),
  })
  .refine((item) => (item.symbol ?? item.bank_symbol ?? item.code) !== undefined, {
    message: "a bank needs a symbol, bank_symbol or code",
  });

export interface BankListItem {
  /** The value for `bank_symbol` (e.g. `kaspi-kzt`). */
  symbol: string;
  name: string | null;
  /** The entry as received. */
  raw: Record<string, unknown>;
}

/**
 * `/api/v1/bank/all` answers an undocumented shape. Accepted, loosely: an array of bank
 * objects, or an object holding that array under `banks`, `data`, `items` or `result`; each bank
 * needs a `symbol` / `bank_symbol` / `code`, and may have a `name` / `title` / `bank_name`.
 */
export const bankListResponseSchema = z
  .union([
    z.array(bankItemSchema),
    z.looseObject({ banks: z.array(bankItemSchema) }),
    z.looseObject({ data: z.array(bankItemSchema) }),
    z.looseObject({ items: z.array(bankItemSchema) }),
    z.looseObject({ result: z.array(bankItemSchema) }),
  ])
  .transform((value): { banks: BankListItem[] } => ({
    banks: bankItems(value).map((item) => ({
      symbol: item.symbol ?? item.bank_symbol ?? item.code ?? "",
      name: item.name ?? item.title ?? item.bank_name ?? null,
      raw: item,
    })),
  }));

type BankItem = z.output<typeof bankItemSchema>;

function bankItems(value: BankItem[] | Record<string, unknown>): BankItem[] {
  if (Array.isArray(value)) return value;
  for (const key of ["banks", "data", "items", "result"]) {
    const list = value[key];
    if (Array.isArray(list)) return list as BankItem[];
  }
  return [];
}

export type DisplayDataItem = z.output<typeof displayDataItemSchema>;
export type PaymentInfo = z.output<typeof paymentInfoSchema>;
export type PaymentResponse = z.output<typeof paymentResponseSchema>;
export type BalanceResponse = z.output<typeof balanceResponseSchema>;
export type BankListResponse = z.output<typeof bankListResponseSchema>;

// ---------------------------------------------------------------------------------------------
// Alerts

/**
 * A HighHelp alert body. Final alerts carry only `project_id`, `general`, `status` and
 * `payment_info`; informative ones add requisites, integration and instructions.
 */
export const alertSchema = z.looseObject({
  project_id: z.string(),
  general: z.looseObject({
    request_id: z.string(),
    payment_id: z.string(),
  }),
  status: z.looseObject({
    status: statusSchema,
    sub_status: nullableString.optional(),
    status_description: nullableString.optional(),
  }),
  payment_info: paymentInfoSchema,
  recipient_requisites: recipientRequisitesSchema.optional(),
  integration: integrationSchema.optional(),
  additional_info: additionalInfoSchema.optional(),
});

export type HighHelpAlert = z.output<typeof alertSchema>;
