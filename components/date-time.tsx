import { useLocale, useTimeZone } from "next-intl";
import { formatInZone } from "@/lib/dates/zoned";

/**
 * The one way a page shows an instant: in the reader's time zone (their profile's, else the
 * organisation's), with the zone's offset named, and the exact UTC instant in the tooltip and in
 * `dateTime`. Works in server components (request config) and client ones (the provider).
 */
export function DateTime({ at, unit = "second" }: { at: Date | string; unit?: "second" | "minute" }) {
  const locale = useLocale();
  const zone = useTimeZone() ?? "UTC";
  const iso = typeof at === "string" ? new Date(at).toISOString() : at.toISOString();
  return (
    <time dateTime={iso} title={iso} className="tabular-nums">
      {formatInZone(iso, zone, locale, unit)}
    </time>
  );
}
