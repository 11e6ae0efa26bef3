import Link from "next/link";
import { Suspense, type ReactNode } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { DataTableFilterForm } from "@/components/data-table/data-table-filter-form";
import { DataTablePagination } from "@/components/data-table/data-table-pagination";
import { DataTableSkeleton } from "@/components/data-table/data-table-skeleton";
import { DataTableTabs } from "@/components/data-table/data-table-tabs";
import type { DataTableColumn, DataTableRow, FilterField } from "@/components/data-table/types";
import { StatusBadge } from "@/components/status-badge";
import { buttonClass } from "@/components/ui/button";
import {
  DEFAULT_LIST_STATE,
  defaultDirection,
  exportHref,
  hasFilters,
  LIST_PATHS,
  listHref,
  listKey,
  listSearchParams,
  listState,
  METHOD_CODES,
  PAGE_SIZES,
  parseListParams,
  STATUS_FILTERS,
  type ListParams,
  type ListState,
  type SortKey,
} from "@/lib/applications/url-state";
import type { SearchParamsInput } from "@/lib/url-state/url-state";
import { scopeProjectIds, type ProjectScope } from "@/lib/accounts/register-scope";
import { countApplications, listApplications, type ApplicationListRow, type ListCount } from "@/lib/applications/list-queries";
import { listTotals, type ListTotals } from "@/lib/applications/list-totals";
import { asOfText } from "@/lib/dashboard/freshness";
import { getDb } from "@/lib/server/db";
import {
  DISPUTE_SUB_STATUSES,
  INTEGRATIONS,
  PROCESSING_SUB_STATUSES,
  PRODUCT_LABELS,
  PRODUCTS,
  subStatusLabel,
  type ApplicationType,
} from "@/lib/highhelp/status";
import { listRegisterChoices, type RegisterChoice } from "@/lib/registers/queries";
import { CURRENCIES, formatMinor, groupThousands } from "@/lib/money/amounts";

/*
 * The payins / payouts list page body (server component). Everything comes from the URL
 * (lib/applications/url-state): filters, view, order, page size and keyset cursor. Cells are
 * rendered here; the client table only lays them out and turns clicks into navigation.
 */

const NOUNS = {
  payin: { one: "payin", many: "payins", title: "Payins" },
  payout: { one: "payout", many: "payouts", title: "Payouts" },
} as const;

const SORTABLE: Partial<Record<string, SortKey>> = {
  created: "created",
  payment_id: "payment_id",
  amount: "amount",
  updated: "updated",
};
const COLUMNS: Omit<DataTableColumn, "sort">[] = [
  { id: "created", header: "Created", cell: "utc-datetime", className: "text-slate-600 tabular-nums" },
  { id: "payment_id", header: "Payment ID", cell: "link", className: "font-mono text-xs" },
  { id: "amount", header: "Amount", align: "end", className: "font-medium text-slate-900" },
  { id: "status", header: "Status" },
  { id: "method", header: "Method", className: "text-slate-700" },
  { id: "register", header: "Register", className: "text-slate-700" },
  { id: "customer", header: "Customer", className: "font-mono text-xs text-slate-700" },
  { id: "updated", header: "Updated", cell: "utc-datetime", className: "text-slate-600 tabular-nums" },
];

const STATUS_LABELS: Record<string, string> = { not_sent: "not sent" };
const label = (value: string) => STATUS_LABELS[value] ?? value.replaceAll("_", " ");

const filterFields = (registers: readonly RegisterChoice[]): FilterField[] => [
  { kind: "search", name: "q", label: "Search", placeholder: "payment_id (or its start), request_id, customer id, card last 4" },
  { kind: "multi", name: "status", label: "Status", options: STATUS_FILTERS.map((s) => ({ value: s, label: label(s) })) },
  {
    kind: "multi",
    name: "sub_status",
    label: "Sub-status",
    options: [
      ...PROCESSING_SUB_STATUSES.map((s) => ({ value: s, label: subStatusLabel(s), group: "processing" })),
      ...DISPUTE_SUB_STATUSES.map((s) => ({ value: s, label: subStatusLabel(s), group: "dispute" })),
    ],
  },
  { kind: "select", name: "currency", label: "Currency", options: CURRENCIES.map((c) => ({ value: c, label: c })) },
  { kind: "select", name: "method", label: "Method", options: METHOD_CODES.map((m) => ({ value: m, label: m })) },
  {
    kind: "select",
    name: "register",
    label: "Register",
    options: registers.map((r) => ({ value: r.projectId, label: r.status === "active" ? r.name : `${r.name} (disabled)` })),
  },
  {
    kind: "select",
    name: "product",
    label: "Product",
    options: PRODUCTS.map((p) => ({ value: p, label: PRODUCT_LABELS[p] ?? p.toUpperCase() })),
  },
  {
    kind: "select",
    name: "integration",
    label: "Integration",
    options: INTEGRATIONS.map((i) => ({ value: i, label: i === "h2h" ? "H2H (API)" : "H2C (widget)" })),
  },
  { kind: "date", name: "from", label: "Created from" },
  { kind: "date", name: "to", label: "Created to" },
  {
    kind: "text",
    name: "min",
    label: "Amount from",
    inputMode: "decimal",
    placeholder: "0.00",
    hint: "In major units, e.g. 1500.50",
  },
  {
    kind: "text",
    name: "max",
    label: "Amount to",
    inputMode: "decimal",
    placeholder: "0.00",
    hint: "In major units, e.g. 1500.50",
  },
];

const CLOCK = (
  <svg viewBox="0 0 16 16" className="size-3" fill="none" stroke="currentColor" strokeWidth="1.8">
    <circle cx="8" cy="8" r="6.2" />
    <path d="M8 4.5V8l2.5 1.5" strokeLinecap="round" />
  </svg>
);

/** Why a row needs a person, as compact marks (the words are in the tooltip and for screen readers). */
function attentionMarks(row: ApplicationListRow, now: Date): ReactNode[] {
  const notes: Array<{ key: string; mark: ReactNode; text: string }> = [];
  if (row.oldAmount !== null && row.oldAmount !== row.amount) {
    notes.push({
      key: "amount-changed",
      mark: "Δ",
      text: `amount changed (ordered ${formatMinor(row.oldAmount, row.currency)})`,
    });
  }
  // Disputes and errors speak for themselves; "overdue" is for what still looks in progress.
  if ((row.status === null || row.status === "processing") && row.expiresAt !== null && row.expiresAt < now) {
    notes.push({ key: "overdue", mark: CLOCK, text: "overdue: past its lifetime" });
  }
  return notes.map((note) => (
    <span
      key={note.key}
      title={note.text}
      data-attention={note.key}
      className="ml-1.5 inline-flex h-5 min-w-5 items-center justify-center rounded-full bg-amber-100 px-1 text-[11px] font-semibold text-amber-800"
    >
      <span aria-hidden>{note.mark}</span>
      <span className="sr-only">{note.text}</span>
    </span>
  ));
}

function toTableRow(row: ApplicationListRow, now: Date, registerNames: ReadonlyMap<string, string>): DataTableRow {
  const method = row.method ?? row.widgetMethod;
  const badge = <StatusBadge key="status" status={row.status} subStatus={row.subStatus} submission={row.submission} />;
  const marks = attentionMarks(row, now);
  return {
    id: String(row.id),
    href: `/applications/${row.id}`,
    cells: {
      created: row.createdAt.toISOString(),
      payment_id: row.paymentId,
      amount: formatMinor(row.amount, row.currency),
      status: marks.length > 0 ? [badge, ...marks] : badge,
      method: row.product === "ecom" ? `${method ?? "card"} · ECOM` : (method ?? "—"),
      register: registerNames.get(row.projectId) ?? row.projectId,
      customer: row.customerId ?? "—",
      updated: row.updatedAt.toISOString(),
    },
  };
}

function columnsFor(pathname: string, state: ListState): DataTableColumn[] {
  return COLUMNS.map((column) => {
    const key = SORTABLE[column.id];
    if (!key) return column;
    const sorted = state.sort === key ? state.dir : false;
    const dir = sorted ? (sorted === "asc" ? "desc" : "asc") : defaultDirection(key);
    return { ...column, sort: { sorted, href: listHref(pathname, state, { sort: key, dir, after: null, before: null }) } };
  });
}

async function CountText({ count, type }: { count: Promise<ListCount>; type: ApplicationType }) {
  const { count: n, capped } = await count;
  const noun = n === 1 && !capped ? NOUNS[type].one : NOUNS[type].many;
  return (
    <span data-testid="list-count" data-count={n} data-capped={capped || undefined}>
      <span className="font-semibold text-slate-900 tabular-nums">
        {groupThousands(n)}
        {capped ? "+" : ""}
      </span>{" "}
      {noun}
      <span className="text-slate-500"> · times in UTC</span>
    </span>
  );
}

const TOTALS_TEXT = {
  lead: "Total for this filter:",
  none: "nothing",
  atLeast: "at least",
  rollups: (asOf: string) => `exact, from the daily rollups ${asOf}`,
  scan: "summed from the matching rows",
  capped: (cap: string, many: string) => `first ${cap} matching ${many} in this order`,
  why: (reasons: string) => `not in the rollups: ${reasons}`,
  notReady: "the rollups are not computed yet",
};

async function TotalsText({ totals, type, now }: { totals: Promise<ListTotals>; type: ApplicationType; now: Date }) {
  const result = await totals;
  const nouns = NOUNS[type];
  const capped = result.source === "scan" && result.capped;
  const parts = result.perCurrency.map((c, i) => (
    <span key={c.currency} data-currency={c.currency} data-count={c.count}>
      {i > 0 ? "; " : ""}
      {formatMinor(c.amount, c.currency)} in {groupThousands(c.count)}
      {i === 0 ? ` ${c.count === 1 ? nouns.one : nouns.many}` : ""}
    </span>
  ));
  const total = result.perCurrency.reduce((n, c) => n + c.count, 0);
  let how: string;
  if (result.source === "rollups") how = TOTALS_TEXT.rollups(asOfText(result.asOf, now));
  else {
    const reasons = result.reasons.filter((r) => r !== "rollups not ready");
    const why = [
      ...(reasons.length > 0 ? [TOTALS_TEXT.why(reasons.join(", "))] : []),
      ...(reasons.length < result.reasons.length ? [TOTALS_TEXT.notReady] : []),
    ];
    how = [`${TOTALS_TEXT.scan}${capped ? ` (${TOTALS_TEXT.capped(groupThousands(result.cap), nouns.many)})` : ""}`, ...why].join(
      "; ",
    );
  }
  return (
    <p
      className="text-sm text-slate-600"
      data-testid="list-totals"
      data-source={result.source}
      data-count={total}
      data-capped={capped || undefined}
    >
      {TOTALS_TEXT.lead}{" "}
      <span className="font-semibold text-slate-900 tabular-nums">
        {parts.length === 0 ? TOTALS_TEXT.none : capped ? [`${TOTALS_TEXT.atLeast} `, ...parts] : parts}
      </span>
      <span className="text-slate-600"> · {how}</span>
    </p>
  );
}

async function Results({
  type,
  params,
  scope,
  now,
  registers,
}: {
  type: ApplicationType;
  params: ListParams;
  scope: ProjectScope;
  now: Date;
  registers: readonly RegisterChoice[];
}) {
  const registerNames = new Map(registers.map((r) => [r.projectId, r.name]));
  const db = await getDb();
  const pathname = LIST_PATHS[type];
  const state = listState(params);
  // Rows and count run side by side; the count streams in on its own and never delays the rows.
  const count = countApplications(db, type, params, scope, now);
  void count.catch(() => undefined); // awaited (and reported) by CountText
  const totals = listTotals(db, type, params, scope, now);
  void totals.catch(() => undefined); // awaited (and reported) by TotalsText
  const page = await listApplications(db, type, params, scope, now);
  const nouns = NOUNS[type];

  let empty: ReactNode;
  if (page.fromCursor) {
    empty = (
      <>
        No more {nouns.many} this way.{" "}
        <Link
          className="font-medium text-indigo-600 hover:text-indigo-500"
          href={listHref(pathname, state, { after: null, before: null })}
        >
          Back to the first page
        </Link>
      </>
    );
  } else if (hasFilters(state)) {
    empty = (
      <>
        No {nouns.many} match these filters.{" "}
        <Link
          className="font-medium text-indigo-600 hover:text-indigo-500"
          href={listHref(pathname, { ...DEFAULT_LIST_STATE, view: state.view, size: state.size })}
        >
          Clear filters
        </Link>
      </>
    );
  } else {
    empty = state.view === "attention" ? `No ${nouns.many} need attention.` : `No ${nouns.many} yet.`;
  }

  const orderText = `sorted by ${state.sort.replace("_", " ")}, ${state.dir === "asc" ? "ascending" : "descending"}`;
  return (
    <div className="space-y-3">
      <Suspense fallback={<p className="text-sm text-slate-600">Adding up…</p>}>
        <TotalsText totals={totals} type={type} now={now} />
      </Suspense>
      <DataTable
        testId="applications-table"
        caption={`${nouns.title}${state.view === "attention" ? " needing attention" : ""}, ${orderText}; times in UTC`}
        columns={columnsFor(pathname, state)}
        rows={page.rows.map((row) => toTableRow(row, now, registerNames))}
        empty={<span data-testid="empty-state">{empty}</span>}
      />
      <DataTablePagination
        firstHref={page.fromCursor ? listHref(pathname, state, { after: null, before: null }) : null}
        prevHref={page.prevCursor ? listHref(pathname, state, { before: page.prevCursor, after: null }) : null}
        nextHref={page.nextCursor ? listHref(pathname, state, { after: page.nextCursor, before: null }) : null}
        sizes={PAGE_SIZES.map((size) => ({
          size,
          current: size === state.size,
          href: listHref(pathname, state, { size, after: null, before: null }),
        }))}
        summary={
          <Suspense fallback={<span className="text-slate-500">Counting…</span>}>
            <CountText count={count} type={type} />
          </Suspense>
        }
      />
    </div>
  );
}

/** The whole list page for one application type, of the registers in `scope` (allowedProjects of the user). */
export async function ApplicationsList({
  type,
  searchParams,
  scope,
}: {
  type: ApplicationType;
  searchParams: SearchParamsInput;
  scope: ProjectScope;
}) {
  const params = parseListParams(searchParams);
  const registers = await listRegisterChoices(await getDb(), { projectIds: scopeProjectIds(scope) });
  const FILTER_FIELDS = filterFields(registers);
  const state = listState(params);
  const pathname = LIST_PATHS[type];
  const nouns = NOUNS[type];
  const now = new Date();

  // What the filter form does not edit but must keep.
  const { view, sort, dir, size } = state;
  const preserve = Object.fromEntries(listSearchParams({ ...DEFAULT_LIST_STATE, view, sort, dir, size }));
  const filterValues = Object.fromEntries(
    FILTER_FIELDS.map((f) => [f.name, state[f.name as keyof ListState] as string | string[] | null]),
  );
  // A new URL remounts the form (its fields show the URL again) and shows the skeleton while the
  // new page loads; the two keys differ because they are siblings.
  const key = listKey(state);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">{nouns.title}</h1>
        <a href={exportHref(type, state)} download className={buttonClass("secondary")} data-testid="export-csv">
          Export CSV
        </a>
      </div>
      <DataTableTabs
        label={`${nouns.title} views`}
        tabs={[
          {
            label: "All",
            href: listHref(pathname, state, { view: "all", after: null, before: null }),
            current: state.view === "all",
          },
          {
            label: "Needs attention",
            href: listHref(pathname, state, { view: "attention", after: null, before: null }),
            current: state.view === "attention",
          },
        ]}
      />
      {params.ignored.length > 0 ? (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800 ring-1 ring-amber-200" data-testid="ignored-params">
          Some parts of this address were not understood and were left out: {params.ignored.join(", ")}.
        </p>
      ) : null}
      <DataTableFilterForm
        key={`filters:${key}`}
        label={`Filter ${nouns.many}`}
        fields={FILTER_FIELDS}
        values={filterValues}
        preserve={preserve}
        resetHref={listHref(pathname, { ...DEFAULT_LIST_STATE, view, size })}
      />
      <Suspense key={`results:${key}`} fallback={<DataTableSkeleton rows={10} />}>
        <Results type={type} params={params} scope={scope} now={now} registers={registers} />
      </Suspense>
    </div>
  );
}
