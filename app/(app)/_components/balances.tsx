import { Suspense } from "react";
import { describeHighHelpError } from "@/lib/highhelp";
import { gatewayForProject, listGateways } from "@/lib/server/gateway";
import { formatMinor } from "@/lib/money/amounts";
import { logger } from "@/lib/server/logger";

/** One register's balances straight from HighHelp's balance/info; never cached. A failure stays in its own box. */
async function RegisterBalances({ projectId }: { projectId: string }) {
  let text: string | null = null;
  let balances: { currency: string; amount: number; locked_amount: number }[] = [];
  try {
    const result = await (await gatewayForProject(projectId)).client.balanceInfo();
    if (result.ok) balances = result.data.balance;
    else text = describeHighHelpError(result.error);
  } catch (error) {
    logger.error("balances: register failed", { projectId, error });
    text = "the cash register could not be reached.";
  }
  if (text !== null) {
    return (
      <p role="status" className="text-sm text-slate-600" data-testid="balances-error">
        Balances are unavailable right now: {text}
      </p>
    );
  }
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

/**
 * Balances per cash register, each asked on its own (one slow or failing register does not hold
 * up or hide the others). `projectIds`: the registers the reader may see (null: all).
 */
export async function Balances({ projectIds = null }: { projectIds?: readonly string[] | null }) {
  const gateways = (await listGateways()).filter((g) => projectIds === null || projectIds.includes(g.projectId));
  if (gateways.length === 0) return <p className="text-sm text-slate-500">No cash register to show.</p>;
  return (
    <div className="space-y-4">
      {gateways.map((g) => (
        <div key={g.projectId} className="space-y-2" data-testid="register-balances" data-register={g.name}>
          <h3 className="text-sm font-medium text-slate-700">
            {g.name}
            {g.status === "disabled" ? <span className="font-normal text-slate-500"> (disabled)</span> : null}
          </h3>
          <Suspense fallback={<div className="h-24 animate-pulse rounded-lg bg-slate-200" />}>
            <RegisterBalances projectId={g.projectId} />
          </Suspense>
        </div>
      ))}
    </div>
  );
}
