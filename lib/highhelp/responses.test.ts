import { describe, expect, it } from "vitest";
import type { z } from "zod";

import { fieldIssuesFromZod } from "./errors";
import { balanceResponseSchema, bankListResponseSchema, paymentResponseSchema } from "./responses";
import {
  BALANCE_RESPONSE,
  KZ_PAYIN_CANCEL_RESPONSE,
  KZ_PAYIN_CREATE_RESPONSE,
  KZ_PAYIN_INFO_RESPONSE,
  KZ_PAYOUT_INFO_RESPONSE,
  KZ_WIDGET_INFO_RESPONSE,
} from "@/test/highhelp/samples";

function paths(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value);
  return result.success ? [] : fieldIssuesFromZod(result.error).map((issue) => issue.path);
}

describe("response schemas (loose)", () => {
  it.each([
    ["pay-in create", KZ_PAYIN_CREATE_RESPONSE],
    ["pay-in info", KZ_PAYIN_INFO_RESPONSE],
    ["cancel", KZ_PAYIN_CANCEL_RESPONSE],
    ["payout info", KZ_PAYOUT_INFO_RESPONSE],
    ["widget info", KZ_WIDGET_INFO_RESPONSE],
  ])("%s", (_name, body) => {
    const parsed = paymentResponseSchema.parse(body);
    expect(parsed).toEqual(body);
  });

  it("keeps unknown fields and checks the types of known ones", () => {
    const parsed = paymentResponseSchema.parse({ ...KZ_PAYIN_CREATE_RESPONSE, new_field: { x: 1 } });
    expect(parsed.new_field).toEqual({ x: 1 });
    expect(paths(paymentResponseSchema, { ...KZ_PAYIN_CREATE_RESPONSE, status: "unknown" })).toEqual(["status"]);
    expect(paths(paymentResponseSchema, { ...KZ_PAYIN_INFO_RESPONSE, payment_info: { amount: "10000" } })).toEqual([
      "payment_info.amount",
    ]);
    expect(
      paths(paymentResponseSchema, { status: "processing", display_data: [{ type: "add_info", title: "t", data: true }] }),
    ).toEqual(["display_data.0.data"]);
  });

  it("balance", () => {
    expect(balanceResponseSchema.parse(BALANCE_RESPONSE)).toEqual(BALANCE_RESPONSE);
    expect(paths(balanceResponseSchema, { balance: [{ currency: "UZS", amount: 1.5, locked_amount: 0 }] })).toEqual([
      "balance.0.amount",
    ]);
  });

  it("bank list: an array or a wrapped array of banks with a symbol", () => {
    const expected = { banks: [{ symbol: "kaspi-kzt", name: "Kaspi Bank", raw: { symbol: "kaspi-kzt", name: "Kaspi Bank" } }] };
    expect(bankListResponseSchema.parse([{ symbol: "kaspi-kzt", name: "Kaspi Bank" }])).toEqual(expected);
    expect(bankListResponseSchema.parse({ banks: [{ symbol: "kaspi-kzt", name: "Kaspi Bank" }] })).toEqual(expected);
    expect(bankListResponseSchema.parse({ data: [{ code: "demir-bank-kgs" }] }).banks).toEqual([
      { symbol: "demir-bank-kgs", name: null, raw: { code: "demir-bank-kgs" } },
    ]);
    expect(bankListResponseSchema.safeParse([{ name: "no code" }]).success).toBe(false);
    expect(bankListResponseSchema.safeParse({ something: 1 }).success).toBe(false);
  });
});
