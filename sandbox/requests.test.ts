import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  API,
  p2pPayinBody,
  payoutBody,
  PROJECT_ID,
  ref,
  startTestSandbox,
  widgetBody,
  type TestSandbox,
} from "./testing/support";

// Callback URLs nobody listens on: these tests only look at the API answers.
const URLS = {
  merchant_callback_url: "https://127.0.0.1:9/cb/intermediate",
  merchant_success_callback_url: "https://127.0.0.1:9/cb/success",
  merchant_decline_callback_url: "https://127.0.0.1:9/cb/decline",
};

let t: TestSandbox;
let seq = 0;
const nextId = (prefix = "REQ") => `${prefix}-${++seq}`;

beforeAll(async () => {
  t = await startTestSandbox({ callbackRetries: 0, stepMs: 60_000 });
});
afterAll(async () => {
  await t.stop();
});

function fields(result: { json: { errors?: { field: string }[] } }): string[] {
  return (result.json.errors ?? []).map((e) => e.field);
}

describe("signature (401 with the reason)", () => {
  const body = () => ref("ANY");

  it("refuses an unsigned request", async () => {
    const response = await fetch(t.sandbox.url + API.balance, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ general: { project_id: PROJECT_ID } }),
    });
    expect(response.status).toBe(401);
    const json = (await response.json()) as { status: string; status_description: string; errors: { code: string }[] };
    expect(json.status).toBe("error");
    expect(json.errors[0]?.code).toBe("missing_merchant_id");
    expect(json.status_description).toMatch(/missing_merchant_id/);
  });

  it("refuses a request without a signature header", async () => {
    const result = await t.post(API.p2pPayinInfo, body(), { headers: { "x-access-signature": null } });
    expect(result.status).toBe(401);
    expect(result.json.errors[0].code).toBe("missing_signature");
  });

  it("refuses a wrongly signed request (body changed after signing)", async () => {
    const signed = body();
    const result = await t.post(API.p2pPayinInfo, signed, { raw: JSON.stringify(ref("OTHER")) });
    expect(result.status).toBe(401);
    expect(result.json.errors[0]).toMatchObject({ field: "x-access-signature", code: "bad_signature" });
  });

  it("refuses a signature that is not Base64Url", async () => {
    const result = await t.post(API.p2pPayinInfo, body(), { headers: { "x-access-signature": "not*base64" } });
    expect(result.status).toBe(401);
    expect(result.json.errors[0].code).toBe("malformed_signature");
  });

  it("refuses stale and future timestamps (±300 s)", async () => {
    // The future case keeps a few seconds of slack: the server reads its clock after this line, possibly a second later.
    const now = Math.floor(Date.now() / 1000);
    for (const timestamp of [now - 301, now + 310]) {
      const result = await t.post(API.p2pPayinInfo, body(), { timestamp });
      expect(result.status).toBe(401);
      expect(result.json.errors[0]).toMatchObject({ field: "x-access-timestamp", code: "stale_timestamp" });
    }
    const edge = await t.post(API.p2pPayinInfo, body(), { timestamp: now - 250 });
    expect(edge.status).toBe(404); // signature fine; the order does not exist
  });

  it("refuses another cash register's merchant id and a wrong x-access-token", async () => {
    const merchant = await t.post(API.p2pPayinInfo, body(), { headers: { "x-access-merchant-id": "someone-else" } });
    expect(merchant.status).toBe(401);
    expect(merchant.json.errors[0].code).toBe("merchant_mismatch");
    const token = await t.post(API.p2pPayinInfo, body(), { headers: { "x-access-token": "AAAA" } });
    expect(token.status).toBe(401);
    expect(token.json.errors[0].code).toBe("token_mismatch");
  });

  it("answers 403 when general.project_id is not the signing cash register", async () => {
    const result = await t.post(API.p2pPayinInfo, { general: { project_id: "other-project", payment_id: "X" } });
    expect(result.status).toBe(403);
    expect(fields(result)).toEqual(["general.project_id"]);
  });

  it("answers 400 for a body that is not JSON, 415 for another content type, 405 for GET, 404 elsewhere", async () => {
    const notJson = await t.post(API.p2pPayinInfo, body(), { raw: "{not json" });
    expect(notJson.status).toBe(400);
    expect(notJson.json.errors[0].code).toBe("malformed_json");
    const text = await t.post(API.p2pPayinInfo, body(), { headers: { "content-type": "text/plain" } });
    expect(text.status).toBe(415);
    expect((await t.call("GET", API.p2pPayinInfo)).status).toBe(405);
    const unknown = await t.post("/api/v1/payment/p2p/refund", body());
    expect(unknown.status).toBe(404);
    expect(unknown.json.status).toBe("error");
  });
});

describe("validation (400 naming the field)", () => {
  type Body = Record<string, Record<string, unknown>>;
  const payin = (change: (body: Body) => void, id = nextId()) => {
    const body = p2pPayinBody(id, URLS) as Body;
    change(body);
    return t.post(API.p2pPayin, body);
  };

  it.each([
    ["amount 0", (b: Body) => (b.payment!.amount = 0), "payment.amount"],
    ["amount 10^13 + 1", (b: Body) => (b.payment!.amount = 10_000_000_000_001), "payment.amount"],
    ["amount not an integer", (b: Body) => (b.payment!.amount = 100.5), "payment.amount"],
    ["amount as a string", (b: Body) => (b.payment!.amount = "100"), "payment.amount"],
    ["lifetime 299", (b: Body) => (b.payment!.lifetime = 299), "payment.lifetime"],
    ["lifetime 601", (b: Body) => (b.payment!.lifetime = 601), "payment.lifetime"],
    [
      "http:// callback URL",
      (b: Body) => (b.general!.merchant_callback_url = "http://shop.example/cb"),
      "general.merchant_callback_url",
    ],
    [
      "http:// loopback success URL",
      (b: Body) => (b.general!.merchant_success_callback_url = "http://127.0.0.1:3000/cb"),
      "general.merchant_success_callback_url",
    ],
    [
      "URL of 2049 characters",
      (b: Body) => (b.general!.redirect_url = `https://shop.example/${"a".repeat(2049 - 21)}`),
      "general.redirect_url",
    ],
    ["lower-case currency", (b: Body) => (b.payment!.currency = "kzt"), "payment.currency"],
    ["currency not enabled", (b: Body) => (b.payment!.currency = "USD"), "payment.currency"],
    ["extra_param with a space", (b: Body) => (b.payment!.extra_param = "bad param"), "payment.extra_param"],
    ["extra_param of 17 characters", (b: Body) => (b.payment!.extra_param = "a".repeat(17)), "payment.extra_param"],
    ["phone not +7 and 10 digits (KZ)", (b: Body) => (b.sender!.phone = "+7700123456"), "sender.phone"],
    ["card holder with <>", (b: Body) => (b.sender!.card_holder = "Alex <script>"), "sender.card_holder"],
    ["pan with letters", (b: Body) => (b.sender!.pan = "4400-4301"), "sender.pan"],
    ["unknown key in payment", (b: Body) => (b.payment!.tip = 5), "payment.tip"],
    ["unknown top-level key", (b: Body) => (b.extra = {}), "extra"],
    ["missing payment_id", (b: Body) => delete b.general!.payment_id, "general.payment_id"],
    ["payment_id of 256 characters", (b: Body) => (b.general!.payment_id = "p".repeat(256)), "general.payment_id"],
    ["description of 256 characters", (b: Body) => (b.payment!.description = "d".repeat(256)), "payment.description"],
    ["missing method", (b: Body) => delete b.payment!.method, "payment.method"],
    ["method not available", (b: Body) => (b.payment!.method = "card-ecom"), "payment.method"],
    ["unknown bank", (b: Body) => (b.payment!.bank_symbol = "nobank-kzt"), "payment.bank_symbol"],
    ["bank of another currency", (b: Body) => (b.payment!.bank_symbol = "sber-rub"), "payment.bank_symbol"],
    ["bad e-mail", (b: Body) => (b.customer!.email = "not-an-email"), "customer.email"],
    ["bad IP address", (b: Body) => (b.customer!.ip_address = "300.1.1.1"), "customer.ip_address"],
    ["customer_type not ftd|trust", (b: Body) => (b.customer!.customer_type = "vip"), "customer.customer_type"],
    ["country not alpha-2", (b: Body) => (b.customer!.country = "kz"), "customer.country"],
    ["language not ISO 639-1", (b: Body) => (b.customer!.language = "KK"), "customer.language"],
  ])("refuses %s", async (_name, change, field) => {
    const result = await payin(change);
    expect(result.status).toBe(400);
    expect(result.json.status).toBe("error");
    expect(fields(result)).toContain(field);
    expect(result.json.status_description).toContain(field);
  });

  it.each([
    ["amount 1", (b: Body) => (b.payment!.amount = 1)],
    ["amount 10^13", (b: Body) => (b.payment!.amount = 10_000_000_000_000)],
    ["no lifetime (default 600)", (b: Body) => delete b.payment!.lifetime],
    ["lifetime 600", (b: Body) => (b.payment!.lifetime = 600)],
    [
      "an https loopback callback URL",
      (b: Body) => (b.general!.merchant_callback_url = "https://localhost:3000/api/highhelp/callback/intermediate"),
    ],
    [
      "a URL of exactly 2048 characters",
      (b: Body) => (b.general!.redirect_url = `https://shop.example/${"a".repeat(2048 - 21)}`),
    ],
    [
      "a KZ phone and Cyrillic holder",
      (b: Body) => Object.assign(b.sender!, { phone: "+77001234567", card_holder: "Алия Ержанова-Ким" }),
    ],
    ["a known bank", (b: Body) => (b.payment!.bank_symbol = "halyk-kzt")],
    ["no sender and no customer", (b: Body) => (delete b.sender, delete b.customer)],
  ])("accepts %s", async (_name, change) => {
    const result = await payin(change);
    expect(result.status, JSON.stringify(result.json)).toBe(200);
    expect(result.json.status).toBe("processing");
  });

  it("refuses a card-p2p payout without receiver.pan and a phone payout without receiver.phone", async () => {
    const noPan = payoutBody(nextId(), URLS) as Body;
    delete noPan.receiver!.pan;
    const result = await t.post(API.payout, noPan);
    expect(result.status).toBe(400);
    expect(fields(result)).toEqual(["receiver.pan"]);

    const phone = payoutBody(nextId(), URLS) as Body;
    phone.payment!.method = "phone-p2p";
    delete phone.receiver!.pan;
    const noPhone = await t.post(API.payout, phone);
    expect(noPhone.status).toBe(400);
    expect(fields(noPhone)).toEqual(["receiver.phone"]);
  });

  it("refuses payout fields a payout does not have (lifetime, redirect_url)", async () => {
    const body = payoutBody(nextId(), URLS) as Body;
    body.payment!.lifetime = 300;
    body.general!.redirect_url = "https://shop.example";
    const result = await t.post(API.payout, body);
    expect(result.status).toBe(400);
    expect(fields(result).sort()).toEqual(["general.redirect_url", "payment.lifetime"]);
  });

  it("refuses an unknown widget method, a card widget in KGS, and an H2H method on the widget", async () => {
    const unknown = await t.post(API.widget, widgetBody(nextId(), URLS, 10_000, "payin-teleport"));
    expect(fields(unknown)).toEqual(["payment.widget_method"]);
    const ecomKgs = await t.post(API.widget, widgetBody(nextId(), URLS, 10_000, "payin-ecom-card", "KGS"));
    expect(fields(ecomKgs)).toEqual(["payment.currency"]);
    const h2hMethod = widgetBody(nextId(), URLS) as Body;
    h2hMethod.payment!.method = "card-p2p";
    expect(fields(await t.post(API.widget, h2hMethod))).toEqual(["payment.method"]);
  });

  it("refuses a second create with a payment_id already used, in any flow (409)", async () => {
    const id = nextId("DUP");
    expect((await t.post(API.p2pPayin, p2pPayinBody(id, URLS))).status).toBe(200);
    const again = await t.post(API.p2pPayin, p2pPayinBody(id, URLS));
    expect(again.status).toBe(409);
    expect(fields(again)).toEqual(["general.payment_id"]);
    const otherFlow = await t.post(API.payout, payoutBody(id, URLS));
    expect(otherFlow.status).toBe(409);
    const view = await t.call("GET", `/sandbox/applications/${id}`);
    expect(view.json.creates_received).toBe(3);
  });

  it("answers 404 for info / confirm / cancel of an unknown payment_id, and in the wrong flow", async () => {
    for (const path of [
      API.p2pPayinInfo,
      API.p2pPayinConfirm,
      API.p2pPayinCancel,
      API.payoutInfo,
      API.widgetInfo,
      API.ecomInfo,
    ]) {
      const result = await t.post(path, ref("NOPE"));
      expect(result.status, path).toBe(404);
      expect(fields(result)).toEqual(["general.payment_id"]);
    }
    const id = nextId("FLOW");
    await t.post(API.payout, payoutBody(id, URLS));
    expect((await t.post(API.p2pPayinInfo, ref(id))).status).toBe(404);
    expect((await t.post(API.payoutInfo, ref(id))).status).toBe(200);
  });

  it("refuses unknown keys in info bodies", async () => {
    const result = await t.post(API.p2pPayinInfo, { general: { project_id: PROJECT_ID, payment_id: "X", extra: 1 } });
    expect(result.status).toBe(400);
    expect(fields(result)).toEqual(["general.extra"]);
  });

  it("answers 501 with a JSON reason for ECOM H2H create (body undocumented)", async () => {
    const result = await t.post(API.ecom, { general: { project_id: PROJECT_ID, payment_id: nextId() } });
    expect(result.status).toBe(501);
    expect(result.json.status_description).toMatch(/undocumented/);
  });
});

describe("service endpoints", () => {
  it("lists banks for KZ, KG, UZ and RU in a shape the client reads", async () => {
    const result = await t.client.bankList();
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const symbols = result.data.banks.map((b) => b.symbol);
    expect(symbols).toEqual(expect.arrayContaining(["kaspi-kzt", "demir-bank-kgs", "uzum-uzs", "sber-rub"]));
    expect(result.data.banks.find((b) => b.symbol === "kaspi-kzt")?.raw).toMatchObject({
      name: "Kaspi Bank",
      country: "KZ",
      currency: "KZT",
    });
  });

  it("answers balances per currency of the cash register", async () => {
    const result = await t.client.balanceInfo();
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.balance.map((b) => b.currency).sort()).toEqual(["KZT", "RUB"]);
    for (const b of result.data.balance) expect(b.amount + b.locked_amount).toBeGreaterThan(0);
  });

  it("answers the create with the documented fields (request_id is a UUID, form_url the sandbox page)", async () => {
    const id = nextId("SHAPE");
    const result = await t.client.p2pPayinCreate(p2pPayinBody(id, URLS) as never);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(Object.keys(result.data)).toEqual([
      "status",
      "sub_status",
      "status_description",
      "request_id",
      "project_id",
      "payment_id",
      "integration",
    ]);
    expect(result.data).toMatchObject({
      status: "processing",
      sub_status: "requisites",
      status_description: null,
      project_id: PROJECT_ID,
      payment_id: id,
    });
    expect(result.data.request_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(result.data.integration?.form_url).toBe(`${t.sandbox.url}/pay/${result.data.request_id}`);
    expect(result.data.integration?.redirect_url).toBe("https://shop.example/order");
  });
});
