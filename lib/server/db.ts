import "server-only";
import { env } from "./env";
import { openDatabase, type Database, type DatabaseHandle } from "./db-open";

export type { Database, DatabaseHandle } from "./db-open";
export { streamingRows } from "./db-open";

// On globalThis: Next loads route handlers and pages as separate module graphs, and a second
// PGlite on the same directory would silently lose writes.
const holder = globalThis as unknown as { __backofficeDb?: Promise<DatabaseHandle> };

/** The process-wide database handle, opened on first use (and migrated where env.migrateOnStart). */
export function getDatabase(): Promise<DatabaseHandle> {
  holder.__backofficeDb ??= openDatabase(env.database, { migrate: env.migrateOnStart }).catch((error: unknown) => {
    holder.__backofficeDb = undefined;
    throw error;
  });
  return holder.__backofficeDb;
}

export async function getDb(): Promise<Database> {
  return (await getDatabase()).db;
}

export async function closeDatabase(): Promise<void> {
  const pending = holder.__backofficeDb;
  holder.__backofficeDb = undefined;
  if (pending) await (await pending).close();
}
