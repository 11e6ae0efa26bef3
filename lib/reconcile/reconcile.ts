import "server-only";
import { ALL_PROJECTS, type ProjectScope } from "@/lib/accounts/register-scope";
import { recordAudit, type AuditActor } from "@/lib/audit/commands";
import { AppError } from "@/lib/server/errors";
import { and, eq, sql } from "drizzle-orm";
import { applications, type Application } from "@/drizzle/schema";
import { applyStatusEvent } from "@/lib/applications/apply-status-event";
import { eventFromResponse } from "@/lib/applications/events-from-highhelp";
import { findApplication } from "@/lib/applications/queries";
import { DAY_MS } from "@/lib/dates/utc";
import { nextPollAfterAttempt } from "./policy";
import { auditLearnedSent, markAbsent, provesAbsence, UNSETTLED_SUBMISSIONS } from "@/lib/applications/submission";
import type { Database } from "@/lib/server/db";
import type { HighHelpClient, HighHelpResult, PaymentResponse } from "@/lib/highhelp";
import { describeHighHelpError } from "@/lib/highhelp";
import { logger } from "@/lib/server/logger";
import { withLogContext } from "@/lib/server/log-context";
import { runCallbackRetention } from "@/lib/callbacks/retention";
import { resolveForProject, type PerProject } from "@/lib/registers/gateway-access";
import { runCardDataRetention } from "@/lib/applications/card-retention";
import { runSearchKeyFill } from "@/lib/applications/search-keys";
import { runRollupFold } from "@/lib/rollups/commands";
import { runStuckRule } from "@/lib/work/stuck";
import { runWebhookDelivery } from "@/lib/webhooks/delivery";
import { runScheduledSnapshots } from "@/lib/settlement/commands";

/** How long one instance owns an application it polls; longer than a client call with retries. */
export const POLL_LEASE_SECONDS = 120;
/** Applications older than this are left to a person (and support): polling stops. */
export const MAX_POLL_AGE_DAYS = 7;

/**
 * Claims up to `limit` applications whose poll is due, for this instance only: `FOR UPDATE SKIP
 * LOCKED` keeps two instances from claiming the same row at once, and the lease keeps the row
 * theirs while the HTTP call runs.
 */
export async function claimDueApplications(db: Database, limit: number, now = new Date()): Promise<Application[]> {
  const leaseUntil = new Date(now.getTime() + POLL_LEASE_SECONDS * 1000);
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: applications.id })
      .from(applications)
      .where(
        and(
          sql`${applications.nextPollAt} <= ${now}`,
          sql`(${applications.pollLeaseUntil} is null or ${applications.pollLeaseUntil} < ${now})`,
          sql`(${applications.status} is null or ${applications.status} not in ('success', 'decline'))`,
        ),
      )
      .orderBy(applications.nextPollAt)
      .limit(limit)
      .for("update", { skipLocked: true });
    if (due.length === 0) return [];
    return tx
      .update(applications)
      .set({ pollLeaseUntil: leaseUntil })
      .where(
        sql`${applications.id} in (${sql.join(
          due.map((d) => sql`${d.id}`),
          sql`, `,
        )})`,
      )
      .returning();
  });
}

/** The `info` call that matches an application's kind. */
export function infoCall(client: HighHelpClient, app: Application): Promise<HighHelpResult<PaymentResponse>> {
  const ref = { general: { payment_id: app.paymentId } };
  if (app.type === "payout") return client.p2pPayoutInfo(ref);
  if (app.integration === "h2c") return client.widgetPayinInfo(ref);
  if (app.product === "ecom") return client.ecomPayinInfo(ref);
  return client.p2pPayinInfo(ref);
}

/**
 * `absent`: `info` proved HighHelp never received the create (lib/applications/submission). `not_found`: `info`
 * does not know the application, without that proving anything (an alert's application, a create still settling).
 */
export type PollOutcome = "applied" | "unchanged" | "failed" | "expired" | "absent" | "not_found";

/** Polls one claimed application (through its register's client) and feeds the answer through the one apply function. */
export async function pollApplication(
  db: Database,
  clients: PerProject<HighHelpClient>,
  app: Application,
  now = new Date(),
): Promise<PollOutcome> {
  const ageDays = (now.getTime() - app.createdAt.getTime()) / DAY_MS;
  if (ageDays > MAX_POLL_AGE_DAYS) {
    await db.update(applications).set({ nextPollAt: null, pollLeaseUntil: null }).where(eq(applications.id, app.id));
    logger.warn("reconcile: stopped polling an old non-final application", { applicationId: app.id, paymentId: app.paymentId });
    return "expired";
  }
  const result = await infoCall(await resolveForProject(clients, app.projectId), app);
  let outcome: PollOutcome = "failed";
  if (result.ok) {
    const applied = await applyStatusEvent(
      db,
      eventFromResponse(result.data, { projectId: app.projectId, paymentId: app.paymentId }, "poll"),
      now,
    );
    outcome = applied.outcome === "applied" ? "applied" : "unchanged";
    if (UNSETTLED_SUBMISSIONS.includes(app.submission)) await auditLearnedSent(db, app, result.data);
  } else if (provesAbsence(result.error) && (await markAbsent(db, app, now))) {
    logger.warn("reconcile: HighHelp never received this application", { applicationId: app.id, paymentId: app.paymentId });
    await db.update(applications).set({ pollLeaseUntil: null }).where(eq(applications.id, app.id));
    return "absent";
  } else if (provesAbsence(result.error)) {
    outcome = "not_found";
    // Said once per stretch without news (pollAttempts restarts when news arrives); every poll would flood the log.
    const log = app.pollAttempts === 0 ? logger.warn : logger.debug;
    log("reconcile: HighHelp's info does not know this application; backing off", {
      applicationId: app.id,
      paymentId: app.paymentId,
      submission: app.submission,
    });
  } else {
    logger.warn("reconcile: info failed", { applicationId: app.id, error: describeHighHelpError(result.error) });
  }
  if (outcome === "applied") {
    // applyStatusEvent has set the next poll from the news; only the lease remains.
    await db.update(applications).set({ pollLeaseUntil: null }).where(eq(applications.id, app.id));
  } else {
    const current = await findApplication(db, app.id, ALL_PROJECTS);
    const attempts = (current?.pollAttempts ?? app.pollAttempts) + 1;
    const subject = {
      type: app.type,
      product: app.product,
      integration: app.integration,
      status: current?.status ?? app.status,
      hasInstructions: Boolean(current?.displayData ?? app.displayData),
      expiresAt: current?.expiresAt ?? app.expiresAt,
      createdAt: app.createdAt,
      lifetime: app.lifetime,
    };
    await db
      .update(applications)
      .set({
        pollAttempts: attempts,
        nextPollAt: nextPollAfterAttempt(subject, attempts, now, { notFound: outcome === "not_found" }),
        pollLeaseUntil: null,
      })
      .where(eq(applications.id, app.id));
  }
  return outcome;
}

/** One pass: claim what is due and poll it. Returns how many were polled. */
export async function reconcileOnce(
  db: Database,
  clients: PerProject<HighHelpClient>,
  options: { batch?: number; now?: Date } = {},
): Promise<number> {
  const claimed = await claimDueApplications(db, options.batch ?? 20, options.now);
  for (const app of claimed) {
    try {
      await pollApplication(db, clients, app, options.now);
    } catch (error) {
      logger.error("reconcile: poll failed", { applicationId: app.id, error });
    }
  }
  return claimed.length;
}

/** What the loop keeps besides polling: the leased retention steps. */
export interface MaintenanceOptions {
  quarantineRetentionDays: number;
  cardDataRetentionDays: number;
  /** How often every active register's balance is recorded (lib/settlement), one instance per interval. */
  balanceSnapshotIntervalSeconds: number;
}

/**
 * Runs reconcileOnce, then the leased retention steps, the queue's stuck rule and the search keys' fill, every
 * `intervalMs` until stopped; and, on timers of their own so that slow HighHelp calls do not delay them, the leased
 * rollup fold, the webhook's deliveries and the balance snapshots of the settlement view. Overlapping passes are
 * skipped.
 */
export function startReconciler(
  db: Database,
  clients: PerProject<HighHelpClient>,
  intervalMs: number,
  maintenance: MaintenanceOptions,
): () => void {
  const stops = [
    every("reconcile", intervalMs, () =>
      reconcileOnce(db, clients)
        .catch((error: unknown) => logger.error("reconcile: pass failed", { error }))
        .then(() => runCallbackRetention(db, maintenance))
        .catch((error: unknown) => logger.error("reconcile: retention failed", { error }))
        .then(() => runCardDataRetention(db, maintenance))
        .catch((error: unknown) => logger.error("reconcile: card data masking failed", { error }))
        .then(() => runStuckRule(db))
        .catch((error: unknown) => logger.error("queue: stuck rule failed", { error }))
        .then(() => runSearchKeyFill(db))
        .catch((error: unknown) => logger.error("search keys: fill failed", { error })),
    ),
    every("rollups", intervalMs, () =>
      runRollupFold(db).catch((error: unknown) => logger.error("rollups: fold failed", { error })),
    ),
    // On its own timer: a receiver that times out must not hold up polling, nor polling the chat's notifications.
    every("webhooks", intervalMs, () =>
      runWebhookDelivery(db).catch((error: unknown) => logger.error("webhooks: delivery pass failed", { error })),
    ),
    // Its own timer too: a register's slow balance/info must not hold up polling; the lease sets the pace.
    every("balance-snapshots", intervalMs, () =>
      runScheduledSnapshots(db, clients, maintenance.balanceSnapshotIntervalSeconds).catch((error: unknown) =>
        logger.error("settlement: balance snapshots failed", { error }),
      ),
    ),
  ];
  return () => stops.forEach((stop) => stop());
}

/** Calls `pass` every `intervalMs`, skipping a tick while the previous pass runs; its log lines name the `job`. */
function every(job: string, intervalMs: number, pass: () => Promise<unknown>): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    void withLogContext({ job }, pass).finally(() => {
      running = false;
    });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** What asking HighHelp now came to: the status event's outcome, or why there is none. */
export type ReconcileNowOutcome = "applied" | "recorded" | "duplicate" | "absent" | "not_found" | "failed";

/**
 * Force reconcile: asks HighHelp's `info` about one application now (whatever its poll schedule) and feeds the
 * answer through the one apply function, in the name of `actor`; audited. Outside `scope`: as missing.
 */
export async function reconcileNow(
  db: Database,
  clients: PerProject<HighHelpClient>,
  applicationId: number,
  actor: AuditActor,
  scope: ProjectScope,
  now = new Date(),
): Promise<{ outcome: ReconcileNowOutcome; status: string | null; subStatus: string | null }> {
  const app = await findApplication(db, applicationId, scope);
  if (!app) throw new AppError("not_found:application", "This application does not exist.");
  if (app.submission === "awaiting_approval" || app.submission === "refused") {
    throw new AppError("conflict:application_state", "callbackLog.errors.notSent");
  }
  const result = await infoCall(await resolveForProject(clients, app.projectId), app);
  let outcome: ReconcileNowOutcome;
  let status: string | null = app.status;
  let subStatus: string | null = app.subStatus;
  if (result.ok) {
    const applied = await applyStatusEvent(
      db,
      eventFromResponse(result.data, { projectId: app.projectId, paymentId: app.paymentId }, "poll", actor.userId),
      now,
    );
    outcome = applied.outcome;
    status = applied.status;
    subStatus = applied.subStatus;
  } else if (provesAbsence(result.error)) {
    outcome = (await markAbsent(db, app, now)) ? "absent" : "not_found";
  } else {
    outcome = "failed";
  }
  await recordAudit(db, actor, {
    action: "application.reconcile",
    targetType: "application",
    targetId: app.paymentId,
    applicationId: app.id,
    details: { outcome, ...(result.ok ? { status, subStatus } : { error: describeHighHelpError(result.error) }) },
  });
  return { outcome, status, subStatus };
}
