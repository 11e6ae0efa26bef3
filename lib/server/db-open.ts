import "server-only";
import crypto from "node:crypto";
import fs from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { sql, type SQL } from "drizzle-orm";
import { PgDialect, type PgDatabase, type PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import pg from "pg";
import * as schema from "@/drizzle/schema";
import { lockDataDir } from "./data-dir-lock";
import { executeRows } from "./sql";
import {
  pendingOf,
  runMigrations,
  SchemaNotCurrentError,
  BUILD_MIGRATIONS,
  type MigrationConnection,
  type MigrateOptions,
} from "./migrations";

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

/** `dir: null` is an in-memory PGlite (tests). */
export type DatabaseConfig = { kind: "pglite"; dir: string | null } | { kind: "postgres"; url: string; max?: number };

export interface DatabaseHandle {
  db: Database;
  kind: DatabaseConfig["kind"];
  /** Answers within `timeoutMs` or throws: what /api/health relies on. */
  ping(timeoutMs?: number): Promise<void>;
  /**
   * Calls `onMessage` with the payload of every NOTIFY on `channel`, and `onReconnect` after the
   * listening connection was lost and came back (notifications may have been missed). PostgreSQL
   * only: PGlite serves one process, which hears its own changes directly. Returns the stop.
   */
  listen(channel: string, onMessage: (payload: string) => void, onReconnect?: () => void): () => Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Apply pending migrations (default). */
  migrate?: boolean;
  /** Without `migrate`: throw SchemaNotCurrentError when a migration of this build is not applied. */
  requireCurrentSchema?: boolean;
  onMigration?: MigrateOptions["onMigration"];
  /** Instead of this build's (tests). */
  migrations?: MigrateOptions["migrations"];
}

/** Opens the database, takes the PGlite directory lock, and applies pending migrations unless told not to. */
export async function openDatabase(config: DatabaseConfig, options: OpenOptions = {}): Promise<DatabaseHandle> {
  const { handle, connection } = config.kind === "pglite" ? await openPglite(config.dir) : openPostgres(config.url, config.max);
  try {
    if (options.migrate !== false) {
      await withConnection(connection, (c) =>
        runMigrations(c, { onMigration: options.onMigration, migrations: options.migrations }),
      );
    } else if (options.requireCurrentSchema) {
      const pending = await withConnection(connection, (c) => pendingOf(c, options.migrations ?? BUILD_MIGRATIONS));
      if (pending.length > 0) throw new SchemaNotCurrentError(pending);
    }
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}

/** The handle and a way to get one connection of it (dedicated on PostgreSQL, for the session-level lock). */
interface Opened {
  handle: DatabaseHandle;
  connection: () => Promise<MigrationConnection & { release(): Promise<void> }>;
}

async function withConnection<T>(open: Opened["connection"], run: (c: MigrationConnection) => Promise<T>): Promise<T> {
  const connection = await open();
  try {
    return await run(connection);
  } finally {
    await connection.release();
  }
}

async function openPglite(dir: string | null): Promise<Opened> {
  let release = () => {};
  if (dir !== null) {
    release = lockDataDir(dir);
    fs.mkdirSync(dir, { recursive: true }); // PGlite does not create parent directories
  }
  let client: PGlite;
  try {
    client = dir === null ? await PGlite.create() : await PGlite.create(dir);
  } catch (error) {
    release();
    throw error;
  }
  try {
    await client.query(SESSION_SETUP);
  } catch (error) {
    await client.close();
    release();
    throw error;
  }
  const db = drizzlePglite({ client, schema, casing: "snake_case" }) as unknown as Database;
  const handle: DatabaseHandle = {
    db,
    kind: "pglite",
    async ping() {
      await client.query("select 1");
    },
    listen: () => async () => {},
    async close() {
      await client.close();
      release();
    },
  };
  const connection = async () => ({
    kind: "pglite" as const,
    async exec(text: string) {
      await client.exec(text);
    },
    async rows<T>(text: string, params?: unknown[]) {
      return (await client.query<T>(text, params)).rows;
    },
    async release() {},
  });
  return { handle, connection };
}

/** One dedicated connection that LISTENs, reconnecting with back-off (1 s doubling to 30 s) until stopped. */
function listenPostgres(url: string, channel: string, onMessage: (payload: string) => void, onReconnect?: () => void) {
  let stopped = false;
  let current: pg.Client | null = null;
  let timer: NodeJS.Timeout | undefined;
  const retry = (attempt: number) => {
    if (stopped) return;
    timer = setTimeout(() => void connect(attempt), Math.min(30_000, 1_000 * 2 ** Math.min(attempt, 5)));
    timer.unref();
  };
  const connect = async (attempt: number) => {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
    let lost = false;
    const lose = () => {
      if (lost) return;
      lost = true;
      if (current === client) current = null;
      void client.end().catch(() => {});
      retry(attempt + 1);
    };
    client.on("error", lose);
    client.on("end", lose);
    client.on("notification", (message) => {
      if (message.channel === channel) onMessage(message.payload ?? "");
    });
    try {
      await client.connect();
      await client.query(`listen ${client.escapeIdentifier(channel)}`);
    } catch {
      lose();
      return;
    }
    if (stopped) {
      await client.end().catch(() => {});
      return;
    }
    if (lost) return;
    current = client;
    attempt = 0; // a later loss starts the back-off afresh
    if (connectedBefore) onReconnect?.();
    connectedBefore = true;
  };
  let connectedBefore = false;
  void connect(0);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    const client = current;
    current = null;
    await client?.end().catch(() => {});
  };
}

/**
 * How long an unused pooled connection stays open. A new connection costs a server process and then, for each table,
 * loading its catalog entries and indexes on the first plan: a searched list after a pause took ~100 ms instead of
 * ~14 ms with the driver's 10 s. Staff pause longer than that between clicks all day. Idle clients do not keep a
 * script alive (allowExitOnIdle).
 */
const IDLE_CONNECTION_MS = 15 * 60_000;

/**
 * Every pooled connection's settings, sent when it opens (PostgreSQL's `options` startup parameter). No parallel
 * plans: the app's reads are pages, capped counts and capped sums that a LIMIT stops after a few hundred rows, and a
 * parallel plan starts its workers before the first row. At a million applications, "needs attention" filtered by a
 * status was planned as a Gather Merge whose two workers took ~45 ms to start for 482 rows (64 ms instead of ~5).
 * Exports, reports and the maintenance jobs read by index too. A connection pooler that refuses the parameter can be
 * told to ignore it (PgBouncer: `ignore_startup_parameters = options`); set it on the app's role there instead.
 */
const SESSION_OPTIONS = "-c max_parallel_workers_per_gather=0";

/**
 * Sent on every new connection, PGlite's one included. PostgreSQL 18 folds a join of a table to itself on its primary
 * key back into one scan; the lists' search joins applications to their created-order walk on purpose, so that the walk
 * reads its index alone (lib/applications/list-queries.ts, the search walk). As a query, not a startup option: older
 * servers do not know the setting, and this sets it only where it exists (pg_settings would cost ~9 ms a connection).
 */
const SESSION_SETUP =
  "select set_config('enable_self_join_elimination', 'off', false) where current_setting('enable_self_join_elimination', true) is not null";

/**
 * The planner settings of a statement that must read each of its indexes as a stream a LIMIT stops, whatever the
 * estimates say: no bitmap (it reads every match first), no sequential scan (it wades through the other rows). A
 * capped sum read arm by arm is one (lib/applications/list-queries.ts sumApplications).
 */
const STREAMING_SETTINGS = { enable_bitmapscan: "off", enable_seqscan: "off" } as const;

/**
 * PostgreSQL's connections for such statements also keep one generic plan per statement text: planning a capped sum's
 * nine branches took longer than reading them (~1.2 ms against ~0.8 at a million rows), and with the settings above
 * every branch reads its own index whatever the text, so one plan serves every text. Its statements must therefore give
 * their index ranges as values (list-queries' "bounded" prefixes), not leave them to be derived from a LIKE.
 */
const STREAMING_CONNECTION_SETTINGS = { ...STREAMING_SETTINGS, plan_cache_mode: "force_generic_plan" } as const;

/**
 * A streaming connection is closed after this many statements, which bounds the prepared statements it keeps (one per
 * statement text, such as a capped sum per combination of filters) at little cost (~5 ms to open a new one).
 */
const STREAMING_CONNECTION_USES = 1_000;

/**
 * Each database's pool of connections with STREAMING_CONNECTION_SETTINGS for their whole life, where it has them
 * (PostgreSQL). On globalThis, as the handle itself (lib/server/db.ts): Next.js gives pages and route handlers their
 * own copies of this module, and the copy that did not open the database would otherwise find no pool and run every
 * such statement the slow way, in a transaction of four round trips planned each time.
 */
const streaming: WeakMap<Database, pg.Pool> = ((
  globalThis as { __backofficeStreamingPools?: WeakMap<Database, pg.Pool> }
).__backofficeStreamingPools ??= new WeakMap());

/** Column names as the schema's drizzle instances write them. */
const dialect = new PgDialect({ casing: "snake_case" });

/**
 * The rows of a statement planned with STREAMING_SETTINGS: on PostgreSQL, prepared once per connection and statement
 * text under a name derived from the text, and executed in one round trip with the driver's default parsing (return
 * text); else (PGlite, or a transaction's handle) in a transaction that sets the settings for itself, planned each time.
 */
export async function streamingRows<T extends Record<string, unknown>>(db: Database, query: SQL): Promise<T[]> {
  const pool = streaming.get(db);
  if (pool) {
    const { sql: text, params } = dialect.sqlToQuery(query);
    const name = `stream_${crypto.createHash("sha256").update(text).digest("hex").slice(0, 40)}`;
    return (await pool.query<T>({ name, text, values: params })).rows;
  }
  return db.transaction(async (tx) => {
    const settings = Object.entries(STREAMING_SETTINGS).map(([name, value]) => sql`set_config(${name}, ${value}, true)`);
    await tx.execute(sql`select ${sql.join(settings, sql`, `)}`);
    return executeRows<T>(tx, query);
  });
}

function openPostgres(url: string, max = 10): Opened {
  const poolOf = (size: number, options: string, maxUses?: number) => {
    const pool = new pg.Pool({
      connectionString: url,
      max: size,
      maxUses,
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: IDLE_CONNECTION_MS,
      allowExitOnIdle: true,
      options,
      // Awaited before the connection serves its first query; a failure fails that query and closes the connection.
      onConnect: (client: pg.ClientBase) => client.query(SESSION_SETUP),
    });
    // An idle client losing its connection must not crash the process; the next query reports it.
    pool.on("error", () => {});
    return pool;
  };
  const pool = poolOf(max, SESSION_OPTIONS);
  // A list page sends at most one such statement: a few connections serve them.
  const streamingPool = poolOf(
    Math.max(1, Math.ceil(max / 4)),
    [SESSION_OPTIONS, ...Object.entries(STREAMING_CONNECTION_SETTINGS).map(([name, value]) => `-c ${name}=${value}`)].join(" "),
    STREAMING_CONNECTION_USES,
  );
  const listeners = new Set<() => Promise<void>>();
  const db = drizzlePg({ client: pool, schema, casing: "snake_case" }) as unknown as Database;
  streaming.set(db, streamingPool);
  const connection = async () => {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
    await client.connect();
    return {
      kind: "postgres" as const,
      async exec(text: string) {
        await client.query(text);
      },
      async rows<T>(text: string, params?: unknown[]) {
        return (await client.query(text, params)).rows as T[];
      },
      release: () => client.end(),
    };
  };
  const handle: DatabaseHandle = {
    db,
    kind: "postgres",
    async ping(timeoutMs = 2_000) {
      const client = await pool.connect();
      let failure: Error | undefined;
      try {
        // SET LOCAL: the limit ends with this transaction, so the pooled connection goes back without it.
        await client.query("begin");
        await client.query(`set local statement_timeout = ${Math.max(1, Math.floor(timeoutMs))}`);
        await client.query("select 1");
        await client.query("commit");
      } catch (error) {
        failure = error instanceof Error ? error : new Error(String(error));
        throw error;
      } finally {
        // A connection that failed mid-transaction is closed rather than handed to the next query.
        client.release(failure);
      }
    },
    listen(channel, onMessage, onReconnect) {
      const stop = listenPostgres(url, channel, onMessage, onReconnect);
      const stopOnce = async () => {
        listeners.delete(stopOnce);
        await stop();
      };
      listeners.add(stopOnce);
      return stopOnce;
    },
    async close() {
      await Promise.all([...listeners].map((stop) => stop()));
      await Promise.all([pool.end(), streamingPool.end()]);
    },
  };
  return { handle, connection };
}
