/**
 * HighHelp status model (docs/highhelp-decisions.md#status-model). `status` is a closed set; `sub_status` values
 * are the documented ones, but HighHelp may add more, so they are not a closed type.
 */
export const STATUSES = ["processing", "dispute", "error", "success", "decline"] as const;
export type Status = (typeof STATUSES)[number];

/** Only these two never change afterwards. `error` is intermediate, as the docs say. */
export const FINAL_STATUSES = ["success", "decline"] as const satisfies readonly Status[];

export const PROCESSING_SUB_STATUSES = [
  "new",
  "requisites",
  "awaiting_confirm",
  "awaiting_3ds_result",
  "awaiting_redirect_result",
  "sent_verification",
  "invalid_verification",
  "paid",
  "payout_process",
] as const;

export const DISPUTE_SUB_STATUSES = [
  "no_payment",
  "different_amount",
  "confirm_timeout",
  "incorrect_requisites",
  "payout_failed",
  "payout_timeout",
] as const;

export const SUB_STATUSES = [...PROCESSING_SUB_STATUSES, ...DISPUTE_SUB_STATUSES] as const;
export type SubStatus = (typeof SUB_STATUSES)[number];

/*
 * Codes only: the words for statuses, sub-statuses, products and methods are messages
 * (status.*, products.*, methods.* in lib/i18n/messages), shown by components/status-badge.tsx and
 * components/method-name.tsx.
 */

export function isFinalStatus(status: string | null | undefined): boolean {
  return status === "success" || status === "decline";
}

export const APPLICATION_TYPES = ["payin", "payout"] as const;
export type ApplicationType = (typeof APPLICATION_TYPES)[number];

export const PRODUCTS = ["p2p", "ecom"] as const;
export type Product = (typeof PRODUCTS)[number];

/** `h2h` = server-to-server API, `h2c` = hosted widget (payment page). */
export const INTEGRATIONS = ["h2h", "h2c"] as const;
export type Integration = (typeof INTEGRATIONS)[number];

/** The dedup key HighHelp recommends; a null sub_status is written as empty. */
export function statusIdempotencyKey(
  projectId: string,
  paymentId: string,
  status: string,
  subStatus: string | null | undefined,
): string {
  return `${projectId}:${paymentId}:${status}:${subStatus ?? ""}`;
}

/*
 * How far along the documented flows a state is, for ordering deliveries that carry no usable
 * updated_date: keyed `status:sub_status`, or `status` for a sub-status not listed (it ranks with its
 * group). An event of a lower rank than the current state is late: it is kept in the history but
 * does not move the application back. The apply statement in the database reads this table.
 */
export const PROGRESS_RANKS: Readonly<Record<string, number>> = {
  "processing:new": 10,
  "processing:requisites": 20,
  "processing:awaiting_confirm": 30,
  "processing:awaiting_3ds_result": 30,
  "processing:awaiting_redirect_result": 30,
  "processing:sent_verification": 35,
  "processing:invalid_verification": 35,
  "processing:paid": 40,
  "processing:payout_process": 40,
  processing: 25,
  error: 45,
  dispute: 50,
  success: 100,
  decline: 100,
};
