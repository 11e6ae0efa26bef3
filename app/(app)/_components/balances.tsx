import { describeHighHelpError } from "@/lib/highhelp";
import type { ProjectScope } from "@/lib/accounts/register-scope";
import { AppError } from "@/lib/server/errors";
import { defaultGatewayWithin } from "@/lib/server/gateway";
import { formatMinor } from "@/lib/money/amounts";

/** Balances per currency straight from HighHelp's balance/info (a register within the user's scope); never cached. */
export async function Balances({ scope }: { scope: ProjectScope }) {
  const gateway = await defaultGatewayWithin(scope).catch((error: unknown) => {
    if (error instanceof AppError && error.kind === "not_found") return null;
    throw error;
  });
  if (!gateway) return <p className="text-sm text-slate-500">No cash register is within your scope.</p>;
  const result = await gateway.client.balanceInfo();
  if (!result.ok) {
    return (
      <div
        role="status"
        className="rounded-lg bg-white p-5 text-sm text-slate-600 ring-1 ring-slate-200"
        data-testid="balances-error"
      >
        Balances are unavailable right now: {describeHighHelpError(result.error)}
      </div>
    );
  }
  const balances = result.data.balance;
  if (balances.length === 0) return <p className="text-sm text-slate-500">HighHelp reports no balance yet.</p>;
  return (
    <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4" data-testid="balances">
      {balances.map((b) => (
        <div key={b.currency} className="rounded-lg bg-white p-5 ring-1 ring-slate-200">
          <p className="text-sm text-slate-500">{b.currency} available</p>
          <p className="text-xl font-semibold tabular-nums">{formatMinor(b.amount, b.currency)}</p>
          <p className="text-xs text-slate-500 tabular-nums">locked {formatMinor(b.locked_amount, b.currency)}</p>
        </div>
      ))}
    </div>
  );
}
