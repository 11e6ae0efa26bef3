/**
 * The automatic lifecycles of the documented flows as pure functions of an application's state: which status
 * comes next without anyone acting, and when. Merchant and payer actions (confirm, cancel, the
 * payment page) and /force are applied by the engine; this file only answers "what happens by
 * itself from here".
 *
 *   P2P pay-in (H2H and widget): requisites → awaiting_confirm → (confirm) paid → outcome
 *                                awaiting_confirm → (lifetime over) dispute:no_payment → decline
 *   Card pay-in (widget):        new → requisites → awaiting_confirm → (payer) paid → outcome
 *   P2P payout:                  new → requisites → payout_process → outcome
 */
import { CONFIRM_TIMEOUT_DESCRIPTION, NO_PAYMENT_DESCRIPTION, OUTCOME_RULES, type Outcome } from "./outcomes";
import type { SandboxApplication } from "./state";

export interface Target {
  status: string;
  sub_status: string | null;
  status_description: string | null;
  /** A new current amount (old_amount takes the amount before). */
  amount?: number;
}

export interface PlannedStep {
  /** Epoch ms. */
  at: number;
  to: Target;
}

/** How each dispute ends when nothing else says so (forced disputes included). */
const DISPUTE_RESOLUTION: Readonly<Record<string, Target>> = {
  no_payment: { status: "decline", sub_status: null, status_description: NO_PAYMENT_DESCRIPTION },
  different_amount: { status: "success", sub_status: null, status_description: null },
  confirm_timeout: { status: "decline", sub_status: null, status_description: CONFIRM_TIMEOUT_DESCRIPTION },
  incorrect_requisites: { status: "decline", sub_status: null, status_description: "Incorrect requisites" },
  payout_failed: { status: "success", sub_status: null, status_description: null },
  payout_timeout: { status: "decline", sub_status: null, status_description: "Payout timeout" },
};

export function outcomeOf(app: SandboxApplication): Outcome {
  const rule = OUTCOME_RULES.find((r) => r.digits === app.rule) ?? OUTCOME_RULES[0]!;
  return app.type === "payin" ? rule.payin : rule.payout;
}

export function isFinal(app: SandboxApplication): boolean {
  return app.status === "success" || app.status === "decline";
}

function at(status: string, sub_status: string | null, status_description: string | null = null): Target {
  return { status, sub_status, status_description };
}

/** The result once the money stage is over (after `paid` or `payout_process`). */
function afterMoneyStage(app: SandboxApplication, outcome: Outcome): Target | null {
  switch (outcome.kind) {
    case "manual":
      return null;
    case "decline":
      return at("decline", null, outcome.description);
    case "dispute": {
      const target = at("dispute", outcome.subStatus);
      if (outcome.amountPercent !== undefined) {
        target.amount = Math.max(1, Math.floor((app.amount * outcome.amountPercent) / 100));
      }
      return target;
    }
    default:
      return at("success", null);
  }
}

/** The next status nobody has to act for, or null when the application waits (or is done). */
export function nextTarget(app: SandboxApplication): Target | null {
  if (isFinal(app) || app.status === "error") return null;
  const outcome = outcomeOf(app);

  if (app.status === "dispute") {
    if (outcome.kind === "dispute" && outcome.subStatus === app.sub_status) {
      return at(outcome.then, null, outcome.thenDescription);
    }
    return DISPUTE_RESOLUTION[app.sub_status ?? ""] ?? null;
  }
  if (app.status !== "processing") return null;

  switch (app.sub_status) {
    case "new":
      if (outcome.kind === "error") return at("error", null, outcome.description);
      return at("processing", "requisites");
    case "requisites":
      if (outcome.kind === "error") return at("error", null, outcome.description);
      return at("processing", app.type === "payout" ? "payout_process" : "awaiting_confirm");
    case "awaiting_confirm":
      if (outcome.kind === "manual") return null;
      return at("dispute", "no_payment");
    case "paid":
    case "payout_process":
      return afterMoneyStage(app, outcome);
    default:
      // Forced sub-statuses the sandbox has no flow for (awaiting_3ds_result, …) wait for /force.
      return null;
  }
}

/** When the next automatic step happens: one step later, or at the end of the lifetime for a waiting payer. */
export function plannedStep(app: SandboxApplication, stepMs: number, now: number): PlannedStep | null {
  const to = nextTarget(app);
  if (to === null) return null;
  const waitingForPayer = app.status === "processing" && app.sub_status === "awaiting_confirm";
  if (waitingForPayer && outcomeOf(app).kind !== "no_payment" && app.valid_until !== null) {
    return { at: Math.max(now, app.valid_until * 1000), to };
  }
  return { at: now + stepMs, to };
}
