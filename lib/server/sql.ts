import "server-only";
import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { Database } from "./db-open";

/**
 * The rows of a raw `execute(sql...)`, on either driver: PGlite answers `{ rows, fields, affectedRows }`,
 * node-postgres a `QueryResult` with `rows`. Values are as the driver gives them (node-postgres
 * returns int8 and numeric as text, PGlite as numbers): convert them in the caller.
 */
export async function executeRows<T extends Record<string, unknown>>(db: Pick<Database, "execute">, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/** Text for a LIKE pattern, matched literally: `\`, `%` and `_` escaped (PostgreSQL's default escape is `\`). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A timestamptz as exact UTC text with microseconds (`2026-01-01T00:00:00.123456Z`): keyset cursors need all six digits. */
export function utcMicrosText(column: SQLWrapper): SQL<string> {
  return sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

const preparedByDatabase = new WeakMap<Database, Map<string, unknown>>();

/**
 * A read that most requests make, built and prepared once per database handle: `prepare(db, name)` returns drizzle's
 * `.prepare(name)` of the statement, its values left as `sql.placeholder`s to give at each `execute`. Building the
 * SQL costs drizzle more CPU than running the statement (a quarter of a millisecond for the signed-in user's), and
 * PostgreSQL parses and plans a named statement once per connection. `name` is the statement's name on every
 * connection, so one text per name: a statement whose shape varies takes one name per shape.
 */
export function preparedOnce<T>(db: Database, name: string, prepare: (db: Database, name: string) => T): T {
  let statements = preparedByDatabase.get(db);
  if (!statements) preparedByDatabase.set(db, (statements = new Map()));
  let statement = statements.get(name) as T | undefined;
  if (statement === undefined) {
    statement = prepare(db, name);
    statements.set(name, statement);
  }
  return statement;
}
