import "server-only";
import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { BUSINESS_TIME_ZONE, businessDayOf, businessWeekStart } from "@/lib/dates/business-day";
import { addDays, utcIsoDay, utcDayStart } from "@/lib/dates/utc";

/*
 * The day an application counts on in the rollups: the day of its creation, cut in the organisation's
 * time zone (DEFAULT_TIME_ZONE, lib/dates/business-day). Every rollup day (folding, rebuilding, checking,
 * reading) comes from here. Changing DEFAULT_TIME_ZONE needs `npm run db:rollups:rebuild` once: rows folded
 * before keep the days of the old zone until then (`npm run db:rollups:check` shows the difference).
 */

export const ROLLUP_TIME_ZONE = BUSINESS_TIME_ZONE;
// A literal, not a parameter: the same expression appears in select and group by. The zone is a
// validated IANA name (lib/server/env); quotes are doubled all the same.
const ZONE = sql.raw(`'${ROLLUP_TIME_ZONE.replaceAll("'", "''")}'`);

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
  return businessDayOf(at);
}

/** The rollup day `days` days after (negative: before) `day` (calendar arithmetic: days are dates here, not instants). */
export function shiftDay(day: string, days: number): string {
  return utcIsoDay(utcDayStart(day, days));
}

/** The Monday of the week `at` falls in, as a rollup day. */
export function weekStartDay(at: Date): string {
  return businessWeekStart(at);
}

/** Every day from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let at = utcDayStart(from), end = utcDayStart(to); at <= end; at = addDays(at, 1)) days.push(utcIsoDay(at));
  return days;
}

/** The first day of the month after the one `day` falls in. */
function nextMonthStart(day: string): string {
  const [y, m] = day.split("-").map(Number) as [number, number];
  return utcIsoDay(new Date(Date.UTC(y, m, 1)));
}

/**
 * The whole months within the days `from`…`to` (both included; null: open), as the first day of the first one and
 * of the month after the last one (`end`, excluded; null: open). Null when not one whole month fits between them.
 */
export function wholeMonths(from: string | null, to: string | null): { first: string | null; end: string | null } | null {
  const first = from === null || from.endsWith("-01") ? from : nextMonthStart(from);
  const end = to === null ? null : nextMonthStart(to) === shiftDay(to, 1) ? shiftDay(to, 1) : `${to.slice(0, 8)}01`;
  return first !== null && end !== null && first >= end ? null : { first, end };
}
