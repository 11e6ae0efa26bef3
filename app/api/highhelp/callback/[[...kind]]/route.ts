import { handleCallbackRequest } from "@/lib/callbacks/receive-callback";
import { getDb } from "@/lib/server/db";
import { AppError, errorResponse } from "@/lib/server/errors";
import { getGateway } from "@/lib/server/gateway";
import { logger } from "@/lib/server/logger";

/**
 * HighHelp's alerts (docs/highhelp-protocol.md#alerts). No session: the caller is HighHelp, authenticated by the alert
 * signature. The app puts /intermediate, /success and /decline in the three callback URLs.
 */
export async function POST(request: Request, { params }: { params: Promise<{ kind?: string[] }> }): Promise<Response> {
  const { kind = [] } = await params;
  let db;
  try {
    db = await getDb();
  } catch (error) {
    logger.error("callback: database unavailable", { error });
    return errorResponse(new AppError("unavailable:database", "The delivery could not be stored; retry later."));
  }
  const gateway = getGateway();
  return handleCallbackRequest(
    { db, projectId: gateway.projectId, alertKey: gateway.alertKey, profile: gateway.profile },
    request,
    kind,
  );
}
