import { getDb } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { metricsResponse } from "@/lib/server/metrics";

/** Prometheus metrics behind METRICS_TOKEN (a bearer token, not a session): 404 when it is not set. */
export async function GET(request: Request): Promise<Response> {
  return metricsResponse(request, { token: env.METRICS_TOKEN, db: getDb });
}
