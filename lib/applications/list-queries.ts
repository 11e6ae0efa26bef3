import "server-only";
import { and, eq, gte, inArray, isNull, lt, notInArray, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { applications, workItems, type Application } from "@/drizzle/schema";
import { streamingRows, type Database } from "@/lib/server/db";
import { projectScopeWhere, type ProjectScope } from "@/lib/accounts/register-scope";
import { escapeLike, executeRows, utcMicrosText } from "@/lib/server/sql";
import { businessDayStart } from "@/lib/dates/business-day";
import type { ApplicationType, Status } from "@/lib/highhelp/status";
import { inWorkQueue, openWorkWhere } from "@/lib/work/queries";
import { isCardLast4, mayMatchMany, searchAmounts, searchMaskedCard, searchPhones, searchText } from "./search";
import { searchKeysState, type SearchKeys } from "./search-keys";
import type { Cursor, ListParams, SortDirection, SortKey } from "./url-state";

/*
 * The payins / payouts lists in the database: one WHERE (listWhere) feeds the page, the capped
 * count and the CSV export. Pages are keyset pages on (sort column, id): a deep page costs what
 * the first one does. Every sort has an index on (type, column, id) (drizzle/schema.ts).
 * The "needs attention" view in created order reads the open queue items instead (listSource).
 */

/** Counting stops here: past it the list says "1 000+" instead of reading every matching row on each visit. */
export const COUNT_CAP = 1_000;

const t = applications;

interface SortColumn {
  /** What ORDER BY and the keyset compare, before id: payment_id bytewise, so that it matches its index. */
  exprs: SQL[];
  /** Whether its index is (type, columns DESC NULLS LAST, id DESC NULLS LAST). */
  indexDesc: boolean;
  /** The columns as exact text, for the cursor (timestamps in µs, UTC; `currency:amount`). */
  text: SQL<string>;
  /** A cursor value as typed SQL parameters, one per expression. */
  params: (value: string) => SQL[];
}

const SORT_COLUMNS: Record<SortKey, SortColumn> = {
  created: {
    exprs: [sql`${t.createdAt}`],
    indexDesc: true,
    text: utcMicrosText(t.createdAt),
    params: (v) => [sql`${v}::timestamptz`],
  },
  updated: {
    exprs: [sql`${t.updatedAt}`],
    indexDesc: true,
    text: utcMicrosText(t.updatedAt),
    params: (v) => [sql`${v}::timestamptz`],
  },
  // Amounts of different currencies do not compare: the order is by currency, then amount.
  amount: {
    exprs: [sql`${t.currency}`, sql`${t.amount}`],
    indexDesc: true,
    text: sql<string>`${t.currency} || ':' || ${t.amount}::text`,
    params: (v) => {
      const [currency = "", amount = "0"] = v.split(":");
      return [sql`${currency}`, sql`${amount}::bigint`];
    },
  },
  payment_id: {
    exprs: [sql`(${t.paymentId} collate "C")`],
    indexDesc: false,
    text: sql<string>`${t.paymentId}`,
    params: (v) => [sql`${v}`],
  },
};

/**
 * How a prefix arm is written. "pattern": a LIKE, from whose text the planner derives the index range itself. "bounded":
 * the same LIKE with that range spelled out, from the typed text at run time, for a statement planned once for every text
 * (a generic plan cannot read a range out of a LIKE whose pattern is a parameter). The range ends before U+10FFFF, the
 * highest character, after the text: it holds every string that starts with the text but those going on with U+10FFFF, a
 * noncharacter no name or id carries.
 */
type PrefixForm = "pattern" | "bounded";

const prefixMatch = (folded: SQL, q: string, form: PrefixForm) => {
  const like = sql`${folded} like lower(${`${escapeLike(q)}%`})`;
  if (form === "pattern") return like;
  return sql`(${folded} ~>=~ lower(${q}) and ${folded} ~<~ (lower(${q}) || chr(1114111)) and ${like})`;
};
/** Text both sides lower-cased by the database, so column and typed text fold the same way. */
const lowerPrefix = (column: SQL, q: string, form: PrefixForm = "pattern") => prefixMatch(sql`lower(${column})`, q, form);
const lowerEquals = (column: SQL, q: string) => sql`lower(${column}) = lower(${q})`;
/** A column the database keeps lower-cased: only the typed text is. */
const keyPrefix = (column: SQL, q: string, form: PrefixForm = "pattern") => prefixMatch(column, q, form);

/**
 * The list's search: one OR of arms, each served by an index (drizzle/schema.ts, "the list's search"):
 * payment id, card holders, customer name and email by prefix; request id and customer id exactly; the
 * card's last four; a phone payout's receiver phone, however it was typed; an amount in minor units per currency
 * exponent (lib/applications/search.ts). Every arm is case-insensitive.
 */
export function search(q: string, currency: string | null, keys: SearchKeys = "filling"): SQL {
  const arms = or(...searchArms(q, currency, keys))!;
  const held = searchKeyHolds(searchText(q));
  return held ? and(held, arms)! : arms;
}

/** Whether a list's search may leave out the arm for rows whose name keys are not filled yet: only a search asks. */
async function searchKeysOf(db: Database, params: ListParams): Promise<SearchKeys> {
  return params.q ? searchKeysState(db) : "filled";
}

/** Goes before each text in applications.search_key (the migration search_key writes it). */
const SEARCH_KEY_SEPARATOR = "\x1f";

/**
 * What every arm implies when the text has no digits (all arms are then text arms): the row's search key holds the
 * separator and the typed text, lower-cased. A list walking its order for a common name tests this one stored text per
 * row before lower() on eight, which is where such a walk spent its time. A row whose key is not filled yet passes
 * (lib/applications/search-keys.ts fills them); the arms decide. As a CASE, so that the planner's estimate of the
 * search is the arms' alone: the key repeats them, and estimating both would count the same selectivity twice.
 */
function searchKeyHolds(text: string): SQL | null {
  const needle = searchKeyNeedle(text);
  return needle && sql`(case when ${t.searchKey} is null then true else strpos(${t.searchKey}, ${needle}) > 0 end)`;
}

/** What a search key holds when its row may match the typed text; null when the text can match by digits too. */
function searchKeyNeedle(text: string): SQL | null {
  if (!mayMatchMany(text) || text.includes(SEARCH_KEY_SEPARATOR)) return null;
  return sql`${SEARCH_KEY_SEPARATOR} || lower(${text})`;
}

/** The arms of search(), each of which an index serves on its own. */
export function searchArms(
  q: string,
  currency: string | null,
  keys: SearchKeys = "filling",
  form: PrefixForm = "pattern",
): SQL[] {
  const text = searchText(q);
  // The names first: a capped sum reads the arms in this order (matchingAmounts), and the names' arms, testing no
  // column their indexes lack, are index-only scans there (drizzle/migrations/0041_name_key_indexes.sql).
  const arms: SQL[] = [
    keyPrefix(sql`${t.customerNameKey}`, text, form),
    keyPrefix(sql`${t.customerLastNameKey}`, text, form),
    lowerPrefix(sql`${t.paymentId}`, text, form),
    lowerEquals(sql`${t.requestId}`, text),
    lowerEquals(sql`${t.customerId}`, text),
    lowerPrefix(sql`${t.senderCardHolder}`, text, form),
    lowerPrefix(sql`${t.receiverCardHolder}`, text, form),
    lowerPrefix(sql`${t.customer} ->> 'email'`, text, form),
  ];
  // While some rows' name keys are not filled yet (lib/applications/search-keys.ts), those rows by their customer
  // document, through its expression indexes. Last, so that the other arms' "not matched by an earlier arm" in a
  // capped sum do not repeat it.
  if (keys === "filling")
    arms.push(
      sql`(${t.customerNameKey} is null and (${lowerPrefix(CUSTOMER_NAME, text, form)} or ${lowerPrefix(sql`${t.customer} ->> 'last_name'`, text, form)}))`,
    );
  if (isCardLast4(text)) arms.push(eq(t.cardLast4, text));
  const card = searchMaskedCard(text);
  // The last four through their index; the first six (the bank's BIN) among the few rows it gives.
  if (card)
    arms.push(
      sql`(${t.cardLast4} = ${card.last4} and left(coalesce(${t.senderPanMasked}, ${t.receiverPanMasked}), 6) = ${card.bin})`,
    );
  const phones = searchPhones(text);
  if (phones.length > 0) arms.push(inArray(t.receiverPhone, phones));
  for (const amount of searchAmounts(text, currency)) {
    const minor = sql`${t.amount} = ${amount.minor.toString()}::bigint`;
    if (amount.currencies === "others") {
      arms.push(amount.except.length > 0 ? sql`(${minor} and ${notInArray(t.currency, amount.except)})` : minor);
    } else {
      arms.push(sql`(${minor} and ${inArray(t.currency, amount.currencies)})`);
    }
  }
  return arms;
}

/** The customer's full name as the index holds it: "first last". */
const CUSTOMER_NAME = sql`btrim(coalesce(${t.customer} ->> 'first_name', '') || ' ' || coalesce(${t.customer} ->> 'last_name', ''))`;

/**
 * The one WHERE of a list: type, the user's registers, view and every filter. Rows, count and export all use it, but for
 * "needs attention" in created order, where listSource puts the same filters on the queue items' join.
 */
export function listWhere(
  type: ApplicationType,
  params: ListParams,
  scope: ProjectScope,
  now = new Date(),
  keys: SearchKeys = "filling",
): SQL {
  const conditions: SQL[] = [eq(t.type, type)];
  if (scope !== "all") conditions.push(projectScopeWhere(scope));
  if (params.view === "attention") conditions.push(inWorkQueue(now));
  return and(...conditions, ...filterConditions(params, keys))!;
}

/** The filters of a list, on the application row: everything but type, registers and view. */
function filterConditions(params: ListParams, keys: SearchKeys): SQL[] {
  const conditions: SQL[] = [];
  if (params.status.length > 0) {
    const statuses = params.status.filter((s): s is Status => s !== "not_sent" && s !== "awaiting_approval");
    const arms: SQL[] = [];
    if (statuses.length > 0) arms.push(inArray(t.status, statuses));
    if (params.status.includes("not_sent")) arms.push(isNull(t.status));
    else if (params.status.includes("awaiting_approval"))
      arms.push(and(isNull(t.status), eq(t.submission, "awaiting_approval"))!);
    conditions.push(arms.length === 1 ? arms[0]! : or(...arms)!);
  }
  if (params.sub_status.length > 0) conditions.push(inArray(t.subStatus, params.sub_status));
  if (params.currency) conditions.push(eq(t.currency, params.currency));
  if (params.method) conditions.push(sql`(coalesce(${t.method}, ${t.widgetMethod})) = ${params.method}`);
  if (params.product) conditions.push(eq(t.product, params.product));
  if (params.register) conditions.push(eq(t.projectId, params.register));
  if (params.integration) conditions.push(eq(t.integration, params.integration));
  // Whole business days of the organisation's zone, whoever reads the list.
  if (params.from) conditions.push(gte(t.createdAt, businessDayStart(params.from)));
  if (params.to) conditions.push(lt(t.createdAt, businessDayStart(params.to, 1)));
  if (params.minMinor !== null) conditions.push(sql`${t.amount} >= ${params.minMinor.toString()}::bigint`);
  if (params.maxMinor !== null) conditions.push(sql`${t.amount} <= ${params.maxMinor.toString()}::bigint`);
  if (params.q) conditions.push(search(params.q, params.currency, keys));
  return conditions;
}

const w = workItems;

/** The created order read from the open queue items: application_created_at and application_id equal created_at and id. */
const QUEUE_CREATED: SortColumn = {
  exprs: [sql`${w.applicationCreatedAt}`],
  indexDesc: true,
  text: utcMicrosText(w.applicationCreatedAt),
  params: (v) => [sql`${v}::timestamptz`],
};

/** Where a list's rows come from and in what order: the WHERE, the sort's columns and the row id they end on. */
interface ListSource {
  where: SQL;
  column: SortColumn;
  id: SQL;
  /**
   * The rows are the open queue items joined to their applications, the WHERE on both: "needs attention" in created
   * order walks work_items_open_list_idx (open items in the list's order) and reads only the applications it shows,
   * instead of walking every application and probing the queue for each (inWorkQueue).
   */
  queue: boolean;
  /**
   * For the queue, when every filter has its copy on the item (status, currency, register, created dates): the WHERE
   * on the items alone, which picks the same rows, so that a capped count or sum can stop on work_items before reading
   * any application. Null otherwise.
   */
  itemWhere: SQL | null;
  /**
   * The rows are walked in created order through applications_type_created_key_idx, which holds each row's search
   * key: a search for a common text tests the key in the index and reads only the rows whose key holds it.
   */
  keyWalk: boolean;
}

/**
 * The applications again, as the walk of their created order with the search key (the migration search_walk_index
 * builds applications_type_created_key_idx with INCLUDE (search_key)). Reading only that index, the walk drops the rows
 * whose key lacks the text before any of them is fetched: a common name walked 1,950 rows from the table to show 51.
 */
const k = alias(applications, "search_walk");

const WALK_CREATED: SortColumn = {
  exprs: [sql`${k.createdAt}`],
  indexDesc: true,
  text: utcMicrosText(k.createdAt),
  params: (v) => [sql`${v}::timestamptz`],
};

/**
 * The list's source. An application has at most one open item (work_items_open_application_key), so the join neither
 * repeats nor drops a row of listWhere's; the order and the cursors are the same (created_at, id) as on applications,
 * so a cursor stays valid whichever source reads the next page. Other sorts keep the EXISTS probe of listWhere.
 */
function listSource(
  type: ApplicationType,
  params: ListParams,
  scope: ProjectScope,
  now: Date,
  keys: SearchKeys,
  ordered = true,
): ListSource {
  const needle = params.q ? searchKeyNeedle(searchText(params.q)) : null;
  // Once every row has its key (an unfilled row's null key would drop it from the walk), and in an order to walk.
  if (ordered && needle && keys === "filled" && params.view !== "attention" && params.sort === "created") {
    return {
      where: and(eq(k.type, type), sql`strpos(${k.searchKey}, ${needle}) > 0`, listWhere(type, params, scope, now, keys))!,
      column: WALK_CREATED,
      id: sql`${k.id}`,
      queue: false,
      itemWhere: null,
      keyWalk: true,
    };
  }
  if (params.view !== "attention" || params.sort !== "created") {
    return {
      where: listWhere(type, params, scope, now, keys),
      column: SORT_COLUMNS[params.sort],
      id: sql`${t.id}`,
      queue: false,
      itemWhere: null,
      keyWalk: false,
    };
  }
  const conditions: SQL[] = [openWorkWhere(now), eq(w.applicationType, type)];
  if (scope !== "all") conditions.push(projectScopeWhere(scope, w.projectId));
  // The filters the item has copies of, again on the item, so that they bound the index scan.
  const statuses = itemStatuses(params);
  if (statuses) conditions.push(statuses);
  if (params.currency) conditions.push(eq(w.applicationCurrency, params.currency));
  if (params.register) conditions.push(eq(w.projectId, params.register));
  if (params.from) conditions.push(gte(w.applicationCreatedAt, businessDayStart(params.from)));
  if (params.to) conditions.push(lt(w.applicationCreatedAt, businessDayStart(params.to, 1)));
  const itemWhere = and(...conditions)!;
  return {
    where: and(itemWhere, ...filterConditions(params, keys))!,
    column: QUEUE_CREATED,
    id: sql`${w.applicationId}`,
    queue: true,
    itemWhere: itemsAnswer(params) ? itemWhere : null,
    keyWalk: false,
  };
}

/** The status filter on the items' copy of the status; null without one, or when it asks what only the application knows. */
function itemStatuses(params: ListParams): SQL | null {
  if (params.status.length === 0 || params.status.includes("awaiting_approval")) return null;
  const statuses = params.status.filter((s): s is Status => s !== "not_sent");
  const arms: SQL[] = [];
  if (statuses.length > 0) arms.push(inArray(w.applicationStatus, statuses));
  if (params.status.includes("not_sent")) arms.push(isNull(w.applicationStatus));
  return arms.length === 1 ? arms[0]! : or(...arms)!;
}

/** The source of a count or a sum, which the order does not change: "needs attention" reads its open items in any sort. */
function countingSource(type: ApplicationType, params: ListParams, scope: ProjectScope, now: Date, keys: SearchKeys): ListSource {
  return listSource(type, { ...params, sort: "created", after: null, before: null }, scope, now, keys, false);
}

/** Whether the item's copies answer every filter of a list: status, currency, register and created dates only. */
function itemsAnswer(params: ListParams): boolean {
  return (
    !params.q &&
    !params.status.includes("awaiting_approval") &&
    params.sub_status.length === 0 &&
    !params.method &&
    !params.product &&
    !params.integration &&
    params.minMinor === null &&
    params.maxMinor === null
  );
}

/** FROM of a list's source. */
function sourceFrom(source: ListSource, limit?: number): SQL {
  if (source.keyWalk) return sql`${k} join ${t} on ${t.id} = ${k.id}`;
  if (!source.queue) return sql`${t}`;
  // Any `limit` matching items first, then their applications by key: without it PostgreSQL joins every open item of
  // the currency (or reads a range of applications) before the LIMIT of the whole stops it.
  if (limit !== undefined && source.itemWhere)
    return sql`(select * from ${w} where ${source.itemWhere} limit ${limit}) ${w} join ${t} on ${t.id} = ${w.applicationId}`;
  return sql`${w} join ${t} on ${t.id} = ${w.applicationId}`;
}

/**
 * Rows strictly after (or before) a keyset position in the list's order. The redundant bound on
 * the leading sort column alone gives the index scan a start key on every PostgreSQL version.
 */
function keyset(source: ListSource, dir: SortDirection, cursor: Cursor, side: "after" | "before"): SQL {
  const column = source.column;
  const forward = (dir === "desc") === (side === "after");
  const op = sql.raw(forward ? "<" : ">");
  const opEq = sql.raw(forward ? "<=" : ">=");
  const values = column.params(cursor.value);
  // (e1, e2, id) after (v1, v2, id0), spelt out: e1 op v1 or (e1 = v1 and (e2 op v2 or (e2 = v2 and id op id0))).
  let strict: SQL = sql`${source.id} ${op} ${cursor.id}`;
  for (let i = column.exprs.length - 1; i >= 0; i--) {
    const expr = column.exprs[i]!;
    const value = values[i]!;
    strict = sql`(${expr} ${opEq} ${value} and (${expr} ${op} ${value} or ${strict}))`;
  }
  return strict;
}

/*
 * The columns are NOT NULL, but PostgreSQL matches ORDER BY to an index only when the NULLS
 * placement agrees too: a DESC NULLS LAST index reads forwards as DESC NULLS LAST and backwards
 * as ASC NULLS FIRST.
 */
function orderBy(source: ListSource, dir: SortDirection): SQL[] {
  const column = source.column;
  const nullsFirst = column.indexDesc ? dir === "asc" : dir === "desc";
  const suffix = sql.raw(`${dir} nulls ${nullsFirst ? "first" : "last"}`);
  return [...column.exprs.map((expr) => sql`${expr} ${suffix}`), sql`${source.id} ${suffix}`];
}

const listFields = {
  id: t.id,
  paymentId: t.paymentId,
  projectId: t.projectId,
  product: t.product,
  amount: t.amount,
  oldAmount: t.oldAmount,
  currency: t.currency,
  status: t.status,
  subStatus: t.subStatus,
  submission: t.submission,
  method: t.method,
  widgetMethod: t.widgetMethod,
  customerId: t.customerId,
  expiresAt: t.expiresAt,
  createdAt: t.createdAt,
  updatedAt: t.updatedAt,
};

const exportFields = {
  ...listFields,
  requestId: t.requestId,
  integration: t.integration,
  initialAmount: t.initialAmount,
  statusDescription: t.statusDescription,
  cardLast4: t.cardLast4,
  senderPanMasked: t.senderPanMasked,
  receiverPanMasked: t.receiverPanMasked,
};

type Fields = typeof listFields | typeof exportFields;
type Selected<F extends Fields> = Pick<Application, keyof F & keyof Application> & { cursorValue: string };

export type ApplicationListRow = Selected<typeof listFields>;
export type ApplicationExportRow = Selected<typeof exportFields>;

function selectQuery(db: Database, fields: Fields, source: ListSource, where: SQL, dir: SortDirection, limit: number) {
  let query = db
    .select({ ...fields, cursorValue: source.column.text })
    .from(t)
    .$dynamic();
  if (source.queue) query = query.innerJoin(w, eq(w.applicationId, t.id));
  if (source.keyWalk) query = query.innerJoin(k, eq(k.id, t.id));
  return query
    .where(where)
    .orderBy(...orderBy(source, dir))
    .limit(limit);
}

async function selectRows<F extends Fields>(
  db: Database,
  fields: F,
  source: ListSource,
  where: SQL,
  dir: SortDirection,
  limit: number,
): Promise<Array<Selected<F>>> {
  const rows = await selectQuery(db, fields, source, where, dir, limit);
  return rows as unknown as Array<Selected<F>>;
}

/**
 * The statement of a list's first page, as listApplications runs it on a database whose keys are filled unless told
 * (for the tests' EXPLAIN).
 */
export function firstPageSql(
  db: Database,
  type: ApplicationType,
  params: ListParams,
  scope: ProjectScope,
  now: Date,
  keys: SearchKeys = "filled",
): SQL {
  const source = listSource(type, params, scope, now, keys);
  return selectQuery(db, listFields, source, source.where, params.dir, params.size + 1).getSQL();
}

export interface ListPage {
  rows: ApplicationListRow[];
  /** Keyset positions for the next / previous page links; null where there is no such page. */
  nextCursor: Cursor | null;
  prevCursor: Cursor | null;
  /** The URL named a cursor: this is not the first page. */
  fromCursor: boolean;
}

function cursorOf(params: Pick<ListParams, "sort" | "dir">, row: { id: number; cursorValue: string }): Cursor {
  return { sort: params.sort, dir: params.dir, value: row.cursorValue, id: row.id };
}

/** One page of a list, at the URL's cursor: `size + 1` rows read to know whether more follow. */
export async function listApplications(
  db: Database,
  type: ApplicationType,
  params: ListParams,
  scope: ProjectScope,
  now = new Date(),
): Promise<ListPage> {
  const { dir, size, after, before } = params;
  const source = listSource(type, params, scope, now, await searchKeysOf(db, params));
  const where = source.where;
  if (before) {
    const reversed = dir === "asc" ? "desc" : "asc";
    const fetched = await selectRows(
      db,
      listFields,
      source,
      and(where, keyset(source, dir, before, "before"))!,
      reversed,
      size + 1,
    );
    const rows = fetched.slice(0, size).reverse();
    const first = rows[0];
    const last = rows.at(-1);
    return {
      rows,
      prevCursor: fetched.length > size && first ? cursorOf(params, first) : null,
      nextCursor: last ? cursorOf(params, last) : null,
      fromCursor: true,
    };
  }
  const fetched = await selectRows(
    db,
    listFields,
    source,
    after ? and(where, keyset(source, dir, after, "after"))! : where,
    dir,
    size + 1,
  );
  const rows = fetched.slice(0, size);
  const first = rows[0];
  const last = rows.at(-1);
  return {
    rows,
    prevCursor: after && first ? cursorOf(params, first) : null,
    nextCursor: fetched.length > size && last ? cursorOf(params, last) : null,
    fromCursor: after !== null,
  };
}

export interface ListCount {
  count: number;
  /** True when there are more than `count` (the cap). */
  capped: boolean;
}

/** How many rows the list's filters match, counted up to `cap` only. */
export async function countApplications(
  db: Database,
  type: ApplicationType,
  params: ListParams,
  scope: ProjectScope,
  now = new Date(),
  cap = COUNT_CAP,
): Promise<ListCount> {
  const source = countingSource(type, params, scope, now, await searchKeysOf(db, params));
  // The queue's open items alone when they answer every filter: an index-only scan of one of their list indexes.
  const [row] = await executeRows<{ n: unknown }>(
    db,
    source.itemWhere
      ? sql`select count(*) as n from (select 1 from ${w} where ${source.itemWhere} limit ${cap + 1}) matching`
      : sql`select count(*) as n from (select 1 from ${sourceFrom(source)} where ${source.where} limit ${cap + 1}) matching`,
  );
  const n = Number(row?.n ?? 0);
  return n > cap ? { count: cap, capped: true } : { count: n, capped: false };
}

/**
 * Sums stop here: past it the totals cover this many of the matching rows, a lower bound ("at least …"). The same
 * as the count's cap, so that a summed list's count comes with its totals (list-totals listReads).
 */
export const SUM_CAP = COUNT_CAP;

export interface ScannedTotals {
  perCurrency: Array<{ currency: string; count: number; amount: bigint }>;
  /** True when more rows match than `cap`: the sums cover `cap` of them, whichever the plan read first. */
  capped: boolean;
}

/**
 * Count and amount per currency of the rows the list's filters match, read from the applications themselves (the
 * list's WHERE): at most `cap` rows, whatever the filters. Amounts are positive, so the sums of any `cap` matching rows
 * are "at least" the whole; no ORDER BY, because summing the first `cap` in the list's order means walking or sorting
 * every match of a broad search (a common name at a million rows: ~200 ms in order, ~17 ms in any order).
 */
export async function sumApplications(
  db: Database,
  type: ApplicationType,
  params: ListParams,
  scope: ProjectScope,
  now = new Date(),
  cap = SUM_CAP,
): Promise<ScannedTotals> {
  const { query, byArm } = sumQuery(type, params, scope, now, cap, await searchKeysOf(db, params));
  // Arm by arm, each arm is read through its own index as a stream the LIMIT stops: a bitmap reads every match of the
  // arm first and a sequential scan wades through the other rows (a common name at a million rows: ~7 ms streamed,
  // ~15-18 ms either way).
  const rows = byArm
    ? await streamingRows<Record<string, unknown>>(db, query)
    : await executeRows<Record<string, unknown>>(db, query);
  const capped = rows.some((r) => Number(r.seen) > cap);
  return {
    perCurrency: rows
      .map((r) => ({ currency: String(r.currency), count: Number(r.count), amount: BigInt(String(r.amount)) }))
      .filter((r) => r.count > 0),
    capped,
  };
}

/**
 * The statement of sumApplications on a database whose keys are filled unless told, and whether it reads the search
 * arm by arm, with the streaming settings (exported for the tests' EXPLAIN).
 */
export function sumQuery(
  type: ApplicationType,
  params: ListParams,
  scope: ProjectScope,
  now: Date,
  cap = SUM_CAP,
  keys: SearchKeys = "filled",
): { query: SQL; byArm: boolean } {
  const matching = matchingAmounts(countingSource(type, params, scope, now, keys), type, params, scope, now, cap + 1, keys);
  const query = sql`select currency, count(*) filter (where n <= ${cap})::text as count,
               coalesce(sum(amount) filter (where n <= ${cap}), 0)::text as amount, max(n)::text as seen
        from (select ${t.currency} as currency, ${t.amount} as amount, row_number() over () as n
              from (${matching.rows} limit ${cap + 1}) ${t}) matching
        group by currency order by currency`;
  return { query, byArm: matching.byArm };
}

/**
 * Currency and amount of the rows a list's filters match, in any order, for a capped sum. A search that may match many
 * rows is read arm by arm (`byArm`: UNION ALL, each arm on its own index, a row in the first arm it matches only), so
 * the LIMIT stops each arm's scan after the rows it needs; one OR of the arms is a BitmapOr, which collects every match
 * of every arm before the first row (a common name: 25,000 index entries for 1,001 rows). A narrow search (ids,
 * amounts) stays one OR: planning nine branches costs more than its BitmapOr of a few rows.
 */
function matchingAmounts(
  source: ListSource,
  type: ApplicationType,
  params: ListParams,
  scope: ProjectScope,
  now: Date,
  limit: number,
  keys: SearchKeys,
): { rows: SQL; byArm: boolean } {
  // The open items carry their application's currency and amount: when they answer every filter, no application is read.
  if (source.itemWhere) {
    return {
      rows: sql`select ${w.applicationCurrency} as currency, ${w.applicationAmount} as amount from ${w} where ${source.itemWhere}`,
      byArm: false,
    };
  }
  if (source.queue || !params.q || !mayMatchMany(searchText(params.q))) {
    return { rows: sql`select ${t.currency}, ${t.amount} from ${sourceFrom(source, limit)} where ${source.where}`, byArm: false };
  }
  const rest = listWhere(type, { ...params, q: "" }, scope, now, keys);
  // Bounded: streamingRows plans this statement once per shape, not once per text.
  const arms = searchArms(params.q, params.currency, keys, "bounded");
  const branches = arms.map((arm, i) => {
    const first = i === 0 ? arm : sql`${arm} and ${firstArmIs(arms, i, keys, searchText(params.q))}`;
    return sql`(select ${t.currency}, ${t.amount} from ${t} where ${rest} and ${first})`;
  });
  return { rows: sql.join(branches, sql` union all `), byArm: true };
}

/**
 * A row of a capped sum's arm `i` is counted there only when no earlier arm matches it. Arm 1 (the last name) tests the
 * full name, which its index holds: still an index-only scan. Later arms, once every row has its name keys, ask
 * applications_search_first_arm() (drizzle/migrations/0040_name_keys.sql, the arms in searchArms' order): one call
 * where repeating every earlier arm made planning the sum cost more than reading it. While keys are filling, the earlier
 * arms again, as a CASE: the planner estimates every LIKE inside `(…) is not true` (probing indexes for a text beyond
 * their statistics) but takes a CASE as one condition it does not look into.
 */
function firstArmIs(arms: SQL[], i: number, keys: SearchKeys, text: string): SQL {
  if (keys === "filled" && i >= 2) {
    return sql`applications_search_first_arm(${t.customerNameKey}, ${t.customerLastNameKey}, ${t.paymentId}, ${t.requestId},
      ${t.customerId}, ${t.senderCardHolder}, ${t.receiverCardHolder}, ${t.customer}, lower(${text})) = ${i}`;
  }
  return sql`(case when ${or(...arms.slice(0, i))} then false else true end)`;
}

/**
 * Every row of a filtered list in its order, read in keyset batches (for the CSV export):
 * memory stays at one batch whatever the list's length.
 */
export async function* exportBatches(
  db: Database,
  type: ApplicationType,
  params: ListParams,
  scope: ProjectScope,
  batchSize = 1_000,
  now = new Date(),
): AsyncGenerator<ApplicationExportRow[]> {
  const source = listSource(type, params, scope, now, await searchKeysOf(db, params));
  let cursor: Cursor | null = null;
  for (;;) {
    const condition: SQL = cursor ? and(source.where, keyset(source, params.dir, cursor, "after"))! : source.where;
    const rows = await selectRows(db, exportFields, source, condition, params.dir, batchSize);
    if (rows.length > 0) yield rows;
    const last = rows.at(-1);
    if (rows.length < batchSize || !last) return;
    cursor = cursorOf(params, last);
  }
}
