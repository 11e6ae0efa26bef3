import { z } from "zod";
import { H2H_METHOD_CODES, WIDGET_METHOD_CODES } from "@/lib/highhelp/methods";
import { parseMajorToMinor } from "@/lib/money/amounts";
import { APPLICATION_TYPES, INTEGRATIONS, PRODUCTS, STATUSES, SUB_STATUSES, type ApplicationType } from "@/lib/highhelp/status";
import { createCursorCodec, cursorParam, EXACT_TIMESTAMP_TEXT } from "@/lib/url-state/cursor";
import { createUrlState, multiParam, param, withSearch, type SearchParamsInput, type UrlState } from "@/lib/url-state/url-state";
import { maskTypedCardNumbers } from "@/lib/highhelp/redact";
import { isoDate, plainText } from "@/lib/url-state/values";

/*
 * The URL state of the payins / payouts lists, on lib/url-state. One parser map serves the pages,
 * the CSV export and every link into the lists: whatever a URL holds, parsing never throws; a bad
 * value falls back to its default and is reported in `ignored` so the page can say so.
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
/**
 * `not_sent`: no HighHelp status yet (status is null); `awaiting_approval`: of those, the payouts waiting for a
 * second admin (lib/applications/vocabulary.ts names them).
 */
export const STATUS_FILTERS = [...STATUSES, "not_sent", "awaiting_approval"] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

/** Every method code, for the filter (H2H `method`, then widget `widget_method`). */
export const METHOD_CODES = [...H2H_METHOD_CODES, ...WIDGET_METHOD_CODES] as const;

export const SEARCH_MAX_LENGTH = 100;
/** Amounts above this many minor units cannot exist (HighHelp caps at 10^13) and would overflow bigint maths. */
const AMOUNT_FILTER_LIMIT = 10n ** 15n;

export interface Cursor {
  sort: SortKey;
  dir: SortDirection;
  /** The sort column's value as text: an exact timestamp (µs, UTC), `currency:amount`, or a payment_id. */
  value: string;
  id: number;
}

function cursorValueValid(sort: SortKey, value: string): boolean {
  if (sort === "created" || sort === "updated") return EXACT_TIMESTAMP_TEXT.test(value) && !Number.isNaN(Date.parse(value));
  if (sort === "amount") return /^[A-Z]{3}:\d{1,16}$/.test(value);
  return value.length > 0;
}

/** Sort and direction are part of the cursor, so a stale one (from another order) is refused. */
const cursorCodec = createCursorCodec<Cursor>({
  toJson: (cursor) => [cursor.sort, cursor.dir, cursor.value, cursor.id],
  schema: z
    .tuple([
      z.enum(SORT_KEYS),
      z.enum(SORT_DIRECTIONS),
      z.string().max(200),
      z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    ])
    .refine(([sort, , value]) => cursorValueValid(sort, value))
    .transform(([sort, dir, value, id]) => ({ sort, dir, value, id })),
  maxLength: 800,
});

/** Opaque, URL-safe text for a keyset position. */
export const encodeCursor = cursorCodec.encode;
export const decodeCursor = cursorCodec.decode;

/** Major units as typed ("1 500.50", "1500,5"); converted to minor units once the currency is known. */
const amountText = z
  .string()
  .max(24)
  .regex(/^\d[\d \u00a0\u202f']*(?:[.,]\d*)?$/)
  .transform((text) => text.replace(/[ \u00a0\u202f']/g, ""));

const pageSize = z
  .string()
  .regex(/^\d{1,4}$/)
  .transform(Number)
  .pipe(z.literal(PAGE_SIZES));

/** The parser map: URL name → how one value is read, and its default. */
export const listParamParsers = {
  view: param(z.enum(LIST_VIEWS), "all" as ListView),
  // A card number typed whole (a link, a form sent without JavaScript) is read as its mask: the page, its links, exports
  // and saved views carry the mask on, and the search finds the card by it.
  q: param(plainText(SEARCH_MAX_LENGTH).transform(maskTypedCardNumbers), ""),
  status: multiParam(z.enum(STATUS_FILTERS)),
  sub_status: multiParam<string>(z.enum(SUB_STATUSES)),
  currency: param(
    z
      .string()
      .trim()
      .toUpperCase()
      .pipe(z.string().regex(/^[A-Z]{3}$/)),
    null as string | null,
  ),
  method: param(
    z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/)),
    null as string | null,
  ),
  product: param(z.enum(PRODUCTS), null),
  /** A cash register, by its project_id. */
  register: param(
    z
      .string()
      .trim()
      .pipe(z.string().regex(/^[A-Za-z0-9-]{1,64}$/)),
    null as string | null,
  ),
  integration: param(z.enum(INTEGRATIONS), null),
  from: param(isoDate, null as string | null),
  to: param(isoDate, null as string | null),
  min: param(amountText, null as string | null),
  max: param(amountText, null as string | null),
  sort: param(z.enum(SORT_KEYS), "created" as SortKey),
  dir: param(z.enum(SORT_DIRECTIONS), "desc" as SortDirection),
  size: param(pageSize, 50 as PageSize),
  after: cursorParam(cursorCodec),
  before: cursorParam(cursorCodec),
  /** The saved view the list was opened with (lib/views), or `none`: opened without the default view. Not a filter. */
  saved: param(z.string().regex(/^(?:[1-9]\d{0,14}|none)$/), null as string | null),
};

const listUrlState = createUrlState(listParamParsers);

export type ListParamName = keyof typeof listParamParsers;

/** Everything a list URL can say, typed. */
export type ListState = UrlState<typeof listParamParsers>;

export interface ListParams extends ListState {
  /** The amount range in exact minor units of the currency filter's exponent (2 without one). */
  minMinor: bigint | null;
  maxMinor: bigint | null;
  /** Parameters present in the URL whose value was refused (and replaced by the default). */
  ignored: ListParamName[];
}

export const DEFAULT_LIST_STATE: ListState = listUrlState.defaults;

/** Where each list lives. */
export const LIST_PATHS = { payin: "/payins", payout: "/payouts" } as const satisfies Record<ApplicationType, string>;

/** Parses a list URL's search parameters. Never throws. */
export function parseListParams(input: SearchParamsInput): ListParams {
  const { state: result, ignored } = listUrlState.parse(input);

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
export const listState: (params: ListState) => ListState = listUrlState.pick;

/** Serialises a state to search parameters, leaving out defaults; the inverse of parseListParams. */
export const listSearchParams: (state: ListState, patch?: Partial<ListState>) => URLSearchParams = listUrlState.serialize;

/** `pathname?query` for a state (and optional changes). */
export const listHref: (pathname: string, state: ListState, patch?: Partial<ListState>) => string = listUrlState.href;

/** A stable key of everything that changes the result (for Suspense keys). */
export function listKey(state: ListState): string {
  return listSearchParams(state).toString();
}

const EXPORT_PATH = "/api/applications/export";
const exportType = z.enum(APPLICATION_TYPES);

/** The CSV export of a list: the whole filtered list in the list's order, so no cursor and no page size. */
export function exportHref(type: ApplicationType, state: ListState): string {
  const search = listSearchParams(state, { after: null, before: null, saved: null, size: DEFAULT_LIST_STATE.size });
  search.set("type", type);
  return withSearch(EXPORT_PATH, search);
}

/** Reads an export URL (see exportHref): the list (null when `type` is missing or unknown) and its filters, cursors dropped. */
export function parseExportParams(input: URLSearchParams): { type: ApplicationType | null; params: ListParams } {
  const type = exportType.safeParse(input.get("type"));
  return { type: type.success ? type.data : null, params: { ...parseListParams(input), after: null, before: null } };
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
    state.register !== null ||
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
