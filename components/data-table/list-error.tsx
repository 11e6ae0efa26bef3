"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { startTransition } from "react";
import { Button } from "@/components/ui/button";

/** A list that failed to load says so, never an empty table that would read as "nothing here". */
export function ListError({
  title,
  heading,
  error,
  reset,
}: {
  title: string;
  /** What failed, e.g. "The payins list could not be loaded". */
  heading: string;
  error: Error & { digest?: string };
  reset: () => void;
}) {
  const t = useTranslations("dataTable");
  const router = useRouter();
  // The failure happened on the server: fetch the page again, then clear the boundary.
  const retry = () =>
    startTransition(() => {
      router.refresh();
      reset();
    });
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">{title}</h1>
      <div role="alert" className="max-w-xl space-y-3 rounded-lg bg-white p-6 ring-1 ring-rose-200" data-testid="list-error">
        <h2 className="text-lg font-semibold text-rose-700">{heading}</h2>
        <p className="text-sm text-slate-600">
          {t("errorBody")} <code className="font-mono">{error.digest ?? "n/a"}</code>
        </p>
        <Button variant="secondary" onClick={retry}>
          {t("retry")}
        </Button>
      </div>
    </div>
  );
}
