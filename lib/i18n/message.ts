/*
 * A message key and its values as one string, so that messages with values travel where only text
 * goes (zod issues, AppError messages, field errors) and are put into words for the reader at the
 * end (translateText). Amounts travel as minor units and are written in the reader's locale.
 */

export type MoneyValue = { minor: string; currency: string };
export type MessageValue = string | number | MoneyValue;
export type MessageValues = Record<string, MessageValue>;

/** `amount.errors.decimals {"currency":"KZT","exponent":2}`; the key alone when there are no values. */
export function message(key: string, values?: MessageValues): string {
  return values && Object.keys(values).length > 0 ? `${key} ${JSON.stringify(values)}` : key;
}

/** An amount as a message value: written with formatMoney in the reader's locale. */
export function money(minor: number | bigint | string, currency: string): MoneyValue {
  return { minor: String(minor), currency };
}

/** The key and values of a string made by `message`; plain text comes back as the key with no values. */
export function splitMessage(text: string): { key: string; values?: MessageValues } {
  const space = text.indexOf(" {");
  if (space < 0 || !text.endsWith("}")) return { key: text };
  try {
    const values: unknown = JSON.parse(text.slice(space + 1));
    if (typeof values !== "object" || values === null || Array.isArray(values)) return { key: text };
    return { key: text.slice(0, space), values: values as MessageValues };
  } catch {
    return { key: text };
  }
}
