import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applications, callbackDeliveries, statusEvents } from "@/drizzle/schema";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@/test/databases";
import type { Status } from "@/lib/highhelp";
import { INTEGRATIONS, PRODUCTS } from "@/lib/highhelp/status";
import { nextPollAfterEvent } from "@/lib/reconcile/policy";
import { applyStatusEvent, type StatusEventInput } from "./apply-status-event";

const PROJECT = "5a4db0c5-7e57-4b0c-8a11-000000000001";
let counter = 0;

function event(
  paymentId: string,
  status: Status,
  subStatus: string | null,
  extra: Partial<StatusEventInput> = {},
): StatusEventInput {
  return {
    projectId: PROJECT,
    paymentId,
    requestId: "req-1",
    status,
    subStatus,
    statusDescription: null,
    source: "callback",
    paymentInfo: {
      amount: 10_000,
      old_amount: 10_000,
      initial_amount: 10_000,
      currency: "KZT",
      type: "payin",
      method: "card-p2p",
    },
    payload: { n: ++counter },
    ...extra,
  };
}

function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe.each(testDatabaseKinds())("applyStatusEvent on %s", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await database?.drop();
  });

  async function app(paymentId: string) {
    const [row] = await database.db.select().from(applications).where(eq(applications.paymentId, paymentId));
    return row!;
  }
  async function history(applicationId: number) {
    return database.db
      .select()
      .from(statusEvents)
      .where(eq(statusEvents.applicationId, applicationId))
      .orderBy(asc(statusEvents.id));
  }

  it("creates an application it did not make from the alert's data", async () => {
    const result = await applyStatusEvent(database.db, event("EXT-1", "processing", "new"));
    expect(result).toMatchObject({ outcome: "applied", created: true, status: "processing", subStatus: "new" });
    expect(await app("EXT-1")).toMatchObject({
      type: "payin",
      product: "p2p",
      integration: "h2h",
      amount: 10_000,
      currency: "KZT",
      submission: "external",
    });
  });

  it("turns 50 concurrent deliveries of one alert into one event and one state change", async () => {
    await applyStatusEvent(database.db, event("DUP-1", "processing", "new"));
    const alert = event("DUP-1", "processing", "awaiting_confirm");
    const results = await Promise.all(Array.from({ length: 50 }, () => applyStatusEvent(database.db, alert)));
    expect(results.filter((r) => r.outcome === "applied")).toHaveLength(1);
    expect(results.filter((r) => r.outcome === "duplicate")).toHaveLength(49);
    const row = await app("DUP-1");
    expect(row.subStatus).toBe("awaiting_confirm");
    const events = await history(row.id);
    expect(events.map((e) => `${e.status}:${e.subStatus}`)).toEqual(["processing:new", "processing:awaiting_confirm"]);
  });

  it("handles 50 concurrent first alerts for an unknown application: one row, one event", async () => {
    const alert = event("DUP-NEW", "processing", "requisites");
    const results = await Promise.all(Array.from({ length: 50 }, () => applyStatusEvent(database.db, alert)));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(results.filter((r) => r.outcome === "applied")).toHaveLength(1);
    const rows = await database.db.select().from(applications).where(eq(applications.paymentId, "DUP-NEW"));
    expect(rows).toHaveLength(1);
    expect(await history(rows[0]!.id)).toHaveLength(1);
  });

  it("ends shuffled deliveries, including a late intermediate after success, in the right final state with the full history", async () => {
    for (let seed = 1; seed <= 5; seed++) {
      const id = `ORD-SHUF-${seed}`;
      const flow = [
        event(id, "processing", "new"),
        event(id, "processing", "requisites"),
        event(id, "processing", "awaiting_confirm", {
          displayData: [
            { type: "add_info", title: "recipient_pan", data: "4850788018041726" },
            { type: "add_info", title: "valid_until", data: 1_900_000_000 },
          ],
        }),
        event(id, "processing", "paid"),
        event(id, "success", null, {
          paymentInfo: { amount: 9_000, old_amount: 10_000, initial_amount: 10_000, currency: "KZT", type: "payin" },
        }),
      ];
      for (const e of shuffled(flow, seed)) await applyStatusEvent(database.db, e);
      const row = await app(id);
      expect(row.status).toBe("success");
      expect(row.subStatus).toBeNull();
      expect(row.amount).toBe(9_000);
      expect(row.oldAmount).toBe(10_000);
      expect(row.displayData).not.toBeNull(); // instructions kept even when they arrived late
      expect(row.nextPollAt).toBeNull();
      const events = await history(row.id);
      expect(events).toHaveLength(5);
      expect(new Set(events.map((e) => `${e.status}:${e.subStatus ?? ""}`))).toEqual(
        new Set(["processing:new", "processing:requisites", "processing:awaiting_confirm", "processing:paid", "success:"]),
      );
    }
  });

  it("never overwrites a final status, and keeps the conflicting event as history only", async () => {
    await applyStatusEvent(database.db, event("FIN-1", "decline", null, { statusDescription: "Canceled by client" }));
    const late = await applyStatusEvent(database.db, event("FIN-1", "success", null));
    expect(late.outcome).toBe("recorded");
    const row = await app("FIN-1");
    expect(row).toMatchObject({ status: "decline", statusDescription: "Canceled by client" });
    const events = await history(row.id);
    expect(events.map((e) => [e.status, e.applied])).toEqual([
      ["decline", true],
      ["success", false],
    ]);
  });

  it("orders by HighHelp's updated_date when the events carry it", async () => {
    const info = (updated: number) => ({ amount: 500, currency: "KGS", type: "payout", updated_date: updated });
    await applyStatusEvent(database.db, event("PO-1", "dispute", "payout_failed", { paymentInfo: info(2_000) }));
    const older = await applyStatusEvent(
      database.db,
      event("PO-1", "processing", "payout_process", { paymentInfo: info(1_000) }),
    );
    expect(older.outcome).toBe("recorded");
    expect((await app("PO-1")).subStatus).toBe("payout_failed");
  });

  it("stores the event's source, payload and amounts in the history", async () => {
    await applyStatusEvent(database.db, event("SRC-1", "processing", "new", { source: "poll", payload: { raw: true } }));
    const [stored] = await history((await app("SRC-1")).id);
    expect(stored).toMatchObject({
      source: "poll",
      payload: { raw: true },
      amount: 10_000,
      idempotencyKey: `${PROJECT}:SRC-1:processing:new`,
    });
  });

  it("refuses an alert for an unknown application that lacks its amount, and stores nothing", async () => {
    await expect(
      applyStatusEvent(database.db, event("BAD-1", "processing", "new", { paymentInfo: { currency: "KZT" } })),
    ).rejects.toThrow(/Unknown application/);
    expect(await database.db.select().from(applications).where(eq(applications.paymentId, "BAD-1"))).toHaveLength(0);
  });

  it("lets a late event fill what the application lacks without moving its status", async () => {
    await applyStatusEvent(database.db, event("LATE-1", "processing", "awaiting_confirm", { requestId: null }));
    const late = await applyStatusEvent(
      database.db,
      event("LATE-1", "processing", "requisites", {
        requestId: "req-late",
        displayData: [{ type: "text", title: "card_number", data: "4400 4300 1234 5678", name: "Card" }],
        requisites: { card_number: "4400430012345678" },
        senderPanHidden: "440043******5678",
      }),
    );
    expect(late.outcome).toBe("recorded");
    const row = await app("LATE-1");
    expect(row.subStatus).toBe("awaiting_confirm");
    expect(row.requestId).toBe("req-late");
    expect(row.displayData).toEqual([{ type: "text", title: "card_number", data: "4400 4300 1234 5678", name: "Card" }]);
    expect(row.requisites).toEqual({ card_number: "4400430012345678" });
    expect([row.senderPanMasked, row.cardLast4]).toEqual(["440043******5678", "5678"]);
  });

  it("takes the newest instructions and amounts from an applied event but keeps a redirect URL it already has", async () => {
    await applyStatusEvent(database.db, event("NEW-1", "processing", "new", { redirectUrl: "https://first.example/back" }));
    const applied = await applyStatusEvent(
      database.db,
      event("NEW-1", "processing", "requisites", {
        redirectUrl: "https://second.example/back",
        formUrl: "https://pay.example/form",
        displayData: [{ type: "date", title: "valid_until", data: 1_900_000_000 }],
        paymentInfo: { amount: 12_345, currency: "KZT", method: "card-p2p", payment_system: "visa", lifetime: 900 },
      }),
    );
    expect(applied).toMatchObject({ outcome: "applied", status: "processing", subStatus: "requisites", created: false });
    const row = await app("NEW-1");
    expect(row.redirectUrl).toBe("https://first.example/back");
    expect(row.formUrl).toBe("https://pay.example/form");
    expect(row.amount).toBe(12_345);
    expect([row.paymentSystem, row.lifetime]).toEqual(["visa", 900]);
    expect(row.expiresAt?.toISOString()).toBe(new Date(1_900_000_000_000).toISOString());
  });

  it("stores a callback's verified delivery with its outcome in the same statement, and a repeat as a duplicate", async () => {
    const delivery = {
      kind: "intermediate",
      remoteAddr: "203.0.113.9",
      rawBody: '{"n":1}',
      signatureHeader: "sig",
      timestampHeader: "1800000000",
      merchantIdHeader: null,
      headers: { "content-type": "application/json" },
    };
    const first = await applyStatusEvent(database.db, event("DLV-1", "processing", "new", { callbackDelivery: delivery }));
    const again = await applyStatusEvent(database.db, event("DLV-1", "processing", "new", { callbackDelivery: delivery }));
    expect([first.outcome, again.outcome]).toEqual(["applied", "duplicate"]);
    const deliveries = await database.db
      .select()
      .from(callbackDeliveries)
      .where(eq(callbackDeliveries.paymentId, "DLV-1"))
      .orderBy(asc(callbackDeliveries.id));
    expect(deliveries.map((d) => [d.outcome, d.applicationId, d.signatureVerified, d.rawBody])).toEqual([
      ["applied", first.applicationId, true, '{"n":1}'],
      ["duplicate", first.applicationId, true, '{"n":1}'],
    ]);
    const events = await database.db.select().from(statusEvents).where(eq(statusEvents.applicationId, first.applicationId));
    expect(events.map((e) => e.callbackDeliveryId)).toEqual([deliveries[0]!.id]);
  });

  it("schedules the next poll exactly as the polling policy says, for every kind of application", async () => {
    const now = new Date("2026-06-01T10:00:00.000Z");
    let n = 0;
    for (const type of ["payin", "payout"] as const) {
      for (const product of PRODUCTS) {
        for (const integration of INTEGRATIONS) {
          for (const withInstructions of [false, true]) {
            for (const [status, subStatus] of [
              ["processing", "new"],
              ["success", null],
            ] as const) {
              const paymentId = `POLL-${++n}`;
              await applyStatusEvent(
                database.db,
                event(paymentId, status, subStatus, {
                  paymentInfo: {
                    amount: 500,
                    currency: "KZT",
                    type,
                    method: product === "ecom" ? "card-ecom" : "card-p2p",
                    ...(integration === "h2c"
                      ? { widget_method: product === "ecom" ? "payin-ecom-card" : "payin-p2p-card" }
                      : {}),
                  },
                  displayData: withInstructions ? [{ type: "text", title: "card_number", data: "4400 **** **** 5678" }] : null,
                }),
                now,
              );
              const row = await app(paymentId);
              expect([row.type, row.product, row.integration]).toEqual([type, product, integration]);
              const expected = nextPollAfterEvent({ type, product, integration, status, hasInstructions: withInstructions }, now);
              expect({ nextPollAt: row.nextPollAt, pollAttempts: row.pollAttempts }).toEqual(expected);
            }
          }
        }
      }
    }
  });
});
