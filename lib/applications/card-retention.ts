import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Database } from "@/lib/server/db";
import { logger } from "@/lib/server/logger";
import { executeRows } from "@/lib/server/sql";
import { DAY_MS } from "@/lib/dates/utc";
import { claimJobLease, shortenJobLease } from "@/lib/reconcile/job-lease";
import { maskCardNumbersInJson } from "./card-masking";

/*
 * Card-number retention. Our verified copies of HighHelp's data keep full card numbers while an
 * application may still need them (the payer's instructions, disputes). Once it is final and its
 * last change is older than CARD_DATA_RETENTION_DAYS, every card number in those copies is masked
 * (lib/applications/card-masking.ts): its requisites and display_data, its status events' payloads
 * and its callback deliveries' raw bodies. `card_data_masked_at` marks the done; a copy that arrives
 * later clears it again (triggers in the migration), so the next run masks that one as well.
 */

/** The masking runs at most once per this period, across all instances... */
export const CARD_DATA_MASKING_EVERY_SECONDS = 3600;
/** ...or once per this one while due applications remain (a backlog drains in bounded runs). */
export const CARD_DATA_BACKLOG_EVERY_SECONDS = 60;
const LEASE_NAME = "card-data-masking";

export interface CardMaskingOptions {
  /** Applications per transaction. */
  batchSize?: number;
  /** Transactions per run: the rest waits for the next run. */
  maxBatches?: number;
  now?: Date;
}

export interface CardMaskingCounts {
  /** Applications checked and marked masked. */
  applications: number;
  /** Rows whose stored text changed, per table. */
  applicationRows: number;
  statusEvents: number;
  callbackDeliveries: number;
  /** The run stopped at `maxBatches` with due applications left. */
  more: boolean;
}

type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];
type Row = Record<string, unknown>;

// Rows that may hold a 13+ digit run (grouped or not) are read; masking decides the rest. A raw body may also
// write digits as \u escapes (jsonb's text never does).
const MAY_HOLD_CARD = "[0-9]([ -]?[0-9]){12}";

const text = (value: unknown) => (value == null ? null : String(value));

function idList(ids: number[]): SQL {
  return sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  );
}

/** Masks one batch of due applications in one transaction; returns what it did. */
async function maskBatch(tx: Tx, cutoff: Date, batchSize: number): Promise<Omit<CardMaskingCounts, "more">> {
  const apps = await executeRows<Row>(
    tx,
    sql`
    select id, requisites::text as requisites, display_data::text as display_data from applications
    where card_data_masked_at is null and status in ('success', 'decline')
      and coalesce(last_event_at, updated_at) < ${cutoff.toISOString()}::timestamptz
    order by coalesce(last_event_at, updated_at), id
    limit ${batchSize}
    for update skip locked`,
  );
  const counts = { applications: apps.length, applicationRows: 0, statusEvents: 0, callbackDeliveries: 0 };
  if (apps.length === 0) return counts;
  const ids = apps.map((app) => Number(app.id));

  for (const app of apps) {
    const changes: SQL[] = [];
    for (const [column, value] of [
      ["requisites", text(app.requisites)],
      ["display_data", text(app.display_data)],
    ] as const) {
      if (value === null) continue;
      const masked = maskCardNumbersInJson(value);
      if (masked !== value) changes.push(sql`${sql.identifier(column)} = ${masked}::jsonb`);
    }
    if (changes.length === 0) continue;
    // Raw SQL on purpose: masking is not a change of the application, so updated_at stays.
    await tx.execute(sql`update applications set ${sql.join(changes, sql`, `)} where id = ${Number(app.id)}`);
    counts.applicationRows++;
  }

  const events = await executeRows<Row>(
    tx,
    sql`
    select id, payload::text as payload from status_events
    where application_id in (${idList(ids)}) and payload is not null and payload::text ~ ${MAY_HOLD_CARD}`,
  );
  for (const event of events) {
    const payload = String(event.payload);
    const masked = maskCardNumbersInJson(payload);
    if (masked === payload) continue;
    await tx.execute(sql`update status_events set payload = ${masked}::jsonb where id = ${Number(event.id)}`);
    counts.statusEvents++;
  }

  const deliveries = await executeRows<Row>(
    tx,
    sql`
    select id, raw_body from callback_deliveries
    where application_id in (${idList(ids)}) and (raw_body ~ ${MAY_HOLD_CARD} or strpos(raw_body, ${"\\u"}) > 0)`,
  );
  for (const delivery of deliveries) {
    const body = String(delivery.raw_body);
    const masked = maskCardNumbersInJson(body);
    if (masked === body) continue;
    await tx.execute(sql`update callback_deliveries set raw_body = ${masked} where id = ${Number(delivery.id)}`);
    counts.callbackDeliveries++;
  }

  await tx.execute(sql`update applications set card_data_masked_at = now() where id in (${idList(ids)})`);
  return counts;
}

/**
 * Masks the card numbers of applications final for more than `retentionDays`, in batches of
 * `batchSize` applications (one transaction each), at most `maxBatches` per call. Concurrent
 * callers skip each other's rows.
 */
export async function maskExpiredCardData(
  db: Database,
  retentionDays: number,
  options: CardMaskingOptions = {},
): Promise<CardMaskingCounts> {
  const { batchSize = 200, maxBatches = 10, now = new Date() } = options;
  const cutoff = new Date(now.getTime() - retentionDays * DAY_MS);
  const total: CardMaskingCounts = { applications: 0, applicationRows: 0, statusEvents: 0, callbackDeliveries: 0, more: true };
  for (let batch = 0; batch < maxBatches; batch++) {
    const counts = await db.transaction((tx) => maskBatch(tx, cutoff, batchSize));
    total.applications += counts.applications;
    total.applicationRows += counts.applicationRows;
    total.statusEvents += counts.statusEvents;
    total.callbackDeliveries += counts.callbackDeliveries;
    if (counts.applications < batchSize) {
      total.more = false;
      break;
    }
  }
  return total;
}

/** The leased masking step of the reconciliation loop: one instance masks, once per period. */
export async function runCardDataRetention(db: Database, options: { cardDataRetentionDays: number }): Promise<void> {
  if (!(await claimJobLease(db, LEASE_NAME, CARD_DATA_MASKING_EVERY_SECONDS))) return;
  const { more, ...counts } = await maskExpiredCardData(db, options.cardDataRetentionDays);
  if (more) await shortenJobLease(db, LEASE_NAME, CARD_DATA_BACKLOG_EVERY_SECONDS);
  if (counts.applicationRows + counts.statusEvents + counts.callbackDeliveries > 0) {
    logger.info("card numbers masked in stored copies", { ...counts, retentionDays: options.cardDataRetentionDays });
  }
}
