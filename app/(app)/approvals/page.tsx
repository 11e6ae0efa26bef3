import type { Metadata } from "next";
import Link from "next/link";
import { getLocale } from "next-intl/server";
import { getTranslations } from "@/lib/i18n/server";
import { DateTime } from "@/components/date-time";
import { inArray } from "drizzle-orm";
import { users } from "@/drizzle/schema";
import { requirePermission } from "@/lib/accounts/auth";
import { allowedProjects } from "@/lib/accounts/register-scope";
import { formatMoney } from "@/lib/money/locale";
import { approverProblem } from "@/lib/payouts/submit-payout";
import type { Translate } from "@/lib/i18n/translate";
import { getDb } from "@/lib/server/db";
import { awaitingApproval } from "@/lib/work/queries";
import { PayoutPanel } from "../applications/[id]/_components/payout-panel";

/*
 * Payouts waiting for a second admin, oldest first, with how long each has waited. Approving and rejecting use
 * the payout page's own panel and actions, so the re-entered card, step-up and four-eyes rules are the same.
 */

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("approvals"))("title") };
}

export default async function ApprovalsPage() {
  const user = await requirePermission("payouts:approve");
  const db = await getDb();
  const rows = await awaitingApproval(db, allowedProjects(user));
  const creatorIds = [...new Set(rows.map((r) => r.createdBy).filter((id): id is number => id !== null))];
  const creators = new Map(
    creatorIds.length === 0
      ? []
      : (await db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.id, creatorIds))).map((u) => [
          u.id,
          u.email,
        ]),
  );
  // Whether this approver is independent of a creator depends on the two accounts only: once per creator, not per payout.
  const problemOf = new Map(
    await Promise.all(
      creatorIds
        .filter((id) => id !== user.id)
        .map(async (id) => [id, await approverProblem(db, { createdBy: id }, user.id)] as const),
    ),
  );
  const problems = rows.map((r) => (r.createdBy === null ? null : (problemOf.get(r.createdBy) ?? null)));
  const t = await getTranslations();
  const locale = await getLocale();
  const now = new Date();

  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">{t("approvals.title")}</h1>
      <p className="text-sm text-slate-600">{t("approvals.intro")}</p>
      {rows.length === 0 ? (
        <p className="rounded-md bg-white p-6 text-sm text-slate-600 ring-1 ring-slate-200" data-testid="empty-state">
          {t("approvals.empty")}
        </p>
      ) : (
        <ul className="space-y-3" aria-label={t("approvals.listLabel")}>
          {rows.map((row, index) => {
            const minutes = Math.max(0, Math.floor((now.getTime() - row.createdAt.getTime()) / 60_000));
            return (
              <li
                key={row.id}
                className="space-y-3 rounded-md bg-white p-4 ring-1 ring-slate-200"
                data-testid="approval-row"
                data-payment-id={row.paymentId}
              >
                <div className="flex flex-wrap items-baseline justify-between gap-3">
                  <div>
                    <Link href={`/applications/${row.id}`} className="font-mono text-indigo-700 hover:underline">
                      {row.paymentId}
                    </Link>
                    <p className="text-sm text-slate-700">
                      {t("approvals.createdBy", { email: creators.get(row.createdBy ?? -1) ?? "—" })} ·{" "}
                      <DateTime at={row.createdAt} unit="minute" />
                    </p>
                  </div>
                  <div className="text-right">
                    <p className="text-lg font-semibold tabular-nums">{formatMoney(row.amount, row.currency, locale)}</p>
                    <p className="text-sm text-slate-700" data-testid="approval-waiting">
                      {waiting(t, minutes)}
                    </p>
                  </div>
                </div>
                <PayoutPanel
                  applicationId={row.id}
                  submission="awaiting_approval"
                  cardPayout={row.receiverPanMasked !== null}
                  receiverMasked={row.receiverPanMasked}
                  createdByEmail={creators.get(row.createdBy ?? -1) ?? null}
                  mayApprove
                  isCreator={row.createdBy === user.id}
                  approvalProblem={problems[index] ?? null}
                  mayResend={false}
                  resentAs={null}
                  idPrefix={`approval-${row.id}`}
                />
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

/** How long a payout has waited, in minutes, then hours, then days from two days on. */
function waiting(t: Translate, minutes: number): string {
  if (minutes < 60) return t("approvals.waitingMinutes", { count: minutes });
  if (minutes < 48 * 60) return t("approvals.waitingHours", { count: Math.floor(minutes / 60) });
  return t("approvals.waitingDays", { count: Math.floor(minutes / (24 * 60)) });
}
