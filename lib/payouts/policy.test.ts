import { describe, expect, it } from "vitest";
import { ConfigError } from "@/lib/server/env";
import { translateText } from "@/lib/i18n/translate";
import { checkPayoutLimits, parsePayoutLimits, payoutDayStart, type LimitCheck, type PayoutLimits } from "./policy";

/** The reason of a refusal in `locale`'s words. */
const reason = (check: LimitCheck, locale = "en") => (check.ok ? null : translateText(locale, check.reason));

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
    expect(reason(refused)).toBe("Above the limit of ₸5,000,000.00 per payout.");
    expect(reason(refused, "ru")).toBe("Больше лимита 5\u00a0000\u00a0000,00\u00a0₸ на одну выплату.");
  });

  it("allows a payout that brings the day exactly to its maximum", () => {
    expect(checkPayoutLimits(limits, 100_000_000n, "KZT", 1_900_000_000n)).toEqual({ ok: true, needsApproval: true });
  });

  it("refuses one minor unit beyond the day's maximum, saying what is left", () => {
    const refused = checkPayoutLimits(limits, 100_000_001n, "KZT", 1_900_000_000n, "Asia/Almaty");
    expect(refused.ok).toBe(false);
    expect(reason(refused)).toBe("Above today's limit of ₸20,000,000.00: ₸1,000,000.00 left today (the day in Asia/Almaty).");
    expect(reason(refused, "ru")).toBe(
      "Больше дневного лимита 20\u00a0000\u00a0000,00\u00a0₸: на сегодня осталось 1\u00a0000\u00a0000,00\u00a0₸ (день по времени Asia/Almaty).",
    );
  });

  it("says nothing is left when the day is already over its maximum", () => {
    const refused = checkPayoutLimits(limits, 1n, "KZT", 2_100_000_000n);
    expect(reason(refused)).toMatch(/: ₸0\.00 left today/);
  });

  it("checks the per-payout maximum before the daily one", () => {
    const refused = checkPayoutLimits(limits, 500_000_001n, "KZT", 2_000_000_000n);
    expect(reason(refused)).toMatch(/per payout/);
  });

  it("refuses a currency without a policy", () => {
    expect(reason(checkPayoutLimits(undefined, 1n, "USD", 0n))).toBe("Payouts in USD are not enabled.");
  });

  it("works on limits parsed from PAYOUT_LIMITS", () => {
    const parsed = parsePayoutLimits("KZT:approval=1000.50,daily=5000").KZT;
    expect(checkPayoutLimits(parsed, 100_050n, "KZT", 0n)).toEqual({ ok: true, needsApproval: false });
    expect(checkPayoutLimits(parsed, 100_051n, "KZT", 0n)).toEqual({ ok: true, needsApproval: true });
    expect(checkPayoutLimits(parsed, 1n, "KZT", 500_000n).ok).toBe(false);
  });
});

describe("payoutDayStart", () => {
  it("starts the limit's day at midnight in the organisation's zone, not in UTC", () => {
    // 20:30 UTC on 30 November is already 1 December in Almaty (UTC+5).
    expect(payoutDayStart(new Date("2026-11-30T20:30:00Z"), "Asia/Almaty").toISOString()).toBe("2026-11-30T19:00:00.000Z");
    expect(payoutDayStart(new Date("2026-11-30T18:59:59Z"), "Asia/Almaty").toISOString()).toBe("2026-11-29T19:00:00.000Z");
  });

  it("follows a DST zone's 23- and 25-hour days (Europe/Berlin)", () => {
    // 29 March 2026: clocks go from 02:00 CET to 03:00 CEST; the day began at 00:00 CET.
    expect(payoutDayStart(new Date("2026-03-29T21:59:59Z"), "Europe/Berlin").toISOString()).toBe("2026-03-28T23:00:00.000Z");
    // 23 hours later the next day begins, at 00:00 CEST.
    expect(payoutDayStart(new Date("2026-03-29T22:00:00Z"), "Europe/Berlin").toISOString()).toBe("2026-03-29T22:00:00.000Z");
    // 25 October 2026: clocks go back from 03:00 CEST to 02:00 CET; the day lasts 25 hours.
    expect(payoutDayStart(new Date("2026-10-25T22:59:59Z"), "Europe/Berlin").toISOString()).toBe("2026-10-24T22:00:00.000Z");
    expect(payoutDayStart(new Date("2026-10-25T23:00:00Z"), "Europe/Berlin").toISOString()).toBe("2026-10-25T23:00:00.000Z");
  });
});
