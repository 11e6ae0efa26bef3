/** HighHelp's cash-register endpoints, after api.ts has verified the signature: balance and bank list. */
import type { EndpointName } from "@/lib/highhelp";

import { SANDBOX_BANKS } from "../catalogue";
import { validateProjectOnly } from "../validation";
import { invalid, json, projectMismatch, type Answer, type RouteContext } from "./context";

/** balanceInfo or bankList, with the verified body. */
export function handleService(ctx: RouteContext, projectId: string, endpoint: EndpointName, body: unknown): Answer {
  const kind = endpoint === "balanceInfo" ? "balance" : "banks";
  const v = validateProjectOnly(body, kind);
  if (!v.ok) return invalid(v.errors);
  const mismatch = projectMismatch(v.data.general.project_id, projectId);
  if (mismatch !== null) return mismatch;
  if (kind === "banks") return json(200, { banks: SANDBOX_BANKS });
  const balance = Object.entries(ctx.engine.balances(projectId)).map(([currency, b]) => ({
    currency,
    amount: b.amount,
    locked_amount: b.locked_amount,
  }));
  return json(200, { balance });
}
