import { describe, expect, it } from "vitest";
import { translateText } from "@/lib/i18n/translate";
import { payinFormSchema } from "./schemas";

const valid = {
  token: "t",
  flow: "p2p",
  method: "card-p2p",
  currency: "KZT",
  amount: "1500.50",
  lifetime: "",
  description: "",
  customerId: "cus-1",
  customerEmail: "",
  customerCountry: "KZ",
};

function errors(input: Record<string, string>) {
  const result = payinFormSchema.safeParse(input);
  return result.success
    ? {}
    : Object.fromEntries(result.error.issues.map((i) => [i.path.join("."), translateText("en", i.message)]));
}

describe("new payin form", () => {
  it("converts the amount typed in major units to exact minor units", () => {
    expect(payinFormSchema.parse(valid)).toMatchObject({
      amount: 150_050,
      lifetime: undefined,
      customerId: "cus-1",
      description: undefined,
    });
  });

  it("accepts HighHelp's edge amounts 0.01 (1) and 100 000 000 000.00 (10^13)", () => {
    expect(payinFormSchema.parse({ ...valid, amount: "0.01" }).amount).toBe(1);
    expect(payinFormSchema.parse({ ...valid, amount: "100000000000" }).amount).toBe(10_000_000_000_000);
  });

  it("reads amounts as typed in Russian and in English, the same on the form and on the server", () => {
    expect(payinFormSchema.parse({ ...valid, amount: "1 500,50" }).amount).toBe(150_050);
    expect(payinFormSchema.parse({ ...valid, amount: "1\u00a0500,50" }).amount).toBe(150_050);
    expect(payinFormSchema.parse({ ...valid, amount: "1,500.50" }).amount).toBe(150_050);
    expect(payinFormSchema.parse({ ...valid, amount: "1 500" }).amount).toBe(150_000);
  });

  it("puts the amount's message into the reader's words", () => {
    const result = payinFormSchema.safeParse({ ...valid, amount: "0" });
    const message = result.success ? "" : result.error.issues[0]!.message;
    expect(translateText("en", message)).toBe("Between ₸0.01 and ₸100,000,000,000.00.");
    expect(translateText("ru", message)).toBe("От 0,01\u00a0₸ до 100\u00a0000\u00a0000\u00a0000,00\u00a0₸.");
  });

  it("reports every broken field at once, the amount included", () => {
    expect(Object.keys(errors({ ...valid, amount: "12.345", lifetime: "60", customerCountry: "kz" })).sort()).toEqual([
      "amount",
      "customerCountry",
      "lifetime",
    ]);
  });

  it("names the field for each broken rule", () => {
    expect(errors({ ...valid, amount: "0" })).toHaveProperty("amount");
    expect(errors({ ...valid, amount: "100000000000.01" })).toHaveProperty("amount");
    expect(errors({ ...valid, amount: "12.3456" }).amount).toMatch(/at most 2 decimals/);
    expect(errors({ ...valid, amount: "1,500" }).amount).toMatch(/thousands or decimals/);
    expect(errors({ ...valid, lifetime: "299" })).toHaveProperty("lifetime");
    expect(errors({ ...valid, lifetime: "601" })).toHaveProperty("lifetime");
    expect(errors({ ...valid, method: "payin-p2p-card" })).toHaveProperty("method");
    expect(errors({ ...valid, currency: "USD" })).toHaveProperty("currency");
    expect(errors({ ...valid, customerCountry: "kz" })).toHaveProperty("customerCountry");
    expect(errors({ ...valid, customerEmail: "not-an-email" })).toHaveProperty("customerEmail");
  });
});
