import "server-only";
import type { z } from "zod";

import { HIGHHELP_ENDPOINTS, isRetryableCall, type EndpointName } from "./endpoints";
import { errorDescription, fieldIssuesFromZod, type FieldIssue, type HighHelpError, type HighHelpResult } from "./errors";
import { normaliseLines, NormaliseError } from "./normalise";
import { redactForLog, redactText } from "./redact";
import {
  balanceInfoRequestSchema,
  bankListRequestSchema,
  ecomPayinCreateRequestSchema,
  orderReferenceRequestSchema,
  p2pPayinCreateRequestSchema,
  p2pPayoutCreateRequestSchema,
  widgetPayinCreateRequestSchema,
  type EcomPayinCreateRequest,
  type OrderReferenceRequest,
  type P2pPayinCreateRequest,
  type P2pPayoutCreateRequest,
  type WidgetPayinCreateRequest,
} from "./requests";
import {
  balanceResponseSchema,
  bankListResponseSchema,
  paymentResponseSchema,
  type BalanceResponse,
  type BankListResponse,
  type PaymentResponse,
} from "./responses";
import type { HighHelpSigner } from "./signer";

export interface HighHelpLogger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface RetryOptions {
  /** Total attempts for read calls (info, balance, banks), default 3. Create / confirm / cancel: always 1. */
  attempts?: number;
  /** First back-off delay; doubles each retry, with jitter. Default 200 ms. */
  baseDelayMs?: number;
  /** Cap of one delay (also of a server `Retry-After`). Default 5000 ms. */
  maxDelayMs?: number;
}

/** How one HTTP request to HighHelp ended: `ok`, or the kind of its failure. */
export type HighHelpRequestOutcome = "ok" | Exclude<HighHelpError["kind"], "invalid_request">;

export interface HighHelpRequestObservation {
  endpoint: EndpointName;
  outcome: HighHelpRequestOutcome;
  durationMs: number;
}

export interface HighHelpClientConfig {
  /** e.g. `https://api.hh-processing.com`; a path prefix is kept. */
  baseUrl: string;
  /** Cash register id; must equal the signer's merchant id. */
  projectId: string;
  signer: HighHelpSigner;
  /** Per attempt, default 15 000 ms. */
  timeoutMs?: number;
  fetch?: typeof globalThis.fetch;
  retry?: RetryOptions;
  logger?: HighHelpLogger;
  /** Called after every HTTP request (each attempt of a retried call); bodies that fail validation are never sent, never observed. */
  observe?: (request: HighHelpRequestObservation) => void;
  /** Epoch milliseconds (signing timestamps); default `Date.now`. */
  now?: () => number;
  /** Test seams for the back-off. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** A request body whose `general.project_id` may be left out: the client fills in its own. */
export type WithOptionalProjectId<T> = T extends { general: infer G }
  ? Omit<T, "general"> & { general: Omit<G, "project_id"> & { project_id?: string } }
  : T;

export type P2pPayinCreateInput = WithOptionalProjectId<P2pPayinCreateRequest>;
export type P2pPayoutCreateInput = WithOptionalProjectId<P2pPayoutCreateRequest>;
export type WidgetPayinCreateInput = WithOptionalProjectId<WidgetPayinCreateRequest>;
export type EcomPayinCreateInput = WithOptionalProjectId<EcomPayinCreateRequest>;
export type OrderReferenceInput = WithOptionalProjectId<OrderReferenceRequest>;

/**
 * Typed HighHelp API. Every method validates its body before sending (nothing is sent when it is
 * invalid), signs, POSTs and validates the answer, and resolves to a result value: it does not
 * throw for validation, HTTP, network or format failures.
 *
 * Create, confirm and cancel are sent exactly once, never retried: after a timeout, network error
 * or 5xx their effect is unknown, and the caller reconciles through the matching info call
 * (docs/highhelp-decisions.md#creates-are-sent-once). Info, balance and bank calls retry transient failures.
 */
export interface HighHelpClient {
  p2pPayinCreate(body: P2pPayinCreateInput): Promise<HighHelpResult<PaymentResponse>>;
  p2pPayinInfo(body: OrderReferenceInput): Promise<HighHelpResult<PaymentResponse>>;
  p2pPayinConfirm(body: OrderReferenceInput): Promise<HighHelpResult<PaymentResponse>>;
  p2pPayinCancel(body: OrderReferenceInput): Promise<HighHelpResult<PaymentResponse>>;
  p2pPayoutCreate(body: P2pPayoutCreateInput): Promise<HighHelpResult<PaymentResponse>>;
  p2pPayoutInfo(body: OrderReferenceInput): Promise<HighHelpResult<PaymentResponse>>;
  widgetPayinCreate(body: WidgetPayinCreateInput): Promise<HighHelpResult<PaymentResponse>>;
  widgetPayinInfo(body: OrderReferenceInput): Promise<HighHelpResult<PaymentResponse>>;
  widgetPayinConfirm(body: OrderReferenceInput): Promise<HighHelpResult<PaymentResponse>>;
  widgetPayinCancel(body: OrderReferenceInput): Promise<HighHelpResult<PaymentResponse>>;
  ecomPayinCreate(body: EcomPayinCreateInput): Promise<HighHelpResult<PaymentResponse>>;
  ecomPayinInfo(body: OrderReferenceInput): Promise<HighHelpResult<PaymentResponse>>;
  balanceInfo(): Promise<HighHelpResult<BalanceResponse>>;
  bankList(): Promise<HighHelpResult<BankListResponse>>;
}

interface Operation<Out> {
  requestSchema: z.ZodType;
  responseSchema: z.ZodType<Out>;
}

const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_ATTEMPTS = 3;
const DEFAULT_BASE_DELAY_MS = 200;
const DEFAULT_MAX_DELAY_MS = 5_000;

type AttemptOutcome<T> =
  | { kind: "success"; data: T; status: number }
  | { kind: "failure"; error: HighHelpError; retryable: boolean; retryAfterMs?: number };

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function retryAfterMs(header: string | null): number | undefined {
  if (header === null || !/^\d{1,6}$/.test(header.trim())) return undefined;
  return Number(header.trim()) * 1000;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** Bodies reach the log only through redactForLog. */
function redactedBody(text: string): unknown {
  const json = parseJson(text);
  return redactForLog(json.ok ? json.value : text.slice(0, 2000));
}

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === "object" && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function paymentIdOf(body: unknown): string | undefined {
  const general = (body as { general?: { payment_id?: unknown } } | undefined)?.general;
  return typeof general?.payment_id === "string" ? general.payment_id : undefined;
}

/** Throws only for a configuration error (bad base URL, project id not the signer's). */
export function createHighHelpClient(config: HighHelpClientConfig): HighHelpClient {
  const base = new URL(config.baseUrl);
  if (base.protocol !== "https:" && base.protocol !== "http:") {
    throw new TypeError(`baseUrl must be http(s), got ${base.protocol}`);
  }
  const baseUrl = base.href.replace(/\/+$/, "");
  if (config.projectId !== config.signer.merchantId) {
    throw new TypeError("projectId must equal the signer's merchantId (x-access-merchant-id)");
  }
  const projectId = config.projectId;
  const signer = config.signer;
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const doFetch = config.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const maxAttempts = Math.max(1, Math.floor(config.retry?.attempts ?? DEFAULT_ATTEMPTS));
  const baseDelayMs = config.retry?.baseDelayMs ?? DEFAULT_BASE_DELAY_MS;
  const maxDelayMs = config.retry?.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
  const logger = config.logger;
  const observe = config.observe;
  const now = config.now ?? Date.now;
  const sleep = config.sleep ?? defaultSleep;
  const random = config.random ?? Math.random;

  function withProjectId(input: unknown): { body: unknown } | { issues: FieldIssue[] } {
    if (typeof input !== "object" || input === null || Array.isArray(input)) return { body: input };
    const record = input as Record<string, unknown>;
    const general = record.general;
    if (typeof general !== "object" || general === null || Array.isArray(general)) return { body: input };
    const given = (general as { project_id?: unknown }).project_id;
    if (given !== undefined && given !== projectId) {
      return {
        issues: [
          {
            path: "general.project_id",
            message: `must be this client's project id (${projectId}), sent as x-access-merchant-id`,
            code: "custom",
          },
        ],
      };
    }
    return { body: { ...record, general: { ...general, project_id: projectId } } };
  }

  function backoffMs(attempt: number, serverHint: number | undefined): number {
    const exp = baseDelayMs * 2 ** (attempt - 1);
    const jittered = exp / 2 + random() * (exp / 2);
    return Math.min(Math.max(jittered, serverHint ?? 0), maxDelayMs);
  }

  async function attemptOnce<Out>(
    endpoint: EndpointName,
    op: Operation<Out>,
    body: unknown,
    bodyText: string,
    attempt: number,
  ): Promise<AttemptOutcome<Out>> {
    const { path } = HIGHHELP_ENDPOINTS[endpoint];
    const retryableCall = isRetryableCall(endpoint);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(signer.headers(body, Math.floor(now() / 1000)))) {
      if (value !== undefined) headers[name] = value;
    }
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const started = performance.now();
    const logFields = { endpoint, method: "POST", path, attempt, paymentId: paymentIdOf(body) };

    let status: number;
    let text: string;
    let retryAfter: string | null;
    try {
      const response = await doFetch(baseUrl + path, {
        method: "POST",
        headers,
        body: bodyText,
        signal: controller.signal,
        redirect: "manual",
      });
      status = response.status;
      retryAfter = response.headers.get("retry-after");
      text = await response.text();
    } catch (error) {
      const durationMs = Math.round(performance.now() - started);
      if (timedOut) {
        logger?.warn("highhelp request timed out", { ...logFields, durationMs, timeoutMs });
        return {
          kind: "failure",
          error: { kind: "timeout", endpoint, timeoutMs, attempts: attempt },
          retryable: retryableCall,
        };
      }
      const code = errorCode(error);
      logger?.warn("highhelp request failed", { ...logFields, durationMs, code, message: redactText(errorMessage(error)) });
      return {
        kind: "failure",
        error: { kind: "network", endpoint, message: errorMessage(error), code, attempts: attempt },
        retryable: retryableCall,
      };
    } finally {
      clearTimeout(timer);
    }

    const durationMs = Math.round(performance.now() - started);
    logger?.info("highhelp request", { ...logFields, httpStatus: status, durationMs });
    const json = parseJson(text);

    if (status >= 400 && status <= 599) {
      const bodyJson = json.ok ? json.value : undefined;
      const description = errorDescription(bodyJson);
      const error: HighHelpError =
        status >= 500
          ? { kind: "http_5xx", endpoint, status, bodyText: text, bodyJson, description, attempts: attempt }
          : { kind: "http_4xx", endpoint, status, bodyText: text, bodyJson, description, attempts: attempt };
      return {
        kind: "failure",
        error,
        retryable: retryableCall && (status >= 500 || status === 429),
        retryAfterMs: retryAfterMs(retryAfter),
      };
    }
    if (status < 200 || status > 299) {
      return {
        kind: "failure",
        error: {
          kind: "malformed_response",
          endpoint,
          status,
          reason: "unexpected_status",
          bodyText: text,
          issues: [],
          attempts: attempt,
        },
        retryable: false,
      };
    }
    if (!json.ok) {
      return {
        kind: "failure",
        error: {
          kind: "malformed_response",
          endpoint,
          status,
          reason: "not_json",
          bodyText: text,
          issues: [],
          attempts: attempt,
        },
        retryable: false,
      };
    }
    const parsed = op.responseSchema.safeParse(json.value);
    if (!parsed.success) {
      return {
        kind: "failure",
        error: {
          kind: "malformed_response",
          endpoint,
          status,
          reason: "schema_mismatch",
          bodyText: text,
          issues: fieldIssuesFromZod(parsed.error),
          attempts: attempt,
        },
        retryable: false,
      };
    }
    return { kind: "success", data: parsed.data, status };
  }

  function logFailure(error: HighHelpError): void {
    if (logger === undefined) return;
    const fields: Record<string, unknown> = {
      endpoint: error.endpoint,
      path: HIGHHELP_ENDPOINTS[error.endpoint].path,
      kind: error.kind,
    };
    switch (error.kind) {
      case "invalid_request":
        fields.issues = error.issues;
        break;
      case "http_4xx":
      case "http_5xx":
        fields.httpStatus = error.status;
        fields.attempts = error.attempts;
        fields.description = error.description;
        fields.body = redactedBody(error.bodyText);
        break;
      case "malformed_response":
        fields.httpStatus = error.status;
        fields.reason = error.reason;
        fields.issues = error.issues;
        fields.body = redactedBody(error.bodyText);
        break;
      case "timeout":
      case "network":
        fields.attempts = error.attempts;
        break;
    }
    // A 404 from a read is an answer (HighHelp does not know the application); the caller reports it once.
    const answered = error.kind === "http_4xx" && error.status === 404 && HIGHHELP_ENDPOINTS[error.endpoint].kind === "read";
    if (answered) logger.debug("highhelp call failed", fields);
    else logger.error("highhelp call failed", fields);
  }

  async function call<Out>(endpoint: EndpointName, op: Operation<Out>, input: unknown): Promise<HighHelpResult<Out>> {
    const prepared = withProjectId(input);
    if ("issues" in prepared) {
      const error: HighHelpError = { kind: "invalid_request", endpoint, issues: prepared.issues };
      logFailure(error);
      return { ok: false, error };
    }
    const request = op.requestSchema.safeParse(prepared.body);
    if (!request.success) {
      const error: HighHelpError = { kind: "invalid_request", endpoint, issues: fieldIssuesFromZod(request.error) };
      logFailure(error);
      return { ok: false, error };
    }
    const body = request.data;
    try {
      normaliseLines(body, signer.profile);
    } catch (error) {
      if (!(error instanceof NormaliseError)) throw error;
      const issue = { path: error.path.replaceAll(":", "."), message: error.reason, code: "not_signable" };
      const failure: HighHelpError = { kind: "invalid_request", endpoint, issues: [issue] };
      logFailure(failure);
      return { ok: false, error: failure };
    }
    const bodyText = JSON.stringify(body);
    const attempts = isRetryableCall(endpoint) ? maxAttempts : 1;

    for (let attempt = 1; ; attempt++) {
      const started = performance.now();
      const outcome = await attemptOnce(endpoint, op, body, bodyText, attempt);
      try {
        observe?.({
          endpoint,
          outcome: outcome.kind === "success" ? "ok" : (outcome.error.kind as HighHelpRequestOutcome),
          durationMs: performance.now() - started,
        });
      } catch {
        // An observer's failure is no reason to lose HighHelp's answer.
      }
      if (outcome.kind === "success") return { ok: true, data: outcome.data, httpStatus: outcome.status };
      if (!outcome.retryable || attempt >= attempts) {
        logFailure(outcome.error);
        return { ok: false, error: outcome.error };
      }
      const delay = backoffMs(attempt, outcome.retryAfterMs);
      logger?.warn("highhelp call retrying", { endpoint, attempt, kind: outcome.error.kind, delayMs: Math.round(delay) });
      await sleep(delay);
    }
  }

  const payment = (requestSchema: z.ZodType): Operation<PaymentResponse> => ({
    requestSchema,
    responseSchema: paymentResponseSchema,
  });
  const create = {
    p2pPayin: payment(p2pPayinCreateRequestSchema),
    p2pPayout: payment(p2pPayoutCreateRequestSchema),
    widgetPayin: payment(widgetPayinCreateRequestSchema),
    ecomPayin: payment(ecomPayinCreateRequestSchema),
  };
  const reference = payment(orderReferenceRequestSchema);
  const balance: Operation<BalanceResponse> = {
    requestSchema: balanceInfoRequestSchema,
    responseSchema: balanceResponseSchema,
  };
  const banks: Operation<BankListResponse> = {
    requestSchema: bankListRequestSchema,
    responseSchema: bankListResponseSchema as z.ZodType<BankListResponse>,
  };
  const projectOnly = () => ({ general: { project_id: projectId } });

  return Object.freeze({
    p2pPayinCreate: (body) => call("p2pPayinCreate", create.p2pPayin, body),
    p2pPayinInfo: (body) => call("p2pPayinInfo", reference, body),
    p2pPayinConfirm: (body) => call("p2pPayinConfirm", reference, body),
    p2pPayinCancel: (body) => call("p2pPayinCancel", reference, body),
    p2pPayoutCreate: (body) => call("p2pPayoutCreate", create.p2pPayout, body),
    p2pPayoutInfo: (body) => call("p2pPayoutInfo", reference, body),
    widgetPayinCreate: (body) => call("widgetPayinCreate", create.widgetPayin, body),
    widgetPayinInfo: (body) => call("widgetPayinInfo", reference, body),
    widgetPayinConfirm: (body) => call("widgetPayinConfirm", reference, body),
    widgetPayinCancel: (body) => call("widgetPayinCancel", reference, body),
    ecomPayinCreate: (body) => call("ecomPayinCreate", create.ecomPayin, body),
    ecomPayinInfo: (body) => call("ecomPayinInfo", reference, body),
    balanceInfo: () => call("balanceInfo", balance, projectOnly()),
    bankList: () => call("bankList", banks, projectOnly()),
  } satisfies HighHelpClient);
}
