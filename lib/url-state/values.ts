import { z } from "zod";

/* Value schemas that several lists' parser maps (and the forms' actions) share. */

/** A row id as a form or a URL sends it: a positive integer that both a bigint column and a JS number hold. */
export const rowIdText = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** A `YYYY-MM-DD` calendar date (UTC) between 2000 and 2100, as list filters take it. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((text) => {
    const [y, m, d] = text.split("-").map(Number) as [number, number, number];
    const date = new Date(Date.UTC(y, m - 1, d));
    return y >= 2000 && y <= 2100 && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  });

/** Free text up to `max` characters, trimmed; it is bound as a query parameter later, never spliced into SQL. */
export const plainText = (max: number) =>
  z
    .string()
    // Control characters never belong in an identifier or an email.
    .transform((text) => text.replace(/[\u0000-\u001f\u007f]/g, "").trim())
    .pipe(z.string().min(1).max(max));
