import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { webhookDeliveries, webhookSettings, type WebhookDelivery } from "@/drizzle/schema";
import { money, type MessageValues } from "@/lib/i18n/message";
import { translateText } from "@/lib/i18n/translate";
import { claimJobLease, shortenJobLease } from "@/lib/reconcile/job-lease";
import type { Database } from "@/lib/server/db";
import { appPublicUrl } from "@/lib/server/gateway";
import { logger } from "@/lib/server/logger";
import { getSecretBox } from "@/lib/server/secrets-key";
import type { SecretBox } from "@/lib/registers/secret-box";
import { EVENT_ID_HEADER, SIGNATURE_HEADER, signatureHeader } from "./signature";

/*
 * Delivery of the webhook's outbox (webhook_deliveries), at least once: a row is claimed with a lease (FOR UPDATE
 * SKIP LOCKED, so two instances or two passes never send the same row at the same time), posted, and marked
 * delivered on a 2xx answer; any other outcome schedules the next attempt with a growing delay. A crash after the
 * receiver's 2xx but before the mark sends the event again once the lease runs out: the receiver deduplicates by
 * the event's id, the same on every attempt.
 */

export const WEBHOOK_TIMEOUT_MS = 5_000;
/** Longer than a batch's worst case (BATCH × timeout), so a row is never claimed twice while its pass runs. */
export const ROW_LEASE_SECONDS = 120;
export const BATCH = 10;
/** 30 s, 1, 2, 4, … min, at most an hour between attempts: about seven hours in all, then `failed`. */
export const MAX_ATTEMPTS = 14;
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 3_600_000;
const JOB_LEASE = "webhook-delivery";

/** How long to wait after the `attempts`-th failed attempt. */
export function retryDelayMs(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_MS);
}

export interface WebhookBody {
  id: string;
  type: string;
  occurred_at: string;
  text: string;
  link: string;
}

const EVENT_TEXT: Record<string, string> = {
  approval_waiting: "webhooks.events.approval_waiting",
  item_assigned: "webhooks.events.item_assigned",
  dispute_arrived: "webhooks.events.dispute_arrived",
  test: "webhooks.events.test",
};

const str = (value: unknown): string => (typeof value === "string" || typeof value === "number" ? String(value) : "—");

/** The event as the receiver reads it; the text in English (lib/i18n/messages/en.json, `webhooks.events`). */
export function webhookBody(
  row: Pick<WebhookDelivery, "eventId" | "type" | "applicationId" | "payload" | "occurredAt">,
  baseUrl: string,
): WebhookBody {
  const payload = (row.payload ?? {}) as Record<string, unknown>;
  const values: MessageValues = {
    paymentId: str(payload.paymentId),
    by: str(payload.by),
    to: str(payload.to),
    subStatus: str(payload.subStatus),
  };
  if ((typeof payload.amount === "number" || typeof payload.amount === "string") && typeof payload.currency === "string") {
    values.amount = money(payload.amount, payload.currency);
  } else values.amount = "—";
  return {
    id: row.eventId,
    type: row.type,
    occurred_at: row.occurredAt.toISOString(),
    text: translateText("en", EVENT_TEXT[row.type] ?? "webhooks.events.other", values),
    link: row.applicationId === null ? `${baseUrl}/settings` : `${baseUrl}/applications/${row.applicationId}`,
  };
}

export interface DeliveryOptions {
  now?: Date;
  box?: SecretBox;
  /** Where the body's links point: APP_PUBLIC_URL by default. */
  baseUrl?: string;
}

export type AttemptResult =
  { ok: true; status: number } | { ok: false; status: number | null; error: "timeout" | "network" | "redirect" | "http" };

/** One POST: 5 s at most, redirects not followed, the answer's body never read (nor logged). */
export async function post(url: string, body: string, secret: string, eventId: string, now: Date): Promise<AttemptResult> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "HighHelp-Backoffice-Webhook/1",
        [EVENT_ID_HEADER]: eventId,
        [SIGNATURE_HEADER]: signatureHeader(secret, body, Math.floor(now.getTime() / 1000)),
      },
      body,
      redirect: "manual",
      cache: "no-store",
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
  } catch (error) {
    const name = (error as Error)?.name;
    return { ok: false, status: null, error: name === "TimeoutError" || name === "AbortError" ? "timeout" : "network" };
  }
  await response.body?.cancel().catch(() => undefined);
  if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status };
  if (response.status >= 300 && response.status < 400) return { ok: false, status: response.status, error: "redirect" };
  return { ok: false, status: response.status, error: "http" };
}

interface Target {
  url: string;
  secret: string;
}

/** The enabled webhook's URL and opened secret; null when there is none or it is disabled. */
async function enabledTarget(db: Database, box: SecretBox): Promise<Target | null> {
  const [row] = await db
    .select({ url: webhookSettings.url, secretSealed: webhookSettings.secretSealed })
    .from(webhookSettings)
    .where(eq(webhookSettings.enabled, true));
  return row ? { url: row.url, secret: box.open(row.secretSealed) } : null;
}

/** Claims up to `limit` due rows (or the one row `onlyId`) for this caller, for ROW_LEASE_SECONDS. */
async function claim(db: Database, limit: number, now: Date, onlyId?: number): Promise<WebhookDelivery[]> {
  const leaseUntil = new Date(now.getTime() + ROW_LEASE_SECONDS * 1000);
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(
        and(
          eq(webhookDeliveries.state, "pending"),
          onlyId === undefined ? sql`${webhookDeliveries.nextAttemptAt} <= ${now}` : eq(webhookDeliveries.id, onlyId),
          sql`(${webhookDeliveries.leaseUntil} is null or ${webhookDeliveries.leaseUntil} < ${now})`,
        ),
      )
      .orderBy(webhookDeliveries.nextAttemptAt, webhookDeliveries.id)
      .limit(limit)
      .for("update", { skipLocked: true });
    if (due.length === 0) return [];
    return tx
      .update(webhookDeliveries)
      .set({ leaseUntil })
      .where(
        sql`${webhookDeliveries.id} in (${sql.join(
          due.map((d) => sql`${d.id}`),
          sql`, `,
        )})`,
      )
      .returning();
  });
}

async function attempt(db: Database, row: WebhookDelivery, target: Target, baseUrl: string, now: Date): Promise<AttemptResult> {
  const body = JSON.stringify(webhookBody(row, baseUrl));
  const result = await post(target.url, body, target.secret, row.eventId, now);
  const attempts = row.attempts + 1;
  const finished = new Date();
  if (result.ok) {
    await db
      .update(webhookDeliveries)
      .set({
        state: "delivered",
        attempts,
        lastAttemptAt: finished,
        lastStatus: result.status,
        lastError: null,
        deliveredAt: finished,
        leaseUntil: null,
      })
      .where(eq(webhookDeliveries.id, row.id));
    return result;
  }
  const givingUp = attempts >= MAX_ATTEMPTS;
  await db
    .update(webhookDeliveries)
    .set({
      state: givingUp ? "failed" : "pending",
      attempts,
      lastAttemptAt: finished,
      lastStatus: result.status,
      lastError: result.error,
      nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)),
      leaseUntil: null,
    })
    .where(eq(webhookDeliveries.id, row.id));
  // The URL may carry a token (chat webhooks often do) and the answer's body anything: neither is logged.
  (givingUp ? logger.error : logger.warn)(givingUp ? "webhooks: delivery given up" : "webhooks: delivery failed, will retry", {
    eventId: row.eventId,
    attempts,
    status: result.status,
    error: result.error,
  });
  return result;
}

/** One pass: claims what is due and delivers it. Nothing while no webhook is enabled. Returns how many were attempted. */
export async function deliverDue(db: Database, options: DeliveryOptions = {}): Promise<number> {
  const now = options.now ?? new Date();
  const target = await enabledTarget(db, options.box ?? getSecretBox());
  if (!target) return 0;
  const rows = await claim(db, BATCH, now);
  const baseUrl = options.baseUrl ?? appPublicUrl();
  for (const row of rows) {
    try {
      await attempt(db, row, target, baseUrl, now);
    } catch (error) {
      logger.error("webhooks: delivery step failed", { eventId: row.eventId, error });
    }
  }
  return rows.length;
}

/** Delivers one row now (the Settings page's test event); null when it is not pending, or already being delivered. */
export async function deliverNow(db: Database, id: number, options: DeliveryOptions = {}): Promise<AttemptResult | null> {
  const now = options.now ?? new Date();
  const target = await enabledTarget(db, options.box ?? getSecretBox());
  if (!target) return null;
  const [row] = await claim(db, 1, now, id);
  if (!row) return null;
  return attempt(db, row, target, options.baseUrl ?? appPublicUrl(), now);
}

/** The leased step of the reconciliation loop: one instance delivers at a time; the next tick continues a backlog. */
export async function runWebhookDelivery(db: Database, options: DeliveryOptions = {}): Promise<number | null> {
  if (!(await claimJobLease(db, JOB_LEASE, ROW_LEASE_SECONDS))) return null;
  try {
    return await deliverDue(db, options);
  } finally {
    await shortenJobLease(db, JOB_LEASE, 0);
  }
}
