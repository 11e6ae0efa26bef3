import { describe, expect, it } from "vitest";
import type { z } from "zod";

import { alertSchema } from "./alerts";
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
  return result.success ? [] : fieldIssuesFromZod(result.error).map((issue) => issue.path);
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
