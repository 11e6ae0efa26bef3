"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";
import { CardNumberField } from "@/components/card-number-field";
import { Button, type ButtonVariant } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field } from "@/components/ui/field";
import { useServerAction } from "@/components/use-server-action";
import type { ActionResult } from "@/lib/server/action";
import { approvePayoutAction, rejectPayoutAction, resendPayoutAction } from "../actions";

export interface PayoutPanelProps {
  applicationId: number;
  submission: "awaiting_approval" | "absent" | "unknown" | "sending";
  cardPayout: boolean;
  receiverMasked: string | null;
  createdByEmail: string | null;
  /** What the viewing user may do here (the server checks again). */
  mayApprove: boolean;
  isCreator: boolean;
  /** Why this admin may not approve although another admin created it (not independent of the creator), or null. */
  approvalProblem: string | null;
  mayResend: boolean;
  resentAs: { id: number; paymentId: string } | null;
  /** Makes the fields' ids unique when a page shows several panels (the approvals queue). */
  idPrefix?: string;
}

type Question = "approvePayout" | "rejectPayout" | "resendPayout";
const QUESTION_VARIANT: Record<Question, ButtonVariant> = {
  approvePayout: "primary",
  rejectPayout: "danger",
  resendPayout: "danger",
};

/** Approve / reject a payout waiting for a second admin; resend one HighHelp never received. */
export function PayoutPanel(props: PayoutPanelProps) {
  const router = useRouter();
  const t = useTranslations("application.payout");
  const tc = useTranslations("confirm");
  const { pending, run, error } = useServerAction();
  // Each of these sends something that cannot be taken back: the form asks first, the dialog runs it.
  const [asking, setAsking] = useState<{ kind: Question; go: () => void } | null>(null);
  const submit =
    <T,>(kind: Question, action: (input: unknown) => Promise<ActionResult<T>>, then?: (data: T) => void) =>
    (event: React.FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      const input = new FormData(event.currentTarget);
      setAsking({
        kind,
        go: () =>
          run(
            action,
            input,
            (result) => {
              setAsking(null);
              toast.success(result.message ?? t("done"));
              if (then) then(result.data);
              else router.refresh();
            },
            () => setAsking(null),
          ),
      });
    };
  const question: readonly [string, string, string] = asking
    ? (
        {
          approvePayout: [tc("approvePayout.title"), tc("approvePayout.body"), tc("approvePayout.confirm")],
          rejectPayout: [tc("rejectPayout.title"), tc("rejectPayout.body"), tc("rejectPayout.confirm")],
          resendPayout: [tc("resendPayout.title"), tc("resendPayout.body"), tc("resendPayout.confirm")],
        } as const
      )[asking.kind]
    : ["", "", ""];
  const dialog = (
    <ConfirmDialog
      open={asking !== null}
      title={question[0]}
      body={question[1]}
      confirmLabel={question[2]}
      variant={asking ? QUESTION_VARIANT[asking.kind] : undefined}
      pending={pending}
      onConfirm={() => asking?.go()}
      onClose={() => !pending && setAsking(null)}
    />
  );
  const cardHint = props.receiverMasked ? t("cardHint", { card: props.receiverMasked }) : undefined;

  if (props.submission === "unknown" || props.submission === "sending") {
    return (
      <div
        role="status"
        className="rounded-md bg-amber-50 p-4 text-sm text-amber-900 ring-1 ring-amber-200"
        data-testid="payout-panel"
      >
        {t("unknown")}
      </div>
    );
  }

  if (props.submission === "absent") {
    return (
      <section
        className="space-y-3 rounded-md bg-rose-50 p-4 text-sm text-rose-900 ring-1 ring-rose-200"
        data-testid="payout-panel"
      >
        <p>{t("absent")}</p>
        {props.resentAs ? (
          <p>
            {t.rich("resentAs", {
              link: () => (
                <Link className="font-mono text-indigo-700 underline" href={`/applications/${props.resentAs!.id}`}>
                  {props.resentAs!.paymentId}
                </Link>
              ),
            })}
          </p>
        ) : props.mayResend ? (
          <form
            onSubmit={submit("resendPayout", resendPayoutAction, (data) => router.push(`/applications/${data.applicationId}`))}
            className="space-y-3"
            noValidate
          >
            <input type="hidden" name="applicationId" value={props.applicationId} />
            {props.cardPayout ? (
              <CardNumberField label={t("cardNumber")} name="pan" error={error("pan")} hint={cardHint} />
            ) : null}
            <Button type="submit" variant="danger" disabled={pending}>
              {pending ? t("sending") : t("resend")}
            </Button>
          </form>
        ) : null}
        {dialog}
      </section>
    );
  }

  return (
    <section
      className="space-y-4 rounded-md bg-amber-50 p-4 text-sm text-amber-900 ring-1 ring-amber-200"
      data-testid="payout-panel"
    >
      <p>{t("waiting", { email: props.createdByEmail ?? t("unknownCreator") })}</p>
      {props.isCreator ? <p className="font-medium">{t("ownPayout")}</p> : null}
      {props.approvalProblem ? (
        <p className="font-medium" data-testid="approval-refused">
          {props.approvalProblem}
        </p>
      ) : null}
      {props.mayApprove && !props.isCreator && !props.approvalProblem ? (
        <form onSubmit={submit("approvePayout", approvePayoutAction)} className="space-y-3" noValidate>
          <input type="hidden" name="applicationId" value={props.applicationId} />
          {props.cardPayout ? (
            <CardNumberField
              label={t("cardNumber")}
              name="pan"
              error={error("pan")}
              hint={cardHint}
              id={props.idPrefix ? `${props.idPrefix}-pan` : undefined}
            />
          ) : null}
          <Button type="submit" disabled={pending}>
            {pending ? t("sending") : t("approve")}
          </Button>
        </form>
      ) : null}
      {props.mayApprove ? (
        <form
          onSubmit={submit("rejectPayout", rejectPayoutAction)}
          className="space-y-3 border-t border-amber-200 pt-3"
          noValidate
        >
          <input type="hidden" name="applicationId" value={props.applicationId} />
          <Field
            label={t("rejectReason")}
            name="reason"
            maxLength={255}
            error={error("reason")}
            {...(props.idPrefix ? { id: `${props.idPrefix}-reason` } : {})}
          />
          <Button type="submit" variant="secondary" disabled={pending}>
            {t("reject")}
          </Button>
        </form>
      ) : null}
      {dialog}
    </section>
  );
}
