import type { Metadata } from "next";
import { getTranslations } from "@/lib/i18n/server";
import { requirePermission } from "@/lib/accounts/auth";
import { SESSION_IDLE_SECONDS, SESSION_MAX_SECONDS } from "@/lib/accounts/auth-config";
import {
  ACCOUNT_DELAY_CAP_MINUTES,
  ADDRESS_WINDOW_MINUTES,
  MAX_FAILURES_PER_ACCOUNT,
  MAX_FAILURES_PER_ADDRESS,
} from "@/lib/accounts/sign-in";
import { factorRoles } from "@/lib/accounts/second-factor";
import { recentSignatureRefusals } from "@/lib/callbacks/queries";
import { getDb } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import Link from "next/link";
import { gatewayBuildOptions, listGateways } from "@/lib/server/gateway";
import { formatSignatureProfile } from "@/lib/highhelp";
import { CURRENCIES, formatMinor } from "@/lib/money/amounts";
import { BUSINESS_TIME_ZONE } from "@/lib/dates/business-day";
import { limitsFor } from "@/lib/payouts/policy";
import { DateTime } from "@/components/date-time";
import { can } from "@/lib/accounts/permissions";
import { deliveryStatus, findWebhook } from "@/lib/webhooks/queries";
import { WebhookForm } from "./_components/webhook-form";

const DELIVERY_TEXT = {
  delivered: "delivery.delivered",
  pending: "delivery.pending",
  failed: "delivery.failed",
  discarded: "delivery.discarded",
} as const;
const ATTEMPT_ERROR_TEXT: Record<string, string> = {
  timeout: "attemptError.timeout",
  network: "attemptError.network",
  redirect: "attemptError.redirect",
  http: "attemptError.http",
};

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("settings"))("title") };
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-3 gap-4 py-2">
      <dt className="text-sm text-slate-500">{label}</dt>
      <dd className="col-span-2 break-all text-sm text-slate-900">{children}</dd>
    </div>
  );
}

/**
 * What this installation is configured with, read-only: settings come from the environment
 * (README, Configuration), so changing one is a deployment, reviewed like code. No secret is shown.
 */
export default async function SettingsPage() {
  const user = await requirePermission("settings:read");
  const t = await getTranslations("settings");
  const tw = await getTranslations("webhooks");
  const webhook = await findWebhook(await getDb());
  const delivery = await deliveryStatus(await getDb());
  const gateways = await listGateways();
  const refusals = await recentSignatureRefusals(await getDb());
  const requiredRoles = await factorRoles(await getDb());
  const tAll = await getTranslations();
  return (
    <div className="max-w-4xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="text-sm text-slate-600">{t("intro")}</p>
      </div>

      <section aria-labelledby="registers-title" className="rounded-lg bg-white p-5 ring-1 ring-slate-200">
        <h2 id="registers-title" className="mb-2 text-base font-semibold">
          {t("registers.title")}
        </h2>
        <p className="mb-2 text-sm text-slate-600">
          {t.rich("registers.intro", {
            link: (chunks) => (
              <Link href="/registers" className="text-indigo-600 underline hover:text-indigo-500">
                {chunks}
              </Link>
            ),
          })}
        </p>
        <div className="relative overflow-x-auto" role="region" aria-label={t("registers.title")} tabIndex={0}>
          <table className="min-w-full text-sm" data-testid="settings-registers">
            <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="py-1 pr-4">
                  {t("registers.name")}
                </th>
                <th scope="col" className="py-1 pr-4">
                  {t("registers.projectId")}
                </th>
                <th scope="col" className="py-1 pr-4">
                  {t("registers.status")}
                </th>
                <th scope="col" className="py-1 pr-4">
                  {t("registers.callbacks")}
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 align-top">
              {gateways.map((g) => (
                <tr key={g.projectId} data-register={g.name}>
                  <td className="py-1 pr-4 font-medium">{g.name}</td>
                  <td className="py-1 pr-4 font-mono text-xs">{g.projectId}</td>
                  <td className="py-1 pr-4">{g.status === "active" ? t("registers.active") : t("registers.disabled")}</td>
                  <td className="break-all py-1 pr-4 font-mono text-xs">
                    <span className="block">{g.callbackUrls.merchant_callback_url}</span>
                    <span className="block">{g.callbackUrls.merchant_success_callback_url}</span>
                    <span className="block">{g.callbackUrls.merchant_decline_callback_url}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="gateway-title" className="rounded-lg bg-white p-5 ring-1 ring-slate-200">
        <h2 id="gateway-title" className="mb-2 text-base font-semibold">
          {t("connection.title")}
        </h2>
        <dl className="divide-y divide-slate-100">
          <Row label={t("connection.gateway")}>{env.sandboxMode ? t("connection.sandbox") : "HighHelp"}</Row>
          <Row label={t("connection.profile")}>
            <span className="font-mono">{formatSignatureProfile(gatewayBuildOptions().defaultProfile)}</span>
          </Row>
          <Row label={t("connection.refusals")}>
            {refusals.count === 0 || refusals.newestId === null ? (
              t("connection.none")
            ) : (
              <>
                {t("connection.refusalsFound", { count: refusals.count })}{" "}
                <code className="font-mono">
                  npm run highhelp:diagnose-signature -- --quarantine {refusals.newestId} --rsa-public-key &lt;alert key.pem&gt;
                </code>
              </>
            )}
          </Row>
          <Row label={t("connection.quarantine")}>
            {t("connection.quarantineValue", {
              days: env.CALLBACK_QUARANTINE_RETENTION_DAYS,
              perMinute: env.CALLBACK_QUARANTINE_PER_MINUTE,
              perDay: env.CALLBACK_QUARANTINE_PER_DAY,
            })}
          </Row>
          <Row label={t("connection.cards")}>{t("connection.cardsValue", { days: env.CARD_DATA_RETENTION_DAYS })}</Row>
          <Row label={t("connection.timeout")}>{t("connection.ms", { ms: env.HIGHHELP_TIMEOUT_MS })}</Row>
          <Row label={t("connection.reconciliation")}>
            {env.RECONCILER === "app"
              ? t("connection.reconcilerApp", { ms: env.RECONCILE_INTERVAL_MS })
              : t("connection.reconcilerWorker")}
          </Row>
        </dl>
      </section>

      <section aria-labelledby="limits-title" className="rounded-lg bg-white p-5 ring-1 ring-slate-200">
        <h2 id="limits-title" className="mb-2 text-base font-semibold">
          {t("limits.title")}
        </h2>
        <div className="relative overflow-x-auto" role="region" aria-label={t("limits.title")} tabIndex={0}>
          <table className="min-w-full text-sm" data-testid="payout-limits">
            <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className="py-1 pr-4">{t("limits.currency")}</th>
                <th className="py-1 pr-4">{t("limits.approval")}</th>
                <th className="py-1 pr-4">{t("limits.max")}</th>
                <th className="py-1 pr-4">{t("limits.daily", { zone: BUSINESS_TIME_ZONE })}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 tabular-nums">
              {CURRENCIES.map((currency) => {
                const limits = limitsFor(currency);
                return (
                  <tr key={currency}>
                    <td className="py-1 pr-4 font-medium">{currency}</td>
                    <td className="py-1 pr-4">{limits ? formatMinor(limits.approvalAbove, currency) : t("limits.off")}</td>
                    <td className="py-1 pr-4">{limits ? formatMinor(limits.maxPerPayout, currency) : "—"}</td>
                    <td className="py-1 pr-4">{limits ? formatMinor(limits.maxPerDay, currency) : "—"}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="security-title" className="rounded-lg bg-white p-5 ring-1 ring-slate-200">
        <h2 id="security-title" className="mb-2 text-base font-semibold">
          {t("security.title")}
        </h2>
        <dl className="divide-y divide-slate-100">
          <Row label={t("security.idle")}>{t("security.minutes", { count: SESSION_IDLE_SECONDS / 60 })}</Row>
          <Row label={t("security.lifetime")}>{t("security.hours", { count: SESSION_MAX_SECONDS / 3600 })}</Row>
          <Row label={t("security.throttling")}>
            {t("security.throttlingValue", {
              failures: MAX_FAILURES_PER_ACCOUNT,
              cap: ACCOUNT_DELAY_CAP_MINUTES,
              addressFailures: MAX_FAILURES_PER_ADDRESS,
              window: ADDRESS_WINDOW_MINUTES,
            })}
            {env.trustedProxies.kind === "hops" && env.trustedProxies.hops === 0 ? ` ${t("security.throttlingOff")}` : ""}
          </Row>
          <Row label={t("security.clientAddress")}>
            {env.trustedProxies.kind === "list"
              ? t("security.proxyList", { proxies: env.trustedProxies.entries.join(", ") })
              : env.trustedProxies.hops > 0
                ? t("security.proxyHops", { count: env.trustedProxies.hops })
                : t("security.noProxy")}
          </Row>
          <Row label={tAll("secondFactor.settings.label")}>
            {tAll("secondFactor.settings.value", {
              roles: requiredRoles.map((role) => tAll(`roles.${role}`)).join(", ") || "—",
              seconds: env.STEP_UP_SECONDS,
            })}
          </Row>
          <Row label={t("security.demo")}>{env.demoUsers ? t("security.demoOn") : t("security.demoOff")}</Row>
        </dl>
      </section>

      <section aria-labelledby="webhook-title" className="rounded-lg bg-white p-5 ring-1 ring-slate-200">
        <h2 id="webhook-title" className="mb-2 text-base font-semibold">
          {tw("title")}
        </h2>
        <p className="mb-3 text-sm text-slate-600">{tw("intro")}</p>
        <dl className="mb-4 divide-y divide-slate-100">
          <Row label={tw("state")}>
            <span data-testid="webhook-state">
              {webhook === null ? tw("notSet") : webhook.enabled ? tw("enabled") : tw("disabled")}
            </span>
          </Row>
          {webhook ? (
            <Row label={tw("secretMade")}>
              <DateTime at={webhook.secretCreatedAt} />
            </Row>
          ) : null}
          <Row label={tw("lastDelivery")}>
            <span data-testid="webhook-last-delivery" data-state={delivery.last?.state ?? "none"}>
              {delivery.last === null ? (
                tw("noDelivery")
              ) : (
                <>
                  {tw(DELIVERY_TEXT[delivery.last.state], {
                    status: delivery.last.lastStatus ?? "—",
                    error: tw(ATTEMPT_ERROR_TEXT[delivery.last.lastError ?? ""] ?? "attemptError.none"),
                    attempts: delivery.last.attempts,
                  })}{" "}
                  <DateTime at={delivery.last.lastAttemptAt} />
                </>
              )}
            </span>
          </Row>
          <Row label={tw("pending")}>{delivery.pending}</Row>
        </dl>
        {can(user.role, "webhooks:manage") ? (
          <WebhookForm url={webhook?.url ?? null} enabled={webhook?.enabled ?? false} />
        ) : null}
      </section>
    </div>
  );
}
