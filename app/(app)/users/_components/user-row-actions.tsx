"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/server/action";
import { changeRoleAction, resetPasswordAction, setDisabledAction } from "../actions";
import { OneTimePassword } from "./one-time-password";

/** Role, enable / disable, password reset for one user (the server refuses what would break a rule). */
export function UserRowActions({
  userId,
  email,
  role,
  disabled,
  isSelf,
}: {
  userId: number;
  email: string;
  role: string;
  disabled: boolean;
  isSelf: boolean;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [password, setPassword] = useState<string | null>(null);
  const run = <T,>(
    action: (input: unknown) => Promise<ActionResult<T>>,
    input: Record<string, string>,
    then?: (data: T) => void,
  ) =>
    startTransition(async () => {
      const result = await action({ userId: String(userId), ...input });
      if (!result.ok) toast.error(result.message);
      else {
        toast.success(result.message ?? "Done.");
        then?.(result.data);
      }
      router.refresh();
    });
  return (
    <div className="flex flex-wrap items-center gap-2">
      <label className="sr-only" htmlFor={`role-${userId}`}>
        Role of {email}
      </label>
      <select
        id={`role-${userId}`}
        defaultValue={role}
        disabled={pending}
        onChange={(event) => run(changeRoleAction, { role: event.target.value })}
        className="rounded-md border-0 bg-white py-1 pl-2 pr-7 text-sm ring-1 ring-inset ring-slate-300"
      >
        <option value="viewer">viewer</option>
        <option value="operator">operator</option>
        <option value="admin">admin</option>
      </select>
      {isSelf ? null : (
        <Button variant="secondary" disabled={pending} onClick={() => run(setDisabledAction, { disabled: String(!disabled) })}>
          {disabled ? `Enable ${email}` : `Disable ${email}`}
        </Button>
      )}
      <Button
        variant="secondary"
        disabled={pending}
        onClick={() => run(resetPasswordAction, {}, (data) => setPassword(data.password))}
      >
        Reset password
      </Button>
      {password ? <OneTimePassword email={email} password={password} onDone={() => setPassword(null)} /> : null}
    </div>
  );
}
