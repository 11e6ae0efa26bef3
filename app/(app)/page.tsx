import type { Metadata } from "next";
import Link from "next/link";
import { getLocale } from "next-intl/server";
import { getTranslations } from "@/lib/i18n/server";
import { Suspense } from "react";
import { DateTime } from "@/components/date-time";
import { methodText } from "@/components/method-name";
import { StatusBadge } from "@/components/status-badge";
import { requirePermission } from "@/lib/accounts/auth";
import { allowedProjects, scopeProjectIds } from "@/lib/accounts/register-scope";
import { DEFAULT_LIST_STATE, LIST_PATHS, listHref } from "@/lib/applications/url-state";
import { dashboardFigures, PERIOD_DAYS, type RegisterTotal, type StatusTotal } from "@/lib/dashboard/queries";
import { listRegisterChoices } from "@/lib/registers/queries";
import { getDb } from "@/lib/server/db";
import { CURRENCIES } from "@/lib/money/amounts";
import { formatMoney } from "@/lib/money/locale";
import type { Translate } from "@/lib/i18n/translate";
import { env } from "@/lib/server/env";
import type { ListCount } from "@/lib/applications/list-queries";
import type { ApplicationType } from "@/lib/highhelp/status";
import { Balances } from "./_components/balances";
import { VolumeChart } from "./_components/volume-chart";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("dashboard"))("title") };
}

interface Words {
  t: Translate;
  locale: string;
}

function PeriodTable({
  title,
  totals,
  type,
  words: { t, locale },
}: {
  title: string;
  totals: StatusTotal[];
  type: ApplicationType;
  words: Words;
}) {
  const rows = totals.filter((total) => total.type === type);
  return (
    <div className="rounded-lg bg-white p-5 ring-1 ring-slate-200">
      <h3 className="mb-2 text-sm font-semibold">{title}</h3>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-500">{t("dashboard.nothingYet")}</p>
      ) : (
        <table className="w-full text-sm">
          <tbody className="divide-y divide-slate-100">
            {rows.map((r) => (
              <tr key={`${r.status}-${r.currency}`}>
                <td className="py-1">
                  <StatusBadge status={r.status} subStatus={null} />
                </td>
                <td className="py-1 text-right tabular-nums">{r.count.toLocaleString(locale)}</td>
                <td className="py-1 text-right tabular-nums">{formatMoney(r.volume, r.currency, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function RegisterTable({
  registers,
  names,
  words: { t, locale },
}: {
  registers: RegisterTotal[];
  names: ReadonlyMap<string, string>;
  words: Words;
}) {
  if (registers.length === 0) return <p className="text-sm text-slate-500">{t("dashboard.noApplications")}</p>;
  return (
    <div
      className="relative overflow-x-auto rounded-lg bg-white ring-1 ring-slate-200 focus-visible:outline-2 focus-visible:outline-indigo-600"
      role="region"
      aria-labelledby="registers-title"
      tabIndex={0}
    >
      <table className="min-w-full text-sm">
        <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="px-4 py-2">{t("dashboard.columns.register")}</th>
            <th className="px-4 py-2">{t("dashboard.columns.type")}</th>
            <th className="px-4 py-2">{t("dashboard.columns.currency")}</th>
            <th className="px-4 py-2 text-right">{t("dashboard.columns.count")}</th>
            <th className="px-4 py-2 text-right">{t("dashboard.columns.volume")}</th>
            <th className="px-4 py-2 text-right">{t("dashboard.columns.successCount")}</th>
            <th className="px-4 py-2 text-right">{t("dashboard.columns.successVolume")}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {registers.map((r) => (
            <tr key={`${r.projectId}-${r.type}-${r.currency}`}>
              <td className="px-4 py-2" data-testid="register-name">
                {names.get(r.projectId) ?? <span className="font-mono text-xs">{r.projectId}</span>}
              </td>
              <td className="px-4 py-2">{t(`application.type.${r.type}`)}</td>
              <td className="px-4 py-2">{r.currency}</td>
              <td className="px-4 py-2 text-right tabular-nums">{r.count.toLocaleString(locale)}</td>
              <td className="px-4 py-2 text-right tabular-nums">{formatMoney(r.volume, r.currency, locale)}</td>
              <td className="px-4 py-2 text-right tabular-nums">{r.successCount.toLocaleString(locale)}</td>
              <td className="px-4 py-2 text-right tabular-nums">{formatMoney(r.successVolume, r.currency, locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Links to a list's "needs attention" view; the count uses the view's own predicate, so the two agree. */
function AttentionLink({
  href,
  count,
  testId,
  label,
  locale,
}: {
  href: string;
  count: ListCount;
  testId: string;
  label: string;
  locale: string;
}) {
  return (
    <Link
      href={href}
      className={`rounded-lg px-4 py-2 text-sm font-semibold ring-1 ${count.count > 0 ? "bg-amber-50 text-amber-900 ring-amber-300" : "bg-white text-slate-600 ring-slate-200"}`}
      data-testid={testId}
    >
      {label}: {count.count.toLocaleString(locale)}
      {count.capped ? "+" : ""}
    </Link>
  );
}

export default async function DashboardPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePermission("applications:read");
  const scope = allowedProjects(user);
  const requested = (await searchParams).currency;
  const currency = typeof requested === "string" && (CURRENCIES as readonly string[]).includes(requested) ? requested : "KZT";
  const db = await getDb();
  const t = await getTranslations();
  const locale = await getLocale();
  const words = { t, locale };
  const zone = env.DEFAULT_TIME_ZONE;
  const [{ today, week, conversion, daily, registers, attention, asOf }, choices] = await Promise.all([
    dashboardFigures(db, currency, scope),
    listRegisterChoices(db, { projectIds: scopeProjectIds(scope) }),
  ]);
  const registerNames = new Map(choices.map((r) => [r.projectId, r.name]));

  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">{t("dashboard.title")}</h1>
          <p className="text-sm text-slate-500" data-testid="figures-as-of">
            {asOf ? t.rich("dashboard.asOf", { at: () => <DateTime at={asOf} /> }) : t("dashboard.notComputed")}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <AttentionLink
            href={listHref(LIST_PATHS.payin, DEFAULT_LIST_STATE, { view: "attention" })}
            count={attention.payin}
            testId="needs-attention"
            label={t("dashboard.attention.payin")}
            locale={locale}
          />
          <AttentionLink
            href={listHref(LIST_PATHS.payout, DEFAULT_LIST_STATE, { view: "attention" })}
            count={attention.payout}
            testId="needs-attention-payouts"
            label={t("dashboard.attention.payout")}
            locale={locale}
          />
        </div>
      </div>

      <section aria-labelledby="balances-title" className="space-y-3">
        <h2 id="balances-title" className="text-lg font-semibold">
          {t("dashboard.balances.title")}
        </h2>
        <Suspense fallback={<div className="h-24 animate-pulse rounded-lg bg-slate-200" />}>
          <Balances scope={scope} />
        </Suspense>
      </section>

      <section aria-labelledby="period-title" className="space-y-3">
        <h2 id="period-title" className="text-lg font-semibold">
          {t("dashboard.period.title")}{" "}
          <span className="text-sm font-normal text-slate-500" data-testid="business-days">
            {t("dashboard.period.note", { zone })}
          </span>
        </h2>
        {/* As many columns as the main area holds at 22rem each (a Russian status with an amount in sums needs that),
            not a fixed four: beside the navigation, four columns at 1280-1440 px overflowed the page. */}
        <div className="grid grid-cols-[repeat(auto-fill,minmax(min(100%,22rem),1fr))] gap-4">
          <PeriodTable title={t("dashboard.period.payinsToday")} totals={today} type="payin" words={words} />
          <PeriodTable title={t("dashboard.period.payoutsToday")} totals={today} type="payout" words={words} />
          <PeriodTable title={t("dashboard.period.payinsWeek")} totals={week} type="payin" words={words} />
          <PeriodTable title={t("dashboard.period.payoutsWeek")} totals={week} type="payout" words={words} />
        </div>
      </section>

      <section aria-labelledby="volume-title" className="space-y-3">
        <div className="flex items-center justify-between">
          <h2 id="volume-title" className="text-lg font-semibold">
            {t("dashboard.volume")}
          </h2>
          <nav aria-label={t("dashboard.chartCurrency")} className="flex gap-1">
            {CURRENCIES.map((c) => (
              <Link
                key={c}
                href={`/?currency=${c}`}
                aria-current={c === currency ? "true" : undefined}
                className={`rounded px-2 py-1 text-xs font-medium ${c === currency ? "bg-indigo-600 text-white" : "text-slate-600 hover:bg-slate-100"}`}
              >
                {c}
              </Link>
            ))}
          </nav>
        </div>
        <VolumeChart days={daily} currency={currency} zone={zone} />
      </section>

      <section aria-labelledby="conversion-title" className="space-y-3">
        <h2 id="conversion-title" className="text-lg font-semibold">
          {t("dashboard.conversion.title")}{" "}
          <span className="text-sm font-normal text-slate-500">
            {t("dashboard.conversion.note", { days: PERIOD_DAYS, zone })}
          </span>
        </h2>
        {conversion.length === 0 ? (
          <p className="text-sm text-slate-500">{t("dashboard.conversion.none")}</p>
        ) : (
          <div
            className="relative overflow-x-auto rounded-lg bg-white ring-1 ring-slate-200 focus-visible:outline-2 focus-visible:outline-indigo-600"
            role="region"
            aria-labelledby="conversion-title"
            tabIndex={0}
          >
            <table className="min-w-full text-sm">
              <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  <th className="px-4 py-2">{t("dashboard.columns.type")}</th>
                  <th className="px-4 py-2">{t("dashboard.conversion.method")}</th>
                  <th className="px-4 py-2 text-right">{t("dashboard.conversion.success")}</th>
                  <th className="px-4 py-2 text-right">{t("dashboard.conversion.final")}</th>
                  <th className="px-4 py-2 text-right">{t("dashboard.conversion.rate")}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {conversion.map((c) => (
                  <tr key={`${c.type}-${c.method ?? ""}`}>
                    <td className="px-4 py-2">{t(`application.type.${c.type}`)}</td>
                    <td className="px-4 py-2" title={c.method ?? undefined}>
                      {c.method ? methodText(t, c.method) : "—"}
                    </td>
                    <td className="px-4 py-2 text-right tabular-nums">{c.success.toLocaleString(locale)}</td>
                    <td className="px-4 py-2 text-right tabular-nums">{c.final.toLocaleString(locale)}</td>
                    <td className="px-4 py-2 text-right tabular-nums">
                      {(c.success / c.final).toLocaleString(locale, {
                        style: "percent",
                        minimumFractionDigits: 1,
                        maximumFractionDigits: 1,
                      })}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="registers-title" className="space-y-3">
        <h2 id="registers-title" className="text-lg font-semibold">
          {t("dashboard.registers.title")}{" "}
          <span className="text-sm font-normal text-slate-500">{t("dashboard.registers.note", { days: PERIOD_DAYS, zone })}</span>
        </h2>
        <RegisterTable registers={registers} names={registerNames} words={words} />
      </section>
    </div>
  );
}
