import Link from "next/link";
import { getLocale, getTimeZone } from "next-intl/server";
import { getTranslations } from "@/lib/i18n/server";
import { Fragment, Suspense, type ReactNode } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { DataTableFilterForm } from "@/components/data-table/data-table-filter-form";
import { DataTablePagination } from "@/components/data-table/data-table-pagination";
import { DataTableSkeleton } from "@/components/data-table/data-table-skeleton";
import { DataTableTabs } from "@/components/data-table/data-table-tabs";
import type { DataTableColumn, DataTableRow, FilterField } from "@/components/data-table/types";
import { DateTime } from "@/components/date-time";
import { methodText } from "@/components/method-name";
import { StatusBadge, subStatusText } from "@/components/status-badge";
import type { Translate } from "@/lib/i18n/translate";
import { statusFilterKey } from "@/lib/applications/vocabulary";
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
import type { ApplicationListRow, ListCount } from "@/lib/applications/list-queries";
import { listReads, type ListReads, type ListTotals, type ScanReason } from "@/lib/applications/list-totals";
import { getDb } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import {
  DISPUTE_SUB_STATUSES,
  INTEGRATIONS,
  PROCESSING_SUB_STATUSES,
  PRODUCTS,
  type ApplicationType,
} from "@/lib/highhelp/status";
import { listRegisterChoices, type RegisterChoice } from "@/lib/registers/queries";
import { CURRENCIES } from "@/lib/money/amounts";
import { formatMoney } from "@/lib/money/locale";
import { visibleViewsOfRequest } from "@/lib/views/queries";
import { ExportMenu } from "./export-menu";
import { SavedViewsMenu } from "./saved-views/saved-views-menu";

/*
 * The payins / payouts list page body (server component). Everything comes from the URL
 * (lib/applications/url-state): filters, view, order, page size and keyset cursor. Cells are
 * rendered here; the client table only lays them out and turns clicks into navigation.
 */

const SORTABLE: Partial<Record<string, SortKey>> = {
  created: "created",
  payment_id: "payment_id",
  amount: "amount",
  updated: "updated",
};
const COLUMNS: Omit<DataTableColumn, "sort" | "header">[] = [
  { id: "created", cell: "datetime", className: "text-slate-600 tabular-nums" },
  { id: "payment_id", cell: "link", className: "font-mono text-xs" },
  { id: "amount", align: "end", className: "font-medium text-slate-900" },
  { id: "status" },
  { id: "method", className: "text-slate-700" },
  { id: "register", className: "text-slate-700" },
  { id: "customer", className: "font-mono text-xs text-slate-700" },
  { id: "updated", cell: "datetime", className: "text-slate-600 tabular-nums" },
];

/** The list's status filter: HighHelp's statuses, and ours before it answers. */
const statusFilterText = (t: Translate, value: string) => t(statusFilterKey(value));

const filterFields = (t: Translate, type: ApplicationType, registers: readonly RegisterChoice[]): FilterField[] => [
  {
    kind: "search",
    name: "q",
    label: t("lists.filters.search"),
    // Only a payout keeps a phone (the receiver's): the payins' box does not offer it.
    placeholder: type === "payout" ? t("lists.filters.searchPlaceholderPayouts") : t("lists.filters.searchPlaceholder"),
  },
  {
    kind: "multi",
    name: "status",
    label: t("lists.filters.status"),
    options: STATUS_FILTERS.map((s) => ({ value: s, label: statusFilterText(t, s) })),
  },
  {
    kind: "multi",
    name: "sub_status",
    label: t("lists.filters.subStatus"),
    options: [
      ...PROCESSING_SUB_STATUSES.map((s) => ({ value: s, label: subStatusText(t, s), group: t("status.code.processing") })),
      ...DISPUTE_SUB_STATUSES.map((s) => ({ value: s, label: subStatusText(t, s), group: t("status.code.dispute") })),
    ],
  },
  {
    kind: "select",
    name: "currency",
    label: t("lists.filters.currency"),
    options: CURRENCIES.map((c) => ({ value: c, label: c })),
  },
  {
    kind: "select",
    name: "method",
    label: t("lists.filters.method"),
    options: METHOD_CODES.map((m) => ({ value: m, label: `${methodText(t, m)} (${m})` })),
  },
  {
    kind: "select",
    name: "register",
    label: t("lists.filters.register"),
    options: registers.map((r) => ({
      value: r.projectId,
      label: r.status === "active" ? r.name : t("lists.filters.disabledRegister", { name: r.name }),
    })),
  },
  {
    kind: "select",
    name: "product",
    label: t("lists.filters.product"),
    options: PRODUCTS.map((p) => ({ value: p, label: t(`products.${p}`) })),
  },
  {
    kind: "select",
    name: "integration",
    label: t("lists.filters.integration"),
    options: INTEGRATIONS.map((i) => ({ value: i, label: t(`integrations.${i}`) })),
  },
  { kind: "date", name: "from", label: t("lists.filters.from") },
  { kind: "date", name: "to", label: t("lists.filters.to"), notBefore: "from" },
  {
    kind: "text",
    name: "min",
    label: t("lists.filters.min"),
    inputMode: "decimal",
    placeholder: "0.00",
    hint: t("lists.filters.amountHint"),
  },
  {
    kind: "text",
    name: "max",
    label: t("lists.filters.max"),
    inputMode: "decimal",
    placeholder: "0.00",
    hint: t("lists.filters.amountHint"),
  },
];

const CLOCK = (
  <svg viewBox="0 0 16 16" className="size-3" fill="none" stroke="currentColor" strokeWidth="1.8">
    <circle cx="8" cy="8" r="6.2" />
    <path d="M8 4.5V8l2.5 1.5" strokeLinecap="round" />
  </svg>
);

/** Why a row needs a person, as compact marks (the words are in the tooltip and for screen readers). */
function attentionMarks(t: Translate, locale: string, row: ApplicationListRow, now: Date): ReactNode[] {
  const notes: Array<{ key: string; mark: ReactNode; text: string }> = [];
  if (row.oldAmount !== null && row.oldAmount !== row.amount) {
    notes.push({
      key: "amount-changed",
      mark: "Δ",
      text: t("lists.attention.amountChanged", { amount: formatMoney(row.oldAmount, row.currency, locale) }),
    });
  }
  // Disputes and errors speak for themselves; "overdue" is for what still looks in progress.
  if ((row.status === null || row.status === "processing") && row.expiresAt !== null && row.expiresAt < now) {
    notes.push({ key: "overdue", mark: CLOCK, text: t("lists.attention.overdue") });
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

function toTableRow(
  t: Translate,
  locale: string,
  row: ApplicationListRow,
  now: Date,
  registerNames: ReadonlyMap<string, string>,
): DataTableRow {
  const method = row.method ?? row.widgetMethod;
  const badge = <StatusBadge key="status" status={row.status} subStatus={row.subStatus} submission={row.submission} />;
  const marks = attentionMarks(t, locale, row, now);
  return {
    id: String(row.id),
    href: `/applications/${row.id}`,
    cells: {
      created: row.createdAt.toISOString(),
      payment_id: row.paymentId,
      amount: formatMoney(row.amount, row.currency, locale),
      status: marks.length > 0 ? [badge, ...marks] : badge,
      method: method ? <span title={method}>{methodText(t, method)}</span> : row.product === "ecom" ? t("products.ecom") : "—",
      register: registerNames.get(row.projectId) ?? row.projectId,
      customer: row.customerId ?? "—",
      updated: row.updatedAt.toISOString(),
    },
  };
}

function columnsFor(t: Translate, pathname: string, state: ListState): DataTableColumn[] {
  return COLUMNS.map((spec) => {
    const column = { ...spec, header: t(`lists.columns.${spec.id}`) };
    const key = SORTABLE[column.id];
    if (!key) return column;
    const sorted = state.sort === key ? state.dir : false;
    const dir = sorted ? (sorted === "asc" ? "desc" : "asc") : defaultDirection(key);
    return { ...column, sort: { sorted, href: listHref(pathname, state, { sort: key, dir, after: null, before: null }) } };
  });
}

async function CountText({ count, type }: { count: Promise<ListCount>; type: ApplicationType }) {
  const { count: n, capped } = await count;
  const t = await getTranslations();
  const b = (chunks: ReactNode) => <span className="font-semibold text-slate-900 tabular-nums">{chunks}</span>;
  return (
    <span data-testid="list-count" data-count={n} data-capped={capped || undefined}>
      {capped ? t.rich(`lists.countCapped.${type}`, { count: n, b }) : t.rich(`lists.count.${type}`, { count: n, b })}
      <span className="text-slate-500"> · {t("lists.timesIn", { zone: await getTimeZoneName() })}</span>
    </span>
  );
}

/** Why the rollups could not answer, as message keys. */
const REASON_KEYS: Record<ScanReason, string> = {
  search: "search",
  "sub-status": "subStatus",
  integration: "integration",
  "amount range": "amountRange",
  "needs-attention view": "attentionView",
  "awaiting approval": "awaitingApproval",
  "day boundaries": "dayBoundaries",
};

async function TotalsText({ totals, type }: { totals: Promise<ListTotals>; type: ApplicationType }) {
  const result = await totals;
  const t = await getTranslations();
  const locale = await getLocale();
  const capped = result.source === "scan" && result.capped;
  const parts = result.perCurrency.map((c, i) => (
    <span key={c.currency} data-currency={c.currency} data-count={c.count}>
      {i > 0 ? "; " : ""}
      {i === 0
        ? t(`lists.totals.inFirst.${type}`, { amount: formatMoney(c.amount, c.currency, locale), count: c.count })
        : t("lists.totals.inMore", { amount: formatMoney(c.amount, c.currency, locale), count: c.count })}
    </span>
  ));
  const total = result.perCurrency.reduce((n, c) => n + c.count, 0);
  let how: ReactNode;
  if (result.source === "rollups") {
    how = t.rich("lists.totals.rollups", { at: () => <DateTime at={result.asOf} /> });
  } else {
    const reasons = result.reasons.filter((r): r is ScanReason => r !== "rollups not ready");
    const why = [
      ...(reasons.length > 0
        ? [t("lists.totals.why", { reasons: reasons.map((r) => t(`lists.reasons.${REASON_KEYS[r]}`)).join(", ") })]
        : []),
      ...(reasons.length < result.reasons.length ? [t("lists.totals.notReady")] : []),
    ];
    how = [capped ? t("lists.totals.scanCapped", { cap: result.cap }) : t("lists.totals.scan"), ...why].join("; ");
  }
  return (
    <p
      className="text-sm text-slate-600"
      data-testid="list-totals"
      data-source={result.source}
      data-count={total}
      data-capped={capped || undefined}
    >
      {t("lists.totals.lead")}{" "}
      <span className="font-semibold text-slate-900 tabular-nums">
        {parts.length === 0 ? t("lists.totals.none") : capped ? [`${t("lists.totals.atLeast")} `, ...parts] : parts}
      </span>
      <span className="text-slate-600"> · {how}</span>
    </p>
  );
}

/** The zone times on the page are shown in (the reader's). */
async function getTimeZoneName(): Promise<string> {
  return (await getTimeZone()) ?? "UTC";
}

/** The list's reads, and which of them have answered so far. */
type StartedReads = ListReads & { answered: { page: boolean; count: boolean; totals: boolean } };

/** The list's reads, started side by side; the count and totals stream in on their own and never delay the rows. */
async function startReads(type: ApplicationType, params: ListParams, scope: ProjectScope, now: Date): Promise<StartedReads> {
  const reads = listReads(await getDb(), type, params, scope, now);
  const answered = { page: false, count: false, totals: false };
  // Each is awaited (and reported) where it is shown; until then a failure must not count as unhandled.
  for (const read of ["page", "count", "totals"] as const)
    void (reads[read] as Promise<unknown>).then(
      () => (answered[read] = true),
      () => undefined,
    );
  return { ...reads, answered };
}

/**
 * A read shown in place when it has answered by the time its place renders, as it mostly has; else in a boundary of
 * its own that streams it in later (a Suspense boundary costs the page a fallback, a hidden copy and a script to swap
 * them).
 */
function whenAnswered(answered: boolean, fallback: ReactNode, shown: ReactNode): ReactNode {
  return answered ? shown : <Suspense fallback={fallback}>{shown}</Suspense>;
}

async function Results({
  type,
  params,
  now,
  registers,
  bare,
  reads,
}: {
  type: ApplicationType;
  params: ListParams;
  now: Date;
  registers: readonly RegisterChoice[];
  bare: string | null;
  reads: StartedReads;
}) {
  const registerNames = new Map(registers.map((r) => [r.projectId, r.name]));
  const pathname = LIST_PATHS[type];
  const state = listState(params);
  const { count, totals } = reads;
  const page = await reads.page;
  const t = await getTranslations();
  const locale = await getLocale();

  let empty: ReactNode;
  if (page.fromCursor) {
    empty = (
      <>
        {t(`lists.noMore.${type}`)}{" "}
        <Link
          className="font-medium text-indigo-600 hover:text-indigo-500"
          href={listHref(pathname, state, { after: null, before: null })}
        >
          {t("lists.backToFirst")}
        </Link>
      </>
    );
  } else if (hasFilters(state)) {
    empty = (
      <>
        {t(`lists.noMatch.${type}`)}{" "}
        <Link
          className="font-medium text-indigo-600 hover:text-indigo-500"
          href={listHref(pathname, { ...DEFAULT_LIST_STATE, view: state.view, size: state.size, saved: bare })}
        >
          {t("lists.clearFilters")}
        </Link>
      </>
    );
  } else {
    empty = state.view === "attention" ? t(`lists.noneAttention.${type}`) : t(`lists.none.${type}`);
  }

  // Sort keys are column ids.
  const order = t("lists.order", { column: t(`lists.columns.${state.sort}`), dir: state.dir });
  const zone = await getTimeZoneName();
  return (
    <div className="space-y-3">
      {whenAnswered(
        reads.answered.totals,
        <p className="text-sm text-slate-600">{t("lists.addingUp")}</p>,
        <TotalsText totals={totals} type={type} />,
      )}
      <DataTable
        testId="applications-table"
        caption={t(state.view === "attention" ? `lists.captionAttention.${type}` : `lists.caption.${type}`, { order, zone })}
        columns={columnsFor(t, pathname, state)}
        rows={page.rows.map((row) => toTableRow(t, locale, row, now, registerNames))}
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
        summary={whenAnswered(
          reads.answered.count,
          <span className="text-slate-500">{t("lists.counting")}</span>,
          <CountText count={count} type={type} />,
        )}
      />
    </div>
  );
}

/** The whole list page for one application type, of the registers in `scope` (allowedProjects of the user). */
export async function ApplicationsList({
  type,
  searchParams,
  scope,
  viewer,
}: {
  type: ApplicationType;
  searchParams: SearchParamsInput;
  scope: ProjectScope;
  /** The reader, for their saved views. */
  viewer: { id: number; canShare: boolean };
}) {
  const params = parseListParams(searchParams);
  const now = new Date();
  // The rows do not wait for the form's registers and the views menu.
  const reads = await startReads(type, params, scope, now);
  const [registers, views] = await Promise.all([
    listRegisterChoices(await getDb(), { projectIds: scopeProjectIds(scope) }),
    visibleViewsOfRequest(viewer.id, type),
  ]);
  const t = await getTranslations();
  const FILTER_FIELDS = filterFields(t, type, registers);
  const state = listState(params);
  const pathname = LIST_PATHS[type];

  // What the filter form does not edit but must keep.
  const { view, sort, dir, size } = state;
  // With a default view, the bare list URL opens that view: "reset" and an emptied filter form then say "no saved view".
  const bare = views.some((v) => v.isDefault) ? "none" : null;
  const preserve = Object.fromEntries(listSearchParams({ ...DEFAULT_LIST_STATE, view, sort, dir, size, saved: bare }));
  const currentView = state.saved && state.saved !== "none" ? views.find((v) => String(v.id) === state.saved) : undefined;
  const filterValues = Object.fromEntries(
    FILTER_FIELDS.map((f) => [f.name, state[f.name as keyof ListState] as string | string[] | null]),
  );
  // A new URL remounts the form (its fields show the URL again) and shows the skeleton while the
  // new page loads; the two keys differ because they are siblings.
  const key = listKey(state);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">{t(`lists.title.${type}`)}</h1>
        <div className="flex flex-wrap items-center gap-2">
          <SavedViewsMenu
            listType={type}
            views={views.map((v) => ({
              id: v.id,
              name: v.name,
              href: `${pathname}?${v.query}${v.query ? "&" : ""}saved=${v.id}`,
              shared: v.shared,
              mine: v.mine,
              ownerEmail: v.ownerEmail,
              isDefault: v.isDefault,
            }))}
            query={listSearchParams(state, { after: null, before: null, saved: null }).toString()}
            canShare={viewer.canShare}
            current={currentView?.name ?? null}
          />
          <ExportMenu href={exportHref(type, state)} />
        </div>
      </div>
      <DataTableTabs
        label={t(`lists.views.${type}`)}
        tabs={[
          {
            label: t("lists.tabs.all"),
            href: listHref(pathname, state, { view: "all", after: null, before: null }),
            current: state.view === "all",
          },
          {
            label: t("lists.tabs.attention"),
            href: listHref(pathname, state, { view: "attention", after: null, before: null }),
            current: state.view === "attention",
          },
        ]}
      />
      {params.ignored.length > 0 ? (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800 ring-1 ring-amber-200" data-testid="ignored-params">
          {t("lists.ignored", { params: params.ignored.join(", ") })}
        </p>
      ) : null}
      <DataTableFilterForm
        key={`filters:${key}`}
        label={t(`lists.filterLabel.${type}`)}
        note={t("lists.daysIn", { zone: env.DEFAULT_TIME_ZONE })}
        fields={FILTER_FIELDS}
        values={filterValues}
        preserve={preserve}
        resetHref={listHref(pathname, { ...DEFAULT_LIST_STATE, view, size, saved: bare })}
      />
      {state.sort === "amount" ? (
        <p className="text-sm text-slate-600" data-testid="amount-sort-note">
          {t("lists.amountSortNote", { dir: state.dir })}
        </p>
      ) : null}
      <Fragment key={`results:${key}`}>
        {whenAnswered(
          reads.answered.page,
          <DataTableSkeleton rows={10} />,
          <Results type={type} params={params} now={now} registers={registers} bare={bare} reads={reads} />,
        )}
      </Fragment>
    </div>
  );
}
