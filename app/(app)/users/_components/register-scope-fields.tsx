"use client";

import { useTranslations } from "next-intl";
import { useId, useState } from "react";

export type RegisterOption = { id: number; name: string };

/** A form's register fields as the server action reads them: the scope, and the chosen ids joined by commas. */
export function registerScopeInput(form: HTMLFormElement): Record<string, string> {
  const data = new FormData(form);
  const fields = Object.fromEntries([...data].filter(([, value]) => typeof value === "string")) as Record<string, string>;
  return { ...fields, registerIds: data.getAll("registerIds").join(",") };
}

/** "All cash registers", or "Only these" with a checkbox per register. */
export function RegisterScopeFields({
  registers,
  scope = "all",
  chosen = [],
  error,
  disabled,
}: {
  registers: readonly RegisterOption[];
  scope?: "all" | "some";
  chosen?: readonly number[];
  error?: string;
  disabled?: boolean;
}) {
  const [current, setCurrent] = useState(scope);
  const id = useId();
  const t = useTranslations("users.scope");
  return (
    <fieldset className="space-y-2" disabled={disabled} aria-describedby={error ? `${id}-error` : undefined}>
      <legend className="text-sm font-medium text-slate-700">{t("legend")}</legend>
      <div className="flex flex-wrap gap-4 text-sm">
        <label className="flex items-center gap-2">
          <input type="radio" name="registerScope" value="all" checked={current === "all"} onChange={() => setCurrent("all")} />
          {t("all")}
        </label>
        <label className="flex items-center gap-2">
          <input
            type="radio"
            name="registerScope"
            value="some"
            checked={current === "some"}
            onChange={() => setCurrent("some")}
          />
          {t("some")}
        </label>
      </div>
      {current === "some" ? (
        <div className="flex flex-wrap gap-4 pl-6 text-sm">
          {registers.map((register) => (
            <label key={register.id} className="flex items-center gap-2">
              <input
                type="checkbox"
                name="registerIds"
                value={register.id}
                defaultChecked={chosen.includes(register.id)}
                aria-invalid={error ? true : undefined}
              />
              {register.name}
            </label>
          ))}
        </div>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="text-sm text-rose-600">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
