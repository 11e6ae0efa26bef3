import type { Metadata } from "next";
import { getLocale } from "next-intl/server";
import { getTranslations } from "@/lib/i18n/server";
import { newPaymentId } from "@/lib/server/ids";
import { requirePermission } from "@/lib/accounts/auth";
import { allowedProjects, scopeProjectIds } from "@/lib/accounts/register-scope";
import { formToken } from "@/lib/applications/form-token";
import { CURRENCIES } from "@/lib/money/amounts";
import { formatMoney } from "@/lib/money/locale";
import { BUSINESS_TIME_ZONE } from "@/lib/dates/business-day";
import { limitsFor } from "@/lib/payouts/policy";
import { listRegisterChoices } from "@/lib/registers/queries";
import { getDb } from "@/lib/server/db";
import { NewPayoutForm } from "./_components/new-payout-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("payoutForm"))("title") };
}

export default async function NewPayoutPage() {
  const user = await requirePermission("payouts:create");
  const t = await getTranslations("payoutForm");
  const locale = await getLocale();
  // Generated when the form opens and carried by it: the key of "at most once".
  const paymentId = newPaymentId("PO");
  const registers = await listRegisterChoices(await getDb(), { projectIds: scopeProjectIds(allowedProjects(user)) });
  const zone = BUSINESS_TIME_ZONE;
  const day = new Intl.DateTimeFormat(locale, { timeZone: zone, day: "numeric", month: "long" }).format(new Date());
  const policy = Object.fromEntries(
    CURRENCIES.map((currency) => {
      const limits = limitsFor(currency);
      const text = limits
        ? t("policy", {
            approval: formatMoney(limits.approvalAbove, currency, locale),
            max: formatMoney(limits.maxPerPayout, currency, locale),
            daily: formatMoney(limits.maxPerDay, currency, locale),
            day,
            zone,
          })
        : t("policyDisabled", { currency });
      return [currency, text];
    }),
  );
  return (
    <div className="max-w-2xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="text-sm text-slate-600">
          {t.rich("intro", {
            id: () => (
              <span className="font-mono" data-testid="new-payment-id">
                {paymentId}
              </span>
            ),
          })}
        </p>
      </div>
      <NewPayoutForm token={formToken(paymentId)} policy={policy} registers={registers} />
    </div>
  );
}
