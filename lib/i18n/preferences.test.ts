import { describe, expect, it } from "vitest";

import { preferencesSchema } from "@/lib/accounts/schemas";
import { env } from "@/lib/server/env";
import { choosePreferences } from "./preferences";

describe("choosePreferences", () => {
  it("takes the profile first, then the browser, then the organisation's defaults", () => {
    expect(choosePreferences({ locale: "en", timeZone: "Asia/Bishkek" }, "ru-RU")).toEqual({
      locale: "en",
      timeZone: "Asia/Bishkek",
    });
    expect(choosePreferences({ locale: null, timeZone: null }, "en-US,en;q=0.9")).toEqual({
      locale: "en",
      timeZone: env.DEFAULT_TIME_ZONE,
    });
    expect(choosePreferences(null, "de-DE")).toEqual({ locale: "ru", timeZone: env.DEFAULT_TIME_ZONE });
  });

  it("ignores a stored zone this runtime does not know", () => {
    expect(choosePreferences({ locale: "ru", timeZone: "Mars/Olympus" }, null).timeZone).toBe(env.DEFAULT_TIME_ZONE);
  });
});

describe("preferencesSchema", () => {
  it("keeps empty choices automatic", () => {
    expect(preferencesSchema.parse({ locale: "", timeZone: "" })).toEqual({ locale: null, timeZone: null });
    expect(preferencesSchema.parse({ locale: "ru", timeZone: "Europe/Moscow" })).toEqual({
      locale: "ru",
      timeZone: "Europe/Moscow",
    });
  });

  it("refuses unknown languages and zones, whatever the bytes, with message keys", () => {
    for (const input of [
      { locale: "kk", timeZone: "" },
      { locale: "", timeZone: "Mars/Olympus" },
      { locale: "", timeZone: "x".repeat(10_000) },
      { locale: "ru\u0000", timeZone: "" },
      { locale: ["ru"], timeZone: {} },
    ]) {
      const result = preferencesSchema.safeParse(input);
      expect(result.success).toBe(false);
      for (const issue of result.error?.issues ?? []) expect(issue.message).toMatch(/^preferences\.errors\./);
    }
  });
});
