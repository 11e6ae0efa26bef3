import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import crypto from "node:crypto";

/**
 * What every log line of one unit of work carries: the request (a page, a server action, a route), the
 * HighHelp callback delivery, or the background job. Kept in AsyncLocalStorage so that code deep down
 * logs it without passing it along.
 */
export interface LogContext {
  requestId?: string;
  deliveryId?: string;
  job?: string;
}

const storage = new AsyncLocalStorage<LogContext>();

/** The header that carries the request id from the proxy (proxy.ts, or a front proxy's own) to the handlers. */
export const REQUEST_ID_HEADER = "x-request-id";

// A front proxy's id (nginx's $request_id, a UUID) is kept; anything else is replaced.
const REQUEST_ID = /^[A-Za-z0-9._:-]{8,64}$/;

export function newRequestId(): string {
  return crypto.randomUUID();
}

/** The request id a request came with, when it is a believable one; else a new one. */
export function requestIdOf(headers: Headers): string {
  const given = headers.get(REQUEST_ID_HEADER);
  return given && REQUEST_ID.test(given) ? given : newRequestId();
}

/** Runs `fn` with `fields` added to the log context (nested contexts keep the outer fields). */
export function withLogContext<T>(fields: LogContext, fn: () => T): T {
  return storage.run({ ...storage.getStore(), ...fields }, fn);
}

/** Adds a field to the current context, once it is known (e.g. the delivery id); nothing outside a context. */
export function addLogContext(fields: LogContext): void {
  const store = storage.getStore();
  if (store) Object.assign(store, fields);
}

export function currentLogContext(): LogContext | undefined {
  return storage.getStore();
}
