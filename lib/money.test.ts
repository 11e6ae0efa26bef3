import { describe, expect, it } from "vitest";
import { CURRENCY_EXPONENTS, formatMinor, parseMajorToMinor } from "./money";

describe("formatMinor", () => {
  it("formats minor units with the currency's exponent", () => {
    expect(formatMinor(1234567, "KZT")).toBe("12\u202f345.67 KZT");
    expect(formatMinor(1, "RUB")).toBe("0.01 RUB");
    expect(formatMinor(0, "UZS", { withCurrency: false })).toBe("0.00");
  });

  it("is exact beyond 2^53 when given bigint or text (sums)", () => {
    expect(formatMinor(12345678901234567890n, "KGS")).toBe("123\u202f456\u202f789\u202f012\u202f345\u202f678.90 KGS");
    expect(formatMinor("10000000000000", "KZT")).toBe("100\u202f000\u202f000\u202f000.00 KZT");
  });

  it("refuses non-integers instead of rounding", () => {
    expect(() => formatMinor(10.5, "KZT")).toThrow(RangeError);
    expect(() => formatMinor("1e3", "KZT")).toThrow(RangeError);
  });

  it("follows the exponent table for a currency with another exponent", () => {
    const table = CURRENCY_EXPONENTS as Record<string, number>;
    table.XTS = 0;
    try {
      expect(formatMinor(1500, "XTS")).toBe("1\u202f500 XTS");
    } finally {
      delete table.XTS;
    }
  });
});

describe("parseMajorToMinor", () => {
  it("converts exactly, without floats", () => {
    expect(parseMajorToMinor("0.01", "KZT")).toEqual({ ok: true, minor: 1n });
    expect(parseMajorToMinor("100000000000", "KZT")).toEqual({ ok: true, minor: 10_000_000_000_000n });
    expect(parseMajorToMinor("1 500,5", "RUB")).toEqual({ ok: true, minor: 150050n });
    expect(parseMajorToMinor("0.29", "UZS")).toEqual({ ok: true, minor: 29n }); // 0.29*100 = 28.999… in floats
  });

  it("refuses too many decimals and junk", () => {
    expect(parseMajorToMinor("1.234", "KZT").ok).toBe(false);
    expect(parseMajorToMinor("-5", "KZT").ok).toBe(false);
    expect(parseMajorToMinor("1e5", "KZT").ok).toBe(false);
    expect(parseMajorToMinor("", "KZT").ok).toBe(false);
  });
});
