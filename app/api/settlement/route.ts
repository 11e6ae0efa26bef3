import { allowedProjects } from "@/lib/accounts/register-scope";
import { authorize } from "@/lib/accounts/authorize";
import { CSV_DIALECTS, CSV_BOM, csvDialectFor, csvFileStamp, csvDialectParamError } from "@/lib/csv/dialect";
import { choosePreferences } from "@/lib/i18n/preferences";
import { translateText } from "@/lib/i18n/translate";
import { resolveSettlementView, settlementRows, type SettlementRow } from "@/lib/settlement/queries";
import { settlementCsvHeader, settlementCsvRow } from "@/lib/settlement/csv";
import { parseSettlementParams, SETTLEMENT_MAX_DAYS } from "@/lib/settlement/schemas";
import { getDb } from "@/lib/server/db";
import { AppError, errorResponse } from "@/lib/server/errors";
import { logger } from "@/lib/server/logger";

/**
 * GET /api/settlement?<settlement page parameters>[&dialect=comma|semicolon]: the settlement view as CSV, one line
 * per interval between snapshots, with the page's permission, defaults and register scope. A period the page refuses
 * (reversed, too long) is a 400 with the reason; a register outside the scope reads as unknown (404). The rows are
 * few (one per snapshot), so the file is built whole.
 */
export async function GET(request: Request): Promise<Response> {
  const user = await authorize("settlement:read");
  if (user instanceof AppError) return errorResponse(user);
  const search = new URL(request.url).searchParams;
  const dialectName = search.get("dialect");
  const dialectProblem = csvDialectParamError(dialectName);
  if (dialectProblem) return errorResponse(dialectProblem);
  const { ignored, ...state } = parseSettlementParams(search);
  const { locale, timeZone } = choosePreferences(user, request.headers.get("accept-language"));
  if (ignored.length > 0) {
    const reason = translateText(locale, "settlement.errors.badParams", { params: ignored.join(", ") });
    return errorResponse(
      new AppError("bad_request:validation", reason, Object.fromEntries(ignored.map((name) => [name, [reason]]))),
    );
  }
  const now = new Date();
  let rows: SettlementRow[] = [];
  let view;
  try {
    const db = await getDb();
    view = await resolveSettlementView(db, state, allowedProjects(user), now);
    if (view.unknownRegister) {
      return errorResponse(new AppError("not_found:register", translateText(locale, "settlement.errors.noRegister")));
    }
    if (view.periodProblem) {
      const reason = translateText(locale, view.periodProblem, { days: SETTLEMENT_MAX_DAYS });
      return errorResponse(new AppError("bad_request:period", reason, { from: [reason] }));
    }
    if (view.register && view.currency) {
      rows = await settlementRows(db, { registerId: view.register.id, currency: view.currency, from: view.from, to: view.to });
    }
  } catch (error) {
    logger.error("settlement export failed", { error });
    return errorResponse(new AppError("unavailable:database", "The export could not be started. Try again."));
  }
  const dialect = CSV_DIALECTS[csvDialectFor(locale, dialectName)];
  const context = { register: view.register?.name ?? "", currency: view.currency ?? "" };
  const body =
    CSV_BOM +
    settlementCsvHeader({ dialect, locale, timeZone }) +
    rows.map((row) => settlementCsvRow(row, context, { dialect, locale, timeZone })).join("");
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="settlement-${csvFileStamp(now)}.csv"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
