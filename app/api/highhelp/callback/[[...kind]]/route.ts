import { handleRegisterCallback } from "@/lib/callbacks/receive-callback";
import { getDb } from "@/lib/server/db";
import { AppError, errorResponse } from "@/lib/server/errors";
import { defaultCallbackGateway, gatewayForCallbackToken } from "@/lib/server/gateway";
import { logger } from "@/lib/server/logger";
import { newRequestId, requestIdOf, withLogContext } from "@/lib/server/log-context";

/**
 * HighHelp's alerts (docs/highhelp-protocol.md#alerts). No session: the caller is HighHelp, authenticated by the alert
 * signature. Each cash register has its own URLs, `/r/<callback token>/{intermediate,success,decline}`;
 * `/{intermediate,success,decline}` without a token belong to the default register (the URLs from
 * before registers). The registers come from memory: no database read before the signature check.
 */
export async function POST(request: Request, context: { params: Promise<{ kind?: string[] }> }): Promise<Response> {
  // Every line logged while this delivery is handled names it.
  return withLogContext({ requestId: requestIdOf(request.headers), deliveryId: newRequestId() }, () => receive(request, context));
}

async function receive(request: Request, { params }: { params: Promise<{ kind?: string[] }> }): Promise<Response> {
  const { kind = [] } = await params;
  let db;
  try {
    db = await getDb();
  } catch (error) {
    logger.error("callback: database unavailable", { error });
    return errorResponse(new AppError("unavailable:database", "The delivery could not be stored; retry later."));
  }
  return handleRegisterCallback(
    db,
    { forCallbackToken: gatewayForCallbackToken, forDefaultCallback: defaultCallbackGateway },
    request,
    kind,
  );
}
