import { execFileSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import os from "node:os";
import { parseArgs } from "node:util";
import zlib from "node:zlib";
import pg from "pg";
import { startSignedIn, stopServer, throwawayDatabases, time, type Jar, type Timing } from "./support";
import { sql } from "drizzle-orm";
import { seedApplications } from "@/drizzle/seed";
import { listSearchParams, parseListParams, type ListParams } from "@/lib/applications/url-state";
import { listApplications } from "@/lib/applications/list-queries";
import { executeRows } from "@/lib/server/sql";
import { listReads, listTotals, type ListTotals } from "@/lib/applications/list-totals";
import { rebuildRollups } from "@/lib/rollups/commands";
import { ALL_PROJECTS } from "@/lib/accounts/register-scope";
import { appSettings } from "@/drizzle/schema";
import { queueCounts, queueItems } from "@/lib/work/queries";
import { runStuckRule } from "@/lib/work/stuck";
import { openDatabase, type Database, type DatabaseHandle } from "@/lib/server/db-open";
import { randomSuffix } from "@/lib/server/ids";

/*
 * npm run bench:lists — the payins list on a million applications: seeds a throwaway PostgreSQL
 * database, starts the production build (`next start`) on it, signs in through Auth.js, and times
 * the list page for a first page, a deep page (51st), a filtered and sorted page, a rarer status of one currency,
 * the needs-attention view (all, and its disputes), searches by every kind of arm (payment id in any case, customer name, email,
 * an amount as typed) and totals of filters the rollups cannot answer, next to the same reads (rows,
 * capped count and the totals per currency, as the page starts them: listReads) run directly in the same run; the plans of the searches are
 * printed with EXPLAIN (ANALYZE) so that each arm's index shows. Prints p50 / p95 and the ratio and the size of each
 * page's HTML (uncompressed: the app leaves compression to its reverse proxy), then the totals' own
 * timing and which way they were computed (rollups, or summed from at most 1 000 rows), then the
 * page's first-load JavaScript. Next to the page floor it times two pages without a list (a static page, and a small
 * form in the app's layout), which say what Next.js and the layout cost by themselves on the machine. The rollups are
 * rebuilt after seeding, as db:seed does.
 *
 *   --count 1000000    applications to seed
 *   --repeat 30        timed requests per case (after 3 warm-up requests)
 *   --port 3201
 *   --database-url     PostgreSQL server (default DATABASE_URL or postgres://postgres@127.0.0.1:5432/test)
 *   --node PATH        run the server on this Node.js (default: the one running the bench)
 */

const { values: args } = parseArgs({
  options: {
    count: { type: "string", default: "1000000" },
    repeat: { type: "string", default: "30" },
    port: { type: "string", default: "3201" },
    "database-url": { type: "string" },
    /** Seed into (or reuse) this database and keep it afterwards; it is seeded only when it has no applications. */
    keep: { type: "string" },
    /** Seed and prepare the database only (with --keep: seed now, time later). */
    "prepare-only": { type: "boolean", default: false },
    /** Time the SQL only: no build, no server, no pages. */
    "sql-only": { type: "boolean", default: false },
    /** Only the cases whose label holds this text. */
    only: { type: "string" },
    /** Write a CPU profile of the server (node --cpu-prof) into this directory. */
    "cpu-prof": { type: "string" },
    /** Run the server on this Node.js (the production image's, say); default: the one running the bench. */
    node: { type: "string" },
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
/** The list's own SQL (rows, capped count and totals side by side) at the 95th percentile. */
const GOAL_SQL_P95_MS = 10;
/** What a page costs beyond its SQL (session, layout and its counts, rendering), at the median. */
const GOAL_FLOOR_P50_MS = 15;
/** Pages with no list, timed next to the floor: what Next.js and the app's layout cost by themselves on this machine. */
const REFERENCE_PAGES = [
  { path: "/forbidden", what: "a static page: Next.js and the root layout alone" },
  { path: "/preferences", what: "a small form in the app's layout: session, navigation counts, navigation" },
] as const;
/** Requests a fresh server gets before any timing, spread over the cases (5 rounds at least). */
const WARM_UP_REQUESTS = 300;

const loadAverage = () =>
  os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(" ");

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

interface Case {
  label: string;
  /** The page's path and query. */
  path: string;
  /** What the page must hold, to tell it from a redirect or an error page. */
  marker: string;
  /** A list's parameters (null: not a list). */
  params: ListParams | null;
  /** The SQL the page runs for its content, side by side as the page does. */
  sql: (now: Date) => Promise<void>;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

/** The statements `run` sends through node-postgres, for EXPLAIN. */
async function captured(run: () => Promise<void>): Promise<Array<{ text: string; values: unknown[] }>> {
  const statements: Array<{ text: string; values: unknown[] }> = [];
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const [first, second] = args as [string | { text: string; values?: unknown[] }, unknown[] | undefined];
    if (typeof first === "string") statements.push({ text: first, values: second ?? [] });
    else statements.push({ text: first.text, values: Array.isArray(second) ? second : (first.values ?? []) });
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  try {
    await run();
  } finally {
    pg.Client.prototype.query = original;
  }
  return statements;
}

/** Which way the totals were computed, in a few words. */
function totalsHow(totals: ListTotals): string {
  const rows = totals.perCurrency.reduce((n, c) => n + c.count, 0).toLocaleString("en");
  if (totals.source === "rollups") return `rollups, ${rows} applications`;
  return `rows (${totals.reasons.join(", ")}), ${totals.capped ? `${totals.cap.toLocaleString("en")} of them (capped)` : rows}`;
}

/** Seeds `COUNT` applications, folds the rollups and runs the stuck rule, each timed. */
async function prepare(db: Database, name: string): Promise<void> {
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

  // The reconciliation loop's stuck rule fills the queue with the expired ones, as it would on a live system.
  started = Date.now();
  const stuck = await runStuckRule(db);
  await db.execute(sql`vacuum (analyze) work_items`);
  const [open] = await executeRows<{ n: string }>(db, sql`select count(*)::text as n from work_items where resolved_at is null`);
  console.log(
    `stuck rule: ${stuck} items opened in ${((Date.now() - started) / 1000).toFixed(1)} s; ${open?.n} open in the queue`,
  );
  // An admin sees every badge of the navigation (queue and approvals); no second factor in the bench.
  await db.insert(appSettings).values({ key: "second_factor_roles", value: [] }).onConflictDoNothing();
}

async function main(): Promise<void> {
  const name = args.keep ?? `bench_lists_${randomSuffix(4)}`;
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`--keep: not a plain database name: ${name}`);
  const url = databases.url(name);
  let next: ChildProcess | undefined;
  let handle: DatabaseHandle | undefined;
  const cleanUp = async () => {
    await stopServer(next);
    await handle?.close().catch(() => {});
    handle = undefined;
    if (!args.keep) await databases.drop(name);
  };
  process.once("SIGINT", () => void cleanUp().finally(() => process.exit(130)));

  await databases.create(name).catch((error: unknown) => {
    if (!args.keep) throw error; // a kept database may exist already
  });
  try {
    handle = await openDatabase({ kind: "postgres", url, max: 4 });
    const db = handle.db;
    const [existing] = await executeRows<{ n: string }>(db, sql`select count(*)::text as n from applications`);
    if (Number(existing?.n) > 0) {
      console.log(`bench:lists — reusing ${name}: ${Number(existing?.n).toLocaleString("en")} applications`);
    } else {
      await prepare(db, name);
    }
    if (args["prepare-only"]) return;
    const email = `bench-lists-${randomSuffix(3)}@backoffice.test`;
    const server = args["sql-only"]
      ? null
      : await startSignedIn(
          db,
          { email, role: "admin" },
          {
            port: PORT,
            databaseUrl: url,
            projectId: "bench-lists",
            nodeArgs: args["cpu-prof"] ? ["--cpu-prof", `--cpu-prof-dir=${args["cpu-prof"]}`] : [],
            node: args.node,
            // A kept database holds the register's keys sealed by the first server: the same master key opens them again.
            env: args.keep ? { SECRETS_KEY: crypto.createHash("sha256").update(`bench:${name}`).digest("base64") } : {},
          },
        );
    next = server?.next;
    const jar = server?.jar;
    const [admin] = await executeRows<{ id: string }>(db, sql`select id::text as id from users where email = ${email}`);
    const adminId = admin ? Number(admin.id) : null;
    if (server)
      console.log(
        `next start ready in ${(server.readyMs / 1000).toFixed(1)} s on Node.js ${args.node ? execFileSync(args.node, ["--version"]).toString().trim() : process.version}`,
      );

    // The 51st page: follow 50 "next" cursors, as a user would.
    let deep = parseListParams({});
    for (let i = 0; i < 50; i++) {
      const page = await listApplications(db, "payin", deep, ALL_PROJECTS);
      if (!page.nextCursor) throw new Error("ran out of pages");
      deep = parseListParams(listSearchParams(deep, { after: page.nextCursor }));
    }
    const list = (label: string, query: string): Case => {
      const params: ListParams = parseListParams(new URLSearchParams(query));
      return {
        label,
        path: `/payins${query ? `?${query}` : ""}`,
        marker: `data-testid="export-csv"`,
        params,
        // The page's own reads, side by side (a count that comes with summed totals is not read twice).
        sql: async (now) => {
          const reads = listReads(db, "payin", params, ALL_PROJECTS, now);
          await Promise.all([reads.page, reads.count, reads.totals]);
        },
      };
    };
    const allCases: Case[] = [
      list("first page", ""),
      list("deep page (51st)", listSearchParams(deep).toString()),
      list("filtered + sorted", "status=success&currency=KZT&sort=amount&dir=asc"),
      // A rarer status of one currency: its rows are a range of applications_type_status_idx, not a walk.
      list("filtered (errors in UZS)", "status=error&currency=UZS"),
      list("search (payment_id prefix)", "q=SEED-PI-01234"),
      list("search (payment_id, any case)", "q=seed-pi-01234"),
      // Full name, any case: a customer-name prefix among the other arms (BitmapOr).
      list("search (customer name)", "q=aigerim%20sadyk"),
      list("search (email prefix)", "q=cust-01234%40"),
      // An exact amount as typed, in every currency; with its currency filter.
      list("search (amount)", `q=${encodeURIComponent("5 000,00")}`),
      list("search (amount, KZT)", `q=${encodeURIComponent("5 000,00")}&currency=KZT`),
      list("needs attention", "view=attention"),
      // Filtered by status: the queue items' copy of it answers the count and the totals.
      list("needs attention (disputes)", "view=attention&status=dispute"),
      // Totals summed from the rows: a search by name, and the needs-attention view of one currency.
      list("totals (search by name)", "q=ivan"),
      list("totals (attention, KZT)", "view=attention&currency=KZT"),
      list("sort by amount (in currency)", "sort=amount&dir=desc"),
      // Totals summed from the rows, up to the cap: an amount range is not in the rollups.
      list("amount range (totals capped)", "min=100"),
      {
        label: "work queue (/queue)",
        path: "/queue",
        marker: `data-testid="queue-mine"`,
        params: null,
        sql: async (now) =>
          void (await Promise.all([
            queueItems(db, ALL_PROJECTS, { reason: null, assigneeId: null }, now),
            queueCounts(db, ALL_PROJECTS, adminId, now),
          ])),
      },
      // No rows, trivial SQL: what rendering the page costs by itself (session, layout, form).
      list("no match (page floor)", "q=NO-SUCH-PAYMENT"),
    ];
    const cases = allCases.filter((c) => !args.only || c.label.includes(args.only) || c.label.startsWith("no match"));

    const pad = (s: string, n: number) => s.padEnd(n);
    const ms = (n: number) => `${n.toFixed(1).padStart(6)} ms`;
    const results: Array<{
      name: string;
      page: Timing;
      sql: Timing;
      rows: number | null;
      totals: Timing | null;
      how: string;
      htmlBytes: number | null;
    }> = [];
    // A fresh server compiles its hot paths over its first few hundred requests: warm it on every case's page before
    // timing any, or the first cases (all of them, with --only) measure the JIT rather than the page of a running server.
    if (jar)
      for (let round = 0; round < Math.max(5, Math.ceil(WARM_UP_REQUESTS / cases.length)); round++)
        for (const c of cases) await (await fetch(`${BASE}${c.path}`, { headers: { cookie: jar.header() } })).text();
    const loads: string[] = [loadAverage()];
    for (const c of cases) {
      let htmlBytes: number | null = null;
      if (jar) {
        const probe = await fetch(`${BASE}${c.path}`, { headers: { cookie: jar.header() }, redirect: "manual" });
        const body = await probe.text();
        if (probe.status !== 200 || !body.includes(c.marker))
          throw new Error(`${c.label}: HTTP ${probe.status}, not the page: ${body.replace(/<[^>]+>/g, " ").slice(0, 600)}`);
        htmlBytes = Buffer.byteLength(body);
      }
      const params = c.params;
      const rows = params ? (await listApplications(db, "payin", params, ALL_PROJECTS)).rows.length : null;

      const page = jar
        ? await time(REPEAT, async () => {
            const response = await fetch(`${BASE}${c.path}`, { headers: { cookie: jar.header() } });
            jar.take(response); // the renewed session cookie, as a browser keeps it
            await response.text();
            if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
          })
        : { p50: Number.NaN, p95: Number.NaN };
      const direct = await time(REPEAT, () => c.sql(new Date()));
      let last: ListTotals | undefined;
      const totals = params
        ? await time(REPEAT, async () => void (last = await listTotals(db, "payin", params, ALL_PROJECTS)))
        : null;
      results.push({ name: c.label, page, sql: direct, rows, totals, how: last ? totalsHow(last) : "", htmlBytes });
      loads.push(loadAverage());
    }

    // What the floor is made of: the same server's cheapest pages, timed alike, one after the other.
    const references: Array<(typeof REFERENCE_PAGES)[number] & { page: Timing }> = [];
    if (jar)
      for (const r of REFERENCE_PAGES) {
        const page = await time(REPEAT, async () => {
          const response = await fetch(`${BASE}${r.path}`, { headers: { cookie: jar.header() } });
          jar.take(response);
          await response.text();
          if (response.status !== 200) throw new Error(`${r.path}: HTTP ${response.status}`);
        });
        references.push({ ...r, page });
      }

    // Every statement of every case, with its plan: which index serves it.
    const explainer = new pg.Client({ connectionString: url });
    explainer.on("error", () => {});
    await explainer.connect();
    for (const c of cases) {
      const statements = await captured(() => c.sql(new Date()));
      console.log(`\n${c.label}:`);
      for (const statement of statements) {
        // A transaction's own statements (begin, set local, commit) are run as they are, so the plan is the one it gets.
        if (/^\s*(begin|commit|set local)\b/i.test(statement.text)) {
          await explainer.query(statement.text, statement.values);
          continue;
        }
        let lines: string[];
        try {
          const plan = await explainer.query<Record<string, string>>(
            `explain (analyze, costs off, timing off) ${statement.text}`,
            statement.values,
          );
          lines = plan.rows.map((r) => `    ${Object.values(r)[0]}`);
        } catch (error) {
          lines = [`    (no plan: ${String(error)})`];
        }
        console.log(`  ${statement.text.replace(/\s+/g, " ").slice(0, 140)}…\n${lines.join("\n")}`);
      }
    }

    await explainer.end();
    const js = jar ? await firstLoadJs(jar) : null;
    console.log("");
    console.log(`${pad("case", 30)} rows   page p50   page p95    SQL p50    SQL p95  page−SQL p50    HTML`);
    let ok = true;
    for (const r of results) {
      const pass = r.page.p95 < GOAL_P95_MS && r.page.p95 <= GOAL_RATIO * r.sql.p95 + 100 && r.sql.p95 < GOAL_SQL_P95_MS;
      ok &&= pass;
      console.log(
        `${pad(r.name, 30)} ${(r.rows === null ? "–" : String(r.rows)).padStart(4)} ${ms(r.page.p50)} ${ms(r.page.p95)} ${ms(r.sql.p50)} ${ms(r.sql.p95)} ${ms(r.page.p50 - r.sql.p50)} ${(r.htmlBytes === null ? "–" : `${(r.htmlBytes / 1024).toFixed(0)} kB`).padStart(7)}  ${r.sql.p95 < GOAL_SQL_P95_MS ? "" : "SQL p95 over goal"}`,
      );
    }
    const floorCase = results.find((r) => r.name.startsWith("no match"))!;
    const floor = floorCase.page.p50 - floorCase.sql.p50;
    ok &&= floor < GOAL_FLOOR_P50_MS;
    console.log("");
    console.log(
      `page floor (no match: page p50 − its SQL p50): ${floor.toFixed(1)} ms (goal < ${GOAL_FLOOR_P50_MS} ms); ` +
        `median page−SQL over all cases: ${median(results.map((r) => r.page.p50 - r.sql.p50)).toFixed(1)} ms`,
    );
    for (const r of references) console.log(`  ${pad(r.path, 14)} ${ms(r.page.p50)} p50  ${r.what}`);
    console.log(`load average (1, 5, 15 min) before and after each case: ${loads.join(" | ")}; ${os.cpus().length} CPUs`);
    console.log("");
    console.log(`${pad("list totals (direct)", 30)}     p50        p95   computed`);
    for (const r of results) if (r.totals) console.log(`${pad(r.name, 30)} ${ms(r.totals.p50)} ${ms(r.totals.p95)}   ${r.how}`);
    console.log("");
    console.log(
      `goal: SQL p95 < ${GOAL_SQL_P95_MS} ms per case, page floor < ${GOAL_FLOOR_P50_MS} ms p50, page p95 < ${GOAL_P95_MS} ms ` +
        `(${REPEAT} timed requests per case, one at a time, count ${COUNT.toLocaleString("en")})`,
    );
    if (js)
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
