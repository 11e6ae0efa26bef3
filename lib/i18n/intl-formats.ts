/*
 * Intl formatters, built once per locale and options. Building one (its locale data, a time zone's rules) costs
 * a hundred times more than formatting with it, and a list page formats hundreds of amounts and times with a
 * handful of them. Client-safe: the browser keeps its own copy.
 */

/** Locales × zones × currencies in use stay far below this; past it (options from nowhere) the cache starts over. */
const MAX_FORMATS = 500;

const formats = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function cached<F extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => F): F {
  let format = formats.get(key) as F | undefined;
  if (!format) {
    if (formats.size >= MAX_FORMATS) formats.clear();
    format = make();
    formats.set(key, format);
  }
  return format;
}

export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return cached(`d|${locale}|${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(locale, options));
}

export function numberFormat(locale: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  return cached(`n|${locale}|${JSON.stringify(options)}`, () => new Intl.NumberFormat(locale, options));
}
