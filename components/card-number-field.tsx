"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Field } from "@/components/ui/field";
import { maskPan } from "@/lib/highhelp/redact";
import { cardDigits, cardNumberProblem } from "@/lib/payouts/schemas";

/**
 * A card number input that shows the number masked (first six, last four) once the person leaves
 * the field, so it is not left on screen; the digits travel in a hidden input named `name`.
 * Focusing a masked number clears it.
 */
export function CardNumberField({
  label,
  name,
  error,
  hint,
  id,
}: {
  label: string;
  name: string;
  error?: string;
  hint?: string;
  /** Needed when a page shows several of these fields (default `field-<name>`). */
  id?: string;
}) {
  const t = useTranslations("cardNumber");
  const [value, setValue] = useState("");
  const [focused, setFocused] = useState(true);
  const digits = cardDigits(value);
  const masked = !focused && value !== "" && cardNumberProblem(value) === null;
  return (
    <>
      <input type="hidden" name={name} value={digits ?? value} />
      <Field
        label={label}
        name={`${name}Display`}
        id={id ?? `field-${name}`}
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        placeholder="4400 4301 2345 6789"
        value={masked ? maskPan(value) : value}
        onFocus={() => {
          // The full number is never shown again once masked: to change it, type it again.
          if (masked) setValue("");
          setFocused(true);
        }}
        onBlur={() => setFocused(false)}
        onChange={(event) => setValue(event.target.value)}
        error={error}
        hint={hint ?? (masked ? t("masked") : undefined)}
      />
    </>
  );
}
