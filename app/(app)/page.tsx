import Link from "next/link";
import { Suspense } from "react";
import { StatusBadge } from "@/components/status-badge";
import { requirePermission } from "@/lib/accounts/auth";
import { allowedProjects, scopeProjectIds } from "@/lib/accounts/register-scope";
import { DEFAULT_LIST_STATE, LIST_PATHS, listHref } from "@/lib/applications/url-state";
import { dashboardFigures, PERIOD_DAYS, type RegisterTotal, type StatusTotal } from "@/lib/dashboard/queries";
import { listRegisterChoices } from "@/lib/registers/queries";
import { getDb } from "@/lib/server/db";
import { CURRENCIES, formatMinor, groupThousands } from "@/lib/money/amounts";
import type { ListCount } from "@/lib/applications/list-queries";
import type { ApplicationType } from "@/lib/highhelp/status";
import { Balances } from "./_components/balances";
import { VolumeChart } from "./_components/volume-chart";

function PeriodTable({ title, totals, type }: { title: string; totals: StatusTotal[]; type: ApplicationType }) {
  const rows = totals.filter((t) => t.type === type);
  return (
    <div className="rounded-lg bg-white p-5 ring-1 ring-slate-200">
      <h3 className="mb-2 text-sm font-semibold">{title}</h3>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-500">Nothing yet.</p>
      ) : (
        <table className="w-full text-sm">
          <tbody className="divide-y divide-slate-100">
            {rows.map((r) => (
              <tr key={`${r.status}-${r.currency}`}>
                <td className="py-1">
                  <StatusBadge status={r.status} subStatus={null} />
                </td>
                <td className="py-1 text-right tabular-nums">{r.count}</td>
                <td className="py-1 text-right tabular-nums">{formatMinor(r.volume, r.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function RegisterTable({ registers, names }: { registers: RegisterTotal[]; names: ReadonlyMap<string, string> }) {
  if (registers.length === 0) return <p className="text-sm text-slate-500">No applications in this period.</p>;
  return (
    <div className="overflow-x-auto rounded-lg bg-white ring-1 ring-slate-200">
      <table className="min-w-full text-sm">
        <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="px-4 py-2">Cash register</th>
            <th className="px-4 py-2">Type</th>
            <th className="px-4 py-2">Currency</th>
            <th className="px-4 py-2 text-right">Applications</th>
            <th className="px-4 py-2 text-right">Volume</th>
            <th className="px-4 py-2 text-right">Successful</th>
            <th className="px-4 py-2 text-right">Successful volume</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {registers.map((r) => (
            <tr key={`${r.projectId}-${r.type}-${r.currency}`}>
              <td className="px-4 py-2" data-testid="register-name">
                {names.get(r.projectId) ?? <span className="font-mono text-xs">{r.projectId}</span>}
              </td>
              <td className="px-4 py-2">{r.type}</td>
              <td className="px-4 py-2">{r.currency}</td>
              <td className="px-4 py-2 text-right tabular-nums">{r.count}</td>
              <td className="px-4 py-2 text-right tabular-nums">{formatMinor(r.volume, r.currency)}</td>
              <td className="px-4 py-2 text-right tabular-nums">{r.successCount}</td>
              <td className="px-4 py-2 text-right tabular-nums">{formatMinor(r.successVolume, r.currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Links to a list's "needs attention" view; the count uses the view's own predicate, so the two agree. */
function AttentionLink({ href, count, testId, label }: { href: string; count: ListCount; testId: string; label: string }) {
  return (
    <Link
      href={href}
      className={`rounded-lg px-4 py-2 text-sm font-semibold ring-1 ${count.count > 0 ? "bg-amber-50 text-amber-900 ring-amber-300" : "bg-white text-slate-600 ring-slate-200"}`}
      data-testid={testId}
    >
      {label}: {groupThousands(count.count)}
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
  const [{ today, week, conversion, daily, registers, attention, asOfText }, choices] = await Promise.all([
    dashboardFigures(db, currency, scope),
    listRegisterChoices(db, { projectIds: scopeProjectIds(scope) }),
  ]);
  const registerNames = new Map(choices.map((r) => [r.projectId, r.name]));

  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Dashboard</h1>
          <p className="text-sm text-slate-500" data-testid="figures-as-of">
            Figures {asOfText}; needs attention is live.
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <AttentionLink
            href={listHref(LIST_PATHS.payin, DEFAULT_LIST_STATE, { view: "attention" })}
            count={attention.payin}
            testId="needs-attention"
            label="Payins needing attention"
          />
          <AttentionLink
            href={listHref(LIST_PATHS.payout, DEFAULT_LIST_STATE, { view: "attention" })}
            count={attention.payout}
            testId="needs-attention-payouts"
            label="Payouts needing attention"
          />
        </div>
      </div>

      <section aria-labelledby="balances-title" className="space-y-3">
        <h2 id="balances-title" className="text-lg font-semibold">
          Balances
        </h2>
        <Suspense fallback={<div className="h-24 animate-pulse rounded-lg bg-slate-200" />}>
          <Balances scope={scope} />
        </Suspense>
      </section>

      <section aria-labelledby="period-title" className="space-y-3">
        <h2 id="period-title" className="text-lg font-semibold">
          Today and this week <span className="text-sm font-normal text-slate-500">(UTC; count and volume by status)</span>
        </h2>
        <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-4">
          <PeriodTable title="Payins today" totals={today} type="payin" />
          <PeriodTable title="Payouts today" totals={today} type="payout" />
          <PeriodTable title="Payins this week" totals={week} type="payin" />
          <PeriodTable title="Payouts this week" totals={week} type="payout" />
        </div>
      </section>

      <section aria-labelledby="volume-title" className="space-y-3">
        <div className="flex items-center justify-between">
          <h2 id="volume-title" className="text-lg font-semibold">
            Volume
          </h2>
          <nav aria-label="Chart currency" className="flex gap-1">
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
        <VolumeChart days={daily} currency={currency} />
      </section>

      <section aria-labelledby="conversion-title" className="space-y-3">
        <h2 id="conversion-title" className="text-lg font-semibold">
          Conversion by method{" "}
          <span className="text-sm font-normal text-slate-500">
            (success / all final, created in the last {PERIOD_DAYS} days, UTC)
          </span>
        </h2>
        {conversion.length === 0 ? (
          <p className="text-sm text-slate-500">No final applications yet.</p>
        ) : (
          <div className="overflow-x-auto rounded-lg bg-white ring-1 ring-slate-200">
            <table className="min-w-full text-sm">
              <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  <th className="px-4 py-2">Type</th>
                  <th className="px-4 py-2">Method</th>
                  <th className="px-4 py-2 text-right">Success</th>
                  <th className="px-4 py-2 text-right">Final</th>
                  <th className="px-4 py-2 text-right">Conversion</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {conversion.map((c) => (
                  <tr key={`${c.type}-${c.method ?? ""}`}>
                    <td className="px-4 py-2">{c.type}</td>
                    <td className="px-4 py-2 font-mono">{c.method ?? "—"}</td>
                    <td className="px-4 py-2 text-right tabular-nums">{c.success}</td>
                    <td className="px-4 py-2 text-right tabular-nums">{c.final}</td>
                    <td className="px-4 py-2 text-right tabular-nums">{((c.success * 100) / c.final).toFixed(1)}%</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="registers-title" className="space-y-3">
        <h2 id="registers-title" className="text-lg font-semibold">
          By cash register and currency{" "}
          <span className="text-sm font-normal text-slate-500">(created in the last {PERIOD_DAYS} days, UTC)</span>
        </h2>
        <RegisterTable registers={registers} names={registerNames} />
      </section>
    </div>
  );
}
