import "server-only";
import { isTimeZone } from "@/lib/dates/zoned";
import { env } from "@/lib/server/env";
import { isLocale, negotiateLocale, type Locale } from "./locales";

/**
 * The language and zone someone reads in: their profile's, else their browser's languages, else the
 * organisation's defaults (DEFAULT_LOCALE, DEFAULT_TIME_ZONE). There is no locale in URLs: staff share
 * links across languages, and each reads them in their own.
 */
export function choosePreferences(
  user: { locale?: string | null; timeZone?: string | null } | null,
  acceptLanguage: string | null,
): { locale: Locale; timeZone: string } {
  const locale = isLocale(user?.locale) ? user.locale : (negotiateLocale(acceptLanguage) ?? env.DEFAULT_LOCALE);
  const timeZone = user?.timeZone && isTimeZone(user.timeZone) ? user.timeZone : env.DEFAULT_TIME_ZONE;
  return { locale, timeZone };
}
