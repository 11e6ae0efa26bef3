import { CURRENCY_EXPONENTS, currencyExponent, parseAmountInput } from "@/lib/money/amounts";

/*
 * How the lists read what was typed in their search box (client-safe, pure). The database side is
 * lib/applications/list-queries.ts search().
 */

/** Amounts above this many minor units cannot exist (HighHelp caps at 10^13). */
const AMOUNT_LIMIT = 10n ** 15n;
const DEFAULT_EXPONENT = currencyExponent("XXX");

/** The typed text as searched: trimmed, inner runs of spaces kept as one. */
export function searchText(q: string): string {
  return q.trim().replace(/\s+/g, " ");
}

/**
 * Whether a search may match thousands of rows: text without digits can be the start of a common name (a customer's or
 * a card holder's). Ids, card digits and amounts have digits and match a handful.
 */
export function mayMatchMany(text: string): boolean {
  return !/\d/.test(text);
}

/**
 * The phones a search text may be, as they are stored ("+" and 7 to 15 digits): spaces, dashes, dots and brackets
 * dropped, a missing "+" added, and the trunk prefix of Kazakhstan and Russia ("8 700 …" for "+7 700 …") read both ways.
 */
export function searchPhones(text: string): string[] {
  const typed = text.replace(/[\s().-]/g, "");
  const match = /^\+?(\d{7,15})$/.exec(typed);
  if (!match) return [];
  const digits = match[1]!;
  const phones = [`+${digits}`];
  if (!typed.startsWith("+") && /^8\d{10}$/.test(digits)) phones.push(`+7${digits.slice(1)}`);
  return phones;
}

/**
 * A masked card number as HighHelp and the lists show it (`440043******6789`; stars, x's or dots, spaces ignored): its
 * first six and last four digits. A card number typed whole reaches the search already masked (maskTypedCardNumbers).
 */
export function searchMaskedCard(text: string): { bin: string; last4: string } | null {
  const match = /^(\d{6})[*xX•·.]{2,9}(\d{4})$/.exec(text.replace(/[\s-]/g, ""));
  return match ? { bin: match[1]!, last4: match[2]! } : null;
}

export function isCardLast4(text: string): boolean {
  return /^\d{4}$/.test(text);
}

/**
 * An amount to match exactly: `minor` in the currencies listed, or (`"others"`) in every currency but those in
 * `except` (the ones whose exponent differs: unknown codes take the default exponent).
 */
export type SearchAmount = { minor: bigint; currencies: string[] } | { minor: bigint; currencies: "others"; except: string[] };

function parsed(text: string, currency: string): bigint | null {
  const result = parseAmountInput(text, currency);
  return result.ok && result.minor > 0n && result.minor <= AMOUNT_LIMIT ? result.minor : null;
}

/**
 * The amounts a search text may mean, one per currency exponent: `1 500,50` is 150050 minor units where the
 * exponent is 2 and nothing where it is 0. With a currency filter, only that currency's reading.
 */
export function searchAmounts(text: string, currency: string | null): SearchAmount[] {
  if (!/^\d/.test(text)) return [];
  if (currency) {
    const minor = parsed(text, currency);
    return minor === null ? [] : [{ minor, currencies: [currency] }];
  }
  const byExponent = new Map<number, string[]>();
  for (const [code, exponent] of Object.entries(CURRENCY_EXPONENTS)) {
    if (exponent !== DEFAULT_EXPONENT) byExponent.set(exponent, [...(byExponent.get(exponent) ?? []), code]);
  }
  const amounts: SearchAmount[] = [];
  const others = parsed(text, "XXX");
  if (others !== null) amounts.push({ minor: others, currencies: "others", except: [...byExponent.values()].flat().sort() });
  for (const codes of byExponent.values()) {
    const minor = parsed(text, codes[0]!);
    if (minor !== null) amounts.push({ minor, currencies: codes.sort() });
  }
  return amounts;
}
