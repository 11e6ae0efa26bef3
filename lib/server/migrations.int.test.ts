import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { migrate as drizzleMigrate } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { env } from "@/lib/server/env";
import { randomSuffix } from "@/lib/server/ids";
import { executeRows } from "@/lib/server/sql";
import { testDatabaseKinds } from "@/test/databases";
import { openDatabase, type DatabaseConfig } from "./db-open";
import {
  BUILD_MIGRATIONS,
  DatabaseEncodingError,
  MIGRATIONS_FOLDER,
  NO_TRANSACTION_MARKER,
  readMigrations,
  SchemaNotCurrentError,
  type MigrationFile,
} from "./migrations";

/*
 * The migration runner on both databases: transactional migrations commit one by one, marked ones run outside a
 * transaction (CREATE INDEX CONCURRENTLY), every one recorded in drizzle's table as drizzle records it.
 */

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function adminQuery(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: env.DATABASE_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** An empty database that can be opened several times (PGlite in a directory, or a throwaway PostgreSQL database). */
async function emptyDatabase(kind: "pglite" | "postgres"): Promise<DatabaseConfig> {
  if (kind === "pglite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "migrations-test-"));
    cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
    return { kind: "pglite", dir };
  }
  const name = `backoffice_test_${randomSuffix(6)}`;
  await adminQuery(`create database ${name}`);
  cleanups.push(() => adminQuery(`drop database if exists ${name} with (force)`));
  const url = new URL(env.DATABASE_URL!);
  url.pathname = `/${name}`;
  return { kind: "postgres", url: url.toString(), max: 2 };
}

const migration = (tag: string, when: number, text: string): MigrationFile => {
  const transaction = !text.startsWith(NO_TRANSACTION_MARKER);
  return { tag, when, hash: `hash-${tag}`, statements: text.split("--> statement-breakpoint"), transaction };
};

const TABLE = migration("0000_table", 1_000, `CREATE TABLE "things" ("id" serial PRIMARY KEY, "n" integer NOT NULL);`);
const CONCURRENT_INDEX = migration(
  "0001_index",
  2_000,
  `${NO_TRANSACTION_MARKER}\n-- a comment\nDROP INDEX CONCURRENTLY IF EXISTS "things_n_idx";--> statement-breakpoint\n` +
    `CREATE INDEX CONCURRENTLY "things_n_idx" ON "things" ("n");--> statement-breakpoint\n` +
    `ALTER TABLE "things" ADD CONSTRAINT "things_n_positive" CHECK ("n" > 0) NOT VALID;--> statement-breakpoint\n` +
    `ALTER TABLE "things" VALIDATE CONSTRAINT "things_n_positive";`,
);

describe.each(testDatabaseKinds())("the migration runner on %s", (kind) => {
  it("applies a marked migration outside a transaction and records every one as drizzle does", async () => {
    const config = await emptyDatabase(kind);
    const applied: string[] = [];
    const handle = await openDatabase(config, { migrations: [TABLE, CONCURRENT_INDEX], onMigration: (m) => applied.push(m.tag) });
    try {
      expect(applied).toEqual(["0000_table", "0001_index"]);
      const indexes = await executeRows<{ valid: boolean }>(
        handle.db,
        sql`select i.indisvalid as valid from pg_index i join pg_class c on c.oid = i.indexrelid where c.relname = 'things_n_idx'`,
      );
      expect(indexes).toEqual([{ valid: true }]);
      const recorded = await executeRows<{ hash: string; created_at: string | number }>(
        handle.db,
        sql`select hash, created_at from drizzle.__drizzle_migrations order by id`,
      );
      expect(recorded.map((r) => [r.hash, Number(r.created_at)])).toEqual([
        ["hash-0000_table", 1_000],
        ["hash-0001_index", 2_000],
      ]);
    } finally {
      await handle.close();
    }
    // Opened again: nothing to apply.
    const again: string[] = [];
    const reopened = await openDatabase(config, { migrations: [TABLE, CONCURRENT_INDEX], onMigration: (m) => again.push(m.tag) });
    await reopened.close();
    expect(again).toEqual([]);
  });

  it("rolls a failing migration back whole and keeps the ones before it", async () => {
    const config = await emptyDatabase(kind);
    const failing = migration("0001_broken", 2_000, `CREATE TABLE "half" ("id" integer);--> statement-breakpoint\nSELECT 1/0;`);
    await expect(openDatabase(config, { migrations: [TABLE, failing] })).rejects.toThrow(
      /migration 0001_broken failed: division by zero/,
    );
    const handle = await openDatabase(config, { migrate: false });
    try {
      const [row] = await executeRows<{ things: string | null; half: string | null }>(
        handle.db,
        sql`select to_regclass('things')::text as things, to_regclass('half')::text as half`,
      );
      expect(row).toEqual({ things: "things", half: null });
    } finally {
      await handle.close();
    }
  });

  it("refuses a database whose schema is behind when asked not to migrate", async () => {
    const config = await emptyDatabase(kind);
    await (await openDatabase(config, { migrations: [TABLE] })).close();
    const opening = openDatabase(config, { migrate: false, requireCurrentSchema: true, migrations: [TABLE, CONCURRENT_INDEX] });
    await expect(opening).rejects.toBeInstanceOf(SchemaNotCurrentError);
    await expect(opening).rejects.toThrow(
      "1 migration(s) not applied, the first 0001_index: run npm run db:migrate (the release step).",
    );
  });
});

describe.skipIf(!env.DATABASE_URL)("a PostgreSQL database in another encoding than UTF8", () => {
  it("is refused before anything is created in it", async () => {
    const name = `backoffice_test_${randomSuffix(6)}`;
    await adminQuery(`create database ${name} encoding 'SQL_ASCII' lc_collate 'C' lc_ctype 'C' template template0`);
    cleanups.push(() => adminQuery(`drop database if exists ${name} with (force)`));
    const url = new URL(env.DATABASE_URL!);
    url.pathname = `/${name}`;
    await expect(openDatabase({ kind: "postgres", url: url.toString(), max: 1 })).rejects.toThrow(DatabaseEncodingError);
    await expect(openDatabase({ kind: "postgres", url: url.toString(), max: 1 })).rejects.toThrow(
      /SQL_ASCII: the back-office needs UTF8/,
    );
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    try {
      const { rows } = await client.query("select to_regnamespace('drizzle') is null as untouched");
      expect(rows).toEqual([{ untouched: true }]);
    } finally {
      await client.end();
    }
  });
});

describe("a database migrated by drizzle's own migrator", () => {
  it("has nothing pending for the runner, which applies exactly the same files", async () => {
    // drizzle's migrator runs everything in one transaction, so it can only have applied the migrations before the
    // first one that must run outside a transaction; the runner applies that one and the rest, nothing else.
    const all = readMigrations();
    const firstOutside = all.findIndex((m) => !m.transaction);
    const cut = firstOutside < 0 ? all.length : firstOutside;
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "drizzle-migrations-"));
    fs.mkdirSync(path.join(folder, "meta"));
    const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_FOLDER, "meta/_journal.json"), "utf8")) as {
      entries: { tag: string }[];
    };
    journal.entries = journal.entries.slice(0, cut);
    fs.writeFileSync(path.join(folder, "meta/_journal.json"), JSON.stringify(journal));
    for (const entry of journal.entries)
      fs.copyFileSync(path.join(MIGRATIONS_FOLDER, `${entry.tag}.sql`), path.join(folder, `${entry.tag}.sql`));
    const config = await emptyDatabase("pglite");
    const byDrizzle = await openDatabase(config, { migrate: false });
    await drizzleMigrate(byDrizzle.db as never, { migrationsFolder: folder });
    await byDrizzle.close();
    fs.rmSync(folder, { recursive: true, force: true });
    const applied: string[] = [];
    await (await openDatabase(config, { onMigration: (m) => applied.push(m.tag) })).close();
    expect(applied).toEqual(all.slice(cut).map((m) => m.tag));
    expect(readMigrations().map((m) => m.tag)).toEqual(BUILD_MIGRATIONS.map((m) => m.tag));
  });
});
