import { describe, expect, it } from "vitest";
import { bankFitsCurrency, bankFromListItem, banksForCurrency, type Bank } from "./schemas";

const bank = (over: Partial<Bank>): Bank => ({ symbol: "x", name: null, currency: null, country: null, ...over });

describe("bank lists for the new payin form", () => {
  it("reads currency and country from the answer's entry, whatever their key", () => {
    expect(
      bankFromListItem({
        symbol: "kaspi-kzt",
        name: "Kaspi Bank",
        raw: { bank_symbol: "kaspi-kzt", currency: "kzt", country: "KZ" },
      }),
    ).toEqual({ symbol: "kaspi-kzt", name: "Kaspi Bank", currency: "KZT", country: "KZ" });
    expect(bankFromListItem({ symbol: "mbank", name: null, raw: { currency_code: "KGS", country_code: "kg" } })).toEqual({
      symbol: "mbank",
      name: null,
      currency: "KGS",
      country: "KG",
    });
  });

  it("fits a currency by the bank's currency, else its country, else its symbol's ending; a silent bank fits all", () => {
    expect(bankFitsCurrency(bank({ symbol: "kaspi-kzt", currency: "KZT" }), "KZT")).toBe(true);
    expect(bankFitsCurrency(bank({ symbol: "kaspi-kzt", currency: "KZT" }), "KGS")).toBe(false);
    expect(bankFitsCurrency(bank({ symbol: "mbank", country: "KG" }), "KGS")).toBe(true);
    expect(bankFitsCurrency(bank({ symbol: "mbank", country: "KG" }), "RUB")).toBe(false);
    expect(bankFitsCurrency(bank({ symbol: "sber-rub" }), "RUB")).toBe(true);
    expect(bankFitsCurrency(bank({ symbol: "sber-rub" }), "UZS")).toBe(false);
    expect(bankFitsCurrency(bank({ symbol: "somebank" }), "UZS")).toBe(true);
  });

  it("offers the fitting banks by name", () => {
    const banks = [
      bank({ symbol: "halyk-kzt", name: "Halyk Bank", currency: "KZT" }),
      bank({ symbol: "mbank-kgs", name: "MBank", currency: "KGS" }),
      bank({ symbol: "forte-kzt", name: "ForteBank", currency: "KZT" }),
    ];
    expect(banksForCurrency(banks, "KZT").map((b) => b.symbol)).toEqual(["forte-kzt", "halyk-kzt"]);
  });
});
