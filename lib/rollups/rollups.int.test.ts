import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applications, jobWatermarks, type NewApplication } from "@/drizzle/schema";
import { applyStatusEvent, type StatusEventInput } from "@/lib/applications/apply-status-event";
import type { Status } from "@/lib/highhelp";
import { claimJobLease } from "@/lib/reconcile/job-lease";
import { executeRows } from "@/lib/server/sql";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@/test/databases";
import { foldRollups, rebuildRollups, runRollupFold } from "./commands";
import { ALL_PROJECTS } from "@/lib/accounts/register-scope";
import { filteredTotals, monthDifferences, rollupDifferences, rollupsAsOf, type RollupFilter } from "./queries";

const ALL_DAYS = ["2000-01-01", "2100-12-31"] as const;

/** A small deterministic generator, so that a failure replays. */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

function shuffled<T>(items: T[], next: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

type Row = Record<string, unknown>;

describe.each(testDatabaseKinds())("application rollups on %s", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await database?.drop();
  });

  /** Every cell recounted here, independently of lib/rollups: day of creation (UTC) and the key columns. */
  async function recount(): Promise<Map<string, string>> {
    const rows = await database.db
      .select({
        createdAt: applications.createdAt,
        projectId: applications.projectId,
        type: applications.type,
        product: applications.product,
        method: applications.method,
        widgetMethod: applications.widgetMethod,
        currency: applications.currency,
        status: applications.status,
        amount: applications.amount,
      })
      .from(applications);
    const cells = new Map<string, { count: number; amount: bigint }>();
    for (const a of rows) {
      const key = [
        a.createdAt.toISOString().slice(0, 10),
        a.projectId,
        a.type,
        a.product,
        a.method ?? a.widgetMethod ?? "",
        a.currency,
        a.status ?? "",
      ].join("|");
      const cell = cells.get(key) ?? { count: 0, amount: 0n };
      cell.count += 1;
      cell.amount += BigInt(a.amount);
      cells.set(key, cell);
    }
    return new Map([...cells].map(([key, cell]) => [key, `${cell.count}:${cell.amount}`]));
  }

  /** The cells of the day (or month) table, keyed like the recount's. */
  async function cellTable(table: "application_rollups" | "application_rollup_months"): Promise<Map<string, string>> {
    const first = sql.raw(table === "application_rollups" ? "day" : "month");
    const rows = await executeRows<Row>(
      database.db,
      sql`select to_char(${first}, 'YYYY-MM-DD') as first, project_id, type, product, method, currency, status,
                 count::text as n, amount::text as amount from ${sql.raw(table)}`,
    );
    return new Map(
      rows.map((r) => [
        [r.first, r.project_id, r.type, r.product, r.method, r.currency, r.status].join("|"),
        `${String(r.n)}:${String(r.amount)}`,
      ]),
    );
  }
  const rollupTable = () => cellTable("application_rollups");
  const monthTable = () => cellTable("application_rollup_months");

  async function contributions(): Promise<Row[]> {
    return executeRows<Row>(
      database.db,
      sql`select application_id::text as id, to_char(day, 'YYYY-MM-DD') as day, project_id, type, product, method, currency,
                 status, amount::text as amount from application_rollup_contributions order by application_id`,
    );
  }

  /** The recount's cells summed by month ("YYYY-MM-01"). */
  function byMonth(cells: Map<string, string>): Map<string, string> {
    const months = new Map<string, { count: number; amount: bigint }>();
    for (const [key, figures] of cells) {
      const [day, ...rest] = key.split("|");
      const month = [`${day!.slice(0, 8)}01`, ...rest].join("|");
      const [n, amount] = figures.split(":");
      const cell = months.get(month) ?? { count: 0, amount: 0n };
      cell.count += Number(n);
      cell.amount += BigInt(amount!);
      months.set(month, cell);
    }
    return new Map([...months].map(([key, cell]) => [key, `${cell.count}:${cell.amount}`]));
  }

  /** The list totals the rollups give for days `from`…`to`, against the recount summed here. */
  async function expectTotals(
    cells: Map<string, string>,
    filter: Omit<RollupFilter, "statuses" | "method" | "product" | "projectId">,
  ) {
    const expected = new Map<string, { count: number; amount: bigint }>();
    for (const [key, figures] of cells) {
      const [day, , type, , , currency] = key.split("|");
      if (type !== filter.type || (filter.currency !== null && currency !== filter.currency)) continue;
      if ((filter.from !== null && day! < filter.from) || (filter.to !== null && day! > filter.to)) continue;
      const [n, amount] = figures.split(":");
      const total = expected.get(currency!) ?? { count: 0, amount: 0n };
      total.count += Number(n);
      total.amount += BigInt(amount!);
      expected.set(currency!, total);
    }
    const totals = await filteredTotals(
      database.db,
      { ...filter, statuses: [], method: null, product: null, projectId: null },
      ALL_PROJECTS,
    );
    expect(totals, JSON.stringify(filter)).toEqual(
      [...expected].sort(([a], [b]) => (a < b ? -1 : 1)).map(([currency, t]) => ({ currency, ...t })),
    );
  }

  async function expectExact(): Promise<void> {
    const cells = await recount();
    expect(await rollupTable()).toEqual(cells);
    expect(await rollupDifferences(database.db, ...ALL_DAYS, { includePending: false })).toEqual([]);
    expect(await monthTable()).toEqual(byMonth(cells));
    expect(await monthDifferences(database.db)).toEqual([]);
    // Whole months from the month cells, the days around them from the day cells.
    for (const [from, to] of [
      [null, null],
      ["2026-10-31", "2026-12-01"],
      ["2026-11-01", "2026-11-30"],
      ["2026-11-11", null],
      [null, "2026-11-10"],
      ["2026-11-01", null],
      [null, "2026-11-30"],
      ["2026-11-10", "2026-11-10"],
    ] as const) {
      for (const type of ["payin", "payout"] as const) {
        await expectTotals(cells, { type, currency: null, from, to });
        await expectTotals(cells, { type, currency: "KZT", from, to });
      }
    }
  }

  const fold = () => foldRollups(database.db, { batchSize: 5, budgetMs: Number.POSITIVE_INFINITY });

  let counter = 0;
  function event(paymentId: string, status: Status, subStatus: string | null, info: Record<string, unknown>): StatusEventInput {
    return {
      projectId: paymentId.startsWith("Q") ? "register-q" : "register-p",
      paymentId,
      status,
      subStatus,
      statusDescription: null,
      source: "callback",
      paymentInfo: info as StatusEventInput["paymentInfo"],
      payload: { n: ++counter },
    };
  }

  it("says nothing is computed before the first fold", async () => {
    expect(await rollupsAsOf(database.db)).toBeNull();
  });

  it("equals a full recount after a shuffled stream of events, amount changes and late events", async () => {
    const next = random(20261118);
    const currencies = ["KZT", "RUB", "KGS"];
    // Days around midnight UTC included: the day is the creation's, cut in UTC.
    const created = [
      "2026-10-31T23:59:59.999Z",
      "2026-12-01T00:00:00.000Z",
      "2026-11-10T00:00:00.000Z",
      "2026-11-10T23:59:59.999Z",
      "2026-11-11T00:00:00.000Z",
      "2026-11-16T08:30:00.000Z",
      "2026-11-18T12:00:00.000Z",
    ];
    const rows: NewApplication[] = [];
    for (let i = 0; i < 40; i++) {
      const payin = i % 3 !== 2;
      const widget = payin && i % 5 === 0;
      rows.push({
        projectId: i % 4 === 0 ? "register-q" : "register-p",
        paymentId: `${i % 4 === 0 ? "Q" : "P"}-${i}`,
        type: payin ? "payin" : "payout",
        product: "p2p",
        integration: widget ? "h2c" : "h2h",
        method: widget ? null : i % 7 === 0 ? null : (["card-p2p", "phone-p2p", "sbp-p2p"][i % 3] ?? null),
        widgetMethod: widget ? "payin-p2p-card" : null,
        amount: i % 9 === 0 ? 9_000_000_000_000 : 10_000 + i * 100,
        currency: currencies[i % 3]!,
        createdAt: new Date(created[i % created.length]!),
      });
    }
    const inserted = await database.db.insert(applications).values(rows).returning();

    const events: StatusEventInput[] = [];
    for (const app of inserted) {
      const info = { amount: app.amount, currency: app.currency, type: app.type };
      events.push(event(app.paymentId, "processing", "new", info));
      const outcome = Math.floor(next() * 6);
      if (app.type === "payin") {
        events.push(event(app.paymentId, "processing", "requisites", info));
        // An H2H method arriving later moves the application from the "no method" cell.
        if (app.method === null && !app.widgetMethod)
          events.push(event(app.paymentId, "processing", "awaiting_confirm", { ...info, method: "card-p2p" }));
      } else {
        events.push(event(app.paymentId, "processing", "payout_process", info));
      }
      if (outcome === 0) events.push(event(app.paymentId, "success", null, info));
      if (outcome === 1) events.push(event(app.paymentId, "decline", null, info));
      if (outcome === 2 || outcome === 3) {
        // The payer sent 90 %: a different_amount dispute changes the amount, success keeps the new one.
        const changed = { ...info, amount: Math.floor((app.amount * 9) / 10), old_amount: app.amount };
        events.push(event(app.paymentId, "dispute", "different_amount", changed));
        if (outcome === 2) events.push(event(app.paymentId, "success", null, changed));
      }
      if (outcome === 4) events.push(event(app.paymentId, "error", null, info));
    }
    // Alerts about applications this back-office never made: they create them.
    for (let i = 0; i < 6; i++) {
      const info = { amount: 55_500 + i, currency: "KZT", type: i % 2 ? "payout" : "payin", method: "card-p2p" };
      events.push(event(`EXT-${i}`, "processing", "new", info));
      events.push(event(`EXT-${i}`, i % 3 ? "success" : "decline", null, info));
    }
    // Repeats: duplicates and late copies of what already happened.
    const stream = shuffled([...events, ...events.filter(() => next() < 0.25)], next);

    let applied = 0;
    let recorded = 0;
    for (const [i, e] of stream.entries()) {
      const result = await applyStatusEvent(database.db, e);
      if (result.outcome === "applied") applied++;
      if (result.outcome === "recorded") recorded++;
      if (i % 11 === 10) {
        // Unfolded changes are counted as the next fold will count them: the check holds mid-stream too.
        expect(await rollupDifferences(database.db, ...ALL_DAYS)).toEqual([]);
        await fold();
      }
    }
    expect(applied).toBeGreaterThan(50);
    expect(recorded).toBeGreaterThan(5);
    const amounts = await executeRows<Row>(
      database.db,
      sql`select count(*)::int as n from applications where amount <> old_amount`,
    );
    expect(Number(amounts[0]?.n)).toBeGreaterThan(0);

    await fold();
    await expectExact();
    expect(await rollupsAsOf(database.db)).toBeInstanceOf(Date);
  });

  it("changes nothing when folded twice", async () => {
    const cells = await rollupTable();
    const stored = await contributions();
    const again = await fold();
    expect(again.changed).toBe(0);
    expect(again.read).toBeGreaterThan(0); // the overlap was read again
    expect(await rollupTable()).toEqual(cells);
    expect(await contributions()).toEqual(stored);
  });

  it("rebuilds the same table from the applications, month cells included", async () => {
    const cells = await rollupTable();
    const stored = await contributions();
    const months = await monthTable();
    await database.db.execute(sql`update application_rollup_months set count = count + 1 where month = '2026-11-01'`);
    expect((await monthDifferences(database.db)).map((d) => d.month)).toEqual(["2026-11-01"]);
    const rebuilt = await rebuildRollups(database.db);
    expect(rebuilt.applications).toBe(stored.length);
    expect(rebuilt.cells).toBe(cells.size);
    expect(await rollupTable()).toEqual(cells);
    expect(await contributions()).toEqual(stored);
    expect(await monthTable()).toEqual(months);
    expect(await monthDifferences(database.db)).toEqual([]);
    expect((await fold()).changed).toBe(0);
  });

  async function watermark(type: "payin" | "payout"): Promise<string> {
    const [row] = await executeRows<Row>(
      database.db,
      sql`select position_at::text as at from job_watermarks where name = ${`application-rollups:${type}`}`,
    );
    return String(row?.at);
  }

  it("folds a change that committed late, stamped within the overlap before the watermark", async () => {
    const [app] = await database.db.select().from(applications).where(eq(applications.paymentId, "P-1"));
    await database.db.execute(
      sql`update applications set amount = amount + 1, updated_at = ${await watermark(app!.type)}::timestamptz - interval '30 seconds'
          where id = ${app!.id}`,
    );
    expect(await rollupDifferences(database.db, ...ALL_DAYS, { includePending: false })).not.toEqual([]);
    expect(await rollupDifferences(database.db, ...ALL_DAYS)).toEqual([]);
    expect((await fold()).changed).toBe(1);
    await expectExact();
  });

  it("reports a change stamped further back than the overlap, which a rebuild repairs", async () => {
    const [app] = await database.db.select().from(applications).where(eq(applications.paymentId, "P-2"));
    await database.db.execute(
      sql`update applications set amount = amount + 7, updated_at = ${await watermark(app!.type)}::timestamptz - interval '2 hours'
          where id = ${app!.id}`,
    );
    await fold();
    const day = app!.createdAt.toISOString().slice(0, 10);
    const differences = await rollupDifferences(database.db, day, day);
    expect(differences).toHaveLength(1);
    expect(differences[0]).toMatchObject({ day, projectId: app!.projectId, type: app!.type });
    expect(differences[0]!.recount!.amount - differences[0]!.rollup!.amount).toBe(7n);
    // Other days are not concerned.
    expect(await rollupDifferences(database.db, "2026-11-19", "2026-11-30")).toEqual([]);
    await rebuildRollups(database.db);
    await expectExact();
  });

  it("reads ties on updated_at across batch boundaries, and rows stamped in the future", async () => {
    const stamp = new Date(Date.now() - 1_000);
    await database.db.insert(applications).values(
      Array.from({ length: 23 }, (_, i) => ({
        projectId: "register-p",
        paymentId: `TIE-${i}`,
        type: "payin" as const,
        product: "p2p" as const,
        integration: "h2h" as const,
        amount: 100 + i,
        currency: "KZT",
        createdAt: new Date("2026-11-17T10:00:00Z"),
        updatedAt: stamp,
      })),
    );
    await database.db.insert(applications).values({
      projectId: "register-p",
      paymentId: "FUTURE-1",
      type: "payout",
      product: "p2p",
      integration: "h2h",
      amount: 321,
      currency: "RUB",
      createdAt: new Date("2026-11-17T10:00:00Z"),
      updatedAt: new Date(Date.now() + 86_400_000),
    });
    const result = await foldRollups(database.db, { batchSize: 4, budgetMs: Number.POSITIVE_INFINITY });
    expect(result.changed).toBe(24);
    await expectExact();
    // The watermark stays at the database's clock, so a change stamped now is still ahead of it.
    const [row] = await executeRows<Row>(
      database.db,
      sql`select (position_at <= now())::text as capped from job_watermarks where name = 'application-rollups:payout'`,
    );
    expect(String(row?.capped)).toBe("true");
    await database.db.update(applications).set({ status: "success" }).where(eq(applications.paymentId, "TIE-3"));
    expect((await fold()).changed).toBe(1);
    await expectExact();
  });

  it("stops at its budget and continues where it stopped", async () => {
    await database.db
      .update(applications)
      .set({ status: "decline" })
      .where(sql`${applications.paymentId} like 'TIE-%'`);
    const first = await foldRollups(database.db, { batchSize: 2, budgetMs: 0 });
    expect(first.more).toBe(true);
    expect(await rollupDifferences(database.db, ...ALL_DAYS)).toEqual([]);
    await fold();
    await expectExact();
  });

  it("runs as a leased step: one instance at a time", async () => {
    expect(await claimJobLease(database.db, "application-rollups", 60)).toBe(true);
    expect(await runRollupFold(database.db)).toBeNull();
    await database.db.execute(
      sql`update job_leases set lease_until = now() - interval '1 second' where name = 'application-rollups'`,
    );
    const asOf = await rollupsAsOf(database.db);
    expect(await runRollupFold(database.db)).toMatchObject({ more: false });
    expect((await rollupsAsOf(database.db))!.getTime()).toBeGreaterThanOrEqual(asOf!.getTime());
    // Released at the end: the next tick folds again.
    expect(await runRollupFold(database.db)).not.toBeNull();
    const watermarks = await database.db.select().from(jobWatermarks);
    expect(watermarks.map((w) => w.name).sort()).toEqual(["application-rollups:payin", "application-rollups:payout"]);
  });
});
