import { numberFormat } from "@/lib/i18n/intl-formats";
import { currencyExponent, minorToDecimal } from "./amounts";

/**
 * Amounts for people, in their locale: ru `1 234 567,50 ₸`, en `₸1,234,567.50`. Intl formats the exact
 * decimal string (never a float), with the currency's own exponent and its narrow sign.
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

function moneyFormat(currency: string, locale: string): Intl.NumberFormat {
  const exponent = currencyExponent(currency);
  return numberFormat(locale, {
    style: "currency",
    currency: currency.toUpperCase(),
    currencyDisplay: "narrowSymbol",
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  });
}
