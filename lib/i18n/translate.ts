import { createTranslator } from "use-intl/core";
import { isLocale, type Locale } from "./locales";
import type { MessageValue } from "./message";
import en from "./messages/en.json";
import ru from "./messages/ru.json";
import { putIntoWords, type Translator } from "./words";

export const MESSAGES = { en, ru } as const satisfies Record<Locale, unknown>;

/** Words for a message (lib/i18n/message.ts) in `locale`, on the server; see putIntoWords. */
export function translateText(locale: string, text: string, values?: Record<string, MessageValue>): string {
  const messages = MESSAGES[isLocale(locale) ? locale : "en"];
  return putIntoWords(createTranslator({ locale, messages }) as unknown as Translator, locale, text, values);
}

/** What pages and components need of a translator (next-intl's `t`, from `useTranslations()` or `getTranslations()`). */
export interface Translate {
  (key: string, values?: Record<string, string | number | Date>): string;
  has(key: string): boolean;
}
