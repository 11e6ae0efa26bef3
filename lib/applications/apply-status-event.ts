import "server-only";
import { eq, sql } from "drizzle-orm";
import { applications, type Application, type CallbackOutcome, type EventSource, type NewApplication } from "@/drizzle/schema";
import type { Database } from "@/lib/server/db";
import { executeRows } from "@/lib/server/sql";
import { AppError } from "@/lib/server/errors";
import {
  isFinalStatus,
  progressRank,
  statusIdempotencyKey,
  type DisplayDataItem,
  type PaymentInfo,
  type Status,
} from "@/lib/highhelp";
import { nextPollAfterEvent } from "@/lib/reconcile/policy";

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

type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];

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

/** Decides whether the event moves the application, or is only history (docs/highhelp-decisions.md#status-model). */
function movesApplication(app: LockedApplication, event: StatusEventInput): boolean {
  if (isFinalStatus(app.status)) return false; // success / decline never change afterwards
  if (isFinalStatus(event.status) || app.status === null) return true;
  const eventUpdated = event.paymentInfo?.updated_date;
  const appUpdated = app.gatewayUpdated;
  if (eventUpdated != null && appUpdated != null && eventUpdated !== appUpdated) return eventUpdated > appUpdated;
  return progressRank(event.status, event.subStatus) >= progressRank(app.status, app.subStatus);
}

/** What an event may fill in that the application does not know yet, even when it is late. */
function missingDetails(app: LockedApplication, event: StatusEventInput): Partial<NewApplication> {
  const patch: Partial<NewApplication> = {};
  // Any status from HighHelp proves it has the application, whatever our last call told us (even
  // `absent`: a create that surfaced late; its resend, if any, then shows next to it for review).
  if (app.submission === "sending" || app.submission === "unknown" || app.submission === "absent") patch.submission = "sent";
  if (!app.requestId && event.requestId) patch.requestId = event.requestId;
  if (!app.hasDisplayData && event.displayData?.length) patch.displayData = event.displayData;
  if (!app.hasRequisites && event.requisites) patch.requisites = event.requisites;
  if (!app.formUrl && event.formUrl) patch.formUrl = event.formUrl;
  if (!app.redirectUrl && event.redirectUrl) patch.redirectUrl = event.redirectUrl;
  if (!app.senderPanMasked && event.senderPanHidden) {
    patch.senderPanMasked = safeMasked(event.senderPanHidden);
    if (app.type === "payin") patch.cardLast4 = lastFourDigits(event.senderPanHidden);
  }
  if (!app.senderCardHolder && event.senderCardHolderHidden) patch.senderCardHolder = event.senderCardHolderHidden;
  return patch;
}

/** Everything the newest event says about the application. */
function newestDetails(app: LockedApplication, event: StatusEventInput, now: Date): Partial<NewApplication> {
  const info = event.paymentInfo ?? {};
  const validUntil = displayValue(event.displayData, "valid_until");
  const expiresAt = seconds(info.expiration_date) ?? (typeof validUntil === "number" ? seconds(validUntil) : null);
  const patch: Partial<NewApplication> = {
    ...missingDetails(app, event),
    status: event.status,
    subStatus: event.subStatus,
    statusDescription: event.statusDescription,
    lastEventAt: now,
    ...nextPollAfterEvent(
      {
        type: app.type,
        product: app.product,
        integration: app.integration,
        status: event.status,
        hasInstructions: app.hasDisplayData || Boolean(event.displayData?.length),
      },
      now,
    ),
  };
  if (info.amount != null) patch.amount = info.amount;
  if (info.old_amount != null) patch.oldAmount = info.old_amount;
  if (info.initial_amount != null) patch.initialAmount = info.initial_amount;
  if (info.method) patch.method = info.method;
  if (info.payment_system) patch.paymentSystem = info.payment_system;
  if (info.widget_method) patch.widgetMethod = info.widget_method;
  if (info.lifetime != null) patch.lifetime = info.lifetime;
  if (info.updated_date != null) patch.gatewayUpdatedAt = seconds(info.updated_date);
  if (info.created_date != null && !app.hasGatewayCreated) patch.gatewayCreatedAt = seconds(info.created_date);
  if (expiresAt) patch.expiresAt = expiresAt;
  if (event.displayData?.length) patch.displayData = event.displayData;
  if (event.requisites) patch.requisites = event.requisites;
  if (event.formUrl) patch.formUrl = event.formUrl;
  return patch;
}

/** The row for an application first heard of through an alert (made by another system). */
function applicationFromEvent(event: StatusEventInput, now: Date): NewApplication {
  const info = event.paymentInfo ?? {};
  const amount = info.amount ?? info.initial_amount;
  const type = info.type === "payin" || info.type === "payout" ? info.type : null;
  if (!type || amount == null || !info.currency) {
    throw new AppError(
      "bad_request:unknown_application",
      "Unknown application, and the alert lacks payment_info type, amount or currency.",
    );
  }
  const ecom = info.method === "card-ecom" || info.widget_method === "payin-ecom-card";
  return {
    projectId: event.projectId,
    paymentId: event.paymentId,
    requestId: event.requestId ?? null,
    type,
    product: ecom ? "ecom" : "p2p",
    integration: info.widget_method ? "h2c" : "h2h",
    amount,
    oldAmount: info.old_amount ?? null,
    initialAmount: info.initial_amount ?? null,
    currency: info.currency,
    submission: "external",
    gatewayCreatedAt: seconds(info.created_date),
    createdAt: now,
  };
}

/** What the apply decision needs of the locked row; narrow, because this is the callbacks' hot path. */
interface LockedApplication {
  id: number;
  type: Application["type"];
  product: Application["product"];
  integration: Application["integration"];
  submission: Application["submission"];
  status: Status | null;
  subStatus: string | null;
  requestId: string | null;
  formUrl: string | null;
  redirectUrl: string | null;
  senderPanMasked: string | null;
  senderCardHolder: string | null;
  hasDisplayData: boolean;
  hasRequisites: boolean;
  hasGatewayCreated: boolean;
  /** HighHelp's updated_date of the current state, Unix seconds. */
  gatewayUpdated: number | null;
}

// Raw rows differ by driver (node-postgres gives int8 as text, PGlite as number): normalise here.
type Row = Record<string, unknown>;
const text = (v: unknown) => (v == null ? null : String(v));

async function lockApplication(tx: Tx, projectId: string, paymentId: string): Promise<LockedApplication | undefined> {
  const [row] = await executeRows<Row>(
    tx,
    sql`
    select id, type, product, integration, submission, status, sub_status, request_id, form_url, redirect_url, sender_pan_masked,
           sender_card_holder, display_data is not null as has_display_data, requisites is not null as has_requisites,
           gateway_created_at is not null as has_gateway_created, extract(epoch from gateway_updated_at)::float8 as gateway_updated
    from applications where project_id = ${projectId} and payment_id = ${paymentId}
    for update`,
  );
  if (!row) return undefined;
  return {
    id: Number(row.id),
    type: row.type as Application["type"],
    product: row.product as Application["product"],
    integration: row.integration as Application["integration"],
    submission: row.submission as Application["submission"],
    status: (row.status as Status | null) ?? null,
    subStatus: text(row.sub_status),
    requestId: text(row.request_id),
    formUrl: text(row.form_url),
    redirectUrl: text(row.redirect_url),
    senderPanMasked: text(row.sender_pan_masked),
    senderCardHolder: text(row.sender_card_holder),
    hasDisplayData: Boolean(row.has_display_data),
    hasRequisites: Boolean(row.has_requisites),
    hasGatewayCreated: Boolean(row.has_gateway_created),
    gatewayUpdated: row.gateway_updated == null ? null : Math.floor(Number(row.gateway_updated)),
  };
}

/** Inserts the history row unless its idempotency key exists; returns whether it was new. */
async function insertEvent(
  tx: Tx,
  applicationId: number,
  event: StatusEventInput,
  applied: boolean,
  now: Date,
  deliveryId: number | null,
): Promise<boolean> {
  const info = event.paymentInfo;
  const updated = seconds(info?.updated_date);
  const inserted = await executeRows(
    tx,
    sql`
    insert into status_events (application_id, status, sub_status, status_description, amount, old_amount, initial_amount,
      source, idempotency_key, applied, payload, callback_delivery_id, actor_user_id, gateway_updated_at, received_at)
    values (${applicationId}, ${event.status}, ${event.subStatus}, ${event.statusDescription}, ${info?.amount ?? null},
      ${info?.old_amount ?? null}, ${info?.initial_amount ?? null}, ${event.source},
      ${statusIdempotencyKey(event.projectId, event.paymentId, event.status, event.subStatus)}, ${applied},
      ${JSON.stringify(event.payload ?? null)}::jsonb, ${deliveryId}, ${event.actorUserId ?? null},
      ${updated?.toISOString() ?? null}::timestamptz, ${now.toISOString()}::timestamptz)
    on conflict (idempotency_key) do nothing
    returning id`,
  );
  return inserted.length > 0;
}

const DELIVERY_OUTCOME: Record<ApplyOutcome, CallbackOutcome> = {
  applied: "applied",
  recorded: "recorded",
  duplicate: "duplicate",
};

async function insertDelivery(tx: Tx, event: StatusEventInput, delivery: VerifiedDelivery): Promise<number> {
  const [row] = await executeRows<{ id: unknown }>(
    tx,
    sql`
    insert into callback_deliveries (kind, remote_addr, raw_body, signature_header, timestamp_header, merchant_id_header,
      headers, signature_verified, project_id, payment_id)
    values (${delivery.kind}, ${delivery.remoteAddr}, ${delivery.rawBody}, ${delivery.signatureHeader},
      ${delivery.timestampHeader}, ${delivery.merchantIdHeader}, ${JSON.stringify(delivery.headers)}::jsonb, true,
      ${event.projectId}, ${event.paymentId})
    returning id`,
  );
  return Number(row!.id);
}

/**
 * The one function that applies a status event, whatever its source (callback, poll, API response,
 * user action): in one transaction with the application row locked. A duplicate (same
 * `{project_id}:{payment_id}:{status}:{sub_status}`) changes nothing; `success` and `decline` are
 * never overwritten; a late intermediate event is kept in the history without moving the status.
 */
export async function applyStatusEvent(db: Database, event: StatusEventInput, now = new Date()): Promise<ApplyResult> {
  return db.transaction(async (tx) => {
    const deliveryId = event.callbackDelivery ? await insertDelivery(tx, event, event.callbackDelivery) : null;
    let app = await lockApplication(tx, event.projectId, event.paymentId);
    let created = false;
    if (!app) {
      const inserted = await tx
        .insert(applications)
        .values(applicationFromEvent(event, now))
        .onConflictDoNothing({ target: [applications.projectId, applications.paymentId] })
        .returning({ id: applications.id });
      created = inserted.length > 0;
      app = await lockApplication(tx, event.projectId, event.paymentId);
      if (!app) throw new Error("application vanished after insert");
    }

    const moves = movesApplication(app, event);
    const stored = await insertEvent(tx, app.id, event, moves, now, deliveryId);
    const outcome: ApplyOutcome = !stored ? "duplicate" : moves ? "applied" : "recorded";
    const patch = outcome === "applied" ? newestDetails(app, event, now) : missingDetails(app, event);
    if (Object.keys(patch).length > 0) {
      await tx.update(applications).set(patch).where(eq(applications.id, app.id));
    }
    if (deliveryId !== null) {
      await tx.execute(sql`
        update callback_deliveries set outcome = ${DELIVERY_OUTCOME[outcome]}, application_id = ${app.id},
          processed_at = ${now.toISOString()}::timestamptz
        where id = ${deliveryId}`);
    }
    return {
      outcome,
      applicationId: app.id,
      created,
      status: outcome === "applied" ? event.status : app.status,
      subStatus: outcome === "applied" ? event.subStatus : app.subStatus,
    };
  });
}
