/**
 * Request validation the way a strict gateway would: first the request schemas of lib/highhelp
 * (lengths, patterns, ranges, https URLs, strict keys), then what the sandbox's cash
 * register offers (currencies, methods, banks). Every refusal names the field paths.
 */
import type { z } from "zod";

import {
  balanceInfoRequestSchema,
  bankListRequestSchema,
  fieldIssuesFromZod,
  orderReferenceRequestSchema,
  p2pPayinCreateRequestSchema,
  p2pPayoutCreateRequestSchema,
  widgetPayinCreateRequestSchema,
  type P2pPayinCreateRequest,
  type P2pPayoutCreateRequest,
  type WidgetPayinCreateRequest,
} from "@/lib/highhelp";

import {
  bankBySymbol,
  ECOM_CARD_CURRENCIES,
  P2P_PAYIN_METHODS,
  P2P_PAYOUT_METHODS,
  PHONE_METHODS,
  SANDBOX_CURRENCIES,
  WIDGET_METHODS,
} from "./catalogue";
import type { ErrorItem } from "./views";

export type Validated<T> = { ok: true; data: T } | { ok: false; errors: ErrorItem[] };

function bySchema<T>(schema: z.ZodType<T>, body: unknown): Validated<T> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return { ok: true, data: parsed.data };
  return {
    ok: false,
    errors: fieldIssuesFromZod(parsed.error).map((issue) => ({ field: issue.path, message: issue.message, code: issue.code })),
  };
}

function checkCurrency(currency: string, errors: ErrorItem[], allowed: readonly string[] = SANDBOX_CURRENCIES): void {
  if (!allowed.includes(currency)) {
    errors.push({
      field: "payment.currency",
      message: `${currency} is not enabled for this cash register (enabled: ${allowed.join(", ")})`,
      code: "currency_not_enabled",
    });
  }
}

function checkBank(field: string, symbol: string | undefined, currency: string, errors: ErrorItem[]): void {
  if (symbol === undefined) return;
  const bank = bankBySymbol(symbol);
  if (bank === undefined) {
    errors.push({ field, message: `unknown bank "${symbol}" (see /api/v1/bank/all)`, code: "unknown_bank" });
  } else if (bank.currency !== currency) {
    errors.push({ field, message: `${symbol} works in ${bank.currency}, not ${currency}`, code: "bank_currency_mismatch" });
  }
}

function checkMethod(method: string, allowed: readonly string[], errors: ErrorItem[]): void {
  if (!allowed.includes(method)) {
    errors.push({
      field: "payment.method",
      message: `method "${method}" is not available here (available: ${allowed.join(", ")})`,
      code: "method_not_available",
    });
  }
}

function done<T>(data: T, errors: ErrorItem[]): Validated<T> {
  return errors.length === 0 ? { ok: true, data } : { ok: false, errors };
}

export function validateP2pPayinCreate(body: unknown): Validated<P2pPayinCreateRequest> {
  const parsed = bySchema(p2pPayinCreateRequestSchema, body);
  if (!parsed.ok) return parsed;
  const data = parsed.data;
  const errors: ErrorItem[] = [];
  checkCurrency(data.payment.currency, errors);
  checkMethod(data.payment.method, P2P_PAYIN_METHODS, errors);
  checkBank("payment.bank_symbol", data.payment.bank_symbol, data.payment.currency, errors);
  checkBank("sender.bank_symbol", data.sender?.bank_symbol, data.payment.currency, errors);
  return done(data, errors);
}

export function validateP2pPayoutCreate(body: unknown): Validated<P2pPayoutCreateRequest> {
  const parsed = bySchema(p2pPayoutCreateRequestSchema, body);
  if (!parsed.ok) return parsed;
  const data = parsed.data;
  const errors: ErrorItem[] = [];
  checkCurrency(data.payment.currency, errors);
  checkMethod(data.payment.method, P2P_PAYOUT_METHODS, errors);
  // The docs only state the card-p2p rule; a transfer to a phone needs the phone.
  if (PHONE_METHODS.has(data.payment.method) && data.receiver.phone === undefined) {
    errors.push({
      field: "receiver.phone",
      message: `is required when payment.method is ${data.payment.method}`,
      code: "custom",
    });
  }
  return done(data, errors);
}

export function validateWidgetPayinCreate(body: unknown): Validated<WidgetPayinCreateRequest> {
  const parsed = bySchema(widgetPayinCreateRequestSchema, body);
  if (!parsed.ok) return parsed;
  const data = parsed.data;
  const errors: ErrorItem[] = [];
  const widgetMethod = data.payment.widget_method;
  if (widgetMethod !== undefined && !Object.hasOwn(WIDGET_METHODS, widgetMethod)) {
    errors.push({
      field: "payment.widget_method",
      message: `unknown widget method "${widgetMethod}" (known: ${Object.keys(WIDGET_METHODS).join(", ")})`,
      code: "method_not_available",
    });
  }
  checkCurrency(data.payment.currency, errors, widgetMethod === "payin-ecom-card" ? ECOM_CARD_CURRENCIES : SANDBOX_CURRENCIES);
  checkBank("sender.bank_symbol", data.sender?.bank_symbol, data.payment.currency, errors);
  return done(data, errors);
}

export function validateOrderReference(body: unknown): Validated<{ general: { project_id: string; payment_id: string } }> {
  return bySchema(orderReferenceRequestSchema, body);
}

export function validateProjectOnly(body: unknown, kind: "balance" | "banks"): Validated<{ general: { project_id: string } }> {
  return bySchema(kind === "balance" ? balanceInfoRequestSchema : bankListRequestSchema, body);
}
