import "server-only";
import { sql } from "drizzle-orm";
import type { EventSource } from "@/drizzle/schema";
import type { Database } from "@/lib/server/db";
import { executeRows } from "@/lib/server/sql";
import { AppError } from "@/lib/server/errors";
import { PROGRESS_RANKS, statusIdempotencyKey, type DisplayDataItem, type PaymentInfo, type Status } from "@/lib/highhelp";
import { INSTRUCTIONS_POLL_SECONDS, LATE_CALLBACK_POLL_SECONDS } from "@/lib/reconcile/policy";

/** One status report about one application, whatever brought it. */
export interface StatusEventInput {
  projectId: string;
  paymentId: string;
  requestId?: string | null;
  status: Status;
  subStatus: string | null;
  statusDescription: string | null;
  source: EventSource;
  paymentInfo?: PaymentInfo | null;
  formUrl?: string | null;
  redirectUrl?: string | null;
  requisites?: Record<string, unknown> | null;
  displayData?: DisplayDataItem[] | null;
  /** Masked sender card as HighHelp reports it (`sender.pan_hidden`). */
  senderPanHidden?: string | null;
  senderCardHolderHidden?: string | null;
  /** The raw body it came in, kept in the history. */
  payload: unknown;
  /** Set for callbacks only: the verified delivery, stored in the same transaction with its outcome. */
  callbackDelivery?: VerifiedDelivery | null;
  actorUserId?: number | null;
}

/** A callback delivery whose signature and timestamp verified, as `callback_deliveries` keeps it. */
export interface VerifiedDelivery {
  kind: string | null;
  remoteAddr: string | null;
  rawBody: string;
  signatureHeader: string | null;
  timestampHeader: string | null;
  merchantIdHeader: string | null;
  headers: Record<string, string>;
}

/**
 * `applied`: the application moved to this state. `recorded`: a late or conflicting event, kept
 * in the history without moving the state. `duplicate`: seen before (same idempotency key); no-op.
 */
export type ApplyOutcome = "applied" | "recorded" | "duplicate";

export interface ApplyResult {
  outcome: ApplyOutcome;
  applicationId: number;
  /** The alert was about an application this back-office did not create. */
  created: boolean;
  status: Status | null;
  subStatus: string | null;
}

const seconds = (value: number | null | undefined) => (value == null ? null : new Date(value * 1000));

function displayValue(items: DisplayDataItem[] | null | undefined, title: string): string | number | undefined {
  return items?.find((item) => item.title === title)?.data;
}

function lastFourDigits(masked: string | null | undefined): string | null {
  const digits = masked?.replace(/\D/g, "") ?? "";
  return digits.length >= 4 ? digits.slice(-4) : null;
}

/** A masked value must never carry a full card number (schema check `applications_no_full_pan`). */
function safeMasked(masked: string | null | undefined): string | null {
  if (!masked) return null;
  return /\d{13,}/.test(masked) ? `${masked.slice(0, 6)}******${masked.slice(-4)}` : masked;
}

/** What a new application row needs when the event is about one this back-office never saw; null when the event lacks it. */
function creationDetails(event: StatusEventInput) {
  const info = event.paymentInfo ?? {};
  const amount = info.amount ?? info.initial_amount;
  const type = info.type === "payin" || info.type === "payout" ? info.type : null;
  if (!type || amount == null || !info.currency) return null;
  const ecom = info.method === "card-ecom" || info.widget_method === "payin-ecom-card";
  return {
    type,
    amount,
    currency: info.currency,
    product: ecom ? "ecom" : "p2p",
    integration: info.widget_method ? "h2c" : "h2h",
  };
}

/**
 * The event as the database's `apply_status_event` reads it: what it says, already normalised (empty values as
 * absent, masked card holder values, the expiry chosen), so that the statement only decides and writes.
 */
function eventDocument(event: StatusEventInput) {
  const info = event.paymentInfo ?? {};
  const displayData = event.displayData?.length ? event.displayData : null;
  const validUntil = displayValue(displayData, "valid_until");
  const expiresAt = seconds(info.expiration_date) ?? (typeof validUntil === "number" ? seconds(validUntil) : null);
  const senderPanMasked = safeMasked(event.senderPanHidden);
  return {
    project_id: event.projectId,
    payment_id: event.paymentId,
    request_id: event.requestId || null,
    status: event.status,
    sub_status: event.subStatus,
    status_description: event.statusDescription,
    idempotency_key: statusIdempotencyKey(event.projectId, event.paymentId, event.status, event.subStatus),
    source: event.source,
    amount: info.amount ?? null,
    old_amount: info.old_amount ?? null,
    initial_amount: info.initial_amount ?? null,
    method: info.method || null,
    payment_system: info.payment_system || null,
    widget_method: info.widget_method || null,
    lifetime: info.lifetime ?? null,
    updated_date: info.updated_date ?? null,
    created_date: info.created_date ?? null,
    expires_at: expiresAt?.toISOString() ?? null,
    display_data: displayData,
    requisites: event.requisites ?? null,
    form_url: event.formUrl || null,
    redirect_url: event.redirectUrl || null,
    sender_pan_masked: senderPanMasked,
    card_last4: lastFourDigits(senderPanMasked),
    sender_card_holder: event.senderCardHolderHidden || null,
    payload: event.payload ?? null,
    actor_user_id: event.actorUserId ?? null,
    create: creationDetails(event),
  };
}

const RANKS_DOCUMENT = JSON.stringify(PROGRESS_RANKS);
const APPLY_OUTCOMES: readonly string[] = ["applied", "recorded", "duplicate"] satisfies ApplyOutcome[];

/**
 * The one function that applies a status event, whatever its source (callback, poll, API response,
 * user action). The rules (a duplicate `{project_id}:{payment_id}:{status}:{sub_status}` changes
 * nothing; `success` and `decline` are never overwritten; a late event is kept in the history without
 * moving the status, but may fill details the application lacks; an alert about an unknown application
 * creates it) run in the database's `apply_status_event` (drizzle/migrations/0007_apply_status_event.sql),
 * so that the application row lock, the verified delivery, the history row and the move are one
 * statement: one round trip and one commit.
 */
export async function applyStatusEvent(db: Database, event: StatusEventInput, now = new Date()): Promise<ApplyResult> {
  const [row] = await executeRows<Record<string, unknown>>(
    db,
    sql`select o_outcome, o_application_id, o_created, o_status, o_sub_status
      from apply_status_event(${JSON.stringify(eventDocument(event))}::jsonb, ${event.callbackDelivery ? JSON.stringify(event.callbackDelivery) : null}::jsonb,
        ${now.toISOString()}::timestamptz, ${RANKS_DOCUMENT}::jsonb, ${INSTRUCTIONS_POLL_SECONDS}::integer, ${LATE_CALLBACK_POLL_SECONDS}::integer)`,
  );
  const outcome = String(row?.o_outcome);
  if (outcome === "unknown_application") {
    throw new AppError(
      "bad_request:unknown_application",
      "Unknown application, and the alert lacks payment_info type, amount or currency.",
    );
  }
  if (!APPLY_OUTCOMES.includes(outcome)) throw new Error(`apply_status_event answered ${outcome}`);
  return {
    outcome: outcome as ApplyOutcome,
    // node-postgres gives int8 as text, PGlite as a number.
    applicationId: Number(row!.o_application_id),
    created: Boolean(row!.o_created),
    status: (row!.o_status as Status | null) ?? null,
    subStatus: row!.o_sub_status == null ? null : String(row!.o_sub_status),
  };
}
