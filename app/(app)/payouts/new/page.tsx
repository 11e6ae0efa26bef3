import type { Metadata } from "next";
import { newPaymentId } from "@/lib/server/ids";
import { requirePermission } from "@/lib/accounts/auth";
import { formToken } from "@/lib/applications/form-token";
import { CURRENCIES, formatMinor } from "@/lib/money/amounts";
import { limitsFor } from "@/lib/payouts/policy";
import { listRegisterChoices } from "@/lib/registers/queries";
import { getDb } from "@/lib/server/db";
import { NewPayoutForm } from "./_components/new-payout-form";

export const metadata: Metadata = { title: "New payout" };

export default async function NewPayoutPage() {
  await requirePermission("payouts:create");
  // Generated when the form opens and carried by it: the key of "at most once".
  const paymentId = newPaymentId("PO");
  const registers = await listRegisterChoices(await getDb());
  const policy = Object.fromEntries(
    CURRENCIES.map((currency) => {
      const limits = limitsFor(currency);
      const text = limits
        ? `Above ${formatMinor(limits.approvalAbove, currency)} a second admin approves. At most ${formatMinor(limits.maxPerPayout, currency)} per payout and ${formatMinor(limits.maxPerDay, currency)} per day (UTC).`
        : `Payouts in ${currency} are not enabled.`;
      return [currency, text];
    }),
  );
  return (
    <div className="max-w-2xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">New payout</h1>
        <p className="text-sm text-slate-600">
          Send money to a customer&apos;s card or phone (refund, withdrawal, correction). You review it before it is sent. Payment
          ID{" "}
          <span className="font-mono" data-testid="new-payment-id">
            {paymentId}
          </span>
          .
        </p>
      </div>
      <NewPayoutForm token={formToken(paymentId)} policy={policy} registers={registers} />
    </div>
  );
}
