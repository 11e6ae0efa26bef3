import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applications } from "@/drizzle/schema";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@/test/databases";
import { conversionByMethod, dailySuccessVolume, needsAttentionCount, startOfUtcWeek, totalsSince } from "./queries";

describe.each(testDatabaseKinds())("dashboard figures on %s", (kind) => {
  let database: TestDatabase;
  const now = new Date("2026-11-18T12:00:00Z"); // a Wednesday
  beforeAll(async () => {
    database = await openTestDatabase(kind);
    const base = { projectId: "p", type: "payin", product: "p2p", integration: "h2h", currency: "KZT", method: "card-p2p" } as const;
    await database.db.insert(applications).values([
      { ...base, paymentId: "A", amount: 9_000_000_000_000, status: "success", createdAt: now },
      { ...base, paymentId: "B", amount: 9_000_000_000_000, status: "success", createdAt: now },
      { ...base, paymentId: "C", amount: 500, status: "decline", createdAt: now },
      { ...base, paymentId: "D", amount: 700, oldAmount: 1_000, status: "success", createdAt: new Date("2026-11-16T08:00:00Z") },
      { ...base, paymentId: "E", amount: 100, status: "dispute", subStatus: "no_payment", createdAt: now },
      { ...base, paymentId: "F", amount: 100, status: "processing", subStatus: "awaiting_confirm", expiresAt: new Date("2026-11-18T11:00:00Z"), createdAt: now },
      { ...base, paymentId: "G", amount: 300, type: "payout", status: "success", currency: "RUB", createdAt: now },
    ]);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("sums volumes exactly beyond 2^53", async () => {
    const today = await totalsSince(database.db, new Date("2026-11-18T00:00:00Z"));
    const success = today.find((t) => t.type === "payin" && t.status === "success");
    expect(success).toEqual({ type: "payin", status: "success", currency: "KZT", count: 2, volume: 18_000_000_000_000n });
  });

  it("starts the week on Monday and includes it", async () => {
    expect(startOfUtcWeek(now).toISOString()).toBe("2026-11-16T00:00:00.000Z");
    const week = await totalsSince(database.db, startOfUtcWeek(now));
    expect(week.find((t) => t.status === "success" && t.type === "payin")?.count).toBe(3);
  });

  it("computes conversion as success over final per method", async () => {
    const conversion = await conversionByMethod(database.db, new Date("2026-11-01T00:00:00Z"));
    expect(conversion.find((c) => c.type === "payin")).toEqual({ type: "payin", method: "card-p2p", success: 3, final: 4 });
  });

  it("lists every day of the chart, zeros included", async () => {
    const days = await dailySuccessVolume(database.db, "KZT", 30, now);
    expect(days).toHaveLength(30);
    expect(days.at(-1)).toEqual({ day: "2026-11-18", payin: 18_000_000_000_000n, payout: 0n });
    expect(days.find((d) => d.day === "2026-11-16")?.payin).toBe(700n);
  });

  it("counts what needs attention: dispute, changed amount, overdue", async () => {
    expect(await needsAttentionCount(database.db, now)).toBe(3);
  });
});
