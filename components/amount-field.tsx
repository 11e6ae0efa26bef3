"use client";

import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { Field } from "@/components/ui/field";
import { amountProblem } from "@/lib/applications/schemas";
import { parseAmountInput } from "@/lib/money/amounts";
import { formatMoney } from "@/lib/money/locale";
import { useMessageText } from "./use-message-text";

/**
 * The amount of a payin or payout form, in major units. Once the person leaves the field it says how
 * the amount reads (`1 500,50` → "1 500,50 ₸") or what is wrong with it, by the same rules as the
 * server (lib/applications/schemas amountProblem); the server's message, when there is one, wins.
 */
export function AmountField({
  label,
  name,
  currency,
  error,
  hint,
  placeholder,
}: {
  label: string;
  name: string;
  currency: string;
  error?: string;
  hint?: string;
  placeholder?: string;
}) {
  const t = useTranslations("amount");
  const locale = useLocale();
  const messageText = useMessageText();
  const [value, setValue] = useState("");
  const [left, setLeft] = useState(false);
  const [shownError, setShownError] = useState(error);
  // A new message from the server replaces the one read here (React's "adjust state on prop change").
  const [serverError, setServerError] = useState(error);
  if (error !== serverError) {
    setServerError(error);
    setShownError(error);
  }
  const problem = left && value.trim() !== "" ? amountProblem(value, currency) : null;
  const parsed = left && problem === null && value.trim() !== "" ? parseAmountInput(value, currency) : null;
  const reading = parsed?.ok ? t("reads", { amount: formatMoney(parsed.minor, currency, locale) }) : null;
  return (
    <Field
      label={label}
      name={name}
      inputMode="decimal"
      autoComplete="off"
      placeholder={placeholder}
      value={value}
      onChange={(event) => {
        setValue(event.target.value);
        setLeft(false);
        setShownError(undefined);
      }}
      onBlur={(event) => {
        // Left for its form's submit button: the server answers by the same rules, while a message (or reading)
        // shown now would move the button from under the pointer before the click lands, and the click is lost.
        const next = event.relatedTarget;
        if (next instanceof HTMLButtonElement && next.type === "submit" && next.form === event.currentTarget.form) return;
        setLeft(true);
      }}
      error={shownError ?? (problem ? messageText(problem) : undefined)}
      hint={[reading, hint].filter(Boolean).join(" ") || undefined}
    />
  );
}
