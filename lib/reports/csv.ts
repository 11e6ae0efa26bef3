import "server-only";
import { CSV_DIALECTS, csvLine, type CsvDialect } from "@/lib/csv/dialect";
import { translateText } from "@/lib/i18n/translate";
import { minorToDecimal } from "@/lib/money/amounts";
import { conversionPercentText } from "./conversion";
import { conversionOfRow, type TurnoverRow } from "./queries";

/*
 * The turnover report as CSV, in the shared dialect (lib/csv/dialect.ts): one line per row of the page's
 * table (period, cash register, type, currency, method, status), amounts as exact decimal text in major
 * units next to their currency, and on each line the conversion of its group (every status of that period,
 * register, type, currency and method) with the two counts it is made of. Codes stay codes; an empty
 * status means HighHelp has not answered yet, an empty method that the application has none.
 */

export const REPORT_CSV_COLUMNS = [
  "period",
  "register",
  "project_id",
  "type",
  "currency",
  "method",
  "status",
  "count",
  "amount",
  "successful",
  "finished",
  "conversion",
] as const;

export interface ReportCsvOptions {
  dialect?: CsvDialect;
  locale?: string;
  registerNames?: ReadonlyMap<string, string>;
}

export function reportCsvHeader({ dialect = CSV_DIALECTS.comma, locale = "en" }: ReportCsvOptions = {}): string {
  return csvLine(
    REPORT_CSV_COLUMNS.map((column) => translateText(locale, `reports.csv.${column}`)),
    dialect,
  );
}

/** The lines of `rows` (header not included). */
export function reportCsvLines(
  rows: readonly TurnoverRow[],
  { dialect = CSV_DIALECTS.comma, registerNames = new Map() }: ReportCsvOptions = {},
): string[] {
  const conversionOf = conversionOfRow(rows);
  return rows.map((row) => {
    const conversion = conversionOf(row);
    return csvLine(
      [
        row.period,
        registerNames.get(row.projectId) ?? null,
        row.projectId,
        row.type,
        row.currency,
        row.method,
        row.status,
        row.count,
        minorToDecimal(row.amount, row.currency).replace(".", dialect.decimal),
        conversion.successful,
        conversion.finished,
        conversionPercentText(conversion, dialect.decimal),
      ],
      dialect,
    );
  });
}
