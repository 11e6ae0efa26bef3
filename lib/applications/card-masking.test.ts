import { describe, expect, it } from "vitest";
import { maskCardNumbers, maskCardNumbersInJson, maskCardNumbersInText } from "./card-masking";

describe("maskCardNumbersInText", () => {
  it("keeps the first six and last four digits of a 13 to 19 digit run", () => {
    expect(maskCardNumbersInText("4111111111111111")).toBe("411111******1111");
    expect(maskCardNumbersInText("4222222222222")).toBe("422222***2222");
    expect(maskCardNumbersInText("1234567890123456789")).toBe("123456*********6789");
    expect(maskCardNumbersInText("card 4400430140020306, thanks")).toBe("card 440043******0306, thanks");
  });

  it("masks numbers grouped by single spaces or dashes", () => {
    expect(maskCardNumbersInText("4111 1111 1111 1111")).toBe("411111******1111");
    expect(maskCardNumbersInText("4111-1111-1111-1111")).toBe("411111******1111");
    expect(maskCardNumbersInText("pay to 5500 0000-0000 0004 today")).toBe("pay to 550000******0004 today");
  });

  it("leaves 12-digit and 20-digit runs alone", () => {
    expect(maskCardNumbersInText("123456789012")).toBe("123456789012");
    expect(maskCardNumbersInText("4081 7810 0999")).toBe("4081 7810 0999");
    expect(maskCardNumbersInText("40817810099910004312")).toBe("40817810099910004312");
    expect(maskCardNumbersInText("4081-7810-0999-1000-4312")).toBe("4081-7810-0999-1000-4312");
  });

  it("masks a card number that a longer grouped run hides", () => {
    expect(maskCardNumbersInText("4111111111111111 2025")).toBe("411111******1111 2025");
    expect(maskCardNumbersInText("4111111111111111 5500000000000004")).toBe("411111******1111 550000******0004");
  });

  it("does not see a run across double spaces or other separators", () => {
    expect(maskCardNumbersInText("1234567  890123")).toBe("1234567  890123");
    expect(maskCardNumbersInText("2026-11-30 12:00:00")).toBe("2026-11-30 12:00:00");
  });

  it("leaves masked values unchanged", () => {
    for (const masked of ["411111******1111", "4111 11** **** 1111", "48507****1726", "************1111"]) {
      expect(maskCardNumbersInText(masked)).toBe(masked);
    }
    expect(maskCardNumbersInText(maskCardNumbersInText("4111 1111 1111 1111"))).toBe("411111******1111");
  });
});

describe("maskCardNumbers", () => {
  it("masks strings in nested objects and arrays and keeps numbers and other values", () => {
    const value = {
      recipient_requisites: { pan: "4111111111111111", card_holder: "IVAN IVANOV", bank_name: "Bank" },
      payment_info: { amount: 10_000_000_000_000, updated_date: 1_764_500_000 },
      additional_info: {
        display_data: [
          { type: "text", title: "recipient_pan", data: "4111 1111 1111 1111" },
          { type: "number", title: "amount", data: 12_345_678_901_234 },
          { type: "text", title: "nested", data: [["5500-0000-0000-0004"], { deeper: "x 4400430140020306 y" }] },
        ],
      },
      flags: [true, null, 0],
    };
    expect(maskCardNumbers(value)).toEqual({
      recipient_requisites: { pan: "411111******1111", card_holder: "IVAN IVANOV", bank_name: "Bank" },
      payment_info: { amount: 10_000_000_000_000, updated_date: 1_764_500_000 },
      additional_info: {
        display_data: [
          { type: "text", title: "recipient_pan", data: "411111******1111" },
          { type: "number", title: "amount", data: 12_345_678_901_234 },
          { type: "text", title: "nested", data: [["550000******0004"], { deeper: "x 440043******0306 y" }] },
        ],
      },
      flags: [true, null, 0],
    });
  });

  it("does not change its argument, and keeps a __proto__ key as data", () => {
    const value = JSON.parse('{"__proto__": {"pan": "4111111111111111"}, "list": ["4111111111111111"]}') as object;
    const masked = maskCardNumbers(value) as Record<string, unknown>;
    expect(JSON.stringify(masked)).toBe('{"__proto__":{"pan":"411111******1111"},"list":["411111******1111"]}');
    expect(Object.getPrototypeOf(masked)).toBe(Object.prototype);
    expect(JSON.stringify(value)).toContain("4111111111111111");
  });
});

describe("maskCardNumbersInJson", () => {
  it("masks string values only, byte for byte elsewhere", () => {
    const body =
      '{"project_id": "p",  "payment_info": {"amount": 12345678901234, "id": 40817810099910004312123},\n' +
      ' "recipient_requisites": {"pan": "4111111111111111"}, "list": [["5500 0000 0000 0004", 4111111111111111]]}';
    expect(maskCardNumbersInJson(body)).toBe(
      '{"project_id": "p",  "payment_info": {"amount": 12345678901234, "id": 40817810099910004312123},\n' +
        ' "recipient_requisites": {"pan": "411111******1111"}, "list": [["550000******0004", 4111111111111111]]}',
    );
  });

  it("leaves keys, 12- and 20-digit strings and masked values alone", () => {
    const body = '{"4111111111111111": "123456789012", "a": "40817810099910004312", "b": "411111******1111"}';
    expect(maskCardNumbersInJson(body)).toBe(body);
  });

  it("sees digits written as escapes and keeps other escapes", () => {
    const body = '{"pan": "\\u0034111111111111111", "note": "say \\"4111 1111 1111 1111\\"\\n"}';
    expect(JSON.parse(maskCardNumbersInJson(body))).toEqual({ pan: "411111******1111", note: 'say "411111******1111"\n' });
  });

  it("is idempotent", () => {
    const once = maskCardNumbersInJson('{"pan": "4111111111111111", "n": [1, "2"]}');
    expect(maskCardNumbersInJson(once)).toBe(once);
  });

  it("masks inside quoted strings of text that is not JSON, or the whole text when it has none", () => {
    expect(maskCardNumbersInJson('{"pan": "4111111111111111", amount: 12345678901234')).toBe(
      '{"pan": "411111******1111", amount: 12345678901234',
    );
    expect(maskCardNumbersInJson('{"pan": "4111111111111111')).toBe('{"pan": "411111******1111');
    expect(maskCardNumbersInJson("pan=4111111111111111&amount=100")).toBe("pan=411111******1111&amount=100");
  });
});
