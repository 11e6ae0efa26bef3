import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { executeRows } from "@/lib/server/sql";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@/test/databases";
import { openDatabase, streamingRows, type DatabaseHandle } from "./db-open";

describe.each(testDatabaseKinds())("the health ping on %s", (kind) => {
  let database: TestDatabase;
  let single: DatabaseHandle;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
    // One connection, so the query after the ping surely runs on the connection the ping used.
    single = database.url ? await openDatabase({ kind: "postgres", url: database.url, max: 1 }, { migrate: false }) : database;
  });
  afterAll(async () => {
    if (single !== database) await single?.close();
    await database?.drop();
  });

  it("leaves no statement_timeout behind on the pooled connection", async () => {
    await single.ping(2_000);
    await single.ping(50);
    const [row] = await executeRows<{ statement_timeout: string }>(single.db, sql`show statement_timeout`);
    expect(row?.statement_timeout).toBe("0");
    // A query longer than the ping's limit still runs.
    await executeRows(single.db, sql`select pg_sleep(0.1)`);
  });
  it.skipIf(kind === "pglite")("plans without parallel workers on every pooled connection", async () => {
    const pool = await openDatabase({ kind: "postgres", url: database.url!, max: 3 }, { migrate: false });
    try {
      const settings = await Promise.all(
        [1, 2, 3].map(() =>
          executeRows<{ workers: string }>(
            pool.db,
            sql`select current_setting('max_parallel_workers_per_gather') as workers, pg_sleep(0.05)`,
          ),
        ),
      );
      expect(settings.map(([row]) => row?.workers)).toEqual(["0", "0", "0"]);
    } finally {
      await pool.close();
    }
  });
});

describe.skipIf(!testDatabaseKinds().includes("postgres"))("statements planned for streaming on postgres", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase("postgres");
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("run on the streaming connections from any copy of the module, as Next.js loads one per kind of route", async () => {
    const handle = await openDatabase({ kind: "postgres", url: database.url!, max: 2 }, { migrate: false });
    try {
      vi.resetModules();
      const copy = (await import("./db-open")) as typeof import("./db-open");
      expect(copy.streamingRows).not.toBe(streamingRows);
      const setting = sql`select current_setting('plan_cache_mode') as mode`;
      for (const run of [streamingRows, copy.streamingRows])
        expect(await run<{ mode: string }>(handle.db, setting)).toEqual([{ mode: "force_generic_plan" }]);
    } finally {
      await handle.close();
    }
  });
});
