import { describe, expect, it } from "vitest";

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

describe("message files", () => {
  it("hold the same keys in Russian and English", () => {
    expect(leafKeys(MESSAGES.ru).sort()).toEqual(leafKeys(MESSAGES.en).sort());
  });
});
