/**
 * Zod schemas for HighHelp's answers (loose: unknown fields accepted, the fields we use
 * type-checked).
 */
import { z } from "zod";

import { STATUSES } from "./status";

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
 * `/api/v1/bank/all` answers an undocumented shape (docs/highhelp-decisions.md#bank-list). Accepted, loosely: an array of bank
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
