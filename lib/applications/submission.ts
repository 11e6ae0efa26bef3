import "server-only";
import { ALL_PROJECTS } from "@/lib/accounts/register-scope";
import { and, eq, inArray, lte, sql } from "drizzle-orm";
import { applications, auditLog, type Application, type SubmissionState } from "@/drizzle/schema";
import { recordAudit, type AuditActor } from "@/lib/audit/commands";
import type { Database } from "@/lib/server/db";
import { describeHighHelpError, type HighHelpError, type HighHelpResult, type PaymentResponse } from "@/lib/highhelp";
import { applyStatusEvent } from "./apply-status-event";
import { message } from "@/lib/i18n/message";
import { translateText } from "@/lib/i18n/translate";
import { findApplication } from "./queries";
import { eventFromResponse } from "./events-from-highhelp";

/*
 * Sending a money movement to HighHelp at most once. The application row is written
 * before HighHelp is called; one conditional UPDATE moves it to `sending`, so of two submits of
 * the same form only one ever calls create. The answer then settles it: `sent`, `refused`
 * (HighHelp has nothing), or `unknown` (the answer was lost: reconciliation asks `info`, and never
 * creates again on its own: docs/highhelp-decisions.md#creates-are-sent-once).
 */

export type SubmitOutcome =
  /** HighHelp accepted it. */
  | "sent"
  /** Refused before or by HighHelp: nothing exists there. */
  | "refused"
  /** The answer was lost: reconciliation asks `info` to learn the truth. */
  | "unknown"
  /** The same form was submitted before: nothing was sent again. */
  | "already_submitted"
  /** Written, waiting for a second admin (payouts above the approval threshold). */
  | "awaiting_approval";

export interface SubmitResult {
  outcome: SubmitOutcome;
  application: Application;
  /** What happened, in English words. */
  message: string;
  /** The same as a message of lib/i18n/message.ts, for the reader's language. */
  messageKey: string;
}

/** `message` and `messageKey` of a result, from a message (lib/i18n/message.ts). */
export function outcomeMessage(key: string): { message: string; messageKey: string } {
  return { message: translateText("en", key), messageKey: key };
}

export type MovementNoun = "payin" | "payout";

/** If the process dies mid-call, reconciliation picks a `sending` row up after this long (creates never retry; one call ≤ HIGHHELP_TIMEOUT_MS). */
const STALE_SENDING_SECONDS = 120;

/**
 * How long after our create call started a "not found" from `info` counts as proof that HighHelp
 * never received it (a create still in flight at HighHelp could answer "not found" earlier).
 */
export const ABSENCE_PROOF_SECONDS = 60;

/**
 * Our reading of "HighHelp does not know this payment_id": `info` answers 404 (the docs leave the
 * code open; the sandbox answers 404 with `not_found`). The only place this reading lives:
 * docs/highhelp-decisions.md#proof-of-absence.
 */
export function provesAbsence(error: HighHelpError): boolean {
  return error.kind === "http_4xx" && error.status === 404;
}

/** The columns of a row that is being sent now. */
export function sendingColumns(now = new Date()) {
  return {
    submission: "sending" as const,
    submittedAt: now,
    nextPollAt: new Date(now.getTime() + STALE_SENDING_SECONDS * 1000),
  };
}

/**
 * Moves an application from `from` to `sending`, if it is still there: the one statement that
 * decides who calls HighHelp's create. Null when someone else did (or it moved on).
 */
export async function claimForSending(
  db: Database,
  applicationId: number,
  from: SubmissionState,
  extra: Partial<Pick<Application, "approvedBy" | "approvedAt">> = {},
): Promise<Application | null> {
  const [row] = await db
    .update(applications)
    .set({ ...sendingColumns(), ...extra })
    .where(and(eq(applications.id, applicationId), eq(applications.submission, from)))
    .returning();
  return row ?? null;
}

/** Whether a failed create may have reached HighHelp (then only `info` can tell). */
function mayExistAtHighHelp(error: HighHelpError): boolean {
  if (error.kind === "invalid_request") return false; // never sent
  // A 409 on create most likely means "this payment_id exists" (undocumented): find out through info.
  if (error.kind === "http_4xx") return error.status === 409;
  return true;
}

/** Records what HighHelp answered to a create, feeds it through the one apply function, audits it. */
export async function settleSubmission(
  db: Database,
  app: Application,
  result: HighHelpResult<PaymentResponse>,
  actor: AuditActor,
  noun: MovementNoun,
): Promise<SubmitResult> {
  const audit = (action: string, details: Record<string, unknown>) =>
    recordAudit(db, actor, {
      action: `${noun}.${action}`,
      targetType: "application",
      targetId: app.paymentId,
      applicationId: app.id,
      details,
    });
  if (result.ok) {
    // Applying HighHelp's status also marks the row `sent` (apply-status-event: any status proves it).
    await applyStatusEvent(
      db,
      eventFromResponse(result.data, { projectId: app.projectId, paymentId: app.paymentId }, "api_response", actor.userId),
    );
    await audit("sent", { status: result.data.status, subStatus: result.data.sub_status ?? null });
    return {
      outcome: "sent",
      application: (await findApplication(db, app.id, ALL_PROJECTS))!,
      ...outcomeMessage(noun === "payin" ? "submission.payinSent" : "submission.payoutSent"),
    };
  }
  const detail = describeHighHelpError(result.error);
  const unknown = mayExistAtHighHelp(result.error);
  await db
    .update(applications)
    .set(
      unknown
        ? { submission: "unknown", statusDescription: detail, nextPollAt: new Date() }
        : { submission: "refused", statusDescription: detail, nextPollAt: null },
    )
    .where(eq(applications.id, app.id));
  await audit(unknown ? "unknown" : "refused", { error: result.error.kind, detail });
  return {
    outcome: unknown ? "unknown" : "refused",
    application: (await findApplication(db, app.id, ALL_PROJECTS))!,
    ...outcomeMessage(
      unknown
        ? noun === "payin"
          ? "submission.payinUnknown"
          : "submission.payoutUnknown"
        : message(noun === "payin" ? "submission.payinRefused" : "submission.payoutRefused", { detail }),
    ),
  };
}

/** The submission states whose create's outcome nobody has learned yet. */
export const UNSETTLED_SUBMISSIONS: readonly SubmissionState[] = ["sending", "unknown"];

/**
 * After a create whose answer was lost (the instance died, the network dropped), whoever learns that HighHelp has
 * the application (reconciliation's `info`) writes its `sent` entry, as the create would have: once per
 * application, whoever learns it again. Returns whether it wrote it.
 */
export async function auditLearnedSent(db: Database, app: Application, data: PaymentResponse): Promise<boolean> {
  const action = `${app.type}.sent`;
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`audit-sent:${app.id}`}))`);
    const [existing] = await tx
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(and(eq(auditLog.applicationId, app.id), eq(auditLog.action, action)))
      .limit(1);
    if (existing) return false;
    await recordAudit(
      tx,
      { userId: null, email: "system" },
      {
        action,
        targetType: "application",
        targetId: app.paymentId,
        applicationId: app.id,
        details: { status: data.status, subStatus: data.sub_status ?? null, learnedBy: "reconciliation" },
      },
    );
    return true;
  });
}

/**
 * After `info` proved HighHelp never received a create (provesAbsence, long enough after the
 * call): the row becomes `absent` and polling stops. Nothing is sent again here; for payouts an
 * admin may decide to resend (lib/payouts). Returns whether the row was marked.
 */
export async function markAbsent(db: Database, app: Application, now = new Date()): Promise<boolean> {
  const provenBefore = new Date(now.getTime() - ABSENCE_PROOF_SECONDS * 1000);
  // The mark and its audit entry are one write: whoever marks it writes the entry, and only they.
  return db.transaction(async (tx) => {
    const marked = await tx
      .update(applications)
      .set({
        submission: "absent",
        nextPollAt: null,
        statusDescription: "HighHelp has no record of this application: the create never reached it.",
      })
      .where(
        and(
          eq(applications.id, app.id),
          inArray(applications.submission, ["sending", "unknown"]),
          lte(applications.submittedAt, provenBefore),
          sql`${applications.status} is null`,
        ),
      )
      .returning({ id: applications.id });
    if (marked.length === 0) return false;
    await recordAudit(
      tx,
      { userId: null, email: "system" },
      {
        action: `${app.type}.absent`,
        targetType: "application",
        targetId: app.paymentId,
        applicationId: app.id,
        details: { submittedAt: app.submittedAt?.toISOString() ?? null },
      },
    );
    return true;
  });
}
