"use client";

import { useRouter } from "next/navigation";
import { useMessageText } from "@/components/use-message-text";
import { useFormatter, useTranslations } from "next-intl";
import { useRef, useState } from "react";
import { toast } from "sonner";
import { AmountField } from "@/components/amount-field";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import { useServerAction } from "@/components/use-server-action";
import { useInterruptedSubmit } from "@/components/interrupted-submit";
import { H2H_PAYIN_METHODS, WIDGET_PAYIN_METHODS } from "@/lib/applications/schemas";
import { CURRENCIES } from "@/lib/money/amounts";
import { bankLabel, banksForCurrency, type RegisterBankList } from "@/lib/banks/schemas";
import type { RegisterChoice } from "@/lib/registers/choices";
import { useRegisterChoice } from "../../../_components/register-field";
import { createPayin, findApplicationOfForm, refreshBanks } from "../actions";

const asOptions = (values: readonly string[]) => values.map((value) => ({ value, label: value }));

export function NewPayinForm({
  token,
  registers,
  banks,
}: {
  token: string;
  registers: RegisterChoice[];
  /** The bank list of each register, by project_id. */
  banks: Record<string, RegisterBankList>;
}) {
  const t = useTranslations("payinForm");
  const messageText = useMessageText();
  const format = useFormatter();
  const router = useRouter();
  const [flow, setFlow] = useState<"p2p" | "widget">("p2p");
  const [currency, setCurrency] = useState<string>(CURRENCIES[0]);
  const registerChoice = useRegisterChoice(registers, currency);
  const methods = registerChoice.methodsOf(flow === "p2p" ? H2H_PAYIN_METHODS : WIDGET_PAYIN_METHODS);
  const { pending, run, error } = useServerAction();
  const bankRefresh = useServerAction();
  // Lists refreshed with the button since the page was rendered (a page refresh would change the payment ID).
  const [refreshed, setRefreshed] = useState<Record<string, RegisterBankList>>({});
  const bankList = registerChoice.register
    ? (refreshed[registerChoice.register.projectId] ?? banks[registerChoice.register.projectId])
    : undefined;
  const bankChoices = bankList ? banksForCurrency(bankList.banks, currency) : [];
  const onRefreshBanks = () => {
    const projectId = registerChoice.register?.projectId;
    if (!projectId) return;
    bankRefresh.run(refreshBanks, { register: projectId }, (result) => {
      setRefreshed((lists) => ({ ...lists, [projectId]: result.data.list }));
      if (result.data.list.problem) toast.error(messageText(result.data.list.problem));
      else toast.success(result.message ?? t("banksRefreshedShort"));
    });
  };
  const submitted = useRef(false);
  const interrupted = useInterruptedSubmit(findApplicationOfForm, token);

  const onSubmit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (submitted.current || pending || interrupted.checking) return; // one submit at a time; the server is idempotent anyway
    submitted.current = true;
    const done = () => {
      submitted.current = false;
    };
    run(
      createPayin,
      new FormData(event.currentTarget),
      (result) => {
        done();
        if (result.data.outcome === "unknown") toast.warning(result.message ?? t("unknown"));
        else toast.success(result.message ?? t("created"));
        router.push(`/applications/${result.data.applicationId}`);
      },
      done,
      () => {
        done();
        void interrupted.begin();
      },
    );
  };

  return (
    <form onSubmit={onSubmit} className="space-y-5 rounded-lg bg-white p-6 ring-1 ring-slate-200" noValidate>
      <input type="hidden" name="token" value={token} />
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-700">{t("integration")}</legend>
        <div className="flex gap-6 text-sm">
          <label className="flex items-center gap-2">
            <input type="radio" name="flow" value="p2p" checked={flow === "p2p"} onChange={() => setFlow("p2p")} /> {t("flowP2p")}
          </label>
          <label className="flex items-center gap-2">
            <input type="radio" name="flow" value="widget" checked={flow === "widget"} onChange={() => setFlow("widget")} />{" "}
            {t("flowWidget")}
          </label>
        </div>
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          label={t("currency")}
          name="currency"
          options={asOptions(CURRENCIES)}
          value={currency}
          onChange={(event) => setCurrency(event.target.value)}
          error={error("currency")}
        />
        {registerChoice.field(error("register"))}
        <SelectField
          key={`${flow}:${registerChoice.register?.projectId ?? ""}`}
          label={t("method")}
          name="method"
          options={methods.length > 0 ? asOptions(methods) : [{ value: "", label: t("noMethod") }]}
          error={error("method")}
        />
        {flow === "p2p" ? (
          <div className="space-y-2 sm:col-span-2">
            <SelectField
              key={`bank:${registerChoice.register?.projectId ?? ""}:${currency}`}
              label={t("bank")}
              name="bankSymbol"
              options={[
                { value: "", label: t("anyBank") },
                ...bankChoices.map((b) => ({ value: b.symbol, label: bankLabel(b) })),
              ]}
              error={error("bankSymbol")}
              hint={
                bankList?.fetchedAt
                  ? t("bankListOf", {
                      at: format.dateTime(new Date(bankList.fetchedAt), {
                        dateStyle: "short",
                        timeStyle: "short",
                      }),
                      count: bankChoices.length,
                    })
                  : t("noBankList")
              }
            />
            {bankList?.problem ? (
              <p role="status" data-testid="bank-list-problem" className="text-sm text-amber-800">
                {messageText(bankList.problem)}
              </p>
            ) : null}
            {registerChoice.register ? (
              <Button variant="secondary" onClick={onRefreshBanks} disabled={bankRefresh.pending}>
                {bankRefresh.pending ? t("refreshing") : t("refreshBanks")}
              </Button>
            ) : null}
          </div>
        ) : null}
        <AmountField
          label={t("amount")}
          name="amount"
          currency={currency}
          placeholder={t("amountPlaceholder")}
          error={error("amount")}
          hint={t("amountHint")}
        />
        <Field
          label={t("lifetime")}
          name="lifetime"
          inputMode="numeric"
          placeholder="600"
          error={error("lifetime")}
          hint={t("lifetimeHint")}
        />
      </div>
      <Field label={t("description")} name="description" maxLength={255} error={error("description")} />
      <div className="grid gap-4 sm:grid-cols-3">
        <Field label={t("customerId")} name="customerId" error={error("customerId")} />
        <Field label={t("customerEmail")} name="customerEmail" type="email" error={error("customerEmail")} />
        <Field
          label={t("customerCountry")}
          name="customerCountry"
          placeholder={t("countryPlaceholder")}
          maxLength={2}
          error={error("customerCountry")}
        />
      </div>
      {interrupted.notice}
      <div className="flex justify-end">
        <Button type="submit" disabled={pending || interrupted.checking}>
          {pending ? t("creating") : t("create")}
        </Button>
      </div>
    </form>
  );
}
