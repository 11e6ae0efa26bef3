"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { SelectField } from "@/components/ui/select-field";
import { defaultRegisterFor, registerServes, type RegisterChoice } from "@/lib/registers/choices";

/**
 * The register of a new application, following its currency: the choices are the active registers
 * serving it, and a change of currency selects the first of them again. The server checks the
 * choice anyway (gatewayForNewApplication).
 */
export function useRegisterChoice(registers: readonly RegisterChoice[], currency: string) {
  const t = useTranslations("registerChoice");
  const [chosen, setChosen] = useState<{ currency: string; projectId: string } | null>(null);
  const serving = registers.filter((r) => r.status === "active" && registerServes(r, currency));
  const projectId =
    chosen !== null && chosen.currency === currency && serving.some((r) => r.projectId === chosen.projectId)
      ? chosen.projectId
      : (defaultRegisterFor(registers, currency)?.projectId ?? "");
  const register = serving.find((r) => r.projectId === projectId) ?? null;
  return {
    register,
    /** A method list narrowed to what the register is set up for (its `methods`; empty: all). */
    methodsOf: <T extends string>(all: readonly T[]): T[] =>
      register === null || register.methods.length === 0 ? [...all] : all.filter((m) => register.methods.includes(m)),
    field: (error?: string) => (
      <SelectField
        label={t("label")}
        name="register"
        value={projectId}
        onChange={(event) => setChosen({ currency, projectId: event.target.value })}
        options={
          serving.length === 0
            ? [{ value: "", label: t("noneActive", { currency }) }]
            : serving.map((r) => ({ value: r.projectId, label: r.name }))
        }
        error={error}
      />
    ),
  };
}
