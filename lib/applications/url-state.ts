import { z } from "zod";
import { H2H_METHOD_CODES, WIDGET_METHOD_CODES } from "@/lib/highhelp/methods";
import { parseMajorToMinor } from "@/lib/money/amounts";
import { INTEGRATIONS, PRODUCTS, STATUSES, SUB_STATUSES } from "@/lib/highhelp/status";

/*
 * The URL state of the payins / payouts lists. One parser map serves the pages, the CSV export
 * and the links they build: whatever a URL holds, parsing never throws; a bad value falls back
 * to its default and is reported in `ignored` so the page can say so.
 * Client-safe: no server imports.
 */

export const SORT_KEYS = ["created", "updated", "amount", "payment_id"] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export const SORT_DIRECTIONS = ["asc", "desc"] as const;
export type SortDirection = (typeof SORT_DIRECTIONS)[number];
export const PAGE_SIZES = [25, 50, 100] as const;
export type PageSize = (typeof PAGE_SIZES)[number];
export const LIST_VIEWS = ["all", "attention"] as const;
export type ListView = (typeof LIST_VIEWS)[number];
/** `not_sent`: no HighHelp status yet (status is null). */
export const STATUS_FILTERS = [...STATUSES, "not_sent"] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

/** Every method code, for the filter (H2H `method`, then widget `widget_method`). */
export const METHOD_CODES = [...H2H_METHOD_CODES, ...WIDGET_METHOD_CODES] as const;

export const SEARCH_MAX_LENGTH = 100;
/** Amounts above this many minor units cannot exist (HighHelp caps at 10^13) and would overflow bigint maths. */
const AMOUNT_FILTER_LIMIT = 10n ** 15n;

export interface Cursor {
  sort: SortKey;
  dir: SortDirection;
  /** The sort column's value as text: an exact timestamp (µs, UTC), an integer, or a payment_id. */
  value: string;
  id: number;
}

const TIMESTAMP_TEXT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

const cursorTuple = z.tuple([z.enum(SORT_KEYS), z.enum(SORT_DIRECTIONS), z.string().max(200), z.number().int().positive().max(Number.MAX_SAFE_INTEGER)]);

function cursorValueValid(sort: SortKey, value: string): boolean {
  if (sort === "created" || sort === "updated") return TIMESTAMP_TEXT.test(value) && !Number.isNaN(Date.parse(value));
  if (sort === "amount") return /^\d{1,16}$/.test(value);
  return value.length > 0;
}

function toBase64Url(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): string | null {
  if (!/^[A-Za-z0-9_-]{1,800}$/.test(text)) return null;
  try {
    const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Opaque, URL-safe text for a keyset position (sort and direction included, so a stale cursor is refused). */
export function encodeCursor(cursor: Cursor): string {
  return toBase64Url(JSON.stringify([cursor.sort, cursor.dir, cursor.value, cursor.id]));
}

export function decodeCursor(text: string): Cursor | null {
  const json = fromBase64Url(text);
  if (json === null) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return null;
  }
  const parsed = cursorTuple.safeParse(raw);
  if (!parsed.success) return null;
  const [sort, dir, value, id] = parsed.data;
  return cursorValueValid(sort, value) ? { sort, dir, value, id } : null;
}

/** A `YYYY-MM-DD` calendar date (UTC) between 2000 and 2100, as list filters take it. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((text) => {
    const [y, m, d] = text.split("-").map(Number) as [number, number, number];
    const date = new Date(Date.UTC(y, m - 1, d));
    return y >= 2000 && y <= 2100 && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  });

/** Major units as typed ("1 500.50", "1500,5"); converted to minor units once the currency is known. */
const amountText = z
  .string()
  .max(24)
  .regex(/^\d[\d \u00a0\u202f']*(?:[.,]\d*)?$/)
  .transform((text) => text.replace(/[ \u00a0\u202f']/g, ""));

const searchText = z
  .string()
  // Control characters never belong in an identifier; the rest is bound as a parameter.
  .transform((text) => text.replace(/[\u0000-\u001f\u007f]/g, "").trim())
  .pipe(z.string().min(1).max(SEARCH_MAX_LENGTH));

const pageSize = z
  .string()
  .regex(/^\d{1,4}$/)
  .transform(Number)
  .pipe(z.literal(PAGE_SIZES));

const cursorText = z.string().transform((text, ctx) => decodeCursor(text) ?? (ctx.addIssue({ code: "custom", message: "bad cursor" }), z.NEVER));

/**
 * The parser map: URL name → schema of one value, and its default. Multi-value parameters
 * (`multi: true`) accept repeated names and comma-separated lists; unknown items are dropped.
 */
export const listParamParsers = {
  view: { schema: z.enum(LIST_VIEWS), fallback: "all" as ListView },
  q: { schema: searchText, fallback: "" },
  status: { schema: z.enum(STATUS_FILTERS), fallback: [] as StatusFilter[], multi: true },
  sub_status: { schema: z.enum(SUB_STATUSES), fallback: [] as string[], multi: true },
  currency: { schema: z.string().trim().toUpperCase().pipe(z.string().regex(/^[A-Z]{3}$/)), fallback: null as string | null },
  method: { schema: z.string().trim().toLowerCase().pipe(z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/)), fallback: null as string | null },
  product: { schema: z.enum(PRODUCTS), fallback: null as (typeof PRODUCTS)[number] | null },
  integration: { schema: z.enum(INTEGRATIONS), fallback: null as (typeof INTEGRATIONS)[number] | null },
  from: { schema: isoDate, fallback: null as string | null },
  to: { schema: isoDate, fallback: null as string | null },
  min: { schema: amountText, fallback: null as string | null },
  max: { schema: amountText, fallback: null as string | null },
  sort: { schema: z.enum(SORT_KEYS), fallback: "created" as SortKey },
  dir: { schema: z.enum(SORT_DIRECTIONS), fallback: "desc" as SortDirection },
  size: { schema: pageSize, fallback: 50 as PageSize },
  after: { schema: cursorText, fallback: null as Cursor | null },
  before: { schema: cursorText, fallback: null as Cursor | null },
} as const;

export type ListParamName = keyof typeof listParamParsers;

/** Everything a list URL can say, typed. */
export interface ListState {
  view: ListView;
  q: string;
  status: StatusFilter[];
  sub_status: string[];
  currency: string | null;
  method: string | null;
  product: (typeof PRODUCTS)[number] | null;
  integration: (typeof INTEGRATIONS)[number] | null;
  from: string | null;
  to: string | null;
  min: string | null;
  max: string | null;
  sort: SortKey;
  dir: SortDirection;
  size: PageSize;
  after: Cursor | null;
  before: Cursor | null;
}

export interface ListParams extends ListState {
  /** The amount range in exact minor units of the currency filter's exponent (2 without one). */
  minMinor: bigint | null;
  maxMinor: bigint | null;
  /** Parameters present in the URL whose value was refused (and replaced by the default). */
  ignored: ListParamName[];
}

export type SearchParamsInput = URLSearchParams | Record<string, string | string[] | undefined>;

function readAll(input: SearchParamsInput, name: string): string[] {
  if (input instanceof URLSearchParams) return input.getAll(name);
  const value = input[name];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

export const DEFAULT_LIST_STATE: ListState = Object.fromEntries(
  Object.entries(listParamParsers).map(([name, parser]) => [name, parser.fallback]),
) as unknown as ListState;

/** Parses a list URL's search parameters. Never throws. */
export function parseListParams(input: SearchParamsInput): ListParams {
  const state: Record<string, unknown> = {};
  const ignored: ListParamName[] = [];
  for (const [name, parser] of Object.entries(listParamParsers) as [ListParamName, (typeof listParamParsers)[ListParamName]][]) {
    const raw = readAll(input, name).filter((v) => v.trim() !== "");
    if ("multi" in parser && parser.multi) {
      const items = raw.flatMap((v) => v.split(",")).map((v) => v.trim()).filter((v) => v !== "");
      const values: string[] = [];
      for (const item of items.slice(0, 50)) {
        const parsed = parser.schema.safeParse(item);
        if (parsed.success) {
          if (!values.includes(parsed.data)) values.push(parsed.data);
        } else if (!ignored.includes(name)) ignored.push(name);
      }
      if (items.length > 50 && !ignored.includes(name)) ignored.push(name);
      state[name] = values;
      continue;
    }
    const last = raw.at(-1);
    if (last === undefined) {
      state[name] = parser.fallback;
      continue;
    }
    const parsed = (parser.schema as z.ZodType).safeParse(last);
    if (parsed.success) state[name] = parsed.data;
    else {
      state[name] = parser.fallback;
      ignored.push(name);
    }
  }
  const result = state as unknown as ListState;

  // A cursor belongs to one ordering; after a sort change it would point nowhere meaningful.
  for (const name of ["after", "before"] as const) {
    const cursor = result[name];
    if (cursor && (cursor.sort !== result.sort || cursor.dir !== result.dir)) {
      result[name] = null;
      ignored.push(name);
    }
  }
  if (result.after && result.before) {
    result.before = null;
    ignored.push("before");
  }

  const currency = result.currency ?? "XXX"; // unknown codes take the default exponent (2)
  const toMinor = (name: "min" | "max"): bigint | null => {
    const text = result[name];
    if (text === null) return null;
    const parsed = parseMajorToMinor(text, currency);
    if (!parsed.ok || parsed.minor > AMOUNT_FILTER_LIMIT) {
      result[name] = null;
      ignored.push(name);
      return null;
    }
    return parsed.minor;
  };
  const minMinor = toMinor("min");
  const maxMinor = toMinor("max");

  return { ...result, minMinor, maxMinor, ignored };
}

/** The URL-relevant part of parsed params (drops what is derived). */
export function listState(params: ListState): ListState {
  const state = {} as Record<string, unknown>;
  for (const name of Object.keys(listParamParsers)) state[name] = (params as unknown as Record<string, unknown>)[name];
  return state as unknown as ListState;
}

/** Serialises a state to search parameters, leaving out defaults; the inverse of parseListParams. */
export function listSearchParams(state: ListState, patch: Partial<ListState> = {}): URLSearchParams {
  const merged = { ...state, ...patch };
  const search = new URLSearchParams();
  for (const [name, parser] of Object.entries(listParamParsers) as [ListParamName, (typeof listParamParsers)[ListParamName]][]) {
    const value = merged[name];
    if (value === null || value === undefined || value === parser.fallback) continue;
    if (Array.isArray(value)) {
      if (value.length > 0) search.set(name, value.join(","));
    } else if (typeof value === "object") {
      search.set(name, encodeCursor(value));
    } else if (value !== "") {
      search.set(name, String(value));
    }
  }
  return search;
}

/** `pathname?query` for a state (and optional changes). */
export function listHref(pathname: string, state: ListState, patch: Partial<ListState> = {}): string {
  const query = listSearchParams(state, patch).toString();
  return query ? `${pathname}?${query}` : pathname;
}

/** A stable key of everything that changes the result (for Suspense keys). */
export function listKey(state: ListState): string {
  return listSearchParams(state).toString();
}

/** Whether any filter narrows the list (the view and ordering do not count). */
export function hasFilters(state: ListState): boolean {
  return (
    state.q !== "" ||
    state.status.length > 0 ||
    state.sub_status.length > 0 ||
    state.currency !== null ||
    state.method !== null ||
    state.product !== null ||
    state.integration !== null ||
    state.from !== null ||
    state.to !== null ||
    state.min !== null ||
    state.max !== null
  );
}

/** The direction a column starts in when first chosen: newest and largest first, ids A→Z. */
export function defaultDirection(sort: SortKey): SortDirection {
  return sort === "payment_id" ? "asc" : "desc";
}
