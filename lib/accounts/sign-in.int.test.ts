import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "@/drizzle/schema";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@/test/databases";
import {
  attemptSignIn,
  MAX_FAILURES_PER_ACCOUNT,
  MAX_FAILURES_PER_ADDRESS,
  THROTTLE_WINDOW_MINUTES,
  type SignInResult,
} from "./sign-in";
import { createUser } from "./commands";

/*
 * The throttle under concurrency: however many attempts arrive at once, an account (or an address)
 * gets at most its quota of "wrong password" answers in the window, and nothing after them gets in.
 */

const CONCURRENT = 50;

describe.each(testDatabaseKinds())("sign-in throttle under concurrent attempts on %s", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(async () => database?.drop());

  const failuresOnRecord = async (column: "actorEmail" | "ipAddress", value: string) =>
    (
      await database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, "auth.sign_in_failed"), eq(auditLog[column], value)))
    ).length;
  const reasons = (results: SignInResult[]) => results.map((r) => (r.ok ? "ok" : r.reason));
  const tally = (results: SignInResult[]) => {
    const all = reasons(results);
    return {
      invalid: all.filter((r) => r === "invalid").length,
      throttled: all.filter((r) => r === "throttled").length,
      ok: all.filter((r) => r === "ok").length,
    };
  };

  it(`answers at most ${MAX_FAILURES_PER_ACCOUNT} of ${CONCURRENT} concurrent wrong passwords, then refuses the right one`, async () => {
    const email = "burst@backoffice.test";
    await createUser(database.db, { email, name: "Burst", role: "viewer", password: "burst long password" });
    // Each from its own address, so only the account limit applies.
    const results = await Promise.all(
      Array.from({ length: CONCURRENT }, (_, i) =>
        attemptSignIn(database.db, email, `wrong ${i}`, { ip: `192.0.2.${i + 1}`, userAgent: "vitest" }),
      ),
    );
    expect(tally(results)).toEqual({
      invalid: MAX_FAILURES_PER_ACCOUNT,
      throttled: CONCURRENT - MAX_FAILURES_PER_ACCOUNT,
      ok: 0,
    });
    expect(await failuresOnRecord("actorEmail", email)).toBe(MAX_FAILURES_PER_ACCOUNT);
    expect(
      await attemptSignIn(database.db, email, "burst long password", { ip: "192.0.2.200", userAgent: "vitest" }),
    ).toMatchObject({
      ok: false,
      reason: "throttled",
    });
  });

  it("lets no sixth attempt through when it races the last allowed failures, right password included", async () => {
    const email = "race@backoffice.test";
    await createUser(database.db, { email, name: "Race", role: "viewer", password: "race long password" });
    const client = (i: number) => ({ ip: `198.51.100.${i + 1}`, userAgent: "vitest" });
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT - 1; i++)
      expect(await attemptSignIn(database.db, email, `wrong ${i}`, client(i))).toEqual({ ok: false, reason: "invalid" });
    // One attempt is left: the right password races many wrong ones. Whichever is decided first
    // takes the last slot; every other attempt is refused, and the failure count stays at the limit.
    const attempts = Array.from({ length: CONCURRENT }, (_, i) =>
      i === CONCURRENT / 2 ? "race long password" : `late wrong ${i}`,
    );
    const results = await Promise.all(
      attempts.map((password, i) => attemptSignIn(database.db, email, password, client(100 + i))),
    );
    const { invalid, ok, throttled } = tally(results);
    expect(invalid + ok).toBe(1);
    expect(throttled).toBe(CONCURRENT - 1);
    expect(await failuresOnRecord("actorEmail", email)).toBe(MAX_FAILURES_PER_ACCOUNT - 1 + invalid);
    if (ok === 0) {
      expect(await attemptSignIn(database.db, email, "race long password", client(250))).toMatchObject({
        ok: false,
        reason: "throttled",
      });
    }
  });

  it(`holds the per-address limit of ${MAX_FAILURES_PER_ADDRESS} across concurrent attempts on many accounts`, async () => {
    const ip = "203.0.113.99";
    const results = await Promise.all(
      Array.from({ length: CONCURRENT }, (_, i) =>
        attemptSignIn(database.db, `spray-${i}@backoffice.test`, "guess", { ip, userAgent: "vitest" }),
      ),
    );
    expect(tally(results)).toEqual({
      invalid: MAX_FAILURES_PER_ADDRESS,
      throttled: CONCURRENT - MAX_FAILURES_PER_ADDRESS,
      ok: 0,
    });
    expect(await failuresOnRecord("ipAddress", ip)).toBe(MAX_FAILURES_PER_ADDRESS);
  });

  it("measures the window on the database's clock, the one that stamps the failures", async () => {
    const failedAgo = async (email: string, seconds: number) => {
      for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) {
        await database.db.insert(auditLog).values({
          actorEmail: email,
          action: "auth.sign_in_failed",
          targetType: "user",
          at: sql`now() - make_interval(secs => ${seconds})`,
        });
      }
    };
    const window = THROTTLE_WINDOW_MINUTES * 60;
    await createUser(database.db, {
      email: "inside@backoffice.test",
      name: "In",
      role: "viewer",
      password: "inside long password",
    });
    await createUser(database.db, {
      email: "outside@backoffice.test",
      name: "Out",
      role: "viewer",
      password: "outside long password",
    });
    await failedAgo("inside@backoffice.test", window - 60);
    await failedAgo("outside@backoffice.test", window + 1);
    const client = { ip: null, userAgent: null };
    expect(await attemptSignIn(database.db, "inside@backoffice.test", "inside long password", client)).toMatchObject({
      ok: false,
      reason: "throttled",
    });
    expect(await attemptSignIn(database.db, "outside@backoffice.test", "outside long password", client)).toMatchObject({
      ok: true,
    });
  });
});
