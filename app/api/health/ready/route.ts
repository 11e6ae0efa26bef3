import { usableAlertKeys } from "@/lib/callbacks/receive-callback";
import { getDatabase } from "@/lib/server/db";
import { listGateways } from "@/lib/server/gateway";
import { readinessResponse } from "@/lib/server/health";

/** 200 when this instance can serve (database, schema, cash registers); 503 with the failing checks. */
export async function GET(): Promise<Response> {
  return readinessResponse({
    database: getDatabase,
    registers: async () => (await listGateways()).map((g) => ({ name: g.name, usableAlertKeys: usableAlertKeys(g).length })),
  });
}
