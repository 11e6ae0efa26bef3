import "server-only";

/** What the database itself said about a failed statement: its SQLSTATE and message. */
export interface DatabaseFailure {
  code: string;
  message: string;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

/**
 * The database's own error under whatever wraps it. node-postgres and PGlite both throw a
 * DatabaseError with `code` (SQLSTATE) and `message`; drizzle wraps it in a DrizzleQueryError
 * ("Failed query: … params: …") with the original as `cause`.
 */
export function databaseFailure(error: unknown): DatabaseFailure | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === "object" && current !== null; depth++) {
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === "string" && SQLSTATE.test(code)) return { code, message: typeof message === "string" ? message : "" };
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

/**
 * True when the database refused the content (data exception, class 22, or integrity constraint
 * violation, class 23): sending the same thing again fails the same way.
 */
export function isContentFailure(failure: DatabaseFailure | null): failure is DatabaseFailure {
  return failure !== null && (failure.code.startsWith("22") || failure.code.startsWith("23"));
}

/** "message (SQLSTATE 22P05)", at most `max` characters: what is stored and logged, never the query text or its parameters. */
export function describeDatabaseFailure(failure: DatabaseFailure, max = 200): string {
  const suffix = ` (SQLSTATE ${failure.code})`;
  const room = Math.max(0, max - suffix.length);
  const message = failure.message.length > room ? `${failure.message.slice(0, Math.max(0, room - 1))}…` : failure.message;
  return `${message}${suffix}`;
}

/**
 * A short description of any failure for the log: the database's message and SQLSTATE when it has one,
 * otherwise the innermost cause's message (a drizzle wrapper's own message is the query with its parameters).
 */
export function describeFailure(error: unknown, max = 200): string {
  const failure = databaseFailure(error);
  if (failure) return describeDatabaseFailure(failure, max);
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error && current.cause !== undefined; depth++) current = current.cause;
  return (current instanceof Error ? `${current.name}: ${current.message}` : String(current)).slice(0, max);
}
