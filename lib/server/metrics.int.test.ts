import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applications } from "@/drizzle/schema";
import { handleRegisterCallback } from "@/lib/callbacks/receive-callback";
import { DEFAULT_SIGNATURE_PROFILE, HEADER_SIGNATURE, signAlert } from "@/lib/highhelp";
import { createRegister } from "@/lib/registers/commands";
import { createSecretBox } from "@/lib/registers/secret-box";
import { createGatewayRegistry, type GatewayRegistry } from "@/lib/server/gateway";
import { PROJECT_ID, startTestSandbox, type TestSandbox } from "@/sandbox/testing/support";
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from "@/test/databases";
import { ALERT_PRIVATE_PEM, ALERT_PUBLIC_PEM, MERCHANT_PRIVATE_PEM } from "@/test/highhelp";
import { payinAlertBody } from "@/test/highhelp/samples";
import { metricsResponse } from "./metrics";

/*
 * GET /api/metrics end to end: callbacks through the route's handler and calls through a register's
 * gateway client (against the sandbox) move the counters by exactly what happened, the database gauges
 * read the reconciliation backlog and the open payouts, and the token guards it all.
 */

const TOKEN = "metrics-test-token-0123456789";
const box = createSecretBox(crypto.randomBytes(32));
const actor = { userId: null, email: "ops@metrics.test" };

/** One sample of the exposition text; 0 when the series does not exist yet. */
function sample(text: string, series: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

describe.each(testDatabaseKinds())("metrics on %s", (kind) => {
  let database: TestDatabase;
  let sandbox: TestSandbox;
  let registry: GatewayRegistry;
  const now = new Date();

  const scrape = async (authorization?: string) =>
    metricsResponse(
      new Request("http://app.test/api/metrics", { headers: authorization === undefined ? {} : { authorization } }),
      { token: TOKEN, db: async () => database.db, now },
    );
  const text = async () => {
    const response = await scrape(`Bearer ${TOKEN}`);
    expect(response.status).toBe(200);
    return response.text();
  };

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    sandbox = await startTestSandbox({ stepMs: 60_000, callbackRetries: 0 });
    await createRegister(
      database.db,
      {
        name: "Sandbox KZT",
        projectId: PROJECT_ID,
        apiUrl: "https://api.highhelp.invalid",
        requestAlgorithm: "rsa",
        requestKey: MERCHANT_PRIVATE_PEM,
        alertAlgorithm: "rsa",
        alertKey: ALERT_PUBLIC_PEM,
        signatureProfile: null,
        currencies: [],
        methods: [],
      },
      actor,
      { box },
    );
    registry = createGatewayRegistry({
      db: async () => database.db,
      box: () => box,
      options: () => ({
        callbackBaseUrl: "https://app.test/api/highhelp/callback",
        sandboxApiUrl: sandbox.sandbox.url,
        defaultProfile: DEFAULT_SIGNATURE_PROFILE,
        timeoutMs: 2_000,
        defaultProjectId: PROJECT_ID,
      }),
    });
  });
  afterAll(async () => {
    await registry?.stop();
    await sandbox?.stop();
    await database?.drop();
  });

  it("answers 404 without a configured token, 401 without the right bearer token", async () => {
    const closed = await metricsResponse(new Request("http://app.test/api/metrics"), {
      token: undefined,
      db: async () => database.db,
    });
    expect(closed.status).toBe(404);
    expect(await closed.json()).toEqual({ error: "not_found:metrics", message: "Not found." });
    for (const authorization of [
      undefined,
      "",
      "Bearer",
      `Bearer ${TOKEN}x`,
      `Bearer ${TOKEN.slice(1)}`,
      `Basic ${TOKEN}`,
      TOKEN,
    ]) {
      const refused = await scrape(authorization);
      expect(refused.status, String(authorization)).toBe(401);
      expect(refused.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(await refused.json()).toMatchObject({ error: "unauthenticated:metrics_token" });
    }
    const open = await scrape(`Bearer ${TOKEN}`);
    expect(open.status).toBe(200);
    expect(open.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(open.headers.get("cache-control")).toBe("no-store");
    expect(await open.text()).toMatch(/^# HELP backoffice_callbacks_received_total /m);
  });

  it("reads the reconciliation backlog and the open payouts from the database", async () => {
    const payout = { projectId: PROJECT_ID, type: "payout", product: "p2p", integration: "h2h", currency: "KZT" } as const;
    await database.db.insert(applications).values([
      { ...payout, paymentId: "M-WAITING", amount: 100, submission: "awaiting_approval" },
      {
        ...payout,
        paymentId: "M-LATE",
        amount: 200,
        submission: "sent",
        status: "processing",
        nextPollAt: new Date(now.getTime() - 90_000),
      },
      {
        ...payout,
        paymentId: "M-SOON",
        amount: 300,
        submission: "sent",
        status: "processing",
        nextPollAt: new Date(now.getTime() + 60_000),
      },
      { ...payout, paymentId: "M-DONE", amount: 400, submission: "sent", status: "success" },
    ]);
    const metrics = await text();
    expect(sample(metrics, "backoffice_reconcile_due_applications")).toBe(1);
    expect(sample(metrics, "backoffice_reconcile_lag_seconds")).toBe(90);
    expect(sample(metrics, 'backoffice_payouts_open{submission="awaiting_approval",status=""}')).toBe(1);
    expect(sample(metrics, 'backoffice_payouts_open{submission="sent",status="processing"}')).toBe(2);
    expect(metrics).not.toMatch(/backoffice_payouts_open\{submission="sent",status="success"\}/);
    expect(sample(metrics, 'backoffice_payouts_open{submission="unknown",status=""}')).toBe(0);
    expect(sample(metrics, "backoffice_database_gauges_up")).toBe(1);
  });

  it("counts callbacks received, verified, rejected by reason, applied and duplicate", async () => {
    const paymentId = `M-CB-${kind}`;
    const body = payinAlertBody(PROJECT_ID, paymentId);
    const signed = (payload: unknown, sent = JSON.stringify(payload)) => {
      const { headers } = signAlert({
        body: payload,
        timestamp: Math.floor(Date.now() / 1000),
        key: { kind: "rsa", privateKey: ALERT_PRIVATE_PEM },
        merchantId: PROJECT_ID,
      });
      return { headers, sent };
    };
    const deliver = async ({ headers, sent }: { headers: Record<string, string>; sent: string }) => {
      const request = new Request("http://app.test/api/highhelp/callback/intermediate", { method: "POST", headers, body: sent });
      const response = await handleRegisterCallback(database.db, registry, request, ["intermediate"]);
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };

    const before = await text();
    const valid = signed(body);
    expect(await deliver(valid)).toEqual({ status: 200, body: { ok: true, outcome: "applied" } });
    expect(await deliver(valid)).toEqual({ status: 200, body: { ok: true, outcome: "duplicate" } });
    // Signed for one body, sent with another.
    const tampered = signed(body, JSON.stringify(payinAlertBody(PROJECT_ID, paymentId, "success", null)));
    expect((await deliver(tampered)).status).toBe(401);
    const unsigned = signed(body);
    delete unsigned.headers[HEADER_SIGNATURE];
    expect((await deliver(unsigned)).status).toBe(401);
    const after = await text();

    const moved = (series: string) => sample(after, series) - sample(before, series);
    expect(moved("backoffice_callbacks_received_total")).toBe(4);
    expect(moved("backoffice_callbacks_verified_total")).toBe(2);
    expect(moved('backoffice_callbacks_rejected_total{reason="bad_signature"}')).toBe(1);
    expect(moved('backoffice_callbacks_rejected_total{reason="missing_signature"}')).toBe(1);
    expect(moved('backoffice_callbacks_processed_total{outcome="applied"}')).toBe(1);
    expect(moved('backoffice_callbacks_processed_total{outcome="duplicate"}')).toBe(1);
    expect(moved('backoffice_callbacks_processed_total{outcome="recorded"}')).toBe(0);
    expect(moved("backoffice_callbacks_unavailable_total")).toBe(0);
    expect(moved("backoffice_callback_apply_seconds_count")).toBe(2);
    expect(moved("backoffice_callback_apply_seconds_sum")).toBeGreaterThan(0);
  });

  it("counts the HighHelp requests of a register's client by endpoint and outcome, with their latency", async () => {
    const { client } = await registry.forProject(PROJECT_ID);
    const before = await text();
    expect((await client.balanceInfo()).ok).toBe(true);
    expect((await client.balanceInfo()).ok).toBe(true);
    const unknown = await client.p2pPayinInfo({ general: { payment_id: "M-NOT-AT-HIGHHELP" } });
    expect(unknown.ok ? null : unknown.error.kind).toBe("http_4xx");
    const after = await text();

    const moved = (series: string) => sample(after, series) - sample(before, series);
    expect(moved('backoffice_highhelp_requests_total{endpoint="balanceInfo",outcome="ok"}')).toBe(2);
    expect(moved('backoffice_highhelp_requests_total{endpoint="p2pPayinInfo",outcome="http_4xx"}')).toBe(1);
    expect(moved('backoffice_highhelp_requests_total{endpoint="p2pPayinInfo",outcome="ok"}')).toBe(0);
    expect(moved('backoffice_highhelp_request_seconds_count{endpoint="balanceInfo"}')).toBe(2);
    expect(moved('backoffice_highhelp_request_seconds_count{endpoint="p2pPayinInfo"}')).toBe(1);
  });
});
