import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { DataTableTabs } from "@/components/data-table/data-table-tabs";
import { DateTime } from "@/components/date-time";
import { WORK_REASONS, type WorkReason } from "@/drizzle/schema";
import { requirePermission } from "@/lib/accounts/auth";
import { allowedProjects } from "@/lib/accounts/register-scope";
import { formatMoney } from "@/lib/money/locale";
import { getDb } from "@/lib/server/db";
import { assignableUsers, QUEUE_PAGE, queueCounts, queueItems, type QueueRow } from "@/lib/work/queries";
import { QueueItemActions } from "./_components/queue-item-actions";

/*
 * The work queue: open items of the reader's registers, oldest first, by reason (tabs with counts) and
 * optionally only those assigned to the reader. It reads the small work_items table through its partial
 * index, whatever the number of applications.
 */

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("queue"))("title") };
}

function single(value: string | string[] | undefined): string | null {
  return typeof value === "string" ? value : null;
}

export default async function QueuePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePermission("queue:work");
  const params = await searchParams;
  const rawReason = single(params.reason);
  const reason = WORK_REASONS.find((r) => r === rawReason) ?? null;
  const mine = single(params.mine) === "1";
  const scope = allowedProjects(user);
  const db = await getDb();
  const now = new Date();
  const [rows, counts] = await Promise.all([
    queueItems(db, scope, { reason, assigneeId: mine ? user.id : null }, now),
    queueCounts(db, scope, user.id, now),
  ]);
  const colleaguesByProject = new Map<string, { id: number; email: string }[]>();
  for (const projectId of new Set(rows.map((r) => r.projectId))) {
    colleaguesByProject.set(projectId, await assignableUsers(db, projectId));
  }
  const t = await getTranslations();
  const locale = await getLocale();
  const href = (next: { reason?: WorkReason | null; mine?: boolean }) => {
    const query = new URLSearchParams();
    const r = next.reason === undefined ? reason : next.reason;
    const m = next.mine === undefined ? mine : next.mine;
    if (r) query.set("reason", r);
    if (m) query.set("mine", "1");
    const text = query.toString();
    return text ? `/queue?${text}` : "/queue";
  };
  // A count that reached its cap reads "1,000+".
  const shown = (n: number, more: boolean) => (more ? `${new Intl.NumberFormat(locale).format(n)}+` : n);
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
        <div className="overflow-x-auto rounded-md bg-white ring-1 ring-slate-200">
          <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="queue-table">
            <caption className="sr-only">{t("queue.caption")}</caption>
            <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-600">
              <tr>
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
      )}
      {rows.length === QUEUE_PAGE ? <p className="text-sm text-slate-600">{t("queue.more", { count: QUEUE_PAGE })}</p> : null}
    </div>
  );
}
