import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applications, callbackDeliveries, statusEvents, type NewApplication } from "@/drizzle/schema";
import { DAY_MS } from "@/lib/dates/utc";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@/test/databases";
import { applyStatusEvent } from "./apply-status-event";
import { maskExpiredCardData, runCardDataRetention } from "./card-retention";

const PAN = "4111111111111111";
const MASKED = "411111******1111";

const rawBody = (paymentId: string) =>
  `{"project_id":"p","general":{"payment_id":"${paymentId}","request_id":"r-${paymentId}"},` +
  `"status":{"status":"success"},"payment_info":{"amount":12345678901234,"updated_date":1764500000},\n` +
  `  "recipient_requisites":{"pan":"${PAN}","card_holder":"IVAN IVANOV"}}`;

describe.each(testDatabaseKinds())("card-number retention on %s", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await database?.drop();
  });

  const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS);

  /** An application with a full card number in every stored copy: requisites, display_data, one event, one delivery. */
  async function seed(paymentId: string, columns: Partial<NewApplication>): Promise<number> {
    const [app] = await database.db
      .insert(applications)
      .values({
        projectId: "p",
        paymentId,
        type: "payin",
        product: "p2p",
        integration: "h2h",
        amount: 12_345_678_901_234,
        currency: "KZT",
        requisites: { pan: PAN, card_holder: "IVAN IVANOV", bank_name: "Bank" },
        displayData: [
          { type: "text", title: "recipient_pan", data: "4111 1111 1111 1111" },
          { type: "number", title: "amount", data: 12_345_678_901_234 },
        ],
        ...columns,
      })
      .returning({ id: applications.id });
    const [delivery] = await database.db
      .insert(callbackDeliveries)
      .values({ rawBody: rawBody(paymentId), signatureVerified: true, outcome: "applied", paymentId, applicationId: app!.id })
      .returning({ id: callbackDeliveries.id });
    await database.db.insert(statusEvents).values({
      applicationId: app!.id,
      status: columns.status ?? "processing",
      source: "callback",
      idempotencyKey: `p:${paymentId}:${columns.status ?? "processing"}:`,
      payload: JSON.parse(rawBody(paymentId)) as unknown,
      callbackDeliveryId: delivery!.id,
    });
    return app!.id;
  }

  async function stored(id: number) {
    const [app] = await database.db.select().from(applications).where(eq(applications.id, id));
    const events = await database.db.select().from(statusEvents).where(eq(statusEvents.applicationId, id));
    const deliveries = await database.db.select().from(callbackDeliveries).where(eq(callbackDeliveries.applicationId, id));
    return { app: app!, events, deliveries };
  }

  function expectUnmasked(copies: Awaited<ReturnType<typeof stored>>, paymentId: string) {
    expect(copies.app.cardDataMaskedAt).toBeNull();
    expect(copies.app.requisites).toMatchObject({ pan: PAN });
    expect(JSON.stringify(copies.app.displayData)).toContain("4111 1111 1111 1111");
    expect(copies.events.map((e) => JSON.stringify(e.payload))).toEqual([expect.stringContaining(PAN)]);
    expect(copies.deliveries.map((d) => d.rawBody)).toEqual([rawBody(paymentId)]);
  }

  const expireLease = () => database.db.execute(sql`update job_leases set lease_until = now() - interval '1 second'`);

  let old: number;
  let oldByUpdatedAt: number;
  let recent: number;
  let notFinal: number;

  it("masks every stored copy of an application final for longer than the period, and only those", async () => {
    old = await seed("OLD", { status: "success", lastEventAt: daysAgo(31), updatedAt: daysAgo(1) });
    oldByUpdatedAt = await seed("OLD-UPD", { status: "decline", updatedAt: daysAgo(31) });
    recent = await seed("RECENT", { status: "success", lastEventAt: daysAgo(29), updatedAt: daysAgo(29) });
    notFinal = await seed("PENDING", { status: "processing", lastEventAt: daysAgo(60), updatedAt: daysAgo(60) });

    const counts = await maskExpiredCardData(database.db, 30);
    expect(counts).toEqual({ applications: 2, applicationRows: 2, statusEvents: 2, callbackDeliveries: 2, more: false });

    for (const [id, paymentId] of [
      [old, "OLD"],
      [oldByUpdatedAt, "OLD-UPD"],
    ] as const) {
      const { app, events, deliveries } = await stored(id);
      expect(app.cardDataMaskedAt).toBeInstanceOf(Date);
      expect(app.requisites).toEqual({ pan: MASKED, card_holder: "IVAN IVANOV", bank_name: "Bank" });
      expect(app.displayData).toEqual([
        { type: "text", title: "recipient_pan", data: MASKED },
        { type: "number", title: "amount", data: 12_345_678_901_234 },
      ]);
      expect(events[0]!.payload).toEqual({
        ...(JSON.parse(rawBody(paymentId)) as object),
        recipient_requisites: { pan: MASKED, card_holder: "IVAN IVANOV" },
      });
      // The raw body changes in the card number only: spacing and the 14-digit amount stay as received.
      expect(deliveries[0]!.rawBody).toBe(rawBody(paymentId).replace(PAN, MASKED));
    }
    // Masking is not a change of the application: its last-change time stays.
    expect((await stored(old)).app.updatedAt.getTime()).toBeLessThan(daysAgo(0.5).getTime());

    expectUnmasked(await stored(recent), "RECENT");
    expectUnmasked(await stored(notFinal), "PENDING");
  });

  it("changes nothing more when it runs again", async () => {
    const before = await Promise.all([old, oldByUpdatedAt, recent, notFinal].map(stored));
    expect(await maskExpiredCardData(database.db, 30)).toEqual({
      applications: 0,
      applicationRows: 0,
      statusEvents: 0,
      callbackDeliveries: 0,
      more: false,
    });
    expect(await Promise.all([old, oldByUpdatedAt, recent, notFinal].map(stored))).toEqual(before);
  });

  it("masks a copy that arrives after the application was masked", async () => {
    // HighHelp repeats the final alert (a duplicate, kept as a delivery), and a late intermediate report is recorded.
    const repeat = {
      kind: "success",
      remoteAddr: null,
      rawBody: rawBody("OLD"),
      signatureHeader: "sig",
      timestampHeader: null,
      merchantIdHeader: null,
      headers: {},
    };
    const again = await applyStatusEvent(database.db, {
      projectId: "p",
      paymentId: "OLD",
      status: "success",
      subStatus: null,
      statusDescription: null,
      source: "callback",
      payload: JSON.parse(rawBody("OLD")) as unknown,
      callbackDelivery: repeat,
    });
    expect(again.outcome).toBe("duplicate");
    expect((await stored(old)).app.cardDataMaskedAt).toBeNull();
    const late = await applyStatusEvent(database.db, {
      projectId: "p",
      paymentId: "OLD",
      status: "processing",
      subStatus: "requisites",
      statusDescription: null,
      source: "poll",
      payload: { recipient_requisites: { pan: PAN } },
    });
    expect(late.outcome).toBe("recorded");

    const counts = await maskExpiredCardData(database.db, 30);
    expect(counts).toMatchObject({ applications: 1, statusEvents: 1, callbackDeliveries: 1 });
    expect((await stored(old)).deliveries.map((d) => d.rawBody)).toEqual([
      rawBody("OLD").replace(PAN, MASKED),
      rawBody("OLD").replace(PAN, MASKED),
    ]);
    const events = (await stored(old)).events.map((e) => JSON.stringify(e.payload));
    expect(events).toHaveLength(2);
    expect(events.join()).not.toContain(PAN);
    expect((await stored(old)).app.cardDataMaskedAt).toBeInstanceOf(Date);
  });

  it("masks a raw body whose digits are written as escapes", async () => {
    const id = await seed("ESCAPED", { status: "success", lastEventAt: daysAgo(31) });
    const escaped = '{"recipient_requisites": {"pan": "\\u0034111111111111111"}}';
    await database.db.update(callbackDeliveries).set({ rawBody: escaped }).where(eq(callbackDeliveries.applicationId, id));
    await maskExpiredCardData(database.db, 30);
    expect((await stored(id)).deliveries.map((d) => d.rawBody)).toEqual([
      '{"recipient_requisites": {"pan": "411111******1111"}}',
    ]);
  });

  it("works in bounded batches", async () => {
    const ids = await Promise.all(["B1", "B2", "B3"].map((p) => seed(p, { status: "success", lastEventAt: daysAgo(40) })));
    const first = await maskExpiredCardData(database.db, 30, { batchSize: 1, maxBatches: 2 });
    expect(first).toMatchObject({ applications: 2, more: true });
    const second = await maskExpiredCardData(database.db, 30, { batchSize: 1, maxBatches: 2 });
    expect(second).toMatchObject({ applications: 1, more: false });
    for (const id of ids) expect((await stored(id)).app.cardDataMaskedAt).toBeInstanceOf(Date);
  });

  it("runs once per lease, whichever instance asks", async () => {
    await expireLease();
    const first = await seed("LEASE-1", { status: "success", lastEventAt: daysAgo(31) });
    await Promise.all([
      runCardDataRetention(database.db, { cardDataRetentionDays: 30 }),
      runCardDataRetention(database.db, { cardDataRetentionDays: 30 }),
    ]);
    expect((await stored(first)).app.cardDataMaskedAt).toBeInstanceOf(Date);

    const second = await seed("LEASE-2", { status: "success", lastEventAt: daysAgo(31) });
    await runCardDataRetention(database.db, { cardDataRetentionDays: 30 }); // lease still held: nothing runs
    expectUnmasked(await stored(second), "LEASE-2");
    await expireLease();
    await runCardDataRetention(database.db, { cardDataRetentionDays: 30 });
    expect((await stored(second)).app.cardDataMaskedAt).toBeInstanceOf(Date);
  });

  it("lets old deliveries be deleted: the rows that point at them keep going", async () => {
    const id = await seed("PURGE", { status: "success", lastEventAt: daysAgo(31) });
    const { deliveries } = await stored(id);
    await database.db.delete(callbackDeliveries).where(eq(callbackDeliveries.id, deliveries[0]!.id));
    const { events } = await stored(id);
    expect(events.map((e) => e.callbackDeliveryId)).toEqual([null]);

    const [orphan] = await database.db
      .insert(applications)
      .values({
        projectId: "p",
        paymentId: "GONE",
        type: "payin",
        product: "p2p",
        integration: "h2h",
        amount: 1,
        currency: "KZT",
      })
      .returning({ id: applications.id });
    const [delivery] = await database.db
      .insert(callbackDeliveries)
      .values({ rawBody: "{}", applicationId: orphan!.id })
      .returning({ id: callbackDeliveries.id });
    await database.db.delete(applications).where(eq(applications.id, orphan!.id));
    const [kept] = await database.db.select().from(callbackDeliveries).where(eq(callbackDeliveries.id, delivery!.id));
    expect(kept?.applicationId).toBeNull();
  });
});
