"use client";

import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";

/** Shown once: the password is not stored in clear anywhere, so it cannot be shown again. */
export function OneTimePassword({ email, password, onDone }: { email: string; password: string; onDone: () => void }) {
  const t = useTranslations("users.oneTime");
  return (
    <div role="status" className="space-y-2 rounded-md bg-emerald-50 p-4 text-sm text-emerald-900 ring-1 ring-emerald-200">
      <p>{t.rich("text", { email, strong: (chunks) => <strong>{chunks}</strong> })}</p>
      <p className="font-mono text-base" data-testid="one-time-password">
        {password}
      </p>
      <Button variant="secondary" onClick={onDone}>
        {t("done")}
      </Button>
    </div>
  );
}
