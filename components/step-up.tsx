"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { createContext, useCallback, useContext, useEffect, useId, useRef, useState } from "react";
import { verifySecondFactorAction } from "@/app/account/verify/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { ActionResult } from "@/lib/server/action";

type Action<T> = (input: unknown) => Promise<ActionResult<T>>;
type Ask = (message: string) => Promise<boolean>;

const StepUpContext = createContext<Ask | null>(null);

/**
 * Step-up: an action the server refuses with `forbidden:step_up` (its session's code is older than
 * STEP_UP_SECONDS) opens a dialog asking for a fresh code; once the code is accepted the action runs
 * again, once. Without a second factor the dialog says where to set one up. Wraps the app's pages.
 */
export function StepUpProvider({ enrolled, children }: { enrolled: boolean; children: React.ReactNode }) {
  const t = useTranslations("secondFactor");
  const [asking, setAsking] = useState<{ message: string; resolve: (ok: boolean) => void } | null>(null);
  const [error, setError] = useState<string | undefined>();
  const [pending, setPending] = useState(false);
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();

  const ask = useCallback<Ask>((message) => new Promise((resolve) => setAsking({ message, resolve })), []);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (asking && !dialog.open) dialog.showModal();
    if (!asking && dialog.open) dialog.close();
  }, [asking]);

  const finish = (ok: boolean) => {
    asking?.resolve(ok);
    setAsking(null);
    setError(undefined);
  };

  const onSubmit = async (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    setPending(true);
    const data = new FormData(form);
    data.set("purpose", "step-up");
    const result = await verifySecondFactorAction(data);
    setPending(false);
    if (!result.ok) {
      setError(result.fieldErrors?.code?.[0] ?? result.message);
      return;
    }
    form.reset();
    finish(true);
  };

  return (
    <StepUpContext.Provider value={ask}>
      {children}
      <dialog
        ref={ref}
        onClose={() => asking && finish(false)}
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-body`}
        className="m-auto w-full max-w-md rounded-xl p-0 shadow-xl backdrop:bg-slate-900/40"
        data-testid="step-up-dialog"
      >
        {asking ? (
          <form onSubmit={onSubmit} className="space-y-3 p-6" noValidate>
            <h2 id={`${id}-title`} className="text-lg font-semibold">
              {t("stepUp.title")}
            </h2>
            <p id={`${id}-body`} className="text-sm text-slate-600">
              {enrolled ? t("stepUp.intro") : asking.message}
            </p>
            {enrolled ? (
              <Field
                id={`${id}-code`}
                label={t("verify.code")}
                name="code"
                inputMode="numeric"
                autoComplete="one-time-code"
                autoFocus
                error={error}
              />
            ) : (
              <Link href="/account/security" className="block text-sm font-medium text-indigo-600 underline">
                {t("stepUp.goEnrol")}
              </Link>
            )}
            <div className="flex justify-end gap-2 pt-2">
              <Button type="button" variant="secondary" onClick={() => finish(false)} disabled={pending}>
                {t("stepUp.cancel")}
              </Button>
              {enrolled ? (
                <Button type="submit" disabled={pending}>
                  {pending ? t("verify.submitting") : t("stepUp.confirm")}
                </Button>
              ) : null}
            </div>
          </form>
        ) : null}
      </dialog>
    </StepUpContext.Provider>
  );
}

/**
 * Wraps an action for step-up: a `forbidden:step_up` answer asks for a fresh code (StepUpProvider)
 * and runs the action again once it is accepted. Outside the provider the refusal comes back as it is.
 */
export function useStepUp(): <T>(action: Action<T>) => Action<T> {
  const ask = useContext(StepUpContext);
  return useCallback(
    <T,>(action: Action<T>): Action<T> =>
      async (input) => {
        const result = await action(input);
        if (result.ok || result.code !== "forbidden:step_up" || !ask) return result;
        return (await ask(result.message)) ? action(input) : result;
      },
    [ask],
  );
}
