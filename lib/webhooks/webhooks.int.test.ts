import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditLog, registers, users, webhookDeliveries, webhookSettings, type Role } from "@/drizzle/schema";
import { ALL_PROJECTS } from "@/lib/accounts/register-scope";
import { applyStatusEvent, type StatusEventInput } from "@/lib/applications/apply-status-event";
import { assignItem } from "@/lib/work/commands";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@/test/databases";
import { rotateWebhookSecret, saveWebhook, sendTestEvent, setWebhookEnabled } from "./commands";
import { deliverDue, retryDelayMs, runWebhookDelivery } from "./delivery";
import { deliveryStatus, findWebhook } from "./queries";
import { EVENT_ID_HEADER, SIGNATURE_HEADER, verifySignature } from "./signature";

const PROJECT = "project-webhooks";
const BASE = "https://backoffice.test";
let counter = 0;

function dispute(paymentId: string): StatusEventInput {
  return {
    projectId: PROJECT,
    paymentId,
    requestId: null,
    status: "dispute",
    subStatus: "no_payment",
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
  };
}

interface Received {
  body: string;
  signature: string;
  eventId: string;
}

/** A chat's receiver on a random port: records each request and answers with the next status of `answers` (then 200). */
function startReceiver() {
  const received: Received[] = [];
  const answers: number[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({
        body: Buffer.concat(chunks).toString("utf8"),
        signature: String(req.headers[SIGNATURE_HEADER.toLowerCase()] ?? ""),
        eventId: String(req.headers[EVENT_ID_HEADER.toLowerCase()] ?? ""),
      });
      const status = answers.shift() ?? 200;
      res.writeHead(status, status >= 300 && status < 400 ? { location: "http://127.0.0.1:1/elsewhere" } : {});
      res.end(status === 200 ? "ok" : "receiver's own words, never logged");
    });
  });
  return new Promise<{ url: string; received: Received[]; answers: number[]; close: () => Promise<void> }>((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}/hook`,
        received,
        answers,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

describe.each(testDatabaseKinds())("the outgoing webhook on %s", (kind) => {
  let database: TestDatabase;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let secret: string;
  const people = {} as Record<"admin" | "admin2" | "operator", { id: number; email: string }>;
  const actor = () => ({ userId: people.admin.id, email: people.admin.email });
  const rows = () => database.db.select().from(webhookDeliveries).orderBy(webhookDeliveries.id);

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    receiver = await startReceiver();
    const make = async (email: string, role: Role) => {
      const [row] = await database.db
        .insert(users)
        .values({ email, name: email, role, passwordHash: "x" })
        .returning({ id: users.id, email: users.email });
      return row!;
    };
    people.admin = await make("admin@hook.test", "admin");
    people.admin2 = await make("admin2@hook.test", "admin");
    people.operator = await make("operator@hook.test", "operator");
    await database.db.insert(registers).values({
      name: PROJECT,
      projectId: PROJECT,
      apiUrl: "http://highhelp.invalid",
      requestAlgorithm: "hmac",
      requestKeyEncrypted: "v1:000000000000:not-a-real-key",
      requestKeyFingerprint: "SHA256:test",
      callbackToken: `token-${PROJECT}`,
    });
  });
  afterAll(async () => {
    await receiver?.close();
    await database?.drop();
  });
  beforeEach(() => {
    receiver.received.length = 0;
    receiver.answers.length = 0;
  });

  it("refuses a bad URL next to the field, and writes no event while no webhook is set up", async () => {
    for (const url of [
      "http://chat.example.com/hook",
      "ftp://127.0.0.1/hook",
      "not a url",
      "https://user:pw@chat.example.com/h",
      "",
    ]) {
      await expect(saveWebhook(database.db, { url }, actor())).rejects.toMatchObject({
        code: "bad_request:validation",
        fieldErrors: { url: [expect.stringMatching(/^webhooks\.errors\./)] },
      });
    }
    expect(await findWebhook(database.db)).toBeNull();
    await applyStatusEvent(database.db, dispute("WH-BEFORE"));
    expect(await rows()).toEqual([]);
  });

  it("makes a secret once, stores it sealed, and audits without the URL's path", async () => {
    const made = await saveWebhook(database.db, { url: receiver.url }, actor());
    expect(made.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    secret = made.secret!;
    const [stored] = await database.db.select().from(webhookSettings);
    expect(stored!.secretSealed).toMatch(/^v1:/);
    expect(stored!.secretSealed).not.toContain(secret);
    // Saving the URL again keeps the secret.
    expect(await saveWebhook(database.db, { url: receiver.url }, actor())).toEqual({ secret: null });
    const audited = await database.db.select().from(auditLog).where(eq(auditLog.targetType, "webhook"));
    expect(audited.map((a) => a.action)).toEqual(["webhook.create", "webhook.url_change"]);
    expect(JSON.stringify(audited.map((a) => a.details))).not.toContain("/hook");
  });

  it("a notification to several people makes one signed delivery that verifies with the secret", async () => {
    const app = await applyStatusEvent(database.db, dispute("WH-ONE"));
    const queued = await rows();
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ type: "dispute_arrived", applicationId: app.applicationId, state: "pending" });

    expect(await deliverDue(database.db, { baseUrl: BASE })).toBe(1);
    expect(receiver.received).toHaveLength(1);
    const [got] = receiver.received;
    expect(verifySignature(secret, got!.body, got!.signature)).toBe(true);
    expect(verifySignature("whsec_another", got!.body, got!.signature)).toBe(false);
    expect(verifySignature(secret, got!.body.replace("WH-ONE", "WH-TWO"), got!.signature)).toBe(false);
    const body = JSON.parse(got!.body) as Record<string, string>;
    expect(body).toEqual({
      id: queued[0]!.eventId,
      type: "dispute_arrived",
      occurred_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      text: "Dispute on WH-ONE (no_payment).",
      link: `${BASE}/applications/${app.applicationId}`,
    });
    expect(got!.eventId).toBe(body.id);
    const [after] = await rows();
    expect(after).toMatchObject({ state: "delivered", attempts: 1, lastStatus: 200, lastError: null });
    expect((await deliveryStatus(database.db)).last).toMatchObject({ state: "delivered", lastStatus: 200 });
    // Delivered once: the next pass has nothing to do.
    expect(await deliverDue(database.db, { baseUrl: BASE })).toBe(0);
  });

  it("an assignment names who assigned whom", async () => {
    await database.db.delete(webhookDeliveries);
    const app = await applyStatusEvent(database.db, dispute("WH-ASSIGN"));
    await database.db.delete(webhookDeliveries);
    const { workItems } = await import("@/drizzle/schema");
    const [item] = await database.db.select().from(workItems).where(eq(workItems.applicationId, app.applicationId));
    await assignItem(database.db, item!.id, people.operator.id, actor(), ALL_PROJECTS);
    await deliverDue(database.db, { baseUrl: BASE });
    expect(JSON.parse(receiver.received[0]!.body)).toMatchObject({
      type: "item_assigned",
      text: "admin@hook.test assigned WH-ASSIGN to operator@hook.test.",
    });
  });

  it("a receiver answering 500 then 200 gets the event again, later, with the same id", async () => {
    await database.db.delete(webhookDeliveries);
    await applyStatusEvent(database.db, dispute("WH-RETRY"));
    receiver.answers.push(500);
    const now = new Date();
    await deliverDue(database.db, { baseUrl: BASE, now });
    const [failed] = await rows();
    expect(failed).toMatchObject({ state: "pending", attempts: 1, lastStatus: 500, lastError: "http" });
    expect((await deliveryStatus(database.db)).last).toMatchObject({ state: "pending", lastStatus: 500 });
    // Not before its delay.
    expect(await deliverDue(database.db, { baseUrl: BASE, now: new Date(now.getTime() + 1_000) })).toBe(0);
    expect(await deliverDue(database.db, { baseUrl: BASE, now: new Date(now.getTime() + retryDelayMs(1) + 1) })).toBe(1);
    expect(receiver.received).toHaveLength(2);
    const ids = receiver.received.map((r) => (JSON.parse(r.body) as { id: string }).id);
    expect(ids[0]).toBe(failed!.eventId);
    expect(ids[1]).toBe(ids[0]);
    expect(receiver.received.every((r) => verifySignature(secret, r.body, r.signature))).toBe(true);
    expect((await rows())[0]).toMatchObject({ state: "delivered", attempts: 2 });
  });

  it("a redirect is not followed and counts as a failure", async () => {
    await database.db.delete(webhookDeliveries);
    await applyStatusEvent(database.db, dispute("WH-REDIRECT"));
    receiver.answers.push(302);
    await deliverDue(database.db, { baseUrl: BASE });
    expect(receiver.received).toHaveLength(1);
    expect((await rows())[0]).toMatchObject({ state: "pending", lastStatus: 302, lastError: "redirect" });
  });

  it("two delivery runs at once deliver each event once", async () => {
    await database.db.delete(webhookDeliveries);
    for (const id of ["WH-C1", "WH-C2", "WH-C3"]) await applyStatusEvent(database.db, dispute(id));
    const counts = await Promise.all([
      deliverDue(database.db, { baseUrl: BASE }),
      deliverDue(database.db, { baseUrl: BASE }),
      runWebhookDelivery(database.db, { baseUrl: BASE }),
    ]);
    expect(counts.reduce<number>((sum, n) => sum + (n ?? 0), 0)).toBe(3);
    const ids = receiver.received.map((r) => (JSON.parse(r.body) as { id: string }).id);
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(3);
    expect((await rows()).every((r) => r.state === "delivered")).toBe(true);
  });

  it("the test event is delivered at once; after a rotation only the new secret verifies", async () => {
    const first = await sendTestEvent(database.db, actor(), { baseUrl: BASE });
    expect(first.result).toMatchObject({ ok: true, status: 200 });
    const rotated = await rotateWebhookSecret(database.db, actor());
    expect(rotated.secret).not.toBe(secret);
    receiver.received.length = 0;
    const second = await sendTestEvent(database.db, actor(), { baseUrl: BASE });
    expect(second.result).toMatchObject({ ok: true });
    const [got] = receiver.received;
    expect(JSON.parse(got!.body)).toMatchObject({
      type: "test",
      text: expect.stringContaining("admin@hook.test"),
      link: `${BASE}/settings`,
    });
    expect(verifySignature(rotated.secret, got!.body, got!.signature)).toBe(true);
    expect(verifySignature(secret, got!.body, got!.signature)).toBe(false);
    secret = rotated.secret;
  });

  it("disabled: waiting events are dropped and nothing more is written or sent", async () => {
    await database.db.delete(webhookDeliveries);
    await applyStatusEvent(database.db, dispute("WH-WAITING"));
    expect(await setWebhookEnabled(database.db, false, actor())).toEqual({ discarded: 1 });
    await applyStatusEvent(database.db, dispute("WH-OFF"));
    expect(await deliverDue(database.db, { baseUrl: BASE })).toBe(0);
    expect(receiver.received).toEqual([]);
    expect((await rows()).map((r) => r.state)).toEqual(["discarded"]);
    await expect(sendTestEvent(database.db, actor(), { baseUrl: BASE })).rejects.toMatchObject({
      code: "conflict:webhook_disabled",
    });
    // On again: new events flow.
    await setWebhookEnabled(database.db, true, actor());
    await applyStatusEvent(database.db, dispute("WH-ON"));
    await deliverDue(database.db, { baseUrl: BASE });
    expect(receiver.received.map((r) => (JSON.parse(r.body) as { text: string }).text)).toEqual([
      "Dispute on WH-ON (no_payment).",
    ]);
  });
});
