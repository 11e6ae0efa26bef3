import path from "node:path";

import { describe, expect, it } from "vitest";

import { deliveryUrl } from "./callbacks";
import { maskName, recipientRequisites, SANDBOX_BANKS } from "./catalogue";
import { DEFAULT_SANDBOX_PORT, DEFAULT_STEP_MS, sandboxOptionsFromEnv, SandboxConfigError } from "./config";
import { corruptSignature, effectiveFaults } from "./faults";
import { nextTarget, plannedStep } from "./lifecycle";
import { OUTCOME_RULES, outcomeFor, outcomeRuleFor } from "./outcomes";
import type { SandboxApplication } from "./state";

function app(overrides: Partial<SandboxApplication>): SandboxApplication {
  return {
    project_id: "p-1",
    request_id: "r",
    payment_id: "p",
    flow: "p2p_payin",
    widget_kind: null,
    type: "payin",
    status: "processing",
    sub_status: "requisites",
    status_description: null,
    amount: 10_000,
    old_amount: 10_000,
    initial_amount: 10_000,
    currency: "KZT",
    lifetime: 300,
    expiration_date: null,
    valid_until: null,
    created_date: 0,
    updated_date: 0,
    method: "card-p2p",
    payment_system: null,
    widget_method: null,
    bank_symbol: null,
    callback_urls: { intermediate: null, success: null, decline: null },
    redirect_url: null,
    form_url: null,
    requisites: null,
    sender: null,
    receiver: null,
    rule: "00-89",
    locked_amount: 0,
    next_step_at: null,
    history: [],
    ...overrides,
  };
}

describe("outcome rule (last two digits of the amount)", () => {
  it("covers every pair of digits, once", () => {
    for (let digits = 0; digits < 100; digits++) {
      const rule = outcomeRuleFor(1_000_000 + digits);
      expect(rule.digits).toBe(digits <= 89 ? "00-89" : String(digits));
    }
    expect(new Set(OUTCOME_RULES.map((r) => r.digits)).size).toBe(OUTCOME_RULES.length);
  });

  it("maps the documented digits", () => {
    expect(outcomeFor(100, "payin")).toEqual({ kind: "success" });
    expect(outcomeFor(189, "payout")).toEqual({ kind: "success" });
    expect(outcomeFor(190, "payin")).toEqual({ kind: "no_payment" });
    expect(outcomeFor(191, "payout")).toMatchObject({ kind: "decline", description: "Declined by anti-fraud" });
    expect(outcomeFor(192, "payin")).toMatchObject({
      kind: "dispute",
      subStatus: "different_amount",
      then: "success",
      amountPercent: 90,
    });
    expect(outcomeFor(193, "payin")).toMatchObject({ kind: "dispute", subStatus: "confirm_timeout", then: "decline" });
    expect(outcomeFor(194, "payout")).toMatchObject({ kind: "error" });
    expect(outcomeFor(195, "payin")).toEqual({ kind: "manual" });
    expect(outcomeFor(196, "payout")).toMatchObject({ kind: "dispute", subStatus: "incorrect_requisites", then: "decline" });
    expect(outcomeFor(197, "payout")).toMatchObject({ kind: "dispute", subStatus: "payout_failed", then: "success" });
    expect(outcomeFor(198, "payout")).toMatchObject({ kind: "dispute", subStatus: "payout_timeout", then: "decline" });
    expect(outcomeFor(199, "payin")).toMatchObject({ kind: "decline_at_create" });
    expect(outcomeFor(196, "payin")).toEqual({ kind: "success" });
  });
});

describe("lifecycle", () => {
  it("walks the documented flows", () => {
    expect(nextTarget(app({ sub_status: "requisites" }))).toMatchObject({ status: "processing", sub_status: "awaiting_confirm" });
    expect(nextTarget(app({ sub_status: "awaiting_confirm" }))).toMatchObject({ status: "dispute", sub_status: "no_payment" });
    expect(nextTarget(app({ sub_status: "paid" }))).toMatchObject({ status: "success" });
    expect(nextTarget(app({ status: "dispute", sub_status: "no_payment" }))).toMatchObject({ status: "decline" });
    expect(nextTarget(app({ type: "payout", flow: "p2p_payout", sub_status: "new" }))).toMatchObject({
      sub_status: "requisites",
    });
    expect(nextTarget(app({ type: "payout", flow: "p2p_payout", sub_status: "requisites" }))).toMatchObject({
      sub_status: "payout_process",
    });
    expect(nextTarget(app({ status: "success", sub_status: null }))).toBeNull();
    expect(nextTarget(app({ status: "error", sub_status: null }))).toBeNull();
    expect(nextTarget(app({ rule: "95", sub_status: "awaiting_confirm" }))).toBeNull();
    expect(nextTarget(app({ rule: "94", sub_status: "requisites" }))).toMatchObject({ status: "error" });
    expect(nextTarget(app({ rule: "92", sub_status: "paid", amount: 10_092 }))).toEqual({
      status: "dispute",
      sub_status: "different_amount",
      status_description: null,
      amount: 9_082,
    });
  });

  it("waits for the payer until valid_until, one step otherwise", () => {
    const now = 1_000_000;
    expect(plannedStep(app({ sub_status: "requisites" }), 20, now)?.at).toBe(now + 20);
    expect(plannedStep(app({ sub_status: "awaiting_confirm", valid_until: 2_000 }), 20, now)?.at).toBe(2_000_000);
    expect(plannedStep(app({ sub_status: "awaiting_confirm", valid_until: 2_000, rule: "90" }), 20, now)?.at).toBe(now + 20);
  });
});

describe("configuration", () => {
  it("has defaults for everything", () => {
    const options = sandboxOptionsFromEnv({}, "/srv/app");
    expect(options).toMatchObject({
      port: DEFAULT_SANDBOX_PORT,
      stepMs: DEFAULT_STEP_MS,
      dataDir: path.resolve("/srv/app/.data"),
      faults: {},
    });
  });

  it("reads every variable and names the wrong ones", () => {
    const options = sandboxOptionsFromEnv(
      {
        SANDBOX_PORT: "4110",
        DATA_DIR: "tmp/e2e",
        SANDBOX_STEP_MS: "300",
        SANDBOX_CALLBACK_RETRIES: "2",
        SANDBOX_CALLBACK_BACKOFF_MS: "50",
        SANDBOX_CALLBACK_TIMEOUT_MS: "900",
        SANDBOX_FAULTS: "duplicate,delay=10",
        SANDBOX_SIGNATURE_PROFILE: "booleans=true/false",
      },
      "/srv/app",
    );
    expect(options).toMatchObject({
      port: 4110,
      dataDir: path.resolve("/srv/app/tmp/e2e"),
      stepMs: 300,
      callbackRetries: 2,
      callbackBackoffMs: 50,
      callbackTimeoutMs: 900,
      faults: { duplicate: 3, delay: 10 },
    });
    expect(options.signatureProfile?.booleans).toBe("true/false");
    expect(() =>
      sandboxOptionsFromEnv({ SANDBOX_STEP_MS: "fast", SANDBOX_FAULTS: "explode", SANDBOX_SIGNATURE_PROFILE: "x" }),
    ).toThrow(SandboxConfigError);
    try {
      sandboxOptionsFromEnv({ SANDBOX_STEP_MS: "fast", SANDBOX_FAULTS: "explode" });
    } catch (error) {
      expect((error as Error).message).toMatch(/SANDBOX_STEP_MS/);
      expect((error as Error).message).toMatch(/SANDBOX_FAULTS/);
    }
  });
});

describe("helpers", () => {
  it("delivers https on loopback hosts over http to the same port, anything else as given", () => {
    expect(deliveryUrl("https://localhost:3000/api/highhelp/callback/success")).toBe(
      "http://localhost:3000/api/highhelp/callback/success",
    );
    expect(deliveryUrl("https://127.0.0.1:3100/cb?x=1")).toBe("http://127.0.0.1:3100/cb?x=1");
    expect(deliveryUrl("https://[::1]:8443/cb")).toBe("http://[::1]:8443/cb");
    expect(deliveryUrl("https://localhost/cb")).toBe("http://localhost:443/cb");
    expect(deliveryUrl("https://shop.example/cb")).toBe("https://shop.example/cb");
  });

  it("issues deterministic, Luhn-valid requisites of the bank's country", () => {
    const kaspi = SANDBOX_BANKS.find((b) => b.bank_symbol === "kaspi-kzt")!;
    const a = recipientRequisites(kaspi, "card-p2p", "seed");
    expect(a).toEqual(recipientRequisites(kaspi, "card-p2p", "seed"));
    expect(a.pan).toMatch(/^\d{16}$/);
    expect(a.phone).toMatch(/^\+7\d{10}$/);
    expect(recipientRequisites(kaspi, "phone-p2p", "seed").pan).toBe(a.phone);
  });

  it("masks names and corrupts signatures", () => {
    expect(maskName("Alex Johnson")).toBe("Alex****nson");
    expect(maskName("Al")).toBe("****");
    const signature = Buffer.from("0123456789abcdef").toString("base64url");
    expect(corruptSignature(signature)).not.toBe(signature);
    expect(corruptSignature(signature)).toHaveLength(signature.length);
  });

  it("lets an application's faults override the run's, false switching one off", () => {
    expect(effectiveFaults({ drop: true, delay: 5 }, { drop: false })).toEqual({ delay: 5 });
    expect(effectiveFaults({ delay: 5 }, { delay: 9, duplicate: 2 })).toEqual({ delay: 9, duplicate: 2 });
  });
});
