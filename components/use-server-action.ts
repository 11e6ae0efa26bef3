"use client";

import { useEffect, useState, useTransition } from "react";
import { toast } from "sonner";
import type { ActionResult } from "@/lib/server/action";
import { useStepUp } from "./step-up";

type Action<T> = (input: unknown) => Promise<ActionResult<T>>;

/**
 * The one way forms call server actions: pending state, the field errors of the last failure
 * (shown next to their fields, with focus on the first of them), else a toast with the failure's
 * message, and `onSuccess` otherwise. One message per failure: when a field shows it, no toast repeats it. `onInterrupted` when no answer came. An action asking for a fresh second-factor code gets it first (step-up).
 */
export function useServerAction() {
  const stepUp = useStepUp();
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [failure, setFailure] = useState<{ message: string } | null>(null);
  const [pending, startTransition] = useTransition();
  // Once the messages are rendered, the first field marked invalid (in page order) takes the focus; a
  // failure no field shows (no field errors, or errors of fields this form does not have) is a toast.
  useEffect(() => {
    if (!failure) return;
    const invalid = Object.keys(errors).length > 0 ? document.querySelector<HTMLElement>('[aria-invalid="true"]') : null;
    if (invalid) invalid.focus();
    else toast.error(failure.message);
  }, [errors, failure]);
  const run = <T>(
    action: Action<T>,
    input: unknown,
    onSuccess: (result: { data: T; message?: string }) => void | Promise<void>,
    onFailure?: () => void,
    /** The call itself failed (no answer: the server died, the network dropped): what it did is unknown. Without it the error boundary shows. */
    onInterrupted?: () => void,
  ) =>
    startTransition(async () => {
      let result: ActionResult<T>;
      try {
        result = await stepUp(action)(input);
      } catch (error) {
        if (!onInterrupted) throw error;
        onInterrupted();
        return;
      }
      if (!result.ok) {
        setErrors(result.fieldErrors ?? {});
        setFailure({ message: result.message });
        onFailure?.();
        return;
      }
      setErrors({});
      setFailure(null);
      await onSuccess(result);
    });
  // A list field's messages come back at `name.<index>`: they show next to the list's one input.
  const error = (name: string): string | undefined =>
    errors[name]?.[0] ?? Object.entries(errors).find(([key]) => key.startsWith(`${name}.`))?.[1][0];
  return { pending, run, error };
}
