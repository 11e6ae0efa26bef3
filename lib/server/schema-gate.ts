import "server-only";
import type { DatabaseHandle } from "./db-open";
import { pendingMigrations } from "./health";
import { logger } from "./logger";
import { SchemaNotCurrentError, schemaNotCurrentMessage } from "./migrations";

const RECHECK_MS = 10_000;

/**
 * True when every migration of this build is applied. Otherwise the instance does not migrate by itself (the release
 * step does: `npm run db:migrate`): it logs what to run, stays unready (/api/health/ready names the schema), checks
 * again every ten seconds, and calls `resume` once the schema is current. The embedded PGlite (with
 * MIGRATE_ON_START=false) cannot be migrated while this process holds it: there it throws, and the start stops.
 */
export async function schemaIsCurrent(database: DatabaseHandle, resume: () => void, recheckMs = RECHECK_MS): Promise<boolean> {
  const pending = await pendingMigrations(database.db);
  if (pending.length === 0) return true;
  if (database.kind === "pglite") throw new SchemaNotCurrentError(pending);
  logger.error(`database schema is behind this build, not serving until it is current: ${schemaNotCurrentMessage(pending)}`, {
    pending: pending.map((m) => m.tag),
  });
  const recheck = () => {
    const timer = setTimeout(() => {
      pendingMigrations(database.db).then(
        (left) => {
          if (left.length > 0) return recheck();
          logger.info("database schema is current: starting");
          resume();
        },
        (error: unknown) => {
          logger.warn("database schema check failed", { error });
          recheck();
        },
      );
    }, recheckMs);
    timer.unref();
  };
  recheck();
  return false;
}
