import { getDatabase } from "@/lib/server/db";
import { logger } from "@/lib/server/logger";

/** 200 when the database answers, 503 when not (load balancers and the e2e web server wait on it). */
export async function GET(): Promise<Response> {
  try {
    const database = await getDatabase();
    await database.ping(2_000);
    return Response.json({ status: "ok", database: database.kind }, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    logger.warn("health check failed", { error });
    return Response.json({ status: "unavailable", database: "unreachable" }, { status: 503, headers: { "cache-control": "no-store" } });
  }
}
