/*
 * Business days in a time zone (the organisation's, e.g. Asia/Almaty): when a day starts as an instant,
 * which day an instant falls on, and times as a person in that zone reads them. Intl only, so client
 * components can use it; DST zones get days of 23 or 25 hours.
 */

import { dateTimeFormat } from "@/lib/i18n/intl-formats";
import { DAY_MS } from "./utc";

function partsFormat(zone: string): Intl.DateTimeFormat {
  return dateTimeFormat("en-US", {
    timeZone: zone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
}

/** The wall-clock fields of `at` in `zone`. */
function wallClock(at: Date, zone: string) {
  const fields: Record<string, number> = {};
  for (const part of partsFormat(zone).formatToParts(at)) {
    if (part.type !== "literal") fields[part.type] = Number(part.value);
  }
  return fields as Record<"year" | "month" | "day" | "hour" | "minute" | "second", number>;
}

/** True when `zone` is an IANA zone this runtime knows. */
export function isTimeZone(zone: string): boolean {
  try {
    partsFormat(zone);
    return true;
  } catch {
    return false;
  }
}

/** How far `zone`'s clock is ahead of UTC at `at`, in milliseconds. */
export function zoneOffsetMs(at: Date, zone: string): number {
  const w = wallClock(at, zone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/** The day `at` falls on in `zone`, as `YYYY-MM-DD`. */
export function zonedIsoDay(at: Date, zone: string): string {
  const w = wallClock(at, zone);
  return `${String(w.year).padStart(4, "0")}-${String(w.month).padStart(2, "0")}-${String(w.day).padStart(2, "0")}`;
}

/** The instant the `YYYY-MM-DD` day (plus `plusDays`) starts in `zone`. */
export function zonedDayStart(isoDay: string, zone: string, plusDays = 0): Date {
  const [y, m, d] = isoDay.split("-").map(Number) as [number, number, number];
  const midnightAsUtc = Date.UTC(y, m - 1, d + plusDays);
  // The offset at midnight can differ from the offset one guess earlier across a DST change: two steps settle it.
  let guess = midnightAsUtc - zoneOffsetMs(new Date(midnightAsUtc), zone);
  guess = midnightAsUtc - zoneOffsetMs(new Date(guess), zone);
  return new Date(guess);
}

/** `at` on `zone`'s wall clock as a spreadsheet reads a date and time: `2026-11-30 14:32:05`. */
export function zonedDateTimeText(at: Date, zone: string): string {
  const w = wallClock(at, zone);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${zonedIsoDay(at, zone)} ${two(w.hour)}:${two(w.minute)}:${two(w.second)}`;
}

/** The start of the day `at` falls on in `zone`. */
export function startOfZonedDay(at: Date, zone: string): Date {
  return zonedDayStart(zonedIsoDay(at, zone), zone);
}

/** Monday 00:00 in `zone` of the week `at` falls in. */
export function startOfZonedWeek(at: Date, zone: string): Date {
  const isoDay = zonedIsoDay(at, zone);
  const weekday = new Date(`${isoDay}T00:00:00Z`).getUTCDay();
  return zonedDayStart(isoDay, zone, -((weekday + 6) % 7));
}

/** The number of hours in a business day of `zone` (24, or 23 / 25 on DST changes). */
export function zonedDayHours(isoDay: string, zone: string): number {
  return (zonedDayStart(isoDay, zone, 1).getTime() - zonedDayStart(isoDay, zone).getTime()) / (DAY_MS / 24);
}

/** A time as a person in `zone` reads it, in `locale`, with the zone's offset named: `30.11.2026, 14:32:05 GMT+5`. */
export function formatInZone(at: Date | string, zone: string, locale: string, unit: "second" | "minute" = "second"): string {
  return dateTimeFormat(locale, {
    timeZone: zone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: unit === "second" ? "2-digit" : undefined,
    hourCycle: "h23",
    timeZoneName: "shortOffset",
  }).format(typeof at === "string" ? new Date(at) : at);
}
