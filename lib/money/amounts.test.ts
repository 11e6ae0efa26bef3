import { describe, expect, it } from "vitest";
import { message } from "@/lib/i18n/message";
import { translateText } from "@/lib/i18n/translate";
import { CURRENCY_EXPONENTS, formatMinor, MINOR_UNITS_MAX, minorToDecimal, parseAmountInput, parseMajorToMinor } from "./amounts";
import { formatAmount } from "./locale";

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

describe("parseAmountInput", () => {
  const words = (input: string, locale: string, currency = "KZT") => {
    const parsed = parseAmountInput(input, currency);
    if (parsed.ok) throw new Error("parsed");
    return translateText(locale, message(parsed.key, parsed.values));
  };
  const minor = (input: string, currency = "KZT") => {
    const parsed = parseAmountInput(input, currency);
    return parsed.ok ? parsed.minor : parsed.key;
  };

  describe.each(["KZT", "RUB", "UZS", "KGS"])("%s (two decimals)", (currency) => {
    it("reads Russian typing: decimal comma, spaces of every kind between thousands", () => {
      expect(minor("1 500,50", currency)).toBe(150_050n);
      expect(minor("1\u00a0500,50", currency)).toBe(150_050n);
      expect(minor("1\u202f500,50", currency)).toBe(150_050n);
      expect(minor("1\u2009500,5", currency)).toBe(150_050n);
      expect(minor("1 500", currency)).toBe(150_000n);
      expect(minor("1500,5", currency)).toBe(150_050n);
      expect(minor("12 345 678,09", currency)).toBe(1_234_567_809n);
      expect(minor("1.500.000,25", currency)).toBe(150_000_025n);
    });

    it("reads English typing: decimal point, commas between thousands", () => {
      expect(minor("1500.50", currency)).toBe(150_050n);
      expect(minor("1,500.50", currency)).toBe(150_050n);
      expect(minor("1,500,000", currency)).toBe(150_000_000n);
      expect(minor("1,500,000.5", currency)).toBe(150_000_050n);
      expect(minor("0.29", currency)).toBe(29n); // 0.29 * 100 = 28.999… in floats
      expect(minor("1.15", currency)).toBe(115n);
    });

    it("takes one mark used twice or more as grouping, never as decimals", () => {
      expect(minor("1.500.000", currency)).toBe(150_000_000n);
      expect(minor("1,500,000", currency)).toBe(150_000_000n);
      expect(minor("1.50.000", currency)).toBe("amount.errors.grouping");
    });

    it("refuses one comma or point followed by three digits: thousands in one language, decimals in the other", () => {
      for (const input of ["1,500", "1.500", "12,345", "999.999"]) {
        expect(parseAmountInput(input, currency)).toMatchObject({ ok: false, key: "amount.errors.ambiguous" });
      }
      expect(parseAmountInput("1,500", currency)).toMatchObject({
        values: { typed: "1,500", whole: "1", fraction: "500", decimals: "1,50", hasDecimals: "yes" },
      });
      // Unambiguous neighbours: grouped, with decimals, or too long to be a thousands group.
      expect(minor("1 500", currency)).toBe(150_000n);
      expect(minor("1,500.00", currency)).toBe(150_000n);
      expect(minor("1.500,00", currency)).toBe(150_000n);
      expect(minor("1500,000", currency)).toBe("amount.errors.decimals");
      expect(minor("0,500", currency)).toBe("amount.errors.decimals");
    });

    it("refuses digits beyond the currency's two decimals", () => {
      expect(parseAmountInput("0.001", currency)).toEqual({
        ok: false,
        key: "amount.errors.decimals",
        values: { currency, exponent: 2 },
      });
      expect(minor("12.3456", currency)).toBe("amount.errors.decimals");
      expect(minor("1 500,505", currency)).toBe("amount.errors.decimals");
    });

    it("holds amounts up to what a bigint column holds, exactly", () => {
      expect(minor("92 233 720 368 547 758,07", currency)).toBe(9_223_372_036_854_775_807n);
      expect(minor("92233720368547758.07", currency)).toBe(MINOR_UNITS_MAX);
      expect(minor("92233720368547758.08", currency)).toBe("amount.errors.tooLarge");
      expect(minor("1 000 000 000 000 000 000 000", currency)).toBe("amount.errors.tooLarge");
      expect(minor("90071992547409.93", currency)).toBe(9_007_199_254_740_993n); // above 2^53
    });
  });

  it("follows the currency's exponent: none, or three", () => {
    const table = CURRENCY_EXPONENTS as Record<string, number>;
    table.XTS = 0;
    table.XTT = 3;
    try {
      expect(minor("1 500", "XTS")).toBe(1500n);
      expect(minor("1500,5", "XTS")).toBe("amount.errors.noDecimals");
      expect(parseAmountInput("1,500", "XTS")).toMatchObject({ key: "amount.errors.ambiguous", values: { hasDecimals: "no" } });
      expect(minor("1,234", "XTT")).toBe(1234n);
      expect(minor("1.234", "XTT")).toBe(1234n);
      expect(minor("1 234,5", "XTT")).toBe(1_234_500n);
      expect(minor("1.2345", "XTT")).toBe("amount.errors.decimals");
      expect(words("1,500", "ru", "XTS")).toBe(
        "«1,500» — это тысячи или дробная часть? Тысячи пишите с пробелом (1 500) или слитно (1500).",
      );
    } finally {
      delete table.XTS;
      delete table.XTT;
    }
  });

  it("refuses what is not an amount", () => {
    expect(minor("")).toBe("amount.errors.required");
    expect(minor("   ")).toBe("amount.errors.required");
    for (const input of [
      "-5",
      "+5",
      "1e5",
      "5 ₸",
      "₸5",
      "abc",
      ",50",
      ".5",
      "1,500.50.25",
      "1.500,50,25",
      "1, 500",
      "0x10",
      "٣",
    ]) {
      expect([input, minor(input)]).toEqual([input, "amount.errors.format"]);
    }
    expect(minor("15 00")).toBe("amount.errors.grouping");
    expect(minor("1 5000")).toBe("amount.errors.grouping");
    expect(minor("1234 567")).toBe("amount.errors.grouping");
    expect(minor("1".repeat(65))).toBe("amount.errors.format");
  });

  it("accepts stray spaces around, trailing separators, and leading zeros", () => {
    expect(minor("  1 500,50  ")).toBe(150_050n);
    expect(minor("1500.")).toBe(150_000n);
    expect(minor("007")).toBe(700n);
    expect(minor("0")).toBe(0n);
  });

  it("reads back what formatMinor and formatAmount write, in both languages", () => {
    for (const value of [1n, 150_050n, 123_456_789n, 10_000_000_000_000n]) {
      expect(minor(formatMinor(value, "KZT", { withCurrency: false }))).toBe(value);
      expect(minor(formatAmount(value, "KZT", "ru"))).toBe(value);
      expect(minor(formatAmount(value, "KZT", "en"))).toBe(value);
    }
  });

  it("explains each refusal in Russian and English", () => {
    expect(words("1,500", "en")).toBe(
      "Is “1,500” thousands or decimals? Write thousands with a space (1 500) or without a separator (1500), decimals with at most 2 digits (1,50).",
    );
    expect(words("1.500", "ru")).toBe(
      "«1.500» — это тысячи или дробная часть? Тысячи пишите с пробелом (1 500) или слитно (1500), а дробную часть — не больше 2 цифр (1.50).",
    );
    expect(words("0.001", "en")).toBe("Use at most 2 decimals for KZT.");
    expect(words("0.001", "ru")).toBe("Для KZT — не больше 2 знаков после запятой.");
    expect(words("", "ru")).toBe("Введите сумму.");
    expect(words("abc", "en")).toMatch(/^Enter a number like 1500.00/);
  });
});
