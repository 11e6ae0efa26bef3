import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "@/lib/i18n/server";
import { cache, type ReactNode } from "react";
import { DateTime } from "@/components/date-time";
import { StatusBadge } from "@/components/status-badge";
import { requirePermission } from "@/lib/accounts/auth";
import { can } from "@/lib/accounts/permissions";
import { allowedProjects } from "@/lib/accounts/register-scope";
import { callbackEntryDetail } from "@/lib/callbacks/log-queries";
import { CALLBACK_LOG_PATH, parseCallbackEntryRef } from "@/lib/callbacks/log-url-state";
import { listRegisterChoices } from "@/lib/registers/queries";
import { getDb } from "@/lib/server/db";
import { CallbackActions } from "../_components/callback-actions";

/*
 * One callback log entry: what arrived (kept headers and body, card numbers masked, never the signature), whether
 * it verified, and what it did (the status events it produced, its application). Admins re-apply a stored
 * verified delivery or reconcile its application from here.
 */

const loadEntry = cache(async (rawRef: string) => {
  const user = await requirePermission("callbacks:read");
  const ref = parseCallbackEntryRef(rawRef);
  if (!ref) notFound();
  const db = await getDb();
  const detail = await callbackEntryDetail(db, ref.source, ref.id, allowedProjects(user));
  if (!detail) notFound();
  return { user, db, detail };
});

export async function generateMetadata({ params }: { params: Promise<{ ref: string }> }): Promise<Metadata> {
  await loadEntry((await params).ref);
  return { title: (await getTranslations("callbackLog"))("entryTitle") };
}

function Item({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="grid grid-cols-3 gap-4 py-2">
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="col-span-2 text-sm break-words text-slate-900" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

export default async function CallbackEntryPage({ params }: { params: Promise<{ ref: string }> }) {
  const { user, db, detail } = await loadEntry((await params).ref);
  const { row } = detail;
  const t = await getTranslations();
  const register = row.projectId ? (await listRegisterChoices(db, { projectIds: [row.projectId] }))[0] : undefined;
  const mayReapply = row.source === "d" && row.signatureVerified === true && can(user.role, "callbacks:reapply");
  const mayReconcile = detail.application !== null && can(user.role, "applications:reconcile");
  const headers = Object.entries(detail.headers);

  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <Link href={CALLBACK_LOG_PATH} className="text-sm text-indigo-700 hover:text-indigo-500">
          ← {t("callbackLog.title")}
        </Link>
        <h1 className="text-2xl font-semibold">{t("callbackLog.entryTitle")}</h1>
      </div>

      {mayReapply || mayReconcile ? (
        <CallbackActions
          deliveryId={mayReapply ? row.id : undefined}
          applicationId={mayReconcile ? detail.application!.id : undefined}
        />
      ) : null}

      <div className="grid gap-6 lg:grid-cols-2">
        <section aria-labelledby="entry-title" className="rounded-lg bg-white p-5 ring-1 ring-slate-200">
          <h2 id="entry-title" className="mb-2 text-base font-semibold">
            {t("callbackLog.detail.summary")}
          </h2>
          <dl className="divide-y divide-slate-100">
            <Item label={t("callbackLog.detail.received")}>
              <DateTime at={row.receivedAt} />
            </Item>
            <Item label={t("callbackLog.columns.register")}>
              {register ? `${register.name} · ` : ""}
              <span className="font-mono">{row.projectId ?? "—"}</span>
            </Item>
            <Item label={t("callbackLog.columns.kind")}>{row.kind ?? "—"}</Item>
            <Item label={t("callbackLog.detail.remoteAddr")}>{row.remoteAddr ?? "—"}</Item>
            <Item label={t("callbackLog.detail.verification")} testId="callback-verification">
              {row.source === "q"
                ? t("callbackLog.detail.refused", { reason: row.reason ?? "" })
                : t(row.signatureVerified ? "callbackLog.signature.verified" : "callbackLog.signature.unverified")}
              {detail.signed ? null : <span className="block text-slate-600">{t("callbackLog.detail.unsigned")}</span>}
            </Item>
            <Item label={t("callbackLog.columns.outcome")} testId="callback-detail-outcome">
              {t(`callbackLog.outcome.${row.outcome}`)}
              {detail.error || detail.message ? (
                <span className="block text-slate-600">{detail.error ?? detail.message}</span>
              ) : null}
            </Item>
            {detail.processedAt ? (
              <Item label={t("callbackLog.detail.processed")}>
                <DateTime at={detail.processedAt} />
              </Item>
            ) : null}
            <Item label={t("callbackLog.detail.application")}>
              {detail.application ? (
                <Link
                  href={`/applications/${detail.application.id}`}
                  className="font-mono text-indigo-700 hover:text-indigo-500"
                  data-testid="callback-application-link"
                >
                  {detail.application.paymentId}
                </Link>
              ) : (
                (row.paymentId ?? "—")
              )}
            </Item>
          </dl>
        </section>

        <section aria-labelledby="effects-title" className="rounded-lg bg-white p-5 ring-1 ring-slate-200">
          <h2 id="effects-title" className="mb-2 text-base font-semibold">
            {t("callbackLog.detail.effects")}
          </h2>
          {detail.events.length === 0 ? (
            <p className="text-sm text-slate-600" data-testid="callback-no-events">
              {t("callbackLog.detail.noEvents")}
            </p>
          ) : (
            <ol className="space-y-2" data-testid="callback-events">
              {detail.events.map((event) => (
                <li key={event.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 border-l-2 border-slate-200 pl-3">
                  <StatusBadge status={event.status} subStatus={event.subStatus} />
                  <span className="text-xs text-slate-600">
                    <DateTime at={event.receivedAt} />
                  </span>
                  <span className="text-xs text-slate-700">
                    {t(event.applied ? "callbackLog.detail.moved" : "callbackLog.detail.keptOnly")}
                  </span>
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>

      <section aria-labelledby="headers-title" className="rounded-lg bg-white p-5 ring-1 ring-slate-200">
        <h2 id="headers-title" className="mb-2 text-base font-semibold">
          {t("callbackLog.detail.headers")}
        </h2>
        {headers.length === 0 ? (
          <p className="text-sm text-slate-600">—</p>
        ) : (
          <dl className="divide-y divide-slate-100 font-mono text-xs" data-testid="callback-headers">
            {headers.map(([name, value]) => (
              <div key={name} className="grid grid-cols-3 gap-4 py-1.5">
                <dt className="text-slate-600">{name}</dt>
                <dd className="col-span-2 break-all text-slate-900">{value}</dd>
              </div>
            ))}
          </dl>
        )}
        <p className="mt-2 text-xs text-slate-600">{t("callbackLog.detail.signatureHidden")}</p>
      </section>

      <section aria-labelledby="body-title" className="rounded-lg bg-white p-5 ring-1 ring-slate-200">
        <h2 id="body-title" className="mb-2 text-base font-semibold">
          {t("callbackLog.detail.body")}
        </h2>
        {detail.bodyBytes !== null ? (
          <p className="mb-2 text-xs text-slate-600">{t("callbackLog.detail.bodyBytes", { bytes: detail.bodyBytes })}</p>
        ) : null}
        <pre
          className="max-h-[32rem] overflow-auto rounded-md bg-slate-50 p-3 font-mono text-xs whitespace-pre-wrap break-all text-slate-900"
          data-testid="callback-body"
          tabIndex={0}
        >
          {detail.body}
        </pre>
      </section>
    </div>
  );
}
