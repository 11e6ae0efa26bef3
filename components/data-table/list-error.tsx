"use client";

import { useRouter } from "next/navigation";
import { startTransition } from "react";
import { Button } from "@/components/ui/button";

/** A list that failed to load says so, never an empty table that would read as "nothing here". */
export function ListError({ title, error, reset }: { title: string; error: Error & { digest?: string }; reset: () => void }) {
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
        <h2 className="text-lg font-semibold text-rose-700">The {title.toLowerCase()} list could not be loaded</h2>
        <p className="text-sm text-slate-600">
          The database did not answer. Nothing was changed; try again. If it keeps failing, give an admin this reference:{" "}
          <code className="font-mono">{error.digest ?? "n/a"}</code>
        </p>
        <Button variant="secondary" onClick={retry}>
          Try again
        </Button>
      </div>
    </div>
  );
}
