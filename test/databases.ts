import pg from "pg";
import { env } from "@/lib/server/env";
import { openDatabase, type DatabaseHandle, type OpenOptions } from "@/lib/server/db-open";
import { randomSuffix } from "@/lib/server/ids";

export type TestDatabaseKind = "pglite" | "postgres";

/** Integration tests run on PGlite always, and on PostgreSQL too when DATABASE_URL is set. */
export function testDatabaseKinds(): TestDatabaseKind[] {
  return env.DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
}

export type TestDatabase = DatabaseHandle & { url?: string; drop(): Promise<void> };

/**
 * A fresh database for one test file, migrated unless `options` say otherwise: in-memory PGlite, or a throwaway database on the
 * DATABASE_URL server (created here, dropped by drop()).
 */
export async function openTestDatabase(kind: TestDatabaseKind, options: OpenOptions = {}): Promise<TestDatabase> {
  if (kind === "pglite") {
    const handle = await openDatabase({ kind: "pglite", dir: null }, options);
    return { ...handle, drop: () => handle.close() };
  }
  const adminUrl = env.DATABASE_URL;
  if (!adminUrl) throw new Error("DATABASE_URL is not set");
  const name = `backoffice_test_${randomSuffix(6)}`;
  await adminQuery(adminUrl, `create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ kind: "postgres", url: url.toString(), max: 20 }, options);
  return {
    ...handle,
    url: url.toString(),
    async drop() {
      await handle.close();
      await adminQuery(adminUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

async function adminQuery(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
