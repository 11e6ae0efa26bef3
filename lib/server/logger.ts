import "server-only";
import pino from "pino";
import { trace } from "@opentelemetry/api";
import { redactForLog } from "@/lib/highhelp/redact";
import { currentLogContext } from "./log-context";

type Level = "debug" | "info" | "warn" | "error";
const LEVELS: readonly Level[] = ["debug", "info", "warn", "error"];

// Read here rather than through lib/server/env, so that a wrong environment variable can itself be logged.
function configuredLevel(): Level {
  const level = process.env.LOG_LEVEL;
  return LEVELS.includes(level as Level) ? (level as Level) : "info";
}

function serialiseError(error: unknown, depth = 0): unknown {
  if (!(error instanceof Error)) return error;
  // Drizzle's query errors quote the parameters (raw callback bodies, signatures, password hashes): keep only the cause.
  if (error.message.startsWith("Failed query:")) {
    const cause = error.cause as (Error & { code?: string; detail?: string }) | undefined;
    return {
      name: error.name,
      message: `database query failed: ${cause instanceof Error ? cause.message : "unknown cause"}`,
      ...(cause?.code ? { code: cause.code } : {}),
    };
  }
  const code = (error as { code?: unknown }).code;
  // pg's "connection refused" is an AggregateError with an empty message: its parts name the cause.
  const parts = error instanceof AggregateError && depth < 2 ? error.errors.map((e) => serialiseError(e, depth + 1)) : undefined;
  return {
    name: error.name,
    message: error.message,
    ...(typeof code === "string" ? { code } : {}),
    ...(parts ? { errors: parts } : {}),
    ...(error.cause !== undefined && depth < 2 ? { cause: serialiseError(error.cause, depth + 1) } : {}),
    stack: process.env.NODE_ENV === "production" ? undefined : error.stack,
  };
}

/** One line naming an error and its causes, safe to print (no query parameters). */
export function describeError(error: unknown): string {
  const described = serialiseError(error);
  if (!described || typeof described !== "object") return String(described);
  const parts: string[] = [];
  let current: Record<string, unknown> | undefined = described as Record<string, unknown>;
  while (current) {
    const nested = Array.isArray(current.errors) ? (current.errors as Record<string, unknown>[]) : [];
    const text = [current.message, current.code ? `(${String(current.code)})` : ""].filter(Boolean).join(" ");
    parts.push(text || String(current.name ?? "error"));
    for (const e of nested) parts.push([e.message, e.code ? `(${String(e.code)})` : ""].filter(Boolean).join(" "));
    current = current.cause && typeof current.cause === "object" ? (current.cause as Record<string, unknown>) : undefined;
  }
  return String(redactForLog(parts.filter(Boolean).join(": caused by ")));
}

function traceFields(): Record<string, string> {
  const span = trace.getActiveSpan()?.spanContext();
  return span && span.traceId !== "00000000000000000000000000000000" ? { traceId: span.traceId, spanId: span.spanId } : {};
}

const options: pino.LoggerOptions = {
  level: configuredLevel(),
  base: undefined,
  messageKey: "msg",
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }) },
  mixin: () => ({ ...currentLogContext(), ...traceFields() }),
};
// Warnings and errors on stderr, the rest on stdout, as before pino. Both are synchronous on Linux pipes and files.
const out = pino(options, process.stdout);
const err = pino(options, process.stderr);

function write(level: Level, message: string, fields?: Record<string, unknown>): void {
  const target = level === "error" || level === "warn" ? err : out;
  if (!target.isLevelEnabled(level)) return;
  const safe = fields
    ? (redactForLog({ ...fields, ...("error" in fields ? { error: serialiseError(fields.error) } : {}) }) as Record<
        string,
        unknown
      >)
    : {};
  target[level](safe, String(redactForLog(message)));
}

/**
 * Structured JSON-lines logger (pino); every field passes through redaction (keys, signatures, PANs), and every
 * line carries the request id, the callback delivery id or the job of the work it belongs to (lib/server/log-context).
 */
export const logger = {
  debug: (message: string, fields?: Record<string, unknown>) => write("debug", message, fields),
  info: (message: string, fields?: Record<string, unknown>) => write("info", message, fields),
  warn: (message: string, fields?: Record<string, unknown>) => write("warn", message, fields),
  error: (message: string, fields?: Record<string, unknown>) => write("error", message, fields),
};
export type Logger = typeof logger;
