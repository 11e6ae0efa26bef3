import "server-only";
import { env } from "@/lib/server/env";
import { startOfZonedWeek, zonedDayStart, zonedIsoDay } from "./zoned";

/*
 * The organisation's business day: "today" and "this week" on the dashboard, the lists' and the audit
 * log's date filters, and the rollup days are all days of DEFAULT_TIME_ZONE. URLs carry plain
 * `YYYY-MM-DD` days, always meant in this zone, so a shared link selects the same rows for every reader
 * whatever their own time zone.
 */

export const BUSINESS_TIME_ZONE: string = env.DEFAULT_TIME_ZONE;

/** The instant the business day `isoDay` (plus `plusDays`) starts; a "to" filter ends where the next day starts. */
export function businessDayStart(isoDay: string, plusDays = 0): Date {
  return zonedDayStart(isoDay, BUSINESS_TIME_ZONE, plusDays);
}

/** The business day `at` falls on, `YYYY-MM-DD`. */
export function businessDayOf(at: Date): string {
  return zonedIsoDay(at, BUSINESS_TIME_ZONE);
}

/** The Monday of the business week `at` falls in, `YYYY-MM-DD`. */
export function businessWeekStart(at: Date): string {
  return zonedIsoDay(startOfZonedWeek(at, BUSINESS_TIME_ZONE), BUSINESS_TIME_ZONE);
}
