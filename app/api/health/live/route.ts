import { livenessResponse } from "@/lib/server/health";

/** The process answers; no database (liveness probes restart on failure, and a database outage is no reason to). */
export function GET(): Response {
  return livenessResponse();
}
