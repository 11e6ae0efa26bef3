import type { Metadata } from "next";
import Link from "next/link";
import { Suspense, type ReactNode } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { DataTableFilterForm } from "@/components/data-table/data-table-filter-form";
import { DataTableSkeleton } from "@/components/data-table/data-table-skeleton";
import type { DataTableColumn, DataTableRow, FilterField, FilterOption } from "@/components/data-table/types";
import { AUDIT_PAGE_SIZE, listAuditActions, queryAuditLog, type AuditRow } from "@/lib/audit/queries";
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
import { formatUtc } from "@/lib/dates/utc";
import { getDb } from "@/lib/server/db";

/*
 * The audit log, for admins: every entry newest first, filtered from the URL
 * (lib/audit/url-state), "Older" keyset pages. Read-only: the table is append-only and the database
 * refuses updates and deletes, so there is nothing to edit here.
 */

export const metadata: Metadata = { title: "Audit log" };

const LINK = "font-medium text-indigo-600 hover:text-indigo-500";
const PAGE_LINK =
  "inline-flex items-center rounded-md px-3 py-1.5 text-sm font-medium ring-1 ring-inset ring-slate-300 bg-white text-slate-800 hover:bg-slate-50";
const PAGE_DISABLED =
  "inline-flex items-center rounded-md px-3 py-1.5 text-sm font-medium ring-1 ring-inset ring-slate-200 bg-slate-50 text-slate-400 cursor-not-allowed";

const COLUMNS: DataTableColumn[] = [
  { id: "time", header: "Time (UTC)", className: "text-slate-600 tabular-nums" },
  { id: "actor", header: "User", className: "text-slate-800" },
  { id: "action", header: "Action", className: "font-mono text-xs text-slate-900" },
  { id: "target", header: "Target", className: "font-mono text-xs" },
  { id: "ip", header: "IP", className: "font-mono text-xs text-slate-600" },
  { id: "details", header: "Details", className: "font-mono text-xs text-slate-600" },
];

/** The action choices: each family (`payout.` = every payout action), then its actions. */
function actionOptions(actions: string[]): FilterOption[] {
  const families = new Map<string, string[]>();
  for (const action of actions) {
    const family = action.includes(".") ? `${action.split(".")[0]}.` : "";
    families.set(family, [...(families.get(family) ?? []), action]);
  }
  return [...families].flatMap(([family, members]) => [
    ...(family && members.length > 1 ? [{ value: family, label: `${family}* (all ${family.slice(0, -1)} actions)` }] : []),
    ...members.map((action) => ({ value: action, label: action })),
  ]);
}

function filterFields(actions: string[]): FilterField[] {
  return [
    { kind: "search", name: "user", label: "User email", placeholder: "an email, or its start (any case)" },
    { kind: "select", name: "action", label: "Action", options: actionOptions(actions), anyLabel: "Any action" },
    { kind: "text", name: "application", label: "Payment ID", placeholder: "payment_id" },
    { kind: "date", name: "from", label: "From (UTC)" },
    { kind: "date", name: "to", label: "To (UTC)" },
  ];
}

/** Details as compact JSON text: React escapes it, so stored markup shows as characters. */
function detailsText(details: unknown): string | null {
  if (details === null || details === undefined) return null;
  try {
    return JSON.stringify(details);
  } catch {
    return String(details);
  }
}

function target(row: AuditRow): ReactNode {
  if (row.applicationId !== null) {
    return (
      <Link
        href={`/applications/${row.applicationId}`}
        prefetch={false}
        className="text-indigo-700 hover:text-indigo-500 hover:underline"
        data-testid="audit-target"
      >
        {row.paymentId ?? row.targetId ?? `#${row.applicationId}`}
      </Link>
    );
  }
  return (
    <span data-testid="audit-target">
      <span className="text-slate-500">{row.targetType}</span>
      {row.targetId ? ` ${row.targetId}` : ""}
    </span>
  );
}

function toTableRow(row: AuditRow): DataTableRow {
  const details = detailsText(row.details);
  return {
    id: String(row.id),
    cells: {
      time: (
        <time dateTime={row.at} title={row.at}>
          {formatUtc(row.at)}
        </time>
      ),
      actor: (
        <span data-testid="audit-actor" title={row.actorUserId !== null ? `user #${row.actorUserId}` : "no account"}>
          {row.actorEmail ?? "—"}
        </span>
      ),
      action: <span data-testid="audit-action">{row.action}</span>,
      target: target(row),
      ip: <span title={row.userAgent ?? undefined}>{row.ipAddress ?? "—"}</span>,
      details:
        details === null ? (
          "—"
        ) : (
          <code className="block max-w-md truncate" title={details} data-testid="audit-details">
            {details}
          </code>
        ),
    },
  };
}

async function Results({ state, scope }: { state: AuditState; scope: ProjectScope }) {
  const page = await queryAuditLog(await getDb(), state, scope);

  let empty: ReactNode;
  if (state.after) {
    empty = (
      <>
        No older entries.{" "}
        <Link className={LINK} href={auditHref(state, { after: null })}>
          Back to the newest
        </Link>
      </>
    );
  } else if (hasAuditFilters(state)) {
    empty = (
      <>
        No entries match these filters.{" "}
        <Link className={LINK} href={auditHref(DEFAULT_AUDIT_STATE)}>
          Clear filters
        </Link>
      </>
    );
  } else {
    empty = "No entries yet.";
  }

  return (
    <div className="space-y-3">
      <DataTable
        testId="audit-table"
        caption="Audit log entries, newest first; times in UTC"
        columns={COLUMNS}
        rows={page.rows.map(toTableRow)}
        empty={<span data-testid="empty-state">{empty}</span>}
      />
      <nav aria-label="Pagination" className="flex flex-wrap items-center justify-between gap-3 text-sm">
        <p className="text-slate-600">
          Newest first, {AUDIT_PAGE_SIZE} a page<span className="text-slate-500"> · times in UTC</span>
        </p>
        <div className="flex items-center gap-2">
          {state.after ? (
            <Link href={auditHref(state, { after: null })} scroll={false} className={PAGE_LINK}>
              <span aria-hidden>«</span>&nbsp;Newest
            </Link>
          ) : null}
          {page.nextCursor ? (
            <Link href={auditHref(state, { after: page.nextCursor })} rel="next" scroll={false} className={PAGE_LINK}>
              Older&nbsp;<span aria-hidden>›</span>
            </Link>
          ) : (
            <span aria-disabled="true" className={PAGE_DISABLED}>
              Older&nbsp;<span aria-hidden>›</span>
            </span>
          )}
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
  const fields = filterFields(actions);
  const values = { user: state.user, action: state.action, application: state.application, from: state.from, to: state.to };
  // A new URL remounts the form (its fields show the URL again) and shows the skeleton while the
  // new page loads; the two keys differ because they are siblings.
  const key = auditSearchParams(state).toString();

  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">Audit log</h1>
        <p className="text-sm text-slate-500">
          Who did what, and when. Entries are append-only: nobody can change or delete them.
        </p>
      </div>
      {ignored.length > 0 ? (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800 ring-1 ring-amber-200" data-testid="ignored-params">
          Some parts of this address were not understood and were left out: {ignored.join(", ")}.
        </p>
      ) : null}
      <DataTableFilterForm
        key={`filters:${key}`}
        label="Filter the audit log"
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
