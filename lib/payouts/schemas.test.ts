import { describe, expect, it } from "vitest";
import { translateText } from "@/lib/i18n/translate";
import { cardDigits, cardNumberProblem, payoutFormSchema, receiverKind } from "./schemas";

const validCard = { token: "t", method: "card-p2p", pan: "4400 4301 2345 6789", currency: "KZT", amount: "1500.50" };
const validPhone = { token: "t", method: "phone-p2p", phone: "+77001234567", currency: "KZT", amount: "1500.50" };

/** The issues of a failed parse as [path, message] pairs; fails the test when the parse succeeds. */
function issues(input: Record<string, unknown>): Array<[string, string]> {
  const result = payoutFormSchema.safeParse(input);
  if (result.success) throw new Error(`expected ${JSON.stringify(input)} to be refused`);
  return result.error.issues.map((i) => [i.path.join("."), translateText("en", i.message)]);
}

function issuePaths(input: Record<string, unknown>): PropertyKey[][] {
  const result = payoutFormSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => i.path);
}

const BETWEEN = "Between ₸0.01 and ₸100,000,000,000.00.";

describe("payoutFormSchema", () => {
  it("parses a valid card-p2p form to digits and exact minor units", () => {
    const result = payoutFormSchema.safeParse(validCard);
    expect(result.success).toBe(true);
    expect(result.data).toEqual({
      token: "t",
      method: "card-p2p",
      pan: "4400430123456789",
      phone: undefined,
      currency: "KZT",
      amount: 150_050,
    });
  });

  it("accepts the edge amounts 0.01 (1) and 100 000 000 000.00 (10^13)", () => {
    expect(payoutFormSchema.parse({ ...validCard, amount: "0.01" }).amount).toBe(1);
    expect(payoutFormSchema.parse({ ...validCard, amount: "100 000 000 000.00" }).amount).toBe(10_000_000_000_000);
  });

  it("drops the phone of a card payout and the card of a phone payout", () => {
    expect(payoutFormSchema.parse({ ...validCard, phone: "+77001234567" }).phone).toBeUndefined();
    expect(payoutFormSchema.parse({ ...validPhone, pan: validCard.pan }).pan).toBeUndefined();
  });

  describe("card number", () => {
    it("refuses a card failing Luhn, mentioning a typo", () => {
      const result = payoutFormSchema.safeParse({ ...validCard, pan: "4400 4301 2345 6788" });
      expect(result.success).toBe(false);
      expect(result.error?.issues).toHaveLength(1);
      expect(result.error?.issues[0]?.path).toEqual(["pan"]);
      expect(translateText("en", result.error!.issues[0]!.message)).toMatch(/typo/);
    });

    it("refuses 12 digits", () => {
      expect(issues({ ...validCard, pan: "4400 4301 2345" })).toEqual([["pan", "A card number has 13 to 19 digits."]]);
    });

    it("refuses 20 digits", () => {
      expect(issues({ ...validCard, pan: "4400 4301 2345 6789 0000" })).toEqual([["pan", "A card number has 13 to 19 digits."]]);
    });

    it("refuses letters", () => {
      expect(issues({ ...validCard, pan: "4400 4301 2345 678a" })).toEqual([["pan", "Digits only (spaces are fine)."]]);
    });

    it("requires a card number for card-p2p", () => {
      expect(issues({ ...validCard, pan: undefined })).toEqual([["pan", "Enter the receiver's card number."]]);
      expect(issues({ ...validCard, pan: "   " })).toEqual([["pan", "Enter the receiver's card number."]]);
    });

    it("accepts dashes between groups", () => {
      expect(payoutFormSchema.parse({ ...validCard, pan: "4400-4301-2345-6789" }).pan).toBe("4400430123456789");
    });
  });

  describe("phone number", () => {
    it("accepts a Kazakhstan number for phone-p2p in KZT", () => {
      const result = payoutFormSchema.safeParse(validPhone);
      expect(result.success).toBe(true);
      expect(result.data).toMatchObject({ method: "phone-p2p", phone: "+77001234567", pan: undefined, amount: 150_050 });
    });

    it("takes a number typed with spaces, dashes and brackets, and sends it bare", () => {
      expect(payoutFormSchema.parse({ ...validPhone, phone: "+7 (700) 123-45-67" }).phone).toBe("+77001234567");
    });

    it("refuses a number too short for Kazakhstan (KZT → KZ pattern)", () => {
      expect(issues({ ...validPhone, phone: "+7700123" })).toEqual([
        ["phone", "A Kazakhstan number: +7 and 10 digits, e.g. +77001234567."],
      ]);
    });

    it("refuses a number without the plus", () => {
      expect(issues({ ...validPhone, phone: "77001234567" })).toEqual([
        ["phone", "An international number: + and 7 to 15 digits, e.g. +77001234567."],
      ]);
    });

    it("requires a phone for phone-p2p", () => {
      expect(issues({ ...validPhone, phone: undefined })).toEqual([["phone", "Enter the receiver's phone number."]]);
    });

    it("uses the customer's country over the currency's", () => {
      // RU has no pattern of its own, so only the general E.164 rule applies.
      expect(payoutFormSchema.parse({ ...validPhone, phone: "+7700123", customerCountry: "RU" }).phone).toBe("+7700123");
    });
  });

  describe("amount", () => {
    it("refuses a third decimal for KZT", () => {
      expect(issues({ ...validCard, amount: "12.3456" })).toEqual([["amount", "Use at most 2 decimals for KZT."]]);
    });

    it("refuses zero", () => {
      expect(issues({ ...validCard, amount: "0" })).toEqual([["amount", BETWEEN]]);
    });

    it("refuses one minor unit above 10^13", () => {
      expect(issues({ ...validCard, amount: "100000000000.01" })).toEqual([["amount", BETWEEN]]);
    });

    it("refuses junk", () => {
      expect(issues({ ...validCard, amount: "-5" })).toEqual([["amount", expect.stringMatching(/^Enter a number like 1500.00/)]]);
      expect(issues({ ...validCard, amount: "" })).toEqual([["amount", "Enter an amount."]]);
    });
  });

  describe("card holder", () => {
    it("refuses markup", () => {
      expect(issuePaths({ ...validCard, cardHolder: "<b>x</b>" })).toEqual([["cardHolder"]]);
    });

    it("accepts Ukrainian Cyrillic with a hyphen", () => {
      expect(payoutFormSchema.parse({ ...validCard, cardHolder: "Іван Петренко-Ковальов" }).cardHolder).toBe(
        "Іван Петренко-Ковальов",
      );
    });

    it("treats blank as absent", () => {
      expect(payoutFormSchema.parse({ ...validCard, cardHolder: "   " }).cardHolder).toBeUndefined();
    });
  });

  it("refuses an unknown method at path method", () => {
    expect(issues({ ...validCard, method: "payout-card" })).toEqual([["method", "Choose a method."]]);
  });

  it("reports every broken field at once", () => {
    const paths = issuePaths({ ...validCard, pan: "4400 4301 2345 6788", amount: "12.345", customerEmail: "not-an-email" });
    expect(paths.map((p) => p.join(".")).sort()).toEqual(["amount", "customerEmail", "pan"]);
  });
});

describe("payout form helpers", () => {
  it("receiverKind maps each method to its receiver", () => {
    expect(receiverKind("card-p2p")).toBe("card");
    expect(receiverKind("phone-p2p")).toBe("phone");
    expect(receiverKind("sbp-p2p")).toBe("phone");
    expect(receiverKind("payout-card")).toBeUndefined();
    expect(receiverKind("")).toBeUndefined();
  });

  it("cardDigits strips spaces and dashes, or gives null for other characters", () => {
    expect(cardDigits("4400 4301-2345 6789")).toBe("4400430123456789");
    expect(cardDigits("")).toBe("");
    expect(cardDigits("4400 4301 2345 678a")).toBeNull();
    expect(cardDigits("4400.4301.2345.6789")).toBeNull();
  });

  it("cardNumberProblem explains each problem, or gives null", () => {
    expect(cardNumberProblem("4400 4301 2345 6789")).toBeNull();
    expect(translateText("en", cardNumberProblem("")!)).toBe("Enter the receiver's card number.");
    expect(translateText("en", cardNumberProblem("4400 x")!)).toBe("Digits only (spaces are fine).");
    expect(translateText("en", cardNumberProblem("440043012345")!)).toBe("A card number has 13 to 19 digits.");
    expect(translateText("en", cardNumberProblem("4400430123456788")!)).toMatch(/typo/);
  });
});
