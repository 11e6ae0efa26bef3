import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// The organisation in Almaty (UTC+5) for this file; env is read at first import, hence hoisted.
const previousZone = vi.hoisted(() => {
  const previous = process.env.DEFAULT_TIME_ZONE;
  process.env.DEFAULT_TIME_ZONE = "Asia/Almaty";
  return previous;
});

import { applications } from "@/drizzle/schema";
import { ALL_PROJECTS } from "@/lib/accounts/register-scope";
import { statusTotals } from "@/lib/rollups/queries";
import { foldRollups } from "@/lib/rollups/commands";
import { rollupDayOf, weekStartDay } from "@/lib/rollups/day";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@/test/databases";
import { listTotals } from "./list-totals";
import { countApplications } from "./list-queries";
import { parseListParams } from "./url-state";

const params = (query: string) => parseListParams(new URLSearchParams(query));

/** Created at these instants; the Almaty day of each is in the name. */
const CREATED = {
  "A-17": "2026-11-17T18:59:59.999Z", // 23:59:59 on the 17th in Almaty
  "A-18-first": "2026-11-17T19:00:00.000Z", // 00:00 on the 18th
  "A-18-last": "2026-11-18T18:59:59.999Z", // 23:59:59 on the 18th
  "A-19": "2026-11-18T20:30:00.000Z", // still the 18th in UTC, already the 19th in Almaty
} as const;

describe.each(testDatabaseKinds())("business days in the organisation's zone on %s", (kind) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    await database.db.insert(applications).values(
      Object.entries(CREATED).map(([paymentId, at]) => ({
        projectId: "almaty",
        paymentId,
        type: "payin" as const,
        product: "p2p" as const,
        integration: "h2h" as const,
        method: "card-p2p",
        amount: 100_00,
        currency: "KZT",
        status: "success" as const,
        createdAt: new Date(at),
        updatedAt: new Date(at),
      })),
    );
  });
  afterAll(async () => {
    await database?.drop();
    if (previousZone === undefined) delete process.env.DEFAULT_TIME_ZONE;
    else process.env.DEFAULT_TIME_ZONE = previousZone;
  });

  it("filters the list by whole Almaty days", async () => {
    const count = async (query: string) => (await countApplications(database.db, "payin", params(query), ALL_PROJECTS)).count;
    expect(await count("from=2026-11-18&to=2026-11-18")).toBe(2);
    expect(await count("from=2026-11-19")).toBe(1);
    expect(await count("to=2026-11-17")).toBe(1);
  });

  it("cuts the rollup days, today and the week in Almaty, and the rollups answer the day filter", async () => {
    expect(rollupDayOf(new Date(CREATED["A-19"]))).toBe("2026-11-19");
    expect(weekStartDay(new Date("2026-11-22T19:30:00Z"))).toBe("2026-11-23");
    await foldRollups(database.db, { budgetMs: Number.POSITIVE_INFINITY });
    const day = await statusTotals(database.db, "2026-11-18", "2026-11-18", ALL_PROJECTS);
    expect(day.reduce((n, t) => n + t.count, 0)).toBe(2);
    // The database's zone rules agree with the runtime's (Almaty has been UTC+5 since 2024).
    const next = await statusTotals(database.db, "2026-11-19", "2026-11-19", ALL_PROJECTS);
    expect(next.reduce((n, t) => n + t.count, 0)).toBe(1);
    const totals = await listTotals(database.db, "payin", params("from=2026-11-18&to=2026-11-18"), ALL_PROJECTS);
    expect(totals.source).toBe("rollups");
    expect(totals.perCurrency).toEqual([{ currency: "KZT", count: 2, amount: 200_00n }]);
  });
});
