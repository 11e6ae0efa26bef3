import type { Metadata } from "next";
import Link from "next/link";
import { getLocale } from "next-intl/server";
import { getTranslations } from "@/lib/i18n/server";
import { Suspense } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { DataTableFilterForm } from "@/components/data-table/data-table-filter-form";
import { DataTableSkeleton } from "@/components/data-table/data-table-skeleton";
import type { DataTableColumn, DataTableRow, FilterField, FilterOption } from "@/components/data-table/types";
import { DateTime } from "@/components/date-time";
import { methodText } from "@/components/method-name";
import { StatusBadge } from "@/components/status-badge";
import { requirePermission } from "@/lib/accounts/auth";
import { allowedProjects, scopeProjectIds, type ProjectScope } from "@/lib/accounts/register-scope";
import { businessDayOf } from "@/lib/dates/business-day";
import { formatCalendarPeriod } from "@/lib/dates/utc";
import type { Translate } from "@/lib/i18n/translate";
import { formatMoney } from "@/lib/money/locale";
import type { RegisterChoice } from "@/lib/registers/choices";
import { listRegisterChoices } from "@/lib/registers/queries";
import { conversionRatio, type Conversion } from "@/lib/reports/conversion";
import {
  conversionByGroup,
  type ReportGroup,
  reportCurrencies,
  reportMethods,
  totalsByCurrency,
  turnover,
} from "@/lib/reports/queries";
import {
  DEFAULT_REPORT_STATE,
  GRANULARITIES,
  MAX_PERIOD_DAYS,
  parseReportParams,
  reportHref,
  reportSearchParams,
  resolveReport,
  type ReportQuery,
} from "@/lib/reports/schemas";
import { rollupsAsOf } from "@/lib/rollups/queries";
import { getDb } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { ExportMenu } from "../_components/export-menu";
import { numberFormat } from "@/lib/i18n/intl-formats";

/*
 * The turnover report for finance staff: counts, sums and conversion per day or month, cash register, type,
 * currency, method and status, read from the rollups (lib/reports) within the reader's register scope. The
 * whole state is in the URL; the CSV takes the same parameters.
 */

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("reports"))("title") };
}

/** Rows the page renders; the CSV holds every row. */
const SHOWN_ROWS = 500;

const NUMBER = "text-right tabular-nums";

function percent(conversion: Conversion, locale: string): string {
  const ratio = conversionRatio(conversion);
  return ratio === null
    ? "—"
    : numberFormat(locale, { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(ratio);
}

/** `registers`: the reader's registers, as the page already read them for its filter. */
async function Results({ query, scope, registers }: { query: ReportQuery; scope: ProjectScope; registers: RegisterChoice[] }) {
  const db = await getDb();
  const [rows, asOf, locale, t] = await Promise.all([
    turnover(db, query, scope),
    rollupsAsOf(db),
    getLocale(),
    getTranslations(),
  ]);
  const names = new Map(registers.map((r) => [r.projectId, r.name]));
  const register = (projectId: string) => names.get(projectId) ?? <span className="font-mono text-xs">{projectId}</span>;
  const method = (code: string | null) =>
    code ? methodText(t, code) : <span className="text-slate-600">{t("reports.noMethod")}</span>;
  const count = (n: number) => numberFormat(locale).format(n);
  const granularity = { granularity: query.granularity };

  // The group a row belongs to: the first columns of both tables.
  const groupColumns: DataTableColumn[] = [
    { id: "period", header: t("reports.columns.period", granularity), className: "tabular-nums" },
    { id: "register", header: t("reports.columns.register") },
    { id: "type", header: t("reports.columns.type") },
    { id: "currency", header: t("reports.columns.currency") },
    { id: "method", header: t("reports.columns.method") },
  ];
  const turnoverColumns: DataTableColumn[] = [
    ...groupColumns,
    { id: "status", header: t("reports.columns.status") },
    { id: "count", header: t("reports.columns.count"), align: "end", className: NUMBER },
    { id: "amount", header: t("reports.columns.amount"), align: "end", className: NUMBER },
  ];
  const groupKey = (g: ReportGroup) => [g.period, g.projectId, g.type, g.currency, g.method ?? ""];
  const groupCells = (g: ReportGroup) => ({
    period: formatCalendarPeriod(g.period, locale),
    register: register(g.projectId),
    type: t(`application.type.${g.type}`),
    currency: g.currency,
    method: method(g.method),
  });
  const turnoverRows: DataTableRow[] = rows.slice(0, SHOWN_ROWS).map((r) => ({
    id: [...groupKey(r), r.status ?? ""].join("|"),
    cells: {
      ...groupCells(r),
      status: <StatusBadge status={r.status} subStatus={null} />,
      count: count(r.count),
      amount: formatMoney(r.amount, r.currency, locale),
    },
  }));

  const conversions = conversionByGroup(rows);
  const conversionColumns: DataTableColumn[] = [
    ...groupColumns,
    { id: "successful", header: t("reports.columns.successful"), align: "end", className: NUMBER },
    { id: "finished", header: t("reports.columns.finished"), align: "end", className: NUMBER },
    { id: "conversion", header: t("reports.columns.conversion"), align: "end", className: NUMBER },
  ];
  const conversionRows: DataTableRow[] = conversions.slice(0, SHOWN_ROWS).map((c) => ({
    id: groupKey(c).join("|"),
    cells: {
      ...groupCells(c),
      successful: count(c.successful),
      finished: count(c.finished),
      conversion: percent(c, locale),
    },
  }));

  const totals = totalsByCurrency(rows);
  const none = <span data-testid="empty-state">{t("reports.none")}</span>;

  return (
    <div className="space-y-6">
      <p className="text-sm text-slate-600" data-testid="figures-as-of">
        {asOf ? t.rich("reports.asOf", { at: () => <DateTime at={asOf} /> }) : t("reports.notComputed")}
      </p>

      <section aria-labelledby="report-totals-title" className="space-y-2">
        <h2 id="report-totals-title" className="text-lg font-semibold">
          {t("reports.totals.title")}
        </h2>
        {totals.length === 0 ? (
          <p className="text-sm text-slate-600">{none}</p>
        ) : (
          <div
            role="region"
            aria-label={t("reports.totals.caption")}
            tabIndex={0}
            className="relative overflow-x-auto rounded-lg bg-white ring-1 ring-slate-200 focus-visible:outline-2 focus-visible:outline-indigo-600"
          >
            <table className="min-w-full text-sm" data-testid="report-totals">
              <caption className="sr-only">{t("reports.totals.caption")}</caption>
              <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-600">
                <tr>
                  <th scope="col" className="px-4 py-2">
                    {t("reports.columns.type")}
                  </th>
                  <th scope="col" className="px-4 py-2">
                    {t("reports.columns.currency")}
                  </th>
                  <th scope="col" className="px-4 py-2 text-right">
                    {t("reports.columns.count")}
                  </th>
                  <th scope="col" className="px-4 py-2 text-right">
                    {t("reports.columns.amount")}
                  </th>
                  <th scope="col" className="px-4 py-2 text-right">
                    {t("reports.columns.successAmount")}
                  </th>
                  <th scope="col" className="px-4 py-2 text-right">
                    {t("reports.columns.conversion")}
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {totals.map((total) => (
                  <tr key={`${total.type}-${total.currency}`} data-testid="report-total">
                    <td className="px-4 py-2">{t(`application.type.${total.type}`)}</td>
                    <td className="px-4 py-2">{total.currency}</td>
                    <td className={`px-4 py-2 ${NUMBER}`}>{count(total.count)}</td>
                    <td className={`px-4 py-2 whitespace-nowrap ${NUMBER}`}>
                      {formatMoney(total.amount, total.currency, locale)}
                    </td>
                    <td className={`px-4 py-2 whitespace-nowrap ${NUMBER}`}>
                      {formatMoney(total.successAmount, total.currency, locale)}
                    </td>
                    <td className={`px-4 py-2 ${NUMBER}`}>{percent(total, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="report-turnover-title" className="space-y-2">
        <h2 id="report-turnover-title" className="text-lg font-semibold">
          {t("reports.title")}
        </h2>
        {rows.length > SHOWN_ROWS ? (
          <p className="text-sm text-slate-600" data-testid="report-truncated">
            {t("reports.truncated", { shown: SHOWN_ROWS, total: rows.length })}
          </p>
        ) : null}
        <DataTable
          testId="report-table"
          caption={t("reports.caption", granularity)}
          columns={turnoverColumns}
          rows={turnoverRows}
          empty={none}
        />
      </section>

      <section aria-labelledby="report-conversion-title" className="space-y-2">
        <h2 id="report-conversion-title" className="text-lg font-semibold">
          {t("reports.conversion.title")}
        </h2>
        <p className="text-sm text-slate-600" data-testid="conversion-definition">
          {t("reports.conversion.definition")}
        </p>
        <DataTable
          testId="conversion-table"
          caption={t("reports.conversion.caption", granularity)}
          columns={conversionColumns}
          rows={conversionRows}
          empty={none}
        />
      </section>
    </div>
  );
}

/** Methods by name; an H2H method and a widget method may share a name, and then their codes tell them apart. */
function methodOptions(t: Translate, methods: string[]): FilterOption[] {
  const names = methods.map((code) => methodText(t, code));
  return methods.map((code, i) => ({
    value: code,
    label: names.indexOf(names[i]!) !== names.lastIndexOf(names[i]!) ? `${names[i]} (${code})` : names[i]!,
  }));
}

function filterFields(
  t: Translate,
  registers: { projectId: string; name: string }[],
  currencies: string[],
  methods: string[],
): FilterField[] {
  return [
    { kind: "date", name: "from", label: t("reports.filters.from") },
    { kind: "date", name: "to", label: t("reports.filters.to"), notBefore: "from" },
    {
      kind: "select",
      name: "type",
      label: t("reports.filters.type"),
      anyLabel: t("reports.filters.anyType"),
      options: [
        { value: "payin", label: t("application.type.payin") },
        { value: "payout", label: t("application.type.payout") },
      ],
    },
    {
      kind: "select",
      name: "register",
      label: t("reports.filters.register"),
      anyLabel: t("reports.filters.anyRegister"),
      options: registers.map((r) => ({ value: r.projectId, label: r.name })),
    },
    {
      kind: "select",
      name: "currency",
      label: t("reports.filters.currency"),
      anyLabel: t("reports.filters.anyCurrency"),
      options: currencies.map((c) => ({ value: c, label: c })),
    },
    {
      kind: "select",
      name: "method",
      label: t("reports.filters.method"),
      anyLabel: t("reports.filters.anyMethod"),
      options: methodOptions(t, methods),
    },
  ];
}

export default async function ReportsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePermission("reports:read");
  const scope = allowedProjects(user);
  const { ignored, ...state } = parseReportParams(await searchParams);
  const resolved = resolveReport(state, businessDayOf(new Date()));
  const db = await getDb();
  const [t, locale, registers, currencies, methods] = await Promise.all([
    getTranslations(),
    getLocale(),
    listRegisterChoices(db, { projectIds: scopeProjectIds(scope) }),
    reportCurrencies(db, scope),
    reportMethods(db, scope),
  ]);
  const zone = env.DEFAULT_TIME_ZONE;
  const key = reportSearchParams(state).toString();
  const shown = resolved.ok ? resolved.query : null;
  const values = {
    from: state.from ?? shown?.from,
    to: state.to ?? shown?.to,
    type: state.type,
    register: state.register,
    currency: state.currency,
    method: state.method,
  };
  const preserve: Record<string, string> = state.granularity === "day" ? {} : { granularity: state.granularity };

  return (
    <div className="space-y-4">
      {/* No wrapping: the export menu opens leftwards from the right edge, never over the sidebar. */}
      <div className="flex items-start justify-between gap-4">
        <div className="min-w-0">
          <h1 className="text-2xl font-semibold">{t("reports.title")}</h1>
          <p className="text-sm text-slate-600">{t("reports.intro")}</p>
        </div>
        {resolved.ok ? <ExportMenu href={`/api/reports/turnover?${reportSearchParams(state).toString()}`} /> : null}
      </div>

      <nav aria-label={t("reports.granularity.label")} className="flex gap-1" data-testid="granularity">
        {GRANULARITIES.map((g) => (
          <Link
            key={g}
            href={reportHref(state, { granularity: g })}
            aria-current={g === state.granularity ? "page" : undefined}
            className={`rounded-md px-3 py-1.5 text-sm font-medium ring-1 ring-inset ${g === state.granularity ? "bg-indigo-600 text-white ring-indigo-600" : "bg-white text-slate-700 ring-slate-300 hover:bg-slate-50"}`}
          >
            {t(`reports.granularity.${g}`)}
          </Link>
        ))}
      </nav>

      {ignored.length > 0 ? (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800 ring-1 ring-amber-200" data-testid="ignored-params">
          {t("reports.ignored", { params: ignored.join(", ") })}
        </p>
      ) : null}

      <DataTableFilterForm
        key={`filters:${key}`}
        label={t("reports.filterLabel")}
        note={
          <>
            {shown
              ? t("reports.period", {
                  from: formatCalendarPeriod(shown.from, locale),
                  to: formatCalendarPeriod(shown.to, locale),
                  zone,
                })
              : t("lists.daysIn", { zone })}
            {state.granularity === "month" ? ` ${t("reports.monthEdges")}` : null}
          </>
        }
        fields={filterFields(t, registers, currencies, methods)}
        values={values}
        preserve={preserve}
        resetHref={reportHref({ ...DEFAULT_REPORT_STATE, granularity: state.granularity })}
      />

      {resolved.ok ? (
        <Suspense key={`results:${key}`} fallback={<DataTableSkeleton rows={10} />}>
          <Results query={resolved.query} scope={scope} registers={registers} />
        </Suspense>
      ) : (
        <p
          role="alert"
          className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200"
          data-testid="period-problem"
        >
          {t(`reports.problems.${resolved.problem}`, {
            days: MAX_PERIOD_DAYS[state.granularity],
            granularity: state.granularity,
          })}
        </p>
      )}
    </div>
  );
}
