import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applications } from "@/drizzle/schema";
import { ALL_PROJECTS } from "@/lib/accounts/register-scope";
import { CSV_DIALECTS } from "@/lib/csv/dialect";
import { foldRollups } from "@/lib/rollups/commands";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@/test/databases";
import { reportCsvHeader, reportCsvLines } from "./csv";
import { conversionByGroup, reportMethods, totalsByCurrency, turnover, type TurnoverRow } from "./queries";
import type { ReportQuery } from "./schemas";

/*
 * The turnover report on seeded applications folded into the rollups: counts, exact sums and conversion per
 * day and per month, the filters, and the reader's register scope. (The tests' organisation zone is UTC.)
 */

// 2^52 + 1: exact as a number; three of them are beyond 2^53, where a float sum would be off.
const HUGE = 4_503_599_627_370_497;
const HUGE_TIMES_3 = 13_510_798_882_111_491n;

const query = (patch: Partial<ReportQuery> = {}): ReportQuery => ({
  from: "2026-10-01",
  to: "2026-11-30",
  granularity: "day",
  type: null,
  projectId: null,
  currency: null,
  method: null,
  ...patch,
});

const pick = (rows: TurnoverRow[], match: Partial<TurnoverRow>) =>
  rows.filter((r) => Object.entries(match).every(([k, v]) => r[k as keyof TurnoverRow] === v));

describe.each(testDatabaseKinds())("turnover report on %s", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
    const base = {
      projectId: "reg-a",
      type: "payin",
      product: "p2p",
      integration: "h2h",
      currency: "KZT",
      method: "card-p2p",
    } as const;
    const nov18 = new Date("2026-11-18T10:00:00Z");
    await database.db.insert(applications).values([
      { ...base, paymentId: "R-1", amount: HUGE, status: "success", createdAt: nov18 },
      { ...base, paymentId: "R-2", amount: HUGE, status: "success", createdAt: nov18 },
      // The last instant of the 18th, then the first of the 19th: days are cut on the organisation's zone.
      { ...base, paymentId: "R-3", amount: HUGE, status: "success", createdAt: new Date("2026-11-18T23:59:59.999Z") },
      { ...base, paymentId: "R-4", amount: 150_050, status: "decline", createdAt: new Date("2026-11-19T00:00:00Z") },
      { ...base, paymentId: "R-5", amount: 10_000, status: "success", createdAt: new Date("2026-11-19T08:00:00Z") },
      // Not finished: counted in turnover, left out of conversion.
      { ...base, paymentId: "R-6", amount: 700, status: "processing", subStatus: "awaiting_confirm", createdAt: nov18 },
      { ...base, paymentId: "R-7", amount: 800, status: "dispute", subStatus: "no_payment", createdAt: nov18 },
      { ...base, paymentId: "R-8", amount: 900, status: "error", createdAt: nov18 },
      { ...base, paymentId: "R-9", amount: 1_000, createdAt: nov18 },
      // Another method, a payout, another month.
      { ...base, paymentId: "R-10", amount: 2_000, method: "sbp-p2p", status: "decline", createdAt: nov18 },
      { ...base, paymentId: "R-11", amount: 3_000, type: "payout", status: "success", createdAt: nov18 },
      { ...base, paymentId: "R-12", amount: 4_000, status: "success", createdAt: new Date("2026-10-05T12:00:00Z") },
      // Another cash register and currency.
      { ...base, projectId: "reg-b", paymentId: "R-13", amount: 25_075, currency: "KGS", status: "success", createdAt: nov18 },
      { ...base, projectId: "reg-b", paymentId: "R-14", amount: 100, currency: "KGS", status: "decline", createdAt: nov18 },
      // Outside the period.
      { ...base, paymentId: "R-15", amount: 5_000, status: "success", createdAt: new Date("2026-09-30T23:59:59Z") },
    ]);
    await foldRollups(database.db);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("reads nothing before the rollups are folded", async () => {
    const empty = await openTestDatabase(kind);
    try {
      await empty.db.insert(applications).values({
        projectId: "reg-a",
        type: "payin",
        product: "p2p",
        integration: "h2h",
        currency: "KZT",
        paymentId: "R-UNFOLDED",
        amount: 100,
        status: "success",
        createdAt: new Date("2026-11-18T10:00:00Z"),
      });
      expect(await turnover(empty.db, query(), ALL_PROJECTS)).toEqual([]);
    } finally {
      await empty.drop();
    }
  });

  it("counts and sums per day, register, type, currency, method and status, exactly beyond 2^53", async () => {
    const rows = await turnover(database.db, query({ type: "payin", projectId: "reg-a" }), ALL_PROJECTS);
    const cell = { period: "2026-11-18", projectId: "reg-a", type: "payin", currency: "KZT", method: "card-p2p" };
    expect(pick(rows, { period: "2026-11-18", method: "card-p2p" })).toEqual([
      { ...cell, status: "success", count: 3, amount: HUGE_TIMES_3 },
      { ...cell, status: "processing", count: 1, amount: 700n },
      { ...cell, status: "dispute", count: 1, amount: 800n },
      { ...cell, status: "error", count: 1, amount: 900n },
      { ...cell, status: null, count: 1, amount: 1_000n },
    ]);
    expect(pick(rows, { period: "2026-11-19" }).map((r) => [r.status, r.count, r.amount])).toEqual([
      ["success", 1, 10_000n],
      ["decline", 1, 150_050n],
    ]);
    expect(rows.map((r) => r.period)).toEqual([...rows.map((r) => r.period)].sort());
    expect(rows.some((r) => r.period === "2026-09-30")).toBe(false);
  });

  it("adds the days of a month together", async () => {
    const rows = await turnover(
      database.db,
      query({ granularity: "month", type: "payin", projectId: "reg-a", method: "card-p2p" }),
      ALL_PROJECTS,
    );
    expect(pick(rows, { status: "success" }).map((r) => [r.period, r.count, r.amount])).toEqual([
      ["2026-10", 1, 4_000n],
      ["2026-11", 4, HUGE_TIMES_3 + 10_000n],
    ]);
  });

  it("reads a month at either edge of the period by its days inside it, and whole months from the month cells", async () => {
    const line = (r: TurnoverRow) => [r.period, r.projectId, r.type, r.currency, r.method, r.status].join("|");
    for (const [from, to] of [
      ["2026-10-15", "2026-11-18"],
      ["2026-10-01", "2026-11-30"],
      ["2026-11-19", "2026-11-19"],
      ["2026-09-30", "2026-12-31"],
    ] as const) {
      const byDay = await turnover(database.db, query({ from, to }), ALL_PROJECTS);
      const summed = new Map<string, { count: number; amount: bigint }>();
      for (const r of byDay) {
        const key = line({ ...r, period: r.period.slice(0, 7) });
        const cell = summed.get(key) ?? { count: 0, amount: 0n };
        summed.set(key, { count: cell.count + r.count, amount: cell.amount + r.amount });
      }
      const byMonth = await turnover(database.db, query({ from, to, granularity: "month" }), ALL_PROJECTS);
      expect(new Map(byMonth.map((r) => [line(r), { count: r.count, amount: r.amount }])), `${from} … ${to}`).toEqual(summed);
      expect(byMonth.length).toBe(summed.size);
    }
  });

  it("computes conversion as successful over finished (success or decline) per group", async () => {
    const days = conversionByGroup(await turnover(database.db, query({ type: "payin", projectId: "reg-a" }), ALL_PROJECTS));
    expect(days.filter((c) => c.period >= "2026-11-18").map((c) => [c.period, c.method, c.successful, c.finished])).toEqual([
      ["2026-11-18", "card-p2p", 3, 3],
      ["2026-11-18", "sbp-p2p", 0, 1],
      ["2026-11-19", "card-p2p", 1, 2],
    ]);
    const months = conversionByGroup(
      await turnover(database.db, query({ granularity: "month", type: "payin", projectId: "reg-a" }), ALL_PROJECTS),
    );
    expect(months.map((c) => [c.period, c.method, c.successful, c.finished])).toEqual([
      ["2026-10", "card-p2p", 1, 1],
      ["2026-11", "card-p2p", 4, 5],
      ["2026-11", "sbp-p2p", 0, 1],
    ]);
  });

  it("totals the period per type and currency", async () => {
    const totals = totalsByCurrency(await turnover(database.db, query({ granularity: "month" }), ALL_PROJECTS));
    expect(totals).toEqual([
      {
        type: "payin",
        currency: "KGS",
        count: 2,
        amount: 25_175n,
        successful: 1,
        finished: 2,
        successAmount: 25_075n,
      },
      {
        type: "payin",
        currency: "KZT",
        count: 11,
        amount: HUGE_TIMES_3 + 150_050n + 10_000n + 700n + 800n + 900n + 1_000n + 2_000n + 4_000n,
        successful: 5,
        finished: 7,
        successAmount: HUGE_TIMES_3 + 10_000n + 4_000n,
      },
      { type: "payout", currency: "KZT", count: 1, amount: 3_000n, successful: 1, finished: 1, successAmount: 3_000n },
    ]);
  });

  it("filters by type, currency and method", async () => {
    const payouts = await turnover(database.db, query({ type: "payout" }), ALL_PROJECTS);
    expect(payouts.map((r) => [r.type, r.count])).toEqual([["payout", 1]]);
    const kgs = await turnover(database.db, query({ currency: "KGS" }), ALL_PROJECTS);
    expect(new Set(kgs.map((r) => r.projectId))).toEqual(new Set(["reg-b"]));
    const sbp = await turnover(database.db, query({ method: "sbp-p2p" }), ALL_PROJECTS);
    expect(sbp.map((r) => [r.method, r.status, r.count])).toEqual([["sbp-p2p", "decline", 1]]);
  });

  it("shows a scoped reader their registers only, whatever the register filter says", async () => {
    const scoped = await turnover(database.db, query({ granularity: "month" }), ["reg-b"]);
    expect(new Set(scoped.map((r) => r.projectId))).toEqual(new Set(["reg-b"]));
    expect(await turnover(database.db, query({ projectId: "reg-a" }), ["reg-b"])).toEqual([]);
    expect(await turnover(database.db, query(), [])).toEqual([]);
    expect(await reportMethods(database.db, ["reg-b"])).toEqual(["card-p2p"]);
    expect(await reportMethods(database.db, ALL_PROJECTS)).toEqual(["card-p2p", "sbp-p2p"]);
  });

  it("writes the CSV in major units with the dialect's marks and each group's conversion", async () => {
    const rows = await turnover(database.db, query({ granularity: "month", projectId: "reg-a", type: "payin" }), ALL_PROJECTS);
    const names = new Map([["reg-a", "Register A"]]);
    const header = reportCsvHeader({ dialect: CSV_DIALECTS.semicolon, locale: "ru" });
    expect(header.split(";")[0]).toBe("Период");
    const lines = reportCsvLines(rows, { dialect: CSV_DIALECTS.semicolon, registerNames: names });
    expect(lines).toHaveLength(rows.length);
    expect(lines).toContain(`2026-11;Register A;reg-a;payin;KZT;card-p2p;success;4;135107988821214,91;4;5;80,00\r\n`);
    expect(lines).toContain(`2026-11;Register A;reg-a;payin;KZT;card-p2p;;1;10,00;4;5;80,00\r\n`);
    expect(lines).toContain(`2026-11;Register A;reg-a;payin;KZT;sbp-p2p;decline;1;20,00;0;1;0,00\r\n`);
    const comma = reportCsvLines(rows, { dialect: CSV_DIALECTS.comma, registerNames: names });
    expect(comma).toContain(`2026-10,Register A,reg-a,payin,KZT,card-p2p,success,1,40.00,1,1,100.00\r\n`);
  });
});
