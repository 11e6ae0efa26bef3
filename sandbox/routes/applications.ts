/**
 * HighHelp's application endpoints, after api.ts has verified the signature: create (P2P pay-in,
 * P2P payout, widget pay-in) and info / confirm / cancel by payment_id.
 */
import { maskPan, maskPhone, type EndpointName } from "@/lib/highhelp";

import { DEFAULT_WIDGET_METHOD, maskName, WIDGET_METHODS } from "../catalogue";
import type { Engine, NewApplication } from "../engine";
import type { Flow, SandboxApplication } from "../state";
import {
  validateOrderReference,
  validateP2pPayinCreate,
  validateP2pPayoutCreate,
  validateWidgetPayinCreate,
} from "../validation";
import { actionResponse, createResponse, infoResponse } from "../views";
import { fail, invalid, json, projectMismatch, type Answer, type RouteContext } from "./context";

export const CREATE_ENDPOINTS = new Set<EndpointName>([
  "p2pPayinCreate",
  "p2pPayoutCreate",
  "widgetPayinCreate",
  "ecomPayinCreate",
]);

/** Which flow each reference endpoint looks in ("ecom": none exists in the sandbox). */
export const REFERENCE_ENDPOINTS: Partial<Record<EndpointName, { flow: Flow | "ecom"; action: "info" | "confirm" | "cancel" }>> =
  {
    p2pPayinInfo: { flow: "p2p_payin", action: "info" },
    p2pPayinConfirm: { flow: "p2p_payin", action: "confirm" },
    p2pPayinCancel: { flow: "p2p_payin", action: "cancel" },
    p2pPayoutInfo: { flow: "p2p_payout", action: "info" },
    widgetPayinInfo: { flow: "widget_payin", action: "info" },
    widgetPayinConfirm: { flow: "widget_payin", action: "confirm" },
    widgetPayinCancel: { flow: "widget_payin", action: "cancel" },
    ecomPayinInfo: { flow: "ecom", action: "info" },
  };

const FLOW_NAMES: Record<Flow | "ecom", string> = {
  p2p_payin: "P2P pay-in",
  p2p_payout: "P2P payout",
  widget_payin: "widget pay-in",
  ecom: "ECOM pay-in",
};

function callbackUrls(general: {
  merchant_callback_url?: string;
  merchant_success_callback_url?: string;
  merchant_decline_callback_url?: string;
}): SandboxApplication["callback_urls"] {
  return {
    intermediate: general.merchant_callback_url ?? null,
    success: general.merchant_success_callback_url ?? null,
    decline: general.merchant_decline_callback_url ?? null,
  };
}

/** payment_ids are unique across the sandbox's cash registers, a simplification of the sandbox (the app's are random). */
function duplicate(): Answer {
  return fail(409, "This payment_id is already used in this cash register", [
    { field: "general.payment_id", message: "already used", code: "duplicate_payment_id" },
  ]);
}

function createAnswer(eng: Engine, input: NewApplication): Answer {
  const created = eng.create(input);
  if (!created.ok) return duplicate();
  const hang = eng.faultsFor(input.payment_id).timeout_after_create;
  if (hang !== undefined) return { kind: "hang", ms: hang };
  return json(200, createResponse(created.app));
}

/** One of CREATE_ENDPOINTS, with the verified body. */
export function handleCreate(ctx: RouteContext, projectId: string, endpoint: EndpointName, body: unknown): Answer {
  const eng = ctx.engine;
  if (endpoint === "ecomPayinCreate") {
    return fail(501, "ECOM H2H pay-ins are not simulated: HighHelp's request body for them is undocumented");
  }
  if (endpoint === "p2pPayinCreate") {
    const v = validateP2pPayinCreate(body);
    if (!v.ok) return invalid(v.errors);
    const { general, payment, sender } = v.data;
    const mismatch = projectMismatch(general.project_id, projectId);
    if (mismatch !== null) return mismatch;
    if (eng.get(general.payment_id) !== undefined) return duplicate();
    const senderPan = sender?.pan ?? null;
    const senderPhone = sender?.phone ?? null;
    return createAnswer(eng, {
      project_id: projectId,
      flow: "p2p_payin",
      widget_kind: null,
      payment_id: general.payment_id,
      amount: payment.amount,
      currency: payment.currency,
      lifetime: payment.lifetime ?? 600,
      method: payment.method,
      payment_system: payment.payment_system ?? null,
      widget_method: null,
      bank_symbol: payment.bank_symbol ?? null,
      callback_urls: callbackUrls(general),
      redirect_url: general.redirect_url ?? null,
      // Never a full payer card in the state: masks only.
      sender:
        senderPan === null && senderPhone === null
          ? null
          : {
              pan_hidden: senderPan !== null ? maskPan(senderPan) : maskPhone(senderPhone ?? ""),
              card_holder_hidden: sender?.card_holder === undefined ? null : maskName(sender.card_holder),
            },
      receiver: null,
    });
  }
  if (endpoint === "p2pPayoutCreate") {
    const v = validateP2pPayoutCreate(body);
    if (!v.ok) return invalid(v.errors);
    const { general, payment, receiver } = v.data;
    const mismatch = projectMismatch(general.project_id, projectId);
    if (mismatch !== null) return mismatch;
    if (eng.get(general.payment_id) !== undefined) return duplicate();
    return createAnswer(eng, {
      project_id: projectId,
      flow: "p2p_payout",
      widget_kind: null,
      payment_id: general.payment_id,
      amount: payment.amount,
      currency: payment.currency,
      lifetime: null,
      method: payment.method,
      payment_system: payment.payment_system ?? null,
      widget_method: null,
      bank_symbol: null,
      callback_urls: callbackUrls(general),
      redirect_url: null,
      sender: null,
      // Never a full receiver card in the state: masks only.
      receiver: {
        pan_masked: receiver.pan === undefined ? null : maskPan(receiver.pan),
        phone_masked: receiver.phone === undefined ? null : maskPhone(receiver.phone),
        card_holder: receiver.card_holder ?? null,
      },
    });
  }
  const v = validateWidgetPayinCreate(body);
  if (!v.ok) return invalid(v.errors);
  const { general, payment } = v.data;
  const mismatch = projectMismatch(general.project_id, projectId);
  if (mismatch !== null) return mismatch;
  if (eng.get(general.payment_id) !== undefined) return duplicate();
  const widgetMethod = payment.widget_method ?? DEFAULT_WIDGET_METHOD;
  return createAnswer(eng, {
    project_id: projectId,
    flow: "widget_payin",
    widget_kind: widgetMethod === "payin-ecom-card" ? "ecom" : "p2p",
    payment_id: general.payment_id,
    amount: payment.amount,
    currency: payment.currency,
    lifetime: payment.lifetime ?? 600,
    method: WIDGET_METHODS[widgetMethod] ?? null,
    payment_system: null,
    widget_method: widgetMethod,
    bank_symbol: null,
    callback_urls: callbackUrls(general),
    redirect_url: general.redirect_url ?? null,
    sender: null,
    receiver: null,
  });
}

/** One of REFERENCE_ENDPOINTS (info, confirm, cancel), with the verified body. */
export function handleReference(ctx: RouteContext, projectId: string, endpoint: EndpointName, body: unknown): Answer {
  const eng = ctx.engine;
  const ref = REFERENCE_ENDPOINTS[endpoint]!;
  const v = validateOrderReference(body);
  if (!v.ok) return invalid(v.errors);
  const mismatch = projectMismatch(v.data.general.project_id, projectId);
  if (mismatch !== null) return mismatch;
  const paymentId = v.data.general.payment_id;
  const app = eng.get(paymentId);
  if (app === undefined || app.flow !== ref.flow || app.project_id !== projectId) {
    return fail(404, `No ${FLOW_NAMES[ref.flow]} with this payment_id in this cash register`, [
      { field: "general.payment_id", message: "not found", code: "not_found" },
    ]);
  }
  if (ref.action === "info") return json(200, infoResponse(app, ctx.baseUrl));
  const result = ref.action === "confirm" ? eng.confirm(app, "confirm") : eng.cancel(app, "cancel");
  if (!result.ok)
    return fail(result.status, result.reason, [{ field: "general.payment_id", message: result.reason, code: "invalid_state" }]);
  return json(200, actionResponse(result.app));
}
