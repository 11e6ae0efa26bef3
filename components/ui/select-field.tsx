import type { SelectHTMLAttributes } from "react";

import { FieldFrame, controlAttributes, controlRing } from "./field-frame";

/** A labelled select with its error message underneath. */
export function SelectField({
  label,
  name,
  error,
  hint,
  options,
  ...props
}: SelectHTMLAttributes<HTMLSelectElement> & {
  label: string;
  name: string;
  error?: string;
  hint?: string;
  options: readonly { value: string; label: string }[];
}) {
  const frame = { id: props.id ?? `field-${name}`, label, error, hint };
  return (
    <FieldFrame {...frame}>
      <select
        name={name}
        {...controlAttributes(frame)}
        className={`block w-full rounded-md border-0 bg-white px-3 py-2 text-sm ${controlRing(error)}`}
        {...props}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}
