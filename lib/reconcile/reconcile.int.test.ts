import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { applications, auditLog, statusEvents } from "@/drizzle/schema";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@/test/databases";
import type { HighHelpClient, HighHelpResult, PaymentResponse } from "@/lib/highhelp";
import { logger } from "@/lib/server/logger";
import { createUser } from "@/lib/accounts/commands";
import { AppError } from "@/lib/server/errors";
import { claimDueApplications, reconcileNow, reconcileOnce } from "./reconcile";
import { ACTIVE_POLL_INTERVAL_SECONDS } from "./policy";

const PROJECT = "p-reconcile";

/** A gateway whose info answers come from `truth`; counts calls per payment_id. */
function fakeClient(truth: Map<string, PaymentResponse>, delayMs = 0) {
  const calls = new Map<string, number>();
  const info = async (body: { general: { payment_id: string } }): Promise<HighHelpResult<PaymentResponse>> => {
    const id = body.general.payment_id;
    calls.set(id, (calls.get(id) ?? 0) + 1);
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
    const data = truth.get(id);
    if (!data)
      return { ok: false, error: { kind: "http_4xx", endpoint: "p2pPayinInfo", status: 404, bodyText: "not found" } as never };
    return { ok: true, data, httpStatus: 200 };
  };
  const client = {
    p2pPayinInfo: info,
    p2pPayoutInfo: info,
    widgetPayinInfo: info,
    ecomPayinInfo: info,
  } as unknown as HighHelpClient;
  return { client, calls };
}

describe.each(testDatabaseKinds())("reconciliation on %s", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await database?.drop();
  });

  const past = new Date(Date.now() - 60_000);
  const hourAgo = new Date(Date.now() - 3_600_000);
  async function seed(paymentId: string, extra: Partial<typeof applications.$inferInsert> = {}) {
    const [row] = await database.db
      .insert(applications)
      .values({
        projectId: PROJECT,
        paymentId,
        type: "payin",
        product: "p2p",
        integration: "h2h",
        amount: 5_000,
        currency: "RUB",
        status: "processing",
        subStatus: "new",
        submission: "sent",
        nextPollAt: past,
        ...extra,
      })
      .returning();
    return row!;
  }

  it("brings an application whose callbacks never came to its true final state", async () => {
    const app = await seed("REC-1");
    const truth = new Map<string, PaymentResponse>([
      [
        "REC-1",
        {
          status: "success",
          sub_status: null,
          status_description: null,
          payment_id: "REC-1",
          payment_info: { amount: 4_900, old_amount: 5_000, initial_amount: 5_000, currency: "RUB", type: "payin" },
        },
      ],
    ]);
    const { client } = fakeClient(truth);
    expect(await reconcileOnce(database.db, client)).toBe(1);
    const [row] = await database.db.select().from(applications).where(eq(applications.id, app.id));
    expect(row).toMatchObject({ status: "success", amount: 4_900, oldAmount: 5_000, nextPollAt: null, pollLeaseUntil: null });
    const [event] = await database.db.select().from(statusEvents).where(eq(statusEvents.applicationId, app.id));
    expect(event?.source).toBe("poll");
  });

  it("backs off when info brings nothing new, and never polls final applications", async () => {
    const same = await seed("REC-2");
    await seed("REC-3", { status: "decline", subStatus: null });
    const truth = new Map<string, PaymentResponse>([["REC-2", { status: "processing", sub_status: "new", payment_id: "REC-2" }]]);
    const { client, calls } = fakeClient(truth);
    const now = new Date();
    await reconcileOnce(database.db, client, { now });
    expect(calls.get("REC-3")).toBeUndefined();
    const [row] = await database.db.select().from(applications).where(eq(applications.id, same.id));
    // First pass stores processing:new as news; the next brings nothing and backs off.
    await database.db.update(applications).set({ nextPollAt: past }).where(eq(applications.id, same.id));
    await reconcileOnce(database.db, client, { now });
    const [after] = await database.db.select().from(applications).where(eq(applications.id, same.id));
    expect(after!.pollAttempts).toBeGreaterThan(row!.pollAttempts);
    expect(after!.nextPollAt!.getTime()).toBeGreaterThan(now.getTime());
  });

  it("polls P2P payins without instructions every 15 s, as HighHelp recommends", async () => {
    const app = await seed("REC-4");
    const truth = new Map<string, PaymentResponse>([
      ["REC-4", { status: "processing", sub_status: "requisites", payment_id: "REC-4" }],
    ]);
    const now = new Date();
    await reconcileOnce(database.db, fakeClient(truth).client, { now });
    const [row] = await database.db.select().from(applications).where(eq(applications.id, app.id));
    expect(row!.nextPollAt!.getTime() - now.getTime()).toBe(15_000);
  });

  it("polls widget payins at the slow pace: they never get instructions", async () => {
    // Past its lifetime: within it, the pace would stay at a minute (below).
    const app = await seed("REC-WIDGET", { integration: "h2c", widgetMethod: "payin-p2p", createdAt: hourAgo });
    const truth = new Map<string, PaymentResponse>([
      ["REC-WIDGET", { status: "processing", sub_status: "paid", payment_id: "REC-WIDGET" }],
    ]);
    const { client } = fakeClient(truth);
    const now = new Date();
    await reconcileOnce(database.db, client, { now });
    const [afterNews] = await database.db.select().from(applications).where(eq(applications.id, app.id));
    expect(afterNews!.nextPollAt!.getTime() - now.getTime()).toBe(60_000);
    await database.db.update(applications).set({ nextPollAt: past }).where(eq(applications.id, app.id));
    await reconcileOnce(database.db, client, { now });
    const [afterNothing] = await database.db.select().from(applications).where(eq(applications.id, app.id));
    expect(afterNothing!.nextPollAt!.getTime() - now.getTime()).toBe(120_000);
  });

  it("backs off an application info does not know, and says so once", async () => {
    // An alert's H2H P2P payin without instructions: the fast pace would apply if info knew it.
    const app = await seed("REC-UNKNOWN", { submission: "external", createdAt: hourAgo });
    const { client, calls } = fakeClient(new Map());
    const warn = vi.spyOn(logger, "warn");
    const debug = vi.spyOn(logger, "debug");
    const mine = (spy: typeof warn) => spy.mock.calls.filter(([, fields]) => fields?.applicationId === app.id);
    const intervals: number[] = [];
    try {
      const now = new Date();
      for (let pass = 0; pass < 5; pass++) {
        await database.db.update(applications).set({ nextPollAt: past }).where(eq(applications.id, app.id));
        await reconcileOnce(database.db, client, { now, batch: 100 });
        const [row] = await database.db.select().from(applications).where(eq(applications.id, app.id));
        intervals.push(row!.nextPollAt!.getTime() - now.getTime());
      }
      expect(calls.get("REC-UNKNOWN")).toBe(5);
      expect(mine(warn)).toHaveLength(1);
      expect(mine(debug)).toHaveLength(4);
    } finally {
      warn.mockRestore();
      debug.mockRestore();
    }
    expect(intervals).toEqual([120_000, 240_000, 480_000, 900_000, 900_000]);
  });

  it("lets two instances never poll the same application at once", async () => {
    for (let i = 0; i < 30; i++) await seed(`REC-PAR-${i}`);
    const truth = new Map<string, PaymentResponse>();
    for (let i = 0; i < 30; i++)
      truth.set(`REC-PAR-${i}`, { status: "processing", sub_status: "paid", payment_id: `REC-PAR-${i}` });
    const { client, calls } = fakeClient(truth, 5);
    await Promise.all([
      reconcileOnce(database.db, client, { batch: 50 }),
      reconcileOnce(database.db, client, { batch: 50 }),
      reconcileOnce(database.db, client, { batch: 50 }),
    ]);
    const parallel = [...calls.entries()].filter(([id]) => id.startsWith("REC-PAR-"));
    expect(parallel).toHaveLength(30);
    expect(parallel.every(([, n]) => n === 1)).toBe(true);
  });

  it("does not claim an application another instance holds a lease on", async () => {
    await seed("REC-LEASED", { pollLeaseUntil: new Date(Date.now() + 60_000) });
    const claimed = await claimDueApplications(database.db, 100);
    expect(claimed.map((a) => a.paymentId)).not.toContain("REC-LEASED");
  });

  it("force reconcile asks info now in the actor's name: the event names them, a repeat changes nothing, both audited", async () => {
    const app = await seed("REC-NOW", { nextPollAt: new Date(Date.now() + 3_600_000) });
    const admin = await createUser(database.db, {
      email: "reconciler@example.kz",
      name: "Reconciler",
      role: "admin",
      password: "reconciler long password",
    });
    const actor = { userId: admin.id, email: admin.email };
    const truth = new Map<string, PaymentResponse>([["REC-NOW", { status: "success", sub_status: null, payment_id: "REC-NOW" }]]);
    const { client, calls } = fakeClient(truth);

    expect(await reconcileNow(database.db, client, app.id, actor, "all")).toMatchObject({
      outcome: "applied",
      status: "success",
    });
    expect(await reconcileNow(database.db, client, app.id, actor, "all")).toMatchObject({
      outcome: "duplicate",
      status: "success",
    });
    expect(calls.get("REC-NOW")).toBe(2);
    const events = await database.db.select().from(statusEvents).where(eq(statusEvents.applicationId, app.id));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ source: "poll", actorUserId: admin.id });
    const [audits] = await database.db
      .select({ n: count() })
      .from(auditLog)
      .where(and(eq(auditLog.action, "application.reconcile"), eq(auditLog.applicationId, app.id)));
    expect(audits!.n).toBe(2);

    const outside = await reconcileNow(database.db, client, app.id, actor, ["another-register"]).catch((e: unknown) => e);
    expect((outside as AppError).code).toBe("not_found:application");
  });

  it("polls a P2P payin within its lifetime at least every minute, however long nothing changes", async () => {
    const app = await seed("REC-LIVE", { integration: "h2c", widgetMethod: "payin-p2p", lifetime: 600 });
    const truth = new Map<string, PaymentResponse>([
      ["REC-LIVE", { status: "processing", sub_status: "paid", payment_id: "REC-LIVE" }],
    ]);
    const { client } = fakeClient(truth);
    const now = new Date();
    const intervals: number[] = [];
    for (let pass = 0; pass < 5; pass++) {
      await database.db.update(applications).set({ nextPollAt: past }).where(eq(applications.id, app.id));
      await reconcileOnce(database.db, client, { now, batch: 100 });
      const [row] = await database.db.select().from(applications).where(eq(applications.id, app.id));
      intervals.push(row!.nextPollAt!.getTime() - now.getTime());
    }
    expect(intervals.every((ms) => ms <= ACTIVE_POLL_INTERVAL_SECONDS * 1000)).toBe(true);
  });

  it("writes the `sent` entry of a create whose answer was lost once, when reconciliation learns it", async () => {
    const app = await seed("REC-LOST", { submission: "unknown", status: null, subStatus: null, type: "payout" });
    const truth = new Map<string, PaymentResponse>([
      ["REC-LOST", { status: "processing", sub_status: "new", payment_id: "REC-LOST" }],
    ]);
    const { client } = fakeClient(truth);
    await reconcileOnce(database.db, client, { batch: 100 });
    await database.db.update(applications).set({ nextPollAt: past }).where(eq(applications.id, app.id));
    await reconcileOnce(database.db, client, { batch: 100 });
    const [row] = await database.db.select().from(applications).where(eq(applications.id, app.id));
    expect(row!.submission).toBe("sent");
    const entries = await database.db.select().from(auditLog).where(eq(auditLog.applicationId, app.id));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: "payout.sent", actorEmail: "system", details: { learnedBy: "reconciliation" } });
  });
});
