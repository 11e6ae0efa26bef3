/**
 * Money is integer minor units end to end. Exponents per currency live here and only here
 * (docs/highhelp-decisions.md#amounts-and-currencies). Unknown currencies fall back to 2.
 */
export const CURRENCY_EXPONENTS: Readonly<Record<string, number>> = {
  KZT: 2,
  KGS: 2,
  UZS: 2,
  RUB: 2,
  AZN: 2,
  TJS: 2,
  ARS: 2,
  USD: 2,
  EUR: 2,
};

export const CURRENCIES = ["KZT", "KGS", "UZS", "RUB"] as const;

export function currencyExponent(currency: string): number {
  return CURRENCY_EXPONENTS[currency.toUpperCase()] ?? 2;
}

function toBigInt(amount: number | bigint | string): bigint {
  if (typeof amount === "bigint") return amount;
  if (typeof amount === "number") {
    if (!Number.isSafeInteger(amount)) throw new RangeError(`amount ${amount} is not an exact integer`);
    return BigInt(amount);
  }
  if (!/^-?\d+$/.test(amount)) throw new RangeError(`amount "${amount}" is not an integer`);
  return BigInt(amount);
}

/** "10000" → "10 000", grouped by narrow no-break spaces as amounts are. */
export function groupThousands(digits: string | number): string {
  return String(digits).replace(/\B(?=(\d{3})+(?!\d))/g, "\u202f");
}

/** Sign, whole digits and fraction digits of minor units, by string arithmetic (never floats). */
function splitMinor(amount: number | bigint | string, currency: string): { negative: boolean; whole: string; fraction: string } {
  const exponent = currencyExponent(currency);
  const value = toBigInt(amount);
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(exponent + 1, "0");
  return {
    negative,
    whole: digits.slice(0, digits.length - exponent),
    fraction: exponent > 0 ? digits.slice(digits.length - exponent) : "",
  };
}

/** "1234567" KZT → "12 345.67 KZT" (narrow no-break space groups, dot decimals). Never uses floats. */
export function formatMinor(
  amount: number | bigint | string,
  currency: string,
  options: { withCurrency?: boolean } = {},
): string {
  const { negative, whole, fraction } = splitMinor(amount, currency);
  const text = `${negative ? "−" : ""}${groupThousands(whole)}${fraction ? `.${fraction}` : ""}`;
  return options.withCurrency === false ? text : `${text} ${currency.toUpperCase()}`;
}

/** Plain machine-readable decimal text for files (CSV): 123456 KZT → "1234.56", no grouping, ASCII minus; "" for none. */
export function minorToDecimal(amount: number | bigint | string | null | undefined, currency: string): string {
  if (amount === null || amount === undefined) return "";
  const { negative, whole, fraction } = splitMinor(amount, currency);
  return `${negative ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`;
}

export type ParsedAmount = { ok: true; minor: bigint } | { ok: false; message: string };

/**
 * Parses an amount typed in major units ("1 500.50", "1500,5") into exact minor units with string
 * arithmetic. Refuses more decimals than the currency has, signs, exponents and other noise.
 */
export function parseMajorToMinor(input: string, currency: string): ParsedAmount {
  const exponent = currencyExponent(currency);
  const compact = input.trim().replace(/[\s\u00a0\u202f']/g, "");
  if (compact === "") return { ok: false, message: "Enter an amount." };
  // "1,500.50", or "1,500" where three decimals cannot be meant: a comma between thousands, which
  // would otherwise read as the decimal separator.
  if ((compact.includes(",") && compact.includes(".")) || (exponent < 3 && /^\d+,\d{3}$/.test(compact))) {
    return { ok: false, message: "Separate thousands with spaces, not commas: 1 500.50." };
  }
  const text = compact.replace(",", ".");
  const match = /^(\d+)(?:\.(\d*))?$/.exec(text);
  if (!match) return { ok: false, message: "Enter a number like 1500.00." };
  const whole = match[1] ?? "0";
  const fraction = match[2] ?? "";
  if (fraction.length > exponent) {
    return {
      ok: false,
      message: exponent === 0 ? `${currency} has no fractional units.` : `Use at most ${exponent} decimals for ${currency}.`,
    };
  }
  return { ok: true, minor: BigInt(whole + fraction.padEnd(exponent, "0")) };
}

/** The largest amount a `bigint` (int8) column holds, in minor units. */
export const MINOR_UNITS_MAX = 9_223_372_036_854_775_807n;

/**
 * What went wrong with a typed amount: a message key of lib/i18n/messages (namespace `amount`) and
 * the values it needs.
 */
export type AmountInputProblem = { key: string; values?: Record<string, string | number> };
export type ParsedAmountInput = { ok: true; minor: bigint } | ({ ok: false } & AmountInputProblem);

const GROUP_SPACES = /[\s\u00a0\u202f\u2009\u2007']+/;

/**
 * Parses an amount as people type it in Russian or English, in major units, into exact minor units
 * (string arithmetic; never floats). Accepted:
 *
 * - a decimal comma or point: `1500,50`, `1500.50`, `1500.5`, `1500`;
 * - thousands grouped by spaces (also no-break, narrow no-break, thin spaces and `'`): `1 500,50`, `1 500`;
 * - thousands grouped by the other punctuation mark when both appear, the last one being the decimal
 *   separator: `1,500.50`, `1.500,50`;
 * - the same mark twice or more can only group thousands: `1.500.000`, `1,500,000` (no decimals).
 *
 * Groups after the first have exactly three digits (`15 00` is refused). Refused with a message key:
 * empty input (`amount.errors.required`), anything else than digits and separators, such as signs,
 * exponents or currency symbols (`amount.errors.format`), one comma or point followed by exactly
 * three digits after one to three digits (`1,500`, `1.500`) in a currency whose exponent is not 3, which
 * reads as thousands in one language and as decimals in the other (`amount.errors.ambiguous`), more
 * decimals than the currency has (`amount.errors.decimals`, `amount.errors.noDecimals`), and more than
 * a bigint column holds (`amount.errors.tooLarge`).
 */
export function parseAmountInput(input: string, currency: string): ParsedAmountInput {
  const exponent = currencyExponent(currency);
  const text = input.trim();
  if (text === "") return { ok: false, key: "amount.errors.required" };
  if (text.length > 64 || !/^[\d.,]/.test(text) || !/^[\d.,\s\u00a0\u202f\u2009\u2007']+$/.test(text)) {
    return { ok: false, key: "amount.errors.format" };
  }
  const commas = text.split(",").length - 1;
  const points = text.split(".").length - 1;
  let decimalMark: "," | "." | null = null;
  let groupMark: "," | "." | null = null;
  if (commas > 0 && points > 0) {
    decimalMark = text.lastIndexOf(",") > text.lastIndexOf(".") ? "," : ".";
    groupMark = decimalMark === "," ? "." : ",";
    if ((decimalMark === "," ? commas : points) > 1) return { ok: false, key: "amount.errors.format" };
  } else if (commas + points > 1) {
    groupMark = commas > 0 ? "," : ".";
  } else if (commas + points === 1) {
    decimalMark = commas > 0 ? "," : ".";
  }
  const [wholeText = "", fraction = ""] = decimalMark ? text.split(decimalMark) : [text];
  if (!/^\d*$/.test(fraction)) return { ok: false, key: "amount.errors.format" };
  const groups = wholeText.split(groupMark ? new RegExp(`[${groupMark}]|${GROUP_SPACES.source}`) : GROUP_SPACES);
  if (groups.some((group) => !/^\d+$/.test(group))) return { ok: false, key: "amount.errors.format" };
  if (groups.length > 1 && (groups[0]!.length > 3 || groups.slice(1).some((group) => group.length !== 3))) {
    return { ok: false, key: "amount.errors.grouping" };
  }
  if (decimalMark && !groupMark && groups.length === 1 && fraction.length === 3 && exponent !== 3) {
    if (/^[1-9]\d{0,2}$/.test(groups[0]!)) {
      const whole = groups[0]!;
      return {
        ok: false,
        key: "amount.errors.ambiguous",
        values: {
          typed: `${whole}${decimalMark}${fraction}`,
          whole,
          fraction,
          decimals: `${whole}${decimalMark}${fraction.slice(0, exponent)}`,
          hasDecimals: exponent > 0 ? "yes" : "no",
          exponent,
          currency,
        },
      };
    }
  }
  if (fraction.length > exponent) {
    return exponent === 0
      ? { ok: false, key: "amount.errors.noDecimals", values: { currency } }
      : { ok: false, key: "amount.errors.decimals", values: { currency, exponent } };
  }
  const minor = BigInt(groups.join("") + fraction.padEnd(exponent, "0"));
  if (minor > MINOR_UNITS_MAX) return { ok: false, key: "amount.errors.tooLarge" };
  return { ok: true, minor };
}
