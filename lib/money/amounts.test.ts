import { describe, expect, it } from "vitest";
import { CURRENCY_EXPONENTS, formatMinor, minorToDecimal, parseMajorToMinor } from "./amounts";

describe("minorToDecimal", () => {
  it("writes plain decimal text: no grouping, ASCII minus, empty for none", () => {
    expect(minorToDecimal(123456, "KZT")).toBe("1234.56");
    expect(minorToDecimal(5, "RUB")).toBe("0.05");
    expect(minorToDecimal(-150, "KZT")).toBe("-1.50");
    expect(minorToDecimal(12345678901234567890n, "KGS")).toBe("123456789012345678.90");
    expect(minorToDecimal(null, "KZT")).toBe("");
    expect(minorToDecimal(undefined, "KZT")).toBe("");
  });
});

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
    expect(parseMajorToMinor("1500,50", "KZT")).toEqual({ ok: true, minor: 150050n });
    expect(parseMajorToMinor("0.29", "UZS")).toEqual({ ok: true, minor: 29n }); // 0.29*100 = 28.999… in floats
  });

  it("says so when a comma separates thousands instead of decimals", () => {
    const message = "Separate thousands with spaces, not commas: 1 500.50.";
    expect(parseMajorToMinor("1,500.50", "KZT")).toEqual({ ok: false, message });
    expect(parseMajorToMinor("1,500", "KZT")).toEqual({ ok: false, message });
    expect(parseMajorToMinor("12,345,678", "KZT").ok).toBe(false);
  });

  it("refuses too many decimals and junk", () => {
    expect(parseMajorToMinor("1.234", "KZT").ok).toBe(false);
    expect(parseMajorToMinor("-5", "KZT").ok).toBe(false);
    expect(parseMajorToMinor("1e5", "KZT").ok).toBe(false);
    expect(parseMajorToMinor("", "KZT").ok).toBe(false);
  });
});

describe("parseMajorToMinor per currency exponent", () => {
  const table = CURRENCY_EXPONENTS as Record<string, number>;

  /** Runs `body` with a temporary currency in the exponent table, always removing it afterwards. */
  function withCurrency(code: string, exponent: number, body: () => void) {
    table[code] = exponent;
    try {
      body();
    } finally {
      delete table[code];
    }
  }

  for (const currency of ["KZT", "KGS", "UZS", "RUB"]) {
    describe(currency, () => {
      it("has exponent 2 in the table", () => {
        expect(CURRENCY_EXPONENTS[currency]).toBe(2);
      });

      it("parses the smallest amount, 0.01, to 1 minor unit", () => {
        expect(parseMajorToMinor("0.01", currency)).toEqual({ ok: true, minor: 1n });
      });

      it("parses the largest amount, 100 000 000 000.00, to 10^13 minor units", () => {
        expect(parseMajorToMinor("100000000000", currency)).toEqual({ ok: true, minor: 10_000_000_000_000n });
        expect(parseMajorToMinor("100 000 000 000.00", currency)).toEqual({ ok: true, minor: 10_000_000_000_000n });
        expect(parseMajorToMinor("100\u00a0000\u00a0000\u00a0000,00", currency)).toEqual({
          ok: true,
          minor: 10_000_000_000_000n,
        });
        expect(parseMajorToMinor("100\u202f000\u202f000\u202f000.00", currency)).toEqual({
          ok: true,
          minor: 10_000_000_000_000n,
        });
      });

      it("pads one decimal and accepts none", () => {
        expect(parseMajorToMinor("1500.5", currency)).toEqual({ ok: true, minor: 150_050n });
        expect(parseMajorToMinor("1500", currency)).toEqual({ ok: true, minor: 150_000n });
        expect(parseMajorToMinor(" 1500.50 ", currency)).toEqual({ ok: true, minor: 150_050n });
      });

      it("stays exact where floats would not (beyond 2^53 and 0.1-style fractions)", () => {
        expect(parseMajorToMinor("90071992547409.93", currency)).toEqual({ ok: true, minor: 9_007_199_254_740_993n });
        expect(parseMajorToMinor("1.15", currency)).toEqual({ ok: true, minor: 115n }); // 1.15*100 = 114.999… in floats
      });

      it("refuses a third decimal, naming the currency", () => {
        expect(parseMajorToMinor("0.001", currency)).toEqual({ ok: false, message: `Use at most 2 decimals for ${currency}.` });
      });
    });
  }

  it("follows a temporary exponent-0 currency: whole units only", () => {
    withCurrency("XTS", 0, () => {
      expect(parseMajorToMinor("1500", "XTS")).toEqual({ ok: true, minor: 1500n });
      expect(parseMajorToMinor("1 500", "XTS")).toEqual({ ok: true, minor: 1500n });
      expect(parseMajorToMinor("1.5", "XTS")).toEqual({ ok: false, message: "XTS has no fractional units." });
      expect(parseMajorToMinor("1.50", "XTS").ok).toBe(false);
    });
    expect(CURRENCY_EXPONENTS.XTS).toBeUndefined();
  });

  it("follows a temporary exponent-3 currency: up to three decimals", () => {
    withCurrency("XTT", 3, () => {
      expect(parseMajorToMinor("1.234", "XTT")).toEqual({ ok: true, minor: 1234n });
      expect(parseMajorToMinor("1.2", "XTT")).toEqual({ ok: true, minor: 1200n });
      expect(parseMajorToMinor("0.001", "XTT")).toEqual({ ok: true, minor: 1n });
      expect(parseMajorToMinor("1.2345", "XTT")).toEqual({ ok: false, message: "Use at most 3 decimals for XTT." });
    });
    expect(CURRENCY_EXPONENTS.XTT).toBeUndefined();
  });

  it("round-trips through formatMinor for exponent-2 currencies", () => {
    for (const currency of ["KZT", "KGS", "UZS", "RUB"]) {
      for (const text of ["0.01", "0.10", "1.00", "1\u202f500.50", "100\u202f000\u202f000\u202f000.00"]) {
        const parsed = parseMajorToMinor(text, currency);
        if (!parsed.ok) throw new Error(`${text} ${currency}: ${parsed.message}`);
        expect(formatMinor(parsed.minor, currency, { withCurrency: false })).toBe(text);
      }
    }
  });

  it("round-trips through formatMinor for exponent-0 and exponent-3 currencies", () => {
    withCurrency("XTS", 0, () => {
      const parsed = parseMajorToMinor("1500", "XTS");
      expect(parsed.ok && formatMinor(parsed.minor, "XTS")).toBe("1\u202f500 XTS");
    });
    withCurrency("XTT", 3, () => {
      const parsed = parseMajorToMinor("1 234.5", "XTT");
      expect(parsed.ok && formatMinor(parsed.minor, "XTT")).toBe("1\u202f234.500 XTT");
    });
  });

  it("parses formatMinor's output back to the same minor units", () => {
    for (const minor of [1n, 99n, 150_050n, 9_007_199_254_740_993n, 10_000_000_000_000n]) {
      expect(parseMajorToMinor(formatMinor(minor, "KZT", { withCurrency: false }), "KZT")).toEqual({ ok: true, minor });
    }
  });
});
