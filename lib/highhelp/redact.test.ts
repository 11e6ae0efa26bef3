import { createPrivateKey } from "node:crypto";

import { describe, expect, it } from "vitest";

import { maskPan, maskPhone, maskTypedCardNumbers, passesLuhn, redactForLog, redactText, REDACTED } from "./redact";
import { createHighHelpSigner } from "./signer";
import { MERCHANT_PRIVATE_PEM, TEST_HMAC_SECRET } from "@/test/highhelp";
import { KZ_PAYIN_ALERT_AWAITING_CONFIRM, KZ_P2P_PAYIN_CREATE, PROJECT_ID } from "@/test/highhelp/samples";

const PAN = "4400430140020306"; // the docs' Kazakhstan sample sender.pan: not Luhn-valid, masked by its key only
const LUHN_PAN = "4111111111111111";

describe("masks", () => {
  it("maskPan keeps the first six and last four, and the length", () => {
    expect(maskPan(PAN)).toBe("440043******0306");
    expect(maskPan("4400 4301 4002 0306")).toBe("440043******0306");
    expect(maskPan("4400-4301-4002-0306")).toBe("440043******0306");
    expect(maskPan("1234567890123456789")).toBe("123456*********6789");
    expect(maskPan("123456789012")).toBe("********9012");
    expect(maskPan("1234")).toBe("****");
  });

  it("maskPhone keeps + and the first three and last two digits", () => {
    expect(maskPhone("+77001234567")).toBe("+770******67");
    expect(maskPhone("+996555123456")).toBe("+996*******56");
    expect(maskPhone("12345")).toBe("***45");
  });

  it("passesLuhn", () => {
    expect(passesLuhn(LUHN_PAN)).toBe(true);
    expect(passesLuhn("5555555555554444")).toBe(true);
    expect(passesLuhn("4111111111111112")).toBe(false);
    expect(passesLuhn(PAN)).toBe(false);
    expect(passesLuhn("")).toBe(false);
  });
});

describe("card numbers typed into a search box", () => {
  it("masks a Luhn-valid 13-19 digit number, grouped or not, and leaves other digits alone", () => {
    expect(maskTypedCardNumbers("4400 4301 2345 6789")).toBe("440043******6789");
    expect(maskTypedCardNumbers("4400-4301-2345-6789")).toBe("440043******6789");
    expect(maskTypedCardNumbers("card 4111111111111111, paid")).toBe("card 411111******1111, paid");
    // Not a card: the check digit fails, too short, or part of a longer run.
    expect(maskTypedCardNumbers("4400430123456788")).toBe("4400430123456788");
    expect(maskTypedCardNumbers("440043012345")).toBe("440043012345");
    expect(maskTypedCardNumbers("44004301234567890123")).toBe("44004301234567890123");
    expect(maskTypedCardNumbers("SEED-PI-000123")).toBe("SEED-PI-000123");
    expect(maskTypedCardNumbers("440043******6789")).toBe("440043******6789");
  });
});

describe("redactForLog", () => {
  it("leaves no PAN, signature or key in a logged request/alert", () => {
    const signer = createHighHelpSigner({ merchantId: PROJECT_ID, key: { kind: "rsa", privateKey: MERCHANT_PRIVATE_PEM } });
    const headers = signer.headers(KZ_P2P_PAYIN_CREATE, 1706182847);
    const logged = {
      headers,
      authorization: "Bearer abc.def",
      request: KZ_P2P_PAYIN_CREATE,
      alert: KZ_PAYIN_ALERT_AWAITING_CONFIRM,
      config: {
        private_key: MERCHANT_PRIVATE_PEM,
        hmacSecret: TEST_HMAC_SECRET,
        password: "hunter2",
        keyObject: createPrivateKey(MERCHANT_PRIVATE_PEM),
      },
      note: `card ${LUHN_PAN} paid; key ${MERCHANT_PRIVATE_PEM}`,
      nested: [{ deeper: { pan: "5169497700000008" } }],
      receiver: { phone: "+77001234567" },
    };
    const text = JSON.stringify(redactForLog(logged));
    for (const secret of [
      PAN,
      LUHN_PAN,
      "5169497700000008",
      "4850788018041726",
      headers["x-access-signature"],
      headers["x-access-token"] ?? "",
      "BEGIN PRIVATE KEY",
      MERCHANT_PRIVATE_PEM.split("\n")[1] ?? "",
      TEST_HMAC_SECRET,
      "hunter2",
      "abc.def",
      "+77001234567",
    ]) {
      expect(secret.length).toBeGreaterThan(3);
      expect(text).not.toContain(secret);
    }
    const redacted = redactForLog(logged) as typeof logged;
    expect(redacted.headers["x-access-signature"]).toBe(REDACTED);
    expect(redacted.headers["x-access-merchant-id"]).toBe(PROJECT_ID);
    expect(redacted.request.sender.pan).toBe("440043******0306");
    expect(redacted.alert.recipient_requisites.pan).toBe("485078******1726");
    expect(redacted.alert.additional_info.display_data[1]).toEqual({
      type: "add_info",
      title: "recipient_pan",
      data: "485078******1726",
    });
    expect(redacted.alert.payment_info.amount).toBe(7000);
    expect(redacted.request.general.payment_id).toBe("KZT-VISA-123456");
  });

  it("does not modify its input and survives cycles, Headers and errors", () => {
    const input: Record<string, unknown> = { pan: PAN, headers: new Headers({ "X-Access-Signature": "sig" }) };
    input.self = input;
    const output = redactForLog({ input, error: new Error(`boom ${LUHN_PAN}`) }) as Record<string, Record<string, unknown>>;
    expect(input.pan).toBe(PAN);
    expect(output.input?.self).toBe("[circular]");
    expect(output.input?.headers).toEqual({ "x-access-signature": REDACTED });
    expect(output.error).toEqual({ name: "Error", message: "boom 411111******1111" });
  });

  it("masks only Luhn-valid 12-19 digit runs in text", () => {
    expect(redactText(`pan ${LUHN_PAN}, amount 10000000000000, ts 1706182847, ref ${PAN}`)).toBe(
      `pan 411111******1111, amount 10000000000000, ts 1706182847, ref ${PAN}`,
    );
    expect(redactText("4111-1111-1111-1111")).toBe("411111******1111");
    expect(redactText("5555 5555 5555 4444")).toBe("555555******4444");
    expect(redactText("12345678901234567890123")).toBe("12345678901234567890123");
  });

  it("keeps a parsed __proto__ key as data and stops at its depth limit on deep bodies", () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": true, "token": "t"}, "a": 1}') as unknown;
    const output = redactForLog(parsed) as Record<string, unknown>;
    expect(Object.getPrototypeOf(output)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(output, "__proto__")?.value).toEqual({ polluted: true, token: REDACTED });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const deep = JSON.parse("[".repeat(10_000) + "]".repeat(10_000)) as unknown;
    expect(JSON.stringify(redactForLog(deep))).toContain("[truncated]");
  });
});
