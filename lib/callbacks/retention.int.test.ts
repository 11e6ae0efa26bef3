import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callbackQuarantine } from "@/drizzle/schema";
import { claimJobLease } from "@/lib/reconcile/job-lease";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@/test/databases";
import { purgeQuarantine, runCallbackRetention } from "./retention";

describe.each(testDatabaseKinds())("callback quarantine retention on %s", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await database?.drop();
  });

  const row = (daysAgo: number) => ({
    receivedAt: new Date(Date.now() - daysAgo * 86_400_000),
    bodySha256: "0".repeat(64),
    bodyBytes: 0,
    bodyHead: "",
    reason: "bad_signature",
    message: "bad_signature",
  });
  const remaining = async () => (await database.db.select().from(callbackQuarantine)).length;

  it("purges rows older than the retention period and keeps the rest", async () => {
    await database.db.insert(callbackQuarantine).values([row(20), row(15), row(13), row(0)]);
    expect(await purgeQuarantine(database.db, 14)).toBe(2);
    expect(await remaining()).toBe(2);
  });

  it("runs the purge once per lease, whichever instance asks", async () => {
    await database.db.insert(callbackQuarantine).values([row(30)]);
    await Promise.all([
      runCallbackRetention(database.db, { quarantineRetentionDays: 14 }),
      runCallbackRetention(database.db, { quarantineRetentionDays: 14 }),
    ]);
    expect(await remaining()).toBe(2);
    await database.db.insert(callbackQuarantine).values([row(30)]);
    await runCallbackRetention(database.db, { quarantineRetentionDays: 14 }); // lease still held: nothing runs
    expect(await remaining()).toBe(3);
    await database.db.execute(sql`update job_leases set lease_until = now() - interval '1 second'`);
    await runCallbackRetention(database.db, { quarantineRetentionDays: 14 });
    expect(await remaining()).toBe(2);
  });

  it("grants a lease to one caller of many", async () => {
    const granted = await Promise.all(Array.from({ length: 8 }, () => claimJobLease(database.db, "test-job", 60)));
    expect(granted.filter(Boolean)).toHaveLength(1);
  });
});
