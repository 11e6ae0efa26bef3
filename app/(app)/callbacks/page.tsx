import type { Metadata } from "next";
import Link from "next/link";
import { getTimeZone } from "next-intl/server";
import { getTranslations } from "@/lib/i18n/server";
import { Suspense, type ReactNode } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { PageLink } from "@/components/data-table/data-table-pagination";
import { DataTableFilterForm } from "@/components/data-table/data-table-filter-form";
import { DataTableSkeleton } from "@/components/data-table/data-table-skeleton";
import type { DataTableColumn, DataTableRow, FilterField } from "@/components/data-table/types";
import { DateTime } from "@/components/date-time";
import { requirePermission } from "@/lib/accounts/auth";
import { allowedProjects, scopeProjectIds, type ProjectScope } from "@/lib/accounts/register-scope";
import { CALLBACK_LOG_PAGE_SIZE, queryCallbackLog, type CallbackLogRow } from "@/lib/callbacks/log-queries";
import {
  CALLBACK_LOG_OUTCOMES,
  callbackEntryRef,
  callbackLogHref,
  callbackLogSearchParams,
  DEFAULT_CALLBACK_LOG_STATE,
  hasCallbackLogFilters,
  parseCallbackLogParams,
  type CallbackLogState,
} from "@/lib/callbacks/log-url-state";
import type { Translate } from "@/lib/i18n/translate";
import { listRegisterChoices } from "@/lib/registers/queries";
import { getDb } from "@/lib/server/db";
import { env } from "@/lib/server/env";

/*
 * The callback log: every delivery HighHelp made to the registers in the reader's scope (refused ones too, for
 * unscoped readers), newest first, filtered from the URL (lib/callbacks/log-url-state), "Older" keyset pages.
 * Each entry opens its detail (/callbacks/<ref>), where admins re-apply it or reconcile its application.
 */

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("callbackLog"))("title") };
}

const LINK = "font-medium text-indigo-700 hover:text-indigo-500 hover:underline";

const columns = (t: Translate, zone: string): DataTableColumn[] => [
  { id: "time", header: t("callbackLog.columns.time", { zone }), className: "text-slate-700 tabular-nums" },
  { id: "register", header: t("callbackLog.columns.register"), className: "text-slate-800" },
  { id: "payment", header: t("callbackLog.columns.payment"), className: "font-mono text-xs" },
  { id: "kind", header: t("callbackLog.columns.kind"), className: "text-slate-700" },
  { id: "signature", header: t("callbackLog.columns.signature"), className: "text-slate-700" },
  { id: "outcome", header: t("callbackLog.columns.outcome"), className: "text-slate-900" },
];

function filterFields(t: Translate, registers: { projectId: string; name: string }[]): FilterField[] {
  return [
    {
      kind: "select",
      name: "outcome",
      label: t("callbackLog.filters.outcome"),
      options: CALLBACK_LOG_OUTCOMES.map((o) => ({ value: o, label: t(`callbackLog.outcome.${o}`) })),
      anyLabel: t("callbackLog.filters.anyOutcome"),
    },
    {
      kind: "select",
      name: "register",
      label: t("callbackLog.filters.register"),
      options: registers.map((r) => ({ value: r.projectId, label: r.name })),
      anyLabel: t("callbackLog.filters.anyRegister"),
    },
    { kind: "text", name: "payment", label: t("callbackLog.filters.payment"), placeholder: "payment_id" },
    { kind: "date", name: "from", label: t("callbackLog.filters.from") },
    { kind: "date", name: "to", label: t("callbackLog.filters.to"), notBefore: "from" },
  ];
}

function toTableRow(t: Translate, row: CallbackLogRow, registerNames: Map<string, string>): DataTableRow {
  const ref = callbackEntryRef(row.source, row.id);
  return {
    id: ref,
    cells: {
      time: (
        <Link href={`/callbacks/${ref}`} prefetch={false} className={LINK} data-testid="callback-entry-link">
          <DateTime at={row.receivedAt} />
        </Link>
      ),
      register: row.projectId ? (registerNames.get(row.projectId) ?? row.projectId) : "—",
      payment:
        row.applicationId !== null ? (
          <Link href={`/applications/${row.applicationId}`} prefetch={false} className={LINK}>
            {row.paymentId}
          </Link>
        ) : (
          (row.paymentId ?? "—")
        ),
      kind: row.kind ?? "—",
      signature:
        row.signatureVerified === null
          ? "—"
          : t(row.signatureVerified ? "callbackLog.signature.verified" : "callbackLog.signature.unverified"),
      outcome: (
        <span data-testid="callback-outcome">
          {t(`callbackLog.outcome.${row.outcome}`)}
          {row.reason ? <span className="text-slate-600"> · {row.reason}</span> : null}
        </span>
      ),
    },
  };
}

async function Results({ state, scope }: { state: CallbackLogState; scope: ProjectScope }) {
  const db = await getDb();
  const [page, registers] = await Promise.all([
    queryCallbackLog(db, state, scope),
    listRegisterChoices(db, { projectIds: scopeProjectIds(scope) }),
  ]);
  const registerNames = new Map(registers.map((r) => [r.projectId, r.name]));
  const t = await getTranslations();
  const zone = (await getTimeZone()) ?? "UTC";
  let empty: ReactNode = t("callbackLog.none");
  if (state.after || hasCallbackLogFilters(state)) {
    empty = (
      <>
        {t("callbackLog.noMatch")}{" "}
        <Link className={LINK} href={callbackLogHref(DEFAULT_CALLBACK_LOG_STATE)}>
          {t("lists.clearFilters")}
        </Link>
      </>
    );
  }
  return (
    <div className="space-y-3">
      <DataTable
        testId="callback-log-table"
        caption={t("callbackLog.caption", { zone })}
        columns={columns(t, zone)}
        rows={page.rows.map((row) => toTableRow(t, row, registerNames))}
        empty={<span data-testid="empty-state">{empty}</span>}
      />
      <nav aria-label={t("dataTable.pagination")} className="flex flex-wrap items-center justify-between gap-3 text-sm">
        <p className="text-slate-600">
          {t("callbackLog.pageSize", { size: CALLBACK_LOG_PAGE_SIZE })}
          <span> · {t("lists.timesIn", { zone })}</span>
        </p>
        <div className="flex items-center gap-2">
          {state.after ? (
            <PageLink href={callbackLogHref(state, { after: null })}>
              <span aria-hidden>«</span>&nbsp;{t("callbackLog.newest")}
            </PageLink>
          ) : null}
          <PageLink href={page.nextCursor ? callbackLogHref(state, { after: page.nextCursor }) : null} rel="next">
            {t("callbackLog.older")}&nbsp;<span aria-hidden>›</span>
          </PageLink>
        </div>
      </nav>
    </div>
  );
}

export default async function CallbackLogPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePermission("callbacks:read");
  const scope = allowedProjects(user);
  const { ignored, ...state } = parseCallbackLogParams(await searchParams);
  const registers = await listRegisterChoices(await getDb(), { projectIds: scopeProjectIds(scope) });
  const t = await getTranslations();
  const values = {
    outcome: state.outcome,
    register: state.register,
    payment: state.payment,
    from: state.from,
    to: state.to,
  };
  const key = callbackLogSearchParams(state).toString();
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">{t("callbackLog.title")}</h1>
        <p className="text-sm text-slate-600">{t("callbackLog.intro")}</p>
      </div>
      {ignored.length > 0 ? (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800 ring-1 ring-amber-200" data-testid="ignored-params">
          {t("lists.ignored", { params: ignored.join(", ") })}
        </p>
      ) : null}
      <DataTableFilterForm
        key={`filters:${key}`}
        label={t("callbackLog.filterLabel")}
        note={t("lists.daysIn", { zone: env.DEFAULT_TIME_ZONE })}
        fields={filterFields(t, registers)}
        values={values}
        preserve={{}}
        resetHref={callbackLogHref(DEFAULT_CALLBACK_LOG_STATE)}
      />
      <Suspense key={`results:${key}`} fallback={<DataTableSkeleton rows={10} />}>
        <Results state={state} scope={scope} />
      </Suspense>
    </div>
  );
}
