/**
 * How the sandbox decides an application's fate: by the last two digits of the amount as created
 * (`payment.amount` in minor units), like the test card numbers of card networks. This table is
 * the only place the rule lives; the lifecycle, the overview page and the README read it.
 */

export type OutcomeApplicationType = "payin" | "payout";

export type Outcome =
  /** After `paid` (pay-ins) or `payout_process` (payouts). */
  | { kind: "success" }
  | { kind: "decline"; description: string }
  /** A dispute, resolved one step later; `amountPercent` changes the amount on entering it. */
  | {
      kind: "dispute";
      subStatus: "different_amount" | "confirm_timeout" | "incorrect_requisites" | "payout_failed" | "payout_timeout";
      then: "success" | "decline";
      thenDescription: string | null;
      amountPercent?: number;
    }
  /** One step after create; `error` is not final (docs/highhelp-decisions.md#status-model), so it stays there. */
  | { kind: "error"; description: string }
  /** No automatic step once the payer / payout stage is reached: only /force moves it. */
  | { kind: "manual" }
  /** Pay-ins: the lifetime runs out one step after the requisites are issued. */
  | { kind: "no_payment" }
  /** The create itself answers `decline` (creation-time checks). */
  | { kind: "decline_at_create"; description: string };

export interface OutcomeRule {
  /** The last two digits of the amount this rule covers, e.g. "00-89" or "91". */
  digits: string;
  payin: Outcome;
  payout: Outcome;
  /** One line for people (overview page, README). */
  summary: string;
}

export const ANTI_FRAUD = "Declined by anti-fraud";
export const NO_PAYMENT_DESCRIPTION = "Payment not received within the lifetime";
export const CONFIRM_TIMEOUT_DESCRIPTION = "Confirmation timeout expired";
export const ERROR_DESCRIPTION = "Processing error (sandbox rule 94)";

const success: Outcome = { kind: "success" };

export const OUTCOME_RULES: readonly OutcomeRule[] = [
  { digits: "00-89", payin: success, payout: success, summary: "success" },
  {
    digits: "90",
    payin: { kind: "no_payment" },
    payout: success,
    summary:
      "pay-in: the payer never pays: awaiting_confirm → dispute:no_payment after one step (no need to wait the lifetime) → decline; payout: success",
  },
  {
    digits: "91",
    payin: { kind: "decline", description: ANTI_FRAUD },
    payout: { kind: "decline", description: ANTI_FRAUD },
    summary: `decline "${ANTI_FRAUD}" (pay-in after paid, payout after payout_process)`,
  },
  {
    digits: "92",
    payin: { kind: "dispute", subStatus: "different_amount", then: "success", thenDescription: null, amountPercent: 90 },
    payout: success,
    summary:
      "pay-in: paid → dispute:different_amount (amount = 90 % rounded down, old_amount = the amount before) → success with the changed amount; payout: success",
  },
  {
    digits: "93",
    payin: { kind: "dispute", subStatus: "confirm_timeout", then: "decline", thenDescription: CONFIRM_TIMEOUT_DESCRIPTION },
    payout: success,
    summary: "pay-in: paid → dispute:confirm_timeout → decline; payout: success",
  },
  {
    digits: "94",
    payin: { kind: "error", description: ERROR_DESCRIPTION },
    payout: { kind: "error", description: ERROR_DESCRIPTION },
    summary: "error one step after create, and it stays there (not final; /force moves it)",
  },
  {
    digits: "95",
    payin: { kind: "manual" },
    payout: { kind: "manual" },
    summary:
      "manual: stays in awaiting_confirm (pay-in; the lifetime never runs out, and after confirm it stays in paid) or payout_process (payout) until /force",
  },
  {
    digits: "96",
    payin: success,
    payout: { kind: "dispute", subStatus: "incorrect_requisites", then: "decline", thenDescription: "Incorrect requisites" },
    summary: "payout: payout_process → dispute:incorrect_requisites → decline; pay-in: success",
  },
  {
    digits: "97",
    payin: success,
    payout: { kind: "dispute", subStatus: "payout_failed", then: "success", thenDescription: null },
    summary: "payout: payout_process → dispute:payout_failed → success; pay-in: success",
  },
  {
    digits: "98",
    payin: success,
    payout: { kind: "dispute", subStatus: "payout_timeout", then: "decline", thenDescription: "Payout timeout" },
    summary: "payout: payout_process → dispute:payout_timeout → decline; pay-in: success",
  },
  {
    digits: "99",
    payin: { kind: "decline_at_create", description: ANTI_FRAUD },
    payout: { kind: "decline_at_create", description: ANTI_FRAUD },
    summary: `the create answers decline "${ANTI_FRAUD}" (HTTP 200, the application exists, declined)`,
  },
];

/** The rule of an amount: its last two digits (amounts are integers in minor units). */
export function outcomeRuleFor(amount: number): OutcomeRule {
  const lastTwo = amount % 100;
  const exact = OUTCOME_RULES.find((rule) => rule.digits === String(lastTwo).padStart(2, "0"));
  // Everything without its own row is 00-89, the first row.
  return exact ?? OUTCOME_RULES[0]!;
}

export function outcomeFor(amount: number, type: OutcomeApplicationType): Outcome {
  const rule = outcomeRuleFor(amount);
  return type === "payin" ? rule.payin : rule.payout;
}
