"use client";

import { useTranslations } from "next-intl";
import { toast } from "sonner";
import { signOutAction } from "@/app/(app)/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { useServerAction } from "@/components/use-server-action";
import { changePasswordAction } from "../actions";

export function ChangePasswordForm({ email }: { email: string }) {
  const { pending, run, error } = useServerAction();
  const t = useTranslations("password");
  const onSubmit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    run(changePasswordAction, new FormData(event.currentTarget), async (result) => {
      toast.success(result.message ?? t("changed"));
      await signOutAction();
    });
  };
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <input type="hidden" name="username" autoComplete="username" value={email} />
      <Field label={t("current")} name="current" type="password" autoComplete="current-password" error={error("current")} />
      <Field label={t("new")} name="password" type="password" autoComplete="new-password" error={error("password")} />
      <Field label={t("confirm")} name="confirm" type="password" autoComplete="new-password" error={error("confirm")} />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? t("pending") : t("submit")}
      </Button>
    </form>
  );
}
