import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applications, auditLog } from "@/drizzle/schema";
import { env } from "@/lib/server/env";
import { randomSuffix } from "@/lib/server/ids";
import { executeRows } from "./sql";
import { openDatabase, type DatabaseHandle } from "./db-open";
import { rolesSql } from "./db-roles";
import { foldRollups, rebuildRollups } from "@/lib/rollups/commands";
import { monthDifferences } from "@/lib/rollups/queries";

/*
 * The two roles on PostgreSQL (PGlite has one user): the migrator migrates a fresh database, the app then works on
 * it with rows only: no DDL, and the audit log stays append-only by privilege, before any trigger.
 */

async function query(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

function as(base: string, user: string, database: string): string {
  const url = new URL(base);
  url.username = user;
  url.password = "";
  url.pathname = `/${database}`;
  return url.toString();
}

describe.skipIf(!env.DATABASE_URL)("the migrator and app roles on PostgreSQL", () => {
  const admin = env.DATABASE_URL!;
  // Roles are cluster-wide: unique per run, dropped after.
  const suffix = randomSuffix(6).toLowerCase();
  const names = { database: `backoffice_test_${suffix}`, migrator: `bo_migrator_${suffix}`, app: `bo_app_${suffix}` };
  let app: DatabaseHandle | undefined;

  beforeAll(async () => {
    await query(admin, `create database ${names.database}`);
    await query(as(admin, new URL(admin).username || "postgres", names.database), rolesSql(names));
    // The release step, as the migrator; then the app opens it without migrating, and finds the schema current.
    await (await openDatabase({ kind: "postgres", url: as(admin, names.migrator, names.database) })).close();
    app = await openDatabase(
      { kind: "postgres", url: as(admin, names.app, names.database), max: 1 },
      { migrate: false, requireCurrentSchema: true },
    );
  });

  afterAll(async () => {
    await app?.close();
    await query(admin, `drop database if exists ${names.database} with (force)`);
    await query(admin, `drop role if exists ${names.app}`);
    await query(admin, `drop role if exists ${names.migrator}`);
  });

  it("writes rows: an application, its update, an audit entry", async () => {
    const db = app!.db;
    const [row] = await db
      .insert(applications)
      .values({
        projectId: "p1",
        paymentId: `roles-${suffix}`,
        type: "payin",
        product: "p2p",
        integration: "h2h",
        amount: 1_000,
        currency: "KZT",
      })
      .returning({ id: applications.id });
    await db
      .update(applications)
      .set({ status: "success" })
      .where(sql`${applications.id} = ${row!.id}`);
    await db.insert(auditLog).values({ action: "roles.test", targetType: "application", applicationId: row!.id });
    const [count] = await executeRows<{ n: number }>(db, sql`select count(*)::int as n from audit_log`);
    expect(count!.n).toBe(1);
  });

  it("keeps the rollups: folds, rebuilds, and the month cells follow through their trigger", async () => {
    const db = app!.db;
    await foldRollups(db, { budgetMs: Number.POSITIVE_INFINITY });
    const rebuilt = await rebuildRollups(db);
    expect(rebuilt.applications).toBeGreaterThan(0);
    expect(await monthDifferences(db)).toEqual([]);
    const [month] = await executeRows<{ n: number }>(db, sql`select sum(count)::int as n from application_rollup_months`);
    expect(month!.n).toBe(rebuilt.applications);
  });

  it.each([
    ["update", "update audit_log set action = 'changed'"],
    ["delete", "delete from audit_log"],
    ["truncate", "truncate audit_log"],
  ])("may not %s the audit log", async (_, statement) => {
    await expect(app!.db.execute(sql.raw(statement))).rejects.toMatchObject({
      cause: expect.objectContaining({ message: "permission denied for table audit_log" }),
    });
  });

  it.each([
    ["create a table", "create table intruder (id int)"],
    ["alter a table", "alter table applications add column intruder int"],
    ["drop a table", "drop table audit_log"],
    ["create a schema", "create schema intruder"],
  ])("may not %s", async (_, statement) => {
    await expect(app!.db.execute(sql.raw(statement))).rejects.toMatchObject({
      cause: expect.objectContaining({ message: expect.stringMatching(/permission denied|must be owner/) }),
    });
  });
});
