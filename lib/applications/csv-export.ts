import "server-only";
import { zonedDateTimeText } from "@/lib/dates/zoned";
import { maskPan } from "@/lib/highhelp/redact";
import { translateText } from "@/lib/i18n/translate";
import { minorToDecimal } from "@/lib/money/amounts";
import type { ApplicationExportRow } from "./list-queries";
import { stateCode } from "./vocabulary";

/*
 * CSV of a filtered list (RFC 4180: CRLF, quotes doubled). Amounts are exact decimal text in
 * major units next to their currency; card numbers leave masked only; cells a spreadsheet
 * would run as a formula are defused with a leading quote (OWASP "CSV injection"). Headers are in
 * the reader's language, times on the reader's clock (the zone named in the header) with the UTC
 * instant of creation in a column of its own; codes (status, method, product) stay codes, and the status
 * column is never empty: before HighHelp's status, our side's state (lib/applications/vocabulary.ts).
 */

/**
 * Keeps at most the first six and last four digits of a card number, whatever the stored text
 * (the database refuses full PANs too; this is the second lock on the door).
 */
export function maskCardNumber(text: string | null | undefined): string {
  if (!text) return "";
  return text.replace(/\d[\d ]{9,}\d/g, (run) => {
    const digits = run.replace(/ /g, "");
    return digits.length < 11 ? run : maskPan(digits);
  });
}

const FORMULA_START = /^[=+\-@\t\r]/;

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

/** One CSV cell: formula characters defused, quoted when it holds a separator, quote or line break. */
export function csvCell(value: string | number | null | undefined, dialect: CsvDialect = CSV_DIALECTS.comma): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  const needsQuotes = text.includes(dialect.separator) || /["\r\n]/.test(text);
  return needsQuotes ? `"${text.replace(/"/g, '""')}"` : text;
}

const iso = (date: Date | null) => (date ? date.toISOString() : "");

/** The columns in file order; their headers are the messages `csv.columns.<column>`. */
export const CSV_COLUMNS = [
  "id",
  "created_at",
  "created_at_utc",
  "updated_at",
  "payment_id",
  "request_id",
  "type",
  "register",
  "project_id",
  "product",
  "integration",
  "method",
  "widget_method",
  "status",
  "sub_status",
  "status_description",
  "amount",
  "old_amount",
  "initial_amount",
  "currency",
  "customer_id",
  "card_last4",
  "sender_card",
  "receiver_card",
  "expires_at",
] as const;

/** A register's name by project_id (the CSV's register column); empty when unknown. */
export type RegisterNames = ReadonlyMap<string, string>;

export interface CsvOptions {
  registerNames?: RegisterNames;
  dialect?: CsvDialect;
  /** The reader's language (headers) and time zone (times); English and UTC unless given. */
  locale?: string;
  timeZone?: string;
}

/** The header cells in the reader's language; time columns name their zone. */
export function csvHeaderCells(locale = "en", timeZone = "UTC"): string[] {
  return CSV_COLUMNS.map((column) => translateText(locale, `csv.columns.${column}`, { zone: timeZone }));
}

export function csvHeader({ dialect = CSV_DIALECTS.comma, locale, timeZone }: CsvOptions = {}): string {
  return `${csvHeaderCells(locale, timeZone)
    .map((cell) => csvCell(cell, dialect))
    .join(dialect.separator)}\r\n`;
}

export function csvRow(
  row: ApplicationExportRow,
  type: string,
  { registerNames = new Map(), dialect = CSV_DIALECTS.comma, timeZone = "UTC" }: CsvOptions = {},
): string {
  const amount = (minor: number | bigint | string | null) => minorToDecimal(minor, row.currency).replace(".", dialect.decimal);
  const local = (date: Date | null) => (date ? zonedDateTimeText(date, timeZone) : "");
  const cells: Array<string | number | null> = [
    row.id,
    local(row.createdAt),
    iso(row.createdAt),
    local(row.updatedAt),
    row.paymentId,
    row.requestId,
    type,
    registerNames.get(row.projectId) ?? null,
    row.projectId,
    row.product,
    row.integration,
    row.method,
    row.widgetMethod,
    stateCode(row.status, row.submission),
    row.subStatus,
    row.statusDescription,
    amount(row.amount),
    amount(row.oldAmount),
    amount(row.initialAmount),
    row.currency,
    row.customerId,
    row.cardLast4 && /^\d{4}$/.test(row.cardLast4) ? row.cardLast4 : null,
    maskCardNumber(row.senderPanMasked),
    maskCardNumber(row.receiverPanMasked),
    local(row.expiresAt),
  ];
  return `${cells.map((cell) => csvCell(cell, dialect)).join(dialect.separator)}\r\n`;
}

/**
 * A byte stream of the CSV, pulling one batch at a time from `batches` (so a 100 000-row export
 * holds one batch in memory). `first` is the batch the caller already read to surface database
 * errors before answering 200. Starts with a BOM so that spreadsheet programs read UTF-8.
 */
export function csvStream(
  batches: AsyncIterator<ApplicationExportRow[]>,
  type: string,
  first: ApplicationExportRow[] | null,
  onError: (error: unknown) => void = () => {},
  options: CsvOptions = {},
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let pending = first;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (!started) {
          started = true;
          controller.enqueue(encoder.encode(`\ufeff${csvHeader(options)}`));
        }
        const batch = pending ?? (await batches.next().then((r) => (r.done ? null : r.value)));
        pending = null;
        if (batch === null) {
          controller.close();
          return;
        }
        controller.enqueue(encoder.encode(batch.map((row) => csvRow(row, type, options)).join("")));
      } catch (error) {
        onError(error);
        // Abort the response: a truncated file must not look like a complete one.
        controller.error(error);
      }
    },
    async cancel() {
      await batches.return?.(undefined);
    },
  });
}
