"use client";

import { Button } from "@/components/ui/button";

/** Shown once: the password is not stored in clear anywhere, so it cannot be shown again. */
export function OneTimePassword({ email, password, onDone }: { email: string; password: string; onDone: () => void }) {
  return (
    <div role="status" className="space-y-2 rounded-md bg-emerald-50 p-4 text-sm text-emerald-900 ring-1 ring-emerald-200">
      <p>
        One-time password for <strong>{email}</strong>. Hand it over privately; it is shown only now, and the user must replace it
        at first sign-in.
      </p>
      <p className="font-mono text-base" data-testid="one-time-password">
        {password}
      </p>
      <Button variant="secondary" onClick={onDone}>
        Done
      </Button>
    </div>
  );
}
