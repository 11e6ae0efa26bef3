import { AppError } from "@/lib/server/errors";

/*
 * The CSV dialect every export shares (RFC 4180: CRLF, quotes doubled; a BOM so that spreadsheet programs read
 * UTF-8): the separator and decimal mark the reader's spreadsheet expects, and cells a spreadsheet would run as a
 * formula defused with a leading quote (OWASP "CSV injection").
 */

const FORMULA_START = /^[=+\-@\t\r]/;

/** The byte-order mark a file starts with. */
export const CSV_BOM = "\ufeff";

/**
 * How the reader's spreadsheet splits a file: Excel set to a Russian (or most continental) locale
 * expects `;` between cells and a decimal comma; an English one `,` and a dot.
 */
export const CSV_DIALECTS = {
  comma: { separator: ",", decimal: "." },
  semicolon: { separator: ";", decimal: "," },
} as const;
export type CsvDialectName = keyof typeof CSV_DIALECTS;
export type CsvDialect = (typeof CSV_DIALECTS)[CsvDialectName];

/** The dialect asked for by name, else the one the locale's spreadsheets expect. */
export function csvDialectFor(locale: string, requested?: string | null): CsvDialectName {
  if (requested === "comma" || requested === "semicolon") return requested;
  const decimal = new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === "decimal")?.value;
  return decimal === "," ? "semicolon" : "comma";
}

/** The exports' refusal of a `dialect` URL parameter (null when absent) they do not take (a 400), or null. */
export function csvDialectParamError(name: string | null): AppError | null {
  return name === null || name in CSV_DIALECTS
    ? null
    : new AppError("bad_request:dialect", "Unknown file format.", { dialect: ["Use dialect=comma or dialect=semicolon."] });
}

/** One CSV cell: formula characters defused, quoted when it holds a separator, quote or line break. */
export function csvCell(value: string | number | null | undefined, dialect: CsvDialect = CSV_DIALECTS.comma): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  const needsQuotes = text.includes(dialect.separator) || /["\r\n]/.test(text);
  return needsQuotes ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One line of cells, CRLF-terminated. */
export function csvLine(cells: readonly (string | number | null | undefined)[], dialect: CsvDialect): string {
  return `${cells.map((cell) => csvCell(cell, dialect)).join(dialect.separator)}\r\n`;
}

/** A file name's time stamp: `20260101-1230` (UTC). */
export function csvFileStamp(now: Date): string {
  return now.toISOString().slice(0, 16).replace(/[-:]/g, "").replace("T", "-");
}

/**
 * A CSV byte stream: the BOM and `header`, then each batch `batches` yields, written by `line`, one batch in memory
 * at a time. `first` is the batch the caller already read, so that a database failure comes before the 200. A
 * failure later aborts the response: a truncated file must not look like a complete one.
 */
export function csvByteStream<R>(
  header: string,
  batches: AsyncIterator<R[]>,
  first: R[] | null,
  line: (row: R) => string,
  onError: (error: unknown) => void = () => {},
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let pending = first;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (!started) {
          started = true;
          controller.enqueue(encoder.encode(`${CSV_BOM}${header}`));
        }
        const batch = pending ?? (await batches.next().then((r) => (r.done ? null : r.value)));
        pending = null;
        if (batch === null) {
          controller.close();
          return;
        }
        controller.enqueue(encoder.encode(batch.map(line).join("")));
      } catch (error) {
        onError(error);
        controller.error(error);
      }
    },
    async cancel() {
      await batches.return?.(undefined);
    },
  });
}
