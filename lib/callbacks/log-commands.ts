import "server-only";
import { and, eq } from "drizzle-orm";
import { callbackDeliveries } from "@/drizzle/schema";
import { applyStatusEvent, type ApplyOutcome } from "@/lib/applications/apply-status-event";
import { eventFromAlert } from "@/lib/applications/events-from-highhelp";
import { projectScopeWhere, type ProjectScope } from "@/lib/accounts/register-scope";
import { recordAudit, type AuditActor } from "@/lib/audit/commands";
import { alertSchema } from "@/lib/highhelp";
import type { Database } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";

export interface ReapplyResult {
  outcome: ApplyOutcome;
  applicationId: number;
  /** Message key for the person who asked. */
  message: string;
}

const MESSAGES: Record<ApplyOutcome, string> = {
  duplicate: "callbackLog.reapply.noChange",
  applied: "callbackLog.reapply.applied",
  recorded: "callbackLog.reapply.recorded",
};

/**
 * Runs a stored, verified delivery through the apply path again (the one a live callback takes, without storing
 * the delivery a second time). What already happened is a duplicate there and changes nothing; the answer says
 * so. Unverified deliveries are refused: only a signature proves HighHelp sent them. One audit entry per call.
 */
export async function reapplyDelivery(
  db: Database,
  deliveryId: number,
  actor: AuditActor,
  scope: ProjectScope,
): Promise<ReapplyResult> {
  const d = callbackDeliveries;
  const [delivery] = await db
    .select({
      id: d.id,
      rawBody: d.rawBody,
      signatureVerified: d.signatureVerified,
      projectId: d.projectId,
      paymentId: d.paymentId,
      applicationId: d.applicationId,
    })
    .from(d)
    .where(and(eq(d.id, deliveryId), projectScopeWhere(scope, d.projectId)));
  if (!delivery) throw new AppError("not_found:callback_delivery", "callbackLog.errors.notFound");
  const audit = (action: string, details: Record<string, unknown>) =>
    recordAudit(db, actor, {
      action,
      targetType: "application",
      targetId: delivery.paymentId,
      applicationId: delivery.applicationId,
      details: { delivery: delivery.id, ...details },
    });
  if (delivery.signatureVerified !== true) {
    await audit("callback.reapply.refused", { reason: "unverified" });
    throw new AppError("conflict:callback_unverified", "callbackLog.errors.unverified");
  }
  let alert;
  try {
    const parsed = alertSchema.safeParse(JSON.parse(delivery.rawBody));
    alert = parsed.success ? parsed.data : null;
  } catch {
    alert = null;
  }
  if (!alert || alert.project_id !== delivery.projectId) {
    await audit("callback.reapply.refused", { reason: "unreadable" });
    throw new AppError("conflict:callback_unreadable", "callbackLog.errors.unreadable");
  }
  const result = await applyStatusEvent(db, eventFromAlert(alert, null));
  await audit("callback.reapply", { outcome: result.outcome, status: result.status, subStatus: result.subStatus });
  return { outcome: result.outcome, applicationId: result.applicationId, message: MESSAGES[result.outcome] };
}
