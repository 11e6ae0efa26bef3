import { authorize } from "@/lib/accounts/authorize";
import { recordAudit } from "@/lib/audit/commands";
import { allowedProjects, scopeProjectIds } from "@/lib/accounts/register-scope";
import { CSV_DIALECTS, csvDialectFor, csvFileStamp, CSV_BOM, csvDialectParamError } from "@/lib/csv/dialect";
import { businessDayOf } from "@/lib/dates/business-day";
import { choosePreferences } from "@/lib/i18n/preferences";
import { listRegisterChoices } from "@/lib/registers/queries";
import { reportCsvHeader, reportCsvLines } from "@/lib/reports/csv";
import { turnover, type TurnoverRow } from "@/lib/reports/queries";
import { MAX_PERIOD_DAYS, parseReportParams, resolveReport } from "@/lib/reports/schemas";
import { getDb } from "@/lib/server/db";
import { AppError, errorResponse } from "@/lib/server/errors";
import { logger } from "@/lib/server/logger";
import { requestContext } from "@/lib/server/request-context";

/**
 * GET /api/reports/turnover?<report page parameters>[&dialect=comma|semicolon]: the turnover report as CSV,
 * every row of it, with the same permission, filters and register scope as the page. Headers follow the
 * reader's language, the dialect the language unless `dialect` names one. The export is audited. A refused parameter or period is
 * a 400 naming it: a file must never hold other figures than the ones asked for.
 */
export async function GET(request: Request): Promise<Response> {
  const user = await authorize("reports:read");
  if (user instanceof AppError) return errorResponse(user);
  const search = new URL(request.url).searchParams;
  const dialectName = search.get("dialect");
  const dialectProblem = csvDialectParamError(dialectName);
  if (dialectProblem) return errorResponse(dialectProblem);
  const { ignored, ...state } = parseReportParams(search);
  if (ignored.length > 0) {
    return errorResponse(
      new AppError(
        "bad_request:filters",
        `These parameters were not understood: ${ignored.join(", ")}.`,
        Object.fromEntries(ignored.map((name) => [name, ["This value is not valid here."]])),
      ),
    );
  }
  const now = new Date();
  const resolved = resolveReport(state, businessDayOf(now));
  if (!resolved.ok) {
    const message =
      resolved.problem === "order"
        ? "The period ends before it starts."
        : `The period is too long: at most ${MAX_PERIOD_DAYS[state.granularity]} days by ${state.granularity}.`;
    return errorResponse(new AppError("bad_request:period", message, { [resolved.field]: [message] }));
  }
  const { locale } = choosePreferences(user, request.headers.get("accept-language"));
  const scope = allowedProjects(user);

  let rows: TurnoverRow[];
  let registerNames: Map<string, string>;
  try {
    const db = await getDb();
    await recordAudit(
      db,
      { userId: user.id, email: user.email, ...requestContext(request.headers) },
      { action: "reports.export", targetType: "system", details: { report: "turnover", filters: Object.fromEntries(search) } },
    );
    const [found, registers] = await Promise.all([
      turnover(db, resolved.query, scope),
      listRegisterChoices(db, { projectIds: scopeProjectIds(scope) }),
    ]);
    rows = found;
    registerNames = new Map(registers.map((r) => [r.projectId, r.name]));
  } catch (error) {
    logger.error("turnover report export failed", { error });
    return errorResponse(new AppError("unavailable:database", "The report could not be read. Try again."));
  }

  const dialect = CSV_DIALECTS[csvDialectFor(locale, dialectName)];
  const body = [CSV_BOM, reportCsvHeader({ dialect, locale }), ...reportCsvLines(rows, { dialect, registerNames })].join("");
  const { from, to, granularity } = resolved.query;
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="turnover-${granularity}-${from}-${to}-${csvFileStamp(now)}.csv"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
