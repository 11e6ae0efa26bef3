import { runStuckRule } from "@/lib/work/stuck";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applications } from "@/drizzle/schema";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@/test/databases";
import { countApplications } from "@/lib/applications/list-queries";
import { parseListParams } from "@/lib/applications/url-state";
import { startOfUtcWeek } from "@/lib/dates/utc";
import { foldRollups } from "@/lib/rollups/commands";
import { dashboardFigures, needsAttentionCount, type DashboardFigures } from "./queries";
import { ALL_PROJECTS } from "@/lib/accounts/register-scope";

describe.each(testDatabaseKinds())("dashboard figures on %s", (kind) => {
  let database: TestDatabase;
  const now = new Date("2026-11-18T12:00:00Z"); // a Wednesday
  let before: DashboardFigures;
  let figures: DashboardFigures;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
    const base = {
      projectId: "p",
      type: "payin",
      product: "p2p",
      integration: "h2h",
      currency: "KZT",
      method: "card-p2p",
    } as const;
    await database.db.insert(applications).values([
      { ...base, paymentId: "A", amount: 9_000_000_000_000, status: "success", createdAt: now },
      { ...base, paymentId: "B", amount: 9_000_000_000_000, status: "success", createdAt: now },
      { ...base, paymentId: "C", amount: 500, status: "decline", createdAt: now },
      { ...base, paymentId: "D", amount: 700, oldAmount: 1_000, status: "success", createdAt: new Date("2026-11-16T08:00:00Z") },
      { ...base, paymentId: "E", amount: 100, status: "dispute", subStatus: "no_payment", createdAt: now },
      {
        ...base,
        paymentId: "F",
        amount: 100,
        status: "processing",
        subStatus: "awaiting_confirm",
        expiresAt: new Date("2026-11-18T11:00:00Z"),
        createdAt: now,
      },
      { ...base, paymentId: "G", amount: 300, type: "payout", status: "success", currency: "RUB", createdAt: now },
      { ...base, paymentId: "H", amount: 300, type: "payout", status: "error", currency: "RUB", createdAt: now },
      // No expiry, or not yet past it, or final: not overdue.
      { ...base, paymentId: "I", amount: 100, status: "processing", createdAt: now },
      { ...base, paymentId: "J", amount: 100, status: "processing", expiresAt: new Date("2026-11-18T13:00:00Z"), createdAt: now },
      {
        ...base,
        paymentId: "K",
        amount: 100,
        method: "phone-p2p",
        status: "decline",
        expiresAt: new Date("2026-11-18T11:00:00Z"),
        createdAt: now,
      },
      { ...base, paymentId: "L", amount: 100, expiresAt: new Date("2026-11-18T11:00:00Z"), createdAt: now },
      // Another cash register, another currency.
      { ...base, projectId: "q", paymentId: "M", amount: 250, status: "success", currency: "KGS", createdAt: now },
      // Outside the 30 days.
      { ...base, paymentId: "N", amount: 100, status: "success", createdAt: new Date("2026-10-19T23:59:59Z") },
    ]);
    await runStuckRule(database.db, now);
    before = await dashboardFigures(database.db, "KZT", ALL_PROJECTS, now);
    await foldRollups(database.db);
    figures = await dashboardFigures(database.db, "KZT", ALL_PROJECTS, now);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("shows nothing but says so before the first fold", () => {
    expect(before.asOf).toBeNull();
    expect(before.today).toEqual([]);
    expect(before.daily.every((d) => d.payin === 0n && d.payout === 0n)).toBe(true);
  });

  it("says how fresh the figures are", async () => {
    expect(figures.asOf).toBeInstanceOf(Date);
    const live = await dashboardFigures(database.db, "KZT", ALL_PROJECTS);
    expect(live.asOf?.getTime()).toBeGreaterThanOrEqual(figures.asOf!.getTime());
  });

  it("sums volumes exactly beyond 2^53", () => {
    const success = figures.today.find((t) => t.type === "payin" && t.status === "success" && t.currency === "KZT");
    expect(success).toEqual({ type: "payin", status: "success", currency: "KZT", count: 2, volume: 18_000_000_000_000n });
    expect(figures.today.find((t) => t.type === "payin" && t.status === null)).toEqual({
      type: "payin",
      status: null,
      currency: "KZT",
      count: 1,
      volume: 100n,
    });
  });

  it("starts the week on Monday and includes it", () => {
    expect(startOfUtcWeek(now).toISOString()).toBe("2026-11-16T00:00:00.000Z");
    expect(figures.days).toEqual({ today: "2026-11-18", weekStart: "2026-11-16", periodStart: "2026-10-20" });
    expect(figures.week.find((t) => t.status === "success" && t.type === "payin" && t.currency === "KZT")?.count).toBe(3);
  });

  it("computes conversion as success over final per method, over the 30 days", () => {
    expect(figures.conversion.filter((c) => c.type === "payin")).toEqual([
      { type: "payin", method: "card-p2p", success: 4, final: 5 },
      { type: "payin", method: "phone-p2p", success: 0, final: 1 },
    ]);
    expect(figures.conversion.filter((c) => c.type === "payout")).toEqual([
      { type: "payout", method: "card-p2p", success: 1, final: 1 },
    ]);
  });

  it("lists every day of the chart, zeros included", () => {
    expect(figures.daily).toHaveLength(30);
    expect(figures.daily[0]?.day).toBe("2026-10-20");
    expect(figures.daily.at(-1)).toEqual({ day: "2026-11-18", payin: 18_000_000_000_000n, payout: 0n });
    expect(figures.daily.find((d) => d.day === "2026-11-16")?.payin).toBe(700n);
  });

  it("totals per cash register and currency", () => {
    expect(figures.registers).toEqual([
      {
        projectId: "p",
        type: "payin",
        currency: "KZT",
        count: 10,
        volume: 18_000_000_001_800n,
        successCount: 3,
        successVolume: 18_000_000_000_700n,
      },
      { projectId: "p", type: "payout", currency: "RUB", count: 2, volume: 600n, successCount: 1, successVolume: 300n },
      { projectId: "q", type: "payin", currency: "KGS", count: 1, volume: 250n, successCount: 1, successVolume: 250n },
    ]);
  });

  it("counts what needs attention per type: dispute, error, changed amount, overdue", () => {
    const counts = { payin: { count: 4, capped: false }, payout: { count: 1, capped: false } };
    expect(figures.attention).toEqual(counts);
    // Live: no fold needed.
    expect(before.attention).toEqual(counts);
  });

  it("counts exactly what the list it links to shows", async () => {
    const view = parseListParams(new URLSearchParams("view=attention"));
    for (const type of ["payin", "payout"] as const) {
      const list = await countApplications(database.db, type, view, ALL_PROJECTS, now);
      expect(await needsAttentionCount(database.db, type, ALL_PROJECTS, now)).toEqual(list);
      expect(figures.attention[type]).toEqual(list);
    }
  });

  it("counts only the registers of the reader's scope", async () => {
    const q = await dashboardFigures(database.db, "KGS", ["q"], now);
    expect(q.today).toEqual([{ type: "payin", status: "success", currency: "KGS", count: 1, volume: 250n }]);
    expect(q.week).toEqual(q.today);
    expect(q.conversion).toEqual([{ type: "payin", method: "card-p2p", success: 1, final: 1 }]);
    expect(q.daily.at(-1)).toEqual({ day: "2026-11-18", payin: 250n, payout: 0n });
    expect(q.registers.map((r) => r.projectId)).toEqual(["q"]);
    expect(q.attention).toEqual({ payin: { count: 0, capped: false }, payout: { count: 0, capped: false } });

    const p = await dashboardFigures(database.db, "KGS", ["p"], now);
    expect(p.daily.every((d) => d.payin === 0n && d.payout === 0n)).toBe(true);
    expect(p.registers.map((r) => r.projectId)).toEqual(["p", "p"]);
    expect(p.attention).toEqual(figures.attention);

    const none = await dashboardFigures(database.db, "KZT", [], now);
    expect([none.today, none.week, none.conversion, none.registers]).toEqual([[], [], [], []]);
    expect(none.attention).toEqual({ payin: { count: 0, capped: false }, payout: { count: 0, capped: false } });
  });
});
