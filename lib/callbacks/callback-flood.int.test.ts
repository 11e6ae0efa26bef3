import crypto from "node:crypto";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applications, callbackDeliveries, callbackQuarantine, statusEvents } from "@/drizzle/schema";
import { DEFAULT_SIGNATURE_PROFILE, prepareVerificationKey, signAlert } from "@/lib/highhelp";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@/test/databases";
import { payinAlertBody } from "@/test/highhelp/samples";
import { QuarantineGate } from "./quarantine";
import { handleCallbackRequest, type CallbackContext } from "./receive-callback";

const PROJECT = "57aff4db-b45d-42bf-bc5f-b7a499a01782";
const alertPair = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
const otherPair = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
const FLOOD = 10_000;
const BATCH = 250;
const CAPS = { perMinute: 300, perDay: 5_000 };

function request(body: unknown, key: crypto.KeyObject | null): Request {
  const timestamp = Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = key
    ? signAlert({ body, timestamp, key: { kind: "rsa", privateKey: key }, merchantId: PROJECT }).headers
    : { "content-type": "application/json", "x-access-timestamp": String(timestamp) };
  return new Request("http://app.test/api/highhelp/callback/success", { method: "POST", headers, body: JSON.stringify(body) });
}

describe.each(testDatabaseKinds())("a flood of refused callbacks on %s", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await database?.drop();
  });

  async function sizes() {
    const [apps] = await database.db.select({ n: count() }).from(applications);
    const [events] = await database.db.select({ n: count() }).from(statusEvents);
    const [deliveries] = await database.db.select({ n: count() }).from(callbackDeliveries);
    const [quarantined] = await database.db.select({ n: count() }).from(callbackQuarantine);
    return { apps: apps!.n, events: events!.n, deliveries: deliveries!.n, quarantined: quarantined!.n };
  }

  it(`grows the quarantine by at most its cap and the main tables by nothing, while a signed alert is applied once`, async () => {
    // The clock stands still: the per-minute bucket never refills, so the cap is exactly perMinute.
    const gate = new QuarantineGate(CAPS, () => Date.UTC(2026, 0, 1, 12));
    const ctx: CallbackContext = {
      db: database.db,
      projectId: PROJECT,
      alertKeys: [prepareVerificationKey({ kind: "rsa", publicKey: alertPair.publicKey })],
      profile: DEFAULT_SIGNATURE_PROFILE,
      quarantine: gate,
    };
    const before = await sizes();
    // Two fixed junk requests, re-created per delivery: signing 10,000 bodies would only slow the test.
    const wrongBody = payinAlertBody(PROJECT, "FLOOD-X", "success", null);
    const statuses: number[] = [];
    let real: { status: number; body: unknown } | undefined;
    for (let start = 0; start < FLOOD; start += BATCH) {
      const batch: Promise<unknown>[] = Array.from({ length: BATCH }, (_, i) =>
        handleCallbackRequest(ctx, request(wrongBody, (start + i) % 2 === 0 ? null : otherPair.privateKey), ["success"]).then(
          (response) => statuses.push(response.status),
        ),
      );
      if (start === FLOOD / 2) {
        const genuine = payinAlertBody(PROJECT, "FLOOD-REAL", "success", null);
        batch.push(
          handleCallbackRequest(ctx, request(genuine, alertPair.privateKey), ["success"]).then(async (response) => {
            real = { status: response.status, body: await response.json() };
          }),
        );
      }
      await Promise.all(batch);
    }

    expect(statuses).toHaveLength(FLOOD);
    expect(statuses.every((status) => status === 401)).toBe(true);
    expect(real).toEqual({ status: 200, body: { ok: true, outcome: "applied" } });
    const after = await sizes();
    expect(after.quarantined - before.quarantined).toBeLessThanOrEqual(CAPS.perMinute);
    expect(after.quarantined - before.quarantined).toBeGreaterThan(0);
    expect(gate.overflow).toBe(FLOOD - (after.quarantined - before.quarantined));
    // Only the genuine alert reached the main tables: one application, one event, one delivery.
    expect(after).toMatchObject({ apps: before.apps + 1, events: before.events + 1, deliveries: before.deliveries + 1 });
    const [app] = await database.db.select().from(applications).where(eq(applications.paymentId, "FLOOD-REAL"));
    expect(app?.status).toBe("success");
    const [x] = await database.db.select({ n: count() }).from(applications).where(eq(applications.paymentId, "FLOOD-X"));
    expect(x!.n).toBe(0);
  }, 300_000);
});
