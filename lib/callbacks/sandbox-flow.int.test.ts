import http from "node:http";
import type { AddressInfo } from "node:net";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applications, callbackDeliveries, statusEvents } from "@/drizzle/schema";
import { runOperation } from "@/lib/applications/commands";
import { newPaymentId } from "@/lib/server/ids";
import { submitPayin } from "@/lib/applications/submit-payin";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@/test/databases";
import type { Gateway } from "@/lib/server/gateway";
import { DEFAULT_SIGNATURE_PROFILE, prepareVerificationKey } from "@/lib/highhelp";
import { reconcileOnce } from "@/lib/reconcile/reconcile";
import { startTestSandbox, waitUntil, type TestSandbox } from "@/sandbox/testing/support";
import { handleCallbackRequest } from "./receive-callback";

/*
 * The app's side (submit, callback receiver, reconciliation) against the real sandbox gateway:
 * signed requests one way, signed callbacks the other, over HTTP.
 */

const actor = { userId: null, email: "test@backoffice.test" };

describe.each(testDatabaseKinds())("the app against the sandbox on %s", (kind) => {
  let database: TestDatabase;
  let sandbox: TestSandbox;
  let receiver: http.Server;
  let gateway: Gateway;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    sandbox = await startTestSandbox({ stepMs: 30 });
    const ctx = {
      db: database.db,
      projectId: sandbox.sandbox.projectId,
      alertKeys: [prepareVerificationKey({ kind: "rsa", publicKey: sandbox.keys.alertPublicKeyPem })],
      profile: DEFAULT_SIGNATURE_PROFILE,
    };
    // The app's callback route, without Next: the same handler behind plain node:http.
    receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
        const request = new Request(`http://app${req.url}`, { method: "POST", headers, body: Buffer.concat(chunks) });
        void handleCallbackRequest(ctx, request, [(req.url ?? "").split("/").pop() ?? ""]).then(async (response) => {
          res.writeHead(response.status, { "content-type": "application/json" });
          res.end(await response.text());
        });
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const base = `https://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/highhelp/callback`;
    gateway = {
      registerId: 1,
      name: "Sandbox",
      projectId: sandbox.sandbox.projectId,
      apiUrl: sandbox.sandbox.url,
      sandbox: true,
      status: "active",
      currencies: [],
      methods: [],
      client: sandbox.client,
      alertKeys: ctx.alertKeys.map((key, i) => ({ id: i + 1, fingerprint: "test", key, retiresAt: null })),
      profile: DEFAULT_SIGNATURE_PROFILE,
      callbackUrls: {
        merchant_callback_url: `${base}/intermediate`,
        merchant_success_callback_url: `${base}/success`,
        merchant_decline_callback_url: `${base}/decline`,
      },
    };
  });

  afterAll(async () => {
    receiver?.closeAllConnections();
    await new Promise((resolve) => receiver?.close(resolve));
    await sandbox?.stop();
    await database?.drop();
  });

  async function app(paymentId: string) {
    const [row] = await database.db.select().from(applications).where(eq(applications.paymentId, paymentId));
    return row!;
  }
  const payin = (amount: number) => ({
    paymentId: newPaymentId("PI"),
    flow: "p2p" as const,
    amount,
    currency: "KZT",
    method: "card-p2p",
    customer: { id: "cus-1", country: "KZ" },
  });

  it("brings a payin the app created to success through real signed callbacks", async () => {
    const request = payin(150_000);
    const submitted = await submitPayin(database.db, gateway, request, actor);
    expect(submitted.outcome).toBe("sent");

    const waiting = await waitUntil(
      async () => {
        const row = await app(request.paymentId);
        return row.subStatus === "awaiting_confirm" && row.displayData ? row : undefined;
      },
      5_000,
      "instructions by callback",
    );
    expect(waiting.requisites).toBeTruthy();

    const confirmed = await runOperation(database.db, gateway.client, waiting.id, "confirm", actor);
    expect(confirmed.ok).toBe(true);
    const done = await waitUntil(
      async () => {
        const row = await app(request.paymentId);
        return row.status === "success" ? row : undefined;
      },
      5_000,
      "success by callback",
    );

    const events = await database.db
      .select()
      .from(statusEvents)
      .where(eq(statusEvents.applicationId, done.id))
      .orderBy(asc(statusEvents.id));
    expect(events.map((e) => e.source)).toContain("callback");
    expect(events.at(-1)).toMatchObject({ status: "success" });
    const deliveries = await database.db.select().from(callbackDeliveries).where(eq(callbackDeliveries.applicationId, done.id));
    expect(deliveries.length).toBeGreaterThan(0);
    expect(deliveries.every((d) => d.signatureVerified === true)).toBe(true);
  });

  it("never creates twice: a second submit of the same payment_id sends nothing", async () => {
    const request = payin(200_000);
    await submitPayin(database.db, gateway, request, actor);
    const again = await submitPayin(database.db, gateway, request, actor);
    expect(again.outcome).toBe("already_submitted");
    const seen = await sandbox.call("GET", `/sandbox/applications/${request.paymentId}`);
    expect(seen.status).toBe(200);
    expect(JSON.stringify(seen.json)).toContain(request.paymentId);
  });

  it("finds every true final state by polling when the sandbox drops all callbacks", async () => {
    await sandbox.call("PUT", "/sandbox/faults", { drop: true });
    try {
      const requests = [payin(300_000), payin(300_091), payin(300_092)];
      for (const r of requests) expect((await submitPayin(database.db, gateway, r, actor)).outcome).toBe("sent");
      // The payer "pays" for every one, once the sandbox has issued requisites.
      for (const r of requests)
        await sandbox.waitForApp(r.paymentId, (a) => JSON.stringify(a).includes("awaiting_confirm"), 5_000);
      // No callback told us: polling is how the instructions arrive, then staff confirm.
      await reconcileOnce(database.db, gateway.client, { now: new Date(Date.now() + 3_600_000) });
      for (const r of requests) {
        expect((await app(r.paymentId)).subStatus).toBe("awaiting_confirm");
        const row = await app(r.paymentId);
        await runOperation(database.db, gateway.client, row.id, "confirm", actor);
      }
      const expected: Record<string, string> = {
        [requests[0]!.paymentId]: "success",
        [requests[1]!.paymentId]: "decline",
        [requests[2]!.paymentId]: "success",
      };
      // Each pass happens "an hour later", so back-off never hides an application from the next one.
      let clock = Date.now() + 3_600_000;
      await waitUntil(
        async () => {
          clock += 3_600_000;
          await reconcileOnce(database.db, gateway.client, { now: new Date(clock) });
          const rows = await Promise.all(requests.map((r) => app(r.paymentId)));
          return rows.every((row) => row.status === expected[row.paymentId]) ? rows : undefined;
        },
        10_000,
        "final states by polling",
      );
      const changed = await app(requests[2]!.paymentId);
      expect(changed.amount).toBe(270_082); // rule 92: 90 % of 300 092, rounded down
      expect(changed.oldAmount).toBe(300_092);
      const deliveries = await database.db
        .select()
        .from(callbackDeliveries)
        .where(eq(callbackDeliveries.paymentId, requests[0]!.paymentId));
      expect(deliveries).toHaveLength(0);
    } finally {
      await sandbox.call("PUT", "/sandbox/faults", {});
    }
  });
});
