import Link from "next/link";
import { countApplications } from "@/lib/applications/summary";
import { requirePermission } from "@/lib/auth";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";

export default async function DashboardPage() {
  const user = await requirePermission("applications:read");
  const counts = await countApplications(await getDb());
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Dashboard</h1>
        <p className="text-sm text-slate-600">Welcome, {user.name}.</p>
      </div>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        <Link href="/payins" className="rounded-lg bg-white p-5 ring-1 ring-slate-200 hover:ring-indigo-300">
          <p className="text-sm text-slate-500">Payins</p>
          <p className="text-3xl font-semibold tabular-nums" data-testid="payins-count">{counts.payin}</p>
        </Link>
        <Link href="/payouts" className="rounded-lg bg-white p-5 ring-1 ring-slate-200 hover:ring-indigo-300">
          <p className="text-sm text-slate-500">Payouts</p>
          <p className="text-3xl font-semibold tabular-nums" data-testid="payouts-count">{counts.payout}</p>
        </Link>
        <div className="rounded-lg bg-white p-5 ring-1 ring-slate-200">
          <p className="text-sm text-slate-500">Gateway</p>
          <p className="text-sm font-medium">{env.sandboxMode ? "Local HighHelp sandbox" : env.HIGHHELP_API_URL}</p>
        </div>
      </div>
    </div>
  );
}
