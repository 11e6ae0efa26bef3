import type { ChildProcess } from "node:child_process";
import { parseArgs } from "node:util";
import zlib from "node:zlib";
import { startSignedIn, stopServer, throwawayDatabases, time, type Jar, type Timing } from "./support";
import { sql } from "drizzle-orm";
import { seedApplications } from "@/drizzle/seed";
import { listSearchParams, parseListParams, type ListParams } from "@/lib/applications/url-state";
import { countApplications, listApplications, listWhere } from "@/lib/applications/list-queries";
import { executeRows } from "@/lib/server/sql";
import { listTotals, type ListTotals } from "@/lib/applications/list-totals";
import { rebuildRollups } from "@/lib/rollups/commands";
import { ALL_PROJECTS } from "@/lib/accounts/register-scope";
import { openDatabase, type DatabaseHandle } from "@/lib/server/db-open";
import { randomSuffix } from "@/lib/server/ids";

/*
 * npm run bench:lists — the payins list on a million applications: seeds a throwaway PostgreSQL
 * database, starts the production build (`next start`) on it, signs in through Auth.js, and times
 * the list page for a first page, a deep page (51st), a filtered and sorted page, a search and
 * the needs-attention view, searches by every kind of arm (payment id in any case, customer name, email,
 * an amount as typed) and totals of filters the rollups cannot answer, next to the same queries (rows,
 * capped count and the totals per currency) run directly in the same run; the plans of the searches are
 * printed with EXPLAIN (ANALYZE) so that each arm's index shows. Prints p50 / p95 and the ratio, then the totals' own
 * timing and which way they were computed (rollups, or summed from at most 10 000 rows), then the
 * page's first-load JavaScript. The rollups are rebuilt after seeding, as db:seed does.
 *
 *   --count 1000000    applications to seed
 *   --repeat 30        timed requests per case (after 3 warm-up requests)
 *   --port 3201
 *   --database-url     PostgreSQL server (default DATABASE_URL or postgres://postgres@127.0.0.1:5432/test)
 */

const { values: args } = parseArgs({
  options: {
    count: { type: "string", default: "1000000" },
    repeat: { type: "string", default: "30" },
    port: { type: "string", default: "3201" },
    "database-url": { type: "string" },
  },
});
const COUNT = Number(args.count);
const REPEAT = Number(args.repeat);
const PORT = Number(args.port);
const BASE = `http://127.0.0.1:${PORT}`;
// A tool's own knob, not app configuration (lib/server/env is the app's).
const ADMIN_URL = args["database-url"] ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const GOAL_P95_MS = 150;
const GOAL_RATIO = 3;

const databases = throwawayDatabases(ADMIN_URL);

async function scriptSources(pathname: string, jar: Jar): Promise<string[]> {
  const html = await (await fetch(`${BASE}${pathname}`, { headers: { cookie: jar.header() } })).text();
  return [...new Set([...html.matchAll(/<script[^>]+src="([^"]+\.js)"/g)].map((m) => m[1]!))];
}

interface JsSize {
  files: number;
  bytes: number;
  gzip: number;
  /** What /forbidden (a static page: framework and root layout only) does not load. */
  ownGzip: number;
}

/** The JavaScript a first visit to the list downloads: the page's <script src> files, sized raw and gzipped. */
async function firstLoadJs(jar: Jar): Promise<JsSize> {
  const sources = await scriptSources("/payins", jar);
  const baseline = new Set(await scriptSources("/forbidden", jar));
  const size: JsSize = { files: sources.length, bytes: 0, gzip: 0, ownGzip: 0 };
  for (const src of sources) {
    const body = Buffer.from(await (await fetch(new URL(src, BASE))).arrayBuffer());
    const gzip = zlib.gzipSync(body, { level: 9 }).length;
    size.bytes += body.length;
    size.gzip += gzip;
    if (!baseline.has(src)) size.ownGzip += gzip;
  }
  return size;
}

/** Which way the totals were computed, in a few words. */
function totalsHow(totals: ListTotals): string {
  const rows = totals.perCurrency.reduce((n, c) => n + c.count, 0).toLocaleString("en");
  if (totals.source === "rollups") return `rollups, ${rows} applications`;
  return `rows (${totals.reasons.join(", ")}), ${totals.capped ? `first ${totals.cap.toLocaleString("en")} (capped)` : rows}`;
}

async function main(): Promise<void> {
  const name = `bench_lists_${randomSuffix(4)}`;
  const url = databases.url(name);
  let next: ChildProcess | undefined;
  let handle: DatabaseHandle | undefined;
  const cleanUp = async () => {
    await stopServer(next);
    await handle?.close().catch(() => {});
    handle = undefined;
    await databases.drop(name);
  };
  process.once("SIGINT", () => void cleanUp().finally(() => process.exit(130)));

  await databases.create(name);
  try {
    handle = await openDatabase({ kind: "postgres", url, max: 4 });
    const db = handle.db;
    console.log(`bench:lists — seeding ${COUNT.toLocaleString("en")} applications into ${name}…`);
    let started = Date.now();
    const seeded = await seedApplications(db, { count: COUNT, seed: 7, concurrency: 2 });
    // What autovacuum would have done on a live table: visibility map and statistics.
    await db.execute(sql`vacuum (analyze) applications`);
    console.log(
      `seeded ${seeded.applications} applications, ${seeded.statusEvents} status events in ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );

    // The list totals read them (without a fold they would sum the rows instead).
    started = Date.now();
    const rebuilt = await rebuildRollups(db);
    await db.execute(sql`vacuum (analyze) application_rollups`);
    console.log(`rollups rebuilt: ${rebuilt.cells} cells in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const server = await startSignedIn(
      db,
      { email: "bench-lists@backoffice.test", role: "viewer" },
      { port: PORT, databaseUrl: url, projectId: "bench-lists" },
    );
    next = server.next;
    const jar = server.jar;
    console.log(`next start ready in ${(server.readyMs / 1000).toFixed(1)} s`);

    // The 51st page: follow 50 "next" cursors, as a user would.
    let deep = parseListParams({});
    for (let i = 0; i < 50; i++) {
      const page = await listApplications(db, "payin", deep, ALL_PROJECTS);
      if (!page.nextCursor) throw new Error("ran out of pages");
      deep = parseListParams(listSearchParams(deep, { after: page.nextCursor }));
    }
    const cases: Array<[string, string]> = [
      ["first page", ""],
      ["deep page (51st)", listSearchParams(deep).toString()],
      ["filtered + sorted", "status=success&currency=KZT&sort=amount&dir=asc"],
      ["search (payment_id prefix)", "q=SEED-PI-01234"],
      ["search (payment_id, any case)", "q=seed-pi-01234"],
      // Full name, any case: a customer-name prefix among the other arms (BitmapOr).
      ["search (customer name)", "q=aigerim%20sadyk"],
      ["search (email prefix)", "q=cust-01234%40"],
      // An exact amount as typed, in every currency; with its currency filter.
      ["search (amount)", `q=${encodeURIComponent("5 000,00")}`],
      ["search (amount, KZT)", `q=${encodeURIComponent("5 000,00")}&currency=KZT`],
      ["needs attention", "view=attention"],
      // Totals summed from the rows: a search by name, and the needs-attention view of one currency.
      ["totals (search by name)", "q=ivan"],
      ["totals (attention, KZT)", "view=attention&currency=KZT"],
      ["sort by amount (in currency)", "sort=amount&dir=desc"],
      // Totals summed from the rows, up to the cap: an amount range is not in the rollups.
      ["amount range (totals capped)", "min=100"],
      // No rows, trivial SQL: what rendering the page costs by itself (session, layout, form).
      ["no match (page floor)", "q=NO-SUCH-PAYMENT"],
    ];

    const pad = (s: string, n: number) => s.padEnd(n);
    const ms = (n: number) => `${n.toFixed(1).padStart(6)} ms`;
    const results: Array<{ name: string; page: Timing; sql: Timing; rows: number; totals: Timing; how: string }> = [];
    for (const [label, query] of cases) {
      const params: ListParams = parseListParams(new URLSearchParams(query));
      const probe = await fetch(`${BASE}/payins${query ? `?${query}` : ""}`, {
        headers: { cookie: jar.header() },
        redirect: "manual",
      });
      const body = await probe.text();
      if (probe.status !== 200 || !body.includes(`data-testid="export-csv"`))
        throw new Error(`${label}: HTTP ${probe.status}, not the list page: ${body.replace(/<[^>]+>/g, " ").slice(0, 600)}`);
      const rows = (await listApplications(db, "payin", params, ALL_PROJECTS)).rows.length;

      const page = await time(REPEAT, async () => {
        const response = await fetch(`${BASE}/payins${query ? `?${query}` : ""}`, { headers: { cookie: jar.header() } });
        await response.text();
        if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
      });
      // The page runs the same three queries side by side.
      const direct = await time(REPEAT, async () => {
        const now = new Date();
        await Promise.all([
          listApplications(db, "payin", params, ALL_PROJECTS, now),
          countApplications(db, "payin", params, ALL_PROJECTS, now),
          listTotals(db, "payin", params, ALL_PROJECTS, now),
        ]);
      });
      let last: ListTotals | undefined;
      const totals = await time(REPEAT, async () => void (last = await listTotals(db, "payin", params, ALL_PROJECTS)));
      results.push({ name: label, page, sql: direct, rows, totals, how: totalsHow(last!) });
    }

    for (const [label, query] of cases.filter(([l]) => l.startsWith("search"))) {
      const where = listWhere("payin", parseListParams(new URLSearchParams(query)), ALL_PROJECTS);
      const plan = await executeRows<Record<string, string>>(
        db,
        sql`explain (analyze, costs off, timing off) select id from applications where ${where} order by created_at desc, id desc limit 51`,
      );
      console.log(`\n${label}:\n${plan.map((r) => `  ${Object.values(r)[0]}`).join("\n")}`);
    }

    const js = await firstLoadJs(jar);
    console.log("");
    console.log(`${pad("case", 28)} rows   page p50   page p95    SQL p50    SQL p95   ratio p50  ratio p95`);
    let ok = true;
    for (const r of results) {
      const ratio50 = r.page.p50 / r.sql.p50;
      const ratio95 = r.page.p95 / r.sql.p95;
      const pass = r.page.p95 < GOAL_P95_MS;
      ok &&= pass;
      console.log(
        `${pad(r.name, 28)} ${String(r.rows).padStart(4)} ${ms(r.page.p50)} ${ms(r.page.p95)} ${ms(r.sql.p50)} ${ms(r.sql.p95)} ${ratio50.toFixed(1).padStart(9)}× ${ratio95.toFixed(1).padStart(8)}×  ${pass ? "" : "p95 over goal"}`,
      );
    }
    console.log("");
    console.log(`${pad("list totals (direct)", 28)}     p50        p95   computed`);
    for (const r of results) console.log(`${pad(r.name, 28)} ${ms(r.totals.p50)} ${ms(r.totals.p95)}   ${r.how}`);
    console.log("");
    console.log(
      `goal: page p95 < ${GOAL_P95_MS} ms and ≤ ${GOAL_RATIO}× the direct SQL time (${REPEAT} timed requests per case, one at a time)`,
    );
    console.log(
      `first-load JS of /payins: ${(js.bytes / 1024).toFixed(0)} kB raw, ${(js.gzip / 1024).toFixed(0)} kB gzip in ${js.files} files; ` +
        `${(js.ownGzip / 1024).toFixed(0)} kB gzip of it beyond what a static page (/forbidden) loads`,
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
