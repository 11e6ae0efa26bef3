/**
 * Test helpers for the sandbox's own tests: an in-process sandbox on a free port in a temporary
 * DATA_DIR with fast timing, a signed raw POST (to send what the typed client would refuse), and
 * a local alert receiver on 127.0.0.1. Test only.
 */
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";

import {
  alertSchema,
  createHighHelpClient,
  createHighHelpSigner,
  verifyAlertSignature,
  type HighHelpAlert,
  type HighHelpClient,
  type HighHelpSigner,
  type VerificationResult,
} from "@/lib/highhelp";
import { ALERT_PRIVATE_PEM, ALERT_PUBLIC_PEM, MERCHANT_PRIVATE_PEM, MERCHANT_PUBLIC_PEM } from "@/test/highhelp";

import type { SandboxOptions } from "@/sandbox/config";
import {
  SANDBOX_PROJECT_ID,
  SANDBOX_REGISTERS,
  writeSandboxRegister,
  type SandboxKeys,
  type SandboxRegister,
} from "@/sandbox/keys";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";

export const PROJECT_ID = SANDBOX_PROJECT_ID;

/** The test sandbox's second cash register signs with HMAC both ways (no RSA generation per test file). */
export const SECOND_REGISTER: SandboxRegister = {
  projectId: SANDBOX_REGISTERS[1]!.projectId,
  name: SANDBOX_REGISTERS[1]!.name,
  currencies: [...SANDBOX_REGISTERS[1]!.currencies],
  request: { kind: "hmac", secret: "sandbox-test-second-register-request-secret" },
  alert: { kind: "hmac", secret: "sandbox-test-second-register-alert-secret" },
};

export interface HttpResult {
  status: number;
  // Tests read answers loosely.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
  text: string;
  headers: Headers;
}

export interface TestSandbox {
  sandbox: RunningSandbox;
  dataDir: string;
  keys: SandboxKeys;
  signer: HighHelpSigner;
  client: HighHelpClient;
  /** A signed POST of any JSON body (or raw text) to an API path. */
  post(
    apiPath: string,
    body: unknown,
    options?: { timestamp?: number; headers?: Record<string, string | null>; raw?: string },
  ): Promise<HttpResult>;
  /** A plain request to the control API or pages. */
  call(method: string, urlPath: string, body?: unknown): Promise<HttpResult>;
  /** Polls the control API until the application satisfies `test`. */
  waitForApp(
    paymentId: string,
    test: (app: { status: string; sub_status: string | null; [key: string]: unknown }) => boolean,
    timeoutMs?: number,
  ): Promise<HttpResult["json"]>;
  restart(overrides?: Partial<SandboxOptions>): Promise<void>;
  stop(): Promise<void>;
}

/** The fixture key pairs as keys.json, and the second register's secrets: no RSA generation per test file. */
function writeFixtureKeys(dataDir: string): SandboxKeys {
  const keys: SandboxKeys = {
    merchantPrivateKeyPem: MERCHANT_PRIVATE_PEM,
    merchantPublicKeyPem: MERCHANT_PUBLIC_PEM,
    alertPrivateKeyPem: ALERT_PRIVATE_PEM,
    alertPublicKeyPem: ALERT_PUBLIC_PEM,
  };
  fs.mkdirSync(path.join(dataDir, "sandbox"), { recursive: true });
  fs.writeFileSync(path.join(dataDir, "sandbox", "keys.json"), JSON.stringify(keys));
  writeSandboxRegister(dataDir, SECOND_REGISTER);
  return keys;
}

async function asResult(response: Response): Promise<HttpResult> {
  const text = await response.text();
  let json: unknown = undefined;
  try {
    json = JSON.parse(text);
  } catch {
    // HTML pages and empty bodies
  }
  return { status: response.status, json, text, headers: response.headers };
}

export async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

export async function waitUntil<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 3_000,
  what = "condition",
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

export async function startTestSandbox(overrides: Partial<SandboxOptions> = {}): Promise<TestSandbox> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sandbox-test-"));
  const keys = writeFixtureKeys(dataDir);
  const base: SandboxOptions = {
    dataDir,
    port: 0,
    stepMs: 20,
    callbackRetries: 3,
    callbackBackoffMs: 20,
    callbackTimeoutMs: 1_000,
    log: () => {},
    ...overrides,
  };
  let sandbox = await startSandbox(base);
  const signer = createHighHelpSigner({ merchantId: PROJECT_ID, key: { kind: "rsa", privateKey: keys.merchantPrivateKeyPem } });
  const makeClient = () =>
    createHighHelpClient({ baseUrl: sandbox.url, projectId: PROJECT_ID, signer, timeoutMs: 2_000, retry: { attempts: 1 } });
  let client = makeClient();

  const test: TestSandbox = {
    get sandbox() {
      return sandbox;
    },
    dataDir,
    keys,
    signer,
    get client() {
      return client;
    },
    async post(apiPath, body, options = {}) {
      const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
      const headers: Record<string, string> = { ...signer.headers(body, timestamp) } as Record<string, string>;
      for (const [name, value] of Object.entries(options.headers ?? {})) {
        if (value === null) delete headers[name];
        else headers[name] = value;
      }
      const response = await fetch(sandbox.url + apiPath, { method: "POST", headers, body: options.raw ?? JSON.stringify(body) });
      return asResult(response);
    },
    async call(method, urlPath, body) {
      const response = await fetch(sandbox.url + urlPath, {
        method,
        headers: body === undefined ? {} : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
        redirect: "manual",
      });
      return asResult(response);
    },
    async waitForApp(paymentId, check, timeoutMs = 3_000) {
      return waitUntil(
        async () => {
          const result = await test.call("GET", `/sandbox/applications/${encodeURIComponent(paymentId)}`);
          return result.status === 200 && check(result.json) ? result.json : undefined;
        },
        timeoutMs,
        `application ${paymentId}`,
      );
    },
    async restart(more = {}) {
      await sandbox.stop();
      sandbox = await startSandbox({ ...base, ...more });
      client = makeClient();
    },
    async stop() {
      await sandbox.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return test;
}

export interface ReceivedAlert {
  kind: string;
  rawBody: string;
  headers: http.IncomingHttpHeaders;
  body: HighHelpAlert;
  verification: VerificationResult;
  /** Epoch ms. */
  at: number;
  answeredWith: number;
}

export interface Receiver {
  /** `https://127.0.0.1:<port>/cb/<kind>`: delivered over http by the sandbox's loopback leniency. */
  urls: { merchant_callback_url: string; merchant_success_callback_url: string; merchant_decline_callback_url: string };
  received: ReceivedAlert[];
  /** The HTTP status for the n-th request (0-based); default 200. */
  respond: (n: number, alert: ReceivedAlert) => number;
  forPayment(paymentId: string): ReceivedAlert[];
  waitFor(paymentId: string, count: number, timeoutMs?: number): Promise<ReceivedAlert[]>;
  close(): Promise<void>;
}

/** A merchant's callback endpoint on 127.0.0.1 that verifies what it gets with the alert public key. */
export async function startReceiver(alertPublicKeyPem: string): Promise<Receiver> {
  const received: ReceivedAlert[] = [];
  let n = 0;
  const receiver: Receiver = {
    urls: { merchant_callback_url: "", merchant_success_callback_url: "", merchant_decline_callback_url: "" },
    received,
    respond: () => 200,
    forPayment: (paymentId) => received.filter((a) => a.body.general.payment_id === paymentId),
    waitFor: (paymentId, count, timeoutMs = 3_000) =>
      waitUntil(
        () => {
          const list = receiver.forPayment(paymentId);
          return list.length >= count ? list : undefined;
        },
        timeoutMs,
        `${count} alerts for ${paymentId}`,
      ),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const rawBody = Buffer.concat(chunks).toString("utf8");
      const verification = verifyAlertSignature({
        rawBody,
        signature: req.headers["x-access-signature"] as string | undefined,
        timestamp: req.headers["x-access-timestamp"] as string | undefined,
        key: { kind: "rsa", publicKey: alertPublicKeyPem },
      });
      const alert: ReceivedAlert = {
        kind: (req.url ?? "").replace(/^\/cb\//, ""),
        rawBody,
        headers: req.headers,
        body: alertSchema.parse(JSON.parse(rawBody)),
        verification,
        at: Date.now(),
        answeredWith: 0,
      };
      alert.answeredWith = receiver.respond(n++, alert);
      received.push(alert);
      res.writeHead(alert.answeredWith, { "content-type": "application/json" });
      res.end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const base = `https://127.0.0.1:${port}/cb`;
  receiver.urls = {
    merchant_callback_url: `${base}/intermediate`,
    merchant_success_callback_url: `${base}/success`,
    merchant_decline_callback_url: `${base}/decline`,
  };
  return receiver;
}

/** A valid P2P pay-in body (shaped like the docs' Kazakhstan sample). */
export function p2pPayinBody(
  paymentId: string,
  urls: Receiver["urls"] | Record<string, string>,
  amount = 500_000,
): Record<string, unknown> {
  return {
    general: { project_id: PROJECT_ID, payment_id: paymentId, ...urls, redirect_url: "https://shop.example/order" },
    payment: { method: "card-p2p", amount, currency: "KZT", lifetime: 300, description: "Test", extra_param: "example" },
    sender: { pan: "4400430140020306", card_holder: "Alex Johnson" },
    customer: {
      id: "cus_1",
      ip_address: "192.0.2.1",
      country: "KZ",
      language: "kk",
      customer_type: "ftd",
      email: "c@example.com",
    },
  };
}

/** A valid card-p2p payout body (shaped like the docs' Kazakhstan sample). */
export function payoutBody(
  paymentId: string,
  urls: Receiver["urls"] | Record<string, string>,
  amount = 300_000,
): Record<string, unknown> {
  return {
    general: { project_id: PROJECT_ID, payment_id: paymentId, ...urls },
    receiver: { pan: "5169497700000008", card_holder: "Nurlan Temirbek" },
    payment: { method: "card-p2p", amount, currency: "KZT", description: "Payout" },
    customer: { id: "cus_1", country: "KZ" },
  };
}

/** A valid widget pay-in body (shaped like the docs' Kyrgyzstan sample). */
export function widgetBody(
  paymentId: string,
  urls: Receiver["urls"] | Record<string, string>,
  amount = 1_500_000,
  widgetMethod = "payin-p2p-card",
  currency = "KGS",
): Record<string, unknown> {
  return {
    general: { project_id: PROJECT_ID, payment_id: paymentId, ...urls, redirect_url: "https://shop.example/order" },
    payment: { amount, currency, lifetime: 300, widget_method: widgetMethod },
    customer: { id: "cus_1", country: currency === "KGS" ? "KG" : "KZ" },
  };
}

export const API = {
  p2pPayin: "/api/v1/payment/p2p/payin",
  p2pPayinInfo: "/api/v1/payment/p2p/payin/info",
  p2pPayinConfirm: "/api/v1/payment/p2p/payin/confirm",
  p2pPayinCancel: "/api/v1/payment/p2p/payin/cancel",
  payout: "/api/v1/payment/p2p/payout",
  payoutInfo: "/api/v1/payment/p2p/payout/info",
  widget: "/api/v1/widget/payin",
  widgetInfo: "/api/v1/widget/payin/info",
  widgetConfirm: "/api/v1/widget/payin/confirm",
  widgetCancel: "/api/v1/widget/payin/cancel",
  ecom: "/api/v1/payment/ecom/payin",
  ecomInfo: "/api/v1/payment/ecom/payin/info",
  balance: "/api/v1/balance/info",
  banks: "/api/v1/bank/all",
} as const;

export function ref(paymentId: string) {
  return { general: { project_id: PROJECT_ID, payment_id: paymentId } };
}
