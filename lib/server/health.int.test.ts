import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@/test/databases";
import { openDatabase, type DatabaseHandle } from "./db-open";
import { BUILD_MIGRATIONS, checkReadiness, livenessResponse, pendingMigrations, readinessResponse } from "./health";

/*
 * /api/health/live and /api/health/ready's logic: ready only when the database answers, every migration
 * of this build is applied and a cash register with a usable alert key is loaded.
 */

const ONE_REGISTER = async () => [{ name: "KZT", usableAlertKeys: 1 }];

describe("liveness", () => {
  it("answers 200 without touching anything", async () => {
    const response = livenessResponse();
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ status: "ok" });
  });
});

describe("readiness on a database without migrations", () => {
  let fresh: DatabaseHandle;
  beforeAll(async () => {
    fresh = await openDatabase({ kind: "pglite", dir: null }, { migrate: false });
  });
  afterAll(async () => {
    await fresh?.close();
  });

  it("finds every migration of the build pending", async () => {
    expect(await pendingMigrations(fresh.db)).toEqual(BUILD_MIGRATIONS);
  });

  it("answers 503 naming the schema", async () => {
    const response = await readinessResponse({ database: async () => fresh, registers: ONE_REGISTER });
    expect(response.status).toBe(503);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({
      error: "unavailable:not_ready",
      message: "Not ready: schema.",
      failing: [
        {
          check: "schema",
          ok: false,
          message: `${BUILD_MIGRATIONS.length} migration(s) not applied, the first ${BUILD_MIGRATIONS[0]!.tag}: run npm run db:migrate (the release step).`,
        },
      ],
    });
  });
});

describe.each(testDatabaseKinds())("readiness on a migrated %s database", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("answers 200 with every check passed", async () => {
    const response = await readinessResponse({ database: async () => database, registers: ONE_REGISTER });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: "ready",
      checks: [
        { check: "database", ok: true },
        { check: "schema", ok: true },
        { check: "registers", ok: true },
      ],
    });
  });

  it("is not ready when this build has a migration the database lacks (an instance newer than the schema)", async () => {
    const newer = [...BUILD_MIGRATIONS, { tag: "9999_from_the_future", when: BUILD_MIGRATIONS.at(-1)!.when + 1 }];
    const readiness = await checkReadiness({
      database: async () => database,
      registers: ONE_REGISTER,
      expectedMigrations: newer,
    });
    expect(readiness.ready).toBe(false);
    expect(readiness.checks.find((c) => c.check === "schema")).toEqual({
      check: "schema",
      ok: false,
      message: "1 migration(s) not applied, the first 9999_from_the_future: run npm run db:migrate (the release step).",
    });
  });

  it("is ready when the database is ahead of this build (an older instance during a rolling deploy)", async () => {
    const older = BUILD_MIGRATIONS.slice(0, -1);
    expect(await pendingMigrations(database.db, older)).toEqual([]);
  });

  it("is not ready without a cash register, or when none has a usable alert key, or when they do not load", async () => {
    const registersCheck = async (registers: () => Promise<readonly { name: string; usableAlertKeys: number }[]>) =>
      (await checkReadiness({ database: async () => database, registers })).checks.find((c) => c.check === "registers");
    expect(await registersCheck(async () => [])).toEqual({
      check: "registers",
      ok: false,
      message: "No cash register is loaded.",
    });
    expect(await registersCheck(async () => [{ name: "KZT", usableAlertKeys: 0 }])).toEqual({
      check: "registers",
      ok: false,
      message: "No cash register has an alert key that verifies now.",
    });
    expect(
      await registersCheck(async () => [
        { name: "KZT", usableAlertKeys: 0 },
        { name: "KGS", usableAlertKeys: 2 },
      ]),
    ).toEqual({ check: "registers", ok: true });
    expect(
      await registersCheck(async () => {
        throw new Error("cannot open the stored keys");
      }),
    ).toEqual({ check: "registers", ok: false, message: "The cash registers could not be loaded." });
  });
});

describe("readiness without a database", () => {
  it("answers 503 naming the database and the schema it could not check", async () => {
    const response = await readinessResponse({
      database: async () => {
        throw new Error("connect ECONNREFUSED 10.0.0.5:5432");
      },
      registers: ONE_REGISTER,
    });
    expect(response.status).toBe(503);
    const body = (await response.json()) as { message: string; failing: { check: string; message: string }[] };
    expect(body.message).toBe("Not ready: database, schema.");
    expect(body.failing.map((c) => c.check)).toEqual(["database", "schema"]);
    // The route is public: no connection details.
    expect(JSON.stringify(body)).not.toMatch(/10\.0\.0\.5|ECONNREFUSED/);
  });
});
