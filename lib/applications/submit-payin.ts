import crypto from "node:crypto";
import { and, eq } from "drizzle-orm";
import { applications, type Application } from "@/drizzle/schema";
import { recordAudit, type AuditActor } from "@/lib/audit";
import type { Database } from "@/lib/db";
import type { Gateway } from "@/lib/gateway";
import { describeHighHelpError, type HighHelpResult, type PaymentResponse } from "@/lib/highhelp";
import { applyStatusEvent } from "./apply-status-event";
import { eventFromResponse } from "./events-from-highhelp";

/** A payin as the back-office asks HighHelp for it (H2H P2P or widget). Amount in minor units. */
export interface PayinRequest {
  paymentId: string;
  flow: "p2p" | "widget";
  amount: number;
  currency: string;
  /** H2H method code (SPEC §8.1), for `p2p`. */
  method?: string;
  /** Widget method code (SPEC §8.2), for `widget`. */
  widgetMethod?: string;
  lifetime?: number;
  description?: string;
  customer?: { id?: string; first_name?: string; last_name?: string; email?: string; country?: string; ip_address?: string };
}

export type SubmitOutcome =
  /** HighHelp accepted it. */
  | "sent"
  /** Refused before or by HighHelp: nothing exists there. */
  | "refused"
  /** The answer was lost: reconciliation asks `info` to learn the truth. */
  | "unknown"
  /** The same payment_id was submitted before: nothing was sent again. */
  | "already_submitted";

export interface SubmitResult {
  outcome: SubmitOutcome;
  application: Application;
  message: string;
}

/** `PI-20261123-7KQ3M2ZC9X`: readable, sortable by day, unique (50 random bits). */
export function newPaymentId(prefix: "PI" | "PO", now = new Date()): string {
  const day = now.toISOString().slice(0, 10).replaceAll("-", "");
  const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"; // Crockford base32: no I, L, O, U
  const bytes = crypto.randomBytes(10);
  const random = Array.from(bytes, (b) => alphabet[b % 32]).join("");
  return `${prefix}-${day}-${random}`;
}

async function findApplication(db: Database, projectId: string, paymentId: string): Promise<Application> {
  const [row] = await db.select().from(applications).where(and(eq(applications.projectId, projectId), eq(applications.paymentId, paymentId)));
  if (!row) throw new Error(`application ${paymentId} vanished`);
  return row;
}

/**
 * Creates a payin at HighHelp at most once per payment_id: the row is written first; a second
 * submit of the same payment_id finds it and sends nothing. A lost answer leaves the row
 * `unknown` for reconciliation (never a blind retry: SPEC §10, OPEN-QUESTIONS Q33).
 */
export async function submitPayin(db: Database, gateway: Gateway, request: PayinRequest, actor: AuditActor): Promise<SubmitResult> {
  const inserted = await db
    .insert(applications)
    .values({
      projectId: gateway.projectId,
      paymentId: request.paymentId,
      type: "payin",
      product: request.flow === "widget" && request.widgetMethod === "payin-ecom-card" ? "ecom" : "p2p",
      integration: request.flow === "widget" ? "h2c" : "h2h",
      method: request.method ?? null,
      widgetMethod: request.widgetMethod ?? null,
      amount: request.amount,
      initialAmount: request.amount,
      currency: request.currency,
      lifetime: request.lifetime ?? null,
      description: request.description ?? null,
      customerId: request.customer?.id ?? null,
      customer: request.customer ?? null,
      submission: "sending",
      createdBy: actor.userId,
    })
    .onConflictDoNothing({ target: [applications.projectId, applications.paymentId] })
    .returning({ id: applications.id });
  if (inserted.length === 0) {
    const existing = await findApplication(db, gateway.projectId, request.paymentId);
    return { outcome: "already_submitted", application: existing, message: "This payin was already submitted; nothing was sent again." };
  }
  const applicationId = inserted[0]!.id;
  await recordAudit(db, actor, { action: "payin.create", targetType: "application", targetId: request.paymentId, applicationId, details: { amount: request.amount, currency: request.currency, flow: request.flow } });

  const general = { payment_id: request.paymentId, ...gateway.callbackUrls };
  const payment = {
    amount: request.amount,
    currency: request.currency,
    ...(request.lifetime ? { lifetime: request.lifetime } : {}),
    ...(request.description ? { description: request.description } : {}),
  };
  const customer = request.customer && Object.keys(request.customer).length > 0 ? { customer: request.customer } : {};
  const result: HighHelpResult<PaymentResponse> =
    request.flow === "widget"
      ? await gateway.client.widgetPayinCreate({ general, payment: { ...payment, widget_method: request.widgetMethod ?? "" }, ...customer })
      : await gateway.client.p2pPayinCreate({ general, payment: { ...payment, method: request.method ?? "" }, ...customer });

  if (result.ok) {
    await db.update(applications).set({ submission: "sent" }).where(eq(applications.id, applicationId));
    await applyStatusEvent(db, eventFromResponse(result.data, { projectId: gateway.projectId, paymentId: request.paymentId }, "api_response", actor.userId));
    return { outcome: "sent", application: await findApplication(db, gateway.projectId, request.paymentId), message: "Payin created at HighHelp." };
  }
  const detail = describeHighHelpError(result.error);
  const refused = result.error.kind === "invalid_request" || result.error.kind === "http_4xx";
  await db
    .update(applications)
    .set(refused ? { submission: "refused", statusDescription: detail } : { submission: "unknown", statusDescription: detail, nextPollAt: new Date() })
    .where(eq(applications.id, applicationId));
  await recordAudit(db, actor, { action: refused ? "payin.refused" : "payin.unknown", targetType: "application", targetId: request.paymentId, applicationId, details: { error: result.error.kind, detail } });
  return {
    outcome: refused ? "refused" : "unknown",
    application: await findApplication(db, gateway.projectId, request.paymentId),
    message: refused ? `HighHelp refused the payin: ${detail}` : "HighHelp's answer was lost. We are checking with HighHelp whether the payin exists; do not create it again.",
  };
}
