"use client";

import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { toast } from "sonner";
import { CardNumberField } from "@/components/card-number-field";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import { useServerAction } from "@/components/use-server-action";
import { CURRENCIES } from "@/lib/money/amounts";
import { PAYOUT_METHODS, receiverKind } from "@/lib/payouts/schemas";
import type { PayoutReview } from "@/lib/payouts/submit-payout";
import type { RegisterChoice } from "@/lib/registers/choices";
import { useRegisterChoice } from "../../../_components/register-field";
import { createNewPayout, reviewNewPayout } from "../actions";

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
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [method, setMethod] = useState<string>(PAYOUT_METHODS[0].value);
  const [currency, setCurrency] = useState<string>(CURRENCIES[0]);
  const [review, setReview] = useState<(PayoutReview & { register: string }) | null>(null);
  const registerChoice = useRegisterChoice(registers, currency);
  const allowed = registerChoice.methodsOf(PAYOUT_METHODS.map((m) => m.value));
  const methodOptions = PAYOUT_METHODS.filter((m) => allowed.includes(m.value)).map(({ value, label }) => ({ value, label }));
  // A method the register does not offer falls back to its first one.
  const shownMethod = methodOptions.some((m) => m.value === method) ? method : (methodOptions[0]?.value ?? "");
  const { pending, run, error } = useServerAction();
  const inFlight = useRef(false);

  const onReview = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    run(reviewNewPayout, new FormData(event.currentTarget), (result) => setReview(result.data));
  };

  const onSend = () => {
    if (inFlight.current || !formRef.current) return; // one send at a time; the server is idempotent anyway
    inFlight.current = true;
    run(
      createNewPayout,
      new FormData(formRef.current),
      (result) => {
        inFlight.current = false;
        const { outcome, applicationId } = result.data;
        if (outcome === "refused") toast.error(result.message ?? "HighHelp refused the payout.");
        else if (outcome === "unknown") toast.warning(result.message ?? "Result unknown.");
        else toast.success(result.message ?? "Payout created.");
        router.push(`/applications/${applicationId}`);
      },
      () => {
        inFlight.current = false;
        setReview(null); // back to the fields, where the messages are
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
            label="Currency"
            name="currency"
            options={currencyOptions}
            value={currency}
            onChange={(e) => setCurrency(e.target.value)}
            error={error("currency")}
          />
          {registerChoice.field(error("register"))}
          <SelectField
            label="Method"
            name="method"
            options={methodOptions.length > 0 ? methodOptions : [{ value: "", label: "No method of this register fits" }]}
            value={shownMethod}
            onChange={(e) => setMethod(e.target.value)}
            error={error("method")}
          />
        </div>
        <div className="grid gap-4 sm:grid-cols-2">
          {kind === "card" ? (
            <CardNumberField label="Receiver card number" name="pan" error={error("pan")} />
          ) : (
            <Field
              label="Receiver phone"
              name="phone"
              type="tel"
              placeholder="+77001234567"
              autoComplete="off"
              error={error("phone")}
              hint="International format, with +"
            />
          )}
          <Field
            label="Card holder (optional)"
            name="cardHolder"
            autoComplete="off"
            placeholder="IVAN IVANOV"
            error={error("cardHolder")}
          />
        </div>
        <Field
          label="Amount"
          name="amount"
          inputMode="decimal"
          placeholder="15000.00"
          autoComplete="off"
          error={error("amount")}
          hint={`In major units, e.g. 15000.50. ${policy[currency] ?? ""}`}
        />
        <Field
          label="Description (optional)"
          name="description"
          maxLength={255}
          placeholder="Refund of order 1234"
          error={error("description")}
        />
        <fieldset className="space-y-3">
          <legend className="text-sm font-medium text-slate-700">Customer (optional)</legend>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="Customer ID" name="customerId" error={error("customerId")} />
            <Field label="Customer email" name="customerEmail" type="email" error={error("customerEmail")} />
            <Field label="First name" name="customerFirstName" error={error("customerFirstName")} />
            <Field label="Last name" name="customerLastName" error={error("customerLastName")} />
            <Field label="Country" name="customerCountry" placeholder="KZ" maxLength={2} error={error("customerCountry")} />
          </div>
        </fieldset>
        <div className="flex justify-end">
          <Button type="submit" disabled={pending}>
            {pending ? "Checking…" : "Review payout"}
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
              Review the payout
            </h2>
            <p className="text-sm text-slate-600">
              This is exactly what will be sent to HighHelp. Check the receiver and the amount.
            </p>
          </div>
          <dl className="divide-y divide-slate-100">
            <ReviewRow label="Payment ID" value={review.paymentId} />
            <ReviewRow label="Cash register" value={review.register} />
            <ReviewRow label="Method" value={review.method} />
            <ReviewRow label="Receiver" value={review.receiver} />
            <ReviewRow label="Card holder" value={review.cardHolder} />
            <ReviewRow label="Amount" value={review.amount} />
            <ReviewRow label="Description" value={review.description} />
            <ReviewRow label="Customer" value={review.customer} />
          </dl>
          {review.needsApproval ? (
            <p role="status" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200">
              Above the approval threshold: the payout is saved now and sent only after another admin approves it.
            </p>
          ) : null}
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setReview(null)} disabled={pending}>
              Edit
            </Button>
            <Button onClick={onSend} disabled={pending}>
              {pending ? "Sending…" : review.needsApproval ? "Submit for approval" : "Send payout"}
            </Button>
          </div>
        </section>
      ) : null}
    </>
  );
}
