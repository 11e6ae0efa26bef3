import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createHighHelpClient, createHighHelpSigner } from "@/lib/highhelp";

import { ensureSandboxKeys, ensureSandboxRegisters } from "./keys";
import { startSandbox } from "./server";
import {
  API,
  p2pPayinBody,
  payoutBody,
  ref,
  SECOND_REGISTER,
  startReceiver,
  startTestSandbox,
  waitUntil,
  type Receiver,
  type TestSandbox,
} from "./testing/support";

let t: TestSandbox;
let rx: Receiver;

beforeAll(async () => {
  t = await startTestSandbox();
  rx = await startReceiver(t.keys.alertPublicKeyPem);
});
afterAll(async () => {
  await t.stop();
  await rx.close();
});

describe("state across restarts", () => {
  it("keeps applications, balances and counts in <DATA_DIR>/sandbox/state.json (atomic write, no temp left)", async () => {
    await t.post(API.payout, payoutBody("KEEP-1", rx.urls, 100_000));
    await t.waitForApp("KEEP-1", (a) => a.status === "success");
    const before = await t.client.balanceInfo();
    await t.restart();
    const info = await t.post(API.payoutInfo, ref("KEEP-1"));
    expect(info.json).toMatchObject({ status: "success", payment_info: { amount: 100_000 } });
    expect(await t.client.balanceInfo()).toEqual(before);
    expect((await t.call("GET", "/sandbox/applications/KEEP-1")).json.creates_received).toBe(1);
    expect((await t.post(API.payout, payoutBody("KEEP-1", rx.urls, 100_000))).status).toBe(409);
    const files = fs.readdirSync(path.join(t.dataDir, "sandbox")).sort();
    expect(files).toEqual(["keys.json", "registers", "state.json", "state.lock"]);
    // The receiver's card is never written in full.
    expect(fs.readFileSync(path.join(t.dataDir, "sandbox", "state.json"), "utf8")).not.toContain("5169497700000008");
  });

  it("generates its keys on first start; requests signed with ensureSandboxKeys' merchant key pass", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sandbox-keys-"));
    const sandbox = await startSandbox({ dataDir, port: 0, log: () => {} });
    try {
      const keys = ensureSandboxKeys(dataDir);
      expect(sandbox.keys).toEqual(keys);
      // The second demo register gets its own RSA pairs, kept for the app to find.
      const [, second] = ensureSandboxRegisters(dataDir);
      expect(second).toMatchObject({ name: "Kyrgyzstan KGS", request: { kind: "rsa" }, alert: { kind: "rsa" } });
      expect(sandbox.registers[1]).toEqual(second);
      const signer = createHighHelpSigner({
        merchantId: sandbox.projectId,
        key: { kind: "rsa", privateKey: keys.merchantPrivateKeyPem },
      });
      const client = createHighHelpClient({ baseUrl: sandbox.url, projectId: sandbox.projectId, signer });
      const balance = await client.balanceInfo();
      expect(balance.ok).toBe(true);
    } finally {
      await sandbox.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("refuses a second sandbox on the same data directory", async () => {
    await expect(startSandbox({ dataDir: t.dataDir, port: 0, log: () => {} })).rejects.toThrow(/already uses/);
  });

  it("a waiting H2H pay-in is still waiting after a restart and can be confirmed to success", async () => {
    await t.post(API.p2pPayin, p2pPayinBody("KEEP-2", rx.urls, 10_000));
    const waiting = await t.waitForApp("KEEP-2", (a) => a.sub_status === "awaiting_confirm");
    await t.restart();
    const info = await t.post(API.p2pPayinInfo, ref("KEEP-2"));
    expect(info.json).toMatchObject({ status: "processing", sub_status: "awaiting_confirm", request_id: waiting.request_id });
    expect(info.json.recipient_requisites.pan).toBe(waiting.requisites.pan);
    expect((await t.post(API.p2pPayinConfirm, ref("KEEP-2"))).json.sub_status).toBe("paid");
    await t.waitForApp("KEEP-2", (a) => a.status === "success");
    // The sender's card is masked in the state, never kept in full.
    expect(fs.readFileSync(path.join(t.dataDir, "sandbox", "state.json"), "utf8")).not.toContain("4400430140020306");
  });

  it("resumes the lifecycle of a non-final application where it stopped", async () => {
    // Steps long enough that a busy machine still reads the application before its first step.
    await t.restart({ stepMs: 3_000 });
    await t.post(API.payout, payoutBody("KEEP-3", rx.urls, 200));
    const created = await t.call("GET", "/sandbox/applications/KEEP-3");
    expect(created.json.sub_status).toBe("new");
    expect(created.json.next_step_at).not.toBeNull();
    await t.sandbox.stop();
    await t.restart({ stepMs: 20 });
    const final = await t.waitForApp("KEEP-3", (a) => a.status === "success", 15_000);
    expect(final.history.map((h: { sub_status: string | null; status: string }) => h.sub_status ?? h.status)).toEqual([
      "new",
      "requisites",
      "payout_process",
      "success",
    ]);
  });

  it("sends the alerts still pending when it stopped once it is back", async () => {
    rx.respond = () => 503;
    await t.restart({ callbackBackoffMs: 10_000, callbackRetries: 5 });
    await t.post(API.payout, payoutBody("KEEP-4", rx.urls, 300));
    await t.waitForApp("KEEP-4", (a) => a.status === "success");
    expect((await t.call("GET", "/sandbox/applications/KEEP-4")).json.pending_callbacks).toBe(4);
    rx.respond = () => 200;
    await t.restart({ callbackBackoffMs: 20 });
    const alerts = await waitUntil(() => {
      const ok = rx.forPayment("KEEP-4").filter((a) => a.answeredWith === 200);
      return ok.length >= 4 ? ok : undefined;
    });
    expect(alerts.map((a) => a.body.status.sub_status ?? a.body.status.status)).toEqual([
      "new",
      "requisites",
      "payout_process",
      "success",
    ]);
    await waitUntil(async () =>
      (await t.call("GET", "/sandbox/applications/KEEP-4")).json.pending_callbacks === 0 ? true : undefined,
    );
  });

  it("reads a state of version 1: its one balance book becomes the first register's", async () => {
    const other = await startTestSandbox();
    try {
      await other.sandbox.stop();
      const file = path.join(other.dataDir, "sandbox", "state.json");
      const state = JSON.parse(fs.readFileSync(file, "utf8"));
      fs.writeFileSync(
        file,
        JSON.stringify({
          ...state,
          version: 1,
          balances: { KZT: { amount: 12_345, locked_amount: 0 }, UZS: { amount: 7, locked_amount: 0 } },
        }),
      );
      await other.restart();
      const balance = await other.client.balanceInfo();
      expect(balance.ok && balance.data.balance).toEqual([
        { currency: "KZT", amount: 12_345, locked_amount: 0 },
        { currency: "UZS", amount: 7, locked_amount: 0 },
      ]);
      const books = (await other.call("GET", "/sandbox/balances")).json.balances;
      expect(Object.keys(books[SECOND_REGISTER.projectId])).toEqual(["KGS"]);
      expect(JSON.parse(fs.readFileSync(file, "utf8")).version).toBe(2);
    } finally {
      await other.stop();
    }
  });

  it("POST /sandbox/reset forgets everything and restores the balances", async () => {
    const reset = await t.call("POST", "/sandbox/reset");
    expect(reset.status).toBe(200);
    expect((await t.call("GET", "/sandbox/applications")).json).toEqual({ applications: [], creates_received: {} });
    expect((await t.call("GET", "/sandbox/callbacks")).json.callbacks).toEqual([]);
    const balance = await t.client.balanceInfo();
    expect(balance.ok && balance.data.balance.every((b) => b.amount === 1_000_000_000 && b.locked_amount === 0)).toBe(true);
    expect((await t.post(API.payoutInfo, ref("KEEP-1"))).status).toBe(404);
  });
});

describe("control API and pages", () => {
  it("answers health, the outcome table, and the overview page", async () => {
    const health = await t.call("GET", "/sandbox/health");
    expect(health.json).toMatchObject({ status: "ok", project_id: t.sandbox.projectId, url: t.sandbox.url });
    const outcomes = await t.call("GET", "/sandbox/outcomes");
    expect(outcomes.json.rules.map((r: { digits: string }) => r.digits)).toEqual([
      "00-89",
      "90",
      "91",
      "92",
      "93",
      "94",
      "95",
      "96",
      "97",
      "98",
      "99",
    ]);
    await t.post(API.payout, payoutBody("PAGE-<1>", rx.urls, 100));
    const page = await t.call("GET", "/");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(page.text).toContain("PAGE-&lt;1&gt;");
    expect(page.text).not.toContain("PAGE-<1>");
  });

  it("lists applications with the count of creates received, and callbacks", async () => {
    const list = await t.call("GET", "/sandbox/applications");
    expect(list.json.creates_received["PAGE-<1>"]).toBe(1);
    expect(list.json.applications[0]).toMatchObject({ payment_id: "PAGE-<1>", creates_received: 1, flow: "p2p_payout" });
    await rx.waitFor("PAGE-<1>", 4);
    const callbacks = await t.call("GET", `/sandbox/callbacks?payment_id=${encodeURIComponent("PAGE-<1>")}`);
    expect(callbacks.json.callbacks[0]).toMatchObject({
      payment_id: "PAGE-<1>",
      attempt: 1,
      http_status: 200,
      kind: "intermediate",
    });
  });

  it("answers 404 JSON for unknown control paths and applications", async () => {
    expect((await t.call("GET", "/sandbox/nothing")).status).toBe(404);
    const missing = await t.call("POST", "/sandbox/applications/NOPE/advance");
    expect(missing.status).toBe(404);
    expect(missing.json.status).toBe("error");
  });
});
