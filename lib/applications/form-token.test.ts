import { describe, expect, it } from "vitest";
import { formToken, paymentIdFromToken } from "./form-token";

describe("form tokens", () => {
  it("round-trips a payment_id made on the server", () => {
    expect(paymentIdFromToken(formToken("PI-20261123-ABCDEF"))).toBe("PI-20261123-ABCDEF");
  });

  it("refuses a tampered or made-up token", () => {
    const token = formToken("PI-20261123-ABCDEF");
    expect(paymentIdFromToken(token.replace("ABCDEF", "ABCDEG"))).toBeNull();
    expect(paymentIdFromToken("PI-OTHER.forged")).toBeNull();
    expect(paymentIdFromToken("")).toBeNull();
    expect(paymentIdFromToken(undefined)).toBeNull();
  });
});
