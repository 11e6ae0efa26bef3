import "server-only";
import { and, count, desc, eq, isNotNull } from "drizzle-orm";
import { webhookDeliveries, webhookSettings, type WebhookDeliveryState } from "@/drizzle/schema";
import type { Database } from "@/lib/server/db";

/** The webhook as the Settings page shows it: never its secret. */
export interface WebhookView {
  url: string;
  enabled: boolean;
  secretCreatedAt: Date;
  updatedAt: Date;
}

export async function findWebhook(db: Database): Promise<WebhookView | null> {
  const [row] = await db
    .select({
      url: webhookSettings.url,
      enabled: webhookSettings.enabled,
      secretCreatedAt: webhookSettings.secretCreatedAt,
      updatedAt: webhookSettings.updatedAt,
    })
    .from(webhookSettings);
  return row ?? null;
}

export interface LastDelivery {
  eventId: string;
  type: string;
  state: WebhookDeliveryState;
  attempts: number;
  lastAttemptAt: Date;
  lastStatus: number | null;
  lastError: string | null;
}

/** The most recent attempt (through webhook_deliveries_attempted_idx), and how many events wait. */
export async function deliveryStatus(db: Database): Promise<{ last: LastDelivery | null; pending: number }> {
  const [[last], [pending]] = await Promise.all([
    db
      .select({
        eventId: webhookDeliveries.eventId,
        type: webhookDeliveries.type,
        state: webhookDeliveries.state,
        attempts: webhookDeliveries.attempts,
        lastAttemptAt: webhookDeliveries.lastAttemptAt,
        lastStatus: webhookDeliveries.lastStatus,
        lastError: webhookDeliveries.lastError,
      })
      .from(webhookDeliveries)
      .where(isNotNull(webhookDeliveries.lastAttemptAt))
      .orderBy(desc(webhookDeliveries.lastAttemptAt), desc(webhookDeliveries.id))
      .limit(1),
    db
      .select({ n: count() })
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.state, "pending"))),
  ]);
  return { last: last ? { ...last, lastAttemptAt: last.lastAttemptAt! } : null, pending: pending?.n ?? 0 };
}
