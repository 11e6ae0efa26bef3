/**
 * The JSON the sandbox answers and sends, shaped like the documentation's samples (field names, nesting and
 * order): create / info / confirm / cancel answers, alert bodies, and the one error body.
 */
import type { AlertKind, SandboxApplication } from "./state";

export interface ErrorItem {
  field: string;
  message: string;
  code?: string;
}

/**
 * The one error body of the sandbox (HighHelp's is undocumented). `status_description`
 * is what the app's client surfaces (errorDescription).
 */
export function errorBody(description: string, errors: ErrorItem[] = []) {
  return { status: "error", sub_status: null, status_description: description, errors };
}

function envelope(app: SandboxApplication) {
  return {
    status: app.status,
    sub_status: app.sub_status,
    status_description: app.status_description,
    request_id: app.request_id,
    project_id: app.project_id,
    payment_id: app.payment_id,
  };
}

function integration(app: SandboxApplication) {
  return { form_url: app.form_url, redirect_url: app.redirect_url };
}

/** Answer of create (pay-ins add `integration`; payouts do not). */
export function createResponse(app: SandboxApplication) {
  return app.type === "payin" ? { ...envelope(app), integration: integration(app) } : envelope(app);
}

/** Answer of confirm and cancel: the envelope only, as in the docs' samples. */
export function actionResponse(app: SandboxApplication) {
  return envelope(app);
}

function isWidget(app: SandboxApplication): boolean {
  return app.flow === "widget_payin";
}

/** `payment_info` as info answers and alerts carry it (field order of the docs' samples). */
function paymentInfo(app: SandboxApplication, forFinalAlert: boolean) {
  if (app.type === "payout") {
    return {
      amount: app.amount,
      old_amount: app.old_amount,
      initial_amount: app.initial_amount,
      currency: app.currency,
      updated_date: app.updated_date,
      created_date: app.created_date,
      method: app.method,
      ...(app.payment_system === null ? {} : { payment_system: app.payment_system }),
      type: "payout",
    };
  }
  // In widget declines `method` / `widget_method` are null, as in the docs' samples.
  const nullMethods = forFinalAlert && isWidget(app) && app.status === "decline";
  return {
    amount: app.amount,
    old_amount: app.old_amount,
    initial_amount: app.initial_amount,
    currency: app.currency,
    lifetime: app.lifetime,
    expiration_date: app.expiration_date,
    updated_date: app.updated_date,
    created_date: app.created_date,
    method: nullMethods ? null : app.method,
    payment_system: app.payment_system,
    ...(isWidget(app) ? { widget_method: nullMethods ? null : app.widget_method } : {}),
    type: "payin",
  };
}

/** Payer instructions, in the order of the docs' sample. */
export function displayData(app: SandboxApplication, sandboxUrl: string) {
  const r = app.requisites;
  if (r === null) return [];
  const item = (title: string, data: string | number) => ({ type: "add_info", title, data });
  return [
    item("recipient_card_holder", r.card_holder),
    item("recipient_pan", r.pan),
    item("recipient_phone", r.phone),
    item("lifetime", app.lifetime ?? 0),
    item("valid_until", app.valid_until ?? 0),
    item("amount", app.amount),
    item("currency", app.currency),
    item("bank_name", r.bank_name),
    item("bank_country", r.bank_country),
    item("confirm_url", `${sandboxUrl}/api/v1/payment/p2p/payin/confirm`),
    item("reject_url", `${sandboxUrl}/api/v1/payment/p2p/payin/cancel`),
  ];
}

function fullRequisites(app: SandboxApplication) {
  const r = app.requisites!;
  return { pan: r.pan, card_holder: r.card_holder, bank_name: r.bank_name, bank_country: r.bank_country, currency: r.currency };
}

function maskedRequisites(app: SandboxApplication, maskPan: (pan: string) => string, maskName: (name: string) => string) {
  const r = app.requisites!;
  return {
    pan_hidden: maskPan(r.pan),
    card_holder_hidden: maskName(r.card_holder),
    bank_name: r.bank_name,
    bank_country: r.bank_country,
    currency: r.currency,
  };
}

/** Answer of info. */
export function infoResponse(app: SandboxApplication, sandboxUrl: string) {
  const base = { ...envelope(app), payment_info: paymentInfo(app, false) };
  if (app.type === "payout") return base;
  if (app.flow === "p2p_payin") {
    return {
      ...base,
      ...(app.requisites === null ? {} : { recipient_requisites: fullRequisites(app) }),
      ...(app.sender === null ? {} : { sender: app.sender }),
      integration: integration(app),
      ...(app.requisites === null ? {} : { display_data: displayData(app, sandboxUrl) }),
    };
  }
  return { ...base, integration: integration(app) };
}

export function alertKindFor(status: string): AlertKind {
  if (status === "success") return "success";
  if (status === "decline") return "decline";
  return "intermediate";
}

/**
 * The alert for the application's current status: final alerts carry `status`,
 * `general`, `payment_info` only; informative pay-in alerts add `integration`, H2H P2P
 * `awaiting_confirm` adds full requisites and instructions, widget P2P `awaiting_confirm` / `paid`
 * add masked requisites, payouts add an empty `additional_info`.
 */
export function alertBody(
  app: SandboxApplication,
  sandboxUrl: string,
  masks: { pan: (pan: string) => string; name: (name: string) => string },
): Record<string, unknown> {
  const kind = alertKindFor(app.status);
  const body: Record<string, unknown> = {
    project_id: app.project_id,
    general: { request_id: app.request_id, payment_id: app.payment_id },
    status: { status: app.status, sub_status: app.sub_status, status_description: app.status_description },
    payment_info: paymentInfo(app, kind !== "intermediate"),
  };
  if (kind !== "intermediate") return body;
  if (app.type === "payout") return { ...body, additional_info: {} };
  const awaiting = app.status === "processing" && app.sub_status === "awaiting_confirm";
  if (app.flow === "p2p_payin" && awaiting && app.requisites !== null) {
    body.recipient_requisites = fullRequisites(app);
    body.integration = integration(app);
    body.additional_info = { display_data: displayData(app, sandboxUrl) };
    return body;
  }
  const paid = app.status === "processing" && app.sub_status === "paid";
  if (app.flow === "widget_payin" && (awaiting || paid) && app.requisites !== null) {
    body.recipient_requisites = maskedRequisites(app, masks.pan, masks.name);
  }
  body.integration = integration(app);
  return body;
}

/** The control API's view of an application (snake_case, everything the sandbox knows). */
export function applicationView(
  app: SandboxApplication,
  extra: { creates_received: number; faults: unknown; pending_callbacks: number },
) {
  return {
    project_id: app.project_id,
    payment_id: app.payment_id,
    request_id: app.request_id,
    flow: app.flow,
    type: app.type,
    status: app.status,
    sub_status: app.sub_status,
    status_description: app.status_description,
    amount: app.amount,
    old_amount: app.old_amount,
    initial_amount: app.initial_amount,
    currency: app.currency,
    method: app.method,
    widget_method: app.widget_method,
    rule: app.rule,
    lifetime: app.lifetime,
    expiration_date: app.expiration_date,
    valid_until: app.valid_until,
    created_date: app.created_date,
    updated_date: app.updated_date,
    next_step_at: app.next_step_at === null ? null : new Date(app.next_step_at).toISOString(),
    locked_amount: app.locked_amount,
    form_url: app.form_url,
    callback_urls: app.callback_urls,
    requisites: app.requisites,
    sender: app.sender,
    receiver: app.receiver,
    creates_received: extra.creates_received,
    faults: extra.faults,
    pending_callbacks: extra.pending_callbacks,
    history: app.history,
  };
}
