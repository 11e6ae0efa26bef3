import { describe, expect, it } from "vitest";

import { formatAmount, formatMoney } from "./locale";

/** The parts Intl produced, so the test does not depend on which space this ICU groups with. */
function parts(text: string, locale: string, currency: string) {
  const probe = new Intl.NumberFormat(locale, { style: "currency", currency, currencyDisplay: "narrowSymbol" });
  const group = probe.formatToParts(1_000_000).find((p) => p.type === "group")?.value ?? "";
  const decimal = probe.formatToParts(1.5).find((p) => p.type === "decimal")?.value ?? "";
  return { text, group, decimal };
}

describe("formatMoney", () => {
  it("groups, uses the decimal comma and the tenge sign in Russian", () => {
    const { text, group, decimal } = parts(formatMoney(123456750, "KZT", "ru-RU"), "ru-RU", "KZT");
    expect(decimal).toBe(",");
    expect(text.startsWith(`1${group}234${group}567${decimal}50`)).toBe(true);
    expect(text).toContain("₸");
  });

  it("uses commas for thousands and a dot for decimals in English", () => {
    const text = formatMoney(123456750, "KZT", "en");
    expect(text).toContain("1,234,567.50");
    expect(text).toContain("₸");
  });

  it("shows the som by its code, not by a sign most fonts cannot draw", () => {
    const { text, group, decimal } = parts(formatMoney(123450, "KGS", "ru-RU"), "ru-RU", "KGS");
    expect(text.startsWith(`1${group}234${decimal}50`)).toBe(true);
    expect(text).toMatch(/KGS$/);
    expect(formatMoney(123450, "kgs", "en")).toMatch(/^KGS\s1,234\.50$/);
    expect(formatMoney(123450, "KGS", "en")).not.toContain("\u20c0");
  });

  it("is exact beyond what a float can hold", () => {
    expect(formatMoney(123456789012345678901n, "RUB", "en")).toContain("1,234,567,890,123,456,789.01");
  });

  it("keeps the currency's exponent, also for small and negative amounts", () => {
    expect(formatMoney(5, "KGS", "en")).toContain("0.05");
    expect(formatAmount(-150, "RUB", "en")).toBe("-1.50");
    const { text, decimal } = parts(formatAmount(150050, "UZS", "ru-RU"), "ru-RU", "UZS");
    expect(text.endsWith(`500${decimal}50`)).toBe(true);
  });
});
