import "server-only";

/**
 * Runs once when the Next server starts (instrumentation.ts): opens the database (migrating it only where
 * MIGRATE_ON_START), waits for its schema to be current (schema-gate.ts), creates the demo accounts where
 * allowed. A failure here stops the server with a clear message rather than serving pages that cannot work.
 */
export async function startServer(): Promise<void> {
  try {
    // Imported here so that a wrong environment variable (lib/server/env throws) is reported below too.
    const { env } = await import("./env");
    const { getDatabase } = await import("./db");
    const { createDemoUsersOnce } = await import("@/lib/accounts/demo-users");
    const { clientForProject, ensureRegisters } = await import("./gateway");
    const { fingerprintKeys } = await import("@/lib/payouts/card-fingerprint");
    const { startReconciler } = await import("@/lib/reconcile/reconcile");
    const { schemaIsCurrent } = await import("./schema-gate");
    const database = await getDatabase();
    if (!(await schemaIsCurrent(database, () => void startServer()))) return;
    const where = env.database.kind === "pglite" ? `embedded PGlite in ${env.database.dir}` : "PostgreSQL (DATABASE_URL)";
    console.log(`[backoffice] database ready: ${where}`);
    if (env.demoUsers) await createDemoUsersOnce(database.db);
    if (env.isProduction && env.sandboxMode) {
      console.warn("[backoffice] ALLOW_SANDBOX_IN_PRODUCTION: production build against the local sandbox, for a demo only");
    }
    fingerprintKeys(); // an unreadable PAN_FINGERPRINT_KEY_FILE stops the start, not the first payout
    // Imports the first registers on an empty table, then builds every gateway: a key that does not
    // open or parse stops the start here, not on the first request.
    const gateways = await ensureRegisters(database.db);
    if (gateways.length === 0) console.log("[backoffice] HighHelp: no cash register yet");
    for (const gateway of gateways) {
      console.log(
        `[backoffice] HighHelp cash register "${gateway.name}" ${gateway.projectId}${gateway.status === "disabled" ? " (disabled)" : ""}: ` +
          `${gateway.sandbox ? "local sandbox at " : ""}${gateway.apiUrl}, callbacks to ${gateway.callbackUrls.merchant_callback_url.replace(/\/intermediate$/, "/…")}`,
      );
    }
    if (env.RECONCILER === "app") {
      startReconciler(database.db, clientForProject, env.RECONCILE_INTERVAL_MS, {
        quarantineRetentionDays: env.CALLBACK_QUARANTINE_RETENTION_DAYS,
        cardDataRetentionDays: env.CARD_DATA_RETENTION_DAYS,
        balanceSnapshotIntervalSeconds: env.BALANCE_SNAPSHOT_INTERVAL_SECONDS,
      });
      console.log(`[backoffice] reconciliation job running every ${env.RECONCILE_INTERVAL_MS} ms`);
    }
  } catch (error) {
    // Through the redacting logger: a failed query's message quotes its parameters (password hashes, keys).
    const { describeError, logger } = await import("./logger");
    logger.error(`cannot start: ${describeError(error)}`, { error });
    process.exit(1);
  }
}
