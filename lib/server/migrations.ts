import "server-only";
import fs from "node:fs";
import path from "node:path";
import { readMigrationFiles } from "drizzle-orm/migrator";
import journal from "@/drizzle/migrations/meta/_journal.json";

/*
 * Applies drizzle-kit's migrations, recording them in drizzle's own table (drizzle.__drizzle_migrations: hash and
 * journal time) exactly as drizzle's migrator does, so a database migrated by either is the same. Two differences:
 * each migration commits on its own (drizzle's runs every pending one in a single transaction), and a migration
 * whose first line is NO_TRANSACTION_MARKER runs statement by statement outside any transaction, for what
 * PostgreSQL refuses in one (CREATE INDEX CONCURRENTLY) or should not hold a lock for long (VALIDATE CONSTRAINT).
 * See docs/migrations.md.
 */

/** First line of a migration that must run outside a transaction (scripts/dev/lint-migrations.ts knows it too). */
export const NO_TRANSACTION_MARKER = "-- migrate:no-transaction";

export const MIGRATIONS_FOLDER = path.join(/* turbopackIgnore: true */ process.cwd(), "drizzle", "migrations");

// Arbitrary constant: serialises migrators on one PostgreSQL database.
const MIGRATION_LOCK_KEY = 72_707_369;

export interface JournalEntry {
  tag: string;
  when: number;
}

/** The migrations this build ships (drizzle-kit's journal), oldest first. */
export const BUILD_MIGRATIONS: readonly JournalEntry[] = journal.entries.map(({ tag, when }) => ({ tag, when }));

export interface MigrationFile extends JournalEntry {
  hash: string;
  statements: string[];
  transaction: boolean;
}

export function readMigrations(folder = MIGRATIONS_FOLDER): MigrationFile[] {
  const tags = (JSON.parse(fs.readFileSync(path.join(folder, "meta", "_journal.json"), "utf8")) as typeof journal).entries;
  return readMigrationFiles({ migrationsFolder: folder }).map((file, i) => ({
    tag: tags[i]!.tag,
    when: file.folderMillis,
    hash: file.hash,
    statements: file.sql.filter((s) => s.trim() !== ""),
    transaction: !file.sql[0]!.trimStart().startsWith(NO_TRANSACTION_MARKER),
  }));
}

/** One connection, used for both reading and running statements (BEGIN and COMMIT must meet the same session). */
export interface MigrationConnection {
  kind: "pglite" | "postgres";
  /** Runs SQL text, several statements allowed, no parameters. */
  exec(text: string): Promise<void>;
  rows<T>(text: string, params?: unknown[]): Promise<T[]>;
}

const TABLE = `"drizzle"."__drizzle_migrations"`;

/** The journal times recorded as applied, or null when the migrations table does not exist yet. */
export async function appliedMigrationTimes(connection: Pick<MigrationConnection, "rows">): Promise<Set<number> | null> {
  const [table] = await connection.rows<{ present: boolean }>(
    `select to_regclass('drizzle.__drizzle_migrations') is not null as present`,
  );
  if (!table?.present) return null;
  const rows = await connection.rows<{ created_at: string | number | null }>(`select created_at from ${TABLE}`);
  return new Set(rows.filter((r) => r.created_at != null).map((r) => Number(r.created_at)));
}

/**
 * The migrations of `expected` not recorded as applied. A database ahead of the build (a newer release migrated
 * it) has nothing pending for an older instance.
 */
export async function pendingOf<T extends JournalEntry>(
  connection: Pick<MigrationConnection, "rows">,
  expected: readonly T[],
): Promise<T[]> {
  const applied = await appliedMigrationTimes(connection);
  return applied === null ? [...expected] : expected.filter((m) => !applied.has(m.when));
}

export class SchemaNotCurrentError extends Error {
  override name = "SchemaNotCurrentError";
  constructor(readonly pending: readonly JournalEntry[]) {
    super(schemaNotCurrentMessage(pending));
  }
}

/** What an operator reads in the log and in /api/health/ready. */
export function schemaNotCurrentMessage(pending: readonly JournalEntry[]): string {
  return `${pending.length} migration(s) not applied, the first ${pending[0]?.tag}: run npm run db:migrate (the release step).`;
}

async function withMigrationLock<T>(connection: MigrationConnection, run: () => Promise<T>, onWait?: () => void): Promise<T> {
  if (connection.kind === "pglite") return run(); // one process per data directory (data-dir-lock.ts)
  // Polled rather than waited for: a session blocked in pg_advisory_lock holds a snapshot, which CREATE INDEX
  // CONCURRENTLY in the session holding the lock would wait for in turn.
  let warned = false;
  for (;;) {
    const [row] = await connection.rows<{ locked: boolean }>(`select pg_try_advisory_lock($1) as locked`, [MIGRATION_LOCK_KEY]);
    if (row?.locked) break;
    if (!warned) onWait?.();
    warned = true;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  try {
    return await run();
  } finally {
    await connection.rows(`select pg_advisory_unlock($1)`, [MIGRATION_LOCK_KEY]);
  }
}

export interface MigrateOptions {
  migrations?: readonly MigrationFile[];
  /** Called before each migration runs. */
  onMigration?: (migration: MigrationFile) => void;
  onWait?: () => void;
}

/**
 * Names in Cyrillic and Latin letters, and the search's index ranges, which end at the highest Unicode character
 * (lib/applications/list-queries.ts), need a UTF8 database: another encoding is refused before anything is created.
 */
export class DatabaseEncodingError extends Error {
  constructor(readonly encoding: string) {
    super(
      `The database's encoding is ${encoding}: the back-office needs UTF8 (createdb --encoding=UTF8 --template=template0 …).`,
    );
    this.name = "DatabaseEncodingError";
  }
}

/** Applies every pending migration, oldest first; returns those applied. */
export async function runMigrations(connection: MigrationConnection, options: MigrateOptions = {}): Promise<MigrationFile[]> {
  const migrations = options.migrations ?? readMigrations();
  const [database] = await connection.rows<{ encoding: string }>("select current_setting('server_encoding') as encoding");
  if (database?.encoding !== "UTF8") throw new DatabaseEncodingError(database?.encoding ?? "unknown");
  return withMigrationLock(
    connection,
    async () => {
      await connection.exec(`create schema if not exists "drizzle"`);
      await connection.exec(`create table if not exists ${TABLE} (id serial primary key, hash text not null, created_at bigint)`);
      const pending = await pendingOf(connection, migrations);
      for (const migration of pending) {
        options.onMigration?.(migration);
        const record = () =>
          connection.rows(`insert into ${TABLE} ("hash", "created_at") values ($1, $2)`, [migration.hash, migration.when]);
        if (migration.transaction) {
          await connection.exec("begin");
          try {
            for (const statement of migration.statements) await connection.exec(statement);
            await record();
            await connection.exec("commit");
          } catch (error) {
            await connection.exec("rollback").catch(() => {});
            throw migrationError(migration, error);
          }
        } else {
          // Not recorded until its last statement succeeded: a failed one runs again from its first statement,
          // so such a migration is written to be re-run (docs/migrations.md).
          try {
            for (const statement of migration.statements) await connection.exec(statement);
          } catch (error) {
            throw migrationError(migration, error);
          }
          await record();
        }
      }
      return pending;
    },
    options.onWait,
  );
}

function migrationError(migration: MigrationFile, error: unknown): Error {
  const reason = error instanceof Error ? error.message : String(error);
  return new Error(`migration ${migration.tag} failed: ${reason}`, { cause: error });
}
