import type { ComponentProps } from "react";

import { FieldFrame, controlAttributes, controlRing } from "./field-frame";

/** A labelled textarea with its error message (or hint) underneath, like Field. */
export function TextareaField({
  label,
  name,
  error,
  hint,
  ...props
}: ComponentProps<"textarea"> & { label: string; name: string; error?: string; hint?: string }) {
  const frame = { id: props.id ?? `field-${name}`, label, error, hint };
  return (
    <FieldFrame {...frame}>
      <textarea
        name={name}
        {...controlAttributes(frame)}
        className={`block w-full rounded-md border-0 px-3 py-2 font-mono text-xs placeholder:text-slate-400 ${controlRing(error)}`}
        {...props}
      />
    </FieldFrame>
  );
}
