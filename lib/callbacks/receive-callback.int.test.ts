import crypto from "node:crypto";
import { count, desc, eq, ne } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applications, callbackDeliveries, callbackQuarantine, statusEvents } from "@/drizzle/schema";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@/test/databases";
import { DEFAULT_SIGNATURE_PROFILE, prepareVerificationKey, signAlert } from "@/lib/highhelp";
import { payinAlertBody } from "@/test/highhelp/samples";
import { QuarantineGate } from "./quarantine";
import { handleCallbackRequest, MAX_CALLBACK_BYTES, type CallbackContext } from "./receive-callback";

const PROJECT = "57aff4db-b45d-42bf-bc5f-b7a499a01782";
const alertPair = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
const otherPair = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });

const alertBody = (paymentId: string, status = "processing", subStatus: string | null = "awaiting_confirm") =>
  payinAlertBody(PROJECT, paymentId, status, subStatus);

function signed(body: unknown, options: { key?: crypto.KeyObject; timestamp?: number; raw?: string; kind?: string } = {}) {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const { headers } = signAlert({
    body,
    timestamp,
    key: { kind: "rsa", privateKey: options.key ?? alertPair.privateKey },
    merchantId: PROJECT,
  });
  return new Request(`http://app.test/api/highhelp/callback/${options.kind ?? "intermediate"}`, {
    method: "POST",
    headers,
    body: options.raw ?? JSON.stringify(body),
  });
}

describe.each(testDatabaseKinds())("HighHelp callbacks on %s", (kind) => {
  let database: TestDatabase;
  let ctx: CallbackContext;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
    ctx = {
      db: database.db,
      projectId: PROJECT,
      alertKeys: [prepareVerificationKey({ kind: "rsa", publicKey: alertPair.publicKey })],
      profile: DEFAULT_SIGNATURE_PROFILE,
      quarantine: new QuarantineGate({ perMinute: 1000, perDay: 1000 }),
    };
  });
  afterAll(async () => {
    await database?.drop();
  });

  async function totals() {
    const [apps] = await database.db.select({ n: count() }).from(applications);
    const [events] = await database.db.select({ n: count() }).from(statusEvents);
    const [deliveries] = await database.db.select({ n: count() }).from(callbackDeliveries);
    return { apps: apps!.n, events: events!.n, deliveries: deliveries!.n };
  }
  async function quarantined() {
    const [rows] = await database.db.select({ n: count() }).from(callbackQuarantine);
    return rows!.n;
  }
  async function post(request: Request) {
    const response = await handleCallbackRequest(ctx, request, [new URL(request.url).pathname.split("/").pop()!]);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it("verifies, stores and applies a signed alert, and records the delivery", async () => {
    const answer = await post(signed(alertBody("CB-1")));
    expect(answer).toEqual({ status: 200, body: { ok: true, outcome: "applied" } });
    const [app] = await database.db.select().from(applications).where(eq(applications.paymentId, "CB-1"));
    expect(app).toMatchObject({ status: "processing", subStatus: "awaiting_confirm", amount: 10_000 });
    const [delivery] = await database.db.select().from(callbackDeliveries).where(eq(callbackDeliveries.paymentId, "CB-1"));
    expect(delivery).toMatchObject({ kind: "intermediate", signatureVerified: true, outcome: "applied", applicationId: app!.id });
    expect(JSON.parse(delivery!.rawBody)).toEqual(alertBody("CB-1"));
  });

  it("answers 50 concurrent deliveries of one alert with 2xx, one status event, one state change", async () => {
    await post(signed(alertBody("CB-DUP", "processing", "requisites")));
    const body = alertBody("CB-DUP", "success", null);
    const answers = await Promise.all(Array.from({ length: 50 }, () => post(signed(body, { kind: "success" }))));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(answers.filter((a) => a.body.outcome === "applied")).toHaveLength(1);
    const [app] = await database.db.select().from(applications).where(eq(applications.paymentId, "CB-DUP"));
    expect(app?.status).toBe("success");
    const events = await database.db.select().from(statusEvents).where(eq(statusEvents.applicationId, app!.id));
    expect(events).toHaveLength(2);
    const deliveries = await database.db.select().from(callbackDeliveries).where(eq(callbackDeliveries.paymentId, "CB-DUP"));
    expect(deliveries).toHaveLength(51); // every delivery is kept as received
  });

  const badInputs: Array<[string, () => Request, number, string]> = [
    [
      "no signature",
      () => {
        const r = signed(alertBody("BAD-1"));
        const headers = new Headers(r.headers);
        headers.delete("x-access-signature");
        return new Request(r.url, { method: "POST", headers, body: JSON.stringify(alertBody("BAD-1")) });
      },
      401,
      "unauthenticated:invalid_signature",
    ],
    [
      "a signature by another key",
      () => signed(alertBody("BAD-2"), { key: otherPair.privateKey }),
      401,
      "unauthenticated:invalid_signature",
    ],
    [
      "a tampered body",
      () =>
        signed(alertBody("BAD-3"), {
          raw: JSON.stringify({
            ...alertBody("BAD-3"),
            payment_info: { ...(alertBody("BAD-3").payment_info as object), amount: 1 },
          }),
        }),
      401,
      "unauthenticated:invalid_signature",
    ],
    [
      "a stale timestamp",
      () => signed(alertBody("BAD-4"), { timestamp: Math.floor(Date.now() / 1000) - 3600 }),
      401,
      "unauthenticated:invalid_signature",
    ],
    ["malformed JSON", () => signed(alertBody("BAD-5"), { raw: '{"project_id": "x", ' }), 400, "bad_request:invalid_body"],
    ["unknown fields instead of an alert", () => signed({ hello: "world", amount: 5 }), 400, "bad_request:invalid_alert"],
    ["an unknown status", () => signed(alertBody("BAD-7", "refunded", null)), 400, "bad_request:invalid_alert"],
    [
      "a wrong type",
      () => signed({ ...alertBody("BAD-8"), payment_info: { ...(alertBody("BAD-8").payment_info as object), amount: "100.00" } }),
      400,
      "bad_request:invalid_alert",
    ],
    [
      "another cash register's alert",
      () => signed({ ...alertBody("BAD-9"), project_id: "someone-else" }),
      400,
      "bad_request:unknown_project",
    ],
  ];

  it.each(badInputs)(
    "refuses %s with its 4xx and a message, changes nothing, quarantines it",
    async (_name, make, status, error) => {
      const before = await totals();
      const quarantinedBefore = await quarantined();
      const answer = await post(make());
      expect(answer.status).toBe(status);
      expect(answer.body).toEqual({ error, message: expect.any(String) });
      expect(await totals()).toEqual(before);
      expect(await quarantined()).toBe(quarantinedBefore + 1);
    },
  );

  it("refuses a body over 64 KiB with 413, stores nothing in the main tables, with or without Content-Length", async () => {
    const before = await totals();
    const huge = { ...alertBody("BIG-1"), padding: "x".repeat(MAX_CALLBACK_BYTES) };
    const answer = await post(signed(huge));
    expect(answer).toEqual({ status: 413, body: { error: "payload_too_large:body", message: expect.any(String) } });
    const request = signed(huge);
    const declared = new Request(request.url, {
      method: "POST",
      headers: { ...Object.fromEntries(request.headers), "content-length": String(JSON.stringify(huge).length) },
      body: JSON.stringify(huge),
    });
    expect((await post(declared)).status).toBe(413);
    expect(await totals()).toEqual(before);
    const rows = await database.db.select().from(callbackQuarantine).where(eq(callbackQuarantine.reason, "too_large"));
    expect(rows).toHaveLength(2);
  });

  it("reads a body with a matching Content-Length in one piece", async () => {
    const body = JSON.stringify(alertBody("CL-1"));
    const request = signed(alertBody("CL-1"));
    const withLength = new Request(request.url, {
      method: "POST",
      headers: { ...Object.fromEntries(request.headers), "content-length": String(Buffer.byteLength(body)) },
      body,
    });
    expect(await post(withLength)).toEqual({ status: 200, body: { ok: true, outcome: "applied" } });
  });

  it("refuses a body that is not UTF-8 with 400 and quarantines a readable head", async () => {
    const before = await totals();
    const request = signed(alertBody("UTF-1"));
    const bytes = Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xff, 0x00, 0xfe]), Buffer.from('"}')]);
    const answer = await post(new Request(request.url, { method: "POST", headers: request.headers, body: bytes }));
    expect(answer).toEqual({ status: 400, body: { error: "bad_request:invalid_body", message: expect.any(String) } });
    expect(await totals()).toEqual(before);
    const [row] = await database.db.select().from(callbackQuarantine).where(eq(callbackQuarantine.reason, "invalid_utf8"));
    expect(row).toMatchObject({ bodyBytes: bytes.length, bodySha256: crypto.createHash("sha256").update(bytes).digest("hex") });
    expect(row!.bodyHead).toBe('{"a":"\uFFFD\uFFFD\uFFFD"}');
  });

  it("answers 400, never 503, for a signed alert whose values the database refuses, and stores the database's reason", async () => {
    const before = await totals();
    const body = {
      ...alertBody("NUL-1"),
      status: { status: "processing", sub_status: "awaiting_confirm", status_description: "a\u0000b" },
    };
    const answer = await post(signed(body));
    expect(answer.status).toBe(400);
    expect(await totals()).toEqual(before);
    const [row] = await database.db.select().from(callbackQuarantine).orderBy(desc(callbackQuarantine.id)).limit(1);
    expect(row!.message.length).toBeLessThanOrEqual(200);
    expect(row!.message).not.toMatch(/Failed query|params/);
  });

  it("keeps every refused delivery in the quarantine with its reason, for diagnosis", async () => {
    const rows = await database.db.select().from(callbackQuarantine);
    const signatureRows = rows.filter((r) => ["missing_signature", "bad_signature", "stale_timestamp"].includes(r.reason));
    expect(signatureRows.length).toBeGreaterThanOrEqual(4);
    expect(rows.every((r) => r.message && /^[0-9a-f]{64}$/.test(r.bodySha256))).toBe(true);
    const [refused] = await database.db
      .select({ n: count() })
      .from(callbackDeliveries)
      .where(ne(callbackDeliveries.outcome, "applied"));
    expect(refused!.n).toBeLessThanOrEqual(50); // only the duplicates of the storm above, never a refusal
  });

  it("answers an unknown callback path with 404", async () => {
    const response = await handleCallbackRequest(ctx, signed(alertBody("P-1")), ["refund"]);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: "not_found:callback_path", message: "Unknown callback path." });
  });

  it("answers 503 when the database is unavailable, so HighHelp retries", async () => {
    const broken = await openTestDatabase(kind);
    await broken.drop();
    const response = await handleCallbackRequest({ ...ctx, db: broken.db }, signed(alertBody("DOWN-1")), ["intermediate"]);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: "unavailable:database" });
    const refused = await handleCallbackRequest(
      { ...ctx, db: broken.db },
      signed(alertBody("DOWN-2"), { key: otherPair.privateKey }),
      ["intermediate"],
    );
    expect(refused.status).toBe(401); // the quarantine row fails; the refusal stands
  });
});
