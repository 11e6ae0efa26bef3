import { getDatabase } from "@/lib/server/db";
import { AppError, errorResponse } from "@/lib/server/errors";
import { logger } from "@/lib/server/logger";

/** 200 when the database answers, 503 when not (load balancers and the e2e web server wait on it). */
export async function GET(): Promise<Response> {
  try {
    const database = await getDatabase();
    await database.ping(2_000);
    return Response.json({ status: "ok", database: database.kind }, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    logger.warn("health check failed", { error });
    return errorResponse(new AppError("unavailable:database", "The database does not answer."), {
      headers: { "cache-control": "no-store" },
    });
  }
}
