import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { SUBMISSION_STATES } from "@/drizzle/schema";
import { LOCALES } from "@/lib/i18n/locales";
import { MESSAGES, type Translate } from "@/lib/i18n/translate";
import { STATUSES } from "@/lib/highhelp/status";
import { stateCode, stateWords, statusFilterKey, NO_STATUS_KEY } from "./vocabulary";
import { STATUS_FILTERS } from "./url-state";

const translator = (locale: "ru" | "en") => createTranslator({ locale, messages: MESSAGES[locale] }) as unknown as Translate;

describe("the status vocabulary", () => {
  it("names HighHelp's status first, whatever our side's state", () => {
    expect(stateWords("decline", null, "refused")).toEqual({ key: "status.code.decline", sub: null, code: "decline" });
    expect(stateWords("dispute", "no_payment", "sent").sub).toEqual({ key: "status.sub.no_payment" });
    expect(stateWords("processing", "brand_new", "sent").sub).toEqual({ raw: "brand new" });
  });

  it("names our side's state before HighHelp's, and never leaves a code empty", () => {
    for (const state of SUBMISSION_STATES) {
      expect(stateWords(null, null, state)).toEqual({ key: `status.submission.${state}`, sub: null, code: state });
    }
    expect(stateWords(null, null)).toEqual({ key: NO_STATUS_KEY, sub: null, code: "not_sent" });
    expect(stateWords("", null)).toEqual({ key: NO_STATUS_KEY, sub: null, code: "not_sent" });
    expect(stateCode(null, "refused")).toBe("refused");
    expect(stateCode(null, "awaiting_approval")).toBe("awaiting_approval");
    expect(stateCode("success", "sent")).toBe("success");
  });

  it("has one word for every state and filter, in every language", () => {
    for (const locale of LOCALES) {
      const t = translator(locale);
      for (const state of SUBMISSION_STATES) expect(t.has(`status.submission.${state}`), `${locale} ${state}`).toBe(true);
      for (const status of STATUSES) expect(t.has(stateWords(status, null).key)).toBe(true);
      for (const filter of STATUS_FILTERS) expect(t.has(statusFilterKey(filter)), `${locale} ${filter}`).toBe(true);
      expect(t.has(NO_STATUS_KEY)).toBe(true);
    }
    // The refused payout reads the same in the badge and in the filter.
    expect(translator("en")(stateWords(null, null, "refused").key)).toBe("refused, not sent");
    expect(translator("en")(statusFilterKey("awaiting_approval"))).toBe(
      translator("en")(stateWords(null, null, "awaiting_approval").key),
    );
  });
});
