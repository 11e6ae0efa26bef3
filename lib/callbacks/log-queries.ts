import "server-only";
import { and, asc, eq, sql, type SQL } from "drizzle-orm";
import {
  applications,
  callbackDeliveries,
  callbackQuarantine,
  statusEvents,
  type CallbackOutcome,
  type EventSource,
} from "@/drizzle/schema";
import { maskCardNumbersInJson, maskCardNumbersInText } from "@/lib/applications/card-masking";
import { projectScopeWhere, type ProjectScope } from "@/lib/accounts/register-scope";
import { businessDayStart } from "@/lib/dates/business-day";
import type { Status } from "@/lib/highhelp";
import type { Database } from "@/lib/server/db";
import { utcMicrosText } from "@/lib/server/sql";
import type { CallbackLogCursor, CallbackLogSource, CallbackLogState } from "./log-url-state";

/** What a log row shows of a stored delivery (the entry page adds its headers and body). */
const deliveryListFields = {
  id: callbackDeliveries.id,
  receivedAt: utcMicrosText(callbackDeliveries.receivedAt),
  kind: callbackDeliveries.kind,
  outcome: callbackDeliveries.outcome,
  signatureVerified: callbackDeliveries.signatureVerified,
  projectId: callbackDeliveries.projectId,
  paymentId: callbackDeliveries.paymentId,
  applicationId: callbackDeliveries.applicationId,
  remoteAddr: callbackDeliveries.remoteAddr,
};

/*
 * The callback log's reads: stored deliveries (callback_deliveries) and refused ones (callback_quarantine) in one
 * list, newest first, keyset pages on (received_at, source, id). Each side is read through its own index
 * (drizzle/schema.ts *_log_idx) with its own limit, then the two are merged. Refused deliveries name no register
 * that could be trusted, so register-scoped users, and the register and payment filters, see stored ones only.
 */

export const CALLBACK_LOG_PAGE_SIZE = 50;

export interface CallbackLogRow {
  source: CallbackLogSource;
  id: number;
  /** µs UTC text. */
  receivedAt: string;
  kind: string | null;
  /** The stored outcome, or `refused`. */
  outcome: CallbackOutcome | "refused";
  /** Refused: the quarantine reason. */
  reason: string | null;
  signatureVerified: boolean | null;
  projectId: string | null;
  paymentId: string | null;
  applicationId: number | null;
  remoteAddr: string | null;
}

export interface CallbackLogPage {
  rows: CallbackLogRow[];
  nextCursor: CallbackLogCursor | null;
}

/** Rows of side `source` strictly after the cursor in (received_at desc, source desc, id desc). */
function afterCursor(source: CallbackLogSource, at: SQL, id: SQL, cursor: CallbackLogCursor | null): SQL | undefined {
  if (!cursor) return undefined;
  const bound = sql`${cursor.at}::timestamptz`;
  if (source < cursor.source) return sql`${at} <= ${bound}`;
  if (source > cursor.source) return sql`${at} < ${bound}`;
  return sql`(${at} <= ${bound} and (${at} < ${bound} or ${id} < ${cursor.id}))`;
}

function dayBounds(column: SQL | typeof callbackDeliveries.receivedAt, state: CallbackLogState): SQL[] {
  const out: SQL[] = [];
  if (state.from) out.push(sql`${column} >= ${businessDayStart(state.from).toISOString()}::timestamptz`);
  if (state.to) out.push(sql`${column} < ${businessDayStart(state.to, 1).toISOString()}::timestamptz`);
  return out;
}

/** Whether refused deliveries belong in the list for these filters and this scope. */
function includesRefused(state: CallbackLogState, scope: ProjectScope): boolean {
  if (scope !== "all" || state.register || state.payment) return false;
  return state.outcome === null || state.outcome === "refused";
}

/** One page of the log after the URL's cursor: `size + 1` rows read from each side to know whether more follow. */
export async function queryCallbackLog(
  db: Database,
  state: CallbackLogState,
  scope: ProjectScope,
  size = CALLBACK_LOG_PAGE_SIZE,
): Promise<CallbackLogPage> {
  const d = callbackDeliveries;
  const q = callbackQuarantine;
  const reads: Promise<CallbackLogRow[]>[] = [];
  if (state.outcome !== "refused") {
    const where = and(
      projectScopeWhere(scope, d.projectId),
      state.outcome ? eq(d.outcome, state.outcome) : undefined,
      state.register ? eq(d.projectId, state.register) : undefined,
      state.payment ? eq(d.paymentId, state.payment) : undefined,
      ...dayBounds(sql`${d.receivedAt}`, state),
      afterCursor("d", sql`${d.receivedAt}`, sql`${d.id}`, state.after),
    );
    reads.push(
      db
        .select(deliveryListFields)
        .from(d)
        .where(where)
        .orderBy(sql`${d.receivedAt} desc`, sql`${d.id} desc`)
        .limit(size + 1)
        .then((rows) => rows.map((r) => ({ ...r, source: "d" as const, reason: null }))),
    );
  }
  if (includesRefused(state, scope)) {
    const where = and(
      ...dayBounds(sql`${q.receivedAt}`, state),
      afterCursor("q", sql`${q.receivedAt}`, sql`${q.id}`, state.after),
    );
    reads.push(
      db
        .select({ id: q.id, receivedAt: utcMicrosText(q.receivedAt), kind: q.kind, reason: q.reason, remoteAddr: q.remoteAddr })
        .from(q)
        .where(where)
        .orderBy(sql`${q.receivedAt} desc`, sql`${q.id} desc`)
        .limit(size + 1)
        .then((rows) =>
          rows.map((r) => ({
            ...r,
            source: "q" as const,
            outcome: "refused" as const,
            signatureVerified: null,
            projectId: null,
            paymentId: null,
            applicationId: null,
          })),
        ),
    );
  }
  const merged = (await Promise.all(reads)).flat().sort(newestFirst);
  const rows = merged.slice(0, size);
  const last = rows.at(-1);
  return {
    rows,
    nextCursor: merged.length > size && last ? { at: last.receivedAt, source: last.source, id: last.id } : null,
  };
}

function newestFirst(a: CallbackLogRow, b: CallbackLogRow): number {
  if (a.receivedAt !== b.receivedAt) return a.receivedAt < b.receivedAt ? 1 : -1;
  if (a.source !== b.source) return a.source < b.source ? 1 : -1;
  return b.id - a.id;
}

export interface ProducedEvent {
  id: number;
  status: Status;
  subStatus: string | null;
  source: EventSource;
  applied: boolean;
  receivedAt: Date;
}

/** One log entry as its detail shows it: card numbers masked, no signature. */
export interface CallbackEntryDetail {
  row: CallbackLogRow;
  headers: Record<string, string>;
  /** The body, card numbers masked: pretty JSON when it parses, else the text as kept. */
  body: string;
  /** Refused: how many bytes arrived (the body may be only their first 2 KiB). */
  bodyBytes: number | null;
  /** Whether a signature header came with it (its value is never shown). */
  signed: boolean;
  timestampHeader: string | null;
  merchantIdHeader: string | null;
  error: string | null;
  /** Refused: the reason's detail. */
  message: string | null;
  processedAt: Date | null;
  application: { id: number; paymentId: string; type: string } | null;
  events: ProducedEvent[];
}

// A UUID (project_id, request_id, merchant id) cannot hold a card number, but its digit groups can look like one.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Card numbers masked in every string value but whole UUIDs. */
function maskShown(value: unknown): unknown {
  if (typeof value === "string") return UUID.test(value) ? value : maskCardNumbersInText(value);
  if (Array.isArray(value)) return value.map(maskShown);
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      Object.defineProperty(out, key, { value: maskShown(item), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}

function displayBody(raw: string): string {
  try {
    return JSON.stringify(maskShown(JSON.parse(raw)), null, 2);
  } catch {
    return maskCardNumbersInJson(raw);
  }
}

function maskedHeaders(headers: unknown): Record<string, string> {
  if (typeof headers !== "object" || headers === null) return {};
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    // Kept headers never include the signature; this keeps it so even for rows written otherwise.
    if (/signature|secret|authorization/i.test(name)) continue;
    out[name] = maskShown(String(value)) as string;
  }
  return out;
}

/** A log entry with what it did; null when there is none, or when it lies outside `scope`. */
export async function callbackEntryDetail(
  db: Database,
  source: CallbackLogSource,
  id: number,
  scope: ProjectScope,
): Promise<CallbackEntryDetail | null> {
  if (source === "q") {
    if (scope !== "all") return null;
    const q = callbackQuarantine;
    const [row] = await db
      .select({
        id: q.id,
        receivedAt: utcMicrosText(q.receivedAt),
        kind: q.kind,
        reason: q.reason,
        message: q.message,
        remoteAddr: q.remoteAddr,
        headers: q.headers,
        bodyHead: q.bodyHead,
        bodyBytes: q.bodyBytes,
        signatureHeader: q.signatureHeader,
      })
      .from(q)
      .where(eq(q.id, id));
    if (!row) return null;
    const headers = maskedHeaders(row.headers);
    return {
      row: {
        source: "q",
        id: row.id,
        receivedAt: row.receivedAt,
        kind: row.kind,
        outcome: "refused",
        reason: row.reason,
        signatureVerified: null,
        projectId: null,
        paymentId: null,
        applicationId: null,
        remoteAddr: row.remoteAddr,
      },
      headers,
      body: displayBody(row.bodyHead),
      bodyBytes: row.bodyBytes,
      signed: row.signatureHeader !== null,
      timestampHeader: headers["x-access-timestamp"] ?? null,
      merchantIdHeader: headers["x-access-merchant-id"] ?? null,
      error: null,
      message: maskCardNumbersInText(row.message),
      processedAt: null,
      application: null,
      events: [],
    };
  }
  const d = callbackDeliveries;
  const [row] = await db
    .select({
      ...deliveryListFields,
      headers: d.headers,
      rawBody: d.rawBody,
      signatureHeader: d.signatureHeader,
      timestampHeader: d.timestampHeader,
      merchantIdHeader: d.merchantIdHeader,
      error: d.error,
      processedAt: d.processedAt,
      appPaymentId: applications.paymentId,
      appType: applications.type,
    })
    .from(d)
    .leftJoin(applications, eq(applications.id, d.applicationId))
    .where(and(eq(d.id, id), projectScopeWhere(scope, d.projectId)));
  if (!row) return null;
  const events = await db
    .select({
      id: statusEvents.id,
      status: statusEvents.status,
      subStatus: statusEvents.subStatus,
      source: statusEvents.source,
      applied: statusEvents.applied,
      receivedAt: statusEvents.receivedAt,
    })
    .from(statusEvents)
    .where(eq(statusEvents.callbackDeliveryId, id))
    .orderBy(asc(statusEvents.id));
  return {
    row: {
      source: "d",
      id: row.id,
      receivedAt: row.receivedAt,
      kind: row.kind,
      outcome: row.outcome,
      reason: null,
      signatureVerified: row.signatureVerified,
      projectId: row.projectId,
      paymentId: row.paymentId,
      applicationId: row.applicationId,
      remoteAddr: row.remoteAddr,
    },
    headers: maskedHeaders(row.headers),
    body: displayBody(row.rawBody),
    bodyBytes: null,
    signed: row.signatureHeader !== null,
    timestampHeader: row.timestampHeader,
    merchantIdHeader: row.merchantIdHeader,
    error: row.error,
    message: null,
    processedAt: row.processedAt,
    application:
      row.applicationId !== null && row.appPaymentId !== null
        ? { id: row.applicationId, paymentId: row.appPaymentId, type: row.appType ?? "payin" }
        : null,
    events,
  };
}
