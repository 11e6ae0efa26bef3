import "server-only";
import { eq, sql } from "drizzle-orm";
import { callbackDeliveries, type CallbackOutcome } from "@/drizzle/schema";
import { applyStatusEvent, type ApplyOutcome } from "@/lib/applications/apply-status-event";
import { eventFromAlert } from "@/lib/applications/events-from-highhelp";
import type { Database } from "@/lib/server/db";
import { AppError, errorBody, errorResponse, type AppErrorCode, type ErrorBody } from "@/lib/server/errors";
import { executeRows } from "@/lib/server/sql";
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
import { clientAddress } from "@/lib/server/request-context";
import { readLimitedBody } from "./read-limited-body";

/** HighHelp alerts are a few KiB; anything larger is refused before it is read further. */
export const MAX_CALLBACK_BYTES = 64 * 1024;

export const CALLBACK_KINDS = ["intermediate", "success", "decline"] as const;

export interface ReceivedCallback {
  rawBody: string;
  /** False when the bytes were not valid UTF-8 (rawBody then holds replacement characters). */
  validUtf8: boolean;
  headers: Headers;
  kind: string | null;
  remoteAddr: string | null;
}

export interface CallbackContext {
  db: Database;
  projectId: string;
  alertKey: PreparedVerificationKey;
  profile: SignatureProfile;
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

/** A refusal in the shared error shape; the code's kind gives the status. */
function reject(code: AppErrorCode, reason: string): CallbackAnswer {
  const error = new AppError(code, reason);
  return { status: error.status, body: errorBody(error) };
}

async function finish(
  db: Database,
  deliveryId: number,
  outcome: CallbackOutcome,
  fields: { signatureVerified?: boolean; error?: string; projectId?: string; paymentId?: string },
) {
  await db
    .update(callbackDeliveries)
    .set({ outcome, processedAt: new Date(), ...fields })
    .where(eq(callbackDeliveries.id, deliveryId));
}

/**
 * Receives one HighHelp alert, in this order: store the delivery as received, verify the signature,
 * parse, apply, answer. 2xx only once the event is durably stored; 401 / 400 with a reason and no
 * state change; 503 when the database is unavailable, so that HighHelp retries.
 */
export async function receiveCallback(ctx: CallbackContext, received: ReceivedCallback): Promise<CallbackAnswer> {
  let deliveryId: number;
  try {
    const kept = Object.fromEntries(
      KEPT_HEADERS.flatMap((name) => {
        const value = received.headers.get(name);
        return value === null ? [] : [[name, value]];
      }),
    );
    // Plain SQL: this insert runs for every delivery, before anything else (hot path).
    const [inserted] = await executeRows<{ id: unknown }>(
      ctx.db,
      sql`
      insert into callback_deliveries (kind, remote_addr, raw_body, signature_header, timestamp_header, merchant_id_header, headers)
      values (${received.kind}, ${received.remoteAddr}, ${received.rawBody}, ${received.headers.get(HEADER_SIGNATURE)},
        ${received.headers.get(HEADER_TIMESTAMP)}, ${received.headers.get(HEADER_MERCHANT_ID)}, ${JSON.stringify(kept)}::jsonb)
      returning id`,
    );
    deliveryId = Number(inserted!.id);
  } catch (error) {
    logger.error("callback not stored: database unavailable", { error });
    return reject("unavailable:database", "The delivery could not be stored; retry later.");
  }

  try {
    if (!received.validUtf8) {
      await finish(ctx.db, deliveryId, "rejected_body", { error: "invalid UTF-8" });
      return reject("bad_request:invalid_body", "The body is not valid UTF-8.");
    }
    const verified = verifyAlertSignature({
      rawBody: received.rawBody,
      signature: received.headers.get(HEADER_SIGNATURE),
      timestamp: received.headers.get(HEADER_TIMESTAMP),
      key: ctx.alertKey,
      profile: ctx.profile,
    });
    if (!verified.ok) {
      const { status, reason } = SIGNATURE_REASONS[verified.reason];
      await finish(ctx.db, deliveryId, status === 401 ? "rejected_signature" : "rejected_body", {
        signatureVerified: status === 401 ? false : undefined,
        error: verified.reason,
      });
      logger.warn("callback refused", { deliveryId, reason: verified.reason, driftSeconds: verified.driftSeconds });
      return reject(status === 401 ? "unauthenticated:invalid_signature" : "bad_request:invalid_body", reason);
    }

    const parsed = alertSchema.safeParse(verified.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const reason = `${issue?.path.join(".") || "body"}: ${issue?.message ?? "invalid"}`;
      await finish(ctx.db, deliveryId, "rejected_body", { signatureVerified: true, error: reason });
      return reject("bad_request:invalid_alert", reason);
    }
    const alert = parsed.data;
    if (alert.project_id !== ctx.projectId) {
      await finish(ctx.db, deliveryId, "rejected_body", {
        signatureVerified: true,
        error: "unknown project_id",
        projectId: alert.project_id,
      });
      return reject("bad_request:unknown_project", "The alert's project_id is not this back-office's cash register.");
    }
    const result = await applyStatusEvent(ctx.db, eventFromAlert(alert, deliveryId));
    return { status: 200, body: { ok: true, outcome: result.outcome } };
  } catch (error) {
    if (error instanceof AppError && error.kind === "bad_request") {
      await finish(ctx.db, deliveryId, "rejected_body", { signatureVerified: true, error: error.message }).catch(() => {});
      return reject("bad_request:invalid_alert", error.message);
    }
    logger.error("callback not applied", { deliveryId, error });
    await finish(ctx.db, deliveryId, "failed", { error: error instanceof Error ? error.message : String(error) }).catch(() => {});
    return reject("unavailable:apply", "The alert could not be applied; retry later.");
  }
}

/** The HTTP side: path kind, size limit, then receiveCallback. Route handlers stay thin. */
export async function handleCallbackRequest(ctx: CallbackContext, request: Request, kindSegments: string[]): Promise<Response> {
  const kind = kindSegments.join("/") || null;
  if (kind !== null && !(CALLBACK_KINDS as readonly string[]).includes(kind)) {
    return errorResponse(new AppError("not_found:callback_path", "Unknown callback path."));
  }
  const body = await readLimitedBody(request, MAX_CALLBACK_BYTES);
  if (!body.ok) {
    return errorResponse(new AppError("payload_too_large:body", `The body exceeds ${MAX_CALLBACK_BYTES} bytes.`));
  }
  const answer = await receiveCallback(ctx, {
    rawBody: body.text,
    validUtf8: body.validUtf8,
    headers: request.headers,
    kind,
    remoteAddr: clientAddress(request.headers),
  });
  return Response.json(answer.body, { status: answer.status });
}
