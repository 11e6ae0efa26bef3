import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, describe, expect, it, vi } from "vitest";
import { env } from "@/lib/server/env";
import { randomSuffix } from "@/lib/server/ids";
import { openDatabase } from "./db-open";
import { SchemaNotCurrentError } from "./migrations";
import { schemaIsCurrent } from "./schema-gate";
import { logger } from "./logger";
import { executeRows } from "./sql";

/*
 * An instance on a database whose schema is behind does not migrate it: it waits, unready, for the release step,
 * then starts. On the embedded PGlite, which the release step cannot open while the instance holds it, it stops.
 */

describe("an instance on an embedded database that is not migrated", () => {
  it("stops, naming the command to run", async () => {
    const database = await openDatabase({ kind: "pglite", dir: null }, { migrate: false });
    try {
      const resume = vi.fn();
      await expect(schemaIsCurrent(database, resume)).rejects.toBeInstanceOf(SchemaNotCurrentError);
      await expect(schemaIsCurrent(database, resume)).rejects.toThrow(/run npm run db:migrate/);
    } finally {
      await database.close();
    }
  });
});

describe.skipIf(!env.DATABASE_URL)("an instance on a PostgreSQL database that is not migrated", () => {
  const name = `backoffice_test_${randomSuffix(6)}`;
  const url = new URL(env.DATABASE_URL ?? "postgres://localhost");
  url.pathname = `/${name}`;
  async function adminQuery(statement: string): Promise<void> {
    const client = new pg.Client({ connectionString: env.DATABASE_URL });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  }
  afterAll(async () => {
    await adminQuery(`drop database if exists ${name} with (force)`);
  });

  it("waits without migrating, and starts once npm run db:migrate has run", async () => {
    await adminQuery(`create database ${name}`);
    const database = await openDatabase({ kind: "postgres", url: url.toString(), max: 2 }, { migrate: false });
    try {
      const resume = vi.fn();
      const logged = vi.spyOn(logger, "error").mockImplementation(() => {});
      expect(await schemaIsCurrent(database, resume, 20)).toBe(false);
      expect(logged).toHaveBeenCalledWith(
        expect.stringContaining("migration(s) not applied, the first 0000_init: run npm run db:migrate"),
        {
          pending: expect.arrayContaining(["0000_init"]),
        },
      );
      logged.mockRestore();
      const [row] = await executeRows<{ present: boolean }>(
        database.db,
        sql`select to_regclass('applications') is not null as present`,
      );
      expect(row?.present).toBe(false);
      expect(resume).not.toHaveBeenCalled();
      // The release step, from elsewhere.
      await (await openDatabase({ kind: "postgres", url: url.toString(), max: 1 })).close();
      await vi.waitFor(() => expect(resume).toHaveBeenCalledOnce(), { timeout: 10_000 });
      expect(await schemaIsCurrent(database, resume)).toBe(true);
    } finally {
      await database.close();
    }
  });
});
