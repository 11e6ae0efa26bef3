import "server-only";
import { ConfigError, env } from "@/lib/server/env";
import { BUSINESS_TIME_ZONE } from "@/lib/dates/business-day";
import { startOfZonedDay } from "@/lib/dates/zoned";
import { message, money } from "@/lib/i18n/message";
import { CURRENCIES, parseMajorToMinor } from "@/lib/money/amounts";

/*
 * The payout policy per currency: above `approvalAbove` a second admin must approve;
 * above `maxPerPayout` a payout is refused; `maxPerDay` caps the sum of one business day's payouts,
 * the day in the organisation's zone (DEFAULT_TIME_ZONE), 23 or 25 hours long on DST changes (every
 * payout not refused or declined counts, including those waiting for approval).
 *
 * Set with PAYOUT_LIMITS, major units, e.g.
 *   PAYOUT_LIMITS="KZT:approval=500000,max=5000000,daily=20000000;RUB:approval=50000"
 * A currency or key left out keeps its default below. A currency with no policy here has no
 * payouts at all.
 */

export interface PayoutLimits {
  /** Minor units; a payout strictly above needs a second admin. */
  approvalAbove: bigint;
  maxPerPayout: bigint;
  maxPerDay: bigint;
}

const major = (currency: string, amount: string): bigint => {
  const parsed = parseMajorToMinor(amount, currency);
  if (!parsed.ok) throw new Error(`bad default ${amount} ${currency}`);
  return parsed.minor;
};

const DEFAULTS: Readonly<Record<string, { approval: string; max: string; daily: string }>> = {
  KZT: { approval: "500000", max: "5000000", daily: "20000000" },
  KGS: { approval: "100000", max: "1000000", daily: "4000000" },
  UZS: { approval: "12000000", max: "120000000", daily: "500000000" },
  RUB: { approval: "100000", max: "1000000", daily: "4000000" },
};

const KEYS = { approval: "approvalAbove", max: "maxPerPayout", daily: "maxPerDay" } as const;

/** Parses PAYOUT_LIMITS over the defaults; throws a ConfigError naming the broken part. */
export function parsePayoutLimits(text: string | undefined): Record<string, PayoutLimits> {
  const limits: Record<string, PayoutLimits> = {};
  for (const [currency, d] of Object.entries(DEFAULTS)) {
    limits[currency] = {
      approvalAbove: major(currency, d.approval),
      maxPerPayout: major(currency, d.max),
      maxPerDay: major(currency, d.daily),
    };
  }
  const fail = (why: string) => {
    throw new ConfigError(
      `Invalid configuration:\n  PAYOUT_LIMITS: ${why} (format: KZT:approval=500000,max=5000000,daily=20000000;RUB:…)`,
    );
  };
  for (const part of (text ?? "")
    .split(";")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [currency = "", settings = "", ...extra] = part.split(":").map((s) => s.trim());
    if (extra.length > 0) fail(`"${part}" has more than one ":" (separate currencies with ";")`);
    if (!(CURRENCIES as readonly string[]).includes(currency)) fail(`"${currency}" is not one of ${CURRENCIES.join(", ")}`);
    const entry = limits[currency]!;
    for (const setting of settings
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean)) {
      const [key = "", value = "", ...rest] = setting.split("=").map((s) => s.trim());
      if (rest.length > 0 || !Object.hasOwn(KEYS, key))
        fail(`"${setting}" for ${currency}: expected one of ${Object.keys(KEYS).join(", ")} = an amount`);
      const parsed = parseMajorToMinor(value, currency);
      if (!parsed.ok) fail(`${currency} ${key}: ${parsed.message}`);
      if (parsed.ok && parsed.minor <= 0n) fail(`${currency} ${key}: must be above zero`);
      entry[KEYS[key as keyof typeof KEYS]] = (parsed as { minor: bigint }).minor;
    }
  }
  return limits;
}

let cached: Record<string, PayoutLimits> | undefined;

/** The configured policy (PAYOUT_LIMITS over the defaults). */
export function payoutLimits(): Record<string, PayoutLimits> {
  cached ??= parsePayoutLimits(env.PAYOUT_LIMITS);
  return cached;
}

export function limitsFor(currency: string): PayoutLimits | undefined {
  return payoutLimits()[currency];
}

/** The instant the business day of `now` began in `zone`: the daily limit counts payouts from then. */
export function payoutDayStart(now: Date, zone: string = BUSINESS_TIME_ZONE): Date {
  return startOfZonedDay(now, zone);
}

/** `reason`: a message (lib/i18n/message.ts). */
export type LimitCheck = { ok: true; needsApproval: boolean } | { ok: false; reason: string };

/** Checks one payout against its currency's policy, given what the day already holds. */
export function checkPayoutLimits(
  limits: PayoutLimits | undefined,
  amount: bigint,
  currency: string,
  alreadyToday: bigint,
  zone: string = BUSINESS_TIME_ZONE,
): LimitCheck {
  if (!limits) return { ok: false, reason: message("payoutLimits.notEnabled", { currency }) };
  if (amount > limits.maxPerPayout) {
    return { ok: false, reason: message("payoutLimits.perPayout", { max: money(limits.maxPerPayout, currency) }) };
  }
  if (alreadyToday + amount > limits.maxPerDay) {
    const left = limits.maxPerDay > alreadyToday ? limits.maxPerDay - alreadyToday : 0n;
    return {
      ok: false,
      reason: message("payoutLimits.perDay", { max: money(limits.maxPerDay, currency), left: money(left, currency), zone }),
    };
  }
  return { ok: true, needsApproval: amount > limits.approvalAbove };
}
