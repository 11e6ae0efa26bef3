import "server-only";
import { sql } from "drizzle-orm";
import type { Database } from "@/lib/server/db";
import { logger } from "@/lib/server/logger";
import { claimJobLease } from "@/lib/reconcile/job-lease";

/** The purge runs at most once per this period, across all instances. */
export const QUARANTINE_PURGE_EVERY_SECONDS = 3600;

/** Deletes quarantined deliveries received more than `retentionDays` ago; returns how many. */
export async function purgeQuarantine(db: Database, retentionDays: number, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
  const result = (await db.execute(
    sql`delete from callback_quarantine where received_at < ${cutoff.toISOString()}::timestamptz`,
  )) as unknown as {
    rowCount?: number | null;
    affectedRows?: number;
  };
  return result.rowCount ?? result.affectedRows ?? 0;
}

/** The leased retention step of the reconciliation loop: one instance purges, once per period. */
export async function runCallbackRetention(db: Database, options: { quarantineRetentionDays: number }): Promise<void> {
  if (!(await claimJobLease(db, "callback-quarantine-purge", QUARANTINE_PURGE_EVERY_SECONDS))) return;
  const purged = await purgeQuarantine(db, options.quarantineRetentionDays);
  if (purged > 0) logger.info("callback quarantine purged", { rows: purged, retentionDays: options.quarantineRetentionDays });
}
