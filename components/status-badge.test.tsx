import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { H2H_METHOD_CODES, WIDGET_METHOD_CODES } from "@/lib/highhelp/methods";
import { INTEGRATIONS, PRODUCTS, STATUSES, SUB_STATUSES } from "@/lib/highhelp/status";
import { LOCALES } from "@/lib/i18n/locales";
import { MESSAGES, type Translate } from "@/lib/i18n/translate";
import { methodText } from "./method-name";
import { statusText, subStatusText } from "./status-badge";

// Typed by the message files, the translator takes known keys only; the components ask by built key.
const translator = (locale: "ru" | "en") => createTranslator({ locale, messages: MESSAGES[locale] }) as unknown as Translate;

describe("status words", () => {
  it("reads a status and its sub-status in Russian", () => {
    const t = translator("ru");
    expect(statusText(t, "success", null)).toBe("успешно");
    expect(statusText(t, "processing", "awaiting_confirm")).toBe("в обработке · ждёт подтверждения");
    expect(statusText(t, "dispute", "different_amount")).toBe("спор · другая сумма");
  });

  it("says where an application stands before HighHelp answers", () => {
    expect(statusText(translator("ru"), null, null, "awaiting_approval")).toBe("ждёт одобрения");
    expect(statusText(translator("en"), null, null, "sending")).toBe("sending");
    expect(statusText(translator("en"), null, null, "refused")).toBe("refused, not sent");
    expect(statusText(translator("en"), null, null)).toBe("no HighHelp status yet");
    expect(statusText(translator("en"), null, null, "something_new")).toBe("no HighHelp status yet");
  });

  it("shows a sub-status HighHelp adds later as its code with spaces", () => {
    expect(subStatusText(translator("ru"), "brand_new_state")).toBe("brand new state");
    expect(statusText(translator("en"), "processing", "brand_new_state")).toBe("processing · brand new state");
  });

  it("has words for every status, sub-status, product, integration and method code in every language", () => {
    for (const locale of LOCALES) {
      const t = translator(locale);
      for (const status of STATUSES) expect(t.has(`status.code.${status}`), `${locale} ${status}`).toBe(true);
      for (const sub of SUB_STATUSES) expect(t.has(`status.sub.${sub}`), `${locale} ${sub}`).toBe(true);
      for (const product of PRODUCTS) expect(t.has(`products.${product}`)).toBe(true);
      for (const integration of INTEGRATIONS) expect(t.has(`integrations.${integration}`)).toBe(true);
      for (const code of [...H2H_METHOD_CODES, ...WIDGET_METHOD_CODES]) {
        expect(methodText(t, code), `${locale} ${code}`).not.toBe(code);
      }
    }
  });

  it("names a method for people and keeps an unknown code as it is", () => {
    expect(methodText(translator("ru"), "payin-p2p-sbp")).toBe("Перевод по СБП");
    expect(methodText(translator("en"), "payin-p2p-sbp")).toBe("SBP transfer");
    expect(methodText(translator("en"), "payin-future-rail")).toBe("payin-future-rail");
  });
});
