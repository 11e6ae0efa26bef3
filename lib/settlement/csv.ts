import "server-only";
import { CSV_DIALECTS, csvLine, type CsvDialect } from "@/lib/csv/dialect";
import { zonedDateTimeText } from "@/lib/dates/zoned";
import { translateText } from "@/lib/i18n/translate";
import { minorToDecimal } from "@/lib/money/amounts";
import type { SettlementRow } from "./queries";

/* The settlement view as CSV, in the exports' shared dialect: one line per interval, amounts in major units. */

export const SETTLEMENT_CSV_COLUMNS = [
  "register",
  "currency",
  "opened_at",
  "closed_at",
  "opened_at_utc",
  "closed_at_utc",
  "opening",
  "closing",
  "movement",
  "payins_count",
  "payins_amount",
  "payouts_count",
  "payouts_amount",
  "applied",
  "difference",
  "matches",
] as const;

export interface SettlementCsvOptions {
  dialect?: CsvDialect;
  locale?: string;
  timeZone?: string;
}

export function settlementCsvHeader({
  dialect = CSV_DIALECTS.comma,
  locale = "en",
  timeZone = "UTC",
}: SettlementCsvOptions = {}): string {
  return csvLine(
    SETTLEMENT_CSV_COLUMNS.map((column) => translateText(locale, `settlement.csv.${column}`, { zone: timeZone })),
    dialect,
  );
}

export function settlementCsvRow(
  row: SettlementRow,
  context: { register: string; currency: string },
  { dialect = CSV_DIALECTS.comma, locale = "en", timeZone = "UTC" }: SettlementCsvOptions = {},
): string {
  const amount = (minor: bigint) => minorToDecimal(minor, context.currency).replace(".", dialect.decimal);
  return csvLine(
    [
      context.register,
      context.currency,
      zonedDateTimeText(new Date(row.openedAt), timeZone),
      zonedDateTimeText(new Date(row.closedAt), timeZone),
      row.openedAt,
      row.closedAt,
      amount(row.opening),
      amount(row.closing),
      amount(row.movement),
      row.payinsCount,
      amount(row.payinsAmount),
      row.payoutsCount,
      amount(row.payoutsAmount),
      amount(row.applied),
      amount(row.difference),
      translateText(locale, row.difference === 0n ? "settlement.csv.yes" : "settlement.csv.no"),
    ],
    dialect,
  );
}
