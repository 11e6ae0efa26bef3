import type { z } from "zod";

import { HIGHHELP_ENDPOINTS, type EndpointName } from "./endpoints";
import { message } from "@/lib/i18n/message";
import { redactText } from "./redact";

/** One validation problem; `path` is dotted (`payment.amount`, `customer.email`, `""` for the root). */
export interface FieldIssue {
  path: string;
  message: string;
  code: string;
}

/** Everything that can go wrong with a call, as data (the client never throws for these). */
export type HighHelpError =
  /** Our side: the request failed its schema; nothing was sent. */
  | { kind: "invalid_request"; endpoint: EndpointName; issues: FieldIssue[] }
  | {
      kind: "http_4xx";
      endpoint: EndpointName;
      status: number;
      bodyText: string;
      /** The body parsed as JSON, when it is JSON. */
      bodyJson: unknown;
      /** `status_description`, `detail` or `message` of the body, when present. */
      description: string | undefined;
      attempts: number;
    }
  | {
      kind: "http_5xx";
      endpoint: EndpointName;
      status: number;
      bodyText: string;
      bodyJson: unknown;
      description: string | undefined;
      attempts: number;
    }
  | { kind: "timeout"; endpoint: EndpointName; timeoutMs: number; attempts: number }
  | { kind: "network"; endpoint: EndpointName; message: string; code: string | undefined; attempts: number }
  | {
      kind: "malformed_response";
      endpoint: EndpointName;
      status: number;
      /** `unexpected_status`: neither 2xx nor 4xx/5xx (e.g. a redirect). */
      reason: "not_json" | "schema_mismatch" | "unexpected_status";
      bodyText: string;
      issues: FieldIssue[];
      attempts: number;
    };

export type HighHelpErrorKind = HighHelpError["kind"];

export type HighHelpResult<T> = { ok: true; data: T; httpStatus: number } | { ok: false; error: HighHelpError };

/** Zod issues as dotted field paths; unknown keys are reported at their own path. */
export function fieldIssuesFromZod(error: z.ZodError): FieldIssue[] {
  const out: FieldIssue[] = [];
  for (const issue of error.issues) {
    const base = issue.path.map(String);
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        out.push({ path: [...base, key].join("."), message: "unknown field", code: issue.code });
      }
    } else {
      out.push({ path: base.join("."), message: issue.message, code: issue.code });
    }
  }
  return out;
}

function textField(value: unknown): string | undefined {
  if (typeof value === "string" && value.trim() !== "") return value;
  // FastAPI-style validation errors: detail = [{loc: [...], msg: "..."}]
  if (Array.isArray(value)) {
    const parts = value
      .map((item: unknown) => {
        if (typeof item !== "object" || item === null) return undefined;
        const { loc, msg } = item as { loc?: unknown; msg?: unknown };
        if (typeof msg !== "string") return undefined;
        return Array.isArray(loc) ? `${loc.map(String).join(".")}: ${msg}` : msg;
      })
      .filter((part): part is string => part !== undefined);
    return parts.length > 0 ? parts.join("; ") : undefined;
  }
  return undefined;
}

/** The human-readable part of an error body, whose format is undocumented (docs/highhelp-decisions.md#error-bodies). */
export function errorDescription(bodyJson: unknown): string | undefined {
  if (typeof bodyJson !== "object" || bodyJson === null || Array.isArray(bodyJson)) return undefined;
  const body = bodyJson as Record<string, unknown>;
  return textField(body.status_description) ?? textField(body.detail) ?? textField(body.message) ?? textField(body.error);
}

/** Error bodies may echo request data: card numbers are masked before they reach an operator. */
function excerpt(text: string, max = 200): string {
  const oneLine = redactText(text).replace(/\s+/g, " ").trim();
  return oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine;
}

function attemptsText(attempts: number): string {
  return attempts > 1 ? ` after ${attempts} attempts` : "";
}

/** One sentence for the operator; never includes keys or signatures (bodies are error bodies only). */
export function describeHighHelpError(error: HighHelpError): string {
  const uncertain =
    HIGHHELP_ENDPOINTS[error.endpoint].kind !== "read"
      ? " The operation may or may not have been applied: check it with the info call before trying again."
      : "";
  switch (error.kind) {
    case "invalid_request": {
      const list = error.issues.map((i) => (i.path === "" ? i.message : `${i.path}: ${i.message}`));
      return `Request not sent, it is invalid: ${list.join("; ")}.`;
    }
    case "http_4xx":
      return `HighHelp refused the request (HTTP ${error.status}): ${
        error.description === undefined
          ? error.bodyText.trim() === ""
            ? "no details"
            : excerpt(error.bodyText)
          : excerpt(error.description)
      }.`;
    case "http_5xx":
      return `HighHelp server error (HTTP ${error.status})${attemptsText(error.attempts)}${
        error.description === undefined ? "" : `: ${excerpt(error.description)}`
      }.${uncertain}`;
    case "timeout":
      return `HighHelp did not answer within ${error.timeoutMs} ms${attemptsText(error.attempts)}.${uncertain}`;
    case "network":
      return `Could not reach HighHelp (${error.code ?? error.message})${attemptsText(error.attempts)}.${uncertain}`;
    case "malformed_response":
      switch (error.reason) {
        case "not_json":
          return `HighHelp answered HTTP ${error.status} with a body that is not JSON.${uncertain}`;
        case "unexpected_status":
          return `HighHelp answered with unexpected HTTP status ${error.status}.${uncertain}`;
        case "schema_mismatch":
          return `HighHelp answered HTTP ${error.status} with an unexpected shape: ${error.issues
            .slice(0, 5)
            .map((i) => `${i.path || "(root)"}: ${i.message}`)
            .join("; ")}.`;
      }
  }
}

/**
 * What went wrong, for a page in the reader's language: a message key with its values
 * (lib/i18n/message.ts). HighHelp's own words (its error description) stay as they came; logs and the
 * audit log keep describeHighHelpError's English sentence.
 */
export function highHelpProblem(error: HighHelpError): string {
  const write = HIGHHELP_ENDPOINTS[error.endpoint].kind !== "read" ? "yes" : "no";
  switch (error.kind) {
    case "invalid_request":
      return message("highhelpErrors.invalid", {
        issues: error.issues.map((i) => (i.path === "" ? i.message : `${i.path}: ${i.message}`)).join("; "),
      });
    case "http_4xx": {
      const detail = error.description ?? (error.bodyText.trim() === "" ? "" : error.bodyText);
      return message("highhelpErrors.refused", { status: error.status, detail: detail === "" ? "—" : excerpt(detail) });
    }
    case "http_5xx":
      return message("highhelpErrors.serverError", { status: error.status, attempts: error.attempts, write });
    case "timeout":
      return message("highhelpErrors.timeout", { seconds: Math.ceil(error.timeoutMs / 1000), attempts: error.attempts, write });
    case "network":
      return message("highhelpErrors.network", { cause: error.code ?? error.message, attempts: error.attempts, write });
    case "malformed_response":
      return message("highhelpErrors.malformed", { status: error.status, write });
  }
}
