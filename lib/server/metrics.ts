import "server-only";
import crypto from "node:crypto";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { SUBMISSION_STATES } from "@/drizzle/schema";
import type { HighHelpRequestObservation } from "@/lib/highhelp";
import { countOpenPayouts } from "@/lib/payouts/queries";
import { pollBacklog } from "@/lib/reconcile/queries";
import type { Database } from "./db";
import { AppError, errorResponse } from "./errors";
import { logger } from "./logger";

/*
 * The process's Prometheus metrics, served by GET /api/metrics. Counters and histograms live in
 * memory and are per instance (sum them across instances); the database gauges (reconciliation
 * backlog, open payouts) are read at scrape time and are the same from every instance (take max).
 */

const PREFIX = "backoffice_";
const SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: PREFIX });
  const registers = [registry];
  return {
    registry,
    callbacksReceived: new Counter({
      name: `${PREFIX}callbacks_received_total`,
      help: "HighHelp callback deliveries received, whatever became of them.",
      registers,
    }),
    callbacksVerified: new Counter({
      name: `${PREFIX}callbacks_verified_total`,
      help: "Callback deliveries whose signature and timestamp verified.",
      registers,
    }),
    callbacksRejected: new Counter({
      name: `${PREFIX}callbacks_rejected_total`,
      help: "Callback deliveries refused with a 4xx (quarantined, but for unknown_path), by reason.",
      labelNames: ["reason"] as const,
      registers,
    }),
    callbacksProcessed: new Counter({
      name: `${PREFIX}callbacks_processed_total`,
      help: "Verified callbacks stored, by outcome: applied (status moved), recorded (kept in the history only), duplicate.",
      labelNames: ["outcome"] as const,
      registers,
    }),
    callbacksUnavailable: new Counter({
      name: `${PREFIX}callbacks_unavailable_total`,
      help: "Callbacks answered 503 because the database or the cash registers failed (HighHelp retries them).",
      registers,
    }),
    callbackApplySeconds: new Histogram({
      name: `${PREFIX}callback_apply_seconds`,
      help: "Time to store and apply one verified callback (one database transaction).",
      buckets: SECONDS_BUCKETS,
      registers,
    }),
    highhelpRequests: new Counter({
      name: `${PREFIX}highhelp_requests_total`,
      help: "HTTP requests to HighHelp's API (each attempt of a retried call), by endpoint and outcome.",
      labelNames: ["endpoint", "outcome"] as const,
      registers,
    }),
    highhelpRequestSeconds: new Histogram({
      name: `${PREFIX}highhelp_request_seconds`,
      help: "Duration of HTTP requests to HighHelp's API, by endpoint.",
      labelNames: ["endpoint"] as const,
      buckets: SECONDS_BUCKETS,
      registers,
    }),
    reconcileDue: new Gauge({
      name: `${PREFIX}reconcile_due_applications`,
      help: "Applications whose reconciliation poll is due (read from the database at scrape time).",
      registers,
    }),
    reconcileLagSeconds: new Gauge({
      name: `${PREFIX}reconcile_lag_seconds`,
      help: "How long the most overdue reconciliation poll has waited; 0 when none is due.",
      registers,
    }),
    payoutsOpen: new Gauge({
      name: `${PREFIX}payouts_open`,
      help: "Payouts not final yet, by submission state and HighHelp status ('' before HighHelp answered).",
      labelNames: ["submission", "status"] as const,
      registers,
    }),
    databaseGaugesUp: new Gauge({
      name: `${PREFIX}database_gauges_up`,
      help: "1 when this scrape read the database gauges, 0 when the database failed (they then keep their last values).",
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

// On globalThis: Next loads route handlers separately, and a hot reload must not register the metrics twice.
const holder = globalThis as unknown as { __backofficeMetrics?: Metrics };

export function metrics(): Metrics {
  holder.__backofficeMetrics ??= createMetrics();
  return holder.__backofficeMetrics;
}

// ---------------------------------------------------------------------------------------------
// Recording (memory only: nothing here touches the database)
// ---------------------------------------------------------------------------------------------

export function countCallbackReceived(): void {
  metrics().callbacksReceived.inc();
}

export function countCallbackVerified(): void {
  metrics().callbacksVerified.inc();
}

export function countCallbackRejected(reason: string): void {
  metrics().callbacksRejected.inc({ reason });
}

export function observeCallbackStored(outcome: string, seconds: number): void {
  const m = metrics();
  m.callbacksProcessed.inc({ outcome });
  m.callbackApplySeconds.observe(seconds);
}

export function countCallbackUnavailable(): void {
  metrics().callbacksUnavailable.inc();
}

/** The HighHelp clients' observe hook (lib/server/gateway.ts). */
export function observeHighHelpRequest(request: HighHelpRequestObservation): void {
  const m = metrics();
  m.highhelpRequests.inc({ endpoint: request.endpoint, outcome: request.outcome });
  m.highhelpRequestSeconds.observe({ endpoint: request.endpoint }, request.durationMs / 1000);
}

// ---------------------------------------------------------------------------------------------
// Scraping
// ---------------------------------------------------------------------------------------------

/** Reads the database gauges; a failing database is reported by backoffice_database_gauges_up, not by a failed scrape. */
async function collectDatabaseGauges(db: Database, now: Date): Promise<void> {
  const m = metrics();
  try {
    const [backlog, payouts] = await Promise.all([pollBacklog(db, now), countOpenPayouts(db)]);
    m.reconcileDue.set(backlog.due);
    m.reconcileLagSeconds.set(backlog.lagSeconds);
    m.payoutsOpen.reset();
    // Every submission state is present, at 0 when there is none, so that alerts see a series.
    for (const submission of SUBMISSION_STATES)
      if (!payouts.some((p) => p.submission === submission)) m.payoutsOpen.set({ submission, status: "" }, 0);
    for (const p of payouts) m.payoutsOpen.set({ submission: p.submission, status: p.status }, p.count);
    m.databaseGaugesUp.set(1);
  } catch (error) {
    logger.warn("metrics: the database gauges could not be read", { error });
    m.databaseGaugesUp.set(0);
  }
}

/** The Prometheus text exposition of this process's metrics. */
export async function renderMetrics(
  db: () => Promise<Database>,
  now = new Date(),
): Promise<{ contentType: string; text: string }> {
  let database: Database | null = null;
  try {
    database = await db();
  } catch (error) {
    logger.warn("metrics: the database is not available", { error });
    metrics().databaseGaugesUp.set(0);
  }
  if (database !== null) await collectDatabaseGauges(database, now);
  const { registry } = metrics();
  return { contentType: registry.contentType, text: await registry.metrics() };
}

/** Equal-length digests, so the comparison takes the same time whatever the given token. */
function sameToken(given: string, expected: string): boolean {
  const digest = (text: string) => crypto.createHash("sha256").update(text).digest();
  return crypto.timingSafeEqual(digest(given), digest(expected));
}

const NO_STORE = { "cache-control": "no-store" };

/**
 * GET /api/metrics: 404 when no METRICS_TOKEN is configured (the route does not exist), 401 without
 * `Authorization: Bearer <METRICS_TOKEN>`, else the metrics.
 */
export async function metricsResponse(
  request: Request,
  options: { token: string | undefined; db: () => Promise<Database>; now?: Date },
): Promise<Response> {
  if (options.token === undefined) {
    return errorResponse(new AppError("not_found:metrics", "Not found."), { headers: NO_STORE });
  }
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "");
  if (match === null || !sameToken(match[1]!, options.token)) {
    return errorResponse(new AppError("unauthenticated:metrics_token", "A valid bearer token is required."), {
      headers: { ...NO_STORE, "www-authenticate": 'Bearer realm="metrics"' },
    });
  }
  const { contentType, text } = await renderMetrics(options.db, options.now);
  return new Response(text, { headers: { ...NO_STORE, "content-type": contentType } });
}
