import type { Metadata } from "next";
import { translateText } from "@/lib/i18n/translate";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale } from "next-intl/server";
import { getTranslations } from "@/lib/i18n/server";
import { cache, Fragment } from "react";
import { DateTime } from "@/components/date-time";
import { MethodName } from "@/components/method-name";
import { StatusBadge } from "@/components/status-badge";
import { applicationDetail, parseApplicationId } from "@/lib/applications/queries";
import { findStoredBank } from "@/lib/banks/queries";
import { bankLabel } from "@/lib/banks/schemas";
import { instructionsFromDisplayData } from "@/lib/applications/instructions";
import { allowedOperations } from "@/lib/applications/commands";
import { LIST_PATHS } from "@/lib/applications/url-state";
import { requirePermission } from "@/lib/accounts/auth";
import { can } from "@/lib/accounts/permissions";
import { allowedProjects } from "@/lib/accounts/register-scope";
import { isFinalStatus } from "@/lib/highhelp/status";
import { listRegisterChoices } from "@/lib/registers/queries";
import { getDb } from "@/lib/server/db";
import { formatMoney } from "@/lib/money/locale";
import { ApplicationActions } from "./_components/application-actions";
import { CopyButton } from "@/components/ui/copy-button";
import { InstructionsCard } from "./_components/instructions-card";
import { LiveRefresh } from "./_components/live-refresh";
import { PayoutPanel } from "./_components/payout-panel";
import { WorkHistory } from "./_components/work-history";
import { approverProblem } from "@/lib/payouts/submit-payout";
import { callbackEntryRef } from "@/lib/callbacks/log-url-state";
import { CallbackActions } from "../../callbacks/_components/callback-actions";

/** The application a page (and its title) shows, within the user's registers; read once per request. */
const loadApplication = cache(async (rawId: string) => {
  const user = await requirePermission("applications:read");
  const id = parseApplicationId(rawId);
  if (id === null) notFound();
  const db = await getDb();
  const detail = await applicationDetail(db, id, allowedProjects(user));
  if (!detail) notFound();
  return { user, db, detail };
});

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { detail } = await loadApplication((await params).id);
  const t = await getTranslations();
  return { title: t(`application.title.${detail.application.type}`, { paymentId: detail.application.paymentId }) };
}

function when(date: Date | null) {
  return date ? <DateTime at={date} /> : "—";
}

function Item({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <div className="grid grid-cols-3 gap-4 py-2">
      <dt className="text-sm text-slate-500">{label}</dt>
      <dd className="col-span-2 break-all text-sm text-slate-900" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

function customerField(customer: unknown, key: string): string | null {
  if (typeof customer !== "object" || customer === null) return null;
  const value = (customer as Record<string, unknown>)[key];
  return typeof value === "string" && value !== "" ? value : null;
}

export default async function ApplicationPage({ params }: { params: Promise<{ id: string }> }) {
  const { user, db, detail } = await loadApplication((await params).id);
  const { application: app, events, deliveries } = detail;
  const t = await getTranslations();
  const locale = await getLocale();
  const money = (minor: number | bigint | string) => formatMoney(minor, app.currency, locale);
  const register = (await listRegisterChoices(db, { projectIds: [app.projectId] }))[0];
  const chosenBank = app.bankSymbol
    ? ((await findStoredBank(db, app.projectId, app.bankSymbol)) ?? { symbol: app.bankSymbol, name: null })
    : null;
  const payoutState =
    app.type === "payout" &&
    (["awaiting_approval", "absent", "unknown", "sending"] as const).find((state) => state === app.submission);
  // Said before the admin re-enters the card; the server refuses the approval again anyway.
  const approvalProblem =
    payoutState === "awaiting_approval" && can(user.role, "payouts:approve") && app.createdBy !== user.id
      ? await approverProblem(db, app, user.id)
      : null;

  const possible = allowedOperations(app);
  const final = isFinalStatus(app.status);
  // A final payin can never be confirmed or cancelled again: those buttons go rather than stay greyed out.
  const payinActs = app.type === "payin" && !final;
  const mayAct = {
    refresh: can(user.role, "applications:refresh") ? possible.refresh : undefined,
    confirm: payinActs && can(user.role, "applications:confirm") ? possible.confirm : undefined,
    cancel: payinActs && can(user.role, "applications:cancel") ? possible.cancel : undefined,
  };
  // Only an amount that differs from the current one says something (null: nothing to show).
  const oldDiffering = app.oldAmount !== app.amount ? app.oldAmount : null;
  const initialDiffering = app.initialAmount !== app.amount ? app.initialAmount : null;
  const amountsDiffer = oldDiffering !== null || initialDiffering !== null;
  const version = `${app.updatedAt.getTime()}:${deliveries[0]?.id ?? 0}`;
  const person = (userId: number | null, fallbackEmail: string | null = null) => {
    const known = userId === null ? undefined : detail.people.get(userId);
    return known ? `${known.name} (${known.email})` : (fallbackEmail ?? "—");
  };
  const mayReadLog = can(user.role, "callbacks:read");
  const mayReconcile =
    can(user.role, "applications:reconcile") && app.submission !== "awaiting_approval" && app.submission !== "refused";
  const customerName = [customerField(app.customer, "first_name"), customerField(app.customer, "last_name")]
    .filter(Boolean)
    .join(" ");
  const listHref = LIST_PATHS[app.type];
  // Method codes by name (with the code beside it for staff), then the payment system as HighHelp names it.
  const methodParts = [
    ...[app.method, app.widgetMethod].filter((code): code is string => !!code).map((text) => ({ text, code: true })),
    ...(app.paymentSystem ? [{ text: app.paymentSystem, code: false }] : []),
  ];

  return (
    <div className="space-y-6">
      {/* A final application never changes again: nothing to wait for. */}
      {final ? null : <LiveRefresh applicationId={app.id} version={version} />}
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="space-y-1">
          <Link href={listHref} className="text-sm text-indigo-600 hover:text-indigo-500">
            ← {t(`lists.title.${app.type}`)}
          </Link>
          <h1 className="flex flex-wrap items-center gap-3 text-2xl font-semibold">
            <span>{t(`application.type.${app.type}`)}</span>
            <span className="font-mono text-xl">{app.paymentId}</span>
            <span data-testid="application-status">
              <StatusBadge status={app.status} subStatus={app.subStatus} submission={app.submission} />
            </span>
          </h1>
          {app.statusDescription ? (
            <p className="text-sm text-slate-600" data-testid="status-description">
              {app.statusDescription}
            </p>
          ) : null}
        </div>
        <ApplicationActions applicationId={app.id} allowed={mayAct} />
      </div>

      {payoutState ? (
        <PayoutPanel
          applicationId={app.id}
          submission={payoutState}
          cardPayout={app.receiverPanMasked !== null}
          receiverMasked={app.receiverPanMasked}
          createdByEmail={detail.createdByEmail}
          mayApprove={can(user.role, "payouts:approve")}
          isCreator={app.createdBy === user.id}
          approvalProblem={approvalProblem === null ? null : translateText(locale, approvalProblem)}
          mayResend={can(user.role, "payouts:create")}
          resentAs={detail.resentAs}
        />
      ) : null}

      {amountsDiffer ? (
        <div
          role="status"
          className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200"
          data-testid="amount-warning"
        >
          {app.oldAmount !== null && app.oldAmount !== app.initialAmount
            ? t("application.amountChangedTwice", {
                initial: money(app.initialAmount ?? app.amount),
                old: money(app.oldAmount),
                amount: money(app.amount),
              })
            : t("application.amountChanged", { initial: money(app.initialAmount ?? app.amount), amount: money(app.amount) })}
        </div>
      ) : null}

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-2 [&>*]:min-w-0">
        <section aria-labelledby="details-title" className="rounded-lg bg-white p-5 ring-1 ring-slate-200">
          <h2 id="details-title" className="mb-2 text-base font-semibold">
            {t("application.details")}
          </h2>
          <dl className="divide-y divide-slate-100">
            <Item label={t("application.paymentId")}>
              <span className="font-mono">{app.paymentId}</span>{" "}
              <CopyButton value={app.paymentId} label={t("application.copy.paymentId")} />
            </Item>
            <Item label={t("application.requestId")}>
              {app.requestId ? (
                <>
                  <span className="font-mono">{app.requestId}</span>{" "}
                  <CopyButton value={app.requestId} label={t("application.copy.requestId")} />
                </>
              ) : (
                "—"
              )}
            </Item>
            <Item label={t("application.register")} testId="application-register">
              {register ? `${register.name} · ` : ""}
              <span className="font-mono">{app.projectId}</span>
            </Item>
            <Item label={t("application.amount")} testId="amount-current">
              <span className="tabular-nums font-medium">{money(app.amount)}</span>
            </Item>
            {initialDiffering !== null ? (
              <Item label={t("application.initialAmount")}>
                <span className="tabular-nums">{money(initialDiffering)}</span>
              </Item>
            ) : null}
            {oldDiffering !== null ? (
              <Item label={t("application.oldAmount")}>
                <span className="tabular-nums">{money(oldDiffering)}</span>
              </Item>
            ) : null}
            <Item label={t("application.method")} testId="application-method">
              {methodParts.length === 0
                ? "—"
                : methodParts.map((part, i) => (
                    <Fragment key={part.text}>
                      {i > 0 ? " · " : ""}
                      {part.code ? <MethodName code={part.text} withCode /> : part.text}
                    </Fragment>
                  ))}
            </Item>
            {chosenBank ? (
              <Item label={t("application.bank")} testId="application-bank">
                {bankLabel(chosenBank)}
              </Item>
            ) : null}
            <Item label={t("application.product")} testId="application-product">
              {`${t.has(`products.${app.product}`) ? t(`products.${app.product}`) : app.product.toUpperCase()} · ${t(`integrations.${app.integration}`)}`}
              {app.product === "ecom" && app.subStatus === "awaiting_3ds_result" ? (
                <span className="mt-1 block text-slate-600">{t("application.threeDs")}</span>
              ) : null}
            </Item>
            <Item label={t("application.customer")}>
              {[app.customerId, customerName, customerField(app.customer, "email")].filter(Boolean).join(" · ") || "—"}
            </Item>
            {app.senderPanMasked || app.receiverPanMasked || app.receiverPhone ? (
              <Item label={t(`application.counterparty.${app.type}`)}>
                <span className="font-mono">
                  {app.type === "payin" ? app.senderPanMasked : (app.receiverPanMasked ?? app.receiverPhone)}
                </span>
                {app.type === "payin"
                  ? app.senderCardHolder
                    ? ` · ${app.senderCardHolder}`
                    : ""
                  : app.receiverCardHolder
                    ? ` · ${app.receiverCardHolder}`
                    : ""}
              </Item>
            ) : null}
            {app.description ? <Item label={t("application.description")}>{app.description}</Item> : null}
            {app.formUrl ? (
              <Item label={t("application.paymentPage")}>
                <a href={app.formUrl} target="_blank" rel="noreferrer noopener" className="text-indigo-600 hover:text-indigo-500">
                  {app.formUrl}
                </a>{" "}
                <CopyButton value={app.formUrl} label={t("application.copy.paymentPage")} />
              </Item>
            ) : null}
            {app.createdBy !== null ? (
              <Item label={t("application.createdBy")} testId="created-by">
                {person(app.createdBy, detail.createdByEmail)}
                {detail.approvedByEmail ? (
                  <>
                    {" · "}
                    {t.rich("application.approvedBy", { email: detail.approvedByEmail, at: () => when(app.approvedAt) })}
                  </>
                ) : null}
              </Item>
            ) : null}
            {detail.confirmedBy ? (
              <Item label={t("application.confirmedBy")} testId="confirmed-by">
                {person(detail.confirmedBy.userId, detail.confirmedBy.email)} · {when(detail.confirmedBy.at)}
              </Item>
            ) : null}
            {detail.cancelledBy ? (
              <Item label={t("application.cancelledBy")} testId="cancelled-by">
                {person(detail.cancelledBy.userId, detail.cancelledBy.email)} · {when(detail.cancelledBy.at)}
              </Item>
            ) : null}
            {detail.resendOf ? (
              <Item label={t("application.resendOf")}>
                <Link href={`/applications/${detail.resendOf.id}`} className="font-mono text-indigo-600 hover:text-indigo-500">
                  {detail.resendOf.paymentId}
                </Link>
              </Item>
            ) : null}
            <Item label={t("application.created")}>{when(app.createdAt)}</Item>
            <Item label={t("application.updated")}>{when(app.updatedAt)}</Item>
            {app.expiresAt ? <Item label={t("application.expires")}>{when(app.expiresAt)}</Item> : null}
          </dl>
        </section>

        <div className="space-y-6">
          {app.type === "payin" && app.product === "p2p" ? (
            <InstructionsCard
              instructions={instructionsFromDisplayData(app.displayData)}
              fallbackCurrency={app.currency}
              final={final}
              integration={app.integration}
              status={app.status}
              formUrl={app.formUrl}
            />
          ) : null}

          <section aria-labelledby="timeline-title" className="rounded-lg bg-white p-5 ring-1 ring-slate-200">
            <h2 id="timeline-title" className="mb-3 text-base font-semibold">
              {t("application.history")}
            </h2>
            {events.length === 0 ? (
              <p className="text-sm text-slate-500">{t("application.noHistory")}</p>
            ) : (
              <ol className="space-y-3" data-testid="status-timeline">
                {events.map((event) => (
                  <li key={event.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 border-l-2 border-slate-200 pl-3">
                    <StatusBadge status={event.status} subStatus={event.subStatus} />
                    <span className="text-xs text-slate-600" data-testid="event-source">
                      {event.actorUserId !== null
                        ? t("application.byPerson", {
                            name: detail.people.get(event.actorUserId)?.name ?? `#${event.actorUserId}`,
                          })
                        : t(`application.source.${event.source}`)}
                    </span>
                    <span className="text-xs text-slate-500">{when(event.receivedAt)}</span>
                    {!event.applied ? <span className="text-xs text-amber-700">{t("application.late")}</span> : null}
                    {event.statusDescription ? (
                      <span className="w-full text-xs text-slate-600">{event.statusDescription}</span>
                    ) : null}
                  </li>
                ))}
              </ol>
            )}
          </section>
        </div>
      </div>

      <WorkHistory db={db} applicationId={app.id} mayWrite={can(user.role, "queue:work")} />

      <section aria-labelledby="deliveries-title" className="rounded-lg bg-white p-5 ring-1 ring-slate-200">
        <div className="mb-3 flex flex-wrap items-start justify-between gap-3">
          <h2 id="deliveries-title" className="text-base font-semibold">
            {t("application.deliveries")}
          </h2>
          {mayReconcile ? <CallbackActions applicationId={app.id} /> : null}
        </div>
        {deliveries.length === 0 ? (
          <p className="text-sm text-slate-500">{t("application.noDeliveries")}</p>
        ) : (
          <div className="relative overflow-x-auto" role="region" aria-labelledby="deliveries-title" tabIndex={0}>
            <table className="min-w-full text-sm" data-testid="callback-deliveries">
              <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  <th className="py-1 pr-4">{t("application.delivery.received")}</th>
                  <th className="py-1 pr-4">{t("application.delivery.url")}</th>
                  <th className="py-1 pr-4">{t("application.delivery.signature")}</th>
                  <th className="py-1 pr-4">{t("application.delivery.outcome")}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {deliveries.map((d) => (
                  <tr key={d.id}>
                    <td className="py-1 pr-4 text-slate-600">
                      {mayReadLog ? (
                        <Link
                          href={`/callbacks/${callbackEntryRef("d", d.id)}`}
                          className="text-indigo-700 hover:text-indigo-500 hover:underline"
                        >
                          {when(d.receivedAt)}
                        </Link>
                      ) : (
                        when(d.receivedAt)
                      )}
                    </td>
                    <td className="py-1 pr-4">{d.kind ?? "—"}</td>
                    <td className="py-1 pr-4">
                      {d.signatureVerified === null
                        ? "—"
                        : t(d.signatureVerified ? "application.delivery.verified" : "application.delivery.invalid")}
                    </td>
                    <td className="py-1 pr-4">
                      {t(`callbackLog.outcome.${d.outcome}`)}
                      {d.error ? <span className="text-slate-500"> · {d.error}</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
