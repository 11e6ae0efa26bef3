import { describe, expect, it } from "vitest";
import { groupCardNumber, instructionsFromDisplayData, instructionsNote, remaining } from "./instructions";

const sample = [
  { type: "add_info", title: "recipient_card_holder", data: "Alex Johnson" },
  { type: "add_info", title: "recipient_pan", data: "4850788018041726" },
  { type: "add_info", title: "recipient_phone", data: "+77001234567" },
  { type: "add_info", title: "lifetime", data: 300 },
  { type: "add_info", title: "valid_until", data: 1721647251 },
  { type: "add_info", title: "amount", data: 10000 },
  { type: "add_info", title: "currency", data: "KZT" },
  { type: "add_info", title: "bank_name", data: "kaspi-kzt" },
  { type: "add_info", title: "bank_country", data: "KZ" },
];

describe("payer instructions", () => {
  it("reads every documented display_data title", () => {
    expect(instructionsFromDisplayData(sample)).toEqual({
      recipientPan: "4850788018041726",
      recipientPhone: "+77001234567",
      cardHolder: "Alex Johnson",
      bankName: "kaspi-kzt",
      bankCountry: "KZ",
      amount: 10000,
      currency: "KZT",
      lifetimeSeconds: 300,
      validUntil: new Date(1721647251 * 1000),
    });
  });

  it("has no instructions without display_data, and ignores malformed items", () => {
    expect(instructionsFromDisplayData(null)).toBeNull();
    expect(instructionsFromDisplayData([])).toBeNull();
    expect(instructionsFromDisplayData([{ title: "amount", data: { evil: true } }, null])?.amount).toBeNull();
  });

  it("groups a card number in fours and leaves other text alone", () => {
    expect(groupCardNumber("4850788018041726")).toBe("4850 7880 1804 1726");
    expect(groupCardNumber("+77001234567")).toBe("+77001234567");
  });

  it("counts down and then reports expiry", () => {
    const now = new Date(1_000_000);
    expect(remaining(new Date(1_000_000 + 245_000), now)).toBe("4:05");
    expect(remaining(new Date(1_000_000 + 3_900_000), now)).toBe("1:05:00");
    expect(remaining(new Date(999_000), now)).toBeNull();
  });
});

describe("what the card says without requisites", () => {
  it("a widget payin's payer uses the payment form: no requisites will come here", () => {
    expect(instructionsNote({ integration: "h2c", status: "processing" })).toBe("widget");
  });
  it("an application in error or declined gets none", () => {
    expect(instructionsNote({ integration: "h2h", status: "error" })).toBe("noneWillCome");
    expect(instructionsNote({ integration: "h2h", status: "decline" })).toBe("noneWillCome");
  });
  it("a transfer payin still processing is waiting for them", () => {
    expect(instructionsNote({ integration: "h2h", status: "processing" })).toBe("awaiting");
  });
});
