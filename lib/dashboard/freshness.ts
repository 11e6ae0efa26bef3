import { formatUtc, utcIsoDay } from "@/lib/dates/utc";

/**
 * How fresh the dashboard's rollup figures are, in words: "as of 14:32:05 UTC" when they were folded today,
 * with the date otherwise, and what to expect before the first fold.
 */
export function asOfText(asOf: Date | null, now: Date): string {
  if (!asOf) return "not computed yet: the reconciliation job folds them in within seconds";
  const at = formatUtc(asOf);
  return `as of ${utcIsoDay(asOf) === utcIsoDay(now) ? at.slice(11) : at} UTC`;
}
