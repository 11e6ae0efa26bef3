import "server-only";
import { message } from "@/lib/i18n/message";
import { eq } from "drizzle-orm";
import { applications, type Application } from "@/drizzle/schema";
import { recordAudit, type AuditActor } from "@/lib/audit/commands";
import type { Database } from "@/lib/server/db";
import { AppError, type AppErrorCode } from "@/lib/server/errors";
import {
  describeHighHelpError,
  isFinalStatus,
  type HighHelpClient,
  type HighHelpError,
  type HighHelpResult,
  type PaymentResponse,
} from "@/lib/highhelp";
import { infoCall } from "@/lib/reconcile/reconcile";
import { resolveForProject, type PerProject } from "@/lib/registers/gateway-access";
import { applyStatusEvent } from "./apply-status-event";
import { eventFromResponse } from "./events-from-highhelp";
import { findApplication } from "./queries";
import type { ProjectScope } from "@/lib/accounts/register-scope";

/*
 * What staff do to an existing application: refresh it from HighHelp, confirm that the
 * payer paid, cancel it. Each goes through lib/highhelp, feeds the answer through the one apply
 * function, and leaves an audit entry, whatever the outcome.
 */

export type OperationName = "refresh" | "confirm" | "cancel";

export type OperationResult =
  | { ok: true; message: string; status: string | null; subStatus: string | null }
  | { ok: false; code: AppErrorCode; message: string; detail?: string };

/** Whether an operation makes sense for the application now (the UI asks the same question). */
export function allowedOperations(
  app: Pick<Application, "type" | "status" | "subStatus" | "submission">,
): Record<OperationName, boolean> {
  const sent = app.submission !== "awaiting_approval" && app.submission !== "ready" && app.submission !== "refused";
  const payinOpen = app.type === "payin" && sent && app.status !== null && !isFinalStatus(app.status);
  return {
    refresh: sent,
    confirm: payinOpen && app.status === "processing" && app.subStatus === "awaiting_confirm",
    cancel: payinOpen,
  };
}

/** The words a finance person reads; the technical description stays available as detail. */
function friendly(operation: OperationName, error: HighHelpError): { code: AppErrorCode; message: string; detail: string } {
  const detail = describeHighHelpError(error);
  switch (error.kind) {
    case "http_4xx":
      return {
        code: "bad_request:highhelp_refused",
        message: error.description
          ? message("applicationActions.errors.refusedBecause", { operation, description: error.description })
          : message("applicationActions.errors.refused", { operation }),
        detail,
      };
    case "timeout":
    case "network":
    case "http_5xx":
    case "malformed_response":
      return {
        code: "unavailable:highhelp",
        message:
          operation === "refresh"
            ? "applicationActions.errors.unreachable"
            : message("applicationActions.errors.unclear", { operation }),
        detail,
      };
    case "invalid_request":
      return {
        code: "bad_request:highhelp_request",
        message: "applicationActions.errors.invalid",
        detail,
      };
  }
}

async function loadApplication(db: Database, id: number, scope: ProjectScope): Promise<Application> {
  const app = await findApplication(db, id, scope);
  if (!app) throw new AppError("not_found:application", "applicationActions.errors.noApplication");
  return app;
}

function call(
  client: HighHelpClient,
  app: Application,
  operation: Exclude<OperationName, "refresh">,
): Promise<HighHelpResult<PaymentResponse>> {
  const ref = { general: { payment_id: app.paymentId } };
  const widget = app.integration === "h2c";
  if (operation === "confirm") return widget ? client.widgetPayinConfirm(ref) : client.p2pPayinConfirm(ref);
  return widget ? client.widgetPayinCancel(ref) : client.p2pPayinCancel(ref);
}

/**
 * Runs one staff operation on an application: check, call HighHelp (the application's register), apply, audit.
 * An application outside the actor's `scope` is answered as missing.
 */
export async function runOperation(
  db: Database,
  clients: PerProject<HighHelpClient>,
  applicationId: number,
  operation: OperationName,
  actor: AuditActor,
  scope: ProjectScope,
): Promise<OperationResult> {
  const app = await loadApplication(db, applicationId, scope);
  if (!allowedOperations(app)[operation]) {
    const current = [app.status ?? "not sent", app.subStatus].filter(Boolean).join(":");
    await recordAudit(db, actor, {
      action: `application.${operation}.refused`,
      targetType: "application",
      targetId: app.paymentId,
      applicationId: app.id,
      details: { status: current },
    });
    return {
      ok: false,
      code: "conflict:application_state",
      message: message("applicationActions.errors.state", { operation, state: stateKey(app) }),
    };
  }
  const client = await resolveForProject(clients, app.projectId);
  const result = operation === "refresh" ? await infoCall(client, app) : await call(client, app, operation);
  if (!result.ok) {
    const { code, message, detail } = friendly(operation, result.error);
    if (operation !== "refresh" && result.error.kind !== "invalid_request" && result.error.kind !== "http_4xx") {
      // The effect is unknown: let reconciliation ask HighHelp right away.
      await db.update(applications).set({ nextPollAt: new Date() }).where(eq(applications.id, app.id));
    }
    await recordAudit(db, actor, {
      action: `application.${operation}.failed`,
      targetType: "application",
      targetId: app.paymentId,
      applicationId: app.id,
      details: { error: result.error.kind, detail },
    });
    return { ok: false, code, message, detail };
  }
  const applied = await applyStatusEvent(
    db,
    eventFromResponse(
      result.data,
      { projectId: app.projectId, paymentId: app.paymentId },
      operation === "refresh" ? "poll" : "api_response",
      actor.userId,
    ),
  );
  await recordAudit(db, actor, {
    action: `application.${operation}`,
    targetType: "application",
    targetId: app.paymentId,
    applicationId: app.id,
    details: { status: result.data.status, subStatus: result.data.sub_status ?? null, outcome: applied.outcome },
  });
  return {
    ok: true,
    message: message("applicationActions.done", { operation, state: stateKey(applied) }),
    status: applied.status,
    subStatus: applied.subStatus,
  };
}

/** The message key of an application's state in words: its sub-status when HighHelp gave one, else its status. */
function stateKey(app: { status: string | null; subStatus: string | null; submission?: string }): string {
  if (app.subStatus) return `status.sub.${app.subStatus}`;
  if (app.status) return `status.code.${app.status}`;
  return `status.submission.${app.submission ?? "ready"}`;
}
