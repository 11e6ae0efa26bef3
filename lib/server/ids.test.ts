import { describe, expect, it } from "vitest";
import { newPaymentId, oneTimePassword, randomSecret, randomSuffix } from "./ids";

describe("ids", () => {
  it("makes payment ids with the prefix, the UTC day and ten Crockford letters", () => {
    const id = newPaymentId("PO", new Date("2026-11-23T23:59:00Z"));
    expect(id).toMatch(/^PO-20261123-[0-9A-HJKMNP-TV-Z]{10}$/);
    expect(newPaymentId("PI")).not.toBe(newPaymentId("PI"));
  });

  it("makes one-time passwords of 20 unambiguous letters", () => {
    expect(oneTimePassword()).toMatch(/^[a-hjkmnp-z2-9AB]{20}$/);
  });

  it("makes base64url secrets and hex suffixes of the asked size", () => {
    expect(randomSecret(32)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(randomSuffix(6)).toMatch(/^[0-9a-f]{12}$/);
  });
});
