import type { Metadata } from "next";
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
import { getTranslations } from "next-intl/server";
import { getDb } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import Link from "next/link";
import { gatewayBuildOptions, listGateways } from "@/lib/server/gateway";
import { formatSignatureProfile } from "@/lib/highhelp";
import { CURRENCIES, formatMinor } from "@/lib/money/amounts";
import { limitsFor } from "@/lib/payouts/policy";

export const metadata: Metadata = { title: "Settings" };

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
  await requirePermission("settings:read");
  const gateways = await listGateways();
  const refusals = await recentSignatureRefusals(await getDb());
  const requiredRoles = await factorRoles(await getDb());
  const t = await getTranslations();
  return (
    <div className="max-w-4xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Settings</h1>
        <p className="text-sm text-slate-600">
          Read-only: these come from the server&apos;s environment (see the README, Configuration). Keys are never shown.
        </p>
      </div>

      <section aria-labelledby="registers-title" className="rounded-lg bg-white p-5 ring-1 ring-slate-200">
        <h2 id="registers-title" className="mb-2 text-base font-semibold">
          HighHelp cash registers
        </h2>
        <p className="mb-2 text-sm text-slate-600">
          Admins add, disable and rotate keys on the{" "}
          <Link href="/registers" className="text-indigo-600 underline hover:text-indigo-500">
            Cash registers
          </Link>{" "}
          page.
        </p>
        <table className="min-w-full text-sm" data-testid="settings-registers">
          <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="py-1 pr-4">
                Name
              </th>
              <th scope="col" className="py-1 pr-4">
                project_id
              </th>
              <th scope="col" className="py-1 pr-4">
                Status
              </th>
              <th scope="col" className="py-1 pr-4">
                Callback URLs (for HighHelp&apos;s cabinet)
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 align-top">
            {gateways.map((g) => (
              <tr key={g.projectId} data-register={g.name}>
                <td className="py-1 pr-4 font-medium">{g.name}</td>
                <td className="py-1 pr-4 font-mono text-xs">{g.projectId}</td>
                <td className="py-1 pr-4">{g.status}</td>
                <td className="break-all py-1 pr-4 font-mono text-xs">
                  <span className="block">{g.callbackUrls.merchant_callback_url}</span>
                  <span className="block">{g.callbackUrls.merchant_success_callback_url}</span>
                  <span className="block">{g.callbackUrls.merchant_decline_callback_url}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="gateway-title" className="rounded-lg bg-white p-5 ring-1 ring-slate-200">
        <h2 id="gateway-title" className="mb-2 text-base font-semibold">
          HighHelp connection
        </h2>
        <dl className="divide-y divide-slate-100">
          <Row label="Gateway">{env.sandboxMode ? "local sandbox (no real money)" : "HighHelp"}</Row>
          <Row label="Signature profile (registers without their own)">
            <span className="font-mono">{formatSignatureProfile(gatewayBuildOptions().defaultProfile)}</span>
          </Row>
          <Row label="Alerts refused for their signature (24 h)">
            {refusals.count === 0 || refusals.newestId === null ? (
              "none"
            ) : (
              <>
                {refusals.count}, kept in the callback quarantine. If HighHelp&apos;s genuine alerts are among them, find the
                profile that verifies the newest with{" "}
                <span className="font-mono">
                  npm run highhelp:diagnose-signature -- --quarantine {refusals.newestId} --rsa-public-key &lt;alert key.pem&gt;
                </span>
              </>
            )}
          </Row>
          <Row label="Callback quarantine">
            refused deliveries kept {env.CALLBACK_QUARANTINE_RETENTION_DAYS} days, at most {env.CALLBACK_QUARANTINE_PER_MINUTE} a
            minute and {env.CALLBACK_QUARANTINE_PER_DAY} a day per instance
          </Row>
          <Row label="Card numbers in stored copies">
            masked to the first six and last four digits {env.CARD_DATA_RETENTION_DAYS} days after the application is final
          </Row>
          <Row label="Request timeout">{env.HIGHHELP_TIMEOUT_MS} ms</Row>
          <Row label="Reconciliation">
            {env.RECONCILER === "app" ? `in the app, every ${env.RECONCILE_INTERVAL_MS} ms` : "separate worker (npm run worker)"}
          </Row>
        </dl>
      </section>

      <section aria-labelledby="limits-title" className="rounded-lg bg-white p-5 ring-1 ring-slate-200">
        <h2 id="limits-title" className="mb-2 text-base font-semibold">
          Payout limits (PAYOUT_LIMITS)
        </h2>
        <table className="min-w-full text-sm" data-testid="payout-limits">
          <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th className="py-1 pr-4">Currency</th>
              <th className="py-1 pr-4">Second admin approves above</th>
              <th className="py-1 pr-4">Max per payout</th>
              <th className="py-1 pr-4">Max per day (UTC)</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 tabular-nums">
            {CURRENCIES.map((currency) => {
              const limits = limitsFor(currency);
              return (
                <tr key={currency}>
                  <td className="py-1 pr-4 font-medium">{currency}</td>
                  <td className="py-1 pr-4">{limits ? formatMinor(limits.approvalAbove, currency) : "payouts off"}</td>
                  <td className="py-1 pr-4">{limits ? formatMinor(limits.maxPerPayout, currency) : "—"}</td>
                  <td className="py-1 pr-4">{limits ? formatMinor(limits.maxPerDay, currency) : "—"}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="security-title" className="rounded-lg bg-white p-5 ring-1 ring-slate-200">
        <h2 id="security-title" className="mb-2 text-base font-semibold">
          Sign-in and sessions
        </h2>
        <dl className="divide-y divide-slate-100">
          <Row label="Idle timeout">{SESSION_IDLE_SECONDS / 60} minutes</Row>
          <Row label="Session lifetime">{SESSION_MAX_SECONDS / 3600} hours</Row>
          <Row label="Throttling">
            per account: after {MAX_FAILURES_PER_ACCOUNT} failures in a row, a wait before each attempt (1 minute, doubling, at
            most {ACCOUNT_DELAY_CAP_MINUTES}); per address: {MAX_FAILURES_PER_ADDRESS} failures in {ADDRESS_WINDOW_MINUTES}{" "}
            minutes
            {env.trustedProxies.kind === "hops" && env.trustedProxies.hops === 0
              ? " (off: no trusted proxy, so client addresses are unknown)"
              : ""}
          </Row>
          <Row label="Client address">
            {env.trustedProxies.kind === "list"
              ? `X-Forwarded-For, skipping the trusted proxies ${env.trustedProxies.entries.join(", ")}`
              : env.trustedProxies.hops > 0
                ? `X-Forwarded-For, ${env.trustedProxies.hops} trusted proxy hop${env.trustedProxies.hops === 1 ? "" : "s"} from the right`
                : "unknown: no trusted proxy (TRUSTED_PROXIES=0), forwarded headers are ignored"}
          </Row>
          <Row label={t("secondFactor.settings.label")}>
            {t("secondFactor.settings.value", {
              roles: requiredRoles.map((role) => t(`roles.${role}`)).join(", ") || "—",
              seconds: env.STEP_UP_SECONDS,
            })}
          </Row>
          <Row label="Demo accounts">{env.demoUsers ? "created on an empty database" : "off"}</Row>
        </dl>
      </section>
    </div>
  );
}
