import { describe, expect, it } from "vitest";

import { message, money, splitMessage } from "./message";
import { MESSAGES, translateText } from "./translate";

function leafKeys(tree: unknown, prefix = ""): string[] {
  if (typeof tree !== "object" || tree === null) return [prefix];
  return Object.entries(tree).flatMap(([key, value]) => leafKeys(value, prefix ? `${prefix}.${key}` : key));
}

describe("translateText", () => {
  it("translates known keys and leaves other text alone", () => {
    expect(translateText("ru", "errors.validation")).toBe("Проверьте отмеченные поля.");
    expect(translateText("en", "errors.validation")).toBe("Some fields need attention.");
    expect(translateText("ru", "Enter an amount.")).toBe("Enter an amount.");
    expect(translateText("ru", "no.such.key")).toBe("no.such.key");
  });

  it("fills in values", () => {
    expect(translateText("ru", "preferences.timeZoneAuto", { zone: "Asia/Almaty" })).toBe("Пояс организации (Asia/Almaty)");
  });
});

describe("messages with values", () => {
  it("carry their values in one string, amounts written in the reader's locale", () => {
    const text = message("amount.errors.range", { min: money(1, "KZT"), max: money("10000000000000", "KZT") });
    expect(splitMessage(text)).toEqual({
      key: "amount.errors.range",
      values: { min: { minor: "1", currency: "KZT" }, max: { minor: "10000000000000", currency: "KZT" } },
    });
    expect(translateText("en", text)).toBe("Between ₸0.01 and ₸100,000,000,000.00.");
    expect(translateText("ru", text)).toBe("От 0,01\u00a0₸ до 100\u00a0000\u00a0000\u00a0000,00\u00a0₸.");
  });

  it("are the key alone without values, and leave other text with braces alone", () => {
    expect(message("validation.email")).toBe("validation.email");
    expect(message("validation.email", {})).toBe("validation.email");
    expect(translateText("en", 'Broken {"json')).toBe('Broken {"json');
    expect(translateText("en", 'HighHelp said {"error": "x"}')).toBe('HighHelp said {"error": "x"}');
  });
});

describe("message files", () => {
  it("hold the same keys in Russian and English", () => {
    expect(leafKeys(MESSAGES.ru).sort()).toEqual(leafKeys(MESSAGES.en).sort());
  });
});
