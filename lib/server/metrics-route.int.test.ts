import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { TestDatabase } from "@/test/databases";

/*
 * The route as Next calls it, with METRICS_TOKEN from the environment (lib/server/env reads it once,
 * at first import: set before the route is imported).
 */

const TOKEN = "route-test-token-0123456789";
vi.stubEnv("METRICS_TOKEN", TOKEN);

const state = vi.hoisted(() => ({ database: undefined as TestDatabase | undefined }));
vi.mock("@/lib/server/db", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/server/db")>()),
  getDb: async () => state.database!.db,
  getDatabase: async () => state.database!,
}));

describe("GET /api/metrics with METRICS_TOKEN set", () => {
  let GET: (request: Request) => Promise<Response>;
  beforeAll(async () => {
    const { openTestDatabase } = await import("@/test/databases");
    state.database = await openTestDatabase("pglite");
    ({ GET } = await import("@/app/api/metrics/route"));
  });
  afterAll(async () => {
    await state.database?.drop();
    vi.unstubAllEnvs();
  });

  const get = (authorization?: string) =>
    GET(new Request("http://app.test/api/metrics", { headers: authorization ? { authorization } : {} }));

  it("refuses a missing or wrong bearer token with 401", async () => {
    expect((await get()).status).toBe(401);
    expect((await get("Bearer not-the-token-at-all")).status).toBe(401);
  });

  it("serves the metrics to the right one", async () => {
    const response = await get(`Bearer ${TOKEN}`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toMatch(/^backoffice_database_gauges_up 1$/m);
    expect(text).toMatch(/^backoffice_process_cpu_seconds_total /m);
  });
});
