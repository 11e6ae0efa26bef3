import { z } from "zod";
import { createUrlState, param, type SearchParamsInput, type UrlState } from "@/lib/url-state/url-state";
import { isoDate, rowIdText } from "@/lib/url-state/values";

/*
 * The settlement view's inputs: its URL state (register, currency, period), shared by the page and the CSV route,
 * and the "take a snapshot now" action's input. Client-safe: no server imports.
 */

/** The longest period the view lines up at once, in business days (hourly snapshots: about 750 rows). */
export const SETTLEMENT_MAX_DAYS = 31;

const registerId = rowIdText;
const currency = z
  .string()
  .trim()
  .toUpperCase()
  .pipe(z.string().regex(/^[A-Z]{3}$/));

export const settlementParamParsers = {
  /** The cash register's id; null: the first register the reader may see. */
  register: param(registerId, null as number | null),
  /** null: the first currency the register has snapshots in. */
  currency: param(currency, null as string | null),
  /** Business days (YYYY-MM-DD), both ends included; null: the last seven days. */
  from: param(isoDate, null as string | null),
  to: param(isoDate, null as string | null),
};

const settlementUrlState = createUrlState(settlementParamParsers);

export type SettlementState = UrlState<typeof settlementParamParsers>;
export type SettlementParamName = keyof SettlementState;

export const SETTLEMENT_PATH = "/reports/settlement";

/** Parses the page's (and the CSV route's) search parameters. Never throws. */
export function parseSettlementParams(input: SearchParamsInput): SettlementState & { ignored: SettlementParamName[] } {
  const { state, ignored } = settlementUrlState.parse(input);
  return { ...state, ignored };
}

export const settlementSearchParams: (state: SettlementState, patch?: Partial<SettlementState>) => URLSearchParams =
  settlementUrlState.serialize;

export function settlementHref(state: SettlementState, patch: Partial<SettlementState> = {}): string {
  return settlementUrlState.href(SETTLEMENT_PATH, state, patch);
}

/** Days between two ISO days, `to` included (1 for the same day). */
export function periodDays(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** Why a period cannot be shown (a message key of the `settlement` namespace), or null. */
export function periodProblem(from: string, to: string): string | null {
  const days = periodDays(from, to);
  if (days < 1) return "settlement.errors.periodReversed";
  if (days > SETTLEMENT_MAX_DAYS) return "settlement.errors.periodTooLong";
  return null;
}

/** "Take a snapshot now": the register shown on the page. */
export const takeSnapshotSchema = z.object({ registerId });
