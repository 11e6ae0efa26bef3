import "server-only";
import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { addDays, startOfUtcWeek, utcIsoDay, utcDayStart } from "@/lib/dates/utc";

/*
 * The day an application counts on in the rollups: the day of its creation, cut in one time zone.
 * Every rollup day (folding, rebuilding, checking, reading) comes from here, so that a per-organisation
 * time zone changes this file and a rebuild, nothing else.
 */

/** The zone is UTC until the organisation's time zone setting exists. */
export const ROLLUP_TIME_ZONE = "UTC";
const ZONE = sql.raw(`'${ROLLUP_TIME_ZONE}'`);

/** The rollup day (a `date`) of a timestamptz, in SQL. */
export function rollupDay(at: SQLWrapper): SQL<string> {
  return sql<string>`(${at} at time zone ${ZONE})::date`;
}

/** The first instant of a `YYYY-MM-DD` rollup day, as a timestamptz in SQL (a day range's end is the next day's start). */
export function rollupDayStart(day: string, plusDays = 0): SQL {
  return sql`((${day}::date + ${plusDays}::integer)::timestamp at time zone ${ZONE})`;
}

/** The rollup day `at` falls on, `YYYY-MM-DD`. */
export function rollupDayOf(at: Date): string {
  return utcIsoDay(at);
}

/** The rollup day `days` days after (negative: before) `day`. */
export function shiftDay(day: string, days: number): string {
  return utcIsoDay(utcDayStart(day, days));
}

/** The Monday of the week `at` falls in, as a rollup day. */
export function weekStartDay(at: Date): string {
  return utcIsoDay(startOfUtcWeek(at));
}

/** Every day from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let at = utcDayStart(from), end = utcDayStart(to); at <= end; at = addDays(at, 1)) days.push(utcIsoDay(at));
  return days;
}
