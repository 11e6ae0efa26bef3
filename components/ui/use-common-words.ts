"use client";

import { useTranslations } from "next-intl";

export const COMMON_WORDS = ["back", "working", "copy", "copied", "copyLabel", "copyFailed"] as const;
type Word = (typeof COMMON_WORDS)[number];

const ENGLISH: Record<Word, string> = {
  back: "Back",
  working: "Working…",
  copy: "Copy",
  copied: "Copied",
  copyLabel: "Copy {label}",
  copyFailed: "Could not copy: select the text and copy it by hand.",
};

/**
 * The words of the shared primitives (namespace `common`). Their component tests render them
 * without NextIntlClientProvider: there they read English instead of throwing. The hook order stays
 * the same either way (useTranslations reads its context before it throws).
 */
export function useCommonWords(): (word: Word, values?: Record<string, string>) => string {
  try {
    const t = useTranslations("common");
    return (word, values) => t(word, values);
  } catch {
    return (word, values) => ENGLISH[word].replace(/\{(\w+)\}/g, (_, name: string) => values?.[name] ?? "");
  }
}
