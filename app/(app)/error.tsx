"use client";

import { Button } from "@/components/ui/button";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="max-w-lg space-y-3 rounded-lg bg-white p-6 ring-1 ring-rose-200">
      <h1 className="text-lg font-semibold text-rose-700">This page could not be loaded</h1>
      <p className="text-sm text-slate-600">
        Nothing was changed. Try again; if it keeps failing, give an admin this reference:{" "}
        <code className="font-mono">{error.digest ?? "n/a"}</code>
      </p>
      <Button variant="secondary" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}
