import type { z } from "zod";

/*
 * List state in the URL, in the spirit of nuqs' parser maps: one map (URL name → parser) per
 * list serves its page, its route handlers and every link into it. Parsing never throws: a
 * refused value falls back to its default and its name is reported, so the page can say so.
 * Client-safe: no server or Node imports.
 */

export type SearchParamsInput = URLSearchParams | Record<string, string | string[] | undefined>;

/** One value per name (the last non-blank one wins when a name repeats). */
export interface SingleParser<T> {
  multi: false;
  schema: z.ZodType<T>;
  fallback: T;
  serialize: (value: T) => string;
}

/** A set of values: repeated names and comma-separated lists; refused items are dropped. */
export interface MultiParser<T> {
  multi: true;
  schema: z.ZodType<T>;
  fallback: T[];
  /** More items than this and the rest are dropped (and the name reported). */
  max: number;
  serialize: (value: T) => string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a map holds parsers of different value types
export type ParserMap = Record<string, SingleParser<any> | MultiParser<any>>;

/** The typed state a parser map describes. */
export type UrlState<P extends ParserMap> = { [K in keyof P]: P[K]["fallback"] };

export interface Parsed<P extends ParserMap> {
  state: UrlState<P>;
  /** Names present in the URL whose value was refused (and replaced by the default), in map order. */
  ignored: (keyof P & string)[];
  /** Names present in the URL that the map does not know. */
  unknown: string[];
}

/** A single-valued parameter; `fallback` is what a missing or refused value reads as, and is left out of URLs. */
export function param<T, F = T>(
  schema: z.ZodType<T>,
  fallback: F,
  serialize: (value: T | F) => string = String,
): SingleParser<T | F> {
  return { multi: false, schema, fallback, serialize };
}

/** A multi-valued parameter (default: empty). */
export function multiParam<T>(
  schema: z.ZodType<T>,
  { max = 50, serialize = String }: { max?: number; serialize?: (value: T) => string } = {},
): MultiParser<T> {
  return { multi: true, schema, fallback: [], max, serialize };
}

function readAll(input: SearchParamsInput, name: string): string[] {
  if (input instanceof URLSearchParams) return input.getAll(name);
  const value = input[name];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function names(input: SearchParamsInput): string[] {
  const keys = input instanceof URLSearchParams ? [...input.keys()] : Object.keys(input).filter((k) => input[k] !== undefined);
  return [...new Set(keys)];
}

/**
 * The wire format shared by serialisers and plain forms: repeated names become one
 * comma-separated value, blank values are left out.
 */
export function encodeSearch(entries: Iterable<[string, string]>): URLSearchParams {
  const grouped = new Map<string, string[]>();
  for (const [name, value] of entries) {
    if (value.trim() === "") continue;
    grouped.set(name, [...(grouped.get(name) ?? []), value]);
  }
  const search = new URLSearchParams();
  for (const [name, values] of grouped) search.set(name, values.join(","));
  return search;
}

/** `pathname?query`, or the bare pathname when the query is empty. */
export function withSearch(pathname: string, search: URLSearchParams): string {
  const query = search.toString();
  return query ? `${pathname}?${query}` : pathname;
}

export interface UrlStateKit<P extends ParserMap> {
  parsers: P;
  /** The state of an address without parameters. */
  defaults: UrlState<P>;
  /** Reads search parameters. Never throws. */
  parse(input: SearchParamsInput): Parsed<P>;
  /** Search parameters for a state (and optional changes), leaving out defaults: the inverse of `parse`. */
  serialize(state: UrlState<P>, patch?: Partial<UrlState<P>>): URLSearchParams;
  /** `pathname?query` for a state (and optional changes). */
  href(pathname: string, state: UrlState<P>, patch?: Partial<UrlState<P>>): string;
  /** The URL part of a larger object (drops derived fields). */
  pick(value: UrlState<P>): UrlState<P>;
}

/** Binds a parser map into parse / serialize / href (cf. nuqs' createSearchParamsCache and createSerializer). */
export function createUrlState<P extends ParserMap>(parsers: P): UrlStateKit<P> {
  const entries = Object.entries(parsers) as [keyof P & string, P[keyof P]][];
  const defaults = Object.fromEntries(entries.map(([name, parser]) => [name, parser.fallback])) as UrlState<P>;

  function parse(input: SearchParamsInput): Parsed<P> {
    const state: Record<string, unknown> = {};
    const ignored: (keyof P & string)[] = [];
    for (const [name, parser] of entries) {
      const raw = readAll(input, name).filter((v) => v.trim() !== "");
      if (parser.multi) {
        const items = raw
          .flatMap((v) => v.split(","))
          .map((v) => v.trim())
          .filter((v) => v !== "");
        const values: unknown[] = [];
        let refused = items.length > parser.max;
        for (const item of items.slice(0, parser.max)) {
          const parsed = parser.schema.safeParse(item);
          if (!parsed.success) refused = true;
          else if (!values.includes(parsed.data)) values.push(parsed.data);
        }
        if (refused) ignored.push(name);
        state[name] = values;
        continue;
      }
      const last = raw.at(-1);
      const parsed = last === undefined ? undefined : parser.schema.safeParse(last);
      if (parsed?.success) state[name] = parsed.data;
      else {
        state[name] = parser.fallback;
        if (parsed) ignored.push(name);
      }
    }
    const unknown = names(input).filter((name) => !Object.hasOwn(parsers, name));
    return { state: state as UrlState<P>, ignored, unknown };
  }

  function serialize(state: UrlState<P>, patch: Partial<UrlState<P>> = {}): URLSearchParams {
    const merged = { ...state, ...patch };
    const out: [string, string][] = [];
    for (const [name, parser] of entries) {
      const value = merged[name];
      if (value === null || value === undefined || value === parser.fallback) continue;
      if (parser.multi) {
        for (const item of value as unknown[]) out.push([name, parser.serialize(item)]);
      } else out.push([name, parser.serialize(value)]);
    }
    return encodeSearch(out);
  }

  return {
    parsers,
    defaults,
    parse,
    serialize,
    href: (pathname, state, patch) => withSearch(pathname, serialize(state, patch)),
    pick: (value) => Object.fromEntries(entries.map(([name]) => [name, value[name]])) as UrlState<P>,
  };
}
