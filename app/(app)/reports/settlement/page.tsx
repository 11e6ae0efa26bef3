import type { Metadata } from "next";
import { getLocale, getTimeZone } from "next-intl/server";
import { getTranslations } from "@/lib/i18n/server";
import { Suspense } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { DataTableFilterForm } from "@/components/data-table/data-table-filter-form";
import { DataTableSkeleton } from "@/components/data-table/data-table-skeleton";
import type { DataTableColumn, DataTableRow, FilterField } from "@/components/data-table/types";
import { DateTime } from "@/components/date-time";
import { requirePermission } from "@/lib/accounts/auth";
import { can } from "@/lib/accounts/permissions";
import { allowedProjects } from "@/lib/accounts/register-scope";
import type { Translate } from "@/lib/i18n/translate";
import { formatMoney } from "@/lib/money/locale";
import { getDb } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import {
  lastSnapshotAt,
  resolveSettlementView,
  settlementRows,
  settlementTotals,
  type SettlementRow,
  type SettlementView,
} from "@/lib/settlement/queries";
import { parseSettlementParams, settlementHref, settlementSearchParams, SETTLEMENT_MAX_DAYS } from "@/lib/settlement/schemas";
import { ExportMenu } from "../../_components/export-menu";
import { TakeSnapshotButton } from "./_components/take-snapshot-button";

/*
 * The settlement view: for one register, currency and period, HighHelp's balance snapshot after snapshot against
 * the applications that became successful in between (lib/settlement/queries.ts says what is counted and why).
 */

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("settlement"))("title") };
}

const NOTE = "rounded-md px-3 py-2 text-sm ring-1";

function columns(t: Translate, zone: string): DataTableColumn[] {
  return [
    { id: "interval", header: t("settlement.columns.interval", { zone }), className: "text-slate-700 whitespace-normal!" },
    { id: "opening", header: t("settlement.columns.opening"), align: "end", className: "tabular-nums" },
    { id: "closing", header: t("settlement.columns.closing"), align: "end", className: "tabular-nums" },
    { id: "movement", header: t("settlement.columns.movement"), align: "end", className: "tabular-nums font-medium" },
    { id: "payins", header: t("settlement.columns.payins"), align: "end", className: "tabular-nums" },
    { id: "payouts", header: t("settlement.columns.payouts"), align: "end", className: "tabular-nums" },
    { id: "applied", header: t("settlement.columns.applied"), align: "end", className: "tabular-nums font-medium" },
    { id: "difference", header: t("settlement.columns.difference"), align: "end", className: "tabular-nums" },
  ];
}

function toTableRow(t: Translate, row: SettlementRow, currency: string, locale: string): DataTableRow {
  const money = (minor: bigint) => formatMoney(minor, currency, locale);
  const differs = row.difference !== 0n;
  return {
    id: row.closedAt,
    cells: {
      interval: (
        <span data-testid="settlement-interval">
          <DateTime at={row.openedAt} /> – <DateTime at={row.closedAt} />
        </span>
      ),
      opening: <span data-testid="settlement-opening">{money(row.opening)}</span>,
      closing: <span data-testid="settlement-closing">{money(row.closing)}</span>,
      movement: <span data-testid="settlement-movement">{money(row.movement)}</span>,
      payins: (
        <span data-testid="settlement-payins">
          {money(row.payinsAmount)}
          <span className="block text-xs text-slate-500">{t("settlement.count", { count: row.payinsCount })}</span>
        </span>
      ),
      payouts: (
        <span data-testid="settlement-payouts">
          {money(row.payoutsAmount)}
          <span className="block text-xs text-slate-500">{t("settlement.count", { count: row.payoutsCount })}</span>
        </span>
      ),
      applied: <span data-testid="settlement-applied">{money(row.applied)}</span>,
      difference: differs ? (
        <span
          data-testid="settlement-difference"
          data-differs="true"
          className="inline-flex flex-col items-end rounded bg-amber-50 px-2 py-0.5 font-semibold text-amber-900 ring-1 ring-amber-300"
        >
          <span>
            <span aria-hidden>⚠ </span>
            {money(row.difference)}
          </span>
          <span className="text-xs font-normal">{t("settlement.differs")}</span>
        </span>
      ) : (
        <span data-testid="settlement-difference" data-differs="false" className="text-emerald-800">
          {money(row.difference)}
          <span className="block text-xs">{t("settlement.matches")}</span>
        </span>
      ),
    },
  };
}

async function Results({ view }: { view: SettlementView }) {
  const t = await getTranslations();
  const locale = await getLocale();
  const zone = (await getTimeZone()) ?? "UTC";
  const { register, currency } = view;
  if (!register || !currency) return <p className="text-sm text-slate-600">{t("settlement.noCurrency")}</p>;
  const db = await getDb();
  const [rows, last] = await Promise.all([
    settlementRows(db, { registerId: register.id, currency, from: view.from, to: view.to }),
    lastSnapshotAt(db, register.id),
  ]);
  const totals = settlementTotals(rows);
  const money = (minor: bigint) => formatMoney(minor, currency, locale);
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-700" data-testid="settlement-last-snapshot">
        {last ? (
          <>
            {t("settlement.lastSnapshot")} <DateTime at={last} />
          </>
        ) : (
          t("settlement.noSnapshot")
        )}
      </p>
      {rows.length > 0 ? (
        <p
          data-testid="settlement-totals"
          className={`${NOTE} ${totals.intervalsWithDifference > 0 ? "bg-amber-50 text-amber-900 ring-amber-200" : "bg-emerald-50 text-emerald-900 ring-emerald-200"}`}
        >
          {t("settlement.totals", {
            movement: money(totals.movement),
            applied: money(totals.applied),
            difference: money(totals.difference),
          })}{" "}
          {totals.intervalsWithDifference > 0
            ? t("settlement.intervalsDiffer", { count: totals.intervalsWithDifference })
            : t("settlement.allMatch")}
        </p>
      ) : null}
      <DataTable
        testId="settlement-table"
        caption={t("settlement.caption", { register: register.name, currency, zone })}
        columns={columns(t, zone)}
        rows={rows.map((row) => toTableRow(t, row, currency, locale))}
        empty={<span data-testid="empty-state">{t("settlement.empty")}</span>}
      />
      <p className="text-xs text-slate-600">{t("settlement.explain")}</p>
    </div>
  );
}

function filterFields(t: Translate, view: SettlementView): FilterField[] {
  return [
    {
      kind: "select",
      name: "register",
      label: t("settlement.filters.register"),
      options: view.registers.map((r) => ({
        value: String(r.id),
        label: r.status === "disabled" ? t("settlement.filters.disabled", { name: r.name }) : r.name,
      })),
      anyLabel: t("settlement.filters.firstRegister"),
    },
    {
      kind: "select",
      name: "currency",
      label: t("settlement.filters.currency"),
      options: view.currencies.map((c) => ({ value: c, label: c })),
      anyLabel: t("settlement.filters.firstCurrency"),
    },
    { kind: "date", name: "from", label: t("settlement.filters.from") },
    { kind: "date", name: "to", label: t("settlement.filters.to"), notBefore: "from" },
  ];
}

export default async function SettlementPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePermission("settlement:read");
  const { ignored, ...asked } = parseSettlementParams(await searchParams);
  const view = await resolveSettlementView(await getDb(), asked, allowedProjects(user));
  const t = await getTranslations();
  const state = {
    register: view.register?.id ?? null,
    currency: view.currency,
    from: view.from,
    to: view.to,
  };
  const key = settlementSearchParams(state).toString();
  const values = {
    register: state.register === null ? null : String(state.register),
    currency: state.currency,
    from: state.from,
    to: state.to,
  };

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">{t("settlement.title")}</h1>
          <p className="max-w-3xl text-sm text-slate-600">{t("settlement.intro")}</p>
        </div>
        <div className="flex flex-wrap items-start gap-2">
          {view.register && can(user.role, "settlement:snapshot") ? <TakeSnapshotButton registerId={view.register.id} /> : null}
          {view.register && view.currency && !view.periodProblem ? <ExportMenu href={`/api/settlement?${key}`} /> : null}
        </div>
      </div>
      {ignored.length > 0 ? (
        <p className={`${NOTE} bg-amber-50 text-amber-800 ring-amber-200`} data-testid="ignored-params">
          {t("lists.ignored", { params: ignored.join(", ") })}
        </p>
      ) : null}
      {view.unknownRegister ? (
        <p className={`${NOTE} bg-amber-50 text-amber-800 ring-amber-200`} data-testid="unknown-register">
          {t("settlement.errors.noRegister")}
        </p>
      ) : null}
      {view.registers.length === 0 ? (
        <p className="text-sm text-slate-600">{t("settlement.noRegisters")}</p>
      ) : (
        <>
          <DataTableFilterForm
            key={`filters:${key}`}
            label={t("settlement.filterLabel")}
            note={t("lists.daysIn", { zone: env.DEFAULT_TIME_ZONE })}
            fields={filterFields(t, view)}
            values={values}
            preserve={{}}
            resetHref={settlementHref({ register: null, currency: null, from: null, to: null })}
          />
          {view.periodProblem ? (
            <p role="alert" className={`${NOTE} bg-rose-50 text-rose-800 ring-rose-200`} data-testid="period-problem">
              {t(view.periodProblem, { days: SETTLEMENT_MAX_DAYS })}
            </p>
          ) : (
            <Suspense key={`results:${key}`} fallback={<DataTableSkeleton rows={8} />}>
              <Results view={view} />
            </Suspense>
          )}
        </>
      )}
    </div>
  );
}
