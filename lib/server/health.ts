import "server-only";
import { sql } from "drizzle-orm";
import type { DatabaseHandle } from "./db";
import { logger } from "./logger";
import { BUILD_MIGRATIONS, pendingOf, schemaNotCurrentMessage, type JournalEntry } from "./migrations";
import { executeRows } from "./sql";

/*
 * What the load balancer asks. Live: the process answers (no database: a database outage must not get
 * every instance restarted). Ready: this instance can do its work: the database answers, its schema
 * is the one this build expects, and the cash registers (and their alert keys) are loaded.
 */

export type CheckName = "database" | "schema" | "registers";

export interface CheckResult {
  check: CheckName;
  ok: boolean;
  /** Why it fails, for an operator; no secrets nor connection details (the route is public). */
  message?: string;
}

export interface Readiness {
  ready: boolean;
  checks: CheckResult[];
}

export { BUILD_MIGRATIONS, type JournalEntry };

const CHECK_TIMEOUT_MS = 2_000;

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The migrations of `expected` not recorded as applied (a database ahead of the build has none). */
export async function pendingMigrations(
  db: DatabaseHandle["db"],
  expected: readonly JournalEntry[] = BUILD_MIGRATIONS,
): Promise<JournalEntry[]> {
  return pendingOf({ rows: async <T>(text: string) => (await executeRows(db, sql.raw(text))) as T[] }, expected);
}

/** What readiness needs of the process; the route gives the real ones, tests their own. */
export interface ReadinessSources {
  database: () => Promise<DatabaseHandle>;
  /** The loaded cash registers with how many alert keys verify now. */
  registers: () => Promise<readonly { name: string; usableAlertKeys: number }[]>;
  expectedMigrations?: readonly JournalEntry[];
}

export async function checkReadiness(sources: ReadinessSources): Promise<Readiness> {
  const checks: CheckResult[] = [];
  const fail = (check: CheckName, message: string, error?: unknown) => {
    if (error !== undefined) logger.warn(`readiness: ${check} check failed`, { error });
    checks.push({ check, ok: false, message });
  };

  let database: DatabaseHandle | null = null;
  try {
    database = await withTimeout(sources.database(), CHECK_TIMEOUT_MS, "the database");
    await database.ping(CHECK_TIMEOUT_MS);
    checks.push({ check: "database", ok: true });
  } catch (error) {
    database = null;
    fail("database", "The database does not answer.", error);
  }

  if (database === null) {
    fail("schema", "Not checked: the database does not answer.");
  } else {
    try {
      const pending = await withTimeout(pendingMigrations(database.db, sources.expectedMigrations), CHECK_TIMEOUT_MS, "schema");
      if (pending.length === 0) checks.push({ check: "schema", ok: true });
      else fail("schema", schemaNotCurrentMessage(pending));
    } catch (error) {
      fail("schema", "The applied migrations could not be read.", error);
    }
  }

  try {
    const registers = await withTimeout(sources.registers(), CHECK_TIMEOUT_MS, "the cash registers");
    const keyless = registers.filter((r) => r.usableAlertKeys === 0);
    if (registers.length === 0) fail("registers", "No cash register is loaded.");
    else if (keyless.length === registers.length) fail("registers", "No cash register has an alert key that verifies now.");
    else checks.push({ check: "registers", ok: true });
  } catch (error) {
    fail("registers", "The cash registers could not be loaded.", error);
  }

  return { ready: checks.every((c) => c.ok), checks };
}

const NO_STORE = { "cache-control": "no-store" };

/** GET /api/health/live: the process answers. */
export function livenessResponse(): Response {
  return Response.json({ status: "ok" }, { headers: NO_STORE });
}

/** GET /api/health/ready: 200 with the checks, or 503 with the failing ones. */
export async function readinessResponse(sources: ReadinessSources): Promise<Response> {
  const { ready, checks } = await checkReadiness(sources);
  if (ready) return Response.json({ status: "ready", checks }, { headers: NO_STORE });
  const failing = checks.filter((c) => !c.ok);
  return Response.json(
    {
      error: "unavailable:not_ready",
      message: `Not ready: ${failing.map((c) => c.check).join(", ")}.`,
      failing,
    },
    { status: 503, headers: NO_STORE },
  );
}
