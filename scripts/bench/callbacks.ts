import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import pg from "pg";
import { pem, startNextServer, throwawayDatabases, waitFor } from "./support";
import { signAlert } from "@/lib/highhelp";
import { randomSuffix } from "@/lib/server/ids";

/*
 * npm run bench:callbacks — signed HighHelp callbacks against the production build (`next start`)
 * on PostgreSQL, next to a bare node:http server running the same verify-store-apply code, in the
 * same run. Prints throughput and latency, the ratio, then checks each database: every accepted
 * event stored exactly once, every answered delivery kept.
 *
 *   --duration 10      seconds of load per target
 *   --connections 16   concurrent connections
 *   --apps 2000        distinct applications (5 status events each)
 *   --duplicates 0.3   share of requests that repeat an event already sent
 *   --database-url     PostgreSQL server (default DATABASE_URL or postgres://postgres@127.0.0.1:5432/test)
 *   --profile DIR      write a V8 CPU profile of the Next server into DIR
 */

const { values: args } = parseArgs({
  options: {
    duration: { type: "string", default: "10" },
    connections: { type: "string", default: "16" },
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
function buildEvents(prefix: string, apps = APPS): SignedEvent[] {
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
        path: `/api/highhelp/callback/${status === "success" ? "success" : "intermediate"}`,
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
}

async function load(baseUrl: string, events: SignedEvent[], duration = DURATION): Promise<LoadResult> {
  let cursor = 0;
  let rng = 42;
  const random = () => (rng = (rng * 1103515245 + 12345) % 2147483648) / 2147483648;
  const accepted = new Set<string>();
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
          return { ...request, path: event.path, headers: event.headers, body: event.body };
        },
        onResponse: (status, _body, context) => {
          statusCounts[status] = (statusCounts[status] ?? 0) + 1;
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

async function main(): Promise<void> {
  const suffix = randomSuffix(4);
  const nextDb = `bench_next_${suffix}`;
  const bareDb = `bench_bare_${suffix}`;
  const children: ChildProcess[] = [];
  await databases.create(nextDb);
  await databases.create(bareDb);
  try {
    console.log(
      `bench:callbacks — ${DURATION}s per target, ${CONNECTIONS} connections, ${APPS * STEPS.length} distinct events, ${DUPLICATE_SHARE * 100}% duplicates`,
    );
    const next = startNextServer({
      port: 3200,
      databaseUrl: databases.url(nextDb),
      projectId: PROJECT_ID,
      alertPublicKeyPem: pem(alertKeys.publicKey, "spki"),
      nodeArgs: args.profile ? ["--cpu-prof", `--cpu-prof-dir=${args.profile}`] : [],
    });
    children.push(next);
    await waitFor("http://127.0.0.1:3200/api/health", 60_000);
    const bare = await startBare(databases.url(bareDb));
    children.push(bare.child);

    console.log("signing events…");
    const nextEvents = buildEvents("N");
    const bareEvents = buildEvents("B");
    // Warm-up (not measured): lazy module loading, JIT, connection pools.
    await load("http://127.0.0.1:3200", buildEvents("WN", 100), 2);
    await load(`http://127.0.0.1:${bare.port}`, buildEvents("WB", 100), 2);
    const nextRun = await load("http://127.0.0.1:3200", nextEvents);
    const bareRun = await load(`http://127.0.0.1:${bare.port}`, bareEvents);

    const row = (name: string, r: LoadResult) =>
      `${name.padEnd(26)} ${r.throughput.toFixed(0).padStart(8)} req/s   p50 ${String(r.p50).padStart(4)} ms   p99 ${String(r.p99).padStart(4)} ms   ${JSON.stringify(r.statusCounts)}`;
    console.log("");
    console.log(row("next start (route handler)", nextRun));
    console.log(row("bare node:http", bareRun));
    console.log(`ratio next / bare: ${(nextRun.throughput / bareRun.throughput).toFixed(2)}`);
    console.log("");
    let ok = true;
    for (const [name, url, run] of [
      ["next", databases.url(nextDb), nextRun],
      ["bare", databases.url(bareDb), bareRun],
    ] as const) {
      const check = await consistency(url, run);
      ok &&= check.ok;
      for (const line of check.lines) console.log(`${name}: ${line}`);
    }
    console.log(ok ? "consistency: OK (every accepted event stored once, every answered delivery kept)" : "consistency: FAILED");
    process.exitCode = ok ? 0 : 1;
  } finally {
    for (const child of children) child.kill(args.profile ? "SIGINT" : "SIGTERM");
    await new Promise((r) => setTimeout(r, 1_000));
    await databases.drop(nextDb);
    await databases.drop(bareDb);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
