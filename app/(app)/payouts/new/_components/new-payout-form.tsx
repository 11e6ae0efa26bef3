"use client";

import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useRef, useState } from "react";
import { toast } from "sonner";
import { AmountField } from "@/components/amount-field";
import { CardNumberField } from "@/components/card-number-field";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import { useServerAction } from "@/components/use-server-action";
import { useInterruptedSubmit } from "@/components/interrupted-submit";
import { CURRENCIES } from "@/lib/money/amounts";
import { formatMoney } from "@/lib/money/locale";
import { PAYOUT_METHODS, receiverKind } from "@/lib/payouts/schemas";
import type { PayoutReview } from "@/lib/payouts/submit-payout";
import type { RegisterChoice } from "@/lib/registers/choices";
import { useRegisterChoice } from "../../../_components/register-field";
import { createNewPayout, findApplicationOfForm, reviewNewPayout } from "../actions";

const currencyOptions = CURRENCIES.map((value) => ({ value, label: value }));

function ReviewRow({ label, value }: { label: string; value: string | null }) {
  return (
    <div className="grid grid-cols-3 gap-4 py-2">
      <dt className="text-sm text-slate-500">{label}</dt>
      <dd className="col-span-2 break-all text-sm text-slate-900">{value ?? "—"}</dd>
    </div>
  );
}

/**
 * Edit → review → send. The form stays mounted (hidden) during review, so "Edit" brings every
 * field back as typed; what is sent is the same form data that was reviewed.
 */
export function NewPayoutForm({
  token,
  policy,
  registers,
}: {
  token: string;
  policy: Record<string, string>;
  registers: RegisterChoice[];
}) {
  const t = useTranslations("payoutForm");
  const words = useTranslations();
  const locale = useLocale();
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [method, setMethod] = useState<string>(PAYOUT_METHODS[0].value);
  const [currency, setCurrency] = useState<string>(CURRENCIES[0]);
  const [review, setReview] = useState<(PayoutReview & { register: string }) | null>(null);
  const registerChoice = useRegisterChoice(registers, currency);
  const allowed = registerChoice.methodsOf(PAYOUT_METHODS.map((m) => m.value));
  const methodOptions = PAYOUT_METHODS.filter((m) => allowed.includes(m.value)).map(({ value, label }) => ({
    value,
    label: words(label),
  }));
  // A method the register does not offer falls back to its first one.
  const shownMethod = methodOptions.some((m) => m.value === method) ? method : (methodOptions[0]?.value ?? "");
  const { pending, run, error } = useServerAction();
  const inFlight = useRef(false);
  const interrupted = useInterruptedSubmit(findApplicationOfForm, token);

  const onReview = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    run(reviewNewPayout, new FormData(event.currentTarget), (result) => setReview(result.data));
  };

  const onSend = () => {
    if (inFlight.current || interrupted.checking || !formRef.current) return; // one send at a time; the server is idempotent anyway
    inFlight.current = true;
    run(
      createNewPayout,
      new FormData(formRef.current),
      (result) => {
        inFlight.current = false;
        const { outcome, applicationId } = result.data;
        if (outcome === "refused") toast.error(result.message ?? t("refused"));
        else if (outcome === "unknown") toast.warning(result.message ?? t("unknown"));
        else toast.success(result.message ?? t("created"));
        router.push(`/applications/${applicationId}`);
      },
      () => {
        inFlight.current = false;
        setReview(null); // back to the fields, where the messages are
      },
      () => {
        inFlight.current = false; // the review stays, with the form as typed; sending again is safe
        void interrupted.begin();
      },
    );
  };

  const kind = receiverKind(shownMethod);
  return (
    <>
      <form
        ref={formRef}
        onSubmit={onReview}
        hidden={review !== null}
        className="space-y-5 rounded-lg bg-white p-6 ring-1 ring-slate-200"
        noValidate
      >
        <input type="hidden" name="token" value={token} />
        <div className="grid gap-4 sm:grid-cols-2">
          <SelectField
            label={t("currency")}
            name="currency"
            options={currencyOptions}
            value={currency}
            onChange={(e) => setCurrency(e.target.value)}
            error={error("currency")}
          />
          {registerChoice.field(error("register"))}
          <SelectField
            label={t("method")}
            name="method"
            options={methodOptions.length > 0 ? methodOptions : [{ value: "", label: t("noMethod") }]}
            value={shownMethod}
            onChange={(e) => setMethod(e.target.value)}
            error={error("method")}
          />
        </div>
        <div className="grid gap-4 sm:grid-cols-2">
          {kind === "card" ? (
            <CardNumberField label={t("pan")} name="pan" error={error("pan")} />
          ) : (
            <Field
              label={t("phone")}
              name="phone"
              type="tel"
              placeholder="+77001234567"
              autoComplete="off"
              error={error("phone")}
              hint={t("phoneHint")}
            />
          )}
          <Field
            label={t("cardHolder")}
            name="cardHolder"
            autoComplete="off"
            placeholder={t("cardHolderPlaceholder")}
            error={error("cardHolder")}
          />
        </div>
        <AmountField
          label={t("amount")}
          name="amount"
          currency={currency}
          placeholder={t("amountPlaceholder")}
          error={error("amount")}
          hint={`${t("amountHint")} ${policy[currency] ?? ""}`}
        />
        <Field
          label={t("description")}
          name="description"
          maxLength={255}
          placeholder={t("descriptionPlaceholder")}
          error={error("description")}
        />
        <fieldset className="space-y-3">
          <legend className="text-sm font-medium text-slate-700">{t("customer")}</legend>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label={t("customerId")} name="customerId" error={error("customerId")} />
            <Field label={t("customerEmail")} name="customerEmail" type="email" error={error("customerEmail")} />
            <Field label={t("firstName")} name="customerFirstName" error={error("customerFirstName")} />
            <Field label={t("lastName")} name="customerLastName" error={error("customerLastName")} />
            <Field
              label={t("country")}
              name="customerCountry"
              placeholder={t("countryPlaceholder")}
              maxLength={2}
              error={error("customerCountry")}
            />
          </div>
        </fieldset>
        <div className="flex justify-end">
          <Button type="submit" disabled={pending}>
            {pending ? t("checking") : t("review")}
          </Button>
        </div>
      </form>

      {review ? (
        <section
          aria-labelledby="review-title"
          className="space-y-4 rounded-lg bg-white p-6 ring-1 ring-slate-200"
          data-testid="payout-review"
        >
          <div>
            <h2 id="review-title" className="text-lg font-semibold">
              {t("reviewTitle")}
            </h2>
            <p className="text-sm text-slate-600">{t("reviewIntro")}</p>
          </div>
          <dl className="divide-y divide-slate-100">
            <ReviewRow label={t("row.paymentId")} value={review.paymentId} />
            <ReviewRow label={t("row.register")} value={review.register} />
            <ReviewRow label={t("row.method")} value={review.method} />
            <ReviewRow label={t("row.receiver")} value={review.receiver} />
            <ReviewRow label={t("row.cardHolder")} value={review.cardHolder} />
            <ReviewRow label={t("row.amount")} value={formatMoney(review.amountMinor, review.currency, locale)} />
            <ReviewRow label={t("row.description")} value={review.description} />
            <ReviewRow label={t("row.customer")} value={review.customer} />
          </dl>
          {review.needsApproval ? (
            <p role="status" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200">
              {t("needsApproval")}
            </p>
          ) : null}
          {interrupted.notice}
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setReview(null)} disabled={pending || interrupted.checking}>
              {t("edit")}
            </Button>
            <Button onClick={onSend} disabled={pending || interrupted.checking}>
              {pending ? t("sending") : review.needsApproval ? t("submitForApproval") : t("send")}
            </Button>
          </div>
        </section>
      ) : null}
    </>
  );
}
