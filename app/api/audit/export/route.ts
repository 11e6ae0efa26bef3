import { allowedProjects } from "@/lib/accounts/register-scope";
import { authorize } from "@/lib/accounts/authorize";
import { recordAudit } from "@/lib/audit/commands";
import { auditCsvHeader, auditCsvRow } from "@/lib/audit/csv-export";
import type { AuditNames } from "@/lib/audit/details";
import { auditExportBatches, auditNames, type AuditRow } from "@/lib/audit/queries";
import { parseAuditParams } from "@/lib/audit/url-state";
import { CSV_DIALECTS, csvByteStream, csvDialectFor, csvFileStamp, csvDialectParamError } from "@/lib/csv/dialect";
import { choosePreferences } from "@/lib/i18n/preferences";
import { getDb } from "@/lib/server/db";
import { AppError, errorResponse } from "@/lib/server/errors";
import { logger } from "@/lib/server/logger";
import { requestContext } from "@/lib/server/request-context";

type Named = { row: AuditRow; names: AuditNames };

/**
 * GET /api/audit/export?<audit page parameters>[&dialect=comma|semicolon]: the filtered audit log as CSV, newest
 * first, streamed in keyset batches; the same permission, filters and register scope as the page (the cursor is
 * ignored: the whole filtered log). Headers and times follow the reader's language and zone, the dialect the
 * language unless `dialect` names one. The export is audited itself.
 */
export async function GET(request: Request): Promise<Response> {
  const user = await authorize("audit:read");
  if (user instanceof AppError) return errorResponse(user);
  const search = new URL(request.url).searchParams;
  const dialectName = search.get("dialect");
  const dialectProblem = csvDialectParamError(dialectName);
  if (dialectProblem) return errorResponse(dialectProblem);
  const { ignored: _ignored, ...params } = parseAuditParams(search);
  const { locale, timeZone } = choosePreferences(user, request.headers.get("accept-language"));
  const now = new Date();

  let batches: AsyncGenerator<Named[]>;
  let first: IteratorResult<Named[]>;
  try {
    const db = await getDb();
    await recordAudit(
      db,
      { userId: user.id, email: user.email, ...requestContext(request.headers) },
      { action: "audit.export", targetType: "system", details: { filters: Object.fromEntries(search) } },
    );
    batches = (async function* () {
      for await (const rows of auditExportBatches(db, params, allowedProjects(user))) {
        const names = await auditNames(db, rows);
        yield rows.map((row) => ({ row, names }));
      }
    })();
    first = await batches.next();
  } catch (error) {
    logger.error("audit export failed", { error });
    return errorResponse(new AppError("unavailable:database", "The export could not be started. Try again."));
  }

  const dialect = CSV_DIALECTS[csvDialectFor(locale, dialectName)];
  const stream = csvByteStream(
    auditCsvHeader({ dialect, locale, timeZone }),
    batches,
    first.done ? [] : first.value,
    ({ row, names }) => auditCsvRow(row, { dialect, timeZone, names }),
    (error) => logger.error("audit export stream failed", { error }),
  );
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="audit-${csvFileStamp(now)}.csv"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
