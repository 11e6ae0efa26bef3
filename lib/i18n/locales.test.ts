import { describe, expect, it } from "vitest";

import { isLocale, negotiateLocale } from "./locales";

describe("negotiateLocale", () => {
  it("takes the best-ranked language we speak", () => {
    expect(negotiateLocale("ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7")).toBe("ru");
    expect(negotiateLocale("kk-KZ, ru;q=0.8, en;q=0.9")).toBe("en");
    expect(negotiateLocale("en-US")).toBe("en");
    expect(negotiateLocale("RU-kz")).toBe("ru");
  });

  it("answers null when the browser names nothing we speak", () => {
    expect(negotiateLocale(undefined)).toBeNull();
    expect(negotiateLocale("")).toBeNull();
    expect(negotiateLocale("*")).toBeNull();
    expect(negotiateLocale("uz, kk;q=0.5")).toBeNull();
    expect(negotiateLocale("ru;q=0, de")).toBeNull();
  });

  it("keeps the order of equal qualities and survives garbage", () => {
    expect(negotiateLocale("en, ru")).toBe("en");
    expect(negotiateLocale(";;;,,,q=2, ru;q=abc")).toBe("ru");
    expect(negotiateLocale("x".repeat(100_000))).toBeNull();
  });
});

describe("isLocale", () => {
  it("knows only Russian and English", () => {
    expect(isLocale("ru")).toBe(true);
    expect(isLocale("en")).toBe(true);
    expect(isLocale("kk")).toBe(false);
    expect(isLocale(null)).toBe(false);
  });
});
