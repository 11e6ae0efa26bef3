/**
 * What every route module shares: the running sandbox's parts (`RouteContext`, built once by
 * server.ts after start-up) and the answer shapes a route hands back for server.ts to send.
 */
import type http from "node:http";

import type { PreparedVerificationKey, SignatureProfile } from "@/lib/highhelp";

import type { Deliveries } from "../callbacks";
import type { Engine } from "../engine";
import type { SandboxRegister } from "../keys";
import type { StateStore } from "../state";
import { errorBody, type ErrorItem } from "../views";

export type Answer =
  | { kind: "json"; status: number; body: unknown; headers?: Record<string, string> }
  | { kind: "html"; status: number; html: string }
  | { kind: "redirect"; location: string }
  /** timeout_after_create: never answer; destroy the socket after `ms`. */
  | { kind: "hang"; ms: number };

/** An answer and, for the request log, the payment_id the request named. */
export interface Routed {
  answer: Answer;
  paymentId: string | null;
}

/** A cash register as the running sandbox serves it (no key material but the prepared request key). */
export interface RegisterInfo {
  projectId: string;
  name: string;
  currencies: string[];
  requestAlgorithm: "rsa" | "hmac";
  requestKey: PreparedVerificationKey;
}

export interface RouteContext {
  engine: Engine;
  store: StateStore;
  deliveries: Deliveries;
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  /** The cash registers by project_id: each verifies its own requests. */
  registers: ReadonlyMap<string, RegisterInfo>;
  /** The cabinet's new register: persisted beside keys.json, then served at once. */
  addRegister(register: SandboxRegister): void;
  profile: SignatureProfile;
  log: (line: string) => void;
  /** A delay that stop() cuts short. */
  sleep(ms: number): Promise<void>;
  stopping(): boolean;
  /** The request body, read only when a route needs it; an oversized one is already the 413 answer. */
  readBody(req: http.IncomingMessage): Promise<{ ok: true; text: string } | { ok: false; answer: Answer }>;
}

export function json(status: number, body: unknown, headers?: Record<string, string>): Answer {
  return { kind: "json", status, body, headers };
}

export function fail(status: number, description: string, errors: ErrorItem[] = []): Answer {
  return json(status, errorBody(description, errors));
}

export function invalid(errors: ErrorItem[]): Answer {
  const list = errors.map((e) => (e.field === "" ? e.message : `${e.field}: ${e.message}`)).join("; ");
  return fail(400, `Invalid request: ${list}`, errors);
}

/** `general.project_id` must name the cash register that signed the request (`x-access-merchant-id`). */
export function projectMismatch(projectId: string, signedBy: string): Answer | null {
  if (projectId === signedBy) return null;
  return fail(403, "general.project_id is not the cash register of x-access-merchant-id", [
    { field: "general.project_id", message: `must be ${signedBy}`, code: "project_mismatch" },
  ]);
}
