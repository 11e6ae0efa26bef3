import { createTranslator } from "next-intl";
import { isLocale, type Locale } from "./locales";
import en from "./messages/en.json";
import ru from "./messages/ru.json";

export const MESSAGES = { en, ru } as const satisfies Record<Locale, unknown>;

const KEY = /^[a-z][a-zA-Z0-9_]*(?:\.[a-zA-Z0-9_]+)+$/;

/**
 * Words for a message key (`preferences.errors.locale`) in `locale`. Text that is not a known key
 * comes back unchanged, so code that still builds its messages in English keeps working.
 */
export function translateText(locale: string, text: string, values?: Record<string, string | number>): string {
  if (!KEY.test(text)) return text;
  const messages = MESSAGES[isLocale(locale) ? locale : "en"];
  const t = createTranslator({ locale, messages });
  return t.has(text as never) ? t(text as never, values as never) : text;
}

/** What pages and components need of a translator (next-intl's `t`, from `useTranslations()` or `getTranslations()`). */
export interface Translate {
  (key: string, values?: Record<string, string | number | Date>): string;
  has(key: string): boolean;
}
