import { describe, expect, it } from "vitest";
import { ConfigError } from "@/lib/server/env";
import { checkPayoutLimits, parsePayoutLimits, type PayoutLimits } from "./policy";

describe("parsePayoutLimits", () => {
  it("gives the defaults when PAYOUT_LIMITS is not set", () => {
    const limits = parsePayoutLimits(undefined);
    expect(Object.keys(limits).sort()).toEqual(["KGS", "KZT", "RUB", "UZS"]);
    expect(limits.KZT).toEqual({ approvalAbove: 50_000_000n, maxPerPayout: 500_000_000n, maxPerDay: 2_000_000_000n });
    expect(limits.RUB).toEqual({ approvalAbove: 10_000_000n, maxPerPayout: 100_000_000n, maxPerDay: 400_000_000n });
    expect(limits.KGS).toEqual({ approvalAbove: 10_000_000n, maxPerPayout: 100_000_000n, maxPerDay: 400_000_000n });
    expect(limits.UZS).toEqual({ approvalAbove: 1_200_000_000n, maxPerPayout: 12_000_000_000n, maxPerDay: 50_000_000_000n });
  });

  it("treats an empty or blank value as the defaults", () => {
    expect(parsePayoutLimits("")).toEqual(parsePayoutLimits(undefined));
    expect(parsePayoutLimits(" ; ")).toEqual(parsePayoutLimits(undefined));
  });

  it("overrides only the keys given, in exact minor units", () => {
    const limits = parsePayoutLimits("KZT:approval=1000.50,daily=5000;RUB:max=10");
    expect(limits.KZT).toEqual({ approvalAbove: 100_050n, maxPerPayout: 500_000_000n, maxPerDay: 500_000n });
    expect(limits.RUB).toEqual({ approvalAbove: 10_000_000n, maxPerPayout: 1_000n, maxPerDay: 400_000_000n });
    expect(limits.KGS).toEqual(parsePayoutLimits(undefined).KGS);
    expect(limits.UZS).toEqual(parsePayoutLimits(undefined).UZS);
  });

  it("tolerates spaces around parts, keys and values", () => {
    expect(parsePayoutLimits(" KZT : max = 1 000 ; ").KZT?.maxPerPayout).toBe(100_000n);
  });

  it("does not share state between calls", () => {
    parsePayoutLimits("KZT:max=1");
    expect(parsePayoutLimits(undefined).KZT?.maxPerPayout).toBe(500_000_000n);
  });

  it.each([
    ["an unknown currency", "USD:max=1", /"USD" is not one of KZT, KGS, UZS, RUB/],
    ["a lower-case currency", "kzt:max=1", /"kzt"/],
    ["an unknown key", "KZT:foo=1", /"foo=1" for KZT: expected one of approval, max, daily/],
    ["an inherited property name as key", "KZT:toString=1", /"toString=1" for KZT/],
    ["a second = in one setting", "KZT:max=1=2", /"max=1=2" for KZT/],
    ["a : typed instead of ;", "KZT:max=1,daily=2:RUB:max=3", /more than one ":"/],
    ["a zero amount", "KZT:max=0", /KZT max: must be above zero/],
    ["too many decimals", "KZT:max=1.234", /KZT max: Use at most 2 decimals/],
    ["a missing amount", "KZT:max=", /KZT max: Enter an amount/],
    ["a negative amount", "KZT:daily=-1", /KZT daily/],
  ])("refuses %s with a ConfigError naming PAYOUT_LIMITS", (_label, text, detail) => {
    expect(() => parsePayoutLimits(text)).toThrow(ConfigError);
    expect(() => parsePayoutLimits(text)).toThrow(/PAYOUT_LIMITS/);
    expect(() => parsePayoutLimits(text)).toThrow(detail);
  });
});

describe("checkPayoutLimits", () => {
  const limits: PayoutLimits = { approvalAbove: 50_000_000n, maxPerPayout: 500_000_000n, maxPerDay: 2_000_000_000n };

  it("needs no approval exactly at the threshold, and does one minor unit above", () => {
    expect(checkPayoutLimits(limits, 50_000_000n, "KZT", 0n)).toEqual({ ok: true, needsApproval: false });
    expect(checkPayoutLimits(limits, 50_000_001n, "KZT", 0n)).toEqual({ ok: true, needsApproval: true });
  });

  it("allows exactly the per-payout maximum and refuses one minor unit more", () => {
    expect(checkPayoutLimits(limits, 500_000_000n, "KZT", 0n)).toEqual({ ok: true, needsApproval: true });
    const refused = checkPayoutLimits(limits, 500_000_001n, "KZT", 0n);
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.reason).toBe("Above the limit of 5\u202f000\u202f000.00 KZT per payout.");
  });

  it("allows a payout that brings the day exactly to its maximum", () => {
    expect(checkPayoutLimits(limits, 100_000_000n, "KZT", 1_900_000_000n)).toEqual({ ok: true, needsApproval: true });
  });

  it("refuses one minor unit beyond the day's maximum, saying what is left", () => {
    const refused = checkPayoutLimits(limits, 100_000_001n, "KZT", 1_900_000_000n);
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.reason).toMatch(/left today/);
    expect(!refused.ok && refused.reason).toBe(
      "Above today's limit of 20\u202f000\u202f000.00 KZT: 1\u202f000\u202f000.00 KZT left today (UTC).",
    );
  });

  it("says nothing is left when the day is already over its maximum", () => {
    const refused = checkPayoutLimits(limits, 1n, "KZT", 2_100_000_000n);
    expect(!refused.ok && refused.reason).toMatch(/: 0\.00 KZT left today/);
  });

  it("checks the per-payout maximum before the daily one", () => {
    const refused = checkPayoutLimits(limits, 500_000_001n, "KZT", 2_000_000_000n);
    expect(!refused.ok && refused.reason).toMatch(/per payout/);
  });

  it("refuses a currency without a policy", () => {
    expect(checkPayoutLimits(undefined, 1n, "USD", 0n)).toEqual({ ok: false, reason: "Payouts in USD are not enabled." });
  });

  it("works on limits parsed from PAYOUT_LIMITS", () => {
    const parsed = parsePayoutLimits("KZT:approval=1000.50,daily=5000").KZT;
    expect(checkPayoutLimits(parsed, 100_050n, "KZT", 0n)).toEqual({ ok: true, needsApproval: false });
    expect(checkPayoutLimits(parsed, 100_051n, "KZT", 0n)).toEqual({ ok: true, needsApproval: true });
    expect(checkPayoutLimits(parsed, 1n, "KZT", 500_000n).ok).toBe(false);
  });
});
