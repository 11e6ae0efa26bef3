import type { ReactNode } from "react";

export interface FieldFrameProps {
  id: string;
  label: string;
  error?: string;
  hint?: string;
}

/** The id, error state and description every control in a FieldFrame carries. */
export function controlAttributes({ id, error, hint }: FieldFrameProps) {
  return {
    id,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": error ? `${id}-error` : hint ? `${id}-hint` : undefined,
  } as const;
}

/** The ring of a control: red when it holds a mistake. */
export function controlRing(error: string | undefined): string {
  return `shadow-sm ring-1 ring-inset focus:ring-2 focus:ring-inset focus:ring-indigo-600 ${error ? "ring-rose-400" : "ring-slate-300"}`;
}

/** The label above a form control and its error (or hint) underneath: errors stand next to their field. */
export function FieldFrame({ id, label, error, hint, children }: FieldFrameProps & { children: ReactNode }) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      {children}
      {error ? (
        <p id={`${id}-error`} className="text-sm text-rose-600">
          {error}
        </p>
      ) : hint ? (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
