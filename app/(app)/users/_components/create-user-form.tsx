"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import { useServerAction } from "@/components/use-server-action";
import { createUserAction } from "../actions";
import { OneTimePassword } from "./one-time-password";
import { RegisterScopeFields, registerScopeInput, type RegisterOption } from "./register-scope-fields";

export function CreateUserForm({ registers }: { registers: readonly RegisterOption[] }) {
  const router = useRouter();
  const [created, setCreated] = useState<{ email: string; password: string } | null>(null);
  const { pending, run, error } = useServerAction();
  const t = useTranslations("users.create");
  const roleOptions = [
    { value: "viewer", label: t("viewer") },
    { value: "operator", label: t("operator") },
    { value: "admin", label: t("admin") },
  ];
  const onSubmit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    run(createUserAction, registerScopeInput(form), (result) => {
      form.reset();
      setCreated(result.data);
      toast.success(result.message ?? t("created"));
      router.refresh();
    });
  };
  return (
    <section aria-labelledby="new-user-title" className="space-y-4 rounded-lg bg-white p-5 ring-1 ring-slate-200">
      <h2 id="new-user-title" className="text-base font-semibold">
        {t("title")}
      </h2>
      <form onSubmit={onSubmit} className="grid items-start gap-4 sm:grid-cols-4" noValidate>
        <Field label={t("email")} name="email" type="email" autoComplete="off" error={error("email")} />
        <Field label={t("name")} name="name" autoComplete="off" error={error("name")} />
        <SelectField label={t("role")} name="role" options={roleOptions} error={error("role")} />
        <div className="pt-6">
          <Button type="submit" disabled={pending}>
            {pending ? t("pending") : t("submit")}
          </Button>
        </div>
        <div className="sm:col-span-4">
          <RegisterScopeFields registers={registers} error={error("registerIds")} />
          <p className="mt-1 text-xs text-slate-500">{t("adminsSeeAll")}</p>
        </div>
      </form>
      {created ? <OneTimePassword email={created.email} password={created.password} onDone={() => setCreated(null)} /> : null}
    </section>
  );
}
