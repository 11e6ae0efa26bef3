"use client";

import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("ui.pageError");
  return (
    <div className="max-w-lg space-y-3 rounded-lg bg-white p-6 ring-1 ring-rose-200">
      <h1 className="text-lg font-semibold text-rose-700">{t("title")}</h1>
      <p className="text-sm text-slate-600">
        {t("body")} <code className="font-mono">{error.digest ?? "n/a"}</code>
      </p>
      <Button variant="secondary" onClick={reset}>
        {t("retry")}
      </Button>
    </div>
  );
}
