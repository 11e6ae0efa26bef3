import "server-only";
import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { utcIsoDay } from "@/lib/dates/utc";
import { HEADER_SIGNATURE } from "@/lib/highhelp";
import type { Database } from "@/lib/server/db";
import { describeFailure } from "@/lib/server/db-errors";
import { env } from "@/lib/server/env";
import { logger } from "@/lib/server/logger";

/** How much of a refused body is kept as text. */
export const QUARANTINE_HEAD_BYTES = 2048;

export interface QuarantineCaps {
  /** Rows per minute (a token bucket: bursts up to this many, refilled evenly over a minute). */
  perMinute: number;
  /** Rows per UTC day. */
  perDay: number;
}

/**
 * The in-memory rate cap in front of the quarantine table, per process: a flood beyond it costs no
 * database round trip, only `overflow` grows (logged at most once a minute). Several instances each
 * have their own cap.
 */
export class QuarantineGate {
  private tokens: number;
  private refilledAt: number;
  private day = "";
  private usedToday = 0;
  /** Refusals not written because a cap was reached, since the process started. */
  overflow = 0;
  private overflowLoggedAt = -Infinity;
  private overflowLogged = 0;

  constructor(
    readonly caps: QuarantineCaps,
    private readonly clock: () => number = Date.now,
  ) {
    this.tokens = caps.perMinute;
    this.refilledAt = clock();
  }

  /** True when one more row may be written now (and counts it); false counts an overflow. */
  take(): boolean {
    const now = this.clock();
    const day = utcIsoDay(new Date(now));
    if (day !== this.day) {
      this.day = day;
      this.usedToday = 0;
    }
    this.tokens = Math.min(this.caps.perMinute, this.tokens + ((now - this.refilledAt) / 60_000) * this.caps.perMinute);
    this.refilledAt = now;
    if (this.tokens >= 1 && this.usedToday < this.caps.perDay) {
      this.tokens -= 1;
      this.usedToday += 1;
      return true;
    }
    this.overflow += 1;
    if (now - this.overflowLoggedAt >= 60_000) {
      logger.warn("callback quarantine cap reached: refused deliveries are counted, not stored", {
        overflow: this.overflow,
        sinceLastLog: this.overflow - this.overflowLogged,
        caps: this.caps,
      });
      this.overflowLoggedAt = now;
      this.overflowLogged = this.overflow;
    }
    return false;
  }
}

/** What is known about a refused delivery. */
export interface RefusedDelivery {
  bytes: Uint8Array;
  headers: Headers;
  kind: string | null;
  remoteAddr: string | null;
  reason: string;
  message: string;
}

/** The first bytes of a body as storable text: invalid UTF-8 and NUL become U+FFFD. */
export function bodyHead(bytes: Uint8Array, limit = QUARANTINE_HEAD_BYTES): string {
  // A sequence cut at the limit decodes to U+FFFD too, which is what a truncated head should show.
  return new TextDecoder("utf-8", { fatal: false }).decode(bytes.subarray(0, limit)).replace(/\0/g, "\uFFFD");
}

/**
 * Writes one refused delivery to `callback_quarantine` when the gate allows. Never throws: the
 * refusal's 4xx answer must not depend on this row.
 */
export async function quarantineDelivery(
  db: Database,
  gate: QuarantineGate,
  refused: RefusedDelivery,
  keptHeaders: Record<string, string>,
): Promise<void> {
  if (!gate.take()) return;
  try {
    const sha256 = createHash("sha256").update(refused.bytes).digest("hex");
    await db.execute(sql`
      insert into callback_quarantine (remote_addr, kind, signature_header, headers, body_sha256, body_bytes, body_head, reason, message)
      values (${clean(refused.remoteAddr)}, ${clean(refused.kind)}, ${clean(refused.headers.get(HEADER_SIGNATURE))},
        ${JSON.stringify(keptHeaders)}::jsonb, ${sha256}, ${refused.bytes.byteLength}, ${bodyHead(refused.bytes)},
        ${refused.reason}, ${clean(refused.message.slice(0, 500))})`);
  } catch (error) {
    logger.warn("callback quarantine: row not written", { reason: refused.reason, error: describeFailure(error) });
  }
}

/** Header values are ByteStrings: they may hold NUL (refused by text columns) but nothing worse. */
function clean(value: string | null): string | null {
  return value === null ? null : value.replace(/\0/g, "\uFFFD").toWellFormed();
}

let processGate: QuarantineGate | undefined;

/** This process's gate, with the caps from the environment. */
export function processQuarantineGate(): QuarantineGate {
  processGate ??= new QuarantineGate({ perMinute: env.CALLBACK_QUARANTINE_PER_MINUTE, perDay: env.CALLBACK_QUARANTINE_PER_DAY });
  return processGate;
}
