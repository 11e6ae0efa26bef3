import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import {
  createHighHelpClient,
  type HighHelpClient,
  type HighHelpClientConfig,
  type HighHelpLogger,
  type HighHelpRequestObservation,
} from "./client";
import { HIGHHELP_ENDPOINTS, type EndpointName } from "./endpoints";
import { describeHighHelpError, type HighHelpError, type HighHelpResult } from "./errors";
import { createHighHelpSigner } from "./signer";
import { MERCHANT_PRIVATE_PEM, MERCHANT_PUBLIC_PEM } from "@/test/highhelp";
import {
  BALANCE_RESPONSE,
  KG_WIDGET_P2P_CREATE,
  KZ_P2P_PAYIN_CREATE,
  KZ_P2P_PAYOUT_CREATE,
  KZ_PAYIN_CREATE_RESPONSE,
  KZ_PAYIN_INFO_RESPONSE,
  PROJECT_ID,
} from "@/test/highhelp/samples";
import { verifyRequestSignature } from "./verify";

interface Captured {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

type Handler = (request: Captured, response: ServerResponse) => void;

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Handler =>
  (_req, res) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };
const text =
  (status: number, body: string): Handler =>
  (_req, res) => {
    res.writeHead(status, { "content-type": "text/plain" });
    res.end(body);
  };
const hang: Handler = () => {
  // never answers: the client's timeout must fire
};

let server: Server;
let baseUrl: string;
let captured: Captured[] = [];
let handlers: Handler[] = [];
let fallback: Handler = json(200, KZ_PAYIN_CREATE_RESPONSE);

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const request = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      captured.push(request);
      (handlers.shift() ?? fallback)(request, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(() => {
  captured = [];
  handlers = [];
  fallback = json(200, KZ_PAYIN_CREATE_RESPONSE);
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const signer = createHighHelpSigner({ merchantId: PROJECT_ID, key: { kind: "rsa", privateKey: MERCHANT_PRIVATE_PEM } });
const START = 1_706_182_847;

function client(overrides: Partial<HighHelpClientConfig> = {}): HighHelpClient {
  let clock = START * 1000;
  return createHighHelpClient({
    baseUrl,
    projectId: PROJECT_ID,
    signer,
    retry: { attempts: 3, baseDelayMs: 1 },
    // Each reading of the clock moves one second on: every attempt gets a fresh timestamp.
    now: () => (clock += 1000),
    ...overrides,
  });
}

function expectVerifiedBy(request: Captured): { timestamp: number } {
  const timestamp = Number(request.headers["x-access-timestamp"]);
  const result = verifyRequestSignature({
    rawBody: request.body,
    headers: request.headers,
    key: { kind: "rsa", publicKey: MERCHANT_PUBLIC_PEM },
    nowSeconds: timestamp,
    expectedMerchantId: PROJECT_ID,
  });
  expect(result.ok, JSON.stringify(result)).toBe(true);
  return { timestamp };
}

function failure(result: HighHelpResult<unknown>): HighHelpError {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.data)}`);
  return result.error;
}

const reference = { general: { payment_id: "KZT-VISA-123456" } };
const referenceSent = { general: { payment_id: "KZT-VISA-123456", project_id: PROJECT_ID } };
const { project_id: _dropped, ...payinGeneral } = KZ_P2P_PAYIN_CREATE.general;
const payinWithoutProject = { ...KZ_P2P_PAYIN_CREATE, general: payinGeneral };
const ecomBody = {
  general: { payment_id: "E-1", merchant_success_callback_url: "https://shop.example/ok" },
  payment: { method: "card-ecom", amount: 1000, currency: "UZS" },
  card: { opaque: "block" },
  customer: { id: "c-1", ip_address: "192.0.2.1" },
};

interface EndpointCase {
  name: EndpointName;
  call: (c: HighHelpClient) => Promise<HighHelpResult<unknown>>;
  sent: unknown;
  answer: unknown;
  data: unknown;
}

const ENDPOINT_CASES: EndpointCase[] = [
  {
    name: "p2pPayinCreate",
    call: (c) => c.p2pPayinCreate(payinWithoutProject),
    sent: KZ_P2P_PAYIN_CREATE,
    answer: KZ_PAYIN_CREATE_RESPONSE,
    data: KZ_PAYIN_CREATE_RESPONSE,
  },
  {
    name: "p2pPayinInfo",
    call: (c) => c.p2pPayinInfo(reference),
    sent: referenceSent,
    answer: KZ_PAYIN_INFO_RESPONSE,
    data: KZ_PAYIN_INFO_RESPONSE,
  },
  {
    name: "p2pPayinConfirm",
    call: (c) => c.p2pPayinConfirm(reference),
    sent: referenceSent,
    answer: KZ_PAYIN_CREATE_RESPONSE,
    data: KZ_PAYIN_CREATE_RESPONSE,
  },
  {
    name: "p2pPayinCancel",
    call: (c) => c.p2pPayinCancel(referenceSent),
    sent: referenceSent,
    answer: KZ_PAYIN_CREATE_RESPONSE,
    data: KZ_PAYIN_CREATE_RESPONSE,
  },
  {
    name: "p2pPayoutCreate",
    call: (c) => c.p2pPayoutCreate(KZ_P2P_PAYOUT_CREATE),
    sent: KZ_P2P_PAYOUT_CREATE,
    answer: KZ_PAYIN_CREATE_RESPONSE,
    data: KZ_PAYIN_CREATE_RESPONSE,
  },
  {
    name: "p2pPayoutInfo",
    call: (c) => c.p2pPayoutInfo(reference),
    sent: referenceSent,
    answer: KZ_PAYIN_INFO_RESPONSE,
    data: KZ_PAYIN_INFO_RESPONSE,
  },
  {
    name: "widgetPayinCreate",
    call: (c) => c.widgetPayinCreate(KG_WIDGET_P2P_CREATE),
    sent: KG_WIDGET_P2P_CREATE,
    answer: KZ_PAYIN_CREATE_RESPONSE,
    data: KZ_PAYIN_CREATE_RESPONSE,
  },
  {
    name: "widgetPayinInfo",
    call: (c) => c.widgetPayinInfo(reference),
    sent: referenceSent,
    answer: KZ_PAYIN_INFO_RESPONSE,
    data: KZ_PAYIN_INFO_RESPONSE,
  },
  {
    name: "widgetPayinConfirm",
    call: (c) => c.widgetPayinConfirm(reference),
    sent: referenceSent,
    answer: KZ_PAYIN_CREATE_RESPONSE,
    data: KZ_PAYIN_CREATE_RESPONSE,
  },
  {
    name: "widgetPayinCancel",
    call: (c) => c.widgetPayinCancel(reference),
    sent: referenceSent,
    answer: KZ_PAYIN_CREATE_RESPONSE,
    data: KZ_PAYIN_CREATE_RESPONSE,
  },
  {
    name: "ecomPayinCreate",
    call: (c) => c.ecomPayinCreate(ecomBody),
    sent: { ...ecomBody, general: { ...ecomBody.general, project_id: PROJECT_ID } },
    answer: KZ_PAYIN_CREATE_RESPONSE,
    data: KZ_PAYIN_CREATE_RESPONSE,
  },
  {
    name: "ecomPayinInfo",
    call: (c) => c.ecomPayinInfo(reference),
    sent: referenceSent,
    answer: KZ_PAYIN_INFO_RESPONSE,
    data: KZ_PAYIN_INFO_RESPONSE,
  },
  {
    name: "balanceInfo",
    call: (c) => c.balanceInfo(),
    sent: { general: { project_id: PROJECT_ID } },
    answer: BALANCE_RESPONSE,
    data: BALANCE_RESPONSE,
  },
  {
    name: "bankList",
    call: (c) => c.bankList(),
    sent: { general: { project_id: PROJECT_ID } },
    answer: [{ symbol: "kaspi-kzt", name: "Kaspi" }],
    data: { banks: [{ symbol: "kaspi-kzt", name: "Kaspi", raw: { symbol: "kaspi-kzt", name: "Kaspi" } }] },
  },
];

describe("every endpoint: path, signed headers, body, parsed answer", () => {
  it("covers every endpoint of the table", () => {
    expect(ENDPOINT_CASES.map((c) => c.name).sort()).toEqual(Object.keys(HIGHHELP_ENDPOINTS).sort());
  });

  it.each(ENDPOINT_CASES)("$name", async ({ name, call, sent, answer, data }) => {
    fallback = json(200, answer);
    const result = await call(client());
    expect(result).toEqual({ ok: true, data, httpStatus: 200 });
    expect(captured).toHaveLength(1);
    const [request] = captured as [Captured];
    expect(request.method).toBe("POST");
    expect(request.url).toBe(HIGHHELP_ENDPOINTS[name].path);
    expect(request.headers["content-type"]).toBe("application/json");
    expect(request.headers["x-access-merchant-id"]).toBe(PROJECT_ID);
    expect(request.headers["x-access-timestamp"]).toMatch(/^\d+$/);
    expect(request.headers["x-access-token"]).toBe(signer.accessToken);
    expect(request.headers["x-access-signature"]).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(request.headers["x-access-merchant-algorithm"]).toBeUndefined();
    expect(JSON.parse(request.body)).toEqual(sent);
    expectVerifiedBy(request);
  });

  it("keeps a path prefix of the base URL", async () => {
    await client({ baseUrl: `${baseUrl}/gateway/` }).balanceInfo();
    expect(captured[0]?.url).toBe("/gateway/api/v1/balance/info");
  });

  it("signs with HMAC and sends the algorithm header when configured so", async () => {
    const hmacSigner = createHighHelpSigner({ merchantId: PROJECT_ID, key: { kind: "hmac", secret: "s3cret" } });
    fallback = json(200, BALANCE_RESPONSE);
    expect((await client({ signer: hmacSigner }).balanceInfo()).ok).toBe(true);
    const request = captured[0] as Captured;
    expect(request.headers["x-access-merchant-algorithm"]).toBe("HMAC-SHA512");
    expect(
      verifyRequestSignature({
        rawBody: request.body,
        headers: request.headers,
        key: { kind: "hmac", secret: "s3cret" },
        nowSeconds: Number(request.headers["x-access-timestamp"]),
      }).ok,
    ).toBe(true);
  });
});

describe("errors become values", () => {
  it("400 with a JSON body: http_4xx with status_description, not retried even for reads", async () => {
    handlers = [json(400, { status: "error", status_description: "Invalid signature" })];
    const error = failure(await client().p2pPayinInfo(reference));
    expect(error).toMatchObject({
      kind: "http_4xx",
      status: 400,
      description: "Invalid signature",
      bodyJson: { status: "error", status_description: "Invalid signature" },
      attempts: 1,
    });
    expect(captured).toHaveLength(1);
    expect(describeHighHelpError(error)).toContain("Invalid signature");
  });

  it("401 with a text body: http_4xx keeping the raw text", async () => {
    handlers = [text(401, "Unauthorized")];
    const error = failure(await client().balanceInfo());
    expect(error).toMatchObject({
      kind: "http_4xx",
      status: 401,
      bodyText: "Unauthorized",
      bodyJson: undefined,
      description: undefined,
    });
  });

  it("FastAPI-style detail lists become the description", async () => {
    handlers = [json(422, { detail: [{ loc: ["body", "payment", "amount"], msg: "too small" }] })];
    expect(failure(await client().balanceInfo())).toMatchObject({ description: "body.payment.amount: too small" });
  });

  it("500 on a read: retried up to the attempt limit, each retry re-signed", async () => {
    fallback = json(500, { message: "boom" });
    const error = failure(await client().p2pPayinInfo(reference));
    expect(error).toMatchObject({ kind: "http_5xx", status: 500, description: "boom", attempts: 3 });
    expect(captured).toHaveLength(3);
    const timestamps = captured.map((request) => expectVerifiedBy(request).timestamp);
    expect(new Set(timestamps).size).toBe(3);
  });

  it("503 then success on a read: succeeds on the second attempt", async () => {
    handlers = [json(503, { detail: "maintenance" }), json(200, KZ_PAYIN_INFO_RESPONSE)];
    expect(await client().p2pPayinInfo(reference)).toEqual({ ok: true, data: KZ_PAYIN_INFO_RESPONSE, httpStatus: 200 });
    expect(captured).toHaveLength(2);
    const [first, second] = captured.map((request) => expectVerifiedBy(request).timestamp);
    expect(second).toBeGreaterThan(first ?? Infinity);
  });

  it("429 then success on a read, honouring Retry-After within the cap", async () => {
    const delays: number[] = [];
    handlers = [json(429, { message: "slow down" }, { "retry-after": "1" }), json(200, BALANCE_RESPONSE)];
    const result = await client({
      retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 50 },
      sleep: async (ms) => {
        delays.push(ms);
      },
    }).balanceInfo();
    expect(result.ok).toBe(true);
    expect(delays).toEqual([50]);
  });

  it("backs off exponentially with jitter", async () => {
    const delays: number[] = [];
    fallback = json(502, {});
    await client({
      retry: { attempts: 4, baseDelayMs: 100 },
      random: () => 1,
      sleep: async (ms) => {
        delays.push(ms);
      },
    }).balanceInfo();
    expect(delays).toEqual([100, 200, 400]);
  });

  it.each([
    ["p2pPayinCreate", (c: HighHelpClient) => c.p2pPayinCreate(payinWithoutProject)],
    ["p2pPayoutCreate", (c: HighHelpClient) => c.p2pPayoutCreate(KZ_P2P_PAYOUT_CREATE)],
    ["widgetPayinCreate", (c: HighHelpClient) => c.widgetPayinCreate(KG_WIDGET_P2P_CREATE)],
    ["p2pPayinConfirm", (c: HighHelpClient) => c.p2pPayinConfirm(reference)],
    ["widgetPayinCancel", (c: HighHelpClient) => c.widgetPayinCancel(reference)],
  ] as const)("%s is sent exactly once on 500", async (_name, call) => {
    fallback = json(500, {});
    const error = failure(await call(client()));
    expect(error).toMatchObject({ kind: "http_5xx", attempts: 1 });
    expect(captured).toHaveLength(1);
    expect(describeHighHelpError(error)).toContain("check it with the info call");
  });

  it("timeout: a read is retried, a create is sent exactly once", async () => {
    fallback = hang;
    const read = failure(await client({ timeoutMs: 80 }).p2pPayinInfo(reference));
    expect(read).toMatchObject({ kind: "timeout", timeoutMs: 80, attempts: 3 });
    expect(captured).toHaveLength(3);

    captured = [];
    const started = Date.now();
    const create = failure(await client({ timeoutMs: 80 }).p2pPayinCreate(payinWithoutProject));
    expect(create).toMatchObject({ kind: "timeout", attempts: 1 });
    expect(Date.now() - started).toBeLessThan(2000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(captured).toHaveLength(1);
  });

  it("a body that is not JSON: malformed_response not_json", async () => {
    handlers = [text(200, "<html>ok</html>")];
    expect(failure(await client().p2pPayinInfo(reference))).toMatchObject({
      kind: "malformed_response",
      reason: "not_json",
      status: 200,
      bodyText: "<html>ok</html>",
    });
    expect(captured).toHaveLength(1);
  });

  it("JSON of the wrong shape: malformed_response schema_mismatch with issues", async () => {
    handlers = [json(200, { status: "finished", payment_info: { amount: "100" } })];
    const error = failure(await client().p2pPayinInfo(reference));
    expect(error).toMatchObject({ kind: "malformed_response", reason: "schema_mismatch" });
    expect(error.kind === "malformed_response" && error.issues.map((i) => i.path)).toEqual(["status", "payment_info.amount"]);
  });

  it("a redirect is not followed: malformed_response unexpected_status", async () => {
    handlers = [
      (_req, res) => {
        res.writeHead(302, { location: "https://elsewhere.example/" });
        res.end();
      },
    ];
    expect(failure(await client().balanceInfo())).toMatchObject({
      kind: "malformed_response",
      reason: "unexpected_status",
      status: 302,
    });
  });

  it("connection refused: network error with its code, reads retried", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = failure(await client({ baseUrl: `http://127.0.0.1:${port}` }).balanceInfo());
    expect(error).toMatchObject({ kind: "network", code: "ECONNREFUSED", attempts: 3 });
    expect(describeHighHelpError(error)).toContain("ECONNREFUSED");
  });

  it("an injected fetch that throws is a network error", async () => {
    const error = failure(
      await client({
        fetch: async () => {
          throw new TypeError("socket hang up");
        },
      }).p2pPayinCreate(payinWithoutProject),
    );
    expect(error).toMatchObject({ kind: "network", message: "socket hang up", attempts: 1 });
  });
});

describe("invalid requests are refused before sending", () => {
  const payin = KZ_P2P_PAYIN_CREATE;
  const payout = KZ_P2P_PAYOUT_CREATE;
  const longUrl = `https://shop.example/${"a".repeat(2048)}`;

  it.each([
    ["amount 0", () => client().p2pPayinCreate({ ...payin, payment: { ...payin.payment, amount: 0 } }), "payment.amount"],
    [
      "amount 10^13+1",
      () => client().p2pPayinCreate({ ...payin, payment: { ...payin.payment, amount: 10_000_000_000_001 } }),
      "payment.amount",
    ],
    [
      "lifetime 299",
      () => client().p2pPayinCreate({ ...payin, payment: { ...payin.payment, lifetime: 299 } }),
      "payment.lifetime",
    ],
    [
      "lifetime 601",
      () => client().widgetPayinCreate({ ...KG_WIDGET_P2P_CREATE, payment: { ...KG_WIDGET_P2P_CREATE.payment, lifetime: 601 } }),
      "payment.lifetime",
    ],
    [
      "http:// callback",
      () => client().p2pPayinCreate({ ...payin, general: { ...payin.general, merchant_callback_url: "http://shop.example/cb" } }),
      "general.merchant_callback_url",
    ],
    [
      "URL > 2048",
      () => client().p2pPayinCreate({ ...payin, general: { ...payin.general, redirect_url: longUrl } }),
      "general.redirect_url",
    ],
    [
      "bad extra_param",
      () => client().p2pPayinCreate({ ...payin, payment: { ...payin.payment, extra_param: "no spaces allowed" } }),
      "payment.extra_param",
    ],
    ["bad phone", () => client().p2pPayinCreate({ ...payin, sender: { phone: "+7 700 123 45 67" } }), "sender.phone"],
    [
      "phone outside the KZ pattern",
      () => client().p2pPayinCreate({ ...payin, sender: { phone: "+99655512345" } }),
      "sender.phone",
    ],
    [
      "bad card holder",
      () => client().p2pPayinCreate({ ...payin, sender: { card_holder: "Robert'); DROP TABLE--;" } }),
      "sender.card_holder",
    ],
    [
      "card-p2p payout without pan",
      () => client().p2pPayoutCreate({ ...payout, receiver: { card_holder: "Nurlan Temirbek" } }),
      "receiver.pan",
    ],
    [
      "unknown key",
      () => client().p2pPayinCreate({ ...payin, payment: { ...payin.payment, ammount: 1 } } as never),
      "payment.ammount",
    ],
    [
      "foreign project_id",
      () => client().p2pPayinInfo({ general: { project_id: "other", payment_id: "x" } }),
      "general.project_id",
    ],
    ["payment_id missing", () => client().p2pPayinInfo({ general: {} } as never), "general.payment_id"],
  ])("%s", async (_name, call, path) => {
    const error = failure(await call());
    expect(error.kind).toBe("invalid_request");
    expect(error.kind === "invalid_request" && error.issues.map((i) => i.path)).toContain(path);
    expect(describeHighHelpError(error)).toContain(path);
    expect(captured).toHaveLength(0);
  });

  it("edge amounts 1 and 10^13 pass", async () => {
    for (const amount of [1, 10_000_000_000_000]) {
      expect((await client().p2pPayinCreate({ ...payin, payment: { ...payin.payment, amount } })).ok).toBe(true);
    }
    expect(captured.map((r) => (JSON.parse(r.body) as typeof payin).payment.amount)).toEqual([1, 10_000_000_000_000]);
  });

  it("an opaque ECOM card block that cannot be signed faithfully is refused", async () => {
    const error = failure(await client().ecomPayinCreate({ ...ecomBody, card: { n: 2 ** 60 } }));
    expect(error).toMatchObject({ kind: "invalid_request", issues: [{ path: "card.n" }] });
    expect(captured).toHaveLength(0);
  });
});

describe("configuration and logging", () => {
  it("observes every HTTP attempt with its endpoint, outcome and duration; never a body refused before sending", async () => {
    const seen: HighHelpRequestObservation[] = [];
    const observed = client({ observe: (request) => seen.push(request) });
    handlers = [json(503, {}), json(200, KZ_PAYIN_INFO_RESPONSE), json(400, { status_description: "bad" }), text(200, "<html>")];
    await observed.p2pPayinInfo(reference);
    await observed.p2pPayinCreate(payinWithoutProject);
    await observed.balanceInfo();
    await observed.p2pPayinCreate({ ...payinWithoutProject, payment: { ...payinWithoutProject.payment, amount: -1 } });
    expect(seen.map(({ endpoint, outcome }) => [endpoint, outcome])).toEqual([
      ["p2pPayinInfo", "http_5xx"],
      ["p2pPayinInfo", "ok"],
      ["p2pPayinCreate", "http_4xx"],
      ["balanceInfo", "malformed_response"],
    ]);
    for (const { durationMs } of seen) expect(durationMs).toBeGreaterThanOrEqual(0);
  });

  it("keeps HighHelp's answer when the observer throws", async () => {
    handlers = [json(200, KZ_PAYIN_INFO_RESPONSE)];
    const result = await client({
      observe: () => {
        throw new Error("observer down");
      },
    }).p2pPayinInfo(reference);
    expect(result.ok).toBe(true);
  });

  it("refuses a project id that is not the signer's, and a bad base URL", () => {
    expect(() => createHighHelpClient({ baseUrl, projectId: "other", signer })).toThrow(/merchantId/);
    expect(() => createHighHelpClient({ baseUrl: "not a url", projectId: PROJECT_ID, signer })).toThrow();
    expect(() => createHighHelpClient({ baseUrl: "ftp://x.example", projectId: PROJECT_ID, signer })).toThrow();
  });

  it("logs a 404 from info at debug level only: it is HighHelp's answer, not a failure", async () => {
    const lines: Array<{ level: string; message: string }> = [];
    const logger: HighHelpLogger = {
      debug: (message) => lines.push({ level: "debug", message }),
      info: (message) => lines.push({ level: "info", message }),
      warn: (message) => lines.push({ level: "warn", message }),
      error: (message) => lines.push({ level: "error", message }),
    };
    handlers = [json(404, { status_description: "not found" })];
    const result = await client({ logger }).p2pPayinInfo(reference);
    expect(result.ok).toBe(false);
    expect(lines.filter((line) => line.message === "highhelp call failed").map((line) => line.level)).toEqual(["debug"]);
  });

  it("logs method, path, status, duration and attempt; never signatures, tokens or PANs", async () => {
    const lines: Array<{ level: string; message: string; fields?: Record<string, unknown> }> = [];
    const logger: HighHelpLogger = {
      debug: (message, fields) => lines.push({ level: "debug", message, fields }),
      info: (message, fields) => lines.push({ level: "info", message, fields }),
      warn: (message, fields) => lines.push({ level: "warn", message, fields }),
      error: (message, fields) => lines.push({ level: "error", message, fields }),
    };
    handlers = [json(503, {}), json(400, { status_description: "bad", echo: { pan: "4400430140020306" } })];
    await client({ logger }).p2pPayinInfo(reference);
    await client({ logger }).p2pPayinCreate(payinWithoutProject);

    const first = lines.find((line) => line.message === "highhelp request");
    expect(first?.fields).toMatchObject({
      endpoint: "p2pPayinInfo",
      method: "POST",
      path: "/api/v1/payment/p2p/payin/info",
      httpStatus: 503,
      attempt: 1,
      durationMs: expect.any(Number),
    });
    expect(lines.some((line) => line.level === "warn" && line.message === "highhelp call retrying")).toBe(true);
    expect(lines.some((line) => line.level === "error")).toBe(true);

    const everything = JSON.stringify(lines);
    for (const request of captured) {
      expect(everything).not.toContain(String(request.headers["x-access-signature"]));
    }
    expect(everything).not.toContain(String(signer.accessToken));
    expect(everything).not.toContain("4400430140020306");
    expect(everything).toContain("440043******0306");
  });
});
