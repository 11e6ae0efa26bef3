import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import {
  API,
  p2pPayinBody,
  payoutBody,
  ref,
  startReceiver,
  startTestSandbox,
  waitUntil,
  widgetBody,
  type Receiver,
  type TestSandbox,
} from "./testing/support";

let t: TestSandbox;
let rx: Receiver;
let seq = 0;
const nextId = (prefix: string) => `${prefix}-${++seq}`;

beforeAll(async () => {
  t = await startTestSandbox();
  rx = await startReceiver(t.keys.alertPublicKeyPem);
});
afterAll(async () => {
  await t.stop();
  await rx.close();
});
beforeEach(() => {
  rx.respond = () => 200;
});

const statusOf = (app: { status: string; sub_status: string | null }) =>
  app.sub_status === null ? app.status : `${app.status}:${app.sub_status}`;
const alertStatuses = (paymentId: string) =>
  rx.forPayment(paymentId).map((a) => statusOf({ status: a.body.status.status, sub_status: a.body.status.sub_status ?? null }));

async function balanceOf(currency: string): Promise<{ amount: number; locked_amount: number }> {
  const result = await t.client.balanceInfo();
  if (!result.ok) throw new Error("balance failed");
  const entry = result.data.balance.find((b) => b.currency === currency);
  return { amount: entry?.amount ?? 0, locked_amount: entry?.locked_amount ?? 0 };
}

async function createPayin(paymentId: string, amount: number) {
  const result = await t.post(API.p2pPayin, p2pPayinBody(paymentId, rx.urls, amount));
  expect(result.status, JSON.stringify(result.json)).toBe(200);
  return result.json;
}

async function awaitingConfirm(paymentId: string) {
  return t.waitForApp(paymentId, (app) => app.status === "processing" && app.sub_status === "awaiting_confirm");
}

async function finalOf(paymentId: string) {
  return t.waitForApp(paymentId, (app) => app.status === "success" || app.status === "decline");
}

describe("P2P pay-in (H2H)", () => {
  it("requisites → awaiting_confirm → confirm → paid → success, with signed alerts to the right URLs", async () => {
    const id = nextId("PAYIN");
    const before = await balanceOf("KZT");
    await createPayin(id, 500_000);
    await awaitingConfirm(id);

    const info = await t.post(API.p2pPayinInfo, ref(id));
    expect(info.status).toBe(200);
    expect(info.json).toMatchObject({ status: "processing", sub_status: "awaiting_confirm", payment_id: id });
    expect(Object.keys(info.json.payment_info)).toEqual([
      "amount",
      "old_amount",
      "initial_amount",
      "currency",
      "lifetime",
      "expiration_date",
      "updated_date",
      "created_date",
      "method",
      "payment_system",
      "type",
    ]);
    expect(info.json.payment_info).toMatchObject({
      amount: 500_000,
      old_amount: 500_000,
      initial_amount: 500_000,
      currency: "KZT",
      lifetime: 300,
      type: "payin",
      method: "card-p2p",
    });
    expect(info.json.recipient_requisites.pan).toMatch(/^\d{16}$/);
    expect(info.json.recipient_requisites).toMatchObject({ bank_country: "KZ", currency: "KZT" });
    // The payer's card is never kept in full (mask 6 + 4).
    expect(info.json.sender).toEqual({ pan_hidden: "440043******0306", card_holder_hidden: "Alex****nson" });
    const titles = info.json.display_data.map((d: { title: string }) => d.title);
    expect(titles).toEqual([
      "recipient_card_holder",
      "recipient_pan",
      "recipient_phone",
      "lifetime",
      "valid_until",
      "amount",
      "currency",
      "bank_name",
      "bank_country",
      "confirm_url",
      "reject_url",
    ]);
    const data = Object.fromEntries(info.json.display_data.map((d: { title: string; data: unknown }) => [d.title, d.data]));
    expect(data.confirm_url).toBe(`${t.sandbox.url}/api/v1/payment/p2p/payin/confirm`);
    expect(data.reject_url).toBe(`${t.sandbox.url}/api/v1/payment/p2p/payin/cancel`);
    expect(data.valid_until).toBe(info.json.payment_info.expiration_date);
    expect(Math.abs((data.valid_until as number) - 300 - Math.floor(Date.now() / 1000))).toBeLessThanOrEqual(2);

    const confirm = await t.client.p2pPayinConfirm({ general: { payment_id: id } });
    expect(confirm.ok && confirm.data).toMatchObject({ status: "processing", sub_status: "paid", payment_id: id });
    await finalOf(id);

    const alerts = await rx.waitFor(id, 4);
    expect(alertStatuses(id)).toEqual(["processing:requisites", "processing:awaiting_confirm", "processing:paid", "success"]);
    for (const alert of alerts) {
      expect(alert.verification.ok).toBe(true);
      expect(alert.headers["x-access-merchant-id"]).toBe(t.sandbox.projectId);
      expect(alert.headers["content-type"]).toBe("application/json");
    }
    expect(alerts.map((a) => a.kind)).toEqual(["intermediate", "intermediate", "intermediate", "success"]);
    const awaiting = alerts[1]!.body;
    expect(awaiting.recipient_requisites?.pan).toBe(info.json.recipient_requisites.pan);
    expect(awaiting.additional_info?.display_data).toHaveLength(11);
    expect(awaiting.integration?.form_url).toContain("/pay/");
    // Final alerts carry status, general and payment_info only.
    expect(Object.keys(alerts[3]!.body).sort()).toEqual(["general", "payment_info", "project_id", "status"]);
    expect((await balanceOf("KZT")).amount).toBe(before.amount + 500_000);
  });

  it('cancel → decline "Canceled by client" to the decline URL; nothing is possible afterwards', async () => {
    // Rule 94 never reaches awaiting_confirm: a confirm is refused whatever the timing.
    const notYet = nextId("EARLY");
    await createPayin(notYet, 10_094);
    const early = await t.post(API.p2pPayinConfirm, ref(notYet));
    expect(early.status).toBe(409);
    expect(early.json.status_description).toMatch(/only possible in processing:awaiting_confirm/);

    const id = nextId("CANCEL");
    await createPayin(id, 10_000);
    await awaitingConfirm(id);
    const cancel = await t.post(API.p2pPayinCancel, ref(id));
    expect(cancel.status).toBe(200);
    expect(cancel.json).toMatchObject({ status: "decline", sub_status: null, status_description: "Canceled by client" });
    const alerts = await rx.waitFor(id, 3);
    expect(alerts.at(-1)).toMatchObject({ kind: "decline" });
    expect(alerts.at(-1)!.body.status.status_description).toBe("Canceled by client");
    expect((await t.post(API.p2pPayinConfirm, ref(id))).status).toBe(409);
    expect((await t.post(API.p2pPayinCancel, ref(id))).status).toBe(409);
    expect((await t.call("POST", `/sandbox/applications/${id}/advance`)).status).toBe(409);
  });

  it("lifetime over without confirm → dispute:no_payment → decline (advance plays the clock)", async () => {
    const id = nextId("EXPIRE");
    await createPayin(id, 20_000);
    await awaitingConfirm(id);
    const advanced = await t.call("POST", `/sandbox/applications/${id}/advance`);
    expect(advanced.status).toBe(200);
    expect(statusOf(advanced.json)).toBe("dispute:no_payment");
    const final = await finalOf(id);
    expect(final.status).toBe("decline");
    await rx.waitFor(id, 4);
    expect(alertStatuses(id)).toEqual(["processing:requisites", "processing:awaiting_confirm", "dispute:no_payment", "decline"]);
    expect(rx.forPayment(id).map((a) => a.kind)).toEqual(["intermediate", "intermediate", "intermediate", "decline"]);
  });

  it("rule 90: the payer never pays → no_payment one step later → decline", async () => {
    const id = nextId("R90");
    await createPayin(id, 10_090);
    const final = await finalOf(id);
    expect(final.history.map(statusOf)).toEqual([
      "processing:requisites",
      "processing:awaiting_confirm",
      "dispute:no_payment",
      "decline",
    ]);
  });

  it.each([
    [10_091, ["processing:paid", "decline"], "Declined by anti-fraud"],
    [10_093, ["processing:paid", "dispute:confirm_timeout", "decline"], "Confirmation timeout expired"],
    [10_096, ["processing:paid", "success"], null],
  ])("amount %i after confirm: %j", async (amount, tail, description) => {
    const id = nextId("RULE");
    await createPayin(id, amount);
    await awaitingConfirm(id);
    await t.post(API.p2pPayinConfirm, ref(id));
    const final = await finalOf(id);
    expect(final.history.map(statusOf).slice(2)).toEqual(tail);
    expect(final.status_description).toBe(description);
  });

  it("rule 92: dispute:different_amount → success with amount 90 %, old_amount the original, initial unchanged", async () => {
    const id = nextId("R92");
    const before = await balanceOf("KZT");
    await createPayin(id, 100_092);
    await awaitingConfirm(id);
    await t.post(API.p2pPayinConfirm, ref(id));
    await finalOf(id);
    const info = await t.post(API.p2pPayinInfo, ref(id));
    expect(info.json.status).toBe("success");
    expect(info.json.payment_info).toMatchObject({ amount: 90_082, old_amount: 100_092, initial_amount: 100_092 });
    await rx.waitFor(id, 5);
    const dispute = rx.forPayment(id).find((a) => a.body.status.sub_status === "different_amount");
    expect(dispute?.kind).toBe("intermediate");
    expect(dispute?.body.payment_info).toMatchObject({ amount: 90_082, old_amount: 100_092 });
    expect((await balanceOf("KZT")).amount).toBe(before.amount + 90_082);
  });

  it("rule 94: error one step after create, and it stays (not final)", async () => {
    const id = nextId("R94");
    await createPayin(id, 10_094);
    const app = await t.waitForApp(id, (a) => a.status === "error");
    expect(app.next_step_at).toBeNull();
    expect((await t.call("POST", `/sandbox/applications/${id}/advance`)).status).toBe(409);
    await rx.waitFor(id, 2);
    expect(rx.forPayment(id)[1]!.kind).toBe("intermediate");
  });

  it("rule 95: manual — never expires, stays in paid after confirm until forced", async () => {
    const id = nextId("R95");
    await createPayin(id, 10_095);
    const waiting = await awaitingConfirm(id);
    expect(waiting.next_step_at).toBeNull();
    await t.post(API.p2pPayinConfirm, ref(id));
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(statusOf((await t.call("GET", `/sandbox/applications/${id}`)).json)).toBe("processing:paid");
    const forced = await t.call("POST", `/sandbox/applications/${id}/force`, { status: "success", amount: 9_000 });
    expect(forced.status).toBe(200);
    expect(forced.json).toMatchObject({ status: "success", amount: 9_000, old_amount: 10_095, initial_amount: 10_095 });
    const alerts = await rx.waitFor(id, 4);
    expect(alerts.at(-1)!.kind).toBe("success");
    expect(alerts.at(-1)!.body.payment_info.amount).toBe(9_000);
    const again = await t.call("POST", `/sandbox/applications/${id}/force`, { status: "decline" });
    expect(again.status).toBe(409);
  });

  it('rule 99: the create answers decline "Declined by anti-fraud" and the decline alert follows', async () => {
    const id = nextId("R99");
    const created = await createPayin(id, 10_099);
    expect(created).toMatchObject({ status: "decline", sub_status: null, status_description: "Declined by anti-fraud" });
    const alerts = await rx.waitFor(id, 1);
    expect(alerts[0]!.kind).toBe("decline");
  });

  it("force validates its body", async () => {
    const id = nextId("FORCE");
    await createPayin(id, 10_095);
    const bad = await t.call("POST", `/sandbox/applications/${id}/force`, { status: "processing", sub_status: "teleporting" });
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].field).toBe("sub_status");
    const missing = await t.call("POST", `/sandbox/applications/NOPE/force`, { status: "success" });
    expect(missing.status).toBe(404);
    const dispute = await t.call("POST", `/sandbox/applications/${id}/force`, {
      status: "dispute",
      sub_status: "different_amount",
      amount: 5_000,
    });
    expect(dispute.status).toBe(200);
    const final = await finalOf(id);
    expect(final).toMatchObject({ status: "success", amount: 5_000 });
  });
});

describe("widget pay-in", () => {
  it('P2P: form_url is the sandbox\'s payer page; "I have paid" drives it to success; masked requisites in alerts', async () => {
    const id = nextId("WIDGET");
    const created = await t.post(API.widget, widgetBody(id, rx.urls, 1_500_000));
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({ status: "processing", sub_status: "requisites" });
    const formUrl: string = created.json.integration.form_url;
    expect(formUrl).toBe(`${t.sandbox.url}/pay/${created.json.request_id}`);
    await awaitingConfirm(id);

    const page = await fetch(formUrl);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("I have paid");
    expect(html).toContain("Cancel");
    const russian = await (await fetch(formUrl, { headers: { "accept-language": "ru" } })).text();
    expect(russian).toContain("Платёжная страница тестового шлюза");
    expect(russian).toMatch(/15\s000,00 [A-Z]{3}/);
    expect(russian).toContain("Я оплатил");

    const paid = await fetch(`${formUrl}/paid`, { method: "POST", redirect: "manual" });
    expect(paid.status).toBe(303);
    const final = await finalOf(id);
    expect(final.status).toBe("success");

    const info = await t.post(API.widgetInfo, ref(id));
    expect(info.json.payment_info).toMatchObject({
      method: "card-p2p",
      widget_method: "payin-p2p-card",
      type: "payin",
      currency: "KGS",
    });
    expect(info.json.integration.form_url).toBe(formUrl);

    const alerts = await rx.waitFor(id, 4);
    expect(alertStatuses(id)).toEqual(["processing:requisites", "processing:awaiting_confirm", "processing:paid", "success"]);
    const requisites = alerts[1]!.body.recipient_requisites;
    expect(requisites?.pan).toBeUndefined();
    expect(requisites?.pan_hidden).toMatch(/^\d{6}\*+\d{4}$/);
    expect(requisites?.bank_country).toBe("KG");
    expect(alerts[0]!.body.recipient_requisites).toBeUndefined();
    expect(alerts[2]!.body.recipient_requisites).toBeDefined();
  });

  it("P2P: the merchant's widget /cancel and the payer's Cancel both decline", async () => {
    const id = nextId("WCANCEL");
    await t.post(API.widget, widgetBody(id, rx.urls, 10_000));
    const cancel = await t.post(API.widgetCancel, ref(id));
    expect(cancel.json).toMatchObject({ status: "decline", status_description: "Canceled by client" });

    const id2 = nextId("WCANCEL");
    const created = await t.post(API.widget, widgetBody(id2, rx.urls, 10_000));
    const response = await fetch(`${created.json.integration.form_url}/cancel`, { method: "POST", redirect: "manual" });
    expect(response.status).toBe(303);
    expect((await finalOf(id2)).status_description).toBe("Canceled by client");
  });

  it("card (payin-ecom-card): starts at new, no informative alerts, confirmed through the API; declines carry null methods", async () => {
    const id = nextId("ECOM");
    const created = await t.post(API.widget, widgetBody(id, rx.urls, 10_000, "payin-ecom-card", "KZT"));
    expect(created.json).toMatchObject({ status: "processing", sub_status: "new" });
    await awaitingConfirm(id);
    const confirm = await t.post(API.widgetConfirm, ref(id));
    expect(confirm.json).toMatchObject({ status: "processing", sub_status: "paid" });
    await finalOf(id);
    const alerts = await rx.waitFor(id, 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(rx.forPayment(id)).toHaveLength(1);
    expect(alerts[0]!.kind).toBe("success");
    expect(alerts[0]!.body.payment_info).toMatchObject({ method: "card-ecom", widget_method: "payin-ecom-card" });

    const declined = nextId("ECOM");
    await t.post(API.widget, widgetBody(declined, rx.urls, 10_099, "payin-ecom-card", "KZT"));
    const decline = await rx.waitFor(declined, 1);
    expect(decline[0]!.body.payment_info).toMatchObject({ method: null, widget_method: null });
  });
});

describe("P2P payout and balances", () => {
  it("new → requisites → payout_process → success; the amount is locked, then debited", async () => {
    const id = nextId("PAYOUT");
    const before = await balanceOf("KZT");
    const created = await t.client.p2pPayoutCreate(payoutBody(id, rx.urls, 300_000) as never);
    expect(created.ok && created.data).toMatchObject({ status: "processing", sub_status: "new" });
    expect(created.ok && Object.keys(created.data)).toEqual([
      "status",
      "sub_status",
      "status_description",
      "request_id",
      "project_id",
      "payment_id",
    ]);
    expect(await balanceOf("KZT")).toEqual({ amount: before.amount - 300_000, locked_amount: before.locked_amount + 300_000 });
    await finalOf(id);
    expect(await balanceOf("KZT")).toEqual({ amount: before.amount - 300_000, locked_amount: before.locked_amount });

    const alerts = await rx.waitFor(id, 4);
    expect(alertStatuses(id)).toEqual(["processing:new", "processing:requisites", "processing:payout_process", "success"]);
    expect(alerts[2]!.body.additional_info).toEqual({});
    expect(alerts[2]!.body.payment_info).toMatchObject({ type: "payout", method: "card-p2p" });
    expect(alerts[2]!.body.payment_info.lifetime).toBeUndefined();

    const info = await t.post(API.payoutInfo, ref(id));
    expect(info.json).toMatchObject({ status: "success", payment_info: { amount: 300_000, type: "payout" } });
    expect(info.json.integration).toBeUndefined();

    const view = await t.call("GET", `/sandbox/applications/${id}`);
    expect(view.json.creates_received).toBe(1);
    expect(view.json.receiver).toEqual({ pan_masked: "516949******0008", phone_masked: null, card_holder: "Nurlan Temirbek" });
    expect(JSON.stringify(view.json)).not.toContain("5169497700000008");
  });

  it.each([
    [300_091, ["processing:payout_process", "decline"]],
    [300_096, ["processing:payout_process", "dispute:incorrect_requisites", "decline"]],
    [300_097, ["processing:payout_process", "dispute:payout_failed", "success"]],
    [300_098, ["processing:payout_process", "dispute:payout_timeout", "decline"]],
  ])("amount %i: %j, and the balance follows", async (amount, tail) => {
    const id = nextId("POUT");
    const before = await balanceOf("KZT");
    await t.post(API.payout, payoutBody(id, rx.urls, amount));
    const final = await finalOf(id);
    expect(final.history.map(statusOf).slice(2)).toEqual(tail);
    const after = await balanceOf("KZT");
    expect(after.locked_amount).toBe(before.locked_amount);
    expect(after.amount).toBe(final.status === "success" ? before.amount - amount : before.amount);
  });

  it("rule 95 payout waits in payout_process until forced; declining it unlocks the amount", async () => {
    const id = nextId("P95");
    const before = await balanceOf("RUB");
    const body = payoutBody(id, rx.urls, 50_095) as { payment: Record<string, unknown> };
    body.payment.currency = "RUB";
    await t.post(API.payout, body);
    await t.waitForApp(id, (a) => a.sub_status === "payout_process");
    expect((await balanceOf("RUB")).locked_amount).toBe(before.locked_amount + 50_095);
    await t.call("POST", `/sandbox/applications/${id}/force`, { status: "decline", status_description: "Declined by operator" });
    expect(await balanceOf("RUB")).toEqual(before);
  });

  it('refuses a payout above the available balance with a 200 decline "Insufficient balance"', async () => {
    const id = nextId("POOR");
    const { amount } = await balanceOf("UZS");
    const result = await t.post(API.payout, {
      ...payoutBody(id, rx.urls, amount + 100),
      payment: { method: "card-p2p", amount: amount + 100, currency: "UZS" },
    });
    expect(result.status).toBe(200);
    expect(result.json).toMatchObject({ status: "decline", status_description: "Insufficient balance" });
    expect((await balanceOf("UZS")).amount).toBe(amount);
    await waitUntil(() => (rx.forPayment(id).length === 1 ? true : undefined));
    expect(rx.forPayment(id)[0]!.kind).toBe("decline");
  });
});
