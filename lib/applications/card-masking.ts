import { maskPan } from "@/lib/highhelp/redact";

/*
 * Masks the card numbers in our stored copies of HighHelp's data once they are no longer needed
 * (lib/applications/card-retention.ts). A card number is a run of 13 to 19 digits, possibly grouped
 * by single spaces or dashes; it becomes the first six digits, stars and the last four
 * (`411111******1111`). Only text is masked, never JSON numbers: amounts reach 14 digits. Masking
 * is idempotent: a masked value has no run longer than six digits.
 */

// A maximal run of digits grouped by single spaces or dashes: it neither starts nor ends next to another digit group.
const DIGIT_RUN = /(?<!\d[ -]?)\d(?:[ -]?\d)*/g;
const DIGITS = /\d+/g;

function isCardLength(digits: number): boolean {
  return digits >= 13 && digits <= 19;
}

function maskRun(run: string): string {
  const digits = run.replace(/[ -]/g, "").length;
  if (isCardLength(digits)) return maskPan(run);
  // A longer grouped run (`4111111111111111 2025`) still hides an ungrouped card number; a 20-digit
  // account number (one group, or grouped) stays as it is.
  if (digits > 19 && /[ -]/.test(run))
    return run.replace(DIGITS, (group) => (isCardLength(group.length) ? maskPan(group) : group));
  return run;
}

/** Masks every card number in a piece of text. */
export function maskCardNumbersInText(text: string): string {
  return text.replace(DIGIT_RUN, maskRun);
}

/** A deep copy with the card numbers in every string value masked; keys, numbers and other values are kept. */
export function maskCardNumbers(value: unknown): unknown {
  if (typeof value === "string") return maskCardNumbersInText(value);
  if (Array.isArray(value)) return value.map(maskCardNumbers);
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      // A "__proto__" key parsed from JSON is data: assigning it would swap out's prototype instead.
      Object.defineProperty(out, key, { value: maskCardNumbers(item), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}

// A double-quoted JSON string literal, or an unterminated one running to the end of the text.
const STRING_LITERAL = /"(?:[^"\\]|\\[\s\S])*(?:"|$)/g;
const KEY_FOLLOWS = /\s*:/y;

function maskLiteral(literal: string, end: number, text: string): string {
  if (!/\d/.test(literal)) return literal;
  const terminated = literal.length > 1 && literal.endsWith('"');
  if (terminated) {
    KEY_FOLLOWS.lastIndex = end;
    if (KEY_FOLLOWS.test(text)) return literal; // an object key
    let decoded: unknown;
    try {
      decoded = JSON.parse(literal);
    } catch {
      return maskCardNumbersInText(literal);
    }
    if (typeof decoded !== "string") return literal;
    const masked = maskCardNumbersInText(decoded);
    return masked === decoded ? literal : JSON.stringify(masked);
  }
  return maskCardNumbersInText(literal);
}

/**
 * Masks the card numbers in the string values of a JSON text, changing nothing else: numbers,
 * keys, spacing and escapes of untouched strings stay byte for byte (and big numbers exact, as
 * they are never parsed). Escaped digits (`\u0034`) are seen: a string is decoded before it is
 * masked. Text that is not JSON is masked inside its double-quoted strings, or whole when it has none.
 */
export function maskCardNumbersInJson(text: string): string {
  let valid = true;
  try {
    JSON.parse(text);
  } catch {
    valid = false;
  }
  if (!valid && !text.includes('"')) return maskCardNumbersInText(text);
  return text.replace(STRING_LITERAL, (literal: string, offset: number) => maskLiteral(literal, offset + literal.length, text));
}
