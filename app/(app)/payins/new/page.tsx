import type { Metadata } from "next";
import { getTranslations } from "@/lib/i18n/server";
import { requirePermission } from "@/lib/accounts/auth";
import { allowedProjects, scopeProjectIds } from "@/lib/accounts/register-scope";
import { newPaymentId } from "@/lib/server/ids";
import { formToken } from "@/lib/applications/form-token";
import { listRegisterChoices } from "@/lib/registers/queries";
import { getDb } from "@/lib/server/db";
import { listGateways } from "@/lib/server/gateway";
import { bankListsForUse } from "@/lib/banks/commands";
import type { RegisterBankList } from "@/lib/banks/schemas";
import { bankListForForm } from "@/lib/banks/queries";
import { NewPayinForm } from "./_components/new-payin-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("payinForm"))("title") };
}

export default async function NewPayinPage() {
  const user = await requirePermission("payins:create");
  const t = await getTranslations("payinForm");
  // Generated when the form opens and carried by it: the key of "at most once".
  const paymentId = newPaymentId("PI");
  const db = await getDb();
  const registers = await listRegisterChoices(db, { projectIds: scopeProjectIds(allowedProjects(user)) });
  // Each active register's bank list, fetched first when missing or older than a day.
  const active = new Set(registers.filter((r) => r.status === "active").map((r) => r.projectId));
  const lists = await bankListsForUse(
    db,
    (await listGateways()).filter((g) => active.has(g.projectId)),
  );
  const banks: Record<string, RegisterBankList> = Object.fromEntries(
    [...lists].map(([projectId, list]) => [projectId, bankListForForm(list)]),
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
      <NewPayinForm token={formToken(paymentId)} registers={registers} banks={banks} />
    </div>
  );
}
