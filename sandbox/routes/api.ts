/**
 * The gate in front of HighHelp's endpoints (everything under /api/): known path, POST, body size,
 * JSON content type, the request faults (slow, http_500) and the signature, checked as strictly as
 * the real gateway; then applications.ts or service.ts answers.
 */
import type http from "node:http";

import {
  HEADER_MERCHANT_ID,
  HIGHHELP_ENDPOINTS,
  verifyRequestSignature,
  type EndpointName,
  type RequestFailureReason,
} from "@/lib/highhelp";

import { errorBody } from "../views";
import { CREATE_ENDPOINTS, handleCreate, handleReference, REFERENCE_ENDPOINTS } from "./applications";
import { fail, json, type RouteContext, type Routed } from "./context";
import { handleService } from "./service";

const SIGNATURE_FAILURES: Record<RequestFailureReason, { status: number; field: string; message: string }> = {
  missing_merchant_id: { status: 401, field: "x-access-merchant-id", message: "the header is missing" },
  merchant_mismatch: { status: 401, field: "x-access-merchant-id", message: "unknown cash register" },
  unknown_algorithm: { status: 401, field: "x-access-merchant-algorithm", message: "unknown signing algorithm" },
  algorithm_mismatch: {
    status: 401,
    field: "x-access-merchant-algorithm",
    message: "this cash register signs requests with the other algorithm",
  },
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

function paymentIdOf(text: string): string | null {
  try {
    const id = (JSON.parse(text) as { general?: { payment_id?: unknown } } | null)?.general?.payment_id;
    return typeof id === "string" ? id : null;
  } catch {
    return null;
  }
}

export async function handleApi(ctx: RouteContext, req: http.IncomingMessage, path: string): Promise<Routed> {
  const eng = ctx.engine;
  const endpoint = ENDPOINT_BY_PATH.get(path);
  if (endpoint === undefined) return { answer: fail(404, `Unknown endpoint ${path}`), paymentId: null };
  if (req.method !== "POST") {
    return { answer: json(405, errorBody("Every HighHelp endpoint is POST"), { allow: "POST" }), paymentId: null };
  }
  const read = await ctx.readBody(req);
  if (!read.ok) return { answer: read.answer, paymentId: null };
  const contentType = req.headers["content-type"] ?? "";
  if (!/^application\/json\b/i.test(contentType)) {
    return {
      answer: fail(415, "content-type must be application/json", [
        { field: "content-type", message: "must be application/json", code: "unsupported_media_type" },
      ]),
      paymentId: null,
    };
  }
  const paymentId = paymentIdOf(read.text);
  const slow = eng.faultsFor(paymentId).slow;
  if (slow !== undefined && slow > 0) await ctx.sleep(slow);
  if (ctx.stopping()) return { answer: { kind: "hang", ms: 0 }, paymentId };

  const merchantHeader = req.headers[HEADER_MERCHANT_ID];
  const merchantId = typeof merchantHeader === "string" ? merchantHeader.trim() : "";
  const register = ctx.registers.get(merchantId);
  const verified: ReturnType<typeof verifyRequestSignature> =
    register === undefined
      ? { ok: false, reason: merchantId === "" ? "missing_merchant_id" : "merchant_mismatch" }
      : verifyRequestSignature({
          rawBody: read.text,
          headers: req.headers,
          key: register.requestKey,
          profile: ctx.profile,
          expectedMerchantId: register.projectId,
        });
  if (!verified.ok) {
    const failure = SIGNATURE_FAILURES[verified.reason];
    return {
      answer: fail(
        failure.status,
        `Signature check failed (${verified.reason}): ${failure.field === "" ? "" : `${failure.field}: `}${failure.message}`,
        [{ field: failure.field, message: failure.message, code: verified.reason }],
      ),
      paymentId,
    };
  }
  if (CREATE_ENDPOINTS.has(endpoint) && paymentId !== null) eng.countCreate(paymentId);
  if (eng.takeHttp500(paymentId)) return { answer: fail(500, "Internal server error (sandbox fault http_500)"), paymentId };

  const body = verified.body;
  const projectId = verified.merchantId;
  if (CREATE_ENDPOINTS.has(endpoint)) return { answer: handleCreate(ctx, projectId, endpoint, body), paymentId };
  if (REFERENCE_ENDPOINTS[endpoint] !== undefined) return { answer: handleReference(ctx, projectId, endpoint, body), paymentId };
  return { answer: handleService(ctx, projectId, endpoint, body), paymentId };
}
