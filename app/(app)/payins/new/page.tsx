import type { Metadata } from "next";
import { requirePermission } from "@/lib/accounts/auth";
import { newPaymentId } from "@/lib/server/ids";
import { formToken } from "@/lib/applications/form-token";
import { listRegisterChoices } from "@/lib/registers/queries";
import { getDb } from "@/lib/server/db";
import { NewPayinForm } from "./_components/new-payin-form";

export const metadata: Metadata = { title: "New payin" };

export default async function NewPayinPage() {
  await requirePermission("payins:create");
  // Generated when the form opens and carried by it: the key of "at most once".
  const paymentId = newPaymentId("PI");
  const registers = await listRegisterChoices(await getDb());
  return (
    <div className="max-w-2xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">New payin</h1>
        <p className="text-sm text-slate-600">
          Ask HighHelp for transfer instructions (API) or a payment page link (widget) for a customer. Payment ID{" "}
          <span className="font-mono" data-testid="new-payment-id">
            {paymentId}
          </span>
          .
        </p>
      </div>
      <NewPayinForm token={formToken(paymentId)} registers={registers} />
    </div>
  );
}
