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
