import { formatMoney } from "@/lib/money/locale";
import { splitMessage, type MessageValue } from "./message";

/** The part of a next-intl translator this needs (`useTranslations()` on the client, `createTranslator` on the server). */
export interface Translator {
  (key: never, values?: never): string;
  has(key: never): boolean;
}

const KEY = /^[a-z][a-zA-Z0-9_]*(?:\.[a-zA-Z0-9_]+)+$/;

/**
 * A message (lib/i18n/message.ts) in the reader's words: amounts in their locale, and a value that is
 * itself a message put into words too ("Approved. {outcome}"). Text that is not a known key comes back
 * unchanged, so text that is already words passes through.
 */
export function putIntoWords(t: Translator, locale: string, text: string, extra?: Record<string, MessageValue>): string {
  const split = splitMessage(text);
  if (!KEY.test(split.key) || !t.has(split.key as never)) return text;
  const all = { ...split.values, ...extra };
  const words = Object.fromEntries(
    Object.entries(all).map(([name, value]) => [
      name,
      typeof value === "object"
        ? formatMoney(value.minor, value.currency, locale)
        : typeof value === "string"
          ? putIntoWords(t, locale, value)
          : value,
    ]),
  );
  return t(split.key as never, words as never);
}
