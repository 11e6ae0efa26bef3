import "server-only";
import { env } from "./env";
import { redactForLog } from "@/lib/highhelp/redact";

type Level = "debug" | "info" | "warn" | "error";
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

function serialiseError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  // Drizzle's query errors quote the parameters (raw callback bodies, signatures): keep only the cause.
  if (error.message.startsWith("Failed query:")) {
    const cause = error.cause instanceof Error ? error.cause.message : "unknown cause";
    return { name: error.name, message: `database query failed: ${cause}` };
  }
  return { name: error.name, message: error.message, stack: env.isProduction ? undefined : error.stack };
}

function write(level: Level, message: string, fields?: Record<string, unknown>): void {
  if (ORDER[level] < ORDER[env.LOG_LEVEL]) return;
  const safe = fields ? (redactForLog({ ...fields, error: serialiseError(fields.error) }) as Record<string, unknown>) : {};
  const line = JSON.stringify({ time: new Date().toISOString(), level, msg: message, ...safe });
  if (level === "error" || level === "warn") console.error(line);
  else console.log(line);
}

/** Structured JSON-lines logger; every field passes through redaction (keys, signatures, PANs). */
export const logger = {
  debug: (message: string, fields?: Record<string, unknown>) => write("debug", message, fields),
  info: (message: string, fields?: Record<string, unknown>) => write("info", message, fields),
  warn: (message: string, fields?: Record<string, unknown>) => write("warn", message, fields),
  error: (message: string, fields?: Record<string, unknown>) => write("error", message, fields),
};
export type Logger = typeof logger;
