import "@/scripts/load-env";
import { env } from "@/lib/server/env";
import { getDatabase } from "@/lib/server/db";
import { getGateway } from "@/lib/server/gateway";
import { startReconciler } from "@/lib/reconcile/reconcile";

// The reconciliation job as its own process (run the app with RECONCILER=off). Several workers
// and app instances may run at once on PostgreSQL: each application is polled by one at a time.
async function main(): Promise<void> {
  const database = await getDatabase();
  const gateway = getGateway();
  const stop = startReconciler(database.db, gateway.client, env.RECONCILE_INTERVAL_MS, {
    quarantineRetentionDays: env.CALLBACK_QUARANTINE_RETENTION_DAYS,
    cardDataRetentionDays: env.CARD_DATA_RETENTION_DAYS,
  });
  console.log(`[worker] reconciling ${gateway.apiUrl} every ${env.RECONCILE_INTERVAL_MS} ms; Ctrl-C to stop`);
  const shutdown = () => {
    stop();
    void database.close().finally(() => process.exit(0));
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
  setInterval(() => {}, 1 << 30); // keep the process alive: the reconciler's timer is unref'd
}

main().catch((error: unknown) => {
  console.error(`[worker] cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
