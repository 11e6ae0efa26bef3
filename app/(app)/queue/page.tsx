import type { Metadata } from "next";
import Link from "next/link";
import { getLocale } from "next-intl/server";
import { getTranslations } from "@/lib/i18n/server";
import { DataTableTabs } from "@/components/data-table/data-table-tabs";
import { DateTime } from "@/components/date-time";
import { DataTablePagination } from "@/components/data-table/data-table-pagination";
import { WORK_REASONS } from "@/drizzle/schema";
import { requirePermission } from "@/lib/accounts/auth";
import { allowedProjects } from "@/lib/accounts/register-scope";
import { formatMoney } from "@/lib/money/locale";
import { getDb } from "@/lib/server/db";
import { assignableUsers, queueCounts, queuePage, type QueueRow } from "@/lib/work/queries";
import { parseQueueParams, queueHref, type QueueState } from "@/lib/work/url-state";
import { QueueBulkBar, QueueSelectAll, QueueSelectBox, QueueSelection } from "./_components/queue-bulk";
import { QueueItemActions } from "./_components/queue-item-actions";
import { numberFormat } from "@/lib/i18n/intl-formats";

/*
 * The work queue: open items of the reader's registers, oldest first, by reason (tabs with counts) and
 * optionally only those assigned to the reader. It reads the small work_items table through its partial
 * index, whatever the number of applications.
 */

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("queue"))("title") };
}

export default async function QueuePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePermission("queue:work");
  const state = parseQueueParams(await searchParams);
  const { reason, mine } = state;
  const scope = allowedProjects(user);
  const db = await getDb();
  const now = new Date();
  const [page, counts] = await Promise.all([
    queuePage(db, scope, { reason, assigneeId: mine ? user.id : null }, state, now),
    queueCounts(db, scope, user.id, now),
  ]);
  const rows = page.rows;
  // A page reached by a cursor always leads back to the first, even when what followed it has since been resolved.
  const fromCursor = state.after !== null || state.before !== null;
  const colleaguesByProject = new Map<string, { id: number; email: string }[]>();
  for (const projectId of new Set(rows.map((r) => r.projectId))) {
    colleaguesByProject.set(projectId, await assignableUsers(db, projectId));
  }
  const t = await getTranslations();
  const locale = await getLocale();
  const href = (patch: Partial<QueueState>) => queueHref(state, patch);
  // A count that reached its cap reads "1,000+".
  const shown = (n: number, more: boolean) => (more ? `${numberFormat(locale).format(n)}+` : n);
  // The tab's own count: the items this page walks through, and those a bulk action on the whole tab works on.
  const tabCount = reason
    ? mine
      ? (counts.mineByReason[reason] ?? 0)
      : (counts.byReason[reason] ?? 0)
    : mine
      ? counts.mine
      : counts.total;
  const tabCapped = !mine && (reason ? counts.capped.includes(reason) : counts.capped.length > 0);
  const tabTotal = shown(tabCount, tabCapped);
  const reasonWords = (row: QueueRow) =>
    row.subStatus && t.has(`status.sub.${row.subStatus}`)
      ? t("queue.reasonWithSub", { reason: t(`queue.reason.${row.reason}`), sub: t(`status.sub.${row.subStatus}`) })
      : t(`queue.reason.${row.reason}`);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">{t("queue.title")}</h1>
        <Link
          href={href({ mine: !mine })}
          aria-current={mine ? "true" : undefined}
          className={`rounded-md px-3 py-1.5 text-sm font-medium ring-1 ring-inset ${mine ? "bg-indigo-50 text-indigo-800 ring-indigo-300" : "bg-white text-slate-800 ring-slate-300 hover:bg-slate-50"}`}
          data-testid="queue-mine"
        >
          {t("queue.mine", { count: counts.mine })}
        </Link>
      </div>
      <p className="text-sm text-slate-600">{t("queue.intro")}</p>
      <DataTableTabs
        label={t("queue.tabsLabel")}
        tabs={[
          {
            label: t("queue.tabAll", { count: shown(counts.total, counts.capped.length > 0) }),
            href: href({ reason: null }),
            current: reason === null,
          },
          ...WORK_REASONS.map((r) => ({
            label: t("queue.tab", {
              reason: t(`queue.reason.${r}`),
              count: shown(counts.byReason[r] ?? 0, counts.capped.includes(r)),
            }),
            href: href({ reason: r }),
            current: reason === r,
          })),
        ]}
      />
      {rows.length === 0 ? (
        <p className="rounded-md bg-white p-6 text-sm text-slate-600 ring-1 ring-slate-200" data-testid="empty-state">
          {t("queue.empty")}
        </p>
      ) : (
        <QueueSelection ids={rows.map((row) => row.id)} tab={{ reason, mine, count: tabCount, capped: tabCapped }}>
          <QueueBulkBar />
          <div
            role="region"
            aria-label={t("queue.caption")}
            tabIndex={0}
            className="relative overflow-x-auto rounded-md bg-white ring-1 ring-slate-200 focus-visible:outline-2 focus-visible:outline-indigo-600"
          >
            <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="queue-table">
              <caption className="sr-only">{t("queue.caption")}</caption>
              <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-600">
                <tr>
                  <th scope="col" className="w-8 px-3 py-2">
                    <QueueSelectAll />
                  </th>
                  <th scope="col" className="px-3 py-2">
                    {t("queue.columns.application")}
                  </th>
                  <th scope="col" className="px-3 py-2">
                    {t("queue.columns.reason")}
                  </th>
                  <th scope="col" className="px-3 py-2 text-right">
                    {t("queue.columns.amount")}
                  </th>
                  <th scope="col" className="px-3 py-2">
                    {t("queue.columns.opened")}
                  </th>
                  <th scope="col" className="px-3 py-2">
                    {t("queue.columns.assignee")}
                  </th>
                  <th scope="col" className="px-3 py-2">
                    {t("queue.columns.actions")}
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 align-top">
                {rows.map((row) => (
                  <tr key={row.id} data-testid="queue-row" data-payment-id={row.paymentId}>
                    <td className="px-3 py-2">
                      <QueueSelectBox itemId={row.id} paymentId={row.paymentId} />
                    </td>
                    <td className="px-3 py-2">
                      <Link href={`/applications/${row.applicationId}`} className="font-mono text-indigo-700 hover:underline">
                        {row.paymentId}
                      </Link>
                      <p className="text-xs text-slate-600">{t(`application.type.${row.applicationType}`)}</p>
                    </td>
                    <td className="px-3 py-2" data-testid="queue-reason">
                      {reasonWords(row)}
                    </td>
                    <td className="px-3 py-2 text-right tabular-nums">{formatMoney(row.amount, row.currency, locale)}</td>
                    <td className="px-3 py-2 text-slate-700">
                      <DateTime at={row.createdAt} unit="minute" />
                    </td>
                    <td className="px-3 py-2 text-slate-700" data-testid="queue-assignee">
                      {row.assigneeEmail ?? t("queue.unassigned")}
                    </td>
                    <td className="px-3 py-2">
                      <QueueItemActions
                        itemId={row.id}
                        applicationId={row.applicationId}
                        paymentId={row.paymentId}
                        reason={row.reason}
                        meId={user.id}
                        assigneeId={row.assigneeId}
                        colleagues={colleaguesByProject.get(row.projectId) ?? []}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </QueueSelection>
      )}
      {page.prevCursor || page.nextCursor || fromCursor ? (
        <DataTablePagination
          firstHref={page.prevCursor || fromCursor ? href({ after: null, before: null }) : null}
          prevHref={page.prevCursor ? href({ after: null, before: page.prevCursor }) : null}
          nextHref={page.nextCursor ? href({ after: page.nextCursor, before: null }) : null}
          sizes={[]}
          summary={
            <span data-testid="queue-page-summary">{t("queue.pageSummary", { shown: rows.length, total: tabTotal })}</span>
          }
        />
      ) : null}
    </div>
  );
}
