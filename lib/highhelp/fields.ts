/**
 * Limits and patterns of HighHelp request fields. No imports at all, so browser
 * forms can share them with the request schemas.
 */

export const AMOUNT_MIN = 1;
export const AMOUNT_MAX = 10_000_000_000_000;
export const LIFETIME_MIN_SECONDS = 300;
export const LIFETIME_MAX_SECONDS = 600;
export const URL_MAX_LENGTH = 2048;
/** The docs say ≤ 32 but every example is a 36-char UUID. */
export const PROJECT_ID_MAX_LENGTH = 64;

export const CURRENCY_PATTERN = /^[A-Z]{3}$/;
export const COUNTRY_PATTERN = /^[A-Z]{2}$/;
export const LANGUAGE_PATTERN = /^[a-z]{2}$/;
export const EXTRA_PARAM_PATTERN = /^[A-Za-z0-9_-]{1,16}$/;
/** `string<pan>` ≤ 32: digits only (our reading; the docs give no pattern). */
export const PAN_PATTERN = /^\d{1,32}$/;
/**
 * The card holder class is garbled in every copy of the docs (`[a-zA-Z - - ҐґЇїІіЄє0-9\s\-.']`);
 * our reading, from its prose: Latin and Cyrillic letters incl. Ukrainian ҐґЇїІіЄє, digits,
 * whitespace, `-`, `.`, `'`; 1-255 characters.
 */
export const CARD_HOLDER_PATTERN = /^[a-zA-Zа-яА-ЯёЁҐґЇїІіЄє0-9\s\-.']{1,255}$/;
/** Any phone: E.164 with the leading `+`. Per-country patterns below tighten it. */
export const PHONE_PATTERN = /^\+\d{7,15}$/;
export const PHONE_MAX_LENGTH = 24;

/**
 * Phone patterns per country (ISO alpha-2). Only Kazakhstan's is documented;
 * add geos here as their pages are obtained.
 */
export const PHONE_PATTERNS_BY_COUNTRY: Readonly<Record<string, RegExp>> = {
  KZ: /^\+7\d{10}$/,
};

/** Country of each currency met in the docs, to find the geo when `customer.country` is absent. */
export const COUNTRY_BY_CURRENCY: Readonly<Record<string, string>> = {
  KZT: "KZ",
  KGS: "KG",
  RUB: "RU",
  AZN: "AZ",
  TJS: "TJ",
  ARS: "AR",
  UZS: "UZ",
};

/** The phone pattern for a request's geo: `customer.country` first, else the currency's country. */
export function phonePatternFor(country: string | undefined, currency: string | undefined): RegExp | undefined {
  const geo = country ?? (currency === undefined ? undefined : COUNTRY_BY_CURRENCY[currency]);
  return geo === undefined ? undefined : PHONE_PATTERNS_BY_COUNTRY[geo];
}
