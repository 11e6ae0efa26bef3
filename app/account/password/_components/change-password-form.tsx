"use client";

import { useState, useTransition } from "react";
import { toast } from "sonner";
import { signOutAction } from "@/app/(app)/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { changePasswordAction } from "../actions";

export function ChangePasswordForm({ email }: { email: string }) {
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [pending, startTransition] = useTransition();
  const onSubmit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(async () => {
      const result = await changePasswordAction(data);
      if (!result.ok) {
        setErrors(result.fieldErrors ?? {});
        toast.error(result.message);
        return;
      }
      toast.success(result.message ?? "Password changed.");
      await signOutAction();
    });
  };
  const error = (name: string) => errors[name]?.[0];
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <input type="hidden" name="username" autoComplete="username" value={email} />
      <Field label="Current password" name="current" type="password" autoComplete="current-password" error={error("current")} />
      <Field label="New password" name="password" type="password" autoComplete="new-password" error={error("password")} />
      <Field label="New password again" name="confirm" type="password" autoComplete="new-password" error={error("confirm")} />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Changing…" : "Change password"}
      </Button>
    </form>
  );
}
