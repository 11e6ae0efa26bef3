"use client";

import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import { useServerAction } from "@/components/use-server-action";
import { H2H_PAYIN_METHODS, WIDGET_PAYIN_METHODS } from "@/lib/applications/schemas";
import { CURRENCIES } from "@/lib/money/amounts";
import { bankLabel, banksForCurrency, type RegisterBankList } from "@/lib/banks/schemas";
import { formatUtc } from "@/lib/dates/utc";
import type { RegisterChoice } from "@/lib/registers/choices";
import { useRegisterChoice } from "../../../_components/register-field";
import { createPayin, refreshBanks } from "../actions";

const asOptions = (values: readonly string[]) => values.map((value) => ({ value, label: value }));

const TEXT = {
  bank: "Bank (optional)",
  anyBank: "Any bank",
  refresh: "Refresh banks",
  refreshing: "Refreshing…",
  noList: "No bank list yet.",
  listOf: (at: string, count: number) => `The payer's bank, preselected. List of ${at} UTC, ${count} banks fit.`,
};

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
      if (result.data.list.problem) toast.error(result.data.list.problem);
      else toast.success(result.message ?? "Bank list refreshed.");
    });
  };
  const submitted = useRef(false);

  const onSubmit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (submitted.current || pending) return; // one submit at a time; the server is idempotent anyway
    submitted.current = true;
    const done = () => {
      submitted.current = false;
    };
    run(
      createPayin,
      new FormData(event.currentTarget),
      (result) => {
        done();
        if (result.data.outcome === "unknown") toast.warning(result.message ?? "Result unknown.");
        else toast.success(result.message ?? "Payin created.");
        router.push(`/applications/${result.data.applicationId}`);
      },
      done,
    );
  };

  return (
    <form onSubmit={onSubmit} className="space-y-5 rounded-lg bg-white p-6 ring-1 ring-slate-200" noValidate>
      <input type="hidden" name="token" value={token} />
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-700">Integration</legend>
        <div className="flex gap-6 text-sm">
          <label className="flex items-center gap-2">
            <input type="radio" name="flow" value="p2p" checked={flow === "p2p"} onChange={() => setFlow("p2p")} /> Transfer
            instructions (API, H2H)
          </label>
          <label className="flex items-center gap-2">
            <input type="radio" name="flow" value="widget" checked={flow === "widget"} onChange={() => setFlow("widget")} />{" "}
            Payment page link (widget)
          </label>
        </div>
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          label="Currency"
          name="currency"
          options={asOptions(CURRENCIES)}
          value={currency}
          onChange={(event) => setCurrency(event.target.value)}
          error={error("currency")}
        />
        {registerChoice.field(error("register"))}
        <SelectField
          key={`${flow}:${registerChoice.register?.projectId ?? ""}`}
          label="Method"
          name="method"
          options={methods.length > 0 ? asOptions(methods) : [{ value: "", label: "No method of this register fits" }]}
          error={error("method")}
        />
        {flow === "p2p" ? (
          <div className="space-y-2 sm:col-span-2">
            <SelectField
              key={`bank:${registerChoice.register?.projectId ?? ""}:${currency}`}
              label={TEXT.bank}
              name="bankSymbol"
              options={[
                { value: "", label: TEXT.anyBank },
                ...bankChoices.map((b) => ({ value: b.symbol, label: bankLabel(b) })),
              ]}
              error={error("bankSymbol")}
              hint={bankList?.fetchedAt ? TEXT.listOf(formatUtc(bankList.fetchedAt, "minute"), bankChoices.length) : TEXT.noList}
            />
            {bankList?.problem ? (
              <p role="status" data-testid="bank-list-problem" className="text-sm text-amber-800">
                {bankList.problem}
              </p>
            ) : null}
            {registerChoice.register ? (
              <Button variant="secondary" onClick={onRefreshBanks} disabled={bankRefresh.pending}>
                {bankRefresh.pending ? TEXT.refreshing : TEXT.refresh}
              </Button>
            ) : null}
          </div>
        ) : null}
        <Field
          label="Amount"
          name="amount"
          inputMode="decimal"
          placeholder="1500.00"
          autoComplete="off"
          error={error("amount")}
          hint="In major units, e.g. 1500.50"
        />
        <Field
          label="Lifetime, seconds (optional)"
          name="lifetime"
          inputMode="numeric"
          placeholder="600"
          error={error("lifetime")}
          hint="300 to 600; HighHelp's default is 600"
        />
      </div>
      <Field label="Description (optional)" name="description" maxLength={255} error={error("description")} />
      <div className="grid gap-4 sm:grid-cols-3">
        <Field label="Customer ID (optional)" name="customerId" error={error("customerId")} />
        <Field label="Customer email (optional)" name="customerEmail" type="email" error={error("customerEmail")} />
        <Field
          label="Customer country (optional)"
          name="customerCountry"
          placeholder="KZ"
          maxLength={2}
          error={error("customerCountry")}
        />
      </div>
      <div className="flex justify-end">
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create payin"}
        </Button>
      </div>
    </form>
  );
}
