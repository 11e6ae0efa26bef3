"use client";

import { useLocale, useTranslations } from "next-intl";
import { putIntoWords, type Translator } from "@/lib/i18n/words";

/** translateText for client components: a message (lib/i18n/message.ts) in the reader's words. */
export function useMessageText(): (text: string) => string {
  const t = useTranslations();
  const locale = useLocale();
  return (text) => putIntoWords(t as unknown as Translator, locale, text);
}
