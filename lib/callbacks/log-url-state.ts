import { z } from "zod";
import { createCursorCodec, cursorParam, exactTimestamp, rowId } from "@/lib/url-state/cursor";
import { createUrlState, param, type SearchParamsInput, type UrlState } from "@/lib/url-state/url-state";
import { isoDate, plainText } from "@/lib/url-state/values";

/*
 * The URL state of the callback log (/callbacks): filters and the keyset cursor. Parsing never throws;
 * a bad value falls back to "no filter" and is named in `ignored`. Client-safe: no server imports.
 */

/** `d`: a stored delivery (callback_deliveries), `q`: a refused one (callback_quarantine). */
export type CallbackLogSource = "d" | "q";

export interface CallbackLogCursor {
  /** received_at as exact text (µs, UTC). */
  at: string;
  source: CallbackLogSource;
  id: number;
}

const cursorCodec = createCursorCodec<CallbackLogCursor>({
  toJson: (cursor) => [cursor.at, cursor.source, cursor.id],
  schema: z.tuple([exactTimestamp, z.enum(["d", "q"]), rowId]).transform(([at, source, id]) => ({ at, source, id })),
  maxLength: 200,
});

export const encodeCallbackLogCursor = cursorCodec.encode;

/** What a delivery came to: the stored outcomes, and `refused` for the quarantined ones. */
export const CALLBACK_LOG_OUTCOMES = [
  // drizzle/schema.ts CALLBACK_OUTCOMES (not imported: this module runs in the browser too).
  "received",
  "applied",
  "duplicate",
  "recorded",
  "rejected_signature",
  "rejected_body",
  "failed",
  "refused",
] as const;
export type CallbackLogOutcome = (typeof CALLBACK_LOG_OUTCOMES)[number];

export const callbackLogParamParsers = {
  outcome: param(z.enum(CALLBACK_LOG_OUTCOMES), null as CallbackLogOutcome | null),
  /** A register's project_id. */
  register: param(plainText(100), null as string | null),
  /** An application's payment_id, exactly. */
  payment: param(plainText(100), null as string | null),
  /** Business days (YYYY-MM-DD in the organisation's zone), both ends included. */
  from: param(isoDate, null as string | null),
  to: param(isoDate, null as string | null),
  after: cursorParam(cursorCodec),
};

const urlState = createUrlState(callbackLogParamParsers);

export type CallbackLogState = UrlState<typeof callbackLogParamParsers>;
export type CallbackLogParams = CallbackLogState & { ignored: (keyof CallbackLogState)[] };

export const DEFAULT_CALLBACK_LOG_STATE: CallbackLogState = urlState.defaults;
export const CALLBACK_LOG_PATH = "/callbacks";

export function parseCallbackLogParams(input: SearchParamsInput): CallbackLogParams {
  const { state, ignored } = urlState.parse(input);
  return { ...state, ignored };
}

export const callbackLogSearchParams: (state: CallbackLogState, patch?: Partial<CallbackLogState>) => URLSearchParams =
  urlState.serialize;

export function callbackLogHref(state: CallbackLogState, patch: Partial<CallbackLogState> = {}): string {
  return urlState.href(CALLBACK_LOG_PATH, state, patch);
}

export function hasCallbackLogFilters(state: CallbackLogState): boolean {
  return state.outcome !== null || state.register !== null || state.payment !== null || state.from !== null || state.to !== null;
}

/** A log entry's address: `d12` (a stored delivery) or `q7` (a refused one). */
export function callbackEntryRef(source: CallbackLogSource, id: number): string {
  return `${source}${id}`;
}

export function parseCallbackEntryRef(ref: string): { source: CallbackLogSource; id: number } | null {
  const match = /^([dq])(\d{1,15})$/.exec(ref);
  if (!match || Number(match[2]) <= 0) return null;
  return { source: match[1] as CallbackLogSource, id: Number(match[2]) };
}
