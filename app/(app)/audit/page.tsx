import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTimeZone } from "next-intl/server";
import { getTranslations } from "@/lib/i18n/server";
import { Fragment, Suspense, type ReactNode } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { PageLink } from "@/components/data-table/data-table-pagination";
import { DataTableFilterForm } from "@/components/data-table/data-table-filter-form";
import { DataTableSkeleton } from "@/components/data-table/data-table-skeleton";
import type { DataTableColumn, DataTableRow, FilterField, FilterOption } from "@/components/data-table/types";
import { auditTargetName } from "@/lib/audit/csv-export";
import { auditFields, type AuditField, type AuditNames } from "@/lib/audit/details";
import { AUDIT_PAGE_SIZE, auditNames, listAuditActions, queryAuditLog, type AuditRow } from "@/lib/audit/queries";
import { callbackEntryRef } from "@/lib/callbacks/log-url-state";
import { formatMoney } from "@/lib/money/locale";
import {
  auditHref,
  auditSearchParams,
  DEFAULT_AUDIT_STATE,
  hasAuditFilters,
  parseAuditParams,
  type AuditState,
} from "@/lib/audit/url-state";
import { requirePermission } from "@/lib/accounts/auth";
import { allowedProjects, type ProjectScope } from "@/lib/accounts/register-scope";
import { DateTime } from "@/components/date-time";
import { ExportMenu } from "../_components/export-menu";
import type { Translate } from "@/lib/i18n/translate";
import { env } from "@/lib/server/env";
import { getDb } from "@/lib/server/db";

/*
 * The audit log, for admins: every entry newest first, filtered from the URL
 * (lib/audit/url-state), "Older" keyset pages. Read-only: the table is append-only and the database
 * refuses updates and deletes, so there is nothing to edit here.
 */

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("audit"))("title") };
}

const LINK = "font-medium text-indigo-600 hover:text-indigo-500";

const columns = (t: Translate, zone: string): DataTableColumn[] => [
  { id: "time", header: t("audit.columns.time", { zone }), className: "text-slate-600 tabular-nums" },
  { id: "actor", header: t("audit.columns.actor"), className: "max-w-56 text-slate-800 whitespace-normal!" },
  { id: "action", header: t("audit.columns.action"), className: "font-mono text-xs text-slate-900" },
  { id: "target", header: t("audit.columns.target"), className: "max-w-56 text-xs whitespace-normal!" },
  { id: "ip", header: t("audit.columns.ip"), className: "font-mono text-xs text-slate-600" },
  // Long values wrap inside the cell instead of running past the table's right edge.
  { id: "details", header: t("audit.columns.details"), className: "min-w-72 text-xs whitespace-normal!" },
];

/** The action choices: each family (`payout.` = every payout action), then its actions. */
function actionOptions(t: Translate, actions: string[]): FilterOption[] {
  const families = new Map<string, string[]>();
  for (const action of actions) {
    const family = action.includes(".") ? `${action.split(".")[0]}.` : "";
    families.set(family, [...(families.get(family) ?? []), action]);
  }
  return [...families].flatMap(([family, members]) => [
    ...(family && members.length > 1 ? [{ value: family, label: t("audit.allActions", { family: family.slice(0, -1) }) }] : []),
    ...members.map((action) => ({ value: action, label: action })),
  ]);
}

function filterFields(t: Translate, actions: string[]): FilterField[] {
  return [
    { kind: "search", name: "user", label: t("audit.filters.user"), placeholder: t("audit.filters.userPlaceholder") },
    {
      kind: "select",
      name: "action",
      label: t("audit.filters.action"),
      options: actionOptions(t, actions),
      anyLabel: t("audit.filters.anyAction"),
    },
    { kind: "text", name: "application", label: t("audit.filters.application"), placeholder: "payment_id" },
    { kind: "date", name: "from", label: t("audit.filters.from") },
    { kind: "date", name: "to", label: t("audit.filters.to"), notBefore: "from" },
  ];
}

const TARGET_LINK = "text-indigo-700 hover:text-indigo-500 hover:underline";

function registerHref(id: number): string {
  return `/registers#register-${id}`;
}

/** One details field in words: money in major units, people and registers by name with a link. */
function FieldValue({ field, names, locale }: { field: AuditField; names: AuditNames; locale: string }) {
  switch (field.kind) {
    case "money":
      return <span className="tabular-nums">{formatMoney(field.minor, field.currency, locale)}</span>;
    case "user": {
      const person = names.users.get(field.userId);
      return person ? (
        <Link href={`/users#user-${field.userId}`} prefetch={false} className={TARGET_LINK} title={person.email}>
          {person.name}
        </Link>
      ) : (
        <span>#{field.userId}</span>
      );
    }
    case "registers":
      return (
        <>
          {field.registers.map((r, i) => {
            const known = r.id !== undefined ? names.registersById.get(r.id) : names.registersByProject.get(r.projectId ?? "");
            return (
              <Fragment key={`${r.id ?? r.projectId}`}>
                {i > 0 ? ", " : ""}
                {known ? (
                  <Link href={registerHref(known.id)} prefetch={false} className={TARGET_LINK}>
                    {known.name}
                  </Link>
                ) : (
                  (r.name ?? r.projectId ?? `#${r.id}`)
                )}
              </Fragment>
            );
          })}
        </>
      );
    case "delivery":
      return (
        <Link href={`/callbacks/${callbackEntryRef("d", field.deliveryId)}`} prefetch={false} className={TARGET_LINK}>
          #{field.deliveryId}
        </Link>
      );
    case "text":
      return <span>{field.text}</span>;
  }
}

function Details({ details, names, locale }: { details: unknown; names: AuditNames; locale: string }) {
  const fields = auditFields(details);
  if (fields.length === 0) return <>—</>;
  return (
    <dl className="grid max-w-md grid-cols-[auto_minmax(0,1fr)] gap-x-2 gap-y-0.5" data-testid="audit-details">
      {fields.map((field) => (
        <Fragment key={field.key}>
          <dt className="text-slate-600">{field.key}</dt>
          <dd className="text-slate-900 break-words [overflow-wrap:anywhere]">
            <FieldValue field={field} names={names} locale={locale} />
          </dd>
        </Fragment>
      ))}
    </dl>
  );
}

function target(row: AuditRow, names: AuditNames): ReactNode {
  if (row.applicationId !== null) {
    return (
      <Link href={`/applications/${row.applicationId}`} prefetch={false} className={TARGET_LINK} data-testid="audit-target">
        {row.paymentId ?? row.targetId ?? `#${row.applicationId}`}
      </Link>
    );
  }
  const name = auditTargetName(row, names);
  if (row.targetType === "user" && name !== null) {
    return (
      <Link href={`/users#user-${row.targetId}`} prefetch={false} className={TARGET_LINK} data-testid="audit-target">
        {name}
      </Link>
    );
  }
  const register = row.targetType === "register" && row.targetId ? names.registersByProject.get(row.targetId) : undefined;
  if (register) {
    return (
      <Link href={registerHref(register.id)} prefetch={false} className={TARGET_LINK} data-testid="audit-target">
        {register.name}
      </Link>
    );
  }
  return (
    <span data-testid="audit-target" className="[overflow-wrap:anywhere]">
      <span className="text-slate-600">{row.targetType}</span>
      {row.targetId ? ` ${row.targetId}` : ""}
    </span>
  );
}

function toTableRow(t: Translate, row: AuditRow, names: AuditNames, locale: string): DataTableRow {
  return {
    id: String(row.id),
    cells: {
      time: <DateTime at={row.at} />,
      actor: (
        <>
          {row.actorUserId !== null && names.users.has(row.actorUserId) ? (
            <span className="block font-medium" data-testid="audit-actor-name">
              {names.users.get(row.actorUserId)!.name}
            </span>
          ) : null}
          <span
            data-testid="audit-actor"
            className="block text-xs text-slate-600 [overflow-wrap:anywhere]"
            title={row.actorUserId !== null ? t("audit.userId", { id: row.actorUserId }) : t("audit.noAccount")}
          >
            {row.actorEmail ?? "—"}
          </span>
        </>
      ),
      action: (
        <span data-testid="audit-action" className="[overflow-wrap:anywhere]">
          {row.action}
        </span>
      ),
      target: target(row, names),
      ip: (
        <span title={row.userAgent ?? undefined} className="[overflow-wrap:anywhere]">
          {row.ipAddress ?? "—"}
        </span>
      ),
      details: <Details details={row.details} names={names} locale={locale} />,
    },
  };
}

async function Results({ state, scope }: { state: AuditState; scope: ProjectScope }) {
  const db = await getDb();
  const page = await queryAuditLog(db, state, scope);
  const [names, locale] = await Promise.all([auditNames(db, page.rows), getLocale()]);
  const t = await getTranslations();
  const zone = (await getTimeZone()) ?? "UTC";

  let empty: ReactNode;
  if (state.after) {
    empty = (
      <>
        {t("audit.noOlder")}{" "}
        <Link className={LINK} href={auditHref(state, { after: null })}>
          {t("audit.backToNewest")}
        </Link>
      </>
    );
  } else if (hasAuditFilters(state)) {
    empty = (
      <>
        {t("audit.noMatch")}{" "}
        <Link className={LINK} href={auditHref(DEFAULT_AUDIT_STATE)}>
          {t("lists.clearFilters")}
        </Link>
      </>
    );
  } else {
    empty = t("audit.none");
  }

  return (
    <div className="space-y-3">
      <DataTable
        testId="audit-table"
        caption={t("audit.caption", { zone })}
        columns={columns(t, zone)}
        rows={page.rows.map((row) => toTableRow(t, row, names, locale))}
        empty={<span data-testid="empty-state">{empty}</span>}
      />
      <nav aria-label={t("dataTable.pagination")} className="flex flex-wrap items-center justify-between gap-3 text-sm">
        <p className="text-slate-600">
          {t("audit.pageSize", { size: AUDIT_PAGE_SIZE })}
          <span className="text-slate-500"> · {t("lists.timesIn", { zone })}</span>
        </p>
        <div className="flex items-center gap-2">
          {state.after ? (
            <PageLink href={auditHref(state, { after: null })}>
              <span aria-hidden>«</span>&nbsp;{t("audit.newest")}
            </PageLink>
          ) : null}
          <PageLink href={page.nextCursor ? auditHref(state, { after: page.nextCursor }) : null} rel="next">
            {t("audit.older")}&nbsp;<span aria-hidden>›</span>
          </PageLink>
        </div>
      </nav>
    </div>
  );
}

export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePermission("audit:read");
  const { ignored, ...state } = parseAuditParams(await searchParams);
  const actions = await listAuditActions(await getDb());
  const t = await getTranslations();
  const fields = filterFields(t, actions);
  const values = { user: state.user, action: state.action, application: state.application, from: state.from, to: state.to };
  // A new URL remounts the form (its fields show the URL again) and shows the skeleton while the
  // new page loads; the two keys differ because they are siblings.
  const key = auditSearchParams(state).toString();

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">{t("audit.title")}</h1>
          <p className="text-sm text-slate-600">{t("audit.intro")}</p>
        </div>
        <ExportMenu href={`/api/audit/export?${auditSearchParams(state, { after: null }).toString()}`} />
      </div>
      {ignored.length > 0 ? (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800 ring-1 ring-amber-200" data-testid="ignored-params">
          {t("lists.ignored", { params: ignored.join(", ") })}
        </p>
      ) : null}
      <DataTableFilterForm
        key={`filters:${key}`}
        label={t("audit.filterLabel")}
        note={t("lists.daysIn", { zone: env.DEFAULT_TIME_ZONE })}
        fields={fields}
        values={values}
        preserve={{}}
        resetHref={auditHref(DEFAULT_AUDIT_STATE)}
      />
      <Suspense key={`results:${key}`} fallback={<DataTableSkeleton rows={10} />}>
        <Results state={state} scope={allowedProjects(user)} />
      </Suspense>
    </div>
  );
}
