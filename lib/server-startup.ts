import { env } from "@/lib/env";
import { getDatabase } from "@/lib/db";
import { DataDirLockedError } from "@/lib/db/data-dir-lock";
import { ensureDemoUsers, DEMO_USERS } from "@/lib/users";

/**
 * Runs once when the Next server starts (instrumentation.ts): opens and migrates the database,
 * creates the demo accounts where allowed. A failure here stops the server with a clear message
 * rather than serving pages that cannot work.
 */
export async function startServer(): Promise<void> {
  try {
    const database = await getDatabase();
    const where = env.database.kind === "pglite" ? `embedded PGlite in ${env.database.dir}` : "PostgreSQL (DATABASE_URL)";
    console.log(`[backoffice] database ready: ${where}`);
    if (env.demoUsers) {
      const created = await ensureDemoUsers(database.db);
      if (created.length > 0) {
        console.log("[backoffice] created demo accounts (development / sandbox only):");
      } else {
        console.log("[backoffice] demo accounts (if unchanged since the first start):");
      }
      for (const u of DEMO_USERS) console.log(`[backoffice]   ${u.role.padEnd(8)} ${u.email}  password: ${u.password}`);
    }
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      console.error(`[backoffice] cannot start: ${error.message}`);
    } else {
      console.error("[backoffice] cannot start:", error instanceof Error ? error.message : error);
    }
    process.exit(1);
  }
}
