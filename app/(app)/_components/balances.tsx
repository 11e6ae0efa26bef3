import { getLocale } from "next-intl/server";
import { getTranslations } from "@/lib/i18n/server";
import { Suspense } from "react";
import { highHelpProblem } from "@/lib/highhelp";
import { translateText } from "@/lib/i18n/translate";
import { inScope, type ProjectScope } from "@/lib/accounts/register-scope";
import { gatewayForProject, listGateways } from "@/lib/server/gateway";
import { formatMoney } from "@/lib/money/locale";
import { logger } from "@/lib/server/logger";

/** One register's balances straight from HighHelp's balance/info; never cached. A failure stays in its own box. */
async function RegisterBalances({ projectId }: { projectId: string }) {
  const t = await getTranslations("dashboard.balances");
  const locale = await getLocale();
  let text: string | null = null;
  let balances: { currency: string; amount: number; locked_amount: number }[] = [];
  try {
    const result = await (await gatewayForProject(projectId)).client.balanceInfo();
    if (result.ok) balances = result.data.balance;
    else text = translateText(locale, highHelpProblem(result.error));
  } catch (error) {
    logger.error("balances: register failed", { projectId, error });
    text = t("unreachable");
  }
  if (text !== null) {
    return (
      <p role="status" className="text-sm text-slate-600" data-testid="balances-error">
        {t("unavailable", { reason: text })}
      </p>
    );
  }
  if (balances.length === 0) return <p className="text-sm text-slate-500">{t("none")}</p>;
  return (
    <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4" data-testid="balances">
      {balances.map((b) => (
        <div key={b.currency} className="rounded-lg bg-white p-5 ring-1 ring-slate-200">
          <p className="text-sm text-slate-500">{t("available", { currency: b.currency })}</p>
          <p className="text-xl font-semibold tabular-nums">{formatMoney(b.amount, b.currency, locale)}</p>
          <p className="text-xs text-slate-500 tabular-nums">
            {t("locked", { amount: formatMoney(b.locked_amount, b.currency, locale) })}
          </p>
        </div>
      ))}
    </div>
  );
}

/**
 * Balances per cash register, each asked on its own (one slow or failing register does not hold
 * up or hide the others). Only the registers within the reader's `scope`.
 */
export async function Balances({ scope }: { scope: ProjectScope }) {
  const gateways = (await listGateways()).filter((g) => inScope(scope, g.projectId));
  const t = await getTranslations("dashboard.balances");
  if (gateways.length === 0) return <p className="text-sm text-slate-500">{t("noRegister")}</p>;
  return (
    <div className="space-y-4">
      {gateways.map((g) => (
        <div key={g.projectId} className="space-y-2" data-testid="register-balances" data-register={g.name}>
          <h3 className="text-sm font-medium text-slate-700">
            {g.name}
            {g.status === "disabled" ? <span className="font-normal text-slate-500"> {t("disabled")}</span> : null}
          </h3>
          <Suspense fallback={<div className="h-24 animate-pulse rounded-lg bg-slate-200" />}>
            <RegisterBalances projectId={g.projectId} />
          </Suspense>
        </div>
      ))}
    </div>
  );
}
