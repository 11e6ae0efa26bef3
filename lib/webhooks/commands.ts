import "server-only";
import { and, eq } from "drizzle-orm";
import { webhookDeliveries, webhookSettings } from "@/drizzle/schema";
import { recordAudit, type AuditActor } from "@/lib/audit/commands";
import type { Database } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { randomSecret } from "@/lib/server/ids";
import { getSecretBox } from "@/lib/server/secrets-key";
import type { SecretBox } from "@/lib/registers/secret-box";
import { deliverNow, type AttemptResult, type DeliveryOptions } from "./delivery";
import { saveWebhookSchema, type SaveWebhookInput } from "./schemas";

/*
 * What an admin does to the webhook. The signing secret is made here, sealed, and returned once (to be shown once);
 * nothing reads it back out but delivery. Every change is audited; the audit keeps the URL's origin only, since a
 * chat's webhook URL often carries its token in the path.
 */

type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];

export interface WebhookCommandOptions {
  box?: SecretBox;
}

/** `whsec_` and 32 random bytes: what the admin pastes into the receiver. */
function newSecret(): string {
  return `whsec_${randomSecret(32)}`;
}

function audit(tx: Tx, actor: AuditActor, action: string, details: Record<string, unknown> = {}) {
  return recordAudit(tx, actor, { action: `webhook.${action}`, targetType: "webhook", targetId: null, details });
}

const origin = (url: string) => new URL(url).origin;

async function current(tx: Tx) {
  const [row] = await tx.select().from(webhookSettings).where(eq(webhookSettings.id, 1)).for("update");
  return row ?? null;
}

/**
 * Sets the webhook's URL. The first time, a secret is made and returned (`secret`); a later change keeps the secret
 * (null) and the webhook's enabled state.
 */
export async function saveWebhook(
  db: Database,
  input: SaveWebhookInput,
  actor: AuditActor,
  options: WebhookCommandOptions = {},
): Promise<{ secret: string | null }> {
  const parsed = saveWebhookSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError("bad_request:validation", "errors.validation", { url: parsed.error.issues.map((i) => i.message) });
  }
  const { url } = parsed.data;
  const box = options.box ?? getSecretBox();
  return db.transaction(async (tx) => {
    const existing = await current(tx);
    if (existing) {
      await tx.update(webhookSettings).set({ url, updatedBy: actor.userId }).where(eq(webhookSettings.id, 1));
      await audit(tx, actor, "url_change", { from: origin(existing.url), to: origin(url) });
      return { secret: null };
    }
    const secret = newSecret();
    await tx
      .insert(webhookSettings)
      .values({ id: 1, url, secretSealed: box.seal(secret), enabled: true, updatedBy: actor.userId });
    await audit(tx, actor, "create", { to: origin(url) });
    return { secret };
  });
}

/** A new secret, in force at once (the receiver must take it before the next event verifies); returned once. */
export async function rotateWebhookSecret(
  db: Database,
  actor: AuditActor,
  options: WebhookCommandOptions = {},
): Promise<{ secret: string }> {
  const box = options.box ?? getSecretBox();
  return db.transaction(async (tx) => {
    if (!(await current(tx))) throw new AppError("not_found:webhook", "webhooks.errors.none");
    const secret = newSecret();
    await tx
      .update(webhookSettings)
      .set({ secretSealed: box.seal(secret), secretCreatedAt: new Date(), updatedBy: actor.userId })
      .where(eq(webhookSettings.id, 1));
    await audit(tx, actor, "rotate_secret");
    return { secret };
  });
}

/**
 * Enables or disables the webhook. Disabling drops the events still waiting: a chat told hours later of what
 * happened while it was off would mislead more than help. While disabled, no event is written.
 */
export async function setWebhookEnabled(db: Database, enabled: boolean, actor: AuditActor): Promise<{ discarded: number }> {
  return db.transaction(async (tx) => {
    const existing = await current(tx);
    if (!existing) throw new AppError("not_found:webhook", "webhooks.errors.none");
    if (existing.enabled === enabled) return { discarded: 0 };
    await tx.update(webhookSettings).set({ enabled, updatedBy: actor.userId }).where(eq(webhookSettings.id, 1));
    const discarded = enabled
      ? []
      : await tx
          .update(webhookDeliveries)
          .set({ state: "discarded", leaseUntil: null })
          .where(and(eq(webhookDeliveries.state, "pending")))
          .returning({ id: webhookDeliveries.id });
    await audit(tx, actor, enabled ? "enable" : "disable", enabled ? {} : { discarded: discarded.length });
    return { discarded: discarded.length };
  });
}

/** Queues a `test` event and delivers it at once; the attempt's result (null: the webhook is disabled). */
export async function sendTestEvent(
  db: Database,
  actor: AuditActor,
  options: DeliveryOptions = {},
): Promise<{ eventId: string; result: AttemptResult | null }> {
  const row = await db.transaction(async (tx) => {
    const existing = await current(tx);
    if (!existing) throw new AppError("not_found:webhook", "webhooks.errors.none");
    if (!existing.enabled) throw new AppError("conflict:webhook_disabled", "webhooks.errors.disabled");
    const [inserted] = await tx
      .insert(webhookDeliveries)
      .values({ type: "test", payload: { by: actor.email } })
      .returning({ id: webhookDeliveries.id, eventId: webhookDeliveries.eventId });
    await audit(tx, actor, "test", { eventId: inserted!.eventId });
    return inserted!;
  });
  return { eventId: row.eventId, result: await deliverNow(db, row.id, options) };
}
