import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedApplications } from "@/drizzle/seed";
import { env } from "@/lib/server/env";
import { openDatabase, type DatabaseHandle } from "@/lib/server/db-open";
import { readMigrations } from "@/lib/server/migrations";
import { executeRows } from "@/lib/server/sql";
import { openTestDatabase, type TestDatabase } from "@/test/databases";

/*
 * The migrations that give queue items their application's amount and status, on a database that already has items
 * (PostgreSQL: the database is reopened between the two steps, which an in-memory PGlite cannot be).
 */
describe.skipIf(!env.DATABASE_URL)("the queue items' amount and status copies, added to a working database", () => {
  let before: TestDatabase;
  let after: DatabaseHandle;

  beforeAll(async () => {
    before = await openTestDatabase("postgres", {
      migrations: readMigrations().filter((m) => m.tag < "0038"),
    });
    await seedApplications(before.db, { count: 300, seed: 7, chunkSize: 300 });
    await before.db.execute(sql`update work_items set resolved_at = now(), resolution = 'auto' where id % 2 = 0`);
    after = await openDatabase({ kind: "postgres", url: before.url!, max: 2 });
  });

  afterAll(async () => {
    await after?.close();
    await before?.drop();
  });

  it("fills every open item, leaves items resolved before it alone, and validates the check", async () => {
    const [row] = await executeRows<{ open: number; resolved: number; differing: number; filledResolved: number }>(
      after.db,
      sql`select count(*) filter (where w.resolved_at is null)::int as open,
                 count(*) filter (where w.resolved_at is not null)::int as resolved,
                 count(*) filter (where w.resolved_at is null and (w.application_amount is distinct from a.amount
                                  or w.application_status is distinct from a.status))::int as differing,
                 count(*) filter (where w.resolved_at is not null and w.application_amount is not null)::int as "filledResolved"
          from work_items w join applications a on a.id = w.application_id`,
    );
    expect(row!.open).toBeGreaterThan(10);
    expect(row!.resolved).toBeGreaterThan(10);
    expect(row!.differing).toBe(0);
    expect(row!.filledResolved).toBe(0);
    const [check] = await executeRows<{ validated: boolean }>(
      after.db,
      sql`select convalidated as validated from pg_constraint where conname = 'work_items_open_copies_check'`,
    );
    expect(check?.validated).toBe(true);
    await expect(
      after.db.execute(sql`update work_items set application_amount = null where resolved_at is null`),
    ).rejects.toThrow();
  });

  it("follows a later change of an old resolved item's application too", async () => {
    const [item] = await executeRows<{ applicationId: string }>(
      after.db,
      sql`select application_id::text as "applicationId" from work_items where resolved_at is not null limit 1`,
    );
    await after.db.execute(sql`update applications set amount = amount + 1 where id = ${item!.applicationId}`);
    const [row] = await executeRows<{ same: boolean }>(
      after.db,
      sql`select bool_and(w.application_amount = a.amount and w.application_status is not distinct from a.status) as same
          from work_items w join applications a on a.id = w.application_id where a.id = ${item!.applicationId}`,
    );
    expect(row?.same).toBe(true);
  });
});
