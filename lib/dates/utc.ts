/*
 * Days are UTC days everywhere in the back office (lists, dashboard, audit log, payout limits), and
 * times are shown in UTC. No Node-only imports: client components format with these too.
 */

import { dateTimeFormat } from "@/lib/i18n/intl-formats";

export const DAY_MS = 86_400_000;

/** 00:00 UTC of the day `at` falls on. */
export function startOfUtcDay(at = new Date()): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}

/** Monday 00:00 UTC of the week `at` falls in. */
export function startOfUtcWeek(at = new Date()): Date {
  const day = startOfUtcDay(at);
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - sinceMonday * DAY_MS);
}

/** `days` whole days after (or, negative, before) `at`. */
export function addDays(at: Date, days: number): Date {
  return new Date(at.getTime() + days * DAY_MS);
}

/** 00:00 UTC of a `YYYY-MM-DD` day, plus `plusDays` (the end of a "to" filter is the next day's start). */
export function utcDayStart(isoDay: string, plusDays = 0): Date {
  const [y, m, d] = isoDay.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + plusDays));
}

/** The UTC day of `at` as `YYYY-MM-DD`. */
export function utcIsoDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/**
 * A time as shown on pages: `2026-11-18 12:00:05` (or to the minute), UTC. Takes a Date or the
 * ISO text a server component hands to a client one (`…T12:00:05.123456Z` keeps its microseconds
 * out of the display).
 */
export function formatUtc(at: Date | string, unit: "second" | "minute" = "second"): string {
  const iso = typeof at === "string" ? at : at.toISOString();
  return iso.replace("T", " ").slice(0, unit === "second" ? 19 : 16);
}

/**
 * A calendar day (`2026-11-02`) or month (`2026-11`) as its reader writes it: `02.11.2026`, `11/02/2026`,
 * `ноябрь 2026 г.`, `November 2026`. The day is a date, not an instant: formatted on UTC so no zone moves it.
 */
export function formatCalendarPeriod(period: string, locale: string): string {
  const month = /^\d{4}-\d{2}$/.test(period);
  const at = new Date(`${month ? `${period}-01` : period}T00:00:00Z`);
  if (Number.isNaN(at.getTime())) return period;
  return dateTimeFormat(locale, {
    timeZone: "UTC",
    ...(month ? { year: "numeric", month: "long" } : { year: "numeric", month: "2-digit", day: "2-digit" }),
  }).format(at);
}
