import type { InputHTMLAttributes } from "react";

import { FieldFrame, controlAttributes, controlRing } from "./field-frame";

/** A labelled input with its error message underneath (house style: errors next to the field). */
export function Field({
  label,
  name,
  error,
  hint,
  ...props
}: InputHTMLAttributes<HTMLInputElement> & { label: string; name: string; error?: string; hint?: string }) {
  const frame = { id: props.id ?? `field-${name}`, label, error, hint };
  return (
    <FieldFrame {...frame}>
      <input
        name={name}
        {...controlAttributes(frame)}
        className={`block w-full rounded-md border-0 px-3 py-2 text-sm placeholder:text-slate-400 ${controlRing(error)}`}
        {...props}
      />
    </FieldFrame>
  );
}
