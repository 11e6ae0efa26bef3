import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { MAX_ATTEMPTS, retryDelayMs, webhookBody } from "./delivery";
import { saveWebhookSchema, webhookUrlProblem } from "./schemas";
import { signatureHeader, verifySignature } from "./signature";

describe("the webhook's URL", () => {
  it.each([
    ["https://chat.example.com/hooks/T1/B2/x", null],
    ["http://localhost:8080/hook", null],
    ["http://127.0.0.1:9/hook", null],
    ["http://chat.example.com/hook", "webhooks.errors.urlHttps"],
    ["http://10.0.0.5/hook", "webhooks.errors.urlHttps"],
    ["http://localhost.example.com/hook", "webhooks.errors.urlHttps"],
    ["ftp://127.0.0.1/hook", "webhooks.errors.urlHttps"],
    ["https://user:secret@chat.example.com/hook", "webhooks.errors.urlCredentials"],
    ["chat.example.com/hook", "webhooks.errors.urlFormat"],
  ])("%s → %s", (url, problem) => {
    expect(webhookUrlProblem(url)).toBe(problem);
  });

  it("is trimmed, required and at most 2048 characters", () => {
    expect(saveWebhookSchema.parse({ url: "  https://a.test/h " })).toEqual({ url: "https://a.test/h" });
    expect(saveWebhookSchema.safeParse({ url: "" }).error?.issues.map((i) => i.message)).toEqual(["webhooks.errors.url"]);
    expect(saveWebhookSchema.safeParse({ url: `https://a.test/${"x".repeat(2048)}` }).success).toBe(false);
  });
});

describe("the signature", () => {
  const secret = "whsec_test";
  const body = JSON.stringify({ id: "e1", type: "test" });

  it("is HMAC-SHA256 of `t.body` in hex, as docs/webhooks.md shows", () => {
    const mac = crypto.createHmac("sha256", secret).update(`1700000000.${body}`).digest("hex");
    expect(signatureHeader(secret, body, 1_700_000_000)).toBe(`t=1700000000,v1=${mac}`);
  });

  it("verifies with the secret only, for the same body, within the tolerance", () => {
    const header = signatureHeader(secret, body, 1_700_000_000);
    expect(verifySignature(secret, body, header, 1_700_000_100)).toBe(true);
    expect(verifySignature("whsec_other", body, header, 1_700_000_100)).toBe(false);
    expect(verifySignature(secret, `${body} `, header, 1_700_000_100)).toBe(false);
    expect(verifySignature(secret, body, header, 1_700_001_000)).toBe(false);
    expect(verifySignature(secret, body, "t=1700000000,v1=zz", 1_700_000_000)).toBe(false);
  });
});

describe("retries", () => {
  it("wait longer after each failure, at most an hour, and stop after MAX_ATTEMPTS", () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(retryDelayMs(20)).toBe(3_600_000);
    const total = Array.from({ length: MAX_ATTEMPTS - 1 }, (_, i) => retryDelayMs(i + 1)).reduce((a, b) => a + b, 0);
    expect(total / 3_600_000).toBeGreaterThan(5);
    expect(total / 3_600_000).toBeLessThan(10);
  });
});

describe("the body", () => {
  const row = {
    eventId: "0b9f4c1e-1111-4222-8333-444455556666",
    applicationId: 42,
    occurredAt: new Date("2026-12-01T10:00:00Z"),
  };

  it("words a waiting payout in English with its amount, and links to the application", () => {
    const body = webhookBody(
      { ...row, type: "approval_waiting", payload: { paymentId: "PO-1", amount: 150_000_050, currency: "KZT" } },
      "https://bo.test",
    );
    expect(body).toEqual({
      id: row.eventId,
      type: "approval_waiting",
      occurred_at: "2026-12-01T10:00:00.000Z",
      text: "Payout PO-1 of ₸1,500,000.50 is waiting for approval.",
      link: "https://bo.test/applications/42",
    });
  });

  it("has words for a kind it does not know", () => {
    expect(webhookBody({ ...row, type: "future_kind", payload: { paymentId: "PI-9" } }, "https://bo.test").text).toBe(
      "Notification about PI-9.",
    );
  });
});
