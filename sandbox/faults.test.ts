import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { createHighHelpClient } from "@/lib/highhelp";

import { parseFaultSpec } from "./faults";
import {
  API,
  p2pPayinBody,
  payoutBody,
  ref,
  sleep,
  startReceiver,
  startTestSandbox,
  type Receiver,
  type TestSandbox,
} from "./testing/support";

let t: TestSandbox;
let rx: Receiver;
let seq = 0;
const nextId = (prefix: string) => `${prefix}-${++seq}`;

beforeAll(async () => {
  t = await startTestSandbox({ callbackRetries: 3, callbackBackoffMs: 20 });
  rx = await startReceiver(t.keys.alertPublicKeyPem);
});
afterAll(async () => {
  await t.stop();
  await rx.close();
});
afterEach(async () => {
  rx.respond = () => 200;
  await t.call("PUT", "/sandbox/faults", {});
});

async function setFaults(paymentId: string, faults: Record<string, unknown>): Promise<void> {
  const result = await t.call("PUT", `/sandbox/faults/${encodeURIComponent(paymentId)}`, faults);
  expect(result.status, JSON.stringify(result.json)).toBe(200);
}

async function attempts(paymentId: string) {
  return (await t.call("GET", `/sandbox/callbacks?payment_id=${encodeURIComponent(paymentId)}`)).json.callbacks as {
    attempt: number;
    copy: number;
    http_status: number | null;
    gave_up: boolean;
    faults: string[];
    sent_to: string | null;
    url: string;
    status: string;
    sub_status: string | null;
  }[];
}

const finalOf = (id: string) => t.waitForApp(id, (a) => a.status === "success" || a.status === "decline");

describe("callback delivery", () => {
  it("delivers https loopback URLs over http to the same host and port", async () => {
    const id = nextId("LOOP");
    await t.post(API.payout, payoutBody(id, rx.urls, 100));
    await rx.waitFor(id, 4);
    const log = await attempts(id);
    expect(log[0]!.url).toBe(rx.urls.merchant_callback_url);
    expect(log[0]!.sent_to).toBe(rx.urls.merchant_callback_url.replace("https://", "http://"));
  });

  it("retries with back-off until the receiver answers 2xx", async () => {
    const id = nextId("RETRY");
    let failures = 0;
    rx.respond = (_n, alert) => (alert.body.general.payment_id === id && failures++ < 2 ? 503 : 200);
    await t.post(API.payout, payoutBody(id, rx.urls, 100));
    await finalOf(id);
    await rx.waitFor(id, 6);
    const log = await attempts(id);
    const first = log.filter((a) => a.status === "processing" && a.sub_status === "new");
    expect(first.map((a) => [a.attempt, a.http_status])).toEqual([
      [1, 503],
      [2, 503],
      [3, 200],
    ]);
    // Later alerts waited for the first one: order kept.
    const order = rx
      .forPayment(id)
      .filter((a) => a.answeredWith === 200)
      .map((a) => a.body.status.sub_status ?? a.body.status.status);
    expect(order).toEqual(["new", "requisites", "payout_process", "success"]);
  });

  it("gives up after the configured retries and moves on", async () => {
    const id = nextId("GIVEUP");
    rx.respond = (_n, alert) => (alert.body.general.payment_id === id && alert.body.status.sub_status === "new" ? 500 : 200);
    await t.post(API.payout, payoutBody(id, rx.urls, 100));
    await rx.waitFor(id, 4 + 3);
    const log = (await attempts(id)).filter((a) => a.status === "processing" && a.sub_status === "new");
    expect(log.map((a) => a.attempt)).toEqual([1, 2, 3, 4]);
    expect(log.at(-1)!.gave_up).toBe(true);
  });
});

describe("callback faults", () => {
  it("corrupt_signature: the alert fails verification with the alert public key", async () => {
    const id = nextId("CORRUPT");
    await setFaults(id, { corrupt_signature: true });
    await t.post(API.payout, payoutBody(id, rx.urls, 100));
    const [alert] = await rx.waitFor(id, 1);
    expect(alert!.verification).toMatchObject({ ok: false, reason: "bad_signature" });
    expect((await attempts(id))[0]!.faults).toEqual(["corrupt_signature"]);
  });

  it("duplicate: each alert arrives three times, the first two concurrently", async () => {
    const id = nextId("DUPL");
    await setFaults(id, { duplicate: true });
    await t.post(API.payout, payoutBody(id, rx.urls, 100));
    await finalOf(id);
    const alerts = await rx.waitFor(id, 12);
    const counts = new Map<string, number>();
    for (const a of alerts)
      counts.set(
        a.body.status.sub_status ?? a.body.status.status,
        (counts.get(a.body.status.sub_status ?? a.body.status.status) ?? 0) + 1,
      );
    expect(Object.fromEntries(counts)).toEqual({ new: 3, requisites: 3, payout_process: 3, success: 3 });
    expect(alerts.every((a) => a.verification.ok)).toBe(true);
    const copies = (await attempts(id)).map((a) => a.copy).sort();
    expect(copies.filter((c) => c === 2)).toHaveLength(4);
  });

  it("reorder: alerts are held and delivered newest first — the final before the intermediate ones", async () => {
    const id = nextId("REORDER");
    await setFaults(id, { reorder: 5_000 });
    await t.post(API.payout, payoutBody(id, rx.urls, 100));
    const alerts = await rx.waitFor(id, 4);
    expect(alerts.map((a) => a.body.status.sub_status ?? a.body.status.status)).toEqual([
      "success",
      "payout_process",
      "requisites",
      "new",
    ]);
  });

  it("reorder: a hold shorter than the lifecycle releases what it has, newest first", async () => {
    const id = nextId("REORDER2");
    await setFaults(id, { reorder: 200 });
    await t.post(API.p2pPayin, p2pPayinBody(id, rx.urls, 10_095)); // rule 95 waits in awaiting_confirm
    const alerts = await rx.waitFor(id, 2);
    expect(alerts.map((a) => a.body.status.sub_status)).toEqual(["awaiting_confirm", "requisites"]);
  });

  it("delay: every alert waits before its first attempt, order kept", async () => {
    const id = nextId("DELAY");
    await setFaults(id, { delay: 150 });
    const started = Date.now();
    await t.post(API.payout, payoutBody(id, rx.urls, 100));
    const [first] = await rx.waitFor(id, 1);
    expect(first!.at - started).toBeGreaterThanOrEqual(140);
    const alerts = await rx.waitFor(id, 4, 3_000);
    expect(alerts.map((a) => a.body.status.sub_status ?? a.body.status.status)).toEqual([
      "new",
      "requisites",
      "payout_process",
      "success",
    ]);
  });

  it("drop: nothing is delivered; only info finds the truth", async () => {
    const id = nextId("DROP");
    await setFaults(id, { drop: true });
    await t.post(API.payout, payoutBody(id, rx.urls, 100));
    await finalOf(id);
    await sleep(50);
    expect(rx.forPayment(id)).toHaveLength(0);
    const log = await attempts(id);
    expect(log).toHaveLength(4);
    expect(log.every((a) => a.sent_to === null && a.faults.includes("drop"))).toBe(true);
    expect((await t.post(API.payoutInfo, ref(id))).json.status).toBe("success");
  });

  it("run-wide faults (PUT /sandbox/faults) apply to every application; per-application ones win", async () => {
    const put = await t.call("PUT", "/sandbox/faults", { drop: true });
    expect(put.json.global).toEqual({ drop: true });
    const dropped = nextId("GLOBAL");
    const kept = nextId("GLOBAL");
    await setFaults(kept, { drop: false, delay: 0 });
    await t.post(API.payout, payoutBody(dropped, rx.urls, 100));
    await t.post(API.payout, payoutBody(kept, rx.urls, 100));
    await finalOf(dropped);
    await rx.waitFor(kept, 4);
    expect(rx.forPayment(dropped)).toHaveLength(0);
  });
});

describe("API faults", () => {
  it("http_500: answers 500 without doing anything; a count runs down", async () => {
    const id = nextId("H500");
    await setFaults(id, { http_500: 1 });
    const first = await t.post(API.payout, payoutBody(id, rx.urls, 100));
    expect(first.status).toBe(500);
    expect(first.json.status).toBe("error");
    expect((await t.call("GET", `/sandbox/applications/${id}`)).status).toBe(404);
    expect((await t.post(API.payoutInfo, ref(id))).status).toBe(404);
    const second = await t.post(API.payout, payoutBody(id, rx.urls, 100));
    expect(second.status).toBe(200);
    const view = await t.call("GET", `/sandbox/applications/${id}`);
    expect(view.json.creates_received).toBe(2);
  });

  it("timeout_after_create: the application exists although the caller never got an answer", async () => {
    const id = nextId("HANG");
    // Prepared before the application exists.
    await setFaults(id, { timeout_after_create: true });
    const client = createHighHelpClient({
      baseUrl: t.sandbox.url,
      projectId: t.sandbox.projectId,
      signer: t.signer,
      timeoutMs: 200,
    });
    const result = await client.p2pPayoutCreate(payoutBody(id, rx.urls, 100) as never);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.kind).toBe("timeout");
    const view = await t.call("GET", `/sandbox/applications/${id}`);
    expect(view.status).toBe(200);
    expect(view.json.creates_received).toBe(1);
    const info = await client.p2pPayoutInfo({ general: { payment_id: id } });
    expect(info.ok).toBe(true);
  });

  it("timeout_after_create=0: the connection is reset at once", async () => {
    const id = nextId("RESET");
    await setFaults(id, { timeout_after_create: 0 });
    const result = await t.client.p2pPayoutCreate(payoutBody(id, rx.urls, 100) as never);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.kind).toBe("network");
    expect((await t.call("GET", `/sandbox/applications/${id}`)).status).toBe(200);
  });

  it("slow: answers after the given time, and only for its own application", async () => {
    const id = nextId("SLOW");
    await setFaults(id, { slow: 2_000 });
    const started = Date.now();
    const finished: string[] = [];
    const slow = t.post(API.payout, payoutBody(id, rx.urls, 100)).then((result) => (finished.push("slow"), result));
    await t.post(API.payoutInfo, ref("OTHER")).then(() => finished.push("other"));
    const result = await slow;
    expect(result.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_990);
    expect(finished).toEqual(["other", "slow"]);
  });

  it("refuses unknown faults and bad values", async () => {
    const unknown = await t.call("PUT", "/sandbox/faults/X", { explode: true });
    expect(unknown.status).toBe(400);
    expect(unknown.json.errors[0].field).toBe("explode");
    const bad = await t.call("PUT", "/sandbox/faults", { duplicate: 9 });
    expect(bad.status).toBe(400);
    const cleared = await t.call("DELETE", "/sandbox/faults/X");
    expect(cleared.status).toBe(200);
  });
});

describe("SANDBOX_FAULTS syntax", () => {
  it("parses names and name=value items", () => {
    expect(
      parseFaultSpec("duplicate, reorder=5000,delay=300,drop,corrupt_signature,http_500=2,timeout_after_create,slow=2000"),
    ).toEqual({
      ok: true,
      faults: {
        duplicate: 3,
        reorder: 5000,
        delay: 300,
        drop: true,
        corrupt_signature: true,
        http_500: 2,
        timeout_after_create: 120_000,
        slow: 2000,
      },
    });
    expect(parseFaultSpec("")).toEqual({ ok: true, faults: {} });
    expect(parseFaultSpec("explode").ok).toBe(false);
    expect(parseFaultSpec("delay=soon").ok).toBe(false);
    expect(parseFaultSpec("drop=3").ok).toBe(false);
  });

  it("a run started with faults applies them", async () => {
    const other = await startTestSandbox({ faults: "drop" });
    try {
      const faults = await other.call("GET", "/sandbox/faults");
      expect(faults.json.global).toEqual({ drop: true });
    } finally {
      await other.stop();
    }
  });
});
