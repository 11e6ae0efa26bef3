"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { SelectField } from "@/components/ui/select-field";
import { useServerAction } from "@/components/use-server-action";
import { savePreferencesAction } from "../actions";

type Option = { value: string; label: string };

export function PreferencesForm(props: { locale: string; timeZone: string; languageOptions: Option[]; zoneOptions: Option[] }) {
  const t = useTranslations("preferences");
  const router = useRouter();
  const { pending, run, error } = useServerAction();
  const onSubmit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    run(savePreferencesAction, new FormData(event.currentTarget), (result) => {
      toast.success(result.message);
      router.refresh();
    });
  };
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate data-testid="preferences-form">
      <SelectField
        label={t("language")}
        name="locale"
        defaultValue={props.locale}
        options={props.languageOptions}
        error={error("locale")}
      />
      <SelectField
        label={t("timeZone")}
        name="timeZone"
        defaultValue={props.timeZone}
        options={props.zoneOptions}
        error={error("timeZone")}
      />
      <Button type="submit" disabled={pending}>
        {pending ? t("saving") : t("save")}
      </Button>
    </form>
  );
}
