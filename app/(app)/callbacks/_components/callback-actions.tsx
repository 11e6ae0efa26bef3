"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { useStepUp } from "@/components/step-up";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { ActionResult } from "@/lib/server/action";
import { reapplyDeliveryAction, reconcileApplicationAction } from "../actions";

type Kind = "reapply" | "reconcile";

/** Re-apply (a stored verified delivery) and force reconcile (its application), each behind a confirmation. */
export function CallbackActions({ deliveryId, applicationId }: { deliveryId?: number; applicationId?: number }) {
  const t = useTranslations("callbackLog.actions");
  const router = useRouter();
  const stepUp = useStepUp();
  const [open, setOpen] = useState<Kind | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const run = (kind: Kind) =>
    startTransition(async () => {
      const outcome: ActionResult<unknown> =
        kind === "reapply"
          ? await stepUp(reapplyDeliveryAction)({ deliveryId })
          : await stepUp(reconcileApplicationAction)({ applicationId });
      setOpen(null);
      if (outcome.ok) {
        setResult(outcome.message ?? t("done"));
        toast.success(outcome.message ?? t("done"));
      } else {
        setResult(null);
        toast.error(outcome.message);
      }
      router.refresh();
    });

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2">
        {deliveryId !== undefined ? (
          <Button variant="secondary" disabled={pending} onClick={() => setOpen("reapply")}>
            {t("reapply")}
          </Button>
        ) : null}
        {applicationId !== undefined ? (
          <Button variant="secondary" disabled={pending} onClick={() => setOpen("reconcile")}>
            {t("reconcile")}
          </Button>
        ) : null}
      </div>
      <p role="status" className="text-sm text-slate-700" data-testid="callback-action-result">
        {result}
      </p>
      <ConfirmDialog
        open={open !== null}
        title={open === "reapply" ? t("reapplyTitle") : open === "reconcile" ? t("reconcileTitle") : ""}
        body={open === "reapply" ? t("reapplyBody") : open === "reconcile" ? t("reconcileBody") : ""}
        confirmLabel={open === "reapply" ? t("reapply") : open === "reconcile" ? t("reconcile") : ""}
        pending={pending}
        onConfirm={() => open && run(open)}
        onClose={() => !pending && setOpen(null)}
      />
    </div>
  );
}
