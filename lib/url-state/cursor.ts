import { z } from "zod";
import { param, type SingleParser } from "./url-state";

/*
 * Keyset cursors in URLs: a JSON tuple in URL-safe Base64 (no padding), checked against a schema
 * on the way back in so that an edited or stale cursor reads as "no cursor". Client-safe: uses
 * btoa / TextEncoder rather than Node's Buffer.
 */

export interface CursorCodec<C> {
  /** Opaque, URL-safe text for a keyset position. */
  encode(cursor: C): string;
  /** The position, or null for anything that is not a cursor this codec wrote. */
  decode(text: string): C | null;
}

function toBase64Url(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string, maxLength: number): string | null {
  if (text.length > maxLength || !/^[A-Za-z0-9_-]+$/.test(text)) return null;
  try {
    const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** A codec from the cursor's JSON form (`toJson`) and the schema that reads that JSON back. */
export function createCursorCodec<C>({
  toJson,
  schema,
  maxLength,
}: {
  toJson: (cursor: C) => unknown;
  schema: z.ZodType<C>;
  maxLength: number;
}): CursorCodec<C> {
  return {
    encode: (cursor) => toBase64Url(JSON.stringify(toJson(cursor))),
    decode(text) {
      const json = fromBase64Url(text, maxLength);
      if (json === null) return null;
      let raw: unknown;
      try {
        raw = JSON.parse(json);
      } catch {
        return null;
      }
      const parsed = schema.safeParse(raw);
      return parsed.success ? parsed.data : null;
    },
  };
}

/** A timestamp as exact text (µs, UTC), as keyset cursors carry it: a JavaScript Date would drop the microseconds. */
export const EXACT_TIMESTAMP_TEXT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** A cursor's exact timestamp, read back. */
export const exactTimestamp = z
  .string()
  .regex(EXACT_TIMESTAMP_TEXT)
  .refine((text) => !Number.isNaN(Date.parse(text)));

/** A cursor's row id, read back. */
export const rowId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** A cursor parameter (default: none). */
export function cursorParam<C>(codec: CursorCodec<C>): SingleParser<C | null> {
  const schema = z
    .string()
    .transform((text, ctx) => codec.decode(text) ?? (ctx.addIssue({ code: "custom", message: "bad cursor" }), z.NEVER));
  return param(schema, null as C | null, (cursor) => (cursor === null ? "" : codec.encode(cursor)));
}
