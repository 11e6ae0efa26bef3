"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import { useServerAction } from "@/components/use-server-action";
import { createRegisterAction } from "../actions";
import { KeyInput } from "./key-input";

export function AddRegisterForm({ defaultApiUrl }: { defaultApiUrl: string }) {
  const t = useTranslations("registers");
  const requestAlgorithms = [
    { value: "rsa", label: t("algorithm.requestRsa") },
    { value: "hmac", label: t("algorithm.hmac") },
  ];
  const alertAlgorithms = [
    { value: "rsa", label: t("algorithm.alertRsa") },
    { value: "hmac", label: t("algorithm.hmac") },
  ];
  const router = useRouter();
  const { pending, run, error } = useServerAction();
  const onSubmit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    run(createRegisterAction, new FormData(form), (result) => {
      form.reset();
      toast.success(result.message ?? t("add.added"));
      router.refresh();
    });
  };
  return (
    <section aria-labelledby="add-register-title" className="space-y-4 rounded-lg bg-white p-5 ring-1 ring-slate-200">
      <div>
        <h2 id="add-register-title" className="text-base font-semibold">
          {t("add.title")}
        </h2>
        <p className="text-sm text-slate-600">{t("add.intro")}</p>
      </div>
      <form onSubmit={onSubmit} className="grid items-start gap-4 md:grid-cols-2" noValidate data-testid="add-register-form">
        <Field
          label={t("add.name")}
          name="name"
          autoComplete="off"
          placeholder={t("add.namePlaceholder")}
          error={error("name")}
        />
        <Field label={t("add.projectId")} name="projectId" autoComplete="off" spellCheck={false} error={error("projectId")} />
        <Field
          label={t("add.apiUrl")}
          name="apiUrl"
          type="url"
          defaultValue={defaultApiUrl}
          autoComplete="off"
          error={error("apiUrl")}
        />
        <Field
          label={t("add.signatureProfile")}
          name="signatureProfile"
          autoComplete="off"
          spellCheck={false}
          hint={t("add.signatureProfileHint")}
          error={error("signatureProfile")}
        />
        <div className="space-y-3">
          <SelectField
            label={t("add.requestSigning")}
            name="requestAlgorithm"
            id="field-requestAlgorithm"
            options={requestAlgorithms}
            error={error("requestAlgorithm")}
          />
          <KeyInput
            id="field-requestKey"
            name="requestKey"
            label={t("add.requestKey")}
            hint={t("add.requestKeyHint")}
            error={error("requestKey")}
          />
        </div>
        <div className="space-y-3">
          <SelectField
            label={t("add.alertVerification")}
            name="alertAlgorithm"
            id="field-alertAlgorithm"
            options={alertAlgorithms}
            error={error("alertAlgorithm")}
          />
          <KeyInput
            id="field-alertKey"
            name="alertKey"
            label={t("add.alertKey")}
            hint={t("add.alertKeyHint")}
            error={error("alertKey")}
          />
        </div>
        <Field
          label={t("add.currencies")}
          name="currencies"
          autoComplete="off"
          placeholder={t("add.currenciesPlaceholder")}
          hint={t("add.currenciesHint")}
          error={error("currencies")}
        />
        <Field
          label={t("add.methods")}
          name="methods"
          autoComplete="off"
          placeholder={t("add.methodsPlaceholder")}
          hint={t("add.methodsHint")}
          error={error("methods")}
        />
        <div className="md:col-span-2">
          <Button type="submit" disabled={pending}>
            {pending ? t("add.submitting") : t("add.submit")}
          </Button>
        </div>
      </form>
    </section>
  );
}
