import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import type { Role } from "@/drizzle/schema";
import { createUser } from "@/lib/accounts/commands";
import type { Database } from "@/lib/server/db-open";
import { randomSecret } from "@/lib/server/ids";

/**
 * What the bench scripts share: throwaway databases, a production server, waiting for it, and
 * what a server costs: its CPU time, its database round trips.
 */

export const pem = (key: crypto.KeyObject, type: "pkcs8" | "spki") => key.export({ type, format: "pem" }).toString();

/** Creates and drops throwaway databases on the PostgreSQL server of `adminUrl`. */
export function throwawayDatabases(adminUrl: string) {
  const run = async (statement: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  return {
    url(name: string): string {
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return url.toString();
    },
    create: (name: string) => run(`create database ${name}`),
    drop: (name: string) => run(`drop database if exists ${name} with (force)`),
    /**
     * Transactions committed in database `name` so far (pg_stat_database). Read from the admin
     * database, so that reading does not count. Backends report late (up to 10 s after going
     * idle): wait before reading.
     */
    async commits(name: string): Promise<number> {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        const result = await client.query<{ n: string }>("select xact_commit as n from pg_stat_database where datname = $1", [
          name,
        ]);
        return Number(result.rows[0]?.n ?? Number.NaN);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * `next start` (the production build) on PostgreSQL with a real-gateway configuration: HighHelp
 * itself is never called; the alert key is the bench's when it sends signed callbacks.
 */
export function startNextServer(options: {
  port: number;
  databaseUrl: string;
  projectId: string;
  alertPublicKeyPem?: string;
  nodeArgs?: string[];
  env?: Record<string, string>;
  /** Another checkout of the app, with its own build, to start instead of this one (`next start <dir>`). */
  dir?: string;
  /** Another Node.js to run the server with (default: the one running the bench). */
  node?: string;
}): ChildProcess {
  const merchant = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
  const alertKey = options.alertPublicKeyPem ?? pem(crypto.generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey, "spki");
  const next = path.join("node_modules", "next", "dist", "bin", "next");
  return spawn(
    options.node ?? process.execPath,
    [
      ...(options.nodeArgs ?? []),
      next,
      "start",
      ...(options.dir ? [options.dir] : []),
      "--port",
      String(options.port),
      "--hostname",
      "127.0.0.1",
    ],
    {
      stdio: ["ignore", "ignore", "inherit"],
      env: {
        ...process.env,
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        DATABASE_URL: options.databaseUrl,
        AUTH_SECRET: randomSecret(32),
        SECRETS_KEY: crypto.randomBytes(32).toString("base64"),
        PAN_FINGERPRINT_KEY: randomSecret(32),
        // A real gateway wants an https public URL; nothing calls it back in the bench.
        APP_PUBLIC_URL: `https://127.0.0.1:${options.port}`,
        HIGHHELP_API_URL: "http://127.0.0.1:9",
        HIGHHELP_PROJECT_ID: options.projectId,
        HIGHHELP_PRIVATE_KEY: pem(merchant.privateKey, "pkcs8"),
        HIGHHELP_ALERT_PUBLIC_KEY: alertKey,
        RECONCILER: "off",
        DEMO_USERS: "false",
        LOG_LEVEL: "error",
        ...options.env,
      },
    },
  );
}

export async function waitFor(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not come up`);
}

const CLOCK_TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/**
 * CPU time (user + system, in ms) of process `rootPid` and all its descendants, children already
 * reaped included, from /proc; null where there is no /proc (not Linux) or no such process.
 */
export function processTreeCpuMs(rootPid: number): number | null {
  let entries: string[];
  try {
    entries = fs.readdirSync("/proc");
  } catch {
    return null;
  }
  const ticks = new Map<number, number>();
  const children = new Map<number, number[]>();
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // gone since the listing
    }
    // The fields after the command name, which is in parentheses and may hold spaces: state is
    // field 3, ppid 4, utime 14, stime 15, cutime 16, cstime 17 (proc(5)).
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const pid = Number(entry);
    const ppid = Number(fields[1]);
    ticks.set(
      pid,
      [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0),
    );
    children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  if (!ticks.has(rootPid)) return null;
  let total = 0;
  const queue = [rootPid];
  for (let pid = queue.pop(); pid !== undefined; pid = queue.pop()) {
    total += ticks.get(pid) ?? 0;
    queue.push(...(children.get(pid) ?? []));
  }
  return (total * 1000) / CLOCK_TICKS_PER_SECOND;
}

/**
 * A PostgreSQL proxy process (scripts/bench/pg-proxy-server.ts) in front of the server of
 * `databaseUrl`: each listener counts the round trips of the server pointed at it.
 */
export function startPgProxy(databaseUrl: string) {
  const target = new URL(databaseUrl);
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/bench/pg-proxy-server.ts"], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    env: { ...process.env, PG_PROXY_TARGET: `${target.hostname.replace(/^\[|\]$/g, "")}:${target.port || "5432"}` },
  });
  let lastId = 0;
  const pending = new Map<number, { resolve: (reply: never) => void; reject: (error: Error) => void }>();
  child.on("message", (reply: { id: number }) => {
    pending.get(reply.id)?.resolve(reply as never);
    pending.delete(reply.id);
  });
  child.on("exit", () => {
    for (const { reject } of pending.values()) reject(new Error("the PostgreSQL proxy exited"));
    pending.clear();
  });
  const ask = <T>(message: object) =>
    new Promise<T>((resolve, reject) => {
      const id = ++lastId;
      pending.set(id, { resolve, reject });
      child.send({ ...message, id });
    });
  return {
    child,
    /** A listener of its own: `url` pointed at it, and the round trips it has carried so far. */
    async listener(url: string): Promise<{ url: string; roundTrips: () => Promise<number> }> {
      const { port } = await ask<{ port: number }>({ open: true });
      const proxied = new URL(url);
      proxied.hostname = "127.0.0.1";
      proxied.port = String(port);
      return {
        url: proxied.toString(),
        roundTrips: async () => (await ask<{ roundTrips: number }>({ count: port })).roundTrips,
      };
    },
  };
}

/** A minimal cookie jar: name → value from every Set-Cookie seen. */
export class Jar {
  private readonly cookies = new Map<string, string>();
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair!.indexOf("=");
      this.cookies.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
  has(pattern: RegExp): boolean {
    return [...this.cookies.keys()].some((k) => pattern.test(k));
  }
}

/** Signs in to the server at `base` through Auth.js's credentials flow, as a browser's form post would. */
export async function signIn(base: string, email: string, password: string): Promise<Jar> {
  const jar = new Jar();
  const csrfResponse = await fetch(`${base}/api/auth/csrf`);
  jar.take(csrfResponse);
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.header() },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${base}/` }).toString(),
  });
  jar.take(response);
  if (!jar.has(/session-token/)) throw new Error(`sign-in failed (HTTP ${response.status})`);
  return jar;
}

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export interface Timing {
  p50: number;
  p95: number;
}

/** p50 and p95 of `repeat` sequential runs, after 3 warm-up runs. */
export async function time(repeat: number, run: () => Promise<void>): Promise<Timing> {
  for (let i = 0; i < 3; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const started = process.hrtime.bigint();
    await run();
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
}

/** Stops a server started here: SIGTERM, then at most 5 s for it to exit. */
export async function stopServer(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
}

export interface SignedInServer {
  next: ChildProcess;
  jar: Jar;
  /** From the spawn to the first healthy answer. */
  readyMs: number;
}

/**
 * A user with a fresh random password on `db`, `next start` on the same database (see startNextServer), and
 * that user signed in: what a bench timing pages needs. The server is stopped again when any step fails.
 */
export async function startSignedIn(
  db: Database,
  user: { email: string; role: Role },
  server: Parameters<typeof startNextServer>[0],
): Promise<SignedInServer> {
  const password = randomSecret(18);
  await createUser(db, { email: user.email, name: "Bench", role: user.role, password });
  const base = `http://127.0.0.1:${server.port}`;
  const started = Date.now();
  const next = startNextServer(server);
  try {
    await waitFor(`${base}/api/health`, 60_000);
    const readyMs = Date.now() - started;
    return { next, jar: await signIn(base, user.email, password), readyMs };
  } catch (error) {
    await stopServer(next);
    throw error;
  }
}
