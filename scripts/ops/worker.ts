import "@/scripts/load-env";
import { env } from "@/lib/server/env";
import { getDatabase } from "@/lib/server/db";
import { pendingMigrations } from "@/lib/server/health";
import { SchemaNotCurrentError } from "@/lib/server/migrations";
import { clientForProject, ensureRegisters } from "@/lib/server/gateway";
import { startReconciler } from "@/lib/reconcile/reconcile";

// The reconciliation job as its own process (run the app with RECONCILER=off). Several workers
// and app instances may run at once on PostgreSQL: each application is polled by one at a time.
async function main(): Promise<void> {
  const database = await getDatabase();
  const pending = await pendingMigrations(database.db);
  if (pending.length > 0) throw new SchemaNotCurrentError(pending);
  const gateways = await ensureRegisters(database.db);
  const stop = startReconciler(database.db, clientForProject, env.RECONCILE_INTERVAL_MS, {
    quarantineRetentionDays: env.CALLBACK_QUARANTINE_RETENTION_DAYS,
    cardDataRetentionDays: env.CARD_DATA_RETENTION_DAYS,
    balanceSnapshotIntervalSeconds: env.BALANCE_SNAPSHOT_INTERVAL_SECONDS,
  });
  const where = gateways.map((g) => `${g.name} (${g.apiUrl})`).join(", ");
  console.log(`[worker] reconciling ${where} every ${env.RECONCILE_INTERVAL_MS} ms; Ctrl-C to stop`);
  const shutdown = () => {
    stop();
    void database.close().finally(() => process.exit(0));
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
  setInterval(() => {}, 1 << 30); // keep the process alive: the reconciler's timer is unref'd
}

main().catch(async (error: unknown) => {
  const { describeError, logger } = await import("@/lib/server/logger");
  logger.error(`worker cannot start: ${describeError(error)}`, { error });
  process.exit(1);
});
