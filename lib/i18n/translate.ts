import { createTranslator } from "next-intl";
import { formatMoney } from "@/lib/money/locale";
import { isLocale, type Locale } from "./locales";
import { splitMessage, type MessageValue } from "./message";
import en from "./messages/en.json";
import ru from "./messages/ru.json";

export const MESSAGES = { en, ru } as const satisfies Record<Locale, unknown>;

const KEY = /^[a-z][a-zA-Z0-9_]*(?:\.[a-zA-Z0-9_]+)+$/;

/**
 * Words for a message key (`preferences.errors.locale`) in `locale`, also one made with its values by
 * lib/i18n/message.ts. Text that is not a known key comes back unchanged, so code that still builds
 * its messages in English keeps working.
 */
export function translateText(locale: string, text: string, values?: Record<string, MessageValue>): string {
  const split = splitMessage(text);
  if (!KEY.test(split.key)) return text;
  const messages = MESSAGES[isLocale(locale) ? locale : "en"];
  const t = createTranslator({ locale, messages });
  if (!t.has(split.key as never)) return text;
  const all = { ...split.values, ...values };
  const words = Object.fromEntries(
    Object.entries(all).map(([name, value]) => [
      name,
      typeof value === "object" ? formatMoney(value.minor, value.currency, locale) : value,
    ]),
  );
  return t(split.key as never, words as never);
}

/** What pages and components need of a translator (next-intl's `t`, from `useTranslations()` or `getTranslations()`). */
export interface Translate {
  (key: string, values?: Record<string, string | number | Date>): string;
  has(key: string): boolean;
}
