"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button, type ButtonVariant } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { ActionResult } from "@/lib/server/action";
import { cancelApplication, confirmApplication, refreshApplication } from "../actions";

type Operation = "refresh" | "confirm" | "cancel";

type Asked = Exclude<Operation, "refresh">;

const OPERATIONS: Record<Operation, { variant: ButtonVariant; run: (input: unknown) => Promise<ActionResult<unknown>> }> = {
  refresh: { variant: "secondary", run: refreshApplication },
  confirm: { variant: "primary", run: confirmApplication },
  cancel: { variant: "danger", run: cancelApplication },
};

/** Refresh only reads HighHelp's state: it runs at once. The others tell HighHelp something for good, so they ask first. */
const asks = (op: Operation): op is Asked => op !== "refresh";

/** Refresh / Confirm / Cancel: shown only when the role may act; enabled only where it makes sense. */
export function ApplicationActions({
  applicationId,
  allowed,
}: {
  applicationId: number;
  allowed: Partial<Record<Operation, boolean>>;
}) {
  const router = useRouter();
  const t = useTranslations();
  const [open, setOpen] = useState<Asked | null>(null);
  const [pending, startTransition] = useTransition();
  const visible = (Object.keys(OPERATIONS) as Operation[]).filter((op) => allowed[op] !== undefined);
  if (visible.length === 0) return null;

  const run = (operation: Operation) =>
    startTransition(async () => {
      const result = await OPERATIONS[operation].run({ applicationId });
      setOpen(null);
      if (result.ok) toast.success(result.message ?? t("application.done"));
      else {
        const [message, ...detail] = result.message.split("\n");
        toast.error(message, detail.length ? { description: detail.join("\n"), duration: 15_000 } : undefined);
      }
      router.refresh();
    });

  const current = open
    ? {
        variant: OPERATIONS[open].variant,
        title: t(`application.operations.title.${open}`),
        body: t(`application.operations.body.${open}`),
        confirm: t(`application.operations.confirm.${open}`),
      }
    : null;
  return (
    <div className="flex flex-wrap gap-2">
      {visible.map((op) => (
        <Button
          key={op}
          variant={OPERATIONS[op].variant}
          disabled={!allowed[op] || pending}
          onClick={() => (asks(op) ? setOpen(op) : run(op))}
        >
          {t(`application.operations.label.${op}`)}
        </Button>
      ))}
      <ConfirmDialog
        open={current !== null}
        title={current?.title ?? ""}
        body={current?.body ?? ""}
        confirmLabel={current?.confirm ?? ""}
        variant={current?.variant}
        pending={pending}
        onConfirm={() => open && run(open)}
        onClose={() => !pending && setOpen(null)}
      />
    </div>
  );
}
