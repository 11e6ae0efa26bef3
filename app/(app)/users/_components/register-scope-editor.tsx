"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { useServerAction } from "@/components/use-server-action";
import { setRegisterScopeAction } from "../actions";
import { RegisterScopeFields, registerScopeInput, type RegisterOption } from "./register-scope-fields";

/** Changes which cash registers a (non-admin) user sees and acts on. */
export function RegisterScopeEditor({
  userId,
  email,
  registers,
  scope,
  chosen,
}: {
  userId: number;
  email: string;
  registers: readonly RegisterOption[];
  scope: "all" | "some";
  chosen: readonly number[];
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const { pending, run, error } = useServerAction();
  const t = useTranslations("users.scope");
  if (!open) {
    return (
      <Button variant="secondary" className="mt-1" aria-label={t("openAria", { email })} onClick={() => setOpen(true)}>
        {t("open")}
      </Button>
    );
  }
  const onSubmit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    run(setRegisterScopeAction, { ...registerScopeInput(event.currentTarget), userId: String(userId) }, (result) => {
      toast.success(result.message ?? t("saved"));
      setOpen(false);
      router.refresh();
    });
  };
  return (
    <form
      onSubmit={onSubmit}
      aria-label={t("formLabel", { email })}
      className="space-y-2 rounded-md bg-slate-50 p-3 ring-1 ring-slate-200"
      noValidate
    >
      <RegisterScopeFields registers={registers} scope={scope} chosen={chosen} error={error("registerIds")} />
      <div className="flex gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? t("saving") : t("save")}
        </Button>
        <Button variant="secondary" disabled={pending} onClick={() => setOpen(false)}>
          {t("close")}
        </Button>
      </div>
    </form>
  );
}
