import { describe, expect, it } from "vitest";
import type { z } from "zod";

import { fieldIssuesFromZod } from "./errors";
import { phonePatternFor } from "./fields";
import {
  balanceInfoRequestSchema,
  ecomPayinCreateRequestSchema,
  orderReferenceRequestSchema,
  p2pPayinCreateRequestSchema,
  p2pPayoutCreateRequestSchema,
  widgetPayinCreateRequestSchema,
} from "./requests";
import {
  KG_WIDGET_P2P_CREATE,
  KZ_P2P_PAYIN_CREATE,
  KZ_P2P_PAYOUT_CREATE,
  KZ_WIDGET_ECOM_CREATE,
  PROJECT_ID,
} from "@/test/highhelp/samples";

function paths(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value);
  return result.success ? [] : fieldIssuesFromZod(result.error).map((issue) => issue.path);
}

type Body = Record<string, Record<string, unknown>>;
function withField(body: Body, block: string, field: string, value: unknown): Body {
  return { ...body, [block]: { ...body[block], [field]: value } };
}

describe("request schemas accept the documented examples", () => {
  it.each([
    ["P2P pay-in (KZ)", p2pPayinCreateRequestSchema, KZ_P2P_PAYIN_CREATE],
    ["P2P payout (KZ)", p2pPayoutCreateRequestSchema, KZ_P2P_PAYOUT_CREATE],
    ["widget ECOM card (KZ)", widgetPayinCreateRequestSchema, KZ_WIDGET_ECOM_CREATE],
    ["widget P2P (KG)", widgetPayinCreateRequestSchema, KG_WIDGET_P2P_CREATE],
    ["info / confirm / cancel", orderReferenceRequestSchema, { general: { project_id: PROJECT_ID, payment_id: "X" } }],
    ["balance", balanceInfoRequestSchema, { general: { project_id: PROJECT_ID } }],
  ] as const)("%s", (_name, schema, body) => {
    expect(paths(schema, body)).toEqual([]);
  });

  it("ECOM H2H: documented blocks plus an opaque card block", () => {
    const body = {
      general: { project_id: PROJECT_ID, payment_id: "E-1", redirect_url: "https://shop.example/back" },
      payment: { method: "card-ecom", amount: 1000, currency: "UZS" },
      card: { anything: "goes", nested: { here: 1 } },
      customer: { id: "c", ip_address: "2001:db8::1", user_agent: "Mozilla/5.0" },
    };
    expect(paths(ecomPayinCreateRequestSchema, body)).toEqual([]);
    expect(paths(ecomPayinCreateRequestSchema, { ...body, browser_info: {} })).toEqual(["browser_info"]);
  });
});

describe("request constraints", () => {
  const payin = KZ_P2P_PAYIN_CREATE as unknown as Body;
  const payout = KZ_P2P_PAYOUT_CREATE as unknown as Body;

  it.each([
    [1, []],
    [10_000_000_000_000, []],
    [0, ["payment.amount"]],
    [10_000_000_000_001, ["payment.amount"]],
    [1.5, ["payment.amount"]],
    ["100", ["payment.amount"]],
  ])("amount %s", (amount, expected) => {
    expect(paths(p2pPayinCreateRequestSchema, withField(payin, "payment", "amount", amount))).toEqual(expected);
  });

  it.each([
    [300, []],
    [600, []],
    [299, ["payment.lifetime"]],
    [601, ["payment.lifetime"]],
  ])("lifetime %s", (lifetime, expected) => {
    expect(paths(p2pPayinCreateRequestSchema, withField(payin, "payment", "lifetime", lifetime))).toEqual(expected);
  });

  it("callback and redirect URLs: https only, at most 2048 characters", () => {
    const base = "https://shop.example/";
    const exact = base + "a".repeat(2048 - base.length);
    expect(paths(p2pPayinCreateRequestSchema, withField(payin, "general", "merchant_callback_url", exact))).toEqual([]);
    expect(paths(p2pPayinCreateRequestSchema, withField(payin, "general", "merchant_callback_url", `${exact}a`))).toEqual([
      "general.merchant_callback_url",
    ]);
    for (const field of [
      "merchant_callback_url",
      "merchant_success_callback_url",
      "merchant_decline_callback_url",
      "redirect_url",
    ]) {
      expect(paths(p2pPayinCreateRequestSchema, withField(payin, "general", field, "http://shop.example/cb"))).toEqual([
        `general.${field}`,
      ]);
    }
    for (const bad of ["https:shop.example", "https://", "ftp://shop.example", "shop.example", "https:// shop.example"]) {
      expect(paths(p2pPayinCreateRequestSchema, withField(payin, "general", "redirect_url", bad))).toEqual([
        "general.redirect_url",
      ]);
    }
  });

  it("project_id: up to 64 (the docs' 32 contradicts their UUIDs), payment_id up to 255", () => {
    expect(paths(p2pPayinCreateRequestSchema, withField(payin, "general", "project_id", "p".repeat(64)))).toEqual([]);
    expect(paths(p2pPayinCreateRequestSchema, withField(payin, "general", "project_id", "p".repeat(65)))).toEqual([
      "general.project_id",
    ]);
    expect(paths(p2pPayinCreateRequestSchema, withField(payin, "general", "payment_id", "Заказ №1 😀"))).toEqual([]);
    expect(paths(p2pPayinCreateRequestSchema, withField(payin, "general", "payment_id", "x".repeat(256)))).toEqual([
      "general.payment_id",
    ]);
    expect(paths(p2pPayinCreateRequestSchema, withField(payin, "general", "payment_id", ""))).toEqual(["general.payment_id"]);
  });

  it("currency, extra_param, method length", () => {
    expect(paths(p2pPayinCreateRequestSchema, withField(payin, "payment", "currency", "kzt"))).toEqual(["payment.currency"]);
    expect(paths(p2pPayinCreateRequestSchema, withField(payin, "payment", "extra_param", "with space"))).toEqual([
      "payment.extra_param",
    ]);
    expect(paths(p2pPayinCreateRequestSchema, withField(payin, "payment", "extra_param", "a".repeat(17)))).toEqual([
      "payment.extra_param",
    ]);
    expect(paths(p2pPayinCreateRequestSchema, withField(payin, "payment", "extra_param", "A-z_09"))).toEqual([]);
    expect(paths(p2pPayinCreateRequestSchema, withField(payin, "payment", "method", "m".repeat(33)))).toEqual(["payment.method"]);
  });

  it("phones: E.164 anywhere, the Kazakh pattern for KZ (by country, else by currency)", () => {
    expect(paths(p2pPayinCreateRequestSchema, withField(payin, "sender", "phone", "+77001234567"))).toEqual([]);
    expect(paths(p2pPayinCreateRequestSchema, withField(payin, "sender", "phone", "+7700123456"))).toEqual(["sender.phone"]);
    expect(paths(p2pPayinCreateRequestSchema, withField(payin, "sender", "phone", "+996555123456"))).toEqual(["sender.phone"]);
    expect(paths(p2pPayinCreateRequestSchema, withField(payin, "sender", "phone", "87001234567"))).toEqual(["sender.phone"]);
    const kg = withField(withField(payin, "customer", "country", "KG"), "payment", "currency", "KGS");
    expect(paths(p2pPayinCreateRequestSchema, withField(kg, "sender", "phone", "+996555123456"))).toEqual([]);
    const noCountry = { ...payin, customer: { id: "c" } };
    expect(paths(p2pPayinCreateRequestSchema, withField(noCountry, "sender", "phone", "+996555123456"))).toEqual([
      "sender.phone",
    ]);
    expect(paths(p2pPayoutCreateRequestSchema, withField(payout, "receiver", "phone", "+7700"))).toEqual(["receiver.phone"]);
    expect(phonePatternFor(undefined, "KZT")?.source).toBe("^\\+7\\d{10}$");
    expect(phonePatternFor("RU", "KZT")).toBeUndefined();
  });

  it("card holder: Latin, Cyrillic incl. Ukrainian letters, digits, space - . '", () => {
    for (const ok of ["Nurlan Temirbek", "Алексей Ёлкин", "Ґрицько О'Нілл-Jr.", "Єва Їжак 2"]) {
      expect(paths(p2pPayinCreateRequestSchema, withField(payin, "sender", "card_holder", ok))).toEqual([]);
    }
    for (const bad of ["John<script>", "", "Ali@Bank", "x".repeat(256), "Zoë"]) {
      expect(paths(p2pPayinCreateRequestSchema, withField(payin, "sender", "card_holder", bad))).toEqual(["sender.card_holder"]);
    }
  });

  it("pan: digits, at most 32", () => {
    expect(paths(p2pPayinCreateRequestSchema, withField(payin, "sender", "pan", "4400 4301"))).toEqual(["sender.pan"]);
    expect(paths(p2pPayinCreateRequestSchema, withField(payin, "sender", "pan", "1".repeat(33)))).toEqual(["sender.pan"]);
  });

  it("customer fields", () => {
    expect(paths(p2pPayinCreateRequestSchema, withField(payin, "customer", "ip_address", "999.1.1.1"))).toEqual([
      "customer.ip_address",
    ]);
    expect(paths(p2pPayinCreateRequestSchema, withField(payin, "customer", "ip_address", "::1"))).toEqual([]);
    expect(paths(p2pPayinCreateRequestSchema, withField(payin, "customer", "email", "not-an-email"))).toEqual(["customer.email"]);
    expect(paths(p2pPayinCreateRequestSchema, withField(payin, "customer", "customer_type", "vip"))).toEqual([
      "customer.customer_type",
    ]);
    expect(paths(p2pPayinCreateRequestSchema, withField(payin, "customer", "country", "kz"))).toEqual(["customer.country"]);
    expect(paths(p2pPayinCreateRequestSchema, withField(payin, "customer", "language", "KK"))).toEqual(["customer.language"]);
    expect(paths(p2pPayinCreateRequestSchema, withField(payin, "customer", "user_agent", "u".repeat(1025)))).toEqual([
      "customer.user_agent",
    ]);
    expect(paths(p2pPayinCreateRequestSchema, withField(payin, "customer", "browser", "b".repeat(513)))).toEqual([
      "customer.browser",
    ]);
  });

  it("refuses unknown keys, naming them", () => {
    expect(paths(p2pPayinCreateRequestSchema, { ...payin, extra: 1 })).toEqual(["extra"]);
    expect(paths(p2pPayinCreateRequestSchema, withField(payin, "payment", "amout", 1))).toEqual(["payment.amout"]);
    expect(paths(p2pPayoutCreateRequestSchema, withField(payout, "general", "redirect_url", "https://a.example"))).toEqual([
      "general.redirect_url",
    ]);
    expect(paths(p2pPayoutCreateRequestSchema, withField(payout, "payment", "lifetime", 300))).toEqual(["payment.lifetime"]);
    expect(
      paths(
        widgetPayinCreateRequestSchema,
        withField(KZ_WIDGET_ECOM_CREATE as unknown as Body, "payment", "method", "card-ecom"),
      ),
    ).toEqual(["payment.method"]);
  });

  it("card-p2p payouts need receiver.pan; other methods do not", () => {
    const noPan = { ...payout, receiver: { card_holder: "Nurlan Temirbek" } };
    expect(paths(p2pPayoutCreateRequestSchema, noPan)).toEqual(["receiver.pan"]);
    expect(paths(p2pPayoutCreateRequestSchema, withField(noPan, "payment", "method", "phone-p2p"))).toEqual([]);
    const { receiver: _omitted, ...noReceiver } = payout;
    expect(paths(p2pPayoutCreateRequestSchema, noReceiver)).toEqual(["receiver"]);
  });

  it("requires the ids, amount, currency and the H2H method", () => {
    expect(paths(p2pPayinCreateRequestSchema, { general: { project_id: PROJECT_ID }, payment: {} }).sort()).toEqual([
      "general.payment_id",
      "payment.amount",
      "payment.currency",
      "payment.method",
    ]);
  });
});
