import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { applications } from "@/drizzle/schema";
import type { CurrentUser } from "@/lib/accounts/auth";
import { createUser } from "@/lib/accounts/commands";
import { businessDayOf } from "@/lib/dates/business-day";
import { foldRollups } from "@/lib/rollups/commands";
import { openTestDatabase, type TestDatabase } from "@/test/databases";
import { parseCsv } from "@/test/csv";

/*
 * The turnover CSV as a scoped viewer downloads it: their registers only, whatever the register filter says,
 * the dialect of their language, and a 400 naming the parameter for what it cannot answer truthfully. (Who may
 * call it at all: lib/accounts/permission-matrix.int.test.ts.)
 */

const state = vi.hoisted(() => ({
  user: null as import("@/lib/accounts/auth").CurrentUser | null,
  database: undefined as import("@/test/databases").TestDatabase | undefined,
}));

vi.mock("@/lib/accounts/auth", () => ({ currentUser: async () => state.user }));
vi.mock("@/lib/server/db", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/server/db")>();
  return { ...real, getDatabase: async () => state.database!, getDb: async () => state.database!.db };
});

const { GET } = await import("./route");

let database: TestDatabase;
/** One instant for the rows and for the day the test expects them on. */
const seededAt = new Date();
const today = businessDayOf(seededAt);

beforeAll(async () => {
  database = state.database = await openTestDatabase("pglite");
  const viewer = await createUser(database.db, {
    email: "reports-viewer@backoffice.test",
    name: "Reports viewer",
    role: "viewer",
    password: "reports viewer long password",
  });
  const user: CurrentUser = {
    id: viewer.id,
    email: viewer.email,
    name: viewer.name,
    role: "viewer",
    mustChangePassword: false,
    projects: ["reg-b"],
    secondFactor: { enrolled: false, required: false, verifiedAt: null, appCodeAt: null },
    sessionId: "reports-session",
  };
  state.user = user;
  const base = { type: "payin", product: "p2p", integration: "h2h", method: "card-p2p", createdAt: seededAt } as const;
  await database.db.insert(applications).values([
    { ...base, projectId: "reg-a", paymentId: "RT-1", currency: "KZT", amount: 100_000, status: "success" },
    { ...base, projectId: "reg-b", paymentId: "RT-2", currency: "KGS", amount: 123_456, status: "success" },
    { ...base, projectId: "reg-b", paymentId: "RT-3", currency: "KGS", amount: 1_000, status: "decline" },
  ]);
  await foldRollups(database.db);
});
afterAll(async () => database?.drop());

const get = (query: string, language = "en-US") =>
  GET(new Request(`http://app.test/api/reports/turnover?${query}`, { headers: { "accept-language": language } }));

describe("GET /api/reports/turnover", () => {
  it("answers the reader's registers only, in their language's dialect", async () => {
    const response = await get("granularity=month", "ru-RU");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="turnover-month-/);
    const [header, ...rows] = parseCsv((await response.text()).replace(/^\ufeff/, ""), ";");
    expect(header?.[0]).toBe("Период");
    expect(rows.map((r) => [r[2], r[4], r[6], r[7], r[8], r[11]])).toEqual([
      ["reg-b", "KGS", "success", "1", "1234,56", "50,00"],
      ["reg-b", "KGS", "decline", "1", "10,00", "50,00"],
    ]);
    expect(rows.every((r) => r[0] === today.slice(0, 7))).toBe(true);
  });

  it("gives nothing for a register outside the scope", async () => {
    const response = await get("register=reg-a&dialect=comma");
    expect(response.status).toBe(200);
    expect(parseCsv((await response.text()).replace(/^\ufeff/, ""))).toHaveLength(1);
  });

  it("refuses a period that ends before it starts, and a value it cannot read, naming them", async () => {
    const backwards = await get("from=2026-11-02&to=2026-11-01");
    expect(backwards.status).toBe(400);
    expect(await backwards.json()).toMatchObject({ error: "bad_request:period", fields: { to: [expect.any(String)] } });
    const tooLong = await get("from=2024-01-01&to=2026-01-01");
    expect(tooLong.status).toBe(400);
    expect(await tooLong.json()).toMatchObject({ error: "bad_request:period", fields: { from: [expect.any(String)] } });
    const unreadable = await get("currency=tenge&granularity=week");
    expect(unreadable.status).toBe(400);
    expect(await unreadable.json()).toMatchObject({
      error: "bad_request:filters",
      fields: { currency: [expect.any(String)], granularity: [expect.any(String)] },
    });
    expect((await get("dialect=tab")).status).toBe(400);
  });
});
