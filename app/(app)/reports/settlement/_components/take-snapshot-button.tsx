"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { takeSnapshotAction } from "../actions";

/** "Take snapshot now": records the register's balance at once, then shows the page again with the new interval. */
export function TakeSnapshotButton({ registerId }: { registerId: number }) {
  const t = useTranslations("settlement.snapshot");
  const router = useRouter();
  const [result, setResult] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const run = () =>
    startTransition(async () => {
      const outcome = await takeSnapshotAction({ registerId });
      // One message, beside the button: no toast repeating it.
      setResult(outcome.message ?? null);
      router.refresh();
    });
  return (
    <div className="flex flex-col items-end gap-1">
      <Button variant="secondary" disabled={pending} onClick={run} data-testid="take-snapshot">
        {pending ? t("taking") : t("button")}
      </Button>
      <p role="status" className="text-xs text-slate-600" data-testid="snapshot-result">
        {result}
      </p>
    </div>
  );
}
