import { CSV_DIALECTS, csvDialectFor, csvStream } from "@/lib/applications/csv-export";
import { parseExportParams } from "@/lib/applications/url-state";
import { exportBatches, type ApplicationExportRow } from "@/lib/applications/list-queries";
import { recordAudit } from "@/lib/audit/commands";
import { authorize } from "@/lib/accounts/authorize";
import { allowedProjects, scopeProjectIds } from "@/lib/accounts/register-scope";
import { choosePreferences } from "@/lib/i18n/preferences";
import { listRegisterChoices } from "@/lib/registers/queries";
import { getDb } from "@/lib/server/db";
import { AppError, errorResponse } from "@/lib/server/errors";
import { logger } from "@/lib/server/logger";
import { requestContext } from "@/lib/server/request-context";

/**
 * GET /api/applications/export?type=payin|payout&<list parameters>[&dialect=comma|semicolon]: the
 * filtered list as CSV, streamed in keyset batches. The same parameters as the list pages (cursor and
 * page size are ignored: the export is the whole filtered list, in the list's order). Headers and times
 * follow the reader's language and zone; the dialect follows the language unless `dialect` names one.
 */
export async function GET(request: Request): Promise<Response> {
  const user = await authorize("applications:export");
  if (user instanceof AppError) return errorResponse(user);
  const search = new URL(request.url).searchParams;
  const { type, params } = parseExportParams(search);
  if (type === null) {
    return errorResponse(
      new AppError("bad_request:type", "Say which list to export.", { type: ["Use type=payin or type=payout."] }),
    );
  }
  const dialectName = search.get("dialect");
  if (dialectName !== null && !(dialectName in CSV_DIALECTS)) {
    return errorResponse(
      new AppError("bad_request:dialect", "Unknown file format.", { dialect: ["Use dialect=comma or dialect=semicolon."] }),
    );
  }
  const now = new Date();
  const { locale, timeZone } = choosePreferences(user, request.headers.get("accept-language"));

  let batches: AsyncGenerator<ApplicationExportRow[]>;
  let first: IteratorResult<ApplicationExportRow[]>;
  let registerNames: Map<string, string>;
  try {
    const db = await getDb();
    await recordAudit(
      db,
      { userId: user.id, email: user.email, ...requestContext(request.headers) },
      {
        action: "applications.export",
        targetType: "system",
        details: { type, filters: Object.fromEntries([...search].filter(([name]) => name !== "type")) },
      },
    );
    const scope = allowedProjects(user);
    registerNames = new Map(
      (await listRegisterChoices(db, { projectIds: scopeProjectIds(scope) })).map((r) => [r.projectId, r.name]),
    );
    batches = exportBatches(db, type, params, scope, 1_000, now);
    // Read the first batch before answering, so that a database failure is a 503, not a broken file.
    first = await batches.next();
  } catch (error) {
    logger.error("export failed", { error });
    return errorResponse(new AppError("unavailable:database", "The export could not be started. Try again."));
  }

  const stamp = now.toISOString().slice(0, 16).replace(/[-:]/g, "").replace("T", "-");
  const stream = csvStream(
    batches,
    type,
    first.done ? [] : first.value,
    (error) => logger.error("export stream failed", { error }),
    { registerNames, dialect: CSV_DIALECTS[csvDialectFor(locale, dialectName)], locale, timeZone },
  );
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${type}s-${stamp}.csv"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
