import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedApplications } from "@/drizzle/seed";
import { ALL_PROJECTS, type ProjectScope } from "@/lib/accounts/register-scope";
import { foldRollups } from "@/lib/rollups/commands";
import { executeRows } from "@/lib/server/sql";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@/test/databases";
import { listReads, listTotals, totalsPlan } from "./list-totals";
import { countApplications, sumApplications } from "./list-queries";
import { parseListParams, type ListParams } from "./url-state";

const params = (query: string): ListParams => parseListParams(new URLSearchParams(query));
const EVERYTHING = 1_000_000;

describe.each(testDatabaseKinds())("list totals on %s", (kind) => {
  let database: TestDatabase;
  let day: string;
  let lastDay: string;
  let method: string;

  /** What the list's own filter matches, summed over every row. */
  const direct = async (query: string, scope: ProjectScope = ALL_PROJECTS) =>
    (await sumApplications(database.db, "payin", params(query), scope, new Date(), EVERYTHING)).perCurrency;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    await seedApplications(database.db, { count: 400, seed: 3, projectId: "reg-a" });
    await seedApplications(database.db, { count: 300, seed: 5, projectId: "reg-b" });
    const [row] = await executeRows<{ day: string; last: string; method: string }>(
      database.db,
      sql`select (select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD') from applications order by created_at limit 1 offset 100) as day,
                 (select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD') from applications order by created_at limit 1 offset 500) as last,
                 (select coalesce(method, widget_method) from applications where type = 'payin' and coalesce(method, widget_method) is not null
                  group by 1 order by count(*) desc limit 1) as method`,
    );
    day = row!.day;
    lastDay = row!.last;
    method = row!.method;
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("sums the applications themselves until the rollups have been folded once", async () => {
    const totals = await listTotals(database.db, "payin", params("currency=KZT"), ALL_PROJECTS);
    expect(totals).toMatchObject({ source: "scan", capped: false, reasons: ["rollups not ready"] });
    expect(totals.perCurrency).toEqual(await direct("currency=KZT"));
  });

  it("reads totals from the rollups equal to the list filter's own sums", async () => {
    await foldRollups(database.db, { budgetMs: Number.POSITIVE_INFINITY });
    const queries = [
      "",
      "status=success",
      "status=not_sent",
      "status=success,decline,not_sent&currency=KZT",
      `method=${method}`,
      "product=p2p",
      "product=ecom",
      "register=reg-a",
      "register=reg-b&status=dispute",
      `from=${day}`,
      `to=${day}`,
      `from=${day}&to=${lastDay}&currency=KZT`,
      `from=${day}&to=${day}&register=reg-b&method=${method}&status=success,processing`,
      "currency=UZS&register=nowhere",
    ];
    for (const query of queries) {
      expect(totalsPlan("payin", params(query)).source).toBe("rollups");
      const totals = await listTotals(database.db, "payin", params(query), ALL_PROJECTS);
      expect(totals.source, query).toBe("rollups");
      expect(totals.perCurrency, query).toEqual(await direct(query));
    }
    const all = await listTotals(database.db, "payin", params(""), ALL_PROJECTS);
    expect(all.perCurrency.reduce((n, c) => n + c.count, 0)).toBeGreaterThan(300);
  });

  it("counts the registers of the reader's scope only, whatever the register filter says", async () => {
    const scoped = await listTotals(database.db, "payin", params(""), ["reg-a"]);
    expect(scoped.source).toBe("rollups");
    expect(scoped.perCurrency).toEqual(await direct("register=reg-a"));
    expect(scoped.perCurrency).toEqual(await direct("", ["reg-a"]));
    expect((await listTotals(database.db, "payin", params("register=reg-b"), ["reg-a"])).perCurrency).toEqual([]);
    expect((await listTotals(database.db, "payin", params(""), [])).perCurrency).toEqual([]);
    const searched = await listTotals(database.db, "payin", params("q=SEED-PI-"), ["reg-a"]);
    expect(searched.source).toBe("scan");
    expect(searched.perCurrency).toEqual(await direct("register=reg-a"));
  });

  it("sums the applications for filters outside the rollups, at most `cap` of them: a lower bound of the whole", async () => {
    const query = "integration=h2h&status=success";
    const totals = await listTotals(database.db, "payin", params(query), ALL_PROJECTS);
    expect(totals).toMatchObject({ source: "scan", capped: false, reasons: ["integration"] });
    expect(totals.perCurrency).toEqual(await direct(query));

    const capped = await listTotals(database.db, "payin", params("q=SEED-PI-&sort=amount&dir=desc"), ALL_PROJECTS, new Date(), 5);
    expect(capped).toMatchObject({ source: "scan", capped: true, cap: 5 });
    expect(capped.perCurrency.reduce((n, c) => n + c.count, 0)).toBe(5);
    const whole = new Map((await direct("q=SEED-PI-")).map((c) => [c.currency, c]));
    for (const part of capped.perCurrency) {
      const all = whole.get(part.currency)!;
      expect(part.count).toBeLessThanOrEqual(all.count);
      expect(part.amount).toBeLessThanOrEqual(all.amount);
    }
  });

  it("a list whose totals are summed gets its count from them, the same count the count alone reads", async () => {
    for (const query of ["q=SEED-PI-", "integration=h2h", "view=attention", "min=100", "currency=KZT", ""]) {
      const reads = listReads(database.db, "payin", params(query), ALL_PROJECTS);
      const [count, totals, page] = await Promise.all([reads.count, reads.totals, reads.page]);
      expect(count, query).toEqual(await countApplications(database.db, "payin", params(query), ALL_PROJECTS));
      if (totals.source === "scan") expect(count.count, query).toBe(totals.perCurrency.reduce((n, c) => n + c.count, 0));
      expect(page.rows.length, query).toBeLessThanOrEqual(count.count);
    }
  });
});
