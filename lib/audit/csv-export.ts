import "server-only";
import { CSV_DIALECTS, csvLine, type CsvDialect } from "@/lib/csv/dialect";
import { zonedDateTimeText } from "@/lib/dates/zoned";
import { translateText } from "@/lib/i18n/translate";
import { minorToDecimal } from "@/lib/money/amounts";
import { auditFields, NO_AUDIT_NAMES, type AuditField, type AuditNames } from "./details";
import type { AuditRow } from "./queries";

/*
 * The audit log as CSV, in the exports' shared dialect (lib/csv/dialect.ts): headers in the reader's language,
 * times on the reader's clock with the UTC instant beside them, targets and people by name, details as
 * `key: value` pairs with amounts in major units next to their currency.
 */

export const AUDIT_CSV_COLUMNS = [
  "id",
  "at",
  "at_utc",
  "actor",
  "actor_name",
  "action",
  "target_type",
  "target",
  "target_id",
  "payment_id",
  "ip",
  "details",
] as const;

export interface AuditCsvOptions {
  dialect?: CsvDialect;
  locale?: string;
  timeZone?: string;
  names?: AuditNames;
}

export function auditCsvHeader({ dialect = CSV_DIALECTS.comma, locale = "en", timeZone = "UTC" }: AuditCsvOptions = {}): string {
  return csvLine(
    AUDIT_CSV_COLUMNS.map((column) => translateText(locale, `audit.csv.${column}`, { zone: timeZone })),
    dialect,
  );
}

function fieldText(field: AuditField, dialect: CsvDialect, names: AuditNames): string {
  switch (field.kind) {
    case "money":
      return `${minorToDecimal(field.minor, field.currency).replace(".", dialect.decimal)} ${field.currency}`;
    case "user": {
      const person = names.users.get(field.userId);
      return person ? `${person.name} <${person.email}>` : `#${field.userId}`;
    }
    case "registers":
      return field.registers
        .map((r) => {
          const known = r.id !== undefined ? names.registersById.get(r.id) : names.registersByProject.get(r.projectId ?? "");
          return known?.name ?? r.name ?? r.projectId ?? `#${r.id}`;
        })
        .join(", ");
    case "delivery":
      return `#${field.deliveryId}`;
    case "text":
      return field.text;
  }
}

/** The name of an entry's target: a user's name, a register's, an application's payment_id. */
export function auditTargetName(row: AuditRow, names: AuditNames): string | null {
  if (row.targetType === "user" && row.targetId && /^\d+$/.test(row.targetId)) {
    return names.users.get(Number(row.targetId))?.name ?? null;
  }
  if (row.targetType === "register" && row.targetId) return names.registersByProject.get(row.targetId)?.name ?? null;
  if (row.targetType === "application") return row.paymentId ?? row.targetId;
  return null;
}

export function auditCsvRow(
  row: AuditRow,
  { dialect = CSV_DIALECTS.comma, timeZone = "UTC", names = NO_AUDIT_NAMES }: AuditCsvOptions = {},
): string {
  const at = new Date(row.at);
  const actorName = row.actorUserId !== null ? (names.users.get(row.actorUserId)?.name ?? null) : null;
  const details = auditFields(row.details)
    .map((field) => `${field.key}: ${fieldText(field, dialect, names)}`)
    .join("; ");
  return csvLine(
    [
      row.id,
      zonedDateTimeText(at, timeZone),
      row.at,
      row.actorEmail,
      actorName,
      row.action,
      row.targetType,
      auditTargetName(row, names),
      row.targetId,
      row.paymentId,
      row.ipAddress,
      details,
    ],
    dialect,
  );
}
