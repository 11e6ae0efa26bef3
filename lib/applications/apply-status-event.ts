import { and, eq } from "drizzle-orm";
import {
  applications,
  callbackDeliveries,
  statusEvents,
  type Application,
  type CallbackOutcome,
  type EventSource,
  type NewApplication,
} from "@/drizzle/schema";
import type { Database } from "@/lib/db";
import { AppError } from "@/lib/errors";
import {
  isFinalStatus,
  progressRank,
  statusIdempotencyKey,
  type DisplayDataItem,
  type PaymentInfo,
  type Status,
} from "@/lib/highhelp";
import { nextPollAfterEvent } from "./reconcile-policy";

/** One status report about one application, whatever brought it (SPEC §6, §7). */
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
  /** Set for callbacks only: the stored delivery, whose signature was verified, gets the outcome. */
  callbackDeliveryId?: number | null;
  actorUserId?: number | null;
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

/** Decides whether the event moves the application, or is only history (SPEC §7.3 advice). */
function movesApplication(app: Application, event: StatusEventInput): boolean {
  if (isFinalStatus(app.status)) return false; // success / decline never change afterwards
  if (isFinalStatus(event.status) || app.status === null) return true;
  const eventUpdated = event.paymentInfo?.updated_date;
  const appUpdated = app.gatewayUpdatedAt ? Math.floor(app.gatewayUpdatedAt.getTime() / 1000) : null;
  if (eventUpdated != null && appUpdated != null && eventUpdated !== appUpdated) return eventUpdated > appUpdated;
  return progressRank(event.status, event.subStatus) >= progressRank(app.status, app.subStatus);
}

/** What an event may fill in that the application does not know yet, even when it is late. */
function missingDetails(app: Application, event: StatusEventInput): Partial<NewApplication> {
  const patch: Partial<NewApplication> = {};
  if (!app.requestId && event.requestId) patch.requestId = event.requestId;
  if (!app.displayData && event.displayData?.length) patch.displayData = event.displayData;
  if (!app.requisites && event.requisites) patch.requisites = event.requisites;
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
function newestDetails(app: Application, event: StatusEventInput, now: Date): Partial<NewApplication> {
  const info = event.paymentInfo ?? {};
  const validUntil = displayValue(event.displayData, "valid_until");
  const expiresAt = seconds(info.expiration_date) ?? (typeof validUntil === "number" ? seconds(validUntil) : null);
  const patch: Partial<NewApplication> = {
    ...missingDetails(app, event),
    status: event.status,
    subStatus: event.subStatus,
    statusDescription: event.statusDescription,
    lastEventAt: now,
    ...nextPollAfterEvent({ type: app.type, product: app.product, status: event.status, hasInstructions: Boolean(app.displayData ?? event.displayData?.length) }, now),
  };
  if (info.amount != null) patch.amount = info.amount;
  if (info.old_amount != null) patch.oldAmount = info.old_amount;
  if (info.initial_amount != null) patch.initialAmount = info.initial_amount;
  if (info.method) patch.method = info.method;
  if (info.payment_system) patch.paymentSystem = info.payment_system;
  if (info.widget_method) patch.widgetMethod = info.widget_method;
  if (info.lifetime != null) patch.lifetime = info.lifetime;
  if (info.updated_date != null) patch.gatewayUpdatedAt = seconds(info.updated_date);
  if (info.created_date != null && !app.gatewayCreatedAt) patch.gatewayCreatedAt = seconds(info.created_date);
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
    throw new AppError("bad_request:unknown_application", "Unknown application, and the alert lacks payment_info type, amount or currency.");
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

async function lockApplication(tx: Tx, projectId: string, paymentId: string): Promise<Application | undefined> {
  const [row] = await tx
    .select()
    .from(applications)
    .where(and(eq(applications.projectId, projectId), eq(applications.paymentId, paymentId)))
    .for("update");
  return row;
}

const DELIVERY_OUTCOME: Record<ApplyOutcome, CallbackOutcome> = { applied: "applied", recorded: "recorded", duplicate: "duplicate" };

/**
 * The one function that applies a status event, whatever its source (callback, poll, API response,
 * user action): in one transaction with the application row locked. A duplicate (same
 * `{project_id}:{payment_id}:{status}:{sub_status}`) changes nothing; `success` and `decline` are
 * never overwritten; a late intermediate event is kept in the history without moving the status.
 */
export async function applyStatusEvent(db: Database, event: StatusEventInput, now = new Date()): Promise<ApplyResult> {
  return db.transaction(async (tx) => {
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
    const [stored] = await tx
      .insert(statusEvents)
      .values({
        applicationId: app.id,
        status: event.status,
        subStatus: event.subStatus,
        statusDescription: event.statusDescription,
        amount: event.paymentInfo?.amount ?? null,
        oldAmount: event.paymentInfo?.old_amount ?? null,
        initialAmount: event.paymentInfo?.initial_amount ?? null,
        source: event.source,
        idempotencyKey: statusIdempotencyKey(event.projectId, event.paymentId, event.status, event.subStatus),
        applied: moves,
        payload: event.payload ?? null,
        callbackDeliveryId: event.callbackDeliveryId ?? null,
        actorUserId: event.actorUserId ?? null,
        gatewayUpdatedAt: seconds(event.paymentInfo?.updated_date),
        receivedAt: now,
      })
      .onConflictDoNothing({ target: statusEvents.idempotencyKey })
      .returning({ id: statusEvents.id });

    const outcome: ApplyOutcome = !stored ? "duplicate" : moves ? "applied" : "recorded";
    const patch = outcome === "applied" ? newestDetails(app, event, now) : missingDetails(app, event);
    if (Object.keys(patch).length > 0) {
      await tx.update(applications).set(patch).where(eq(applications.id, app.id));
    }
    if (event.callbackDeliveryId != null) {
      await tx
        .update(callbackDeliveries)
        .set({
          signatureVerified: true,
          outcome: DELIVERY_OUTCOME[outcome],
          applicationId: app.id,
          projectId: event.projectId,
          paymentId: event.paymentId,
          processedAt: now,
        })
        .where(eq(callbackDeliveries.id, event.callbackDeliveryId));
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
