import { sql, type SQL } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applications, workItems } from "@/drizzle/schema";
import { ALL_PROJECTS, type ProjectScope } from "@/lib/accounts/register-scope";
import { executeRows } from "@/lib/server/sql";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@/test/databases";
import { listSearchParams, parseListParams, type ListParams } from "./url-state";
import { countApplications, exportBatches, firstPageSql, listApplications, listWhere, sumApplications } from "./list-queries";

/*
 * The "needs attention" view in created order reads the open queue items (work_items_open_list_idx) joined to their
 * applications: it must show exactly the rows, in exactly the order, of the list's own WHERE with its EXISTS probe of
 * the queue (listWhere), across ties in created_at, snoozes and resolutions.
 */

const NOW = new Date();
const params = (query: string): ListParams => parseListParams(new URLSearchParams(query));

/** Instants shared by many rows, some with microseconds a JavaScript Date cannot hold. */
const INSTANTS = [
  "2026-03-01T10:00:00.000000Z",
  "2026-03-02T10:00:00.000000Z",
  "2026-03-02T10:00:00.000123Z",
  "2026-03-02T10:00:00.000000Z",
  "2026-03-03T08:30:00.500001Z",
];
const PAYINS = 60;

describe.each(testDatabaseKinds())("the needs-attention list from the queue on %s", (kind) => {
  let database: TestDatabase;

  /** The rows of listWhere (the EXISTS form) in the list's created order: what the queue-driven list must return. */
  async function reference(query: string, scope: ProjectScope = ALL_PROJECTS) {
    const p = params(query);
    const dir = sql.raw(p.dir);
    const rows = await executeRows<{ id: unknown; currency: string; amount: unknown }>(
      database.db,
      sql`select id, currency, amount::text as amount from ${applications}
          where ${listWhere("payin", p, scope, NOW)} order by created_at ${dir}, id ${dir}`,
    );
    return rows.map((r) => ({ id: Number(r.id), currency: r.currency, amount: BigInt(String(r.amount)) }));
  }

  /** Every page forward, then every page back from the last one: both must cover the list exactly once. */
  async function walk(query: string, scope: ProjectScope = ALL_PROJECTS) {
    const pages: number[][] = [];
    let p = params(query);
    let last = null as Awaited<ReturnType<typeof listApplications>> | null;
    for (let guard = 0; guard < 100; guard++) {
      const page = await listApplications(database.db, "payin", p, scope, NOW);
      pages.push(page.rows.map((r) => r.id));
      last = page;
      if (!page.nextCursor) break;
      expect(page.rows.length).toBe(p.size);
      p = parseListParams(listSearchParams(p, { after: page.nextCursor, before: null }));
    }
    const forward = pages.flat();
    const backward: number[] = [...(last?.rows.map((r) => r.id) ?? [])];
    let before = last?.prevCursor ?? null;
    for (let guard = 0; before && guard < 100; guard++) {
      p = parseListParams(listSearchParams(p, { after: null, before }));
      const page = await listApplications(database.db, "payin", p, scope, NOW);
      backward.unshift(...page.rows.map((r) => r.id));
      before = page.prevCursor;
    }
    return { forward, backward };
  }

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    const db = database.db;
    const base = { type: "payin", product: "p2p", integration: "h2h", submission: "sent" } as const;
    const rows = Array.from({ length: PAYINS }, (_, i) => ({
      ...base,
      projectId: i % 4 === 0 ? "attn-b" : "attn-a",
      paymentId: `ATTN-${String(i).padStart(3, "0")}`,
      amount: 1_000 + i * 7,
      currency: i % 3 === 0 ? "UZS" : "KZT",
      // An error opens a queue item (work_queue_sync); a processing one does not.
      status: i % 5 === 0 ? ("processing" as const) : ("error" as const),
      createdAt: sql`${INSTANTS[i % INSTANTS.length]!}::timestamptz`,
    }));
    await db.insert(applications).values(rows);
    // Payouts in the queue at the same instants: another list.
    await db.insert(applications).values(
      Array.from({ length: 10 }, (_, i) => ({
        ...base,
        type: "payout" as const,
        projectId: "attn-a",
        paymentId: `ATTN-PO-${i}`,
        amount: 500,
        currency: "KZT",
        status: "error" as const,
        createdAt: sql`${INSTANTS[i % INSTANTS.length]!}::timestamptz`,
      })),
    );
    // Snoozed until later (hidden), snoozed until earlier (shown again), resolved (gone).
    await db.execute(sql`update work_items set snoozed_until = ${NOW.toISOString()}::timestamptz + interval '1 hour'
                         where application_id % 7 = 1`);
    await db.execute(sql`update work_items set snoozed_until = ${NOW.toISOString()}::timestamptz - interval '1 hour'
                         where application_id % 7 = 2`);
    await db.execute(sql`update work_items set resolved_at = now(), resolution = 'auto' where application_id % 7 = 3`);
    // HighHelp changes amounts and statuses after items opened: the items' copies follow.
    await db.execute(sql`update applications set amount = amount + 7
                         where id in (select application_id from work_items) and id % 2 = 0`);
    const moved = await executeRows(
      db,
      sql`update applications set status = (case when status = 'success' then 'decline' else 'success' end)::status, sub_status = null
          where id in (select application_id from work_items where resolved_at is null order by application_id limit 8)
          returning id`,
    );
    expect(moved.length).toBe(8);
    // Opened from TypeScript with wrong copies: the database copies the application's own created_at and currency.
    const [quiet] = await executeRows<{ id: unknown }>(
      db,
      sql`select id from applications where payment_id = 'ATTN-005' and status = 'processing'`,
    );
    await db.insert(workItems).values({
      applicationId: Number(quiet!.id),
      projectId: "attn-a",
      applicationType: "payin",
      applicationCreatedAt: new Date(0),
      applicationCurrency: "XXX",
      applicationAmount: 1,
      reason: "expired",
    });
    await db.execute(sql`analyze work_items`);
    await db.execute(sql`analyze applications`);
  });

  afterAll(async () => {
    await database?.drop();
  });

  it("copies the application's created_at, currency, amount and status onto every item, whatever the writer gave", async () => {
    const [row] = await executeRows<{ items: unknown; differing: unknown }>(
      database.db,
      sql`select count(*)::int as items,
                 count(*) filter (where w.application_created_at is distinct from a.created_at
                                     or w.application_currency is distinct from a.currency
                                     or w.application_amount is distinct from a.amount
                                     or w.application_status is distinct from a.status)::int as differing
          from work_items w join applications a on a.id = w.application_id`,
    );
    expect(Number(row!.items)).toBeGreaterThan(PAYINS / 2);
    expect(Number(row!.differing)).toBe(0);
  });

  for (const dir of ["desc", "asc"] as const) {
    it(`pages forward and back over ties, every open unsnoozed item once, as the EXISTS form does: ${dir}`, async () => {
      const query = `view=attention&sort=created&dir=${dir}&size=10`;
      const expected = (await reference(query)).map((r) => r.id);
      expect(expected.length).toBeGreaterThan(20);
      const { forward, backward } = await walk(query);
      expect(forward).toEqual(expected);
      expect(backward).toEqual(expected);
      expect(new Set(forward).size).toBe(forward.length);
    });
  }

  it("leaves out snoozed and resolved items and other types, keeps items whose snooze has passed", async () => {
    const shown = new Set((await walk("view=attention&size=100")).forward);
    const items = await executeRows<{ application_id: unknown; state: string; type: string }>(
      database.db,
      sql`select w.application_id, w.application_type::text as type,
                 case when w.resolved_at is not null then 'resolved'
                      when w.snoozed_until > ${NOW.toISOString()}::timestamptz then 'snoozed' else 'open' end as state
          from work_items w`,
    );
    const byState = (state: string, type = "payin") =>
      items.filter((i) => i.state === state && i.type === type).map((i) => Number(i.application_id));
    expect(byState("snoozed").length).toBeGreaterThan(0);
    expect(byState("resolved").length).toBeGreaterThan(0);
    for (const id of byState("snoozed")) expect(shown.has(id)).toBe(false);
    for (const id of byState("resolved")) expect(shown.has(id)).toBe(false);
    for (const id of byState("open", "payout")) expect(shown.has(id)).toBe(false);
    expect([...shown].sort((a, b) => a - b)).toEqual(byState("open").sort((a, b) => a - b));
  });

  it("applies the other filters and the reader's registers to the application", async () => {
    for (const query of ["view=attention&currency=UZS&size=5", "view=attention&min=10.5&max=12&size=5&dir=asc"]) {
      const expected = (await reference(query)).map((r) => r.id);
      expect(expected.length).toBeGreaterThan(0);
      expect((await walk(query)).forward).toEqual(expected);
    }
    const scoped = (await reference("view=attention&size=5", ["attn-b"])).map((r) => r.id);
    expect(scoped.length).toBeGreaterThan(0);
    expect((await walk("view=attention&size=5", ["attn-b"])).forward).toEqual(scoped);
  });

  it("counts and sums what the page shows, the sums capped at any `cap` of its rows", async () => {
    for (const query of [
      "view=attention",
      "view=attention&currency=KZT",
      "view=attention&dir=asc",
      "view=attention&register=attn-b&currency=UZS",
      "view=attention&currency=KZT&status=processing",
      "view=attention&status=dispute",
      "view=attention&status=success&status=not_sent",
      "view=attention&status=error&status=awaiting_approval",
      // Counts and sums do not depend on the order.
      "view=attention&sort=amount&status=dispute",
      "view=attention&sort=updated&dir=asc&currency=KZT",
    ]) {
      const expected = await reference(query);
      const p = params(query);
      expect(await countApplications(database.db, "payin", p, ALL_PROJECTS, NOW)).toEqual({
        count: expected.length,
        capped: false,
      });
      expect(await countApplications(database.db, "payin", p, ALL_PROJECTS, NOW, 7)).toEqual({
        count: Math.min(7, expected.length),
        capped: expected.length > 7,
      });
      const whole = [...new Set(expected.map((r) => r.currency))].sort().map((currency) => {
        const of = expected.filter((r) => r.currency === currency);
        return { currency, count: of.length, amount: of.reduce((s, r) => s + r.amount, 0n) };
      });
      expect(await sumApplications(database.db, "payin", p, ALL_PROJECTS, NOW)).toEqual({
        perCurrency: whole,
        capped: expected.length > 1_000,
      });
      // Capped: `cap` of the matching rows, each currency's part of the whole.
      const part = await sumApplications(database.db, "payin", p, ALL_PROJECTS, NOW, 9);
      expect(part.capped).toBe(expected.length > 9);
      expect(part.perCurrency.reduce((n, c) => n + c.count, 0)).toBe(Math.min(9, expected.length));
      for (const c of part.perCurrency) {
        const all = whole.find((w) => w.currency === c.currency)!;
        expect(c.count).toBeLessThanOrEqual(all.count);
        expect(c.amount).toBeLessThanOrEqual(all.amount);
      }
    }
    const scoped = await reference("view=attention", ["attn-b"]);
    expect(await countApplications(database.db, "payin", params("view=attention"), ["attn-b"], NOW)).toEqual({
      count: scoped.length,
      capped: false,
    });
  });

  it("exports the same rows in the same order", async () => {
    const p = params("view=attention");
    const ids: number[] = [];
    for await (const batch of exportBatches(database.db, "payin", p, ALL_PROJECTS, 8, NOW)) ids.push(...batch.map((r) => r.id));
    expect(ids).toEqual((await reference("view=attention")).map((r) => r.id));
  });

  it("reads the page from the open items' list index", async () => {
    const explain = (query: SQL) =>
      database.db.transaction(async (tx) => {
        // A few dozen rows: without these the planner would rather sort them; at scale the index is the cheap way.
        await tx.execute(sql`set local enable_seqscan = off`);
        await tx.execute(sql`set local enable_sort = off`);
        const rows = await executeRows<Record<string, string>>(tx, sql`explain ${query}`);
        return rows.map((r) => Object.values(r)[0]).join("\n");
      });
    for (const query of ["view=attention", "view=attention&dir=asc", "view=attention&currency=KZT"]) {
      const plan = await explain(firstPageSql(database.db, "payin", params(query), ALL_PROJECTS, NOW));
      if (process.env.SHOW_PLANS) console.log(plan);
      expect(plan, query).toMatch(query.includes("currency") ? /work_items_open_list_currency_idx/ : /work_items_open_list_idx/);
      expect(plan, query).not.toMatch(/applications_type_created_key_idx/);
      expect(plan, query).not.toMatch(/Sort/);
    }
  });
});
