import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applications } from "@/drizzle/schema";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@/test/databases";
import { countApplications } from "@/lib/applications/list-queries";
import { parseListParams } from "@/lib/applications/url-state";
import { startOfUtcWeek } from "@/lib/dates/utc";
import { conversionByMethod, dailySuccessVolume, needsAttentionCount, totalsSince } from "./queries";
import { ALL_PROJECTS } from "@/lib/accounts/register-scope";

describe.each(testDatabaseKinds())("dashboard figures on %s", (kind) => {
  let database: TestDatabase;
  const now = new Date("2026-11-18T12:00:00Z"); // a Wednesday
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
    ]);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("sums volumes exactly beyond 2^53", async () => {
    const today = await totalsSince(database.db, new Date("2026-11-18T00:00:00Z"), ALL_PROJECTS);
    const success = today.find((t) => t.type === "payin" && t.status === "success");
    expect(success).toEqual({ type: "payin", status: "success", currency: "KZT", count: 2, volume: 18_000_000_000_000n });
  });

  it("starts the week on Monday and includes it", async () => {
    expect(startOfUtcWeek(now).toISOString()).toBe("2026-11-16T00:00:00.000Z");
    const week = await totalsSince(database.db, startOfUtcWeek(now), ALL_PROJECTS);
    expect(week.find((t) => t.status === "success" && t.type === "payin")?.count).toBe(3);
  });

  it("computes conversion as success over final per method", async () => {
    const conversion = await conversionByMethod(database.db, new Date("2026-11-01T00:00:00Z"), ALL_PROJECTS);
    expect(conversion.find((c) => c.type === "payin")).toEqual({ type: "payin", method: "card-p2p", success: 3, final: 4 });
  });

  it("lists every day of the chart, zeros included", async () => {
    const days = await dailySuccessVolume(database.db, "KZT", 30, ALL_PROJECTS, now);
    expect(days).toHaveLength(30);
    expect(days.at(-1)).toEqual({ day: "2026-11-18", payin: 18_000_000_000_000n, payout: 0n });
    expect(days.find((d) => d.day === "2026-11-16")?.payin).toBe(700n);
  });

  it("counts what needs attention per type: dispute, error, changed amount, overdue", async () => {
    expect(await needsAttentionCount(database.db, "payin", ALL_PROJECTS, now)).toBe(4);
    expect(await needsAttentionCount(database.db, "payout", ALL_PROJECTS, now)).toBe(1);
  });

  it("counts exactly what the list it links to shows", async () => {
    const view = parseListParams(new URLSearchParams("view=attention"));
    for (const type of ["payin", "payout"] as const) {
      const list = await countApplications(database.db, type, view, ALL_PROJECTS, now);
      expect(await needsAttentionCount(database.db, type, ALL_PROJECTS, now)).toBe(list.count);
    }
  });
});
