"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useRef, useState } from "react";
import type { ActionResult } from "@/lib/server/action";

type Check = (input: unknown) => Promise<ActionResult<{ applicationId: number | null }>>;
type State =
  { kind: "idle" } | { kind: "checking" } | { kind: "found"; id: number } | { kind: "absent" } | { kind: "unreachable" };

/** How often the form asks whether its application exists before it says what it knows. */
const CHECKS = 5;
const CHECK_PAUSE_MS = 2_000;

/**
 * A create form's answer to a submit that got no answer (the instance died, the network dropped): never "nothing
 * was changed". It says the outcome is being checked, keeps the form as typed, asks the server (any instance)
 * whether the form's application exists, and opens it when it does. The form's token makes a second submit safe:
 * it never creates a second application.
 */
export function useInterruptedSubmit(check: Check, token: string) {
  const t = useTranslations("interruptedSubmit");
  const router = useRouter();
  const [state, setState] = useState<State>({ kind: "idle" });
  const running = useRef(false);

  const begin = async () => {
    if (running.current) return;
    running.current = true;
    setState({ kind: "checking" });
    let answered = false;
    try {
      for (let attempt = 0; attempt < CHECKS; attempt++) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, CHECK_PAUSE_MS));
        try {
          const result = await check({ token });
          if (!result.ok) continue;
          answered = true;
          if (result.data.applicationId !== null) {
            setState({ kind: "found", id: result.data.applicationId });
            router.push(`/applications/${result.data.applicationId}`);
            return;
          }
        } catch {
          // No answer again: the next check may reach another instance.
        }
      }
      setState({ kind: answered ? "absent" : "unreachable" });
    } finally {
      running.current = false;
    }
  };

  const notice =
    state.kind === "idle" ? null : (
      <div role="status" aria-live="polite" className="rounded-md bg-amber-50 p-4 text-sm text-amber-900 ring-1 ring-amber-200">
        {state.kind === "checking" && <p>{t("checking")}</p>}
        {state.kind === "found" && (
          <p>
            {t("found")}{" "}
            <Link className="font-medium underline" href={`/applications/${state.id}`}>
              {t("open")}
            </Link>
          </p>
        )}
        {state.kind === "absent" && <p>{t("absent")}</p>}
        {state.kind === "unreachable" && <p>{t("unreachable")}</p>}
      </div>
    );
  return { begin, notice, checking: state.kind === "checking" || state.kind === "found" };
}
