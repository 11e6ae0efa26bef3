/**
 * The sandbox gateway's HTTP side (plain node:http): HighHelp's endpoints, signed and
 * validated as strictly as the real gateway; the unsigned control API under /sandbox; the
 * overview page at / and the payer's page at /pay/<request_id>.
 */
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";

import { z } from "zod";

import {
  AMOUNT_MAX,
  AMOUNT_MIN,
  DEFAULT_SIGNATURE_PROFILE,
  DISPUTE_SUB_STATUSES,
  HIGHHELP_ENDPOINTS,
  maskPan,
  maskPhone,
  prepareVerificationKey,
  PROCESSING_SUB_STATUSES,
  STATUSES,
  verifyRequestSignature,
  type EndpointName,
  type RequestFailureReason,
} from "@/lib/highhelp";

import { createDeliveries } from "./callbacks";
import { DEFAULT_WIDGET_METHOD, maskName, SANDBOX_BANKS, SANDBOX_CURRENCIES, WIDGET_METHODS } from "./catalogue";
import {
  DEFAULT_CALLBACK_BACKOFF_MS,
  DEFAULT_CALLBACK_RETRIES,
  DEFAULT_CALLBACK_TIMEOUT_MS,
  DEFAULT_SANDBOX_PORT,
  DEFAULT_START_BALANCE,
  DEFAULT_STEP_MS,
  SandboxConfigError,
  type SandboxOptions,
} from "./config";
import { createEngine, type Engine, type NewApplication } from "./engine";
import { activeFaults, parseFaultSet, parseFaultSpec, type FaultSet } from "./faults";
import { ensureSandboxKeys, SANDBOX_PROJECT_ID, type SandboxKeys } from "./keys";
import { OUTCOME_RULES } from "./outcomes";
import { messagePage, overviewPage, payPage } from "./pages";
import { openStateStore, type Flow, type SandboxApplication } from "./state";
import {
  validateOrderReference,
  validateP2pPayinCreate,
  validateP2pPayoutCreate,
  validateProjectOnly,
  validateWidgetPayinCreate,
} from "./validation";
import { actionResponse, applicationView, createResponse, errorBody, infoResponse, type ErrorItem } from "./views";

/** Requests are a few KiB; anything larger is refused unread. */
const MAX_BODY_BYTES = 64 * 1024;

export interface RunningSandbox {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  projectId: string;
  dataDir: string;
  /** The key pairs in `<dataDir>/sandbox/keys.json` (the merchant's to sign requests, the alert public key to verify). */
  keys: SandboxKeys;
  /** Closes the server, stops timers and deliveries; pending alerts stay in the state for the next start. */
  stop(): Promise<void>;
}

type Answer =
  | { kind: "json"; status: number; body: unknown; headers?: Record<string, string> }
  | { kind: "html"; status: number; html: string }
  | { kind: "redirect"; location: string }
  /** timeout_after_create: never answer; destroy the socket after `ms`. */
  | { kind: "hang"; ms: number };

function json(status: number, body: unknown, headers?: Record<string, string>): Answer {
  return { kind: "json", status, body, headers };
}

function fail(status: number, description: string, errors: ErrorItem[] = []): Answer {
  return json(status, errorBody(description, errors));
}

function invalid(errors: ErrorItem[]): Answer {
  const list = errors.map((e) => (e.field === "" ? e.message : `${e.field}: ${e.message}`)).join("; ");
  return fail(400, `Invalid request: ${list}`, errors);
}

const SIGNATURE_FAILURES: Record<RequestFailureReason, { status: number; field: string; message: string }> = {
  missing_merchant_id: { status: 401, field: "x-access-merchant-id", message: "the header is missing" },
  merchant_mismatch: { status: 401, field: "x-access-merchant-id", message: "unknown cash register" },
  unknown_algorithm: { status: 401, field: "x-access-merchant-algorithm", message: "unknown signing algorithm" },
  algorithm_mismatch: { status: 401, field: "x-access-merchant-algorithm", message: "this cash register signs requests with RSA" },
  missing_token: { status: 401, field: "x-access-token", message: "the header is missing" },
  token_mismatch: { status: 401, field: "x-access-token", message: "not the public key of this cash register" },
  missing_signature: { status: 401, field: "x-access-signature", message: "the header is missing" },
  missing_timestamp: { status: 401, field: "x-access-timestamp", message: "the header is missing" },
  invalid_timestamp: { status: 401, field: "x-access-timestamp", message: "must be Unix seconds" },
  stale_timestamp: { status: 401, field: "x-access-timestamp", message: "outside the accepted ±300 s window" },
  malformed_json: { status: 400, field: "", message: "the body is not JSON" },
  unsupported_body: { status: 400, field: "", message: "the body cannot be normalised for signing" },
  malformed_signature: { status: 401, field: "x-access-signature", message: "not Base64Url" },
  bad_signature: { status: 401, field: "x-access-signature", message: "does not match the body and timestamp" },
};

const ENDPOINT_BY_PATH = new Map<string, EndpointName>(
  Object.entries(HIGHHELP_ENDPOINTS).map(([name, def]) => [def.path, name as EndpointName]),
);

const CREATE_ENDPOINTS = new Set<EndpointName>(["p2pPayinCreate", "p2pPayoutCreate", "widgetPayinCreate", "ecomPayinCreate"]);

/** Which flow each reference endpoint looks in ("ecom": none exists in the sandbox). */
const REFERENCE_ENDPOINTS: Partial<Record<EndpointName, { flow: Flow | "ecom"; action: "info" | "confirm" | "cancel" }>> = {
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

/** POST /sandbox/applications/{payment_id}/force */
const forceSchema = z
  .strictObject({
    status: z.enum(STATUSES),
    sub_status: z.string().nullable().optional(),
    status_description: z.string().max(1024).nullable().optional(),
    amount: z.number().int().min(AMOUNT_MIN).max(AMOUNT_MAX).optional(),
  })
  .superRefine((value, ctx) => {
    const sub = value.sub_status ?? null;
    const allowed: readonly string[] | null =
      value.status === "processing" ? PROCESSING_SUB_STATUSES : value.status === "dispute" ? DISPUTE_SUB_STATUSES : null;
    if (allowed === null && sub !== null) {
      ctx.addIssue({ code: "custom", path: ["sub_status"], message: `must be null for ${value.status}` });
    } else if (allowed !== null && (sub === null || !allowed.includes(sub))) {
      ctx.addIssue({ code: "custom", path: ["sub_status"], message: `must be one of ${allowed.join(", ")} for ${value.status}` });
    }
  });

function bodyText(req: http.IncomingMessage): Promise<{ ok: true; text: string } | { ok: false }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(tooLarge ? { ok: false } : { ok: true, text: Buffer.concat(chunks).toString("utf8") }));
    req.on("error", reject);
  });
}

function paymentIdOf(text: string): string | null {
  try {
    const id = (JSON.parse(text) as { general?: { payment_id?: unknown } } | null)?.general?.payment_id;
    return typeof id === "string" ? id : null;
  } catch {
    return null;
  }
}

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

function parseJsonBody(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text.trim() === "") return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** Starts the sandbox gateway. Resolves once it listens; `port: 0` picks a free port. */
export async function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  const stepMs = options.stepMs ?? DEFAULT_STEP_MS;
  const profile = options.signatureProfile ?? DEFAULT_SIGNATURE_PROFILE;
  const host = options.host ?? "127.0.0.1";
  const log = options.log ?? ((line: string) => console.log(`${new Date().toISOString()} ${line}`));
  let startFaults: FaultSet = {};
  if (typeof options.faults === "string") {
    const parsed = parseFaultSpec(options.faults);
    if (!parsed.ok) throw new SandboxConfigError(`Invalid sandbox faults: ${parsed.error}`);
    startFaults = parsed.faults;
  } else if (options.faults !== undefined) {
    startFaults = options.faults;
  }
  const startBalances = options.startBalances ?? Object.fromEntries(SANDBOX_CURRENCIES.map((c) => [c, DEFAULT_START_BALANCE]));

  const keys = ensureSandboxKeys(options.dataDir);
  const merchantKey = prepareVerificationKey({ kind: "rsa", publicKey: keys.merchantPublicKeyPem });
  const store = openStateStore(options.dataDir, startBalances);

  const hanging = new Set<Socket>();
  const hangTimers = new Set<NodeJS.Timeout>();
  const sleepers = new Set<() => void>();
  let engine: Engine | undefined = undefined;
  let baseUrl = "";
  let stopping = false;

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      sleepers.add(wake);
    });
  }

  function projectMismatch(projectId: string): Answer | null {
    if (projectId === SANDBOX_PROJECT_ID) return null;
    return fail(403, "general.project_id is not the cash register of x-access-merchant-id", [
      { field: "general.project_id", message: `must be ${SANDBOX_PROJECT_ID}`, code: "project_mismatch" },
    ]);
  }

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

  function handleCreate(eng: Engine, endpoint: EndpointName, body: unknown): Answer {
    if (endpoint === "ecomPayinCreate") {
      return fail(501, "ECOM H2H pay-ins are not simulated: HighHelp's request body for them is undocumented");
    }
    if (endpoint === "p2pPayinCreate") {
      const v = validateP2pPayinCreate(body);
      if (!v.ok) return invalid(v.errors);
      const { general, payment, sender } = v.data;
      const mismatch = projectMismatch(general.project_id);
      if (mismatch !== null) return mismatch;
      if (eng.get(general.payment_id) !== undefined) return duplicate();
      const senderPan = sender?.pan ?? null;
      const senderPhone = sender?.phone ?? null;
      return createAnswer(eng, {
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
      const mismatch = projectMismatch(general.project_id);
      if (mismatch !== null) return mismatch;
      if (eng.get(general.payment_id) !== undefined) return duplicate();
      return createAnswer(eng, {
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
    const mismatch = projectMismatch(general.project_id);
    if (mismatch !== null) return mismatch;
    if (eng.get(general.payment_id) !== undefined) return duplicate();
    const widgetMethod = payment.widget_method ?? DEFAULT_WIDGET_METHOD;
    return createAnswer(eng, {
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

  function handleReference(eng: Engine, endpoint: EndpointName, body: unknown): Answer {
    const ref = REFERENCE_ENDPOINTS[endpoint]!;
    const v = validateOrderReference(body);
    if (!v.ok) return invalid(v.errors);
    const mismatch = projectMismatch(v.data.general.project_id);
    if (mismatch !== null) return mismatch;
    const paymentId = v.data.general.payment_id;
    const app = eng.get(paymentId);
    if (app === undefined || app.flow !== ref.flow) {
      return fail(404, `No ${FLOW_NAMES[ref.flow]} with this payment_id in this cash register`, [
        { field: "general.payment_id", message: "not found", code: "not_found" },
      ]);
    }
    if (ref.action === "info") return json(200, infoResponse(app, baseUrl));
    const result = ref.action === "confirm" ? eng.confirm(app, "confirm") : eng.cancel(app, "cancel");
    if (!result.ok) return fail(result.status, result.reason, [{ field: "general.payment_id", message: result.reason, code: "invalid_state" }]);
    return json(200, actionResponse(result.app));
  }

  async function handleApi(eng: Engine, req: http.IncomingMessage, path: string): Promise<{ answer: Answer; paymentId: string | null }> {
    const endpoint = ENDPOINT_BY_PATH.get(path);
    if (endpoint === undefined) return { answer: fail(404, `Unknown endpoint ${path}`), paymentId: null };
    if (req.method !== "POST") {
      return { answer: json(405, errorBody("Every HighHelp endpoint is POST"), { allow: "POST" }), paymentId: null };
    }
    const read = await bodyText(req);
    if (!read.ok) return { answer: fail(413, `The body exceeds ${MAX_BODY_BYTES} bytes`), paymentId: null };
    const contentType = req.headers["content-type"] ?? "";
    if (!/^application\/json\b/i.test(contentType)) {
      return {
        answer: fail(415, "content-type must be application/json", [{ field: "content-type", message: "must be application/json", code: "unsupported_media_type" }]),
        paymentId: null,
      };
    }
    const paymentId = paymentIdOf(read.text);
    const slow = eng.faultsFor(paymentId).slow;
    if (slow !== undefined && slow > 0) await sleep(slow);
    if (stopping) return { answer: { kind: "hang", ms: 0 }, paymentId };

    const verified = verifyRequestSignature({
      rawBody: read.text,
      headers: req.headers,
      key: merchantKey,
      profile,
      expectedMerchantId: SANDBOX_PROJECT_ID,
    });
    if (!verified.ok) {
      const failure = SIGNATURE_FAILURES[verified.reason];
      return {
        answer: fail(failure.status, `Signature check failed (${verified.reason}): ${failure.field === "" ? "" : `${failure.field}: `}${failure.message}`, [
          { field: failure.field, message: failure.message, code: verified.reason },
        ]),
        paymentId,
      };
    }
    if (CREATE_ENDPOINTS.has(endpoint) && paymentId !== null) eng.countCreate(paymentId);
    if (eng.takeHttp500(paymentId)) return { answer: fail(500, "Internal server error (sandbox fault http_500)"), paymentId };

    const body = verified.body;
    if (CREATE_ENDPOINTS.has(endpoint)) return { answer: handleCreate(eng, endpoint, body), paymentId };
    if (REFERENCE_ENDPOINTS[endpoint] !== undefined) return { answer: handleReference(eng, endpoint, body), paymentId };

    const kind = endpoint === "balanceInfo" ? "balance" : "banks";
    const v = validateProjectOnly(body, kind);
    if (!v.ok) return { answer: invalid(v.errors), paymentId };
    const mismatch = projectMismatch(v.data.general.project_id);
    if (mismatch !== null) return { answer: mismatch, paymentId };
    if (kind === "banks") return { answer: json(200, { banks: SANDBOX_BANKS }), paymentId };
    const balance = Object.entries(eng.balances()).map(([currency, b]) => ({ currency, amount: b.amount, locked_amount: b.locked_amount }));
    return { answer: json(200, { balance }), paymentId };
  }

  function view(eng: Engine, app: SandboxApplication) {
    return applicationView(app, {
      creates_received: eng.createsReceived(app.payment_id),
      faults: store.state.faults_by_payment_id[app.payment_id] ?? null,
      pending_callbacks: deliveries.pendingCount(app.payment_id),
    });
  }

  async function readControlJson(req: http.IncomingMessage): Promise<{ ok: true; value: unknown } | { ok: false; answer: Answer }> {
    const read = await bodyText(req);
    if (!read.ok) return { ok: false, answer: fail(413, `The body exceeds ${MAX_BODY_BYTES} bytes`) };
    const parsed = parseJsonBody(read.text);
    if (!parsed.ok) return { ok: false, answer: fail(400, "The body is not JSON") };
    return { ok: true, value: parsed.value };
  }

  async function handleControl(eng: Engine, req: http.IncomingMessage, url: URL): Promise<Answer> {
    const method = req.method ?? "GET";
    const segments = url.pathname.split("/").slice(2); // after "/sandbox"
    let decoded: string[];
    try {
      decoded = segments.map((s) => decodeURIComponent(s));
    } catch {
      return fail(400, "The path is not valid percent-encoding");
    }
    const [first, second, third] = decoded;
    const route = `${method} ${first ?? ""}${segments.length > 1 ? "/:id" : ""}${segments.length > 2 ? `/${third ?? ""}` : ""}`;

    switch (route) {
      case "GET health":
        return json(200, { status: "ok", project_id: SANDBOX_PROJECT_ID, url: baseUrl, applications: Object.keys(store.state.applications).length });
      case "GET outcomes":
        return json(200, { rules: OUTCOME_RULES });
      case "GET applications":
        return json(200, {
          applications: eng.list().map((app) => view(eng, app)),
          creates_received: store.state.creates_received,
        });
      case "GET applications/:id": {
        const app = eng.get(second!);
        return app === undefined
          ? fail(404, "No application with this payment_id", [{ field: "payment_id", message: "not found", code: "not_found" }])
          : json(200, view(eng, app));
      }
      case "POST applications/:id/advance":
      case "POST applications/:id/force": {
        const app = eng.get(second!);
        if (app === undefined) return fail(404, "No application with this payment_id", [{ field: "payment_id", message: "not found", code: "not_found" }]);
        const read = await readControlJson(req);
        if (!read.ok) return read.answer;
        let result;
        if (third === "advance") {
          result = eng.advance(app);
        } else {
          const parsed = forceSchema.safeParse(read.value);
          if (!parsed.success) {
            return invalid(parsed.error.issues.map((i) => ({ field: i.path.join("."), message: i.message, code: i.code })));
          }
          result = eng.force(app, {
            status: parsed.data.status,
            sub_status: parsed.data.sub_status ?? null,
            status_description: parsed.data.status_description ?? null,
            amount: parsed.data.amount,
          });
        }
        if (!result.ok) return fail(result.status, result.reason);
        return json(200, view(eng, result.app));
      }
      case "GET callbacks": {
        const paymentId = url.searchParams.get("payment_id");
        const callbacks = store.state.callback_log.filter((c) => paymentId === null || c.payment_id === paymentId);
        return json(200, { callbacks });
      }
      case "GET balances":
        return json(200, { balances: eng.balances() });
      case "GET faults":
        return json(200, { global: eng.globalFaults(), by_payment_id: store.state.faults_by_payment_id });
      case "PUT faults":
      case "PUT faults/:id": {
        const read = await readControlJson(req);
        if (!read.ok) return read.answer;
        const parsed = parseFaultSet(read.value);
        if (!parsed.ok) return invalid(parsed.errors);
        if (second === undefined) eng.setGlobalFaults(activeFaults(parsed.faults));
        else eng.setApplicationFaults(second, parsed.faults);
        log(`faults ${second === undefined ? "(run)" : `for ${second}`} = ${JSON.stringify(parsed.faults)}`);
        return json(200, { global: eng.globalFaults(), by_payment_id: store.state.faults_by_payment_id });
      }
      case "DELETE faults/:id":
        eng.setApplicationFaults(second!, null);
        return json(200, { global: eng.globalFaults(), by_payment_id: store.state.faults_by_payment_id });
      case "POST reset":
        eng.reset();
        log("reset: applications, callbacks, balances and faults back to the start");
        return json(200, { status: "ok" });
      default:
        return fail(404, `Unknown control endpoint ${method} ${url.pathname}`);
    }
  }

  function handlePay(eng: Engine, req: http.IncomingMessage, url: URL): Answer {
    const [requestId, action] = url.pathname.split("/").slice(2);
    const app = requestId === undefined ? undefined : eng.byRequestId(requestId);
    if (app === undefined) return { kind: "html", status: 404, html: messagePage("Not found", "No payment with this link.") };
    if (req.method === "GET" && action === undefined) return { kind: "html", status: 200, html: payPage(app) };
    if (req.method === "POST" && (action === "paid" || action === "cancel")) {
      if (app.flow !== "widget_payin") {
        return { kind: "html", status: 409, html: messagePage("Not available", "H2H pay-ins are confirmed or canceled by the merchant through the API.") };
      }
      const result = action === "paid" ? eng.confirm(app, "payer") : eng.cancel(app, "payer");
      if (!result.ok) return { kind: "html", status: result.status, html: messagePage("Not possible now", result.reason) };
      return { kind: "redirect", location: `/pay/${encodeURIComponent(app.request_id)}` };
    }
    return { kind: "html", status: 405, html: messagePage("Not allowed", "Use the buttons of the payment page.") };
  }

  async function route(req: http.IncomingMessage): Promise<{ answer: Answer; paymentId: string | null }> {
    const eng = engine;
    if (eng === undefined || stopping) return { answer: fail(503, "The sandbox is starting or stopping"), paymentId: null };
    const url = new URL(req.url ?? "/", "http://sandbox.invalid");
    if (url.pathname.startsWith("/api/")) return handleApi(eng, req, url.pathname);
    if (url.pathname === "/sandbox" || url.pathname.startsWith("/sandbox/")) return { answer: await handleControl(eng, req, url), paymentId: null };
    if (url.pathname.startsWith("/pay/")) return { answer: handlePay(eng, req, url), paymentId: null };
    if (url.pathname === "/" && (req.method === "GET" || req.method === "HEAD")) {
      const html = overviewPage({
        baseUrl,
        applications: eng.list(),
        callbacks: store.state.callback_log,
        balances: eng.balances(),
        faults: { global: eng.globalFaults(), by_payment_id: store.state.faults_by_payment_id },
      });
      return { answer: { kind: "html", status: 200, html }, paymentId: null };
    }
    return { answer: fail(404, `Nothing at ${req.method} ${url.pathname}`), paymentId: null };
  }

  function send(req: http.IncomingMessage, res: http.ServerResponse, answer: Answer): void {
    switch (answer.kind) {
      case "json":
        res.writeHead(answer.status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...answer.headers });
        res.end(JSON.stringify(answer.body));
        return;
      case "html":
        res.writeHead(answer.status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
        res.end(req.method === "HEAD" ? undefined : answer.html);
        return;
      case "redirect":
        res.writeHead(303, { location: answer.location });
        res.end();
        return;
      case "hang": {
        const socket = req.socket;
        if (answer.ms === 0) {
          socket.destroy();
          return;
        }
        hanging.add(socket);
        socket.once("close", () => hanging.delete(socket));
        const timer = setTimeout(() => {
          hangTimers.delete(timer);
          socket.destroy();
        }, answer.ms);
        hangTimers.add(timer);
      }
    }
  }

  const server = http.createServer((req, res) => {
    const started = performance.now();
    route(req)
      .then(({ answer, paymentId }) => {
        send(req, res, answer);
        const isApi = (req.url ?? "").startsWith("/api/");
        if (isApi || req.method !== "GET") {
          const status = answer.kind === "hang" ? "no answer (fault)" : answer.kind === "redirect" ? 303 : answer.status;
          const id = paymentId === null ? "" : ` payment_id=${paymentId}`;
          log(`${req.method} ${req.url} -> ${status}${id} (${Math.round(performance.now() - started)} ms)`);
        }
      })
      .catch((error: unknown) => {
        log(`${req.method} ${req.url} -> 500: ${error instanceof Error ? error.message : String(error)}`);
        if (!res.headersSent) send(req, res, fail(500, "Internal sandbox error"));
        else res.destroy();
      });
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? DEFAULT_SANDBOX_PORT, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (error) {
    store.close();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;

  const deliveries = createDeliveries({
    store,
    alertPrivateKeyPem: keys.alertPrivateKeyPem,
    profile,
    retries: options.callbackRetries ?? DEFAULT_CALLBACK_RETRIES,
    backoffMs: options.callbackBackoffMs ?? DEFAULT_CALLBACK_BACKOFF_MS,
    timeoutMs: options.callbackTimeoutMs ?? DEFAULT_CALLBACK_TIMEOUT_MS,
    log,
    isFinal: (paymentId) => {
      const status = store.state.applications[paymentId]?.status;
      return status === "success" || status === "decline";
    },
  });
  engine = createEngine({ store, deliveries, baseUrl, stepMs, startFaults, startBalances, log });
  engine.resume();
  deliveries.resume();

  let stopped: Promise<void> | undefined;
  return {
    url: baseUrl,
    port,
    projectId: SANDBOX_PROJECT_ID,
    dataDir: options.dataDir,
    keys,
    stop() {
      stopped ??= (async () => {
        stopping = true;
        engine?.stop();
        for (const wake of [...sleepers]) wake();
        for (const timer of hangTimers) clearTimeout(timer);
        for (const socket of hanging) socket.destroy();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await deliveries.stop();
        await closed;
        store.close();
      })();
      return stopped;
    },
  };
}
