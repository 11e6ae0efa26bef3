import "server-only";
import { zonedDateTimeText } from "@/lib/dates/zoned";
import { maskPan } from "@/lib/highhelp/redact";
import { translateText } from "@/lib/i18n/translate";
import { minorToDecimal } from "@/lib/money/amounts";
import { CSV_DIALECTS, csvByteStream, csvCell, type CsvDialect } from "@/lib/csv/dialect";
import type { ApplicationExportRow } from "./list-queries";
import { stateCode } from "./vocabulary";

// The dialect machinery is shared with the audit log's export (lib/csv/dialect.ts).
export { CSV_DIALECTS, csvCell, csvDialectFor, type CsvDialect, type CsvDialectName } from "@/lib/csv/dialect";

/*
 * CSV of a filtered list, in the shared dialect (lib/csv/dialect.ts). Amounts are exact decimal text in
 * major units next to their currency; card numbers leave masked only. Headers are in
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
  return csvByteStream(csvHeader(options), batches, first, (row) => csvRow(row, type, options), onError);
}
