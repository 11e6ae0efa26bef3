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
