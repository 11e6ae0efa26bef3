import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import pg from "pg";
import { pem, processTreeCpuMs, startNextServer, startPgProxy, throwawayDatabases, waitFor } from "./support";
import { signAlert } from "@/lib/highhelp";
import { openDatabase } from "@/lib/server/db-open";
import { randomSuffix } from "@/lib/server/ids";

/*
 * npm run bench:callbacks — signed HighHelp callbacks, in the same run, against three targets:
 *   - `next start` (the production build) on PostgreSQL, the real callback route;
 *   - the same build's bench-only naive route (app/api/bench/naive-callback, opened by
 *     BENCH_NAIVE_CALLBACK=1): verify the signature, one insert, 200 — the stack's ceiling;
 *   - a bare node:http server running the real route's verify-store-apply code (the same lib function).
 * Each target has its own server and throwaway database, reached through a PostgreSQL proxy that
 * counts round trips. Prints throughput and latency, the server's CPU time (its whole process tree),
 * round trips and commits per request, the ratios, then checks each database: every accepted
 * event stored exactly once, every answered delivery kept (naive: one row per distinct key sent).
 *
 *   --duration 10      seconds of load per target
 *   --connections 50   concurrent connections
 *   --apps 2000        distinct applications (5 status events each)
 *   --duplicates 0.3   share of requests that repeat an event already sent
 *   --database-url     PostgreSQL server (default DATABASE_URL or postgres://postgres@127.0.0.1:5432/test)
 *   --profile DIR      write V8 CPU profiles of the Next servers into DIR
 */

const { values: args } = parseArgs({
  options: {
    duration: { type: "string", default: "10" },
    connections: { type: "string", default: "50" },
    apps: { type: "string", default: "2000" },
    duplicates: { type: "string", default: "0.3" },
    "database-url": { type: "string" },
    profile: { type: "string" },
  },
});
const DURATION = Number(args.duration);
const CONNECTIONS = Number(args.connections);
const APPS = Number(args.apps);
const DUPLICATE_SHARE = Number(args.duplicates);
// A tool's own knob, not app configuration (lib/server/env is the app's).
const ADMIN_URL = args["database-url"] ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const PROJECT_ID = "b3c4d5e6-0000-4000-8000-00000000be4c";
const STEPS: Array<[string, string | null]> = [
  ["processing", "new"],
  ["processing", "requisites"],
  ["processing", "awaiting_confirm"],
  ["processing", "paid"],
  ["success", null],
];

const NAIVE_PATH = "/api/bench/naive-callback";
/** After a load, before reading CPU time and round trips: requests cut off in flight finish. */
const SETTLE_MS = 2_000;
/**
 * Before reading commits: an idle PostgreSQL backend reports its counts within about a second,
 * but one that found the statistics locked retries only after 10 s (PostgreSQL's idle interval).
 */
const STATS_SETTLE_MS = 11_000;

const alertKeys = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });

interface SignedEvent {
  key: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * Every application's events, step by step across applications (all `new`, then all
 * `requisites`, …): like real traffic, concurrent deliveries mostly concern different
 * applications, so the bench measures throughput rather than one row lock.
 */
function buildEvents(prefix: string, apps = APPS, naive = false): SignedEvent[] {
  const events: SignedEvent[] = [];
  const now = Math.floor(Date.now() / 1000);
  for (const [status, subStatus] of STEPS) {
    for (let app = 0; app < apps; app++) {
      const paymentId = `${prefix}-${app}`;
      const body = {
        project_id: PROJECT_ID,
        general: { request_id: `req-${prefix}-${app}`, payment_id: paymentId },
        status: { status, sub_status: subStatus, status_description: null },
        payment_info: {
          amount: 150_000,
          old_amount: 150_000,
          initial_amount: 150_000,
          currency: "KZT",
          type: "payin",
          method: "card-p2p",
          updated_date: now,
          created_date: now,
        },
      };
      const { headers } = signAlert({
        body,
        timestamp: now,
        key: { kind: "rsa", privateKey: alertKeys.privateKey },
        merchantId: PROJECT_ID,
      });
      events.push({
        key: `${PROJECT_ID}:${paymentId}:${status}:${subStatus ?? ""}`,
        path: naive ? NAIVE_PATH : `/api/highhelp/callback/${status === "success" ? "success" : "intermediate"}`,
        headers,
        body: JSON.stringify(body),
      });
    }
  }
  return events;
}

const databases = throwawayDatabases(ADMIN_URL);

async function startBare(dbUrl: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "scripts/bench/bare-callback-server.ts"],
    {
      stdio: ["ignore", "pipe", "inherit"],
      env: {
        ...process.env,
        BARE_DATABASE_URL: dbUrl,
        BARE_PROJECT_ID: PROJECT_ID,
        BARE_ALERT_PUBLIC_KEY: pem(alertKeys.publicKey, "spki"),
        LOG_LEVEL: "error",
      },
    },
  );
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      const match = /PORT=(\d+)/.exec(chunk.toString());
      if (match) resolve(Number(match[1]));
    });
    child.on("exit", () => reject(new Error("bare server exited")));
  });
  return { child, port };
}

interface LoadResult {
  throughput: number;
  p50: number;
  p99: number;
  answered: number;
  statusCounts: Record<string, number>;
  accepted: Set<string>;
  /** Requests written, answered or not: the last ones are cut off in flight when the time is up. */
  requests: number;
  /** Distinct keys of the requests written, and of those answered (whatever the status). */
  sent: Set<string>;
  answeredKeys: Set<string>;
}

async function load(baseUrl: string, events: SignedEvent[], duration = DURATION): Promise<LoadResult> {
  let cursor = 0;
  let rng = 42;
  const random = () => (rng = (rng * 1103515245 + 12345) % 2147483648) / 2147483648;
  const accepted = new Set<string>();
  const sent = new Set<string>();
  const answeredKeys = new Set<string>();
  let requests = 0;
  const statusCounts: Record<string, number> = {};
  const pick = (): SignedEvent => {
    if (cursor >= events.length || (cursor > 0 && random() < DUPLICATE_SHARE))
      return events[Math.floor(random() * Math.min(cursor, events.length))]!;
    return events[cursor++]!;
  };
  const result = await autocannon({
    url: baseUrl,
    connections: CONNECTIONS,
    duration,
    requests: [
      {
        method: "POST",
        setupRequest: (request, context) => {
          const event = pick();
          (context as { key?: string }).key = event.key;
          sent.add(event.key);
          requests++;
          return { ...request, path: event.path, headers: event.headers, body: event.body };
        },
        onResponse: (status, _body, context) => {
          statusCounts[status] = (statusCounts[status] ?? 0) + 1;
          answeredKeys.add((context as { key: string }).key);
          if (status >= 200 && status < 300) accepted.add((context as { key: string }).key);
        },
      },
    ],
  });
  const answered = Object.values(statusCounts).reduce((a, b) => a + b, 0);
  return {
    throughput: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    answered,
    statusCounts,
    accepted,
    requests,
    sent,
    answeredKeys,
  };
}

interface Target {
  name: string;
  /** Prefix of its payment ids, and its name in the consistency lines. */
  tag: string;
  baseUrl: string;
  naive: boolean;
  pid: number;
  database: string;
  roundTrips: () => Promise<number>;
}

interface Measured extends LoadResult {
  /**
   * Per request written (the server finishes those cut off in flight during the settling pause,
   * and their work is counted); null when not measurable here (CPU time off Linux).
   */
  cpuMs: number | null;
  roundTrips: number;
  commits: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Warm-up (not measured: lazy module loading, JIT, connection pools), then the load, with its costs. */
async function measure(target: Target): Promise<Measured> {
  console.log(`${target.name}: signing events, warming up, ${DURATION}s of load…`);
  const events = buildEvents(target.tag, APPS, target.naive);
  await load(target.baseUrl, buildEvents(`W${target.tag}`, 100, target.naive), 2);
  await sleep(STATS_SETTLE_MS);
  const snapshot = async () => ({ cpuMs: processTreeCpuMs(target.pid), roundTrips: await target.roundTrips() });
  const before = { ...(await snapshot()), commits: await databases.commits(target.database) };
  const run = await load(target.baseUrl, events);
  await sleep(SETTLE_MS);
  const after = await snapshot();
  await sleep(STATS_SETTLE_MS - SETTLE_MS);
  const commitsAfter = await databases.commits(target.database);
  const perRequest = (n: number) => n / run.requests;
  return {
    ...run,
    cpuMs: before.cpuMs === null || after.cpuMs === null ? null : perRequest(after.cpuMs - before.cpuMs),
    roundTrips: perRequest(after.roundTrips - before.roundTrips),
    commits: perRequest(commitsAfter - before.commits),
  };
}

async function consistency(dbUrl: string, run: LoadResult): Promise<{ ok: boolean; lines: string[] }> {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    const keys = await client.query<{ idempotency_key: string }>("select idempotency_key from status_events");
    const stored = new Map<string, number>();
    for (const row of keys.rows) stored.set(row.idempotency_key, (stored.get(row.idempotency_key) ?? 0) + 1);
    const missing = [...run.accepted].filter((k) => !stored.has(k)).length;
    const doubled = [...stored.values()].filter((n) => n > 1).length;
    const deliveries = Number((await client.query<{ n: string }>("select count(*) as n from callback_deliveries")).rows[0]!.n);
    const lines = [
      `accepted events ${run.accepted.size}, stored ${stored.size}, missing ${missing}, stored twice ${doubled}`,
      `answered deliveries ${run.answered}, kept ${deliveries}`,
    ];
    return { ok: missing === 0 && doubled === 0 && deliveries >= run.answered, lines };
  } finally {
    await client.end();
  }
}

/**
 * The naive route's table holds one row per distinct key sent, and nothing else. A key may be
 * missing only when none of its requests was answered (cut off in flight at the end, never
 * processed): any answer, refusals included, means the server ran the insert or failed.
 */
async function naiveConsistency(dbUrl: string, run: LoadResult, tag: string): Promise<{ ok: boolean; lines: string[] }> {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    // The measured run's rows, not the warm-up's (payment ids `W<tag>-…`).
    const rows = (
      await client.query<{ key: string }>("select key from bench_naive_events where starts_with(key, $1)", [
        `${PROJECT_ID}:${tag}-`,
      ])
    ).rows.map(({ key }) => key);
    const stored = new Set(rows);
    const unstored = [...run.sent].filter((k) => !stored.has(k));
    const missing = unstored.filter((k) => run.answeredKeys.has(k)).length;
    const unsent = rows.filter((k) => !run.sent.has(k)).length;
    const cutOff = unstored.length - missing;
    const lines = [
      `distinct keys sent ${run.sent.size}, rows ${rows.length}${cutOff > 0 ? ` (${cutOff} never answered, cut off in flight)` : ""}, ` +
        `answered but missing ${missing}, rows never sent ${unsent}`,
    ];
    return { ok: missing === 0 && unsent === 0, lines };
  } finally {
    await client.end();
  }
}

function summary(results: Array<{ target: Target; run: Measured }>): string[] {
  const header = ["target", "req/s", "p50 ms", "p99 ms", "CPU ms/req", "round trips/req", "commits/req"];
  const rows = results.map(({ target, run }) => [
    target.name,
    run.throughput.toFixed(0),
    String(run.p50),
    String(run.p99),
    run.cpuMs === null ? "n/a" : run.cpuMs.toFixed(2),
    run.roundTrips.toFixed(2),
    run.commits.toFixed(2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("   ");
  const statuses = results.map(
    ({ target, run }) =>
      `${target.name}: sent ${run.requests}, answered ${run.answered}, statuses ${JSON.stringify(run.statusCounts)}`,
  );
  return [line(header), ...rows.map(line), "", ...statuses];
}

function ratio(name: string, a: Measured, b: Measured): string {
  const cpu = a.cpuMs !== null && b.cpuMs !== null ? `, CPU ms/req ${(a.cpuMs / b.cpuMs).toFixed(2)}` : "";
  return `ratio ${name}: req/s ${(a.throughput / b.throughput).toFixed(2)}${cpu}, round trips/req ${(a.roundTrips / b.roundTrips).toFixed(2)}`;
}

async function main(): Promise<void> {
  const suffix = randomSuffix(4);
  const names = { next: `bench_next_${suffix}`, naive: `bench_naive_${suffix}`, bare: `bench_bare_${suffix}` };
  const children: ChildProcess[] = [];
  for (const name of Object.values(names)) await databases.create(name);
  try {
    // Production instances do not migrate PostgreSQL themselves (the release step does): migrate as it would.
    for (const name of Object.values(names))
      await (await openDatabase({ kind: "postgres", url: databases.url(name), max: 1 })).close();
    const naiveTable = new pg.Client({ connectionString: databases.url(names.naive) });
    await naiveTable.connect();
    await naiveTable.query("create table if not exists bench_naive_events (key text primary key, body text)");
    await naiveTable.end();

    console.log(
      `bench:callbacks — ${DURATION}s per target, ${CONNECTIONS} connections, ${APPS * STEPS.length} distinct events, ${DUPLICATE_SHARE * 100}% duplicates`,
    );
    const proxy = startPgProxy(ADMIN_URL);
    children.push(proxy.child);
    const [nextDb, naiveDb, bareDb] = await Promise.all(
      [names.next, names.naive, names.bare].map((name) => proxy.listener(databases.url(name))),
    );
    const nextServer = (port: number, databaseUrl: string, env?: Record<string, string>) => {
      const child = startNextServer({
        port,
        databaseUrl,
        projectId: PROJECT_ID,
        alertPublicKeyPem: pem(alertKeys.publicKey, "spki"),
        nodeArgs: args.profile ? ["--cpu-prof", `--cpu-prof-dir=${args.profile}`] : [],
        env,
      });
      children.push(child);
      return child;
    };
    const next = nextServer(3200, nextDb!.url);
    // The bench-only door of app/api/bench/naive-callback; the real target runs without it.
    const naive = nextServer(3201, naiveDb!.url, { BENCH_NAIVE_CALLBACK: "1" });
    await waitFor("http://127.0.0.1:3200/api/health", 60_000);
    await waitFor("http://127.0.0.1:3201/api/health", 60_000);
    const bare = await startBare(bareDb!.url);
    children.push(bare.child);

    const targets: Target[] = [
      {
        name: "next start (route handler)",
        tag: "next",
        baseUrl: "http://127.0.0.1:3200",
        naive: false,
        pid: next.pid!,
        database: names.next,
        roundTrips: nextDb!.roundTrips,
      },
      {
        name: "next start (naive route)",
        tag: "naive",
        baseUrl: "http://127.0.0.1:3201",
        naive: true,
        pid: naive.pid!,
        database: names.naive,
        roundTrips: naiveDb!.roundTrips,
      },
      {
        name: "bare node:http",
        tag: "bare",
        baseUrl: `http://127.0.0.1:${bare.port}`,
        naive: false,
        pid: bare.child.pid!,
        database: names.bare,
        roundTrips: bareDb!.roundTrips,
      },
    ];
    const results: Array<{ target: Target; run: Measured }> = [];
    for (const target of targets) results.push({ target, run: await measure(target) });
    const [nextRun, naiveRun, bareRun] = results.map(({ run }) => run) as [Measured, Measured, Measured];

    console.log("");
    for (const line of summary(results)) console.log(line);
    console.log("");
    console.log(ratio("next start / naive", nextRun, naiveRun));
    console.log(ratio("next start / bare", nextRun, bareRun));
    console.log(
      `(per request: divided by the requests sent, those cut off at the end included: the server finishes them during a ${SETTLE_MS / 1000} s pause before the counts are read; CPU time is the server's whole process tree)`,
    );
    console.log("");
    let ok = true;
    for (const { target, run } of results) {
      const url = databases.url(target.database);
      const check = target.naive ? await naiveConsistency(url, run, target.tag) : await consistency(url, run);
      ok &&= check.ok;
      for (const line of check.lines) console.log(`${target.tag}: ${line}`);
    }
    console.log(
      ok
        ? "consistency: OK (every accepted event stored once, every answered delivery kept; naive: a row per key sent)"
        : "consistency: FAILED",
    );
    process.exitCode = ok ? 0 : 1;
  } finally {
    for (const child of children) child.kill(args.profile ? "SIGINT" : "SIGTERM");
    await sleep(1_000);
    for (const name of Object.values(names)) await databases.drop(name);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
