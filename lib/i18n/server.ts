import "server-only";
import { getLocale, getTimeZone } from "next-intl/server";
// eslint-disable-next-line no-restricted-imports -- its type only: this module replaces it
import type { getTranslations as nextIntlTranslations } from "next-intl/server";
import { cache } from "react";
import { _createCache, _createIntlFormatters, createTranslator, type AbstractIntlMessages } from "use-intl/core";
import { isLocale } from "./locales";
import { MESSAGES } from "./translate";

/*
 * The server's translator: next-intl's `getTranslations`, with its compiled messages kept for the life of the process.
 * next-intl compiles a message with arguments ("{count} unread") anew in every request, about 0.4 ms each, a few per
 * page; the catalogue never changes while the server runs, so each message is compiled once per language and zone.
 * Client components keep next-intl's `useTranslations`.
 */

type Shared = { cache: ReturnType<typeof _createCache>; formatters: ReturnType<typeof _createIntlFormatters> };

/** The same translator as next-intl's, keys unchecked (messages are checked by `npm run lint`). */
type ServerTranslator = Awaited<ReturnType<typeof nextIntlTranslations>>;

/** Two languages × the zones users chose stay far below this; past it (zones from nowhere) the cache starts over. */
const MAX_SHARED = 200;
const shared = new Map<string, Shared>();

function sharedFor(locale: string, timeZone: string): Shared {
  const key = `${locale}|${timeZone}`;
  let entry = shared.get(key);
  if (!entry) {
    if (shared.size >= MAX_SHARED) shared.clear();
    const messageCache = _createCache();
    entry = { cache: messageCache, formatters: _createIntlFormatters(messageCache) };
    shared.set(key, entry);
  }
  return entry;
}

/** The request's translator for `namespace` (all messages without one), in the reader's language and zone. */
export const getTranslations = cache(async (namespace?: string): Promise<ServerTranslator> => {
  const [locale, timeZone] = await Promise.all([getLocale(), getTimeZone()]);
  const { cache: messageCache, formatters } = sharedFor(locale, timeZone);
  return createTranslator({
    locale,
    timeZone,
    messages: MESSAGES[isLocale(locale) ? locale : "en"] as AbstractIntlMessages,
    namespace,
    _cache: messageCache,
    _formatters: formatters,
  }) as ServerTranslator;
});
