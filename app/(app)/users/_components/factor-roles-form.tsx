"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { useServerAction } from "@/components/use-server-action";
import { setFactorRolesAction } from "../actions";

/** Which roles must use a second factor (organisation setting; step-up protected and audited on the server). */
export function FactorRolesForm({ roles, required }: { roles: { value: string; label: string }[]; required: string[] }) {
  const t = useTranslations("secondFactor.users");
  const router = useRouter();
  const { pending, run, error } = useServerAction();
  const onSubmit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    run(setFactorRolesAction, { roles: data.getAll("roles").map(String).join(",") }, (result) => {
      if (result.message) toast.success(result.message);
      router.refresh();
    });
  };
  return (
    <form
      onSubmit={onSubmit}
      className="space-y-3 rounded-lg bg-white p-5 ring-1 ring-slate-200"
      aria-labelledby="factor-roles-title"
      data-testid="factor-roles-form"
    >
      <fieldset className="space-y-2">
        <legend id="factor-roles-title" className="text-base font-semibold">
          {t("rolesTitle")}
        </legend>
        <p className="text-sm text-slate-600">{t("rolesIntro")}</p>
        <div className="flex flex-wrap gap-4">
          {roles.map((role) => (
            <label key={role.value} className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="roles" value={role.value} defaultChecked={required.includes(role.value)} />
              {role.label}
            </label>
          ))}
        </div>
        {error("roles") ? <p className="text-sm text-rose-700">{error("roles")}</p> : null}
      </fieldset>
      <Button type="submit" variant="secondary" disabled={pending}>
        {t("rolesSave")}
      </Button>
    </form>
  );
}
