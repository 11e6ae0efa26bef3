import "server-only";
import { applyStatusEvent, type ApplyOutcome, type VerifiedDelivery } from "@/lib/applications/apply-status-event";
import { eventFromAlert } from "@/lib/applications/events-from-highhelp";
import type { Database } from "@/lib/server/db";
import { databaseFailure, describeDatabaseFailure, describeFailure, isContentFailure } from "@/lib/server/db-errors";
import { AppError, errorBody, errorResponse, type AppErrorCode, type ErrorBody } from "@/lib/server/errors";
import {
  alertSchema,
  HEADER_MERCHANT_ID,
  HEADER_SIGNATURE,
  HEADER_TIMESTAMP,
  verifyAlertSignature,
  type PreparedVerificationKey,
  type SignatureFailureReason,
  type SignatureProfile,
} from "@/lib/highhelp";
import { logger } from "@/lib/server/logger";
import {
  countCallbackReceived,
  countCallbackRejected,
  countCallbackUnavailable,
  countCallbackVerified,
  observeCallbackStored,
} from "@/lib/server/metrics";
import { clientAddress } from "@/lib/server/request-context";
import { processQuarantineGate, quarantineDelivery, type QuarantineGate } from "./quarantine";
import { readLimitedBody } from "./read-limited-body";

/** HighHelp alerts are a few KiB; anything larger is refused before it is read further. */
export const MAX_CALLBACK_BYTES = 64 * 1024;

export const CALLBACK_KINDS = ["intermediate", "success", "decline"] as const;

export interface ReceivedCallback {
  /** The body exactly as received. */
  bytes: Uint8Array;
  headers: Headers;
  kind: string | null;
  remoteAddr: string | null;
}

export interface CallbackContext {
  db: Database;
  /** The register the callback URL belongs to: its project_id, the only one its alerts may name. */
  projectId: string;
  /** The register's alert keys that verify now (several during a rotation's overlap): any one verifying suffices. */
  alertKeys: readonly PreparedVerificationKey[];
  profile: SignatureProfile;
  /** The rate cap in front of the quarantine; this process's own (caps from the environment) when absent. */
  quarantine?: QuarantineGate;
}

/** The single-key form, still taken from callers built before registers had several keys. */
export type SingleKeyCallbackContext = Omit<CallbackContext, "alertKeys"> & { alertKey: PreparedVerificationKey };

function withKeys(ctx: CallbackContext | SingleKeyCallbackContext): CallbackContext {
  return "alertKeys" in ctx ? ctx : { ...ctx, alertKeys: [ctx.alertKey] };
}

export interface CallbackAnswer {
  status: number;
  body: { ok: true; outcome: ApplyOutcome } | ErrorBody;
}

// Headers worth keeping with the delivery for diagnosis: HighHelp's header names are unconfirmed
// (docs/highhelp-decisions.md#alert-headers).
const KEPT_HEADERS = [
  "content-type",
  "user-agent",
  "x-forwarded-for",
  HEADER_MERCHANT_ID,
  HEADER_TIMESTAMP,
  "x-access-merchant-algorithm",
];

const SIGNATURE_REASONS: Record<SignatureFailureReason, { status: number; reason: string }> = {
  missing_signature: { status: 401, reason: "The x-access-signature header is missing." },
  missing_timestamp: { status: 401, reason: "The x-access-timestamp header is missing." },
  invalid_timestamp: { status: 401, reason: "The x-access-timestamp header is not Unix seconds." },
  stale_timestamp: { status: 401, reason: "The timestamp is outside the accepted window." },
  malformed_signature: { status: 401, reason: "The signature is not valid Base64Url." },
  bad_signature: { status: 401, reason: "The signature does not match the body." },
  malformed_json: { status: 400, reason: "The body is not JSON." },
  unsupported_body: { status: 400, reason: "The body is not a JSON object HighHelp would send." },
};

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** Header values may carry NUL, which text and jsonb columns refuse. */
const storable = (value: string) => value.replace(/\0/g, "\uFFFD");

function keptHeaders(headers: Headers): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = headers.get(name);
    if (value !== null) kept[name] = storable(value);
  }
  return kept;
}

/** A refusal in the shared error shape; the code's kind gives the status. */
function answer(code: AppErrorCode, message: string): CallbackAnswer {
  const error = new AppError(code, message);
  return { status: error.status, body: errorBody(error) };
}

/**
 * Refuses a delivery: quarantined (when the cap allows; its failure is only logged) with `reason`
 * and `detail`, answered `code` with `message`. Nothing is written to the main tables.
 */
async function refuse(
  ctx: Pick<CallbackContext, "db" | "quarantine">,
  received: ReceivedCallback,
  reason: string,
  detail: string,
  code: AppErrorCode,
  message: string,
): Promise<CallbackAnswer> {
  logger.debug("callback refused", { reason, detail, remoteAddr: received.remoteAddr });
  countCallbackRejected(reason);
  await quarantineDelivery(
    ctx.db,
    ctx.quarantine ?? processQuarantineGate(),
    { ...received, reason, message: detail },
    keptHeaders(received.headers),
  );
  return answer(code, message);
}

/**
 * The first key that verifies wins; when none does, the refusal of the last one (every reason but
 * bad_signature is the same for every key). No key at all: bad_signature.
 */
function verifyWithAnyKey(
  ctx: CallbackContext,
  rawBody: string,
  signature: string | null,
  timestamp: string | null,
): ReturnType<typeof verifyAlertSignature> {
  let result: ReturnType<typeof verifyAlertSignature> = { ok: false, reason: "bad_signature" };
  for (const key of ctx.alertKeys) {
    result = verifyAlertSignature({ rawBody, signature, timestamp, key, profile: ctx.profile });
    if (result.ok || result.reason !== "bad_signature") return result;
  }
  return result;
}

/**
 * Receives one HighHelp alert, in this order: decode the bytes as strict UTF-8, verify signature
 * and timestamp, validate the alert, check the project (all in memory, no database), then store
 * the delivery and apply it in one transaction. 2xx only once both are durable; 4xx with a reason
 * for what the caller sent (quarantined, never in the main tables); 503 only when the database is
 * unreachable or failing, so that HighHelp retries.
 */
export async function receiveCallback(
  context: CallbackContext | SingleKeyCallbackContext,
  received: ReceivedCallback,
): Promise<CallbackAnswer> {
  const ctx = withKeys(context);
  countCallbackReceived();
  let rawBody: string;
  try {
    rawBody = strictUtf8.decode(received.bytes);
  } catch {
    return refuse(ctx, received, "invalid_utf8", "invalid UTF-8", "bad_request:invalid_body", "The body is not valid UTF-8.");
  }

  const signature = received.headers.get(HEADER_SIGNATURE);
  const timestamp = received.headers.get(HEADER_TIMESTAMP);
  let verified: ReturnType<typeof verifyAlertSignature>;
  try {
    verified = verifyWithAnyKey(ctx, rawBody, signature, timestamp);
  } catch (error) {
    // Whatever the body does to the parser (nesting too deep, …) is the body's fault.
    const detail = error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 200) : "unreadable body";
    return refuse(
      ctx,
      received,
      "unsupported_body",
      detail,
      "bad_request:invalid_body",
      SIGNATURE_REASONS.unsupported_body.reason,
    );
  }
  if (!verified.ok) {
    const { status, reason } = SIGNATURE_REASONS[verified.reason];
    const drift = verified.driftSeconds === undefined ? "" : ` (drift ${verified.driftSeconds} s)`;
    return refuse(
      ctx,
      received,
      verified.reason,
      `${verified.reason}${drift}`,
      status === 401 ? "unauthenticated:invalid_signature" : "bad_request:invalid_body",
      reason,
    );
  }

  countCallbackVerified();

  const parsed = alertSchema.safeParse(verified.body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const reason = `${issue?.path.join(".") || "body"}: ${issue?.message ?? "invalid"}`;
    return refuse(ctx, received, "invalid_alert", reason, "bad_request:invalid_alert", reason);
  }
  const alert = parsed.data;
  if (alert.project_id !== ctx.projectId) {
    return refuse(
      ctx,
      received,
      "unknown_project",
      `unknown project_id ${alert.project_id}`.slice(0, 200),
      "bad_request:unknown_project",
      "The alert's project_id is not the cash register of this callback URL.",
    );
  }

  const delivery: VerifiedDelivery = {
    kind: received.kind,
    remoteAddr: received.remoteAddr,
    rawBody,
    signatureHeader: signature,
    timestampHeader: timestamp,
    merchantIdHeader: received.headers.get(HEADER_MERCHANT_ID),
    headers: keptHeaders(received.headers),
  };
  try {
    const started = performance.now();
    const result = await applyStatusEvent(ctx.db, eventFromAlert(alert, delivery));
    observeCallbackStored(result.outcome, (performance.now() - started) / 1000);
    return { status: 200, body: { ok: true, outcome: result.outcome } };
  } catch (error) {
    if (error instanceof AppError && error.kind === "bad_request") {
      return refuse(ctx, received, "invalid_alert", error.message, "bad_request:invalid_alert", error.message);
    }
    const failure = databaseFailure(error);
    if (isContentFailure(failure)) {
      const detail = describeDatabaseFailure(failure);
      logger.warn("callback refused: the database cannot hold a value of this alert", { error: detail });
      return refuse(
        ctx,
        received,
        "database_refused",
        detail,
        "bad_request:invalid_alert",
        "The alert holds a value the back-office cannot store.",
      );
    }
    // A value our own code cannot represent (a date beyond the calendar, …): the alert's content again.
    if (failure === null && error instanceof RangeError) {
      const detail = `${error.name}: ${error.message}`.slice(0, 200);
      return refuse(ctx, received, "invalid_alert", detail, "bad_request:invalid_alert", "The alert holds a value out of range.");
    }
    logger.error("callback not stored: database unavailable", {
      error: describeFailure(error),
    });
    countCallbackUnavailable();
    return answer("unavailable:database", "The delivery could not be stored; retry later.");
  }
}

/** The HTTP side: path kind, size limit, then receiveCallback. Route handlers stay thin. */
export async function handleCallbackRequest(
  context: CallbackContext | SingleKeyCallbackContext,
  request: Request,
  kindSegments: string[],
): Promise<Response> {
  const ctx = withKeys(context);
  const kind = kindSegments.join("/") || null;
  if (kind !== null && !(CALLBACK_KINDS as readonly string[]).includes(kind)) {
    countCallbackReceived();
    countCallbackRejected("unknown_path");
    return errorResponse(new AppError("not_found:callback_path", "Unknown callback path."));
  }
  const remoteAddr = clientAddress(request.headers);
  const body = await readLimitedBody(request, MAX_CALLBACK_BYTES);
  if (!body.ok) {
    countCallbackReceived();
    const size = body.declared === null ? `more than ${MAX_CALLBACK_BYTES}` : String(body.declared);
    const refused = await refuse(
      ctx,
      { bytes: body.bytes, headers: request.headers, kind, remoteAddr },
      "too_large",
      `body of ${size} bytes`,
      "payload_too_large:body",
      `The body exceeds ${MAX_CALLBACK_BYTES} bytes.`,
    );
    return Response.json(refused.body, { status: refused.status });
  }
  const result = await receiveCallback(ctx, { bytes: body.bytes, headers: request.headers, kind, remoteAddr });
  return Response.json(result.body, { status: result.status });
}

/** What the receiver needs of the register a callback URL belongs to (a Gateway of lib/server/gateway.ts). */
export interface CallbackRegister {
  projectId: string;
  profile: SignatureProfile;
  /** A key whose `retiresAt` has passed verifies no more. */
  alertKeys: readonly { key: PreparedVerificationKey; retiresAt: Date | null }[];
}

/** Finds the register of a callback URL, from memory (lib/server/gateway.ts's registry). */
export interface CallbackRegisters {
  forCallbackToken(token: string): Promise<CallbackRegister | null>;
  forDefaultCallback(): Promise<CallbackRegister | null>;
}

/** The keys that verify at `now`: during a rotation's overlap, the old ones and the new one. */
export function usableAlertKeys(register: Pick<CallbackRegister, "alertKeys">, now = new Date()): PreparedVerificationKey[] {
  return register.alertKeys.filter((k) => k.retiresAt === null || k.retiresAt > now).map((k) => k.key);
}

/**
 * The route handler's work: the register from the path (`r/<token>/…`, or the default register),
 * an unknown token refused 404 and quarantined, then handleCallbackRequest with that register's
 * project_id and usable alert keys.
 */
export async function handleRegisterCallback(
  db: Database,
  registers: CallbackRegisters,
  request: Request,
  segments: readonly string[],
  now = new Date(),
): Promise<Response> {
  const path = parseCallbackPath(segments);
  let register: CallbackRegister | null;
  try {
    register = path.token === null ? await registers.forDefaultCallback() : await registers.forCallbackToken(path.token);
  } catch (error) {
    logger.error("callback: the cash registers could not be loaded", { error: describeFailure(error) });
    countCallbackReceived();
    countCallbackUnavailable();
    return errorResponse(new AppError("unavailable:registers", "The delivery could not be checked; retry later."));
  }
  if (register === null) return refuseUnknownRegister(db, request, path.kind);
  return handleCallbackRequest(
    { db, projectId: register.projectId, alertKeys: usableAlertKeys(register, now), profile: register.profile },
    request,
    path.kind,
  );
}

/**
 * `<base>/r/<token>/<kind>`: the callback URLs of one register; without `r/<token>`, the default
 * register's (the URLs from before registers). `token` null: the default register.
 */
export function parseCallbackPath(segments: readonly string[]): { token: string | null; kind: string[] } {
  if (segments[0] === "r" && segments.length >= 2) return { token: segments[1]!, kind: segments.slice(2) };
  return { token: null, kind: [...segments] };
}

/** A callback URL whose token names no register: 404, quarantined like every refusal (body read within the size limit). */
export async function refuseUnknownRegister(
  db: Database,
  request: Request,
  kindSegments: string[],
  quarantine?: QuarantineGate,
): Promise<Response> {
  countCallbackReceived();
  const body = await readLimitedBody(request, MAX_CALLBACK_BYTES);
  const kind = kindSegments.join("/") || null;
  const refused = await refuse(
    { db, quarantine },
    { bytes: body.bytes, headers: request.headers, kind, remoteAddr: clientAddress(request.headers) },
    "unknown_register",
    "no cash register has this callback URL",
    "not_found:callback_register",
    "No cash register has this callback URL.",
  );
  return Response.json(refused.body, { status: refused.status });
}
