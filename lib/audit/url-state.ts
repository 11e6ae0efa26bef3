import { z } from "zod";
import { createCursorCodec, cursorParam, exactTimestamp, rowId } from "@/lib/url-state/cursor";
import { createUrlState, param, type SearchParamsInput, type UrlState } from "@/lib/url-state/url-state";
import { isoDate, plainText } from "@/lib/url-state/values";

/*
 * The URL state of the audit log page, on lib/url-state: filters and the keyset cursor. Whatever
 * the URL holds, parsing never throws; a bad value falls back to "no filter" and is reported in
 * `ignored` so the page can say so. Client-safe: no server imports.
 */

export interface AuditCursor {
  /** The entry's `at` as exact text (µs, UTC): a JavaScript Date would drop the microseconds. */
  at: string;
  id: number;
}

const cursorCodec = createCursorCodec<AuditCursor>({
  toJson: (cursor) => [cursor.at, cursor.id],
  schema: z.tuple([exactTimestamp, rowId]).transform(([at, id]) => ({ at, id })),
  maxLength: 200,
});

/** Opaque, URL-safe text for a keyset position. */
export const encodeAuditCursor = cursorCodec.encode;
export const decodeAuditCursor = cursorCodec.decode;

/** `payin.create`, `application.confirm.refused`; a trailing dot (or `.*`) asks for the whole family. */
const actionText = z
  .string()
  .trim()
  .toLowerCase()
  .transform((text) => text.replace(/\.\*$/, "."))
  .pipe(
    z
      .string()
      .max(64)
      .regex(/^[a-z0-9_-]+(?:\.[a-z0-9_-]+)*\.?$/),
  );

/** The parser map: URL name → how one value is read (every default is "no filter"). */
export const auditParamParsers = {
  /** Actor email, lower case: matches that email or any that starts with it. */
  user: param(
    plainText(254).transform((text) => text.toLowerCase()),
    null as string | null,
  ),
  /** An action (`payin.create`), or a prefix ending in a dot (`payout.`) for a whole family. */
  action: param(actionText, null as string | null),
  /** A payment_id: entries of that application, or whose target is that id. */
  application: param(plainText(100), null as string | null),
  /** UTC dates (YYYY-MM-DD), both ends included. */
  from: param(isoDate, null as string | null),
  to: param(isoDate, null as string | null),
  after: cursorParam(cursorCodec),
};

const auditUrlState = createUrlState(auditParamParsers);

export type AuditState = UrlState<typeof auditParamParsers>;

export type AuditParamName = keyof AuditState;

export interface AuditParams extends AuditState {
  /** Parameters present in the URL whose value was refused (and replaced by the default). */
  ignored: AuditParamName[];
}

export const DEFAULT_AUDIT_STATE: AuditState = auditUrlState.defaults;

export const AUDIT_PATH = "/audit";

/** Parses the audit page's search parameters. Never throws. */
export function parseAuditParams(input: SearchParamsInput): AuditParams {
  const { state, ignored } = auditUrlState.parse(input);
  return { ...state, ignored };
}

/** Serialises a state to search parameters, leaving out what is unset; the inverse of parseAuditParams. */
export const auditSearchParams: (state: AuditState, patch?: Partial<AuditState>) => URLSearchParams = auditUrlState.serialize;

/** `/audit?query` for a state (and optional changes). */
export function auditHref(state: AuditState, patch: Partial<AuditState> = {}, pathname: string = AUDIT_PATH): string {
  return auditUrlState.href(pathname, state, patch);
}

/** Whether any filter narrows the log (the page position does not count). */
export function hasAuditFilters(state: AuditState): boolean {
  return state.user !== null || state.action !== null || state.application !== null || state.from !== null || state.to !== null;
}
