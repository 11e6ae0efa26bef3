import { describe, expect, it } from "vitest";
import { isCardLast4, mayMatchMany, searchAmounts, searchMaskedCard, searchPhones, searchText } from "./search";

describe("list search text", () => {
  it("trims and keeps inner runs of spaces as one", () => {
    expect(searchText("  PI-20261130  ")).toBe("PI-20261130");
    expect(searchText("Ivan   Petrov")).toBe("Ivan Petrov");
  });

  it("reads a masked card number as its first six and last four digits", () => {
    expect(searchMaskedCard("440043******6789")).toEqual({ bin: "440043", last4: "6789" });
    expect(searchMaskedCard("4400 43** **** 6789")).toEqual({ bin: "440043", last4: "6789" });
    expect(searchMaskedCard("440043xxxxxx6789")).toEqual({ bin: "440043", last4: "6789" });
    expect(searchMaskedCard("440043*6789")).toBeNull();
    expect(searchMaskedCard("4400430123456789")).toBeNull();
    expect(searchMaskedCard("******6789")).toBeNull();
  });

  it("takes four digits as a card's last four", () => {
    expect(isCardLast4("1234")).toBe(true);
    expect(isCardLast4("12345")).toBe(false);
    expect(isCardLast4("12a4")).toBe(false);
  });

  it("takes text without digits as a name that may start thousands of rows, ids and amounts as narrow", () => {
    expect(mayMatchMany("ivan")).toBe(true);
    expect(mayMatchMany("Айгерим Садык")).toBe(true);
    expect(mayMatchMany("PI-20261130")).toBe(false);
    expect(mayMatchMany("5 000,00")).toBe(false);
  });

  it("reads a typed phone as it is stored, with the trunk prefix 8 read as +7 too", () => {
    expect(searchPhones("+7 (700) 123-45-67")).toEqual(["+77001234567"]);
    expect(searchPhones("77001234567")).toEqual(["+77001234567"]);
    expect(searchPhones("8 700 123 45 67")).toEqual(["+87001234567", "+77001234567"]);
    expect(searchPhones("+996 555 123 456")).toEqual(["+996555123456"]);
    expect(searchPhones("123456")).toEqual([]);
    expect(searchPhones("+7 700 123 45 67 89 01 23")).toEqual([]);
    expect(searchPhones("ivan")).toEqual([]);
  });

  it("reads typed amounts in minor units of the currency's exponent", () => {
    expect(searchAmounts("1 500,50", "KZT")).toEqual([{ minor: 150_050n, currencies: ["KZT"] }]);
    expect(searchAmounts("1500.50", "KZT")).toEqual([{ minor: 150_050n, currencies: ["KZT"] }]);
    expect(searchAmounts("1\u00a0500", null)).toEqual([{ minor: 150_000n, currencies: "others", except: [] }]);
  });

  it("finds no amount in text that is not one", () => {
    for (const q of ["PI-1500", "ivan", "1.2.3", "0", "0,00", "1.500", "99999999999999999999", ""]) {
      expect(searchAmounts(q, null), q).toEqual([]);
    }
  });

  it("does not read more decimals than the currency has", () => {
    expect(searchAmounts("10.505", "KZT")).toEqual([]);
  });
});
