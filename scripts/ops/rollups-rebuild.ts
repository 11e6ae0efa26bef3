import "@/scripts/load-env";
import { sql } from "drizzle-orm";
import { env } from "@/lib/server/env";
import { openDatabase } from "@/lib/server/db-open";
import { rebuildRollups } from "@/lib/rollups/commands";

// Recomputes the dashboard's rollups from the applications in one transaction (lib/rollups/commands.ts).
// Safe while the app runs on PostgreSQL: readers keep the old figures until it commits.
async function main(): Promise<void> {
  const handle = await openDatabase(env.database, { migrate: env.migrateOnStart, requireCurrentSchema: true });
  try {
    const started = Date.now();
    const result = await rebuildRollups(handle.db);
    await handle.db.execute(sql`analyze application_rollups, application_rollup_contributions`);
    console.log(
      `Rebuilt the rollups of ${result.applications} applications: ${result.cells} cells in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
    );
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  console.error(`db:rollups:rebuild failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
