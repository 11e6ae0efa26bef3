"use client";

import { useLocale, useTranslations } from "next-intl";
import { splitMessage } from "@/lib/i18n/message";
import { formatMoney } from "@/lib/money/locale";

/** translateText for client components: a message (lib/i18n/message.ts) in the reader's words. */
export function useMessageText(): (text: string) => string {
  const t = useTranslations();
  const locale = useLocale();
  return (text) => {
    const { key, values } = splitMessage(text);
    if (!t.has(key as never)) return text;
    const words = Object.fromEntries(
      Object.entries(values ?? {}).map(([name, value]) => [
        name,
        typeof value === "object" ? formatMoney(value.minor, value.currency, locale) : value,
      ]),
    );
    return t(key as never, words as never);
  };
}
