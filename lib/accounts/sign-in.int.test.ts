import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { auditLog, signInThrottle } from "@/drizzle/schema";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@/test/databases";
import { createUser, resetPassword } from "./commands";
import { verifyPassword } from "./password";
import {
  accountDelaySeconds,
  accountKey,
  addressKey,
  attemptSignIn,
  MAX_FAILURES_PER_ACCOUNT,
  MAX_FAILURES_PER_ADDRESS,
  type SignInResult,
} from "./sign-in";

// Counts password checks: a refused attempt must be refused before its password is looked at.
vi.mock("./password", async (importOriginal) => {
  const real = await importOriginal<typeof import("./password")>();
  return { ...real, verifyPassword: vi.fn(real.verifyPassword) };
});
const checks = () => vi.mocked(verifyPassword).mock.calls.length;

/*
 * The throttle under concurrency and over time: however many attempts arrive at once, no more than
 * the limit get their password checked; the account then waits (a delay, not a lockout), another
 * account is not affected, and the waits are measured on the database's clock.
 */

const CONCURRENT = 50;

describe("accountDelaySeconds", () => {
  it("is free for the first failures, then 1 minute doubling up to 30 minutes (reached by the 10th failure)", () => {
    expect([0, 4, 5, 6, 7, 8, 9, 10, 11, 40].map(accountDelaySeconds)).toEqual([0, 0, 60, 120, 240, 480, 960, 1800, 1800, 1800]);
  });
});

describe.each(testDatabaseKinds())("sign-in throttle on %s", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(async () => database?.drop());
  beforeEach(() => {
    vi.mocked(verifyPassword).mockClear();
  });

  const entries = async (action: string, email: string) =>
    database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, action), eq(auditLog.actorEmail, email)));
  const counter = async (key: string) => (await database.db.select().from(signInThrottle).where(eq(signInThrottle.key, key)))[0];
  /** Moves a counter's clock back, as if its last attempt (or its window) were `seconds` older. */
  const age = (key: string, seconds: number) =>
    database.db
      .update(signInThrottle)
      .set({
        lastFailureAt: sql`${signInThrottle.lastFailureAt} - make_interval(secs => ${seconds})`,
        windowStartedAt: sql`${signInThrottle.windowStartedAt} - make_interval(secs => ${seconds})`,
      })
      .where(eq(signInThrottle.key, key));
  const tally = (results: SignInResult[]) => {
    const all = results.map((r) => (r.ok ? "ok" : r.reason));
    return {
      invalid: all.filter((r) => r === "invalid").length,
      throttled: all.filter((r) => r === "throttled").length,
      ok: all.filter((r) => r === "ok").length,
    };
  };
  const account = (email: string, password: string) => createUser(database.db, { email, name: email, role: "viewer", password });

  it(`checks at most ${MAX_FAILURES_PER_ACCOUNT} of ${CONCURRENT} concurrent wrong passwords; the right one then waits; others are unaffected`, async () => {
    const email = "burst@backoffice.test";
    await account(email, "burst long password");
    await account("bystander@backoffice.test", "bystander long password");
    vi.mocked(verifyPassword).mockClear();
    // Each from its own address, so only the account's limit applies.
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
    expect(checks()).toBe(MAX_FAILURES_PER_ACCOUNT);
    // Refusals are counted, and only the first is audited.
    expect(await counter(accountKey(email))).toMatchObject({
      failures: MAX_FAILURES_PER_ACCOUNT,
      refused: CONCURRENT - MAX_FAILURES_PER_ACCOUNT,
    });
    expect(await entries("auth.sign_in_failed", email)).toHaveLength(MAX_FAILURES_PER_ACCOUNT);
    expect(await entries("auth.sign_in_throttled", email)).toHaveLength(1);

    // The right password during the wait: refused without a check, told how long to wait.
    const during = await attemptSignIn(database.db, email, "burst long password", { ip: "192.0.2.200", userAgent: "vitest" });
    expect(during).toMatchObject({ ok: false, reason: "throttled" });
    expect((during as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(0);
    expect((during as { retryAfterSeconds: number }).retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(checks()).toBe(MAX_FAILURES_PER_ACCOUNT);
    expect(await entries("auth.sign_in_throttled", email)).toHaveLength(1);

    // Another account is not affected, from an address the burst used too.
    expect(
      await attemptSignIn(database.db, "bystander@backoffice.test", "bystander long password", {
        ip: "192.0.2.1",
        userAgent: "vitest",
      }),
    ).toMatchObject({ ok: true });

    // Once the wait is over the right password gets in; its entry says how many attempts were refused meanwhile.
    await age(accountKey(email), 61);
    expect(
      await attemptSignIn(database.db, email, "burst long password", { ip: "192.0.2.200", userAgent: "vitest" }),
    ).toMatchObject({ ok: true });
    expect(await counter(accountKey(email))).toBeUndefined();
    const [signedIn] = await entries("auth.sign_in", email);
    expect(signedIn?.details).toEqual({
      refusedSinceLastAttempt: { account: CONCURRENT - MAX_FAILURES_PER_ACCOUNT + 1, address: 0 },
    });
  });

  it("lets exactly one of many concurrent attempts through when one free attempt is left", async () => {
    const email = "race@backoffice.test";
    await account(email, "race long password");
    const client = (i: number) => ({ ip: `198.51.100.${i + 1}`, userAgent: "vitest" });
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT - 1; i++)
      expect(await attemptSignIn(database.db, email, `wrong ${i}`, client(i))).toEqual({ ok: false, reason: "invalid" });
    vi.mocked(verifyPassword).mockClear();
    const results = await Promise.all(
      Array.from({ length: CONCURRENT }, (_, i) => attemptSignIn(database.db, email, `late wrong ${i}`, client(100 + i))),
    );
    expect(tally(results)).toEqual({ invalid: 1, throttled: CONCURRENT - 1, ok: 0 });
    expect(checks()).toBe(1);
  });

  it("lengthens the wait with every checked failure, never with a refused attempt", async () => {
    const email = "slow@backoffice.test";
    await account(email, "slow long password");
    const client = { ip: null, userAgent: "vitest" };
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) await attemptSignIn(database.db, email, `wrong ${i}`, client);
    await age(accountKey(email), 61);
    expect(await attemptSignIn(database.db, email, "wrong again", client)).toEqual({ ok: false, reason: "invalid" });
    // Six failures: two minutes from the last one. Refused attempts meanwhile change nothing.
    await age(accountKey(email), 61);
    for (let i = 0; i < 3; i++) {
      const refused = await attemptSignIn(database.db, email, "slow long password", client);
      expect(refused).toMatchObject({ reason: "throttled" });
      expect((refused as { retryAfterSeconds: number }).retryAfterSeconds).toBeLessThanOrEqual(59);
    }
    expect(await counter(accountKey(email))).toMatchObject({ failures: MAX_FAILURES_PER_ACCOUNT + 1, refused: 3 });
    await age(accountKey(email), 60);
    expect(await attemptSignIn(database.db, email, "slow long password", client)).toMatchObject({ ok: true });
  });

  it(`checks at most ${MAX_FAILURES_PER_ADDRESS} concurrent attempts from one address, and none is limited by an unknown address`, async () => {
    const ip = "203.0.113.99";
    vi.mocked(verifyPassword).mockClear();
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
    expect(checks()).toBe(MAX_FAILURES_PER_ADDRESS);
    expect(await counter(addressKey(ip))).toMatchObject({
      failures: MAX_FAILURES_PER_ADDRESS,
      refused: CONCURRENT - MAX_FAILURES_PER_ADDRESS,
    });
    // The refused accounts were not charged a failure.
    const charged = await database.db
      .select()
      .from(signInThrottle)
      .where(sql`${signInThrottle.key} like 'account:spray-%' and ${signInThrottle.failures} > 0`);
    expect(charged).toHaveLength(MAX_FAILURES_PER_ADDRESS);
    // Without a trusted address there is no shared bucket to fill: each account keeps its own limit only.
    const unknown = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        attemptSignIn(database.db, `unknown-${i}@backoffice.test`, "guess", { ip: null, userAgent: "vitest" }),
      ),
    );
    expect(tally(unknown)).toEqual({ invalid: 30, throttled: 0, ok: 0 });
    // The address's window ends on time.
    await age(addressKey(ip), 15 * 60);
    expect(await attemptSignIn(database.db, "spray-late@backoffice.test", "guess", { ip, userAgent: "vitest" })).toEqual({
      ok: false,
      reason: "invalid",
    });
  });

  it("measures on the database's clock, and forgets an account's failures after a day without one", async () => {
    const email = "stale@backoffice.test";
    await account(email, "stale long password");
    const client = { ip: null, userAgent: null };
    const failedLongAgo = (hours: number) =>
      database.db
        .insert(signInThrottle)
        .values({ key: accountKey(email), failures: 12, lastFailureAt: sql`now() - make_interval(hours => ${hours})` })
        .onConflictDoUpdate({
          target: signInThrottle.key,
          set: { failures: 12, lastFailureAt: sql`now() - make_interval(hours => ${hours})` },
        });
    // 23 hours ago: the wait is long over, but the streak goes on: one more failure means 30 minutes.
    await failedLongAgo(23);
    expect(await attemptSignIn(database.db, email, "wrong", client)).toEqual({ ok: false, reason: "invalid" });
    const refused = await attemptSignIn(database.db, email, "stale long password", client);
    expect(refused).toMatchObject({ reason: "throttled" });
    expect((refused as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(29 * 60);
    // 25 hours ago: forgotten, a failure is a first one again.
    await failedLongAgo(25);
    expect(await attemptSignIn(database.db, email, "wrong", client)).toEqual({ ok: false, reason: "invalid" });
    expect(await attemptSignIn(database.db, email, "stale long password", client)).toMatchObject({ ok: true });
  });

  it("an admin's password reset clears the account's wait", async () => {
    const user = await account("reset@backoffice.test", "reset long password");
    const client = { ip: null, userAgent: null };
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT + 1; i++)
      await attemptSignIn(database.db, "reset@backoffice.test", `wrong ${i}`, client);
    const oneTime = await resetPassword(database.db, user.id, { userId: null, email: "admin@backoffice.test" });
    expect(await attemptSignIn(database.db, "RESET@backoffice.test", oneTime, client)).toMatchObject({ ok: true });
  });
});
