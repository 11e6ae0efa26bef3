import { describe, expect, it } from "vitest";
import type { z } from "zod";

import { alertSchema, findUnstorableText } from "./alerts";
import { fieldIssuesFromZod } from "./errors";
import {
  KG_WIDGET_ALERT_AWAITING_CONFIRM,
  KZ_PAYIN_ALERT_AWAITING_CONFIRM,
  KZ_PAYIN_ALERT_DECLINE,
  KZ_PAYOUT_ALERT_PROCESS,
  KZ_WIDGET_ALERT_DECLINE,
} from "@/test/highhelp/samples";

function paths(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value);
  return result.success ? [] : [...new Set(fieldIssuesFromZod(result.error).map((issue) => issue.path))];
}

describe("alert schema", () => {
  it.each([
    ["H2H pay-in informative", KZ_PAYIN_ALERT_AWAITING_CONFIRM],
    ["H2H pay-in decline", KZ_PAYIN_ALERT_DECLINE],
    ["payout informative, additional_info {}", KZ_PAYOUT_ALERT_PROCESS],
    ["widget informative, masked requisites", KG_WIDGET_ALERT_AWAITING_CONFIRM],
    ["widget decline, null methods", KZ_WIDGET_ALERT_DECLINE],
  ])("%s", (_name, body) => {
    expect(alertSchema.parse(body)).toEqual(body);
  });

  it("requires the identifying fields and a known status", () => {
    const { project_id: _p, ...noProject } = KZ_PAYIN_ALERT_DECLINE;
    expect(paths(alertSchema, noProject)).toEqual(["project_id"]);
    expect(paths(alertSchema, { ...KZ_PAYIN_ALERT_DECLINE, status: { status: "done" } })).toEqual(["status.status"]);
    expect(paths(alertSchema, { ...KZ_PAYIN_ALERT_DECLINE, general: { payment_id: "x" } })).toEqual(["general.request_id"]);
    expect(alertSchema.parse({ ...KZ_PAYIN_ALERT_DECLINE, surprise: true }).surprise).toBe(true);
  });
});

type Body = Record<string, unknown>;

/** A deep copy of `body` with the value at the dotted `path` set (created if absent). */
function withValue(body: unknown, path: string, value: unknown): Body {
  const copy = structuredClone(body) as Body;
  const keys = path.split(".");
  let parent: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
  parent[keys[keys.length - 1]!] = value;
  return copy;
}

const FULL = KZ_PAYIN_ALERT_AWAITING_CONFIRM;

/** Every string field the back-office reads, as found in FULL. */
const STRING_FIELDS = [
  "project_id",
  "general.request_id",
  "general.payment_id",
  "status.status",
  "status.sub_status",
  "payment_info.currency",
  "payment_info.method",
  "payment_info.type",
  "recipient_requisites.pan",
  "recipient_requisites.card_holder",
  "recipient_requisites.bank_name",
  "recipient_requisites.currency",
  "integration.form_url",
  "integration.redirect_url",
  "additional_info.display_data.0.data",
];

describe("alert schema: what the database can hold", () => {
  it.each(
    STRING_FIELDS.flatMap((field) => [
      [field, "\\u0000"],
      [field, "\\ud800"],
      [field, "\\udc00"],
    ]),
  )("refuses %s holding %s, naming the field", (field, escape) => {
    const bad = JSON.parse(`"KZT${escape}x"`) as string;
    expect(paths(alertSchema, withValue(FULL, field, bad))).toEqual([field]);
  });

  it("checks unknown fields and keys too, and accepts well-formed non-BMP text", () => {
    expect(paths(alertSchema, { ...FULL, extra: { deep: ["ok", "a\u0000"] } })).toEqual(["extra.deep.1"]);
    expect(paths(alertSchema, { ...FULL, extra: JSON.parse('{"x\\u0000": 1}') as unknown })).toEqual(["extra"]);
    const loneKey = alertSchema.safeParse({ ...FULL, ["k\udfff"]: 1 });
    expect(loneKey.error?.issues).toMatchObject([{ path: [], message: 'key "k\\udfff" contains a lone surrogate' }]);
    expect(loneKey.error?.issues[0]?.message.isWellFormed()).toBe(true);
    const emoji = withValue(FULL, "recipient_requisites.card_holder", "Alex 😀 𝄞 🇰🇿");
    expect(alertSchema.parse(emoji)).toEqual(emoji);
  });

  it.each([
    ["project_id", 64],
    ["general.payment_id", 255],
    ["general.request_id", 255],
    ["status.sub_status", 64],
    ["status.status_description", 2048],
    ["payment_info.payment_system", 64],
    ["payment_info.type", 64],
    ["recipient_requisites.card_holder", 255],
    ["integration.form_url", 2048],
    ["additional_info.display_data.0.data", 2048],
  ])("%s: %i characters accepted, one more refused", (field, max) => {
    expect(paths(alertSchema, withValue(FULL, field, "a".repeat(max)))).toEqual([]);
    expect(paths(alertSchema, withValue(FULL, field, "a".repeat(max + 1)))).toEqual([field]);
    expect(paths(alertSchema, withValue(FULL, field, "a".repeat(60_000)))).toEqual([field]);
  });

  it("refuses empty ids", () => {
    expect(paths(alertSchema, withValue(FULL, "general.payment_id", ""))).toEqual(["general.payment_id"]);
    expect(paths(alertSchema, withValue(FULL, "project_id", ""))).toEqual(["project_id"]);
  });

  it.each(["payment_info.method", "payment_info.widget_method"])("%s is a short code", (field) => {
    for (const ok of ["card-p2p", "payin-ecom-card", "a".repeat(64), null]) {
      expect(paths(alertSchema, withValue(FULL, field, ok))).toEqual([]);
    }
    for (const bad of ["", "card p2p", "card/p2p", "a".repeat(65), "карта", 5]) {
      expect(paths(alertSchema, withValue(FULL, field, bad))).toEqual([field]);
    }
  });

  it.each(["payment_info.currency", "recipient_requisites.currency"])("%s is three capital letters", (field) => {
    for (const ok of ["KZT", "UZS", null]) expect(paths(alertSchema, withValue(FULL, field, ok))).toEqual([]);
    for (const bad of ["kzt", "KZTT", "KZ", "K1T", "X".repeat(60_000)]) {
      expect(paths(alertSchema, withValue(FULL, field, bad))).toEqual([field]);
    }
  });

  it.each(["payment_info.amount", "payment_info.old_amount", "payment_info.initial_amount"])(
    "%s is an integer 1 … 10^13",
    (field) => {
      for (const ok of [1, 10_000, 10 ** 13, null]) expect(paths(alertSchema, withValue(FULL, field, ok))).toEqual([]);
      for (const bad of [0, -1, -(10 ** 13), 10 ** 13 + 1, 2 ** 53, 1e300, 100.5, "100"]) {
        expect(paths(alertSchema, withValue(FULL, field, bad))).toEqual([field]);
      }
    },
  );

  it("refuses a final success for amount 0 instead of reading it as paid", () => {
    const success = withValue(withValue(FULL, "status", { status: "success", sub_status: null }), "payment_info.amount", 0);
    expect(paths(alertSchema, success)).toEqual(["payment_info.amount"]);
  });

  it.each(["payment_info.created_date", "payment_info.updated_date", "payment_info.expiration_date"])(
    "%s is Unix seconds after 1970 and before 2^32",
    (field) => {
      for (const ok of [1, 1_721_647_251, 2 ** 32 - 1, null]) expect(paths(alertSchema, withValue(FULL, field, ok))).toEqual([]);
      for (const bad of [0, -1, 2 ** 32, 10 ** 13, 1_721_647_251_000, 1.5]) {
        expect(paths(alertSchema, withValue(FULL, field, bad))).toEqual([field]);
      }
    },
  );

  it("bounds valid_until in the instructions like the dates", () => {
    const field = "additional_info.display_data.3.data";
    expect(paths(alertSchema, withValue(FULL, field, 10 ** 13))).toEqual([field]);
    expect(paths(alertSchema, withValue(FULL, field, -1))).toEqual([field]);
    expect(paths(alertSchema, withValue(FULL, "additional_info.display_data.4.data", 10 ** 13))).toEqual([]);
  });

  it("payment_info.lifetime is 0 … 86400 s, wider than requests allow", () => {
    const field = "payment_info.lifetime";
    for (const ok of [0, 300, 600, 3600, 86_400, null]) expect(paths(alertSchema, withValue(FULL, field, ok))).toEqual([]);
    for (const bad of [-1, 86_401, 2 ** 31, 2 ** 53, 1.5])
      expect(paths(alertSchema, withValue(FULL, field, bad))).toEqual([field]);
  });

  it("refuses __proto__ keys anywhere; constructor keys stay plain data", () => {
    const before = Object.getOwnPropertyNames(Object.prototype).length;
    const proto = JSON.parse('{"__proto__": {"polluted": true}}') as unknown;
    expect(paths(alertSchema, { ...FULL, extra: proto })).toEqual(["extra.__proto__"]);
    const rootProto = JSON.parse(JSON.stringify(FULL).replace("{", '{"__proto__":{"polluted":true},')) as unknown;
    expect(paths(alertSchema, rootProto)).toEqual(["__proto__"]);
    const ctor = JSON.parse(JSON.stringify(FULL).replace("{", '{"constructor":{"prototype":{"polluted":true}},')) as Body;
    const parsed = alertSchema.parse(ctor) as Body;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(({} as Body).polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype)).toHaveLength(before);
  });

  it("finds unstorable text iteratively, whatever the nesting", () => {
    const deep = JSON.parse("[".repeat(10_000) + '"\\u0000"' + "]".repeat(10_000)) as unknown;
    expect(findUnstorableText(deep)?.path).toHaveLength(10_000);
    expect(findUnstorableText(JSON.parse("[".repeat(10_000) + "]".repeat(10_000)))).toBeUndefined();
  });
});
