import "server-only";
import { translateText } from "@/lib/i18n/translate";

/**
 * One typed application error for server actions and route handlers. `code` reads
 * `<kind>:<subject>` (e.g. `forbidden:payouts:create`); the kind picks the HTTP status, and
 * `message` is safe to show. Database and gateway detail goes to the log only.
 */
const STATUS_BY_KIND = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  internal: 500,
  unavailable: 503,
} as const;

export type AppErrorKind = keyof typeof STATUS_BY_KIND;
export type AppErrorCode = `${AppErrorKind}:${string}`;

export class AppError extends Error {
  override name = "AppError";
  readonly kind: AppErrorKind;
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly fieldErrors?: Record<string, string[]>,
  ) {
    super(message);
    this.kind = code.split(":")[0] as AppErrorKind;
  }
  get status(): number {
    return STATUS_BY_KIND[this.kind];
  }
}

export type ErrorBody = { error: AppErrorCode; message: string; fields?: Record<string, string[]> };

/** The JSON error body every route handler answers with; messages written as keys are put into English words for API callers. */
export function errorBody(error: AppError): ErrorBody {
  const words = (text: string) => translateText("en", text);
  const fields = error.fieldErrors
    ? Object.fromEntries(Object.entries(error.fieldErrors).map(([name, list]) => [name, list.map(words)]))
    : undefined;
  return { error: error.code, message: words(error.message), ...(fields ? { fields } : {}) };
}

/** The one way a route handler answers an error: `errorBody` with the status of the code's kind. */
export function errorResponse(error: AppError, init?: { headers?: HeadersInit }): Response {
  return Response.json(errorBody(error), { status: error.status, headers: init?.headers });
}
