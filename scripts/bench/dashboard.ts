import type { ChildProcess } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { startSignedIn, stopServer, throwawayDatabases, time, type Timing } from "./support";
import { seedApplications } from "@/drizzle/seed";
import { ALL_PROJECTS } from "@/lib/accounts/register-scope";
import { dashboardFigures, needsAttentionCount, PERIOD_DAYS } from "@/lib/dashboard/queries";
import { addDays, startOfUtcDay, startOfUtcWeek } from "@/lib/dates/utc";
import { foldRollups, rebuildRollups } from "@/lib/rollups/commands";
import { rollupDayOf, shiftDay, weekStartDay } from "@/lib/rollups/day";
import {
  dailySuccessVolume,
  methodConversion,
  registerTotals,
  rollupDifferences,
  rollupsAsOf,
  statusTotals,
} from "@/lib/rollups/queries";
import { openDatabase, type Database, type DatabaseHandle } from "@/lib/server/db-open";
import { randomSuffix } from "@/lib/server/ids";
import { executeRows } from "@/lib/server/sql";

/*
 * npm run bench:dashboard — the dashboard at scale: seeds a throwaway PostgreSQL database, rebuilds the
 * rollups, starts the production build (`next start`) on it, signs in, and times the dashboard page next to
 * each of its figures' SQL, and next to the recount queries the dashboard ran before the rollups (kept
 * below as the baseline). Also times a fold of changed applications, the fold that follows (the overlap
 * re-read, nothing to change) and a full check over every day.
 *
 *   --count 1000000    applications to seed (10 000 000 works on PostgreSQL: about 20 GB of disk, and
 *                      about 40 minutes of seeding on two busy cores; 1 000 000: 2 to 3 minutes)
 *   --repeat 30        timed requests per case (after 3 warm-up requests)
 *   --changes 10000    applications changed before the timed fold
 *   --port 3202
 *   --database-url     PostgreSQL server (default DATABASE_URL or postgres://postgres@127.0.0.1:5432/test)
 */

const { values: args } = parseArgs({
  options: {
    count: { type: "string", default: "1000000" },
    repeat: { type: "string", default: "30" },
    changes: { type: "string", default: "10000" },
    port: { type: "string", default: "3202" },
    "database-url": { type: "string" },
  },
});
const COUNT = Number(args.count);
const REPEAT = Number(args.repeat);
const CHANGES = Number(args.changes);
const PORT = Number(args.port);
const BASE = `http://127.0.0.1:${PORT}`;
// A tool's own knob, not app configuration (lib/server/env is the app's).
const ADMIN_URL = args["database-url"] ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const GOAL_P95_MS = 150;

const databases = throwawayDatabases(ADMIN_URL);

/*
 * The baseline: what the dashboard ran before the rollups, a recount of `applications` on every load
 * (no index starts with created_at, so "today" scans). Kept word for word.
 */
const recount = {
  totalsSince: (db: Database, since: Date) =>
    executeRows(
      db,
      sql`select type, coalesce(status::text, 'not_sent') as status, currency, count(*)::int as n, coalesce(sum(amount), 0)::text as volume
          from applications where created_at >= ${since.toISOString()}::timestamptz
          group by type, status, currency order by type, status, currency`,
    ),
  conversionByMethod: (db: Database, since: Date) =>
    executeRows(
      db,
      sql`select type, coalesce(method, widget_method, 'unknown') as method,
                 count(*) filter (where status = 'success')::int as success,
                 count(*) filter (where status in ('success', 'decline'))::int as final
          from applications where created_at >= ${since.toISOString()}::timestamptz
          group by type, 2 having count(*) filter (where status in ('success', 'decline')) > 0
          order by type, final desc`,
    ),
  dailySuccessVolume: (db: Database, currency: string, days: number, now: Date) =>
    executeRows(
      db,
      sql`select to_char(date_trunc('day', created_at at time zone 'UTC'), 'YYYY-MM-DD') as day, type, sum(amount)::text as volume
          from applications
          where status = 'success' and currency = ${currency} and created_at >= ${addDays(startOfUtcDay(now), -(days - 1)).toISOString()}::timestamptz
          group by 1, 2`,
    ),
};

/**
 * A stand-in for HighHelp's balance/info, answering at once: the dashboard streams the balances, and the bench
 * times our page, not a gateway (the real one is never called).
 */
async function startBalanceStub(): Promise<http.Server> {
  const body = JSON.stringify({
    balance: ["KZT", "KGS", "UZS", "RUB"].map((currency) => ({ currency, amount: 1_000_000_000, locked_amount: 0 })),
  });
  const server = http.createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      const found = request.url === "/api/v1/balance/info";
      response.writeHead(found ? 200 : 404, { "content-type": "application/json" }).end(found ? body : "{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

async function tableSizes(db: Database): Promise<string> {
  const rows = await executeRows(
    db,
    sql`select relname, pg_size_pretty(pg_total_relation_size(oid)) as size from pg_class
        where relname in ('applications', 'application_rollups', 'application_rollup_contributions') order by relname`,
  );
  return rows.map((r) => `${String(r.relname)} ${String(r.size)}`).join(", ");
}

async function main(): Promise<void> {
  const name = `bench_dashboard_${randomSuffix(4)}`;
  const url = databases.url(name);
  let next: ChildProcess | undefined;
  let handle: DatabaseHandle | undefined;
  const stub = await startBalanceStub();
  const cleanUp = async () => {
    stub.close();
    await stopServer(next);
    await handle?.close().catch(() => {});
    handle = undefined;
    await databases.drop(name);
  };
  process.once("SIGINT", () => void cleanUp().finally(() => process.exit(130)));

  await databases.create(name);
  try {
    handle = await openDatabase({ kind: "postgres", url, max: 10 });
    const db = handle.db;
    console.log(`bench:dashboard — seeding ${COUNT.toLocaleString("en")} applications into ${name}…`);
    let started = Date.now();
    let reported = 0;
    const seeded = await seedApplications(db, {
      count: COUNT,
      seed: 11,
      concurrency: 2,
      onProgress(done) {
        if (done - reported >= 1_000_000) {
          reported = done;
          console.log(`  ${done.toLocaleString("en")} (${seconds(started)})`);
        }
      },
    });
    console.log(`seeded ${seeded.applications} applications, ${seeded.statusEvents} status events in ${seconds(started)}`);
    started = Date.now();
    // What autovacuum would have done on a live table: visibility map and statistics.
    await db.execute(sql`vacuum (analyze) applications`);
    console.log(`vacuum analyze in ${seconds(started)}`);

    started = Date.now();
    const rebuilt = await rebuildRollups(db);
    await db.execute(sql`vacuum (analyze) application_rollups, application_rollup_contributions`);
    console.log(`rollups rebuilt: ${rebuilt.cells} cells for ${rebuilt.applications} applications in ${seconds(started)}`);
    console.log(`sizes: ${await tableSizes(db)}`);

    // A fold of changed applications, spread over every day and cell, as callbacks would change them.
    await db.execute(sql`
      update applications set status = 'success', amount = amount + 1, updated_at = now()
      where id in (select id from applications where status is distinct from 'success' order by hashint8(id) limit ${CHANGES})`);
    started = Date.now();
    const folded = await foldRollups(db, { budgetMs: Number.POSITIVE_INFINITY });
    const foldMs = Date.now() - started;
    started = Date.now();
    const idle = await foldRollups(db, { budgetMs: Number.POSITIVE_INFINITY });
    const idleMs = Date.now() - started;
    console.log(
      `fold of ${CHANGES} changed applications: ${foldMs} ms (${folded.changed} folded); ` +
        `the next fold, re-reading the overlap with nothing to change: ${idleMs} ms (${idle.read} read)`,
    );
    started = Date.now();
    const differences = await rollupDifferences(db, "2000-01-01", rollupDayOf(new Date()));
    console.log(`check (full recount over every day): ${differences.length} differing cells in ${seconds(started)}`);
    if (differences.length > 0) throw new Error("the rollups differ from a recount");

    const server = await startSignedIn(
      db,
      { email: "bench-dashboard@backoffice.test", role: "admin" },
      {
        port: PORT,
        databaseUrl: url,
        projectId: "bench-dashboard",
        env: { HIGHHELP_API_URL: `http://127.0.0.1:${(stub.address() as AddressInfo).port}` },
      },
    );
    next = server.next;
    const jar = server.jar;
    console.log(`next start ready in ${(server.readyMs / 1000).toFixed(1)} s`);

    const page = async (path: string) => {
      const response = await fetch(`${BASE}${path}`, { headers: { cookie: jar.header() }, redirect: "manual" });
      const body = await response.text();
      if (response.status !== 200 || !body.includes("figures-as-of") || !body.includes('data-testid="balances"'))
        throw new Error(`${path}: HTTP ${response.status}, not the dashboard`);
      return body;
    };
    const probe = await page("/");
    const asOf = /Figures (?:<!-- -->)?(as of [^<;]+)/.exec(probe)?.[1];
    console.log(`the page says: figures ${asOf ?? "(no as-of text found)"}`);

    const now = new Date();
    const today = rollupDayOf(now);
    const periodStart = shiftDay(today, -(PERIOD_DAYS - 1));
    const floor = async () => {
      const response = await fetch(`${BASE}/settings`, { headers: { cookie: jar.header() }, redirect: "manual" });
      await response.text();
      if (response.status !== 200) throw new Error(`/settings: HTTP ${response.status}`);
    };
    const pages: Array<[string, Timing]> = [
      ["dashboard page /", await time(REPEAT, async () => void (await page("/")))],
      ["dashboard page /?currency=RUB", await time(REPEAT, async () => void (await page("/?currency=RUB")))],
      // No database read beyond the session: what the layout and a server-rendered page cost by themselves.
      ["page floor: /settings", await time(REPEAT, floor)],
    ];
    const all = await time(REPEAT, async () => void (await dashboardFigures(db, "KZT", ALL_PROJECTS)));
    const figures: Array<[string, Timing, Timing | null]> = [
      [
        "today by type/status/currency",
        await time(REPEAT, async () => void (await statusTotals(db, today, today, ALL_PROJECTS))),
        await time(REPEAT, async () => void (await recount.totalsSince(db, startOfUtcDay(now)))),
      ],
      [
        "this week",
        await time(REPEAT, async () => void (await statusTotals(db, weekStartDay(now), today, ALL_PROJECTS))),
        await time(REPEAT, async () => void (await recount.totalsSince(db, startOfUtcWeek(now)))),
      ],
      [
        "conversion by method, 30 days",
        await time(REPEAT, async () => void (await methodConversion(db, periodStart, today, ALL_PROJECTS))),
        await time(REPEAT, async () => void (await recount.conversionByMethod(db, addDays(now, -PERIOD_DAYS)))),
      ],
      [
        "success volume per day, KZT",
        await time(REPEAT, async () => void (await dailySuccessVolume(db, "KZT", periodStart, today, ALL_PROJECTS))),
        await time(REPEAT, async () => void (await recount.dailySuccessVolume(db, "KZT", PERIOD_DAYS, now))),
      ],
      [
        "per register and currency, 30 days",
        await time(REPEAT, async () => void (await registerTotals(db, periodStart, today, ALL_PROJECTS))),
        null,
      ],
      ["as of (watermarks)", await time(REPEAT, async () => void (await rollupsAsOf(db))), null],
      [
        "needs attention, payins (list count)",
        await time(REPEAT, async () => void (await needsAttentionCount(db, "payin", ALL_PROJECTS))),
        null,
      ],
      [
        "needs attention, payouts (list count)",
        await time(REPEAT, async () => void (await needsAttentionCount(db, "payout", ALL_PROJECTS))),
        null,
      ],
    ];

    const ms = (n: number) => `${n.toFixed(1).padStart(7)} ms`;
    const pad = (s: string, n: number) => s.padEnd(n);
    console.log("");
    console.log(`${pad("page (through next start)", 36)}     p50        p95`);
    let ok = true;
    for (const [label, t] of pages) {
      if (label.startsWith("dashboard")) ok &&= t.p95 < GOAL_P95_MS;
      console.log(`${pad(label, 36)} ${ms(t.p50)} ${ms(t.p95)}  ${t.p95 < GOAL_P95_MS ? "" : "p95 over goal"}`);
    }
    console.log("");
    console.log(`${pad("figure SQL (direct)", 36)} rollup p50 rollup p95 recount p50 recount p95`);
    for (const [label, rollup, old] of figures) {
      console.log(
        `${pad(label, 36)} ${ms(rollup.p50)} ${ms(rollup.p95)} ${old ? `${ms(old.p50)}  ${ms(old.p95)}` : "       (same / new)"}`,
      );
    }
    console.log(`${pad("all figures at once (as the page)", 36)} ${ms(all.p50)} ${ms(all.p95)}`);
    console.log("");
    console.log(
      `${COUNT.toLocaleString("en")} applications; goal: page p95 < ${GOAL_P95_MS} ms (${REPEAT} timed requests per case, one at a time)`,
    );
    process.exitCode = ok ? 0 : 1;
  } finally {
    await cleanUp();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
