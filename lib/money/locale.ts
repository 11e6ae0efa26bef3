import { numberFormat } from "@/lib/i18n/intl-formats";
import { currencyExponent, minorToDecimal } from "./amounts";

/**
 * Amounts for people, in their locale: ru `1 234 567,50 ₸`, en `₸1,234,567.50`. Intl formats the exact
 * decimal string (never a float), with the currency's own exponent and its narrow sign (the code for SHOWN_BY_CODE).
 */
export function formatMoney(amount: number | bigint | string, currency: string, locale: string): string {
  return moneyFormat(currency, locale).format(minorToDecimal(amount, currency) as Intl.StringNumericLiteral);
}

/** The same number without the currency sign (tables whose column names the currency). */
export function formatAmount(amount: number | bigint | string, currency: string, locale: string): string {
  const exponent = currencyExponent(currency);
  return numberFormat(locale, { minimumFractionDigits: exponent, maximumFractionDigits: exponent }).format(
    minorToDecimal(amount, currency) as Intl.StringNumericLiteral,
  );
}

/**
 * Currencies shown by their code rather than their sign: the som's sign (U+20C0, "⃀") arrived in Unicode 14 (2021)
 * and most fonts staff have (Windows 10, DejaVu, older Androids) draw it as an empty box. The code reads the same
 * in every font and locale: `1 234,50 KGS`.
 */
const SHOWN_BY_CODE: ReadonlySet<string> = new Set(["KGS"]);

function moneyFormat(currency: string, locale: string): Intl.NumberFormat {
  const exponent = currencyExponent(currency);
  const code = currency.toUpperCase();
  return numberFormat(locale, {
    style: "currency",
    currency: code,
    currencyDisplay: SHOWN_BY_CODE.has(code) ? "code" : "narrowSymbol",
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  });
}
