"use client";

import { toast } from "sonner";
import { signOutAction } from "@/app/(app)/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { useServerAction } from "@/components/use-server-action";
import { changePasswordAction } from "../actions";

export function ChangePasswordForm({ email }: { email: string }) {
  const { pending, run, error } = useServerAction();
  const onSubmit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    run(changePasswordAction, new FormData(event.currentTarget), async (result) => {
      toast.success(result.message ?? "Password changed.");
      await signOutAction();
    });
  };
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
